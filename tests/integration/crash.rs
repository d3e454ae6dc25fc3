//! Crash safety: SIGKILL the crash writer (`src/bin/crash_writer.rs`) at random moments while it
//! edits and compacts a store, then reopen the store and check that it opens and holds exactly
//! the acknowledged edits (plus at most the one edit that was durable but not yet acknowledged).
//!
//! Iterations: `TSUNAGU_CRASH_ITERATIONS` (default 200; the Reliability target's long run is
//! 1,000+). Seed: `TSUNAGU_CRASH_SEED` (printed on failure; default from the clock).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tsunagu_core::ProfileStore;
use tsunagu_tests::crash;

use crate::common::{XorShift, env_number};

const WRITER: &str = env!("CARGO_BIN_EXE_tsunagu-crash-writer");

/// What the store must hold, accumulated over the iterations.
#[derive(Debug, Default)]
struct Expected {
    /// The profile id, once a writer has printed it.
    profile: Option<String>,
    /// The newest edit found durable after the last reopen.
    last: Option<u64>,
    /// Every acknowledged edit: (number, change hash).
    acked: Vec<(u64, String)>,
}

/// What one writer printed before it died.
#[derive(Debug, Default)]
struct Printed {
    profile: Option<String>,
    acks: Vec<(u64, String)>,
    /// Killed after `compact-begin` and before the matching `compact-end`.
    killed_in_compaction: bool,
}

fn parse_output(text: &str) -> Printed {
    let mut printed = Printed::default();
    // Only whole lines count: a line cut by the kill was not acknowledged.
    let complete = match text.rfind('\n') {
        Some(end) => &text[..=end],
        None => "",
    };
    for line in complete.lines() {
        let mut words = line.split(' ');
        match (words.next(), words.next(), words.next()) {
            (Some("profile"), Some(id), None) => printed.profile = Some(id.to_owned()),
            (Some("ack"), Some(n), Some(hash)) => {
                let n = n.parse().expect("ack numbers are numbers");
                printed.acks.push((n, hash.to_owned()));
            }
            (Some("compact-begin"), None, None) => printed.killed_in_compaction = true,
            (Some("compact-end"), None, None) => printed.killed_in_compaction = false,
            _ => panic!("unexpected writer output line {line:?}"),
        }
    }
    printed
}

/// Reopens the store and checks it against `expected`, updated with what the writer printed.
/// Returns a description of the first violation.
fn check_store(path: &Path, expected: &mut Expected, printed: &Printed) -> Result<(), String> {
    if let Some(id) = &printed.profile {
        if let Some(known) = &expected.profile
            && known != id
        {
            return Err(format!(
                "the writer found profile {id}, earlier writers used {known}"
            ));
        }
        expected.profile = Some(id.clone());
    }
    // Acks continue exactly from the newest durable edit of the previous round.
    let first = expected.last.map_or(0, |l| l + 1);
    for (next, (n, hash)) in (first..).zip(&printed.acks) {
        if *n != next {
            return Err(format!("ack {n} but the store's next edit was {next}"));
        }
        expected.acked.push((*n, hash.clone()));
    }

    let mut store = ProfileStore::open(path).map_err(|e| format!("store does not reopen: {e}"))?;
    let list = store
        .list()
        .map_err(|e| format!("list fails after the crash: {e}"))?;
    let Some(id) = expected.profile.clone() else {
        // The writer died before it could print the profile id: at most the profile it was
        // creating may exist.
        if list.len() > 1 {
            return Err(format!(
                "{} profiles in the store, expected at most one",
                list.len()
            ));
        }
        if let Some(summary) = list.first() {
            expected.profile = Some(summary.id.clone());
            return check_profile(&mut store, &summary.id, expected, None);
        }
        return Ok(());
    };
    if list.len() != 1 || list[0].id != id {
        return Err(format!("expected exactly profile {id}, the store lists {list:?}"));
    }
    let acked_last = printed.acks.last().map(|(n, _)| *n).or(expected.last);
    check_profile(&mut store, &id, expected, acked_last)
}

fn check_profile(
    store: &mut ProfileStore,
    id: &str,
    expected: &mut Expected,
    acked_last: Option<u64>,
) -> Result<(), String> {
    let profile = store
        .profile(id)
        .map_err(|e| format!("profile does not load after the crash: {e}"))?
        .clone();
    let last = crash::last_edit(profile.child.nickname.as_deref());
    // The newest durable edit is the newest acknowledged one, or the one after it (durable, but
    // the writer died before printing its ack).
    let allowed_next = acked_last.map_or(0, |l| l + 1);
    let ok = last == acked_last || last == Some(allowed_next);
    if !ok {
        return Err(format!(
            "newest durable edit is {last:?}, newest acknowledged {acked_last:?}"
        ));
    }
    let items: Vec<String> = profile
        .stock
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| k.starts_with(crash::ITEM_PREFIX))
        .collect();
    let want = crash::expected_items(last);
    if items != want {
        return Err(format!(
            "stock items after edit {last:?} are {items:?}, expected {want:?}"
        ));
    }
    for (k, item) in profile
        .stock
        .iter()
        .filter(|(k, _)| k.starts_with(crash::ITEM_PREFIX))
    {
        let n: u64 = k[crash::ITEM_PREFIX.len()..]
            .parse()
            .map_err(|_| format!("odd item id {k}"))?;
        if item.on_hand.map(|c| c.0) != Some(n as f64) || item.name != format!("crash item {n}") {
            return Err(format!("item {k} does not hold what edit {n} wrote: {item:?}"));
        }
    }
    let history = store
        .history(id)
        .map_err(|e| format!("history fails after the crash: {e}"))?;
    let hashes: BTreeSet<&str> = history.iter().map(|h| h.hash.as_str()).collect();
    for (n, hash) in &expected.acked {
        if !hashes.contains(hash.as_str()) {
            return Err(format!(
                "acknowledged edit {n} ({hash}) is missing from the history"
            ));
        }
    }
    // One change for the creation and one per edit: nothing lost, nothing doubled.
    let want_changes = 1 + last.map_or(0, |l| l as usize + 1);
    if history.len() != want_changes || hashes.len() != history.len() {
        return Err(format!(
            "history has {} changes ({} distinct), expected {want_changes}",
            history.len(),
            hashes.len()
        ));
    }
    expected.last = last;
    Ok(())
}

