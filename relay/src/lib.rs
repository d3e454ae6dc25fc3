#![doc = include_str!("../README.md")]

pub mod config;
pub mod error;
pub mod flags;
pub mod forwarded;
mod http;
mod metrics;
pub mod passcode;
mod rate;
mod stall;
pub mod store;
pub mod testing;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::JoinHandle;

pub use config::{Database, RelayConfig};
pub use error::{Error, StoreError};
pub use http::{MORE_HEADER, RelayState, router};
pub use stall::StallingProxy;
pub use store::{PgStore, RelayStore, SqliteStore};

/// Serves the relay on `listener` with `config.database` until `shutdown`
/// completes, then finishes the requests in flight and returns. With `config.metrics_addr`, also
/// serves `GET /metrics` there.
pub async fn serve(
    listener: TcpListener,
    config: RelayConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let metrics = bind_metrics(&config).await?;
    let state = RelayState::open(config).await?;
    // The accept loop runs as a task on the runtime's workers, not on the thread awaiting
    // `serve` (`#[tokio::main]`'s or `block_on`'s, which runs no tasks): there, every accepted
    // connection woke that thread and handed the connection back to a worker, ~1.5 of the 4.8
    // context switches per request in the storm (docs/benchmarks.md, "stop 23").
    tokio::spawn(serve_state(listener, metrics, state, shutdown))
        .await
        .map_err(|_| Error::Task)?
}

/// Binds the metrics listener, if one is configured.
async fn bind_metrics(config: &RelayConfig) -> Result<Option<TcpListener>, Error> {
    match config.metrics_addr {
        Some(addr) => Ok(Some(TcpListener::bind(addr).await?)),
        None => Ok(None),
    }
}

/// Serves `GET /metrics` on `listener` until `stopping`.
async fn serve_metrics(listener: TcpListener, state: RelayState, mut stopping: watch::Receiver<bool>) {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "metrics listening");
    }
    let app = http::metrics_router(state);
    let stopped = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(stopped).await {
        tracing::warn!(%error, "metrics listener failed");
    }
}

/// The accept loop (finding 7): at most `max_connections` connections at once (more are closed
/// at accept), each with a header-read timeout that is also its idle timeout, a request timeout
/// (in the router) and a longest lifetime after which it is closed between requests. On
/// `shutdown` it stops accepting, lets requests in flight finish and returns.
async fn serve_state(
    listener: TcpListener,
    metrics: Option<TcpListener>,
    state: RelayState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "relay listening");
    }
    let limits = state.config().server;
    warn_if_descriptors_short(limits.max_connections, state.config().db_pool_size);
    let max = u32::try_from(limits.max_connections).unwrap_or(u32::MAX >> 3);
    let slots = Arc::new(Semaphore::new(max as usize));
    let (stop, stopping) = watch::channel(false);
    let pruner = tokio::spawn(prune_loop(state.clone(), stopping.clone()));
    let scraper = metrics.map(|l| tokio::spawn(serve_metrics(l, state.clone(), stopping.clone())));
    let counters = state.clone();
    let app = router(state);
    let shutdown = std::pin::pin!(shutdown);
    let mut shutdown = shutdown;
    loop {
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!("connection cap reached, connection closed");
            counters.metrics().connections_refused.inc();
            drop(stream);
            continue;
        };
        counters.metrics().connections_accepted.inc();
        let open = metrics::GaugeGuard::inc(counters.metrics().connections_open.clone());
        let local = stream.local_addr().unwrap_or(remote);
        let app = app.clone();
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let _open = open;
            let service =
                hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(remote));
                    req.extensions_mut().insert(http::LocalAddr(local));
                    let mut app = app.clone();
                    async move { tower::Service::call(&mut app, req).await }
                });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(Some(limits.header_timeout))
                .keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                () = tokio::time::sleep(limits.connection_lifetime) => {}
                _ = stopping.wait_for(|s| *s) => {}
            }
            conn.as_mut().graceful_shutdown();
            // The request in flight has its own timeout; this only bounds a stuck connection.
            let grace = limits.request_timeout + limits.header_timeout;
            let _ = tokio::time::timeout(grace, conn).await;
        });
    }
    let _ = stop.send(true);
    // Every connection holds a slot until it has closed.
    let _ = slots.acquire_many(max).await;
    pruner.abort();
    if let Some(scraper) = scraper {
        let _ = scraper.await;
    }
    tracing::info!("relay stopped");
    Ok(())
}

