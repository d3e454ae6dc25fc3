# Tsunagu — Japanese (ja) messages.
#
# Ids: code-list values are `<prefix>-<value>` (see `code_list!` in core/src/model/units.rs);
# field labels are `field-<serde path with collection ids left out, dots as '-'>`.
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

## Field labels: the profile.

field-schema = データ形式のバージョン

field-child = 本人の情報
field-child-name = 氏名
field-child-name_kana = ふりがな
field-child-nickname = 家での呼び名
field-child-date_of_birth = 生年月日
field-child-sex = 性別
field-child-weight = 体重
field-child-weight-kg = 体重（kg）
field-child-weight-measured_on = 測定日
field-child-height = 身長
field-child-height-cm = 身長（cm）
field-child-height-measured_on = 測定日
field-child-blood_type = 血液型
field-child-languages = 家庭で話す言語
field-child-address = 住所
field-child-dwelling = 住まい
field-child-dwelling-floor = 住んでいる階
field-child-dwelling-elevator = エレベーター
field-child-dwelling-hazard_zones = ハザードマップ上の区域
field-child-certificates = 手帳・受給者証
field-child-certificates-physical_disability_grade = 身体障害者手帳の等級
field-child-certificates-intellectual_disability_grade = 療育手帳の判定
field-child-certificates-pediatric_chronic_disease = 小児慢性特定疾病医療受給者証
field-child-certificates-pediatric_chronic_disease_until = 小児慢性特定疾病医療受給者証の有効期限
field-child-life_stage = 日中の通い先
field-child-setting_name = 園・学校・事業所の名前

field-diagnoses = 診断名・既往歴
field-diagnoses-order = 表示順
field-diagnoses-name = 診断名
field-diagnoses-kind = 病名か手術・処置か
field-diagnoses-main = 主病名
field-diagnoses-icd10 = ICD-10コード
field-diagnoses-since = 時期（いつから）
field-diagnoses-notes = 補足

field-avoid = 禁忌・避けること
field-avoid-order = 表示順
field-avoid-what = 避けること
field-avoid-why = 理由
field-avoid-kind = 種類

## Field labels: medical devices.

field-devices = 医療機器
field-devices-order = 表示順
field-devices-kind = 機器の種類
field-devices-maker = メーカー
field-devices-model = 機種名
field-devices-serial = 製造番号
field-devices-dealer = 取扱業者
field-devices-dealer_phone_24h = 取扱業者の24時間連絡先
field-devices-power = 機器の電源
field-devices-power-needs_mains = 電気が必要
field-devices-power-watts = 消費電力（W）
field-devices-power-internal_battery_minutes = 内部バッテリーの駆動時間（新品時・分）
field-devices-power-internal_battery_age_years = 内部バッテリーの使用年数
field-devices-power-external_batteries = 外部バッテリーの数
field-devices-power-external_battery_minutes = 外部バッテリー1個の駆動時間（新品時・分）
field-devices-power-external_battery_age_years = 外部バッテリーの使用年数
field-devices-power-charge_time_minutes = 充電にかかる時間（分）
field-devices-non_powered_fallback = 電気がないときの代わりの手段
field-devices-no_non_powered_fallback = 電気がないときの代わりの手段はない
field-devices-settings_reset_on_power_loss = 停電で設定が消える
field-devices-settings = 機器ごとの設定
field-devices-notes = 備考

field-devices-settings-ventilator = 人工呼吸器の設定
field-devices-settings-ventilator-mode = モード
field-devices-settings-ventilator-rate = 換気回数
field-devices-settings-ventilator-inspiratory_time = 吸気時間
field-devices-settings-ventilator-pip = PIP（IPAP）
field-devices-settings-ventilator-peep = PEEP（EPAP）
field-devices-settings-ventilator-tidal_volume = 1回換気量
field-devices-settings-ventilator-fio2 = 酸素濃度（FiO2）
field-devices-settings-ventilator-oxygen_flow = 酸素流量
field-devices-settings-ventilator-alarm_high_pressure = 気道内圧上限アラーム
field-devices-settings-ventilator-alarm_low_pressure = 気道内圧下限アラーム
field-devices-settings-ventilator-hours_per_day = 1日の使用時間
field-devices-settings-ventilator-circuit = 回路
field-devices-settings-ventilator-humidifier = 加湿（加温加湿器・人工鼻）

