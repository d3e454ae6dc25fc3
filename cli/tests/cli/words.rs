//! The command line's own words in the user's language (ja or en by `--lang`, `TSUNAGU_LANG`,
//! then `LANG`): what commands say when they succeed, their tables' headers, and clap's parse
//! errors (an unknown option, a missing or bad value), which keep exit code 2.

use std::path::Path;
use std::process::Command;

use crate::common::BIN;

/// Runs `tsunagu --data-dir DIR/data ARGS…` under `LANG=lang` (no `TSUNAGU_LANG` unless in
/// `env`); returns (exit code, stdout, stderr).
fn run(dir: &Path, lang: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .env_remove("TSUNAGU_LANG")
        .env("LANG", lang);
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

const JA: &str = "ja_JP.UTF-8";
const EN: &str = "en_US.UTF-8";

/// stdout of a command that must succeed.
fn ok(dir: &Path, lang: &str, args: &[&str]) -> String {
    let (code, out, err) = run(dir, lang, args, &[]);
    assert_eq!(code, 0, "tsunagu {args:?}: {err}");
    out
}

#[test]
fn what_commands_say_when_they_succeed_follows_the_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let id = ok(d, JA, &["--as", "母", "profile", "new", "--sample"])
        .trim()
        .to_owned();

    // edit: the change, an added entity, nothing changed.
    let ja = ok(
        d,
        JA,
        &["--as", "母", "edit", &id, "--set", "child.nickname=さく"],
    );
    assert!(
        ja.starts_with(&format!("{id} を変更しました（1 件の編集、変更 ")),
        "{ja}"
    );
    let en = ok(
        d,
        EN,
        &["--as", "母", "edit", &id, "--set", "child.nickname=さっちゃん"],
    );
    assert!(
        en.starts_with(&format!("edited {id}: 1 edit(s) in change ")),
        "{en}"
    );
    let ja = ok(
        d,
        JA,
        &[
            "--as",
            "母",
            "edit",
            &id,
            "--add",
            r#"evacuation.helpers={"name":"架空 三郎"}"#,
        ],
    );
    assert!(
        ja.lines()
            .next()
            .is_some_and(|l| l.starts_with("evacuation.helpers.") && l.ends_with(" を追加しました")),
        "{ja}"
    );
    let same = [
        "--as",
        "母",
        "edit",
        id.as_str(),
        "--set",
        "child.nickname=さっちゃん",
    ];
    assert_eq!(
        ok(d, JA, &same).trim(),
        format!("{id}: 変わったところはありません")
    );
    assert_eq!(ok(d, EN, &same).trim(), format!("{id}: nothing changed"));

    // A table's header.
    let ja = ok(d, JA, &["profile", "list"]);
    let header: Vec<&str> = ja.lines().next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(header, ["ID", "名前", "ふりがな", "更新"], "{ja}");
    let en = ok(d, EN, &["profile", "list"]);
    let header: Vec<&str> = en.lines().next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(header, ["id", "name", "kana", "updated"], "{en}");

    // Files written, by export and the IPS.
    let file = d.join("p.tsunagu");
    let file = file.to_str().expect("utf-8");
    let ja = ok(d, JA, &["profile", "export", &id, "--out", file]);
    assert!(
        ja.contains("に書き出しました（") && ja.contains(" バイト）"),
        "{ja}"
    );
    let en = ok(d, EN, &["profile", "export", &id, "--out", file]);
    assert!(en.starts_with(&format!("exported {id} to {file} (")), "{en}");
    let ja = ok(d, JA, &["profile", "import", file]);
    assert_eq!(ja.trim(), format!("{id} に取り込みました（新しい変更 0 件）"));

    // Sync and share with nothing shared: no network, and no English under Japanese.
    assert_eq!(
        ok(d, JA, &["sync"]).trim(),
        "共有しているプロフィールはありません"
    );
    assert_eq!(ok(d, EN, &["sync"]).trim(), "no shared profiles");
    assert_eq!(ok(d, JA, &["share", "list"]).trim(), "共有リンクはありません");
    // TSUNAGU_LANG wins over LANG, --lang over both.
    let (_, out, _) = run(d, JA, &["sync"], &[("TSUNAGU_LANG", "en")]);
    assert_eq!(out.trim(), "no shared profiles");
    let (_, out, _) = run(d, EN, &["--lang", "ja", "sync"], &[("TSUNAGU_LANG", "en")]);
    assert_eq!(out.trim(), "共有しているプロフィールはありません");
}

