//! `tsunagu readiness` with runway scenarios, through the real binary: the issue's 24-hour
//! ventilator child with oxygen cylinders, and a ventilator entered with no power fields.

use crate::common::{create, demo_store, run};
use serde_json::Value;
use tsunagu_core::model::{
    Count, Device, DeviceKind, DevicePower, Hours, Litres, LitresPerMinute, Megapascals, PowerSource,
    PowerSourceKind, Profile, WattHours, Watts,
};

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

/// A 24-hour ventilator (60 W) with a heated humidifier (100 W), suction (35 W), a
/// concentrator (120 W) with two 3.4 L cylinders at 10 MPa and 1 L/min; a 1000 Wh station.
fn ventilated_child() -> Profile {
    let mut p = Profile::empty();
    p.child.name = Some("架空 はると".into());
    let mut vent = powered(DeviceKind::Ventilator, 1.0, 60.0);
    if let Some(v) = vent.settings.ventilator.as_mut() {
        v.hours_per_day = Some(Hours(24.0));
    }
    vent.non_powered_fallback = Some("bag".into());
    p.devices.insert("dev-vent".into(), vent);
    p.devices
        .insert("dev-humid".into(), powered(DeviceKind::Other, 2.0, 100.0));
    let mut suction = powered(DeviceKind::Suction, 3.0, 35.0);
    suction.non_powered_fallback = Some("foot".into());
    p.devices.insert("dev-suction".into(), suction);
    let mut o2 = powered(DeviceKind::Oxygen, 4.0, 120.0);
    if let Some(o) = o2.settings.oxygen.as_mut() {
        o.cylinder_volume = Some(Litres(3.4));
        o.cylinder_pressure = Some(Megapascals(10.0));
        o.cylinder_count = Some(Count(2.0));
        o.flow_rest = Some(LitresPerMinute(1.0));
    }
    p.devices.insert("dev-o2".into(), o2);
    p.power_sources.insert(
        "pwr-1".into(),
        PowerSource {
            order: 1.0,
            kind: PowerSourceKind::PowerStation,
            name: None,
            capacity: Some(WattHours(1000.0)),
            max_output: Some(Watts(1500.0)),
            outlets: Some(Count(4.0)),
            pure_sine: Some(true),
            inverter_efficiency: None,
            last_checked: None,
        },
    );
    p
}

#[test]
fn json_gives_both_scenarios_for_the_issue_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = create(dir.path(), "vent.json", &ventilated_child());
    let json: Value = serde_json::from_str(&run(dir.path(), &["readiness", &id, "--json"])).expect("json");
    let power = &json["power"];
    // (a) cylinders run out first: 2 × (3.4 × 10 × 10 × 0.8 = 272 L ÷ 1 L/min) = 544 min.
    assert_eq!(power["life_sustaining"]["minutes"], 544.0);
    assert_eq!(power["life_sustaining"]["first_to_stop"], "dev-o2");
    assert_eq!(power["life_sustaining"]["first_to_stop_supply"], "cylinders");
    assert_eq!(power["life_sustaining"]["estimate"], false);
    assert_eq!(power["total_minutes"], 544.0);
    // The ventilator in (a): 850 Wh × 60 ÷ (60 + 35 × 6/60 W) = 803.15 min, an estimate.
    let vent = power["life_sustaining"]["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .find(|d| d["device_id"] == "dev-vent")
        .expect("ventilator in (a)");
    let minutes = vent["minutes"].as_f64().expect("minutes");
    assert!((minutes - 850.0 * 60.0 / 63.5).abs() < 1e-3, "{minutes}");
    assert_eq!(vent["estimate"], true);
    // (b) everything: 850 × 60 ÷ 315 W = 161.9 min.
    let b = power["everything"]["minutes"].as_f64().expect("b");
    assert!((b - 850.0 * 60.0 / 315.0).abs() < 1e-3, "{b}");
    assert_eq!(power["everything"]["kind"], "everything");
    // The assumptions are in the data, with the figure they stand for.
    let assumed: Vec<&str> = power["everything"]["assumptions"]
        .as_array()
        .expect("assumptions")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert!(assumed.contains(&"efficiency_assumed"), "{assumed:?}");
    // No "go now".
    assert!(
        !json["actions"]
            .as_array()
            .expect("actions")
            .iter()
            .any(|a| a["severity"] == "urgent"),
        "{}",
        json["actions"]
    );
}

