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
## What commands say when they succeed (cli/src/*.rs)
cli-edit-added = { $collection }.{ $id } を追加しました
cli-edit-done = { $profile } を変更しました（{ $count } 件の編集、変更 { $change }）
cli-edit-nothing = { $profile }: 変わったところはありません
cli-profile-created = { $profile } を作成しました（新しい変更 { $count } 件）
cli-profile-merged = { $profile } に取り込みました（新しい変更 { $count } 件）
cli-profile-exported = { $profile } を { $path } に書き出しました（{ $bytes } バイト）
cli-profile-compacted = { $profile } を圧縮しました: { $before } バイト → { $after } バイト（{ $chunks } 個のチャンクをまとめました）
cli-col-id = ID
cli-col-name = 名前
cli-col-kana = ふりがな
cli-col-updated = 更新
cli-col-archived = アーカイブ
cli-backup-done = { $count } 件のプロフィールを { $path } にバックアップしました（{ $bytes } バイト）
cli-backup-key = バックアップの鍵: { $key }
cli-backup-key-apart = 鍵はファイルとは別に保管してください。鍵がないとバックアップを開けません
cli-restored = { $count } 件のプロフィールを復元しました
cli-ips-exported = { $profile } の IPS を { $path } に書き出しました（{ $bytes } バイト）
cli-wrote = { $path } に書き出しました（{ $bytes } バイト）
cli-card-wrote = { $path } に書き出しました（{ $bytes } バイト、{ $view }、{ $lang }、{ $size }）
cli-sync-report = { $profile }: 受信 { $pulled } 件、送信 { $pushed } 件、{ $status }
cli-sync-synced = 同期済み
cli-sync-offline = オフライン
cli-sync-failed-one = { $profile }: 失敗しました: { $reason }
cli-sync-review = { $profile }: { $count }（tsunagu review { $profile }）
cli-sync-started = { $profile } を { $relay } で共有しました
cli-sync-joined = { $profile } に{ $access }として参加しました
cli-sync-arrives-later = プロフィールは次の `tsunagu sync` で届きます
cli-sync-none = 共有しているプロフィールはありません
cli-sync-col-profile = プロフィール
cli-sync-col-access = 権限
cli-sync-col-last-sync = 最終同期
cli-sync-col-pending = 未送信
cli-sync-col-last-error = 最後のエラー
cli-sync-col-relay = 中継サーバー

## tsunagu share list|status|revoke
cli-share-none = 共有リンクはありません
cli-share-col-link = リンク
cli-share-col-state = 状態
cli-share-col-expires = 期限
cli-share-col-profile = プロフィール
cli-share-col-content = 内容
cli-share-col-passcode = パスコード
cli-share-col-label = ラベル
cli-share-col-device = 端末
cli-share-col-opened = 閲覧回数
cli-share-state-active = 有効
cli-share-state-expired = 期限切れ
cli-share-state-revoked = 取り消し済み
cli-share-state-locked = ロック中（パスコードの誤りが多すぎます）
cli-share-yes = あり
cli-share-no = なし
cli-share-status-link = リンク { $link }
cli-share-status-state = 状態: { $state }
cli-share-status-opened = 閲覧: { $count } 回
cli-share-status-attempts = パスコードをあと { $count } 回まで間違えられます
cli-share-revoked = { $link } を取り消しました。中継サーバーはもう配信しません
cli-err-share-list-all = share list --all: プロフィールの ID を指定してください
cli-err-share-revoke = share revoke: リンクを指定してください
cli-err-backup-random-key = このバックアップはランダムな鍵で暗号化されています。--key で鍵を指定してください
cli-err-qr-extension = --out { $path }: ファイル名は .png か .svg で終わる必要があります
cli-err-write-stdout = 出力を書き込めません: { $reason }

## Values the command line refuses while reading it (clap value parsers)
cli-value-duration-form = 数字と単位で指定してください: 90m、12h、7d、2w
cli-value-duration-unit = 単位は s、m、h、d、w のいずれかです（90m、12h、7d、2w）
cli-value-duration-range = 5 秒から { $days } 日までです
cli-value-date = 日付を YYYY-MM-DD の形で指定してください
cli-value-whole-number = 整数で指定してください
cli-value-number = 数字で指定してください
cli-value-range = { $min } から { $max } までの値で指定してください

