//! Runway scenarios: how long the child's devices keep running in a blackout, read as a family
//! would (DOMAIN.md, "Power runway, read as a family would").
//!
//! # The two scenarios
//!
//! - **Life-sustaining devices only, at their usual duty** ([`ScenarioKind::LifeSustaining`]):
//!   the devices whose kind sustains life ([`DeviceKind::sustains_life`]: ventilator or NPPV,
//!   oxygen, suction, feeding or insulin pump) and that need power.
//!   - A ventilator runs its recorded hours per day. With fewer than 24 h, the worst case is
//!     taken: its hours start the moment the power goes (a child on night-time NPPV loses power
//!     at bedtime). Hours not recorded count as 24 h, marked as an assumption.
//!   - Suction runs minutes per hour, not continuously: [`SUCTION_MINUTES_PER_HOUR`] of every
//!     hour, always marked as an assumption (the record holds the frequency only in words).
//!   - An oxygen concentrator is left off the power when the cylinders at home cover it
//!     (volume, pressure and a flow recorded, and not zero cylinders): oxygen then runs for the
//!     cylinders' minutes (see `readiness::oxygen`), and the concentrator on the power is shown
//!     as the alternative ([`OxygenAlternative`]).
//!   - Anything else (a heated humidifier: a heat-moisture exchanger replaces it) is off.
//! - **Everything running** ([`ScenarioKind::Everything`]): every powered device at full draw.
//!
//! Each scenario names the device that stops (or the oxygen that runs out) first. The headline
//! and the "go now" action use the first scenario.
//!
//! # The computation
//!
//! All power stations are pooled. Minute by minute, the devices on the station draw from it
//! (a ventilator during its hours, suction at its average, the rest at full draw); once it is
//! empty, each device runs on its own batteries (age-adjusted, see `readiness::power`), used
//! at the same duty. A device stops when its batteries are empty at a moment it needs power.
//! The part of a minute in which the station empties is split exactly, so a device running
//! continuously gets `usable Wh × 60 ÷ watts + battery minutes`, as a hand calculation does.
//! A device with no known watts cannot be placed on the station and runs on its batteries
//! only; with no batteries either, its runway is unknown (`None`) and it names no first stop.
//!
//! # Estimates
//!
//! Every figure that rests on an assumption carries it ([`Assumption`]) with the figure it
//! replaced beside it (the labelled battery minutes, the typical watts), so every surface can
//! mark it as an estimate.

use serde::Serialize;

use crate::i18n::Localizer;
use crate::model::{DeviceKind, EntityId, PowerSourceKind};

use super::checklist::format_number;
use super::roster::runway_hours;

/// Minutes of every hour suction is assumed to run in the life-sustaining scenario (10 %: a few
/// passes of 10–15 seconds every half hour to hour, generously rounded up).
pub const SUCTION_MINUTES_PER_HOUR: f64 = 6.0;
/// The longest runway the simulation follows, in minutes (30 days).
pub const MAX_SIMULATED_MINUTES: f64 = 30.0 * 24.0 * 60.0;

/// Which scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// Life-sustaining devices only, at their usual duty.
    LifeSustaining,
    /// Every powered device at full draw.
    Everything,
}

impl ScenarioKind {
    /// The Fluent message id naming this scenario.
    pub fn fluent_id(self) -> &'static str {
        match self {
            ScenarioKind::LifeSustaining => "readiness-scenario-life-sustaining",
            ScenarioKind::Everything => "readiness-scenario-everything",
        }
    }
}

/// What keeps a device going in a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Supply {
    /// Electricity: the shared stations, then its own batteries.
    Power,
    /// Oxygen cylinders (the concentrator is off).
    Cylinders,
}

/// How much of the time a device runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Duty {
    /// All the time.
    Continuous,
    /// These hours of every day, starting now (the worst case).
    HoursPerDay {
        /// Hours per day, 0–24.
        hours: f64,
    },
    /// On average this many minutes of every hour.
    MinutesPerHour {
        /// Minutes per hour, 0–60.
        minutes: f64,
    },
}

