//! The malicious relay against the wire savings of ADR 0014: a member list served as the entries
//! after those a device holds (dropped, reordered, inserted or rolled-back entries in it), and
//! pulls that leave out the device's own envelopes (it still converges).

use std::sync::atomic::{AtomicUsize, Ordering};

use tsunagu_wire::envelope::{Envelope, decode_batch};
use tsunagu_wire::membership::{MemberCert, Revocation};

use super::*;

/// `stays` joined and holds the log up to its join; then `gone` joined and was removed, so the
/// increment `stays` is served next is `[gone's join, the removal]`.
async fn increment_world() -> (World, Device) {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let stays = w.joined("stays", &link).await;
    w.removed_editor("gone").await;
    (w, stays)
}

/// Rewrites the increment's entries with `f` and its `total` by `delta`.
fn rewrite(json: &mut Value, delta: i64, f: impl Fn(&mut Vec<MembershipEntry>)) {
    let mut served = entries(json);
    f(&mut served);
    set_entries(json, &served);
    let total = json["total"].as_u64().expect("an increment has a total");
    json["total"] = Value::from(total.checked_add_signed(delta).expect("in range"));
}

fn removal_at(entries: &[MembershipEntry]) -> usize {
    entries
        .iter()
        .position(|e| matches!(e, MembershipEntry::Revoked(_)))
        .expect("the removal is in the increment")
}

/// Runs `stays`'s member fetch through a relay rewriting increments with `f`; the result must be
/// a protocol error, nothing stored, and the true increment must still be accepted afterwards.
async fn caught(f: impl Fn(&mut Value) + Send + Sync + 'static) {
    let (mut w, mut stays) = increment_world().await;
    let held = stays
        .store
        .sync_state(&w.profile)
        .expect("reads")
        .expect("shared")
        .membership;
    let hostile = Hostile::new();
    hostile.arm_increments(f);
    let result = stays.client(&hostile).members(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    let after = stays
        .store
        .sync_state(&w.profile)
        .expect("reads")
        .expect("shared")
        .membership;
    assert_eq!(after, held, "nothing of the lie was kept");
    let t = HttpTransport::new().expect("transport");
    let mut current = stays.current_members(&t, &w.profile).await;
    let mut expected = vec![w.owner.id(), stays.id()];
    current.sort();
    expected.sort();
    assert_eq!(current, expected);
}

#[tokio::test]
async fn an_increment_dropping_an_entry_is_caught() {
    // The join before the removal left out, the total made to match.
    caught(|json| rewrite(json, -1, |e| drop(e.remove(removal_at(e) - 1)))).await;
}

#[tokio::test]
async fn an_increment_dropping_an_entry_without_fixing_the_total_is_caught() {
    caught(|json| rewrite(json, 0, |e| drop(e.remove(0)))).await;
}

#[tokio::test]
async fn a_reordered_increment_is_caught() {
    caught(|json| {
        rewrite(json, 0, |e| {
            let at = removal_at(e);
            e.swap(at - 1, at);
        });
    })
    .await;
}

#[tokio::test]
async fn an_entry_inserted_before_a_removal_is_caught() {
    caught(|json| {
        rewrite(json, 1, |e| {
            let at = removal_at(e);
            let copy = e[0].clone();
            e.insert(at, copy);
        });
    })
    .await;
}

#[tokio::test]
async fn an_increment_rolling_the_log_back_is_caught() {
    // The relay claims fewer entries than the device holds.
    caught(|json| {
        let held = json["total"].as_u64().expect("total") - 2;
        json["total"] = Value::from(held - 1);
        set_entries(json, &[]);
    })
    .await;
}

/// A relay-made entry appended to an increment (a certificate not signed by the owner, a removal
/// of the owner) takes no effect: no one is added, no one is removed.
#[tokio::test]
async fn entries_appended_by_the_relay_take_no_effect() {
    let (mut w, mut stays) = increment_world().await;
    let intruder = DeviceIdentity::generate().expect("rng");
    let forged = MembershipEntry::Cert(MemberCert::issue(
        &intruder,
        &w.profile,
        intruder.public(),
        Role::Editor,
        now_ms(),
    ));
    let stays_id = stays.id();
    let against_stays = MembershipEntry::Revoked(Revocation::issue(
        &intruder,
        &w.profile,
        stays_id,
        LogHead::default(),
        now_ms(),
    ));
    let hostile = Hostile::new();
    hostile.arm_increments(move |json| {
        rewrite(json, 2, |e| {
            e.push(forged.clone());
            e.push(against_stays.clone());
        });
    });
    let mut current = stays.current_members(&hostile, &w.profile).await;
    let mut expected = vec![w.owner.id(), stays_id];
    current.sort();
    expected.sort();
    assert_eq!(current, expected);
    assert!(!current.contains(&DeviceId(intruder.public().sign)));
}

/// No echo: every pull a device makes leaves out its own envelopes (checked on each answer), and
/// the devices still converge, each with the other's edits and its own.
#[tokio::test]
async fn devices_whose_own_envelopes_are_not_echoed_converge() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let mut editor = w.joined("editor", &link).await;
    let echoes = Arc::new(AtomicUsize::new(0));
    let watch = |id: DeviceId| {
        let hostile = Hostile::new();
        let echoes = Arc::clone(&echoes);
        // Every sync request (ADR 0017) pulls without the caller's own envelopes.
        hostile.arm(Method::Post, "/sync", move |_, response| {
            let page = decode_batch(&response.body).expect("a batch");
            let own = page
                .iter()
                .filter(|(_, bytes)| Envelope::from_bytes(bytes).expect("envelope").author == id)
                .count();
            echoes.fetch_add(own, Ordering::Relaxed);
            response
        });
        hostile
    };
    let (owner_id, editor_id) = (w.owner.id(), editor.id());
    let (to_owner, to_editor) = (watch(owner_id), watch(editor_id));
    for round in 0..2 {
        for (edit, device, t) in [
            (
                tsunagu_core::Edit::set("child.nickname", format!("はな{round}")),
                &mut w.owner,
                &to_owner,
            ),
            (
                tsunagu_core::Edit::set("baseline.spo2_low", 90.0 + f64::from(round)),
                &mut editor,
                &to_editor,
            ),
        ] {
            device
                .store
                .edit(&w.profile, &[edit], &edit_context("家族", 1))
                .expect("edits");
            device.client(t).sync_now(&w.profile).await.expect("syncs");
        }
    }
    for _ in 0..2 {
        w.owner
            .client(&to_owner)
            .sync_now(&w.profile)
            .await
            .expect("syncs");
        editor
            .client(&to_editor)
            .sync_now(&w.profile)
            .await
            .expect("syncs");
    }
    assert_eq!(
        echoes.load(Ordering::Relaxed),
        0,
        "no device was sent its own envelope"
    );
    let heads = |d: &mut Device| d.store.document(&w.profile).expect("doc").heads();
    assert_eq!(heads(&mut w.owner), heads(&mut editor));
    let json = serde_json::to_value(editor.store.profile(&w.profile).expect("profile")).expect("json");
    assert_eq!(json["child"]["nickname"], "はな1");
    let json = serde_json::to_value(w.owner.store.profile(&w.profile).expect("profile")).expect("json");
    assert_eq!(json["baseline"]["spo2_low"].as_f64(), Some(91.0));
}
