//! What seals a backup: a passphrase stretched with Argon2id, or a random 256-bit key that the
//! family keeps as text or as a QR code. Keys and passphrases are zeroed when dropped and never
//! printed by `Debug`.

use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// Shortest passphrase accepted for a new backup, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Argon2id cost of a passphrase backup. Stored in the file's header, so older files open with
/// their own parameters when the default changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// The default: RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes, 4 lanes),
    /// the one it gives for memory-constrained environments such as phones. See docs/benchmarks.md
    /// for what it costs here.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// Most memory a file may ask for (256 MiB, 4× the default): the header is read before
    /// anything is authenticated, so a crafted one must not exhaust the phone (issue 14: it could
    /// ask for 1 GiB × 64 passes).
    pub const MAX_MEMORY_KIB: u32 = 4 * 64 * 1024;
    /// Most passes a file may ask for (4× the default).
    pub const MAX_ITERATIONS: u32 = 12;
    /// Most lanes a file may ask for.
    pub const MAX_PARALLELISM: u32 = 16;
    /// Most total work (memory × passes, KiB) a file may ask for: 4× the default's, so a file
    /// cannot take both maxima at once.
    pub const MAX_WORK_KIB: u64 = 4 * 64 * 1024 * 3;

    /// True when a file's parameters are within the bounds this build opens.
    pub(crate) fn acceptable(self) -> bool {
        (1..=Self::MAX_PARALLELISM).contains(&self.parallelism)
            && (1..=Self::MAX_ITERATIONS).contains(&self.iterations)
            && (8 * self.parallelism..=Self::MAX_MEMORY_KIB).contains(&self.memory_kib)
            && u64::from(self.memory_kib) * u64::from(self.iterations) <= Self::MAX_WORK_KIB
    }

    /// Stretches `passphrase` with `salt` into a 32-byte key.
    pub(crate) fn derive(self, passphrase: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| Error::NotABackup("unusable key-derivation parameters"))?;
        let mut key = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase, salt, key.as_mut())
            .map_err(|_| Error::Crypto("key derivation failed"))?;
        Ok(key)
    }
}

/// A passphrase chosen by the family.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl Passphrase {
    /// A passphrase as typed (a trailing line break, as a file or a pipe adds, is removed).
    pub fn new(text: &str) -> Self {
        Self(text.trim_end_matches(['\n', '\r']).to_owned())
    }

    /// The bytes stretched by Argon2id (UTF-8 as typed).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Refuses a passphrase too short to seal a new backup.
    pub(crate) fn check_strength(&self) -> Result<()> {
        if self.0.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(Error::InvalidBackupKey(
                "the passphrase must have at least 8 characters",
            ));
        }
        Ok(())
    }
}

/// A random 256-bit backup key. Its text form is `tsk1-` and 17 groups of four hex digits: the
/// 32 key bytes and a 2-byte checksum, so a mistyped key is told apart from a wrong one.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct RandomKey(pub(crate) [u8; 32]);

impl std::fmt::Debug for RandomKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RandomKey(…)")
    }
}

const KEY_PREFIX: &str = "tsk1-";

impl RandomKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        tsunagu_wire::crypto::random::<32>()
            .map(Self)
            .map_err(|_| Error::Crypto("no randomness available"))
    }

    /// The key as text, to show, print or put in a QR code.
    pub fn to_text(&self) -> String {
        let mut bytes = Zeroizing::new(self.0.to_vec());
        bytes.extend_from_slice(&Sha256::digest(self.0)[..2]);
        let hex = Zeroizing::new(hex::encode(&*bytes));
        let groups: Vec<&str> = (0..hex.len())
            .step_by(4)
            .map(|i| &hex[i..(i + 4).min(hex.len())])
            .collect();
        format!("{KEY_PREFIX}{}", groups.join("-"))
    }

    /// Reads the text form; dashes, spaces and case do not matter.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let body = text
            .get(..KEY_PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(KEY_PREFIX))
            .map(|_| &text[KEY_PREFIX.len()..])
            .ok_or(Error::InvalidBackupKey("a backup key starts with tsk1-"))?;
        let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
            body.bytes()
                .filter(|b| !matches!(b, b'-' | b' '))
                .map(|b| b.to_ascii_lowercase())
                .collect(),
        );
        if digits.len() != 68 {
            return Err(Error::InvalidBackupKey(
                "a backup key has 68 hex digits after tsk1-",
            ));
        }
        let mut bytes = Zeroizing::new([0u8; 34]);
        hex::decode_to_slice(&*digits, &mut *bytes)
            .map_err(|_| Error::InvalidBackupKey("a backup key has only hex digits"))?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes[..32]);
        if Sha256::digest(key)[..2] != bytes[32..] {
            key.zeroize();
            return Err(Error::InvalidBackupKey(
                "the backup key is mistyped (checksum mismatch)",
            ));
        }
        Ok(Self(key))
    }
}

/// How a backup is sealed or opened.
#[derive(Debug, Clone)]
pub enum BackupKey {
    /// A passphrase, stretched with Argon2id.
    Passphrase(Passphrase),
    /// A random key.
    Random(RandomKey),
}

#[cfg(test)]
mod caps {
    use super::KdfParams;

    #[test]
    fn kdf_parameters_are_capped_near_the_default() {
        assert!(KdfParams::DEFAULT.acceptable());
        let four_times = KdfParams {
            memory_kib: 4 * 64 * 1024,
            ..KdfParams::DEFAULT
        };
        assert!(four_times.acceptable());
        // What a crafted header could demand before (1 GiB × 64 passes) is refused, and so is
        // each maximum taken together with the other.
        for bad in [
            KdfParams {
                memory_kib: 1024 * 1024,
                iterations: 64,
                parallelism: 4,
            },
            KdfParams {
                memory_kib: 1024 * 1024,
                iterations: 1,
                parallelism: 4,
            },
            KdfParams {
                memory_kib: 64 * 1024,
                iterations: 13,
                parallelism: 4,
            },
            KdfParams {
                memory_kib: 4 * 64 * 1024,
                iterations: 12,
                parallelism: 4,
            },
            KdfParams {
                memory_kib: 64 * 1024,
                iterations: 3,
                parallelism: 17,
            },
        ] {
            assert!(!bad.acceptable(), "{bad:?}");
        }
    }
}
