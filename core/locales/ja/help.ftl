## help.ftl — `tsunagu --help`: every command's about and every argument's help, keyed by
## command path (cli/src/help.rs). Joined after review.ftl (core/src/i18n/mod.rs).

## Headings and clap's own help subcommand
help-cmd-help = このヘルプ、または指定したサブコマンドのヘルプを表示
help-heading-usage = 使い方
help-heading-commands = コマンド
help-heading-arguments = 引数
help-heading-options = オプション

## tsunagu
help-tsunagu = つなぐ：医療的ケア児のための、家族が持つケアプロフィール

## Options every command takes
help-arg-data-dir = ストアファイル `tsunagu.sqlite3` を置くディレクトリ（なければ作成。TSUNAGU_DATA_DIR でも指定可）[既定: OS のデータディレクトリ + `/tsunagu`]
help-arg-json = テキストの代わりに機械可読な JSON を出力
help-arg-author = 編集の記録者として残す表示名（TSUNAGU_AUTHOR でも指定可）[既定: このプロフィールでのこの端末の名前（`device set-name`）]
help-arg-lang = メッセージ・項目名・変更履歴の言語（ja, en。`ja+en` は日英併記で `card` と `qr` 用）[既定: TSUNAGU_LANG、次に LANG（`en…` なら英語）、それ以外は ja]
help-arg-help = ヘルプを表示
help-arg-version = バージョンを表示

## tsunagu profile
help-profile = プロフィールの作成・一覧・表示・書き出し・取り込み・圧縮

## tsunagu profile new
help-profile-new = プロフィールを作成して ID を表示（空、プロフィール JSON ファイルから、または架空のサンプルのこども）
help-profile-new--from = JSON 形式のプロフィール（`tsunagu schema` が示す形）
help-profile-new--sample = 架空のデモのこども（山田 さくら）。カード・QR・備えのコマンドを試すために

## tsunagu profile list
help-profile-list = ストアにあるプロフィールの一覧（アーカイブ済みは --archived のときだけ）
help-profile-list--archived = アーカイブ済みのプロフィールも表示

## tsunagu profile show
help-profile-show = プロフィールをセクションごとに表示（`--json`: プロフィール全体を JSON で）
help-profile-show--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）

## tsunagu profile export
help-profile-export = プロフィールを書き出しファイルに保存（バックアップ、または別の端末に渡すため）
help-profile-export--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-profile-export--out = 書き出すファイル

## tsunagu profile import
help-profile-import = 書き出しファイルを取り込む：プロフィールを作成、またはここにあるものに統合
help-profile-import--file = 書き出しファイル

## tsunagu profile compact
help-profile-compact = プロフィールの保存済みの変更を一つのスナップショットにまとめる
help-profile-compact--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）

## tsunagu profile fill
help-profile-fill = 質問に答えてプロフィールを入力（あなたの言語で。全角数字、令和の日付、選択肢は表示名で入力できます）
help-profile-fill--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-profile-fill--sections = このセクションだけを、この順に（繰り返し指定可）[既定: すべてのセクション]
help-profile-fill--all = 必須・推奨の項目だけでなく、すべての項目を尋ねる

## tsunagu edit
help-edit = プロフィールを変更：--set、--patch、--add、--remove、--move（一つの変更としてまとめて適用）
help-edit--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-edit--set = 項目を設定：VALUE は JSON として読めれば JSON（92、true、null、"text"、{"{"}"a":1{"}"}）、そうでなければ文字列。繰り返し指定可
help-edit--patch = プロフィール全体に RFC 7396 の JSON マージパッチを適用
help-edit--add = コレクションに項目（JSON オブジェクト）を新しい ID で追加し、その ID を表示。繰り返し指定可
help-edit--remove = 項目を削除。繰り返し指定可
help-edit--moves = 項目を別の項目の前、または最後に移動。繰り返し指定可
help-edit--confirm = このこどもとしては珍しい値（確認が必要な警告）を、確認したうえで保存する。確認した人と日時は変更とともに残ります

