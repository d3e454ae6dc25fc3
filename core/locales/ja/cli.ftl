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

## Errors of the command line's own checks (cli/src/error.rs `CliError::worded`)
cli-err-by-required = --by: 確認した人の名前が必要です
cli-err-role-unknown = --role: 役割が不明です（coordinator, doctor, nurse, parent, other）
cli-err-set-no-equals = --set: PATH=VALUE の形で指定してください（'=' がありません）
cli-err-set-empty-path = --set: '=' の前の PATH が空です
cli-err-add-no-equals = --add: COLLECTION=JSON の形で指定してください（'=' がありません）
cli-err-add-not-object = --add { $collection }: 追加する項目は JSON オブジェクトにしてください
cli-err-not-collection = --add { $collection }: 追加できる一覧ではありません（tsunagu fields で一覧できます）
cli-err-move-before = --move: ':before=' の後に ID が必要です
cli-err-entity-path = { $flag }: COLLECTION.ID の形で指定してください
cli-err-not-utf8 = { $path } は UTF-8 のテキストではありません
cli-err-no-passphrase = --passphrase-file FILE（標準入力なら -）を指定するか、{ $variable } を設定するか、ランダムな鍵を使ってください
cli-err-key-qr-extension = --key-qr { $path }: ファイル名は .png か .svg で終わる必要があります
cli-err-html-extension = --out { $path }: ファイル名は .html で終わる必要があります
cli-err-not-json = { $path } は正しい JSON ではありません（{ $line } 行目、{ $column } 文字目）
cli-err-read-file = { $path } を読めません：{ $reason }
cli-err-write-file = { $path } に書き込めません：{ $reason }
cli-err-keep-from-one = --keep は 1 から数えます
cli-err-as-of-date = --as-of: 日付は YYYY-MM-DD の形で指定してください
cli-err-author-empty = --as: 記録者の名前が空です
cli-err-no-data-dir = このシステムにはデータディレクトリがありません：--data-dir DIR を指定してください
cli-err-one-lang = --lang ja+en は `card` と `qr` 用です。`{ $command }` は一つの言語（ja か en）で表示します
cli-err-members-profile = members: プロフィール ID を指定してください
cli-err-members-device = DEVICE は端末 ID ではありません（tsunagu members PROFILE で一覧できます）
cli-err-sync-failed = { $count } 件のプロフィールを同期できませんでした
cli-err-listen = { $addr } で待ち受けできません：{ $reason }
