//! `tsunagu export-ips` against the real binary: the demo child's IPS document, determinism for a
//! fixed `--at`, and refusals (unknown profile, a bad time) that write nothing. The independent
//! FHIR validator checks the same output in scripts/test-fhir.

use std::process::Command;

use crate::common::{BIN, demo_store, run};
use serde_json::Value;

#[test]
fn export_ips_writes_a_document_bundle_and_is_repeatable() {
    let (dir, id) = demo_store();
    let one = dir.path().join("one.json");
    let two = dir.path().join("two.json");
    let at = "2026-12-01T09:00:00Z";
    let said = run(
        dir.path(),
        &[
            "--lang",
            "en",
            "export-ips",
            &id,
            "--out",
            one.to_str().expect("utf-8"),
            "--at",
            at,
        ],
    );
    assert!(
        said.starts_with(&format!("exported the IPS of {id} to ")),
        "{said}"
    );
    run(
        dir.path(),
        &[
            "--lang",
            "en",
            "export-ips",
            &id,
            "--out",
            two.to_str().expect("utf-8"),
            "--at",
            at,
        ],
    );
    let bytes = std::fs::read(&one).expect("written");
    assert_eq!(
        bytes,
        std::fs::read(&two).expect("written"),
        "same profile, same --at: same file"
    );
    let bundle: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "document");
    assert_eq!(bundle["timestamp"], at);
    assert_eq!(bundle["entry"][0]["resource"]["resourceType"], "Composition");
    let sections: Vec<&str> = bundle["entry"][0]["resource"]["section"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["code"]["coding"][0]["code"].as_str().expect("code"))
        .collect();
    for code in ["10160-0", "48765-2", "11450-4", "46264-8"] {
        assert!(sections.contains(&code), "section {code} in {sections:?}");
    }
}

#[test]
fn export_ips_refuses_bad_input_and_writes_nothing() {
    let (dir, id) = demo_store();
    let out = dir.path().join("ips.json");
    let fail = |args: &[&str]| {
        let o = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(args)
            .output()
            .expect("runs tsunagu");
        (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let path = out.to_str().expect("utf-8");
    let (code, err) = fail(&["--lang", "en", "export-ips", "p-nosuchprofile", "--out", path]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no profile with id p-nosuchprofile"), "{err}");
    let (code, err) = fail(&["--lang", "ja", "export-ips", "p-nosuchprofile", "--out", path]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("ID が p-nosuchprofile のプロフィールはありません"),
        "{err}"
    );
    let (code, _) = fail(&["export-ips", &id, "--out", path, "--at", "yesterday"]);
    assert_eq!(code, Some(2));
    assert!(!out.exists());
}
