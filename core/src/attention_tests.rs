use automerge::ActorId;
use chrono::NaiveDate;
use tsunagu_wire::{EpochKey, Role};

use super::*;
use crate::sample::demo_profile;
use crate::store::NewSync;
use crate::{Edit, EditContext};

fn day(y: i32, m: u32, d: u32) -> Date {
    Date(NaiveDate::from_ymd_opt(y, m, d).expect("a day"))
}

fn store_with(children: &[(&str, &str)]) -> (tempfile::TempDir, ProfileStore, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("opens");
    let ids = children
        .iter()
        .map(|(name, kana)| {
            let mut p = demo_profile();
            p.child.name = Some((*name).into());
            p.child.name_kana = Some((*kana).into());
            store
                .create_profile(&p, &EditContext::now("母"))
                .expect("creates")
        })
        .collect();
    (dir, store, ids)
}

#[test]
fn dates_judged_on_the_day_give_the_roster_reasons() {
    let (_dir, mut store, ids) = store_with(&[("山田 さくら", "やまだ さくら")]);
    // The sample's plan is dated 2025-06-01, its drill 2025-10-12, its weight 2026-10-02.
    let soon = child_attention(&mut store, &ids[0], day(2026, 5, 20)).expect("judged");
    assert!(
        !soon.reasons.contains(&Reason::PlanOverAYear),
        "{:?}",
        soon.reasons
    );
    assert!(
        !soon.reasons.contains(&Reason::DrillOverdue),
        "{:?}",
        soon.reasons
    );
    assert!(
        !soon.reasons.contains(&Reason::NoRecentUpdate),
        "{:?}",
        soon.reasons
    );
    let later = child_attention(&mut store, &ids[0], day(2034, 1, 1)).expect("judged");
    for reason in [
        Reason::PlanOverAYear,
        Reason::DrillOverdue,
        Reason::NoRecentUpdate,
        Reason::StaleWeight,
    ] {
        assert!(
            later.reasons.contains(&reason),
            "{reason:?} in {:?}",
            later.reasons
        );
    }
    assert_eq!(later.review_items, 0);
    assert_eq!(later.unsynced_changes, 0, "not shared: nothing to sync");
    assert!(!later.reasons.contains(&Reason::UnsyncedChanges));
}

#[test]
fn concurrent_values_put_a_child_first() {
    let (_dir, mut store, ids) =
        store_with(&[("阿部 あおい", "あべ あおい"), ("山田 さくら", "やまだ さくら")]);
    let as_of = day(2026, 11, 1);
    let before = attention(&mut store, as_of).expect("judged");
    assert_eq!(before[0].profile_id, ids[0], "same reasons: by kana");
    // Another device sets PEEP while this one sets it too: a review item on さくら.
    let path = "devices.dev-vent.settings.ventilator.peep";
    let mut other = store.document(&ids[1]).expect("doc").fork(ActorId::random());
    other
        .apply(&[Edit::set(path, 7.0)], &EditContext::now("父"))
        .expect("edit");
    store
        .edit(&ids[1], &[Edit::set(path, 6.0)], &EditContext::now("母"))
        .expect("edit");
    store.merge_changes(&ids[1], &other.save()).expect("merge");
    let after = attention(&mut store, as_of).expect("judged");
    assert_eq!(
        after[0].profile_id, ids[1],
        "the child with a review item comes first"
    );
    assert_eq!(after[0].review_items, 1);
    assert_eq!(after[0].reasons[0], Reason::ReviewItems, "{:?}", after[0].reasons);
}

#[test]
fn changes_the_relay_does_not_have_are_unsynced() {
    let (_dir, mut store, ids) = store_with(&[("山田 さくら", "やまだ さくら")]);
    let identity = store.device_identity().expect("identity");
    store
        .begin_sync(&NewSync {
            profile_id: &ids[0],
            relay_url: "http://relay.invalid",
            owner: identity.id(),
            role: Role::Owner,
            epoch: 1,
            key: Some(&EpochKey([3; 32])),
        })
        .expect("begins");
    let judged = child_attention(&mut store, &ids[0], day(2026, 11, 1)).expect("judged");
    assert!(judged.unsynced_changes > 0, "nothing pushed yet");
    assert!(
        judged.reasons.contains(&Reason::UnsyncedChanges),
        "{:?}",
        judged.reasons
    );
}

#[test]
fn every_reason_is_worded_in_both_languages() {
    for lang in crate::i18n::Lang::ALL {
        let l = crate::i18n::Localizer::new(*lang);
        for reason in Reason::ALL {
            assert!(l.has(reason.fluent_id()), "{reason:?} in {lang:?}");
        }
    }
}
