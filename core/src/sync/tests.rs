//! Fault injection for the sync client: a fake transport that refuses connections, answers 5xx,
//! or serves tampered bytes. (Scenarios against the real relay live in the `tests/` crate and in
//! the CLI's tests.)

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

#[tokio::test]
async fn offline_is_a_status_and_the_retry_resends_identical_bytes() {
    let (_dir, mut store, id, key) = shared_store();

    // The sync (push and pull in one request) finds no network.
    let offline = FakeTransport::new(Err(TransportError::Unreachable));
    let report = SyncClient::new(&mut store, &offline)
        .sync_now(&id)
        .await
        .expect("offline is not an error");
    assert_eq!(report.status, SyncStatus::Offline);
    assert_eq!(report.pushed, 0);
    let queued = store.outbox(&id).expect("reads").expect("queued");
    let status = SyncClient::new(&mut store, &offline)
        .sync_status(&id)
        .expect("status");
    assert_eq!(status.pending_changes, 1);
    assert!(status.awaiting_ack);
    assert_eq!(status.last_error.as_deref(), Some("offline"));
    assert_eq!(status.last_success_at, None);
    // What was queued is the whole document, sealed for this profile under the epoch key.
    let envelope = Envelope::from_bytes(&queued.envelope).expect("an envelope");
    assert_eq!((envelope.epoch, envelope.counter), (1, 1));
    assert_eq!(envelope.author, store.device_id().expect("id"));
    let plain = envelope.open(&id, &key).expect("opens");
    assert!(crate::ProfileDoc::load(&plain, automerge::ActorId::random()).is_ok());

    // An edit while offline goes into a later envelope, not into the queued one.
    store
        .edit(
            &id,
            &[Edit::set("child.nickname", "さく")],
            &EditContext::now("母"),
        )
        .expect("edits");

    let online = FakeTransport::new(synced(Some(1), &[]));
    let report = SyncClient::new(&mut store, &online)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(report.status, SyncStatus::Synced);
    assert_eq!(report.pushed, 1);
    let posted: Vec<HttpRequest> = online
        .seen()
        .into_iter()
        .filter(|r| r.method == Method::Post)
        .collect();
    assert_eq!(posted.len(), 1);
    assert_eq!(
        posted[0].body, queued.envelope,
        "the retry sends the identical bytes"
    );

    let status = SyncClient::new(&mut store, &online)
        .sync_status(&id)
        .expect("status");
    assert_eq!(status.pending_changes, 1, "the offline edit is still to push");
    assert!(!status.awaiting_ack);
    assert_eq!(status.last_error, None);
    assert!(status.last_success_at.is_some());

    let again = FakeTransport::new(synced(Some(2), &[]));
    let report = SyncClient::new(&mut store, &again)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(report.pushed, 1);
    let posted = again.seen().pop().expect("posted");
    let second = Envelope::from_bytes(&posted.body).expect("envelope");
    assert_eq!(second.counter, 2, "a new envelope gets the next counter");
    let status = SyncClient::new(&mut store, &again)
        .sync_status(&id)
        .expect("status");
    assert_eq!(status.pending_changes, 0);
}

