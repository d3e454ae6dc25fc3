## audiences.ftl — what each audience sees: views, readiness scenarios, roster, plan export.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

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
