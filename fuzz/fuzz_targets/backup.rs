//! Backup files: the header (read before anything is authenticated) and the whole file, opened
//! with a random key, into a real SQLite store. Never a panic; a passphrase header that parses
//! never asks for more Argon2id memory, passes, lanes or work than the caps.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use tsunagu_core::backup::{BackupKey, KdfParams, RandomKey, SealedWith, restore_backup, sealed_with};
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
    if let Ok(SealedWith::Passphrase(params)) = sealed_with(data) {
        assert!(params.memory_kib <= KdfParams::MAX_MEMORY_KIB);
        assert!(params.iterations <= KdfParams::MAX_ITERATIONS);
        assert!(params.parallelism <= KdfParams::MAX_PARALLELISM);
        assert!(u64::from(params.memory_kib) * u64::from(params.iterations) <= KdfParams::MAX_WORK_KIB);
        // Opening with a passphrase would run that Argon2id: the caps are the point, not speed.
        return;
    }
    static KEY: OnceLock<BackupKey> = OnceLock::new();
    let key = KEY.get_or_init(|| BackupKey::Random(RandomKey::generate().expect("rng")));
    let mut guard = store().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let _ = restore_backup(&mut guard.store, data, key);
});
