//! Diagnoses, things to avoid, routines, medications, allergies, baseline and emergency actions.

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Collection;
use super::collection::entity;
use super::units::{
    Celsius, Count, Days, HistoryDate, Millilitres, MillilitresPerHour, Note, PerMinute, Percent, code_list,
};

code_list! {
    /// Whether an item of history is a condition or something that was done.
    DiagnosisKind, fluent = "diagnosis-kind", {
        /// A condition (disease, syndrome, finding).
        Condition = "condition",
        /// A procedure or surgery (tracheostomy, gastrostomy, shunt placement…).
        Procedure = "procedure",
    }
}

/// A diagnosis or an item of history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// The diagnosis in words.
    pub name: String,
    /// Condition or procedure; absent is read as a condition.
    pub kind: Option<DiagnosisKind>,
    /// True for the main diagnosis (shown first).
    pub main: Option<bool>,
    /// ICD-10 code when known.
    pub icd10: Option<String>,
    /// Since when (a condition) or when it was done (a procedure): a day, a month or a year.
    pub since: Option<HistoryDate>,
    /// Details.
    pub notes: Option<String>,
}
entity!(Diagnosis, "dx");

code_list! {
    /// What kind of thing to avoid.
    AvoidKind, fluent = "avoid-kind", {
        /// A drug or drug class.
        Drug = "drug",
        /// A procedure.
        Procedure = "procedure",
        /// A food or feed.
        Food = "food",
        /// A position or handling.
        Position = "position",
        /// Anything else.
        Other = "other",
    }
}

/// Something never to do, and why (e.g. "no dextrose: ketogenic diet").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Avoidance {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// What to avoid.
    pub what: String,
    /// Why.
    pub why: Option<String>,
    /// Kind of thing.
    pub kind: Option<AvoidKind>,
}
entity!(Avoidance, "avoid");

code_list! {
    /// Kind of care routine.
    RoutineKind, fluent = "routine-kind", {
        /// Tube or oral feeding.
        Feed = "feed",
        /// Giving medication.
        Medication = "medication",
        /// Airway suction.
        Suction = "suction",
        /// Positioning and turning.
        Positioning = "positioning",
        /// Skin or stoma care.
        SkinCare = "skin_care",
        /// Clean intermittent catheterization.
        Catheterization = "catheterization",
        /// Inhalation, cough assist, physiotherapy.
        Respiratory = "respiratory",
        /// Anything else.
        Other = "other",
    }
}

/// Who may perform a routine.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Performers {
    /// Family members.
    pub family: Option<bool>,
    /// Nurses.
    pub nurse: Option<bool>,
    /// Care staff trained under 喀痰吸引等研修.
    pub trained_staff: Option<bool>,
}

/// A care routine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Kind of routine.
    pub kind: RoutineKind,
    /// Short title ("Night feed").
    pub title: String,
    /// When ("06:00, 10:00, 14:00, 18:00").
    pub schedule: Option<String>,
    /// Times per day, for stockpile computations.
    pub times_per_day: Option<Count>,
    /// Formula or product.
    pub product: Option<String>,
    /// Volume each time, mL.
    pub volume: Option<Millilitres>,
    /// Pump rate, mL/h.
    pub rate: Option<MillilitresPerHour>,
    /// Water flush after, mL.
    pub flush: Option<Millilitres>,
    /// Who may perform it.
    #[serde(default)]
    pub performed_by: Performers,
    /// Step-by-step instructions, one step per line.
    pub steps: Option<Note>,
    /// What normal looks like during and after.
    pub normal: Option<Note>,
}
entity!(Routine, "rt");

code_list! {
    /// Route of administration.
    MedicationRoute, fluent = "route", {
        /// By mouth.
        Oral = "oral",
        /// Via gastrostomy / NG tube.
        Tube = "tube",
        /// Inhaled / nebulized.
        Inhaled = "inhaled",
        /// On the skin.
        Topical = "topical",
        /// Rectal.
        Rectal = "rectal",
        /// Injection.
        Injection = "injection",
        /// Subcutaneous (injection, pen or pump).
        Subcutaneous = "subcutaneous",
        /// Intravenous (line or port).
        Intravenous = "intravenous",
        /// Buccal / intranasal.
        Buccal = "buccal",
        /// Anything else.
        Other = "other",
    }
}

