//! [`RelayConfig`]: where the relay keeps its data and the limits it enforces.

use std::path::PathBuf;

use crate::error::Error;
use crate::passcode::PasscodeCost;

/// Largest request body accepted (ADR 0002: 1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How the relay runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayConfig {
    /// The SQLite database file (created if missing).
    pub db_path: PathBuf,
    /// Largest request body; larger ones get `413`.
    pub max_body_bytes: usize,
    /// Requests per second each device may make on average (token refill rate).
    pub rate_per_second: f64,
    /// Requests a device may make in a burst (bucket size).
    pub burst: u32,
    /// Most envelopes one pull returns (a client's `limit` is capped to this).
    pub max_pull_envelopes: usize,
    /// Most bytes of envelopes one pull returns (always at least one envelope).
    pub max_pull_bytes: usize,
    /// The relay's public base URL (`https://relay.example`), used in share links' file
    /// locations. `None`: `http://` + the request's `Host` (fine on loopback; set it behind TLS).
    pub public_url: Option<String>,
    /// Argon2id cost of share-link passcode hashes.
    pub passcode_cost: PasscodeCost,
    /// How long a manifest's `files[].location` works, at most (the spec allows an hour).
    pub ticket_ttl_ms: i64,
}

impl RelayConfig {
    /// The defaults with the database at `db_path`.
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        Self {
            db_path: db_path.into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            rate_per_second: 20.0,
            burst: 100,
            max_pull_envelopes: 1000,
            max_pull_bytes: 4 * 1024 * 1024,
            public_url: None,
            passcode_cost: PasscodeCost::default(),
            ticket_ttl_ms: 5 * 60 * 1000,
        }
    }

    /// Refuses limits that would make the relay unusable.
    pub fn validate(&self) -> Result<(), Error> {
        if !(self.rate_per_second.is_finite() && self.rate_per_second > 0.0) {
            return Err(Error::Config("rate_per_second must be a positive number"));
        }
        if self.burst == 0 {
            return Err(Error::Config("burst must be at least 1"));
        }
        if self.max_body_bytes == 0 || self.max_pull_envelopes == 0 || self.max_pull_bytes == 0 {
            return Err(Error::Config("body and pull limits must be positive"));
        }
        if !(1..=3_600_000).contains(&self.ticket_ttl_ms) {
            return Err(Error::Config("ticket_ttl_ms must be between 1 ms and one hour"));
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(Error::Config("public_url must start with https:// or http://"));
        }
        Ok(())
    }
}
