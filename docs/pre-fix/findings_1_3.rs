//! Issue 14's findings 1–3 ported to the pre-fix API (commit 2ba78b3), to show each fails here.
//! Each test asserts what the fixed code guarantees (the same assertions as
//! tests/integration/hostile/membership.rs on main); on this commit they must fail.
//! The malicious relay is the real relay on loopback whose SQLite file the test writes to (a
//! compromised relay), or a transport that rewrites the member list it serves.
//!
//! Not compiled by this workspace: copy it into a checkout of 2ba78b3 as
//! tests/integration/old_findings.rs (docs/threat-model.md, "Findings 1–3 on the pre-fix code").

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, Role, SyncClient, Transport,
};
use tsunagu_core::{Edit, Error, ProfileStore};
use tsunagu_relay::{RelayConfig, RunningRelay};
use tsunagu_tests::edit_context;
use tsunagu_wire::envelope::Envelope;
use tsunagu_wire::invite::InviteLink;
use tsunagu_wire::membership::{JoinProof, MembershipEntry};
use tsunagu_wire::sync as api;
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey};

type Rewrite = Arc<dyn Fn(HttpResponse) -> HttpResponse + Send + Sync>;

/// The real transport; it records request bodies and may rewrite `GET …/members` answers.
struct Hostile {
    inner: HttpTransport,
    members: Mutex<Option<Rewrite>>,
    seen: Mutex<Vec<Vec<u8>>>,
}

impl Hostile {
    fn new() -> Self {
        Self {
            inner: HttpTransport::new().expect("transport"),
            members: Mutex::new(None),
            seen: Mutex::new(Vec::new()),
        }
    }

    fn arm_members(&self, f: impl Fn(&mut Value) + Send + Sync + 'static) {
        *self.members.lock().expect("lock") = Some(Arc::new(move |mut response: HttpResponse| {
            if response.status == 200 {
                let mut json: Value = serde_json::from_slice(&response.body).expect("member list");
                f(&mut json);
                response.body = serde_json::to_vec(&json).expect("json");
            }
            response
        }));
    }
}

impl Transport for Hostile {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            self.seen.lock().expect("lock").push(request.body.clone());
            let is_members = request.method == Method::Get && request.path_and_query.contains("/members");
            let mut response = self.inner.send(request).await?;
            if is_members && let Some(f) = self.members.lock().expect("lock").clone() {
                response = f(response);
            }
            Ok(response)
        })
    }
}

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

    async fn current_members(&mut self, t: &dyn Transport, profile: &str) -> Vec<DeviceId> {
        let members = self.client(t).members(profile).await.expect("members");
        members
            .members
            .iter()
            .filter(|m| !m.removed)
            .map(|m| m.device)
            .collect()
    }

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
    db: PathBuf,
    _relay: RunningRelay,
    profile: String,
    owner: Device,
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_owned();
    let db = path.join("relay.sqlite3");
    let relay = tsunagu_relay::spawn_for_tests_with(RelayConfig::new(&db))
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
        db,
        _relay: relay,
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

    async fn joined(&mut self, name: &str, link: &str) -> Device {
        let mut d = Device::open(&self.dir, name);
        let t = HttpTransport::new().expect("transport");
        d.client(&t).join(link).await.expect("joins");
        d
    }

    /// The relay's own database, writable: what a compromised relay can change.
    fn relay_db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("the relay's database opens")
    }
}

fn entries(json: &Value) -> Vec<MembershipEntry> {
    serde_json::from_value(json["entries"].clone()).expect("entries")
}

fn set_entries(json: &mut Value, entries: &[MembershipEntry]) {
    json["entries"] = serde_json::to_value(entries).expect("json");
}

/// Finding 1, the relay's side: a join with the invite an editor made before its removal is
/// refused (main: `hostile::membership::a_removed_editors_invite_adds_no_one`, first half).
#[tokio::test]
async fn f1_the_relay_refuses_a_join_with_a_removed_editors_invite() {
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
    // What the relay stored: a join of the viewer's device is the relay accepting it.
    let viewer_id = viewer.id();
    let stored: Vec<String> = w
        .relay_db()
        .prepare("SELECT entry FROM member_entry WHERE profile_id = ?1")
        .expect("prepares")
        .query_map([&w.profile], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    let accepted = stored.iter().any(|e| {
        matches!(serde_json::from_str(e).expect("an entry"),
            MembershipEntry::Joined(j) if j.device.id() == viewer_id)
    });
    assert!(
        !accepted && matches!(refused, Err(Error::InviteRejected(_) | Error::NotMember)),
        "the relay stored the removed editor's invitee's join ({accepted}); the join returned {:?}",
        refused.map(|j| (j.role, j.report.status))
    );
}

/// Finding 1, every client's side: a relay appends that join anyway; the owner must not list
/// the viewer (main: the same test, second half).
#[tokio::test]
async fn f1_no_client_lists_a_removed_editors_invitee() {
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
    viewer.id(); // the store makes its identity on first use
    let (parsed, invite) = InviteLink::parse_with_invite(&viewer_link).expect("link");
    let proof = JoinProof::create(&viewer.identity(), invite.expect("invite"), &parsed.secret);
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
}

/// Finding 2, first half: joining never sends the invite's secret to the relay (main:
/// `hostile::membership::the_relay_never_sees_an_invite_secret_and_cannot_add_a_member`).
#[tokio::test]
async fn f2_the_relay_never_sees_an_invite_secret() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let secret = InviteLink::parse(&link).expect("link").secret;
    let watched = Hostile::new();
    let mut joiner = Device::open(&w.dir, "joiner");
    joiner.client(&watched).join(&link).await.expect("joins");
    for body in watched.seen.lock().expect("lock").iter() {
        let Ok(json) = serde_json::from_slice::<api::Join>(body) else {
            continue;
        };
        assert_ne!(
            json.proof.secret,
            secret.to_vec(),
            "a request carried the invite secret"
        );
    }
}

