//! The HTTP layer: [`router`] maps ADR 0002's endpoints to handlers, [`RelayState`] holds the
//! store, the rate limiter and the resolved member tables. Only this module speaks HTTP; only
//! [`crate::store`] speaks SQL.

mod append_batch;
mod data;
mod error;
mod extract;
mod key_cache;
mod lanes;
mod links;
mod member_cache;
mod members;
mod nonce_batch;
mod quota;
mod scrape;
mod sync;
mod timed_body;
mod viewer;

use std::collections::BTreeMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tsunagu_wire::DeviceId;
use tsunagu_wire::membership::{MembershipEntry, ResolvedMember, Role, resolve_members};

use self::append_batch::{AppendBatcher, Push};
use self::error::ApiError;
use self::key_cache::KeyCache;
use self::lanes::{Lane, Lanes};
use self::member_cache::MemberCache;
use self::nonce_batch::NonceBatcher;
use self::timed_body::TimedBody;
use crate::config::RelayConfig;
use crate::error::Error;
use crate::metrics::Metrics;
use crate::now_ms;
use crate::passcode::HashingLimit;
use crate::rate::RateLimiter;
use crate::store::{
    AppendOutcome, AsyncStore, Blocking, NewEnvelope, NonceClaim, ProfileRecord, RelayStore, StoreResult,
};

pub(crate) use self::scrape::metrics_router;

/// The header of a pull response saying more envelopes follow (the wire crate's, shared with
/// the client).
pub use tsunagu_wire::sync::MORE_HEADER;

/// A profile's membership entries and the member table resolved from them.
#[derive(Debug)]
pub(crate) struct Members {
    entry_count: u64,
    entries: Vec<MembershipEntry>,
    table: BTreeMap<DeviceId, ResolvedMember>,
}

/// What a current member may do in a profile.
#[derive(Debug)]
pub(crate) struct Access {
    /// The profile's record as read for this request.
    record: ProfileRecord,
    /// The requesting device's role.
    role: Role,
    /// The profile's members.
    members: Arc<Members>,
}

struct Inner {
    store: Arc<dyn AsyncStore>,
    config: RelayConfig,
    limiter: RateLimiter,
    members: MemberCache,
    /// Devices' verifying keys, decompressed once.
    keys: KeyCache,
    lanes: Lanes,
    nonces: NonceBatcher,
    /// Group commit of pushes, on a store with one writer (`None`: each push commits alone).
    appends: Option<AppendBatcher>,
    metrics: Arc<Metrics>,
    hashing: HashingLimit,
    shl_by_ip: RateLimiter<IpAddr>,
    shl_by_link: RateLimiter<String>,
    /// When `/health` last ran the store's own check.
    health_full_at: std::sync::Mutex<Option<Instant>>,
}

/// The local address a connection came in on, set by the server loop (file locations are built
/// from it when no public URL is configured, never from the `Host` header).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalAddr(pub(crate) SocketAddr);

/// Everything the handlers share: the store, the limits, the rate limiter and a cache of
/// resolved member tables. Cheap to clone.
#[derive(Clone)]
pub struct RelayState {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for RelayState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayState")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Access {
    /// The profile's owner device.
    pub(crate) fn owner(&self) -> DeviceId {
        self.record.owner
    }
}

impl RelayState {
    /// State over any synchronous store, its calls run on the blocking pool ([`Blocking`]).
    pub fn new(store: Arc<dyn RelayStore>, config: RelayConfig) -> Result<Self, Error> {
        Self::with_store(Arc::new(Blocking::new(store)), config)
    }