/// Edits made offline travel together, DEFLATE-compressed before sealing (ADR 0018): the
/// ciphertext is smaller than the automerge changes, and the envelope opens to exactly them,
/// which another replica merges.
#[tokio::test]
async fn offline_edits_travel_compressed_and_inflate_to_their_changes() {
    let (_dir, mut store, id, key) = shared_store();
    let relay = FakeTransport::new(synced(Some(1), &[]));
    SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("first push");
    let before = store.document(&id).expect("doc").heads();
    let base = store.document(&id).expect("doc").save();
    for (path, value) in [
        ("evacuation.route", serde_json::json!("避難経路: 東小学校へ徒歩")),
        ("child.nickname", serde_json::json!("さく")),
        ("baseline.spo2_low", serde_json::json!(92.0)),
    ] {
        store
            .edit(&id, &[Edit::set(path, value)], &EditContext::now("母"))
            .expect("edits");
    }
    let changes = store.document(&id).expect("doc").changes_after(&before);
    let relay = FakeTransport::new(synced(Some(2), &[]));
    SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("syncs");
    let posted = relay.seen().pop().expect("posted");
    let envelope = Envelope::from_bytes(&posted.body).expect("an envelope");
    assert!(envelope.deflated);
    assert!(
        envelope.ciphertext.len() * 10 < changes.len() * 8,
        "{} B for {} B of changes",
        envelope.ciphertext.len(),
        changes.len()
    );
    assert_eq!(envelope.open(&id, &key).expect("opens"), changes);

    let mut other = crate::ProfileDoc::load(&base, automerge::ActorId::random()).expect("loads");
    assert_eq!(other.merge_bytes(&changes).expect("merges"), 3);
    assert_eq!(other.heads(), store.document(&id).expect("doc").heads());
}

/// One request per sync (ADR 0017): the push in its body, the cursor in its query. An answer
/// without the acknowledgement (or with one that is not a number) leaves the envelope queued,
/// and the next sync sends the identical bytes again.
#[tokio::test]
async fn a_sync_is_one_request_and_an_unacknowledged_push_stays_queued() {
    let (_dir, mut store, id, _) = shared_store();
    for answer in [synced(None, &[]), {
        let mut garbled = synced(Some(1), &[]).expect("a reply");
        garbled.headers[0].1 = "one".to_owned();
        Ok(garbled)
    }] {
        let relay = FakeTransport::new(answer);
        let err = SyncClient::new(&mut store, &relay)
            .sync_now(&id)
            .await
            .expect_err("not acknowledged");
        assert!(matches!(err, Error::Protocol(_)), "{err:?}");
        let seen = relay.seen();
        assert_eq!(seen.len(), 1, "one request");
        assert_eq!(seen[0].method, Method::Post);
        assert_eq!(seen[0].path_and_query, api::sync(&id, 0));
        let queued = store.outbox(&id).expect("reads").expect("still queued");
        assert_eq!(seen[0].body, queued.envelope);
    }
    let queued = store.outbox(&id).expect("reads").expect("queued");
    let relay = FakeTransport::new(synced(Some(1), &[]));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(report.pushed, 1);
    assert_eq!(relay.seen().len(), 1);
    assert_eq!(relay.seen()[0].body, queued.envelope, "the same bytes again");
    assert!(store.outbox(&id).expect("reads").is_none());
    // Nothing was pulled and the relay's next envelope is the one pushed: the cursor is past it.
    assert_eq!(store.sync_state(&id).expect("r").expect("s").cursor, 1);
    // Nothing left to push: the next sync is a pull with an empty body.
    let relay = FakeTransport::new(synced(None, &[]));
    SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(relay.seen()[0].path_and_query, api::sync(&id, 1));
    assert!(relay.seen()[0].body.is_empty());
}

#[tokio::test]
async fn every_kind_of_no_network_reads_offline() {
    for failure in [
        TransportError::Unreachable,
        TransportError::Timeout,
        TransportError::Interrupted,
    ] {
        let (_dir, mut store, id, _) = shared_store();
        let transport = FakeTransport::new(Err(failure));
        let report = SyncClient::new(&mut store, &transport)
            .sync_now(&id)
            .await
            .expect("not an error");
        assert_eq!(report.status, SyncStatus::Offline, "{failure:?}");
        // No retry against a dead network; a broken connection gets its one immediate resend
        // (`a_sync_whose_connection_breaks_is_sent_again_once_signed_afresh`).
        let sends = if failure == TransportError::Interrupted {
            2
        } else {
            1
        };
        assert_eq!(transport.seen().len(), sends, "{failure:?}");
    }
    let (_dir, mut store, id, _) = shared_store();
    let tls = FakeTransport::new(Err(TransportError::Tls));
    let err = SyncClient::new(&mut store, &tls)
        .sync_now(&id)
        .await
        .expect_err("an untrusted relay is an error");
    assert!(matches!(err, Error::Tls));
    let state = store.sync_state(&id).expect("reads").expect("state");
    assert_eq!(state.last_error.as_deref(), Some("tls"));
}

