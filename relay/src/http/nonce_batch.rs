//! [`NonceBatcher`]: group commit of request nonces (finding 1). Every signed request's nonce
//! must be recorded before the request is served, and a replay refused, on every relay sharing
//! the database. One commit per request was the storm's bottleneck; here one thread takes
//! whatever nonces are waiting, records them in one transaction, and answers each request. Under
//! load the batches grow by themselves (the nonces that arrived during a commit form the next
//! batch); alone, a request waits for one commit as before. On SQLite the committer is a thread
//! (a commit may fsync); on PostgreSQL a task on the relay's runtime (ADR 0021).

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};

use super::error::ApiError;
use crate::error::{Error, StoreError};
use crate::metrics::{BatchLabels, GaugeGuard, Metrics};
use crate::now_ms;
use crate::store::{AsyncStore, NonceClaim, RelayStore, StoreResult};

/// Most nonces in one transaction.
const MAX_BATCH: usize = 256;
/// Requests that may queue for the committer before senders wait for room.
const QUEUE: usize = 4096;

struct Pending {
    claim: NonceClaim,
    answer: oneshot::Sender<bool>,
}

/// Hands nonces to the committing thread; the thread ends when this is dropped.
pub(crate) struct NonceBatcher {
    queue: mpsc::Sender<Pending>,
    metrics: Arc<Metrics>,
}

impl NonceBatcher {
    /// Starts the committer over `store`: a thread calling the synchronous store behind it
    /// (SQLite: a commit may fsync), else a task on the current runtime (PostgreSQL, ADR 0021).
    pub(crate) fn start(store: &Arc<dyn AsyncStore>, metrics: Arc<Metrics>) -> Result<Self, Error> {
        let (queue, pending) = mpsc::channel(QUEUE);
        let committer_metrics = Arc::clone(&metrics);
        match store.blocking() {
            Some(sync) => {
                let sync = Arc::clone(sync);
                std::thread::Builder::new()
                    .name("relay-nonces".into())
                    .spawn(move || commit_loop(pending, sync.as_ref(), &committer_metrics))?;
            }
            None => {
                let store = Arc::clone(store);
                tokio::runtime::Handle::try_current()
                    .map_err(|_| Error::Task)?
                    .spawn(async move { commit_task(pending, store.as_ref(), &committer_metrics).await });
            }
        }
        Ok(Self { queue, metrics })
    }

    /// Records the nonce: true if it is new, false for a replay. An error when the database
    /// failed (the request is refused: a nonce that could not be recorded cannot be checked).
    pub(crate) async fn claim(&self, claim: NonceClaim) -> Result<bool, ApiError> {
        let _waiting = GaugeGuard::inc(self.metrics.nonces_waiting.clone());
        let asked = Instant::now();
        let (answer, answered) = oneshot::channel();
        let failed = || ApiError::internal(&StoreError::Task);
        self.queue
            .send(Pending { claim, answer })
            .await
            .map_err(|_| failed())?;
        // A dropped sender means the batch failed (logged by the committer).
        let fresh = answered.await.map_err(|_| failed());
        self.metrics
            .group_commit_waited(BatchLabels::NONCE, asked.elapsed());
        fresh
    }
}

/// Takes every nonce waiting (up to [`MAX_BATCH`]), records them in one transaction, answers;
/// until every sender is gone.
fn commit_loop(mut pending: mpsc::Receiver<Pending>, store: &dyn RelayStore, metrics: &Metrics) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = pending.blocking_recv() {
        batch.push(first);
        // Let the request threads run on before taking the batch (see `crate::let_requests_run`).
        crate::let_requests_run();
        let claims = take_batch(&mut pending, &mut batch, metrics);
        let recorded = store.remember_nonces(&claims, now_ms());
        answer(&mut batch, recorded);
    }
}

/// [`commit_loop`] as a task, for a store that is asynchronous itself: the batch is what
/// arrived while the last one was being recorded (the task yields once first, as the thread
/// does, so requests woken together join one batch).
async fn commit_task(mut pending: mpsc::Receiver<Pending>, store: &dyn AsyncStore, metrics: &Metrics) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = pending.recv().await {
        batch.push(first);
        tokio::task::yield_now().await;
        let claims = take_batch(&mut pending, &mut batch, metrics);
        let recorded = store.remember_nonces(&claims, now_ms()).await;
        answer(&mut batch, recorded);
    }
}

/// Adds whatever else is waiting to `batch` (up to [`MAX_BATCH`]); its claims.
fn take_batch(
    pending: &mut mpsc::Receiver<Pending>,
    batch: &mut Vec<Pending>,
    metrics: &Metrics,
) -> Vec<NonceClaim> {
    while batch.len() < MAX_BATCH {
        match pending.try_recv() {
            Ok(next) => batch.push(next),
            Err(_) => break,
        }
    }
    metrics.nonce_batch(batch.len());
    batch.iter().map(|p| p.claim).collect()
}

/// Answers each request of `batch` with what the store said, or (dropping its sender) with an
/// error.
fn answer(batch: &mut Vec<Pending>, recorded: StoreResult<Vec<bool>>) {
    match recorded {
        Ok(fresh) if fresh.len() == batch.len() => {
            for (p, fresh) in batch.drain(..).zip(fresh) {
                // The request may have timed out meanwhile; nobody to tell then.
                let _ = p.answer.send(fresh);
            }
        }
        Ok(_) => {
            tracing::error!("the store answered a nonce batch with the wrong count");
            batch.clear();
        }
        Err(error) => {
            tracing::warn!(%error, batch = batch.len(), "recording nonces failed");
            // Dropping the senders answers every request of the batch with an error.
            batch.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Blocking, SqliteStore};
    use tsunagu_wire::DeviceId;

    /// A request's claim; a replay repeats its signed time, so its expiry.
    fn claim(device: u8, nonce: u8) -> NonceClaim {
        static EXPIRES: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
        NonceClaim {
            device: DeviceId([device; 32]),
            nonce: [nonce; 16],
            expires_at_ms: *EXPIRES.get_or_init(|| now_ms() + 60_000),
        }
    }

    #[tokio::test]
    async fn concurrent_claims_are_answered_each_and_a_replay_is_refused_once_recorded() {
        let store: Arc<dyn AsyncStore> = Arc::new(Blocking::new(Arc::new(
            SqliteStore::open_in_memory().expect("store"),
        )));
        let metrics = Arc::new(Metrics::new());
        let batcher = Arc::new(NonceBatcher::start(&store, metrics).expect("thread"));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..200u8 {
            let b = Arc::clone(&batcher);
            // Two devices, 100 nonces each; the same nonce byte under two devices is no replay.
            tasks.spawn(async move { b.claim(claim(i % 2, i / 2)).await });
        }
        let mut fresh = 0;
        while let Some(outcome) = tasks.join_next().await {
            assert!(outcome.expect("task").expect("recorded"));
            fresh += 1;
        }
        assert_eq!(fresh, 200);
        assert!(!batcher.claim(claim(1, 7)).await.expect("recorded"), "replayed");
        // The same nonce twice at once: exactly one of the two is fresh.
        let (a, b) = tokio::join!(batcher.claim(claim(3, 3)), batcher.claim(claim(3, 3)));
        assert!(a.expect("a") ^ b.expect("b"));
    }
}
