//! Medical devices: what each is, who services it, how it is powered, and its kind-specific
//! settings (ventilator, tracheostomy, suction, oxygen, feeding tube, oximeter, cough assist).

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::MedicationRoute;
use super::collection::entity;
use super::units::{
    Centimetres, CmH2O, Count, Date, Days, French, Hours, Kilopascals, Litres, LitresPerMinute, Megapascals,
    MilligramsPerDecilitre, Millilitres, MillilitresPerHour, Millimetres, Minutes, Note, PerMinute, Percent,
    Seconds, Watts, Years, code_list,
};

code_list! {
    /// Kind of medical device.
    DeviceKind, fluent = "device-kind", {
        /// Home ventilator (invasive or NPPV).
        Ventilator = "ventilator",
        /// Tracheostomy cannula.
        Tracheostomy = "tracheostomy",
        /// Suction machine.
        Suction = "suction",
        /// Oxygen concentrator and cylinders.
        Oxygen = "oxygen",
        /// Gastrostomy, jejunostomy or nasogastric tube.
        FeedingTube = "feeding_tube",
        /// Pulse oximeter.
        Oximeter = "oximeter",
        /// Cough assist (mechanical insufflation–exsufflation).
        CoughAssist = "cough_assist",
        /// Feeding pump (or another pump not listed).
        Pump = "pump",
        /// Insulin pump (subcutaneous).
        InsulinPump = "insulin_pump",
        /// Infusion pump for a continuous drug (subcutaneous or intravenous).
        InfusionPump = "infusion_pump",
        /// Anything else (shunt, catheter, dialysis…).
        Other = "other",
    }
}

/// One medical device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Display order among devices.
    #[serde(default)]
    pub order: f64,
    /// What kind of device it is; decides which settings apply.
    pub kind: DeviceKind,
    /// Maker.
    pub maker: Option<String>,
    /// Model name.
    pub model: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// Dealer (取扱業者) name.
    pub dealer: Option<String>,
    /// Dealer's 24-hour phone.
    pub dealer_phone_24h: Option<String>,
    /// How it is powered.
    #[serde(default)]
    pub power: DevicePower,
    /// What to use when it has no power (bag, HME, manual suction, cylinder…).
    pub non_powered_fallback: Option<String>,
    /// True when it has been checked that nothing can stand in for it without power: the
    /// shelter must keep it powered. Distinct from a fallback not recorded.
    pub no_non_powered_fallback: Option<bool>,
    /// True when the device forgets its settings after a power loss.
    pub settings_reset_on_power_loss: Option<bool>,
    /// Kind-specific settings; only the part matching `kind` is filled.
    #[serde(default)]
    pub settings: DeviceSettings,
    /// Anything else worth knowing.
    pub notes: Option<Note>,
}
entity!(Device, "dev");

impl Device {
    /// A device of `kind` with its settings group present and every field empty.
    pub fn new(kind: DeviceKind) -> Self {
        Self {
            order: 0.0,
            kind,
            maker: None,
            model: None,
            serial: None,
            dealer: None,
            dealer_phone_24h: None,
            power: DevicePower::default(),
            non_powered_fallback: None,
            no_non_powered_fallback: None,
            settings_reset_on_power_loss: None,
            settings: DeviceSettings::for_kind(kind),
            notes: None,
        }
    }
}

/// Power needs and batteries of a device.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct DevicePower {
    /// False for devices that need no electricity.
    pub needs_mains: Option<bool>,
    /// Typical draw in watts.
    pub watts: Option<Watts>,
    /// Runtime on the internal battery when new, in minutes.
    pub internal_battery_minutes: Option<Minutes>,
    /// Age of the internal battery in years.
    pub internal_battery_age_years: Option<Years>,
    /// Number of dedicated external batteries.
    pub external_batteries: Option<Count>,
    /// Runtime per external battery when new, in minutes.
    pub external_battery_minutes: Option<Minutes>,
    /// Age of the external batteries in years.
    pub external_battery_age_years: Option<Years>,
    /// Time to charge the batteries fully, in minutes.
    pub charge_time_minutes: Option<Minutes>,
}

/// Kind-specific settings. Exactly the group matching the device's kind is present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceSettings {
    /// Ventilator settings.
    pub ventilator: Option<VentilatorSettings>,
    /// Tracheostomy cannula.
    pub tracheostomy: Option<TracheostomySettings>,
    /// Suction.
    pub suction: Option<SuctionSettings>,
    /// Oxygen.
    pub oxygen: Option<OxygenSettings>,
    /// Feeding tube.
    pub feeding_tube: Option<FeedingTubeSettings>,
    /// Pulse oximeter.
    pub oximeter: Option<OximeterSettings>,
    /// Cough assist.
    pub cough_assist: Option<CoughAssistSettings>,
    /// Insulin or infusion pump.
    pub pump: Option<PumpSettings>,
    /// Pump or other device.
    pub other: Option<OtherDeviceSettings>,
}