field-devices-settings-tracheostomy = 気管切開カニューレ
field-devices-settings-tracheostomy-brand = 製品名
field-devices-settings-tracheostomy-inner_diameter = 内径（mm）
field-devices-settings-tracheostomy-length = 長さ（mm）
field-devices-settings-tracheostomy-cuffed = カフ付き
field-devices-settings-tracheostomy-cuff_volume = カフの注入量（mL）
field-devices-settings-tracheostomy-spare_smaller_inner_diameter = 予備（1サイズ細いもの）の内径（mm）
field-devices-settings-tracheostomy-last_changed = 前回の交換日
field-devices-settings-tracheostomy-change_interval_days = 交換の間隔（日）
field-devices-settings-tracheostomy-if_dislodged = 抜けたときの対応

field-devices-settings-suction = 吸引の設定
field-devices-settings-suction-catheter_size = 吸引カテーテルのサイズ（Fr）
field-devices-settings-suction-depth = 挿入の深さ（cm）
field-devices-settings-suction-pressure = 吸引圧（kPa）
field-devices-settings-suction-typical_frequency = 吸引の頻度の目安

field-devices-settings-oxygen = 在宅酸素の設定
field-devices-settings-oxygen-concentrator_model = 酸素濃縮装置の機種
field-devices-settings-oxygen-cylinder_volume = 酸素ボンベの容量（L）
field-devices-settings-oxygen-cylinder_pressure = 満タン時のボンベ圧（MPa）
field-devices-settings-oxygen-cylinder_count = 自宅にあるボンベの本数
field-devices-settings-oxygen-flow_rest = 安静時の流量
field-devices-settings-oxygen-flow_sleep = 睡眠時の流量
field-devices-settings-oxygen-flow_exertion = 労作時の流量

field-devices-settings-feeding_tube = 経管栄養チューブ
field-devices-settings-feeding_tube-tube_type = チューブの種類
field-devices-settings-feeding_tube-size = サイズ（Fr）
field-devices-settings-feeding_tube-shaft_length = シャフト長（mm）
field-devices-settings-feeding_tube-balloon_volume = バルーンの固定水量（mL）
field-devices-settings-feeding_tube-insertion_length = 挿入の長さ（鼻孔から・cm）
field-devices-settings-feeding_tube-last_changed = 前回の交換日
field-devices-settings-feeding_tube-change_interval_days = 交換の間隔（日）
field-devices-settings-feeding_tube-pump = 栄養ポンプ

field-devices-settings-oximeter = パルスオキシメーターのアラーム
field-devices-settings-oximeter-spo2_low_alarm = SpO2下限アラーム
field-devices-settings-oximeter-pulse_low_alarm = 脈拍数下限アラーム
field-devices-settings-oximeter-pulse_high_alarm = 脈拍数上限アラーム

field-devices-settings-cough_assist = 排痰補助装置の設定
field-devices-settings-cough_assist-mode = モード
field-devices-settings-cough_assist-inhale_pressure = 陽圧（吸気圧）
field-devices-settings-cough_assist-exhale_pressure = 陰圧（呼気圧）
field-devices-settings-cough_assist-cycles = 1回あたりのサイクル数

field-devices-settings-pump = インスリン・輸液ポンプの設定
field-devices-settings-pump-drug = 注入する薬
field-devices-settings-pump-concentration = 濃度
field-devices-settings-pump-route = 投与経路
field-devices-settings-pump-rate = 流量（mL/h）
field-devices-settings-pump-dose = 指示量
field-devices-settings-pump-basal_program = 基礎インスリンの設定
field-devices-settings-pump-bolus_settings = ボーラスの設定
field-devices-settings-pump-glucose_target_low = 目標血糖・下限（mg/dL）
field-devices-settings-pump-glucose_target_high = 目標血糖・上限（mg/dL）
field-devices-settings-pump-low_glucose_alert = 低血糖アラート（mg/dL）
field-devices-settings-pump-high_glucose_alert = 高血糖アラート（mg/dL）
field-devices-settings-pump-sensor = 血糖センサー（CGM）
field-devices-settings-pump-line = 注入セット・ライン
field-devices-settings-pump-last_site_change = 前回のセット・穿刺部位の交換日
field-devices-settings-pump-site_change_interval_days = セットの交換間隔（日）
field-devices-settings-pump-if_stops = ポンプが止まった・抜けたとき

