//! Base64url without padding, the text form of keys, ids and signatures on the wire.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{Result, WireError};

/// Encodes bytes as base64url without padding.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding.
pub fn decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| WireError::Malformed(what))
}

/// Decodes exactly `N` bytes.
pub fn decode_array<const N: usize>(text: &str, what: &'static str) -> Result<[u8; N]> {
    decode(text, what)?
        .try_into()
        .map_err(|_| WireError::Malformed(what))
}