    /// State over any store. Starts the committer of request nonces (a thread on a synchronous
    /// store, a task on the current runtime otherwise) and, on a store with one writer, the
    /// committing thread of pushes; they end when the last clone of this state is dropped.
    pub fn with_store(store: Arc<dyn AsyncStore>, config: RelayConfig) -> Result<Self, Error> {
        config.validate()?;
        let metrics = Arc::new(Metrics::new());
        let appends = match store.blocking() {
            Some(sync) if sync.groups_appends() => {
                Some(AppendBatcher::start(Arc::clone(sync), Arc::clone(&metrics))?)
            }
            _ => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                nonces: NonceBatcher::start(&store, Arc::clone(&metrics))?,
                appends,
                lanes: Lanes::new(store.concurrency()),
                members: MemberCache::new(config.member_cache_capacity, Arc::clone(&metrics)),
                keys: KeyCache::new(config.key_cache_capacity, Arc::clone(&metrics)),
                metrics,
                store,
                limiter: RateLimiter::new(config.rate_per_second, config.burst),
                hashing: HashingLimit::new(config.max_concurrent_hashes),
                shl_by_ip: RateLimiter::new(config.shl_per_ip.rate, config.shl_per_ip.burst),
                shl_by_link: RateLimiter::new(config.shl_per_link.rate, config.shl_per_link.burst),
                health_full_at: std::sync::Mutex::new(None),
                config,
            }),
        })
    }

    /// Opens (creating or migrating) `config.database`: a SQLite file or a PostgreSQL database.
    pub async fn open(config: RelayConfig) -> Result<Self, Error> {
        config.validate()?;
        let store = crate::store::open_async(&config.database, config.db_pool_size).await?;
        Self::with_store(store, config)
    }

    /// The configuration in force.
    pub fn config(&self) -> &RelayConfig {
        &self.inner.config
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Devices' verifying keys, decompressed once.
    pub(crate) fn keys(&self) -> &KeyCache {
        &self.inner.keys
    }

    /// The relay-wide bound on passcode hashing.
    pub(crate) fn hashing(&self) -> &HashingLimit {
        &self.inner.hashing
    }

    /// `/shl/*` buckets by client address.
    pub(crate) fn shl_by_ip(&self) -> &RateLimiter<IpAddr> {
        &self.inner.shl_by_ip
    }

    /// Manifest buckets by link id.
    pub(crate) fn shl_by_link(&self) -> &RateLimiter<String> {
        &self.inner.shl_by_link
    }

    /// Deletes expired tickets, expired links' files and links revoked or expired longer ago
    /// than `link_retention_ms`. `None` if the store failed (logged).
    pub async fn prune(&self, now_ms: i64) -> Option<crate::store::Pruned> {
        let retain = self.config().link_retention_ms;
        self.write(|s| s.prune_links(now_ms, retain)).await.ok()
    }

    /// The metrics this relay keeps.
    pub(crate) fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The metrics' text exposition as of now (what `GET /metrics` answers).
    pub(crate) fn render_metrics(&self) -> String {
        self.inner.metrics.render(self.inner.store.pool_status())
    }

    /// Runs a storage call that writes (or may), once a write slot is free: `call` gets the
    /// store and returns the call's future (`|s| s.create_profile(…)`).
    pub(crate) async fn write<'c, T, F, Fut>(&'c self, call: F) -> Result<T, ApiError>
    where
        F: FnOnce(&'c dyn AsyncStore) -> Fut,
        Fut: Future<Output = StoreResult<T>>,
    {
        let inner = &self.inner;
        inner
            .lanes
            .run(Lane::Write, &inner.metrics, || call(inner.store.as_ref()))
            .await
    }

    /// Runs a storage call that only reads, once a read slot is free: on SQLite it reads on a
    /// connection of its own, beside the writer (the short reads on the request's own thread,
    /// ADR 0016, 6).
    pub(crate) async fn read<'c, T, F, Fut>(&'c self, call: F) -> Result<T, ApiError>
    where
        F: FnOnce(&'c dyn AsyncStore) -> Fut,
        Fut: Future<Output = StoreResult<T>>,
    {
        let inner = &self.inner;
        inner
            .lanes
            .run(Lane::Read, &inner.metrics, || call(inner.store.as_ref()))
            .await
    }

    /// Appends a checked envelope: group-committed with concurrent pushes where the store has
    /// one writer, else in a write call of its own.
    pub(crate) async fn append(&self, push: Push) -> Result<AppendOutcome, ApiError> {
        if let Some(appends) = &self.inner.appends {
            return appends.append(push).await;
        }
        let new = NewEnvelope {
            author: push.author,
            counter: push.counter,
            epoch: push.epoch,
            bytes: &push.bytes,
        };
        self.write(|s| s.append_envelope(&push.profile, &new, now_ms()))
            .await
    }

    /// Records a request's nonce (group-committed with those of concurrent requests): true if
    /// it is new, false for a replay.
    pub(crate) async fn claim_nonce(&self, claim: NonceClaim) -> Result<bool, ApiError> {
        self.inner.nonces.claim(claim).await
    }

    /// The profile's record and members, resolved with the same rules clients apply, trusting
    /// only the owner recorded at creation. `None` if there is no such profile.
    pub(crate) async fn members(
        &self,
        profile: &str,
    ) -> Result<Option<(ProfileRecord, Arc<Members>)>, ApiError> {
        let Some(record) = self.read(|s| s.profile(profile)).await? else {
            return Ok(None);
        };
        if let Some(members) = self.inner.members.get(profile, record.entry_count) {
            return Ok(Some((record, members)));
        }
        let Some((record, entries)) = self.read(|s| s.membership(profile)).await? else {
            return Ok(None);
        };
        // Verifying every signature costs ~37 µs each, on the request's thread: once per profile
        // and membership change (the cache keeps the table).
        let table = resolve_members(profile, record.owner, &entries);
        let members = Arc::new(Members {
            entry_count: record.entry_count,
            entries,
            table,
        });
        self.inner.members.insert(profile, Arc::clone(&members));
        Ok(Some((record, members)))
    }

    /// Lets only current members through: `404` for an unknown profile, `403` for strangers and
    /// removed devices.
    pub(crate) async fn require_member(&self, profile: &str, device: &DeviceId) -> Result<Access, ApiError> {
        let (record, members) = self.members(profile).await?.ok_or(ApiError::NOT_FOUND)?;
        let role = match members.table.get(device) {
            None => return Err(ApiError::NOT_MEMBER),
            Some(m) if m.removed => return Err(ApiError::REMOVED),
            Some(m) => m.role,
        };
        Ok(Access {
            record,
            role,
            members,
        })
    }
}

