//! 2. A push the relay stored but whose answer was lost, then the relay restarts.

use super::*;

async fn a_push_whose_answer_is_lost_is_resent_identically_after_the_relay_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;
    let faulty = Faulty::new();
    let owner_id = devices[0].store.device_id().expect("id");

    // Two edits go out in one envelope; the relay stores it, the answer never arrives, and
    // neither does the answer to the sync's immediate resend (the relay kept it once).
    let first = [
        devices[0].edit(&id, &[Edit::set("child.nickname", "さく")]),
        devices[0].edit(
            &id,
            &[Edit::Add {
                collection: "stock".into(),
                id: "stk-lost-ack".into(),
                entity: json!({ "name": "人工鼻 予備", "on_hand": 5, "unit": "個" }),
            }],
        ),
    ];
    faulty.arm(Fault::LosePushAcks(2));
    let report = devices[0]
        .sync(&faulty, &id)
        .await
        .expect("a lost answer is not an error");
    assert_eq!(faulty.fired(), 2, "the push and its one resend");
    assert_eq!((report.status, report.pushed), (SyncStatus::Offline, 0));
    let queued = devices[0]
        .store
        .outbox(&id)
        .expect("reads")
        .expect("still queued");
    assert_eq!(queued.changes, 2);
    let lost = faulty.pushes();
    assert_eq!(lost.len(), 2);
    assert_eq!(
        lost[0].request.body, queued.envelope,
        "what went out is what is queued"
    );
    assert_eq!(lost[1].request.body, queued.envelope, "the resend is identical");
    assert_eq!(
        acknowledged_seq(lost[1].response.as_ref().expect("the relay answered")),
        acknowledged_seq(lost[0].response.as_ref().expect("the relay answered")),
        "the relay kept it once and answered its first number"
    );
    let lost_answer = lost[0].response.clone().expect("the relay answered");
    assert_eq!(lost_answer.status, 200);
    let lost_seq = acknowledged_seq(&lost_answer);
    let stored = relay.envelopes(&id);
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[1].seq, &stored[1].bytes),
        (i64::try_from(lost_seq).expect("seq"), &queued.envelope)
    );

    // The relay dies right after; the owner edits again and tries while it is down.
    relay.stop().await;
    let later = devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 91.0)]);
    let report = devices[0].sync(&faulty, &id).await.expect("offline");
    assert_eq!(report.status, SyncStatus::Offline);
    assert_eq!(
        devices[0].store.outbox(&id).expect("reads").as_ref(),
        Some(&queued),
        "the queued envelope is kept as it was, not sealed again with the new edit"
    );

    // Back up (same address and database). The other parent writes in between.
    relay.restart().await;
    let theirs = devices[1].edit(
        &id,
        &[Edit::set("devices.dev-vent.settings.ventilator.rate", 22.0)],
    );
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(
        (report.pulled, report.pushed),
        (2, 1),
        "it already gets the lost push"
    );

    // The retry sends the identical bytes and gets the same sequence number: stored once.
    faulty.clear_log();
    let report = devices[0].synced(&faulty, &id).await;
    assert_eq!(report.pushed, 2, "the queued envelope's two changes");
    let resent = faulty.pushes();
    assert_eq!(resent.len(), 1, "one envelope per sync");
    assert_eq!(resent[0].request.body, queued.envelope, "identical bytes");
    let answer = resent[0].response.clone().expect("answered");
    assert_eq!(acknowledged_seq(&answer), lost_seq);
    assert_eq!(devices[0].store.outbox(&id).expect("reads"), None);
    // The next sync sends the edit made while the relay was down.
    let report = devices[0].synced(&faulty, &id).await;
    assert_eq!(report.pushed, 1);
    sync_until_quiet(&mut devices, &t, &id).await;

    assert_all_equal(&mut devices, &id);
    assert_nothing_pending(&mut devices, &t, &id);
    let history = devices[1].hashes(&id);
    for hash in first.iter().chain([&later, &theirs]) {
        assert!(history.contains(&hex(hash)));
    }
    assert_eq!(history.len(), 1 + 4, "nothing duplicated");
    let json = devices[1].json(&id);
    assert_eq!(pointer(&json, "/child/nickname"), "さく");
    assert_eq!(pointer(&json, "/baseline/spo2_low"), 91.0);
    assert_eq!(pointer(&json, "/stock/stk-lost-ack/on_hand"), 5.0);
    assert_eq!(
        json["stock"].as_object().expect("stock").len(),
        demo_profile().stock.len() + 1
    );
    let stored = relay.envelopes(&id);
    let by_owner: Vec<i64> = stored
        .iter()
        .filter(|s| s.author == owner_id.0)
        .map(|s| s.counter)
        .collect();
    assert_eq!(by_owner, [1, 2, 3], "share, the lost push once, the later edit");
    assert_eq!(stored.len(), 4);
    assert_eq!(
        stored.iter().filter(|s| s.bytes == queued.envelope).count(),
        1,
        "the resent envelope is stored once"
    );

    // The lost request itself, replayed after the restart, is still a replay: nonces persist.
    let raw = Raw::new(&relay.url);
    assert_eq!(raw.replay(&lost[0].request).await, (401, refusal("replay")));
    assert_eq!(relay.envelopes(&id).len(), 4);
    relay.stop().await;
}

on_each_backend!(a_push_whose_answer_is_lost_is_resent_identically_after_the_relay_restarts,);
