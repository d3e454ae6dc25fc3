//! Concurrent values surfaced for review, through the real binary and a real relay process: two
//! devices set PEEP apart, sync, and both list one review item with both values and authors;
//! resolving it on one device clears it on both. (Issue 11 item 4.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::sync::{RelayProcess, ok};

const PEEP: &str = "devices.dev-vent.settings.ventilator.peep";

/// (value, author) pairs of the one review item, sorted by value.
fn review_values(data: &Path, id: &str) -> Vec<(f64, String)> {
    let json: Value = serde_json::from_str(&ok(data, &["--json", "review", id])).expect("json");
    let items = json[0]["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{json}");
    assert_eq!(items[0]["path"], PEEP);
    let mut values: Vec<(f64, String)> = items[0]["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["value"].as_f64().expect("number"),
                v["written"]["author"].as_str().expect("author").to_owned(),
            )
        })
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    values
}

#[test]
fn concurrent_peep_is_listed_on_both_devices_and_resolved_on_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let relay = RelayProcess::start(&dir.path().join("relay.sqlite3"));
    let parent = dir.path().join("parent");
    let coordinator = dir.path().join("coordinator");
    let file = dir.path().join("child.json");
    std::fs::write(
        &file,
        serde_json::to_vec(&tsunagu_core::sample::demo_profile()).expect("json"),
    )
    .expect("write");
    let id = ok(
        &parent,
        &[
            "--as",
            "母",
            "profile",
            "new",
            "--from",
            file.to_str().expect("utf-8"),
        ],
    )
    .trim()
    .to_owned();
    ok(&parent, &["sync", "start", &id, "--relay", &relay.url]);
    let link = ok(&parent, &["invite", &id, "--role", "editor"]);
    let link = link
        .lines()
        .find(|l| l.contains("/join?"))
        .expect("an invite link")
        .trim()
        .to_owned();
    ok(&coordinator, &["join", &link]);
    // The parent's device grants the key to the coordinator, which then reads (ADR 0007).
    ok(&parent, &["sync"]);
    ok(&coordinator, &["sync", &id]);

    // Apart: the mother sets PEEP to 7, the father's device (the coordinator here) to 6.
    ok(
        &parent,
        &["--as", "母", "edit", &id, "--set", &format!("{PEEP}=7")],
    );
    ok(
        &coordinator,
        &["--as", "父", "edit", &id, "--set", &format!("{PEEP}=6")],
    );
    ok(&parent, &["sync"]);
    let synced = ok(&coordinator, &["sync", &id]);
    ok(&parent, &["sync"]);
    assert!(
        synced.contains("tsunagu review"),
        "sync reports the review item: {synced}"
    );

    let expected = vec![(6.0, "父".to_owned()), (7.0, "母".to_owned())];
    assert_eq!(review_values(&parent, &id), expected);
    assert_eq!(review_values(&coordinator, &id), expected);
    let words = ok(&parent, &["--lang", "ja", "review", &id]);
    assert!(words.contains("値が食い違っています"), "{words}");
    assert!(words.contains("母") && words.contains("父"), "{words}");

    // Resolve on the parent's device by keeping the father's 6 (whichever number it is listed as).
    let json: Value = serde_json::from_str(&ok(&parent, &["--json", "review", &id])).expect("json");
    let keep = json[0]["items"][0]["values"]
        .as_array()
        .expect("values")
        .iter()
        .position(|v| v["value"].as_f64() == Some(6.0))
        .expect("6 is listed")
        + 1;
    ok(
        &parent,
        &[
            "--as",
            "母",
            "review",
            &id,
            "--resolve",
            PEEP,
            "--keep",
            &keep.to_string(),
        ],
    );
    ok(&parent, &["sync"]);
    ok(&coordinator, &["sync"]);
    for data in [&parent, &coordinator] {
        let json: Value = serde_json::from_str(&ok(data, &["--json", "review", &id])).expect("json");
        assert_eq!(json[0]["items"].as_array().map(Vec::len), Some(0), "{json}");
        let profile: Value =
            serde_json::from_str(&ok(data, &["--json", "profile", "show", &id])).expect("json");
        assert_eq!(
            profile["devices"]["dev-vent"]["settings"]["ventilator"]["peep"].as_f64(),
            Some(6.0),
            "{data:?} keeps the chosen value"
        );
    }
    let history = ok(&coordinator, &["--lang", "ja", "history", &id, "--limit", "1"]);
    assert!(history.contains("食い違う値から 1 つを選びました"), "{history}");
}

#[test]
fn resolving_without_a_difference_is_refused_with_exit_2() {
    let (dir, id) = crate::common::demo_store();
    let out = Command::new(crate::common::BIN)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["review", &id, "--resolve", PEEP, "--keep", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to review"));
    let listed = crate::common::run(dir.path(), &["review"]);
    assert!(
        listed.contains("Nothing to review") || listed.contains("確認が必要な項目はありません"),
        "{listed}"
    );
}