#[tokio::test]
async fn transient_failures_are_retried_with_backoff_then_reported() {
    let (_dir, mut store, id, _) = shared_store();
    // A 503 and a 429, then the relay recovers within the same call.
    let flaky = FakeTransport::new(synced(Some(1), &[]))
        .then(Method::Post, ok(503, b""))
        .then(Method::Post, ok(429, br#"{"error":"rate limited"}"#));
    let report = SyncClient::new(&mut store, &flaky)
        .with_retry_policy(fast())
        .sync_now(&id)
        .await
        .expect("recovers");
    assert_eq!((report.status, report.pushed), (SyncStatus::Synced, 1));
    assert_eq!(flaky.seen().len(), 3);
    // Every attempt is signed afresh: a retry is never a replayed nonce.
    let auth: Vec<String> = flaky.seen().iter().map(|r| r.headers[0].1.clone()).collect();
    let mut unique = auth.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), auth.len());

    let (_dir, mut store, id, _) = shared_store();
    let down = FakeTransport::new(ok(503, b""));
    let err = SyncClient::new(&mut store, &down)
        .with_retry_policy(fast())
        .sync_now(&id)
        .await
        .expect_err("gives up");
    assert!(matches!(err, Error::RelayUnavailable { status: 503 }));
    assert_eq!(down.seen().len(), 3, "the policy's three attempts");
}

#[tokio::test]
async fn tampered_envelopes_from_the_relay_are_refused_and_nothing_advances() {
    let (_dir, mut store, id, key) = shared_store();
    let identity = store.device_identity().expect("identity");
    let before = store.profile(&id).expect("reads").clone();
    let mut bytes = Envelope::seal(Kind::Change, &id, 1, &key, &identity, 1, b"changes")
        .expect("seals")
        .to_bytes();
    let last = bytes.len() - 70;
    bytes[last] ^= 1;
    // The push is acknowledged, but the page beside it is refused: so is the acknowledgement.
    let relay = FakeTransport::new(Err(TransportError::Unreachable))
        .then(Method::Post, synced(Some(2), &[(1, bytes)]));
    let err = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    let state = store.sync_state(&id).expect("reads").expect("state");
    assert_eq!(state.cursor, 0);
    assert_eq!(state.last_error.as_deref(), Some("protocol"));
    assert_eq!(store.profile(&id).expect("reads"), &before);
    assert!(store.outbox(&id).expect("reads").is_some(), "still to push");

    // Well signed, but by a device that is no member: refused too (after one member refresh).
    let stranger = DeviceIdentity::generate().expect("rng");
    let forged = Envelope::seal(Kind::Change, &id, 1, &key, &stranger, 1, b"changes")
        .expect("seals")
        .to_bytes();
    let owner_cert = store.sync_state(&id).expect("r").expect("s").membership;
    let members = serde_json::json!({ "epoch": 1, "entries": owner_cert });
    let relay = FakeTransport::new(Err(TransportError::Unreachable))
        .then(Method::Post, synced(Some(2), &[(1, forged)]))
        .then(Method::Get, ok(200, members.to_string().as_bytes()));
    let err = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(store.sync_state(&id).expect("r").expect("s").cursor, 0);
}

#[tokio::test]
async fn refusals_map_to_classes_the_app_acts_on() {
    let (_dir, mut store, id, _) = shared_store();
    let removed = FakeTransport::new(ok(403, br#"{"error":"not a member"}"#));
    let err = SyncClient::new(&mut store, &removed)
        .sync_now(&id)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::NotMember));
    assert_eq!(
        store
            .sync_state(&id)
            .expect("r")
            .expect("s")
            .last_error
            .as_deref(),
        Some("not_member")
    );

    let err = SyncClient::new(&mut store, &removed)
        .sync_now("p-unshared")
        .await
        .expect_err("not shared");
    assert!(matches!(err, Error::NotShared(_)));
    assert!(err.is_bad_input());

    let err = SyncClient::new(&mut store, &removed)
        .invite(&id, Role::Owner, Duration::from_secs(60))
        .await
        .expect_err("one owner");
    assert!(matches!(err, Error::NotPermitted(_)));
}

