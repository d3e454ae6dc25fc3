//! [`AppendBatcher`]: group commit of pushed envelopes on a store with one writer (SQLite; ADR
//! 0016, 5). Each push committed on its own, with its own flush, one after the other behind the
//! one writer: in the storm the pushes queued behind each other's flushes and every other
//! request's nonce batch queued behind them (relay-side p50 0.6 s, p99 2.1 s at N = 2,000 with
//! the relay's core two-thirds idle). Here one thread takes every push waiting, appends them in
//! one transaction with one flush, and answers each; alone, a push waits for one commit as
//! before. A push is answered only after the commit that holds it: durability is unchanged.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};
use tsunagu_wire::DeviceId;

use super::error::ApiError;
use crate::error::{Error, StoreError};
use crate::metrics::{BatchLabels, Metrics};
use crate::now_ms;
use crate::store::{AppendOutcome, NewEnvelope, RelayStore};

/// Most envelopes in one transaction.
const MAX_BATCH: usize = 128;
/// Pushes that may queue for the committer before senders wait for room.
const QUEUE: usize = 4096;

/// A checked envelope to append to `profile`.
pub(crate) struct Push {
    pub(crate) profile: String,
    pub(crate) author: DeviceId,
    pub(crate) counter: u64,
    pub(crate) epoch: u32,
    pub(crate) bytes: axum::body::Bytes,
}

struct Pending {
    push: Push,
    answer: oneshot::Sender<AppendOutcome>,
}

/// Hands pushes to the committing thread; the thread ends when this is dropped.
pub(crate) struct AppendBatcher {
    queue: mpsc::Sender<Pending>,
    metrics: Arc<Metrics>,
}

impl AppendBatcher {
    /// Starts the committing thread over `store`.
    pub(crate) fn start(store: Arc<dyn RelayStore>, metrics: Arc<Metrics>) -> Result<Self, Error> {
        let (queue, pending) = mpsc::channel(QUEUE);
        let thread_metrics = Arc::clone(&metrics);
        std::thread::Builder::new()
            .name("relay-appends".into())
            .spawn(move || commit_loop(pending, store.as_ref(), &thread_metrics))?;
        Ok(Self { queue, metrics })
    }

    /// Appends the envelope in the next group commit. An error when the database failed for
    /// this envelope (a failed batch is retried one push at a time, so one push cannot fail the
    /// others; the client's retry is idempotent).
    pub(crate) async fn append(&self, push: Push) -> Result<AppendOutcome, ApiError> {
        let asked = Instant::now();
        let (answer, answered) = oneshot::channel();
        let failed = || ApiError::internal(&StoreError::Task);
        self.queue
            .send(Pending { push, answer })
            .await
            .map_err(|_| failed())?;
        // A dropped sender means the batch failed (logged by the committer).
        let outcome = answered.await.map_err(|_| failed());
        self.metrics
            .group_commit_waited(BatchLabels::APPEND, asked.elapsed());
        outcome
    }
}

/// Takes every push waiting (up to [`MAX_BATCH`]), appends them in one transaction, answers;
/// until every sender is gone.
fn commit_loop(mut pending: mpsc::Receiver<Pending>, store: &dyn RelayStore, metrics: &Metrics) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = pending.blocking_recv() {
        batch.push(first);
        // Let the request threads run on before taking the batch (see `crate::let_requests_run`).
        crate::let_requests_run();
        while batch.len() < MAX_BATCH {
            match pending.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let items: Vec<(&str, NewEnvelope<'_>)> = batch
            .iter()
            .map(|p| {
                let push = &p.push;
                let envelope = NewEnvelope {
                    author: push.author,
                    counter: push.counter,
                    epoch: push.epoch,
                    bytes: &push.bytes,
                };
                (push.profile.as_str(), envelope)
            })
            .collect();
        metrics.append_batch(items.len());
        let now = now_ms();
        let outcomes = match store.append_envelopes(&items, now) {
            Ok(outcomes) if outcomes.len() == items.len() => outcomes.into_iter().map(Some).collect(),
            Ok(_) => {
                tracing::error!("the store answered an append batch with the wrong count");
                vec![None; items.len()]
            }
            Err(error) => {
                // Nothing of the batch was stored. One at a time, so that whatever failed fails
                // only its own push.
                tracing::warn!(%error, batch = items.len(), "appending a batch of envelopes failed");
                one_by_one(store, &items, now)
            }
        };
        drop(items);
        for (p, outcome) in batch.drain(..).zip(outcomes) {
            // `None` drops the sender: that push is answered with an error. A request that timed
            // out meanwhile has nobody to tell; its envelope is stored anyway, as without the
            // batch.
            if let Some(outcome) = outcome {
                let _ = p.answer.send(outcome);
            }
        }
    }
}

/// Each append in a transaction of its own (after a failed batch).
fn one_by_one(
    store: &dyn RelayStore,
    items: &[(&str, NewEnvelope<'_>)],
    now: i64,
) -> Vec<Option<AppendOutcome>> {
    items
        .iter()
        .map(
            |(profile, envelope)| match store.append_envelope(profile, envelope, now) {
                Ok(outcome) => Some(outcome),
                Err(error) => {
                    tracing::warn!(%error, "appending an envelope failed");
                    None
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;
    use tsunagu_wire::membership::{MemberCert, MembershipEntry, Role};

    #[tokio::test]
    async fn concurrent_pushes_are_each_answered_with_consecutive_numbers_and_retries_are_idempotent() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn RelayStore> =
            Arc::new(SqliteStore::open(dir.path().join("relay.sqlite3")).expect("store"));
        let owner = tsunagu_wire::DeviceIdentity::generate().expect("rng");
        for p in ["p-a", "p-b"] {
            let cert = MemberCert::issue(&owner, p, owner.public(), Role::Owner, 1);
            assert!(
                store
                    .create_profile(p, &owner.id(), &MembershipEntry::Cert(cert), 1)
                    .expect("create")
            );
        }
        let batcher =
            Arc::new(AppendBatcher::start(Arc::clone(&store), Arc::new(Metrics::new())).expect("thread"));
        let push = |profile: &str, counter: u64| Push {
            profile: profile.to_owned(),
            author: owner.id(),
            counter,
            epoch: 1,
            bytes: axum::body::Bytes::from(format!("{profile}-{counter}")),
        };
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..100u64 {
            let b = Arc::clone(&batcher);
            let p = push(if i % 2 == 0 { "p-a" } else { "p-b" }, i);
            tasks.spawn(async move { b.append(p).await });
        }
        let mut seqs = Vec::new();
        while let Some(outcome) = tasks.join_next().await {
            match outcome.expect("task").expect("stored") {
                AppendOutcome::Appended(seq) => seqs.push(seq),
                other => panic!("{other:?}"),
            }
        }
        seqs.sort_unstable();
        // 50 per profile, each profile numbered 1..=50 without a gap or a repeat.
        let expected: Vec<u64> = (1..=50).flat_map(|s| [s, s]).collect();
        assert_eq!(seqs, expected);
        let (again, other) = tokio::join!(batcher.append(push("p-a", 0)), batcher.append(push("p-z", 1)));
        assert!(matches!(again.expect("retry"), AppendOutcome::Duplicate(_)));
        assert_eq!(other.expect("unknown"), AppendOutcome::UnknownProfile);
        let page = store.envelopes_after("p-a", 0, 100, 1 << 20).expect("read");
        assert_eq!(page.items.len(), 50);
    }
}
