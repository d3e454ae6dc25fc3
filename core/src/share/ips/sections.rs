//! The Patient and the sections of the IPS Composition, each with its entries: what of the
//! profile goes where, and in which FHIR resource. Words come from the EMS and caregiver views,
//! so the IPS says what the cards say.

use serde_json::{Value, json};

use super::codes::{self, Absent, IpsSection};
use super::{Builder, narrative};
use crate::model::{AllergyStatus, Certainty, Profile, Severity, Sex};
use crate::views::{View, ViewItem, ViewSection};

/// What the sections produce: the Patient entry, the Composition's sections and every other entry.
pub(super) struct Built {
    pub(super) patient: Value,
    pub(super) sections: Vec<Value>,
    pub(super) entries: Vec<Value>,
}

/// Collects one section's entries and narrative.
struct Section {
    kind: IpsSection,
    lines: Vec<String>,
    refs: Vec<String>,
}

impl Section {
    fn new(kind: IpsSection) -> Self {
        Self {
            kind,
            lines: Vec::new(),
            refs: Vec::new(),
        }
    }

    fn into_json(self, b: &Builder<'_>) -> Value {
        let (code, display) = self.kind.loinc();
        let entry: Vec<Value> = self.refs.iter().map(|r| json!({ "reference": r })).collect();
        json!({
            "title": b.l10n.message(self.kind.title_id(), &[]),
            "code": codes::coded(codes::LOINC, code, Some(display)),
            "text": narrative(&self.lines),
            "entry": entry,
        })
    }
}

/// Builds the Patient and every section that has something to say.
pub(super) fn build(b: &Builder<'_>, profile: &Profile, ems: &View, caregiver: &View) -> Built {
    let mut entries = Vec::new();
    let mut sections = Vec::new();
    let patient = patient(b, profile);
    for section in [
        medications(b, profile, ems, &mut entries),
        allergies(b, profile, ems, &mut entries),
        problems(b, profile, ems, &mut entries),
        devices(b, profile, ems, &mut entries),
        functional_status(b, ems, caregiver, &mut entries),
        plan_of_care(b, profile, ems, caregiver, &mut entries),
        advance_directives(b, profile, ems, &mut entries),
    ]
    .into_iter()
    .flatten()
    {
        sections.push(section.into_json(b));
    }
    Built {
        patient,
        sections,
        entries,
    }
}

/// The view item read from `source` (`medications.med-x`), in any section.
fn item<'v>(view: &'v View, source: &str) -> Option<&'v ViewItem> {
    view.sections
        .iter()
        .flat_map(|s| s.items.iter())
        .find(|i| i.source.as_deref() == Some(source))
}

/// `label: value`, with the detail after it on its own lines.
fn line(b: &Builder<'_>, i: &ViewItem) -> String {
    let head = b
        .l10n
        .message("view-part", &[("label", &i.label), ("value", &i.value)]);
    match &i.detail {
        Some(d) => format!("{head}\n{d}"),
        None => head,
    }
}

/// The items of a view section that come from the profile (not the "nothing recorded" filler).
fn recorded(section: Option<&ViewSection>) -> impl Iterator<Item = &ViewItem> {
    section
        .into_iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| i.source.is_some())
}

fn patient(b: &Builder<'_>, p: &Profile) -> Value {
    let c = &p.child;
    let mut names = Vec::new();
    if let Some(name) = &c.name {
        names.push(json!({ "text": name }));
    }
    if let Some(kana) = &c.name_kana {
        names.push(json!({
            "extension": [{ "url": codes::NAME_REPRESENTATION, "valueCode": "SYL" }],
            "text": kana,
        }));
    }
    if names.is_empty() {
        names.push(codes::absent_reason());
    }
    let shown = c
        .name
        .clone()
        .or_else(|| c.nickname.clone())
        .unwrap_or_else(|| b.l10n.message("view-no-name", &[]));
    let mut lines = vec![shown];
    if let Some(dob) = c.date_of_birth {
        lines.push(b.l10n.message(
            "view-part",
            &[
                ("label", &b.l10n.label("field-child-date_of_birth")),
                ("value", &dob.to_string()),
            ],
        ));
    }
    let mut patient = json!({
        "resourceType": "Patient",
        "text": narrative(&lines),
        "name": names,
    });
    if let Some(sex) = c.sex {
        patient["gender"] = json!(match sex {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
        });
    }
    match c.date_of_birth {
        Some(dob) => patient["birthDate"] = json!(dob.to_string()),
        None => patient["_birthDate"] = codes::absent_reason(),
    }
    b.entry("Patient", "", patient)
}

