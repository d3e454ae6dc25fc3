//! The command line for daily work (issue 15): a profile chosen by id prefix, name or kana;
//! archive, unarchive and delete; the roster filtered, sorted and exported to .xlsx (read back
//! with calamine); `readiness --all` and `plan-export --all`; the `--json` contract; the help's
//! examples; a damaged store and a store on read-only media.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tsunagu_core::model::{Device, DeviceKind, DevicePower, Profile, Watts};

use crate::common::{BIN, create, demo_store, run};

/// Runs `tsunagu --data-dir DIR/data ARGS…` with `stdin` fed in; does not judge the outcome.
fn tsunagu(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .env_remove("TSUNAGU_LANG")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs tsunagu");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("writes stdin");
    child.wait_with_output().expect("tsunagu ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn named(name: &str, kana: &str) -> Profile {
    let mut p = Profile::empty();
    p.child.name = Some(name.into());
    p.child.name_kana = Some(kana.into());
    p
}

fn oxygen_child() -> Profile {
    let mut p = named("佐藤 ひかり", "さとう ひかり");
    p.child.address = Some("熊本県熊本市北区架空台4-5".into());
    let mut o2 = Device::new(DeviceKind::Oxygen);
    o2.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(120.0)),
        ..DevicePower::default()
    };
    p.devices.insert("dev-o2".into(), o2);
    p
}

/// The demo child (山田 さくら), 山田 たろう, 佐藤 ひかり (oxygen) and 鈴木 そら.
fn four_children() -> (tempfile::TempDir, [String; 4]) {
    let (dir, demo) = demo_store();
    let taro = create(dir.path(), "taro.json", &named("山田 たろう", "やまだ たろう"));
    let o2 = create(dir.path(), "o2.json", &oxygen_child());
    let sora = create(dir.path(), "sora.json", &named("鈴木 そら", "すずき そら"));
    (dir, [demo, taro, o2, sora])
}

