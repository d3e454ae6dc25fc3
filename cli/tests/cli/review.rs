//! Concurrent values surfaced for review, through the real binary and a real relay process: two
//! devices set PEEP apart, sync, and both list one review item with both values and authors, the
//! views, the card, the QR and the history mark the field; resolving it on one device clears it
//! on both. A value saved over a warning is marked until another member verifies it, on both
//! devices. (Issue 11 items 3 and 4.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::sync::{RelayProcess, ok};

const PEEP: &str = "devices.dev-vent.settings.ventilator.peep";
const FIO2: &str = "devices.dev-vent.settings.ventilator.fio2";

/// `view --json` of `audience` in `lang`.
fn view_json(data: &Path, id: &str, audience: &str, lang: &str) -> Value {
    let text = ok(
        data,
        &["--lang", lang, "--json", "view", id, "--audience", audience],
    );
    serde_json::from_str(&text).expect("json")
}

/// Every mark on an item of `view` as (section id, kind, path, values in words).
fn item_marks(view: &Value) -> Vec<(String, String, String, Vec<String>)> {
    let mut out = Vec::new();
    for s in view["sections"].as_array().expect("sections") {
        for item in s["items"].as_array().expect("items") {
            for m in item["marks"].as_array().into_iter().flatten() {
                let mut values: Vec<String> = m["values"]
                    .as_array()
                    .expect("values")
                    .iter()
                    .map(|v| {
                        format!(
                            "{} {}",
                            v["value"].as_str().expect("value"),
                            v["written_by"].as_str().expect("author")
                        )
                    })
                    .collect();
                values.sort();
                out.push((
                    s["id"].as_str().expect("id").to_owned(),
                    m["kind"].as_str().expect("kind").to_owned(),
                    m["path"].as_str().expect("path").to_owned(),
                    values,
                ));
            }
        }
    }
    out
}