impl DeviceSettings {
    /// Settings with only the group for `kind` present (and empty).
    pub fn for_kind(kind: DeviceKind) -> Self {
        let mut s = Self::default();
        match kind {
            DeviceKind::Ventilator => s.ventilator = Some(Default::default()),
            DeviceKind::Tracheostomy => s.tracheostomy = Some(Default::default()),
            DeviceKind::Suction => s.suction = Some(Default::default()),
            DeviceKind::Oxygen => s.oxygen = Some(Default::default()),
            DeviceKind::FeedingTube => s.feeding_tube = Some(Default::default()),
            DeviceKind::Oximeter => s.oximeter = Some(Default::default()),
            DeviceKind::CoughAssist => s.cough_assist = Some(Default::default()),
            DeviceKind::InsulinPump | DeviceKind::InfusionPump => s.pump = Some(Default::default()),
            DeviceKind::Pump | DeviceKind::Other => s.other = Some(Default::default()),
        }
        s
    }

    /// Fills in the group for `kind` when no group is present, so the group exists as soon as
    /// the device does: two devices filling its first settings then edit fields of one map
    /// instead of creating two competing groups.
    pub fn ensure_group(&mut self, kind: DeviceKind) {
        if self.present_groups().is_empty() {
            *self = Self::for_kind(kind);
        }
    }

    /// Names of the groups that are present (normally exactly one).
    pub fn present_groups(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.ventilator.is_some() {
            v.push("ventilator");
        }
        if self.tracheostomy.is_some() {
            v.push("tracheostomy");
        }
        if self.suction.is_some() {
            v.push("suction");
        }
        if self.oxygen.is_some() {
            v.push("oxygen");
        }
        if self.feeding_tube.is_some() {
            v.push("feeding_tube");
        }
        if self.oximeter.is_some() {
            v.push("oximeter");
        }
        if self.cough_assist.is_some() {
            v.push("cough_assist");
        }
        if self.pump.is_some() {
            v.push("pump");
        }
        if self.other.is_some() {
            v.push("other");
        }
        v
    }
}

/// Home ventilator settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct VentilatorSettings {
    /// Mode as shown on the device (e.g. "SIMV(PC)", "S/T").
    pub mode: Option<String>,
    /// Set breath rate, per minute.
    pub rate: Option<PerMinute>,
    /// Inspiratory time, seconds.
    pub inspiratory_time: Option<Seconds>,
    /// PIP or IPAP, cmH2O.
    pub pip: Option<CmH2O>,
    /// PEEP or EPAP, cmH2O.
    pub peep: Option<CmH2O>,
    /// Tidal volume, mL.
    pub tidal_volume: Option<Millilitres>,
    /// FiO2, percent (when blended).
    pub fio2: Option<Percent>,
    /// Oxygen bled in, L/min.
    pub oxygen_flow: Option<LitresPerMinute>,
    /// High-pressure alarm, cmH2O.
    pub alarm_high_pressure: Option<CmH2O>,
    /// Low-pressure alarm, cmH2O.
    pub alarm_low_pressure: Option<CmH2O>,
    /// Hours per day on the ventilator.
    pub hours_per_day: Option<Hours>,
    /// Circuit type (single limb with exhalation valve, double limb…).
    pub circuit: Option<String>,
    /// Humidifier (heated humidifier, HME).
    pub humidifier: Option<String>,
}

/// Tracheostomy cannula.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct TracheostomySettings {
    /// Brand and product.
    pub brand: Option<String>,
    /// Inner diameter, mm.
    pub inner_diameter: Option<Millimetres>,
    /// Length, mm.
    pub length: Option<Millimetres>,
    /// Whether it has a cuff.
    pub cuffed: Option<bool>,
    /// Cuff volume, mL.
    pub cuff_volume: Option<Millilitres>,
    /// Inner diameter of the spare one size smaller, mm.
    pub spare_smaller_inner_diameter: Option<Millimetres>,
    /// Last change.
    pub last_changed: Option<Date>,
    /// Change interval in days.
    pub change_interval_days: Option<Days>,
    /// What to do if it comes out.
    pub if_dislodged: Option<Note>,
}

/// Suction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct SuctionSettings {
    /// Catheter size, Fr.
    pub catheter_size: Option<French>,
    /// Insertion depth, cm.
    pub depth: Option<Centimetres>,
    /// Suction pressure, kPa.
    pub pressure: Option<Kilopascals>,
    /// How often, typically ("every 1–2 h", "before feeds").
    pub typical_frequency: Option<String>,
}

