//! Document-level tests: typed edits, atomicity, concurrent merges, history and provenance.

use automerge::ActorId;
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use serde_json::json;

use super::edit::Edit;
use super::{EditContext, ProfileDoc};
use crate::error::Error;
use crate::model::*;
use crate::sample::demo_profile;

/// An edit by `author` at 10:`minute` on 20 November 2026 (shared with `members_tests`).
pub(super) fn ctx(author: &str, minute: u32) -> EditContext {
    EditContext {
        author: author.into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, minute, 0)
            .single()
            .expect("valid time"),
        validation: ValidationContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid"),
        },
    }
}

/// The demo profile in a new document (shared with `members_tests`).
pub(super) fn new_doc() -> ProfileDoc {
    ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx("母", 0)).expect("demo profile is valid")
}

#[test]
fn set_changes_one_field_and_records_author() {
    let mut doc = new_doc();
    let hash = doc
        .apply(
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
            &ctx("母", 1),
        )
        .expect("valid edit");
    assert!(hash.is_some());
    let vent = doc
        .profile()
        .devices
        .get("dev-vent")
        .and_then(|d| d.settings.ventilator.clone());
    assert_eq!(vent.and_then(|v| v.peep), Some(CmH2O(6.0)));
    let history = doc.history();
    assert_eq!(history[0].author.as_deref(), Some("母"));
    assert_eq!(
        history[0].ops[0].path,
        "devices.dev-vent.settings.ventilator.peep"
    );
    assert_eq!(history.last().map(|h| h.ops[0].op.as_str()), Some("create"));
}

#[test]
fn bad_edits_are_refused_by_field_and_change_nothing() {
    let mut doc = new_doc();
    let before = doc.automerge().clone().save();
    let cases: Vec<(Edit, &str)> = vec![
        (
            Edit::set("routines.rt-feed.volume", -5.0),
            "routines.rt-feed.volume",
        ),
        (Edit::set("baseline.spo2_high", 101.0), "baseline.spo2_high"),
        (
            Edit::set("child.weight.measured_on", "2030-01-01"),
            "child.weight.measured_on",
        ),
        (
            Edit::set("devices.dev-vent.kind", "teleporter"),
            "devices.dev-vent.kind",
        ),
    ];
    for (edit, field) in cases {
        match doc.apply(&[edit], &ctx("母", 2)) {
            Err(Error::Invalid(v)) => assert_eq!(v.violations[0].field, field),
            // Typed text that is not a choice is refused before the typed model (form::normalize).
            Err(Error::Input { path, .. }) => assert_eq!(path, field),
            other => panic!("expected a validation error for {field}, got {other:?}"),
        }
    }
    assert!(matches!(
        doc.apply(&[Edit::set("child.favourite_colour", "red")], &ctx("母", 2)),
        Err(Error::UnknownPath { .. })
    ));
    assert!(matches!(
        doc.apply(&[Edit::set("devices.dev-nope.model", "x")], &ctx("母", 2)),
        Err(Error::UnknownPath { .. })
    ));
    // A batch with one bad edit writes none of it.
    let batch = [
        Edit::set("child.nickname", "さく"),
        Edit::set("baseline.spo2_low", -1.0),
    ];
    assert!(doc.apply(&batch, &ctx("母", 2)).is_err());
    assert_eq!(doc.profile().child.nickname.as_deref(), Some("さくちゃん"));
    assert_eq!(doc.automerge().clone().save(), before);
}

#[test]
fn error_messages_do_not_contain_values() {
    let mut doc = new_doc();
    let err = doc
        .apply(&[Edit::set("child.weight.kg", "SECRET-VALUE")], &ctx("母", 3))
        .expect_err("a string is not a weight");
    let text = err.to_string();
    assert!(text.contains("child.weight.kg"), "{text}");
    assert!(!text.contains("SECRET-VALUE"), "{text}");
}

