//! Unit tests of the roster: ordering, hand-computed runways, attention reasons, the CSV and
//! its coverage of the audience specification.

use super::*;
use crate::EditContext;
use crate::i18n::Lang;
use crate::model::{
    Count, Device, DevicePower, Minutes, PowerSource, PowerSourceKind, WattHours, Watts, Years,
};
use crate::sample::demo_profile;

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).expect("valid date")
}

/// A child on oxygen only: concentrator 120 W, no battery, a 500 Wh station at 80 %.
fn oxygen_child() -> Profile {
    let mut p = Profile::empty();
    p.child.name = Some("佐藤, \"ひかり\"".into());
    p.child.name_kana = Some("さとう ひかり".into());
    let mut o2 = Device::new(DeviceKind::Oxygen);
    o2.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(120.0)),
        ..DevicePower::default()
    };
    o2.non_powered_fallback = Some("cylinders".into());
    p.devices.insert("dev-o2".into(), o2);
    p.power_sources.insert(
        "pwr-1".into(),
        PowerSource {
            order: 1.0,
            kind: PowerSourceKind::PowerStation,
            name: None,
            capacity: Some(WattHours(500.0)),
            max_output: Some(Watts(500.0)),
            outlets: Some(Count(2.0)),
            pure_sine: Some(true),
            inverter_efficiency: Some(crate::model::Percent(80.0)),
            last_checked: None,
        },
    );
    p.allergies.status = Some(AllergyStatus::NoneKnown);
    p.evacuation.last_drill = Some(date(2024, 1, 10));
    p
}

/// A child on a feeding pump only (not life-critical) with an empty plan.
fn tube_fed_child() -> Profile {
    let mut p = Profile::empty();
    p.child.name = Some("鈴木 そら".into());
    p.child.name_kana = Some("すずき そら".into());
    let mut pump = Device::new(DeviceKind::Pump);
    pump.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(10.0)),
        internal_battery_minutes: Some(Minutes(600.0)),
        internal_battery_age_years: Some(Years(1.0)),
        ..DevicePower::default()
    };
    p.devices.insert("dev-pump".into(), pump);
    p
}

#[test]
fn a_store_with_three_children() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("store");
    let ctx = EditContext::now("coordinator".to_owned());
    let demo = store.create_profile(&demo_profile(), &ctx).expect("demo");
    let o2 = store.create_profile(&oxygen_child(), &ctx).expect("o2");
    let tube = store.create_profile(&tube_fed_child(), &ctx).expect("tube");
    let rows = roster(&mut store, date(2026, 10, 1)).expect("roster");
    let ids: Vec<&str> = rows.iter().map(|r| r.profile_id.as_str()).collect();
    // Shortest runway first: oxygen child 200 min, the pump child 540 min (a feeding pump
    // is life-sustaining by its kind), demo 1216.875 min (suction at its usual duty).
    assert_eq!(ids, [o2.as_str(), tube.as_str(), demo.as_str()]);

    // Oxygen child: 500 Wh × 0.8 = 400 Wh; 400 × 60 / 120 W = 200 min.
    let r = &rows[0];
    assert_eq!(r.shortest_runway_minutes, Some(200.0));
    assert_eq!(r.governing_device, Some(DeviceKind::Oxygen));
    assert_eq!(r.powered_devices, [DeviceKind::Oxygen]);
    assert_eq!(r.destination, None);
    assert_eq!(
        r.missing,
        [
            MissingItem::NoHelpers,
            MissingItem::NoDestination,
            MissingItem::NoPlanDate,
            // 2024-01-10 is more than 12 months before 2026-10-01.
            MissingItem::DrillOverdue,
            MissingItem::NoPowerRegistration,
            MissingItem::NotOnMunicipalRoster,
            MissingItem::NoEmergencyContact,
            // Child, devices, allergies, evacuation, power sources hold entries, unverified.
            MissingItem::UnverifiedSections,
        ]
    );
    assert_eq!(
        r.unverified_sections,
        ["child", "devices", "allergies", "evacuation", "power_sources"]
    );
    // 120 W, one outlet; no cylinders.
    assert_eq!(r.total_watts, 120.0);
    assert_eq!(r.outlets, 1);
    assert_eq!(r.oxygen_minutes, None);

    // Demo: complete plan, drill 2025-10-12 within 12 months of 2026-10-01 (due date 2025-10-01).
    let d = &rows[2];
    assert_eq!(d.shortest_runway_minutes, Some(1216.875));
    assert_eq!(d.governing_device, Some(DeviceKind::Suction));
    assert_eq!(d.powered_devices, [DeviceKind::Ventilator, DeviceKind::Suction]);
    assert_eq!(d.destination.as_deref(), Some("架空市民病院"));
    assert_eq!(d.destination_power, Some(PowerAvailability::Yes));
    assert_eq!(d.plan_date, Some(date(2025, 6, 1)));
    // The plan of 2025-06-01 is over a year old on 2026-10-01; no section is verified.
    assert_eq!(
        d.missing,
        [MissingItem::PlanOverAYear, MissingItem::UnverifiedSections]
    );
    assert!(d.updated_at > 0);

    // Pump child: 600 min × 0.9 (1 year) = 540 min on its own battery, no station.
    let t = &rows[1];
    assert!(t.power_dependent);
    assert_eq!(t.shortest_runway_minutes, Some(540.0));
    assert!(t.missing.contains(&MissingItem::AllergiesNotRecorded));
    assert!(t.missing.contains(&MissingItem::NoPowerRegistration));

    // On 2026-10-13 the due date is 2025-10-13: the demo's drill is overdue.
    let later = roster(&mut store, date(2026, 10, 13)).expect("roster");
    let d = later.iter().find(|r| r.profile_id == demo).expect("demo row");
    assert_eq!(
        d.missing,
        [
            MissingItem::DrillOverdue,
            MissingItem::PlanOverAYear,
            MissingItem::UnverifiedSections
        ]
    );
    // On 2026-10-12, exactly 12 months: still current.
    let later = roster(&mut store, date(2026, 10, 12)).expect("roster");
    let d = later.iter().find(|r| r.profile_id == demo).expect("demo row");
    assert!(!d.missing.contains(&MissingItem::DrillOverdue));
}

