//! Sync scenarios against a real relay: `tsunagu_relay` in-process on 127.0.0.1 with its own
//! SQLite file, devices with their own `ProfileStore` files and the core's `SyncClient` over the
//! real `HttpTransport`. Nothing is mocked; a wrapper around the transport ([`Faulty`]) only
//! injects faults after the real relay answered (a lost acknowledgement, a flipped or truncated
//! pull body, envelopes swapped or injected into a page), and a raw reqwest client sends what the
//! sync client never would (replays, strangers, removed devices, envelopes sealed by hand).
//!
//! Where a test needs a device's signing identity (to push by hand as that member), it reads it
//! from the store file's `meta` table, where ADR 0002 says it lives; the core does not expose it.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::Duration;

use automerge::ChangeHash;
use serde_json::{Value, json};
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, Role, SyncClient, SyncReport, SyncState,
    SyncStatus, Transport, TransportError,
};
use tsunagu_core::{Edit, Error, ProfileStore};
use tsunagu_relay::{RelayConfig, RunningRelay};
use tsunagu_tests::edit_context;
use tsunagu_wire::envelope::{Envelope, Kind, decode_batch, encode_batch};
use tsunagu_wire::invite::InviteLink;
use tsunagu_wire::{DeviceIdentity, EpochKey, request};

const OWNER: &str = "母 山田花子";
const PARENT: &str = "父 山田一郎";
const COORDINATOR: &str = "コーディネーター 佐藤";
const VIEWER: &str = "訪問看護 鈴木";

// ---------------------------------------------------------------------------------------------
// The relay, the devices and the family

/// A relay on loopback whose database lives in its own directory, so everything it wrote can be
/// searched; it can be stopped and started again on the same address and database.
struct Relay {
    dir: PathBuf,
    db: PathBuf,
    config: RelayConfig,
    addr: SocketAddr,
    url: String,
    running: Option<RunningRelay>,
}

impl Relay {
    async fn start(dir: &Path) -> Self {
        Self::start_with(dir, |_| {}).await
    }

    async fn start_with(dir: &Path, edit: impl FnOnce(&mut RelayConfig)) -> Self {
        let relay_dir = dir.join("relay");
        std::fs::create_dir_all(&relay_dir).expect("relay dir");
        let db = relay_dir.join("relay.sqlite3");
        let mut config = RelayConfig::new(&db);
        edit(&mut config);
        let running = tsunagu_relay::spawn_for_tests_with(config.clone())
            .await
            .expect("relay starts");
        Self {
            dir: relay_dir,
            db,
            config,
            addr: running.addr(),
            url: running.url(),
            running: Some(running),
        }
    }

    /// Stops it (requests in flight finish) and waits until it has.
    async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("relay stops");
        }
    }

    /// Starts it again on the same address with the same database.
    async fn restart(&mut self) {
        self.stop().await;
        // The port was ours a moment ago; the OS may need a moment to free it.
        for _ in 0..50 {
            if let Ok(listener) = tokio::net::TcpListener::bind(self.addr).await {
                let running = tsunagu_relay::spawn(listener, self.config.clone())
                    .await
                    .expect("relay starts again");
                self.running = Some(running);
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot listen on {} again", self.addr);
    }

    /// The relay's database, read-only.
    fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(&self.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the relay's database opens read-only")
    }

    /// Every envelope the relay stored for `profile`, in sequence order.
    fn envelopes(&self, profile: &str) -> Vec<Stored> {
        let db = self.db();
        let mut stmt = db
            .prepare(
                "SELECT seq, author, counter, epoch, bytes FROM envelope WHERE profile_id = ?1 ORDER BY seq",
            )
            .expect("prepares");
        stmt.query_map([profile], |r| {
            Ok(Stored {
                seq: r.get(0)?,
                author: r.get(1)?,
                counter: r.get(2)?,
                epoch: r.get(3)?,
                bytes: r.get(4)?,
            })
        })
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads")
    }

    /// Every snapshot envelope the relay stored for `profile`: (epoch, bytes).
    fn snapshots(&self, profile: &str) -> Vec<(u32, Vec<u8>)> {
        let db = self.db();
        let mut stmt = db
            .prepare("SELECT epoch, bytes FROM snapshot WHERE profile_id = ?1 ORDER BY received_at")
            .expect("prepares");
        stmt.query_map([profile], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("queries")
            .collect::<Result<_, _>>()
            .expect("reads")
    }
}

/// One row of the relay's `envelope` table.
#[derive(Debug, Clone)]
struct Stored {
    seq: i64,
    author: Vec<u8>,
    counter: i64,
    epoch: u32,
    bytes: Vec<u8>,
}

/// Retries of 429/5xx inside a call, kept short (no network failure is retried inside a call).
fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 2,
        base: Duration::from_millis(5),
        cap: Duration::from_millis(20),
    }
}

/// A device: a display name for its edits and its own store file.
struct Device {
    author: &'static str,
    path: PathBuf,
    store: ProfileStore,
    minute: u32,
}

/// Everything a user can see of a profile on one device.
#[derive(Debug, PartialEq)]
struct View {
    profile: Profile,
    heads: Vec<ChangeHash>,
    history: Vec<HistoryEntry>,
}

impl Device {
    fn open(dir: &Path, file: &str, author: &'static str) -> Self {
        let path = dir.join(file);
        let store = ProfileStore::open(&path).expect("the device's store opens");
        Self {
            author,
            path,
            store,
            minute: 0,
        }
    }

    fn client<'a>(&'a mut self, transport: &'a dyn Transport) -> SyncClient<'a> {
        SyncClient::new(&mut self.store, transport).with_retry_policy(fast_retry())
    }

    /// One change with `edits`, by this device's author; returns its hash.
    fn edit(&mut self, id: &str, edits: &[Edit]) -> ChangeHash {
        self.minute += 1;
        self.store
            .edit(id, edits, &edit_context(self.author, self.minute))
            .expect("edits")
            .expect("the edit changed something")
    }

    async fn sync(&mut self, transport: &dyn Transport, id: &str) -> tsunagu_core::Result<SyncReport> {
        self.client(transport).sync_now(id).await
    }

    /// A sync that must complete (`Synced`).
    async fn synced(&mut self, transport: &dyn Transport, id: &str) -> SyncReport {
        let author = self.author;
        let report = self
            .sync(transport, id)
            .await
            .unwrap_or_else(|e| panic!("{author}: sync failed: {e:?}"));
        assert_eq!(report.status, SyncStatus::Synced, "{author}: {report:?}");
        report
    }

