//! The wire crate's error: what is wrong with bytes received, never what they contained.

/// Everything that can be wrong with a message on the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// The bytes are cut short or their lengths do not add up.
    #[error("truncated or malformed {0}")]
    Malformed(&'static str),
    /// A format version this build does not know.
    #[error("unsupported {0} version")]
    Version(&'static str),
    /// A signature does not verify.
    #[error("bad signature on {0}")]
    BadSignature(&'static str),
    /// Decryption failed: wrong key, wrong profile or epoch, or tampered bytes.
    #[error("cannot decrypt {0}: wrong key or tampered")]
    Decrypt(&'static str),
    /// A key or id is not valid.
    #[error("invalid {0}")]
    InvalidKey(&'static str),
    /// Something signed has expired.
    #[error("{0} expired")]
    Expired(&'static str),
    /// Signed records were reordered, dropped or inserted by whoever stored them.
    #[error("{0} was tampered with")]
    Tampered(&'static str),
    /// The operating system's random source failed.
    #[error("no randomness available")]
    Random,
}

/// Result with [`WireError`].
pub type Result<T, E = WireError> = std::result::Result<T, E>;
