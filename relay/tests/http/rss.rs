//! Issue 14, finding 4, measured: the relay binary's resident memory under 40 parallel passcode
//! guesses (Argon2id, 19 MiB each), with the hashing limit at 2 and, for comparison, at 64 (as
//! unbounded as before for 40 guesses). The figures are printed (`--nocapture`) and recorded in
//! docs/benchmarks.md; the only assertion is a loose bound on the limited run's peak growth:
//! (limit + 2) × 19 MiB + 64 MiB of slack for allocator and runtime noise.

use serde_json::json;

use tsunagu_relay::testing::TestDatabase;

use super::client::{Device, test_database};
use super::links::{link_with_file, manifest};
use super::process::RelayProcess;

const MIB: u64 = 1024 * 1024;

/// A relay process with a database of the test's backend (dropped after the process).
struct Relay {
    process: RelayProcess,
    _db: TestDatabase,
    _dir: tempfile::TempDir,
}

fn start(max_hashing: usize) -> Relay {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = test_database(&dir);
    let process = RelayProcess::start(
        &db,
        &[
            "--max-hashing",
            &max_hashing.to_string(),
            "--shl-burst-per-ip",
            "1000",
            "--shl-burst-per-link",
            "1000",
        ],
    );
    Relay {
        process,
        _db: db,
        _dir: dir,
    }
}

/// (VmRSS, VmHWM) of `pid` in bytes, from /proc.
fn rss(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .expect("field")
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Baseline RSS, then peak and settled RSS after 40 parallel wrong guesses; with the statuses.
async fn measure(max_hashing: usize) -> (u64, u64, u64, usize) {
    let relay = start(max_hashing);
    let owner = Device::new(&relay.process.base);
    let (id, _, _) = link_with_file(&owner, Some("right-one"), Some(100), None).await;
    let (base_rss, _) = rss(relay.process.child.id());
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (base, id) = (relay.process.base.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            manifest(
                &base,
                &id,
                json!({ "recipient": "x", "passcode": format!("guess-{i}") }),
            )
            .await
            .status()
        }));
    }
    let mut busy = 0;
    for task in tasks {
        if task.await.expect("task") == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            busy += 1;
        }
    }
    let (after, peak) = rss(relay.process.child.id());
    (base_rss, peak, after, busy)
}

async fn rss_forty_parallel_guesses_stay_within_the_hashing_bound() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: RSS not measured on this system");
        return;
    }
    let (base, peak, after, busy) = measure(64).await;
    println!(
        "limit 64 (unbounded for 40): baseline {} MiB, peak {} MiB, after {} MiB, 503s {busy}",
        base / MIB,
        peak / MIB,
        after / MIB
    );
    let (base, peak, after, busy) = measure(2).await;
    println!(
        "limit 2: baseline {} MiB, peak {} MiB, after {} MiB, 503s {busy}",
        base / MIB,
        peak / MIB,
        after / MIB
    );
    let bound = (2 + 2) * 19 * MIB + 64 * MIB;
    assert!(
        peak.saturating_sub(base) <= bound,
        "peak grew by {} MiB, bound {} MiB",
        (peak - base) / MIB,
        bound / MIB
    );
}

on_each_backend!(rss_forty_parallel_guesses_stay_within_the_hashing_bound,);
