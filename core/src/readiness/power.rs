//! Power runway: how long each powered device keeps running in a blackout, and how long the child
//! is safe, from the devices' batteries (age-adjusted) and the power sources at home.
//!
//! # The model
//!
//! - **Battery ageing.** DOMAIN.md: "lead batteries lose capacity with age (5 h new → 2–3 h after
//!   5 years)". We take the middle of that range: capacity falls linearly by 10 % of the new
//!   runtime per year, to 50 % at 5 years, and keeps falling to a floor of 40 % (the low end,
//!   2 h of 5 h) — see [`battery_capacity_factor`]. A battery whose age is not recorded is
//!   assumed to be 5 years old (factor 0.5) and flagged, so an unknown never looks better than
//!   an old battery.
//! - **Which devices need power.** A device with `needs_mains == Some(false)` needs none. One
//!   with `needs_mains == Some(true)`, or with no answer but watts or a battery recorded, is
//!   powered. Anything else (a tracheostomy cannula, a gastrostomy button) is not counted.
//! - **Power stations** (kinds `power_station`, `battery`, `lent_unit`, or any source with a
//!   capacity): usable energy = Wh × inverter efficiency (0.85 when not recorded, the top of
//!   DOMAIN.md's 0.8–0.85). All stations are pooled and **shared by every powered device at
//!   once**: station minutes = Σ usable Wh × 60 ÷ Σ watts. A device without recorded watts
//!   counts at DOMAIN.md's typical load for its kind (ventilator 60 W, oxygen concentrator
//!   120 W); with no typical load it cannot be placed on the station, gets its own batteries
//!   only, and is flagged.
//! - **Car inverter and generator** run "as long as there is fuel": they are listed as
//!   available, never turned into minutes, and never added to a runway.
//!
//! # The combination rule (conservative)
//!
//! The family plugs everything into the shared station while it lasts, then each device runs on
//! its own batteries: internal battery first, then its external batteries one after another. So
//! a device's runway is `station minutes + own battery minutes`. The shared station is charged
//! at the **sum** of all powered devices' watts for its whole life, even though a suction pump
//! draws power only while it runs: that underestimates, never overestimates.
//!
//! The child's runway is the runway of the **first life-critical device to stop** (ventilator,
//! oxygen concentrator, suction; ties go to the ventilator, then oxygen, then suction). A
//! critical device with no battery and no station has a runway of zero. Fuel-limited sources
//! and non-powered fallbacks (resuscitation bag, foot suction, cylinders) are reported beside
//! the runway, never folded into it.

use serde::Serialize;

use crate::model::{Device, DeviceKind, DevicePower, EntityId, PowerSource, PowerSourceKind, Profile, Watts};

/// Capacity lost per year of battery age, as a fraction of the new runtime.
pub const BATTERY_LOSS_PER_YEAR: f64 = 0.10;
/// The least capacity an old battery is assumed to keep (2 h of 5 h new, DOMAIN.md).
pub const BATTERY_CAPACITY_FLOOR: f64 = 0.40;
/// Age assumed for a battery whose age is not recorded, in years.
pub const ASSUMED_BATTERY_AGE_YEARS: f64 = 5.0;
/// Inverter efficiency used when a power source does not record one.
pub const DEFAULT_INVERTER_EFFICIENCY: f64 = 0.85;

/// Fraction of its new runtime a battery of `age_years` still gives: `1 − 0.1 × age`, never
/// below [`BATTERY_CAPACITY_FLOOR`]; an unknown age counts as [`ASSUMED_BATTERY_AGE_YEARS`].
///
/// From DOMAIN.md, "5 h new → 2–3 h after 5 years": 0 y → 1.0, 2 y → 0.8, 5 y → 0.5 (2.5 h of
/// 5 h), 6 y and older → 0.4 (2 h of 5 h).
pub fn battery_capacity_factor(age_years: Option<f64>) -> f64 {
    let age = age_years.unwrap_or(ASSUMED_BATTERY_AGE_YEARS).max(0.0);
    (1.0 - BATTERY_LOSS_PER_YEAR * age).max(BATTERY_CAPACITY_FLOOR)
}

