## review.ftl — concurrent values surfaced for review (core/src/document/review.rs).
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
history-resolved = { $field } の食い違う値から 1 つを選びました
review-values-differ = 値が食い違っています — 確認してください
review-none = 確認が必要な項目はありません
review-count = 確認が必要な項目: { $count } 件
review-value-shown = 表示中
review-written-by = { $author }（{ $at }）
review-resolved = { $field } を確認し、選んだ値にそろえました

## Marks in the views, the card and the QR on what is uncertain (core/src/views/marks.rs).
view-mark-value = { $value }（{ $who }）
view-mark-unverified = 未確認 — 警告を承知で保存された値です
view-mark-unverified-by = { $by }が{ $date }に保存。ほかの人が確認するまで表示します
view-mark-unverified-by-undated = { $by }が保存。ほかの人が確認するまで表示します
card-mark = { $message }：{ $field } — { $detail }
card-mark-short = { $message }：{ $values }
qr-check = ！要確認
qr-check-values-differ = { $field } 値が食い違い（{ $values }）
qr-check-unverified = { $field } 未確認
history-value-verified = { $field } の警告を承知で保存された値を確認しました
review-history-item = ≠ { $field }：値が食い違っています（{ $since } から）— { $values }
review-unverified = ? { $field }（{ $path }）：未確認 — 警告を承知で保存された値です（{ $by }）
review-verified = { $field } の値を確認しました
view-section-check = ほかに確認が必要な項目
view-mark-elsewhere = この表示には出ていない項目です。家族に確認するか、プロフィール全体を見てください
