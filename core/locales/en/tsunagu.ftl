# Tsunagu — English (en) messages.
#
# Ids: code-list values are `<prefix>-<value>` (see `code_list!` in core/src/model/units.rs);
# field labels (`field-…`) are in fields.ftl.
# Every id here must also exist in ../ja/tsunagu.ftl, with the same variables (tests check both).

## Labels joined for nested fields (see `Localizer::field_label`).

label-in-group = { $group } › { $field }

## Sections of the profile (Section).

section-child = Child
section-diagnoses = Diagnoses and history
section-avoid = Things to avoid
section-devices = Medical devices
section-routines = Daily care
section-medications = Medications
section-allergies = Allergies
section-contacts = Emergency contacts
section-care_team = Care team
section-power_registration = Power company registration
section-baseline = Baseline
section-emergency_actions = Emergency actions
section-evacuation = Evacuation plan
section-power_sources = Backup power
section-stock = Supplies
section-consents = Consent to share
section-wishes = Wishes and advance directive
section-verifications = Verifications

## Code lists.

verifier-role-coordinator = Medical care coordinator
verifier-role-doctor = Doctor
verifier-role-nurse = Nurse
verifier-role-parent = Parent or guardian
verifier-role-other = Other

sex-female = Female
sex-male = Male
sex-other = Other

life-stage-hospital = In hospital
life-stage-home = At home (no daytime setting)
life-stage-nursery = Nursery or kindergarten
life-stage-school = School
life-stage-special_needs_school = Special-needs school
life-stage-day_service_or_work = Day service or work

device-kind-ventilator = Ventilator
device-kind-tracheostomy = Tracheostomy tube
device-kind-suction = Suction machine
device-kind-oxygen = Home oxygen
device-kind-feeding_tube = Feeding tube
device-kind-oximeter = Pulse oximeter
device-kind-cough_assist = Cough assist
device-kind-pump = Feeding pump
device-kind-insulin_pump = Insulin pump
device-kind-infusion_pump = Infusion pump
device-kind-other = Other device

tube-type-gastrostomy_button = Gastrostomy button
tube-type-gastrostomy_tube = Gastrostomy tube
tube-type-jejunostomy = Jejunostomy tube
tube-type-nasogastric = Nasogastric tube
tube-type-nasojejunal = Nasojejunal tube

avoid-kind-drug = Drug
avoid-kind-procedure = Procedure
avoid-kind-food = Food or feed
avoid-kind-position = Position or handling
avoid-kind-other = Other

routine-kind-feed = Feeding
routine-kind-medication = Medication
routine-kind-suction = Suction
routine-kind-positioning = Positioning
routine-kind-skin_care = Skin and stoma care
routine-kind-catheterization = Catheterization
routine-kind-respiratory = Respiratory care
routine-kind-other = Other

route-oral = By mouth
route-tube = Via feeding tube
route-inhaled = Inhaled
route-topical = On the skin
route-rectal = Rectal
route-injection = Injection
route-subcutaneous = Subcutaneous
route-intravenous = Intravenous
route-buccal = Buccal or intranasal
route-other = Other

allergy-status-none_known = No known allergies
allergy-status-recorded = Allergies listed

severity-mild = Mild
severity-moderate = Moderate
severity-severe = Severe (anaphylaxis)

certainty-suspected = Suspected
certainty-confirmed = Confirmed

problem-kind-desaturation = Low oxygen saturation
problem-kind-tube_out = Tube came out
problem-kind-blocked_cannula = Blocked tracheostomy tube
problem-kind-seizure = Seizure
problem-kind-power_failure = Power failure
problem-kind-fever = Fever
problem-kind-other = Other

care-role-attending_doctor = Attending doctor
care-role-hospital = Hospital (24-hour line)
care-role-family_doctor = Family doctor
care-role-visiting_nurse = Visiting nurse station
care-role-care_plan_consultant = Care-plan consultant
care-role-coordinator = Medical care coordinator
care-role-support_centre = Medical care support centre
care-role-school_nurse = School nurse
care-role-pharmacy = Pharmacy
care-role-dealer = Device dealer
care-role-disaster_hospital = Disaster base hospital
care-role-welfare_commissioner = Welfare commissioner
care-role-other = Other

