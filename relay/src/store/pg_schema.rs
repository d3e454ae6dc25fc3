//! The relay's PostgreSQL schema and its migrations, versioned in the table `relay_schema`.
//!
//! The same tables as the SQLite schema ([`super::schema`]) with PostgreSQL's types: `BYTEA`
//! for ids and opaque bytes, `BIGINT` for times, counters and sequence numbers. Migrations run
//! at start under a transaction-scoped advisory lock, so relays starting at once against one
//! database apply each step exactly once (the others wait, then find it done). PostgreSQL's DDL is
//! transactional: a step that fails leaves nothing behind.

use tokio_postgres::Client;

use crate::error::StoreError;

/// Key of the advisory lock held while migrating ("tsunagu1" in ASCII).
const MIGRATION_LOCK: i64 = 0x7473_756e_6167_7531;

/// Migrations in order; migration `i` takes the database from version `i` to `i + 1`. Up to 5
/// each matches the SQLite migration of the same number, so both backends hold the same data;
/// from 6 on they are PostgreSQL's own (functions, no data).
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: profiles, membership records, invites, sealed keys, envelopes, snapshots, nonces.
    "
    CREATE FUNCTION relay_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME;
    END $$;
    CREATE TABLE profile (
        id         TEXT PRIMARY KEY,
        owner      BYTEA NOT NULL,           -- the owner's device id: the trust anchor
        epoch      BIGINT NOT NULL,          -- current key epoch
        last_seq   BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE member_entry (
        id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile(id),
        entry      TEXT NOT NULL,            -- wire MembershipEntry as JSON, signed by its issuer
        created_at BIGINT NOT NULL
    );
    CREATE INDEX member_entry_by_profile ON member_entry(profile_id, id);
    CREATE TRIGGER member_entry_is_append_only BEFORE UPDATE ON member_entry
        FOR EACH ROW EXECUTE FUNCTION relay_refuse_update();
    CREATE TABLE invite (
        id         BYTEA PRIMARY KEY,        -- SHA-256 of the one-time secret
        profile_id TEXT NOT NULL REFERENCES profile(id),
        cert       TEXT NOT NULL,            -- wire InviteCert as JSON
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        used_by    BYTEA,
        used_at    BIGINT
    );
    CREATE TABLE sealed_key (
        profile_id TEXT NOT NULL REFERENCES profile(id),
        epoch      BIGINT NOT NULL,
        device     BYTEA NOT NULL,
        sealed     TEXT NOT NULL,            -- wire SealedKey as JSON
        PRIMARY KEY (profile_id, epoch, device)
    );
    CREATE TABLE envelope (
        profile_id  TEXT NOT NULL REFERENCES profile(id),
        seq         BIGINT NOT NULL,
        author      BYTEA NOT NULL,
        counter     BIGINT NOT NULL,         -- the u64 counter's bits as i64
        epoch       BIGINT NOT NULL,
        bytes       BYTEA NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (profile_id, seq),
        UNIQUE (profile_id, author, counter)
    );
    CREATE TRIGGER envelope_is_immutable BEFORE UPDATE ON envelope
        FOR EACH ROW EXECUTE FUNCTION relay_refuse_update();
    CREATE TABLE snapshot (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        profile_id  TEXT NOT NULL REFERENCES profile(id),
        hash        TEXT NOT NULL,           -- SHA-256 of bytes, lowercase hex
        covers      BIGINT NOT NULL,
        epoch       BIGINT NOT NULL,
        bytes       BYTEA NOT NULL,
        received_at BIGINT NOT NULL,
        UNIQUE (profile_id, hash)
    );
    CREATE INDEX snapshot_by_covers ON snapshot(profile_id, covers);
    CREATE TRIGGER snapshot_is_immutable BEFORE UPDATE ON snapshot
        FOR EACH ROW EXECUTE FUNCTION relay_refuse_update();
    CREATE TABLE seen_nonce (
        device     BYTEA NOT NULL,
        nonce      BYTEA NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (device, nonce)
    );
    CREATE INDEX seen_nonce_by_expiry ON seen_nonce(expires_at);
    ",
    // 1 -> 2: SMART Health Links (ADR 0005), as SQLite's migration 2.
    "
    CREATE TABLE share_link (
        id              TEXT PRIMARY KEY,
        owner           BYTEA NOT NULL,
        passcode_hash   TEXT,
        attempts_left   BIGINT NOT NULL CHECK (attempts_left >= 0),
        expires_at      BIGINT,
        created_at      BIGINT NOT NULL,
        revoked_at      BIGINT,
        content_type    TEXT,
        jwe             BYTEA,
        file_updated_at BIGINT,
        views           BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX share_link_files_by_expiry ON share_link(expires_at) WHERE jwe IS NOT NULL;
    CREATE TABLE share_ticket (
        ticket     TEXT PRIMARY KEY,
        link_id    TEXT NOT NULL REFERENCES share_link(id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL
    );
    CREATE INDEX share_ticket_by_expiry ON share_ticket(expires_at);
    ",
    // 2 -> 3: indexes for quotas, ticket reuse and pruning, as SQLite's migration 3.
    "
    CREATE INDEX share_link_by_owner ON share_link(owner, created_at);
    CREATE INDEX share_link_by_revocation ON share_link(revoked_at) WHERE revoked_at IS NOT NULL;
    CREATE INDEX share_ticket_by_link ON share_ticket(link_id, expires_at);
    CREATE INDEX profile_by_owner ON profile(owner);
    CREATE INDEX invite_by_profile ON invite(profile_id, expires_at);
    ",
    // 3 -> 4: the profile a share link was made from, as SQLite's migration 4.
    "
    ALTER TABLE share_link ADD COLUMN profile_id TEXT;
    CREATE INDEX share_link_by_profile ON share_link(profile_id, created_at) WHERE profile_id IS NOT NULL;
    ",
    // 4 -> 5: nonces keyed by expiry first, as SQLite's migration 5: inserts land on the
    // newest expiries' index pages instead of a random page each, and the expiry index goes.
    "
    ALTER TABLE seen_nonce DROP CONSTRAINT seen_nonce_pkey;
    ALTER TABLE seen_nonce ADD PRIMARY KEY (expires_at, device, nonce);
    DROP INDEX seen_nonce_by_expiry;
    ",
    // 5 -> 6, PostgreSQL's own (no data; SQLite has no counterpart): an append in one round
    // trip. The same statements, in the same order, as the transaction `PgStore::append_envelope`
    // sent one by one (six round trips with its BEGIN and COMMIT). Each statement of a VOLATILE
    // function takes a fresh snapshot at READ COMMITTED, so after the profile's row lock is
    // granted the duplicate check sees what the lock's previous holder committed, as before.
    // `kind`: 0 unknown profile, 1 duplicate (`seq`), 2 conflict, 3 stale epoch (`current`),
    // 4 appended (`seq`).
    "
    CREATE OR REPLACE FUNCTION relay_append(
        p_profile TEXT, p_author BYTEA, p_counter BIGINT, p_epoch BIGINT, p_bytes BYTEA,
        p_now BIGINT, OUT kind SMALLINT, OUT seq BIGINT, OUT current BIGINT
    ) LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
        last BIGINT;
        old_bytes BYTEA;
    BEGIN
        SELECT p.epoch, p.last_seq INTO current, last FROM profile p
            WHERE p.id = p_profile FOR NO KEY UPDATE;
        IF NOT FOUND THEN
            kind := 0;
            RETURN;
        END IF;
        SELECT e.seq, e.bytes INTO seq, old_bytes FROM envelope e
            WHERE e.profile_id = p_profile AND e.author = p_author AND e.counter = p_counter;
        IF FOUND THEN
            kind := CASE WHEN old_bytes = p_bytes THEN 1 ELSE 2 END;
            RETURN;
        END IF;
        IF p_epoch <> current THEN
            kind := 3;
            RETURN;
        END IF;
        seq := last + 1;
        INSERT INTO envelope (profile_id, seq, author, counter, epoch, bytes, received_at)
            VALUES (p_profile, seq, p_author, p_counter, p_epoch, p_bytes, p_now);
        UPDATE profile SET last_seq = seq WHERE id = p_profile;
        kind := 4;
    END $$;
    ",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version recorded in the database (0 for an empty one).
pub(super) async fn version(client: &Client) -> Result<i64, StoreError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('relay_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_opt("SELECT version FROM relay_schema", &[])
        .await?
        .map_or(0, |row| row.get(0)))
}

/// Brings the database up to [`CURRENT_VERSION`] in one transaction under the migration lock.
pub(super) async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS relay_schema (version BIGINT NOT NULL)")
        .await?;
    let found: i64 = tx
        .query_opt("SELECT version FROM relay_schema", &[])
        .await?
        .map_or(0, |row| row.get(0));
    if found > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: CURRENT_VERSION,
        });
    }
    for sql in MIGRATIONS.iter().skip(found.max(0) as usize) {
        tx.batch_execute(sql).await?;
    }
    if found < CURRENT_VERSION {
        tx.execute("DELETE FROM relay_schema", &[]).await?;
        tx.execute(
            "INSERT INTO relay_schema (version) VALUES ($1)",
            &[&CURRENT_VERSION],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