#[test]
fn clap_parse_errors_are_in_the_users_language_and_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // (arguments, Japanese, English)
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["fields", "--sectoin", "child"],
            "「--sectoin」という指定はありません",
            "unknown option or argument '--sectoin'",
        ),
        (
            &["feilds"],
            "「feilds」というコマンドはありません",
            "did you mean 'fields'?",
        ),
        (&["fields", "--section"], "には値が必要です", "needs a value"),
        (
            &["view", "p-1", "--audience", "teacher"],
            "使える値: shelter, ems, caregiver",
            "possible values: shelter, ems, caregiver",
        ),
        (
            &["share", "create", "p-1", "--expires", "3y"],
            "単位は s、m、h、d、w のいずれかです",
            "the unit must be s, m, h, d or w",
        ),
        (
            &[
                "verify",
                "p-1",
                "evacuation",
                "--by",
                "架空",
                "--role",
                "parent",
                "--on",
                "2026/13/01",
            ],
            "日付を YYYY-MM-DD の形で指定してください",
            "expected a date as YYYY-MM-DD",
        ),
        (
            &["invite", "p-1", "--role", "editor", "--expires-hours", "0"],
            "1 から 720 までの値で指定してください",
            "expected a value from 1 to 720",
        ),
    ];
    for (args, ja, en) in cases {
        let (code, out, err) = run(d, JA, args, &[]);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.starts_with("tsunagu: エラー: "), "{args:?}: {err}");
        assert!(err.contains(ja), "{args:?} in ja: {err}");
        assert!(err.contains("詳しくは --help を付けて実行してください"), "{err}");
        for english in [
            "error:",
            "Usage",
            "For more information",
            "invalid value",
            "unexpected",
        ] {
            assert!(!err.contains(english), "{args:?}: English `{english}` in {err}");
        }
        let (code, _, err) = run(d, EN, args, &[]);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("tsunagu: error: "), "{args:?}: {err}");
        assert!(err.contains(en), "{args:?} in en: {err}");
    }
    // The usage line, with its heading in the language; --lang and TSUNAGU_LANG choose too.
    let (_, _, err) = run(d, JA, &["edit"], &[]);
    assert!(err.contains("使い方: tsunagu edit"), "{err}");
    let (_, _, err) = run(d, JA, &["--lang", "en", "edit"], &[]);
    assert!(
        err.contains("Usage: tsunagu edit") && err.contains("<PROFILE>"),
        "{err}"
    );
    let (_, _, err) = run(d, EN, &["edit"], &[("TSUNAGU_LANG", "ja")]);
    assert!(err.contains("必要な指定がありません"), "{err}");
    // Under --json the parse error is JSON on stdout, like every other error.
    let (code, out, _) = run(d, JA, &["--json", "fields", "--sectoin"], &[]);
    assert_eq!(code, 2);
    let e: serde_json::Value = serde_json::from_str(out.trim()).expect("a JSON error");
    assert_eq!(e["error"]["code"], "usage");
    assert!(
        e["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("--sectoin")),
        "{e}"
    );
    // Help and version are not errors.
    let (code, out, _) = run(d, JA, &["--version"], &[]);
    assert_eq!(code, 0);
    assert!(out.starts_with("tsunagu "), "{out}");
}
