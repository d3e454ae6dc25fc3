//! `tsunagu card` and `--lang ja+en` end to end on the real binary: the card file, its JSON
//! report, and refusals that write nothing.

use std::process::Command;

use crate::common::{BIN, demo_store, run};
use serde_json::Value;

fn fails_with_2(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("utf-8")
}

#[test]
fn card_writes_a_self_contained_page_for_each_view_size_and_language() {
    let (dir, id) = demo_store();
    for view in ["shelter", "ems", "caregiver"] {
        for size in ["a4", "wallet"] {
            for lang in ["ja", "en", "ja+en"] {
                let file = dir.path().join(format!("{view}-{size}-{lang}.html"));
                let report = run(
                    dir.path(),
                    &[
                        "--json",
                        "--lang",
                        lang,
                        "card",
                        &id,
                        "--view",
                        view,
                        "--size",
                        size,
                        "--out",
                        file.to_str().expect("path"),
                        "--today",
                        "2026-11-24",
                    ],
                );
                let v: Value = serde_json::from_str(&report).expect("JSON");
                assert_eq!(v["view"], view);
                assert_eq!(v["size"], size);
                assert_eq!(v["lang"], lang);
                let html = std::fs::read_to_string(&file).expect("card written");
                assert_eq!(v["bytes"].as_u64(), Some(html.len() as u64));
                assert!(html.starts_with("<!DOCTYPE html>"));
                assert!(html.contains("2026-11-24"));
                assert!(html.contains("<svg"), "QR embedded");
            }
        }
    }
}

#[test]
fn card_refuses_bad_input_and_writes_nothing() {
    let (dir, id) = demo_store();
    let pdf = dir.path().join("card.pdf");
    let err = fails_with_2(dir.path(), &["card", &id, "--out", pdf.to_str().expect("path")]);
    assert!(err.contains(".html"), "{err}");
    assert!(!pdf.exists());
    let html = dir.path().join("card.html");
    fails_with_2(
        dir.path(),
        &["card", "p-nosuchchild", "--out", html.to_str().expect("path")],
    );
    fails_with_2(
        dir.path(),
        &[
            "card",
            &id,
            "--view",
            "police",
            "--out",
            html.to_str().expect("path"),
        ],
    );
    fails_with_2(
        dir.path(),
        &[
            "card",
            &id,
            "--size",
            "letter",
            "--out",
            html.to_str().expect("path"),
        ],
    );
    assert!(!html.exists());
    // ja+en is for the card and the QR only.
    let err = fails_with_2(dir.path(), &["--lang", "ja+en", "view", &id, "--audience", "ems"]);
    assert!(err.contains("ja+en"), "{err}");
}