fn medications(b: &Builder<'_>, p: &Profile, ems: &View, entries: &mut Vec<Value>) -> Option<Section> {
    let mut s = Section::new(IpsSection::Medications);
    for (id, m) in p.medications.ordered() {
        let view = item(ems, &format!("medications.{id}"));
        let name = match &m.strength {
            Some(strength) => format!("{} {strength}", m.name),
            None => m.name.clone(),
        };
        let mut dosage = json!({});
        if let Some(v) = view {
            dosage["text"] = json!(v.value);
            s.lines.push(line(b, v));
        }
        if let Some(route) = m.route {
            dosage["route"] = codes::text_concept(&b.l10n.label(&route.fluent_id()));
        }
        if let Some(notes) = &m.tube_notes {
            dosage["additionalInstruction"] = json!([codes::text_concept(notes)]);
        }
        if m.rescue == Some(true) {
            match &m.rescue_criteria {
                Some(c) => dosage["asNeededCodeableConcept"] = codes::text_concept(c.as_str()),
                None => dosage["asNeededBoolean"] = json!(true),
            }
        }
        let mut statement = json!({
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": codes::text_concept(&name),
            "subject": b.patient(),
            // The IPS requires when; the profile records a current list, not start dates.
            "_effectiveDateTime": codes::absent_reason(),
        });
        if dosage.as_object().is_some_and(|o| !o.is_empty()) {
            statement["dosage"] = json!([dosage]);
        }
        s.refs.push(b.urn("MedicationStatement", id));
        entries.push(b.entry("MedicationStatement", id, statement));
    }
    if s.refs.is_empty() {
        let text = b.l10n.message("ips-medications-no-info", &[]);
        s.lines.push(text.clone());
        s.refs.push(b.urn("MedicationStatement", ""));
        entries.push(b.entry(
            "MedicationStatement",
            "",
            json!({
                "resourceType": "MedicationStatement",
                "status": "unknown",
                "medicationCodeableConcept": Absent::NoMedicationInfo.concept(&text),
                "subject": b.patient(),
                "_effectiveDateTime": codes::absent_reason(),
            }),
        ));
    }
    Some(s)
}

fn allergies(b: &Builder<'_>, p: &Profile, ems: &View, entries: &mut Vec<Value>) -> Option<Section> {
    let mut s = Section::new(IpsSection::Allergies);
    let a = &p.allergies;
    let clinical = || codes::coded(codes::ALLERGY_CLINICAL, "active", Some("Active"));
    for (id, al) in a.items.ordered() {
        let key = format!("items.{id}");
        let mut allergy = json!({
            "resourceType": "AllergyIntolerance",
            "clinicalStatus": clinical(),
            "code": codes::text_concept(&al.agent),
            "patient": b.patient(),
        });
        if let Some(c) = al.certainty {
            let (code, display) = match c {
                Certainty::Confirmed => ("confirmed", "Confirmed"),
                Certainty::Suspected => ("unconfirmed", "Unconfirmed"),
            };
            allergy["verificationStatus"] = codes::coded(codes::ALLERGY_VERIFICATION, code, Some(display));
        }
        if al.reaction.is_some() || al.severity.is_some() {
            let manifestation = al
                .reaction
                .clone()
                .unwrap_or_else(|| b.l10n.message("view-not-recorded", &[]));
            let mut reaction = json!({ "manifestation": [codes::text_concept(&manifestation)] });
            if let Some(sev) = al.severity {
                reaction["severity"] = json!(match sev {
                    Severity::Mild => "mild",
                    Severity::Moderate => "moderate",
                    Severity::Severe => "severe",
                });
            }
            allergy["reaction"] = json!([reaction]);
        }
        if let Some(v) = item(ems, &format!("allergies.items.{id}")) {
            s.lines.push(line(b, v));
        }
        s.refs.push(b.urn("AllergyIntolerance", &key));
        entries.push(b.entry("AllergyIntolerance", &key, allergy));
    }
    if s.refs.is_empty() {
        // "None known" (asked) and "not recorded" (never asked) are different facts.
        let (absent, text_id, verified) = match a.status {
            Some(AllergyStatus::NoneKnown) => (Absent::NoKnownAllergies, "view-allergies-none-known", true),
            _ => (Absent::NoAllergyInfo, "view-allergies-not-recorded", false),
        };
        let text = b.l10n.message(text_id, &[]);
        s.lines.push(text.clone());
        let mut allergy = json!({
            "resourceType": "AllergyIntolerance",
            "clinicalStatus": clinical(),
            "code": absent.concept(&text),
            "patient": b.patient(),
        });
        if verified {
            allergy["verificationStatus"] =
                codes::coded(codes::ALLERGY_VERIFICATION, "confirmed", Some("Confirmed"));
        }
        s.refs.push(b.urn("AllergyIntolerance", "status"));
        entries.push(b.entry("AllergyIntolerance", "status", allergy));
    }
    Some(s)
}

