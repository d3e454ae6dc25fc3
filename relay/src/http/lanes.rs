//! [`Lanes`]: the bounded way onto the blocking threads for storage calls (finding 3). Each call
//! first takes a slot of its lane — reads, or writes — sized to the connections that can serve
//! it (the store's [`Concurrency`]); only then does it get a blocking thread. Calls beyond that
//! wait as futures, not as threads parked on a database lock, and the metrics show the queue.
//! Reads have their own lane where the store has read connections of their own (SQLite), so a
//! burst of writes queueing for the one writer cannot hold every slot while reads wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::error::StoreError;
use crate::metrics::{GaugeGuard, LaneLabels, Metrics};
use crate::store::{Concurrency, RelayStore, StoreResult};

/// Which lane a storage call takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    /// The call only reads.
    Read,
    /// The call writes, or may.
    Write,
}

impl Lane {
    fn labels(self) -> LaneLabels {
        match self {
            Self::Read => LaneLabels::READ,
            Self::Write => LaneLabels::WRITE,
        }
    }
}

/// The slots of the two lanes (one semaphore for both when the store's readers and writers
/// share its connections).
pub(crate) struct Lanes {
    read: Arc<Semaphore>,
    write: Arc<Semaphore>,
    /// When the lanes were made: the origin of `answered_ms`.
    origin: Instant,
    /// Milliseconds after `origin` (+1; 0: never) when a storage call last returned `Ok`.
    answered_ms: AtomicU64,
}

impl Lanes {
    /// Slots for `concurrency` (at least one per lane).
    pub(crate) fn new(concurrency: Concurrency) -> Self {
        let write = Arc::new(Semaphore::new(concurrency.writers.max(1)));
        let read = if concurrency.shared {
            Arc::clone(&write)
        } else {
            Arc::new(Semaphore::new(concurrency.readers.max(1)))
        };
        Self {
            read,
            write,
            origin: Instant::now(),
            answered_ms: AtomicU64::new(0),
        }
    }

    /// True when a storage call returned `Ok` within `window`: the database answers (`/health`
    /// under load, when its own call would wait behind the requests in the lane).
    pub(crate) fn answered_within(&self, window: Duration) -> bool {
        match self.answered_ms.load(Ordering::Relaxed) {
            0 => false,
            at => {
                let now = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
                now.saturating_sub(at - 1) <= u64::try_from(window.as_millis()).unwrap_or(u64::MAX)
            }
        }
    }

    fn answered(&self) {
        let now = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX - 1);
        self.answered_ms.fetch_max(now + 1, Ordering::Relaxed);
    }

    /// Waits for a slot of `lane`, then runs `f` on a blocking thread. The slot is held until
    /// `f` returns, also when the request that asked has been dropped meanwhile.
    pub(crate) async fn run<T, F>(
        &self,
        lane: Lane,
        store: &Arc<dyn RelayStore>,
        metrics: &Metrics,
        f: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn RelayStore) -> StoreResult<T> + Send + 'static,
    {
        let semaphore = match lane {
            Lane::Read => &self.read,
            Lane::Write => &self.write,
        };
        let labels = lane.labels();
        let asked = Instant::now();
        let slot = {
            let _waiting = GaugeGuard::inc(metrics.db_waiting(labels));
            Arc::clone(semaphore).acquire_owned().await
        }
        // The semaphores are never closed.
        .map_err(|_| ApiError::internal(&StoreError::Task))?;
        metrics.db_waited(labels, asked.elapsed());
        let running = metrics.db_running(labels);
        let store = Arc::clone(store);
        let call = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let _running = GaugeGuard::inc(running);
            f(store.as_ref())
        });
        match call.await {
            Ok(Ok(v)) => {
                self.answered();
                Ok(v)
            }
            Ok(Err(e)) => Err(ApiError::internal(&e)),
            Err(_) => Err(ApiError::internal(&StoreError::Task)),
        }
    }

    /// Waits for a read slot, then runs `f` right here, on the request's own thread: for a
    /// store whose reads are short local calls ([`RelayStore::reads_inline`]), where the hop to
    /// a blocking thread and back cost more than the read (ADR 0016, 6). The slot guarantees a
    /// free read connection, so `f` never waits for one.
    pub(crate) async fn run_inline<T, F>(
        &self,
        store: &Arc<dyn RelayStore>,
        metrics: &Metrics,
        f: F,
    ) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn RelayStore) -> StoreResult<T>,
    {
        let labels = Lane::Read.labels();
        let asked = Instant::now();
        let _slot = {
            let _waiting = GaugeGuard::inc(metrics.db_waiting(labels));
            self.read.acquire().await
        }
        // The semaphores are never closed.
        .map_err(|_| ApiError::internal(&StoreError::Task))?;
        metrics.db_waited(labels, asked.elapsed());
        let _running = GaugeGuard::inc(metrics.db_running(labels));
        f(store.as_ref()).map_err(|e| ApiError::internal(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{RelayStore, SqliteStore};

    #[tokio::test]
    async fn a_successful_call_counts_as_an_answer_and_a_failed_one_does_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn RelayStore> =
            Arc::new(SqliteStore::open(dir.path().join("relay.sqlite3")).expect("opens"));
        let lanes = Lanes::new(store.concurrency());
        let metrics = Metrics::new();
        let window = Duration::from_secs(3600);
        assert!(!lanes.answered_within(window), "nothing has run yet");
        let failed = lanes
            .run(Lane::Read, &store, &metrics, |_| -> StoreResult<()> {
                Err(StoreError::Unavailable("the database is down"))
            })
            .await;
        assert!(failed.is_err());
        assert!(!lanes.answered_within(window), "a failure is no answer");
        lanes
            .run(Lane::Read, &store, &metrics, |s| s.health())
            .await
            .expect("healthy");
        assert!(lanes.answered_within(window));
    }
}
