//! An edit never waits for the network: a real relay behind a [`StallingProxy`] that holds every
//! request, a sync stuck on it, and a parent's edit to the same store that completes meanwhile
//! (ADR 0006). The edit is then pushed by the next sync and reaches another device.

use std::sync::{Arc, Mutex, Once, mpsc};
use std::time::Duration;

use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::{HttpTransport, Role, SyncClient, SyncReport, SyncStatus};
use tsunagu_core::{Edit, ProfileStore};
use tsunagu_relay::StallingProxy;
use tsunagu_tests::edit_context;

const PARENT: &str = "母 山田花子";

/// Generous bound for "completes": only reached when the edit is stuck behind the sync.
const DEADLOCK: Duration = Duration::from_secs(60);

fn provider() {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // reqwest's rustls-no-provider needs one even for plain http.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Runs `sync_now` for `profile` on its own thread and runtime (as the bindings' worker does),
/// over a client that locks `store` per local phase; the report arrives on the receiver.
fn sync_on_a_thread(
    store: &Arc<Mutex<ProfileStore>>,
    profile: &str,
) -> mpsc::Receiver<tsunagu_core::Result<SyncReport>> {
    let (done, report) = mpsc::channel();
    let (store, profile) = (Arc::clone(store), profile.to_owned());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let transport = HttpTransport::new().expect("transport");
        let mut client = SyncClient::shared(store, &transport);
        let _ = done.send(runtime.block_on(client.sync_now(&profile)));
    });
    report
}

/// A real relay (its database `relay.sqlite3` in `dir`) behind a [`StallingProxy`], and the
/// parent's store in `dir` holding a profile shared through the proxy.
struct Shared {
    relay: tsunagu_relay::RunningRelay,
    proxy: StallingProxy,
    transport: HttpTransport,
    store: ProfileStore,
    id: String,
}

async fn shared_behind_a_proxy(dir: &std::path::Path) -> Shared {
    provider();
    let relay = tsunagu_relay::spawn_for_tests(&dir.join("relay.sqlite3"))
        .await
        .expect("relay starts");
    let proxy = StallingProxy::start(relay.addr()).await.expect("proxy starts");
    let transport = HttpTransport::new().expect("transport");
    let mut store = ProfileStore::open(dir.join("parent.sqlite3")).expect("opens");
    let id = store
        .create_profile(&demo_profile(), &edit_context(PARENT, 0))
        .expect("creates");
    let shared = SyncClient::new(&mut store, &transport)
        .share(&id, &proxy.url())
        .await
        .expect("shares");
    assert_eq!(shared.status, SyncStatus::Synced);
    Shared {
        relay,
        proxy,
        transport,
        store,
        id,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_completes_while_a_sync_waits_on_a_stalled_relay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Shared {
        relay: _relay,
        proxy,
        transport,
        store,
        id,
    } = shared_behind_a_proxy(dir.path()).await;
    let store = Arc::new(Mutex::new(store));

    // The relay stops answering; a sync starts and waits on it.
    proxy.hold();
    let sync = sync_on_a_thread(&store, &id);
    tokio::time::timeout(DEADLOCK, proxy.request_held())
        .await
        .expect("the sync reached the relay");

    // Meanwhile the parent edits the same store: it must not wait for the relay.
    let editing = Arc::clone(&store);
    let edit_id = id.clone();
    let edited = tokio::time::timeout(
        DEADLOCK,
        tokio::task::spawn_blocking(move || {
            let mut store = editing.lock().expect("the store is not poisoned");
            store
                .edit(
                    &edit_id,
                    &[Edit::set("child.nickname", "さっちゃん")],
                    &edit_context(PARENT, 1),
                )
                .expect("the edit applies")
        }),
    )
    .await
    .expect("the edit completed while the sync waited on the relay")
    .expect("the edit's thread");
    assert!(edited.is_some(), "the edit changed the profile");
    assert!(
        matches!(sync.try_recv(), Err(mpsc::TryRecvError::Empty)),
        "the sync was still waiting on the relay when the edit completed"
    );

    // The relay answers again: the sync finishes, and the next one pushes the edit.
    proxy.release();
    let first = tokio::task::spawn_blocking(move || sync.recv_timeout(DEADLOCK))
        .await
        .expect("joins")
        .expect("the sync finished")
        .expect("the sync succeeded");
    assert_eq!(first.status, SyncStatus::Synced);
    let second = sync_on_a_thread(&store, &id);
    let second = tokio::task::spawn_blocking(move || second.recv_timeout(DEADLOCK))
        .await
        .expect("joins")
        .expect("the sync finished")
        .expect("the sync succeeded");
    assert_eq!(second.status, SyncStatus::Synced);
    let status = SyncClient::shared(Arc::clone(&store), &transport)
        .sync_status(&id)
        .expect("status");
    assert_eq!(
        (status.pending_changes, status.awaiting_ack),
        (0, false),
        "the edit made during the stalled sync reached the relay"
    );

    // Another device joins and sees the edit.
    let link = SyncClient::shared(Arc::clone(&store), &transport)
        .invite(&id, Role::Viewer, Duration::from_secs(600))
        .await
        .expect("invites");
    let mut other = ProfileStore::open(dir.path().join("other.sqlite3")).expect("opens");
    let joined = SyncClient::new(&mut other, &transport)
        .join(&link)
        .await
        .expect("joins");
    // No key in the link: it reads once the owner's device synced (and granted it the key).
    assert_eq!(joined.report.status, SyncStatus::WaitingForOwner);
    SyncClient::shared(Arc::clone(&store), &transport)
        .sync_now(&id)
        .await
        .expect("the owner syncs");
    let report = SyncClient::new(&mut other, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(report.status, SyncStatus::Synced);
    let profile = other.profile(&id).expect("the profile arrived");
    let nickname = serde_json::to_value(profile).expect("json")["child"]["nickname"].clone();
    assert_eq!(nickname, "さっちゃん");
}

/// The relay's answer to a push is lost with its connection (a keep-alive connection dropped at
/// the wrong moment): the sync sends the same request again at once, signed afresh, the relay
/// keeps the envelope once and answers its first sequence number, and the sync completes
/// instead of reporting offline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_whose_answer_is_lost_is_sent_again_and_kept_once() {
    use tsunagu_relay::RelayStore;

    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("relay.sqlite3");
    let Shared {
        relay: _relay,
        proxy,
        transport,
        mut store,
        id,
    } = shared_behind_a_proxy(dir.path()).await;
    let on_relay = || {
        let relay_db = tsunagu_relay::SqliteStore::open(&db).expect("the relay's file opens");
        relay_db
            .envelopes_after(&id, 0, 1000, 1 << 24)
            .expect("reads")
            .items
            .len()
    };
    let before = on_relay();

    store
        .edit(
            &id,
            &[Edit::set("child.nickname", "さっちゃん")],
            &edit_context(PARENT, 1),
        )
        .expect("edits")
        .expect("a change to push");
    proxy.cut_next_answers(1);
    let report = SyncClient::new(&mut store, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(proxy.cuts_left(), 0, "the relay's first answer was cut");
    assert_eq!((report.status, report.pushed), (SyncStatus::Synced, 1));
    assert_eq!(on_relay(), before + 1, "the envelope is on the relay once");
    let status = SyncClient::new(&mut store, &transport)
        .sync_status(&id)
        .expect("status");
    assert_eq!((status.pending_changes, status.awaiting_ack), (0, false));
}