fn problems(b: &Builder<'_>, p: &Profile, ems: &View, entries: &mut Vec<Value>) -> Option<Section> {
    let mut s = Section::new(IpsSection::Problems);
    let clinical = || codes::coded(codes::CONDITION_CLINICAL, "active", Some("Active"));
    for (id, d) in p.diagnoses.ordered() {
        let mut code = codes::text_concept(&d.name);
        if let Some(icd) = d.icd10.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            code["coding"] = json!([{ "system": codes::ICD10, "code": icd }]);
        }
        let mut condition = json!({
            "resourceType": "Condition",
            "clinicalStatus": clinical(),
            "code": code,
            "subject": b.patient(),
        });
        if let Some(since) = d.since {
            condition["onsetDateTime"] = json!(since.to_string());
        }
        if let Some(notes) = &d.notes {
            condition["note"] = json!([{ "text": notes }]);
        }
        if let Some(v) = item(ems, &format!("diagnoses.{id}")) {
            s.lines.push(line(b, v));
        }
        s.refs.push(b.urn("Condition", id));
        entries.push(b.entry("Condition", id, condition));
    }
    if s.refs.is_empty() {
        let text = b.l10n.message("ips-problems-no-info", &[]);
        s.lines.push(text.clone());
        s.refs.push(b.urn("Condition", ""));
        entries.push(b.entry(
            "Condition",
            "",
            json!({
                "resourceType": "Condition",
                "clinicalStatus": clinical(),
                "code": Absent::NoProblemInfo.concept(&text),
                "subject": b.patient(),
            }),
        ));
    }
    Some(s)
}

fn devices(b: &Builder<'_>, p: &Profile, ems: &View, entries: &mut Vec<Value>) -> Option<Section> {
    let mut s = Section::new(IpsSection::Devices);
    for (id, d) in p.devices.ordered() {
        let mut device = json!({
            "resourceType": "Device",
            "status": "active",
            "type": codes::text_concept(&b.l10n.label(&d.kind.fluent_id())),
            "patient": b.patient(),
        });
        if let Some(maker) = &d.maker {
            device["manufacturer"] = json!(maker);
        }
        if let Some(model) = &d.model {
            device["deviceName"] = json!([{ "name": model, "type": "model-name" }]);
        }
        if let Some(serial) = &d.serial {
            device["serialNumber"] = json!(serial);
        }
        if let Some(v) = item(ems, &format!("devices.{id}")) {
            let settings = match &v.detail {
                Some(detail) => format!("{}\n{detail}", v.value),
                None => v.value.clone(),
            };
            device["note"] = json!([{ "text": settings }]);
            s.lines.push(line(b, v));
        }
        let device_ref = b.urn("Device", id);
        entries.push(b.entry("Device", id, device));
        // The IPS profile requires timing[x] (1..1); the profile records no date the device came
        // into use, so it is marked absent (`unknown`) rather than invented.
        let statement = json!({
            "resourceType": "DeviceUseStatement",
            "status": "active",
            "subject": b.patient(),
            "_timingDateTime": codes::absent_reason(),
            "device": { "reference": device_ref },
        });
        s.refs.push(b.urn("DeviceUseStatement", id));
        entries.push(b.entry("DeviceUseStatement", id, statement));
    }
    (!s.refs.is_empty()).then_some(s)
}