    fn view(&mut self, id: &str) -> View {
        let doc = self.store.document(id).expect("document");
        let mut heads = doc.heads();
        heads.sort();
        let profile = doc.profile().clone();
        let mut history = doc.history();
        // The log's order among concurrent changes is the device's own business: compare sets.
        history.sort_by(|a, b| a.hash.cmp(&b.hash));
        View {
            profile,
            heads,
            history,
        }
    }

    fn hashes(&mut self, id: &str) -> BTreeSet<String> {
        let history = self.store.history(id).expect("history");
        let hashes: BTreeSet<String> = history.iter().map(|h| h.hash.clone()).collect();
        assert_eq!(hashes.len(), history.len(), "a change appears twice in the log");
        hashes
    }

    fn json(&mut self, id: &str) -> Value {
        serde_json::to_value(self.store.profile(id).expect("profile")).expect("json")
    }

    fn state(&self, id: &str) -> SyncState {
        self.store
            .sync_state(id)
            .expect("reads")
            .expect("the profile is shared")
    }

    /// This device's signing identity, read from its store file (`meta.device_identity`).
    fn identity(&mut self) -> DeviceIdentity {
        let id = self.store.device_id().expect("device id");
        let conn =
            rusqlite::Connection::open_with_flags(&self.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("opens the store read-only");
        let secret: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_identity'", [], |r| {
                r.get(0)
            })
            .expect("the store holds the device identity");
        let identity = DeviceIdentity::from_secret_bytes(&secret).expect("an identity");
        assert_eq!(identity.id(), id);
        identity
    }
}

/// A shared profile: `devices[0]` is the owner who shared it, the others joined with `links[i-1]`.
struct Family {
    id: String,
    devices: Vec<Device>,
    links: Vec<String>,
}

async fn family(dir: &Path, relay: &Relay, t: &dyn Transport, joiners: &[(&'static str, Role)]) -> Family {
    let mut owner = Device::open(dir, "owner.sqlite3", OWNER);
    let id = owner
        .store
        .create_profile(&demo_profile(), &edit_context(OWNER, 0))
        .expect("creates");
    let report = owner.client(t).share(&id, &relay.url).await.expect("shares");
    assert_eq!((report.status, report.pushed), (SyncStatus::Synced, 1));
    let expected = owner.view(&id);
    let mut devices = vec![owner];
    let mut links = Vec::new();
    for (i, &(author, role)) in joiners.iter().enumerate() {
        let link = devices[0]
            .client(t)
            .invite(&id, role, Duration::from_secs(600))
            .await
            .expect("invites");
        let mut device = Device::open(dir, &format!("device-{}.sqlite3", i + 1), author);
        let joined = device.client(t).join(&link).await.expect("joins");
        assert!(joined.created);
        assert_eq!((joined.role, joined.report.status), (role, SyncStatus::Synced));
        assert_eq!(
            device.view(&id),
            expected,
            "{author} starts from the owner's profile"
        );
        devices.push(device);
        links.push(link);
    }
    Family { id, devices, links }
}

/// Sync every device in turn until a whole round moves nothing; returns the rounds it took.
async fn sync_until_quiet(devices: &mut [Device], t: &dyn Transport, id: &str) -> usize {
    for round in 1..=6 {
        let mut moved = 0;
        for device in devices.iter_mut() {
            let report = device.synced(t, id).await;
            moved += report.pulled + report.pushed;
        }
        if moved == 0 {
            return round;
        }
    }
    panic!("still syncing after 6 rounds");
}

fn assert_all_equal(devices: &mut [Device], id: &str) {
    let first = devices[0].view(id);
    for device in &mut devices[1..] {
        let author = device.author;
        assert_eq!(device.view(id), first, "{author} differs from {}", OWNER);
    }
}

fn assert_nothing_pending(devices: &mut [Device], t: &dyn Transport, id: &str) {
    for device in devices {
        let author = device.author;
        let status = device.client(t).sync_status(id).expect("status");
        assert_eq!(
            (
                status.pending_changes,
                status.awaiting_ack,
                status.last_error.as_deref()
            ),
            (0, false, None),
            "{author}: {status:?}"
        );
    }
}

fn hex(hash: &ChangeHash) -> String {
    hash.to_string()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn epoch_key_of(link: &str) -> (u32, EpochKey) {
    let link = InviteLink::parse(link).expect("a link");
    (link.epoch, link.key)
}

fn pointer<'a>(json: &'a Value, path: &str) -> &'a Value {
    json.pointer(path).unwrap_or_else(|| panic!("{path} missing"))
}

// ---------------------------------------------------------------------------------------------
// Fault injection around the real transport

/// What [`Faulty`] does to the next exchange it applies to (then it disarms).
#[derive(Debug, Clone)]
enum Fault {
    /// A push reaches the relay, which stores it; the client is told the connection broke.
    LosePushAck,
    /// In a pull page with envelopes, flip one bit of the first envelope.
    Flip(Spot),
    /// Cut a pull page with envelopes short.
    Truncate(Cut),
    /// In a page with two or more envelopes, swap the first two items (sequence numbers go down).
    SwapItems,
    /// In a page with two or more envelopes, swap the first two envelopes but keep the sequence
    /// numbers rising (a relay that delivers out of order without saying so).
    SwapEnvelopes,
    /// Append this envelope to a pull page under the next sequence number.
    Inject(Vec<u8>),
}

#[derive(Debug, Clone, Copy)]
enum Spot {
    /// Byte `n` of the envelope.
    Start(usize),
    /// Byte `n` counted back from the envelope's end (0 = the last signature byte).
    End(usize),
}

#[derive(Debug, Clone, Copy)]
enum Cut {
    /// Drop this many bytes from the end.
    Drop(usize),
    /// Keep this many bytes.
    Keep(usize),
    /// Keep half.
    Half,
}

/// One request and what the relay answered (before any fault).
#[derive(Debug, Clone)]
struct Exchange {
    request: HttpRequest,
    response: Option<HttpResponse>,
}

/// The real [`HttpTransport`], plus faults injected after the relay answered and a log.
struct Faulty {
    inner: HttpTransport,
    /// The fault, and how many exchanges it fits to let through first.
    armed: Mutex<Option<(usize, Fault)>>,
    fired: Mutex<Vec<Fault>>,
    log: Mutex<Vec<Exchange>>,
}

fn is_push(request: &HttpRequest) -> bool {
    request.method == Method::Post && request.path_and_query.ends_with("/envelopes")
}

fn is_pull(request: &HttpRequest) -> bool {
    request.method == Method::Get && request.path_and_query.contains("/envelopes?")
}

/// The `after=` of a pull request.
fn pull_after(request: &HttpRequest) -> u64 {
    let query = request.path_and_query.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("after="))
        .and_then(|v| v.parse().ok())
        .expect("a pull names its cursor")
}