/// Oxygen supply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct OxygenSettings {
    /// Concentrator model.
    pub concentrator_model: Option<String>,
    /// Cylinder water capacity, L.
    pub cylinder_volume: Option<Litres>,
    /// Full-cylinder gauge pressure, MPa.
    pub cylinder_pressure: Option<Megapascals>,
    /// Cylinders at home.
    pub cylinder_count: Option<Count>,
    /// Flow at rest, L/min.
    pub flow_rest: Option<LitresPerMinute>,
    /// Flow asleep, L/min.
    pub flow_sleep: Option<LitresPerMinute>,
    /// Flow on exertion, L/min.
    pub flow_exertion: Option<LitresPerMinute>,
}

code_list! {
    /// Kind of enteral tube.
    TubeType, fluent = "tube-type", {
        /// Gastrostomy button (low profile).
        GastrostomyButton = "gastrostomy_button",
        /// Gastrostomy tube.
        GastrostomyTube = "gastrostomy_tube",
        /// Gastrojejunal / jejunostomy tube.
        Jejunostomy = "jejunostomy",
        /// Nasogastric tube.
        Nasogastric = "nasogastric",
        /// Nasojejunal tube.
        Nasojejunal = "nasojejunal",
    }
}

/// Feeding tube.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct FeedingTubeSettings {
    /// Type of tube.
    pub tube_type: Option<TubeType>,
    /// Size, Fr.
    pub size: Option<French>,
    /// Shaft length (buttons), mm.
    pub shaft_length: Option<Millimetres>,
    /// Balloon water volume, mL.
    pub balloon_volume: Option<Millilitres>,
    /// Insertion length at the nostril (NG), cm.
    pub insertion_length: Option<Centimetres>,
    /// Last change.
    pub last_changed: Option<Date>,
    /// Change interval in days.
    pub change_interval_days: Option<Days>,
    /// Feeding pump, if any.
    pub pump: Option<String>,
}

/// Pulse oximeter alarm limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct OximeterSettings {
    /// Low SpO2 alarm, percent.
    pub spo2_low_alarm: Option<Percent>,
    /// Low pulse alarm, per minute.
    pub pulse_low_alarm: Option<PerMinute>,
    /// High pulse alarm, per minute.
    pub pulse_high_alarm: Option<PerMinute>,
}

/// Cough assist settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct CoughAssistSettings {
    /// Mode (auto / manual).
    pub mode: Option<String>,
    /// Insufflation pressure, cmH2O.
    pub inhale_pressure: Option<CmH2O>,
    /// Exsufflation pressure (magnitude), cmH2O.
    pub exhale_pressure: Option<CmH2O>,
    /// Cycles per session.
    pub cycles: Option<Count>,
}

/// Insulin or infusion pump: what it delivers, how fast, and what to do when it stops.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct PumpSettings {
    /// What it delivers (insulin aspart, epoprostenol…).
    pub drug: Option<String>,
    /// Concentration as written (100 U/mL, 15,000 ng/mL).
    pub concentration: Option<String>,
    /// Route (subcutaneous or intravenous).
    pub route: Option<MedicationRoute>,
    /// Continuous rate, mL/h (infusion pumps).
    pub rate: Option<MillilitresPerHour>,
    /// Prescribed dose as written (20 ng/kg/min; total basal 6.2 U/day).
    pub dose: Option<String>,
    /// Insulin basal program by time of day, one period per line.
    pub basal_program: Option<Note>,
    /// Insulin bolus settings: carbohydrate ratio, correction factor, active insulin time.
    pub bolus_settings: Option<Note>,
    /// Glucose target, low end, mg/dL.
    pub glucose_target_low: Option<MilligramsPerDecilitre>,
    /// Glucose target, high end, mg/dL.
    pub glucose_target_high: Option<MilligramsPerDecilitre>,
    /// Low-glucose alert, mg/dL.
    pub low_glucose_alert: Option<MilligramsPerDecilitre>,
    /// High-glucose alert, mg/dL.
    pub high_glucose_alert: Option<MilligramsPerDecilitre>,
    /// Linked glucose sensor (CGM), if any.
    pub sensor: Option<String>,
    /// Infusion set or line (cannula type and length, central line, port).
    pub line: Option<String>,
    /// Last change of the set or site.
    pub last_site_change: Option<Date>,
    /// Set or site change interval in days.
    pub site_change_interval_days: Option<Days>,
    /// What to do if it stops, alarms or the line comes out (backup pens, spare pump…).
    pub if_stops: Option<Note>,
}

/// Settings of a pump or another device, in words.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct OtherDeviceSettings {
    /// What it is and how it is set.
    pub description: Option<String>,
}