## tsunagu verify
help-verify = プロフィールのセクションを、誰がいつ確認したかを記録
help-verify--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-verify--section = 確認したセクション（child, diagnoses, avoid, devices, routines, medications, allergies, contacts, care_team, power_registration, baseline, emergency_actions, evacuation, power_sources, stock, consents, wishes）
help-verify--by = 確認した人（表示名）
help-verify--role = その人の役割（coordinator: コーディネーター, doctor: 医師, nurse: 看護師, parent: 保護者, other: その他）
help-verify--on = 確認した日、YYYY-MM-DD [既定: 今日]
help-verify--withdraw = 代わりにセクションの確認済みの印を取り消す

## tsunagu history
help-history = プロフィールの変更履歴、または項目を最後に変更した人を表示
help-history--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-history--field = 代わりにこの項目を最後に変更した人を表示（ドット区切りのパス、例 `baseline.spo2_low`）
help-history--limit = 表示する変更の最大数

## tsunagu review
help-review = 同時の編集で値が食い違った項目。`--resolve PATH --keep N` で一つを残す
help-review--profile = プロフィール ID（省略するとストアのすべてのプロフィール）
help-review--resolve = この項目パス（一覧のとおり）の食い違いを解決する
help-review--keep = 残す値の番号 N（一覧のとおり、1 から）

## tsunagu schema
help-schema = プロフィールの JSON Schema を表示

## tsunagu fields
help-fields = プロフィールの項目の一覧：パス（`edit --set` 用）、項目名、入力の種類、必須
help-fields--section = このセクションだけ（`child`、`devices`、`medications`…）

## tsunagu demo
help-demo = 二台の端末と一人のこども、ループバックのリレー経由で：共有、参加、オフライン編集、同期、比較
help-demo--dir = 二台の端末のストアとリレーのデータベースを DIR に残す [既定: 一時ディレクトリ（終了後に削除）]

## tsunagu share
help-share = SMART Health Links：`share create|list|status|revoke`（読み取り専用で期限付きのカードへのリンク）

## tsunagu share create
help-share-create = プロフィールのカード（または IPS、FHIR JSON ファイル）へのリンクを作成して表示
help-share-create--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-share-create--view = リンクで見せるカードの相手（shelter: 避難所, ems: 救急隊, caregiver: 支援者）[既定: caregiver]
help-share-create--ips = カードの代わりに、プロフィールの FHIR R4 国際患者サマリー（`export-ips` が書くもの）を共有
help-share-create--fhir-file = カードの代わりに、この FHIR JSON ファイルを共有
help-share-create--expires = リンクの有効期間：秒・分・時間・日・週（`90m`、`12h`、`7d`、`2w`）[既定: 7d]
help-share-create--passcode-file = 受け取る人が入力するパスコードを書いたファイル（1 行目。4〜256 文字）
help-share-create--max-attempts = リンクの有効期間中に許す、パスコードの間違いの回数 [既定: 10]
help-share-create--label = リンクを開く前に表示される短いラベル（80 文字まで。リンクに含まれます）
help-share-create--relay = リンクを置くリレー [既定: プロフィールの同期に使っているリレー]
help-share-create--size = カードの用紙（a4: A4, wallet: 財布サイズ）[既定: a4]
help-share-create--today = カードの日付と、情報の新しさを判断する日 [既定: 今日]
help-share-create--qr = リンクを QR コードとしても書き出す（見せる・印刷するため）：FILE.png または FILE.svg

## tsunagu share list
help-share-list = この端末が作ったリンクの一覧（通信なし）。--all では、同期しているプロフィールからどの端末が作ったリンクもすべて（所有者はすべて見られます。リレーに問い合わせます）
help-share-list--profile = このプロフィールのリンクだけ

## tsunagu share status
help-share-status = リレーから見たリンクの状態：閲覧数、パスコードの残り回数、取り消し
help-share-status--link = リンクの ID（先頭の数文字、またはリンクそのものでも可）

## tsunagu share revoke
help-share-revoke = リンクを取り消す：リレーは配信をやめ、ファイルを削除します
help-share-revoke--link = リンクの ID（先頭の数文字、またはリンクそのものでも可）

## tsunagu invite
help-invite = 共有しているプロフィールに別の端末を招待：招待リンクを表示
help-invite--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-invite--role = 招待する端末の役割（editor: 編集者, viewer: 閲覧者）
help-invite--expires-hours = 招待の有効期限までの時間（時間単位）[既定: 72]
help-invite--qr = リンクを QR コードとしても書き出す（相手の端末で読み取るため）：FILE.png または FILE.svg

