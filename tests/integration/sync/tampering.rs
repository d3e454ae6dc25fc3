//! 3. Duplicated, replayed, tampered, truncated and reordered input.

use super::*;

async fn duplicated_pushes_are_idempotent_and_replayed_requests_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();
    let raw = Raw::new(&relay.url);

    let hash = devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]);
    assert_eq!(devices[0].synced(&faulty, &id).await.pushed, 1);
    let push = faulty.pushes().pop().expect("pushed");
    // The old push endpoint answers the sequence number the sync request was acknowledged with.
    let seq = serde_json::json!({ "seq": acknowledged_seq(&push.response.clone().expect("answered")) });
    assert_eq!(devices[1].synced(&t, &id).await.pulled, 1);
    let parent_before = devices[1].view(&id);
    let cursor_before = devices[1].state(&id).cursor;
    let stored_before = relay.envelopes(&id).len();

    // (a) The same envelope pushed again, twice, in fresh signed requests: the same sequence
    // number, nothing new stored, nothing new for the other device.
    let owner = devices[0].identity();
    for _ in 0..2 {
        let again = raw
            .signed(&owner, "POST", &envelopes_path(&id), push.request.body.clone())
            .await;
        assert_eq!(again, (200, seq.clone()));
    }
    assert_eq!(relay.envelopes(&id).len(), stored_before);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (0, 0));
    assert_eq!(devices[1].view(&id), parent_before);
    assert_eq!(devices[1].state(&id).cursor, cursor_before);
    // The same (author, counter) with other bytes is a conflict, not a second envelope.
    let envelope = Envelope::from_bytes(&push.request.body).expect("an envelope");
    let (epoch, key) = current_key(&devices[0], &id);
    let other =
        Envelope::seal(Kind::Change, &id, epoch, &key, &owner, envelope.counter, b"other").expect("seals");
    let conflict = raw
        .signed(&owner, "POST", &envelopes_path(&id), other.to_bytes())
        .await;
    assert_eq!(conflict, (409, refusal("conflict")));
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // (b) A request the sync client sent, replayed byte for byte (same Authorization, same
    // body): refused as a replay, for a push and for a pull alike.
    assert!(
        push.request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    );
    assert_eq!(raw.replay(&push.request).await, (401, refusal("replay")));
    let pull = faulty
        .log()
        .into_iter()
        .find(|e| is_pull(&e.request))
        .expect("pulled");
    assert_eq!(raw.replay(&pull.request).await, (401, refusal("replay")));
    // The same body signed afresh is fine: only the signed request is single-use.
    let fresh = raw
        .signed(&owner, "POST", &envelopes_path(&id), push.request.body.clone())
        .await;
    assert_eq!(fresh, (200, seq));
    assert_eq!(relay.envelopes(&id).len(), stored_before);
    assert_eq!(devices[1].view(&id), parent_before);
    assert!(devices[1].hashes(&id).contains(&hex(&hash)));
    relay.stop().await;
}

