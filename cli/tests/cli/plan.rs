//! `tsunagu plan-export` and `tsunagu roster` on a store with several children, end to end on the
//! real binary.

use std::process::Command;

use crate::common::{BIN, create, run};
use serde_json::Value;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;

const AS_OF: &str = "2026-11-24";

/// Three children: the demo child, a child on oxygen only with no helper named yet, and a
/// profile with nothing in it.
fn store_of_three() -> (tempfile::TempDir, [String; 3]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = create(dir.path(), "demo.json", &demo_profile());
    let mut second = demo_profile();
    second.child.name = Some("架空 はると".into());
    second.child.name_kana = Some("かくう はると".into());
    second.evacuation.helpers = Default::default();
    for id in second.devices.ids() {
        let keep = second
            .devices
            .get(&id)
            .is_some_and(|d| d.kind.fluent_id().ends_with("pulse_oximeter"));
        if !keep {
            second.devices.remove(&id);
        }
    }
    let second = create(dir.path(), "second.json", &second);
    let empty = create(dir.path(), "empty.json", &Profile::default());
    (dir, [demo, second, empty])
}

#[test]
fn the_roster_has_one_row_per_child_and_the_plan_exports_for_each() {
    let (dir, ids) = store_of_three();
    let csv = run(dir.path(), &["roster", "--format", "csv", "--as-of", AS_OF]);
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header + three children: {csv}");
    // The power-dependent demo child (shortest runway) comes first.
    assert!(lines[1].starts_with(&ids[0]), "{}", lines[1]);
    for id in &ids {
        assert_eq!(lines.iter().filter(|l| l.starts_with(id.as_str())).count(), 1);
    }

    for (n, id) in ids.iter().enumerate() {
        let csv = run(
            dir.path(),
            &["plan-export", id, "--format", "csv", "--as-of", AS_OF],
        );
        assert!(csv.starts_with("\u{feff}区分,項目,内容,法定,未記入\r\n"), "{n}");
        let file = dir.path().join(format!("plan-{n}.html"));
        let report = run(
            dir.path(),
            &[
                "plan-export",
                id,
                "--format",
                "html",
                "--out",
                file.to_str().expect("path"),
                "--as-of",
                AS_OF,
            ],
        );
        assert!(
            report.starts_with(file.to_str().expect("path")) && report.contains("に書き出しました"),
            "{report}"
        );
        let html = std::fs::read_to_string(&file).expect("written");
        assert!(html.contains("個別避難計画") && html.contains("data-section=\"consent\""));
        let json = run(dir.path(), &["--json", "plan-export", id, "--as-of", AS_OF]);
        let plan: Value = serde_json::from_str(&json).expect("JSON");
        let helpers = &plan["sections"][1];
        assert_eq!(helpers["id"], "helpers");
        let first_missing = helpers["rows"][0]["missing"].as_bool().expect("bool");
        // Only the demo child has a named helper.
        assert_eq!(first_missing, n != 0, "child {n}");
    }
    let csv = run(
        dir.path(),
        &["plan-export", &ids[1], "--format", "csv", "--as-of", AS_OF],
    );
    assert!(
        csv.contains("避難支援等実施者,避難支援等実施者,未記入,●,●\r\n"),
        "{csv}"
    );
    let en = run(
        dir.path(),
        &["--lang", "en", "plan-export", &ids[0], "--format", "csv"],
    );
    assert!(en.contains("Evacuation helpers"));
}

#[test]
fn plan_export_refuses_an_unknown_profile() {
    let (dir, _) = store_of_three();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["plan-export", "p-nosuchchild", "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
