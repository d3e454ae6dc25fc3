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
