# Tsunagu — Japanese (ja) messages.
#
# Ids: code-list values are `<prefix>-<value>` (see `code_list!` in core/src/model/units.rs);
# field labels (`field-…`) are in fields.ftl.
# Every id here must also exist in ../en/tsunagu.ftl, with the same variables (tests check both).

## Labels joined for nested fields (see `Localizer::field_label`).

label-in-group = { $group } › { $field }

## Sections of the profile (Section).

section-child = 本人の情報
section-diagnoses = 診断名・既往歴
section-avoid = 禁忌・避けること
section-devices = 医療機器
section-routines = 日々のケア
section-medications = 薬
section-allergies = アレルギー
section-contacts = 緊急連絡先
section-care_team = 関係機関・支援者
section-power_registration = 電力会社への事前登録
section-baseline = 普段の状態
section-emergency_actions = 緊急時の対応
section-evacuation = 個別避難計画
section-power_sources = 非常用電源
section-stock = 備蓄品
section-consents = 情報共有の同意
section-wishes = 希望・事前指示
section-verifications = 確認の記録

## Code lists.

verifier-role-coordinator = 医療的ケア児等コーディネーター
verifier-role-doctor = 医師
verifier-role-nurse = 看護師
verifier-role-parent = 保護者
verifier-role-other = その他

sex-female = 女
sex-male = 男
sex-other = その他

life-stage-hospital = 入院中
life-stage-home = 在宅（日中の通い先なし）
life-stage-nursery = 保育所・幼稚園・こども園
life-stage-school = 小・中・高等学校
life-stage-special_needs_school = 特別支援学校
life-stage-day_service_or_work = 通所施設・就労

device-kind-ventilator = 人工呼吸器
device-kind-tracheostomy = 気管切開カニューレ
device-kind-suction = 吸引器
device-kind-oxygen = 在宅酸素
device-kind-feeding_tube = 胃ろう・経管栄養チューブ
device-kind-oximeter = パルスオキシメーター
device-kind-cough_assist = 排痰補助装置
device-kind-pump = 栄養ポンプ
device-kind-insulin_pump = インスリンポンプ
device-kind-infusion_pump = 輸液ポンプ（持続注入）
device-kind-other = その他の機器

tube-type-gastrostomy_button = 胃ろう（ボタン型）
tube-type-gastrostomy_tube = 胃ろう（チューブ型）
tube-type-jejunostomy = 腸ろう・空腸チューブ
tube-type-nasogastric = 経鼻胃管
tube-type-nasojejunal = 経鼻空腸チューブ（EDチューブ）

avoid-kind-drug = 薬
avoid-kind-procedure = 処置
avoid-kind-food = 食品・栄養剤
avoid-kind-position = 姿勢・介助のしかた
avoid-kind-other = その他

routine-kind-feed = 栄養（注入・食事）
routine-kind-medication = 服薬
routine-kind-suction = 吸引
routine-kind-positioning = 体位変換・姿勢
routine-kind-skin_care = スキンケア・ストーマケア
routine-kind-catheterization = 導尿
routine-kind-respiratory = 呼吸ケア（吸入・排痰）
routine-kind-other = その他

route-oral = 経口
route-tube = 経管（胃ろう・経鼻）
route-inhaled = 吸入
route-topical = 外用（塗り薬・貼り薬）
route-rectal = 坐剤・注腸
route-injection = 注射
route-subcutaneous = 皮下
route-intravenous = 静脈
route-buccal = 口腔内・点鼻
route-other = その他

allergy-status-none_known = 既知のアレルギーなし
allergy-status-recorded = あり（一覧のとおり）

severity-mild = 軽度
severity-moderate = 中等度
severity-severe = 重度（アナフィラキシー）

certainty-suspected = 疑い
certainty-confirmed = 確定

