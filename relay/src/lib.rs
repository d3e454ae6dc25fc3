#![doc = include_str!("../README.md")]

pub mod config;
pub mod error;
mod http;
pub mod passcode;
mod rate;
mod stall;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::RelayConfig;
pub use error::{Error, StoreError};
pub use http::{MORE_HEADER, RelayState, router};
pub use stall::StallingProxy;
pub use store::{RelayStore, SqliteStore};

/// Serves the relay on `listener` with the database at `config.db_path` until `shutdown`
/// completes, then finishes the requests in flight and returns.
pub async fn serve(
    listener: TcpListener,
    config: RelayConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let state = RelayState::open(config).await?;
    serve_state(listener, state, shutdown).await
}

async fn serve_state(
    listener: TcpListener,
    state: RelayState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "relay listening");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("relay stopped");
    Ok(())
}

/// A relay running on a background task (for `tsunagu relay serve` in-process and for tests).
/// Dropping it starts a graceful shutdown; [`RunningRelay::shutdown`] also waits for it.
#[derive(Debug)]
pub struct RunningRelay {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), Error>>>,
}

impl RunningRelay {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://ADDR` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits until it has stopped.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(|_| Error::Task)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningRelay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Opens the database (errors surface here, not later) and serves on `listener` in a background
/// task of the current tokio runtime.
pub async fn spawn(listener: TcpListener, config: RelayConfig) -> Result<RunningRelay, Error> {
    let addr = listener.local_addr()?;
    let state = RelayState::open(config).await?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_state(listener, state, async move {
        // A dropped sender also means stop.
        let _ = stopped.await;
    }));
    Ok(RunningRelay {
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}

/// A relay with the default limits on a free loopback port, with its database at `db`.
pub async fn spawn_for_tests(db: &Path) -> Result<RunningRelay, Error> {
    spawn_for_tests_with(RelayConfig::new(db)).await
}

/// A relay with `config` on a free loopback port.
pub async fn spawn_for_tests_with(config: RelayConfig) -> Result<RunningRelay, Error> {
    let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
    spawn(listener, config).await
}

/// The wall clock in Unix milliseconds (the time requests are signed with).
pub(crate) fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