#[test]
fn a_profile_is_chosen_by_id_prefix_name_or_kana() {
    let (dir, [demo, taro, o2, _]) = four_children();
    let d = dir.path();
    // By kana in katakana, by name, by an id prefix: one profile each.
    let shown = json(&run(d, &["profile", "show", "ヤマダ サクラ", "--json"]));
    assert_eq!(shown["child"]["name"], "山田 さくら");
    let shown = json(&run(d, &["profile", "show", "ひかり", "--json"]));
    assert_eq!(shown["child"]["name"], "佐藤 ひかり");
    let prefix = &taro[..taro.len() - 2];
    run(
        d,
        &[
            "--as",
            "テスト",
            "edit",
            prefix,
            "--set",
            "child.nickname=たろちゃん",
        ],
    );
    let shown = json(&run(d, &["profile", "show", &taro, "--json"]));
    assert_eq!(shown["child"]["nickname"], "たろちゃん");
    let readiness = json(&run(d, &["readiness", "さとう", "--json"]));
    assert_eq!(readiness["profile_id"], o2.as_str());

    // Ambiguous: both 山田 children listed on stderr, exit 2, nothing on stdout.
    let out = tsunagu(d, &["view", "やまだ", "--audience", "shelter"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("2 profiles match"), "{err}");
    assert!(
        err.contains(&demo) && err.contains(&taro) && !err.contains(&o2),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // The same under --json: the error object with the candidates.
    let out = tsunagu(d, &["card", "山田", "--out", "x.html", "--json"], "");
    assert_eq!(out.status.code(), Some(2));
    let error = json(&text(&out.stdout));
    assert_eq!(error["error"]["code"], "ambiguous_profile");
    let ids: Vec<&str> = error["error"]["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .filter_map(|c| c["profile_id"].as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{error}");
    assert!(ids.contains(&demo.as_str()) && ids.contains(&taro.as_str()));

    // Nothing matches: a clear error that does not echo what was typed.
    let out = tsunagu(d, &["history", "田中"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("no profile matches") && err.contains("profile list"),
        "{err}"
    );
    assert!(!err.contains("田中"), "{err}");
}

#[test]
fn archive_hides_unarchive_restores_delete_asks_first() {
    let (dir, [demo, taro, _, sora]) = four_children();
    let d = dir.path();
    let ids = |args: &[&str]| -> Vec<String> {
        json(&run(d, args))
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["profile_id"].as_str().expect("profile_id").to_owned())
            .collect()
    };
    run(d, &["profile", "archive", "たろう"]);
    assert!(!ids(&["profile", "list", "--json"]).contains(&taro));
    assert!(!ids(&["roster", "--json"]).contains(&taro));
    assert!(ids(&["profile", "list", "--json", "--archived"]).contains(&taro));
    assert!(ids(&["roster", "--json", "--archived"]).contains(&taro));
    let listed = run(d, &["--lang", "en", "profile", "list", "--archived"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(taro.as_str()) && l.contains("archived")),
        "{listed}"
    );
    // An archived profile is still found by name, to bring it back.
    let back = json(&run(d, &["profile", "unarchive", "たろう", "--json"]));
    assert_eq!(
        (back["profile_id"].as_str(), back["changed"].as_bool()),
        (Some(taro.as_str()), Some(true))
    );
    assert!(ids(&["profile", "list", "--json"]).contains(&taro));

    // Delete asks; anything but yes keeps the profile.
    let out = tsunagu(d, &["profile", "delete", &sora], "n\n");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Delete?"), "{}", text(&out.stderr));
    assert!(ids(&["profile", "list", "--json"]).contains(&sora));
    let out = tsunagu(d, &["profile", "delete", &sora], "");
    assert_eq!(out.status.code(), Some(2), "no answer is no");
    let out = tsunagu(d, &["profile", "delete", &sora], "y\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("deleted this device's copy"));
    assert!(!ids(&["profile", "list", "--json", "--archived"]).contains(&sora));
    let gone = tsunagu(d, &["profile", "show", &sora], "");
    assert_eq!(gone.status.code(), Some(2));
    // --yes skips the question.
    let out = json(&run(d, &["profile", "delete", &taro, "--yes", "--json"]));
    assert_eq!(out["was_shared"], false);
    assert_eq!(ids(&["profile", "list", "--json", "--archived"]).len(), 2);
    assert!(ids(&["profile", "list", "--json"]).contains(&demo));
}

#[test]
fn roster_filters_sorts_and_exports_a_workbook() {
    use calamine::{Data, Reader, Xlsx};

    let (dir, [demo, taro, o2, sora]) = four_children();
    let d = dir.path();
    let roster = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["roster", "--json", "--as-of", "2026-10-01"];
        args.extend_from_slice(extra);
        json(&run(d, &args))
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["profile_id"].as_str().expect("profile_id").to_owned())
            .collect()
    };
    assert_eq!(
        roster(&["--filter", "life-sustaining"]),
        [o2.as_str(), demo.as_str()]
    );
    assert_eq!(
        roster(&["--filter", "life-sustaining=ventilator"]),
        [demo.as_str()]
    );
    assert_eq!(roster(&["--filter", "runway<1"]), [o2.as_str()]);
    assert_eq!(
        roster(&["--filter", "runway<48", "--filter", "district=中央区"]),
        [demo.as_str()]
    );
    assert_eq!(roster(&["--filter", "destination=架空市民病院"]), [demo.as_str()]);
    assert_eq!(
        roster(&["--sort", "name"]),
        [o2.as_str(), sora.as_str(), demo.as_str(), taro.as_str()]
    );
    assert_eq!(
        roster(&["--sort", "name", "--reverse"]),
        [taro.as_str(), demo.as_str(), sora.as_str(), o2.as_str()]
    );
    let bad = tsunagu(d, &["roster", "--filter", "colour=red"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("--filter"), "{}", text(&bad.stderr));

    // The default table is narrow; --wide has every column.
    let widest = |t: &str| t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let narrow = run(d, &["--lang", "en", "roster", "--as-of", "2026-10-01"]);
    let wide = run(d, &["--lang", "en", "roster", "--as-of", "2026-10-01", "--wide"]);
    assert!(
        narrow.contains("Power runway (h)") && narrow.contains("架空市民病院"),
        "{narrow}"
    );
    assert!(
        widest(&narrow) < 140,
        "narrow table is {} wide:\n{narrow}",
        widest(&narrow)
    );
    assert!(widest(&wide) > widest(&narrow) + 40);

    // xlsx needs a file; the workbook read back has the header, one row per child, numbers.
    let no_out = tsunagu(d, &["roster", "--format", "xlsx"], "");
    assert_eq!(no_out.status.code(), Some(2));
    let file = d.join("roster.xlsx");
    let path = file.to_str().expect("utf-8");
    let said = run(
        d,
        &[
            "--lang",
            "en",
            "roster",
            "--format",
            "xlsx",
            "--out",
            path,
            "--as-of",
            "2026-10-01",
            "--filter",
            "life-sustaining",
        ],
    );
    assert!(said.contains("wrote 2 row(s)"), "{said}");
    let mut book: Xlsx<_> = calamine::open_workbook(&file).expect("a workbook calamine reads");
    let sheet = book.worksheet_range("Roster").expect("the Roster sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 3, "header and two children");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(&header[..3], ["Profile id", "Name", "Kana"]);
    let runway = header
        .iter()
        .position(|h| h == "Power runway (h)")
        .expect("runway column");
    assert_eq!(rows[1][0].to_string(), o2);
    assert_eq!(rows[2][1].to_string(), "山田 さくら");
    assert_eq!(rows[2][runway], Data::Float(20.2), "a number, not text");
}

#[test]
fn readiness_and_plan_export_for_every_child() {
    let (dir, [demo, taro, o2, sora]) = four_children();
    let d = dir.path();
    run(d, &["profile", "archive", &sora]);
    let text = run(d, &["--lang", "en", "readiness", "--all"]);
    for name in ["山田 さくら", "山田 たろう", "佐藤 ひかり"] {
        assert!(text.contains(name), "{name}: {text}");
    }
    assert!(!text.contains("鈴木 そら"), "archived profiles are left out");
    let all = json(&run(d, &["readiness", "--all", "--json"]));
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    assert!(
        all.as_array()
            .expect("rows")
            .iter()
            .all(|r| r["power"].is_object())
    );

    let out = d.join("plans");
    let said = json(&run(
        d,
        &[
            "plan-export",
            "--all",
            "--format",
            "csv",
            "--out",
            out.to_str().expect("utf-8"),
            "--json",
        ],
    ));
    assert_eq!(said.as_array().map(Vec::len), Some(3));
    for id in [&demo, &taro, &o2] {
        let csv = std::fs::read_to_string(out.join(format!("{id}.csv"))).expect("one file per child");
        assert!(csv.starts_with('\u{feff}'), "CSV for Excel");
    }
    assert!(!out.join(format!("{sora}.csv")).exists());
    let html = d.join("html");
    run(
        d,
        &["plan-export", "--all", "--out", html.to_str().expect("utf-8")],
    );
    let page = std::fs::read_to_string(html.join(format!("{demo}.html"))).expect("html plan");
    assert!(page.contains("山田 さくら"));
    // --all writes files: without --out it is a usage error.
    assert_eq!(tsunagu(d, &["plan-export", "--all"], "").status.code(), Some(2));
}

#[test]
fn json_names_the_profile_id_and_gives_rfc3339_times_and_json_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let made = json(&run(
        d,
        &["profile", "new", "--sample", "--device-name", "母", "--json"],
    ));
    let id = made["profile_id"].as_str().expect("profile_id").to_owned();
    assert!(made.get("id").is_none());
    let rfc3339 = |v: &Value| {
        let s = v.as_str().unwrap_or_else(|| panic!("a time string: {v}"));
        chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    };
    let list = json(&run(d, &["profile", "list", "--json"]));
    assert_eq!(list[0]["profile_id"], id.as_str());
    rfc3339(&list[0]["updated_at"]);
    let roster = json(&run(d, &["roster", "--json"]));
    rfc3339(&roster[0]["updated_at"]);
    let edited = json(&run(
        d,
        &["edit", &id, "--set", "child.nickname=さくちゃん", "--json"],
    ));
    assert_eq!(edited["profile_id"], id.as_str());
    let export = d.join("p.tsunagu");
    let exported = json(&run(
        d,
        &[
            "profile",
            "export",
            &id,
            "--out",
            export.to_str().expect("utf-8"),
            "--json",
        ],
    ));
    assert_eq!(exported["profile_id"], id.as_str());
    let imported = json(&run(
        d,
        &["profile", "import", export.to_str().expect("utf-8"), "--json"],
    ));
    assert_eq!(imported["profile_id"], id.as_str());

    // Errors: JSON on stdout, nothing on stderr, the exit code kept.
    let out = tsunagu(d, &["edit", &id, "--set", "child.weight.value=abc", "--json"], "");
    assert_eq!(out.status.code(), Some(2));
    let error = json(&text(&out.stdout));
    assert_eq!(error["error"]["field"], "child.weight.value", "{error}");
    assert!(error["error"]["code"].is_string() && error["error"]["message"].is_string());
    let out = tsunagu(d, &["profile", "show", "p-nope", "--json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let error = json(&text(&out.stdout));
    assert_eq!(error["error"]["code"], "unknown_profile");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("p-nope"))
    );
    assert!(error["error"]["field"].is_null());
    let out = tsunagu(d, &["profile", "show", "田中", "--json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&text(&out.stdout))["error"]["code"], "bad_input");
}

#[test]
fn every_command_shows_an_example_in_both_languages() {
    let commands: &[&[&str]] = &[
        &[],
        &["profile"],
        &["profile", "new"],
        &["profile", "list"],
        &["profile", "show"],
        &["profile", "archive"],
        &["profile", "unarchive"],
        &["profile", "delete"],
        &["edit"],
        &["roster"],
        &["readiness"],
        &["plan-export"],
        &["invite"],
        &["share", "create"],
        &["sync", "start"],
        &["members", "remove"],
        &["relay", "serve"],
        &["device", "set-name"],
    ];
    for path in commands {
        for (lang, heading) in [("en", "Examples:"), ("ja", "例:")] {
            let out = Command::new(BIN)
                .args(*path)
                .args(["--help", "--lang", lang])
                .output()
                .expect("runs");
            let help = text(&out.stdout);
            let at = help
                .find(heading)
                .unwrap_or_else(|| panic!("{path:?} {lang}: no examples\n{help}"));
            let first = help[at..].lines().nth(1).unwrap_or_default().trim();
            let expected = format!("tsunagu {}", path.join(" "));
            assert!(first.starts_with(expected.trim()), "{path:?} {lang}: `{first}`");
        }
    }
}

#[test]
fn a_damaged_store_points_to_restore() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("dir");
    std::fs::write(data.join("tsunagu.sqlite3"), vec![0x5a_u8; 8192]).expect("garbage");
    for (lang, word) in [("en", "tsunagu restore"), ("ja", "tsunagu restore")] {
        let out = tsunagu(dir.path(), &["--lang", lang, "profile", "list"], "");
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(word) && err.contains("--data-dir"), "{lang}: {err}");
    }
    let out = tsunagu(dir.path(), &["profile", "list", "--json"], "");
    let error = json(&text(&out.stdout));
    assert_eq!(error["error"]["code"], "corrupt_store");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("restore"))
    );
}

