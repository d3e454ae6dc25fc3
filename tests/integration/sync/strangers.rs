//! 4. Strangers and wrong keys.

use super::*;

async fn strangers_are_refused_and_envelopes_with_wrong_keys_or_authors_are_never_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(COORDINATOR, Role::Editor)]).await;
    let raw = Raw::new(&relay.url);
    let (epoch, key) = current_key(&devices[0], &id);
    let stored_before = relay.envelopes(&id).len();

    // A stranger with its own identity, even one holding a leaked invite link's key.
    let stranger = DeviceIdentity::generate().expect("rng");
    let forged = Envelope::seal(Kind::Change, &id, epoch, &key, &stranger, 1, b"forged")
        .expect("seals")
        .to_bytes();
    let not_member = (403, refusal("not_member"));
    let pull = format!("{}?after=0&limit=100", envelopes_path(&id));
    assert_eq!(raw.signed(&stranger, "GET", &pull, Vec::new()).await, not_member);
    assert_eq!(
        raw.signed(&stranger, "POST", &envelopes_path(&id), forged.clone())
            .await,
        not_member
    );
    for path in ["members", "keys/1", "snapshots/latest"] {
        let path = format!("/v1/profiles/{id}/{path}");
        assert_eq!(
            raw.signed(&stranger, "GET", &path, Vec::new()).await,
            not_member,
            "{path}"
        );
    }
    // A member cannot pass the stranger's envelope off as its own.
    let coordinator = devices[1].identity();
    assert_eq!(
        raw.signed(&coordinator, "POST", &envelopes_path(&id), forged.clone())
            .await,
        (400, refusal("author_mismatch"))
    );
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // A relay that slips the stranger's envelope (sealed with the right key) into a page: refused.
    let faulty = Faulty::new();
    let owner = &mut devices[0];
    let before = owner.view(&id);
    let cursor = owner.state(&id).cursor;
    faulty.arm(Fault::Inject(forged));
    let err = owner.sync(&faulty, &id).await.expect_err("refused");
    assert_eq!(faulty.fired(), 1);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(owner.view(&id), before);
    assert_eq!(owner.state(&id).cursor, cursor);

    // A member's envelope sealed with a wrong key, and one sealed with the right key around
    // bytes that are not automerge changes: the relay cannot tell (it holds no key) and stores
    // them. No client merges them; each client skips them (recording `bad_envelope`) so one
    // faulty device cannot block the family's sync, and a later edit still flows.
    let wrong_key = EpochKey::generate().expect("rng");
    let garbled = Envelope::seal(Kind::Change, &id, epoch, &wrong_key, &coordinator, 1_000, b"x")
        .expect("seals")
        .to_bytes();
    let (status, _) = raw
        .signed(&coordinator, "POST", &envelopes_path(&id), garbled)
        .await;
    assert_eq!(status, 200, "the relay is blind to the key");
    let garbage = Envelope::seal(
        Kind::Change,
        &id,
        epoch,
        &key,
        &coordinator,
        1_001,
        b"not automerge",
    )
    .expect("seals")
    .to_bytes();
    let (status, _) = raw
        .signed(&coordinator, "POST", &envelopes_path(&id), garbage)
        .await;
    assert_eq!(status, 200, "the relay cannot read what it stores");
    // The coordinator's own device is not sent what its key signed (no echo, ADR 0014): its
    // cursor moves past them all the same.
    for (d, device) in devices.iter_mut().enumerate() {
        let before = device.view(&id);
        let cursor = device.state(&id).cursor;
        let report = device
            .sync(&t, &id)
            .await
            .expect("a faulty envelope does not block sync");
        let the_author = d == 1;
        assert_eq!(report.skipped, if the_author { 0 } else { 2 }, "{report:?}");
        assert_eq!(device.view(&id), before, "nothing of it merged");
        assert!(device.state(&id).cursor >= cursor + 2, "skipped, not stuck");
        if !the_author {
            assert_eq!(device.state(&id).last_error.as_deref(), Some("bad_envelope"));
        }
    }
    devices[0].edit(&id, &[Edit::set("child.nickname", "あとの編集")]);
    devices[0].synced(&t, &id).await;
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pulled, 1, "later edits still flow");
    relay.stop().await;
}

on_each_backend!(strangers_are_refused_and_envelopes_with_wrong_keys_or_authors_are_never_merged,);