/// Descriptors the relay uses beyond its connections and its database pool (listeners, the
/// SQLite files and their WAL, the runtime's own).
const SPARE_DESCRIPTORS: u64 = 64;

/// Logs a warning when `max_connections` connections plus the database pool cannot all be open
/// under this process's open-files limit: beyond it, accepts fail (`accept failed`, EMFILE) and
/// the database cannot open connections, which looks like a relay that does not answer.
fn warn_if_descriptors_short(max_connections: usize, db_pool: usize) {
    let Some(limit) = open_files_limit() else {
        return;
    };
    let needed = descriptors_needed(max_connections, db_pool);
    if needed > limit {
        tracing::warn!(
            max_connections,
            db_pool,
            open_files_limit = limit,
            needed,
            "max_connections is above what the open-files limit allows: raise the limit \
             (ulimit -n, systemd LimitNOFILE) or lower --max-connections"
        );
    }
}

/// Descriptors `max_connections` connections and a `db_pool` pool need at most.
fn descriptors_needed(max_connections: usize, db_pool: usize) -> u64 {
    (max_connections as u64)
        .saturating_add(db_pool as u64)
        .saturating_add(SPARE_DESCRIPTORS)
}

/// This process's soft limit of open files (Linux: `/proc/self/limits`); `None` when unlimited
/// or unknown.
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    // "Max open files            20000                20000                files"
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Deletes expired tickets and long-dead links every `prune_interval` until `stopping`.
async fn prune_loop(state: RelayState, mut stopping: watch::Receiver<bool>) {
    let every = state.config().prune_interval;
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        match state.prune(now_ms()).await {
            Some(pruned) => tracing::info!(
                tickets = pruned.tickets,
                files = pruned.files,
                links = pruned.links,
                "pruned"
            ),
            None => tracing::warn!("pruning failed"),
        }
    }
}

/// A relay running on a background task (for `tsunagu relay serve` in-process and for tests).
/// Dropping it starts a graceful shutdown; [`RunningRelay::shutdown`] also waits for it.
#[derive(Debug)]
pub struct RunningRelay {
    addr: SocketAddr,
    metrics_addr: Option<SocketAddr>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), Error>>>,
}

impl RunningRelay {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where it serves `GET /metrics`, when `metrics_addr` was configured.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
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
    let metrics = bind_metrics(&config).await?;
    let metrics_addr = metrics.as_ref().map(TcpListener::local_addr).transpose()?;
    let state = RelayState::open(config).await?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_state(listener, metrics, state, async move {
        // A dropped sender also means stop.
        let _ = stopped.await;
    }));
    Ok(RunningRelay {
        addr,
        metrics_addr,
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

/// The wall clock in Unix milliseconds: the wire crate's, the one clients sign requests with.
pub(crate) use tsunagu_wire::request::now_ms;

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

/// Called by a group-commit thread woken by its first item, before it takes the batch: gives
/// the CPU back to the request threads that woke it.
///
/// On a relay with one core, waking the committer switched to it at once, so it committed a
/// batch of one or two, and every request paid two context switches and a commit of its own.
/// Yielding (ADR 0016, item 8: 10-30 % less relay CPU in the storm) lets the runtime thread go on
/// parsing requests, whose nonces and pushes join the batch; the committer runs again when that
/// thread waits or its time slice ends. Where another core is free this returns at once.
pub(crate) fn let_requests_run() {
    std::thread::yield_now();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_descriptor_check_counts_connections_pool_and_spares() {
        assert_eq!(descriptors_needed(1024, 16), 1024 + 16 + SPARE_DESCRIPTORS);
        assert_eq!(descriptors_needed(usize::MAX, 16), u64::MAX);
        // Linux has the file; the soft limit is a positive number there.
        if cfg!(target_os = "linux") {
            assert!(open_files_limit().is_some_and(|l| l > 0));
        }
    }
}
