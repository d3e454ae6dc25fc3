//! Encrypted backup files: the whole store or one profile, sealed with a passphrase (Argon2id,
//! [`KdfParams::DEFAULT`]) or a random key ([`RandomKey`], shown as text or a QR code), for a
//! family changing phones or handing a copy to a grandparent.
//!
//! A backup holds the profiles' export files (`ProfileStore::export`, the same framed,
//! checksummed documents `profile export` writes) sealed with XChaCha20-Poly1305 under a
//! versioned header that is authenticated as associated data ([`format`]). Restoring goes
//! through `ProfileStore::import`: a profile new to the store is created, one already there is
//! merged, so nobody's edits are lost. Before anything is written, the whole file is decrypted,
//! authenticated and every profile in it is checked to load, so a wrong passphrase or key, a
//! truncated file or a changed byte is refused with nothing changed. Device identities and sync
//! keys are not in a backup: a restored profile is re-shared or re-joined from the new device.

pub(crate) mod format;
pub(crate) mod key;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use format::SealedWith;
pub use key::{BackupKey, KdfParams, MIN_PASSPHRASE_CHARS, Passphrase, RandomKey};

use crate::error::Result;
use crate::store::{ImportOutcome, ProfileStore};

/// What a backup holds, before or after restoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// Profile ids in the backup, in the order they were written.
    pub profiles: Vec<String>,
    /// Size of the file in bytes.
    pub bytes: usize,
}

/// Seals profile `only` (or every profile in the store) with `key` at the default Argon2id cost.
pub fn create_backup(
    store: &mut ProfileStore,
    only: Option<&str>,
    key: &BackupKey,
) -> Result<(Vec<u8>, BackupSummary)> {
    create_backup_with(store, only, key, KdfParams::DEFAULT)
}

/// [`create_backup`] with a chosen Argon2id cost (tests and benchmarks use a cheap one).
pub fn create_backup_with(
    store: &mut ProfileStore,
    only: Option<&str>,
    key: &BackupKey,
    params: KdfParams,
) -> Result<(Vec<u8>, BackupSummary)> {
    let ids: Vec<String> = match only {
        Some(id) => vec![id.to_owned()],
        None => store.list()?.into_iter().map(|s| s.id).collect(),
    };
    let mut exports = Vec::with_capacity(ids.len());
    for id in &ids {
        exports.push(store.export(id)?);
    }
    let bytes = format::seal(&exports, key, params)?;
    let summary = BackupSummary {
        profiles: ids,
        bytes: bytes.len(),
    };
    Ok((bytes, summary))
}

/// How a backup file is sealed, read from its header alone (to ask for the right key).
pub fn sealed_with(bytes: &[u8]) -> Result<SealedWith> {
    format::sealed_with(bytes)
}

/// Opens a backup and imports every profile in it into `store` (creating or merging). Refuses
/// a wrong key, a truncated or changed file, or a profile that does not load, before writing
/// anything.
pub fn restore_backup(store: &mut ProfileStore, bytes: &[u8], key: &BackupKey) -> Result<Vec<ImportOutcome>> {
    let exports = format::open(bytes, key)?;
    for e in &exports {
        ProfileStore::check_import(e)?;
    }
    let mut outcomes = Vec::with_capacity(exports.len());
    for e in &exports {
        outcomes.push(store.import(e)?);
    }
    Ok(outcomes)
}