impl Duty {
    /// Fraction of the full draw needed at minute `t` from the start.
    fn need_at(self, t: f64) -> f64 {
        match self {
            Duty::Continuous => 1.0,
            Duty::HoursPerDay { hours } => {
                if t.rem_euclid(24.0 * 60.0) < hours * 60.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Duty::MinutesPerHour { minutes } => minutes / 60.0,
        }
    }
}

/// Something a figure rests on that the profile does not record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// Watts not recorded: DOMAIN.md's typical load of the kind was used.
    TypicalWatts {
        /// The device.
        device_id: EntityId,
        /// Its kind.
        device_kind: DeviceKind,
        /// The typical watts used.
        watts: f64,
    },
    /// Watts not recorded and no typical load: the device was left off the shared station.
    WattsUnknown {
        /// The device.
        device_id: EntityId,
        /// Its kind.
        device_kind: DeviceKind,
    },
    /// A battery's age not recorded: it was counted as `assumed_age_years` old.
    BatteryAgeAssumed {
        /// The device.
        device_id: EntityId,
        /// Its kind.
        device_kind: DeviceKind,
        /// The age used, years.
        assumed_age_years: f64,
        /// Its batteries' labelled (new) minutes.
        labelled_minutes: f64,
        /// The minutes counted after ageing.
        counted_minutes: f64,
    },
    /// No battery recorded on a life-sustaining device: counted as none.
    BatteryNotRecorded {
        /// The device.
        device_id: EntityId,
        /// Its kind.
        device_kind: DeviceKind,
    },
    /// A ventilator's hours per day not recorded: counted as 24 h.
    HoursPerDayNotRecorded {
        /// The ventilator.
        device_id: EntityId,
    },
    /// Suction counted at [`SUCTION_MINUTES_PER_HOUR`].
    SuctionDuty {
        /// The suction machine.
        device_id: EntityId,
        /// Minutes per hour used.
        minutes_per_hour: f64,
    },
    /// A station's inverter efficiency not recorded: the default was used.
    EfficiencyAssumed {
        /// The power source.
        source_id: EntityId,
        /// Its kind.
        source_kind: PowerSourceKind,
        /// The efficiency used, percent.
        percent: f64,
    },
}