## The command line not understood (clap's parse errors, cli/src/parse_error.rs); exit code 2
cli-parse-unknown-argument = 「{ $arg }」という指定はありません
cli-parse-unknown-command = 「{ $arg }」というコマンドはありません
cli-parse-did-you-mean = 「{ $suggestion }」のことですか？
cli-parse-as-value = 「{ $arg }」を値として渡すには「-- { $arg }」と書いてください
cli-parse-missing-value = { $arg } には値が必要です
cli-parse-invalid-value = 「{ $value }」は { $arg } の値として使えません
cli-parse-possible-values = 使える値: { $values }
cli-parse-invalid-value-reason = 「{ $value }」は { $arg } の値として使えません: { $reason }
cli-parse-missing-required = 必要な指定がありません: { $args }
cli-parse-missing-command = 「{ $command }」にはコマンドが必要です: { $commands }
cli-parse-conflict = { $arg } と { $other } は同時に指定できません
cli-parse-conflict-self = { $arg } は一度しか指定できません
cli-parse-no-equals = { $arg } の値の前には「=」が必要です
cli-parse-too-many-values = { $arg } への余分な値「{ $value }」があります
cli-parse-wrong-number = { $arg } には { $expected } 個の値が必要です（{ $actual } 個でした）
cli-parse-not-utf8 = コマンドラインが UTF-8 の文字列ではありません
cli-parse-other = コマンドラインを読み取れませんでした
cli-parse-usage = 使い方: { $usage }
cli-parse-more = 詳しくは --help を付けて実行してください。

## The core's errors a user of the command line meets (cli/src/error.rs `core_worded`, by class)
cli-core-unknown-profile = ID が { $id } のプロフィールはありません（tsunagu profile list で一覧できます）
cli-core-unknown-path = { $path }: そのような項目や ID はありません（項目は tsunagu fields で一覧できます）
cli-core-newer-store = ストアは新しい版の Tsunagu で書かれています。このアプリを更新してください
cli-core-corrupt-store = ストアが壊れています。バックアップから復元してください（tsunagu restore）
cli-core-not-shared = プロフィール { $id } は共有されていません（tsunagu sync start で共有します）
cli-core-already-shared = プロフィール { $id } はもう共有されています
cli-core-not-member = この端末は共有プロフィールのメンバーではありません（外されたか、参加していません）
cli-core-invalid-relay-url = 中継サーバーのアドレスが正しくありません（https://ホスト[:ポート] の形）
cli-core-invite-rejected = 招待は受け付けられませんでした（不明、使用済み、または期限切れ）。新しい招待をもらってください
cli-core-offline = 中継サーバーにつながりません
cli-core-relay-unavailable = 中継サーバーが使えません（HTTP { $status }）。しばらくしてからもう一度試してください
cli-core-tls = 中継サーバーとの接続が信頼できません（TLS）
cli-core-key-unavailable = この端末にはプロフィールの履歴の一部を開く鍵がありません。オーナーにもう一度招待してもらってください
cli-core-backup-refused = バックアップを開けません。パスフレーズか鍵が違うか、ファイルが変更されています
cli-core-backup-key-mismatch = このバックアップは別の種類の鍵（パスフレーズまたはランダムな鍵）で暗号化されています
cli-core-unknown-share-link = ID が { $id } の共有リンクはありません（tsunagu share list で一覧できます）
cli-core-ambiguous-share-link = { $id } で始まる共有リンクが複数あります。ID をもう少し長く指定してください
cli-core-no-relay = リンクを置く中継サーバーがありません。--relay URL で指定するか、先にプロフィールの同期を始めてください
cli-core-nothing-to-review = { $field } に確認するものはありません（値は一つです）
cli-core-invalid-choice = { $field }: { $count } 個の値から選んでください（tsunagu review で一覧できます）

