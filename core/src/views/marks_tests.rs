//! Marks on what is uncertain, end to end in the core: two replicas set PEEP apart and every
//! audience view (and the card and the QR) marks the field with both values until it is
//! resolved; a value saved over a warning is marked until someone else verifies it, and not
//! when its confirmer tries.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};

use super::{MarkKind, within};
use crate::document::{EditContext, ProfileDoc};
use crate::error::Error;
use crate::i18n::{Lang, Localizer};
use crate::model::ValidationContext;
use crate::share::{CardOptions, CardSize, render_card, summary_text_of};
use crate::views::{Audience, View, build};
use crate::{Edit, sample};

const PEEP: &str = "devices.dev-vent.settings.ventilator.peep";
const FIO2: &str = "devices.dev-vent.settings.ventilator.fio2";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn ctx(author: &str, minute: u32) -> EditContext {
    EditContext {
        author: author.into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, minute, 0)
            .single()
            .unwrap(),
        validation: ValidationContext { today: today() },
    }
}

/// The mother's phone and the father's, apart, from one shared document.
fn two_replicas() -> (ProfileDoc, ProfileDoc) {
    let mut mother = ProfileDoc::create(
        ActorId::from(b"mother".as_slice()),
        &sample::demo_profile(),
        &ctx("母", 0),
    )
    .unwrap();
    let father = mother.fork(ActorId::from(b"father".as_slice()));
    (mother, father)
}

fn view(doc: &mut ProfileDoc, audience: Audience, lang: Lang) -> View {
    build(doc, audience, &Localizer::new(lang), today()).unwrap()
}

/// Every (section id, item label) carrying a mark of `kind` on `path`.
fn marked(v: &View, kind: MarkKind, path: &str) -> Vec<(String, String)> {
    v.sections
        .iter()
        .flat_map(|s| {
            s.items
                .iter()
                .filter(|i| i.marks.iter().any(|m| m.kind == kind && m.path == path))
                .map(|i| (s.id.clone(), i.label.clone()))
        })
        .collect()
}

fn concurrent_peep() -> (ProfileDoc, ProfileDoc) {
    let (mut mother, mut father) = two_replicas();
    mother.apply(&[Edit::set(PEEP, 7.0)], &ctx("母", 1)).unwrap();
    father.apply(&[Edit::set(PEEP, 6.0)], &ctx("父", 2)).unwrap();
    mother.merge(&mut father).unwrap();
    father.merge(&mut mother).unwrap();
    (mother, father)
}

#[test]
fn within_compares_whole_segments() {
    assert!(within(PEEP, "devices.dev-vent"));
    assert!(within("devices.dev-vent", "devices.dev-vent"));
    assert!(!within("devices.dev-vent2.settings", "devices.dev-vent"));
    assert!(!within("child.name_kana", "child.name"));
}