problem-kind-desaturation = SpO2の低下
problem-kind-tube_out = カニューレ・チューブが抜けた
problem-kind-blocked_cannula = カニューレの閉塞
problem-kind-seizure = けいれん・発作
problem-kind-power_failure = 停電
problem-kind-fever = 発熱
problem-kind-other = その他

care-role-attending_doctor = 主治医
care-role-hospital = 病院（24時間の連絡先）
care-role-family_doctor = かかりつけ医
care-role-visiting_nurse = 訪問看護ステーション
care-role-care_plan_consultant = 相談支援専門員
care-role-coordinator = 医療的ケア児等コーディネーター
care-role-support_centre = 医療的ケア児支援センター
care-role-school_nurse = 学校看護師
care-role-pharmacy = 薬局
care-role-dealer = 医療機器の取扱業者
care-role-disaster_hospital = 災害拠点病院
care-role-welfare_commissioner = 民生委員・児童委員
care-role-other = その他

hazard-earthquake = 地震
hazard-flood = 大雨・洪水
hazard-landslide = 土砂災害
hazard-tsunami = 津波
hazard-typhoon = 台風
hazard-blackout = 停電
hazard-other = その他

strategy-stay_home = 在宅避難
strategy-car = 車中避難
strategy-hospital = 病院へ避難
strategy-welfare_shelter = 福祉避難所
strategy-special_needs_school = 特別支援学校
strategy-relatives = 親戚・知人宅
strategy-general_shelter = 一般の避難所
strategy-other = その他
strategy-not_applicable = この住まいには該当しない

power-availability-yes = あり（停電時も使える）
power-availability-generator = 発電機のみ
power-availability-no = なし
power-availability-unknown = 不明

power-source-kind-power_station = ポータブル電源
power-source-kind-battery = 予備バッテリー
power-source-kind-car_inverter = 車からの給電（インバーター）
power-source-kind-generator = 発電機
power-source-kind-lent_unit = 自治体から貸与された非常用電源
power-source-kind-other = その他

stock-category-medication = 薬
stock-category-feed = 栄養剤・ミルク
stock-category-suction_catheter = 吸引カテーテル
stock-category-tracheostomy_supplies = 気管切開の物品（カニューレ・人工鼻・ガーゼ）
stock-category-feeding_supplies = 経管栄養の物品（延長チューブ・シリンジ）
stock-category-oxygen = 酸素
stock-category-hygiene = 衛生用品（手袋・おしりふき・おむつ）
stock-category-water = 水
stock-category-other = その他

consent-audience-coordinator = 医療的ケア児等コーディネーター
consent-audience-municipality = 市区町村（災害前からの避難支援）
consent-audience-evacuation_helpers = 避難支援等実施者
consent-audience-school = 学校・保育所など
consent-audience-medical = 医療機関・救急隊
consent-audience-meis = MEIS（医療的ケア児等医療情報共有システム）への登録

## Units (symbols as printed after a number).

unit-ml = mL
unit-ml-per-h = mL/時
unit-fr = Fr
unit-mm = mm
unit-cm = cm
unit-kg = kg
unit-kpa = kPa
unit-cmh2o = cmH2O
unit-mpa = MPa
unit-l = L
unit-l-per-min = L/分
unit-w = W
unit-wh = Wh
unit-min = 分
unit-h = 時間
unit-s = 秒
unit-d = 日
unit-y = 年
unit-percent = %
unit-per-min = 回/分
unit-celsius = ℃


## Kind of history item (DiagnosisKind).

diagnosis-kind-condition = 病名・状態
diagnosis-kind-procedure = 手術・処置

## Resuscitation decision (Resuscitation).

resuscitation-full = すべての蘇生処置を行う
resuscitation-limited = 範囲を決めて蘇生処置を行う（内容は別記）
resuscitation-do_not_attempt = 心肺蘇生を行わない（DNAR）

## The change log, in words.

