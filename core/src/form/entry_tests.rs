//! The form model on the edit path: typed Japanese input through `ProfileDoc::apply`,
//! plausibility warnings that must be confirmed (and the confirmation in the history), text
//! length limits.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::json;

use crate::Edit;
use crate::document::{EditContext, ProfileDoc};
use crate::error::Error;
use crate::form::Expected;
use crate::model::*;
use crate::sample::demo_profile;

fn ctx(minute: u32) -> EditContext {
    EditContext {
        author: "母".into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, minute, 0)
            .single()
            .unwrap(),
        validation: ValidationContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        },
    }
}

fn doc() -> ProfileDoc {
    ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx(0)).unwrap()
}

fn set(path: &str, text: &str) -> Edit {
    Edit::Set {
        path: path.into(),
        value: json!(text),
    }
}

#[test]
fn japanese_input_is_normalized_on_the_edit_path() {
    let mut d = doc();
    d.apply(
        &[
            set("devices.dev-vent.settings.ventilator.peep", "６ｃｍＨ２Ｏ"),
            set("child.sex", "女"),
            set("child.weight.kg", "１１．５"),
            set("child.weight.measured_on", "令和8年11月1日"),
            set("devices.dev-vent.settings_reset_on_power_loss", "いいえ"),
            set("devices.dev-vent.dealer_phone_24h", "０１２０ー１２３ー４５６"),
        ],
        &ctx(1),
    )
    .unwrap();
    let p = d.profile();
    let vent = p.devices.get("dev-vent").unwrap();
    assert_eq!(vent.settings.ventilator.as_ref().unwrap().peep, Some(CmH2O(6.0)));
    assert_eq!(p.child.sex, Some(Sex::Female));
    assert_eq!(p.child.weight.kg, Some(Kilograms(11.5)));
    assert_eq!(
        p.child.weight.measured_on.unwrap().0,
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    );
    assert_eq!(vent.settings_reset_on_power_loss, Some(false));
    assert_eq!(vent.dealer_phone_24h.as_deref(), Some("0120-123-456"));
}

#[test]
fn an_added_entity_is_normalized_field_by_field() {
    let mut d = doc();
    d.apply(
        &[Edit::Add {
            collection: "medications".into(),
            id: "med-new".into(),
            entity: json!({"name": "テスト薬", "route": "経管", "times": "８：００、２０：００"}),
        }],
        &ctx(1),
    )
    .unwrap();
    let m = d.profile().medications.get("med-new").unwrap();
    assert_eq!(m.route, Some(MedicationRoute::Tube));
    assert_eq!(m.times.as_deref(), Some("08:00, 20:00"));
}

#[test]
fn bad_input_names_the_field_and_the_form_and_changes_nothing() {
    let mut d = doc();
    let before = d.profile().clone();
    let err = d
        .apply(
            &[set("devices.dev-vent.settings.ventilator.peep", "６ kPa")],
            &ctx(1),
        )
        .unwrap_err();
    match &err {
        Error::Input { path, expected } => {
            assert_eq!(path, "devices.dev-vent.settings.ventilator.peep");
            assert_eq!(expected, &Expected::Number { unit: "cmH2O".into() });
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("kPa"), "no typed text in the error");
    let err = d.apply(&[set("contacts.c-1.phone", "abc")], &ctx(1));
    assert!(matches!(
        err,
        Err(Error::Input { .. }) | Err(Error::UnknownPath { .. })
    ));
    assert_eq!(d.profile(), &before);
}

#[test]
fn text_has_length_limits() {
    let mut d = doc();
    let long = "あ".repeat(40_000);
    let err = d.apply(&[set("child.nickname", &long)], &ctx(1)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Input {
                expected: Expected::TextUpTo { max: 200 },
                ..
            }
        ),
        "{err:?}"
    );
    let note = "x".repeat(2_000_000);
    let err = d
        .apply(&[set("devices.dev-vent.notes", &note)], &ctx(1))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Input {
                expected: Expected::TextUpTo { .. },
                ..
            }
        ),
        "{err:?}"
    );
    let patch = json!({"child": {"nickname": long}});
    assert!(d.apply(&[Edit::Patch { patch }], &ctx(1)).is_err());
}

#[test]
fn an_unusual_value_is_refused_until_confirmed_and_the_confirmation_is_in_the_history() {
    let mut d = doc();
    let fio2 = "devices.dev-vent.settings.ventilator.fio2";
    let err = d.apply(&[Edit::set(fio2, 0.4)], &ctx(1)).unwrap_err();
    let Error::NeedsConfirmation(warnings) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, fio2);
    assert_eq!(
        warnings[0].rule,
        crate::form::plausible::WarningRule::Fio2AsFraction
    );
    let l = crate::i18n::Localizer::new(crate::i18n::Lang::Ja);
    assert!(
        warnings[0].describe(&l).contains("FiO2"),
        "{}",
        warnings[0].describe(&l)
    );
    assert_ne!(
        d.profile()
            .devices
            .get("dev-vent")
            .unwrap()
            .settings
            .ventilator
            .as_ref()
            .unwrap()
            .fio2,
        Some(Percent(0.4))
    );

    d.apply(
        &[Edit::set(fio2, 0.4), Edit::Confirm { path: fio2.into() }],
        &ctx(2),
    )
    .unwrap()
    .expect("a change");
    let history = d.history();
    let newest = &history[0];
    assert_eq!(newest.author.as_deref(), Some("母"));
    assert!(
        newest.ops.iter().any(|o| o.op == "confirm" && o.path == fio2),
        "{:?}",
        newest.ops
    );
    // A usual value needs no confirmation; an edit elsewhere is not held up by the old one.
    d.apply(&[Edit::set("child.nickname", "はなちゃん")], &ctx(3))
        .unwrap();
}