impl Assumption {
    /// The Fluent message id of this assumption.
    pub fn fluent_id(&self) -> &'static str {
        match self {
            Assumption::TypicalWatts { .. } => "readiness-assumption-typical-watts",
            Assumption::WattsUnknown { .. } => "readiness-assumption-watts-unknown",
            Assumption::BatteryAgeAssumed { .. } => "readiness-assumption-battery-age",
            Assumption::BatteryNotRecorded { .. } => "readiness-assumption-battery-not-recorded",
            Assumption::HoursPerDayNotRecorded { .. } => "readiness-assumption-hours-per-day",
            Assumption::SuctionDuty { .. } => "readiness-assumption-suction-duty",
            Assumption::EfficiencyAssumed { .. } => "readiness-assumption-efficiency",
        }
    }

    /// The assumption in words, in the localizer's language: what was assumed, with the
    /// labelled figure beside the one counted.
    pub fn render(&self, l10n: &Localizer) -> String {
        let device = |k: DeviceKind| l10n.label(&k.fluent_id());
        let id = self.fluent_id();
        match self {
            Assumption::TypicalWatts {
                device_kind, watts, ..
            } => l10n.message(
                id,
                &[
                    ("device", &device(*device_kind)),
                    ("watts", &format_number(*watts)),
                ],
            ),
            Assumption::WattsUnknown { device_kind, .. }
            | Assumption::BatteryNotRecorded { device_kind, .. } => {
                l10n.message(id, &[("device", &device(*device_kind))])
            }
            Assumption::BatteryAgeAssumed {
                device_kind,
                assumed_age_years,
                labelled_minutes,
                counted_minutes,
                ..
            } => l10n.message(
                id,
                &[
                    ("device", &device(*device_kind)),
                    ("years", &format_number(*assumed_age_years)),
                    ("labelled", &runway_hours(*labelled_minutes)),
                    ("counted", &runway_hours(*counted_minutes)),
                ],
            ),
            Assumption::HoursPerDayNotRecorded { .. } => {
                l10n.message(id, &[("device", &device(DeviceKind::Ventilator))])
            }
            Assumption::SuctionDuty { minutes_per_hour, .. } => l10n.message(
                id,
                &[
                    ("device", &device(DeviceKind::Suction)),
                    ("minutes", &format_number(*minutes_per_hour)),
                ],
            ),
            Assumption::EfficiencyAssumed {
                source_kind, percent, ..
            } => l10n.message(
                id,
                &[
                    ("source", &l10n.label(&source_kind.fluent_id())),
                    ("percent", &format_number(*percent)),
                ],
            ),
        }
    }

    /// The device or power source it is about.
    pub fn subject(&self) -> &str {
        match self {
            Assumption::TypicalWatts { device_id, .. }
            | Assumption::WattsUnknown { device_id, .. }
            | Assumption::BatteryAgeAssumed { device_id, .. }
            | Assumption::BatteryNotRecorded { device_id, .. }
            | Assumption::HoursPerDayNotRecorded { device_id }
            | Assumption::SuctionDuty { device_id, .. } => device_id,
            Assumption::EfficiencyAssumed { source_id, .. } => source_id,
        }
    }
}

/// One device in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioDevice {
    /// The device.
    pub device_id: EntityId,
    /// Its kind.
    pub kind: DeviceKind,
    /// Power or oxygen cylinders.
    pub supply: Supply,
    /// Full draw, W (recorded or typical); `None` when unknown.
    pub watts: Option<f64>,
    /// How much of the time it runs.
    pub duty: Duty,
    /// Minutes the shared station carries it (0 when it is not on the station).
    pub station_minutes: f64,
    /// Minutes until it stops (cylinders: until they run out); `None` when nothing is known
    /// to run it on.
    pub minutes: Option<f64>,
    /// True when its figure rests on an assumption (its own, or one of the shared station).
    pub estimate: bool,
}

/// One scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Which scenario.
    pub kind: ScenarioKind,
    /// The devices in it, in display order.
    pub devices: Vec<ScenarioDevice>,
    /// Watts drawn from the station on average over a day (duty applied).
    pub average_watts: f64,
    /// Total full draw of the devices on power, W (their outlets' load when all run at once).
    pub peak_watts: f64,
    /// Devices on power (the outlets they need).
    pub outlets_needed: usize,
    /// Minutes until the pooled stations are empty (0 without stations or load).
    pub station_minutes: f64,
    /// Minutes until the first device stops; `None` when no device has a known runway.
    pub minutes: Option<f64>,
    /// The device that stops first.
    pub first_to_stop: Option<EntityId>,
    /// Its kind.
    pub first_to_stop_kind: Option<DeviceKind>,
    /// What it ran on (cylinders run out, or power).
    pub first_to_stop_supply: Option<Supply>,
    /// True when `minutes` rests on an assumption.
    pub estimate: bool,
    /// Every assumption the scenario's figures rest on.
    pub assumptions: Vec<Assumption>,
}

/// Oxygen as alternatives: the cylinders, or the concentrator on the power beside the other
/// life-sustaining devices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OxygenAlternative {
    /// The oxygen device.
    pub device_id: EntityId,
    /// Minutes of all cylinders at the continuous flow (see `OxygenRunway::governing_minutes`).
    pub cylinder_minutes: Option<f64>,
    /// Minutes of the concentrator on the power, with the other life-sustaining devices at
    /// their duty; `None` when it does not run on power.
    pub concentrator_minutes: Option<f64>,
    /// True when the concentrator figure rests on an assumption.
    pub concentrator_estimate: bool,
}