impl Faulty {
    fn new() -> Self {
        Self {
            inner: HttpTransport::with_timeouts(Duration::from_secs(2), Duration::from_secs(10))
                .expect("transport"),
            armed: Mutex::new(None),
            fired: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
        }
    }

    fn arm(&self, fault: Fault) {
        self.arm_after(0, fault);
    }

    /// Arms `fault` for the exchange after the first `skip` it fits.
    fn arm_after(&self, skip: usize, fault: Fault) {
        *self.armed.lock().expect("lock") = Some((skip, fault));
    }

    fn fired(&self) -> usize {
        self.fired.lock().expect("lock").len()
    }

    fn is_armed(&self) -> bool {
        self.armed.lock().expect("lock").is_some()
    }

    fn log(&self) -> Vec<Exchange> {
        self.log.lock().expect("lock").clone()
    }

    fn pushes(&self) -> Vec<Exchange> {
        self.log().into_iter().filter(|e| is_push(&e.request)).collect()
    }

    fn clear_log(&self) {
        self.log.lock().expect("lock").clear();
    }

    /// Applies the armed fault to this exchange if it fits; `Err` replaces the response.
    fn apply(&self, request: &HttpRequest, response: HttpResponse) -> Result<HttpResponse, TransportError> {
        let mut armed = self.armed.lock().expect("lock");
        let Some((skip, fault)) = armed.clone() else {
            return Ok(response);
        };
        let push = is_push(request) && response.status == 200;
        let items = if is_pull(request) && response.status == 200 {
            decode_batch(&response.body).expect("the relay's page decodes")
        } else {
            Vec::new()
        };
        let pull = is_pull(request) && response.status == 200;
        let mut out = response.clone();
        match &fault {
            Fault::LosePushAck if push => {}
            Fault::Flip(spot) if !items.is_empty() => {
                let len = items[0].1.len();
                let at = match *spot {
                    Spot::Start(n) => n,
                    Spot::End(n) => len - 1 - n,
                };
                // count u32 · seq u64 · length u32 · envelope
                out.body[4 + 8 + 4 + at] ^= 0x01;
            }
            Fault::Truncate(cut) if !items.is_empty() => {
                let keep = match *cut {
                    Cut::Drop(n) => out.body.len() - n,
                    Cut::Keep(n) => n,
                    Cut::Half => out.body.len() / 2,
                };
                out.body.truncate(keep);
            }
            Fault::SwapItems if items.len() >= 2 => {
                let mut items = items;
                items.swap(0, 1);
                out.body = encode_batch(&items);
            }
            Fault::SwapEnvelopes if items.len() >= 2 => {
                let mut items = items;
                let first = items[0].1.clone();
                items[0].1 = items[1].1.clone();
                items[1].1 = first;
                out.body = encode_batch(&items);
            }
            Fault::Inject(envelope) if pull => {
                let mut items = items;
                let seq = items.last().map_or(pull_after(request), |(s, _)| *s) + 1;
                items.push((seq, envelope.clone()));
                out.body = encode_batch(&items);
            }
            _ => return Ok(response),
        }
        if skip > 0 {
            *armed = Some((skip - 1, fault));
            return Ok(response);
        }
        *armed = None;
        self.fired.lock().expect("lock").push(fault.clone());
        match fault {
            Fault::LosePushAck => Err(TransportError::Interrupted),
            _ => Ok(out),
        }
    }
}

impl Transport for Faulty {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let result = self.inner.send(request.clone()).await;
            self.log.lock().expect("lock").push(Exchange {
                request: request.clone(),
                response: result.as_ref().ok().cloned(),
            });
            self.apply(&request, result?)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP: what the sync client would never send

fn reqwest_client() -> reqwest::Client {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // reqwest's rustls-no-provider needs one even for plain http.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder().build().expect("client")
}

struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    fn new(base: &str) -> Self {
        Self {
            http: reqwest_client(),
            base: base.to_owned(),
        }
    }

    /// Sends with exactly these headers and body; returns the status and the JSON body (or null).
    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .body(body);
        for (name, value) in headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let response = req.send().await.expect("the relay answers");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("body");
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// Sends a request signed now by `who`.
    async fn signed(&self, who: &DeviceIdentity, method: &str, path: &str, body: Vec<u8>) -> (u16, Value) {
        let auth = request::sign(who, method, path, &body, now_ms()).expect("signs");
        self.send(method, path, &[("Authorization".into(), auth)], body)
            .await
    }

    /// Replays a request the sync client sent: same headers (signature, time, nonce), same body.
    async fn replay(&self, request: &HttpRequest) -> (u16, Value) {
        self.send(
            request.method.as_str(),
            &request.path_and_query,
            &request.headers,
            request.body.clone(),
        )
        .await
    }
}

fn refusal(class: &str) -> Value {
    json!({ "error": class })
}

fn envelopes_path(id: &str) -> String {
    format!("/v1/profiles/{id}/envelopes")
}

