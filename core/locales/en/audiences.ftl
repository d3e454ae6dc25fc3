## audiences.ftl — what each audience sees: views, readiness scenarios, roster, plan export.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## Audience views: additions of issue 10 (views built from docs/audiences.md).

view-section-more = Also recorded
view-section-identity = Who the child is
view-age-label = Age and date of birth
view-age-value = { $age } (born { $dob })
view-age-years = { $years } years
view-age-years-months = { $years } years { $months } months
view-section-airway = Airway (tracheostomy)
view-section-rescue = Rescue medicines: when and how much
view-section-usual = Usual SpO2, alarm limits and vital signs
view-section-other-devices = Other devices
view-section-wishes = Wishes and advance directive
view-resuscitation-not-recorded = Not recorded (no decision on record: usual emergency care)
view-glucose-target = glucose target { $range }
view-no-fallback = { $label }: keep it powered
view-dealer-line = { $dealer }, 24-hour line { $phone }
view-stock-days = lasts about { $days } days