## tsunagu join
help-join = 招待リンクで共有プロフィールに参加
help-join--link = 招待リンク（`&` と `#` を含むので引用符で囲んでください）

## tsunagu sync
help-sync = 共有プロフィールを一つ、またはすべて同期（オフラインは失敗ではありません）。`sync start PROFILE --relay URL` でこの端末を所有者として同期を始める
help-sync--profile = プロフィール ID [既定: 共有しているすべてのプロフィール]
help-sync--status = 同期の状況だけを表示（最後の成功、未送信の変更、最後のエラー）。通信なし

## tsunagu sync start
help-sync-start = この端末を所有者として、リレー経由でプロフィールの同期を始める
help-sync-start--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-sync-start--relay = リレーのベース URL（`https://relay.example` や `http://127.0.0.1:8080`）

## tsunagu members
help-members = 共有プロフィールのメンバーの一覧、または削除（`members remove PROFILE DEVICE`）
help-members--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）

## tsunagu members remove
help-members-remove = 端末を外す（所有者のみ）：その端末を無効にし、プロフィールの鍵を更新
help-members-remove--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-members-remove--device = `tsunagu members PROFILE` が表示する端末 ID

## tsunagu readiness
help-readiness = プロフィールの災害への備え：電源の持続時間、酸素、物品、行動、チェックリスト
help-readiness--all = アーカイブしていないすべてのプロフィールを順に
help-readiness--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）

## tsunagu roster
help-roster = ストアのこども一人につき一行、コーディネーター向け：絞り込み・並べ替え、CSV や Excel への書き出し（アーカイブ済みは除く）
help-roster--format = 出力形式（table: 表, csv: CSV, xlsx: Excel ブック。--out に書き出し）[既定: table]
help-roster--out = 端末ではなくこのファイルに書き出す（xlsx では必須）
help-roster--filter = EXPR に当てはまるこどもだけ（複数指定可、すべてに当てはまるもの）：life-sustaining[=種類]（生命維持装置）、power-dependent（電源依存）、runway<時間（電源の持ち時間がそれ未満）、district=文字（住所に含む）、destination=文字（避難先）、missing（不足あり）
help-roster--sort = 並べ順（runway: 持ち時間の短い順, name: かな順, age: 年齢, missing: 不足の多い順, plan-date: 計画日の古い順, drill: 訓練日の古い順, updated: 更新の古い順, destination: 避難先）[既定: runway]
help-roster--reverse = 逆順にする
help-roster--wide = 表にすべての列を出す（CSV と Excel ブックには常にすべての列があります）
help-roster--archived = アーカイブ済みのプロフィールも含める
help-roster--as-of = 訓練の日付をこの日（YYYY-MM-DD）の時点で判断 [既定: 今日]

## tsunagu view
help-view = 相手に合わせたプロフィールの表示：`--audience shelter|ems|caregiver`
help-view--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-view--audience = 表示の相手（shelter: 避難所, ems: 救急隊, caregiver: 支援者）
help-view--today = 情報の新しさ（古い体重、チューブ交換、訓練）を判断する日 [既定: 今日]

## tsunagu qr
help-qr = 避難所用 QR コード（`--out FILE.png|FILE.svg`）。そのテキストの要約を表示
help-qr--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-qr--out = 書き出すファイル：`.png` または `.svg`
help-qr--bilingual = 日本語と英語を併記：`--lang ja+en` と同じ
help-qr--today = 要約の日付と、年齢を数える日 [既定: 今日]

## tsunagu card
help-card = 印刷用カード：相手に合わせた表示を一つの HTML ファイルで、A4 または財布サイズ
help-card--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-card--view = カードで見せる相手（shelter: 避難所, ems: 救急隊, caregiver: 支援者）[既定: shelter]
help-card--size = 印刷する用紙（a4: A4, wallet: 財布サイズ）[既定: a4]
help-card--out = 書き出す HTML ファイル
help-card--today = カードの日付と、情報の新しさを判断する日 [既定: 今日]

