## audiences.ftl — what each audience sees: views, readiness scenarios, roster, plan export.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## Power runway scenarios (core/src/readiness/scenario.rs)
readiness-scenario-life-sustaining = Life-sustaining devices only, as usually used
readiness-scenario-everything = Everything running at once
readiness-scenario-line = { $scenario }: about { $hours } h (first to stop: { $device })
readiness-scenario-line-estimate = { $scenario }: about { $hours } h{ estimate-mark } (first to stop: { $device })
readiness-scenario-none = { $scenario }: no device needs power
readiness-scenario-unknown = { $scenario }: cannot be computed (neither watts nor batteries recorded)
readiness-supply-cylinders = { $device } (cylinders)
readiness-estimate = estimate
# The one mark after a figure built on an assumption (readiness lines, views, card, plan).
estimate-mark = {" "}[estimate]
readiness-scenario-device = { $device }: about { $hours } h
readiness-scenario-device-estimate = { $device }: about { $hours } h{ estimate-mark }
readiness-scenario-device-cylinders = { $device }: { $minutes } min on cylinders
readiness-scenario-device-unknown = { $device }: cannot be computed (neither watts nor batteries recorded)
readiness-scenario-outlets = { $count ->
        [one] { $count } outlet
       *[other] { $count } outlets
    } needed, { $watts } W when all are on
readiness-oxygen-alternatives = { $device }: { $cylinders } min on cylinders, or about { $hours } h on the concentrator (one or the other)
readiness-oxygen-alternatives-estimate = { $device }: { $cylinders } min on cylinders, or about { $hours } h on the concentrator{ estimate-mark } (one or the other)
readiness-section-assumptions = What the estimates assume (values not recorded)
readiness-assumption-typical-watts = { $device }: watts not recorded; counted at a typical { $watts } W
readiness-assumption-watts-unknown = { $device }: watts not recorded; left off the backup power, own batteries only
readiness-assumption-battery-age = { $device }: battery age not recorded; counted as { $years } years old (labelled { $labelled } h → { $counted } h)
readiness-assumption-battery-not-recorded = { $device }: no battery recorded; counted as none
readiness-assumption-hours-per-day = { $device }: hours per day not recorded; counted as 24 h
readiness-assumption-suction-duty = { $device }: counted as running { $minutes } min in every hour
readiness-assumption-efficiency = { $source }: inverter efficiency not recorded; counted as { $percent } %

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

## Roster columns and attention reasons (core/src/readiness/roster.rs)
roster-col-age = Age
roster-col-address = Address
roster-col-floor = Floor
roster-col-elevator = Elevator
roster-col-life-sustaining = Life-sustaining devices
roster-col-watts = Total watts (W)
roster-col-outlets = Outlets needed
roster-col-runway-estimate = Runway is an estimate
roster-col-runway-everything = Everything running (h)
roster-col-oxygen-minutes = Oxygen cylinders (min)
roster-col-shortest-stock = Shortest stock (days)
roster-col-hard-to-get = Hard to get
roster-col-lent-units = Lent power units
roster-col-unverified = Unverified sections
roster-attention-stale-weight = weight is old (or its date is not recorded)
roster-attention-cannula-change = cannula change is overdue
roster-attention-tube-change = feeding tube change is overdue
roster-attention-plan-old = plan is over a year old
roster-attention-no-update = no update in 6 months
roster-attention-unverified = some sections are not verified
roster-col-details = Recorded details (every roster item)
