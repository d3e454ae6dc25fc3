//! `tsunagu-relay`: runs the blind sync relay. Logs JSON lines to stderr; stops gracefully on
//! SIGTERM or Ctrl-C.

use std::process::ExitCode;

use clap::Parser;
use tsunagu_relay::flags::RelayFlags;
use tsunagu_relay::{Database, serve};

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
    #[command(flatten)]
    flags: RelayFlags,
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
    let config = args.flags.config(Database::parse(&args.db));
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
