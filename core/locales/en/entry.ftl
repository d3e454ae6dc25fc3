## entry.ftl — forms, input normalization, plausibility warnings, review of concurrent values.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## What a field expects (input normalization errors).
entry-expected-number = enter a number (e.g. 6 { $unit })
entry-expected-date = enter a date (e.g. 2024-04-01, 2024/4/1, 令和6年4月1日)
entry-expected-times = enter times of day (e.g. 8:00, 20:00)
entry-expected-choice = choose one of: { $options }
entry-expected-yes-no = enter yes or no
entry-expected-phone = enter a phone number (e.g. 090-1234-5678, 096-123-4567)
entry-expected-text-up-to = enter at most { $max } characters
entry-field-error = { $field }: { $expected }

## Plausibility warnings (to confirm, not errors).
entry-field-warning = { $field }: { $reason }
entry-warn-outside-usual = usually { $low }–{ $high } { $unit }. Is this value right?
entry-warn-fio2-fraction = FiO2 is entered in % (40, not 0.4). Is this value right?
entry-warn-rate-for-age = at { $age } years the usual set rate is { $low }–{ $high }/min. Is this value right?
entry-warn-tidal-volume = for the recorded weight, usually { $low }–{ $high } mL (4–10 mL per kg). Is this value right?
entry-warn-catheter = for the cannula's inner diameter, a suction catheter is usually at most { $max } Fr. Is this value right?
entry-warn-weight-for-age = far outside the usual weight for { $age } years. Is this value right?
entry-warn-height-for-age = far outside the usual height for { $age } years. Is this value right?
entry-warn-birth-long-ago = a date of birth more than 30 years ago. Is this date right?
entry-needs-confirmation = some values need a confirmation; confirm them if they are right, then save
history-confirmed = confirmed the unusual value of { $field }
entry-viewer-cannot-edit = this device is a viewer: it can show and sync the profile but not edit it (edit on the owner's or an editor's device)

## Rules of the profile refused on a form, against their field (core/src/form/violations.rs).
entry-field-required = { $field }: this is required
entry-field-not-accepted = { $field }: this value cannot be saved; check what was entered
entry-rule-allergy-status-needed = { $field }: to list allergies, set it to "Allergies listed"
entry-rule-allergy-none-known = { $field }: allergies cannot be listed while it says "no known allergies"; set it to "Allergies listed"
entry-rule-low-high = { $field }: the low value is above the high one (e.g. PEEP above PIP, a low end above its high end)