history-created = プロフィールを作成しました
history-updated = プロフィールを更新しました
history-set = { $field }を変更しました
history-cleared = { $field }を空欄にしました
history-added = { $collection }を1件追加しました
history-removed = { $collection }を1件削除しました
history-moved = { $collection }を並べ替えました
history-verified = { $by }が{ $section }を確認しました
history-unverified = { $section }の確認済みを取り消しました
history-merged-import = バックアップから変更を取り込みました
history-author-unknown = 不明
history-entry = { $time }　{ $author }：{ $summary }

## Readiness: power runway, oxygen, stockpile, post-blackout checklist and actions.

readiness-title = { $name } — 災害への備え
readiness-section-power = 電源の持ち時間
readiness-total-runway = 電源が持つのは約 { $hours } 時間（最初に止まる機器: { $device }）
readiness-no-power-dependency = 電源が必要な生命維持機器（人工呼吸器・酸素濃縮器・吸引器）は登録されていません
readiness-device-runway = { $device }: 約 { $hours } 時間（本体・外部バッテリー { $battery } 時間 + 共用の予備電源 { $station } 時間）
readiness-device-watts = { $device }: { $watts } W
readiness-battery-age-assumed = { $device }: バッテリーの使用年数が未登録のため 5 年として計算しました
readiness-station = { $source }: 使える電力量 { $usable } Wh（{ $capacity } Wh × 効率 { $efficiency } %）、機器全体 { $watts } W で約 { $hours } 時間
readiness-fuel-source = { $source }: 燃料が続く限り使えます（時間には含めていません）
readiness-no-power-sources = 予備電源は登録されていません
readiness-section-oxygen = 酸素ボンベ
readiness-oxygen-cylinder = ボンベ { $volume } L・{ $pressure } MPa: 1 本あたり { $litres } L 使用可能
readiness-oxygen-line = { $flow }（{ $rate } L/分）: 1 本 { $minutes } 分、{ $count } 本で { $total } 分
readiness-oxygen-line-one = { $flow }（{ $rate } L/分）: 1 本 { $minutes } 分（本数は未登録）
readiness-oxygen-flow-rest = 安静時
readiness-oxygen-flow-sleep = 睡眠時
readiness-oxygen-flow-exertion = 労作時
readiness-section-stock = 備蓄（持ち出し 3 日分・在宅 14 日分が目安）
readiness-stock-line = { $item }: { $days } 日分（在庫 { $stock }、1 日 { $perday }）— { $level }
readiness-stock-unknown = { $item }: 日数を計算できません（1 日の使用量か在庫が未登録）
readiness-section-medications = 薬（予備 1 週間分が目安）
readiness-medication-line = { $item }: { $days } 日分 — { $level }
readiness-medication-unknown = { $item }: 残り日数が未登録
readiness-hard-to-get = 入手困難
readiness-supply-below-carry = 持ち出し 3 日分に足りません
readiness-supply-below-home = 持ち出し分はあり、在宅 14 日分には足りません
readiness-supply-enough = 14 日分以上あります
readiness-supply-unknown = 不明
readiness-section-checklist = 停電から復旧したら（保存された設定と見比べる）
readiness-checklist-device-reset = { $device }: 停電で設定が消える機器です。設定を入れ直してください
readiness-checklist-device = { $device }: 設定が変わっていないか確認
readiness-checklist-charge = バッテリーを充電（満充電まで約 { $minutes } 分）
readiness-checklist-setting = { $label }: { $value }
readiness-checklist-none = 確認する機器は登録されていません
readiness-section-actions = すること
readiness-no-actions = 今すぐ必要な対応はありません
readiness-not-recorded = 未登録
readiness-severity-urgent = 至急
readiness-severity-warning = 要対応
readiness-severity-notice = お知らせ
readiness-action-go-to-powered-destination = 電源が持つのは約 { $hours } 時間です。電源のある避難先「{ $destination }」へ今すぐ移動してください
readiness-action-find-powered-destination = 電源が持つのは約 { $hours } 時間です。電源のある避難先が登録されていません。病院か支援センターへすぐ連絡してください
readiness-action-oxygen-low = 酸素ボンベが約 { $minutes } 分で尽きます。酸素業者（24 時間: { $phone }）にボンベを依頼してください
readiness-action-prepare-resuscitation-bag = 人工呼吸器が止まったときの蘇生バッグ（アンビューバッグ）が登録されていません。用意してベッド横に置いてください
readiness-action-prepare-manual-suction = 電気のいらない吸引器（手動・足踏み式）が登録されていません。用意してください
readiness-action-prepare-oxygen-cylinders = 停電時の酸素ボンベが登録されていません。酸素業者に相談してください
readiness-action-call-dealer-old-battery = { $device }のバッテリーは使用 { $years } 年です。業者（24 時間: { $phone }）に交換を相談してください
readiness-action-record-battery-age = { $device }のバッテリーの使用年数を登録してください
readiness-action-no-backup-power = 予備電源がありません。ポータブル電源を用意してください（県の貸出制度も確認）
readiness-action-not-pure-sine = { $source }は正弦波出力ではありません。医療機器に使えるか業者に確認してください
readiness-action-output-too-low = { $source }の最大出力 { $max } W は機器全体の { $total } W に足りません
readiness-action-too-few-outlets = { $source }のコンセントは { $outlets } 口、電源が必要な機器は { $devices } 台です。つなぐ順番を決めておいてください
readiness-action-stock-below-carry = { $item }が { $days } 日分しかありません（持ち出し 3 日分に不足）。補充してください
readiness-action-hard-to-get-low = 入手困難な { $item }が { $days } 日分です（在宅 14 日分に不足）。早めに手配してください
readiness-action-medication-refill = { $item }が { $days } 日分です（予備 1 週間分に不足）。処方を早めに受けてください

