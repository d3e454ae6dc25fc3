//! [`RelayFlags`]: the relay's command-line settings beyond where to listen and which database,
//! defined once for `tsunagu-relay` and `tsunagu relay serve` (both `#[command(flatten)]` it), so
//! the two cannot drift apart.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;
use ipnet::IpNet;

use crate::config::{DEFAULT_MAX_BODY_BYTES, Database, RelayConfig};
use crate::forwarded::{TrustedProxies, parse_network};

/// The relay's limits and optional listeners, as command-line flags.
#[derive(Debug, Clone, Args)]
pub struct RelayFlags {
    /// Most database connections this relay holds at once: PostgreSQL's pool; with SQLite the
    /// writer and up to N-1 readers (at most 4). Storage calls beyond them queue.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub db_pool: usize,
    /// Requests per second each device may make on average.
    #[arg(long, default_value_t = 20.0)]
    pub rate: f64,
    /// Requests each device may make in a burst.
    #[arg(long, default_value_t = 100)]
    pub burst: u32,
    /// Largest request body in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body: usize,
    /// Public base URL (https://relay.example) for share links' file locations. Required when
    /// listening on anything but loopback; on loopback the default is http:// + the address.
    #[arg(long, value_name = "URL", env = "TSUNAGU_RELAY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Connections open at once; more are closed at accept [default: 1024].
    #[arg(long, value_name = "N")]
    pub max_connections: Option<usize>,
    /// Seconds a kept-alive connection may stay idle between requests (and may take to send a
    /// request's headers) before it is closed [default: 10].
    #[arg(long, value_name = "SECONDS")]
    pub idle_timeout: Option<u64>,
    /// Serve Prometheus metrics at http://ADDR/metrics (host:port; keep it private). Off when
    /// not given.
    #[arg(long, value_name = "ADDR", env = "TSUNAGU_RELAY_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Passcode hashes computed at once (default: the CPU count); more get 503.
    #[arg(long, value_name = "N")]
    pub max_hashing: Option<usize>,
    /// /shl/* requests one client address may make in a burst (refilled at 1 a second).
    #[arg(long, value_name = "N")]
    pub shl_burst_per_ip: Option<u32>,
    /// Manifest requests one link may get in a burst (refilled at 1 every 2 seconds).
    #[arg(long, value_name = "N")]
    pub shl_burst_per_link: Option<u32>,
    /// Proxies (a network, 10.0.0.0/24, or one address; repeat or separate by commas) whose
    /// X-Forwarded-For names the client for the /shl/* per-address limit. Without it the
    /// header is ignored (a client could forge it).
    #[arg(
        long,
        value_name = "CIDR",
        env = "TSUNAGU_RELAY_TRUSTED_PROXY",
        value_delimiter = ',',
        value_parser = parse_network
    )]
    pub trusted_proxy: Vec<IpNet>,
}

impl RelayFlags {
    /// The relay's configuration for `database` with these flags applied to the defaults.
    pub fn config(&self, database: Database) -> RelayConfig {
        let mut config = RelayConfig {
            max_body_bytes: self.max_body,
            rate_per_second: self.rate,
            burst: self.burst,
            public_url: self.public_url.clone(),
            db_pool_size: self.db_pool,
            metrics_addr: self.metrics_addr,
            trusted_proxies: TrustedProxies::new(self.trusted_proxy.clone()),
            ..RelayConfig::new(database)
        };
        if let Some(n) = self.max_connections {
            config.server.max_connections = n;
        }
        if let Some(seconds) = self.idle_timeout {
            config.server.header_timeout = Duration::from_secs(seconds);
        }
        if let Some(n) = self.max_hashing {
            config.max_concurrent_hashes = n;
        }
        if let Some(n) = self.shl_burst_per_ip {
            config.shl_per_ip.burst = n;
        }
        if let Some(n) = self.shl_burst_per_link {
            config.shl_per_link.burst = n;
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        flags: RelayFlags,
    }

    #[test]
    fn flags_reach_the_config_and_defaults_stay_the_library_defaults() {
        let defaults = Cli::try_parse_from(["relay"])
            .expect("test value")
            .flags
            .config(Database::parse("x"));
        assert_eq!(defaults, RelayConfig::new(Database::parse("x")));
        let cli = Cli::try_parse_from([
            "relay",
            "--db-pool=3",
            "--max-connections=7",
            "--idle-timeout=2",
            "--metrics-addr=127.0.0.1:9000",
            "--trusted-proxy=10.0.0.0/24,fd00::1",
            "--trusted-proxy=127.0.0.1",
        ])
        .expect("test value");
        let config = cli.flags.config(Database::parse("x"));
        assert_eq!(config.db_pool_size, 3);
        assert_eq!(config.server.max_connections, 7);
        assert_eq!(config.server.header_timeout, Duration::from_secs(2));
        assert_eq!(
            config.metrics_addr,
            Some("127.0.0.1:9000".parse().expect("test value"))
        );
        assert_eq!(config.trusted_proxies.networks().len(), 3);
        assert!(
            config
                .trusted_proxies
                .contains("127.0.0.1".parse().expect("test value"))
        );
        assert!(Cli::try_parse_from(["relay", "--trusted-proxy=example.org"]).is_err());
    }
}