/// A device as the simulation sees it.
#[derive(Debug, Clone)]
pub(crate) struct Load {
    pub device_id: EntityId,
    pub kind: DeviceKind,
    pub supply: Supply,
    /// Full draw, W; `None` when unknown (then not on the station).
    pub watts: Option<f64>,
    pub duty: Duty,
    /// Own batteries, minutes at full draw (age-adjusted).
    pub battery_minutes: f64,
    /// Cylinder minutes when `supply` is `Cylinders`.
    pub cylinder_minutes: Option<f64>,
    /// Assumptions behind this device's own figure.
    pub assumptions: Vec<Assumption>,
}

impl Load {
    fn on_station(&self) -> bool {
        self.supply == Supply::Power && self.watts.is_some_and(|w| w > 0.0)
    }
}

/// Tie-break rank when two devices stop at the same minute: the ventilator is named first.
fn rank(kind: DeviceKind) -> u8 {
    match kind {
        DeviceKind::Ventilator => 0,
        DeviceKind::Oxygen => 1,
        DeviceKind::Suction => 2,
        DeviceKind::InsulinPump | DeviceKind::InfusionPump => 3,
        DeviceKind::Pump => 4,
        _ => 5,
    }
}

/// Stop minute of each load and the minute the station empties, by the rule in the module
/// documentation.
fn simulate(loads: &[Load], usable_wh: f64) -> (Vec<Option<f64>>, f64) {
    let mut energy = usable_wh.max(0.0);
    let mut battery: Vec<f64> = loads.iter().map(|l| l.battery_minutes.max(0.0)).collect();
    let mut stop: Vec<Option<f64>> = vec![None; loads.len()];
    let mut running: Vec<bool> = loads
        .iter()
        .map(|l| l.supply == Supply::Power && (l.on_station() || l.battery_minutes > 0.0))
        .collect();
    let mut station_empty_at = if energy > 0.0 { None } else { Some(0.0) };
    let mut t = 0.0;
    while t < MAX_SIMULATED_MINUTES && running.iter().any(|r| *r) {
        // Watt-hours the station must give in this minute.
        let draw: f64 = loads
            .iter()
            .zip(&running)
            .filter(|(l, r)| **r && l.on_station())
            .map(|(l, _)| l.watts.unwrap_or(0.0) * l.duty.need_at(t))
            .sum::<f64>()
            / 60.0;
        // Fraction of this minute the station covers.
        let covered = if energy <= 0.0 {
            0.0
        } else if draw <= energy {
            energy -= draw;
            1.0
        } else {
            let f = energy / draw;
            energy = 0.0;
            f
        };
        if energy <= 0.0 && station_empty_at.is_none() {
            station_empty_at = Some(t + covered);
        }
        for (i, l) in loads.iter().enumerate() {
            if !running[i] {
                continue;
            }
            let need = l.duty.need_at(t);
            let from = if l.on_station() { covered } else { 0.0 };
            let use_minutes = need * (1.0 - from);
            if use_minutes <= 0.0 {
                continue;
            }
            if battery[i] >= use_minutes {
                battery[i] -= use_minutes;
            } else {
                stop[i] = Some(t + from + battery[i] / need);
                battery[i] = 0.0;
                running[i] = false;
            }
        }
        t += 1.0;
    }
    for (i, l) in loads.iter().enumerate() {
        if running[i] {
            stop[i] = Some(MAX_SIMULATED_MINUTES);
        } else if stop[i].is_none() && l.supply == Supply::Power && l.on_station() {
            stop[i] = Some(0.0);
        }
    }
    // Minute-by-minute subtraction leaves float noise (1216.8749999999825); a millionth of a
    // minute is far below any figure shown, and rounding to it keeps hand-computed values exact.
    let tidy = |m: f64| (m * 1e6).round() / 1e6;
    (
        stop.into_iter().map(|s| s.map(tidy)).collect(),
        tidy(station_empty_at.unwrap_or(t)),
    )
}