## Coordinator roster.

roster-col-id = プロファイル ID
roster-col-name = 氏名
roster-col-kana = ふりがな
roster-col-powered-devices = 電源が必要な機器
roster-col-runway-hours = 電源の持ち時間（時間）
roster-col-governing-device = 最初に止まる機器
roster-col-destination = 避難先
roster-col-destination-power = 避難先の電源
roster-col-plan-date = 計画作成日
roster-col-last-drill = 最終訓練日
roster-col-updated = 最終更新
roster-col-missing = 不足している項目
roster-missing-no-helpers = 避難支援者なし
roster-missing-no-destination = 避難先なし
roster-missing-no-powered-destination = 電源のある避難先なし
roster-missing-no-plan-date = 計画作成日なし
roster-missing-drill-overdue = 訓練が 12 か月以上前
roster-missing-no-power-registration = 電力会社への登録なし
roster-missing-not-on-municipal-roster = 避難行動要支援者名簿に未登録
roster-missing-allergies-not-recorded = アレルギー未記入
roster-missing-no-emergency-contact = 緊急連絡先なし

## 対象者別の表示（避難所・救急・支援者）。

view-title-shelter = { $name } — 避難所の方へ
view-title-ems = { $name } — 救急情報
view-title-caregiver = { $name } — ケアをする方へ
view-no-name = （名前未記入）
view-list-sep = { "、" }
view-part = { $label }：{ $value }
view-with-note = { $text }（{ $note }）
view-not-recorded = 未記入
view-nothing-recorded = 記録なし
view-stale-weight = 体重の測定日は { $date } で、{ $months } か月以上前です。測り直してください
view-stale-weight-undated = 体重の測定日が記録されていません
view-stale-tracheostomy = カニューレの交換予定日（{ $date }）を過ぎています
view-stale-feeding-tube = 胃ろうなどのチューブの交換予定日（{ $date }）を過ぎています
view-stale-drill = 前回の避難訓練は { $date } で、{ $months } か月以上前です
view-stale-drill-never = 避難訓練の記録がありません
view-dealer-label = { $device }の取扱業者：{ $dealer }
view-phone-24h = 24時間対応
view-team-label = { $role }：{ $who }
view-section-life-support = 命を支えているもの
view-section-never-do = してはいけないこと
view-section-call = 連絡先
view-section-power = 電源が持つ時間と、すること
view-section-prepare = 用意するもの
view-section-plan = 個別避難計画
view-about-hours = 約 { $hours } 時間
view-runway-split = 本体・外部バッテリー { $battery } 時間 + 共用の予備電源 { $station } 時間
view-power-total = 電源が持つ時間
view-first-to-stop = 最初に止まる機器：{ $device }
view-station-detail = { $capacity } Wh のうち { $usable } Wh 使用可能
view-fuel-source = 燃料が続く限り
view-outlets-label = コンセントと電力
view-outlets = コンセント { $outlets } 口、合計 { $watts } W
view-oxygen-minutes = ボンベで約 { $minutes } 分
view-flush = 白湯 { $volume } でフラッシュ
view-destination-power = 電源：{ $power }
view-section-diagnoses = 診断名
view-section-avoid = 避けること（禁忌）とその理由
view-why-not-recorded = 理由は未記入
view-section-allergies = アレルギー
view-allergies-none-known = 既知のアレルギーなし
view-allergies-not-recorded = 未記入（未確認）
view-section-baseline = 普段のバイタルサイン
view-vital-spo2 = 普段の SpO2
view-vital-heart-rate = 普段の心拍数
view-vital-respiratory-rate = 普段の呼吸数
view-vital-temperature = 普段の体温
view-section-devices = 医療機器のサイズと設定
view-trach-id = 内径 { $size }
view-trach-length = 長さ { $length }
view-cuffless = カフなし
view-cuffed = カフあり
view-cuffed-volume = カフあり（{ $volume }）
view-trach-spare = 予備 { $size }
view-suction-depth = 深さ { $depth }
view-oxygen-cylinders = ボンベ { $volume } × { $count } 本
view-tube-shaft = シャフト長 { $length }
view-tube-balloon = バルーン { $volume }
view-tube-insertion = 挿入長 { $length }
view-pulse-alarms = 脈拍アラーム { $range }
view-section-medications = 薬
view-rescue-medication = { $name }（{ $rescue }）
view-rescue-when = 使うとき：{ $criteria }
view-section-problems = よくある緊急時の問題と対応
view-section-care-team = 関係機関・支援者
view-section-routines = 日々のケア
view-section-routine = 日々のケア
view-routine-title = { $title }（{ $kind }）
view-routine-what = 内容
view-step = 手順 { $n }
view-section-communication = コミュニケーション
view-section-normal = 普段の様子
view-section-sick = 具合が悪いときのサインと対応
view-priority-red = 赤
view-priority-amber = 黄
view-priority-green = 緑
view-as-of = { $date } 時点
view-stale-mark = 要更新：{ $warning }