field-devices-settings-other = その他の機器の設定
field-devices-settings-other-description = 機器の内容と設定

## Field labels: daily care, medications, allergies.

field-routines = 日々のケア
field-routines-order = 表示順
field-routines-kind = ケアの種類
field-routines-title = ケアの名前
field-routines-schedule = 時間
field-routines-times_per_day = 1日の回数
field-routines-product = 栄養剤・製品名
field-routines-volume = 1回量（mL）
field-routines-rate = 注入速度（mL/時）
field-routines-flush = 注入後の白湯（mL）
field-routines-performed_by = 実施できる人
field-routines-performed_by-family = 家族
field-routines-performed_by-nurse = 看護師
field-routines-performed_by-trained_staff = 喀痰吸引等研修を修了した職員
field-routines-steps = 手順
field-routines-normal = いつもの様子

field-medications = 薬
field-medications-order = 表示順
field-medications-name = 薬の名前
field-medications-strength = 規格・濃度
field-medications-dose = 1回量
field-medications-route = 投与経路
field-medications-times = 時間
field-medications-doses_per_day = 1日の回数
field-medications-prescriber = 処方医
field-medications-pharmacy = 薬局
field-medications-tube_compatible = チューブから注入できる
field-medications-tube_notes = チューブからの注入方法
field-medications-days_on_hand = 手持ちの日数
field-medications-hard_to_get = 入手が難しい
field-medications-rescue = 頓用薬（緊急時に使う薬）
field-medications-rescue_criteria = 頓用薬を使うとき

field-allergies = アレルギー
field-allergies-status = 確認状況
field-allergies-items = アレルギー
field-allergies-items-order = 表示順
field-allergies-items-agent = 原因
field-allergies-items-reaction = 症状
field-allergies-items-severity = 重症度
field-allergies-items-certainty = 確定・疑いの別

## Field labels: people.

field-contacts = 緊急連絡先
field-contacts-order = 連絡する順番
field-contacts-name = 名前
field-contacts-relation = 続柄
field-contacts-phone = 電話番号
field-contacts-phone_alt = 別の電話番号
field-contacts-may_decide = 治療への同意ができる
field-contacts-notes = 備考

field-care_team = 関係機関・支援者
field-care_team-order = 表示順
field-care_team-role = 役割
field-care_team-name = 担当者名
field-care_team-organization = 機関・事業所名
field-care_team-phone = 電話番号（日中）
field-care_team-phone_24h = 24時間の連絡先
field-care_team-notes = 備考

field-power_registration = 電力会社への事前登録
field-power_registration-company = 電力会社
field-power_registration-registered = 登録済み
field-power_registration-registered_on = 登録日
field-power_registration-customer_number = お客さま番号

## Field labels: baseline and emergencies.

field-baseline = 普段の状態
field-baseline-heart_rate_low = 心拍数（下限）
field-baseline-heart_rate_high = 心拍数（上限）
field-baseline-respiratory_rate_low = 呼吸数（下限）
field-baseline-respiratory_rate_high = 呼吸数（上限）
field-baseline-spo2_low = SpO2（下限）
field-baseline-spo2_high = SpO2（上限）
field-baseline-temperature_low = 体温（下限）
field-baseline-temperature_high = 体温（上限）
field-baseline-consciousness = 意識・反応
field-baseline-communicates_pain = 痛みの表し方
field-baseline-communicates_yes_no = 「はい・いいえ」の伝え方
field-baseline-sick_signs = 体調が悪いときのサイン