async fn tampered_truncated_and_reordered_pull_pages_are_refused_with_nothing_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();

    // Two envelopes wait for the other parent; the second depends on the first.
    devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    devices[0].edit(&id, &[Edit::set("child.nickname", "さくら")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);

    let faults = [
        Fault::Flip(Spot::Start(1)),  // kind
        Fault::Flip(Spot::Start(5)),  // epoch (1 -> 0)
        Fault::Flip(Spot::Start(10)), // author
        Fault::Flip(Spot::Start(40)), // counter
        Fault::Flip(Spot::Start(50)), // nonce
        Fault::Flip(Spot::Start(90)), // ciphertext
        Fault::Flip(Spot::End(0)),    // signature
        Fault::Truncate(Cut::Drop(1)),
        Fault::Truncate(Cut::Half),
        Fault::Truncate(Cut::Keep(4 + 8 + 4 + 30)),
        Fault::Truncate(Cut::Keep(4)),
        Fault::Truncate(Cut::Keep(0)),
        Fault::SwapItems,
    ];
    let parent = &mut devices[1];
    let before = parent.view(&id);
    let state = parent.state(&id);
    for fault in faults {
        faulty.arm(fault.clone());
        let result = parent.sync(&faulty, &id).await;
        assert!(!faulty.is_armed(), "{fault:?} did not apply");
        let err = result.expect_err("a damaged page is refused");
        // Refused as data that does not verify. A flipped epoch is looked up before the
        // signature is checked, so it reads as a key this device lacks: still refused.
        let epoch_flip = matches!(fault, Fault::Flip(Spot::Start(2..=5)));
        assert!(
            matches!(err, Error::Protocol(_)) || (epoch_flip && matches!(err, Error::KeyUnavailable { .. })),
            "{fault:?}: {err:?}"
        );
        assert_eq!(parent.view(&id), before, "{fault:?}: nothing merged");
        let after = parent.state(&id);
        assert_eq!(
            (after.cursor, &after.relay_heads, after.epoch),
            (state.cursor, &state.relay_heads, state.epoch),
            "{fault:?}: the cursor did not move"
        );
        assert_eq!(parent.store.outbox(&id).expect("reads"), None);
        let status = parent.client(&t).sync_status(&id).expect("status");
        assert_eq!(status.last_error.as_deref(), Some(err.class()));
    }
    assert_eq!(faulty.fired(), 13);

    // A clean sync afterwards gets both changes.
    let report = parent.synced(&faulty, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (2, 2));
    assert_all_equal(&mut devices, &id);

    // Two more envelopes, delivered in the wrong order under rising sequence numbers: the client
    // cannot tell, and does not need to: the page merges as a whole.
    devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 93.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 94.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    faulty.arm(Fault::SwapEnvelopes);
    let report = devices[1].synced(&faulty, &id).await;
    assert_eq!(faulty.fired(), 14);
    assert_eq!(report.pulled, 2);
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    assert_eq!(pointer(&devices[1].json(&id), "/baseline/spo2_low"), 94.0);
    assert_nothing_pending(&mut devices, &t, &id);
    relay.stop().await;
}

async fn a_damaged_page_stops_the_pull_after_the_pages_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    // One envelope per page, so a pull takes several requests.
    let mut relay = Relay::start_with(dir.path(), |c| c.max_pull_envelopes = 1).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let mut hashes = Vec::new();
    for (i, value) in [91.0, 92.0, 93.0].into_iter().enumerate() {
        hashes.push(devices[0].edit(&id, &[Edit::set("baseline.spo2_low", value)]));
        assert_eq!(devices[0].synced(&t, &id).await.pushed, 1, "edit {i}");
    }
    let seqs: Vec<i64> = relay.envelopes(&id).iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);

    // The second page is damaged: the first stays merged, the cursor stops after it.
    let faulty = Faulty::new();
    faulty.arm_after(1, Fault::Flip(Spot::Start(90)));
    let err = devices[1].sync(&faulty, &id).await.expect_err("refused");
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(faulty.fired(), 1);
    let pulls = faulty.log().into_iter().filter(|e| is_pull(&e.request)).count();
    assert_eq!(pulls, 2, "the pull stopped at the damaged page");
    let history = devices[1].hashes(&id);
    assert!(history.contains(&hex(&hashes[0])));
    assert!(!history.contains(&hex(&hashes[1])) && !history.contains(&hex(&hashes[2])));
    assert_eq!(devices[1].state(&id).cursor, 2);
    assert_eq!(pointer(&devices[1].json(&id), "/baseline/spo2_low"), 91.0);

    // Clean again: the rest, page by page.
    faulty.clear_log();
    let report = devices[1].synced(&faulty, &id).await;
    assert_eq!((report.pulled, report.pulled_envelopes), (2, 2));
    let pulls = faulty.log().into_iter().filter(|e| is_pull(&e.request)).count();
    assert_eq!(pulls, 2, "two pages of one, the second saying no more follow");
    assert_eq!(devices[1].state(&id).cursor, 4);
    assert_all_equal(&mut devices, &id);
    relay.stop().await;
}

on_each_backend!(
    duplicated_pushes_are_idempotent_and_replayed_requests_are_refused,
    tampered_truncated_and_reordered_pull_pages_are_refused_with_nothing_merged,
    a_damaged_page_stops_the_pull_after_the_pages_before_it,
);