/// Runs SQLite's integrity check and returns how many chunks are stored (not yet compacted).
fn integrity_check(path: &Path) -> Result<i64, String> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open for the integrity check: {e}"))?;
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| format!("integrity check fails: {e}"))?;
    if result != "ok" {
        return Err(format!("integrity check: {result}"));
    }
    // Before the first writer got far, the file may not have its tables yet.
    let chunks = conn
        .query_row("SELECT count(*) FROM chunk", [], |r| r.get(0))
        .unwrap_or(0);
    Ok(chunks)
}

#[test]
fn sigkill_mid_write_loses_no_acknowledged_edit() {
    let iterations = env_number("TSUNAGU_CRASH_ITERATIONS", 200);
    let seed = env_number("TSUNAGU_CRASH_SEED", XorShift::clock_seed());
    let mut rng = XorShift::new(seed);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.sqlite");
    let mut expected = Expected::default();
    let (mut killed_acking, mut killed_in_compaction, mut killed_before_first_ack) = (0, 0, 0);
    let (mut chunks_before, mut auto_compactions) = (0, 0);
    let started = Instant::now();

    for iteration in 0..iterations {
        // Phases of 25 kills: only the store's own compaction (every AUTO_COMPACT_CHUNKS chunks,
        // which needs a run of writers to reach), compaction after every edit, every few edits,
        // and the store's own again.
        let compact_every = match (iteration / 25) % 4 {
            1 => 1,
            2 => [2, 5, 11][rng.below(3) as usize],
            _ => 0,
        };
        // One kill in five counts from the spawn, mostly landing while the store is opened,
        // migrated or the profile created; the others count from the writer's first `ack` line
        // (an edit is durable), so they land in the edit loop however long loading and the first
        // edit take on a loaded machine.
        let from_spawn = rng.below(5) == 0;
        let delay = match rng.below(10) {
            0 => 0,
            1 => rng.below(3),
            _ => 1 + rng.below(80),
        };
        let mut child = Command::new(WRITER)
            .arg(&path)
            .arg(compact_every.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the crash writer");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut printed_text = String::new();
        if !from_spawn {
            // Up to and including the first `ack` line (or end of output if the writer fails).
            while !printed_text.lines().any(|l| l.starts_with("ack ")) {
                let read = stdout
                    .read_line(&mut printed_text)
                    .expect("read the writer's output");
                if read == 0 {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL the writer"); // std sends SIGKILL on Unix
        stdout
            .read_to_string(&mut printed_text)
            .expect("read the writer's output");
        let output = child
            .wait_with_output()
            .expect("collect the writer's exit status");
        let context = || {
            format!(
                "iteration {iteration}, seed {seed} (TSUNAGU_CRASH_SEED), delay {delay} ms from {}, compact every {compact_every}",
                if from_spawn { "spawn" } else { "first ack" }
            )
        };
        assert_eq!(
            output.status.signal(),
            Some(9),
            "the writer ended before it was killed ({}); stderr: {}",
            context(),
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = parse_output(&printed_text);
        assert!(
            from_spawn || !printed.acks.is_empty(),
            "waited for the writer's first ack, yet it printed none ({})",
            context()
        );
        match (printed.acks.is_empty(), printed.killed_in_compaction) {
            (_, true) => killed_in_compaction += 1,
            (true, false) => killed_before_first_ack += 1,
            (false, false) => killed_acking += 1,
        }
        if let Err(problem) = check_store(&path, &mut expected, &printed) {
            panic!("{problem} ({})", context());
        }
        match integrity_check(&path) {
            Err(problem) => panic!("{problem} ({})", context()),
            Ok(chunks) => {
                if compact_every == 0 && chunks < chunks_before {
                    auto_compactions += 1;
                }
                chunks_before = chunks;
            }
        }
    }
    eprintln!(
        "crash: {iterations} kills in {:.1?} (seed {seed}): {} edits acknowledged; killed while editing {killed_acking}, \
         during a compaction {killed_in_compaction}, before the first ack {killed_before_first_ack}; \
         {auto_compactions} automatic compactions",
        started.elapsed(),
        expected.acked.len(),
    );
    if iterations >= 100 {
        assert!(
            auto_compactions > 0,
            "the store never compacted by itself: the test missed that path"
        );
    }
    assert!(
        expected.acked.len() as u64 >= iterations / 2,
        "the writer hardly ever got to edit: the test tests little"
    );
}
