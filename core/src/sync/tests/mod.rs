//! Fault injection for the sync client: a fake transport that refuses connections, answers 5xx,
//! or serves tampered bytes. (Scenarios against the real relay live in the `tests/` crate and in
//! the CLI's tests.) The fake transport and the set-ups are here; the tests, by topic, in the
//! submodules.

mod network;
mod push_pull;
mod refusals;
mod sharing;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tsunagu_wire::envelope::{Envelope, Kind, encode_batch};
use tsunagu_wire::membership::MembershipEntry;
use tsunagu_wire::sync as api;
use tsunagu_wire::{DeviceIdentity, EpochKey, MemberCert, Role};

use super::protocol::Call;
use super::transport::SendFuture;
use super::*;
use crate::error::Error;
use crate::sample::demo_profile;
use crate::store::NewSync;
use crate::{Edit, EditContext, ProfileStore};

type Reply = Result<HttpResponse, TransportError>;

/// Answers each request with the next scripted reply for its method ("GET"/"POST"), or with
/// `fallback` when the script ran out; records every request.
struct FakeTransport {
    script: Mutex<VecDeque<(Method, Reply)>>,
    fallback: Reply,
    seen: Mutex<Vec<HttpRequest>>,
}

impl FakeTransport {
    fn new(fallback: Reply) -> Self {
        Self {
            script: Mutex::new(VecDeque::new()),
            fallback,
            seen: Mutex::new(Vec::new()),
        }
    }

    fn then(self, method: Method, reply: Reply) -> Self {
        self.script.lock().expect("lock").push_back((method, reply));
        self
    }

    fn seen(&self) -> Vec<HttpRequest> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let mut script = self.script.lock().expect("lock");
        let reply = match script.front() {
            Some((m, _)) if *m == request.method => script.pop_front().map(|(_, r)| r),
            _ => None,
        }
        .unwrap_or_else(|| self.fallback.clone());
        self.seen.lock().expect("lock").push(request);
        Box::pin(async move { reply })
    }
}

fn ok(status: u16, body: &[u8]) -> Reply {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: body.to_vec(),
    })
}

/// A sync answer (ADR 0017): the page `items`, and the acknowledgement of a pushed envelope.
fn synced(pushed: Option<u64>, items: &[(u64, Vec<u8>)]) -> Reply {
    Ok(HttpResponse {
        status: 200,
        headers: pushed
            .map(|seq| (api::PUSHED_HEADER.to_owned(), seq.to_string()))
            .into_iter()
            .collect(),
        body: encode_batch(items),
    })
}

fn fast() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(2),
    }
}

/// A store with one profile that this device owns and "shared" to a relay that never answered:
/// sync state and an owner certificate are in place, the member table counts as fresh.
fn shared_store() -> (tempfile::TempDir, ProfileStore, String, EpochKey) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("opens");
    let id = store
        .create_profile(&demo_profile(), &EditContext::now("母"))
        .expect("creates");
    let identity = store.device_identity().expect("identity");
    let key = EpochKey([3; 32]);
    store
        .begin_sync(&NewSync {
            profile_id: &id,
            relay_url: "http://relay.invalid",
            owner: identity.id(),
            role: Role::Owner,
            epoch: 1,
            key: Some(&key),
        })
        .expect("begins");
    let cert = MemberCert::issue(&identity, &id, identity.public(), Role::Owner, 1);
    store
        .set_membership(
            &id,
            &[MembershipEntry::Cert(cert)],
            chrono::Utc::now().timestamp_millis(),
        )
        .expect("members");
    (dir, store, id, key)
}

/// One edit made on another device of profile `id` (a fork of this store's document), sealed by
/// `author` with `counter` as the relay would serve it.
fn edit_elsewhere(
    store: &mut ProfileStore,
    id: &str,
    key: &EpochKey,
    author: &DeviceIdentity,
    counter: u64,
    nickname: &str,
) -> Vec<u8> {
    let mut other = store
        .document(id)
        .expect("doc")
        .fork(automerge::ActorId::random());
    let heads = other.heads();
    other
        .apply(&[Edit::set("child.nickname", nickname)], &EditContext::now("父"))
        .expect("edits");
    let changes = other.changes_after(&heads);
    Envelope::seal(Kind::Change, id, 1, key, author, counter, &changes)
        .expect("seals")
        .to_bytes()
}

/// One edit made on this device, left to push.
fn edit_here(store: &mut ProfileStore, id: &str) {
    store
        .edit(
            id,
            &[Edit::set("child.name_kana", "やまだ さく")],
            &EditContext::now("母"),
        )
        .expect("edits")
        .expect("a change to push");
}

fn nickname(store: &mut ProfileStore, id: &str) -> Option<String> {
    store.profile(id).expect("reads").child.nickname.clone()
}

/// A shared store whose document the relay already has (cursor 1), and the signing identity.
async fn pushed_store() -> (tempfile::TempDir, ProfileStore, String, EpochKey, DeviceIdentity) {
    let (dir, mut store, id, key) = shared_store();
    let identity = store.device_identity().expect("identity");
    let relay = FakeTransport::new(synced(Some(1), &[]));
    SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("pushes the document");
    (dir, store, id, key, identity)
}
