//! `--help` in the user's language: `LANG=ja_JP.UTF-8` gives Japanese about texts, argument
//! help and headings; `LANG=en_US.UTF-8`, `TSUNAGU_LANG` and `--lang` choose English, in that
//! order of strength.

use std::process::Command;

use crate::common::BIN;

/// `tsunagu ARGS…` with `LANG` (and `TSUNAGU_LANG` when given) set; stdout.
fn help(lang: &str, tsunagu_lang: Option<&str>, args: &[&str]) -> String {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("LANG", lang).env_remove("TSUNAGU_LANG");
    if let Some(v) = tsunagu_lang {
        cmd.env("TSUNAGU_LANG", v);
    }
    let out = cmd.output().expect("runs tsunagu");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 help")
}

#[test]
fn help_is_japanese_under_a_japanese_lang() {
    let top = help("ja_JP.UTF-8", None, &["--help"]);
    assert!(top.contains("つなぐ：医療的ケア児のための"), "{top}");
    assert!(top.contains("使い方: tsunagu"), "{top}");
    assert!(top.contains("コマンド:") && top.contains("オプション:"), "{top}");
    assert!(
        top.contains("プロフィールの作成・一覧"),
        "the profile command's about: {top}"
    );
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "a family-held care profile",
    ] {
        assert!(
            !top.contains(english),
            "`{english}` left in the Japanese help: {top}"
        );
    }

    let profile = help("ja_JP.UTF-8", None, &["profile", "--help"]);
    assert!(profile.contains("使い方: tsunagu profile"), "{profile}");
    assert!(
        profile.contains("質問に答えてプロフィールを入力"),
        "`fill`: {profile}"
    );
    assert!(profile.contains("ヘルプを表示"), "{profile}");
    assert!(!profile.contains("Create, list, show"), "{profile}");

    let card = help("ja_JP.UTF-8", None, &["card", "-h"]);
    assert!(
        card.contains("引数:") && card.contains("プロフィール ID"),
        "{card}"
    );
    assert!(
        card.contains("shelter: 避難所"),
        "the values are named in Japanese: {card}"
    );
    assert!(!card.contains("[possible values"), "{card}");
}

#[test]
fn help_follows_lang_then_tsunagu_lang_then_the_flag() {
    let en = help("en_US.UTF-8", None, &["profile", "--help"]);
    assert!(en.contains("Usage: tsunagu profile"), "{en}");
    assert!(
        en.contains("Create, list, show, export, import and compact profiles"),
        "{en}"
    );
    assert!(!en.contains("使い方"), "{en}");

    let by_variable = help("en_US.UTF-8", Some("ja"), &["--help"]);
    assert!(
        by_variable.contains("使い方"),
        "TSUNAGU_LANG wins over LANG: {by_variable}"
    );

    let by_flag = help("ja_JP.UTF-8", Some("ja"), &["--lang", "en", "sync", "--help"]);
    assert!(by_flag.contains("Usage: tsunagu sync"), "--lang wins: {by_flag}");
    let by_flag = help("en_US.UTF-8", None, &["sync", "--help", "--lang=ja"]);
    assert!(
        by_flag.contains("使い方: tsunagu sync"),
        "--lang after --help: {by_flag}"
    );
}

#[test]
fn the_command_lines_own_errors_follow_the_language_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |lang: &str| {
        let out = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path())
            .args(["edit", "no-such-profile", "--set", "child.nickname"])
            .env("LANG", lang)
            .env_remove("TSUNAGU_LANG")
            .output()
            .expect("runs tsunagu");
        assert_eq!(out.status.code(), Some(2), "bad input");
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    };
    let ja = run("ja_JP.UTF-8");
    assert!(ja.contains("PATH=VALUE の形で指定してください"), "{ja}");
    let en = run("en_US.UTF-8");
    assert!(en.contains("--set: expected PATH=VALUE"), "{en}");
}