#[test]
fn ventilator_rate_and_tidal_volume_depend_on_age_and_weight() {
    let mut d = doc();
    let p = d.profile().clone();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut p2 = p.clone();
    p2.child.date_of_birth = Some(Date(NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()));
    p2.child.weight.kg = Some(Kilograms(12.0));
    let vent = p2
        .devices
        .get_mut("dev-vent")
        .unwrap()
        .settings
        .ventilator
        .as_mut()
        .unwrap();
    vent.rate = Some(PerMinute(300.0));
    vent.tidal_volume = Some(Millilitres(5000.0));
    vent.fio2 = Some(Percent(30.0));
    let w = crate::form::plausible::warnings(&p2, today);
    let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
    assert!(
        paths.contains(&"devices.dev-vent.settings.ventilator.rate"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"devices.dev-vent.settings.ventilator.tidal_volume"),
        "{paths:?}"
    );
    assert!(
        !paths.contains(&"devices.dev-vent.settings.ventilator.fio2"),
        "{paths:?}"
    );
    p2.child.weight.kg = Some(Kilograms(80.0));
    let w = crate::form::plausible::warnings(&p2, today);
    assert!(w.iter().any(|w| w.path == "child.weight.kg"));
    // The sample child's own values raise nothing.
    let _ = d.apply(&[], &ctx(1));
    assert!(
        crate::form::plausible::warnings(&p, today).is_empty(),
        "{:?}",
        crate::form::plausible::warnings(&p, today)
    );
}

#[test]
fn a_value_saved_over_a_warning_is_listed_until_its_section_is_verified() {
    let mut d = doc();
    let fio2 = "devices.dev-vent.settings.ventilator.fio2";
    d.apply(
        &[Edit::set(fio2, 0.4), Edit::Confirm { path: fio2.into() }],
        &ctx(1),
    )
    .unwrap();
    let listed = crate::form::unverified_confirmations(&mut d).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, fio2);
    assert_eq!(listed[0].confirmed_by.as_deref(), Some("母"));
    d.apply(
        &[Edit::Verify {
            section: Section::Devices,
            by: "主治医".into(),
            role: VerifierRole::Doctor,
            on: Date(NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()),
        }],
        &ctx(2),
    )
    .unwrap();
    assert!(crate::form::unverified_confirmations(&mut d).unwrap().is_empty());

    let mut d = doc();
    d.apply(
        &[Edit::set(fio2, 0.4), Edit::Confirm { path: fio2.into() }],
        &ctx(1),
    )
    .unwrap();
    d.apply(&[Edit::set(fio2, 30.0)], &ctx(2)).unwrap();
    assert!(
        crate::form::unverified_confirmations(&mut d).unwrap().is_empty(),
        "a new usual value replaces the confirmed one"
    );
}

#[test]
fn filled_fields_list_each_entity_including_a_collection_inside_a_section() {
    let mut d = doc();
    d.apply(
        &[
            set("allergies.status", "recorded"),
            Edit::Add {
                collection: "allergies.items".into(),
                id: "alg-new".into(),
                entity: json!({"agent": "卵"}),
            },
        ],
        &ctx(1),
    )
    .unwrap();
    let allergies = crate::form::filled_fields(&mut d, "allergies").unwrap();
    let agent = allergies
        .iter()
        .find(|f| f.path == "allergies.items.alg-new.agent")
        .unwrap();
    assert_eq!(agent.key, "allergies.items.agent");
    assert_eq!(agent.value, json!("卵"));
    assert_eq!(agent.provenance.as_ref().unwrap().author.as_deref(), Some("母"));
    let status = allergies
        .iter()
        .position(|f| f.path == "allergies.status")
        .unwrap();
    let first_item = allergies
        .iter()
        .position(|f| f.path.starts_with("allergies.items."))
        .unwrap();
    assert!(status < first_item, "the section's own fields come first");

    let devices = crate::form::filled_fields(&mut d, "devices").unwrap();
    let peep = devices
        .iter()
        .find(|f| f.path == "devices.dev-vent.settings.ventilator.peep")
        .unwrap();
    assert!(peep.value.is_number());
    assert!(
        devices
            .iter()
            .filter(|f| f.path.starts_with("devices.dev-vent."))
            .all(|f| !f.key.contains(".suction.")),
        "a ventilator lists no suction settings"
    );
}