#[tokio::test]
async fn share_and_join_need_the_network_and_record_nothing_without_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("opens");
    let id = store
        .create_profile(&demo_profile(), &EditContext::now("母"))
        .expect("creates");
    let offline = FakeTransport::new(Err(TransportError::Unreachable));
    let mut client = SyncClient::new(&mut store, &offline);
    let err = client
        .share(&id, "http://127.0.0.1:9")
        .await
        .expect_err("needs the relay");
    assert!(matches!(err, Error::Offline));
    assert!(matches!(
        client.share(&id, "relay.example").await,
        Err(Error::InvalidRelayUrl)
    ));
    assert!(matches!(
        client.share("p-none", "https://relay.example").await,
        Err(Error::UnknownProfile(_))
    ));
    assert!(store.sync_state(&id).expect("reads").is_none());

    let mut client = SyncClient::new(&mut store, &offline);
    for bad in [
        "",
        "https://relay.example/join?p=p-1&r=editor",
        "not a link at all",
    ] {
        let err = client.join(bad).await.expect_err("malformed");
        assert!(matches!(err, Error::InvalidLink(_)), "{bad}: {err:?}");
        assert!(err.is_bad_input());
    }
    // A link without the signed invite (the older form) cannot be used to join.
    let link = tsunagu_wire::invite::InviteLink {
        relay: "http://127.0.0.1:9".into(),
        profile: "p-abc".into(),
        role: Role::Editor,
        secret: [1; 32],
        owner: DeviceIdentity::generate().expect("rng").id(),
    };
    assert!(matches!(
        client.join(&link.to_url()).await,
        Err(Error::InvalidLink(_))
    ));
    // A well-formed link while offline: refused as offline, nothing recorded.
    let owner = DeviceIdentity::generate().expect("rng");
    let cert = tsunagu_wire::membership::InviteCert::issue(&owner, "p-abc", &[1; 32], Role::Editor, i64::MAX);
    let link = tsunagu_wire::invite::InviteLink {
        owner: owner.id(),
        ..link
    };
    assert!(matches!(
        client.join(&link.to_url_with_invite(&cert)).await,
        Err(Error::Offline)
    ));
    assert!(
        offline.seen().len() <= 2,
        "only the share and the join reached the transport"
    );
    assert!(store.sync_state("p-abc").expect("reads").is_none());
    assert!(store.shared_profiles().expect("list").is_empty());
}