#[test]
fn add_move_remove_entities() {
    let mut doc = new_doc();
    let contact = Contact {
        order: 0.0,
        name: "祖母".into(),
        relation: None,
        phone: None,
        phone_alt: None,
        may_decide: None,
        notes: None,
    };
    let (add, id) = Edit::add("contacts", &contact);
    doc.apply(&[add], &ctx("母", 4)).expect("add");
    assert_eq!(doc.profile().contacts.ids().last(), Some(&id));
    doc.apply(
        &[Edit::Move {
            collection: "contacts".into(),
            id: id.clone(),
            before: Some("ct-mother".into()),
        }],
        &ctx("母", 5),
    )
    .expect("move");
    assert_eq!(doc.profile().contacts.ids().first(), Some(&id));
    doc.apply(
        &[Edit::Remove {
            collection: "medications".into(),
            id: "med-valproate".into(),
        }],
        &ctx("母", 6),
    )
    .expect("remove");
    assert!(!doc.profile().medications.contains("med-valproate"));
}

#[test]
fn merge_patch_applies_as_field_edits() {
    let mut doc = new_doc();
    let patch = json!({
        "child": {"nickname": "さく"},
        "devices": {"dev-oxi": null, "dev-vent": {"settings": {"ventilator": {"rate": 22}}}},
    });
    doc.apply(&[Edit::Patch { patch }], &ctx("佐藤", 7))
        .expect("patch");
    let p = doc.profile();
    assert_eq!(p.child.nickname.as_deref(), Some("さく"));
    assert!(!p.devices.contains("dev-oxi"));
    let h = &doc.history()[0];
    let paths: Vec<&str> = h.ops.iter().map(|o| o.path.as_str()).collect();
    assert!(paths.contains(&"child.nickname"), "{paths:?}");
    assert!(
        paths.contains(&"devices.dev-vent.settings.ventilator.rate"),
        "{paths:?}"
    );
    assert!(paths.contains(&"devices.dev-oxi"), "{paths:?}");
}

#[test]
fn concurrent_edits_to_different_fields_both_survive() {
    let mut parent = new_doc();
    let mut coordinator = parent.fork(ActorId::random());
    parent
        .apply(
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
            &ctx("母", 10),
        )
        .expect("edit");
    coordinator
        .apply(
            &[
                Edit::set("evacuation.last_drill", "2026-11-15"),
                Edit::set("child.nickname", "さくら"),
            ],
            &ctx("佐藤", 11),
        )
        .expect("edit");
    assert_eq!(
        parent.merge(&mut coordinator).expect("merge"),
        1,
        "one new change"
    );
    assert_eq!(
        coordinator.merge(&mut parent).expect("merge"),
        1,
        "one new change"
    );
    assert_eq!(parent.merge(&mut coordinator).expect("merge"), 0, "nothing new");
    assert_eq!(parent.profile(), coordinator.profile());
    let p = parent.profile();
    assert_eq!(p.evacuation.last_drill, Date::from_ymd(2026, 11, 15));
    assert_eq!(
        p.devices
            .get("dev-vent")
            .and_then(|d| d.settings.ventilator.as_ref())
            .and_then(|v| v.peep),
        Some(CmH2O(6.0))
    );
    let authors: Vec<_> = parent.history().into_iter().filter_map(|h| h.author).collect();
    assert!(authors.contains(&"母".to_owned()) && authors.contains(&"佐藤".to_owned()));
}

#[test]
fn concurrent_note_edits_keep_both_sentences() {
    let mut a = new_doc();
    let mut b = a.fork(ActorId::random());
    let base = a.profile().baseline.sick_signs.clone().unwrap_or_default().0;
    a.apply(
        &[Edit::set("baseline.sick_signs", format!("A. {base}"))],
        &ctx("母", 12),
    )
    .expect("edit");
    b.apply(
        &[Edit::set("baseline.sick_signs", format!("{base} B."))],
        &ctx("佐藤", 12),
    )
    .expect("edit");
    a.merge(&mut b).expect("merge");
    let merged = a.profile().baseline.sick_signs.clone().unwrap_or_default().0;
    assert_eq!(merged, format!("A. {base} B."));
}

