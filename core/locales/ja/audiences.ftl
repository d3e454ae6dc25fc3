## audiences.ftl — what each audience sees: views, readiness scenarios, roster, plan export.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## Power runway scenarios (core/src/readiness/scenario.rs)
readiness-scenario-life-sustaining = 命を支える機器だけ（ふだんの使い方）
readiness-scenario-everything = すべての機器を同時に使うと
readiness-scenario-line = { $scenario }: 約 { $hours } 時間（最初に止まるもの: { $device }）
readiness-scenario-line-estimate = { $scenario }: 約 { $hours } 時間{ estimate-mark }（最初に止まるもの: { $device }）
readiness-scenario-none = { $scenario }: 電源が必要な機器はありません
readiness-scenario-unknown = { $scenario }: 計算できません（消費電力もバッテリーも未登録）
readiness-supply-cylinders = { $device }（酸素ボンベ）
readiness-estimate = 推定
# The one mark after a figure built on an assumption (readiness lines, views, card, plan).
estimate-mark = 〔推定〕
readiness-scenario-device = { $device }: 約 { $hours } 時間
readiness-scenario-device-estimate = { $device }: 約 { $hours } 時間{ estimate-mark }
readiness-scenario-device-cylinders = { $device }: 酸素ボンベで { $minutes } 分
readiness-scenario-device-unknown = { $device }: 計算できません（消費電力もバッテリーも未登録）
readiness-scenario-outlets = 必要なコンセント { $count } 口、すべて使うと合計 { $watts } W
readiness-oxygen-alternatives = { $device }: 酸素ボンベで { $cylinders } 分、または濃縮器を電源で約 { $hours } 時間（どちらか）
readiness-oxygen-alternatives-estimate = { $device }: 酸素ボンベで { $cylinders } 分、または濃縮器を電源で約 { $hours } 時間{ estimate-mark }（どちらか）
readiness-section-assumptions = 推定の根拠（登録されていない値）
readiness-assumption-typical-watts = { $device }: 消費電力が未登録のため、一般的な { $watts } W として計算
readiness-assumption-watts-unknown = { $device }: 消費電力が未登録のため、予備電源では計算せず本体バッテリーだけで計算
readiness-assumption-battery-age = { $device }: バッテリーの使用年数が未登録のため { $years } 年として計算（表示 { $labelled } 時間 → { $counted } 時間）
readiness-assumption-battery-not-recorded = { $device }: バッテリーが未登録のため、バッテリーなしとして計算
readiness-assumption-hours-per-day = { $device }: 1 日の使用時間が未登録のため 24 時間として計算
readiness-assumption-suction-duty = { $device }: 1 時間に { $minutes } 分動かすとして計算
readiness-assumption-efficiency = { $source }: 変換効率が未登録のため { $percent } % として計算

## Audience views: additions of issue 10 (views built from docs/audiences.md).

view-section-more = その他の記録
view-section-identity = 本人について
view-age-label = 年齢・生年月日
view-age-value = { $age }（{ $dob } 生まれ）
view-age-years = { $years } 歳
view-age-years-months = { $years } 歳 { $months } か月
view-section-airway = 気道（気管切開）
view-section-rescue = 緊急時の薬：使うときと量
view-section-usual = ふだんの SpO2・アラーム設定・バイタル
view-section-other-devices = その他の機器
view-section-wishes = 希望・事前指示
view-resuscitation-not-recorded = 記録なし（決定の記録はない：通常の救急対応）
view-glucose-target = 目標血糖 { $range }
view-no-fallback = { $label }：電源を切らさないこと
view-dealer-line = { $dealer }、24時間 { $phone }
view-stock-days = 約 { $days } 日分

## Roster columns and attention reasons (core/src/readiness/roster.rs)
roster-col-age = 年齢
roster-col-address = 住所
roster-col-floor = 階
roster-col-elevator = エレベーター
roster-col-life-sustaining = 命を支える機器
roster-col-watts = 消費電力の合計（W）
roster-col-outlets = 必要なコンセント数
roster-col-runway-estimate = 持ち時間は推定
roster-col-runway-everything = すべて同時に使うと（時間）
roster-col-oxygen-minutes = 酸素ボンベ（分）
roster-col-shortest-stock = 最も少ない備蓄（日）
roster-col-hard-to-get = 入手困難な物
roster-col-lent-units = 貸与の電源
roster-col-unverified = 未確認のセクション
roster-attention-stale-weight = 体重が古い（または測定日が未登録）
roster-attention-cannula-change = カニューレ交換の予定日を過ぎている
roster-attention-tube-change = 胃ろう等のチューブ交換の予定日を過ぎている
roster-attention-plan-old = 計画の作成から 1 年以上たっている
roster-attention-no-update = 6 か月以上更新がない
roster-attention-unverified = 確認されていないセクションがある
roster-col-details = 記録されている内容（名簿に載せる項目すべて）
