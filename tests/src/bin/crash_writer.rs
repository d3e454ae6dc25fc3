//! `tsunagu-crash-writer STORE [COMPACT_EVERY] [MAX_EDITS]`: the victim of the crash-safety test
//! (`integration/crash.rs`).
//!
//! Opens the store at STORE, takes its one profile (creating it from the demo profile if the
//! store has none) and prints `profile ID`. Then it makes the edits of
//! [`tsunagu_tests::crash::edits`] one by one, continuing from the newest edit the profile shows,
//! and after each `ProfileStore::edit` call returns prints `ack N HASH` and flushes. Every
//! COMPACT_EVERY edits (0: never; the store still compacts on its own) it compacts the profile
//! between `compact-begin` and `compact-end` lines. It stops after MAX_EDITS edits (default: a
//! million), normally long after the test has killed it.

use std::io::Write;
use std::process::ExitCode;

use tsunagu_core::ProfileStore;
use tsunagu_core::sample::demo_profile;
use tsunagu_tests::{crash, edit_context};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tsunagu-crash-writer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let path = args
        .next()
        .ok_or("usage: tsunagu-crash-writer STORE [COMPACT_EVERY] [MAX_EDITS]")?;
    let number = |arg: Option<std::ffi::OsString>, default: u64| -> Result<u64, String> {
        arg.map_or(Ok(default), |a| {
            a.to_string_lossy()
                .parse()
                .map_err(|_| "arguments must be numbers".to_owned())
        })
    };
    let compact_every = number(args.next(), 0)?;
    let max_edits = number(args.next(), 1_000_000)?;

    let ctx = edit_context("crash writer", 0);
    let mut store = ProfileStore::open(&path)?;
    let existing = store.list()?.into_iter().next().map(|s| s.id);
    let id = match existing {
        Some(id) => id,
        None => store.create_profile(&demo_profile(), &ctx)?,
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "profile {id}")?;
    out.flush()?;

    let nickname = store.profile(&id)?.child.nickname.clone();
    let first = crash::last_edit(nickname.as_deref()).map_or(0, |last| last + 1);
    for (done, n) in (1..=max_edits).zip(first..) {
        let hash = store
            .edit(&id, &crash::edits(n), &ctx)?
            .ok_or("an edit changed nothing")?;
        writeln!(out, "ack {n} {hash}")?;
        out.flush()?;
        if compact_every > 0 && done % compact_every == 0 {
            writeln!(out, "compact-begin")?;
            out.flush()?;
            store.compact(&id)?;
            writeln!(out, "compact-end")?;
            out.flush()?;
        }
    }
    Ok(())
}