/// The relay's routes over `state` (ADR 0002, "Endpoints"), with the body limit, the request
/// timeout, the per-address limit on `/shl/*` and the request log.
pub fn router(state: RelayState) -> Router {
    let max_body = state.config().max_body_bytes;
    // Anonymous recipients' endpoints: limited per client address before anything else runs.
    let shl = Router::new()
        .route("/shl/{id}", post(links::manifest).options(links::preflight))
        .route("/shl/file/{ticket}", get(links::file).options(links::preflight))
        .route_layer(middleware::from_fn_with_state(state.clone(), limit_shl_by_ip));
    Router::new()
        .route("/health", get(health))
        .route("/v1/profiles", post(members::create_profile))
        .route(
            "/v1/profiles/{p}/members",
            get(members::list_members).post(members::add_member),
        )
        .route("/v1/profiles/{p}/invites", post(members::create_invite))
        .route("/v1/join", post(members::join))
        .route("/v1/profiles/{p}/revocations", post(members::revoke))
        .route("/v1/profiles/{p}/keys", post(members::grant_keys))
        .route("/v1/profiles/{p}/keys/{epoch}", get(members::sealed_key))
        .route(
            "/v1/profiles/{p}/envelopes",
            get(data::pull_envelopes).post(data::push_envelope),
        )
        .route("/v1/profiles/{p}/sync", post(sync::sync))
        .route("/v1/profiles/{p}/snapshots", post(data::put_snapshot))
        .route("/v1/profiles/{p}/snapshots/latest", get(data::latest_snapshot))
        .route("/v1/profiles/{p}/snapshots/{hash}", get(data::get_snapshot))
        .route("/v1/links", post(links::create_link).get(links::list_links))
        .route("/v1/links/{id}", get(links::link_status))
        .route("/v1/links/{id}/file", post(links::put_file))
        .route("/v1/links/{id}/revoke", post(links::revoke))
        .route("/v1/profiles/{p}/links", get(links::profile_links))
        .route(
            "/v1/profiles/{p}/links/{id}/revoke",
            post(links::revoke_profile_link),
        )
        .merge(shl)
        .route("/view", get(viewer::page))
        .route("/view/viewer.js", get(viewer::script))
        .route("/view/viewer.css", get(viewer::style))
        .fallback(|| async { ApiError::NOT_FOUND })
        .method_not_allowed_fallback(|| async { ApiError::METHOD_NOT_ALLOWED })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), request_timeout))
        .layer(middleware::from_fn_with_state(state.clone(), log_request))
        .with_state(state)
}

/// The client address of a request: the TCP peer the server loop recorded or, when that peer is
/// a trusted proxy (`--trusted-proxy`), the client its `X-Forwarded-For` names.
pub(crate) fn client_ip(state: &RelayState, req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| state.config().trusted_proxies.client(addr.ip(), req.headers()))
}

/// `429` with `Retry-After` once a client address has spent its `/shl/*` bucket. Requests
/// without a recorded address (a router driven in-process) share one bucket.
async fn limit_shl_by_ip(State(state): State<RelayState>, req: Request, next: Next) -> Response {
    let key =
        client_ip(&state, &req).map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), crate::rate::ip_key);
    if let Err(wait) = state.shl_by_ip().check(&key, Instant::now()) {
        return links::public(ApiError::rate_limited(wait).into_response());
    }
    next.run(req).await
}

/// `408` when reading the body and answering take longer than the request timeout (a slow
/// sender cannot hold a handler open).
async fn request_timeout(State(state): State<RelayState>, req: Request, next: Next) -> Response {
    let limit = state.config().server.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = ApiError::REQUEST_TIMEOUT.into_response();
            response
                .headers_mut()
                .insert(header::CONNECTION, axum::http::HeaderValue::from_static("close"));
            response
        }
    }
}

