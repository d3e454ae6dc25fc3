//! A malicious relay (issue 14, ADR 0007): the real relay on loopback with its own SQLite file,
//! behind [`Hostile`], a transport a test arms to rewrite what the relay answers — add, reorder,
//! drop or forge membership entries, lie about the epoch, serve a key of its own choosing — and
//! that records every request the devices send. Devices are real `ProfileStore` files driven by the
//! core's `SyncClient`. Each scenario is named in docs/threat-model.md.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, Role, SyncClient, Transport,
};
use tsunagu_core::{Error, ProfileStore};
use tsunagu_relay::{RelayConfig, RunningRelay};
use tsunagu_tests::edit_context;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::invite::InviteLink;
use tsunagu_wire::membership::{JoinProof, LogHead, MembershipEntry};
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey, b64};

type Rewrite = Arc<dyn Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync>;

/// The real transport plus the relay's malice: every armed rewrite whose path fragment and method
/// match changes the answer before the device sees it.
struct Hostile {
    inner: HttpTransport,
    rewrites: Mutex<Vec<(Method, String, Rewrite)>>,
    seen: Mutex<Vec<HttpRequest>>,
}

impl Hostile {
    fn new() -> Self {
        Self {
            inner: HttpTransport::new().expect("transport"),
            rewrites: Mutex::new(Vec::new()),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Rewrites every answer to `method` on a path containing `path` from now on.
    fn arm(
        &self,
        method: Method,
        path: &str,
        f: impl Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync + 'static,
    ) {
        self.rewrites
            .lock()
            .expect("lock")
            .push((method, path.to_owned(), Arc::new(f)));
    }

    /// Rewrites the member list served (`GET …/members`) with `f` on its JSON.
    fn arm_members(&self, f: impl Fn(&mut Value) + Send + Sync + 'static) {
        self.arm(Method::Get, "/members", move |_, mut response| {
            if response.status == 200 {
                let mut json: Value = serde_json::from_slice(&response.body).expect("member list");
                f(&mut json);
                response.body = serde_json::to_vec(&json).expect("json");
            }
            response
        });
    }

    fn disarm(&self) {
        self.rewrites.lock().expect("lock").clear();
    }

    fn bodies(&self) -> Vec<Vec<u8>> {
        self.seen
            .lock()
            .expect("lock")
            .iter()
            .map(|r| r.body.clone())
            .collect()
    }
}

impl Transport for Hostile {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            self.seen.lock().expect("lock").push(request.clone());
            let mut response = self.inner.send(request.clone()).await?;
            let rewrites: Vec<Rewrite> = self
                .rewrites
                .lock()
                .expect("lock")
                .iter()
                .filter(|(m, p, _)| *m == request.method && request.path_and_query.contains(p.as_str()))
                .map(|(_, _, f)| f.clone())
                .collect();
            for f in rewrites {
                response = f(&request, response);
            }
            Ok(response)
        })
    }
}

/// A device: its own store file.
struct Device {
    path: PathBuf,
    store: ProfileStore,
}

impl Device {
    fn open(dir: &Path, name: &str) -> Self {
        let path = dir.join(format!("{name}.sqlite3"));
        Self {
            store: ProfileStore::open(&path).expect("store opens"),
            path,
        }
    }

    fn client<'a>(&'a mut self, t: &'a dyn Transport) -> SyncClient<'a> {
        SyncClient::new(&mut self.store, t).with_retry_policy(RetryPolicy {
            attempts: 2,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(20),
        })
    }

    fn id(&mut self) -> DeviceId {
        self.store.device_id().expect("device id")
    }

    fn epoch(&mut self, profile: &str) -> u32 {
        self.store
            .sync_state(profile)
            .expect("reads")
            .expect("shared")
            .epoch
    }

    /// The device ids the member list (as this device resolves it, fetched now) holds as current.
    async fn current_members(&mut self, t: &dyn Transport, profile: &str) -> Vec<DeviceId> {
        let members = self.client(t).members(profile).await.expect("members");
        members
            .members
            .iter()
            .filter(|m| !m.removed)
            .map(|m| m.device)
            .collect()
    }

    /// This device's signing identity, read from its store file (`meta.device_identity`).
    fn identity(&self) -> DeviceIdentity {
        let conn =
            rusqlite::Connection::open_with_flags(&self.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("opens read-only");
        let secret: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_identity'", [], |r| {
                r.get(0)
            })
            .expect("identity");
        DeviceIdentity::from_secret_bytes(&secret).expect("an identity")
    }
}

struct World {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    relay: RunningRelay,
    profile: String,
    owner: Device,
}

