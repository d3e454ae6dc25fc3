//! Tests of the IPS bundle: document shape (Composition first, required sections, references
//! that resolve), the allergy statuses, determinism, and both languages. The independent FHIR
//! validator runs in `scripts/test-fhir` on the CLI's output.

use std::collections::HashSet;

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;

use super::*;
use crate::document::EditContext;
use crate::i18n::Lang;
use crate::model::{AllergyStatus, Profile, ValidationContext};
use crate::sample::demo_profile;

fn ctx() -> EditContext {
    EditContext {
        author: "母".into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
            .single()
            .expect("valid time"),
        validation: ValidationContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date"),
        },
    }
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn bundle_of(profile: &Profile, lang: Lang, when: DateTime<Utc>) -> Value {
    let mut doc = ProfileDoc::create(ActorId::random(), profile, &ctx()).expect("valid profile");
    ips_bundle(&mut doc, "p-test0001", &Localizer::new(lang), when).expect("bundle builds")
}

fn entries(b: &Value) -> &Vec<Value> {
    b["entry"].as_array().expect("entries")
}

fn resources<'b>(b: &'b Value, kind: &str) -> Vec<&'b Value> {
    entries(b)
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn section<'b>(b: &'b Value, loinc: &str) -> Option<&'b Value> {
    entries(b)[0]["resource"]["section"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["code"]["coding"][0]["code"] == loinc)
}

/// Every `reference` anywhere in `v`.
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "reference" {
                    out.push(x.as_str().expect("reference is a string").to_owned());
                } else {
                    references(x, out);
                }
            }
        }
        Value::Array(xs) => xs.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

fn assert_document_shape(b: &Value) {
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "document");
    let all = entries(b);
    assert_eq!(all[0]["resource"]["resourceType"], "Composition");
    assert_eq!(all[0]["resource"]["type"]["coding"][0]["code"], "60591-5");
    assert_eq!(all[1]["resource"]["resourceType"], "Patient");
    let urls: HashSet<&str> = all
        .iter()
        .map(|e| e["fullUrl"].as_str().expect("fullUrl"))
        .collect();
    assert_eq!(urls.len(), all.len(), "fullUrls are unique");
    for e in all {
        let url = e["fullUrl"].as_str().expect("fullUrl");
        assert!(url.starts_with("urn:uuid:"), "{url}");
        assert_eq!(url.trim_start_matches("urn:uuid:"), e["resource"]["id"]);
    }
    let mut refs = Vec::new();
    references(b, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        assert!(urls.contains(r.as_str()), "reference {r} resolves in the bundle");
    }
    for s in IpsSection::REQUIRED {
        let section = section(b, s.loinc().0).unwrap_or_else(|| panic!("required section {s:?}"));
        assert!(!section["entry"].as_array().expect("entries").is_empty());
        assert!(
            section["text"]["div"]
                .as_str()
                .expect("div")
                .starts_with("<div xmlns=")
        );
    }
}

#[test]
fn the_demo_profile_is_a_complete_document() {
    let b = bundle_of(&demo_profile(), Lang::Ja, at(9));
    assert_document_shape(&b);
    let p = demo_profile();
    assert_eq!(resources(&b, "MedicationStatement").len(), p.medications.len());
    assert_eq!(resources(&b, "Condition").len(), p.diagnoses.len());
    assert_eq!(resources(&b, "Device").len(), p.devices.len());
    assert_eq!(resources(&b, "DeviceUseStatement").len(), p.devices.len());
    // timing[x] is 1..1 in the IPS profile: no start date is recorded, so it is marked absent.
    for s in resources(&b, "DeviceUseStatement") {
        let timing: Vec<&String> = s
            .as_object()
            .expect("object")
            .keys()
            .filter(|k| k.trim_start_matches('_').starts_with("timing"))
            .collect();
        assert_eq!(timing, [&"_timingDateTime".to_owned()], "{s}");
        assert_eq!(
            s["_timingDateTime"]["extension"][0]["url"],
            codes::DATA_ABSENT_REASON
        );
        assert_eq!(s["_timingDateTime"]["extension"][0]["valueCode"], "unknown");
    }
    for s in [
        IpsSection::Devices,
        IpsSection::FunctionalStatus,
        IpsSection::PlanOfCare,
    ] {
        assert!(section(&b, s.loinc().0).is_some(), "{s:?}");
    }
    assert!(section(&b, IpsSection::AdvanceDirectives.loinc().0).is_none());
    // The recorded ICD-10 codes are carried; nothing else is coded.
    let icd: Vec<&Value> = resources(&b, "Condition")
        .into_iter()
        .filter_map(|c| c["code"]["coding"].get(0))
        .collect();
    assert!(
        icd.iter()
            .any(|c| c["system"] == codes::ICD10 && c["code"] == "G12.0")
    );
    // The patient and the timestamp.
    let patient = resources(&b, "Patient")[0];
    assert_eq!(
        patient["name"][0]["text"],
        p.child.name.clone().expect("demo has a name")
    );
    assert_eq!(patient["name"][1]["extension"][0]["valueCode"], "SYL");
    assert_eq!(b["timestamp"], "2026-12-01T09:00:00Z");
    assert_eq!(entries(&b)[0]["resource"]["date"], b["timestamp"]);
    // The ventilator's settings are in words on its Device.
    let vent = resources(&b, "Device")
        .into_iter()
        .find(|d| d["note"][0]["text"].as_str().is_some_and(|t| t.contains("PEEP")))
        .expect("ventilator settings in a device note");
    assert_eq!(vent["status"], "active");
    // Things never to do are CarePlan activities that must not be performed.
    let never: Vec<&Value> = resources(&b, "CarePlan")
        .into_iter()
        .flat_map(|c| c["activity"].as_array().expect("activities").iter())
        .filter(|a| a["detail"]["doNotPerform"] == true)
        .collect();
    assert_eq!(never.len(), p.avoid.len());
}

