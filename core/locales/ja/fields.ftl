# Tsunagu — Japanese (ja) field labels: `field-<serde path with collection ids left out, dots as '-'>`.
# Every id here must also exist in ../en/fields.ftl, with the same variables (tests check both).
# Joined with the other topic files in core/src/i18n/mod.rs.

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