/// DOMAIN.md's typical load of a device kind, used when a device records no watts.
pub fn typical_watts(kind: DeviceKind) -> Option<f64> {
    match kind {
        DeviceKind::Ventilator => Some(60.0),
        DeviceKind::Oxygen => Some(120.0),
        _ => None,
    }
}

/// True for the devices whose stop ends the child's runway, in the order ties are broken.
pub fn is_life_critical(kind: DeviceKind) -> bool {
    critical_rank(kind).is_some()
}

/// Tie-break rank of a life-critical device: ventilator 0, oxygen 1, suction 2.
fn critical_rank(kind: DeviceKind) -> Option<u8> {
    match kind {
        DeviceKind::Ventilator => Some(0),
        DeviceKind::Oxygen => Some(1),
        DeviceKind::Suction => Some(2),
        _ => None,
    }
}

/// How a device relates to electricity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerNeed {
    /// It needs mains power (or a battery) to run.
    Powered,
    /// Recorded as needing no electricity.
    NoPowerNeeded,
    /// Nothing about power is recorded (a cannula, a button): not counted.
    NotRecorded,
}

/// Whether `power` describes a device that needs electricity.
pub fn power_need(power: &DevicePower) -> PowerNeed {
    match power.needs_mains {
        Some(true) => PowerNeed::Powered,
        Some(false) => PowerNeed::NoPowerNeeded,
        None if power.watts.is_some()
            || power.internal_battery_minutes.is_some()
            || power.external_batteries.is_some_and(|n| n.0 > 0.0) =>
        {
            PowerNeed::Powered
        }
        None => PowerNeed::NotRecorded,
    }
}

/// The age-adjusted batteries of one device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatteryRunway {
    /// Internal battery runtime when new, minutes.
    pub internal_new_minutes: f64,
    /// Capacity factor applied to the internal battery (see [`battery_capacity_factor`]).
    pub internal_factor: f64,
    /// Internal battery runtime now, minutes.
    pub internal_minutes: f64,
    /// Number of external batteries.
    pub external_count: f64,
    /// Runtime of one external battery when new, minutes.
    pub external_each_new_minutes: f64,
    /// Capacity factor applied to the external batteries.
    pub external_factor: f64,
    /// All external batteries now, minutes (count × each × factor).
    pub external_minutes: f64,
    /// Internal + external, minutes.
    pub total_minutes: f64,
    /// True when an age was missing and [`ASSUMED_BATTERY_AGE_YEARS`] was used.
    pub age_assumed: bool,
}

/// Age-adjusted battery minutes of a device's power record.
pub fn battery_runway(power: &DevicePower) -> BatteryRunway {
    let internal_new = power.internal_battery_minutes.map_or(0.0, |m| m.0);
    let external_count = power.external_batteries.map_or(0.0, |n| n.0);
    let external_each = power.external_battery_minutes.map_or(0.0, |m| m.0);
    let internal_age = power.internal_battery_age_years.map(|y| y.0);
    let external_age = power.external_battery_age_years.map(|y| y.0);
    let internal_factor = battery_capacity_factor(internal_age);
    let external_factor = battery_capacity_factor(external_age);
    let internal_minutes = internal_new * internal_factor;
    let external_minutes = external_count * external_each * external_factor;
    let age_assumed = (internal_new > 0.0 && internal_age.is_none())
        || (external_count * external_each > 0.0 && external_age.is_none());
    BatteryRunway {
        internal_new_minutes: internal_new,
        internal_factor,
        internal_minutes,
        external_count,
        external_each_new_minutes: external_each,
        external_factor,
        external_minutes,
        total_minutes: internal_minutes + external_minutes,
        age_assumed,
    }
}

