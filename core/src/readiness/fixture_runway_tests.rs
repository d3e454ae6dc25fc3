//! Hand-computed runway scenarios and oxygen minutes for each fixture profile
//! (`core/testdata/profiles/`), the arithmetic written out beside what `readiness` says.
//!
//! The rules (see `readiness::scenario`, `readiness::power`, `readiness::oxygen`): usable Wh =
//! capacity × inverter efficiency; a battery keeps 1 − 0.1 × age of its labelled minutes;
//! suction runs 6 minutes of every hour in scenario (a); a concentrator is off the power in
//! scenario (a) when cylinders cover it; cylinder litres = volume × MPa × 10 × 0.8, minutes =
//! litres ÷ flow.

use super::*;
use crate::fixtures;
use crate::model::DeviceKind;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-3, "{a} != {b}");
}

fn load(name: &str) -> Readiness {
    readiness(&fixtures::load(name).expect("fixture loads"))
}

#[test]
fn ventilated_tracheostomy_by_hand() {
    let r = load("ventilated-tracheostomy");
    let p = &r.power;
    // Power station 1000 Wh × 0.85 (recorded efficiency) = 850 Wh usable. The car inverter has
    // no capacity: a fuel source, not pooled.
    let station = 1000.0 * 0.85;
    close(p.stations[0].usable_wh, station);
    assert_eq!(p.stations.len(), 1);
    assert_eq!(p.fuel_sources.len(), 1);

    // (a) Life-sustaining devices at their usual duty:
    //     ventilator 40 W, 24 h a day → 40 W; suction 30 W × 6 min / 60 min → 3 W average;
    //     the concentrator is off the power (two 3.4 L cylinders at 14.7 MPa cover it);
    //     the oximeter does not sustain life → off. Average 43 W, peak 40 + 30 = 70 W, 2 outlets.
    let a = &p.life_sustaining;
    close(a.average_watts, 40.0 + 30.0 * 6.0 / 60.0);
    close(a.peak_watts, 70.0);
    assert_eq!(a.outlets_needed, 2);
    //     Station: 850 Wh × 60 ÷ 43 W = 1,186.05 min.
    let station_a = station * 60.0 / 43.0;
    close(a.station_minutes, station_a);
    //     Ventilator batteries (2 years old → 0.8): internal 240 × 0.8 = 192 min, external
    //     1 × 480 × 0.8 = 384 min → 576 min after the station: 1,762.05 min (29.4 h).
    let vent_batteries = 240.0 * 0.8 + 480.0 * 0.8;
    close(
        a.device("dev-vent").and_then(|d| d.minutes).expect("vent"),
        station_a + vent_batteries,
    );
    //     Suction battery (3 years → 0.7): 45 × 0.7 = 31.5 min of running, at 6 min an hour
    //     31.5 ÷ 6 × 60 = 315 min after the station: 1,501.05 min (25.0 h).
    close(
        a.device("dev-suction").and_then(|d| d.minutes).expect("suction"),
        station_a + 45.0 * 0.7 / 6.0 * 60.0,
    );
    //     Oxygen from the cylinders: 3.4 L × 14.7 MPa × 10 × 0.8 = 399.84 L each; at 1 L/min
    //     two last 799.68 min (13.3 h) — the first to run out, so the headline.
    let litres = 3.4 * 14.7 * 10.0 * 0.8;
    close(litres, 399.84);
    close(a.minutes.expect("minutes"), 2.0 * litres / 1.0);
    assert_eq!(a.first_to_stop.as_deref(), Some("dev-oxygen"));
    assert_eq!(a.first_to_stop_supply, Some(Supply::Cylinders));
    close(p.total_minutes.expect("headline"), 799.68);
    //     The concentrator as the alternative, on the station with the ventilator and suction:
    //     850 × 60 ÷ (40 + 3 + 120) = 312.88 min (5.2 h), an estimate (suction's duty).
    let alt = &p.oxygen_alternatives[0];
    close(alt.cylinder_minutes.expect("cylinders"), 799.68);
    close(
        alt.concentrator_minutes.expect("concentrator"),
        station * 60.0 / 163.0,
    );
    assert!(alt.concentrator_estimate);

    // (b) Everything at full draw: 40 + 30 + 120 + 5 = 195 W; 850 × 60 ÷ 195 = 261.54 min. The
    //     concentrator has no battery and stops first (4.4 h); the ventilator runs 261.54 + 576,
    //     suction 261.54 + 31.5, the oximeter 261.54 + 720 × 0.9.
    let b = &p.everything;
    close(b.average_watts, 195.0);
    assert_eq!(b.outlets_needed, 4);
    let station_b = station * 60.0 / 195.0;
    close(b.minutes.expect("minutes"), station_b);
    assert_eq!(b.first_to_stop.as_deref(), Some("dev-oxygen"));
    let minutes = |id: &str| b.device(id).and_then(|d| d.minutes).expect("device");
    close(minutes("dev-vent"), station_b + vent_batteries);
    close(minutes("dev-suction"), station_b + 45.0 * 0.7);
    close(minutes("dev-oxi"), station_b + 720.0 * 0.9);

    // Oxygen minutes per cylinder and in total, per flow: rest and sleep 1 L/min → 399.84 and
    // 799.68; exertion 2 L/min → 199.92 and 399.84.
    let o = &r.oxygen[0];
    close(o.usable_litres_per_cylinder, litres);
    let per: Vec<(f64, f64)> = o
        .flows
        .iter()
        .map(|f| (f.minutes_per_cylinder, f.minutes_total.expect("count recorded")))
        .collect();
    for (got, want) in per
        .iter()
        .zip([(399.84, 799.68), (399.84, 799.68), (199.92, 399.84)])
    {
        close(got.0, want.0);
        close(got.1, want.1);
    }
}