## tsunagu plan export
help-plan-export = 市町村向けの個別避難計画：法定項目、名簿の項目、同意（CSV または HTML）
help-plan-export--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-plan-export--format = 出力形式（csv: CSV, html: HTML）[既定: html]
help-plan-export--out = 書き出すファイル（--all のときはディレクトリ）[既定: 標準出力]
help-plan-export--all = アーカイブしていないすべてのプロフィールを、--out のディレクトリに一件ずつ（PROFILE-ID.html または .csv）
help-plan-export--as-of = 訓練日の判断と書き出しの日付に使う日 [既定: 今日]

## tsunagu export ips
help-export-ips = プロフィールを FHIR R4 国際患者サマリー（IPS）として書き出す（`--out FILE.json`）
help-export-ips--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-export-ips--out = 書き出す JSON ファイル
help-export-ips--at = 文書の日時、RFC 3339（`2026-12-01T09:00:00Z`）[既定: 現在]

## tsunagu backup
help-backup = ストア全体、または一つのプロフィールの暗号化バックアップ（パスフレーズまたはランダムな鍵）
help-backup--profile = このプロフィールだけ [既定: ストアのすべてのプロフィール]
help-backup--out = 書き出すバックアップファイル
help-backup--passphrase-file = パスフレーズをこのファイルの 1 行目から読む（`-`: 標準入力）
help-backup--random-key = パスフレーズの代わりに新しいランダムな鍵で暗号化し、その鍵を表示
help-backup--key-qr = --random-key と一緒に：鍵を QR コードとしても書き出す（`.png` または `.svg`）

## tsunagu restore
help-restore = 暗号化バックアップを復元：ないプロフィールは作成、あるものには統合
help-restore--file = バックアップファイル
help-restore--passphrase-file = パスフレーズをこのファイルの 1 行目から読む（`-`: 標準入力）
help-restore--key = バックアップ作成時に表示されたランダムな鍵（`tsk1-…`）

## tsunagu relay
help-relay = 同期用リレーを動かす

