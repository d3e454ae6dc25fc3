//! The relay's SQLite schema and its migrations, versioned by `PRAGMA user_version`.
//!
//! Every table holds only what the relay may see: ids, device public keys, signed membership
//! records (JSON), sealed keys, envelopes and share-link files as opaque bytes, and passcode
//! hashes. No column holds plaintext.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;

/// Migrations in order; migration `i` takes the file from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: profiles, membership records, invites, sealed keys, envelopes, snapshots, nonces.
    "
    CREATE TABLE profile (
        id         TEXT PRIMARY KEY,
        owner      BLOB NOT NULL,            -- the owner's device id: the trust anchor
        epoch      INTEGER NOT NULL,         -- current key epoch
        last_seq   INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE member_entry (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL REFERENCES profile(id),
        entry      TEXT NOT NULL,            -- wire MembershipEntry as JSON, signed by its issuer
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX member_entry_by_profile ON member_entry(profile_id, id);
    CREATE TRIGGER member_entry_is_append_only BEFORE UPDATE ON member_entry
    BEGIN
        SELECT RAISE(ABORT, 'membership entries are append-only');
    END;
    CREATE TABLE invite (
        id         BLOB PRIMARY KEY,         -- SHA-256 of the one-time secret
        profile_id TEXT NOT NULL REFERENCES profile(id),
        cert       TEXT NOT NULL,            -- wire InviteCert as JSON
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        used_by    BLOB,
        used_at    INTEGER
    ) STRICT;
    CREATE TABLE sealed_key (
        profile_id TEXT NOT NULL REFERENCES profile(id),
        epoch      INTEGER NOT NULL,
        device     BLOB NOT NULL,
        sealed     TEXT NOT NULL,            -- wire SealedKey as JSON
        PRIMARY KEY (profile_id, epoch, device)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE envelope (
        profile_id  TEXT NOT NULL REFERENCES profile(id),
        seq         INTEGER NOT NULL,
        author      BLOB NOT NULL,
        counter     INTEGER NOT NULL,        -- the u64 counter's bits as i64
        epoch       INTEGER NOT NULL,
        bytes       BLOB NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, seq),
        UNIQUE (profile_id, author, counter)
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER envelope_is_immutable BEFORE UPDATE ON envelope
    BEGIN
        SELECT RAISE(ABORT, 'envelopes are immutable');
    END;
    CREATE TABLE snapshot (
        profile_id  TEXT NOT NULL REFERENCES profile(id),
        hash        TEXT NOT NULL,           -- SHA-256 of bytes, lowercase hex
        covers      INTEGER NOT NULL,
        epoch       INTEGER NOT NULL,
        bytes       BLOB NOT NULL,
        received_at INTEGER NOT NULL,
        UNIQUE (profile_id, hash)
    ) STRICT;
    CREATE INDEX snapshot_by_covers ON snapshot(profile_id, covers);
    CREATE TRIGGER snapshot_is_immutable BEFORE UPDATE ON snapshot
    BEGIN
        SELECT RAISE(ABORT, 'snapshots are immutable');
    END;
    CREATE TABLE seen_nonce (
        device     BLOB NOT NULL,
        nonce      BLOB NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (device, nonce)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX seen_nonce_by_expiry ON seen_nonce(expires_at);
    ",
    // 1 -> 2: SMART Health Links (ADR 0005): the link's owner device, a salted Argon2id hash of
    // its passcode, the wrong passcodes it still tolerates, its expiry, and the JWE file the
    // device uploaded (ciphertext; the key is only in the link). Tickets are the short-lived
    // `files[].location` handed out with a manifest.
    "
    CREATE TABLE share_link (
        id              TEXT PRIMARY KEY,        -- 43 base64url characters, chosen by the device
        owner           BLOB NOT NULL,           -- device id that created it (signs its changes)
        passcode_hash   TEXT,                    -- argon2id$m$t$p$salt$hash; NULL: no passcode
        attempts_left   INTEGER NOT NULL CHECK (attempts_left >= 0),
        expires_at      INTEGER,                 -- Unix ms; NULL: until revoked
        created_at      INTEGER NOT NULL,
        revoked_at      INTEGER,
        content_type    TEXT,                    -- cty of the JWE (public header)
        jwe             BLOB,                    -- compact JWE; NULL before upload and after revoke
        file_updated_at INTEGER,
        views           INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX share_link_files_by_expiry ON share_link(expires_at) WHERE jwe IS NOT NULL;
    CREATE TABLE share_ticket (
        ticket     TEXT PRIMARY KEY,             -- 43 base64url characters
        link_id    TEXT NOT NULL REFERENCES share_link(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX share_ticket_by_expiry ON share_ticket(expires_at);
    ",
    // 2 -> 3: indexes for quotas (issue 14, finding 5), ticket reuse (finding 6) and pruning.
    "
    CREATE INDEX share_link_by_owner ON share_link(owner, created_at);
    CREATE INDEX share_link_by_revocation ON share_link(revoked_at) WHERE revoked_at IS NOT NULL;
    CREATE INDEX share_ticket_by_link ON share_ticket(link_id, expires_at);
    CREATE INDEX profile_by_owner ON profile(owner);
    CREATE INDEX invite_by_profile ON invite(profile_id, expires_at);
    ",
    // 3 -> 4: the profile a share link was made from (issue 14 item 5), so the profile's owner
    // can list and revoke every link made from it, by any device. NULL for links made outside a
    // synced profile.
    "
    ALTER TABLE share_link ADD COLUMN profile_id TEXT;
    CREATE INDEX share_link_by_profile ON share_link(profile_id, created_at) WHERE profile_id IS NOT NULL;
    ",
    // 4 -> 5: nonces keyed by expiry first (issue 12). A replay repeats the signed request, so
    // its time and hence its expiry, and `(expires_at, device, nonce)` finds it as `(device,
    // nonce)` did. Keyed by the random device id, each recorded nonce dirtied a leaf page of its
    // own across the B-tree of every live nonce (a page read and a WAL frame per nonce); in
    // expiry order they land on the few pages of the newest expiries, the sweep deletes from the
    // other end, and the separate expiry index goes.
    "
    CREATE TABLE seen_nonce_by_expiry_first (
        expires_at INTEGER NOT NULL,
        device     BLOB NOT NULL,
        nonce      BLOB NOT NULL,
        PRIMARY KEY (expires_at, device, nonce)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO seen_nonce_by_expiry_first (expires_at, device, nonce)
        SELECT expires_at, device, nonce FROM seen_nonce;
    DROP TABLE seen_nonce;
    ALTER TABLE seen_nonce_by_expiry_first RENAME TO seen_nonce;
    ",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the file up to [`CURRENT_VERSION`], one `IMMEDIATE` transaction per step that reads
/// the version inside it: relays opening one file at once apply each step once (the others wait
/// on the write lock, then find it done).
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > CURRENT_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: CURRENT_VERSION,
            });
        }
        let Some(sql) = MIGRATIONS
            .get(usize::try_from(found).unwrap_or(0))
            .filter(|_| found < CURRENT_VERSION)
        else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}
