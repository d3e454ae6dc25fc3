//! Hand-computed runway scenarios: the issue's 24-hour ventilator child, a ventilator entered
//! with no power fields, oxygen from cylinders only, and night-time NPPV with no battery.

use super::*;
use crate::i18n::{Lang, Localizer};
use crate::model::{
    Count, Device, DeviceKind, DevicePower, Hours, Litres, LitresPerMinute, Megapascals, PowerSource,
    PowerSourceKind, Profile, WattHours, Watts,
};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

fn powered(kind: DeviceKind, order: f64, watts: f64) -> Device {
    let mut d = Device::new(kind);
    d.order = order;
    d.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(watts)),
        ..DevicePower::default()
    };
    d
}

fn station(capacity: f64) -> PowerSource {
    PowerSource {
        order: 1.0,
        kind: PowerSourceKind::PowerStation,
        name: None,
        capacity: Some(WattHours(capacity)),
        max_output: Some(Watts(1500.0)),
        outlets: Some(Count(4.0)),
        pure_sine: Some(true),
        inverter_efficiency: None,
        last_checked: None,
    }
}

/// The issue's child: a 24-hour ventilator (60 W) with a heated humidifier (100 W), suction
/// (35 W) and an oxygen concentrator (120 W) with two 3.4 L cylinders at 10 MPa, 1 L/min at
/// rest; a 1000 Wh power station; no batteries recorded.
pub(crate) fn ventilated_child_with_oxygen() -> Profile {
    let mut p = Profile::empty();
    let mut vent = powered(DeviceKind::Ventilator, 1.0, 60.0);
    if let Some(v) = vent.settings.ventilator.as_mut() {
        v.hours_per_day = Some(Hours(24.0));
        v.humidifier = Some("heated humidifier".into());
    }
    vent.non_powered_fallback = Some("resuscitation bag, HME".into());
    p.devices.insert("dev-vent".into(), vent);
    p.devices
        .insert("dev-humid".into(), powered(DeviceKind::Other, 2.0, 100.0));
    let mut suction = powered(DeviceKind::Suction, 3.0, 35.0);
    suction.non_powered_fallback = Some("foot suction".into());
    p.devices.insert("dev-suction".into(), suction);
    let mut o2 = powered(DeviceKind::Oxygen, 4.0, 120.0);
    if let Some(o) = o2.settings.oxygen.as_mut() {
        o.cylinder_volume = Some(Litres(3.4));
        o.cylinder_pressure = Some(Megapascals(10.0));
        o.cylinder_count = Some(Count(2.0));
        o.flow_rest = Some(LitresPerMinute(1.0));
    }
    p.devices.insert("dev-o2".into(), o2);
    p.power_sources.insert("pwr-1".into(), station(1000.0));
    p
}

#[test]
fn the_issue_example_reads_as_a_family_would() {
    let r = readiness(&ventilated_child_with_oxygen());
    let p = &r.power;
    // Usable: 1000 Wh × 0.85 (not recorded) = 850 Wh.
    // (b) Everything: 60 + 100 + 35 + 120 = 315 W; 850 × 60 ÷ 315 = 161.905 min (2.6 h);
    // no batteries, so everything stops then; the tie names the ventilator.
    close(p.everything.peak_watts, 315.0);
    close(p.everything.minutes.expect("b"), 850.0 * 60.0 / 315.0);
    assert_eq!(p.everything.first_to_stop.as_deref(), Some("dev-vent"));
    assert_eq!(p.everything.outlets_needed, 4);
    // (a) Life-sustaining at usual duty: ventilator 60 W all day + suction 35 W × 6/60 =
    // 3.5 W → 63.5 W; 850 × 60 ÷ 63.5 = 803.150 min (13.3 h) for the ventilator. The
    // humidifier is off (an HME replaces it); the concentrator is off because two cylinders
    // cover it: 3.4 × 10 × 10 × 0.8 = 272 L each ÷ 1 L/min = 272 min; × 2 = 544 min.
    let a = &p.life_sustaining;
    assert!(a.device("dev-humid").is_none());
    close(a.average_watts, 63.5);
    close(
        a.device("dev-vent").expect("vent").minutes.expect("vent"),
        850.0 * 60.0 / 63.5,
    );
    let o2 = a.device("dev-o2").expect("oxygen");
    assert_eq!(o2.supply, Supply::Cylinders);
    close(o2.minutes.expect("cylinders"), 544.0);
    // First to run out: the cylinders at 544 min (9.0 h), a figure from recorded values only.
    close(p.total_minutes.expect("headline"), 544.0);
    assert_eq!(p.governing_device.as_deref(), Some("dev-o2"));
    assert_eq!(a.first_to_stop_supply, Some(Supply::Cylinders));
    assert!(!p.estimate);
    // The ventilator's own figure rests on the suction duty and the default efficiency.
    assert!(a.device("dev-vent").expect("vent").estimate);
    // Oxygen as alternatives: cylinders 544 min, or the concentrator on the station beside
    // the ventilator and suction: 63.5 + 120 = 183.5 W; 850 × 60 ÷ 183.5 = 277.929 min (4.6 h).
    let alt = &p.oxygen_alternatives[0];
    close(alt.cylinder_minutes.expect("cylinders"), 544.0);
    close(
        alt.concentrator_minutes.expect("concentrator"),
        850.0 * 60.0 / 183.5,
    );
    // No "go now": 544 min ≥ 6 h.
    assert!(
        !r.actions.iter().any(|x| x.severity == Severity::Urgent),
        "{:?}",
        r.actions
    );

    let en = Localizer::new(Lang::En);
    assert_eq!(
        a.headline(&en),
        "Life-sustaining devices only, as usually used: about 9 h (first to stop: Home oxygen (cylinders))"
    );
    assert_eq!(
        p.everything.headline(&en),
        "Everything running at once: about 2.6 h [estimate] (first to stop: Ventilator)"
    );
    let ja = Localizer::new(Lang::Ja);
    assert!(a.headline(&ja).contains("約 9 時間"), "{}", a.headline(&ja));
}