/// The owner shares a profile with a real relay on loopback.
async fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_owned();
    let relay = tsunagu_relay::spawn_for_tests_with(RelayConfig::new(path.join("relay.sqlite3")))
        .await
        .expect("relay starts");
    let mut owner = Device::open(&path, "owner");
    let profile = owner
        .store
        .create_profile(&demo_profile(), &edit_context("母 山田花子", 0))
        .expect("creates");
    let t = HttpTransport::new().expect("transport");
    owner
        .client(&t)
        .share(&profile, &relay.url())
        .await
        .expect("shares");
    World {
        _dir: dir,
        dir: path,
        relay,
        profile,
        owner,
    }
}

impl World {
    async fn invite(&mut self, role: Role) -> String {
        let t = HttpTransport::new().expect("transport");
        self.owner
            .client(&t)
            .invite(&self.profile, role, Duration::from_secs(600))
            .await
            .expect("invites")
    }

    async fn joined(&self, name: &str, link: &str) -> Device {
        let mut d = Device::open(&self.dir, name);
        let t = HttpTransport::new().expect("transport");
        d.client(&t).join(link).await.expect("joins");
        d
    }
}

fn entries(json: &Value) -> Vec<MembershipEntry> {
    serde_json::from_value(json["entries"].clone()).expect("entries")
}

fn set_entries(json: &mut Value, entries: &[MembershipEntry]) {
    json["entries"] = serde_json::to_value(entries).expect("json");
}

/// Finding 1: an editor registers a viewer invite, then the owner removes the editor. The join
/// with that invite is refused by the relay, and when a relay appends it anyway, no client lists
/// the viewer.
#[tokio::test]
async fn a_removed_editors_invite_adds_no_one() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let link = w.invite(Role::Editor).await;
    let mut editor = w.joined("editor", &link).await;
    let viewer_link = editor
        .client(&t)
        .invite(&w.profile, Role::Viewer, Duration::from_secs(600))
        .await
        .expect("the editor invites a viewer");
    let editor_id = editor.id();
    w.owner
        .client(&t)
        .remove_member(&w.profile, &editor_id)
        .await
        .expect("removes");

    let mut viewer = Device::open(&w.dir, "viewer");
    let refused = viewer.client(&t).join(&viewer_link).await;
    assert!(
        matches!(refused, Err(Error::InviteRejected(_) | Error::NotMember)),
        "{refused:?}"
    );

    // The relay appends the viewer's join anyway (it is validly signed by the viewer).
    let (parsed, invite) = InviteLink::parse_with_invite(&viewer_link).expect("link");
    let proof = JoinProof::create(
        &viewer.identity(),
        invite.expect("invite"),
        &parsed.secret,
        now_ms(),
    );
    let hostile = Hostile::new();
    hostile.arm_members(move |json| {
        let mut all = entries(json);
        all.push(MembershipEntry::Joined(proof.clone()));
        set_entries(json, &all);
    });
    let members = w.owner.current_members(&hostile, &w.profile).await;
    assert!(
        !members.contains(&viewer.id()),
        "the owner lists the removed editor's invitee"
    );
    assert_eq!(members, vec![w.owner.id()]);
}

/// Finding 2: joining never sends the invite's secret, so the relay (or anyone reading its
/// database) cannot make a join proof for a device of its own; a forged join is ignored.
#[tokio::test]
async fn the_relay_never_sees_an_invite_secret_and_cannot_add_a_member() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let secret = InviteLink::parse(&link).expect("link").secret;
    let watched = Hostile::new();
    let mut joiner = Device::open(&w.dir, "joiner");
    joiner.client(&watched).join(&link).await.expect("joins");
    let secret_text = b64::encode(secret);
    for body in watched.bodies() {
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains(&secret_text),
            "a request carried the invite secret"
        );
    }

    // An invite the owner registered that nobody used: the relay holds its certificate, not its
    // secret, and forges a join for a device it controls.
    let unused = w.invite(Role::Editor).await;
    let (_, cert) = InviteLink::parse_with_invite(&unused).expect("link");
    let cert = cert.expect("invite");
    let intruder = DeviceIdentity::generate().expect("rng");
    let intruder_id = intruder.id();
    let forged = JoinProof::create(&intruder, cert, &[0x5a; 32], now_ms());
    let hostile = Hostile::new();
    hostile.arm_members(move |json| {
        let mut all = entries(json);
        all.push(MembershipEntry::Joined(forged.clone()));
        set_entries(json, &all);
    });
    for device in [&mut w.owner, &mut joiner] {
        let members = device.current_members(&hostile, &w.profile).await;
        assert!(!members.contains(&intruder_id), "a relay-made member is listed");
        assert_eq!(members.len(), 2);
    }
}