/// `GET /health`: `200 ok` once the database answers. A storage call of a request that succeeded
/// within [`HEALTH_FRESH`] is that answer: a check of its own would wait in the read lane behind
/// the requests (seconds in a storm), past the balancer's check timeout (haproxy: its `inter`),
/// and a busy relay would be taken out of the pool for being busy. Every
/// [`HEALTH_FULL_EVERY`] at least, and whenever requests are not succeeding, the check asks the
/// store itself (on PostgreSQL that also re-reads the schema version now and then).
async fn health(State(state): State<RelayState>) -> Response {
    let inner = &state.inner;
    if inner.lanes.answered_within(HEALTH_FRESH) && !inner.health_full_due() {
        return (StatusCode::OK, "ok").into_response();
    }
    inner.health_checked();
    match state.read(|s| s.health()).await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(_) => ApiError::UNAVAILABLE.into_response(),
    }
}

/// How recent a request's successful storage call must be to answer `/health` for it.
const HEALTH_FRESH: std::time::Duration = std::time::Duration::from_secs(1);

/// The longest `/health` goes without a call to the store's own check.
const HEALTH_FULL_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl Inner {
    /// True when the store's own health check has not run for [`HEALTH_FULL_EVERY`].
    fn health_full_due(&self) -> bool {
        self.health_full_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_none_or(|at| at.elapsed() >= HEALTH_FULL_EVERY)
    }

    fn health_checked(&self) {
        *self
            .health_full_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
    }
}

/// Logs method, route template, status, latency (from the head, and from the body's end: see
/// [`timed_body`]) and the first 8 characters of the device id the
/// request claims, and counts the request in the metrics (without the device). Never bodies,
/// never other headers.
async fn log_request(State(state): State<RelayState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_owned(), |m| m.as_str().to_owned());
    let device = device_prefix(req.headers());
    let (parts, body) = req.into_parts();
    let (body, body_ended) = TimedBody::wrap(body);
    let response = next.run(Request::from_parts(parts, body)).await;
    let latency = start.elapsed();
    // From the body's last byte (or the head, if the body was not read): the relay's own time.
    let service = body_ended.get().map_or(latency, Instant::elapsed);
    let status = response.status().as_u16();
    state.metrics().request(method.as_str(), &route, status, latency);
    tracing::info!(
        method = %method,
        route = %route,
        status,
        latency_ms = latency.as_micros() as f64 / 1000.0,
        service_ms = service.as_micros() as f64 / 1000.0,
        device = device.as_deref().unwrap_or("-"),
        "request"
    );
    response
}

/// The first 8 characters of the device id named by a Tsunagu `Authorization` header (compact
/// or version 1, ADR 0014).
fn device_prefix(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let id = tsunagu_wire::request::RequestAuth::device_of(value)?;
    // 6 bytes are exactly 8 base64 characters: the id's text form begins with them.
    Some(tsunagu_wire::b64::encode(&id.0[..6]))
}

/// Profile ids are what an invite link can carry: 1 to 64 of `A-Z a-z 0-9 - _`.
fn valid_profile_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn device_prefix_takes_eight_id_characters_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(device_prefix(&headers), None);
        let device = tsunagu_wire::DeviceIdentity::generate().expect("rng");
        let id = device.id().to_text();
        for signed in [
            tsunagu_wire::request::sign(&device, "GET", "/", b"", 1).expect("signs"),
            format!("Tsunagu device={id},time=1,nonce=x,sig=y"),
        ] {
            headers.insert(
                header::AUTHORIZATION,
                HeaderValue::from_str(&signed).expect("ascii"),
            );
            assert_eq!(device_prefix(&headers).as_deref(), Some(&id[..8]));
        }
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Tsunagu device=abcdEFGH_-xyz,time=1,nonce=x,sig=y"),
        );
        assert_eq!(device_prefix(&headers), None, "not a device id");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Tsunagu device=ab\"<>efgh,time=1"),
        );
        assert_eq!(device_prefix(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Tsunagu device=abc"),
        );
        assert_eq!(device_prefix(&headers), None);
    }

    #[test]
    fn profile_ids_are_short_and_url_safe() {
        assert!(valid_profile_id("p-abc_123"));
        assert!(valid_profile_id(&"a".repeat(64)));
        for bad in ["", "../x", "a b", "ä", &"a".repeat(65)] {
            assert!(!valid_profile_id(bad), "{bad}");
        }
    }
}