/// The baseline (usual vital signs, consciousness, how the child communicates, what sick looks
/// like) as one ClinicalImpression in words.
fn functional_status(
    b: &Builder<'_>,
    ems: &View,
    caregiver: &View,
    entries: &mut Vec<Value>,
) -> Option<Section> {
    let mut s = Section::new(IpsSection::FunctionalStatus);
    let mut seen = std::collections::BTreeSet::new();
    let items = recorded(ems.section("baseline"))
        .chain(recorded(caregiver.section("communication")))
        .chain(
            recorded(caregiver.section("sick"))
                .filter(|i| i.source.as_deref() == Some("baseline.sick_signs")),
        );
    for i in items {
        if seen.insert(i.source.clone()) {
            s.lines.push(line(b, i));
        }
    }
    if s.lines.is_empty() {
        return None;
    }
    let impression = json!({
        "resourceType": "ClinicalImpression",
        "status": "completed",
        "description": b.l10n.message("ips-functional-status-description", &[]),
        "subject": b.patient(),
        "summary": s.lines.join("\n"),
    });
    s.refs.push(b.urn("ClinicalImpression", "baseline"));
    entries.push(b.entry("ClinicalImpression", "baseline", impression));
    Some(s)
}

/// Daily routines, things never to do, and what to do in common emergencies: one CarePlan each.
fn plan_of_care(
    b: &Builder<'_>,
    p: &Profile,
    ems: &View,
    caregiver: &View,
    entries: &mut Vec<Value>,
) -> Option<Section> {
    let mut s = Section::new(IpsSection::PlanOfCare);
    let routines: Vec<String> = p
        .routines
        .ordered()
        .into_iter()
        .filter_map(|(id, _)| {
            let section = caregiver.section(&format!("routine:{id}"))?;
            let mut text = vec![section.title.clone()];
            text.extend(recorded(Some(section)).map(|i| line(b, i)));
            Some(text.join("\n"))
        })
        .collect();
    let avoid: Vec<String> = recorded(ems.section("avoid")).map(|i| line(b, i)).collect();
    let actions: Vec<String> = recorded(ems.section("problems")).map(|i| line(b, i)).collect();
    let plans = [
        (
            "routines",
            "view-section-routines",
            "in-progress",
            false,
            routines,
        ),
        ("avoid", "view-section-never-do", "in-progress", true, avoid),
        (
            "emergency",
            "view-section-problems",
            "not-started",
            false,
            actions,
        ),
    ];
    for (key, title_id, status, do_not_perform, activities) in plans {
        if activities.is_empty() {
            continue;
        }
        let title = b.l10n.message(title_id, &[]);
        s.lines.push(title.clone());
        s.lines.extend(activities.iter().cloned());
        let activity: Vec<Value> = activities
            .iter()
            .map(|text| {
                let mut detail = json!({ "status": status, "description": text });
                if do_not_perform {
                    detail["doNotPerform"] = json!(true);
                }
                json!({ "detail": detail })
            })
            .collect();
        let plan = json!({
            "resourceType": "CarePlan",
            "status": "active",
            "intent": "plan",
            "title": title,
            "subject": b.patient(),
            "activity": activity,
        });
        s.refs.push(b.urn("CarePlan", key));
        entries.push(b.entry("CarePlan", key, plan));
    }
    (!s.refs.is_empty()).then_some(s)
}

/// Wishes and advance directive, when any is recorded: one Consent (scope "adr", category
/// "acd") whose policy rule is the decision and its limits in words, dated when it was agreed.
/// No section at all when nothing is recorded: an absent directive is not a decision.
fn advance_directives(b: &Builder<'_>, p: &Profile, ems: &View, entries: &mut Vec<Value>) -> Option<Section> {
    let w = &p.wishes;
    if !w.is_recorded() {
        return None;
    }
    let mut s = Section::new(IpsSection::AdvanceDirectives);
    s.lines
        .extend(recorded(ems.section("wishes")).map(|i| line(b, i)));
    let rule = [
        w.resuscitation.map(|r| b.l10n.label(&r.fluent_id())),
        w.limits.as_ref().map(|n| n.as_str().to_owned()),
        w.care_wishes.as_ref().map(|n| n.as_str().to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let mut consent = json!({
        "resourceType": "Consent",
        "status": "active",
        "scope": codes::coded("http://terminology.hl7.org/CodeSystem/consentscope", "adr", Some("Advanced Care Directive")),
        "category": [codes::coded("http://terminology.hl7.org/CodeSystem/consentcategorycodes", "acd", Some("Advance Directive"))],
        "patient": b.patient(),
        "policyRule": { "text": rule },
    });
    if let Some(d) = w.agreed_on {
        consent["dateTime"] = json!(d.to_string());
    }
    if let Some(who) = &w.agreed_with {
        consent["performer"] = json!([{ "display": who }]);
    }
    s.refs.push(b.urn("Consent", "advance-directive"));
    entries.push(b.entry("Consent", "advance-directive", consent));
    Some(s)
}
