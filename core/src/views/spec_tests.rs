//! The specification against the schema, and every fixture's views against the specification,
//! field by field, in both languages.

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::document::{EditContext, ProfileDoc};
use crate::i18n::{Lang, Localizer};
use crate::model::Profile;
use crate::model::ValidationContext;
use crate::views::{Audience, Priority, ViewItem, build};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).expect("valid date")
}

fn doc_of(profile: &Profile) -> ProfileDoc {
    let ctx = EditContext {
        author: "テスト".into(),
        now: Utc
            .with_ymd_and_hms(2026, 12, 6, 9, 0, 0)
            .single()
            .expect("valid time"),
        validation: ValidationContext { today: today() },
    };
    ProfileDoc::create(ActorId::random(), profile, &ctx).expect("fixture is valid")
}

#[test]
fn the_specification_parses() {
    let s = spec().expect("docs/audiences.md parses");
    assert!(s.rules.len() > 150, "only {} rows", s.rules.len());
    assert!(Spec::parse("no table").is_err());
    let bad = "| field | shelter | ems | caregiver | qr | plan | roster | ips | why |\n|---|\n| `x` | R | X | · | · | · | · | · | y |";
    assert_eq!(Spec::parse(bad).expect_err("bad cell").line, 3);
}

#[test]
fn every_field_of_the_schema_has_a_row() {
    let s = spec().expect("parses");
    let missing: Vec<String> = schema_leaf_fields()
        .into_iter()
        .filter(|k| s.rule(k).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "fields with no row in docs/audiences.md (say who sees them, or why no one does): {missing:#?}"
    );
}

#[test]
fn every_row_names_a_field_of_the_schema() {
    let leaves = schema_leaf_fields();
    for r in &spec().expect("parses").rules {
        let known = match r.field.strip_suffix(".*") {
            Some(group) => leaves.iter().any(|l| l.starts_with(&format!("{group}."))),
            None => leaves.contains(&r.field),
        };
        assert!(known, "row {} names no field of the schema", r.field);
    }
}

#[test]
fn every_fixture_view_shows_every_field_the_specification_requires() {
    for (name, profile) in crate::fixtures::all().expect("fixtures load") {
        let mut doc = doc_of(&profile);
        for lang in Lang::ALL {
            let l10n = Localizer::new(*lang);
            for &audience in Audience::ALL {
                let v = build(&mut doc, audience, &l10n, today()).expect("view builds");
                let req = required(&profile, audience.into(), &l10n).expect("spec");
                let missing = missing(&v.sections, &req);
                assert!(
                    missing.is_empty(),
                    "{name} {lang} {}: not shown: {missing:#?}",
                    audience.as_str()
                );
                // Red fields are shown in their clinical sections, never only in "also recorded".
                if let Some(more) = v.section("more") {
                    let red: Vec<&ViewItem> = more
                        .items
                        .iter()
                        .filter(|i| {
                            req.iter().any(|r| {
                                Some(r.path.as_str()) == i.source.as_deref() && r.priority == Priority::Red
                            })
                        })
                        .collect();
                    assert!(
                        red.is_empty(),
                        "{name} {lang} {}: red fields only under 'also recorded': {red:#?}",
                        audience.as_str()
                    );
                }
            }
        }
    }
}

#[test]
fn required_lists_recorded_values_with_their_words() {
    let p = crate::fixtures::load("ventilated-tracheostomy").expect("fixture");
    let l10n = Localizer::new(Lang::En);
    let req = required(&p, Output::Shelter, &l10n).expect("spec");
    let find = |path: &str| req.iter().find(|r| r.path == path).map(|r| r.text.as_str());
    assert_eq!(
        find("devices.dev-trach.settings.tracheostomy.inner_diameter"),
        Some("5")
    );
    assert_eq!(find("devices.dev-vent.kind"), Some("Ventilator"));
    assert_eq!(
        find("contacts.ct-mother.may_decide"),
        Some("May consent to treatment")
    );
    // Not for the shelter: the ICD-10 code; display order is never shown.
    assert_eq!(find("diagnoses.dx-hie.icd10"), None);
    assert_eq!(find("diagnoses.dx-hie.order"), None);
    let ems = required(&p, Output::Ems, &l10n).expect("spec");
    assert!(
        ems.iter()
            .any(|r| r.path == "diagnoses.dx-hie.icd10" && r.text == "P91.6")
    );
    assert!(
        required(&Profile::empty(), Output::Shelter, &l10n)
            .expect("spec")
            .is_empty()
    );
}

/// Prints what lands under "also recorded" for every fixture (`--ignored --nocapture`).
#[test]
#[ignore]
fn print_also_recorded() {
    for (name, profile) in crate::fixtures::all().expect("fixtures load") {
        let mut doc = doc_of(&profile);
        let l10n = Localizer::new(Lang::En);
        for &audience in Audience::ALL {
            let v = build(&mut doc, audience, &l10n, today()).expect("view builds");
            let req = required(&profile, audience.into(), &l10n).expect("spec");
            if let Some(more) = v.section("more") {
                for i in &more.items {
                    let p = req
                        .iter()
                        .find(|r| Some(r.path.as_str()) == i.source.as_deref())
                        .map(|r| r.priority);
                    println!(
                        "{name} {} {:?} {}",
                        audience.as_str(),
                        p,
                        i.source.as_deref().unwrap_or_default()
                    );
                }
            }
        }
    }
}
