//! The sealed backup file, without I/O: a versioned header, then the profile export files sealed
//! with XChaCha20-Poly1305 under the header as associated data, so no byte of the file can be
//! changed, cut or moved without the whole file being refused.
//!
//! Layout, version 1:
//!
//! | bytes | what |
//! | --- | --- |
//! | 8 | magic `TSUNAGUB` |
//! | 1 | format version, `1` |
//! | 1 | key kind: `1` passphrase (Argon2id), `2` random key |
//! | 12 + 16 | passphrase only: Argon2id memory KiB, passes, lanes (u32 BE each), salt |
//! | 24 | XChaCha20 nonce, fresh for every file |
//! | rest | ciphertext + 16-byte Poly1305 tag |
//!
//! The plaintext is a count (u32 BE) of profile export files (`store::export`, each with its own
//! checksum), each preceded by its length (u64 BE).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::key::{BackupKey, KdfParams};
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"TSUNAGUB";
const VERSION: u8 = 1;
const KIND_PASSPHRASE: u8 = 1;
const KIND_RANDOM: u8 = 2;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Seals `exports` (profile export files) with `key`; `params` set the Argon2id cost of a
/// passphrase.
pub(crate) fn seal(exports: &[Vec<u8>], key: &BackupKey, params: KdfParams) -> Result<Vec<u8>> {
    let random =
        || tsunagu_wire::crypto::random::<NONCE_LEN>().map_err(|_| Error::Crypto("no randomness available"));
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&random()?[..SALT_LEN]);
    seal_with(exports, key, params, salt, random()?)
}

/// [`seal`] with a given salt and nonce: only for fixed inputs in the golden-file tests (a nonce
/// must never be reused under one key).
pub(crate) fn seal_with(
    exports: &[Vec<u8>],
    key: &BackupKey,
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>> {
    let mut header = Vec::with_capacity(80);
    header.extend_from_slice(MAGIC);
    header.push(VERSION);
    let aead_key = match key {
        BackupKey::Passphrase(p) => {
            p.check_strength()?;
            header.push(KIND_PASSPHRASE);
            for v in [params.memory_kib, params.iterations, params.parallelism] {
                header.extend_from_slice(&v.to_be_bytes());
            }
            header.extend_from_slice(&salt);
            params.derive(p.as_bytes(), &salt)?
        }
        BackupKey::Random(k) => {
            header.push(KIND_RANDOM);
            Zeroizing::new(k.0)
        }
    };
    header.extend_from_slice(&nonce);
    let mut plain = Zeroizing::new(Vec::new());
    plain.extend_from_slice(&(exports.len() as u32).to_be_bytes());
    for e in exports {
        plain.extend_from_slice(&(e.len() as u64).to_be_bytes());
        plain.extend_from_slice(e);
    }
    let sealed = XChaCha20Poly1305::new(&(*aead_key).into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &header,
            },
        )
        .map_err(|_| Error::Crypto("encryption failed"))?;
    header.extend_from_slice(&sealed);
    Ok(header)
}

/// How a file says it is sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedWith {
    /// A passphrase, with the Argon2id cost it was sealed at.
    Passphrase(KdfParams),
    /// A random key.
    RandomKey,
}

/// The header of a backup file, parsed and bounds-checked.
struct Header<'a> {
    with: SealedWith,
    salt: &'a [u8],
    nonce: [u8; NONCE_LEN],
    /// Everything before the ciphertext: the associated data.
    aad: &'a [u8],
    sealed: &'a [u8],
}

