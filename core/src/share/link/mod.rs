//! SMART Health Links (HL7 SMART Health Cards and Links IG; ADR 0005): a link a new caregiver,
//! a school nurse or an emergency doctor opens in any browser, read-only, for as long as the
//! family allows.
//!
//! - `payload.rs`: the link (`shlink:/` + base64url JSON `{url, key, exp, flag, label, v}`).
//! - `jwe.rs`: the encrypted file, compact JWE `dir` + `A256GCM`, optional `zip: DEF`.
//! - `content.rs`: what a link carries (a card as a FHIR `DocumentReference`, or FHIR JSON such
//!   as the IPS Bundle).
//! - `client.rs`: [`ShareLinks`], creating, listing and revoking links on the relay through the
//!   sync [`Transport`](crate::sync::Transport); the list lives in the store's file.
//!
//! The key is made on this device and travels only inside the link (after `#`, which browsers
//! never send); the relay stores the ciphertext, a hash of the passcode and the expiry.
//! Everything but `client.rs` is sans-I/O.

mod client;
mod content;
mod jwe;
mod payload;

pub use client::{LinkOptions, ShareLinks, is_live};
pub use content::{FHIR_JSON, LinkContent};
pub use jwe::{Decrypted, MAX_PLAINTEXT_BYTES, decrypt, encrypt};
pub use payload::{Flags, LinkKey, LinkPayload, MAX_LABEL_CHARS, MAX_URL_CHARS, SCHEME};
pub use tsunagu_wire::share_link::{DEFAULT_MAX_ATTEMPTS, LinkStatus, ProfileLink};

/// What is wrong with a link or its file. Never carries any of their content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link, its payload or the JWE does not parse.
    #[error("malformed {0}")]
    Malformed(&'static str),
    /// A `v` other than 1.
    #[error("SMART Health Links version {0} is not supported")]
    UnsupportedVersion(u64),
    /// The label is longer than 80 characters.
    #[error("the label is longer than 80 characters")]
    LabelTooLong,
    /// The manifest URL is longer than 128 characters (a relay URL that long cannot host links).
    #[error("the manifest URL is longer than 128 characters")]
    UrlTooLong,
    /// The file does not decrypt with the link's key: a wrong key, or tampered bytes.
    #[error("the file does not decrypt with the link's key (wrong key or tampered)")]
    Decrypt,
    /// A JWE algorithm or compression other than `dir`/`A256GCM`/`DEF`.
    #[error("unsupported {0}")]
    Unsupported(&'static str),
    /// The file is over the size limit (before or after decompression).
    #[error("the file is too large")]
    TooLarge,
    /// A passcode shorter than 4 characters or longer than 256 bytes.
    #[error("a passcode must have 4 to 256 characters")]
    Passcode,
    /// An expiry in the past.
    #[error("the expiry is in the past")]
    Expired,
    /// The operating system's random source failed.
    #[error("no randomness available")]
    Random,
}
