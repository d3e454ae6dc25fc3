//! The `tsunagu` binary end to end: real processes against temporary data directories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

/// One device: a data directory and a way to run the binary against it.
struct Device {
    dir: TempDir,
}

impl Device {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("TSUNAGU_AUTHOR")
            .env_remove("TSUNAGU_DATA_DIR")
            .output()
            .expect("runs tsunagu")
    }

    /// Runs and expects success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tsunagu {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and expects exit code `code`; returns stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(out.status.code(), Some(code), "tsunagu {args:?}: {stderr}");
        stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("JSON output")
    }

    /// Creates the demo child's profile from a JSON file; returns its id.
    fn demo_profile(&self) -> String {
        let file = self.path("sakura.json");
        let json = serde_json::to_string_pretty(&tsunagu_core::sample::demo_profile()).expect("serializes");
        std::fs::write(&file, json).expect("writes");
        let id = self.ok(&[
            "--as",
            "母 山田花子",
            "profile",
            "new",
            "--from",
            file.to_str().expect("utf-8 path"),
        ]);
        id.trim().to_owned()
    }

    /// Everything a user can observe of a profile: its JSON, its log and its export bytes.
    fn snapshot(&self, id: &str) -> (Value, Value, Vec<u8>) {
        let file = self.path("snapshot.tsunagu");
        self.ok(&[
            "profile",
            "export",
            id,
            "--out",
            file.to_str().expect("utf-8 path"),
        ]);
        let bytes = std::fs::read(&file).expect("export written");
        (
            self.json(&["profile", "show", id]),
            self.json(&["history", id]),
            bytes,
        )
    }
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn new_list_show_edit_history_export_import_round_trip() {
    let phone = Device::new();
    let empty = phone.ok(&["profile", "new"]).trim().to_owned();
    assert!(empty.starts_with("p-"), "{empty}");
    let id = phone.demo_profile();

    let list = phone.ok(&["profile", "list"]);
    assert!(
        list.contains(&id) && list.contains("山田 さくら") && list.contains("やまだ さくら"),
        "{list}"
    );
    assert_eq!(phone.json(&["profile", "list"]).as_array().map(Vec::len), Some(2));

    let show = phone.ok(&["profile", "show", &id]);
    assert!(
        show.contains("■ 医療機器") && show.contains("PEEP（EPAP）: 5 cmH2O"),
        "{show}"
    );
    let show_en = phone.ok(&["--lang", "en", "profile", "show", &id]);
    assert!(show_en.contains("Medical devices"), "{show_en}");

    // Two --set in one call: one change, both values written, parsed as JSON or as text.
    phone.ok(&[
        "--as",
        "父 山田一郎",
        "edit",
        &id,
        "--set",
        "child.nickname=さく",
        "--set",
        "baseline.spo2_low=92",
    ]);
    let profile = phone.json(&["profile", "show", &id]);
    assert_eq!(profile["child"]["nickname"], "さく");
    assert_eq!(profile["baseline"]["spo2_low"], 92.0);
    let history = phone.json(&["history", &id]);
    assert_eq!(history["profile_id"], id.as_str());
    assert_eq!(history["review_items"], serde_json::json!([]));
    let history = &history["entries"];
    assert_eq!(history.as_array().map(Vec::len), Some(2));
    assert_eq!(history[0]["author"], "父 山田一郎");
    assert_eq!(history[1]["author"], "母 山田花子");
    let log = phone.ok(&["history", &id]);
    assert!(
        log.contains("父 山田一郎") && log.contains("普段の状態: SpO2（下限） 94 → 92 %"),
        "{log}"
    );
    let log_en = phone.ok(&["history", &id, "--lang", "en"]);
    assert!(log_en.contains("Created the profile"), "{log_en}");
    let provenance = phone.json(&["history", &id, "--field", "baseline.spo2_low"]);
    assert_eq!(provenance["author"], "父 山田一郎");

    // Entities: add (the new id is printed), move, remove.
    let added = phone.ok(&[
        "--lang",
        "en",
        "edit",
        &id,
        "--add",
        r#"evacuation.helpers={"name":"民生委員 田中 三郎"}"#,
    ]);
    let helper = added
        .lines()
        .find_map(|l| l.strip_prefix("added evacuation.helpers."))
        .expect("id printed")
        .to_owned();
    phone.ok(&[
        "edit",
        &id,
        "--move",
        &format!("evacuation.helpers.{helper}:before=help-neighbour"),
    ]);
    let profile = phone.json(&["profile", "show", &id]);
    let helpers = &profile["evacuation"]["helpers"];
    assert!(helpers[&helper]["order"].as_f64() < helpers["help-neighbour"]["order"].as_f64());
    phone.ok(&["edit", &id, "--remove", &format!("evacuation.helpers.{helper}")]);
    assert!(
        phone.json(&["profile", "show", &id])["evacuation"]["helpers"]
            .get(&helper)
            .is_none()
    );

    // Verify a section.
    phone.ok(&[
        "verify",
        &id,
        "evacuation",
        "--by",
        "佐藤 みどり",
        "--role",
        "coordinator",
        "--on",
        "2026-01-10",
    ]);
    let profile = phone.json(&["profile", "show", &id]);
    assert_eq!(profile["verifications"]["evacuation"]["on"], "2026-01-10");

    // Export, import on another device: the same profile.
    let file = phone.path("sakura.tsunagu");
    phone.ok(&["profile", "export", &id, "--out", s(&file)]);
    let tablet = Device::new();
    let imported = tablet.json(&["profile", "import", s(&file)]);
    assert_eq!(imported["profile_id"], id.as_str());
    assert_eq!(imported["created"], true);
    assert_eq!(
        tablet.json(&["profile", "show", &id]),
        phone.json(&["profile", "show", &id])
    );
    assert_eq!(tablet.json(&["history", &id]), phone.json(&["history", &id]));

    // The tablet edits, the phone merges the tablet's export.
    tablet.ok(&[
        "--as",
        "コーディネーター 佐藤",
        "edit",
        &id,
        "--set",
        "evacuation.last_drill=2026-11-01",
    ]);
    let back = tablet.path("back.tsunagu");
    tablet.ok(&["profile", "export", &id, "--out", s(&back)]);
    let merged = phone.ok(&["--lang", "en", "profile", "import", s(&back)]);
    assert!(merged.starts_with(&format!("merged into {id}")), "{merged}");
    assert_eq!(
        phone.json(&["profile", "show", &id])["evacuation"]["last_drill"],
        "2026-11-01"
    );
    assert_eq!(
        phone.json(&["profile", "show", &id]),
        tablet.json(&["profile", "show", &id])
    );

    let compact = phone.json(&["profile", "compact", &id]);
    assert!(compact["bytes_after"].as_u64() > Some(0));
    assert_eq!(
        phone.json(&["profile", "show", &id]),
        tablet.json(&["profile", "show", &id])
    );
}

