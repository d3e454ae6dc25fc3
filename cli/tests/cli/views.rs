//! `tsunagu view` end to end: the real binary on a temporary store holding the demo child, for
//! each audience, as text (Japanese and English) and as JSON.

use std::process::Command;

use crate::common::{BIN, demo_store, run};
use serde_json::Value;

#[test]
fn every_audience_as_json_parses_with_red_sections_first_where_expected() {
    let (dir, id) = demo_store();
    for (audience, first) in [
        ("shelter", "identity"),
        ("ems", "identity"),
        ("caregiver", "identity"),
    ] {
        let text = run(
            dir.path(),
            &[
                "view",
                &id,
                "--audience",
                audience,
                "--today",
                "2026-11-24",
                "--json",
            ],
        );
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(v["audience"], audience);
        assert_eq!(v["generated_for_date"], "2026-11-24");
        assert_eq!(v["lang"], "ja");
        assert_eq!(v["sections"][0]["id"], first, "{audience}");
        let items = v["sections"][0]["items"].as_array().expect("items");
        assert!(!items.is_empty());
        assert!(items[0]["freshness"].is_object());
    }
    let text = run(
        dir.path(),
        &[
            "view",
            &id,
            "--audience",
            "shelter",
            "--today",
            "2026-11-24",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["sections"][1]["id"], "life_support");
    assert_eq!(v["sections"][1]["priority"], "red");
    assert_eq!(v["sections"][1]["items"][0]["value"], "約 28 時間〔推定〕");
}

#[test]
fn shelter_view_in_japanese_by_default() {
    let (dir, id) = demo_store();
    let text = run(
        dir.path(),
        &["view", &id, "--audience", "shelter", "--today", "2026-11-24"],
    );
    assert!(text.contains("山田 さくら — 避難所の方へ"), "{text}");
    assert!(text.contains("■ [赤] 命を支えているもの"), "{text}");
    assert!(text.contains("約 28 時間"), "{text}");
    assert!(text.contains("スキサメトニウム"), "{text}");
    assert!(text.contains("090-0000-0001"), "{text}");
    // The last drill (2025-10-12) is over 12 months old on 2026-11-24.
    assert!(text.contains("⚠ 要更新：前回の避難訓練は 2025-10-12"), "{text}");
}

#[test]
fn ems_and_caregiver_views_in_english() {
    let (dir, id) = demo_store();
    let ems = run(
        dir.path(),
        &[
            "view",
            &id,
            "--audience",
            "ems",
            "--lang",
            "en",
            "--today",
            "2026-11-24",
        ],
    );
    assert!(ems.contains("emergency information"), "{ems}");
    assert!(
        ems.contains("ID 4.5 mm, length 45 mm, cuffless, spare 4.0 mm"),
        "{ems}"
    );
    assert!(ems.contains("8 Fr, depth 6.5 cm, 20 kPa"), "{ems}");
    assert!(ems.contains("Usual SpO2: 94–99 %"), "{ems}");
    assert!(ems.contains("Allergies: No known allergies"), "{ems}");
    let care = run(
        dir.path(),
        &[
            "view",
            &id,
            "--audience",
            "caregiver",
            "--lang",
            "en",
            "--today",
            "2026-11-24",
        ],
    );
    assert!(care.contains("for caregivers"), "{care}");
    let step1 = care.find("Step 1: 上体を 30 度起こす").expect("step 1");
    let step4 = care.find("Step 4: 白湯 10 mL でフラッシュ").expect("step 4");
    assert!(step1 < step4);
    assert!(care.contains("yes: one blink"), "{care}");
}

#[test]
fn unknown_audience_is_a_usage_error() {
    let (dir, id) = demo_store();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["view", &id, "--audience", "doctor"])
        .output()
        .expect("runs tsunagu");
    assert_eq!(out.status.code(), Some(2));
}
