//! The store tests' harness: each test body runs once per backend (SQLite always, PostgreSQL
//! when `TSUNAGU_TEST_PG` is set), each time on a fresh database.

use std::sync::Arc;

use super::{RelayStore, open};
use crate::testing::{TestDatabase, backends};

/// One backend's fresh database and a store on it. Fields drop in order: the store closes its
/// connections before a PostgreSQL database is dropped.
pub(super) struct Case {
    /// The store, as one relay opens it.
    pub(super) store: Arc<dyn RelayStore>,
    /// The database behind it.
    pub(super) db: TestDatabase,
    _dir: tempfile::TempDir,
}

impl Case {
    /// A second store on the same database: another relay process sharing it.
    pub(super) fn another_relay(&self) -> Arc<dyn RelayStore> {
        open(self.db.database(), 8).expect("a second store opens")
    }
}

/// Runs `f` on every configured backend.
pub(super) fn each(f: impl Fn(&Case)) {
    for backend in backends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = TestDatabase::create(backend, &dir.path().join("relay.sqlite3")).expect("configured");
        let store = open(db.database(), 8).expect("the store opens");
        eprintln!("-- on {backend:?}");
        f(&Case { store, db, _dir: dir });
    }
}