#[test]
fn a_ventilator_with_no_power_fields_is_life_sustaining_and_powered() {
    let mut p = Profile::empty();
    p.devices
        .insert("dev-v".into(), Device::new(DeviceKind::Ventilator));
    // Even a "needs no mains" slip cannot hide it.
    let mut slip = Device::new(DeviceKind::Ventilator);
    slip.power.needs_mains = Some(false);
    assert_eq!(
        life_support(&slip),
        LifeSupport {
            sustains_life: true,
            power: PowerNeed::Powered
        }
    );
    assert!(life_support(&slip).power_dependent());
    let r = readiness(&p);
    assert!(r.power.power_dependent());
    let v = r.power.device("dev-v").expect("listed");
    assert!(v.life_critical && v.watts_assumed);
    // Typical 60 W, no battery, no station: 0 min, an estimate that says why, and "go now".
    close(r.power.total_minutes.expect("runway"), 0.0);
    assert!(r.power.estimate);
    let kinds: Vec<&str> = r
        .power
        .life_sustaining
        .assumptions
        .iter()
        .map(|a| a.fluent_id())
        .collect();
    assert_eq!(
        kinds,
        [
            "readiness-assumption-typical-watts",
            "readiness-assumption-battery-not-recorded",
            "readiness-assumption-hours-per-day",
        ]
    );
    assert_eq!(r.actions[0].kind, ActionKind::FindPoweredDestination);
    let en = Localizer::new(Lang::En);
    assert_eq!(
        r.power.life_sustaining.assumptions[0].render(&en),
        "Ventilator: watts not recorded; counted at a typical 60 W"
    );
    // The headline reads "0", never "-0".
    assert!(
        r.power
            .life_sustaining
            .headline(&en)
            .contains("about 0 h [estimate]")
    );
}

#[test]
fn oxygen_from_cylinders_only_is_life_sustaining_without_power() {
    let mut p = Profile::empty();
    let mut o2 = Device::new(DeviceKind::Oxygen);
    o2.power.needs_mains = Some(false);
    if let Some(o) = o2.settings.oxygen.as_mut() {
        o.cylinder_volume = Some(Litres(2.0));
        o.cylinder_pressure = Some(Megapascals(14.7));
        o.cylinder_count = Some(Count(3.0));
        o.flow_rest = Some(LitresPerMinute(0.5));
    }
    p.devices.insert("dev-o2".into(), o2);
    let r = readiness(&p);
    // Not on power: not power dependent, nothing in (b).
    assert!(!r.power.power_dependent());
    assert!(r.power.everything.devices.is_empty());
    // (a) still names it: 2 × 14.7 × 10 × 0.8 = 235.2 L ÷ 0.5 = 470.4 min; × 3 = 1411.2 min.
    close(r.power.total_minutes.expect("cylinders"), 1411.2);
    assert_eq!(r.power.governing_device.as_deref(), Some("dev-o2"));
}

#[test]
fn insulin_pump_on_its_own_battery() {
    let mut p = Profile::empty();
    let mut pump = Device::new(DeviceKind::Pump);
    pump.power.internal_battery_minutes = Some(crate::model::Minutes(1000.0));
    pump.power.internal_battery_age_years = Some(crate::model::Years(0.0));
    p.devices.insert("dev-pump".into(), pump);
    let r = readiness(&p);
    // Powered by its kind, no watts known: off the station, 1000 min of battery.
    assert!(r.power.power_dependent());
    close(r.power.total_minutes.expect("battery"), 1000.0);
    assert!(
        r.power
            .life_sustaining
            .assumptions
            .iter()
            .any(|a| a.fluent_id() == "readiness-assumption-watts-unknown")
    );
}