field-emergency_actions = 緊急時の対応
field-emergency_actions-order = 表示順
field-emergency_actions-problem = 起こりうること
field-emergency_actions-kind = 種類
field-emergency_actions-what_to_do = 対応のしかた

## Field labels: evacuation, power and supplies, consent, verification.

field-evacuation = 個別避難計画
field-evacuation-strategies = 災害ごとの避難方法
field-evacuation-strategies-order = 表示順
field-evacuation-strategies-hazard = 災害の種類
field-evacuation-strategies-strategy = 避難方法
field-evacuation-strategies-notes = 備考
field-evacuation-destinations = 避難先
field-evacuation-destinations-order = 優先順位
field-evacuation-destinations-name = 名称
field-evacuation-destinations-kind = 避難先の種類
field-evacuation-destinations-address = 住所
field-evacuation-destinations-phone = 電話番号
field-evacuation-destinations-power = 医療機器用の電源
field-evacuation-destinations-notes = 備考
field-evacuation-route = 避難経路
field-evacuation-transport = 移動手段
field-evacuation-helpers = 避難支援等実施者
field-evacuation-helpers-order = 表示順
field-evacuation-helpers-name = 氏名
field-evacuation-helpers-address = 住所
field-evacuation-helpers-phone = 電話番号
field-evacuation-helpers-relation = 本人との関係
field-evacuation-helpers-role = 担う役割
field-evacuation-timeline = 避難開始のタイミング
field-evacuation-safety_check_contacts = 安否確認の方法と連絡先
field-evacuation-roster_registered = 避難行動要支援者名簿への登録
field-evacuation-plan_date = 計画の作成・見直し日
field-evacuation-last_drill = 前回の避難訓練日

field-power_sources = 非常用電源
field-power_sources-order = 表示順
field-power_sources-kind = 種類
field-power_sources-name = 名称・機種
field-power_sources-capacity = 容量（Wh）
field-power_sources-max_output = 最大出力（W）
field-power_sources-outlets = コンセントの口数
field-power_sources-pure_sine = 正弦波出力
field-power_sources-inverter_efficiency = 変換効率（%）
field-power_sources-last_checked = 前回の点検日

field-stock = 備蓄品
field-stock-order = 表示順
field-stock-name = 品名
field-stock-category = 分類
field-stock-unit = 数える単位
field-stock-per_day = 1日の使用量
field-stock-on_hand = 在庫
field-stock-hard_to_get = 入手が難しい

field-consents = 情報共有の同意
field-consents-order = 表示順
field-consents-audience = 共有先
field-consents-granted = 同意
field-consents-date = 日付
field-consents-notes = 範囲・備考

field-wishes = 希望・事前指示
field-wishes-resuscitation = 蘇生についての決定
field-wishes-limits = 行うこと・行わないこと
field-wishes-care_wishes = 家族の希望
field-wishes-agreed_with = 話し合った医師・病院
field-wishes-agreed_on = 決定・見直しの日
field-wishes-document_location = 署名した書面の保管場所

field-verifications = 確認の記録
field-verifications-by = 確認した人
field-verifications-role = 役割
field-verifications-on = 確認日

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
view-rescue-medication = { $name }（頓用）
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
app-edit-path = 項目（ドット区切りのパス）
app-edit-value = 新しい値
app-save = 保存
app-cancel = キャンセル
app-share = 共有
app-share-relay = リレーのアドレス
app-invite-editor = 編集者を招待
app-invite-viewer = 閲覧者を招待
app-invite-link = 招待リンク（# の後ろに鍵があります）
app-join = 招待で参加
app-join-scan = 招待のQRコードを読み取る
app-join-paste = またはリンクを貼り付け
app-sync-now = 今すぐ同期
app-sync-status = { $when } に同期済み・未送信 { $pending } 件
app-sync-never = まだ同期していません・未送信 { $pending } 件
app-sync-offline = オフライン：変更は保存され、あとで送られます
app-sync-not-shared = この端末のみ
app-error = できませんでした：{ $reason }
app-history = 変更履歴
app-author-default = 保護者
