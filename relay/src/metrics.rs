//! [`Metrics`]: what an operator's Prometheus scrapes from `GET /metrics` on the separate
//! `--metrics-addr` listener (off by default): requests by route template and status, latency
//! histograms, connections, the queue in front of the database and its pool, the nonce batches
//! and the member cache. Labels are route templates (`/v1/profiles/{p}/envelopes`), methods,
//! statuses and lanes: never a profile id, a device id or anything from a body.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::store::PoolStatus;

/// A request's labels: method, route template, status.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// A route's labels: method and route template.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RouteLabels {
    method: String,
    route: String,
}

/// Which of the two queues in front of the database a call waits in.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct LaneLabels {
    lane: &'static str,
}

impl LaneLabels {
    /// Calls that only read.
    pub(crate) const READ: Self = Self { lane: "read" };
    /// Calls that write.
    pub(crate) const WRITE: Self = Self { lane: "write" };
}

/// Which group commit a request waited for.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct BatchLabels {
    batch: &'static str,
}

impl BatchLabels {
    /// The request's nonce.
    pub(crate) const NONCE: Self = Self { batch: "nonce" };
    /// A pushed envelope.
    pub(crate) const APPEND: Self = Self { batch: "append" };
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Latency buckets in seconds: 0.25 ms to about 8 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

/// Batch sizes: 1 to 512, doubling.
fn batch_histogram() -> Histogram {
    Histogram::new(exponential_buckets(1.0, 2.0, 10))
}

/// The relay's metrics; one per [`crate::RelayState`], updated whether or not anyone scrapes.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histograms<RouteLabels>,
    /// Connections being served now.
    pub(crate) connections_open: Gauge,
    /// Connections accepted and served.
    pub(crate) connections_accepted: Counter,
    /// Connections closed at accept because the cap was reached.
    pub(crate) connections_refused: Counter,
    db_waiting: Family<LaneLabels, Gauge>,
    db_running: Family<LaneLabels, Gauge>,
    db_wait: Histograms<LaneLabels>,
    db_pool_size: Gauge,
    db_pool_in_use: Gauge,
    /// Requests whose nonce waits to be committed.
    pub(crate) nonces_waiting: Gauge,
    nonce_batch: Histogram,
    append_batch: Histogram,
    /// From a request handing its nonce or push to a group commit to its answer.
    group_commit_wait: Histograms<BatchLabels>,
    /// Member-table lookups answered from the cache.
    pub(crate) member_cache_hits: Counter,
    /// Member-table lookups that read and verified the membership log.
    pub(crate) member_cache_misses: Counter,
    /// Member tables dropped to make room (least recently used first).
    pub(crate) member_cache_evictions: Counter,
    /// Member tables cached now.
    pub(crate) member_cache_entries: Gauge,
    /// Signatures checked with a device key already decompressed.
    pub(crate) key_cache_hits: Counter,
    /// Signatures whose device key was decompressed for them.
    pub(crate) key_cache_misses: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric at zero, registered under `relay_`.
    pub(crate) fn new() -> Self {
        let mut m = Self {
            registry: Registry::with_prefix("relay"),
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            connections_open: Gauge::default(),
            connections_accepted: Counter::default(),
            connections_refused: Counter::default(),
            db_waiting: Family::default(),
            db_running: Family::default(),
            db_wait: Family::new_with_constructor(latency_histogram),
            db_pool_size: Gauge::default(),
            db_pool_in_use: Gauge::default(),
            nonces_waiting: Gauge::default(),
            nonce_batch: batch_histogram(),
            append_batch: batch_histogram(),
            group_commit_wait: Family::new_with_constructor(latency_histogram),
            member_cache_hits: Counter::default(),
            member_cache_misses: Counter::default(),
            member_cache_evictions: Counter::default(),
            member_cache_entries: Gauge::default(),
            key_cache_hits: Counter::default(),
            key_cache_misses: Counter::default(),
        };
        let r = &mut m.registry;
        r.register(
            "http_requests",
            "Requests answered, by method, route template and status",
            m.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time from the request's headers to its answer (waiting for the database included)",
            m.latency.clone(),
        );
        r.register(
            "connections_open",
            "HTTP connections being served",
            m.connections_open.clone(),
        );
        r.register(
            "connections_accepted",
            "HTTP connections accepted",
            m.connections_accepted.clone(),
        );
        r.register(
            "connections_refused",
            "HTTP connections closed at accept: the connection cap was reached",
            m.connections_refused.clone(),
        );
        r.register(
            "db_calls_waiting",
            "Storage calls queued for a database slot (no thread held while queued)",
            m.db_waiting.clone(),
        );
        r.register(
            "db_calls_running",
            "Storage calls running on a blocking thread",
            m.db_running.clone(),
        );
        r.register(
            "db_queue_wait_seconds",
            "Time a storage call waited for a database slot",
            m.db_wait.clone(),
        );
        r.register(
            "db_pool_connections",
            "Database connections this relay may hold (SQLite: the writer and the readers)",
            m.db_pool_size.clone(),
        );
        r.register(
            "db_pool_in_use",
            "Database connections in use at the scrape",
            m.db_pool_in_use.clone(),
        );
        r.register(
            "nonces_waiting",
            "Requests waiting for their nonce to be recorded",
            m.nonces_waiting.clone(),
        );
        r.register(
            "nonce_batch_size",
            "Nonces recorded per group commit",
            m.nonce_batch.clone(),
        );
        r.register(
            "append_batch_size",
            "Pushed envelopes appended per group commit (stores with one writer)",
            m.append_batch.clone(),
        );
        r.register(
            "group_commit_wait_seconds",
            "Time a request waited for the group commit of its nonce or its push, from handing it over to the answer",
            m.group_commit_wait.clone(),
        );
        r.register(
            "member_cache_hits",
            "Member tables served from the cache",
            m.member_cache_hits.clone(),
        );
        r.register(
            "member_cache_misses",
            "Member tables read and verified from the membership log",
            m.member_cache_misses.clone(),
        );
        r.register(
            "member_cache_evictions",
            "Member tables dropped from the cache, least recently used first",
            m.member_cache_evictions.clone(),
        );
        r.register(
            "member_cache_entries",
            "Member tables cached",
            m.member_cache_entries.clone(),
        );
        r.register(
            "key_cache_hits",
            "Signatures checked with the device key already decompressed",
            m.key_cache_hits.clone(),
        );
        r.register(
            "key_cache_misses",
            "Signatures whose device key was decompressed for them",
            m.key_cache_misses.clone(),
        );
        m
    }

