//! Convergence of three replicas of one profile under random edits, merges, compactions and
//! reopens (proptest), and the promise that no acknowledged edit is lost.
//!
//! Each case starts three replicas of the demo profile: in-memory [`ProfileDoc`]s (fast, most
//! cases) or real [`ProfileStore`]s in their own SQLite files (what ships). It then runs a random
//! schedule of typed edit batches (scalars set and cleared, a record stored whole, text edits of a
//! note, entities added, removed, moved and changed, some of it as merge patches, sections verified
//! and unverified), merges between random pairs (whole saves, incremental chunks, export files),
//! compactions and reopens; finally every replica merges from every other in a random order.
//!
//! Bookkeeping: every acknowledged edit is recorded with its replica, change hash, the edits its
//! replica had seen (maintained on merges, independently of automerge) and, per field it really
//! changed, the value it wrote. After every step a replica must hold exactly the changes it has
//! seen. At the end:
//! - the replicas are identical (typed profile, heads, change set);
//! - every field's final value is the value of one of its *maximal* writes (those no later edit
//!   saw); with a single maximal write, exactly its value, so an edit is only ever overridden by
//!   an edit that did not know it or that came after it. Notes merge as text, so only the
//!   single-writer case is exact for them;
//! - fields inside a removed entity are excused; the entity sets are exactly what was added and
//!   not removed; every field nobody wrote is unchanged;
//! - every acknowledged change is in the history, and a field's provenance names the change
//!   that wrote its winning value.
//!
//! Cases: `TSUNAGU_PROPTEST_CASES` (default 1,000 for the document property, an eighth of that,
//! at least 50, for the store property).

mod bookkeeping;
mod replicas;
mod running;
mod schedule;

use bookkeeping::*;
use replicas::*;
use running::*;
use schedule::*;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use automerge::{ActorId, ChangeHash};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use tsunagu_core::model::{Date, Section, VerifierRole};
use tsunagu_core::sample::demo_profile;
use tsunagu_core::{Edit, Error, ProfileDoc, ProfileStore};
use tsunagu_tests::edit_context;

use crate::common::env_number;

const REPLICAS: usize = 3;
const NAMES: [&str; REPLICAS] = ["A", "B", "C"];
const NOTE: &str = "baseline.sick_signs";

fn cases(share: u64, at_least: u64) -> u32 {
    let n = env_number("TSUNAGU_PROPTEST_CASES", 1000);
    u32::try_from((n / share).max(at_least.min(n))).unwrap_or(u32::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1, 1), ..ProptestConfig::default() })]

    /// In-memory documents: most of the cases, for speed.
    #[test]
    fn documents_converge_without_losing_acknowledged_edits(s in scenario(false, 16)) {
        run(&s)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(8, 50), ..ProptestConfig::default() })]

    /// Real stores in SQLite files, with export/import, compaction and reopening.
    #[test]
    fn stores_converge_without_losing_acknowledged_edits(s in scenario(true, 32)) {
        run(&s)?;
    }
}

/// The smallest schedule the property above finds for a verification mark: the coordinator
/// re-verifies the devices section on one phone (only the date changes) while the doctor verifies
/// it on another on the day of the previous mark (only name and role change). Merged, the mark must
/// be one of the two, not "the doctor verified on the coordinator's day".
#[test]
fn concurrent_verifications_of_a_section_do_not_mix() {
    let verify = |by: &str, role, day| Edit::Verify {
        section: Section::Devices,
        by: by.into(),
        role,
        on: Date::from_ymd(2026, 11, day).expect("a valid date"),
    };
    let ctx = edit_context("佐藤", 0);
    let mut coordinator = ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx).expect("valid");
    coordinator
        .apply(&[verify("佐藤 みどり", VerifierRole::Coordinator, 20)], &ctx)
        .expect("verify");
    let mut doctor = coordinator.fork(ActorId::random());
    coordinator
        .apply(&[verify("佐藤 みどり", VerifierRole::Coordinator, 21)], &ctx)
        .expect("verify");
    doctor
        .apply(
            &[verify("架空 太郎 医師", VerifierRole::Doctor, 20)],
            &edit_context("医師", 1),
        )
        .expect("verify");
    coordinator.merge(&mut doctor).expect("merge");
    doctor.merge(&mut coordinator).expect("merge");
    assert_eq!(coordinator.profile(), doctor.profile());
    let mark = coordinator
        .profile()
        .verifications
        .get("devices")
        .expect("verified");
    let written = [
        ("佐藤 みどり", VerifierRole::Coordinator, 21),
        ("架空 太郎 医師", VerifierRole::Doctor, 20),
    ];
    assert!(
        written.iter().any(|(by, role, day)| mark.by == *by
            && mark.role == *role
            && mark.on == Date::from_ymd(2026, 11, *day).expect("date")),
        "the merged mark {mark:?} was never written by anyone"
    );
}

/// A device added from JSON without its settings group (as `tsunagu edit --add` or a merge patch
/// would), then its first two settings filled on two phones at once. Different fields: both must
/// survive the merge.
#[test]
fn first_settings_of_a_new_device_filled_on_two_phones_both_survive() {
    let ctx = edit_context("母", 0);
    let mut mother = ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx).expect("valid");
    let add = Edit::Add {
        collection: "devices".into(),
        id: "dev-suction2".into(),
        entity: json!({ "kind": "suction" }),
    };
    mother.apply(&[add], &ctx).expect("add a device");
    let mut nurse = mother.fork(ActorId::random());
    let base = "devices.dev-suction2.settings.suction";
    mother
        .apply(&[Edit::set(format!("{base}.catheter_size"), 8.0)], &ctx)
        .expect("edit");
    nurse
        .apply(
            &[Edit::set(format!("{base}.pressure"), 20.0)],
            &edit_context("看護師", 1),
        )
        .expect("edit");
    mother.merge(&mut nurse).expect("merge");
    nurse.merge(&mut mother).expect("merge");
    assert_eq!(mother.profile(), nurse.profile());
    let suction = mother
        .profile()
        .devices
        .get("dev-suction2")
        .and_then(|d| d.settings.suction.clone())
        .expect("settings");
    assert_eq!(
        (suction.catheter_size.map(|v| v.0), suction.pressure.map(|v| v.0)),
        (Some(8.0), Some(20.0)),
        "one phone's setting was lost: {suction:?}"
    );
}