/// Finding 3: the relay claims a new epoch and serves a key of its own, sealed to the owner and
/// signed by itself. The owner keeps its epoch and never seals under the relay's key.
#[tokio::test]
async fn the_relay_cannot_choose_an_epoch_key() {
    let mut w = world().await;
    let owner_public = w.owner.identity().public();
    let relay_key = DeviceIdentity::generate().expect("rng");
    let profile = w.profile.clone();
    let chosen = EpochKey([0x42; 32]);
    let forged = EpochGrant::issue(
        &relay_key,
        &profile,
        2,
        &chosen,
        &owner_public,
        LogHead::default(),
        now_ms(),
    )
    .expect("grant");
    let hostile = Hostile::new();
    hostile.arm_members(|json| json["epoch"] = Value::from(2));
    hostile.arm(Method::Get, "/keys/2", move |_, mut response| {
        response.status = 200;
        response.body = serde_json::to_vec(&serde_json::json!({ "sealed": forged })).expect("json");
        response
    });
    let result = w.owner.client(&hostile).members(&w.profile).await;
    assert!(result.is_err(), "a relay-signed key was accepted");
    assert_eq!(w.owner.epoch(&w.profile), 1);
    // Without the rewrite, the owner is still at epoch 1 with its one member.
    hostile.disarm();
    assert_eq!(w.owner.current_members(&hostile, &w.profile).await.len(), 1);
}

/// A rolled-back member list (the removal dropped) is refused by a member who saw the removal.
#[tokio::test]
async fn a_rolled_back_member_list_is_refused() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let (l1, l2) = (w.invite(Role::Editor).await, w.invite(Role::Editor).await);
    let mut gone = w.joined("gone", &l1).await;
    let mut stays = w.joined("stays", &l2).await;
    w.owner
        .client(&t)
        .remove_member(&w.profile, &gone.id())
        .await
        .expect("removes");
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 2);
    assert_eq!(stays.epoch(&w.profile), 2);

    let hostile = Hostile::new();
    hostile.arm_members(|json| {
        let mut all = entries(json);
        all.retain(|e| !matches!(e, MembershipEntry::Revoked(_)));
        set_entries(json, &all);
        json["epoch"] = Value::from(1);
    });
    let result = stays.client(&hostile).members(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    assert_eq!(stays.epoch(&w.profile), 2);
    let sync = stays.client(&hostile).sync_now(&w.profile).await;
    assert!(sync.is_err() || stays.epoch(&w.profile) == 2);
}

/// A join moved in front of a removal (the relay reorders the log) is caught by the owner's
/// signature over the log the removal follows.
#[tokio::test]
async fn a_reordered_member_list_is_refused() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let gone_link = w.invite(Role::Editor).await;
    let mut gone = w.joined("gone", &gone_link).await;
    w.owner
        .client(&t)
        .remove_member(&w.profile, &gone.id())
        .await
        .expect("removes");
    let later = w.invite(Role::Viewer).await;
    let mut viewer = w.joined("viewer", &later).await;
    let hostile = Hostile::new();
    hostile.arm_members(|json| {
        let mut all = entries(json);
        let last = all.pop().expect("the viewer's join");
        let at = all
            .iter()
            .position(|e| matches!(e, MembershipEntry::Revoked(_)))
            .expect("the removal");
        all.insert(at, last);
        set_entries(json, &all);
    });
    for device in [&mut w.owner, &mut viewer] {
        let result = device.client(&hostile).members(&w.profile).await;
        assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    }
}

/// A forked history: the relay hides the removal from one remaining member while moving it to the
/// new epoch. That member cannot open the new key (it follows a log it was not shown) and says so.
#[tokio::test]
async fn a_fork_hiding_a_removal_is_caught() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let (l1, l2) = (w.invite(Role::Editor).await, w.invite(Role::Editor).await);
    let mut gone = w.joined("gone", &l1).await;
    let mut stays = w.joined("stays", &l2).await;
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 3);
    w.owner
        .client(&t)
        .remove_member(&w.profile, &gone.id())
        .await
        .expect("removes");
    let hostile = Hostile::new();
    hostile.arm_members(|json| {
        let mut all = entries(json);
        all.retain(|e| !matches!(e, MembershipEntry::Revoked(_)));
        set_entries(json, &all);
    });
    let result = stays.client(&hostile).members(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    assert_eq!(stays.epoch(&w.profile), 1);
    // Shown the true log, it moves on.
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 2);
    assert_eq!(stays.epoch(&w.profile), 2);
    drop(w.relay);
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
