## review.ftl — concurrent values surfaced for review (core/src/document/review.rs).
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
history-resolved = { $field } の食い違う値から 1 つを選びました
review-values-differ = 値が食い違っています — 確認してください
review-none = 確認が必要な項目はありません
review-count = 確認が必要な項目: { $count } 件
review-value-shown = 表示中
review-written-by = { $author }（{ $at }）
review-resolved = { $field } を確認し、選んだ値にそろえました
