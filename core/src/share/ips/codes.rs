//! The codes the IPS export uses, each one taken from the IPS implementation guide (STU 1.1,
//! FHIR R4) or from FHIR R4 itself, and nothing else: the document and section codes (LOINC),
//! the IPS "absent or unknown" codes, and the FHIR code systems for statuses. Everything the
//! profile holds in words (a medication, a diagnosis, a device) stays text: no guessed codes.

use serde_json::{Value, json};

/// LOINC.
pub const LOINC: &str = "http://loinc.org";
/// The IPS code system for absent and unknown data (`no-known-allergies`, `no-medication-info`…).
pub const ABSENT_UNKNOWN: &str = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips";
/// ICD-10 (WHO), for diagnoses whose ICD-10 code the family recorded.
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
/// AllergyIntolerance.clinicalStatus.
pub const ALLERGY_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
/// AllergyIntolerance.verificationStatus.
pub const ALLERGY_VERIFICATION: &str =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
/// Condition.clinicalStatus.
pub const CONDITION_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/condition-clinical";
/// The data-absent-reason extension (a required element that the family has not recorded).
pub const DATA_ABSENT_REASON: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
/// The ISO 21090 name-representation extension: `SYL` marks the kana reading of a Japanese name.
pub const NAME_REPRESENTATION: &str = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

/// The IPS document type: LOINC 60591-5.
pub const DOCUMENT_TYPE: (&str, &str) = ("60591-5", "Patient summary Document");

/// A section of the IPS Composition and its LOINC code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpsSection {
    /// Required: Medication Summary.
    Medications,
    /// Required: Allergies and Intolerances.
    Allergies,
    /// Required: Problem List.
    Problems,
    /// Recommended: Medical Devices.
    Devices,
    /// Optional: Functional Status.
    FunctionalStatus,
    /// Optional: Plan of Care.
    PlanOfCare,
    /// Optional: Advance Directives.
    AdvanceDirectives,
}

impl IpsSection {
    /// The sections the IPS requires in every document.
    pub const REQUIRED: &'static [IpsSection] = &[
        IpsSection::Medications,
        IpsSection::Allergies,
        IpsSection::Problems,
    ];

    /// LOINC code and display, as the IPS guide gives them.
    pub fn loinc(self) -> (&'static str, &'static str) {
        match self {
            IpsSection::Medications => ("10160-0", "History of Medication use Narrative"),
            IpsSection::Allergies => ("48765-2", "Allergies and adverse reactions Document"),
            IpsSection::Problems => ("11450-4", "Problem list - Reported"),
            IpsSection::Devices => ("46264-8", "History of medical device use"),
            IpsSection::FunctionalStatus => ("47420-5", "Functional status assessment note"),
            IpsSection::PlanOfCare => ("18776-5", "Plan of care note"),
            IpsSection::AdvanceDirectives => ("42348-3", "Advance directives"),
        }
    }

    /// The Fluent id of the section's title.
    pub fn title_id(self) -> &'static str {
        match self {
            IpsSection::Medications => "ips-section-medications",
            IpsSection::Allergies => "ips-section-allergies",
            IpsSection::Problems => "ips-section-problems",
            IpsSection::Devices => "ips-section-devices",
            IpsSection::FunctionalStatus => "ips-section-functional-status",
            IpsSection::PlanOfCare => "ips-section-plan-of-care",
            IpsSection::AdvanceDirectives => "ips-section-advance-directives",
        }
    }
}

/// A code from the IPS absent-or-unknown code system, with the guide's display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Asked, and no allergies are known.
    NoKnownAllergies,
    /// Nothing is recorded about allergies.
    NoAllergyInfo,
    /// Nothing is recorded about medications.
    NoMedicationInfo,
    /// Nothing is recorded about problems.
    NoProblemInfo,
}

impl Absent {
    /// The code and its display.
    pub fn code(self) -> (&'static str, &'static str) {
        match self {
            Absent::NoKnownAllergies => ("no-known-allergies", "No known allergies"),
            Absent::NoAllergyInfo => ("no-allergy-info", "No information about allergies"),
            Absent::NoMedicationInfo => ("no-medication-info", "No information about medications"),
            Absent::NoProblemInfo => ("no-problem-info", "No information about problems"),
        }
    }

    /// As a CodeableConcept, with `text` in the document's language.
    pub fn concept(self, text: &str) -> Value {
        let (code, display) = self.code();
        json!({
            "coding": [{ "system": ABSENT_UNKNOWN, "code": code, "display": display }],
            "text": text,
        })
    }
}

/// A CodeableConcept with one coding.
pub fn coded(system: &str, code: &str, display: Option<&str>) -> Value {
    let mut coding = json!({ "system": system, "code": code });
    if let Some(display) = display {
        coding["display"] = json!(display);
    }
    json!({ "coding": [coding] })
}

/// A CodeableConcept with text only.
pub fn text_concept(text: &str) -> Value {
    json!({ "text": text })
}

/// The data-absent-reason extension with `unknown`, for a required element not recorded.
pub fn absent_reason() -> Value {
    json!({ "extension": [{ "url": DATA_ABSENT_REASON, "valueCode": "unknown" }] })
}
