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
//! - **Which devices need power.** The kind decides first ([`power_need`], [`life_support`]:
//!   a ventilator always; oxygen, suction and pumps unless recorded as needing no mains); a kind
//!   that does not say is powered when its record says so or records watts or a battery.
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
//! # Scenarios
//!
//! The runway itself is computed per scenario in [`super::scenario`]: life-sustaining devices
//! at their usual duty (the headline) and everything running, each naming what stops first.
//! Fuel-limited sources and non-powered fallbacks (resuscitation bag, foot suction) are
//! reported beside the runway, never folded into it.

use serde::Serialize;

use crate::model::{Device, DeviceKind, DevicePower, EntityId, PowerSource, PowerSourceKind, Profile, Watts};

use super::oxygen::oxygen_runways;
use super::scenario::{
    Assumption, Duty, Load, OxygenAlternative, SUCTION_MINUTES_PER_HOUR, Scenario, ScenarioDevice,
    ScenarioKind, Supply, scenario,
};

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

/// DOMAIN.md's typical load of a device kind, used when a device records no watts (marked as
/// an assumption wherever it is used).
pub fn typical_watts(kind: DeviceKind) -> Option<f64> {
    match kind {
        DeviceKind::Ventilator => Some(60.0),
        DeviceKind::Oxygen => Some(120.0),
        _ => None,
    }
}

/// True for the devices that keep the child alive (see [`DeviceKind::sustains_life`]).
pub fn is_life_critical(kind: DeviceKind) -> bool {
    kind.sustains_life()
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

/// Whether `device` needs electricity: the kind decides first ([`DeviceKind::runs_on_power`]),
/// and the record may refine it (`needs_mains = false` on oxygen from cylinders only, a manual
/// suction pump) but never takes a ventilator off power. A kind that does not say is powered
/// when the record says so or records watts or a battery.
pub fn power_need(device: &Device) -> PowerNeed {
    let power = &device.power;
    if device.kind.always_needs_power() {
        return PowerNeed::Powered;
    }
    match (power.needs_mains, device.kind.runs_on_power()) {
        (Some(true), _) => PowerNeed::Powered,
        (Some(false), _) => PowerNeed::NoPowerNeeded,
        (None, Some(true)) => PowerNeed::Powered,
        (None, _)
            if power.watts.is_some()
                || power.internal_battery_minutes.is_some()
                || power.external_batteries.is_some_and(|n| n.0 > 0.0) =>
        {
            PowerNeed::Powered
        }
        (None, _) => PowerNeed::NotRecorded,
    }
}

/// What a device means for the child in a blackout: the one question every view, the QR
/// summary, readiness and the roster ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LifeSupport {
    /// The device keeps the child alive (by its kind).
    pub sustains_life: bool,
    /// Its relation to electricity.
    pub power: PowerNeed,
}

impl LifeSupport {
    /// True when the device keeps the child alive and needs power: the child depends on power.
    pub fn power_dependent(self) -> bool {
        self.sustains_life && self.power == PowerNeed::Powered
    }
}

