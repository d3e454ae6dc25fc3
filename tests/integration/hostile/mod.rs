//! A malicious relay (issue 14, ADR 0007): the real relay on loopback with its own SQLite file,
//! behind [`Hostile`], a transport a test arms to rewrite what the relay answers — add, reorder,
//! drop or forge membership entries, lie about the epoch, serve a key of its own choosing — and
//! that records every request the devices send. Devices are real `ProfileStore` files driven by the
//! core's `SyncClient`. Each scenario is named in docs/threat-model.md.
//!
//! - `membership`: members, invites, epoch keys and the member log (findings 1–3, rollback,
//!   reordering, a fork hiding a removal).
//! - `joining`: the invite link carries no key; the owner grants it after the join.
//! - `increments`: member lists served as increments (ADR 0014) that drop, reorder, insert or roll
//!   back entries; pulls without the device's own envelopes still converge.
//! - `sync_call`: the combined push-and-pull request (ADR 0017) answered with a missing or
//!   garbled acknowledgement, or a true one beside a page that lies.
//! - `history`: forked envelope histories, rolled-back member logs for new devices, snapshots
//!   that do not match their envelopes.

mod history;
mod increments;
mod joining;
mod membership;
mod sync_call;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, Role, SyncClient, SyncStatus, Transport,
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

    /// Rewrites the member list served (`GET …/members`) with `f` on its JSON. This relay ignores
    /// `after` (ADR 0014), as an old or a malicious one may: it serves its whole log, read from
    /// `w`'s relay database, without `total`, and `f` rewrites that whole list.
    fn arm_members(&self, w: &World, f: impl Fn(&mut Value) + Send + Sync + 'static) {
        let db = w.dir.join("relay.sqlite3");
        let profile = w.profile.clone();
        self.arm_increments(move |json| {
            json["entries"] = serde_json::to_value(whole_log(&db, &profile)).expect("json");
            if let Some(served) = json.as_object_mut() {
                served.remove("total");
            }
            f(json);
        });
    }

    /// Rewrites the member list served with `f` on its JSON as the relay answered: with `after`,
    /// only the entries after those the device holds, and `total`.
    fn arm_increments(&self, f: impl Fn(&mut Value) + Send + Sync + 'static) {
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

    /// A device that joined with `link` and waits for the owner's grant of the key.
    async fn joining(&self, name: &str, link: &str) -> Device {
        let mut d = Device::open(&self.dir, name);
        let t = HttpTransport::new().expect("transport");
        let joined = d.client(&t).join(link).await.expect("joins");
        assert_eq!(joined.report.status, SyncStatus::WaitingForOwner);
        d
    }

    /// A device that joined with `link`, was granted the key when the owner synced, and read.
    async fn joined(&mut self, name: &str, link: &str) -> Device {
        let mut d = self.joining(name, link).await;
        self.owner_syncs().await;
        let t = HttpTransport::new().expect("transport");
        let report = d.client(&t).sync_now(&self.profile).await.expect("syncs");
        assert_eq!(report.status, SyncStatus::Synced);
        d
    }

    /// The owner syncs through the honest relay (and so grants the key to devices that joined).
    async fn owner_syncs(&mut self) {
        let t = HttpTransport::new().expect("transport");
        self.owner
            .client(&t)
            .sync_now(&self.profile)
            .await
            .expect("the owner syncs");
    }

    /// The owner removes `device` (and moves to a new epoch).
    async fn remove(&mut self, device: &mut Device) {
        let t = HttpTransport::new().expect("transport");
        let id = device.id();
        self.owner
            .client(&t)
            .remove_member(&self.profile, &id)
            .await
            .expect("removes");
    }

    /// An editor that joined, read, and was then removed by the owner.
    async fn removed_editor(&mut self, name: &str) -> Device {
        let link = self.invite(Role::Editor).await;
        let mut editor = self.joined(name, &link).await;
        self.remove(&mut editor).await;
        editor
    }

    /// The relay's own SQLite file, writable (what a compromised relay holds).
    fn relay_db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.dir.join("relay.sqlite3")).expect("the relay's database opens")
    }
}

/// A member list without its removals (a rolled-back or forked log), for [`Hostile::arm_members`].
fn without_removals(json: &mut Value) {
    let mut all = entries(json);
    all.retain(|e| !matches!(e, MembershipEntry::Revoked(_)));
    set_entries(json, &all);
}

/// The relay's whole member log of `profile`, read from its database file `db`.
fn whole_log(db: &Path, profile: &str) -> Vec<MembershipEntry> {
    let conn = rusqlite::Connection::open(db).expect("the relay's database opens");
    let mut stmt = conn
        .prepare("SELECT entry FROM member_entry WHERE profile_id = ?1 ORDER BY id")
        .expect("prepares");
    stmt.query_map([profile], |r| r.get::<_, String>(0))
        .expect("reads")
        .map(|text| serde_json::from_str(&text.expect("row")).expect("an entry"))
        .collect()
}

fn entries(json: &Value) -> Vec<MembershipEntry> {
    serde_json::from_value(json["entries"].clone()).expect("entries")
}

fn set_entries(json: &mut Value, entries: &[MembershipEntry]) {
    json["entries"] = serde_json::to_value(entries).expect("json");
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
