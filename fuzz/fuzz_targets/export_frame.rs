//! The framed export file, imported into a real store (SQLite in a temporary directory).
//!
//! Structure-aware: the first byte picks how the rest becomes a file, so mutations reach past
//! the frame's checksum (`common/frame.rs`):
//! - `mode % 3 == 0`: the rest as it is — the frame parser;
//! - `1`: the rest is a document, framed under one of three ids with its checksum right — the
//!   automerge loader, the profile model, import and merge;
//! - `2`: the same, with automerge's own chunk checksums rewritten too — automerge's columns.
//!
//! Checks: never a panic; a refused file adds no profile (of the ids it could have); an imported profile exports, and its
//! export imports again with no new change.
#![no_main]

#[path = "common/frame.rs"]
mod frame;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let id = frame::IDS[usize::from(mode / 3) % frame::IDS.len()];
    let file = match mode % 3 {
        0 => rest.to_vec(),
        1 => frame::frame(id, rest),
        _ => {
            let mut doc = rest.to_vec();
            frame::fix_automerge_checksums(&mut doc);
            frame::frame(id, &doc)
        }
    };
    frame::with_store(|store| {
        let before = frame::held(store);
        match store.import(&file) {
            Ok(outcome) => {
                let again = store.export(&outcome.id).expect("an imported profile exports");
                let twice = store.import(&again).expect("its export imports again");
                assert_eq!(twice.new_changes, 0, "re-importing an export added changes");
                assert!(!twice.created);
            }
            Err(_) => assert_eq!(frame::held(store), before, "a refused file added a profile"),
        }
    });
});
