//! `tsunagu readiness` and `tsunagu roster` end to end: the real binary on a temporary store
//! holding the demo child and two more children.

use crate::common::{create, demo_store, run};
use serde_json::Value;
use tsunagu_core::model::{Device, DeviceKind, DevicePower, Profile, Watts};

#[test]
fn readiness_in_japanese_by_default() {
    let (dir, id) = demo_store();
    let text = run(dir.path(), &["readiness", &id]);
    // Two scenarios (issue 10). Everything running: suction 42 min battery + 510 min of the
    // shared 850 Wh station at 100 W = 552 min → 9.2 h; the ventilator 888 + 510 = 1398 min.
    // Life-sustaining devices at their usual duty: suction counted 6 min an hour (an estimate),
    // so the station's 850 Wh serve 60 W + 40 W × 0.1 = 64 W for 796.9 min; suction lasts
    // 42 min ÷ 0.1 + 796.9 = 1216.9 min → 20.2 h, the ventilator 888 + 796.9 → 28 h.
    assert!(text.contains("山田 さくら — 災害への備え"), "{text}");
    assert!(
        text.contains(
            "命を支える機器だけ（ふだんの使い方）: 約 20.2 時間〔推定〕（最初に止まるもの: 吸引器）"
        ),
        "{text}"
    );
    assert!(text.contains("人工呼吸器: 約 28 時間〔推定〕"), "{text}");
    assert!(
        text.contains("すべての機器を同時に使うと: 約 9.2 時間（最初に止まるもの: 吸引器）"),
        "{text}"
    );
    assert!(text.contains("人工呼吸器: 約 23.3 時間"), "{text}");
    assert!(
        text.contains("吸引器: 1 時間に 6 分動かすとして計算"),
        "the estimate says why: {text}"
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
    assert!(
        text.contains("Life-sustaining devices only, as usually used: about 20.2 h [estimate]"),
        "{text}"
    );
    assert!(text.contains("Everything running at once: about 9.2 h"), "{text}");
    assert!(text.contains("disaster readiness"), "{text}");

    let json: Value = serde_json::from_str(&run(dir.path(), &["readiness", &id, "--json"])).expect("json");
    assert_eq!(json["power"]["total_minutes"], 1216.875);
    assert_eq!(json["power"]["estimate"], true);
    assert_eq!(json["power"]["governing_device"], "dev-suction");
    assert_eq!(json["power"]["station_minutes"], 510.0);
    assert_eq!(json["power"]["life_sustaining"]["kind"], "life_sustaining");
    assert_eq!(json["power"]["everything"]["kind"], "everything");
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
    let header = fields(lines[0]);
    let col = |row: &str, name: &str| -> String {
        let i = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"));
        fields(row)[i].clone()
    };
    assert_eq!(&header[..4], ["Profile id", "Name", "Kana", "Age"], "{header:?}");
    // Oxygen child first: no battery, no station → 0 h; the name is quoted by RFC 4180.
    assert!(
        lines[1].starts_with(&format!("{o2},\"佐藤, \"\"ひかり\"\"\",さとう ひかり,")),
        "{}",
        lines[1]
    );
    assert_eq!(col(lines[1], "Life-sustaining devices"), "Home oxygen");
    assert_eq!(col(lines[1], "Power runway (h)"), "0");
    assert!(
        col(lines[1], "Missing").contains("no evacuation helper"),
        "{}",
        lines[1]
    );
    // Demo second: 20.2 h with life-sustaining devices at their usual duty (an estimate), 9.2 h
    // with everything running.
    assert!(
        lines[2].starts_with(&format!("{demo},山田 さくら,やまだ さくら,")),
        "{}",
        lines[2]
    );
    assert_eq!(col(lines[2], "Power runway (h)"), "20.2");
    assert_eq!(col(lines[2], "Everything running (h)"), "9.2");
    // Nothing of the legal plan is missing; what needs attention is said (issue 10's roster).
    assert!(
        !col(lines[2], "Missing").contains("no evacuation helper"),
        "{}",
        lines[2]
    );
    assert!(
        col(lines[2], "Missing").contains("plan is over a year old"),
        "{}",
        lines[2]
    );
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
    assert_eq!(json[1]["shortest_runway_minutes"], 1216.875);
}

/// The fields of one CSV record (RFC 4180: quoted fields, doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().expect("a field").push(c),
        }
    }
    out
}
