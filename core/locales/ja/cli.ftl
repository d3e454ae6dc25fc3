## cli.ftl — the command line's own messages, help and errors.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## tsunagu fields
cli-unknown-section = 「{ $section }」という項目のまとまりはありません（tsunagu fields で一覧できます）
cli-fields-path = パス
cli-fields-label = 項目
cli-fields-kind = 入力
cli-fields-need = 必須/推奨
cli-need-required = 必須
cli-need-recommended = 推奨
cli-kind-text = 文字
cli-kind-long_text = 長い文章
cli-kind-text_list = 文字（読点区切り）
cli-kind-number = 数字
cli-kind-date = 日付
cli-kind-timestamp = 日時
cli-kind-times = 時刻
cli-kind-choice = 選択
cli-kind-choice_list = 複数選択
cli-kind-yes_no = はい/いいえ
cli-kind-phone = 電話番号

## tsunagu profile fill
fill-intro = 質問に答えてください。空のまま Enter で次へ進みます（今の値はそのまま残ります）。
fill-current = （今: { $value }）
fill-add = { $what }を追加しますか？（はい／いいえ）
fill-required = 必須の項目です。入力してください。
fill-confirm = この値で保存しますか？（はい／いいえ）
fill-not-saved = 保存しませんでした。
fill-added = { $what }を追加しました。
fill-done = 入力を終わりました。
fill-yes = はい
fill-no = いいえ

## Errors and warnings of the command line
cli-error-prefix = エラー
cli-confirm-hint = 値が正しければ --confirm を付けてもう一度実行してください（確認した人と日時が履歴に残ります）。
