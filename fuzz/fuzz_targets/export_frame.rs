//! The framed export file, imported into a real store (SQLite in a temporary directory): any bytes
//! are refused cleanly or imported, never a panic.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use tsunagu_core::store::ProfileStore;

struct Store {
    store: ProfileStore,
    _dir: tempfile::TempDir,
}

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ProfileStore::open(dir.path().join("fuzz.sqlite3")).expect("store opens");
        Mutex::new(Store { store, _dir: dir })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut guard = store().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let _ = guard.store.import(data);
});