// ---------------------------------------------------------------------------------------------
// 1. Three devices, offline, concurrent

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_devices_edit_offline_concurrently_and_converge_after_the_relay_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(
        dir.path(),
        &relay,
        &t,
        &[(PARENT, Role::Editor), (COORDINATOR, Role::Editor)],
    )
    .await;

    // Everyone goes offline (the relay is down) and edits: a field of their own, the one field
    // all three edit, and an entity each.
    relay.stop().await;
    const ROUTES: [&str; 3] = [
        "県道 000 号を北へ (母)",
        "国道 000 号を東へ (父)",
        "市道 000 号を南へ (コーディネーター)",
    ];
    let route = "evacuation.route";
    let mut edits: Vec<Vec<ChangeHash>> = Vec::new();
    let owner = &mut devices[0];
    edits.push(vec![
        owner.edit(&id, &[Edit::set("child.nickname", "さく")]),
        owner.edit(&id, &[Edit::set(route, ROUTES[0])]),
        owner.edit(
            &id,
            &[Edit::Add {
                collection: "contacts".into(),
                id: "ct-offline-owner".into(),
                entity: json!({ "name": "祖母 山田", "phone": "090-0000-0001" }),
            }],
        ),
    ]);
    let parent = &mut devices[1];
    edits.push(vec![
        parent.edit(
            &id,
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
        ),
        parent.edit(&id, &[Edit::set(route, ROUTES[1])]),
        parent.edit(
            &id,
            &[Edit::Add {
                collection: "stock".into(),
                id: "stk-offline-parent".into(),
                entity: json!({ "name": "吸引カテーテル 予備", "on_hand": 10, "unit": "本" }),
            }],
        ),
    ]);
    let coordinator = &mut devices[2];
    edits.push(vec![
        coordinator.edit(&id, &[Edit::set("baseline.spo2_low", 92.0)]),
        coordinator.edit(&id, &[Edit::set(route, ROUTES[2])]),
        coordinator.edit(
            &id,
            &[Edit::Add {
                collection: "evacuation.helpers".into(),
                id: "help-offline-coord".into(),
                entity: json!({ "name": "民生委員 田中", "relation": "地域" }),
            }],
        ),
    ]);
    for device in &mut devices {
        let mut client = device.client(&t);
        let report = client.sync_now(&id).await.expect("offline is not an error");
        assert_eq!((report.status, report.pushed), (SyncStatus::Offline, 0));
        let status = client.sync_status(&id).expect("status");
        assert_eq!(status.pending_changes, 3);
        assert_eq!(status.last_error.as_deref(), Some("offline"));
    }
    let routes: Vec<String> = devices
        .iter_mut()
        .map(|d| {
            pointer(&d.json(&id), "/evacuation/route")
                .as_str()
                .expect("text")
                .to_owned()
        })
        .collect();
    assert_eq!(
        routes, ROUTES,
        "each device sees only its own route while offline"
    );

    // Back online on the same address and database. The first round runs all three devices at
    // once, so their pulls and pushes interleave at the relay in whatever order they happen.
    relay.restart().await;
    let [owner, parent, coordinator] = &mut devices[..] else {
        unreachable!("three devices");
    };
    let (a, b, c) = tokio::join!(
        owner.sync(&t, &id),
        parent.sync(&t, &id),
        coordinator.sync(&t, &id)
    );
    let mut pushed = 0;
    for report in [a, b, c] {
        let report = report.expect("syncs");
        assert_eq!(report.status, SyncStatus::Synced);
        pushed += report.pushed;
    }
    let rounds = sync_until_quiet(&mut devices, &t, &id).await;
    assert!(rounds <= 3, "took {rounds} more rounds");

    // Identical everywhere, and every edit is there.
    assert_all_equal(&mut devices, &id);
    assert_nothing_pending(&mut devices, &t, &id);
    let json = devices[0].json(&id);
    assert_eq!(pointer(&json, "/child/nickname"), "さく");
    assert_eq!(pointer(&json, "/devices/dev-vent/settings/ventilator/peep"), 6.0);
    assert_eq!(pointer(&json, "/baseline/spo2_low"), 92.0);
    assert_eq!(pointer(&json, "/contacts/ct-offline-owner/name"), "祖母 山田");
    assert_eq!(
        pointer(&json, "/stock/stk-offline-parent/name"),
        "吸引カテーテル 予備"
    );
    assert_eq!(
        pointer(&json, "/evacuation/helpers/help-offline-coord/name"),
        "民生委員 田中"
    );
    let winner = pointer(&json, "/evacuation/route").as_str().expect("text");
    let winner_index = ROUTES
        .iter()
        .position(|r| *r == winner)
        .unwrap_or_else(|| panic!("the route is none of the three: {winner}"));
    // The field's provenance names the change whose value won.
    let provenance = devices[0]
        .store
        .provenance(&id, route)
        .expect("provenance")
        .expect("written");
    assert_eq!(provenance.change, hex(&edits[winner_index][1]));
    let history = devices[0].hashes(&id);
    for (device, hashes) in edits.iter().enumerate() {
        for hash in hashes {
            assert!(
                history.contains(&hex(hash)),
                "device {device}'s change {hash} is missing"
            );
        }
    }
    assert_eq!(
        history.len(),
        1 + 9,
        "the profile's first change and the nine edits"
    );

    // Each device's offline changes went out once, in one envelope: nothing was echoed back.
    assert_eq!(pushed, 9, "the first round pushed every device's three changes");
    let stored = relay.envelopes(&id);
    assert_eq!(
        stored.len(),
        1 + 3,
        "the share and one envelope per device: {stored:?}"
    );
    relay.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 2. A push the relay stored but whose answer was lost, then the relay restarts

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_whose_answer_is_lost_is_resent_identically_after_the_relay_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();
    let owner_id = devices[0].store.device_id().expect("id");

    // Two edits go out in one envelope; the relay stores it, the answer never arrives.
    let first = [
        devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]),
        devices[0].edit(
            &id,
            &[Edit::Add {
                collection: "stock".into(),
                id: "stk-lost-ack".into(),
                entity: json!({ "name": "人工鼻 予備", "on_hand": 5, "unit": "個" }),
            }],
        ),
    ];
    faulty.arm(Fault::LosePushAck);
    let report = devices[0]
        .sync(&faulty, &id)
        .await
        .expect("a lost answer is not an error");
    assert_eq!(faulty.fired(), 1);
    assert_eq!((report.status, report.pushed), (SyncStatus::Offline, 0));
    let queued = devices[0]
        .store
        .outbox(&id)
        .expect("reads")
        .expect("still queued");
    assert_eq!(queued.changes, 2);
    let lost = faulty.pushes();
    assert_eq!(lost.len(), 1);
    assert_eq!(
        lost[0].request.body, queued.envelope,
        "what went out is what is queued"
    );
    let lost_answer = lost[0].response.clone().expect("the relay answered");
    assert_eq!(lost_answer.status, 200);
    let lost_seq = serde_json::from_slice::<Value>(&lost_answer.body).expect("json")["seq"].clone();
    let stored = relay.envelopes(&id);
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[1].seq, &stored[1].bytes),
        (lost_seq.as_i64().expect("seq"), &queued.envelope)
    );

    // The relay dies right after; the owner edits again and tries while it is down.
    relay.stop().await;
    let later = devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 91.0)]);
    let report = devices[0].sync(&faulty, &id).await.expect("offline");
    assert_eq!(report.status, SyncStatus::Offline);
    assert_eq!(
        devices[0].store.outbox(&id).expect("reads").as_ref(),
        Some(&queued),
        "the queued envelope is kept as it was, not sealed again with the new edit"
    );

    // Back up (same address and database). The other parent writes in between.
    relay.restart().await;
    let theirs = devices[1].edit(
        &id,
        &[Edit::set("devices.dev-vent.settings.ventilator.rate", 22.0)],
    );
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(
        (report.pulled, report.pushed),
        (2, 1),
        "it already gets the lost push"
    );

    // The retry sends the identical bytes and gets the same sequence number: stored once.
    faulty.clear_log();
    let report = devices[0].synced(&faulty, &id).await;
    assert_eq!(report.pushed, 2, "the queued envelope's two changes");
    let resent = faulty.pushes();
    assert_eq!(resent.len(), 1, "one envelope per sync");
    assert_eq!(resent[0].request.body, queued.envelope, "identical bytes");
    let answer = resent[0].response.clone().expect("answered");
    assert_eq!(
        serde_json::from_slice::<Value>(&answer.body).expect("json")["seq"],
        lost_seq
    );
    assert_eq!(devices[0].store.outbox(&id).expect("reads"), None);
    // The next sync sends the edit made while the relay was down.
    let report = devices[0].synced(&faulty, &id).await;
    assert_eq!(report.pushed, 1);
    sync_until_quiet(&mut devices, &t, &id).await;

    assert_all_equal(&mut devices, &id);
    assert_nothing_pending(&mut devices, &t, &id);
    let history = devices[1].hashes(&id);
    for hash in first.iter().chain([&later, &theirs]) {
        assert!(history.contains(&hex(hash)));
    }
    assert_eq!(history.len(), 1 + 4, "nothing duplicated");
    let json = devices[1].json(&id);
    assert_eq!(pointer(&json, "/child/nickname"), "さく");
    assert_eq!(pointer(&json, "/baseline/spo2_low"), 91.0);
    assert_eq!(pointer(&json, "/stock/stk-lost-ack/on_hand"), 5.0);
    assert_eq!(
        json["stock"].as_object().expect("stock").len(),
        demo_profile().stock.len() + 1
    );
    let stored = relay.envelopes(&id);
    let by_owner: Vec<i64> = stored
        .iter()
        .filter(|s| s.author == owner_id.0)
        .map(|s| s.counter)
        .collect();
    assert_eq!(by_owner, [1, 2, 3], "share, the lost push once, the later edit");
    assert_eq!(stored.len(), 4);
    assert_eq!(
        stored.iter().filter(|s| s.bytes == queued.envelope).count(),
        1,
        "the resent envelope is stored once"
    );

    // The lost request itself, replayed after the restart, is still a replay: nonces persist.
    let raw = Raw::new(&relay.url);
    assert_eq!(raw.replay(&lost[0].request).await, (401, refusal("replay")));
    assert_eq!(relay.envelopes(&id).len(), 4);
    relay.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 3. Duplicated, replayed, tampered, truncated and reordered input

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicated_pushes_are_idempotent_and_replayed_requests_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family {
        id,
        mut devices,
        links,
    } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();
    let raw = Raw::new(&relay.url);

    let hash = devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]);
    assert_eq!(devices[0].synced(&faulty, &id).await.pushed, 1);
    let push = faulty.pushes().pop().expect("pushed");
    let seq = serde_json::from_slice::<Value>(&push.response.clone().expect("answered").body).expect("json");
    assert_eq!(devices[1].synced(&t, &id).await.pulled, 1);
    let parent_before = devices[1].view(&id);
    let cursor_before = devices[1].state(&id).cursor;
    let stored_before = relay.envelopes(&id).len();

    // (a) The same envelope pushed again, twice, in fresh signed requests: the same sequence
    // number, nothing new stored, nothing new for the other device.
    let owner = devices[0].identity();
    for _ in 0..2 {
        let again = raw
            .signed(&owner, "POST", &envelopes_path(&id), push.request.body.clone())
            .await;
        assert_eq!(again, (200, seq.clone()));
    }
    assert_eq!(relay.envelopes(&id).len(), stored_before);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (0, 0));
    assert_eq!(devices[1].view(&id), parent_before);
    assert_eq!(devices[1].state(&id).cursor, cursor_before);
    // The same (author, counter) with other bytes is a conflict, not a second envelope.
    let envelope = Envelope::from_bytes(&push.request.body).expect("an envelope");
    let (epoch, key) = epoch_key_of(&links[0]);
    let other =
        Envelope::seal(Kind::Change, &id, epoch, &key, &owner, envelope.counter, b"other").expect("seals");
    let conflict = raw
        .signed(&owner, "POST", &envelopes_path(&id), other.to_bytes())
        .await;
    assert_eq!(conflict, (409, refusal("conflict")));
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // (b) A request the sync client sent, replayed byte for byte (same Authorization, same
    // body): refused as a replay, for a push and for a pull alike.
    assert!(
        push.request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    );
    assert_eq!(raw.replay(&push.request).await, (401, refusal("replay")));
    let pull = faulty
        .log()
        .into_iter()
        .find(|e| is_pull(&e.request))
        .expect("pulled");
    assert_eq!(raw.replay(&pull.request).await, (401, refusal("replay")));
    // The same body signed afresh is fine: only the signed request is single-use.
    let fresh = raw
        .signed(&owner, "POST", &envelopes_path(&id), push.request.body.clone())
        .await;
    assert_eq!(fresh, (200, seq));
    assert_eq!(relay.envelopes(&id).len(), stored_before);
    assert_eq!(devices[1].view(&id), parent_before);
    assert!(devices[1].hashes(&id).contains(&hex(&hash)));
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_truncated_and_reordered_pull_pages_are_refused_with_nothing_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();

    // Two envelopes wait for the other parent; the second depends on the first.
    devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    devices[0].edit(&id, &[Edit::set("child.nickname", "さくら")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);

    let faults = [
        Fault::Flip(Spot::Start(1)),  // kind
        Fault::Flip(Spot::Start(5)),  // epoch (1 -> 0)
        Fault::Flip(Spot::Start(10)), // author
        Fault::Flip(Spot::Start(40)), // counter
        Fault::Flip(Spot::Start(50)), // nonce
        Fault::Flip(Spot::Start(90)), // ciphertext
        Fault::Flip(Spot::End(0)),    // signature
        Fault::Truncate(Cut::Drop(1)),
        Fault::Truncate(Cut::Half),
        Fault::Truncate(Cut::Keep(4 + 8 + 4 + 30)),
        Fault::Truncate(Cut::Keep(4)),
        Fault::Truncate(Cut::Keep(0)),
        Fault::SwapItems,
    ];
    let parent = &mut devices[1];
    let before = parent.view(&id);
    let state = parent.state(&id);
    for fault in faults {
        faulty.arm(fault.clone());
        let result = parent.sync(&faulty, &id).await;
        assert!(!faulty.is_armed(), "{fault:?} did not apply");
        let err = result.expect_err("a damaged page is refused");
        // Refused as data that does not verify. A flipped epoch is looked up before the
        // signature is checked, so it reads as a key this device lacks: still refused.
        let epoch_flip = matches!(fault, Fault::Flip(Spot::Start(2..=5)));
        assert!(
            matches!(err, Error::Protocol(_)) || (epoch_flip && matches!(err, Error::KeyUnavailable { .. })),
            "{fault:?}: {err:?}"
        );
        assert_eq!(parent.view(&id), before, "{fault:?}: nothing merged");
        let after = parent.state(&id);
        assert_eq!(
            (after.cursor, &after.relay_heads, after.epoch),
            (state.cursor, &state.relay_heads, state.epoch),
            "{fault:?}: the cursor did not move"
        );
        assert_eq!(parent.store.outbox(&id).expect("reads"), None);
        let status = parent.client(&t).sync_status(&id).expect("status");
        assert_eq!(status.last_error.as_deref(), Some(err.class()));
    }
    assert_eq!(faulty.fired(), 13);

    // A clean sync afterwards gets both changes.
    let report = parent.synced(&faulty, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (2, 2));
    assert_all_equal(&mut devices, &id);

    // Two more envelopes, delivered in the wrong order under rising sequence numbers: the client
    // cannot tell, and does not need to: the page merges as a whole.
    devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 93.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 94.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    faulty.arm(Fault::SwapEnvelopes);
    let report = devices[1].synced(&faulty, &id).await;
    assert_eq!(faulty.fired(), 14);
    assert_eq!(report.pulled, 2);
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    assert_eq!(pointer(&devices[1].json(&id), "/baseline/spo2_low"), 94.0);
    assert_nothing_pending(&mut devices, &t, &id);
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_page_stops_the_pull_after_the_pages_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    // One envelope per page, so a pull takes several requests.
    let mut relay = Relay::start_with(dir.path(), |c| c.max_pull_envelopes = 1).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let mut hashes = Vec::new();
    for (i, value) in [91.0, 92.0, 93.0].into_iter().enumerate() {
        hashes.push(devices[0].edit(&id, &[Edit::set("baseline.spo2_low", value)]));
        assert_eq!(devices[0].synced(&t, &id).await.pushed, 1, "edit {i}");
    }
    let seqs: Vec<i64> = relay.envelopes(&id).iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);

    // The second page is damaged: the first stays merged, the cursor stops after it.
    let faulty = Faulty::new();
    faulty.arm_after(1, Fault::Flip(Spot::Start(90)));
    let err = devices[1].sync(&faulty, &id).await.expect_err("refused");
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(faulty.fired(), 1);
    let pulls = faulty.log().into_iter().filter(|e| is_pull(&e.request)).count();
    assert_eq!(pulls, 2, "the pull stopped at the damaged page");
    let history = devices[1].hashes(&id);
    assert!(history.contains(&hex(&hashes[0])));
    assert!(!history.contains(&hex(&hashes[1])) && !history.contains(&hex(&hashes[2])));
    assert_eq!(devices[1].state(&id).cursor, 2);
    assert_eq!(pointer(&devices[1].json(&id), "/baseline/spo2_low"), 91.0);

    // Clean again: the rest, page by page.
    faulty.clear_log();
    let report = devices[1].synced(&faulty, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (2, 2));
    let pulls = faulty.log().into_iter().filter(|e| is_pull(&e.request)).count();
    assert_eq!(pulls, 2, "two pages of one, the second saying no more follow");
    assert_eq!(devices[1].state(&id).cursor, 4);
    assert_all_equal(&mut devices, &id);
    relay.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 4. Strangers and wrong keys

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strangers_are_refused_and_envelopes_with_wrong_keys_or_authors_are_never_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family {
        id,
        mut devices,
        links,
    } = family(dir.path(), &relay, &t, &[(COORDINATOR, Role::Editor)]).await;
    let raw = Raw::new(&relay.url);
    let (epoch, key) = epoch_key_of(&links[0]);
    let stored_before = relay.envelopes(&id).len();

    // A stranger with its own identity, even one holding a leaked invite link's key.
    let stranger = DeviceIdentity::generate().expect("rng");
    let forged = Envelope::seal(Kind::Change, &id, epoch, &key, &stranger, 1, b"forged")
        .expect("seals")
        .to_bytes();
    let not_member = (403, refusal("not_member"));
    let pull = format!("{}?after=0&limit=100", envelopes_path(&id));
    assert_eq!(raw.signed(&stranger, "GET", &pull, Vec::new()).await, not_member);
    assert_eq!(
        raw.signed(&stranger, "POST", &envelopes_path(&id), forged.clone())
            .await,
        not_member
    );
    for path in ["members", "keys/1", "snapshots/latest"] {
        let path = format!("/v1/profiles/{id}/{path}");
        assert_eq!(
            raw.signed(&stranger, "GET", &path, Vec::new()).await,
            not_member,
            "{path}"
        );
    }
    // A member cannot pass the stranger's envelope off as its own.
    let coordinator = devices[1].identity();
    assert_eq!(
        raw.signed(&coordinator, "POST", &envelopes_path(&id), forged.clone())
            .await,
        (400, refusal("author_mismatch"))
    );
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // A relay that slips the stranger's envelope (sealed with the right key) into a page: refused.
    let faulty = Faulty::new();
    let owner = &mut devices[0];
    let before = owner.view(&id);
    let cursor = owner.state(&id).cursor;
    faulty.arm(Fault::Inject(forged));
    let err = owner.sync(&faulty, &id).await.expect_err("refused");
    assert_eq!(faulty.fired(), 1);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(owner.view(&id), before);
    assert_eq!(owner.state(&id).cursor, cursor);

    // A member's envelope sealed with a wrong key, and one sealed with the right key around
    // bytes that are not automerge changes: the relay cannot tell (it holds no key) and stores
    // them. No client merges them; each client skips them (recording `bad_envelope`) so one
    // faulty device cannot block the family's sync, and a later edit still flows.
    let wrong_key = EpochKey::generate().expect("rng");
    let garbled = Envelope::seal(Kind::Change, &id, epoch, &wrong_key, &coordinator, 1_000, b"x")
        .expect("seals")
        .to_bytes();
    let (status, _) = raw
        .signed(&coordinator, "POST", &envelopes_path(&id), garbled)
        .await;
    assert_eq!(status, 200, "the relay is blind to the key");
    let garbage = Envelope::seal(
        Kind::Change,
        &id,
        epoch,
        &key,
        &coordinator,
        1_001,
        b"not automerge",
    )
    .expect("seals")
    .to_bytes();
    let (status, _) = raw
        .signed(&coordinator, "POST", &envelopes_path(&id), garbage)
        .await;
    assert_eq!(status, 200, "the relay cannot read what it stores");
    for device in &mut devices {
        let before = device.view(&id);
        let cursor = device.state(&id).cursor;
        let report = device
            .sync(&t, &id)
            .await
            .expect("a faulty envelope does not block sync");
        assert_eq!(report.skipped, 2, "{report:?}");
        assert_eq!(device.view(&id), before, "nothing of it merged");
        assert!(device.state(&id).cursor >= cursor + 2, "skipped, not stuck");
        assert_eq!(device.state(&id).last_error.as_deref(), Some("bad_envelope"));
    }
    devices[0].edit(&id, &[Edit::set("child.nickname", "あとの編集")]);
    devices[0].synced(&t, &id).await;
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pulled, 1, "later edits still flow");
    relay.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 5. Viewers

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewers_edits_never_reach_the_relay_or_the_owner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family {
        id,
        mut devices,
        links,
    } = family(dir.path(), &relay, &t, &[(VIEWER, Role::Viewer)]).await;
    let stored_before = relay.envelopes(&id).len();

    // The viewer's store lets it edit locally; nothing of it leaves the device.
    let local = devices[1].edit(&id, &[Edit::set("child.nickname", "ビューアーの編集")]);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pushed, 0);
    assert_eq!(devices[1].store.outbox(&id).expect("reads"), None);
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // It still reads what the owner writes.
    let owners = devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 93.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!((report.pulled, report.pushed), (1, 0));
    let viewer_json = devices[1].json(&id);
    assert_eq!(pointer(&viewer_json, "/baseline/spo2_low"), 93.0);
    assert_eq!(pointer(&viewer_json, "/child/nickname"), "ビューアーの編集");
    assert!(devices[1].hashes(&id).contains(&hex(&owners)));

    // The owner never sees the viewer's edit.
    let report = devices[0].synced(&t, &id).await;
    assert_eq!(report.pulled, 0);
    assert!(!devices[0].hashes(&id).contains(&hex(&local)));
    assert_eq!(pointer(&devices[0].json(&id), "/child/nickname"), "さくちゃん");

    // Pushed by hand with the viewer's own key and the right epoch key: refused by role.
    let viewer = devices[1].identity();
    let (epoch, key) = epoch_key_of(&links[0]);
    let envelope = Envelope::seal(Kind::Change, &id, epoch, &key, &viewer, 1, b"change")
        .expect("seals")
        .to_bytes();
    let raw = Raw::new(&relay.url);
    assert_eq!(
        raw.signed(&viewer, "POST", &envelopes_path(&id), envelope.clone())
            .await,
        (403, refusal("forbidden_role"))
    );
    assert_eq!(relay.envelopes(&id).len(), stored_before + 1);

    // Slipped into the owner's pull by the relay: refused, a viewer does not write.
    let faulty = Faulty::new();
    faulty.arm(Fault::Inject(envelope));
    let before = devices[0].view(&id);
    let cursor = devices[0].state(&id).cursor;
    let err = devices[0].sync(&faulty, &id).await.expect_err("refused");
    assert_eq!(faulty.fired(), 1);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(devices[0].view(&id), before);
    assert_eq!(devices[0].state(&id).cursor, cursor);
    relay.stop().await;
}