/// Finding 2, second half: whoever can write the relay's database reads a used invite's secret
/// from the stored join and adds a device of its own with it; no client may list that device.
#[tokio::test]
async fn f2_a_relay_cannot_add_a_member_with_a_stored_join() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let mut joiner = w.joined("joiner", &link).await;
    let db = w.relay_db();
    let stored: Vec<String> = db
        .prepare("SELECT entry FROM member_entry WHERE profile_id = ?1 ORDER BY id")
        .expect("prepares")
        .query_map([&w.profile], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    let (invite, secret) = stored
        .iter()
        .find_map(|e| match serde_json::from_str(e).expect("an entry") {
            MembershipEntry::Joined(j) => Some((j.invite, j.secret)),
            _ => None,
        })
        .expect("the joiner's stored join");
    let secret: [u8; 32] = secret.try_into().expect("32 bytes");
    let intruder = DeviceIdentity::generate().expect("rng");
    let forged = MembershipEntry::Joined(JoinProof::create(&intruder, invite, &secret));
    db.execute(
        "INSERT INTO member_entry (profile_id, entry, created_at) VALUES (?1, ?2, 0)",
        rusqlite::params![w.profile, serde_json::to_string(&forged).expect("json")],
    )
    .expect("the relay writes its database");
    let t = HttpTransport::new().expect("transport");
    for device in [&mut w.owner, &mut joiner] {
        let members = device.current_members(&t, &w.profile).await;
        assert!(!members.contains(&intruder.id()), "a relay-made member is listed");
    }
}

/// Finding 3: the relay claims epoch 2 and holds a key of its choice sealed to the owner. The
/// owner must keep epoch 1 and never seal an edit the relay can open (main:
/// `hostile::membership::the_relay_cannot_choose_an_epoch_key`).
#[tokio::test]
async fn f3_the_relay_cannot_choose_an_epoch_key() {
    let mut w = world().await;
    let owner = w.owner.identity();
    let chosen = EpochKey([0x42; 32]);
    let sealed = chosen
        .seal_to(&owner.public(), &api::key_context(&w.profile, 2))
        .expect("seals");
    let db = w.relay_db();
    db.execute("UPDATE profile SET epoch = 2 WHERE id = ?1", [&w.profile])
        .expect("the relay moves the epoch");
    db.execute(
        "INSERT INTO sealed_key (profile_id, epoch, device, sealed) VALUES (?1, 2, ?2, ?3)",
        rusqlite::params![
            w.profile,
            owner.id().0.to_vec(),
            serde_json::to_string(&sealed).expect("json")
        ],
    )
    .expect("the relay stores its key");
    let t = HttpTransport::new().expect("transport");
    let _ = w.owner.client(&t).members(&w.profile).await;
    let epoch_after = w.owner.epoch(&w.profile);
    // The owner edits and syncs: can the relay read what it pushed?
    w.owner
        .store
        .edit(
            &w.profile,
            &[Edit::set("child.nickname", "さく")],
            &edit_context("母 山田花子", 1),
        )
        .expect("edits");
    let _ = w.owner.client(&t).sync_now(&w.profile).await;
    let pushed: Vec<Vec<u8>> = db
        .prepare("SELECT bytes FROM envelope WHERE profile_id = ?1 ORDER BY seq")
        .expect("prepares")
        .query_map([&w.profile], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    let opened = pushed
        .iter()
        .filter_map(|b| Envelope::from_bytes(b).ok())
        .filter(|e| e.open(&w.profile, &chosen).is_ok())
        .count();
    assert_eq!(
        (epoch_after, opened),
        (1, 0),
        "the owner moved to the relay's epoch and sealed envelopes the relay opens with its own key"
    );
}