## 表計算ファイルからの取り込み（h15-import: cli/src/import、docs/import.md、ADR 0015）
## 列の見出し（ひな形の見出し行。変えるとひな形の形式が変わります: golden ファイルで固定）
cli-import-col-name = 氏名
cli-import-col-name-kana = ふりがな
cli-import-col-date-of-birth = 生年月日
cli-import-col-sex = 性別
cli-import-col-address = 住所
cli-import-col-guardian-name = 保護者氏名
cli-import-col-guardian-relation = 保護者の続柄
cli-import-col-guardian-phone = 保護者の電話
cli-import-col-devices = 医療機器
cli-import-col-devices-needing-mains = 電源が必要な機器
cli-import-col-weight-kg = 体重（kg）
cli-import-col-weight-measured-on = 体重の測定日
cli-import-col-allergies = アレルギー
cli-import-col-doctor-name = 主治医
cli-import-col-doctor-hospital = 主治医の医療機関
cli-import-col-doctor-phone = 主治医の電話
cli-import-col-nurse-station = 訪問看護ステーション
cli-import-col-nurse-phone = 訪問看護の電話
cli-import-col-consultant-name = 相談支援専門員
cli-import-col-consultant-phone = 相談支援専門員の電話
## 各列に書くもの（.xlsx のひな形の「説明」シート）
cli-import-sheet-children = こども
cli-import-sheet-help = 説明
cli-import-help-column = 列
cli-import-help-what = 書くもの
cli-import-help-name = こどもの氏名（必須）
cli-import-help-name-kana = 氏名の読み（ひらがな・カタカナ）
cli-import-help-date-of-birth = 生年月日（2019-04-01、2019/4/1、令和1年5月1日 など）
cli-import-help-sex = 女、男、その他
cli-import-help-address = 自宅の住所（名簿の地区の絞り込みは住所の中を探します）
cli-import-help-guardian-name = 連絡する保護者の氏名（続柄・電話を書くときは必須）
cli-import-help-guardian-relation = 続柄（母、父など）
cli-import-help-guardian-phone = 保護者の電話番号（090-1234-5678 など）
cli-import-help-devices = 医療機器の種類を「、」で区切って（人工呼吸器、吸引器、在宅酸素、栄養ポンプ、気管切開カニューレ など。ひな形の「説明」と docs/import.md に一覧）。一つにつき一台
cli-import-help-devices-needing-mains = 医療機器のうち、電源（コンセント）が必要なもの。「、」で区切って
cli-import-help-weight-kg = 体重（kg、数字）。書くときは測定日も
cli-import-help-weight-measured-on = 体重を測った日
cli-import-help-allergies = アレルギーの原因を「、」で区切って。ないことが分かっていれば「なし」
cli-import-help-doctor-name = 主治医の氏名
cli-import-help-doctor-hospital = 主治医の病院・診療所
cli-import-help-doctor-phone = 主治医の電話番号
cli-import-help-nurse-station = 訪問看護ステーションの名前
cli-import-help-nurse-phone = 訪問看護ステーションの電話番号
cli-import-help-consultant-name = 相談支援専門員の氏名
cli-import-help-consultant-phone = 相談支援専門員の電話番号
## 取り込みの結果と問題（セルの値は決して書きません）
cli-import-at-cell = 行 { $row }, 列 { $column } ({ $header }): { $message }
cli-import-at-row = 行 { $row }: { $message }
cli-import-refused = 取り込めません: { $count } 件の問題があります。何も書き込んでいません。直してからもう一度取り込んでください
cli-import-empty = ファイルが空です（1 行目に見出し、2 行目からこども一人につき一行）
cli-import-no-rows = 見出しの下にこどもの行がありません
cli-import-unknown-column = 知らない列です（見出しは docs/import.md かひな形のとおりに。不要な列は消してください）
cli-import-column-twice = 同じ列が二度あります
cli-import-no-name-column = 「氏名」の列がありません
cli-import-required = 必須です
cli-import-guardian-name-needed = 続柄や電話を書くときは保護者の氏名も書いてください
cli-import-mains-not-listed = 「医療機器」の列にない機器です
cli-import-duplicate-in-store = 同じ名前と生年月日のこどもがもういます（ID { $profile }）。別のこどもなら --allow-duplicates を付けて取り込みます
cli-import-duplicate-in-sheet = 行 { $row } と同じ名前と生年月日です
cli-import-unusual-hint = 合っていれば、取り込んだあとに画面から入力して確認してください
cli-import-rule-future = 未来の日付は入力できません
cli-import-rule-weight-date = 体重には測定日が、測定日には体重が必要です
cli-import-rule-other = 規則に合いません（{ $rule }）
cli-import-not-a-sheet = CSV（UTF-8）でも .xlsx でもないファイルです
cli-import-bad-csv = CSV として読めません（閉じていない「"」がないか確かめてください）
cli-import-bad-workbook = .xlsx のブックとして読めません
cli-import-no-file = 取り込むファイルを指定してください（tsunagu import FILE、ひな形は tsunagu import template --out FILE）
cli-import-template-extension = ひな形のファイル名は .xlsx か .csv で終えてください
cli-import-template-written = ひな形を { $path } に書き出しました
cli-import-dry-run = { $count } 人すべて取り込めます（--dry-run: 何も書き込んでいません）
cli-import-done = { $count } 人を取り込みました