#[tokio::test]
async fn a_join_accepted_just_before_the_network_drops_is_completed_by_the_next_sync() {
    // The owner's side, made by hand: identity, profile document, invite.
    let owner = DeviceIdentity::generate().expect("rng");
    let (_odir, mut owner_store, id, _) = shared_store();
    let document = owner_store.document(&id).expect("doc").save();
    let key = EpochKey([8; 32]);
    let secret = [4u8; 32];
    let invite = tsunagu_wire::membership::InviteCert::issue(&owner, &id, &secret, Role::Editor, i64::MAX);
    let link = tsunagu_wire::invite::InviteLink {
        relay: "https://relay.invalid".into(),
        profile: id.clone(),
        role: Role::Editor,
        secret,
        owner: owner.id(),
    }
    .to_url_with_invite(&invite);

    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(dir.path().join("j.sqlite3")).expect("opens");
    let joined = format!(r#"{{"profile":"{id}","epoch":1}}"#);
    let flaky =
        FakeTransport::new(Err(TransportError::Timeout)).then(Method::Post, ok(200, joined.as_bytes()));
    let outcome = SyncClient::new(&mut store, &flaky)
        .join(&link)
        .await
        .expect("joined, then offline");
    assert_eq!(outcome.report.status, SyncStatus::Offline);
    assert!(!outcome.created);
    assert!(!store.exists(&id).expect("reads"));
    let state = store.sync_state(&id).expect("reads").expect("kept");
    // No key yet: the link carries none; the owner grants it after the join (ADR 0007).
    assert_eq!(
        (state.role, state.owner, state.epoch),
        (Role::Editor, owner.id(), 0)
    );
    assert_eq!(store.epoch_key(&id, 1).expect("reads"), None);
    // The proof never reveals the secret and was signed by this device's identity.
    let proof: serde_json::Value = serde_json::from_slice(&flaky.seen()[0].body).expect("json");
    assert_eq!(
        proof["proof"]["device"]["sign"],
        serde_json::to_value(store.device_id().expect("id")).expect("json")
    );

    // Back online: members, the owner's grant of the key, no snapshot, one envelope holding the
    // whole document.
    let me = store.device_identity().expect("identity");
    let entries = vec![
        MembershipEntry::Cert(MemberCert::issue(&owner, &id, owner.public(), Role::Owner, 1)),
        MembershipEntry::Joined(tsunagu_wire::membership::JoinProof::create(
            &me, invite, &secret, 2,
        )),
    ];
    let grant = tsunagu_wire::epoch::EpochGrant::issue(
        &owner,
        &id,
        1,
        &key,
        &me.public(),
        tsunagu_wire::membership::LogHead::of(&entries),
        3,
    )
    .expect("grant");
    let members = serde_json::json!({ "epoch": 1, "entries": entries });
    let granted = serde_json::json!({ "sealed": grant });
    let envelope = Envelope::seal(Kind::Change, &id, 1, &key, &owner, 1, &document)
        .expect("seals")
        .to_bytes();
    let online = FakeTransport::new(Err(TransportError::Unreachable))
        .then(Method::Get, ok(200, members.to_string().as_bytes()))
        .then(Method::Get, ok(200, granted.to_string().as_bytes()))
        .then(Method::Get, ok(404, br#"{"error":"not found"}"#))
        .then(Method::Post, synced(None, &[(1, envelope)]));
    let report = SyncClient::new(&mut store, &online)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(
        (report.status, report.pulled, report.pushed),
        (SyncStatus::Synced, 1, 0)
    );
    assert_eq!(
        store.profile(&id).expect("created"),
        owner_store.profile(&id).expect("reads")
    );
    let status = SyncClient::new(&mut store, &online)
        .sync_status(&id)
        .expect("status");
    assert_eq!((status.cursor, status.pending_changes), (1, 0));
}

#[tokio::test]
async fn share_links_call_the_relay_as_sync_does_retries_and_refusals_alike() {
    use crate::share::link::{LinkContent, LinkOptions, ShareLinks};

    let (_dir, mut store, id, _) = shared_store();
    // The relay is briefly overloaded, then registers the link and takes its file.
    let flaky = FakeTransport::new(ok(201, b"{}"))
        .then(Method::Post, ok(503, b""))
        .then(Method::Post, ok(429, br#"{"error":"rate_limited"}"#));
    let (content, what) = LinkContent::for_ips(r#"{"resourceType":"Bundle"}"#.to_owned());
    let record = ShareLinks::new(&mut store, &flaky)
        .with_retry_policy(fast())
        .create(&id, &content, &what, &LinkOptions::default())
        .await
        .expect("the retries carry the link through");
    assert_eq!(record.relay_url, "http://relay.invalid");
    assert_eq!(
        flaky.seen().len(),
        4,
        "two refusals retried, then create and upload"
    );

    // The same 403 is the same error for a link and for a sync.
    let refused = FakeTransport::new(ok(403, br#"{"error":"not_member"}"#));
    let link_err = ShareLinks::new(&mut store, &refused)
        .with_retry_policy(fast())
        .status(&record.id)
        .await
        .expect_err("refused");
    let sync_err = SyncClient::new(&mut store, &refused)
        .with_retry_policy(fast())
        .members(&id)
        .await
        .expect_err("refused");
    assert!(matches!(link_err, Error::NotMember), "{link_err:?}");
    assert!(matches!(sync_err, Error::NotMember), "{sync_err:?}");
    assert_eq!(refused.seen().len(), 2, "a refusal is not retried");

    // A relay that stays down is reported the same way too.
    let down = FakeTransport::new(ok(503, b""));
    let err = ShareLinks::new(&mut store, &down)
        .with_retry_policy(fast())
        .revoke(&record.id)
        .await
        .expect_err("gives up");
    assert!(matches!(err, Error::RelayUnavailable { status: 503 }), "{err:?}");
    assert_eq!(down.seen().len(), 3, "the policy's three attempts");
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

/// A connection that breaks before the answer (a keep-alive connection closed as the request
/// went out) costs an idempotent call one immediate resend, signed afresh; a sync is idempotent
/// (the relay keeps a push once), so it completes instead of reporting offline.
#[tokio::test]
async fn a_sync_whose_connection_breaks_is_sent_again_once_signed_afresh() {
    let (_dir, mut store, id, key, identity) = pushed_store().await;

    let pulled = edit_elsewhere(&mut store, &id, &key, &identity, 100, "さく");
    let relay =
        FakeTransport::new(synced(None, &[(2, pulled)])).then(Method::Post, Err(TransportError::Interrupted));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("syncs after one resend");
    assert_eq!((report.status, report.pulled), (SyncStatus::Synced, 1));
    let sent = relay.seen();
    assert_eq!(sent.len(), 2, "the sync, then the same sync again");
    assert_eq!(sent[0].path_and_query, sent[1].path_and_query);
    let auth = |r: &HttpRequest| {
        r.headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .map(|(_, v)| v.clone())
    };
    assert_ne!(
        auth(&sent[0]),
        auth(&sent[1]),
        "a fresh nonce: the relay refuses a replay"
    );

    // Broken twice in a row: offline, as before, after exactly one resend.
    let relay = FakeTransport::new(Err(TransportError::Interrupted));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("reports");
    assert_eq!(report.status, SyncStatus::Offline);
    assert_eq!(relay.seen().len(), 2);
}

/// A call that is not idempotent (an invite's use, a key grant) is never sent twice by the
/// transport layer: the first may have been done.
#[tokio::test]
async fn a_call_that_is_not_idempotent_is_not_sent_again_when_its_connection_breaks() {
    let identity = DeviceIdentity::generate().expect("rng");
    let post =
        Call::post_json("/v1/profiles/p/members".to_owned(), &serde_json::json!({"x": 1})).expect("a call");
    assert!(!post.idempotent);
    // A GET is idempotent: sent again once.
    let get = Call::get("/v1/profiles/p/members".to_owned());
    for (call, sends) in [(post, 1), (get, 2)] {
        let relay = FakeTransport::new(Err(TransportError::Interrupted));
        let sent = call::send(
            &relay,
            &RetryPolicy::default(),
            &identity,
            "http://127.0.0.1:1",
            &call,
        )
        .await;
        assert!(matches!(sent, Err(Error::Offline)));
        assert_eq!(relay.seen().len(), sends, "{:?}", call.method);
    }
}

/// A sync that pulls and merges one edit makes ONE commit, without an fsync of its own (ADR
/// 0019): the merged chunk, the cursor and the relay's heads, and the sync's success together.
/// One that also pushes a new edit makes two: the sealed envelope is made durable in the outbox
/// before it is sent.
#[tokio::test]
async fn a_pulling_sync_commits_once() {
    let (_dir, mut store, id, key, identity) = pushed_store().await;
    let commits = store.count_commits();

    let pulled = edit_elsewhere(&mut store, &id, &key, &identity, 100, "さく");
    let relay = FakeTransport::new(synced(None, &[(2, pulled)]));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("pulls");
    assert_eq!(
        (report.status, report.pulled, report.pushed),
        (SyncStatus::Synced, 1, 0)
    );
    assert_eq!(
        commits.load(std::sync::atomic::Ordering::Relaxed),
        1,
        "one commit"
    );
    // What the relay holds committed without an fsync of its own (ADR 0019), and the store is
    // back to fsync'ing every commit for the edit below.
    assert_eq!(store.synchronous(), 2, "synchronous=FULL again");
    let state = store.sync_state(&id).expect("reads").expect("state");
    assert_eq!(state.cursor, 2);
    assert!(state.last_success_at.is_some());
    assert_eq!(nickname(&mut store, &id).as_deref(), Some("さく"));

    store
        .edit(
            &id,
            &[Edit::set("child.name_kana", "やまだ さく")],
            &EditContext::now("母"),
        )
        .expect("edits")
        .expect("a change to push");
    let pulled = edit_elsewhere(&mut store, &id, &key, &identity, 101, "さくちゃん");
    commits.store(0, std::sync::atomic::Ordering::Relaxed);
    let relay = FakeTransport::new(synced(Some(4), &[(3, pulled)]));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("pushes and pulls");
    assert_eq!((report.pulled, report.pushed), (1, 1));
    assert_eq!(
        commits.load(std::sync::atomic::Ordering::Relaxed),
        2,
        "the outbox, then the rest"
    );
    assert!(store.outbox(&id).expect("reads").is_none());
    assert_eq!(store.sync_state(&id).expect("reads").expect("state").cursor, 4);
}

/// What a sync response leaves to do locally (merge the page, advance the cursor, acknowledge the
/// push, record the success) is kept all together or not at all: a write that fails in the middle
/// (a fault injected with a trigger on the acknowledgement) leaves the pulled edit unmerged, the
/// cursor where it was and the envelope queued, in memory and in the file; the next sync does it
/// all.
#[tokio::test]
async fn a_sync_response_is_settled_all_or_nothing() {
    let (dir, mut store, id, key) = shared_store();
    let path = dir.path().join("s.sqlite3");
    let identity = store.device_identity().expect("identity");
    let relay = FakeTransport::new(synced(Some(1), &[]));
    SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("pushes the document");
    store
        .edit(
            &id,
            &[Edit::set("child.name_kana", "やまだ さく")],
            &EditContext::now("母"),
        )
        .expect("edits")
        .expect("a change to push");
    let pulled = edit_elsewhere(&mut store, &id, &key, &identity, 100, "さく");
    let before = nickname(&mut store, &id);

    let fault = rusqlite::Connection::open(&path).expect("second handle");
    fault
        .execute_batch(
            "CREATE TRIGGER refuse_ack BEFORE DELETE ON sync_outbox
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
        )
        .expect("trigger");
    let relay = FakeTransport::new(synced(Some(3), &[(2, pulled.clone())]));
    let err = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect_err("the acknowledgement fails");
    assert!(matches!(err, Error::Storage(_)), "{err:?}");
    let unsettled = |store: &mut ProfileStore| {
        let state = store.sync_state(&id).expect("reads").expect("state");
        assert_eq!(state.cursor, 1, "the cursor did not move");
        assert_eq!(state.last_error.as_deref(), Some("storage"));
        assert!(store.outbox(&id).expect("reads").is_some(), "still queued");
        assert_eq!(nickname(store, &id), before, "the pulled edit was not kept");
    };
    unsettled(&mut store);
    drop(store);
    let mut store = ProfileStore::open(&path).expect("reopens");
    unsettled(&mut store);

    fault.execute_batch("DROP TRIGGER refuse_ack").expect("drops");
    let relay = FakeTransport::new(synced(Some(3), &[(2, pulled)]));
    let report = SyncClient::new(&mut store, &relay)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!((report.pulled, report.pushed), (1, 1));
    assert_eq!(nickname(&mut store, &id).as_deref(), Some("さく"));
    let state = store.sync_state(&id).expect("reads").expect("state");
    assert_eq!((state.cursor, state.last_error), (3, None));
    assert!(store.outbox(&id).expect("reads").is_none());
}
