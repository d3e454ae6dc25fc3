//! The typed care profile: every field group of a child's profile, with units in the types.
//!
//! The same types serve three ways: serde (JSON files, `--set`/`--patch`, the CLI's `--json`),
//! autosurgeon (the automerge document) and schemars (`tsunagu schema`). Nested groups are always
//! present (never `Option<struct>`), so two devices setting different fields of a group never
//! create two competing maps; collections are [`Collection`]s keyed by stable ids.

mod care;
mod child;
pub(crate) mod collection;
mod devices;
mod people;
mod plan;
pub(crate) mod units;
mod validate;
mod wishes;

pub use care::*;
pub use child::*;
pub use collection::{COLLECTIONS, Collection, Entity, EntityId, is_keyed_map, new_id_for};
pub use devices::*;
pub use people::*;
pub use plan::*;
pub use units::{
    Celsius, Centimetres, CmH2O, Count, Date, Days, French, HistoryDate, Hours, Kilograms, Kilopascals,
    Litres, LitresPerMinute, Megapascals, MilligramsPerDecilitre, Millilitres, MillilitresPerHour,
    Millimetres, Minutes, Note, PerMinute, Percent, RangeError, Seconds, Timestamp, WattHours, Watts, Years,
};
pub use validate::{ValidationContext, ValidationError, Violation};
pub use wishes::*;

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the document layout written by this build. Bumped only with an ADR.
pub const SCHEMA_VERSION: u64 = 1;

/// The whole care profile of one child: one automerge document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Layout version of the document ([`SCHEMA_VERSION`]).
    pub schema: u64,
    /// Who the child is.
    pub child: Child,
    /// Diagnoses and history.
    pub diagnoses: Collection<Diagnosis>,
    /// Drugs, procedures and other things never to do, with why.
    pub avoid: Collection<Avoidance>,
    /// Medical devices, one record each.
    pub devices: Collection<Device>,
    /// Daily care routines.
    pub routines: Collection<Routine>,
    /// Regular and rescue medications.
    pub medications: Collection<Medication>,
    /// Allergies, with "none known" distinct from "not recorded".
    pub allergies: Allergies,
    /// Emergency contacts, in the order to call them.
    pub contacts: Collection<Contact>,
    /// Care team: doctors, nurses, coordinator, dealer, disaster hospital…
    pub care_team: Collection<CareTeamMember>,
    /// The power company's registration of a ventilator household.
    pub power_registration: PowerRegistration,
    /// What normal looks like for this child.
    pub baseline: Baseline,
    /// Common problems and what to do.
    pub emergency_actions: Collection<EmergencyAction>,
    /// The individual evacuation plan (個別避難計画).
    pub evacuation: EvacuationPlan,
    /// Power sources at home: power stations, batteries, car inverter, generator.
    pub power_sources: Collection<PowerSource>,
    /// Consumables and their daily use.
    pub stock: Collection<StockItem>,
    /// Consent to share, per audience.
    pub consents: Collection<Consent>,
    /// Wishes and any advance directive (resuscitation decision) agreed with the doctors.
    #[autosurgeon(missing = "Default::default")]
    pub wishes: Wishes,
    /// "Verified by / on" marks, keyed by section name (see [`Section`]).
    pub verifications: BTreeMap<String, Verification>,
}

impl Profile {
    /// An empty profile of the current schema version.
    pub fn empty() -> Self {
        Self {
            schema: SCHEMA_VERSION,
            ..Self::default()
        }
    }
}

units::code_list! {
    /// A top-level section of the profile: the unit that can be marked verified, and the
    /// granularity of the change log.
    Section, fluent = "section", {
        /// [`Profile::child`]
        Child = "child",
        /// [`Profile::diagnoses`]
        Diagnoses = "diagnoses",
        /// [`Profile::avoid`]
        Avoid = "avoid",
        /// [`Profile::devices`]
        Devices = "devices",
        /// [`Profile::routines`]
        Routines = "routines",
        /// [`Profile::medications`]
        Medications = "medications",
        /// [`Profile::allergies`]
        Allergies = "allergies",
        /// [`Profile::contacts`]
        Contacts = "contacts",
        /// [`Profile::care_team`]
        CareTeam = "care_team",
        /// [`Profile::power_registration`]
        PowerRegistration = "power_registration",
        /// [`Profile::baseline`]
        Baseline = "baseline",
        /// [`Profile::emergency_actions`]
        EmergencyActions = "emergency_actions",
        /// [`Profile::evacuation`]
        Evacuation = "evacuation",
        /// [`Profile::power_sources`]
        PowerSources = "power_sources",
        /// [`Profile::stock`]
        Stock = "stock",
        /// [`Profile::consents`]
        Consents = "consents",
        /// [`Profile::wishes`]
        Wishes = "wishes",
        /// [`Profile::verifications`]
        Verifications = "verifications",
    }
}

impl Section {
    /// Sections whose contents a coordinator or doctor can mark verified.
    pub fn verifiable(self) -> bool {
        !matches!(self, Section::Verifications)
    }
}

units::code_list! {
    /// Who verified a section.
    VerifierRole, fluent = "verifier-role", {
        /// 医療的ケア児等コーディネーター
        Coordinator = "coordinator",
        /// The attending or family doctor.
        Doctor = "doctor",
        /// A visiting or hospital nurse.
        Nurse = "nurse",
        /// A parent or guardian.
        Parent = "parent",
        /// Anyone else.
        Other = "other",
    }
}

/// A "verified by / on" mark on a section. Stored whole: concurrent marks never mix fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// Display name of the person who checked the section.
    pub by: String,
    /// Their role.
    pub role: VerifierRole,
    /// The day they checked it.
    pub on: Date,
}

units::atomic_record!(Verification);
