# Tsunagu — English (en) field labels: `field-<serde path with collection ids left out, dots as '-'>`.
# Every id here must also exist in ../ja/fields.ftl, with the same variables (tests check both).
# Joined with the other topic files in core/src/i18n/mod.rs.

## Field labels: the profile.

field-schema = Data format version

field-child = Child
field-child-name = Name
field-child-name_kana = Name in kana
field-child-nickname = Name used at home
field-child-date_of_birth = Date of birth
field-child-sex = Sex
field-child-weight = Weight
field-child-weight-kg = Weight (kg)
field-child-weight-measured_on = Measured on
field-child-height = Height
field-child-height-cm = Height (cm)
field-child-height-measured_on = Measured on
field-child-blood_type = Blood type
field-child-languages = Languages spoken at home
field-child-address = Address
field-child-dwelling = Home
field-child-dwelling-floor = Floor
field-child-dwelling-elevator = Elevator
field-child-dwelling-hazard_zones = Hazard-map zones
field-child-certificates = Certificates
field-child-certificates-physical_disability_grade = Physical disability certificate grade
field-child-certificates-intellectual_disability_grade = Intellectual disability certificate grade
field-child-certificates-pediatric_chronic_disease = Pediatric chronic disease certificate
field-child-certificates-pediatric_chronic_disease_until = Pediatric chronic disease certificate valid until
field-child-life_stage = Daytime setting
field-child-setting_name = Name of nursery, school or service

field-diagnoses = Diagnoses and history
field-diagnoses-order = Display order
field-diagnoses-name = Diagnosis
field-diagnoses-kind = Condition or procedure
field-diagnoses-main = Main diagnosis
field-diagnoses-icd10 = ICD-10 code
field-diagnoses-since = Since
field-diagnoses-notes = Notes

field-avoid = Things to avoid
field-avoid-order = Display order
field-avoid-what = What to avoid
field-avoid-why = Why
field-avoid-kind = Kind

## Field labels: medical devices.

field-devices = Medical devices
field-devices-order = Display order
field-devices-kind = Kind of device
field-devices-maker = Maker
field-devices-model = Model
field-devices-serial = Serial number
field-devices-dealer = Dealer
field-devices-dealer_phone_24h = Dealer's 24-hour phone
field-devices-power = Device power
field-devices-power-needs_mains = Needs mains power
field-devices-power-watts = Power draw (W)
field-devices-power-internal_battery_minutes = Internal battery runtime when new (min)
field-devices-power-internal_battery_age_years = Internal battery age (years)
field-devices-power-external_batteries = External batteries
field-devices-power-external_battery_minutes = Runtime per external battery when new (min)
field-devices-power-external_battery_age_years = External battery age (years)
field-devices-power-charge_time_minutes = Full charge time (min)
field-devices-non_powered_fallback = Fallback without power
field-devices-no_non_powered_fallback = No fallback without power exists
field-devices-settings_reset_on_power_loss = Settings lost after a power cut
field-devices-settings = Settings
field-devices-notes = Notes

field-devices-settings-ventilator = Ventilator settings
field-devices-settings-ventilator-mode = Mode
field-devices-settings-ventilator-rate = Breath rate
field-devices-settings-ventilator-inspiratory_time = Inspiratory time
field-devices-settings-ventilator-pip = PIP (IPAP)
field-devices-settings-ventilator-peep = PEEP (EPAP)
field-devices-settings-ventilator-tidal_volume = Tidal volume
field-devices-settings-ventilator-fio2 = FiO2
field-devices-settings-ventilator-oxygen_flow = Oxygen flow
field-devices-settings-ventilator-alarm_high_pressure = High-pressure alarm
field-devices-settings-ventilator-alarm_low_pressure = Low-pressure alarm
field-devices-settings-ventilator-hours_per_day = Hours per day
field-devices-settings-ventilator-circuit = Circuit
field-devices-settings-ventilator-humidifier = Humidification

field-devices-settings-tracheostomy = Tracheostomy tube
field-devices-settings-tracheostomy-brand = Brand and product
field-devices-settings-tracheostomy-inner_diameter = Inner diameter (mm)
field-devices-settings-tracheostomy-length = Length (mm)
field-devices-settings-tracheostomy-cuffed = Cuffed
field-devices-settings-tracheostomy-cuff_volume = Cuff volume (mL)
field-devices-settings-tracheostomy-spare_smaller_inner_diameter = Spare one size smaller, inner diameter (mm)
field-devices-settings-tracheostomy-last_changed = Last changed
field-devices-settings-tracheostomy-change_interval_days = Change interval (days)
field-devices-settings-tracheostomy-if_dislodged = If it comes out

