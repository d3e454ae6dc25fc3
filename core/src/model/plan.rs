//! The evacuation plan (個別避難計画), power sources, stock and consent records.

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Collection;
use super::collection::entity;
use super::units::{Count, Date, Note, Percent, WattHours, Watts, code_list};

code_list! {
    /// A hazard the plan answers.
    Hazard, fluent = "hazard", {
        /// Earthquake.
        Earthquake = "earthquake",
        /// River flood or heavy rain.
        Flood = "flood",
        /// Landslide.
        Landslide = "landslide",
        /// Tsunami.
        Tsunami = "tsunami",
        /// Typhoon.
        Typhoon = "typhoon",
        /// Blackout.
        Blackout = "blackout",
        /// Anything else.
        Other = "other",
    }
}

code_list! {
    /// Where to be during a hazard.
    Strategy, fluent = "strategy", {
        /// Stay at home.
        StayHome = "stay_home",
        /// Shelter in the car.
        Car = "car",
        /// Go to hospital.
        Hospital = "hospital",
        /// Welfare shelter (福祉避難所).
        WelfareShelter = "welfare_shelter",
        /// Special-needs school.
        SpecialNeedsSchool = "special_needs_school",
        /// Relatives or friends.
        Relatives = "relatives",
        /// General shelter.
        GeneralShelter = "general_shelter",
        /// Anything else.
        Other = "other",
        /// The hazard does not apply to this home (e.g. tsunami far inland): a strategy, never a
        /// destination.
        NotApplicable = "not_applicable",
    }
}

code_list! {
    /// Whether a destination has power for medical devices.
    PowerAvailability, fluent = "power-availability", {
        /// Mains power, backed up.
        Yes = "yes",
        /// Generator only.
        Generator = "generator",
        /// No power.
        No = "no",
        /// Not known.
        Unknown = "unknown",
    }
}

/// The individual evacuation plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct EvacuationPlan {
    /// Strategy per hazard.
    pub strategies: Collection<HazardStrategy>,
    /// Destinations, in order of preference.
    pub destinations: Collection<Destination>,
    /// Route.
    pub route: Option<String>,
    /// Transport (own car, welfare taxi, ambulance…).
    pub transport: Option<String>,
    /// Named helpers (避難支援等実施者): a legal item of the plan.
    pub helpers: Collection<Helper>,
    /// Timeline (when to leave, at which alert level).
    pub timeline: Option<Note>,
    /// Who checks on the family after a disaster, and how.
    pub safety_check_contacts: Option<String>,
    /// Registered on the municipality's 避難行動要支援者名簿.
    pub roster_registered: Option<bool>,
    /// Date the plan was made or last revised.
    pub plan_date: Option<Date>,
    /// Date of the last evacuation drill.
    pub last_drill: Option<Date>,
}

/// What to do for one hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct HazardStrategy {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// The hazard.
    pub hazard: Hazard,
    /// Where to be.
    pub strategy: Strategy,
    /// Details.
    pub notes: Option<String>,
}
entity!(HazardStrategy, "hz");

/// A place to evacuate to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// Order of preference.
    #[serde(default)]
    pub order: f64,
    /// Name.
    pub name: String,
    /// Kind of place.
    pub kind: Option<Strategy>,
    /// Address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Power for medical devices there.
    pub power: Option<PowerAvailability>,
    /// Notes (agreed in advance, contact person…).
    pub notes: Option<String>,
}
entity!(Destination, "dest");

/// A named evacuation helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Helper {
    /// Order.
    #[serde(default)]
    pub order: f64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Relation (neighbour, relative, 民生委員…).
    pub relation: Option<String>,
    /// What they do (carries the child downstairs, carries the ventilator, drives).
    pub role: Option<String>,
}
entity!(Helper, "help");

code_list! {
    /// Kind of power source.
    PowerSourceKind, fluent = "power-source-kind", {
        /// Portable power station.
        PowerStation = "power_station",
        /// Spare battery pack.
        Battery = "battery",
        /// Car with an inverter.
        CarInverter = "car_inverter",
        /// Generator.
        Generator = "generator",
        /// Unit lent by the prefecture or municipality.
        LentUnit = "lent_unit",
        /// Anything else.
        Other = "other",
    }
}

/// A power source at home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct PowerSource {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Kind.
    pub kind: PowerSourceKind,
    /// Name or model.
    pub name: Option<String>,
    /// Capacity, Wh (power stations, batteries).
    pub capacity: Option<WattHours>,
    /// Maximum output, W.
    pub max_output: Option<Watts>,
    /// Number of AC outlets.
    pub outlets: Option<Count>,
    /// Pure sine-wave output (needed by many medical devices).
    pub pure_sine: Option<bool>,
    /// Inverter efficiency, percent (80–85 typical).
    pub inverter_efficiency: Option<Percent>,
    /// Last checked (charged, started).
    pub last_checked: Option<Date>,
}
entity!(PowerSource, "pwr");

code_list! {
    /// Category of a stock item.
    StockCategory, fluent = "stock-category", {
        /// Medication.
        Medication = "medication",
        /// Formula or feed.
        Feed = "feed",
        /// Suction catheters.
        SuctionCatheter = "suction_catheter",
        /// Tracheostomy supplies (cannulas, HME, gauze).
        TracheostomySupplies = "tracheostomy_supplies",
        /// Gastrostomy supplies (extension sets, syringes).
        FeedingSupplies = "feeding_supplies",
        /// Oxygen.
        Oxygen = "oxygen",
        /// Hygiene (gloves, wipes, diapers).
        Hygiene = "hygiene",
        /// Water.
        Water = "water",
        /// Anything else.
        Other = "other",
    }
}

/// A consumable with its daily use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct StockItem {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Name.
    pub name: String,
    /// Category.
    pub category: Option<StockCategory>,
    /// Unit counted ("pcs", "packs", "mL").
    pub unit: Option<String>,
    /// Used per day, in `unit`.
    pub per_day: Option<Count>,
    /// On hand, in `unit`.
    pub on_hand: Option<Count>,
    /// Hard to get.
    pub hard_to_get: Option<bool>,
}
entity!(StockItem, "stk");

code_list! {
    /// Who the family consents to share with.
    ConsentAudience, fluent = "consent-audience", {
        /// The coordinator.
        Coordinator = "coordinator",
        /// The municipality, before a disaster (evacuation support roster).
        Municipality = "municipality",
        /// Named evacuation helpers.
        EvacuationHelpers = "evacuation_helpers",
        /// School or nursery.
        School = "school",
        /// Hospitals and EMS.
        Medical = "medical",
        /// Registration in MEIS.
        Meis = "meis",
    }
}

/// A consent record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Display order.
    #[serde(default)]
    pub order: f64,
    /// Audience.
    pub audience: ConsentAudience,
    /// Granted (true) or refused / withdrawn (false).
    pub granted: bool,
    /// When.
    pub date: Option<Date>,
    /// Scope or notes.
    pub notes: Option<String>,
}
entity!(Consent, "cons");