#[test]
fn text_shows_both_scenarios_the_alternatives_and_the_assumptions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = create(dir.path(), "vent.json", &ventilated_child());
    let en = run(dir.path(), &["readiness", &id, "--lang", "en"]);
    assert!(
        en.contains(
            "Life-sustaining devices only, as usually used: about 9 h (first to stop: Home oxygen (cylinders))"
        ),
        "{en}"
    );
    assert!(en.contains("Ventilator: about 13.3 h [estimate]"), "{en}");
    assert!(en.contains("Home oxygen: 544 min on cylinders"), "{en}");
    assert!(
        en.contains("Everything running at once: about 2.6 h [estimate] (first to stop: Ventilator)"),
        "{en}"
    );
    assert!(en.contains("4 outlets needed, 315 W when all are on"), "{en}");
    assert!(
        en.contains("544 min on cylinders, or about 4.6 h on the concentrator"),
        "{en}"
    );
    assert!(
        en.contains("Portable power station: inverter efficiency not recorded; counted as 85 %"),
        "{en}"
    );
    let ja = run(dir.path(), &["readiness", &id]);
    assert!(
        ja.contains("命を支える機器だけ（ふだんの使い方）: 約 9 時間"),
        "{ja}"
    );
    assert!(ja.contains("在宅酸素（酸素ボンベ）"), "{ja}");
}

#[test]
fn a_bare_ventilator_is_life_sustaining_everywhere_and_marked_as_an_estimate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut p = Profile::empty();
    p.child.name = Some("架空 みお".into());
    p.devices
        .insert("dev-v".into(), Device::new(DeviceKind::Ventilator));
    let id = create(dir.path(), "bare.json", &p);
    let json: Value = serde_json::from_str(&run(dir.path(), &["readiness", &id, "--json"])).expect("json");
    assert_eq!(json["power"]["governing_device"], "dev-v");
    assert_eq!(json["power"]["estimate"], true);
    assert_eq!(json["power"]["devices"][0]["life_critical"], true);
    let en = run(dir.path(), &["readiness", &id, "--lang", "en"]);
    assert!(en.contains("about 0 h [estimate]"), "{en}");
    // One outlet is one, not "1 outlets".
    assert!(en.contains("1 outlet needed, 60 W when all are on"), "{en}");
    assert!(!en.contains("-0"), "{en}");
    assert!(
        en.contains("Ventilator: watts not recorded; counted at a typical 60 W"),
        "{en}"
    );
    // The roster counts the child as power dependent.
    let roster: Value =
        serde_json::from_str(&run(dir.path(), &["roster", "--json", "--as-of", "2026-10-01"])).expect("json");
    assert_eq!(roster[0]["power_dependent"], true);
}

#[test]
fn the_demo_child_headline_uses_the_life_sustaining_scenario() {
    let (dir, id) = demo_store();
    let json: Value = serde_json::from_str(&run(dir.path(), &["readiness", &id, "--json"])).expect("json");
    // (a): 850 × 60 ÷ (60 + 40 × 0.1) = 796.875 min of station + 42 min ÷ 0.1 for suction.
    assert_eq!(json["power"]["total_minutes"], 1216.875);
    // (b): 850 × 60 ÷ 100 = 510 + 42 = 552 min.
    assert_eq!(json["power"]["everything"]["minutes"], 552.0);
}