## tsunagu relay serve
help-relay-serve = ADDR でリレーを動かし、データベースを FILE（または PostgreSQL の URL）に置く
help-relay-serve--listen = 待ち受けるアドレス（host:port。ポート 0 なら空いているポート）[既定: 127.0.0.1:8080]
help-relay-serve--db = リレーの SQLite データベース（なければ作成）、または複数のリレーで共有できる PostgreSQL の URL（postgres://…）
help-relay-serve--public-url = 共有リンクのファイルの場所に使う公開ベース URL（https://relay.example）。TLS プロキシの後ろでは必要（TSUNAGU_RELAY_PUBLIC_URL でも指定可）
help-relay-serve--db-pool = リレーが同時に持つデータベース接続の上限：PostgreSQL ではプールの大きさ、SQLite では書き込み 1 本と読み取り N-1 本（最大 4）[既定: 16]
help-relay-serve--rate = 端末ごとの 1 秒あたりの平均リクエスト数 [既定: 20]
help-relay-serve--burst = 端末ごとに一度に送れるリクエスト数 [既定: 100]
help-relay-serve--max-body = リクエスト本文の最大バイト数 [既定: 1048576]
help-relay-serve--max-connections = 同時に開ける接続数。超えた接続は受け付け時に閉じる [既定: 1024]
help-relay-serve--idle-timeout = 使われていない接続を閉じるまでの秒数 [既定: 10]
help-relay-serve--metrics-addr = Prometheus のメトリクスを http://ADDR/metrics で出す（host:port。外部に公開しないこと）。指定しなければ出さない（TSUNAGU_RELAY_METRICS_ADDR でも指定可）
help-relay-serve--max-hashing = 同時に計算するパスコードのハッシュ数（既定は CPU 数）。超えると 503
help-relay-serve--shl-burst-per-ip = 1 つのクライアントアドレスが /shl/* に一度に送れるリクエスト数（1 秒に 1 回復）
help-relay-serve--shl-burst-per-link = 1 つのリンクが一度に受けられるマニフェストのリクエスト数（2 秒に 1 回復）
help-relay-serve--trusted-proxy = X-Forwarded-For でクライアントのアドレスを伝えてよいプロキシ（10.0.0.0/24 のようなネットワーク、または 1 つのアドレス。繰り返すかカンマで区切る）。/shl/* のアドレスごとの制限に使う。指定しなければこのヘッダーは無視する（TSUNAGU_RELAY_TRUSTED_PROXY でも指定可）

help-device = プロフィールの中のこの端末：ほかのメンバーに見える表示名と役割（暗号化された文書の中だけに入ります）
help-device-set-name = この端末の表示名と役割を決める（母、父、訪問看護師、コーディネーターなど、自由な文字も可）。以後の編集はこの名前で記録されます
help-device-set-name--profile = プロフィール ID（または一意な先頭部分）
help-device-set-name--name = 表示名（40 文字まで）
help-device-set-name--role = 役割：母、父、訪問看護師、コーディネーター、医師、支援者、または自由な文字
help-profile-new--name = 新しいプロフィールでのこの端末の表示名（`tsunagu device set-name` と同じ）
help-profile-new--role = 新しいプロフィールでのこの端末の役割（母、父、訪問看護師など、自由な文字も可）
help-join--name = 参加するプロフィールでのこの端末の表示名（`tsunagu device set-name` と同じ）
help-join--role = 参加するプロフィールでのこの端末の役割（母、父、訪問看護師など、自由な文字も可）
help-review--verify = 注意を確認して保存された値（この項目パス）を、保存した人とは別の人として確かめる

help-share-list--all = PROFILE から作られたすべてのリンク（どの端末が作ったものも、リレーの一覧のとおり）
help-share-revoke--profile = リンクの元になった同期済みプロフィール（プロフィールを通して取り消す：所有者はどの端末のリンクも取り消せます）
help-share-revoke--device = この端末（`tsunagu members` が表示する ID）が --profile から作った有効なリンクをすべて取り消す
help-members-remove--revoke-links = 外す端末がこのプロフィールから作った共有リンクもすべて取り消す（付けないと、まだ有効な件数を表示します）

## tsunagu profile archive / unarchive / delete
help-profile-archive = この端末でプロフィールをアーカイブ：`profile list` と `roster` に表示しない（--archived で表示）。ほかのメンバーには何も変わりません
help-profile-archive--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-profile-unarchive = アーカイブしたプロフィールを一覧に戻す
help-profile-unarchive--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-profile-delete = 確認のうえ、この端末にあるプロフィールのコピーを削除。共有中のプロフィールはほかのメンバーの手元に残ります
help-profile-delete--profile = プロフィール ID（ID の先頭の数文字、またはこどもの名前・かなでも可）
help-profile-delete--yes = 確認せずに削除

## 各コマンドのヘルプの下に示す例（cli/src/help.rs `example_id`）
help-heading-examples = 例
example-tsunagu =
    tsunagu profile new --sample --device-name 母
    tsunagu profile list
example-profile =
    tsunagu profile list --archived
example-profile-new =
    tsunagu profile new --sample --device-name 母 --device-role 母
example-profile-list =
    tsunagu profile list --archived --json
example-profile-show =
    tsunagu profile show やまだ
    tsunagu profile show p-4f2a
example-profile-export =
    tsunagu profile export やまだ --out sakura.tsunagu
example-profile-import =
    tsunagu profile import sakura.tsunagu
example-profile-compact =
    tsunagu profile compact やまだ
example-profile-fill =
    tsunagu profile fill やまだ --section devices
example-profile-archive =
    tsunagu profile archive p-4f2a
example-profile-unarchive =
    tsunagu profile unarchive p-4f2a
example-profile-delete =
    tsunagu profile delete p-4f2a
    tsunagu profile delete p-4f2a --yes
example-edit =
    tsunagu edit やまだ --set child.weight.value=14.2
example-verify =
    tsunagu verify やまだ devices --by 佐藤医師 --role doctor
example-history =
    tsunagu history やまだ --limit 10
    tsunagu history やまだ --field child.weight
example-review =
    tsunagu review
    tsunagu review やまだ --resolve devices.dev-vent.settings.ventilator.peep --keep 2
    tsunagu --as 父 review やまだ --verify devices.dev-vent.settings.ventilator.fio2
example-schema =
    tsunagu schema > profile.schema.json
example-fields =
    tsunagu fields --section devices
example-demo =
    tsunagu demo --dir demo-out
example-share =
    tsunagu share list
example-share-create =
    tsunagu share create やまだ --view shelter --expires 7d --qr link.png
example-share-list =
    tsunagu share list やまだ
example-share-status =
    tsunagu share status 3fQx
example-share-revoke =
    tsunagu share revoke 3fQx
example-invite =
    tsunagu invite やまだ --role editor --qr invite.png
example-join =
    tsunagu join 'https://relay.example/invite#…' --device-name 訪問看護師 --device-role visiting_nurse
example-sync =
    tsunagu sync
    tsunagu sync やまだ --status
example-sync-start =
    tsunagu sync start やまだ --relay https://relay.example
example-members =
    tsunagu members やまだ
example-members-remove =
    tsunagu members remove やまだ DEVICE-ID --revoke-links
example-readiness =
    tsunagu readiness やまだ
    tsunagu readiness --all
example-roster =
    tsunagu roster --filter life-sustaining=ventilator --filter runway<12 --sort runway
    tsunagu roster --format xlsx --out roster.xlsx
    tsunagu roster --needs-attention
example-view =
    tsunagu view やまだ --audience ems
example-qr =
    tsunagu qr やまだ --out shelter-qr.png
example-card =
    tsunagu card やまだ --view shelter --size wallet --out card.html
example-plan-export =
    tsunagu plan-export やまだ --format html --out plan.html
    tsunagu plan-export --all --format csv --out plans
example-export-ips =
    tsunagu export-ips やまだ --out ips.json
example-backup =
    tsunagu backup --out family.tsunagu-backup --passphrase-file pass.txt
example-restore =
    tsunagu restore family.tsunagu-backup --passphrase-file pass.txt
example-relay =
    tsunagu relay serve --db relay.sqlite3
example-relay-serve =
    tsunagu relay serve --listen 127.0.0.1:8080 --db relay.sqlite3
example-device =
    tsunagu device set-name やまだ 母 --role 母
example-device-set-name =
    tsunagu device set-name やまだ 母 --role 母
help-desk = コーディネーターのデスク：このストアを 127.0.0.1 上のウェブアプリで開く（一度だけ使えるログイン用アドレスを表示し、既定のブラウザーで開く）
help-desk--port = 127.0.0.1 で待ち受けるポート（0 なら空いているポートを選ぶ）[既定: 0]
help-desk--today = 情報の新しさと「確認が必要」を判断する日（YYYY-MM-DD）[既定: 今日]
help-desk--no-open = ログイン用アドレスを表示するだけで、ブラウザーでは開かない
help-roster--needs-attention = 確認が必要な子どもだけを、その理由とともに表示（体重が古い、チューブ・カニューレ交換の遅れ、訓練・計画の古さ、6か月更新なし、未確認のセクション、値の食い違い、未同期の変更）
example-desk =
    tsunagu desk
    tsunagu desk --data-dir ~/tsunagu-desk --port 8765
    tsunagu desk --no-open

## tsunagu import（h15-import: 表計算ファイルからの取り込み、docs/import.md）
help-import = 表計算ファイル（CSV または .xlsx、こども一人につき一行）からこどもを取り込む。すべての行が正しいときだけ書き込み、一行でも問題があれば何も書き込みません
help-import--file = 取り込むファイル：CSV（UTF-8、BOM の有無は問わない）または .xlsx（最初のシート）
help-import--dry-run = すべての行を確かめて、作成されるこどもを示すだけ（何も書き込まない）
help-import--allow-duplicates = 名前と生年月日が同じこどもがストア（またはファイルの中）にいても取り込む
help-import--today = 日付と年齢をこの日（YYYY-MM-DD）の時点で判断 [既定: 今日]
help-import--name = 新しいプロフィールでのこの端末の表示名（`tsunagu device set-name` と同じ）
help-import--role = 新しいプロフィールでのこの端末の役割（コーディネーターなど、自由な文字も可）
help-import-template = 取り込み用のひな形（見出し行。出力の言語で）を書き出す：.xlsx または .csv
help-import-template--out = 書き出すファイル。形式は拡張子（.xlsx または .csv）で決まります
example-import =
    tsunagu import template --out こども一覧.xlsx
    tsunagu import こども一覧.xlsx --dry-run
    tsunagu import こども一覧.csv --device-name 市役所 --device-role コーディネーター
example-import-template =
    tsunagu import template --out こども一覧.xlsx
    tsunagu --lang en import template --out children.csv