/// One power source that stores energy (power station, battery pack, lent unit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRunway {
    /// Id of the power source.
    pub id: EntityId,
    /// Kind of source.
    pub kind: PowerSourceKind,
    /// Name or model.
    pub name: Option<String>,
    /// Capacity, Wh.
    pub capacity_wh: f64,
    /// Inverter efficiency used, 0–1.
    pub efficiency: f64,
    /// True when the efficiency was not recorded and [`DEFAULT_INVERTER_EFFICIENCY`] was used.
    pub efficiency_assumed: bool,
    /// Usable energy, Wh (capacity × efficiency).
    pub usable_wh: f64,
    /// Minutes this source alone runs every powered device at once (usable Wh × 60 ÷ total
    /// watts); `None` when no watts are known.
    pub minutes_alone: Option<f64>,
    /// Maximum output, W, if recorded.
    pub max_output_watts: Option<f64>,
    /// False when the maximum output is below the total watts of the powered devices.
    pub output_sufficient: Option<bool>,
    /// AC outlets, if recorded.
    pub outlets: Option<f64>,
    /// False when it has fewer outlets than there are powered devices.
    pub outlets_sufficient: Option<bool>,
    /// Pure sine-wave output, if recorded.
    pub pure_sine: Option<bool>,
}

/// A source that runs as long as there is fuel (car inverter, generator): listed, not counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FuelSource {
    /// Id of the power source.
    pub id: EntityId,
    /// Kind of source.
    pub kind: PowerSourceKind,
    /// Name or model.
    pub name: Option<String>,
    /// Maximum output, W, if recorded.
    pub max_output_watts: Option<f64>,
    /// False when the maximum output is below the total watts of the powered devices.
    pub output_sufficient: Option<bool>,
    /// Pure sine-wave output, if recorded.
    pub pure_sine: Option<bool>,
}

/// The runway of one powered device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceRunway {
    /// Id of the device.
    pub device_id: EntityId,
    /// Kind of device.
    pub kind: DeviceKind,
    /// Maker and model, as recorded.
    pub model: Option<String>,
    /// True for a ventilator, oxygen concentrator or suction pump.
    pub life_critical: bool,
    /// Draw used for the shared station, W (recorded, else typical for the kind).
    pub watts: Option<f64>,
    /// True when `watts` is DOMAIN.md's typical load, not a recorded value.
    pub watts_assumed: bool,
    /// Its own batteries, age-adjusted.
    pub batteries: BatteryRunway,
    /// Minutes from the shared power stations (0 when it cannot be placed on them).
    pub station_minutes: f64,
    /// Batteries + station, minutes.
    pub total_minutes: f64,
    /// The non-powered fallback, if recorded.
    pub non_powered_fallback: Option<String>,
}

/// Power runway for the whole profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerRunway {
    /// Each powered device, in display order.
    pub devices: Vec<DeviceRunway>,
    /// Devices recorded as needing no electricity.
    pub unpowered_devices: Vec<EntityId>,
    /// Total draw of the powered devices, W (recorded or typical watts only).
    pub total_watts: f64,
    /// Power stations and battery packs.
    pub stations: Vec<StationRunway>,
    /// Pooled minutes of all stations shared by every powered device.
    pub station_minutes: f64,
    /// Car inverters and generators: available "as long as fuel lasts".
    pub fuel_sources: Vec<FuelSource>,
    /// The child's runway: minutes until the first life-critical device stops. `None` when no
    /// life-critical device needs power.
    pub total_minutes: Option<f64>,
    /// The device that governs `total_minutes`.
    pub governing_device: Option<EntityId>,
}

impl PowerRunway {
    /// The runway of one device by id.
    pub fn device(&self, id: &str) -> Option<&DeviceRunway> {
        self.devices.iter().find(|d| d.device_id == id)
    }

    /// True when some life-critical device needs power.
    pub fn power_dependent(&self) -> bool {
        self.devices.iter().any(|d| d.life_critical)
    }
}

