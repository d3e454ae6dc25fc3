//! 1. Three devices, offline, concurrent: they converge after the relay restarts.

use super::*;

async fn three_devices_edit_offline_concurrently_and_converge_after_the_relay_restarts() {
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

    // Everyone goes offline (the relay is down) and edits: a field of their own, the one field
    // all three edit, and an entity each.
    relay.stop().await;
    const ROUTES: [&str; 3] = [
        "県道 000 号を北へ (母)",
        "国道 000 号を東へ (父)",
        "市道 000 号を南へ (コーディネーター)",
    ];
    let route = "evacuation.route";
    let mut edits: Vec<Vec<ChangeHash>> = Vec::new();
    let owner = &mut devices[0];
    edits.push(vec![
        owner.edit(&id, &[Edit::set("child.nickname", "さく")]),
        owner.edit(&id, &[Edit::set(route, ROUTES[0])]),
        owner.edit(
            &id,
            &[Edit::Add {
                collection: "contacts".into(),
                id: "ct-offline-owner".into(),
                entity: json!({ "name": "祖母 山田", "phone": "090-0000-0001" }),
            }],
        ),
    ]);
    let parent = &mut devices[1];
    edits.push(vec![
        parent.edit(
            &id,
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
        ),
        parent.edit(&id, &[Edit::set(route, ROUTES[1])]),
        parent.edit(
            &id,
            &[Edit::Add {
                collection: "stock".into(),
                id: "stk-offline-parent".into(),
                entity: json!({ "name": "吸引カテーテル 予備", "on_hand": 10, "unit": "本" }),
            }],
        ),
    ]);
    let coordinator = &mut devices[2];
    edits.push(vec![
        coordinator.edit(&id, &[Edit::set("baseline.spo2_low", 92.0)]),
        coordinator.edit(&id, &[Edit::set(route, ROUTES[2])]),
        coordinator.edit(
            &id,
            &[Edit::Add {
                collection: "evacuation.helpers".into(),
                id: "help-offline-coord".into(),
                entity: json!({ "name": "民生委員 田中", "relation": "地域" }),
            }],
        ),
    ]);
    for device in &mut devices {
        let mut client = device.client(&t);
        let report = client.sync_now(&id).await.expect("offline is not an error");
        assert_eq!((report.status, report.pushed), (SyncStatus::Offline, 0));
        let status = client.sync_status(&id).expect("status");
        assert_eq!(status.pending_changes, 3);
        assert_eq!(status.last_error.as_deref(), Some("offline"));
    }
    let routes: Vec<String> = devices
        .iter_mut()
        .map(|d| {
            pointer(&d.json(&id), "/evacuation/route")
                .as_str()
                .expect("text")
                .to_owned()
        })
        .collect();
    assert_eq!(
        routes, ROUTES,
        "each device sees only its own route while offline"
    );

    // Back online on the same address and database. The first round runs all three devices at
    // once, so their pulls and pushes interleave at the relay in whatever order they happen.
    relay.restart().await;
    let [owner, parent, coordinator] = &mut devices[..] else {
        unreachable!("three devices");
    };
    let (a, b, c) = tokio::join!(
        owner.sync(&t, &id),
        parent.sync(&t, &id),
        coordinator.sync(&t, &id)
    );
    let mut pushed = 0;
    for report in [a, b, c] {
        let report = report.expect("syncs");
        assert_eq!(report.status, SyncStatus::Synced);
        pushed += report.pushed;
    }
    let rounds = sync_until_quiet(&mut devices, &t, &id).await;
    assert!(rounds <= 3, "took {rounds} more rounds");

    // Identical everywhere, and every edit is there.
    assert_all_equal(&mut devices, &id);
    assert_nothing_pending(&mut devices, &t, &id);
    let json = devices[0].json(&id);
    assert_eq!(pointer(&json, "/child/nickname"), "さく");
    assert_eq!(pointer(&json, "/devices/dev-vent/settings/ventilator/peep"), 6.0);
    assert_eq!(pointer(&json, "/baseline/spo2_low"), 92.0);
    assert_eq!(pointer(&json, "/contacts/ct-offline-owner/name"), "祖母 山田");
    assert_eq!(
        pointer(&json, "/stock/stk-offline-parent/name"),
        "吸引カテーテル 予備"
    );
    assert_eq!(
        pointer(&json, "/evacuation/helpers/help-offline-coord/name"),
        "民生委員 田中"
    );
    let winner = pointer(&json, "/evacuation/route").as_str().expect("text");
    let winner_index = ROUTES
        .iter()
        .position(|r| *r == winner)
        .unwrap_or_else(|| panic!("the route is none of the three: {winner}"));
    // The field's provenance names the change whose value won.
    let provenance = devices[0]
        .store
        .provenance(&id, route)
        .expect("provenance")
        .expect("written");
    assert_eq!(provenance.change, hex(&edits[winner_index][1]));
    let history = devices[0].hashes(&id);
    for (device, hashes) in edits.iter().enumerate() {
        for hash in hashes {
            assert!(
                history.contains(&hex(hash)),
                "device {device}'s change {hash} is missing"
            );
        }
    }
    assert_eq!(
        history.len(),
        1 + 9,
        "the profile's first change and the nine edits"
    );

    // Each device's offline changes went out once, in one envelope: nothing was echoed back.
    assert_eq!(pushed, 9, "the first round pushed every device's three changes");
    let stored = relay.envelopes(&id);
    assert_eq!(
        stored.len(),
        1 + 3,
        "the share and one envelope per device: {stored:?}"
    );
    relay.stop().await;
}

on_each_backend!(three_devices_edit_offline_concurrently_and_converge_after_the_relay_restarts,);
