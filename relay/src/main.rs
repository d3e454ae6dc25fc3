//! `tsunagu-relay`: runs the blind sync relay. Logs JSON lines to stderr; stops gracefully on
//! SIGTERM or Ctrl-C.

use std::process::ExitCode;

use clap::Parser;
use tsunagu_relay::config::DEFAULT_MAX_BODY_BYTES;
use tsunagu_relay::{Database, RelayConfig, serve};

/// Tsunagu's blind sync relay: stores ciphertext envelopes, signed membership records and sealed
/// keys; never plaintext.
#[derive(Debug, Parser)]
#[command(name = "tsunagu-relay", version)]
struct Args {
    /// Address to listen on (host:port).
    #[arg(long, env = "TSUNAGU_RELAY_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// The database: a SQLite file (created if missing), or a PostgreSQL URL
    /// (postgres://USER@HOST:PORT/DB) that several relays may share.
    #[arg(long, env = "TSUNAGU_RELAY_DB", default_value = "./tsunagu-relay.sqlite3")]
    db: String,
    /// Most database connections this relay holds at once: PostgreSQL's pool; with SQLite the
    /// writer and up to N-1 readers (at most 4). Storage calls beyond them queue.
    #[arg(long, default_value_t = 16)]
    db_pool: usize,
    /// Requests per second each device may make on average.
    #[arg(long, default_value_t = 20.0)]
    rate: f64,
    /// Requests each device may make in a burst.
    #[arg(long, default_value_t = 100)]
    burst: u32,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body: usize,
    /// Public base URL (https://relay.example) for share links' file locations. Required when
    /// listening on anything but loopback; on loopback the default is http:// + the address.
    #[arg(long, env = "TSUNAGU_RELAY_PUBLIC_URL")]
    public_url: Option<String>,
    /// Connections open at once; more are closed at accept [default: 1024].
    #[arg(long)]
    max_connections: Option<usize>,
    /// Seconds a kept-alive connection may stay idle between requests (and may take to send a
    /// request's headers) before it is closed [default: 10].
    #[arg(long)]
    idle_timeout: Option<u64>,
    /// Serve Prometheus metrics at http://ADDR/metrics (host:port; keep it private). Off when
    /// not given.
    #[arg(long, env = "TSUNAGU_RELAY_METRICS_ADDR")]
    metrics_addr: Option<std::net::SocketAddr>,
    /// Passcode hashes computed at once (default: the CPU count); more get 503.
    #[arg(long)]
    max_hashing: Option<usize>,
    /// /shl/* requests one client address may make in a burst (refilled at 1 a second).
    #[arg(long)]
    shl_burst_per_ip: Option<u32>,
    /// Manifest requests one link may get in a burst (refilled at 1 every 2 seconds).
    #[arg(long)]
    shl_burst_per_link: Option<u32>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    let mut config = RelayConfig {
        max_body_bytes: args.max_body,
        rate_per_second: args.rate,
        burst: args.burst,
        public_url: args.public_url,
        db_pool_size: args.db_pool,
        metrics_addr: args.metrics_addr,
        ..RelayConfig::new(Database::parse(&args.db))
    };
    if let Some(n) = args.max_connections {
        config.server.max_connections = n;
    }
    if let Some(seconds) = args.idle_timeout {
        config.server.header_timeout = std::time::Duration::from_secs(seconds);
    }
    if let Some(n) = args.max_hashing {
        config.max_concurrent_hashes = n;
    }
    if let Some(n) = args.shl_burst_per_ip {
        config.shl_per_ip.burst = n;
    }
    if let Some(n) = args.shl_burst_per_link {
        config.shl_per_link.burst = n;
    }
    let listener = match tokio::net::TcpListener::bind(&args.listen).await {
        Ok(l) => l,
        Err(error) => {
            tracing::error!(%error, listen = %args.listen, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    let loopback = listener.local_addr().is_ok_and(|a| a.ip().is_loopback());
    if !loopback && config.public_url.is_none() {
        // File locations must not come from the request (its Host header is the sender's choice).
        tracing::error!("listening beyond loopback needs --public-url (https://…)");
        return ExitCode::FAILURE;
    }
    match serve(listener, config, async {
        tsunagu_relay::shutdown_signal().await;
        tracing::info!("shutdown requested");
    })
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "relay failed");
            ExitCode::FAILURE
        }
    }
}