#[test]
fn values_that_differ_are_marked_with_every_value_in_the_shelter_and_ems_views() {
    let (mut mother, mut father) = concurrent_peep();
    for doc in [&mut mother, &mut father] {
        for audience in [Audience::Shelter, Audience::Ems] {
            let v = view(doc, audience, Lang::Ja);
            assert_eq!(v.marks.len(), 1, "{:?}", v.marks);
            let items = marked(&v, MarkKind::ValuesDiffer, PEEP);
            assert!(!items.is_empty(), "{audience:?}: no item carries the mark");
            let mark = v
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .flat_map(|i| &i.marks)
                .find(|m| m.path == PEEP)
                .unwrap();
            assert_eq!(mark.message, "値が食い違っています — 確認してください");
            let mut values: Vec<(&str, &str)> = mark
                .values
                .iter()
                .map(|v| (v.value.as_str(), v.written_by.as_deref().unwrap()))
                .collect();
            values.sort();
            assert_eq!(values, vec![("6 cmH2O", "父"), ("7 cmH2O", "母")]);
            assert_eq!(mark.values.iter().filter(|v| v.shown).count(), 1);
            assert!(
                mark.detail.contains("6 cmH2O（父") && mark.detail.contains("7 cmH2O（母"),
                "{}",
                mark.detail
            );
        }
        // The EMS devices section shows the ventilator's settings, and that line is marked.
        let ems = view(doc, Audience::Ems, Lang::En);
        assert!(
            marked(&ems, MarkKind::ValuesDiffer, PEEP)
                .iter()
                .any(|(s, _)| s == "devices"),
            "{:?}",
            marked(&ems, MarkKind::ValuesDiffer, PEEP)
        );
        let shelter = view(doc, Audience::Shelter, Lang::En);
        assert!(
            marked(&shelter, MarkKind::ValuesDiffer, PEEP)
                .iter()
                .any(|(s, _)| s == "life_support"),
            "{:?}",
            marked(&shelter, MarkKind::ValuesDiffer, PEEP)
        );
        assert_eq!(shelter.marks[0].message, "Values differ — check");
        // Only the ventilator's lines: nothing else in the view is marked.
        assert!(
            shelter
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .filter(|i| !i.marks.is_empty())
                .all(|i| i
                    .source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("devices.dev-vent"))),
            "{:?}",
            shelter
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .filter(|i| !i.marks.is_empty())
                .map(|i| (&i.label, &i.source))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(
        view(&mut mother, Audience::Ems, Lang::Ja),
        view(&mut father, Audience::Ems, Lang::Ja),
        "both replicas show the same marks"
    );

    // Resolved on one replica, the mark goes on both once the change syncs.
    let keep = mother.review_items()[0]
        .values
        .iter()
        .position(|v| !v.shown)
        .unwrap();
    mother.resolve(PEEP, keep, &ctx("母", 3)).unwrap();
    father.merge(&mut mother).unwrap();
    for doc in [&mut mother, &mut father] {
        for audience in [Audience::Shelter, Audience::Ems, Audience::Caregiver] {
            let v = view(doc, audience, Lang::Ja);
            assert!(v.marks.is_empty(), "{:?}", v.marks);
            assert!(
                v.sections
                    .iter()
                    .flat_map(|s| &s.items)
                    .all(|i| i.marks.is_empty())
            );
        }
    }
}

#[test]
fn the_card_and_the_qr_mark_values_that_differ_with_a_sign_and_words() {
    let (mut mother, _) = concurrent_peep();
    for (size, langs) in [
        (CardSize::A4, &[Lang::Ja, Lang::En][..]),
        (CardSize::Wallet, &[Lang::Ja][..]),
    ] {
        let html = render_card(
            &mut mother,
            &CardOptions {
                audience: Audience::Shelter,
                langs,
                size,
                today: today(),
            },
        )
        .unwrap();
        assert!(
            html.contains(r#"<div class="mark values-differ"><span class="sign">≠</span>"#),
            "{size:?}"
        );
        assert!(
            html.contains("値が食い違っています — 確認してください"),
            "{size:?}"
        );
        assert!(html.contains("6 cmH2O") && html.contains("7 cmH2O"), "{size:?}");
        if size == CardSize::A4 {
            assert!(html.contains("Values differ — check"));
        }
    }
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let qr = summary_text_of(&mut mother, &[&ja, &en], today()).unwrap();
    let check = qr
        .lines()
        .find(|l| l.starts_with("！要確認"))
        .expect("a check line");
    assert!(
        check.contains("!Check") && check.contains("6 cmH2O") && check.contains("7 cmH2O"),
        "{check}"
    );
    assert!(qr.len() <= crate::share::MAX_SUMMARY_BYTES);
    // Without a doubt there is no such line, and the text is the plain summary's.
    let (mut plain, _) = two_replicas();
    let text = summary_text_of(&mut plain, &[&ja], today()).unwrap();
    assert!(!text.contains("要確認"), "{text}");
    assert_eq!(text, crate::share::summary_text(plain.profile(), &[&ja], today()));
}

#[test]
fn a_value_saved_over_a_warning_is_marked_until_someone_else_verifies_it() {
    let (mut mother, mut father) = two_replicas();
    mother
        .apply(
            &[Edit::set(FIO2, 0.4), Edit::Confirm { path: FIO2.into() }],
            &ctx("母", 1),
        )
        .unwrap();
    let v = view(&mut mother, Audience::Ems, Lang::Ja);
    let items = marked(&v, MarkKind::Unverified, FIO2);
    assert!(items.iter().any(|(s, _)| s == "devices"), "{items:?}");
    let mark = &v.marks[0];
    assert_eq!(mark.kind, MarkKind::Unverified);
    assert_eq!(mark.message, "未確認 — 警告を承知で保存された値です");
    assert_eq!(mark.confirmed_by.as_deref(), Some("母"));
    assert!(
        mark.detail.contains("母") && mark.detail.contains("2026-11-20"),
        "{}",
        mark.detail
    );
    let card = render_card(
        &mut mother,
        &CardOptions {
            audience: Audience::Ems,
            langs: &[Lang::En],
            size: CardSize::A4,
            today: today(),
        },
    )
    .unwrap();
    assert!(card.contains(
        r#"<div class="mark unverified"><span class="sign">?</span> Unverified — saved over a warning"#
    ));

    // Whoever confirmed it cannot verify it; a field with nothing waiting is refused too.
    let heads = mother.heads();
    assert!(matches!(
        mother.verify_value(FIO2, &ctx("母", 2)),
        Err(Error::BadEdit { .. })
    ));
    assert!(matches!(
        mother.verify_value(PEEP, &ctx("父", 2)),
        Err(Error::NothingToReview { .. })
    ));
    assert_eq!(mother.heads(), heads, "a refused verification writes nothing");

    // Someone else, on another replica: the mark goes there and, after sync, here.
    father.merge(&mut mother).unwrap();
    assert_eq!(
        marked(
            &view(&mut father, Audience::Ems, Lang::Ja),
            MarkKind::Unverified,
            FIO2
        )
        .len(),
        items.len()
    );
    father.verify_value(FIO2, &ctx("父", 3)).unwrap();
    assert!(view(&mut father, Audience::Ems, Lang::Ja).marks.is_empty());
    assert!(
        !view(&mut mother, Audience::Ems, Lang::Ja).marks.is_empty(),
        "not synced yet"
    );
    mother.merge(&mut father).unwrap();
    assert!(view(&mut mother, Audience::Ems, Lang::Ja).marks.is_empty());
    assert!(matches!(
        mother.verify_value(FIO2, &ctx("父", 4)),
        Err(Error::NothingToReview { .. })
    ));
    let newest = &mother.history()[0];
    assert_eq!(
        (newest.ops[0].op.as_str(), newest.ops[0].path.as_str()),
        ("verify_value", FIO2)
    );
    assert_eq!(newest.author.as_deref(), Some("父"));
    let words = crate::document::history::describe(newest, &Localizer::new(Lang::Ja));
    assert!(
        words.sentences[0].contains("警告を承知で保存された値を確認しました"),
        "{:?}",
        words
    );

    // The same unusual value entered again needs a new confirmation and is marked again, in the
    // new confirmer's name: the earlier verification was of the earlier entry.
    father
        .apply(
            &[Edit::set(FIO2, 0.5), Edit::Confirm { path: FIO2.into() }],
            &ctx("父", 5),
        )
        .unwrap();
    let v = view(&mut father, Audience::Ems, Lang::Ja);
    assert_eq!(v.marks.len(), 1);
    assert_eq!(v.marks[0].confirmed_by.as_deref(), Some("父"));
    // A usual value entered in its place clears the mark.
    father.apply(&[Edit::set(FIO2, 30.0)], &ctx("父", 6)).unwrap();
    assert!(view(&mut father, Audience::Ems, Lang::Ja).marks.is_empty());
}

#[test]
fn a_mark_on_a_field_the_view_does_not_show_is_a_line_to_check_without_its_values() {
    // The last drill is for the shelter's plan; the EMS view leaves it out (docs/audiences.md).
    const DRILL: &str = "evacuation.last_drill";
    let (mut mother, mut father) = two_replicas();
    mother
        .apply(&[Edit::set(DRILL, "2025-07-07")], &ctx("母", 1))
        .unwrap();
    father
        .apply(&[Edit::set(DRILL, "2025-08-08")], &ctx("父", 2))
        .unwrap();
    mother.merge(&mut father).unwrap();

    // Every view has the mark either on the items that show the field or in the section to
    // check: never both, never neither.
    for audience in [Audience::Shelter, Audience::Ems, Audience::Caregiver] {
        let v = view(&mut mother, audience, Lang::Ja);
        let on_items = !marked(&v, MarkKind::ValuesDiffer, DRILL).is_empty();
        assert_eq!(on_items, v.section("check").is_none(), "{audience:?}");
    }

    for lang in [Lang::Ja, Lang::En] {
        let ems = view(&mut mother, Audience::Ems, lang);
        assert!(marked(&ems, MarkKind::ValuesDiffer, DRILL).is_empty());
        assert_eq!(ems.marks.len(), 1);
        let check = ems.section("check").expect("a section to check");
        let l10n = Localizer::new(lang);
        assert_eq!(check.title, l10n.message("view-section-check", &[]));
        assert_eq!(check.items.len(), 1);
        let item = &check.items[0];
        assert_eq!(item.label, l10n.field_label(DRILL));
        assert_eq!(
            item.value,
            format!("≠ {}", l10n.message("review-values-differ", &[]))
        );
        // The line says what to check, not the values EMS does not otherwise see.
        let json = serde_json::to_string(&ems.sections).unwrap();
        assert!(
            !json.contains("2025-07-07") && !json.contains("2025-08-08"),
            "{json}"
        );
        // Amber: after the red sections, before the green ones.
        let at = ems.sections.iter().position(|s| s.id == "check").unwrap();
        assert!(ems.sections[..at].iter().all(|s| s.priority <= check.priority));
        assert!(ems.sections[at..].iter().all(|s| s.priority >= check.priority));
    }

    // The card prints the line; resolved, it goes.
    let html = render_card(
        &mut mother,
        &CardOptions {
            audience: Audience::Ems,
            langs: &[Lang::Ja],
            size: CardSize::A4,
            today: today(),
        },
    )
    .unwrap();
    assert!(
        html.contains("ほかに確認が必要な項目"),
        "the EMS card lists the field to check"
    );
    mother.resolve(DRILL, 0, &ctx("母", 3)).unwrap();
    assert!(
        view(&mut mother, Audience::Ems, Lang::Ja)
            .section("check")
            .is_none()
    );
}