/// The issue asks that a viewer's sync report why its local edits do not go out (the refusal
/// class), rather than succeed silently with the edits pending forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewers_sync_reports_that_its_edits_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(VIEWER, Role::Viewer)]).await;
    devices[1].edit(&id, &[Edit::set("child.nickname", "ビューアーの編集")]);
    let result = devices[1].sync(&t, &id).await;
    let status = devices[1].client(&t).sync_status(&id).expect("status");
    relay.stop().await;
    let reported = match &result {
        Err(e) => Some(e.class().to_owned()),
        Ok(_) => status.last_error.clone(),
    };
    assert!(
        reported.is_some(),
        "the viewer's sync says nothing about its refused edit: {result:?}, {status:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 6. A removed member

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_member_cannot_read_anything_written_after_its_removal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family {
        id,
        mut devices,
        links,
    } = family(
        dir.path(),
        &relay,
        &t,
        &[(PARENT, Role::Editor), (COORDINATOR, Role::Editor)],
    )
    .await;
    let (old_epoch, old_key) = epoch_key_of(&links[1]);
    assert_eq!(old_epoch, 1);
    let mut coordinator = devices.pop().expect("coordinator");
    let coordinator_id = coordinator.store.device_id().expect("id");
    let coordinator_identity = coordinator.identity();

    let epoch = devices[0]
        .client(&t)
        .remove_member(&id, &coordinator_id)
        .await
        .expect("removes");
    assert_eq!(epoch, 2);

    // The removed device is refused, whatever it asks.
    let err = coordinator.sync(&t, &id).await.expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    let err = coordinator.client(&t).members(&id).await.expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    assert_eq!(
        coordinator
            .client(&t)
            .sync_status(&id)
            .expect("status")
            .last_error
            .as_deref(),
        Some("not_member")
    );
    let raw = Raw::new(&relay.url);
    let removed = (403, refusal("removed"));
    for path in [
        "keys/2",
        "envelopes?after=0&limit=100",
        "members",
        "snapshots/latest",
    ] {
        let path = format!("/v1/profiles/{id}/{path}");
        assert_eq!(
            raw.signed(&coordinator_identity, "GET", &path, Vec::new()).await,
            removed,
            "{path}"
        );
    }

    // The other parent wrote before hearing of the removal (its envelope is sealed again in the
    // new epoch); the owner writes after it.
    let coordinator_before = coordinator.view(&id);
    let parents = devices[1].edit(&id, &[Edit::set("baseline.spo2_low", 91.0)]);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pushed, 1);
    assert_eq!(devices[1].state(&id).epoch, 2);
    let owners = devices[0].edit(&id, &[Edit::set("child.nickname", "さくら")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    let history = devices[1].hashes(&id);
    assert!(history.contains(&hex(&parents)) && history.contains(&hex(&owners)));
    assert!(coordinator.sync(&t, &id).await.is_err());
    assert_eq!(coordinator.view(&id), coordinator_before);

    // Straight from the relay's database: the epoch 2 envelopes and snapshot do not open with the
    // epoch 1 key the removed device holds (the key its invite link carried); they open with the
    // new key (carried by an invite the owner makes now).
    let link = devices[0]
        .client(&t)
        .invite(&id, Role::Viewer, Duration::from_secs(600))
        .await
        .expect("invites");
    let (new_epoch, new_key) = epoch_key_of(&link);
    assert_eq!(new_epoch, 2);
    let stored = relay.envelopes(&id);
    let newer: Vec<&Stored> = stored.iter().filter(|s| s.epoch == 2).collect();
    assert_eq!(newer.len(), 2, "the other parent's and the owner's: {stored:?}");
    let snapshots: Vec<Vec<u8>> = relay
        .snapshots(&id)
        .into_iter()
        .filter(|(e, _)| *e == 2)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        snapshots.len(),
        1,
        "remove_member posts a snapshot in the new epoch"
    );
    for bytes in newer.iter().map(|s| &s.bytes).chain(&snapshots) {
        let envelope = Envelope::from_bytes(bytes).expect("an envelope");
        assert_eq!(envelope.epoch, 2);
        assert!(envelope.open(&id, &old_key).is_err(), "the old key opens it");
        assert!(
            envelope.open(&id, &new_key).is_ok(),
            "the new key does not open it"
        );
    }
    // Sanity: the old key is the right one for what came before.
    for s in stored.iter().filter(|s| s.epoch == 1) {
        let envelope = Envelope::from_bytes(&s.bytes).expect("an envelope");
        assert!(envelope.open(&id, &old_key).is_ok());
        assert!(envelope.open(&id, &new_key).is_err());
    }
    relay.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 7. The relay's files never hold plaintext

const NAME_MARKER: &str = "MARKER-つなぐ-7f3a";
const NOTE_MARKER: &str = "NOTE-MARKER-ケア-91c2";
const CONTACT_MARKER: &str = "CONTACT-MARKER-連絡-2d9c";
const AUTHOR_MARKER: &str = "AUTHOR-MARKER-著者-e5b1";

/// The ways a text could sit in a file: UTF-8, UTF-16 little- and big-endian.
fn encodings(text: &str) -> [Vec<u8>; 3] {
    let units: Vec<u16> = text.encode_utf16().collect();
    [
        text.as_bytes().to_vec(),
        units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        units.iter().flat_map(|u| u.to_be_bytes()).collect(),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file in `dir` whose name starts with `prefix`, with its bytes.
fn files(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            name.starts_with(prefix).then(|| {
                let bytes = std::fs::read(&p).expect("reads");
                (name, bytes)
            })
        })
        .collect();
    out.sort();
    out
}

/// Which markers (in which encoding) occur in which of the files.
fn occurrences(files: &[(String, Vec<u8>)], markers: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in files {
        for marker in markers {
            for (encoding, needle) in ["utf-8", "utf-16le", "utf-16be"].iter().zip(encodings(marker)) {
                if contains(bytes, &needle) {
                    found.push(format!("{marker} ({encoding}) in {name}"));
                }
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relays_files_never_contain_the_profiles_plaintext() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;

    devices[0]
        .store
        .edit(
            &id,
            &[
                Edit::set("child.name", NAME_MARKER),
                // A note that was empty, so its text is written whole. (Rewriting a note stores
                // only what changed, and the marker would not sit in one piece even in plaintext.)
                Edit::set(
                    "devices.dev-vent.notes",
                    format!("{NOTE_MARKER} 予備回路は押入れ"),
                ),
            ],
            &edit_context(AUTHOR_MARKER, 1),
        )
        .expect("edits");
    devices[1].edit(
        &id,
        &[Edit::Add {
            collection: "contacts".into(),
            id: "ct-marker".into(),
            entity: json!({ "name": CONTACT_MARKER, "phone": "090-0000-0002" }),
        }],
    );
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    let json = devices[1].json(&id);
    assert_eq!(pointer(&json, "/child/name"), NAME_MARKER);
    assert_eq!(
        pointer(&json, "/devices/dev-vent/notes"),
        &json!(format!("{NOTE_MARKER} 予備回路は押入れ"))
    );
    assert_eq!(
        pointer(&devices[0].json(&id), "/contacts/ct-marker/name"),
        CONTACT_MARKER
    );

    let markers = [
        NAME_MARKER,
        NOTE_MARKER,
        CONTACT_MARKER,
        AUTHOR_MARKER,
        "山田 さくら",
        "山田 花子",
    ];
    // Sanity: the search finds each encoding, and the devices' own files do hold the text.
    for needle in encodings(NAME_MARKER) {
        let mut haystack = vec![0u8; 7];
        haystack.extend_from_slice(&needle);
        assert_eq!(occurrences(&[("x".into(), haystack)], &[NAME_MARKER]).len(), 1);
    }
    let device_files = files(dir.path(), "");
    let on_devices = occurrences(&device_files, &markers[..4]);
    for marker in &markers[..4] {
        for device in ["owner.sqlite3", "device-1.sqlite3"] {
            assert!(
                on_devices
                    .iter()
                    .any(|o| o.starts_with(&format!("{marker} (utf-8) in {device}"))),
                "{marker} not found in {device}'s files: {on_devices:?}"
            );
        }
    }

    // The relay holds the data (envelopes of some size) but none of the text, running...
    let stored = relay.envelopes(&id);
    assert!(stored.len() >= 3);
    assert!(stored.iter().map(|s| s.bytes.len()).sum::<usize>() > 1_000);
    let running = files(&relay.dir, "relay.sqlite3");
    assert!(running.iter().any(|(n, _)| n == "relay.sqlite3"));
    assert_eq!(occurrences(&running, &markers), Vec::<String>::new());
    // ...and after it stopped (the WAL folded into the main file).
    relay.stop().await;
    let stopped = files(&relay.dir, "");
    assert!(stopped.iter().any(|(n, _)| n == "relay.sqlite3"));
    assert_eq!(occurrences(&stopped, &markers), Vec::<String>::new());
}