/// A medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Medication {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Name (generic or brand).
    pub name: String,
    /// Strength ("5 mg/mL").
    pub strength: Option<String>,
    /// Dose each time ("2 mL").
    pub dose: Option<String>,
    /// Route.
    pub route: Option<MedicationRoute>,
    /// When ("08:00, 20:00").
    pub times: Option<String>,
    /// Doses per day, for stockpile computations.
    pub doses_per_day: Option<Count>,
    /// Prescriber.
    pub prescriber: Option<String>,
    /// Pharmacy.
    pub pharmacy: Option<String>,
    /// Whether it may go through the feeding tube.
    pub tube_compatible: Option<bool>,
    /// How to give it through the tube (crush, dissolve…).
    pub tube_notes: Option<String>,
    /// Days of supply at home.
    pub days_on_hand: Option<Days>,
    /// Hard to get (special order, few pharmacies).
    pub hard_to_get: Option<bool>,
    /// A rescue medication (given only when `rescue_criteria` are met).
    pub rescue: Option<bool>,
    /// When to give the rescue medication.
    pub rescue_criteria: Option<Note>,
}
entity!(Medication, "med");

code_list! {
    /// Whether allergies have been asked about.
    AllergyStatus, fluent = "allergy-status", {
        /// Asked: no known allergies.
        NoneKnown = "none_known",
        /// Asked: the allergies listed.
        Recorded = "recorded",
    }
}

code_list! {
    /// Severity of an allergic reaction.
    Severity, fluent = "severity", {
        /// Mild.
        Mild = "mild",
        /// Moderate.
        Moderate = "moderate",
        /// Severe / anaphylaxis.
        Severe = "severe",
    }
}

code_list! {
    /// How sure the allergy is.
    Certainty, fluent = "certainty", {
        /// Suspected.
        Suspected = "suspected",
        /// Confirmed.
        Confirmed = "confirmed",
    }
}

/// Allergies. `status` absent means "not recorded", which is not the same as "none known".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Allergies {
    /// Not recorded (absent), none known, or recorded below.
    pub status: Option<AllergyStatus>,
    /// The allergies.
    pub items: Collection<Allergy>,
}

/// One allergy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Allergy {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// The agent (drug, food, latex…).
    pub agent: String,
    /// The reaction.
    pub reaction: Option<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Certainty.
    pub certainty: Option<Certainty>,
}
entity!(Allergy, "alg");

/// What normal looks like for this child.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Baseline {
    /// Usual heart rate, low end.
    pub heart_rate_low: Option<PerMinute>,
    /// Usual heart rate, high end.
    pub heart_rate_high: Option<PerMinute>,
    /// Usual breathing rate, low end.
    pub respiratory_rate_low: Option<PerMinute>,
    /// Usual breathing rate, high end.
    pub respiratory_rate_high: Option<PerMinute>,
    /// Usual SpO2, low end (may be low for this child).
    pub spo2_low: Option<Percent>,
    /// Usual SpO2, high end.
    pub spo2_high: Option<Percent>,
    /// Usual temperature, low end.
    pub temperature_low: Option<Celsius>,
    /// Usual temperature, high end.
    pub temperature_high: Option<Celsius>,
    /// Usual level of consciousness and responsiveness.
    pub consciousness: Option<String>,
    /// How the child shows pain.
    pub communicates_pain: Option<String>,
    /// How the child says yes and no.
    pub communicates_yes_no: Option<String>,
    /// What "sick" looks like for this child.
    pub sick_signs: Option<Note>,
}

code_list! {
    /// Common emergency problems.
    ProblemKind, fluent = "problem-kind", {
        /// Low oxygen saturation.
        Desaturation = "desaturation",
        /// Tracheostomy or feeding tube came out.
        TubeOut = "tube_out",
        /// Blocked cannula.
        BlockedCannula = "blocked_cannula",
        /// Seizure.
        Seizure = "seizure",
        /// Power failure.
        PowerFailure = "power_failure",
        /// Fever.
        Fever = "fever",
        /// Anything else.
        Other = "other",
    }
}

/// A common problem and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct EmergencyAction {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// The problem in words.
    pub problem: String,
    /// Kind of problem.
    pub kind: Option<ProblemKind>,
    /// What to do, step by step.
    pub what_to_do: Option<Note>,
}
entity!(EmergencyAction, "act");
