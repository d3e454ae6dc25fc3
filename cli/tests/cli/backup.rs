//! `tsunagu backup` / `tsunagu restore` against the real binary, at the default Argon2id cost:
//! passphrase from a file, standard input or the environment, random keys with a QR code,
//! round trips into a fresh store, merging into a store that has the profile, and refusals
//! (wrong passphrase, wrong key, truncated or changed file, no passphrase option on the command
//! line) that exit 2 and change nothing.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{BIN, demo_store, run};

/// Runs `tsunagu --data-dir DATA ARGS…` with `stdin` and extra environment; returns the output.
fn tsunagu(data: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TSUNAGU_PASSPHRASE")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs tsunagu");
    let written = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    // A command that refuses before reading its input closes the pipe: not a test failure.
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writes stdin: {e}");
    }
    child.wait_with_output().expect("waits")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn refused(o: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "{err}");
}

fn show(data: &Path, id: &str) -> String {
    ok(&tsunagu(data, &["--json", "profile", "show", id], "", &[]))
}

fn list(data: &Path) -> String {
    ok(&tsunagu(data, &["--json", "profile", "list"], "", &[]))
}

const PASS: &str = "correct horse battery staple\n";

#[test]
fn a_passphrase_backup_restores_the_same_profile_on_a_fresh_store() {
    let (dir, id) = demo_store();
    let data = dir.path().join("data");
    let pw = dir.path().join("pw.txt");
    std::fs::write(&pw, PASS).expect("write");
    let file = dir.path().join("all.tsunagu-backup");
    let said = ok(&tsunagu(
        &data,
        &[
            "backup",
            "--out",
            file.to_str().expect("utf-8"),
            "--passphrase-file",
            pw.to_str().expect("utf-8"),
        ],
        "",
        &[("TSUNAGU_LANG", "en")],
    ));
    assert!(said.starts_with("backed up 1 profile(s)"), "{said}");
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(b"TSUNAGUB"));
    // The file holds no plaintext of the profile.
    assert!(!bytes.windows("さくら".len()).any(|w| w == "さくら".as_bytes()));

    // Fresh store, passphrase on standard input.
    let fresh = dir.path().join("fresh");
    let said = ok(&tsunagu(
        &fresh,
        &["restore", file.to_str().expect("utf-8"), "--passphrase-file", "-"],
        PASS,
        &[("TSUNAGU_LANG", "ja")],
    ));
    assert!(
        said.contains(&format!("{id} を作成しました")) && said.contains("1 件のプロフィールを復元しました"),
        "{said}"
    );
    assert_eq!(show(&fresh, &id), show(&data, &id));

    // Another fresh store, passphrase from the environment.
    let third = dir.path().join("third");
    ok(&tsunagu(
        &third,
        &["restore", file.to_str().expect("utf-8")],
        "",
        &[("TSUNAGU_PASSPHRASE", PASS.trim())],
    ));
    assert_eq!(show(&third, &id), show(&data, &id));
}

