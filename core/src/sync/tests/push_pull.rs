//! Pushing and pulling: one request per sync, compressed changes, one commit, all or nothing.

use super::*;

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

    edit_here(&mut store, &id);
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
    let (dir, mut store, id, key, identity) = pushed_store().await;
    let path = dir.path().join("s.sqlite3");
    edit_here(&mut store, &id);
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