#[test]
fn patch_file_is_one_change() {
    let phone = Device::new();
    let id = phone.demo_profile();
    let patch = phone.path("patch.json");
    std::fs::write(
        &patch,
        r#"{"child": {"nickname": "さくら姫"}, "baseline": {"spo2_low": 93}}"#,
    )
    .expect("writes");
    phone.ok(&["edit", &id, "--patch", s(&patch)]);
    let profile = phone.json(&["profile", "show", &id]);
    assert_eq!(profile["child"]["nickname"], "さくら姫");
    assert_eq!(profile["baseline"]["spo2_low"], 93.0);
    assert_eq!(
        phone.json(&["history", &id])["entries"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn demo_runs_and_names_both_authors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .args(["demo", "--dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    // Well under the HTTP client's 10 s connect timeout: nothing waited on a dead relay.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("母 山田花子") && stdout.contains("コーディネーター 佐藤"),
        "{stdout}"
    );
    assert!(stdout.contains("PEEP（EPAP）: 6 cmH2O"), "{stdout}");
    assert!(stdout.contains("オフライン"), "{stdout}");
    assert!(stdout.contains("→ 0/5 件 — 見つからない"), "{stdout}");
    // The invite link is shown with its secret elided (it carries no key).
    let link = stdout
        .lines()
        .find(|l| l.contains("/join?p="))
        .unwrap_or_else(|| panic!("no invite link: {stdout}"));
    assert!(
        link.contains("http://127.0.0.1:") && link.ends_with("&r=editor#…（秘密）…"),
        "{link}"
    );
    for file in [
        "parent-phone.sqlite3",
        "coordinator-tablet.sqlite3",
        "relay.sqlite3",
    ] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
    // The relay is blind: none of the profile's text in its files, by this test's own search.
    for file in ["relay.sqlite3", "relay.sqlite3-wal"] {
        let Ok(bytes) = std::fs::read(dir.path().join(file)) else {
            continue;
        };
        for marker in ["山田 さくら", "民生委員 田中 三郎", "母 山田花子"] {
            let needle = marker.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{file} holds {marker}"
            );
        }
    }

    let out = Command::new(BIN).args(["--json", "demo"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(summary["identical"], true);
    assert_eq!(summary["relay_contains_profile_text"], false);
    assert!(
        summary["relay"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:")),
        "{}",
        summary["relay"]
    );
    assert_eq!(summary["merged"]["ventilator_peep"], "6");
    let authors = summary["authors"].as_array().expect("authors");
    assert!(
        authors.contains(&Value::from("母 山田花子"))
            && authors.contains(&Value::from("コーディネーター 佐藤"))
    );
    // Offline while the relay was down, nothing lost; then every offline change went out once.
    for attempt in summary["offline"].as_array().expect("offline") {
        assert_eq!(attempt["report"]["status"], "offline");
        assert!(attempt["pending_changes"].as_u64() >= Some(1), "{attempt}");
    }
    assert_eq!(summary["pushed"], 3);
    assert_eq!(summary["pulled"], 3);
    assert_eq!(summary["pending_after_sync"]["parent"], 0);
    assert_eq!(summary["pending_after_sync"]["coordinator"], 0);

    let out = Command::new(BIN)
        .args(["--lang", "en", "demo"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("PEEP (EPAP): 6 cmH2O"), "{stdout}");
    assert!(
        stdout.contains("0 of 5 found — it holds encrypted changes only"),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_2_names_the_field_and_changes_nothing() {
    let phone = Device::new();
    let id = phone.demo_profile();
    phone.ok(&["edit", &id, "--set", "baseline.spo2_low=92"]);
    let before = phone.snapshot(&id);

    let err = phone.fails(&["edit", &id, "--set", "baseline.spo2_high=101"], 2);
    assert!(
        err.starts_with("tsunagu: ") && err.contains("baseline.spo2_high"),
        "{err}"
    );
    assert!(!err.contains("101"), "the value is echoed: {err}");

    // A good edit next to a bad one: neither is written.
    let err = phone.fails(
        &[
            "edit",
            &id,
            "--set",
            "child.nickname=さく",
            "--set",
            "child.no_such_field=1",
        ],
        2,
    );
    assert!(err.contains("child.no_such_field"), "{err}");

    // Entry errors name the field by its label in the user's language (issue 11), never the value.
    let err = phone.fails(&["edit", &id, "--set", "child.weight.kg=ひみつ"], 2);
    assert!(err.contains("体重") && !err.contains("ひみつ"), "{err}");

    let err = phone.fails(&["edit", &id, "--remove", "devices.dev-nope"], 2);
    assert!(err.contains("devices.dev-nope"), "{err}");

    // A truncated export and random bytes are refused.
    let export = phone.path("good.tsunagu");
    phone.ok(&["profile", "export", &id, "--out", s(&export)]);
    let bytes = std::fs::read(&export).expect("export");
    let truncated = phone.path("truncated.tsunagu");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("writes");
    let err = phone.fails(&["profile", "import", s(&truncated)], 2);
    assert!(err.starts_with("tsunagu: ") && err.contains("truncated"), "{err}");
    let random = phone.path("random.bin");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, noise).expect("writes");
    phone.fails(&["profile", "import", s(&random)], 2);

    // An unknown profile id is named.
    let err = phone.fails(&["profile", "show", "p-doesnotexist"], 2);
    assert!(err.contains("p-doesnotexist"), "{err}");
    phone.fails(&["edit", "p-doesnotexist", "--set", "child.nickname=x"], 2);
    phone.fails(&["history", "p-doesnotexist"], 2);

    // A profile file that breaks a rule is refused before anything is created.
    let bad = phone.path("bad.json");
    std::fs::write(&bad, r#"{"baseline": {"spo2_low": 120}}"#).expect("writes");
    let err = phone.fails(&["profile", "new", "--from", s(&bad)], 2);
    assert!(err.contains("baseline.spo2_low"), "{err}");
    assert_eq!(phone.json(&["profile", "list"]).as_array().map(Vec::len), Some(1));

    assert!(
        phone.snapshot(&id) == before,
        "a refused command changed the store"
    );
}

#[test]
fn usage_errors_exit_2_and_failures_exit_1() {
    let phone = Device::new();
    phone.fails(&["frobnicate"], 2);
    phone.fails(&["profile", "frobnicate"], 2);
    phone.fails(&["edit", "p-x"], 2);
    phone.fails(
        &["verify", "p-x", "not_a_section", "--by", "x", "--role", "doctor"],
        2,
    );
    let err = phone.fails(&["edit", "p-x", "--set", "no-equals-sign"], 2);
    assert!(err.starts_with("tsunagu: "), "{err}");

    // A data directory that cannot be created is not the caller's input: exit 1.
    let file = phone.path("plain-file");
    std::fs::write(&file, b"x").expect("writes");
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&file)
        .args(["profile", "list"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn schema_is_json_schema_of_a_profile() {
    let phone = Device::new();
    let schema = phone.json(&["schema"]);
    assert_eq!(schema["title"], "Profile");
    assert!(schema["$defs"]["VentilatorSettings"].is_object());
}
