//! Encrypted backup files (the core's `backup`): the whole store or one profile sealed with a
//! passphrase (Argon2id at the core's default cost) or a random key shown as text, as bytes the
//! app writes where the family chooses; restoring creates or merges, and refuses a wrong key or a
//! changed file before writing anything.

use tsunagu_core::backup::{self, BackupKey, Passphrase, RandomKey, SealedWith};

use crate::error::ApiError;
use crate::store::{ImportResult, TsunaguStore};

/// The secret a backup is sealed or opened with. Its `Debug` form never shows the secret.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
pub enum BackupSecret {
    /// A passphrase the family chose (at least 8 characters to seal a new backup).
    Passphrase {
        /// As typed; a trailing line break is removed.
        text: String,
    },
    /// A random key in its text form (`tsk1-…`, from `generate_backup_key`); dashes, spaces and
    /// case do not matter.
    RandomKey {
        /// The key's text form.
        text: String,
    },
}

impl std::fmt::Debug for BackupSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BackupSecret::Passphrase { .. } => "Passphrase(…)",
            BackupSecret::RandomKey { .. } => "RandomKey(…)",
        })
    }
}

impl BackupSecret {
    /// The core's key; a malformed or mistyped random key is `ApiError::InvalidBackupKey`.
    fn into_core(self) -> Result<BackupKey, ApiError> {
        Ok(match self {
            BackupSecret::Passphrase { text } => BackupKey::Passphrase(Passphrase::new(&text)),
            BackupSecret::RandomKey { text } => BackupKey::Random(RandomKey::parse(&text)?),
        })
    }
}

/// How a backup file says it is sealed: which secret to ask the family for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BackupSealing {
    /// With a passphrase.
    Passphrase,
    /// With a random key (`tsk1-…`).
    RandomKey,
}

impl From<SealedWith> for BackupSealing {
    fn from(s: SealedWith) -> Self {
        match s {
            SealedWith::Passphrase(_) => BackupSealing::Passphrase,
            SealedWith::RandomKey => BackupSealing::RandomKey,
        }
    }
}

/// A fresh random backup key from the operating system's random source, in its text form
/// (`tsk1-` and 17 groups of four hex digits, with a checksum), to show, print or put in a QR
/// code (`qr_png_of`). Keep it apart from the file: without it the backup cannot be opened.
#[uniffi::export]
pub fn generate_backup_key() -> Result<String, ApiError> {
    Ok(RandomKey::generate()?.to_text())
}

/// How the backup `bytes` are sealed, read from the header alone; bytes that are not a backup:
/// `ApiError::NotABackup`.
#[uniffi::export]
pub fn backup_sealing(bytes: Vec<u8>) -> Result<BackupSealing, ApiError> {
    Ok(backup::sealed_with(&bytes)?.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let p = BackupSecret::Passphrase {
            text: "架空の合言葉 secret".into(),
        };
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
    }

    #[test]
    fn a_mistyped_random_key_is_its_own_error() {
        let key = generate_backup_key().expect("randomness");
        let mistyped = format!("{}0", &key[..key.len() - 1]);
        let mistyped = if mistyped == key {
            format!("{}1", &key[..key.len() - 1])
        } else {
            mistyped
        };
        assert!(matches!(
            BackupSecret::RandomKey { text: mistyped }.into_core(),
            Err(ApiError::InvalidBackupKey { .. })
        ));
        assert!(
            BackupSecret::RandomKey {
                text: key.to_uppercase()
            }
            .into_core()
            .is_ok()
        );
    }
}

#[uniffi::export]
impl TsunaguStore {
    /// A backup file of profile `only` (or of every profile when `None`) sealed with `secret`.
    /// A passphrase under 8 characters or a malformed key: `ApiError::InvalidBackupKey`. Takes
    /// about a second with a passphrase (Argon2id): call it off the UI thread.
    pub fn create_backup(&self, only: Option<String>, secret: BackupSecret) -> Result<Vec<u8>, ApiError> {
        let key = secret.into_core()?;
        let (bytes, _) = backup::create_backup(&mut *self.lock()?, only.as_deref(), &key)?;
        Ok(bytes)
    }

    /// Restores the backup `bytes` opened with `secret`: every profile in it is created, or
    /// merged into the one already here. A wrong passphrase or key, or a changed file:
    /// `ApiError::WrongBackupSecret`; the other kind of secret: `ApiError::BackupSecretKind`; not a
    /// backup: `ApiError::NotABackup`. On every error nothing is written.
    pub fn restore_backup(
        &self,
        bytes: Vec<u8>,
        secret: BackupSecret,
    ) -> Result<Vec<ImportResult>, ApiError> {
        let key = secret.into_core()?;
        let outcomes = backup::restore_backup(&mut *self.lock()?, &bytes, &key)?;
        Ok(outcomes.into_iter().map(Into::into).collect())
    }
}