#[test]
fn an_empty_profile_still_has_the_required_sections_coded_as_absent() {
    let b = bundle_of(&Profile::empty(), Lang::En, at(9));
    assert_document_shape(&b);
    let code_of = |kind: &str| resources(&b, kind)[0]["code"]["coding"][0]["code"].clone();
    assert_eq!(code_of("AllergyIntolerance"), "no-allergy-info");
    assert_eq!(code_of("Condition"), "no-problem-info");
    assert_eq!(
        resources(&b, "MedicationStatement")[0]["medicationCodeableConcept"]["coding"][0]["code"],
        "no-medication-info"
    );
    let patient = resources(&b, "Patient")[0];
    assert!(patient.get("birthDate").is_none());
    assert_eq!(patient["_birthDate"]["extension"][0]["valueCode"], "unknown");
    for s in [
        IpsSection::Devices,
        IpsSection::FunctionalStatus,
        IpsSection::PlanOfCare,
    ] {
        assert!(section(&b, s.loinc().0).is_none(), "{s:?} is left out when empty");
    }
}

#[test]
fn no_known_allergies_is_coded_apart_from_not_recorded() {
    let mut p = Profile::empty();
    p.allergies.status = Some(AllergyStatus::NoneKnown);
    let b = bundle_of(&p, Lang::En, at(9));
    let allergy = resources(&b, "AllergyIntolerance")[0];
    assert_eq!(allergy["code"]["coding"][0]["system"], codes::ABSENT_UNKNOWN);
    assert_eq!(allergy["code"]["coding"][0]["code"], "no-known-allergies");
    assert_eq!(allergy["verificationStatus"]["coding"][0]["code"], "confirmed");
    assert_eq!(allergy["code"]["text"], "None known");
    p.allergies.status = None;
    let b = bundle_of(&p, Lang::En, at(9));
    let allergy = resources(&b, "AllergyIntolerance")[0];
    assert_eq!(allergy["code"]["coding"][0]["code"], "no-allergy-info");
    assert!(allergy.get("verificationStatus").is_none());
}

#[test]
fn the_same_profile_gives_the_same_bundle_but_for_the_timestamp() {
    let p = demo_profile();
    // Two documents (two actors) holding the same profile.
    let mut one = bundle_of(&p, Lang::Ja, at(9));
    let mut two = bundle_of(&p, Lang::Ja, at(17));
    assert_ne!(one, two);
    for b in [&mut one, &mut two] {
        b["timestamp"] = Value::Null;
        b["entry"][0]["resource"]["date"] = Value::Null;
    }
    assert_eq!(one, two);
    // A change of content changes the document identifier, not the entries' ids.
    let mut changed = p.clone();
    changed.child.nickname = Some("さっちゃん".into());
    let three = bundle_of(&changed, Lang::Ja, at(9));
    assert_ne!(three["identifier"]["value"], one["identifier"]["value"]);
    assert_eq!(three["entry"][1]["fullUrl"], one["entry"][1]["fullUrl"]);
}

#[test]
fn text_is_escaped_in_the_narrative() {
    assert_eq!(
        xhtml_escape("a<b & \"c\"\nd\u{7}"),
        "a&lt;b &amp; &quot;c&quot;<br/>d "
    );
    let mut p = Profile::empty();
    p.child.name = Some("<script>".into());
    let b = bundle_of(&p, Lang::En, at(9));
    let div = resources(&b, "Patient")[0]["text"]["div"]
        .as_str()
        .expect("div")
        .to_owned();
    assert!(div.contains("&lt;script&gt;") && !div.contains("<script>"));
}

#[test]
fn both_languages_word_the_sections() {
    let ja = bundle_of(&demo_profile(), Lang::Ja, at(9));
    let en = bundle_of(&demo_profile(), Lang::En, at(9));
    assert_eq!(ja["language"], "ja");
    assert_eq!(en["language"], "en");
    let title = |b: &Value| section(b, "48765-2").expect("allergies")["title"].clone();
    assert_eq!(title(&en), "Allergies and intolerances");
    assert_eq!(title(&ja), "アレルギー・不耐症");
}

#[test]
fn recorded_wishes_emit_the_advance_directives_section_with_a_consent() {
    let p = crate::fixtures::load("ventilated-tracheostomy").expect("fixture");
    let b = bundle_of(&p, Lang::En, at(9));
    let s = section(&b, IpsSection::AdvanceDirectives.loinc().0).expect("advance directives section");
    let text = s["text"]["div"].as_str().expect("narrative");
    assert!(text.contains("Full resuscitation"), "{text}");
    let consents = resources(&b, "Consent");
    assert_eq!(consents.len(), 1);
    let c = consents[0];
    assert_eq!(c["scope"]["coding"][0]["code"], "adr");
    assert_eq!(c["category"][0]["coding"][0]["code"], "acd");
    assert_eq!(c["dateTime"], "2026-04-10");
    assert!(
        c["policyRule"]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Full resuscitation")
    );
    // Nothing recorded: no section, no Consent.
    let none = crate::fixtures::load("nppv-no-battery").expect("fixture");
    let b = bundle_of(&none, Lang::En, at(9));
    assert!(section(&b, IpsSection::AdvanceDirectives.loinc().0).is_none());
    assert!(resources(&b, "Consent").is_empty());
}
