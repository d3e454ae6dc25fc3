//! Entry on the real binary: `profile fill` typed through a pseudo-terminal in Japanese (the
//! shelter view then shows what was typed), `fields`, `edit --confirm` for an unusual value and
//! its line in the history, errors in the user's language and as JSON, the unknown-author warning.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use crate::common::{BIN, run};

/// Runs `tsunagu --data-dir DIR/data ARGS…` with `env`; returns (exit code, stdout, stderr).
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .env_remove("TSUNAGU_LANG")
        .env("LANG", "C.UTF-8")
        .env("USER", "test");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs tsunagu");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn new_profile(dir: &Path) -> String {
    run(dir, &["profile", "new"]).trim().to_owned()
}

/// What to answer to a prompt, by the start of its line; `None` is an empty answer (Enter).
/// Yes/no prompts to add an entity are answered from `adds` (how many of each to add).
struct Script {
    adds: Vec<(&'static str, usize)>,
    answers: Vec<(&'static str, Vec<&'static str>)>,
}

impl Script {
    fn answer(&mut self, prompt: &str) -> String {
        for (what, left) in &mut self.adds {
            if prompt.starts_with(&format!("{what}を追加しますか")) {
                return if *left > 0 {
                    *left -= 1;
                    "はい".into()
                } else {
                    "いいえ".into()
                };
            }
        }
        for (start, queue) in &mut self.answers {
            if prompt.starts_with(*start) && !queue.is_empty() {
                return queue.remove(0).to_owned();
            }
        }
        String::new()
    }
}

/// rexpect hands back each byte the terminal read as one `char`: the UTF-8 text's bytes, as
/// rexpect will show them.
fn as_read(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// The UTF-8 text behind what rexpect read.
fn from_read(read: &str) -> String {
    let bytes: Vec<u8> = read.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_parent_fills_a_profile_in_japanese_through_a_terminal_and_the_shelter_view_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = new_profile(dir.path());
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["--lang", "ja", "profile", "fill", &id])
        .args([
            "--section",
            "child",
            "--section",
            "devices",
            "--section",
            "medications",
        ])
        .args(["--section", "allergies", "--section", "contacts"])
        .env("TSUNAGU_AUTHOR", "母");
    // The timeout only bounds a hung test; no timing is asserted.
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawns in a pty");
    let mut script = Script {
        adds: vec![("医療機器", 1), ("薬", 2), ("アレルギー", 1), ("緊急連絡先", 2)],
        answers: vec![
            ("本人の情報 › 氏名", vec!["山田 はな"]),
            ("本人の情報 › ふりがな", vec!["やまだ はな"]),
            ("本人の情報 › 生年月日", vec!["令和６年４月１日"]),
            ("本人の情報 › 性別", vec!["女"]),
            ("体重（kg）", vec!["１１．５"]),
            ("体重 › 測定日", vec!["令和8年11月1日"]),
            ("医療機器 › 機器の種類", vec!["人工呼吸器"]),
            ("医療機器 › 電気がないときの代わりの手段", vec!["蘇生バッグ"]),
            ("機器の電源 › 消費電力（W）", vec!["６０Ｗ"]),
            ("人工呼吸器の設定 › モード", vec!["SIMV"]),
            ("人工呼吸器の設定 › 換気回数", vec!["２０回/分"]),
            // A typo first (kPa is not the unit of PEEP): asked again, then right.
            ("人工呼吸器の設定 › PEEP", vec!["６ｋＰａ", "６ｃｍＨ２Ｏ"]),
            ("薬の名前", vec!["テストバルビタール散", "テストミドラム坐剤"]),
            ("薬 › 1回量", vec!["３０ｍｇ", "５ｍｇ"]),
            ("薬 › 投与経路", vec!["経管", "坐剤・注腸"]),
            ("薬 › 時間", vec!["８：００、２０：００"]),
            ("アレルギー › 確認状況", vec!["あり"]),
            ("アレルギー › 原因", vec!["ラテックス"]),
            ("アレルギー › 症状", vec!["じんましん"]),
            ("アレルギー › 重症度", vec!["重度"]),
            ("緊急連絡先 › 名前", vec!["山田 花子", "山田 太郎"]),
            ("緊急連絡先 › 続柄", vec!["母", "父"]),
            (
                "緊急連絡先 › 電話番号",
                vec!["０９０ー１２３４ー５６７８", "０８０−９８７６−５４３２"],
            ),
        ],
    };
    let mut transcript = String::new();
    let mut retries = 0;
    for turn in 0.. {
        assert!(turn < 200, "the questions do not end:\n{transcript}");
        let pattern = format!("(: $|{})", as_read("入力を終わりました。"));
        let (before, matched) = p
            .exp_regex(&pattern)
            .unwrap_or_else(|e| panic!("no prompt: {e}\n{transcript}"));
        let (before, matched) = (from_read(&before), from_read(&matched));
        transcript.push_str(&before);
        transcript.push_str(&matched);
        if matched.contains("入力を終わりました") {
            break;
        }
        let prompt = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .trim_start_matches('\r');
        if before.contains("PEEP（EPAP）: 数字で入力してください") {
            retries += 1;
        }
        let answer = script.answer(prompt);
        p.send_line(&answer).expect("types");
    }
    p.exp_eof().expect("ends");
    assert!(
        transcript.contains("PEEP（EPAP）: 数字で入力してください（例: 6 cmH2O）"),
        "the typo is named by its field and the expected form:\n{transcript}"
    );
    assert_eq!(retries, 1, "{transcript}");
    for (what, left) in &script.adds {
        assert_eq!(
            *left, 0,
            "{what} was not offered as often as expected:\n{transcript}"
        );
    }

    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["--json", "profile", "show", &id])).expect("json");
    assert_eq!(json["child"]["date_of_birth"], "2024-04-01");
    assert_eq!(json["child"]["sex"], "female");
    assert_eq!(json["child"]["weight"]["kg"], 11.5);
    let devices = json["devices"].as_object().expect("devices");
    assert_eq!(devices.len(), 1);
    let vent = devices.values().next().expect("one");
    assert_eq!(vent["kind"], "ventilator");
    assert_eq!(vent["settings"]["ventilator"]["peep"], 6.0);
    assert_eq!(vent["settings"]["ventilator"]["rate"], 20.0);
    assert_eq!(vent["power"]["watts"], 60.0);
    assert!(
        vent["settings"]["suction"].is_null(),
        "only the ventilator's settings"
    );
    let meds = json["medications"].as_object().expect("medications");
    assert_eq!(meds.len(), 2);
    assert!(
        meds.values()
            .any(|m| m["route"] == "tube" && m["times"] == "08:00, 20:00")
    );
    assert!(meds.values().any(|m| m["route"] == "rectal"));
    assert_eq!(json["allergies"]["status"], "recorded");
    assert_eq!(json["allergies"]["items"].as_object().expect("items").len(), 1);
    let contacts = json["contacts"].as_object().expect("contacts");
    assert_eq!(contacts.len(), 2);
    assert!(contacts.values().any(|c| c["phone"] == "090-1234-5678"));
    assert!(contacts.values().any(|c| c["phone"] == "080-9876-5432"));

    let shelter = run(
        dir.path(),
        &["view", &id, "--audience", "shelter", "--today", "2026-11-24"],
    );
    // Everything typed: the ventilator with its settings, both medicines, the allergy, both
    // contacts.
    for expected in [
        "山田 はな",
        "人工呼吸器",
        "6 cmH2O",
        "蘇生バッグ",
        "テストバルビタール散",
        "テストミドラム坐剤",
        "ラテックス",
        "山田 花子",
        "090-1234-5678",
        "山田 太郎",
        "080-9876-5432",
    ] {
        assert!(
            shelter.contains(expected),
            "shelter view lacks {expected}:\n{shelter}"
        );
    }
    let ems = run(
        dir.path(),
        &["view", &id, "--audience", "ems", "--today", "2026-11-24"],
    );
    for expected in [
        "ラテックス",
        "PEEP",
        "6 cmH2O",
        "テストバルビタール散",
        "テストミドラム坐剤",
    ] {
        assert!(ems.contains(expected), "EMS view lacks {expected}:\n{ems}");
    }
    let history = run(dir.path(), &["history", &id]);
    assert!(history.contains("母"), "{history}");
}

