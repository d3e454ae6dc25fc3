## entry.ftl — forms, input normalization, plausibility warnings, review of concurrent values.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## What a field expects (input normalization errors).
entry-expected-number = 数字で入力してください（例: 6 { $unit }）
entry-expected-date = 日付で入力してください（例: 2024-04-01、2024/4/1、令和6年4月1日）
entry-expected-times = 時刻で入力してください（例: 8:00、20:00）
entry-expected-choice = 次から選んでください: { $options }
entry-expected-yes-no = 「はい」か「いいえ」で入力してください
entry-expected-phone = 電話番号で入力してください（例: 090-1234-5678、096-123-4567）
entry-expected-text-up-to = { $max }文字以内で入力してください
entry-field-error = { $field }: { $expected }

## Plausibility warnings (to confirm, not errors).
entry-field-warning = { $field }: { $reason }
entry-warn-outside-usual = ふつうは { $low }〜{ $high } { $unit } です。この値で合っていますか
entry-warn-fio2-fraction = FiO2 は % で入力します（0.4 ではなく 40）。この値で合っていますか
entry-warn-rate-for-age = { $age }歳のふつうの設定回数は { $low }〜{ $high } 回/分です。この値で合っていますか
entry-warn-tidal-volume = 記録された体重ではふつう { $low }〜{ $high } mL（体重1kgあたり4〜10 mL）です。この値で合っていますか
entry-warn-catheter = カニューレの内径からみて吸引カテーテルはふつう { $max } Fr 以下です。この値で合っていますか
entry-warn-weight-for-age = { $age }歳としては大きく外れた体重です。この値で合っていますか
entry-warn-height-for-age = { $age }歳としては大きく外れた身長です。この値で合っていますか
entry-warn-birth-long-ago = 30年以上前の生年月日です。この日付で合っていますか
entry-needs-confirmation = 確認が必要な値があります。正しければ確認してから保存してください
history-confirmed = { $field }のふだんと違う値を確認しました
entry-viewer-cannot-edit = この端末は閲覧のみの参加者です。表示と同期はできますが、編集はできません（編集は所有者か編集者の端末で）

## Rules of the profile refused on a form, against their field (core/src/form/violations.rs).
entry-field-required = { $field }: 入力してください（必須です）
entry-field-not-accepted = { $field }: この値では保存できません。入力を見直してください
entry-rule-allergy-status-needed = { $field }: アレルギーを一覧に入れるときは「あり（一覧のとおり）」にしてください
entry-rule-allergy-none-known = { $field }: 「既知のアレルギーなし」のままではアレルギーを一覧に入れられません。「あり（一覧のとおり）」にしてください
entry-rule-low-high = { $field }: 低い側の値が高い側の値を超えています（例: PEEP が PIP より高い、下限が上限より高い）
