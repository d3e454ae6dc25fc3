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
//! All power stations are pooled. The devices on the station draw from it (a ventilator during
//! its hours, suction at its average, the rest at full draw); once it is empty, each device runs
//! on its own batteries (age-adjusted, see `readiness::power`), used at the same duty. A device
//! stops when its batteries are empty at a moment it needs power. A ventilator's hours are read
//! on the minute: it runs in the minutes `m` of each day with `m < hours × 60`.
//!
//! Every draw is constant between two events: a ventilator's hours starting or ending, the
//! station running empty, a battery running out. The computation goes from event to event,
//! each interval in one step (a few dozen steps for 30 days, where a minute-by-minute loop took
//! 43,200 per scenario), so a device running continuously gets exactly
//! `usable Wh × 60 ÷ watts + battery minutes`, as a hand calculation does. The tests check it
//! against the minute-by-minute definition on random loads.
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

/// Minutes in a day.
const DAY: f64 = 24.0 * 60.0;

impl Duty {
    /// Fraction of the full draw needed from moment `t` (minutes from the start) until
    /// [`Duty::next_change`].
    fn need_from(self, t: f64) -> f64 {
        match self {
            Duty::Continuous => 1.0,
            // The minute `m` of the day runs when `m < hours × 60`; `t` lies in minute
            // `floor(t)`, which runs exactly when `t < ceil(hours × 60)` (both sides whole).
            Duty::HoursPerDay { hours } => {
                if t.rem_euclid(DAY) < on_minutes(hours) {
                    1.0
                } else {
                    0.0
                }
            }
            Duty::MinutesPerHour { minutes } => minutes / 60.0,
        }
    }

    /// The first moment after `t` at which the need changes; `None` when it never does.
    fn next_change(self, t: f64) -> Option<f64> {
        match self {
            Duty::HoursPerDay { hours } => {
                let day = (t / DAY).floor() * DAY;
                let on = on_minutes(hours);
                Some(if t - day < on { day + on } else { day + DAY })
            }
            Duty::Continuous | Duty::MinutesPerHour { .. } => None,
        }
    }
}

/// Whole minutes of each day a duty of `hours` a day runs: the minutes `m` with `m < hours × 60`.
fn on_minutes(hours: f64) -> f64 {
    (hours * 60.0).ceil().clamp(0.0, DAY)
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
/// documentation: from event to event, every draw constant in between.
fn simulate(loads: &[Load], usable_wh: f64) -> (Vec<Option<f64>>, f64) {
    let mut energy = usable_wh.max(0.0);
    let mut battery: Vec<f64> = loads.iter().map(|l| l.battery_minutes.max(0.0)).collect();
    let mut stop: Vec<Option<f64>> = vec![None; loads.len()];
    let mut running: Vec<bool> = loads
        .iter()
        .map(|l| l.supply == Supply::Power && (l.on_station() || l.battery_minutes > 0.0))
        .collect();
    let mut station_empty_at = if energy > 0.0 { None } else { Some(0.0) };
    let mut last_stop: Option<f64> = None;
    let mut t = 0.0;
    // Each step ends at an event: a duty change (at most two a day per device), the station
    // running empty (once) or a device stopping (once each). Far more than enough:
    let max_steps = 4 * loads.len() * (MAX_SIMULATED_MINUTES / DAY) as usize + loads.len() + 8;
    let mut steps = 0;
    while t < MAX_SIMULATED_MINUTES && running.iter().any(|r| *r) {
        steps += 1;
        if steps > max_steps {
            debug_assert!(false, "the runway simulation made no progress at minute {t}");
            break;
        }
        let station_on = energy > 0.0;
        // Fraction of its full draw each device needs from now, and from what: the station
        // while it lasts for the devices on it, its own batteries otherwise.
        let need: Vec<f64> = loads.iter().map(|l| l.duty.need_from(t)).collect();
        let from_battery: Vec<bool> = (0..loads.len())
            .map(|i| running[i] && !(station_on && loads[i].on_station()))
            .collect();
        // Until the next change of duty, every draw is constant.
        let mut next = loads
            .iter()
            .zip(&running)
            .filter(|(_, r)| **r)
            .filter_map(|(l, _)| l.duty.next_change(t))
            .fold(MAX_SIMULATED_MINUTES, f64::min);
        let duty_change = next;
        // Watt-hours per minute the station gives, and when that empties it.
        let draw: f64 = loads
            .iter()
            .enumerate()
            .filter(|(i, l)| running[*i] && l.on_station())
            .map(|(i, l)| l.watts.unwrap_or(0.0) * need[i])
            .sum::<f64>()
            / 60.0;
        let station_end = (station_on && draw > 0.0).then(|| t + energy / draw);
        if let Some(at) = station_end {
            next = next.min(at);
        }
        // When each battery in use runs out, if before the duty changes (a battery that lasts
        // exactly until its device's hours end stops it when they start again).
        let battery_end: Vec<Option<f64>> = (0..loads.len())
            .map(|i| {
                (from_battery[i] && need[i] > 0.0)
                    .then(|| t + battery[i] / need[i])
                    .filter(|at| *at < duty_change)
            })
            .collect();
        for at in battery_end.iter().flatten() {
            next = next.min(*at);
        }
        let dt = next - t;
        if station_on {
            if station_end == Some(next) {
                energy = 0.0;
                station_empty_at = Some(next);
            } else {
                energy -= draw * dt;
            }
        }
        for i in 0..loads.len() {
            if !from_battery[i] || need[i] <= 0.0 {
                continue;
            }
            if battery_end[i] == Some(next) {
                stop[i] = Some(next);
                battery[i] = 0.0;
                running[i] = false;
                last_stop = Some(next);
            } else {
                battery[i] = (battery[i] - need[i] * dt).max(0.0);
            }
        }
        t = next;
    }
    let any_running = running.iter().any(|r| *r);
    for (i, l) in loads.iter().enumerate() {
        if running[i] {
            stop[i] = Some(MAX_SIMULATED_MINUTES);
        } else if stop[i].is_none() && l.supply == Supply::Power && l.on_station() {
            stop[i] = Some(0.0);
        }
    }
    // When the station outlasts every device on it (or there are none), the figure reported is
    // the whole minute after the last stop, or the end of the simulation.
    let end = if any_running {
        MAX_SIMULATED_MINUTES
    } else {
        last_stop.map_or(0.0, |s| (s.floor() + 1.0).min(MAX_SIMULATED_MINUTES))
    };
    // Division and subtraction leave float noise (1216.8749999999825); a millionth of a minute
    // is far below any figure shown, and rounding to it keeps hand-computed values exact.
    let tidy = |m: f64| (m * 1e6).round() / 1e6;
    (
        stop.into_iter().map(|s| s.map(tidy)).collect(),
        tidy(station_empty_at.unwrap_or(end)),
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
#[path = "scenario_tests.rs"]
mod tests;
