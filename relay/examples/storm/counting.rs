//! The counting transport: HTTP/1.1 bytes and request counts by route, reconstructed from each
//! request and response.

use super::*;

/// What one kind of request cost.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RouteTotals {
    pub(super) requests: u64,
    pub(super) request_head: u64,
    pub(super) request_body: u64,
    pub(super) response_head: u64,
    pub(super) response_body: u64,
    pub(super) non_2xx: u64,
    pub(super) transport_errors: u64,
}

impl RouteTotals {
    pub(super) fn wire(&self) -> u64 {
        self.request_head + self.request_body + self.response_head + self.response_body
    }

    pub(super) fn add(&mut self, other: &RouteTotals) {
        self.requests += other.requests;
        self.request_head += other.request_head;
        self.request_body += other.request_body;
        self.response_head += other.response_head;
        self.response_body += other.response_body;
        self.non_2xx += other.non_2xx;
        self.transport_errors += other.transport_errors;
    }
}

#[derive(Debug, Default)]
pub(super) struct StatsInner {
    pub(super) routes: BTreeMap<&'static str, RouteTotals>,
    pub(super) latencies_us: Vec<u32>,
    pub(super) route_latencies_us: BTreeMap<&'static str, Vec<u32>>,
    pub(super) per_profile: HashMap<String, u64>,
    /// Envelopes in pull responses; those the pulling device wrote itself (echoed back), and
    /// their bytes with the batch framing; pulls that returned nothing.
    pub(super) pulled_envelopes: u64,
    pub(super) echoed_envelopes: u64,
    pub(super) echoed_bytes: u64,
    pub(super) empty_pulls: u64,
    /// Request bodies of pushes (envelopes, alone or in a sync request) as sent.
    pub(super) push_bodies: Vec<usize>,
    /// The first transport errors' texts by kind (the same text counted once more each time),
    /// at most a few kinds: what "transport errors N" in the report were.
    pub(super) transport_error_kinds: BTreeMap<String, u64>,
}

#[derive(Debug, Default)]
pub(super) struct Stats {
    pub(super) inner: Mutex<StatsInner>,
}

impl Stats {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, StatsInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn take(&self) -> StatsInner {
        std::mem::take(&mut *self.lock())
    }

    pub(super) fn totals(inner: &StatsInner) -> RouteTotals {
        let mut all = RouteTotals::default();
        for r in inner.routes.values() {
            all.add(r);
        }
        all
    }
}

/// [`HttpTransport`] with counters: requests, bytes each way by route and by profile, latency.
#[derive(Debug)]
pub(super) struct CountingTransport {
    pub(super) inner: HttpTransport,
    /// `host:port` as reqwest writes it in the `host` header.
    pub(super) host: String,
    pub(super) stats: Arc<Stats>,
}

/// The combined push and pull of ADR 0017: what a sync round sends since.
pub(super) const SYNC_ROUTE: &str = "POST sync (push + pull)";

pub(super) fn route_of(method: Method, path: &str) -> &'static str {
    let path = path.split('?').next().unwrap_or(path);
    let tail = path
        .strip_prefix("/v1/profiles/")
        .and_then(|rest| rest.split_once('/').map(|(_, t)| t));
    match (method, tail) {
        (Method::Get, _) if path == "/health" => "GET /health",
        (Method::Post, None) if path == "/v1/profiles" => "POST /v1/profiles",
        (Method::Post, None) if path == "/v1/join" => "POST /v1/join",
        (Method::Get, Some("members")) => "GET members",
        (Method::Post, Some("invites")) => "POST invites",
        (Method::Get, Some(t)) if t.starts_with("keys/") => "GET keys",
        (Method::Post, Some("envelopes")) => "POST envelopes (push)",
        (Method::Get, Some("envelopes")) => "GET envelopes (pull)",
        (Method::Post, Some("sync")) => "POST sync (push + pull)",
        (Method::Get, Some("snapshots/latest")) => "GET snapshots/latest",
        (Method::Get, Some(t)) if t.starts_with("snapshots/") => "GET snapshots/{hash}",
        (Method::Post, Some("snapshots")) => "POST snapshots",
        _ => "other",
    }
}