hazard-earthquake = Earthquake
hazard-flood = Flood or heavy rain
hazard-landslide = Landslide
hazard-tsunami = Tsunami
hazard-typhoon = Typhoon
hazard-blackout = Blackout
hazard-other = Other

strategy-stay_home = Stay at home
strategy-car = Shelter in the car
strategy-hospital = Go to hospital
strategy-welfare_shelter = Welfare shelter
strategy-special_needs_school = Special-needs school
strategy-relatives = Relatives or friends
strategy-general_shelter = General shelter
strategy-other = Other
strategy-not_applicable = Does not apply to this home

power-availability-yes = Yes, backed up
power-availability-generator = Generator only
power-availability-no = No power
power-availability-unknown = Unknown

power-source-kind-power_station = Portable power station
power-source-kind-battery = Spare battery
power-source-kind-car_inverter = Car with inverter
power-source-kind-generator = Generator
power-source-kind-lent_unit = Unit lent by the municipality
power-source-kind-other = Other

stock-category-medication = Medication
stock-category-feed = Formula or feed
stock-category-suction_catheter = Suction catheters
stock-category-tracheostomy_supplies = Tracheostomy supplies
stock-category-feeding_supplies = Tube-feeding supplies
stock-category-oxygen = Oxygen
stock-category-hygiene = Hygiene
stock-category-water = Water
stock-category-other = Other

consent-audience-coordinator = Medical care coordinator
consent-audience-municipality = Municipality (evacuation support, before a disaster)
consent-audience-evacuation_helpers = Evacuation helpers
consent-audience-school = School or nursery
consent-audience-medical = Hospitals and ambulance crews
consent-audience-meis = Registration in MEIS

## Units (symbols as printed after a number).

unit-ml = mL
unit-ml-per-h = mL/h
unit-fr = Fr
unit-mm = mm
unit-cm = cm
unit-kg = kg
unit-kpa = kPa
unit-cmh2o = cmH2O
unit-mpa = MPa
unit-l = L
unit-l-per-min = L/min
unit-w = W
unit-wh = Wh
unit-min = min
unit-h = h
unit-s = s
unit-d = days
unit-y = years
unit-percent = %
unit-per-min = /min
unit-celsius = °C


## Kind of history item (DiagnosisKind).

diagnosis-kind-condition = Condition
diagnosis-kind-procedure = Procedure or surgery

## Resuscitation decision (Resuscitation).

resuscitation-full = Full resuscitation
resuscitation-limited = Limited resuscitation (see limits)
resuscitation-do_not_attempt = Do not attempt resuscitation (DNAR)

## The change log, in words.

history-created = Created the profile
history-updated = Updated the profile
history-set = Changed { $field }
history-cleared = Cleared { $field }
history-added = Added an entry to { $collection }
history-removed = Removed an entry from { $collection }
history-moved = Reordered { $collection }
history-verified = { $by } verified { $section }
history-unverified = Withdrew the verification of { $section }
history-merged-import = Imported changes from a backup
history-author-unknown = Unknown
history-entry = { $time } { $author }: { $summary }

## Readiness: power runway, oxygen, stockpile, post-blackout checklist and actions.

