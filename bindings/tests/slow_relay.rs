//! Through the exported API, as the apps call it: a parent's edit to the store completes while
//! `SyncService::sync_now` waits on a relay that stopped answering (a real relay behind a
//! stalling proxy), and the edit goes out once the relay answers again (ADR 0006).

use std::sync::Arc;
use std::time::Duration;

use tsunagu_ffi::{EditOp, SyncService, TsunaguStore};
use tsunagu_relay::StallingProxy;

/// Generous bound for "completes": only reached when the edit is stuck behind the sync.
const DEADLOCK: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_completes_while_sync_now_waits_on_a_stalled_relay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = tsunagu_relay::spawn_for_tests(&dir.path().join("relay.sqlite3"))
        .await
        .expect("relay starts");
    let proxy = StallingProxy::start(relay.addr()).await.expect("proxy starts");
    let path = dir.path().join("parent.sqlite3");
    let store = TsunaguStore::open(path.to_string_lossy().into_owned()).expect("opens");
    let id = store.create_sample("母".into()).expect("creates");
    let sync = SyncService::new(&store).expect("sync service");
    let shared = sync.share(id.clone(), proxy.url()).await.expect("shares");
    assert!(shared.online);

    proxy.hold();
    let syncing = tokio::spawn({
        let (sync, id) = (Arc::clone(&sync), id.clone());
        async move { sync.sync_now(id).await }
    });
    tokio::time::timeout(DEADLOCK, proxy.request_held())
        .await
        .expect("the sync reached the relay");

    let edited = tokio::time::timeout(
        DEADLOCK,
        tokio::task::spawn_blocking({
            let (store, id) = (Arc::clone(&store), id.clone());
            move || {
                let edit = EditOp::Set {
                    path: "child.nickname".into(),
                    value_json: "\"さっちゃん\"".into(),
                };
                store.edit(id, vec![edit], "母".into())
            }
        }),
    )
    .await
    .expect("the edit completed while the sync waited on the relay")
    .expect("the edit's thread")
    .expect("the edit applies");
    assert!(edited.is_some(), "the edit changed the profile");
    // Reads go ahead too.
    assert_eq!(store.list().expect("lists").len(), 1);
    assert!(!syncing.is_finished(), "the sync was still waiting on the relay");

    proxy.release();
    let first = tokio::time::timeout(DEADLOCK, syncing)
        .await
        .expect("the sync finished")
        .expect("joins")
        .expect("the sync succeeded");
    assert!(first.online);
    let second = sync.sync_now(id.clone()).await.expect("syncs");
    assert_eq!(first.pushed + second.pushed, 1, "the edit went out once");
    let info = sync.status(id).expect("status");
    assert_eq!((info.pending_changes, info.awaiting_ack), (0, false));
}