pub(super) fn profile_of(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/profiles/")?.split('/').next()
}

/// The device that signed a request (named by its `Authorization` header, either encoding).
pub(super) fn requester_of(request: &HttpRequest) -> Option<DeviceId> {
    let (_, value) = request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))?;
    tsunagu_wire::request::RequestAuth::device_of(value)
}

/// The request line and headers as reqwest/hyper write them for HTTP/1.1.
pub(super) fn request_head_len(request: &HttpRequest, host: &str) -> usize {
    let mut n = request.method.as_str().len() + 1 + request.path_and_query.len() + " HTTP/1.1\r\n".len();
    for (name, value) in &request.headers {
        n += name.len() + 2 + value.len() + 2;
    }
    n += "accept: */*\r\n".len();
    n += "host: ".len() + host.len() + 2;
    // hyper writes no `content-length` for an empty body (the proxy's exact count agrees).
    if request.method == Method::Post && !request.body.is_empty() {
        n += "content-length: ".len() + request.body.len().to_string().len() + 2;
    }
    n + 2
}

/// The status line and headers of a response as hyper wrote them.
pub(super) fn response_head_len(response: &HttpResponse) -> usize {
    let reason = axum::http::StatusCode::from_u16(response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut n = "HTTP/1.1 200 ".len() + reason.len() + 2;
    for (name, value) in &response.headers {
        n += name.len() + 2 + value.len() + 2;
    }
    n + 2
}

impl Transport for CountingTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let route = route_of(request.method, &request.path_and_query);
            let profile = profile_of(&request.path_and_query).map(str::to_owned);
            let request_head = request_head_len(&request, &self.host) as u64;
            let request_body = request.body.len();
            let requester = requester_of(&request);
            let start = Instant::now();
            let result = self.inner.send(request).await;
            let micros = u32::try_from(start.elapsed().as_micros()).unwrap_or(u32::MAX);
            let mut stats = self.stats.lock();
            let mut wire = request_head + request_body as u64;
            let totals = stats.routes.entry(route).or_default();
            totals.requests += 1;
            totals.request_head += request_head;
            totals.request_body += request_body as u64;
            match &result {
                Ok(response) => {
                    let head = response_head_len(response) as u64;
                    let body = response.body.len() as u64;
                    totals.response_head += head;
                    totals.response_body += body;
                    wire += head + body;
                    if !response.is_success() {
                        totals.non_2xx += 1;
                    }
                }
                Err(e) => {
                    totals.transport_errors += 1;
                    let kind = e.to_string();
                    let kinds = &mut stats.transport_error_kinds;
                    if let Some(n) = kinds.get_mut(&kind) {
                        *n += 1;
                    } else if kinds.len() < 5 {
                        kinds.insert(kind, 1);
                    }
                }
            }
            if (route == "GET envelopes (pull)" || route == SYNC_ROUTE)
                && let (Ok(response), Some(device)) = (&result, requester)
                && response.is_success()
            {
                let items = tsunagu_wire::envelope::decode_batch(&response.body).unwrap_or_default();
                if items.is_empty() {
                    stats.empty_pulls += 1;
                }
                for (_, bytes) in &items {
                    stats.pulled_envelopes += 1;
                    if Envelope::from_bytes(bytes).is_ok_and(|e| e.author == device) {
                        stats.echoed_envelopes += 1;
                        stats.echoed_bytes += bytes.len() as u64 + 12;
                    }
                }
            }
            if route == "POST envelopes (push)" || (route == SYNC_ROUTE && request_body > 0) {
                stats.push_bodies.push(request_body);
            }
            stats.latencies_us.push(micros);
            stats.route_latencies_us.entry(route).or_default().push(micros);
            if let Some(p) = profile {
                *stats.per_profile.entry(p).or_default() += wire;
            }
            drop(stats);
            result
        })
    }
}