field-devices-settings-suction = Suction settings
field-devices-settings-suction-catheter_size = Catheter size (Fr)
field-devices-settings-suction-depth = Insertion depth (cm)
field-devices-settings-suction-pressure = Suction pressure (kPa)
field-devices-settings-suction-typical_frequency = Typical frequency

field-devices-settings-oxygen = Oxygen settings
field-devices-settings-oxygen-concentrator_model = Concentrator model
field-devices-settings-oxygen-cylinder_volume = Cylinder volume (L)
field-devices-settings-oxygen-cylinder_pressure = Full-cylinder pressure (MPa)
field-devices-settings-oxygen-cylinder_count = Cylinders at home
field-devices-settings-oxygen-flow_rest = Flow at rest
field-devices-settings-oxygen-flow_sleep = Flow asleep
field-devices-settings-oxygen-flow_exertion = Flow on exertion

field-devices-settings-feeding_tube = Feeding tube
field-devices-settings-feeding_tube-tube_type = Tube type
field-devices-settings-feeding_tube-size = Size (Fr)
field-devices-settings-feeding_tube-shaft_length = Shaft length (mm)
field-devices-settings-feeding_tube-balloon_volume = Balloon volume (mL)
field-devices-settings-feeding_tube-insertion_length = Insertion length at the nostril (cm)
field-devices-settings-feeding_tube-last_changed = Last changed
field-devices-settings-feeding_tube-change_interval_days = Change interval (days)
field-devices-settings-feeding_tube-pump = Feeding pump

field-devices-settings-oximeter = Pulse oximeter alarms
field-devices-settings-oximeter-spo2_low_alarm = Low SpO2 alarm
field-devices-settings-oximeter-pulse_low_alarm = Low pulse alarm
field-devices-settings-oximeter-pulse_high_alarm = High pulse alarm

field-devices-settings-cough_assist = Cough assist settings
field-devices-settings-cough_assist-mode = Mode
field-devices-settings-cough_assist-inhale_pressure = Insufflation pressure
field-devices-settings-cough_assist-exhale_pressure = Exsufflation pressure
field-devices-settings-cough_assist-cycles = Cycles per session

field-devices-settings-pump = Insulin or infusion pump settings
field-devices-settings-pump-drug = Drug delivered
field-devices-settings-pump-concentration = Concentration
field-devices-settings-pump-route = Route
field-devices-settings-pump-rate = Rate (mL/h)
field-devices-settings-pump-dose = Prescribed dose
field-devices-settings-pump-basal_program = Basal program
field-devices-settings-pump-bolus_settings = Bolus settings
field-devices-settings-pump-glucose_target_low = Glucose target, low (mg/dL)
field-devices-settings-pump-glucose_target_high = Glucose target, high (mg/dL)
field-devices-settings-pump-low_glucose_alert = Low-glucose alert (mg/dL)
field-devices-settings-pump-high_glucose_alert = High-glucose alert (mg/dL)
field-devices-settings-pump-sensor = Glucose sensor (CGM)
field-devices-settings-pump-line = Infusion set or line
field-devices-settings-pump-last_site_change = Last set or site change
field-devices-settings-pump-site_change_interval_days = Set change every (days)
field-devices-settings-pump-if_stops = If the pump stops or the line comes out

field-devices-settings-other = Other device settings
field-devices-settings-other-description = Description and settings

## Field labels: daily care, medications, allergies.

field-routines = Daily care
field-routines-order = Display order
field-routines-kind = Kind of care
field-routines-title = Title
field-routines-schedule = Schedule
field-routines-times_per_day = Times per day
field-routines-product = Formula or product
field-routines-volume = Volume each time (mL)
field-routines-rate = Pump rate (mL/h)
field-routines-flush = Water flush after (mL)
field-routines-performed_by = Who may do it
field-routines-performed_by-family = Family
field-routines-performed_by-nurse = Nurses
field-routines-performed_by-trained_staff = Trained care staff
field-routines-steps = Steps
field-routines-normal = What normal looks like

field-medications = Medications
field-medications-order = Display order
field-medications-name = Name
field-medications-strength = Strength
field-medications-dose = Dose
field-medications-route = Route
field-medications-times = Times
field-medications-doses_per_day = Doses per day
field-medications-prescriber = Prescriber
field-medications-pharmacy = Pharmacy
field-medications-tube_compatible = Can go through the feeding tube
field-medications-tube_notes = How to give through the tube
field-medications-days_on_hand = Days of supply at home
field-medications-hard_to_get = Hard to get
field-medications-rescue = Rescue medication
field-medications-rescue_criteria = When to give the rescue medication