## Shelter QR: the plain-text summary (share::qr)
qr-title = 【医療的ケア児 緊急情報】
qr-self-reported = 家族による自己申告
qr-name = 氏名
qr-born = 生年月日
qr-age = { $years }歳
qr-weight = 体重
qr-life-support = 命を支える機器
qr-needs-power = 電源が必要な機器
qr-runway = 電源 約{ $hours }時間
qr-never = してはいけない
qr-spo2 = 普段のSpO2
qr-allergies = アレルギー
qr-contact = 緊急連絡先
qr-hospital-24h = 病院（24時間）

## Printable card (share::card)
card-self-reported = 家族による自己申告の情報です
card-made = { $made } 作成
card-dates = { $made } 作成・最終更新 { $updated }
card-changed = 更新：{ $who }（{ $date }）
card-changed-on = 更新：{ $date }
card-verified = 確認：{ $who }・{ $role }（{ $date }）
card-qr-caption = スマートフォンのカメラで読むと要点が文字で表示されます（通信不要）
card-footer = つなぐ（Tsunagu）で家族の記録から作成しました。「確認」のない項目は専門職の確認を受けていません。⚠の項目は更新が必要です。

## 個別避難計画 export (share::plan)
plan-title = 個別避難計画 — { $name }
plan-made = { $date } 時点の記録から作成
plan-legal-note = ●「法定」は災害対策基本法第49条の14で個別避難計画に記載する事項です。「未記入」の行は記入が必要です。
plan-footer = つなぐ（Tsunagu）で家族の記録から作成しました。市町村への提供には本人・家族の同意が必要です（「情報共有の同意」欄）。
plan-section-person = 避難行動要支援者（本人）
plan-section-helpers = 避難支援等実施者
plan-section-destinations = 避難先と避難経路
plan-section-hazards = 災害ごとの避難方法
plan-section-timeline = 避難のタイミングと安否確認
plan-section-power = 電源と名簿
plan-section-consent = 情報共有の同意
plan-section-dates = 計画の作成と訓練
plan-contact = 連絡先（緊急連絡先の 1 人目）
plan-reason = 避難支援等を必要とする事由
plan-reason-devices = 医療的ケア（{ $devices }）
plan-reason-power = 医療機器に電源が必要
plan-reason-diagnoses = 診断名：{ $diagnoses }
plan-nth-item = { $group } { $n } › { $field }
plan-yes = はい
plan-no = いいえ
plan-none = なし
plan-consent-granted = 同意あり
plan-consent-refused = 同意なし・撤回
plan-col-section = 区分
plan-col-item = 項目
plan-col-value = 内容
plan-col-legal = 法定
plan-col-missing = 未記入
plan-mark = ●
## FHIR IPS export (share::ips)
ips-title = 国際患者サマリー（IPS）
ips-section-medications = 服薬の概要
ips-section-allergies = アレルギー・不耐症
ips-section-problems = 問題リスト（診断）
ips-section-devices = 医療機器
ips-section-functional-status = 機能状態（ふだんの様子）
ips-section-plan-of-care = ケアの計画
ips-section-advance-directives = 事前指示
ips-medications-no-info = 服薬の情報はありません
ips-problems-no-info = 診断の情報はありません
ips-functional-status-description = この子のふだんの様子
## App shells (android/, ios/): the apps' own words, read through tsunagu_ffi::message
app-title = つなぐ
app-profiles = こども
app-add-sample = サンプルのこどもを追加
app-add-empty = こどもを追加
app-no-profiles = まだプロフィールがありません。
app-view-shelter = 避難所向け
app-view-ems = 救急隊向け
app-view-caregiver = 支援者向け
app-readiness = 備え
app-card = カード
app-card-print = 印刷
app-qr = 避難所用QR
app-edit = 編集
app-add-device = 機器を追加
app-add-entry = 追加
app-confirm-title = いつもと違う値です
app-confirm-save = 確認して保存
app-review-keep = この値にする
app-review-title = 確認が必要な項目
app-save = 保存
app-cancel = キャンセル
app-share = 共有
app-share-relay = リレーのアドレス
app-invite-editor = 編集者を招待
app-invite-viewer = 閲覧者を招待
app-invite-link = 招待リンク（# の後ろは一度だけ使える招待の秘密です。鍵は入っていません）
app-join = 招待で参加
app-join-scan = 招待のQRコードを読み取る
app-join-paste = またはリンクを貼り付け
app-join-waiting = 参加しました。オーナーの端末が次に同期するとプロフィールの鍵が届きます。そのあと「今すぐ同期」を押すとプロフィールが読めます
app-join-offline = 参加しました。リレーにつながらないため、プロフィールはまだ届いていません。あとで「今すぐ同期」を押してください
app-sync-now = 今すぐ同期
app-sync-status = { $when } に同期済み・未送信 { $pending } 件
app-sync-never = まだ同期していません・未送信 { $pending } 件
app-sync-offline = オフライン：変更は保存され、あとで送られます
app-sync-not-shared = この端末のみ
app-error = できませんでした：{ $reason }
app-history = 変更履歴
app-author-default = 保護者
