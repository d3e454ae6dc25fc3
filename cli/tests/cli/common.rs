//! Helpers shared by the CLI's end-to-end tests: run the real binary on a temporary store.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;

/// The `tsunagu` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

/// Runs `tsunagu --data-dir DIR/data ARGS…`, asserts success, returns stdout.
pub fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .output()
        .expect("runs tsunagu");
    assert!(
        out.status.success(),
        "tsunagu {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Creates a profile through `tsunagu profile new --from FILE.json`; returns its id.
pub fn create(dir: &Path, file: &str, profile: &Profile) -> String {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec(profile).expect("json")).expect("write");
    let path = path.to_str().expect("utf-8 path").to_owned();
    run(dir, &["profile", "new", "--from", &path]).trim().to_owned()
}

/// A temporary store holding the demo child; returns it and the child's id.
pub fn demo_store() -> (TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = create(dir.path(), "demo.json", &demo_profile());
    (dir, id)
}
