//! `tsunagu readiness` and `tsunagu roster` end to end: the real binary on a temporary store
//! holding the demo child and two more children.

use crate::common::{create, demo_store, run};
use serde_json::Value;
use tsunagu_core::model::{Device, DeviceKind, DevicePower, Profile, Watts};

#[test]
fn readiness_in_japanese_by_default() {
    let (dir, id) = demo_store();
    let text = run(dir.path(), &["readiness", &id]);
    // Runway: suction 42 min battery + 510 min shared station = 552 min → 9.2 h.
    assert!(text.contains("山田 さくら — 災害への備え"), "{text}");
    assert!(
        text.contains("電源が持つのは約 9.2 時間（最初に止まる機器: 吸引器）"),
        "{text}"
    );
    // Ventilator: 888 min batteries (14.8 h) + 510 min station (8.5 h) = 1398 min (23.3 h).
    assert!(text.contains("約 23.3 時間"), "{text}");
    assert!(
        text.contains("本体・外部バッテリー 14.8 時間 + 共用の予備電源 8.5 時間"),
        "{text}"
    );
    assert!(text.contains("燃料が続く限り"), "{text}");
    // Stock: 120 catheters ÷ 15 a day = 8 days.
    assert!(
        text.contains("吸引カテーテル 8 Fr: 8 日分（在庫 120 本、1 日 15 本）"),
        "{text}"
    );
    // Actions: the suction battery is 3 years old.
    assert!(
        text.contains("[要対応] 吸引器のバッテリーは使用 3 年です"),
        "{text}"
    );
    // Checklist with units, localized.
    assert!(text.contains("PEEP（EPAP）: 5 cmH2O"), "{text}");
    assert!(text.contains("回/分"), "{text}");
}

#[test]
fn readiness_in_english_and_as_json() {
    let (dir, id) = demo_store();
    let text = run(dir.path(), &["readiness", &id, "--lang", "en"]);
    assert!(text.contains("Power lasts about 9.2 h"), "{text}");
    assert!(text.contains("disaster readiness"), "{text}");

    let json: Value = serde_json::from_str(&run(dir.path(), &["readiness", &id, "--json"])).expect("json");
    assert_eq!(json["power"]["total_minutes"], 552.0);
    assert_eq!(json["power"]["governing_device"], "dev-suction");
    assert_eq!(json["power"]["station_minutes"], 510.0);
    assert_eq!(json["checklist"][0]["device_id"], "dev-vent");
    assert_eq!(
        json["actions"][0]["message_id"],
        "readiness-action-call-dealer-old-battery"
    );
}

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
    p.devices.insert("dev-o2".into(), o2);
    p
}

#[test]
fn roster_csv_for_several_children() {
    let (dir, demo) = demo_store();
    let o2 = create(dir.path(), "o2.json", &oxygen_child());
    let mut plain = Profile::empty();
    plain.child.name = Some("鈴木 そら".into());
    plain.child.name_kana = Some("すずき そら".into());
    let plain = create(dir.path(), "plain.json", &plain);

    let csv = run(
        dir.path(),
        &[
            "roster",
            "--format",
            "csv",
            "--lang",
            "en",
            "--as-of",
            "2026-10-01",
        ],
    );
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark for Excel");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    // Header and three rows, each ending in CRLF; nothing after the last CRLF.
    assert_eq!(lines.len(), 5, "{csv:?}");
    assert!(
        lines[0].starts_with("Profile id,Name,Kana,Devices needing power"),
        "{}",
        lines[0]
    );
    // Oxygen child first: no battery, no station → 0 h; the name is quoted by RFC 4180.
    assert!(
        lines[1].starts_with(&format!(
            "{o2},\"佐藤, \"\"ひかり\"\"\",さとう ひかり,Home oxygen,0,"
        )),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("no evacuation helper"), "{}", lines[1]);
    // Demo second: 9.2 h, hospital, nothing missing.
    assert!(
        lines[2].starts_with(&format!(
            "{demo},山田 さくら,やまだ さくら,Ventilator / Suction machine,9.2,"
        )),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(','), "nothing missing: {}", lines[2]);
    assert!(
        lines[3].starts_with(&format!("{plain},鈴木 そら,")),
        "{}",
        lines[3]
    );

    // Table (Japanese) and JSON.
    let table = run(dir.path(), &["roster", "--as-of", "2026-10-01"]);
    assert!(table.contains("電源の持ち時間（時間）"), "{table}");
    assert!(table.contains("架空市民病院"), "{table}");
    let json: Value =
        serde_json::from_str(&run(dir.path(), &["roster", "--json", "--as-of", "2026-10-01"])).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    assert_eq!(json[1]["shortest_runway_minutes"], 552.0);
}
