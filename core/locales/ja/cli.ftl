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

## プロフィールの選択・アーカイブ・削除（issue 15）
cli-err-ambiguous-profile = { $count } 件のプロフィールが当てはまります：ID か名前をもう少し詳しく指定してください（候補を下に示します）
cli-err-no-profile-match = 当てはまるプロフィールがありません：`tsunagu profile list` で一覧できます（アーカイブ済みは --archived）
cli-profile-archived = アーカイブ済み
cli-profile-archived-done = { $profile } をこの端末でアーカイブしました：`profile list` と `roster` に表示されません（--archived で表示）。ほかのメンバーには何も変わりません
cli-profile-already-archived = { $profile } はすでにアーカイブ済みです
cli-profile-unarchived-done = { $profile } を一覧に戻しました
cli-profile-not-archived = { $profile } はアーカイブされていません
cli-profile-delete-warning = この端末にある { $profile } のコピーを削除しますか？ 変更履歴も消えます。バックアップ（tsunagu backup）があれば戻せます。
cli-profile-delete-shared = このプロフィールは共有されています：ほかのメンバーのコピーはそのまま残り、この端末は同期をやめます。
cli-profile-delete-confirm = 削除しますか？（y/N）
cli-err-delete-not-confirmed = 削除しませんでした（削除するには y と答えるか --yes を付けてください）
cli-err-delete-live-links = { $profile } には有効な共有リンクが { $count } 件あります：先に取り消してください（tsunagu share list { $profile }、tsunagu share revoke LINK）。取り消さないと期限まで使えます
cli-profile-deleted = この端末の { $profile } のコピーを削除しました
cli-profile-deleted-shared = ほかのメンバーには引き続きプロフィールがあります。もう一度参加するには、所有者に新しい招待を頼んでください。

## 読み取り専用・破損したストア
cli-note-read-only-store = ここではストアに書き込めません（読み取り専用のメディア？）：閲覧用に読み取り専用で開きました。編集はできません
cli-err-read-only-store = ストアは読み取り専用で開いています（ここには書き込めません）：何も変更していません。編集するには、データディレクトリを書き込める場所にコピーして --data-dir で指定してください
cli-err-corrupt-store = ストアのファイルが壊れているか、つなぐのストアではありません
cli-hint-restore = 最新のバックアップを新しいデータディレクトリに復元してください：tsunagu restore FILE --data-dir NEW_DIR（破損したファイルは残してください。何も削除されません）

## tsunagu roster と plan-export
cli-err-roster-filter = --filter: { $rule }
cli-err-xlsx-needs-out = --format xlsx はファイルに書き出します：--out FILE.xlsx を指定してください
cli-err-attention-format = --needs-attention は表か CSV で出力します（--format table|csv）
cli-roster-written = { $count } 行を { $path } に書き出しました
roster-sheet-name = 名簿
cli-err-plan-all-out = --all はプロフィールごとに一つのファイルを書き出します：--out DIR を指定してください
cli-plan-all-written = { $count } 件のプロフィールの計画を { $path } に書き出しました