fn header(bytes: &[u8]) -> Result<Header<'_>> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(Error::NotABackup("not a Tsunagu backup file"))?;
    let truncated = Error::NotABackup("the file is truncated");
    let (&version, rest) = rest.split_first().ok_or(truncated)?;
    if version != VERSION {
        return Err(Error::NotABackup("written by a newer version of Tsunagu"));
    }
    let (&kind, mut rest) = rest
        .split_first()
        .ok_or(Error::NotABackup("the file is truncated"))?;
    let (with, salt) = match kind {
        KIND_PASSPHRASE => {
            if rest.len() < 12 + SALT_LEN {
                return Err(Error::NotABackup("the file is truncated"));
            }
            let word = |i: usize| u32::from_be_bytes([rest[i], rest[i + 1], rest[i + 2], rest[i + 3]]);
            let params = KdfParams {
                memory_kib: word(0),
                iterations: word(4),
                parallelism: word(8),
            };
            if !params.acceptable() {
                return Err(Error::NotABackup("unreasonable key-derivation parameters"));
            }
            let salt = &rest[12..12 + SALT_LEN];
            rest = &rest[12 + SALT_LEN..];
            (SealedWith::Passphrase(params), salt)
        }
        KIND_RANDOM => (SealedWith::RandomKey, &rest[..0]),
        _ => return Err(Error::NotABackup("unknown kind of key")),
    };
    if rest.len() < NONCE_LEN + TAG_LEN + 4 {
        return Err(Error::NotABackup("the file is truncated"));
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&rest[..NONCE_LEN]);
    let aad_len = bytes.len() - rest.len() + NONCE_LEN;
    Ok(Header {
        with,
        salt,
        nonce,
        aad: &bytes[..aad_len],
        sealed: &bytes[aad_len..],
    })
}

/// How the file at `bytes` is sealed (reads the header only; no key needed).
pub(crate) fn sealed_with(bytes: &[u8]) -> Result<SealedWith> {
    Ok(header(bytes)?.with)
}

/// Opens a backup: checks the header, derives or takes the key, decrypts and authenticates
/// everything, and returns the export files it holds. Any change to the file, a truncation or
/// the wrong key is refused here, before anything is read from the plaintext.
pub(crate) fn open(bytes: &[u8], key: &BackupKey) -> Result<Vec<Vec<u8>>> {
    let h = header(bytes)?;
    let aead_key = match (h.with, key) {
        (SealedWith::Passphrase(params), BackupKey::Passphrase(p)) => params.derive(p.as_bytes(), h.salt)?,
        (SealedWith::RandomKey, BackupKey::Random(k)) => Zeroizing::new(k.0),
        (SealedWith::Passphrase(_), BackupKey::Random(_)) => {
            return Err(Error::BackupKeyMismatch(
                "this backup is sealed with a passphrase",
            ));
        }
        (SealedWith::RandomKey, BackupKey::Passphrase(_)) => {
            return Err(Error::BackupKeyMismatch(
                "this backup is sealed with a random key",
            ));
        }
    };
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(&(*aead_key).into())
            .decrypt(
                &XNonce::from(h.nonce),
                Payload {
                    msg: h.sealed,
                    aad: h.aad,
                },
            )
            .map_err(|_| Error::BackupRefused)?,
    );
    parse_plain(&plain)
}

/// The export files in an authenticated plaintext.
fn parse_plain(plain: &[u8]) -> Result<Vec<Vec<u8>>> {
    let bad = || Error::NotABackup("the sealed content is malformed");
    let count = plain.get(..4).ok_or_else(bad)?;
    let count = u32::from_be_bytes([count[0], count[1], count[2], count[3]]) as usize;
    let mut rest = &plain[4..];
    let mut out = Vec::new();
    for _ in 0..count {
        let len = rest.get(..8).ok_or_else(bad)?;
        let mut be = [0u8; 8];
        be.copy_from_slice(len);
        let len = usize::try_from(u64::from_be_bytes(be)).map_err(|_| bad())?;
        let body = rest
            .get(8..8usize.checked_add(len).ok_or_else(bad)?)
            .ok_or_else(bad)?;
        out.push(body.to_vec());
        rest = &rest[8 + len..];
    }
    if !rest.is_empty() {
        return Err(bad());
    }
    Ok(out)
}
