//! [`Lanes`]: the bounded way to the store for storage calls (finding 3). Each call first takes a
//! slot of its lane — reads, or writes — sized to the connections that can serve it (the store's
//! [`Concurrency`]); only then does it run (on SQLite, on a blocking thread; on PostgreSQL, as a
//! future on the request's own thread, ADR 0021). Calls beyond that wait as futures, not as
//! threads parked on a database lock, and the metrics show the queue.
//! Reads have their own lane where the store has read connections of their own (SQLite), so a
//! burst of writes queueing for the one writer cannot hold every slot while reads wait.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::error::StoreError;
use crate::metrics::{GaugeGuard, LaneLabels, Metrics};
use crate::store::{Concurrency, StoreResult};

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

    /// Waits for a slot of `lane`, then makes the storage call's future with `call` and runs it,
    /// releasing the slot when it is done or dropped: a request dropped meanwhile frees its slot
    /// at once, also when the call ran on a blocking thread that finishes it. The future is made
    /// only once admitted: at the storm's burst thousands of requests wait here, and a boxed
    /// PostgreSQL call made up front held ~2 KB each (relay RSS 99–101 MB instead of 87 MB at
    /// N = 2,000; docs/benchmarks.md, "ADR 0021").
    pub(crate) async fn run<T, Fut>(
        &self,
        lane: Lane,
        metrics: &Metrics,
        call: impl FnOnce() -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: Future<Output = StoreResult<T>>,
    {
        let semaphore = match lane {
            Lane::Read => &self.read,
            Lane::Write => &self.write,
        };
        let labels = lane.labels();
        let asked = Instant::now();
        let _slot = {
            let _waiting = GaugeGuard::inc(metrics.db_waiting(labels));
            semaphore.acquire().await
        }
        // The semaphores are never closed.
        .map_err(|_| ApiError::internal(&StoreError::Task))?;
        metrics.db_waited(labels, asked.elapsed());
        let _running = GaugeGuard::inc(metrics.db_running(labels));
        match call().await {
            Ok(v) => {
                self.answered();
                Ok(v)
            }
            Err(e) => Err(ApiError::internal(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AsyncStore, Blocking, SqliteStore};

    #[tokio::test]
    async fn a_successful_call_counts_as_an_answer_and_a_failed_one_does_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn AsyncStore> = Arc::new(Blocking::new(Arc::new(
            SqliteStore::open(dir.path().join("relay.sqlite3")).expect("opens"),
        )));
        let lanes = Lanes::new(store.concurrency());
        let metrics = Metrics::new();
        let window = Duration::from_secs(3600);
        assert!(!lanes.answered_within(window), "nothing has run yet");
        let failed = lanes
            .run(Lane::Read, &metrics, || async {
                StoreResult::<()>::Err(StoreError::Unavailable("the database is down"))
            })
            .await;
        assert!(failed.is_err());
        assert!(!lanes.answered_within(window), "a failure is no answer");
        lanes
            .run(Lane::Read, &metrics, || store.health())
            .await
            .expect("healthy");
        assert!(lanes.answered_within(window));
    }
}
