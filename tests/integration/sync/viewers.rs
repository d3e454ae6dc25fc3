//! 5. Viewers: their edits never reach the relay or the owner.

use super::*;

async fn a_viewers_edits_never_reach_the_relay_or_the_owner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(VIEWER, Role::Viewer)]).await;
    let stored_before = relay.envelopes(&id).len();

    // A viewer's device refuses local edits (issue 11 item 6): nothing is written, so nothing
    // can wait forever in an outbox, and nothing leaves the device.
    let heads = devices[1].hashes(&id);
    let refused = devices[1].store.edit(
        &id,
        &[Edit::set("child.nickname", "ビューアーの編集")],
        &edit_context(VIEWER, 1),
    );
    assert!(matches!(refused, Err(Error::ViewerCannotEdit(_))), "{refused:?}");
    assert_eq!(devices[1].hashes(&id), heads);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pushed, 0);
    assert_eq!(devices[1].store.outbox(&id).expect("reads"), None);
    assert_eq!(relay.envelopes(&id).len(), stored_before);

    // It still reads what the owner writes.
    let owners = devices[0].edit(&id, &[Edit::set("baseline.spo2_low", 93.0)]);
    assert_eq!(devices[0].synced(&t, &id).await.pushed, 1);
    let report = devices[1].synced(&t, &id).await;
    assert_eq!((report.pulled, report.pushed), (1, 0));
    let viewer_json = devices[1].json(&id);
    assert_eq!(pointer(&viewer_json, "/baseline/spo2_low"), 93.0);
    assert_eq!(pointer(&viewer_json, "/child/nickname"), "さくちゃん");
    assert!(devices[1].hashes(&id).contains(&hex(&owners)));

    // Pushed by hand with the viewer's own key and the right epoch key: refused by role.
    let viewer = devices[1].identity();
    let (epoch, key) = current_key(&devices[0], &id);
    let envelope = Envelope::seal(Kind::Change, &id, epoch, &key, &viewer, 1, b"change")
        .expect("seals")
        .to_bytes();
    let raw = Raw::new(&relay.url);
    assert_eq!(
        raw.signed(&viewer, "POST", &envelopes_path(&id), envelope.clone())
            .await,
        (403, refusal("forbidden_role"))
    );
    assert_eq!(relay.envelopes(&id).len(), stored_before + 1);

    // Slipped into the owner's pull by the relay: refused, a viewer does not write.
    let faulty = Faulty::new();
    faulty.arm(Fault::Inject(envelope));
    let before = devices[0].view(&id);
    let cursor = devices[0].state(&id).cursor;
    let err = devices[0].sync(&faulty, &id).await.expect_err("refused");
    assert_eq!(faulty.fired(), 1);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(devices[0].view(&id), before);
    assert_eq!(devices[0].state(&id).cursor, cursor);
    relay.stop().await;
}

/// A viewer's local edit is refused at once with a clear error (issue 11 item 6), instead of
/// being accepted and then never sent while `sync` says "synced".
async fn a_viewers_edit_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(VIEWER, Role::Viewer)]).await;
    let refused = devices[1]
        .store
        .edit(
            &id,
            &[Edit::set("child.nickname", "ビューアーの編集")],
            &edit_context(VIEWER, 1),
        )
        .expect_err("a viewer does not edit");
    assert_eq!(refused.class(), "viewer_cannot_edit");
    assert!(refused.is_bad_input());
    let report = devices[1].synced(&t, &id).await;
    assert_eq!(report.pushed, 0);
    relay.stop().await;
}

on_each_backend!(
    a_viewers_edits_never_reach_the_relay_or_the_owner,
    a_viewers_edit_is_refused_with_a_clear_error,
);
