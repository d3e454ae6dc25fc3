//! Shared by the `export_frame` and `backup` targets: valid export frames around fuzzed
//! documents, so mutations get past the frame's SHA-256 and automerge's chunk checksums and reach
//! the automerge loader, the profile model and the store, instead of dying at a checksum.
//! A fresh store now and then keeps merged documents from growing over a long run; it lives in
//! /dev/shm where there is one, so SQLite's fsyncs do not dominate a run.

use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};
use tsunagu_core::store::ProfileStore;

/// Profile ids a structured input imports under: a few, so later inputs merge into earlier ones.
pub const IDS: [&str; 3] = ["p-fuzz-a", "p-fuzz-b", "p-fuzz-c"];

/// How many inputs one store sees before a fresh one replaces it.
const RUNS_PER_STORE: u32 = 256;

const FRAME_MAGIC: &[u8; 8] = b"TSUNAGU\x01";
const AUTOMERGE_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// An export file (`core/src/store/export.rs`'s layout) holding `doc` under `id`, checksum right.
pub fn frame(id: &str, doc: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.len() + id.len() + 50);
    out.extend_from_slice(FRAME_MAGIC);
    out.extend_from_slice(&(id.len() as u16).to_be_bytes());
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(&(doc.len() as u64).to_be_bytes());
    out.extend_from_slice(doc);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// Rewrites the checksum of every automerge chunk in `doc` (magic, 4-byte checksum, type,
/// uLEB128 length, data; the checksum is the first 4 bytes of SHA-256 over type, length and
/// data), so a mutated document reaches automerge's column decoders. Stops at the first byte that
/// is not a whole chunk.
pub fn fix_automerge_checksums(doc: &mut [u8]) {
    let mut at = 0;
    while doc.len() >= at + 9 && doc[at..at + 4] == AUTOMERGE_MAGIC {
        let header = at + 8;
        let mut pos = header + 1;
        let mut len: u64 = 0;
        let mut shift = 0;
        loop {
            let Some(&b) = doc.get(pos) else { return };
            pos += 1;
            if shift > 63 {
                return;
            }
            len |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        let Some(end) = usize::try_from(len).ok().and_then(|l| pos.checked_add(l)) else {
            return;
        };
        if end > doc.len() {
            return;
        }
        let digest = Sha256::digest(&doc[header..end]);
        doc[at + 4..at + 8].copy_from_slice(&digest[..4]);
        at = end;
    }
}

/// A real SQLite store in a temporary directory, replaced by a fresh one every
/// [`RUNS_PER_STORE`] inputs.
pub struct Store {
    pub store: ProfileStore,
    _dir: tempfile::TempDir,
    runs: u32,
}

impl Store {
    fn fresh() -> Self {
        // In memory where there is a tmpfs: the store's fsyncs would otherwise be most of a run.
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let store = ProfileStore::open(dir.path().join("fuzz.sqlite3")).expect("store opens");
        Store {
            store,
            _dir: dir,
            runs: 0,
        }
    }
}

/// The store for this input (fresh every [`RUNS_PER_STORE`] inputs).
pub fn with_store<R>(f: impl FnOnce(&mut ProfileStore) -> R) -> R {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    let mut guard = STORE
        .get_or_init(|| {
            // libFuzzer's panic hook aborts at the panic itself, before the core's own
            // `catch_unwind` around automerge (document::untrusted) can refuse the input. This
            // hook lets that guard work and prints every panic but automerge's (which the core
            // turns into a refusal). A panic nothing catches still ends the run as a crash
            // (libfuzzer-sys aborts on it).
            let default = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let file = info.location().map_or("", |l| l.file());
                if !file.contains("/hexane-") && !file.contains("/automerge-") {
                    default(info);
                }
            }));
            Mutex::new(Store::fresh())
        })
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.runs += 1;
    if guard.runs > RUNS_PER_STORE {
        *guard = Store::fresh();
        guard.runs = 1;
    }
    f(&mut guard.store)
}

/// Which of [`IDS`] the store holds (to check that a refused input added nothing).
pub fn held(store: &ProfileStore) -> [bool; IDS.len()] {
    IDS.map(|id| store.exists(id).expect("the store answers"))
}
