//! Tests of what only the SQLite store has: its file, reopened, and its schema version.

use super::*;
use tsunagu_wire::DeviceIdentity;
use tsunagu_wire::membership::{MemberCert, Role};

fn owner_setup(store: &SqliteStore, profile: &str) -> DeviceIdentity {
    let owner = DeviceIdentity::generate().expect("rng");
    let cert = MemberCert::issue(&owner, profile, owner.public(), Role::Owner, 1);
    assert!(
        store
            .create_profile(profile, &owner.id(), &MembershipEntry::Cert(cert), 1)
            .expect("create")
    );
    owner
}

#[test]
fn nonces_recorded_before_the_expiry_first_layout_still_find_their_replays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relay.sqlite3");
    let device = DeviceIdentity::generate().expect("rng").id();
    drop(SqliteStore::open(&path).expect("open"));
    {
        // The file as version 4 left it: nonces keyed by (device, nonce), one of them recorded.
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch(
            "DROP TABLE seen_nonce;
             CREATE TABLE seen_nonce (
                 device     BLOB NOT NULL,
                 nonce      BLOB NOT NULL,
                 expires_at INTEGER NOT NULL,
                 PRIMARY KEY (device, nonce)
             ) STRICT, WITHOUT ROWID;
             CREATE INDEX seen_nonce_by_expiry ON seen_nonce(expires_at);
             PRAGMA user_version = 4;",
        )
        .expect("version 4");
        conn.execute(
            "INSERT INTO seen_nonce (device, nonce, expires_at) VALUES (?1, ?2, 500)",
            rusqlite::params![&device.0[..], &[3u8; 16][..]],
        )
        .expect("a nonce");
    }
    let store = SqliteStore::open(&path).expect("migrate");
    let version: i64 = store
        .lock()
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, schema::CURRENT_VERSION);
    assert!(
        !store.remember_nonce(&device, &[3; 16], 500, 1).expect("replay"),
        "carried over"
    );
    assert!(
        store
            .remember_nonce(&device, &[4; 16], 500, 1)
            .expect("new nonce")
    );
    let old_index: i64 = store
        .lock()
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'seen_nonce_by_expiry'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(old_index, 0, "the primary key serves the sweep");
}

#[test]
fn reopening_keeps_data_and_newer_schemas_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relay.sqlite3");
    {
        let store = SqliteStore::open(&path).expect("open");
        owner_setup(&store, "p-1");
    }
    let store = SqliteStore::open(&path).expect("reopen");
    assert!(store.profile("p-1").expect("read").is_some());
    store
        .lock()
        .conn
        .pragma_update(None, "user_version", schema::CURRENT_VERSION + 1)
        .expect("bump");
    drop(store);
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::NewerSchema { .. })
    ));
    std::fs::write(dir.path().join("junk"), b"not a database at all, really not").expect("write");
    assert!(matches!(
        SqliteStore::open(dir.path().join("junk")),
        Err(StoreError::Corrupt(_))
    ));
}
