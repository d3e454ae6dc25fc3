//! What the relay refuses or tampers with: nothing advances, and the app gets a class to act on.

use super::*;

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
