//! Emergency contacts, the care team and the power company's ventilator-household registration.

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::collection::entity;
use super::units::{Date, code_list};

/// An emergency contact. The collection's order is the order to call them in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Call order.
    #[serde(default)]
    pub order: f64,
    /// Name.
    pub name: String,
    /// Relation to the child (mother, grandfather…).
    pub relation: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Another phone.
    pub phone_alt: Option<String>,
    /// May consent to treatment for the child (a parent with parental authority, a guardian).
    pub may_decide: Option<bool>,
    /// Notes (hours, language).
    pub notes: Option<String>,
}
entity!(Contact, "ct");

code_list! {
    /// Role in the care team.
    CareRole, fluent = "care-role", {
        /// Attending doctor (主治医).
        AttendingDoctor = "attending_doctor",
        /// Hospital (with 24-hour line).
        Hospital = "hospital",
        /// Family doctor.
        FamilyDoctor = "family_doctor",
        /// Visiting nurse station (訪問看護ステーション).
        VisitingNurse = "visiting_nurse",
        /// Care-plan consultant (相談支援専門員).
        CarePlanConsultant = "care_plan_consultant",
        /// Coordinator (医療的ケア児等コーディネーター).
        Coordinator = "coordinator",
        /// Prefectural support centre (医療的ケア児支援センター).
        SupportCentre = "support_centre",
        /// School nurse.
        SchoolNurse = "school_nurse",
        /// Pharmacy.
        Pharmacy = "pharmacy",
        /// Device dealer.
        Dealer = "dealer",
        /// Designated disaster hospital.
        DisasterHospital = "disaster_hospital",
        /// Welfare commissioner (民生委員).
        WelfareCommissioner = "welfare_commissioner",
        /// Anyone else.
        Other = "other",
    }
}

/// A member of the care team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct CareTeamMember {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Role.
    pub role: CareRole,
    /// Person's name.
    pub name: Option<String>,
    /// Organization (hospital, station, office).
    pub organization: Option<String>,
    /// Phone in office hours.
    pub phone: Option<String>,
    /// 24-hour phone.
    pub phone_24h: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}
entity!(CareTeamMember, "team");

/// Registration with the power company as a household with a ventilator (priority restoration
/// information, advance notice of planned outages).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct PowerRegistration {
    /// Power company.
    pub company: Option<String>,
    /// Whether the household is registered.
    pub registered: Option<bool>,
    /// When it was registered.
    pub registered_on: Option<Date>,
    /// Customer number.
    pub customer_number: Option<String>,
}