#[test]
fn nppv_with_no_battery_by_hand() {
    let r = load("nppv-no-battery");
    let p = &r.power;
    // No power source and no battery (0 min internal, 0 external): the NPPV stops at once.
    // No watts recorded → the typical 60 W, an estimate. (a) It runs 10 h of 24, from the
    // moment the power goes: average 60 × 10 ÷ 24 = 25 W, peak 60 W, one outlet; 0 min.
    let a = &p.life_sustaining;
    close(a.average_watts, 60.0 * 10.0 / 24.0);
    close(a.peak_watts, 60.0);
    assert_eq!(a.outlets_needed, 1);
    close(a.minutes.expect("minutes"), 0.0);
    assert_eq!(a.first_to_stop.as_deref(), Some("dev-nppv"));
    assert_eq!(a.first_to_stop_kind, Some(DeviceKind::Ventilator));
    assert!(a.estimate);
    // (b) Everything: the NPPV at 60 W (the cough assist and oximeter have no watts: unknown,
    // not counted), three outlets; still 0 min.
    let b = &p.everything;
    close(b.average_watts, 60.0);
    assert_eq!(b.outlets_needed, 3);
    close(b.minutes.expect("minutes"), 0.0);
    assert!(p.stations.is_empty() && r.oxygen.is_empty());
    close(p.total_minutes.expect("headline"), 0.0);
}

#[test]
fn children_without_powered_life_support_have_no_runway() {
    // The insulin pump is recorded as needing no mains power (it runs on its own cells); the VP
    // shunt and the empty profile have nothing powered: no scenario figure, no first stop, no
    // oxygen.
    for name in ["type1-diabetes-insulin-pump", "vp-shunt-epilepsy", "empty"] {
        let r = load(name);
        let p = &r.power;
        for sc in [&p.life_sustaining, &p.everything] {
            assert_eq!(sc.minutes, None, "{name}");
            assert_eq!(sc.first_to_stop, None, "{name}");
            close(sc.average_watts, 0.0);
            assert_eq!(sc.outlets_needed, 0, "{name}");
        }
        assert_eq!(p.total_minutes, None, "{name}");
        assert!(r.oxygen.is_empty(), "{name}");
    }
}
