//! Backup files, restored into a real store (SQLite in a temporary directory).
//!
//! Structure-aware: the first byte picks how the rest becomes a file, so mutations reach past
//! the header and the AEAD tag:
//! - `mode % 3 == 0`: the rest as it is — the header parser (read before anything is
//!   authenticated) and a restore with a random key;
//! - `1`: the rest is the plaintext (count, lengths, export files), sealed for real
//!   (XChaCha20-Poly1305 under a valid header, the key the target restores with) — the
//!   plaintext parser, the check of every profile, import;
//! - `2`: the rest is cut into one to three documents (`mode / 3`), each with its automerge
//!   checksums rewritten, framed as an export file with its checksum right, then sealed —
//!   automerge, the model, import and merge behind a real decryption (`common/frame.rs`).
//!
//! Checks: never a panic; a passphrase header that parses never asks for more Argon2id memory,
//! passes, lanes or work than the caps; a refused backup adds no profile; every profile a
//! restore reports is in the store and exports.
#![no_main]

#[path = "common/frame.rs"]
mod frame;

use std::sync::OnceLock;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use tsunagu_core::backup::{BackupKey, KdfParams, RandomKey, SealedWith, restore_backup, sealed_with};

/// The key every sealed input uses (fixed, so crashes reproduce).
const KEY: [u8; 32] = [0x5e; 32];

/// [`KEY`] as the core reads it: its `tsk1-` text (key bytes and a 2-byte checksum in hex).
fn backup_key() -> &'static BackupKey {
    static K: OnceLock<BackupKey> = OnceLock::new();
    K.get_or_init(|| {
        let mut bytes = KEY.to_vec();
        bytes.extend_from_slice(&Sha256::digest(KEY)[..2]);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        BackupKey::Random(RandomKey::parse(&format!("tsk1-{hex}")).expect("the fixed key parses"))
    })
}

/// A version-1 random-key backup of `plain` (`core/src/backup/format.rs`'s layout).
fn seal(plain: &[u8]) -> Vec<u8> {
    let mut file = b"TSUNAGUB\x01\x02".to_vec();
    let nonce = [0x24; 24];
    file.extend_from_slice(&nonce);
    let sealed = XChaCha20Poly1305::new(&KEY.into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plain,
                aad: &file,
            },
        )
        .expect("seals");
    file.extend_from_slice(&sealed);
    file
}

/// The plaintext holding `exports`: a count, then each file after its length.
fn plaintext(exports: &[Vec<u8>]) -> Vec<u8> {
    let mut plain = (exports.len() as u32).to_be_bytes().to_vec();
    for e in exports {
        plain.extend_from_slice(&(e.len() as u64).to_be_bytes());
        plain.extend_from_slice(e);
    }
    plain
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = match mode % 3 {
        0 => {
            if let Ok(SealedWith::Passphrase(params)) = sealed_with(rest) {
                assert!(params.memory_kib <= KdfParams::MAX_MEMORY_KIB);
                assert!(params.iterations <= KdfParams::MAX_ITERATIONS);
                assert!(params.parallelism <= KdfParams::MAX_PARALLELISM);
                assert!(
                    u64::from(params.memory_kib) * u64::from(params.iterations) <= KdfParams::MAX_WORK_KIB
                );
                // Opening with a passphrase would run that Argon2id: the caps are the point.
                return;
            }
            rest.to_vec()
        }
        1 => seal(rest),
        _ => {
            let parts = usize::from(mode / 3) % 3 + 1;
            let size = rest.len().div_ceil(parts).max(1);
            let exports: Vec<Vec<u8>> = rest
                .chunks(size)
                .enumerate()
                .map(|(i, doc)| {
                    let mut doc = doc.to_vec();
                    frame::fix_automerge_checksums(&mut doc);
                    frame::frame(frame::IDS[i % frame::IDS.len()], &doc)
                })
                .collect();
            seal(&plaintext(&exports))
        }
    };
    frame::with_store(|store| {
        let before = frame::held(store);
        match restore_backup(store, &file, backup_key()) {
            Ok(outcomes) => {
                for o in outcomes {
                    store.export(&o.id).expect("a restored profile exports");
                }
            }
            Err(_) => assert_eq!(frame::held(store), before, "a refused backup added a profile"),
        }
    });
});