#[test]
fn attention_reasons_fire_on_the_roster_day() {
    let mut p = demo_profile();
    // Weight measured 2026-01-01: more than 3 months before 2026-10-01.
    p.child.weight.measured_on = Some(date(2026, 1, 1));
    if let Some(t) = p
        .devices
        .get_mut("dev-trach")
        .and_then(|d| d.settings.tracheostomy.as_mut())
    {
        // Changed 2026-09-01 every 14 days: due 2026-09-15, overdue on 2026-10-01.
        t.last_changed = Some(date(2026, 9, 1));
        t.change_interval_days = Some(crate::model::Days(14.0));
    }
    p.child.date_of_birth = Some(date(2019, 10, 2));
    let summary = ProfileSummary {
        id: "p-1".into(),
        name: None,
        name_kana: None,
        // 2026-03-01T00:00:00Z: seven months before the roster day.
        updated_at: 1_772_323_200_000,
    };
    let row = roster_row(&summary, &p, date(2026, 10, 1));
    for m in [
        MissingItem::StaleWeight,
        MissingItem::CannulaChangeOverdue,
        MissingItem::PlanOverAYear,
        MissingItem::NoRecentUpdate,
    ] {
        assert!(row.missing.contains(&m), "{m:?} in {:?}", row.missing);
    }
    // Born 2019-10-02: 6 on 2026-10-01 (the birthday is the next day).
    assert_eq!(row.age_years, Some(6));
    // Life-sustaining: ventilator and suction; the demo's cheapest stock is 8 days.
    assert_eq!(
        row.life_sustaining_devices,
        [DeviceKind::Ventilator, DeviceKind::Suction]
    );
    assert_eq!(row.outlets, 2);
    assert_eq!(row.everything_runway_minutes, Some(552.0));
    assert!(row.shortest_stock_days.is_some());
}

#[test]
fn roster_csv_covers_the_specification_for_every_fixture() {
    let mut out = Vec::new();
    for (name, profile) in crate::fixtures::all().expect("fixtures") {
        let summary = ProfileSummary {
            id: name.into(),
            name: profile.child.name.clone(),
            name_kana: profile.child.name_kana.clone(),
            updated_at: 0,
        };
        let l10n = Localizer::new(Lang::Ja);
        let row = roster_row(&summary, &profile, date(2026, 11, 24));
        let csv = roster_csv(&[row], &l10n);
        let required = required(&profile, Output::Roster, &l10n).expect("specification");
        for r in required {
            if !csv.contains(r.text.as_str()) {
                out.push(format!("{name}: {} = {:?}", r.path, r.text));
            }
        }
    }
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn csv_quotes_commas_and_quotes() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");

    let summary = ProfileSummary {
        id: "p-1".into(),
        name: Some("佐藤, \"ひかり\"".into()),
        name_kana: Some("さとう ひかり".into()),
        updated_at: 0,
    };
    let row = roster_row(&summary, &oxygen_child(), date(2026, 11, 15));
    let csv = roster_csv(&[row], &Localizer::new(Lang::En));
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("starts with a byte-order mark for Excel");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 3, "header, one row, empty after the last CRLF");
    assert_eq!(lines[2], "");
    assert!(lines[0].starts_with("Profile id,Name,"), "{}", lines[0]);
    assert!(
        lines[1].starts_with(
            "p-1,\"佐藤, \"\"ひかり\"\"\",さとう ひかり,,,,,Home oxygen,Home oxygen,120,1,3.3,estimate,Home oxygen,3.3,,,,,,,,2024-01-10,1970-01-01T00:00:00Z,"
        ),
        "{}",
        lines[1]
    );
    assert_eq!(lines[0].split(',').count(), ROSTER_COLUMNS.len());
    assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
}

#[test]
fn every_roster_message_exists_in_both_languages() {
    for lang in Lang::ALL {
        let l10n = Localizer::new(*lang);
        for id in ROSTER_COLUMNS {
            assert!(l10n.has(id), "{lang}: {id}");
        }
        for m in MissingItem::ALL {
            assert!(l10n.has(m.fluent_id()), "{lang}: {}", m.fluent_id());
        }
    }
}
