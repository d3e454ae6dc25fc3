//! Unit tests of `readiness::power`: battery ageing, the demo child's hand-computed runway,
//! shared stations and ties.

use super::power::*;
use super::scenario::Assumption;
use crate::model::{Count, Minutes, Percent, WattHours, Years};
use crate::model::{Device, DeviceKind, DevicePower, PowerSource, PowerSourceKind, Profile, Watts};
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
    // (b) everything: station 1000 Wh × 0.85 = 850 Wh; 850 × 60 / 100 = 510 min, shared.
    close(r.station_minutes, 510.0);
    // Car inverter: listed, not counted.
    assert_eq!(r.fuel_sources.len(), 1);
    assert_eq!(r.fuel_sources[0].kind, PowerSourceKind::CarInverter);
    // Ventilator: internal 300 min × (1 − 0.1 × 2) = 240; external 2 × 360 × 0.9 = 648;
    // batteries 888 + station 510 = 1398 min with everything running.
    let vent = r.device("dev-vent").expect("ventilator");
    close(vent.batteries.internal_minutes, 240.0);
    close(vent.batteries.external_minutes, 648.0);
    close(vent.everything_minutes.expect("known"), 1398.0);
    // Suction: 60 min × (1 − 0.1 × 3) = 42 + 510 = 552 min: first to stop in (b).
    close(
        r.device("dev-suction")
            .expect("suction")
            .everything_minutes
            .expect("known"),
        552.0,
    );
    close(r.everything.minutes.expect("runway"), 552.0);
    assert_eq!(r.everything.first_to_stop.as_deref(), Some("dev-suction"));
    // (a) life-sustaining at usual duty: ventilator 24 h/day 60 W + suction 6 min/h × 40 W
    // = 4 W → 64 W; 850 × 60 / 64 = 796.875 min of station. Ventilator 796.875 + 888 =
    // 1684.875; suction 796.875 + 42 ÷ 0.1 = 1216.875 → suction first, 20.3 h.
    close(r.life_sustaining.station_minutes, 796.875);
    close(vent.total_minutes, 1684.875);
    close(r.device("dev-suction").expect("suction").total_minutes, 1216.875);
    close(r.total_minutes.expect("runway"), 1216.875);
    assert_eq!(r.governing_device.as_deref(), Some("dev-suction"));
    // The suction duty is an assumption: the headline is an estimate, and says why.
    assert!(r.estimate);
    assert!(r.life_sustaining.assumptions.iter().any(|a| matches!(
        a,
        Assumption::SuctionDuty { minutes_per_hour, .. } if *minutes_per_hour == 6.0
    )));
    assert!(!r.everything.estimate, "everything recorded in (b)");
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
