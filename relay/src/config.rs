//! [`RelayConfig`]: where the relay keeps its data and the limits it enforces.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Error;
use crate::forwarded::TrustedProxies;
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

/// The server's connection limits (finding 7; `tsunagu-relay --max-connections`,
/// `--idle-timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// Connections open at once; further ones are closed at accept (default 1,024).
    pub max_connections: usize,
    /// Time to send a request's headers, and to start the next request on a kept-alive
    /// connection: the idle timeout, after which an idle connection is closed (default 10 s).
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

/// Where the relay keeps its data (ADR 0012): one SQLite file, the default, or a PostgreSQL
/// database that several relays may share.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl Database {
    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is a SQLite
    /// file's path.
    pub fn parse(text: &str) -> Self {
        if is_postgres_url(text) {
            Self::Postgres(text.to_owned())
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }

    /// The SQLite file, if that is the backend.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }
}

fn is_postgres_url(text: &str) -> bool {
    let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A URL without its user information (the password must not reach a log line).
fn without_credentials(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, _)), Some(at)) => format!("{scheme}://…@{}", &url[at + 1..]),
        _ => url.to_owned(),
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Self::Postgres(url) => f
                .debug_tuple("Postgres")
                .field(&without_credentials(url))
                .finish(),
        }
    }
}

impl From<PathBuf> for Database {
    fn from(path: PathBuf) -> Self {
        Self::Sqlite(path)
    }
}

impl From<&Path> for Database {
    fn from(path: &Path) -> Self {
        Self::Sqlite(path.to_owned())
    }
}

impl From<&PathBuf> for Database {
    fn from(path: &PathBuf) -> Self {
        Self::Sqlite(path.clone())
    }
}

/// How the relay runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayConfig {
    /// The database: a SQLite file or a PostgreSQL URL.
    pub database: Database,
    /// Most database connections this relay holds at once: PostgreSQL's pool; with SQLite the
    /// writer and up to `db_pool_size - 1` readers (at most
    /// [`DEFAULT_SQLITE_READERS`](crate::store::DEFAULT_SQLITE_READERS)). Storage calls beyond
    /// these wait in a queue without a thread.
    pub db_pool_size: usize,
    /// Profiles whose resolved member tables are cached, least recently used dropped first.
    pub member_cache_capacity: usize,
    /// Devices whose decompressed verifying keys are cached, least recently used dropped first.
    /// Above the devices active at once, or a round of requests through them all finds none.
    pub key_cache_capacity: usize,
    /// Where to serve `GET /metrics` (Prometheus text), on a listener of its own; `None` (the
    /// default): not served.
    pub metrics_addr: Option<SocketAddr>,
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
    /// Proxies whose `X-Forwarded-For` names the client for [`Self::shl_per_ip`] (empty, the
    /// default: the header is ignored and the TCP peer is the client).
    pub trusted_proxies: TrustedProxies,
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
    /// The defaults with `database` (a SQLite path converts into one).
    pub fn new(database: impl Into<Database>) -> Self {
        Self {
            database: database.into(),
            db_pool_size: 16,
            member_cache_capacity: 10_000,
            // The storm at N = 2,000 has 6,000 devices; ~0.3 KB a key: ~3 MB when full.
            key_cache_capacity: 10_000,
            metrics_addr: None,
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
            trusted_proxies: TrustedProxies::default(),
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
        if self.max_concurrent_hashes == 0
            || self.server.max_connections == 0
            || self.db_pool_size == 0
            || self.member_cache_capacity == 0
            || self.key_cache_capacity == 0
        {
            return Err(Error::Config(
                "hashing, connection, database pool, member cache and key cache limits must be positive",
            ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_choose_postgres_and_anything_else_is_a_file() {
        assert_eq!(
            Database::parse("postgres://relay@db/tsunagu"),
            Database::Postgres("postgres://relay@db/tsunagu".to_owned())
        );
        assert!(matches!(
            Database::parse("PostgreSQL://h/d"),
            Database::Postgres(_)
        ));
        assert_eq!(
            Database::parse("./postgres.sqlite3"),
            Database::Sqlite(PathBuf::from("./postgres.sqlite3"))
        );
        let shown = format!("{:?}", Database::parse("postgres://relay:s3cret@db:5432/tsunagu"));
        assert!(
            !shown.contains("s3cret") && shown.contains("db:5432/tsunagu"),
            "{shown}"
        );
    }
}