#[test]
fn fio2_as_a_fraction_is_refused_until_confirmed_and_the_confirmation_is_in_the_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = new_profile(dir.path());
    let added = run(
        dir.path(),
        &["--json", "edit", &id, "--add", r#"devices={"kind":"人工呼吸器"}"#],
    );
    let added: serde_json::Value = serde_json::from_str(&added).expect("json");
    let dev = added["added"][0]["id"].as_str().expect("id").to_owned();
    let set = format!("devices.{dev}.settings.ventilator.fio2=0.4");

    let (code, out, err) = run_env(
        dir.path(),
        &["edit", &id, "--set", &set],
        &[("TSUNAGU_AUTHOR", "父")],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("酸素濃度（FiO2）"), "{err}");
    assert!(err.contains("0.4 ではなく 40"), "{err}");
    assert!(err.contains("--confirm"), "{err}");
    let show = run(dir.path(), &["--json", "profile", "show", &id]);
    assert!(!show.contains("0.4"), "nothing was written: {show}");

    let (code, out, err) = run_env(
        dir.path(),
        &["--json", "edit", &id, "--set", &set],
        &[("TSUNAGU_AUTHOR", "父")],
    );
    assert_eq!(code, 2);
    let e: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_else(|_| panic!("{out}{err}"));
    assert_eq!(e["error"]["code"], "needs_confirmation");
    assert_eq!(
        e["error"]["field"],
        format!("devices.{dev}.settings.ventilator.fio2")
    );
    assert!(e["error"]["message"].as_str().expect("message").contains("FiO2"));

    let (code, _, err) = run_env(
        dir.path(),
        &["edit", &id, "--set", &set, "--confirm"],
        &[("TSUNAGU_AUTHOR", "父")],
    );
    assert_eq!(code, 0, "{err}");
    let history = run(dir.path(), &["history", &id]);
    let newest = history.lines().next().expect("a line");
    assert!(newest.contains("父"), "{history}");
    assert!(
        newest.contains("酸素濃度（FiO2）のふだんと違う値を確認しました"),
        "{history}"
    );
    let log = run(dir.path(), &["--json", "history", &id]);
    assert!(log.contains("\"confirm\""), "{log}");
}

