//! Device names and members: a device names itself at create, at join and with `device
//! set-name`; the names reach the other device only inside the encrypted document (the relay's
//! rows never hold them); `members` shows name, role, access, joined and last change; an edit
//! without a known author is warned about and recorded without one; history reads old → new.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tsunagu_core::sample;

use crate::sync::{RelayProcess, ok};

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

/// Runs `tsunagu` in Japanese with no author in the environment: (exit code, stdout, stderr).
fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .env_remove("TSUNAGU_LANG")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("runs tsunagu");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// Every text and blob of every row of every table of the SQLite file at `db`.
fn all_row_bytes(db: &Path) -> Vec<Vec<u8>> {
    let conn = rusqlite::Connection::open(db).expect("opens the relay's database");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..columns {
                match row.get_ref(i).expect("cell") {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        out.push(b.to_vec());
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn names_travel_encrypted_and_members_show_who_is_who() {
    let dir = tempfile::tempdir().expect("temp dir");
    let relay_db = dir.path().join("relay.sqlite3");
    let relay = RelayProcess::start(&relay_db);
    let parent = dir.path().join("parent");
    let nurse = dir.path().join("nurse");
    let file = dir.path().join("sakura.json");
    std::fs::write(
        &file,
        serde_json::to_string(&sample::demo_profile()).expect("json"),
    )
    .expect("writes");

    // The owner names its device at create (no --as: the name is the author).
    let (code, id, err) = run(
        &parent,
        &[
            "profile",
            "new",
            "--from",
            file.to_str().expect("utf-8"),
            "--device-name",
            "架空 花子",
            "--device-role",
            "母",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "a named device is not warned about: {err}");
    let id = id.trim().to_owned();
    ok(&parent, &["sync", "start", &id, "--relay", &relay.url]);
    let link = ok(&parent, &["invite", &id, "--role", "editor"])
        .trim()
        .to_owned();
    let (code, _, err) = run(
        &nurse,
        &[
            "join",
            &link,
            "--device-name",
            "架空 看子",
            "--device-role",
            "訪問看護師",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // The invite carries no key (ADR 0007): the owner's sync grants it, then the nurse's sync
    // brings the profile, and only then can the device be named in it.
    ok(&parent, &["sync", &id]);
    ok(&nurse, &["sync", &id]);
    ok(
        &nurse,
        &["device", "set-name", &id, "架空 看子", "--role", "訪問看護師"],
    );

    // The nurse edits with no --as: recorded under the device's name, no warning.
    let (code, _, err) = run(
        &nurse,
        &[
            "edit",
            &id,
            "--set",
            "devices.dev-vent.settings.ventilator.peep=7",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    ok(&nurse, &["sync", &id]);
    ok(&parent, &["sync", &id]);

    let members: Value = serde_json::from_str(&ok(&parent, &["--json", "members", &id])).expect("json");
    let list = members["members"].as_array().expect("members");
    assert_eq!(list.len(), 2);
    let by_name = |name: &str| {
        list.iter()
            .find(|m| m["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {members}"))
    };
    let mother = by_name("架空 花子");
    assert_eq!(mother["care_role"], "mother");
    assert_eq!(mother["role"], "owner");
    assert_eq!(mother["this_device"], true);
    let nurse_row = by_name("架空 看子");
    assert_eq!(nurse_row["care_role"], "visiting_nurse");
    assert_eq!(nurse_row["role"], "editor");
    // Times are RFC 3339 under `--json` (docs/cli-json.md).
    let time = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("a time: {v}")))
            .unwrap_or_else(|e| panic!("{v}: {e}"))
    };
    for m in list {
        assert!(time(&m["joined_at"]).timestamp() > 0, "{m}");
        assert!(time(&m["last_change_at"]).timestamp() > 0, "{m}");
    }
    assert!(
        time(&nurse_row["last_change_at"]) >= time(&nurse_row["joined_at"]),
        "the nurse's last change is its edit, after it joined: {nurse_row}"
    );

    let (_, text, _) = run(&parent, &["members", &id]);
    for word in [
        "架空 花子",
        "母",
        "架空 看子",
        "訪問看護師",
        "所有者",
        "編集者",
        "この端末",
        "最終変更",
    ] {
        assert!(text.contains(word), "{word} in {text}");
    }

    // History names the nurse and reads old → new with the unit, in the owner's copy.
    let (_, history, _) = run(&parent, &["history", &id, "--limit", "3"]);
    assert!(history.contains("架空 看子"), "{history}");
    assert!(
        history.contains("人工呼吸器（HomeVent 150）: PEEP（EPAP） 5 → 7 cmH2O"),
        "{history}"
    );

    // The relay stored envelopes and certificates: no row holds either name, or a role. (The
    // same search finds the name in the parent's own store, where the document is plain.)
    drop(relay);
    let own = all_row_bytes(&parent.join("tsunagu.sqlite3"));
    assert!(
        own.iter().any(|r| contains(r, "架空 花子".as_bytes())),
        "the search works"
    );
    let rows = all_row_bytes(&relay_db);
    assert!(!rows.is_empty(), "the relay stored rows");
    for needle in ["架空 花子", "架空 看子", "訪問看護師", "visiting_nurse"] {
        assert!(
            !rows.iter().any(|r| contains(r, needle.as_bytes())),
            "the relay's rows hold {needle}"
        );
    }
}

#[test]
fn an_unnamed_device_is_warned_about_and_records_no_author() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let (code, id, err) = run(&data, &["profile", "new", "--sample"]);
    assert_eq!(code, 0);
    let id = id.trim().to_owned();
    assert!(err.contains("この端末の名前がプロフィール"), "{err}");
    let (code, _, err) = run(&data, &["edit", &id, "--set", "child.nickname=はな"]);
    assert_eq!(code, 0);
    assert!(err.contains("tsunagu device set-name"), "{err}");
    let history: Value = serde_json::from_str(&ok(&data, &["--json", "history", &id])).expect("json");
    let history = &history["entries"];
    assert_eq!(history[0]["author"], Value::Null, "{history}");
    assert_eq!(history[0]["changes"][0]["new"], "はな");
    // The card names nobody rather than "unknown".
    let card = dir.path().join("card.html");
    ok(&data, &["card", &id, "--out", card.to_str().expect("utf-8")]);
    let html = std::fs::read_to_string(&card).expect("card");
    assert!(
        !html.contains("不明") && !html.contains("unknown"),
        "the card says unknown"
    );

    // Named: no warning, and the device's name is the author, also for the earlier change.
    let (code, out, err) = run(&data, &["device", "set-name", &id, "架空 一郎", "--role", "父"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("父 架空 一郎"), "{out}");
    let (code, _, err) = run(&data, &["edit", &id, "--set", "child.nickname=さく"]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    let history: Value = serde_json::from_str(&ok(&data, &["--json", "history", &id])).expect("json");
    let history = &history["entries"];
    assert_eq!(history[0]["author"], "架空 一郎");
    assert_eq!(history[0]["changes"][0]["old"], "はな");
    assert_eq!(history[0]["changes"][0]["new"], "さく");
    let (_, text, _) = run(&data, &["history", &id, "--limit", "3"]);
    assert!(text.contains("端末名を「架空 一郎」にしました"), "{text}");
    assert!(text.contains("はな → さく"), "{text}");
    // A name that is too long is refused in words, and nothing changes.
    let long = "長".repeat(41);
    let (code, _, err) = run(&data, &["device", "set-name", &id, &long]);
    assert_eq!(code, 2);
    assert!(err.contains("40文字"), "{err}");
}
