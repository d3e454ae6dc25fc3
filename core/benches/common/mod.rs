//! Shared by the store benchmark and the `measure` example: how the 5,000-change profile is
//! prepared (the demo profile, then single-field edits through the real durable path) and the
//! bare SQLite commit used as the floor for one durable edit.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior, params};
use tsunagu_core::{Edit, EditContext, ProfileStore, sample};

/// Single-field edits made to the demo profile before measuring.
pub const EDITS: usize = 5_000;

/// Who the prepared edits are by (a fictional parent, as in the demo profile).
pub const AUTHOR: &str = "母 山田花子";

/// The `i`-th preparation edit: three scalar paths in turn, each set to a value different from
/// the one it had the previous time, so every edit is a real change.
pub fn nth_edit(i: usize) -> Edit {
    let round = i / 3;
    match i % 3 {
        0 => Edit::set(
            "devices.dev-vent.settings.ventilator.peep",
            4.0 + (round % 4) as f64,
        ),
        1 => Edit::set("child.nickname", format!("さくちゃん{}", round % 7)),
        _ => Edit::set("baseline.spo2_low", 90.0 + (round % 4) as f64),
    }
}

/// The edit a benchmark iteration makes: PEEP, alternating between values the preparation never
/// leaves behind, so it always changes.
pub fn peep_edit(n: u64) -> Edit {
    Edit::set(
        "devices.dev-vent.settings.ventilator.peep",
        if n.is_multiple_of(2) { 5.5 } else { 6.5 },
    )
}

/// Creates a store at `dir/profiles.sqlite3` holding the demo profile plus `edits` single-field
/// edits, each made durable by `ProfileStore::edit` (so the store auto-compacts as it goes).
/// The store is closed on return (its WAL checkpointed), as after a clean app exit.
pub fn prepare_store(dir: &Path, edits: usize) -> (PathBuf, String) {
    let path = dir.join("profiles.sqlite3");
    let mut store = ProfileStore::open(&path).expect("open the store");
    let ctx = EditContext::now(AUTHOR);
    let id = store
        .create_profile(&sample::demo_profile(), &ctx)
        .expect("create the demo profile");
    for i in 0..edits {
        let changed = store.edit(&id, &[nth_edit(i)], &ctx).expect("edit the profile");
        assert!(changed.is_some(), "every preparation edit changes the profile");
    }
    drop(store);
    (path, id)
}

/// Length of the newest chunk stored in the file: the bytes one edit appended.
pub fn last_chunk_len(path: &Path) -> usize {
    let conn = Connection::open(path).expect("open the store file");
    let len: i64 = conn
        .query_row(
            "SELECT length(bytes) FROM chunk ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the store holds at least one chunk");
    len as usize
}

/// The floor for one durable edit: a table in its own file, WAL with `synchronous=FULL`, taking
/// one blob per transaction.
pub struct BareCommit {
    conn: Connection,
}

impl BareCommit {
    /// Opens (creating) the floor's file at `path`.
    pub fn open(path: &Path) -> Self {
        let conn = Connection::open(path).expect("open the floor file");
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .expect("set WAL");
        assert!(mode.eq_ignore_ascii_case("wal"), "the floor runs in WAL mode");
        conn.pragma_update(None, "synchronous", "FULL")
            .expect("set synchronous=FULL");
        conn.execute_batch("CREATE TABLE IF NOT EXISTS blob (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL)")
            .expect("create the floor table");
        Self { conn }
    }

    /// One INSERT of `bytes` and a COMMIT.
    pub fn insert(&mut self, bytes: &[u8]) {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        tx.execute("INSERT INTO blob (bytes) VALUES (?1)", params![bytes])
            .expect("insert");
        tx.commit().expect("commit");
    }
}
