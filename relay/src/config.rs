//! [`RelayConfig`]: where the relay keeps its data and the limits it enforces.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::passcode::{PasscodeCost, default_hashing_limit};

/// A token bucket's setting: `rate` per second on average, `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateSetting {
    /// Tokens refilled per second.
    pub rate: f64,
    /// Bucket size.
    pub burst: u32,
}

/// How much one device, one profile and the whole relay may store (finding 5: keys are free, so
/// per-device quotas alone do not bound the relay; the global ones do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Profiles one device may own.
    pub profiles_per_device: u64,
    /// Profiles on the relay.
    pub profiles_total: u64,
    /// Share links one device may hold that are not revoked or expired.
    pub links_per_device: u64,
    /// Bytes of link files one device may store.
    pub link_bytes_per_device: u64,
    /// Share links on the relay (any state, until pruned).
    pub links_total: u64,
    /// Bytes of link files on the relay.
    pub link_bytes_total: u64,
    /// Unused, unexpired invites a profile may have at once.
    pub invites_per_profile: u64,
    /// Membership entries (certificates, joins, revocations) a profile may have.
    pub member_entries_per_profile: u64,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            profiles_per_device: 20,
            profiles_total: 100_000,
            links_per_device: 200,
            link_bytes_per_device: 32 * 1024 * 1024,
            links_total: 500_000,
            link_bytes_total: 8 * 1024 * 1024 * 1024,
            invites_per_profile: 50,
            member_entries_per_profile: 2_000,
        }
    }
}

/// The server's connection limits (finding 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// Connections open at once; further ones are closed at accept.
    pub max_connections: usize,
    /// Time to send a request's headers, and to start the next request on a kept-alive
    /// connection (the idle timeout).
    pub header_timeout: Duration,
    /// Time to send the body and get the answer, from the end of the headers; `408` beyond.
    pub request_timeout: Duration,
    /// Longest life of one connection; it is closed gracefully after its current request.
    pub connection_lifetime: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            connection_lifetime: Duration::from_secs(300),
        }
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

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
    /// Passcode hashes computed at once, relay-wide; more get `503` with `Retry-After`.
    pub max_concurrent_hashes: usize,
    /// `/shl/*` requests per client address (IPv4, or IPv6 /64).
    pub shl_per_ip: RateSetting,
    /// `/shl/*` manifest requests per link.
    pub shl_per_link: RateSetting,
    /// Longest a share link lives; a link asked for longer, or without expiry, expires then.
    pub max_link_lifetime_ms: i64,
    /// Storage quotas.
    pub quotas: Quotas,
    /// Connection limits and timeouts.
    pub server: ServerLimits,
    /// How often expired tickets, nonces and long-dead links are deleted.
    pub prune_interval: Duration,
    /// How long a revoked or expired link's row is kept (for its owner's status) before deletion.
    pub link_retention_ms: i64,
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
            max_concurrent_hashes: default_hashing_limit(),
            shl_per_ip: RateSetting { rate: 1.0, burst: 30 },
            shl_per_link: RateSetting { rate: 0.5, burst: 20 },
            max_link_lifetime_ms: 366 * DAY_MS,
            quotas: Quotas::default(),
            server: ServerLimits::default(),
            prune_interval: Duration::from_secs(600),
            link_retention_ms: 30 * DAY_MS,
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
        for s in [self.shl_per_ip, self.shl_per_link] {
            if !(s.rate.is_finite() && s.rate > 0.0) || s.burst == 0 {
                return Err(Error::Config("share-link rates must be positive"));
            }
        }
        if self.max_concurrent_hashes == 0 || self.server.max_connections == 0 {
            return Err(Error::Config("hashing and connection limits must be positive"));
        }
        if self.max_link_lifetime_ms <= 0 || self.link_retention_ms < 0 {
            return Err(Error::Config("link lifetime must be positive"));
        }
        if self.server.header_timeout.is_zero()
            || self.server.request_timeout.is_zero()
            || self.server.connection_lifetime.is_zero()
            || self.prune_interval.is_zero()
        {
            return Err(Error::Config("timeouts must be positive"));
        }
        Ok(())
    }
}