#[test]
fn errors_follow_the_language_of_the_environment_and_are_json_under_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = new_profile(dir.path());
    let args = ["edit", id.as_str(), "--set", "child.date_of_birth=いつか"];
    let (code, _, err) = run_env(dir.path(), &args, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("生年月日: 日付で入力してください"), "{err}");
    let (_, _, err) = run_env(dir.path(), &args, &[("LANG", "en_US.UTF-8")]);
    assert!(err.contains("Date of birth: enter a date"), "{err}");
    let (_, _, err) = run_env(
        dir.path(),
        &args,
        &[("LANG", "en_US.UTF-8"), ("TSUNAGU_LANG", "ja")],
    );
    assert!(
        err.contains("日付で入力してください"),
        "TSUNAGU_LANG wins over LANG: {err}"
    );
    let mut with_lang = vec!["--lang", "en"];
    with_lang.extend(args);
    let (_, _, err) = run_env(dir.path(), &with_lang, &[("TSUNAGU_LANG", "ja")]);
    assert!(err.contains("enter a date"), "--lang wins: {err}");
    let mut json = vec!["--json"];
    json.extend(args);
    let (code, out, _) = run_env(dir.path(), &json, &[]);
    assert_eq!(code, 2);
    let e: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON error");
    assert_eq!(e["error"]["code"], "input");
    assert_eq!(e["error"]["field"], "child.date_of_birth");
    assert!(!out.contains("いつか"), "the typed text is not echoed: {out}");
}

#[test]
fn an_edit_without_a_known_author_is_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = new_profile(dir.path());
    let mut cmd = Command::new(BIN);
    let out = cmd
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["edit", &id, "--set", "child.nickname=はな"])
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("この端末の名前がプロフィール"), "{err}");
    let (_, _, err) = run_env(
        dir.path(),
        &["--as", "架空", "edit", &id, "--set", "child.nickname=さく"],
        &[],
    );
    assert!(!err.contains("この端末の名前"), "--as names the author: {err}");
}

#[test]
fn fields_lists_paths_labels_and_kinds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, out, _) = run_env(dir.path(), &["fields", "--section", "devices"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("devices.settings.ventilator.peep"), "{out}");
    assert!(out.contains("PEEP（EPAP）"), "{out}");
    assert!(out.contains("数字 (cmH2O)"), "{out}");
    assert!(!out.contains("child.name"), "{out}");
    let (_, out, _) = run_env(dir.path(), &["--json", "fields"], &[("LANG", "en_US.UTF-8")]);
    let list: serde_json::Value = serde_json::from_str(&out).expect("json");
    let peep = list
        .as_array()
        .expect("list")
        .iter()
        .find(|f| f["path"] == "devices.settings.ventilator.peep")
        .expect("peep");
    assert_eq!(peep["input"]["kind"], "number");
    assert_eq!(peep["input"]["unit"], "cmH2O");
    assert_eq!(peep["plausible_range"], serde_json::json!([3.0, 15.0]));
    assert_eq!(peep["device_kind"], "ventilator");
    let (code, _, err) = run_env(dir.path(), &["fields", "--section", "nope"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}