    /// Counts an answered request and its latency. `route` is the matched route template.
    pub(crate) fn request(&self, method: &str, route: &str, status: u16, latency: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(latency.as_secs_f64());
    }

    /// Calls queued for a slot of `lane`.
    pub(crate) fn db_waiting(&self, lane: LaneLabels) -> Gauge {
        self.db_waiting.get_or_create(&lane).clone()
    }

    /// Calls of `lane` running.
    pub(crate) fn db_running(&self, lane: LaneLabels) -> Gauge {
        self.db_running.get_or_create(&lane).clone()
    }

    /// Records how long a request waited for the group commit of its nonce or its push.
    pub(crate) fn group_commit_waited(&self, batch: BatchLabels, waited: Duration) {
        self.group_commit_wait
            .get_or_create(&batch)
            .observe(waited.as_secs_f64());
    }

    /// Records how long a call of `lane` waited for its slot.
    pub(crate) fn db_waited(&self, lane: LaneLabels, waited: Duration) {
        self.db_wait.get_or_create(&lane).observe(waited.as_secs_f64());
    }

    /// Records the size of one nonce group commit.
    pub(crate) fn nonce_batch(&self, size: usize) {
        self.nonce_batch.observe(size as f64);
    }

    /// Records the size of one group commit of pushed envelopes.
    pub(crate) fn append_batch(&self, size: usize) {
        self.append_batch.observe(size as f64);
    }

    /// The text exposition (OpenMetrics), with the pool's state as of now.
    pub(crate) fn render(&self, pool: PoolStatus) -> String {
        self.db_pool_size
            .set(i64::try_from(pool.size).unwrap_or(i64::MAX));
        self.db_pool_in_use
            .set(i64::try_from(pool.in_use).unwrap_or(i64::MAX));
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// Decrements a gauge when dropped: a request cancelled while it waits still leaves the queue.
#[derive(Debug)]
pub(crate) struct GaugeGuard(Gauge);

impl GaugeGuard {
    /// Increments `gauge` now and decrements it on drop.
    pub(crate) fn inc(gauge: Gauge) -> Self {
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}
