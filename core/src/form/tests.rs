//! The form model against the JSON Schema and the Fluent messages: a field added to the typed
//! model cannot be missing from the forms, unlabelled, or without an input kind.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::i18n::{Lang, Localizer};

/// Every leaf path of the JSON Schema (ids left out), by the same rules the forms use.
fn schema_leaves() -> Vec<String> {
    let schema = serde_json::to_value(schemars::schema_for!(Profile)).unwrap();
    let model = FormModel::get();
    let mut all: Vec<String> = model
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.key.clone()))
        .collect();
    all.extend(model.unresolved.iter().cloned());
    // Independent check: every top-level property is a section or deliberately left out.
    for name in schema["properties"].as_object().unwrap().keys() {
        assert!(
            model.section(name).is_some() || NOT_IN_FORMS.contains(&name.as_str()),
            "top-level `{name}` is neither a form section nor in NOT_IN_FORMS (core/src/form/mod.rs)"
        );
    }
    all
}

#[test]
fn every_schema_field_has_an_input_kind() {
    let unresolved = &FormModel::get().unresolved;
    assert!(
        unresolved.is_empty(),
        "these schema fields have no input kind the form can infer: {unresolved:?}.\n\
         Add an arm to `kind_override` in core/src/form/annotations.rs, e.g.\n    \"{}\" => Some(InputKind::Text {{ max_chars: TEXT_MAX }}),",
        unresolved
            .first()
            .map(|k| crate::i18n::field_key(k))
            .unwrap_or_default()
    );
}

#[test]
fn every_form_field_and_section_has_a_label_in_both_languages() {
    for lang in [Lang::Ja, Lang::En] {
        let l = Localizer::new(lang);
        let mut missing = Vec::new();
        for key in schema_leaves() {
            let id = format!("field-{}", key.replace('.', "-"));
            if !l.has(&id) {
                missing.push(id);
            }
        }
        for s in &FormModel::get().sections {
            let id = format!("field-{}", s.key);
            if !l.has(&id) {
                missing.push(id);
            }
        }
        assert!(
            missing.is_empty(),
            "fields without a {lang:?} label: add to core/locales/{}/fields.ftl, after the \
             field's siblings:\n{}",
            lang.as_str(),
            missing
                .iter()
                .map(|id| format!("    {id} = …"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_choice_option_has_a_label_in_both_languages() {
    for lang in [Lang::Ja, Lang::En] {
        let l = Localizer::new(lang);
        for s in &FormModel::get().sections {
            for f in &s.fields {
                if let InputKind::Choice {
                    options,
                    fluent_prefix,
                }
                | InputKind::ChoiceList {
                    options,
                    fluent_prefix,
                } = &f.input
                {
                    for o in options {
                        let id = format!("{fluent_prefix}-{o}");
                        assert!(
                            l.has(&id),
                            "{}: option without a {lang:?} label: add `{id} = …`",
                            f.key
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn kinds_come_from_the_types() {
    let m = FormModel::get();
    let kind = |k: &str| m.field(k).unwrap_or_else(|| panic!("no field {k}")).input.clone();
    assert!(
        matches!(kind("devices.settings.ventilator.peep"), InputKind::Number { unit, .. } if unit == "cmH2O")
    );
    assert!(matches!(
        kind("devices.dev-1.settings.ventilator.peep"),
        InputKind::Number { .. }
    ));
    assert_eq!(kind("child.date_of_birth"), InputKind::Date);
    assert!(matches!(kind("child.sex"), InputKind::Choice { fluent_prefix, .. } if fluent_prefix == "sex"));
    assert_eq!(kind("contacts.phone"), InputKind::Phone);
    assert_eq!(kind("medications.times"), InputKind::Times);
    assert_eq!(kind("devices.settings.tracheostomy.cuffed"), InputKind::YesNo);
    assert!(matches!(kind("devices.notes"), InputKind::LongText { .. }));
    assert_eq!(m.field("devices.kind").unwrap().need, Need::Required);
    assert_eq!(m.field("child.name").unwrap().need, Need::Recommended);
    assert!(m.section("devices").unwrap().collection);
    assert!(!m.section("child").unwrap().collection);
    assert!(
        m.field("allergies.items.agent").is_some(),
        "collections inside groups are walked"
    );
}

#[test]
fn adding_a_device_shows_only_that_kinds_settings() {
    let m = FormModel::get();
    let vent: Vec<&str> = m
        .device_fields(DeviceKind::Ventilator)
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert!(vent.contains(&"devices.settings.ventilator.peep"));
    assert!(vent.contains(&"devices.maker"));
    assert!(
        !vent
            .iter()
            .any(|k| k.contains(".suction.") || k.contains(".tracheostomy."))
    );
    let pump: Vec<&str> = m
        .device_fields(DeviceKind::Pump)
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert!(pump.iter().any(|k| k.starts_with("devices.settings.other.")));
    assert!(!pump.iter().any(|k| k.contains(".ventilator.")));
}

#[test]
fn labels_and_help_are_localized() {
    let f = FormModel::get()
        .field("devices.settings.ventilator.peep")
        .unwrap();
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    assert!(f.label(&ja).contains("PEEP"));
    assert!(f.help(&ja).contains("数字"), "{}", f.help(&ja));
    assert!(f.help(&en).contains("number"), "{}", f.help(&en));
}