#[test]
fn wrong_passphrase_truncation_and_tampering_change_nothing() {
    let (dir, id) = demo_store();
    let data = dir.path().join("data");
    let file = dir.path().join("one.bak");
    let path = file.to_str().expect("utf-8");
    ok(&tsunagu(
        &data,
        &[
            "backup",
            "--profile",
            &id,
            "--out",
            path,
            "--passphrase-file",
            "-",
        ],
        PASS,
        &[],
    ));
    let target = dir.path().join("target");
    let before = list(&target);
    refused(
        &tsunagu(
            &target,
            &["restore", path, "--passphrase-file", "-"],
            "correct horse battery stapler\n",
            &[("TSUNAGU_LANG", "en")],
        ),
        "wrong passphrase or key",
    );
    let bytes = std::fs::read(&file).expect("read");
    let cut = dir.path().join("cut.bak");
    std::fs::write(&cut, &bytes[..bytes.len() - 1]).expect("write");
    refused(
        &tsunagu(
            &target,
            &["restore", cut.to_str().expect("utf-8"), "--passphrase-file", "-"],
            PASS,
            &[("TSUNAGU_LANG", "en")],
        ),
        "wrong passphrase or key",
    );
    std::fs::write(&cut, &bytes[..20]).expect("write");
    refused(
        &tsunagu(
            &target,
            &["restore", cut.to_str().expect("utf-8"), "--passphrase-file", "-"],
            PASS,
            &[],
        ),
        "truncated",
    );
    let mut flipped = bytes.clone();
    let last = flipped.len() - 40;
    flipped[last] ^= 0x20;
    std::fs::write(&cut, &flipped).expect("write");
    refused(
        &tsunagu(
            &target,
            &["restore", cut.to_str().expect("utf-8"), "--passphrase-file", "-"],
            PASS,
            &[("TSUNAGU_LANG", "en")],
        ),
        "the file was changed",
    );
    refused(
        &tsunagu(
            &target,
            &["restore", cut.to_str().expect("utf-8"), "--passphrase-file", "-"],
            PASS,
            &[("TSUNAGU_LANG", "ja")],
        ),
        "バックアップを開けません",
    );
    refused(
        &tsunagu(
            &target,
            &["restore", path, "--key", "tsk1-0000"],
            "",
            &[("TSUNAGU_LANG", "en")],
        ),
        "invalid backup key",
    );
    assert_eq!(list(&target), before, "nothing restored");
    // No passphrase at all, or a passphrase given on the command line itself: refused.
    refused(
        &tsunagu(&data, &["backup", "--out", path], "", &[]),
        "--passphrase-file",
    );
    let o = tsunagu(
        &data,
        &["backup", "--out", path, "--passphrase", "secret words"],
        "",
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    refused(
        &tsunagu(
            &data,
            &["backup", "--out", path, "--passphrase-file", "-"],
            "short\n",
            &[],
        ),
        "at least 8",
    );
}

#[test]
fn a_random_key_backup_with_its_qr_merges_into_a_store_that_has_the_profile() {
    let (dir, id) = demo_store();
    let data = dir.path().join("data");
    // A second device with a copy of the profile, which then edits it.
    let export = dir.path().join("sakura.tsunagu");
    run(
        dir.path(),
        &["profile", "export", &id, "--out", export.to_str().expect("utf-8")],
    );
    let tablet = dir.path().join("tablet");
    ok(&tsunagu(
        &tablet,
        &["profile", "import", export.to_str().expect("utf-8")],
        "",
        &[],
    ));
    ok(&tsunagu(
        &tablet,
        &["edit", &id, "--set", "child.nickname=さっちゃん"],
        "",
        &[],
    ));
    run(dir.path(), &["edit", &id, "--set", "baseline.spo2_low=90"]);

    let file = dir.path().join("key.bak");
    let qr = dir.path().join("key.png");
    let said = ok(&tsunagu(
        &data,
        &[
            "--json",
            "backup",
            "--out",
            file.to_str().expect("utf-8"),
            "--random-key",
            "--key-qr",
            qr.to_str().expect("utf-8"),
        ],
        "",
        &[],
    ));
    let summary: serde_json::Value = serde_json::from_str(&said).expect("json");
    let key = summary["key"].as_str().expect("key printed").to_owned();
    assert!(key.starts_with("tsk1-"));
    assert!(std::fs::read(&qr).expect("qr written").starts_with(b"\x89PNG"));
    // The wrong kind of key, then the right one.
    refused(
        &tsunagu(
            &tablet,
            &["restore", file.to_str().expect("utf-8"), "--passphrase-file", "-"],
            PASS,
            &[("TSUNAGU_LANG", "en")],
        ),
        "give --key",
    );
    let said = ok(&tsunagu(
        &tablet,
        &["restore", file.to_str().expect("utf-8"), "--key", &key],
        "",
        &[("TSUNAGU_LANG", "en")],
    ));
    assert!(said.contains(&format!("merged into {id}")), "{said}");
    let merged: serde_json::Value = serde_json::from_str(&show(&tablet, &id)).expect("json");
    assert_eq!(merged["child"]["nickname"], "さっちゃん");
    assert_eq!(merged["baseline"]["spo2_low"], 90.0);
}