#[test]
fn provenance_names_last_author_of_field_and_entity() {
    let mut a = new_doc();
    let mut b = a.fork(ActorId::random());
    b.apply(
        &[Edit::set("devices.dev-vent.settings.ventilator.rate", 22.0)],
        &ctx("佐藤", 20),
    )
    .expect("edit");
    a.merge(&mut b).expect("merge");
    let p = a
        .provenance("devices.dev-vent.settings.ventilator.rate")
        .expect("path")
        .expect("known");
    assert_eq!(p.author.as_deref(), Some("佐藤"));
    let p = a.provenance("devices.dev-vent").expect("path").expect("known");
    assert_eq!(p.author.as_deref(), Some("佐藤"));
    let p = a.provenance("devices.dev-trach").expect("path").expect("known");
    assert_eq!(p.author.as_deref(), Some("母"));
    assert!(matches!(
        a.provenance("devices.nope"),
        Err(Error::UnknownPath { .. })
    ));
}

#[test]
fn verify_marks_a_section() {
    let mut doc = new_doc();
    let v = Edit::Verify {
        section: Section::Devices,
        by: "架空 太郎 医師".into(),
        role: VerifierRole::Doctor,
        on: Date::from_ymd(2026, 11, 20).expect("date"),
    };
    doc.apply(&[v], &ctx("架空 太郎 医師", 30)).expect("verify");
    assert_eq!(
        doc.profile().verifications.get("devices").map(|v| v.role),
        Some(VerifierRole::Doctor)
    );
    let bad = Edit::Verify {
        section: Section::Verifications,
        by: "x".into(),
        role: VerifierRole::Other,
        on: Date::from_ymd(2026, 11, 20).expect("date"),
    };
    assert!(doc.apply(&[bad], &ctx("x", 31)).is_err());
}

#[test]
fn reload_gives_back_the_same_document() {
    let mut doc = new_doc();
    doc.apply(&[Edit::set("child.nickname", "さく")], &ctx("母", 40))
        .expect("edit");
    let bytes = doc.save();
    let mut again = ProfileDoc::load(&bytes, ActorId::random()).expect("load");
    assert_eq!(again.profile(), doc.profile());
    assert_eq!(again.heads(), doc.heads());
    assert!(ProfileDoc::load(&bytes[..bytes.len() / 2], ActorId::random()).is_err());
    assert!(ProfileDoc::load(b"random bytes", ActorId::random()).is_err());
    let mut foreign = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut foreign, automerge::ROOT, "todo", "milk").expect("put");
    assert!(matches!(
        ProfileDoc::load(&foreign.save(), ActorId::random()),
        Err(Error::NotAProfile(_))
    ));
}

#[test]
fn history_reads_in_words_in_both_languages() {
    use crate::i18n::{Lang, Localizer};
    let mut doc = new_doc();
    doc.apply(
        &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
        &ctx("母", 50),
    )
    .expect("edit");
    let entry = doc.history().remove(0);
    let ja = super::history::describe(&entry, &Localizer::new(Lang::Ja));
    assert_eq!(ja.author.as_deref(), Some("母"));
    assert!(
        ja.sentences[0].contains("PEEP") && ja.sentences[0].contains("5 → 6 cmH2O"),
        "{:?}",
        ja.sentences
    );
    let en = super::history::describe(&entry, &Localizer::new(Lang::En));
    assert!(en.sentences[0].contains("PEEP"), "{:?}", en.sentences);
    assert_ne!(ja.sentences, en.sentences);
}

#[test]
fn history_gives_old_and_new_values_inside_a_record_stored_whole() {
    // The weight is stored as one JSON string with its date (atomic_record!): the change log
    // must still read "kg: old → new", not "(empty) → (empty)".
    use crate::i18n::{Lang, Localizer};
    let mut doc = new_doc();
    let before = doc.profile().child.weight.kg.map(|k| k.0);
    doc.apply(&[Edit::set("child.weight.kg", 13.5)], &ctx("母", 55))
        .expect("edit");
    let entry = doc.history().remove(0);
    let change = entry
        .changes
        .iter()
        .find(|c| c.path == "child.weight.kg")
        .expect("the weight change");
    assert_eq!(change.new, json!(13.5));
    assert_eq!(change.old.as_f64(), before);
    let ja = super::history::describe(&entry, &Localizer::new(Lang::Ja));
    assert!(ja.sentences[0].contains("13.5"), "{:?}", ja.sentences);
}

