//! Sharing, joining and share links over the same transport.

use super::*;

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