/// The shelter card in Japanese and English, as HTML.
fn card_html(data: &Path, id: &str, view: &str) -> String {
    let file = data.join(format!("card-{view}.html"));
    ok(
        data,
        &[
            "--lang",
            "ja+en",
            "card",
            id,
            "--view",
            view,
            "--out",
            file.to_str().expect("utf-8"),
        ],
    );
    std::fs::read_to_string(&file).expect("card written")
}

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
    let relay = RelayProcess::start(dir.path().join("relay.sqlite3"));
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

    // Both devices' views mark the ventilator's lines with both values; so do the cards, in
    // words and a sign, and the history says since when and what the values are.
    let both = vec!["6 cmH2O 父".to_owned(), "7 cmH2O 母".to_owned()];
    for data in [&parent, &coordinator] {
        for (audience, section) in [("shelter", "life_support"), ("ems", "devices")] {
            let view = view_json(data, &id, audience, "ja");
            let marks = item_marks(&view);
            assert!(
                marks.contains(&(
                    section.to_owned(),
                    "values_differ".into(),
                    PEEP.into(),
                    both.clone()
                )),
                "{audience}: {marks:?}"
            );
            assert_eq!(
                view["marks"].as_array().map(Vec::len),
                Some(1),
                "{}",
                view["marks"]
            );
        }
        for view in ["shelter", "ems"] {
            let html = card_html(data, &id, view);
            assert!(
                html.contains(r#"<div class="mark values-differ"><span class="sign">≠</span> 値が食い違っています — 確認してください"#),
                "{view} card of {data:?}"
            );
            assert!(html.contains("Values differ — check"), "{view}");
            assert!(
                html.contains("6 cmH2O（父") && html.contains("7 cmH2O（母"),
                "{view}"
            );
        }
        let history = ok(data, &["--lang", "ja", "history", &id, "--limit", "2"]);
        let first = history.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("≠ ")
                && first.contains("値が食い違っています")
                && first.contains("6 cmH2O（父")
                && first.contains("7 cmH2O（母"),
            "{history}"
        );
        // The JSON history carries the open item too: both values, their authors, RFC 3339 times.
        let history: Value =
            serde_json::from_str(&ok(data, &["--json", "history", &id, "--limit", "2"])).expect("json");
        assert_eq!(history["profile_id"], id.as_str(), "{history}");
        let items = history["review_items"].as_array().expect("review_items");
        assert_eq!(items.len(), 1, "{history}");
        assert_eq!(items[0]["path"], PEEP);
        let mut values: Vec<(f64, String)> = items[0]["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|v| {
                let at = v["written"]["at"].as_str().expect("a time");
                assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
                (
                    v["value"].as_f64().expect("a number"),
                    v["written"]["author"].as_str().expect("an author").to_owned(),
                )
            })
            .collect();
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(values, expected);
        assert_eq!(history["entries"].as_array().map(Vec::len), Some(2));
    }

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
    let history: Value = serde_json::from_str(&ok(&coordinator, &["--json", "history", &id])).expect("json");
    assert_eq!(history["review_items"], serde_json::json!([]), "{history}");
    let history = ok(&coordinator, &["--lang", "ja", "history", &id, "--limit", "1"]);
    assert!(history.contains("食い違う値から 1 つを選びました"), "{history}");
    assert!(!history.contains("値が食い違っています"), "{history}");
    // Resolved: no view and no card marks anything any more, on either device.
    for data in [&parent, &coordinator] {
        for audience in ["shelter", "ems"] {
            let view = view_json(data, &id, audience, "en");
            assert!(item_marks(&view).is_empty(), "{audience}: {view}");
            assert!(view.get("marks").is_none(), "{}", view["marks"]);
        }
        let html = card_html(data, &id, "shelter");
        assert!(!html.contains("class=\"mark"), "{data:?}");
        assert!(!html.contains("値が食い違っています"));
    }

    // FiO2 0.4 (a fraction typed for a percentage), saved over the warning by the mother: marked
    // "unverified" on both devices until the father checks it.
    ok(
        &parent,
        &[
            "--as",
            "母",
            "edit",
            &id,
            "--set",
            &format!("{FIO2}=0.4"),
            "--confirm",
        ],
    );
    ok(&parent, &["sync"]);
    ok(&coordinator, &["sync"]);
    for data in [&parent, &coordinator] {
        let marks = item_marks(&view_json(data, &id, "ems", "en"));
        assert!(
            marks.contains(&("devices".into(), "unverified".into(), FIO2.into(), Vec::new())),
            "{marks:?}"
        );
        let html = card_html(data, &id, "ems");
        assert!(html.contains(r#"<span class="sign">?</span> 未確認 — 警告を承知で保存された値です"#));
        assert!(html.contains("Unverified — saved over a warning"));
        let listed: Value = serde_json::from_str(&ok(data, &["--json", "review", &id])).expect("json");
        assert_eq!(listed[0]["unverified"][0]["path"], FIO2, "{listed}");
        assert_eq!(listed[0]["unverified"][0]["confirmed_by"], "母", "{listed}");
    }
    // The mother cannot verify her own value; the father can, and the mark goes on both.
    let refused = Command::new(crate::common::BIN)
        .arg("--data-dir")
        .arg(&parent)
        .args(["--as", "母", "review", &id, "--verify", FIO2])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    ok(&coordinator, &["--as", "父", "review", &id, "--verify", FIO2]);
    ok(&coordinator, &["sync"]);
    ok(&parent, &["sync"]);
    for data in [&parent, &coordinator] {
        let view = view_json(data, &id, "ems", "en");
        assert!(item_marks(&view).is_empty(), "{view}");
        let listed: Value = serde_json::from_str(&ok(data, &["--json", "review", &id])).expect("json");
        assert_eq!(
            listed[0]["unverified"].as_array().map(Vec::len),
            Some(0),
            "{listed}"
        );
    }
    let history = ok(&parent, &["--lang", "ja", "history", &id, "--limit", "1"]);
    assert!(
        history.contains("父") && history.contains("警告を承知で保存された値を確認しました"),
        "{history}"
    );
}

#[test]
fn resolving_without_a_difference_is_refused_with_exit_2() {
    let (dir, id) = crate::common::demo_store();
    let out = Command::new(crate::common::BIN)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["--lang", "en", "review", &id, "--resolve", PEEP, "--keep", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to review"));
    let out = Command::new(crate::common::BIN)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["--lang", "ja", "review", &id, "--resolve", PEEP, "--keep", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PEEP") && err.contains("確認するものはありません"),
        "{err}"
    );
    let listed = crate::common::run(dir.path(), &["review"]);
    assert!(
        listed.contains("Nothing to review") || listed.contains("確認が必要な項目はありません"),
        "{listed}"
    );
}
