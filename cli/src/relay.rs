//! `tsunagu relay serve`: runs the blind sync relay (the `tsunagu-relay` library) in this process
//! until Ctrl-C or SIGTERM. Prints `listening on http://ADDR` once it accepts connections (with
//! `--listen 127.0.0.1:0` that tells the port chosen); logs JSON lines to stderr.

use std::io::Write;

use clap::Subcommand;
use tsunagu_relay::Database;
use tsunagu_relay::flags::RelayFlags;

use crate::error::{CliError, Result};

/// Subcommands of `tsunagu relay`.
#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Serve the relay on ADDR with its database in FILE, or in PostgreSQL at URL
    Serve {
        /// Address to listen on (host:port; port 0 picks a free one)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
        /// The relay's SQLite database (created if missing), or a PostgreSQL URL
        /// (postgres://…) that several relays may share
        #[arg(long, value_name = "FILE|URL")]
        db: String,
        /// The relay's limits, metrics and proxies: the same flags as `tsunagu-relay`'s (one
        /// definition in the relay crate, so the two cannot drift apart)
        #[command(flatten)]
        flags: RelayFlags,
    },
}

/// Runs a `tsunagu relay` subcommand. Long-running: writes its one line of stdout itself.
pub fn run(command: &RelayCommand) -> Result<()> {
    let RelayCommand::Serve { listen, db, flags } = command;
    // Logs go to stderr; a second subscriber (never here) would only be ignored.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen.as_str())
            .await
            .map_err(|e| {
                CliError::worded(
                    "cli-err-listen",
                    &[("addr", &listen.to_string()), ("reason", &e.to_string())],
                )
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::Failure(format!("no local address: {e}")))?;
        let mut stdout = std::io::stdout().lock();
        // A closed stdout must not stop the relay.
        let _ = writeln!(stdout, "listening on http://{addr}").and_then(|()| stdout.flush());
        drop(stdout);
        let config = flags.config(Database::parse(db));
        tsunagu_relay::serve(listener, config, tsunagu_relay::shutdown_signal())
            .await
            .map_err(|e| CliError::Failure(format!("relay failed: {e}")))
    })
}
