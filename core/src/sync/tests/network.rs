//! The network fails: offline is a status, retries back off, a broken connection costs an idempotent
//! call one resend.

use super::*;

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