/// The life-support answer for `device` (see [`LifeSupport`]).
pub fn life_support(device: &Device) -> LifeSupport {
    LifeSupport {
        sustains_life: device.kind.sustains_life(),
        power: power_need(device),
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
    /// True when its kind keeps the child alive ([`DeviceKind::sustains_life`]).
    pub life_critical: bool,
    /// Draw used for the shared station, W (recorded, else typical for the kind).
    pub watts: Option<f64>,
    /// True when `watts` is DOMAIN.md's typical load, not a recorded value.
    pub watts_assumed: bool,
    /// Its own batteries, age-adjusted.
    pub batteries: BatteryRunway,
    /// Minutes the shared power stations carry it in the scenario `total_minutes` comes from.
    pub station_minutes: f64,
    /// Its runway on power, minutes: for a life-sustaining device, in the life-sustaining
    /// scenario (an oxygen concentrator: on the power, the alternative to its cylinders);
    /// for any other device, with everything running. 0 when unknown (see `runway_known`).
    pub total_minutes: f64,
    /// False when nothing is known to run it on (no watts, no battery).
    pub runway_known: bool,
    /// True when `total_minutes` rests on an assumption.
    pub estimate: bool,
    /// Its runway with everything running, minutes (`None` when unknown).
    pub everything_minutes: Option<f64>,
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
    /// Total draw of the powered devices running at once, W (recorded or typical watts only).
    pub total_watts: f64,
    /// Power stations and battery packs.
    pub stations: Vec<StationRunway>,
    /// Pooled minutes of all stations with everything running.
    pub station_minutes: f64,
    /// Car inverters and generators: available "as long as fuel lasts".
    pub fuel_sources: Vec<FuelSource>,
    /// Scenario (a): life-sustaining devices only, at their usual duty.
    pub life_sustaining: Scenario,
    /// Scenario (b): every powered device at full draw.
    pub everything: Scenario,
    /// Oxygen as alternatives: cylinders, or the concentrator on the power.
    pub oxygen_alternatives: Vec<OxygenAlternative>,
    /// The headline: minutes until the first life-sustaining device stops in scenario (a).
    /// `None` when no life-sustaining device has a runway.
    pub total_minutes: Option<f64>,
    /// The device that stops first in scenario (a).
    pub governing_device: Option<EntityId>,
    /// True when the headline rests on an assumption.
    pub estimate: bool,
}

impl PowerRunway {
    /// The runway of one device by id.
    pub fn device(&self, id: &str) -> Option<&DeviceRunway> {
        self.devices.iter().find(|d| d.device_id == id)
    }

    /// True when some life-sustaining device needs power.
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

/// The assumptions behind a device's own figures (watts and batteries).
fn device_assumptions(id: &EntityId, device: &Device, batteries: &BatteryRunway) -> Vec<Assumption> {
    let mut out = Vec::new();
    match device_watts(device) {
        (Some(watts), true) => out.push(Assumption::TypicalWatts {
            device_id: id.clone(),
            device_kind: device.kind,
            watts,
        }),
        (None, _) => out.push(Assumption::WattsUnknown {
            device_id: id.clone(),
            device_kind: device.kind,
        }),
        (Some(_), false) => {}
    }
    if batteries.age_assumed {
        out.push(Assumption::BatteryAgeAssumed {
            device_id: id.clone(),
            device_kind: device.kind,
            assumed_age_years: ASSUMED_BATTERY_AGE_YEARS,
            labelled_minutes: batteries.internal_new_minutes
                + batteries.external_count * batteries.external_each_new_minutes,
            counted_minutes: batteries.total_minutes,
        });
    }
    let p = &device.power;
    if device.kind.sustains_life()
        && p.internal_battery_minutes.is_none()
        && !(p.external_batteries.is_some() && p.external_battery_minutes.is_some())
    {
        out.push(Assumption::BatteryNotRecorded {
            device_id: id.clone(),
            device_kind: device.kind,
        });
    }
    out
}

/// The usual duty of a life-sustaining device, with the assumption it rests on.
fn usual_duty(id: &EntityId, device: &Device) -> (Duty, Option<Assumption>) {
    match device.kind {
        DeviceKind::Ventilator => match device
            .settings
            .ventilator
            .as_ref()
            .and_then(|v| v.hours_per_day)
            .map(|h| h.0)
        {
            Some(h) if h > 0.0 && h < 24.0 => (Duty::HoursPerDay { hours: h }, None),
            Some(h) if h >= 24.0 => (Duty::Continuous, None),
            _ => (
                Duty::Continuous,
                Some(Assumption::HoursPerDayNotRecorded {
                    device_id: id.clone(),
                }),
            ),
        },
        DeviceKind::Suction => (
            Duty::MinutesPerHour {
                minutes: SUCTION_MINUTES_PER_HOUR,
            },
            Some(Assumption::SuctionDuty {
                device_id: id.clone(),
                minutes_per_hour: SUCTION_MINUTES_PER_HOUR,
            }),
        ),
        _ => (Duty::Continuous, None),
    }
}

/// Computes the power runway of `profile` by the rules in this module's and
/// [`super::scenario`]'s documentation.
pub fn power_runway(profile: &Profile) -> PowerRunway {
    let mut powered = Vec::new();
    let mut unpowered_devices = Vec::new();
    for (id, device) in profile.devices.ordered() {
        match power_need(device) {
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
    let station_assumptions: Vec<Assumption> = stations
        .iter()
        .filter(|s| s.efficiency_assumed)
        .map(|s| Assumption::EfficiencyAssumed {
            source_id: s.id.clone(),
            source_kind: s.kind,
            percent: s.efficiency * 100.0,
        })
        .collect();

    // One load per powered device, at full draw.
    let full: Vec<Load> = powered
        .iter()
        .map(|(id, device)| {
            let batteries = battery_runway(&device.power);
            Load {
                device_id: (*id).clone(),
                kind: device.kind,
                supply: Supply::Power,
                watts: device_watts(device).0,
                duty: Duty::Continuous,
                battery_minutes: batteries.total_minutes,
                cylinder_minutes: None,
                assumptions: device_assumptions(id, device, &batteries),
            }
        })
        .collect();
    let everything = scenario(ScenarioKind::Everything, &full, usable_wh, &station_assumptions);

    // Scenario (a): life-sustaining devices at their usual duty; oxygen on cylinders when they
    // cover it, also for oxygen recorded as needing no power.
    let cylinders = oxygen_runways(profile);
    let cylinder_minutes = |id: &str| {
        cylinders
            .iter()
            .find(|o| o.device_id == id && o.cylinder_count != Some(0.0))
            .and_then(|o| o.governing_minutes)
    };
    let mut life: Vec<Load> = Vec::new();
    let mut concentrators: Vec<usize> = Vec::new();
    for (id, device) in profile.devices.ordered() {
        if !device.kind.sustains_life() {
            continue;
        }
        let on_power = full.iter().find(|l| &l.device_id == id);
        let cylinders_cover = (device.kind == DeviceKind::Oxygen)
            .then(|| cylinder_minutes(id))
            .flatten();
        match (on_power, cylinders_cover) {
            (_, Some(minutes)) => {
                if on_power.is_some() {
                    concentrators.push(life.len());
                }
                life.push(Load {
                    device_id: id.clone(),
                    kind: device.kind,
                    supply: Supply::Cylinders,
                    watts: None,
                    duty: Duty::Continuous,
                    battery_minutes: 0.0,
                    cylinder_minutes: Some(minutes),
                    assumptions: Vec::new(),
                });
            }
            (Some(load), None) => {
                let (duty, assumption) = usual_duty(id, device);
                let mut load = load.clone();
                load.duty = duty;
                load.assumptions.extend(assumption);
                life.push(load);
            }
            (None, None) => {}
        }
    }
    let life_sustaining = scenario(
        ScenarioKind::LifeSustaining,
        &life,
        usable_wh,
        &station_assumptions,
    );

    // The concentrator as the alternative to its cylinders: scenario (a) with it on the power.
    let mut oxygen_alternatives = Vec::new();
    let mut concentrator_figures: Vec<(EntityId, ScenarioDevice)> = Vec::new();
    for (id, device) in profile.devices.ordered() {
        if device.kind != DeviceKind::Oxygen {
            continue;
        }
        let index = life.iter().position(|l| &l.device_id == id);
        let concentrator = match (index, full.iter().find(|l| &l.device_id == id)) {
            (Some(i), Some(load)) if concentrators.contains(&i) => {
                let mut variant = life.clone();
                variant[i] = load.clone();
                let s = scenario(
                    ScenarioKind::LifeSustaining,
                    &variant,
                    usable_wh,
                    &station_assumptions,
                );
                s.device(id).cloned()
            }
            (Some(_), Some(_)) => life_sustaining.device(id).cloned(),
            _ => None,
        };
        if let Some(c) = &concentrator {
            concentrator_figures.push((id.clone(), c.clone()));
        }
        oxygen_alternatives.push(OxygenAlternative {
            device_id: id.clone(),
            cylinder_minutes: cylinder_minutes(id),
            concentrator_minutes: concentrator.as_ref().and_then(|c| c.minutes),
            concentrator_estimate: concentrator.is_some_and(|c| c.estimate),
        });
    }

    let devices: Vec<DeviceRunway> = powered
        .into_iter()
        .map(|(id, device)| {
            let (watts, watts_assumed) = device_watts(device);
            let batteries = battery_runway(&device.power);
            let all = everything.device(id);
            let figure = concentrator_figures
                .iter()
                .find(|(c, _)| c == id)
                .map(|(_, f)| f)
                .or_else(|| life_sustaining.device(id).filter(|d| d.supply == Supply::Power))
                .or(all);
            DeviceRunway {
                device_id: id.clone(),
                kind: device.kind,
                model: device_model(device),
                life_critical: is_life_critical(device.kind),
                watts,
                watts_assumed: watts_assumed && watts.is_some(),
                station_minutes: figure.map_or(0.0, |f| f.station_minutes),
                total_minutes: figure.and_then(|f| f.minutes).unwrap_or(0.0),
                runway_known: figure.is_some_and(|f| f.minutes.is_some()),
                estimate: figure.is_some_and(|f| f.estimate),
                everything_minutes: all.and_then(|f| f.minutes),
                batteries,
                non_powered_fallback: device.non_powered_fallback.clone(),
            }
        })
        .collect();

    PowerRunway {
        total_minutes: life_sustaining.minutes,
        governing_device: life_sustaining.first_to_stop.clone(),
        estimate: life_sustaining.estimate,
        station_minutes: everything.station_minutes,
        devices,
        unpowered_devices,
        total_watts,
        stations,
        fuel_sources,
        life_sustaining,
        everything,
        oxygen_alternatives,
    }
}