#[test]
fn records_stored_whole_never_mix_concurrent_fields() {
    // A sets weight and date together; B only corrects the weight (keeping the old date). Stored
    // field by field, half the actor orderings would give B's weight with A's date. Loop so both
    // orderings occur.
    for _ in 0..16 {
        let mut a = new_doc();
        let mut b = a.fork(ActorId::random());
        a.apply(
            &[Edit::set(
                "child.weight",
                json!({"kg": 14.0, "measured_on": "2026-11-01"}),
            )],
            &ctx("母", 50),
        )
        .expect("edit");
        b.apply(&[Edit::set("child.weight.kg", 16.0)], &ctx("佐藤", 51))
            .expect("edit");
        let verify = |by: &str, role, day| Edit::Verify {
            section: Section::Devices,
            by: by.into(),
            role,
            on: Date::from_ymd(2026, 11, day).expect("date"),
        };
        a.apply(&[verify("医師", VerifierRole::Doctor, 20)], &ctx("母", 52))
            .expect("verify");
        b.apply(&[verify("看護師", VerifierRole::Nurse, 21)], &ctx("佐藤", 52))
            .expect("verify");
        a.merge(&mut b).expect("merge");
        let w = &a.profile().child.weight;
        let whole_weights = [
            (Kilograms(14.0), Date::from_ymd(2026, 11, 1)),
            (Kilograms(16.0), Date::from_ymd(2026, 10, 2)),
        ];
        assert!(
            whole_weights.contains(&(w.kg.expect("weight"), w.measured_on)),
            "mixed weight record: {w:?}"
        );
        let v = a.profile().verifications.get("devices").expect("verified");
        let whole = (v.by == "医師" && v.role == VerifierRole::Doctor && v.on.0.day() == 20)
            || (v.by == "看護師" && v.role == VerifierRole::Nurse && v.on.0.day() == 21);
        assert!(whole, "mixed verification: {v:?}");
        assert!(a.provenance("child.weight.kg").expect("path").is_some());
    }
}

#[test]
fn in_place_writes_match_the_typed_document_for_every_scalar_kind() {
    // `apply` asserts under test that the hydrated document equals the typed profile, so each
    // edit here checks the in-place writer against autosurgeon's encoding.
    let mut doc = new_doc();
    let edits = [
        Edit::set("devices.dev-vent.settings.ventilator.peep", 7),
        Edit::set("child.dwelling.floor", 4),
        Edit::set("child.dwelling.elevator", false),
        Edit::set("child.sex", "male"),
        Edit::set("baseline.sick_signs", "顔色が白い"),
        Edit::set("devices.dev-vent.notes", "初めてのメモ"),
        Edit::set("devices.dev-vent.notes", "二回目のメモ"),
        Edit::set("child.nickname", serde_json::Value::Null),
        Edit::set("child.nickname", "さく"),
        Edit::set("contacts.ct-father.order", 0.5),
        Edit::set("devices.dev-suction.settings.suction.pressure", 18.5),
        Edit::set("child.weight.kg", 15.5),
    ];
    for (i, e) in edits.iter().enumerate() {
        doc.apply(std::slice::from_ref(e), &ctx("母", i as u32))
            .expect("valid edit");
    }
    assert_eq!(doc.profile().contacts.ids()[0], "ct-father");
    let reloaded = ProfileDoc::load(&doc.save(), ActorId::random()).expect("load");
    assert_eq!(reloaded.profile(), doc.profile());
}

/// The two documents of the `backup` fuzz target's crash (its seed `seed-crash-automerge-column`,
/// docs/fuzzing.md): the golden document with a few bytes changed and automerge's checksums made
/// right; their columns made automerge 0.12 panic inside `ProfileDoc::load`. Loading or merging
/// either is a refusal, never a crash.
#[test]
fn a_document_that_makes_automerge_panic_is_refused() {
    for bytes in [
        include_bytes!("../../testdata/fuzz/crash-backup-1.automerge").as_slice(),
        include_bytes!("../../testdata/fuzz/crash-backup-2.automerge").as_slice(),
    ] {
        let loaded = ProfileDoc::load(bytes, ActorId::random());
        assert!(matches!(loaded, Err(Error::NotAProfile(_))), "{:?}", loaded.err());
        let mut doc = new_doc();
        let merged = doc.merge_bytes(bytes);
        assert!(matches!(merged, Err(Error::NotAProfile(_))), "{merged:?}");
    }
}