/// Runs `tsunagu ARGS…` on `data` made read-only: as root (which ignores file modes) in a
/// private mount namespace where `data` is bind-mounted read-only, else with the write bits
/// taken away. Returns None (after saying why) when neither can be arranged.
fn on_read_only_media(data: &Path, args: &[&str]) -> Option<Output> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| text(&o.stdout).trim() == "0");
    let mut cmd = if root.unwrap_or(false) {
        let d = data.to_str().expect("utf-8");
        let mut c = Command::new("unshare");
        c.args(["-m", "sh", "-c"])
            .arg(format!(
                "mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' && exec \"$0\" \"$@\""
            ))
            .arg(BIN);
        c
    } else {
        for entry in std::fs::read_dir(data).expect("data dir").flatten() {
            let mut perms = entry.metadata().expect("meta").permissions();
            perms.set_readonly(true);
            std::fs::set_permissions(entry.path(), perms).expect("chmod");
        }
        let mut perms = std::fs::metadata(data).expect("meta").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(data, perms).expect("chmod");
        Command::new(BIN)
    };
    let out = cmd
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("TSUNAGU_LANG")
        .output()
        .expect("runs");
    if text(&out.stderr).contains("unshare:") || text(&out.stderr).contains("mount:") {
        eprintln!("skipping read-only media: {}", text(&out.stderr));
        return None;
    }
    Some(out)
}

