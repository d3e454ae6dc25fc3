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
    // 1 -> 2: sync state per shared profile (ADR 0002). `sync_profile` has no foreign key to
    // `profile`: a joined profile has sync state before its first pull creates it locally.
    // Keys are raw bytes here; on phones the apps wrap them with Keystore/Keychain (issue 6).
    "
    CREATE TABLE sync_profile (
        profile_id      TEXT PRIMARY KEY,
        relay_url       TEXT NOT NULL,
        owner_device    TEXT NOT NULL,            -- base64url device id: the trust anchor
        role            TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        epoch           INTEGER NOT NULL,         -- newest key epoch held; new envelopes use it
        cursor          INTEGER NOT NULL DEFAULT 0, -- last relay sequence number merged
        relay_heads     BLOB NOT NULL DEFAULT x'',  -- 32-byte change hashes: heads of what the relay has
        next_counter    INTEGER NOT NULL DEFAULT 1, -- next envelope counter of this device
        membership      TEXT NOT NULL DEFAULT '[]', -- signed membership entries as last served (JSON)
        members_at      INTEGER,                  -- when the membership was last fetched
        last_success_at INTEGER,
        last_attempt_at INTEGER,
        last_error      TEXT,                     -- error class of the last failed sync, no content
        created_at      INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE sync_epoch_key (
        profile_id TEXT NOT NULL REFERENCES sync_profile(profile_id) ON DELETE CASCADE,
        epoch      INTEGER NOT NULL,
        key        BLOB NOT NULL CHECK (length(key) = 32),
        PRIMARY KEY (profile_id, epoch)
    ) STRICT;
    -- Sealed envelopes not yet acknowledged by the relay: a retry sends the identical bytes.
    -- The client keeps at most one per profile (it seals the next only after this one is acked).
    CREATE TABLE sync_outbox (
        profile_id TEXT NOT NULL REFERENCES sync_profile(profile_id) ON DELETE CASCADE,
        counter    INTEGER NOT NULL,
        epoch      INTEGER NOT NULL,
        envelope   BLOB NOT NULL,
        heads      BLOB NOT NULL,                 -- document heads the envelope brings the relay to
        changes    INTEGER NOT NULL,              -- automerge changes inside
        created_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, counter)
    ) STRICT;
    ",
    // 2 -> 3: SMART Health Links this device made (ADR 0005). `link` is the whole link, key
    // included, so the family can show it again; the relay has none of it but the id.
    "
    CREATE TABLE share_link (
        id         TEXT PRIMARY KEY,              -- the link id on the relay (43 base64url chars)
        profile_id TEXT NOT NULL REFERENCES profile(id),
        relay_url  TEXT NOT NULL,
        link       TEXT NOT NULL,                 -- viewer URL + shlink:/ payload (holds the key)
        content    TEXT NOT NULL,                 -- what it carries: 'card:shelter', 'fhir', ...
        label      TEXT,
        passcode   INTEGER NOT NULL CHECK (passcode IN (0, 1)),
        expires_at INTEGER,                       -- Unix ms; NULL: until revoked
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) STRICT;
    CREATE INDEX share_link_by_profile ON share_link(profile_id, created_at);
    ",
    // 3 -> 4: archiving is this device's bookkeeping, not part of the child's document: a
    // coordinator who archives a child does not hide it from the family.
    "
    ALTER TABLE profile ADD COLUMN archived_at INTEGER; -- Unix ms; NULL: not archived
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