/// Computes one scenario over `loads` (already chosen and given their duty) with the pooled
/// `usable_wh` of the stations; `station_assumptions` are the stations' own (efficiency).
pub(crate) fn scenario(
    kind: ScenarioKind,
    loads: &[Load],
    usable_wh: f64,
    station_assumptions: &[Assumption],
) -> Scenario {
    let (stops, station_empty) = simulate(loads, usable_wh);
    let on_station: Vec<&Load> = loads.iter().filter(|l| l.on_station()).collect();
    let station_estimate = !on_station.is_empty()
        && (!station_assumptions.is_empty() || on_station.iter().any(|l| !l.assumptions.is_empty()));
    let mut assumptions: Vec<Assumption> = Vec::new();
    let devices: Vec<ScenarioDevice> = loads
        .iter()
        .zip(stops)
        .map(|(l, stop)| {
            let station_minutes = if l.on_station() { station_empty } else { 0.0 };
            let minutes = match l.supply {
                Supply::Cylinders => l.cylinder_minutes,
                Supply::Power if l.on_station() || l.battery_minutes > 0.0 => stop,
                // No watts, no batteries: nothing to compute from.
                Supply::Power => None,
            };
            for a in &l.assumptions {
                if !assumptions.contains(a) {
                    assumptions.push(a.clone());
                }
            }
            ScenarioDevice {
                device_id: l.device_id.clone(),
                kind: l.kind,
                supply: l.supply,
                watts: l.watts,
                duty: l.duty,
                station_minutes,
                minutes,
                estimate: !l.assumptions.is_empty() || (station_minutes > 0.0 && station_estimate),
            }
        })
        .collect();
    if station_estimate {
        for a in station_assumptions {
            if !assumptions.contains(a) {
                assumptions.push(a.clone());
            }
        }
    }
    let first = devices
        .iter()
        .filter_map(|d| d.minutes.map(|m| (d, m)))
        .min_by(|(a, ma), (b, mb)| ma.total_cmp(mb).then(rank(a.kind).cmp(&rank(b.kind))))
        .map(|(d, _)| d);
    let average_watts = on_station
        .iter()
        .map(|l| {
            let w = l.watts.unwrap_or(0.0);
            match l.duty {
                Duty::Continuous => w,
                Duty::HoursPerDay { hours } => w * hours / 24.0,
                Duty::MinutesPerHour { minutes } => w * minutes / 60.0,
            }
        })
        .sum();
    let powered: Vec<&Load> = loads.iter().filter(|l| l.supply == Supply::Power).collect();
    Scenario {
        kind,
        average_watts,
        peak_watts: powered.iter().filter_map(|l| l.watts).sum(),
        outlets_needed: powered.len(),
        station_minutes: if on_station.is_empty() { 0.0 } else { station_empty },
        minutes: first.and_then(|d| d.minutes),
        first_to_stop: first.map(|d| d.device_id.clone()),
        first_to_stop_kind: first.map(|d| d.kind),
        first_to_stop_supply: first.map(|d| d.supply),
        estimate: first.is_some_and(|d| d.estimate),
        devices,
        assumptions,
    }
}

