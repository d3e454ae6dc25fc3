//! The store's SQLite schema and its migrations, versioned by `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migrations in order; migration `i` takes the file from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: profiles, their immutable snapshots and the incremental chunks appended per edit.
    "
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) STRICT;
    CREATE TABLE profile (
        id         TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL -- creation or import; edit times live in the document
    ) STRICT;
    CREATE TABLE snapshot (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id   TEXT NOT NULL REFERENCES profile(id),
        covers_chunk INTEGER NOT NULL,
        bytes        BLOB NOT NULL,
        created_at   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX snapshot_by_profile ON snapshot(profile_id, id);
    CREATE TRIGGER snapshot_is_immutable BEFORE UPDATE ON snapshot
    BEGIN
        SELECT RAISE(ABORT, 'snapshots are immutable');
    END;
    CREATE TABLE chunk (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL REFERENCES profile(id),
        bytes      BLOB NOT NULL
    ) STRICT;
    CREATE INDEX chunk_by_profile ON chunk(profile_id, id);
    ",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the file up to [`CURRENT_VERSION`], one transaction per step.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > CURRENT_VERSION {
        return Err(Error::NewerStore {
            found,
            known: CURRENT_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