fn is_fuel_source(source: &PowerSource) -> bool {
    matches!(
        source.kind,
        PowerSourceKind::CarInverter | PowerSourceKind::Generator
    ) && source.capacity.is_none()
}

fn device_watts(device: &Device) -> (Option<f64>, bool) {
    match device.power.watts {
        Some(Watts(w)) => (Some(w), false),
        None => (typical_watts(device.kind), true),
    }
}

fn device_model(device: &Device) -> Option<String> {
    match (&device.maker, &device.model) {
        (Some(maker), Some(model)) => Some(format!("{maker} {model}")),
        (None, Some(model)) => Some(model.clone()),
        (Some(maker), None) => Some(maker.clone()),
        (None, None) => None,
    }
}

/// Computes the power runway of `profile` by the rules in this module's documentation.
pub fn power_runway(profile: &Profile) -> PowerRunway {
    let mut powered = Vec::new();
    let mut unpowered_devices = Vec::new();
    for (id, device) in profile.devices.ordered() {
        match power_need(&device.power) {
            PowerNeed::Powered => powered.push((id, device)),
            PowerNeed::NoPowerNeeded => unpowered_devices.push(id.clone()),
            PowerNeed::NotRecorded => {}
        }
    }
    let total_watts: f64 = powered.iter().filter_map(|(_, d)| device_watts(d).0).sum();
    let device_count = powered.len() as f64;
    let output_ok = |max: Option<f64>| max.map(|m| m >= total_watts).filter(|_| total_watts > 0.0);

    let mut stations = Vec::new();
    let mut fuel_sources = Vec::new();
    for (id, source) in profile.power_sources.ordered() {
        let max_output_watts = source.max_output.map(|w| w.0);
        if is_fuel_source(source) {
            fuel_sources.push(FuelSource {
                id: id.clone(),
                kind: source.kind,
                name: source.name.clone(),
                max_output_watts,
                output_sufficient: output_ok(max_output_watts),
                pure_sine: source.pure_sine,
            });
            continue;
        }
        let Some(capacity) = source.capacity.map(|c| c.0) else {
            // A station without a capacity adds nothing we can count.
            continue;
        };
        let (efficiency, efficiency_assumed) = match source.inverter_efficiency {
            Some(p) if p.0 > 0.0 => (p.0 / 100.0, false),
            _ => (DEFAULT_INVERTER_EFFICIENCY, true),
        };
        let usable_wh = capacity * efficiency;
        let outlets = source.outlets.map(|n| n.0);
        stations.push(StationRunway {
            id: id.clone(),
            kind: source.kind,
            name: source.name.clone(),
            capacity_wh: capacity,
            efficiency,
            efficiency_assumed,
            usable_wh,
            minutes_alone: (total_watts > 0.0).then(|| usable_wh * 60.0 / total_watts),
            max_output_watts,
            output_sufficient: output_ok(max_output_watts),
            outlets,
            outlets_sufficient: outlets.map(|n| n >= device_count).filter(|_| device_count > 0.0),
            pure_sine: source.pure_sine,
        });
    }
    let usable_wh: f64 = stations.iter().map(|s| s.usable_wh).sum();
    let station_minutes = if total_watts > 0.0 {
        usable_wh * 60.0 / total_watts
    } else {
        0.0
    };

    let devices: Vec<DeviceRunway> = powered
        .into_iter()
        .map(|(id, device)| {
            let (watts, watts_assumed) = device_watts(device);
            let batteries = battery_runway(&device.power);
            let station = if watts.is_some() { station_minutes } else { 0.0 };
            DeviceRunway {
                device_id: id.clone(),
                kind: device.kind,
                model: device_model(device),
                life_critical: is_life_critical(device.kind),
                watts,
                watts_assumed: watts_assumed && watts.is_some(),
                total_minutes: batteries.total_minutes + station,
                batteries,
                station_minutes: station,
                non_powered_fallback: device.non_powered_fallback.clone(),
            }
        })
        .collect();

    let governing = devices
        .iter()
        .filter_map(|d| critical_rank(d.kind).map(|rank| (d, rank)))
        .min_by(|(a, ra), (b, rb)| a.total_minutes.total_cmp(&b.total_minutes).then(ra.cmp(rb)))
        .map(|(d, _)| d);
    PowerRunway {
        total_minutes: governing.map(|d| d.total_minutes),
        governing_device: governing.map(|d| d.device_id.clone()),
        devices,
        unpowered_devices,
        total_watts,
        stations,
        station_minutes,
        fuel_sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, Minutes, Percent, WattHours, Years};
    use crate::sample::demo_profile;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    fn device(kind: DeviceKind, order: f64, power: DevicePower) -> Device {
        let mut d = Device::new(kind);
        d.order = order;
        d.power = power;
        d
    }

    fn station(capacity: f64, efficiency: Option<f64>, max_output: f64, outlets: f64) -> PowerSource {
        PowerSource {
            order: 1.0,
            kind: PowerSourceKind::PowerStation,
            name: None,
            capacity: Some(WattHours(capacity)),
            max_output: Some(Watts(max_output)),
            outlets: Some(Count(outlets)),
            pure_sine: Some(true),
            inverter_efficiency: efficiency.map(Percent),
            last_checked: None,
        }
    }

    #[test]
    fn battery_factor_follows_the_domain_figures() {
        close(battery_capacity_factor(Some(0.0)), 1.0);
        close(battery_capacity_factor(Some(2.0)), 0.8);
        // 5 h new → 2.5 h at 5 years: inside DOMAIN.md's "2–3 h after 5 years".
        close(300.0 * battery_capacity_factor(Some(5.0)), 150.0);
        // Past 5 years the floor holds at 40 % (2 h of 5 h).
        close(battery_capacity_factor(Some(6.0)), 0.4);
        close(battery_capacity_factor(Some(20.0)), 0.4);
        // Unknown age counts as 5 years.
        close(battery_capacity_factor(None), 0.5);
    }

    #[test]
    fn demo_profile_runway_matches_hand_calculation() {
        let r = power_runway(&demo_profile());
        // Powered: ventilator 60 W and suction 40 W → 100 W. Trach, button, oximeter: no power data.
        close(r.total_watts, 100.0);
        assert_eq!(r.devices.len(), 2);
        // Station: 1000 Wh × 0.85 = 850 Wh; 850 × 60 / 100 = 510 min, shared.
        close(r.station_minutes, 510.0);
        // Car inverter: listed, not counted.
        assert_eq!(r.fuel_sources.len(), 1);
        assert_eq!(r.fuel_sources[0].kind, PowerSourceKind::CarInverter);
        // Ventilator: internal 300 min × (1 − 0.1 × 2) = 240; external 2 × 360 × 0.9 = 648;
        // batteries 888 + station 510 = 1398 min.
        let vent = r.device("dev-vent").expect("ventilator");
        close(vent.batteries.internal_minutes, 240.0);
        close(vent.batteries.external_minutes, 648.0);
        close(vent.total_minutes, 1398.0);
        // Suction: 60 min × (1 − 0.1 × 3) = 42 + 510 = 552 min.
        let suction = r.device("dev-suction").expect("suction");
        close(suction.total_minutes, 552.0);
        // The shortest life-critical device governs: suction at 552 min (9.2 h).
        close(r.total_minutes.expect("runway"), 552.0);
        assert_eq!(r.governing_device.as_deref(), Some("dev-suction"));
        assert!(r.power_dependent());
    }

    #[test]
    fn devices_that_need_no_mains_are_not_counted() {
        let mut p = Profile::empty();
        let bag = device(
            DeviceKind::Other,
            1.0,
            DevicePower {
                needs_mains: Some(false),
                watts: Some(Watts(500.0)),
                ..DevicePower::default()
            },
        );
        p.devices.insert("dev-bag".into(), bag);
        p.power_sources
            .insert("pwr-1".into(), station(500.0, None, 300.0, 2.0));
        let r = power_runway(&p);
        assert!(r.devices.is_empty());
        assert_eq!(r.unpowered_devices, vec!["dev-bag".to_string()]);
        close(r.total_watts, 0.0);
        assert_eq!(r.total_minutes, None);
        assert!(!r.power_dependent());
    }

    #[test]
    fn station_is_shared_and_default_efficiency_applies() {
        let mut p = Profile::empty();
        // Ventilator without recorded watts → typical 60 W; 120 min battery, age 0.
        p.devices.insert(
            "dev-v".into(),
            device(
                DeviceKind::Ventilator,
                1.0,
                DevicePower {
                    needs_mains: Some(true),
                    internal_battery_minutes: Some(Minutes(120.0)),
                    internal_battery_age_years: Some(Years(0.0)),
                    ..DevicePower::default()
                },
            ),
        );
        // Oxygen concentrator 120 W, no battery.
        p.devices.insert(
            "dev-o".into(),
            device(
                DeviceKind::Oxygen,
                2.0,
                DevicePower {
                    needs_mains: Some(true),
                    watts: Some(Watts(120.0)),
                    ..DevicePower::default()
                },
            ),
        );
        // 720 Wh, efficiency not recorded → 0.85 → 612 Wh; total 60 + 120 = 180 W;
        // 612 × 60 / 180 = 204 min.
        p.power_sources
            .insert("pwr-1".into(), station(720.0, None, 150.0, 1.0));
        let r = power_runway(&p);
        close(r.total_watts, 180.0);
        close(r.station_minutes, 204.0);
        let st = &r.stations[0];
        assert!(st.efficiency_assumed);
        // 150 W max output < 180 W; 1 outlet < 2 devices.
        assert_eq!(st.output_sufficient, Some(false));
        assert_eq!(st.outlets_sufficient, Some(false));
        let vent = r.device("dev-v").expect("vent");
        assert!(vent.watts_assumed);
        // Ventilator 120 + 204 = 324; oxygen 0 + 204 = 204 → oxygen governs.
        close(vent.total_minutes, 324.0);
        close(r.total_minutes.expect("runway"), 204.0);
        assert_eq!(r.governing_device.as_deref(), Some("dev-o"));
    }

    #[test]
    fn ties_go_to_the_ventilator_and_no_power_means_zero() {
        let mut p = Profile::empty();
        let bare = DevicePower {
            needs_mains: Some(true),
            watts: Some(Watts(50.0)),
            ..DevicePower::default()
        };
        p.devices
            .insert("dev-s".into(), device(DeviceKind::Suction, 1.0, bare.clone()));
        p.devices
            .insert("dev-v".into(), device(DeviceKind::Ventilator, 2.0, bare));
        let r = power_runway(&p);
        // No batteries, no station: both 0 min; the ventilator is named.
        close(r.total_minutes.expect("runway"), 0.0);
        assert_eq!(r.governing_device.as_deref(), Some("dev-v"));
    }

    #[test]
    fn unknown_battery_age_is_assumed_old_and_flagged() {
        let power = DevicePower {
            needs_mains: Some(true),
            internal_battery_minutes: Some(Minutes(600.0)),
            external_batteries: Some(Count(3.0)),
            external_battery_minutes: Some(Minutes(100.0)),
            external_battery_age_years: Some(Years(1.0)),
            ..DevicePower::default()
        };
        let b = battery_runway(&power);
        // 600 × 0.5 = 300; 3 × 100 × 0.9 = 270; total 570.
        close(b.internal_minutes, 300.0);
        close(b.external_minutes, 270.0);
        close(b.total_minutes, 570.0);
        assert!(b.age_assumed);
    }
}