impl Scenario {
    /// The scenario's headline in words: how long, marked when an estimate, and what stops
    /// first (oxygen cylinders named as such).
    pub fn headline(&self, l10n: &Localizer) -> String {
        let scenario = l10n.message(self.kind.fluent_id(), &[]);
        match (self.minutes, self.first_to_stop_kind) {
            (Some(minutes), Some(kind)) => {
                let device = l10n.label(&kind.fluent_id());
                let device = match self.first_to_stop_supply {
                    Some(Supply::Cylinders) => {
                        l10n.message("readiness-supply-cylinders", &[("device", &device)])
                    }
                    _ => device,
                };
                let id = if self.estimate {
                    "readiness-scenario-line-estimate"
                } else {
                    "readiness-scenario-line"
                };
                l10n.message(
                    id,
                    &[
                        ("scenario", &scenario),
                        ("hours", &runway_hours(minutes)),
                        ("device", &device),
                    ],
                )
            }
            _ if self.devices.is_empty() => {
                l10n.message("readiness-scenario-none", &[("scenario", &scenario)])
            }
            _ => l10n.message("readiness-scenario-unknown", &[("scenario", &scenario)]),
        }
    }

    /// This scenario's figure for one device.
    pub fn device(&self, id: &str) -> Option<&ScenarioDevice> {
        self.devices.iter().find(|d| d.device_id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} != {b}");
    }

    fn load(id: &str, kind: DeviceKind, watts: Option<f64>, duty: Duty, battery: f64) -> Load {
        Load {
            device_id: id.into(),
            kind,
            supply: Supply::Power,
            watts,
            duty,
            battery_minutes: battery,
            cylinder_minutes: None,
            assumptions: Vec::new(),
        }
    }

    #[test]
    fn continuous_load_matches_the_hand_formula() {
        // 850 Wh ÷ 60 W = 14.1667 h = 850 min; then 120 min of battery: 970 min.
        let loads = [load(
            "v",
            DeviceKind::Ventilator,
            Some(60.0),
            Duty::Continuous,
            120.0,
        )];
        let s = scenario(ScenarioKind::Everything, &loads, 850.0, &[]);
        close(s.station_minutes, 850.0);
        close(s.minutes.expect("runway"), 970.0);
        assert!(!s.estimate);
    }

    #[test]
    fn night_ventilation_starts_now_in_the_worst_case() {
        // NPPV 10 h a day at 60 W, 300 Wh usable, no battery: the station gives 300 min of
        // ventilation; the hours start now, so it stops 300 min in, inside the first night.
        let loads = [load(
            "v",
            DeviceKind::Ventilator,
            Some(60.0),
            Duty::HoursPerDay { hours: 10.0 },
            0.0,
        )];
        let s = scenario(ScenarioKind::LifeSustaining, &loads, 300.0, &[]);
        close(s.minutes.expect("runway"), 300.0);
        // 900 Wh: 600 min the first night (600 Wh), 840 min off, then 300 Wh more: 1440 + 300.
        let s = scenario(ScenarioKind::LifeSustaining, &loads, 900.0, &[]);
        close(s.minutes.expect("runway"), 1740.0);
    }

    #[test]
    fn suction_at_its_duty_stretches_its_battery() {
        // Suction 40 W at 6 min/h (4 W average) alone with a 42-min battery and no station:
        // 42 ÷ 0.1 = 420 min.
        let loads = [load(
            "s",
            DeviceKind::Suction,
            Some(40.0),
            Duty::MinutesPerHour { minutes: 6.0 },
            42.0,
        )];
        let s = scenario(ScenarioKind::LifeSustaining, &loads, 0.0, &[]);
        close(s.minutes.expect("runway"), 420.0);
        close(s.station_minutes, 0.0);
    }

    #[test]
    fn unknown_watts_without_battery_has_no_runway_and_names_no_stop() {
        let loads = [
            load("p", DeviceKind::Pump, None, Duty::Continuous, 0.0),
            load("v", DeviceKind::Ventilator, Some(60.0), Duty::Continuous, 0.0),
        ];
        let s = scenario(ScenarioKind::Everything, &loads, 60.0, &[]);
        assert_eq!(s.device("p").expect("pump").minutes, None);
        close(s.minutes.expect("runway"), 60.0);
        assert_eq!(s.first_to_stop.as_deref(), Some("v"));
    }
}