field-allergies = Allergies
field-allergies-status = Status
field-allergies-items = Allergies
field-allergies-items-order = Display order
field-allergies-items-agent = Agent
field-allergies-items-reaction = Reaction
field-allergies-items-severity = Severity
field-allergies-items-certainty = Certainty

## Field labels: people.

field-contacts = Emergency contacts
field-contacts-order = Call order
field-contacts-name = Name
field-contacts-relation = Relation
field-contacts-phone = Phone
field-contacts-phone_alt = Other phone
field-contacts-may_decide = May consent to treatment
field-contacts-notes = Notes

field-care_team = Care team
field-care_team-order = Display order
field-care_team-role = Role
field-care_team-name = Name
field-care_team-organization = Organization
field-care_team-phone = Phone (office hours)
field-care_team-phone_24h = 24-hour phone
field-care_team-notes = Notes

field-power_registration = Power company registration
field-power_registration-company = Power company
field-power_registration-registered = Registered
field-power_registration-registered_on = Registered on
field-power_registration-customer_number = Customer number

## Field labels: baseline and emergencies.

field-baseline = Baseline
field-baseline-heart_rate_low = Heart rate, low end
field-baseline-heart_rate_high = Heart rate, high end
field-baseline-respiratory_rate_low = Breathing rate, low end
field-baseline-respiratory_rate_high = Breathing rate, high end
field-baseline-spo2_low = SpO2, low end
field-baseline-spo2_high = SpO2, high end
field-baseline-temperature_low = Temperature, low end
field-baseline-temperature_high = Temperature, high end
field-baseline-consciousness = Consciousness and responsiveness
field-baseline-communicates_pain = How the child shows pain
field-baseline-communicates_yes_no = How the child says yes and no
field-baseline-sick_signs = Signs of being unwell

field-emergency_actions = Emergency actions
field-emergency_actions-order = Display order
field-emergency_actions-problem = Problem
field-emergency_actions-kind = Kind
field-emergency_actions-what_to_do = What to do

## Field labels: evacuation, power and supplies, consent, verification.

field-evacuation = Evacuation plan
field-evacuation-strategies = Strategy per hazard
field-evacuation-strategies-order = Display order
field-evacuation-strategies-hazard = Hazard
field-evacuation-strategies-strategy = Where to be
field-evacuation-strategies-notes = Notes
field-evacuation-destinations = Destinations
field-evacuation-destinations-order = Preference
field-evacuation-destinations-name = Name
field-evacuation-destinations-kind = Kind of place
field-evacuation-destinations-address = Address
field-evacuation-destinations-phone = Phone
field-evacuation-destinations-power = Power for medical devices
field-evacuation-destinations-notes = Notes
field-evacuation-route = Route
field-evacuation-transport = Transport
field-evacuation-helpers = Evacuation helpers
field-evacuation-helpers-order = Display order
field-evacuation-helpers-name = Name
field-evacuation-helpers-address = Address
field-evacuation-helpers-phone = Phone
field-evacuation-helpers-relation = Relation
field-evacuation-helpers-role = What they do
field-evacuation-timeline = When to leave
field-evacuation-safety_check_contacts = Safety check after a disaster
field-evacuation-roster_registered = On the evacuation support roster
field-evacuation-plan_date = Plan made or revised on
field-evacuation-last_drill = Last evacuation drill

field-power_sources = Backup power
field-power_sources-order = Display order
field-power_sources-kind = Kind
field-power_sources-name = Name or model
field-power_sources-capacity = Capacity (Wh)
field-power_sources-max_output = Maximum output (W)
field-power_sources-outlets = AC outlets
field-power_sources-pure_sine = Pure sine-wave output
field-power_sources-inverter_efficiency = Inverter efficiency (%)
field-power_sources-last_checked = Last checked

field-stock = Supplies
field-stock-order = Display order
field-stock-name = Name
field-stock-category = Category
field-stock-unit = Unit counted
field-stock-per_day = Used per day
field-stock-on_hand = On hand
field-stock-hard_to_get = Hard to get

field-consents = Consent to share
field-consents-order = Display order
field-consents-audience = Shared with
field-consents-granted = Consent given
field-consents-date = Date
field-consents-notes = Scope or notes

field-wishes = Wishes and advance directive
field-wishes-resuscitation = Resuscitation decision
field-wishes-limits = What is and is not to be done
field-wishes-care_wishes = The family's wishes
field-wishes-agreed_with = Agreed with
field-wishes-agreed_on = Agreed or reviewed on
field-wishes-document_location = Where the signed document is

field-verifications = Verifications
field-verifications-by = Verified by
field-verifications-role = Role
field-verifications-on = Verified on