#[test]
fn a_store_on_read_only_media_opens_for_viewing() {
    let (dir, demo) = demo_store();
    let data = dir.path().join("data");
    let card = dir.path().join("card.html");
    let card_arg = card.to_str().expect("utf-8").to_owned();
    let Some(list) = on_read_only_media(&data, &["profile", "list", "--json"]) else {
        assert!(
            std::env::var_os("TSUNAGU_REQUIRE_READ_ONLY_MEDIA").is_none(),
            "read-only media could not be arranged"
        );
        return;
    };
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert!(
        text(&list.stderr).contains("opened read-only"),
        "{}",
        text(&list.stderr)
    );
    assert_eq!(json(&text(&list.stdout))[0]["profile_id"], demo.as_str());
    let show = on_read_only_media(&data, &["profile", "show", "さくら"]).expect("ran before");
    assert!(show.status.success(), "{}", text(&show.stderr));
    assert!(text(&show.stdout).contains("山田 さくら"));
    let made = on_read_only_media(&data, &["card", &demo, "--out", &card_arg]).expect("ran before");
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(std::fs::read_to_string(&card).expect("card").contains("山田"));

    let edit =
        on_read_only_media(&data, &["--as", "母", "edit", &demo, "--set", "child.nickname=x"]).expect("ran");
    assert!(!edit.status.success());
    let err = text(&edit.stderr);
    assert!(
        err.contains("open read-only") && err.contains("nothing was changed"),
        "{err}"
    );
    let archive = on_read_only_media(&data, &["profile", "archive", &demo, "--json"]).expect("ran");
    assert!(!archive.status.success());
    assert_eq!(json(&text(&archive.stdout))["error"]["code"], "read_only_store");
}
