//! The scenarios by hand, and the event-by-event simulation against its definition: the
//! minute-by-minute loop it replaced, kept here as the reference.

use proptest::prelude::*;

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

/// The definition, minute by minute (the simulation before it went from event to event): each
/// minute the devices on the station draw from it at their duty read at the minute's start; the
/// part of the minute in which the station empties is split exactly; a device stops when its
/// battery cannot cover what it needs in a minute.
fn simulate_by_minute(loads: &[Load], usable_wh: f64) -> (Vec<Option<f64>>, f64) {
    let need_at = |duty: Duty, t: f64| match duty {
        Duty::Continuous => 1.0,
        Duty::HoursPerDay { hours } => {
            if t.rem_euclid(24.0 * 60.0) < hours * 60.0 {
                1.0
            } else {
                0.0
            }
        }
        Duty::MinutesPerHour { minutes } => minutes / 60.0,
    };
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
        let draw: f64 = loads
            .iter()
            .zip(&running)
            .filter(|(l, r)| **r && l.on_station())
            .map(|(l, _)| l.watts.unwrap_or(0.0) * need_at(l.duty, t))
            .sum::<f64>()
            / 60.0;
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
            let need = need_at(l.duty, t);
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
    let tidy = |m: f64| (m * 1e6).round() / 1e6;
    (
        stop.into_iter().map(|s| s.map(tidy)).collect(),
        tidy(station_empty_at.unwrap_or(t)),
    )
}

fn assert_same_as_by_minute(loads: &[Load], usable_wh: f64) {
    let (stops, station) = simulate(loads, usable_wh);
    let (want_stops, want_station) = simulate_by_minute(loads, usable_wh);
    // Both are rounded to a millionth of a minute; the minute loop's float noise may land
    // one rounding step away.
    let near = |a: f64, b: f64| (a - b).abs() <= 2e-6;
    assert!(
        near(station, want_station),
        "station: {station} != {want_station} for {loads:?}, {usable_wh} Wh"
    );
    for (i, (got, want)) in stops.iter().zip(&want_stops).enumerate() {
        let same = match (got, want) {
            (Some(a), Some(b)) => near(*a, *b),
            (None, None) => true,
            _ => false,
        };
        assert!(
            same,
            "load {i}: {got:?} != {want:?} for {loads:?}, {usable_wh} Wh"
        );
    }
}

#[test]
fn events_land_on_the_minute_grid_of_the_definition() {
    // Night NPPV for 0.33 h runs the minutes 0–19 of each day (m < 19.8): its 25-minute
    // battery covers the first 20 minutes and stops it 5 minutes into the next day's hours.
    let nppv = load(
        "v",
        DeviceKind::Ventilator,
        None,
        Duty::HoursPerDay { hours: 0.33 },
        25.0,
    );
    let (stops, _) = simulate(std::slice::from_ref(&nppv), 0.0);
    close(stops[0].expect("stops"), 1445.0);
    assert_same_as_by_minute(&[nppv], 0.0);

    // A battery that lasts exactly to the end of the night stops the device when the next
    // night starts, not at dawn: it is empty at a moment it needs power only then.
    let night = load(
        "v",
        DeviceKind::Ventilator,
        Some(60.0),
        Duty::HoursPerDay { hours: 10.0 },
        120.0,
    );
    let (stops, station) = simulate(std::slice::from_ref(&night), 480.0);
    close(station, 480.0);
    close(stops[0].expect("stops"), 1440.0);
    assert_same_as_by_minute(&[night], 480.0);

    // The station outlasting the only device on it: the device runs the 30 days.
    let small = load("p", DeviceKind::Pump, Some(5.0), Duty::Continuous, 0.0);
    let (stops, station) = simulate(std::slice::from_ref(&small), 1e6);
    close(stops[0].expect("stops"), MAX_SIMULATED_MINUTES);
    close(station, MAX_SIMULATED_MINUTES);
    assert_same_as_by_minute(&[small], 1e6);
}

fn arb_load() -> impl Strategy<Value = Load> {
    let kinds = prop::sample::select(vec![
        DeviceKind::Ventilator,
        DeviceKind::Oxygen,
        DeviceKind::Suction,
        DeviceKind::Pump,
        DeviceKind::Other,
    ]);
    let watts = prop_oneof![
        1 => Just(None),
        1 => Just(Some(0.0)),
        6 => (0.5..250.0f64).prop_map(Some),
    ];
    let duty = prop_oneof![
        2 => Just(Duty::Continuous),
        2 => (0.05..23.95f64).prop_map(|hours| Duty::HoursPerDay { hours }),
        1 => (1u8..=23).prop_map(|h| Duty::HoursPerDay { hours: f64::from(h) }),
        2 => (0.1..60.0f64).prop_map(|minutes| Duty::MinutesPerHour { minutes }),
    ];
    let battery = prop_oneof![2 => Just(0.0), 3 => 0.1..2000.0f64];
    let supply = prop_oneof![6 => Just(Supply::Power), 1 => Just(Supply::Cylinders)];
    (kinds, watts, duty, battery, supply, 1.0..900.0f64).prop_map(
        |(kind, watts, duty, battery_minutes, supply, cylinders)| Load {
            device_id: "d".into(),
            kind,
            supply,
            watts,
            duty,
            battery_minutes,
            cylinder_minutes: (supply == Supply::Cylinders).then_some(cylinders),
            assumptions: Vec::new(),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The event-by-event simulation gives the minute-by-minute definition's figures, within
    /// the millionth of a minute both are rounded to.
    #[test]
    fn event_simulation_matches_the_minute_by_minute_definition(
        loads in prop::collection::vec(arb_load(), 1..6),
        usable_wh in prop_oneof![1 => Just(0.0), 4 => 0.5..4000.0f64, 1 => 4000.0..40_000.0f64],
    ) {
        assert_same_as_by_minute(&loads, usable_wh);
    }
}