readiness-title = { $name } — disaster readiness
readiness-section-power = Power runway
readiness-total-runway = Power lasts about { $hours } h (first device to stop: { $device })
readiness-no-power-dependency = No life-sustaining device that needs power (ventilator, oxygen concentrator, suction) is recorded
readiness-device-runway = { $device }: about { $hours } h (own batteries { $battery } h + shared backup power { $station } h)
readiness-device-watts = { $device }: { $watts } W
readiness-battery-age-assumed = { $device }: battery age not recorded, counted as 5 years
readiness-station = { $source }: { $usable } Wh usable ({ $capacity } Wh × { $efficiency } % efficiency), about { $hours } h at { $watts } W for all devices
readiness-fuel-source = { $source }: available as long as there is fuel (not counted in hours)
readiness-no-power-sources = No backup power source recorded
readiness-section-oxygen = Oxygen cylinders
readiness-oxygen-cylinder = Cylinder { $volume } L at { $pressure } MPa: { $litres } L usable each
readiness-oxygen-line = { $flow } ({ $rate } L/min): { $minutes } min per cylinder, { $total } min for { $count }
readiness-oxygen-line-one = { $flow } ({ $rate } L/min): { $minutes } min per cylinder (count not recorded)
readiness-oxygen-flow-rest = At rest
readiness-oxygen-flow-sleep = Asleep
readiness-oxygen-flow-exertion = On exertion
readiness-section-stock = Supplies (targets: 3 days to carry, 14 days at home)
readiness-stock-line = { $item }: { $days } days ({ $stock } on hand, { $perday } a day) — { $level }
readiness-stock-unknown = { $item }: days cannot be computed (use per day or amount on hand not recorded)
readiness-section-medications = Medications (target: one week spare)
readiness-medication-line = { $item }: { $days } days — { $level }
readiness-medication-unknown = { $item }: days on hand not recorded
readiness-hard-to-get = hard to get
readiness-supply-below-carry = less than the 3 days to carry
readiness-supply-below-home = enough to carry, less than 14 days at home
readiness-supply-enough = 14 days or more
readiness-supply-unknown = unknown
readiness-section-checklist = When power returns (compare with the stored settings)
readiness-checklist-device-reset = { $device }: loses its settings on power loss — enter them again
readiness-checklist-device = { $device }: check its settings have not changed
readiness-checklist-charge = Recharge the batteries (about { $minutes } min to full)
readiness-checklist-setting = { $label }: { $value }
readiness-checklist-none = No device to check is recorded
readiness-section-actions = What to do
readiness-no-actions = Nothing needs doing now
readiness-not-recorded = not recorded
readiness-severity-urgent = Urgent
readiness-severity-warning = To do
readiness-severity-notice = Note
readiness-action-go-to-powered-destination = Power lasts about { $hours } h. Go now to { $destination }, which has power
readiness-action-find-powered-destination = Power lasts about { $hours } h and no destination with power is recorded. Call the hospital or the support centre now
readiness-action-oxygen-low = Oxygen cylinders run out in about { $minutes } min. Call the oxygen dealer (24 h: { $phone }) for cylinders
readiness-action-prepare-resuscitation-bag = No resuscitation bag is recorded for when the ventilator stops. Keep one at the bedside
readiness-action-prepare-manual-suction = No suction that works without power (manual or foot-operated) is recorded. Get one
readiness-action-prepare-oxygen-cylinders = No oxygen cylinders are recorded for a blackout. Ask the oxygen dealer
readiness-action-call-dealer-old-battery = { $device }: the battery is { $years } years old. Call the dealer (24 h: { $phone }) about a replacement
readiness-action-record-battery-age = { $device }: record the age of the battery
readiness-action-no-backup-power = No backup power. Get a portable power station (ask about the prefecture's loan scheme)
readiness-action-not-pure-sine = { $source } does not give a pure sine wave. Ask the dealer whether the devices may run on it
readiness-action-output-too-low = { $source } gives at most { $max } W, less than the { $total } W all devices draw
readiness-action-too-few-outlets = { $source } has { $outlets } outlets for { $devices } devices that need power. Decide in advance which to plug in
readiness-action-stock-below-carry = Only { $days } days of { $item } (less than the 3 days to carry). Restock
readiness-action-hard-to-get-low = { $days } days of hard-to-get { $item } (less than 14 days at home). Order early
readiness-action-medication-refill = { $days } days of { $item } (less than one week spare). Get the prescription early

## Coordinator roster.

roster-col-id = Profile id
roster-col-name = Name
roster-col-kana = Kana
roster-col-powered-devices = Devices needing power
roster-col-runway-hours = Power runway (h)
roster-col-governing-device = First device to stop
roster-col-destination = Destination
roster-col-destination-power = Power at destination
roster-col-plan-date = Plan date
roster-col-last-drill = Last drill
roster-col-updated = Last updated
roster-col-missing = Missing
roster-missing-no-helpers = no evacuation helper
roster-missing-no-destination = no destination
roster-missing-no-powered-destination = no destination with power
roster-missing-no-plan-date = no plan date
roster-missing-drill-overdue = no drill in 12 months
roster-missing-no-power-registration = not registered with the power company
roster-missing-not-on-municipal-roster = not on the municipal support roster
roster-missing-allergies-not-recorded = allergies not recorded
roster-missing-no-emergency-contact = no emergency contact

## Audience views (shelter, EMS, caregiver).

view-title-shelter = { $name } — for shelter staff
view-title-ems = { $name } — emergency information
view-title-caregiver = { $name } — for caregivers
view-no-name = (name not recorded)
view-list-sep = { ", " }
view-part = { $label }: { $value }
view-with-note = { $text } ({ $note })
view-not-recorded = not recorded
view-nothing-recorded = Nothing recorded
view-stale-weight = Weight measured on { $date }, more than { $months } months ago: weigh again
view-stale-weight-undated = The date of the weight is not recorded
view-stale-tracheostomy = The cannula change was due on { $date }
view-stale-feeding-tube = The feeding tube change was due on { $date }
view-stale-drill = Last evacuation drill on { $date }, more than { $months } months ago
view-stale-drill-never = No evacuation drill recorded
view-dealer-label = Dealer for the { $device }: { $dealer }
view-phone-24h = 24-hour line
view-team-label = { $role }: { $who }
view-section-life-support = What keeps the child alive
view-section-never-do = Never do
view-section-call = Whom to call
view-section-power = Power runway and what to do
view-section-prepare = What to prepare
view-section-plan = Evacuation plan
view-about-hours = about { $hours } h
view-runway-split = own batteries { $battery } h + shared backup power { $station } h
view-power-total = Power lasts
view-first-to-stop = first device to stop: { $device }
view-station-detail = { $usable } Wh usable of { $capacity } Wh
view-fuel-source = as long as there is fuel
view-outlets-label = Outlets and power
view-outlets = { $outlets } outlets, { $watts } W in all
view-oxygen-minutes = cylinders last about { $minutes } min
view-flush = water flush { $volume }
view-destination-power = power: { $power }
view-section-diagnoses = Diagnoses
view-section-avoid = Things to avoid and why
view-why-not-recorded = reason not recorded
view-section-allergies = Allergies
view-allergies-none-known = None known
view-allergies-not-recorded = Not recorded (not asked)
view-section-baseline = Baseline vital signs
view-vital-spo2 = Usual SpO2
view-vital-heart-rate = Usual heart rate
view-vital-respiratory-rate = Usual breathing rate
view-vital-temperature = Usual temperature
view-section-devices = Devices, sizes and settings
view-trach-id = ID { $size }
view-trach-length = length { $length }
view-cuffless = cuffless
view-cuffed = cuffed
view-cuffed-volume = cuffed ({ $volume })
view-trach-spare = spare { $size }
view-suction-depth = depth { $depth }
view-oxygen-cylinders = cylinders { $volume } × { $count }
view-tube-shaft = shaft { $length }
view-tube-balloon = balloon { $volume }
view-tube-insertion = inserted { $length }
view-pulse-alarms = pulse alarms { $range }
view-section-medications = Medications
view-rescue-medication = { $name } ({ $rescue })
view-rescue-when = give when: { $criteria }
view-section-problems = Common problems and what to do
view-section-care-team = Care team
view-section-routines = Daily care
view-section-routine = Daily care
view-routine-title = { $title } ({ $kind })
view-routine-what = What
view-step = Step { $n }
view-section-communication = Communication
view-section-normal = What normal looks like
view-section-sick = What sick looks like, and what to do
view-priority-red = RED
view-priority-amber = AMBER
view-priority-green = GREEN
view-as-of = as of { $date }
view-stale-mark = Out of date: { $warning }

## Shelter QR: the plain-text summary (share::qr)
qr-title = [EMERGENCY INFO: child with medical care needs]{" "}
qr-self-reported = Self-reported by family
qr-name = Name
qr-born = Born
qr-age = age { $years }
qr-weight = Weight
qr-life-support = Life support
qr-needs-power = Needs power
qr-runway = power ~{ $hours } h
qr-never = Never
qr-spo2 = Usual SpO2
qr-allergies = Allergies
qr-contact = Emergency contact
qr-hospital-24h = Hospital (24 h)

## Printable card (share::card)
card-self-reported = Self-reported by the family
card-made = Made on { $made }
card-dates = Made on { $made } · last updated { $updated }
card-changed = Changed by { $who } on { $date }
card-changed-on = Changed on { $date }
card-verified = Verified by { $who }, { $role }, on { $date }
card-qr-caption = Scan with any phone camera to read the key points as text (no network needed)
card-footer = Made with Tsunagu from the family's records. Items without "Verified" have not been checked by a professional. Items marked ⚠ need updating.

## 個別避難計画 export (share::plan)
plan-title = Individual evacuation plan — { $name }
plan-made = Made from the records as of { $date }
plan-legal-note = ● "Legal" marks the items the Disaster Countermeasures Basic Act (art. 49-14) requires in an individual evacuation plan. Rows marked "Missing" need filling in.
plan-footer = Made with Tsunagu from the family's records. Giving it to the municipality needs the family's consent (see "Consent to share").
plan-section-person = Person needing support
plan-section-helpers = Evacuation helpers
plan-section-destinations = Destinations and route
plan-section-hazards = What to do per hazard
plan-section-timeline = When to leave and the safety check
plan-section-power = Power and rosters
plan-section-consent = Consent to share
plan-section-dates = Plan and drills
plan-contact = Contact (first emergency contact)
plan-reason = Why support is needed
plan-reason-devices = Medical care ({ $devices })
plan-reason-power = Medical devices need power
plan-reason-diagnoses = Diagnoses: { $diagnoses }
plan-nth-item = { $group } { $n } › { $field }
plan-yes = Yes
plan-no = No
plan-none = None
plan-consent-granted = Consent given
plan-consent-refused = Refused or withdrawn
plan-col-section = Section
plan-col-item = Item
plan-col-value = Value
plan-col-legal = Legal
plan-col-missing = Missing
plan-mark = ●
## FHIR IPS export (share::ips)
ips-title = International Patient Summary
ips-section-medications = Medication summary
ips-section-allergies = Allergies and intolerances
ips-section-problems = Problem list
ips-section-devices = Medical devices
ips-section-functional-status = Functional status (baseline)
ips-section-plan-of-care = Plan of care
ips-section-advance-directives = Advance directives
ips-medications-no-info = No information about medications
ips-problems-no-info = No information about problems
ips-functional-status-description = What is usual for this child
## App shells (android/, ios/): the apps' own words, read through tsunagu_ffi::message
app-title = Tsunagu
app-profiles = Children
app-add-sample = Add the sample child
app-add-empty = Add a child
app-no-profiles = No profiles yet.
app-view-shelter = Shelter
app-view-ems = Paramedics
app-view-caregiver = Caregiver
app-readiness = Readiness
app-card = Card
app-card-print = Print
app-qr = Shelter QR
app-edit = Edit
app-add-device = Add a device
app-add-entry = Add
app-confirm-title = Unusual values
app-confirm-save = Checked, save
app-review-keep = Keep this value
app-review-title = Fields to check
app-save = Save
app-cancel = Cancel
app-share = Share
app-share-relay = Relay address
app-invite-editor = Invite an editor
app-invite-viewer = Invite a viewer
app-invite-link = Invite link (after # is the one-time invite secret; it holds no key)
app-join = Join with an invite
app-join-scan = Scan the invite QR code
app-join-paste = Or paste the link
app-join-waiting = Joined. The profile's key arrives when the owner's device next syncs; then tap Sync now to read the profile
app-join-offline = Joined, but the relay cannot be reached, so the profile has not arrived yet; tap Sync now later
app-sync-now = Sync now
app-sync-status = Synced { $when }; { $pending } change(s) waiting
app-sync-never = Not synced yet; { $pending } change(s) waiting
app-sync-offline = Offline: changes are kept and sent later
app-sync-not-shared = Only on this device
app-error = Could not do that: { $reason }
app-history = History
app-author-default = Parent
