//! 6. A removed member cannot read what is written after its removal.

use super::*;

async fn a_removed_member_cannot_read_anything_written_after_its_removal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(
        dir.path(),
        &relay,
        &t,
        &[(PARENT, Role::Editor), (COORDINATOR, Role::Editor)],
    )
    .await;
    let (old_epoch, old_key) = current_key(&devices[2], &id);
    assert_eq!(old_epoch, 1);
    let mut coordinator = devices.pop().expect("coordinator");
    let coordinator_id = coordinator.store.device_id().expect("id");
    let coordinator_identity = coordinator.identity();

    let epoch = devices[0]
        .client(&t)
        .remove_member(&id, &coordinator_id)
        .await
        .expect("removes");
    assert_eq!(epoch, 2);

    // The removed device is refused, whatever it asks.
    let err = coordinator.sync(&t, &id).await.expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    let err = coordinator.client(&t).members(&id).await.expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    assert_eq!(
        coordinator
            .client(&t)
            .sync_status(&id)
            .expect("status")
            .last_error
            .as_deref(),
        Some("not_member")
    );
    let raw = Raw::new(&relay.url);
    let removed = (403, refusal("removed"));
    for path in [
        "keys/2",
        "envelopes?after=0&limit=100",
        "members",
        "snapshots/latest",
    ] {
        let path = format!("/v1/profiles/{id}/{path}");
        assert_eq!(
            raw.signed(&coordinator_identity, "GET", &path, Vec::new()).await,
            removed,
            "{path}"
        );
    }

    // The other parent wrote before hearing of the removal (its envelope is sealed again in the
    // new epoch); the owner writes after it.
    let coordinator_before = coordinator.view(&id);
    let parents = devices[1].edit(&id, &[Edit::set("baseline.spo2_low", 91.0)]);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pushed, 1);
    assert_eq!(devices[1].state(&id).epoch, 2);
    let owners = devices[0].edit(&id, &[Edit::set("child.nickname", "さくら")]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    let history = devices[1].hashes(&id);
    assert!(history.contains(&hex(&parents)) && history.contains(&hex(&owners)));
    assert!(coordinator.sync(&t, &id).await.is_err());
    assert_eq!(coordinator.view(&id), coordinator_before);

    // Straight from the relay's database: the epoch 2 envelopes and snapshot do not open with the
    // epoch 1 key the removed device holds (granted when it joined); they open with the new key
    // (as the owner's store holds it).
    let (new_epoch, new_key) = current_key(&devices[0], &id);
    assert_eq!(new_epoch, 2);
    let stored = relay.envelopes(&id);
    let newer: Vec<&Stored> = stored.iter().filter(|s| s.epoch == 2).collect();
    assert_eq!(newer.len(), 2, "the other parent's and the owner's: {stored:?}");
    let snapshots: Vec<Vec<u8>> = relay
        .snapshots(&id)
        .into_iter()
        .filter(|(e, _)| *e == 2)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        snapshots.len(),
        1,
        "remove_member posts a snapshot in the new epoch"
    );
    for bytes in newer.iter().map(|s| &s.bytes).chain(&snapshots) {
        let envelope = Envelope::from_bytes(bytes).expect("an envelope");
        assert_eq!(envelope.epoch, 2);
        assert!(envelope.open(&id, &old_key).is_err(), "the old key opens it");
        assert!(
            envelope.open(&id, &new_key).is_ok(),
            "the new key does not open it"
        );
    }
    // Sanity: the old key is the right one for what came before.
    for s in stored.iter().filter(|s| s.epoch == 1) {
        let envelope = Envelope::from_bytes(&s.bytes).expect("an envelope");
        assert!(envelope.open(&id, &old_key).is_ok());
        assert!(envelope.open(&id, &new_key).is_err());
    }
    relay.stop().await;
}

on_each_backend!(a_removed_member_cannot_read_anything_written_after_its_removal,);
