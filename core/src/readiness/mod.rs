//! Disaster readiness, computed from a profile with no I/O: how long the power lasts
//! ([`power`]), how long the oxygen cylinders last ([`oxygen`]), days of supplies
//! ([`stockpile`]), what to check when power returns ([`checklist`]), the actions the figures
//! call for ([`actions`]) and, across children, the coordinator's [`roster`].
//!
//! Every figure follows DOMAIN.md's "Numbers for computations"; each file documents its rule.
//! Nothing here holds user-facing words: labels and sentences are Fluent message ids
//! (`readiness-…`, `roster-…`, `field-devices-…`) for the caller to format with a `Localizer`.

pub mod actions;
pub mod checklist;
pub mod oxygen;
pub mod power;
pub mod roster;
pub mod scenario;
pub mod stockpile;

#[cfg(test)]
mod fixture_runway_tests;
#[cfg(test)]
mod power_tests;
#[cfg(test)]
mod runway_tests;

use serde::Serialize;

use crate::model::Profile;

pub use actions::{Action, ActionArg, ActionKind, ArgValue, Severity};
pub use checklist::{ChecklistItem, SettingCheck, post_blackout_checklist};
pub use oxygen::{FlowRunway, FlowSetting, OxygenRunway, oxygen_runways};
pub use power::{
    DeviceRunway, FuelSource, LifeSupport, PowerNeed, PowerRunway, StationRunway, life_support, power_need,
    power_runway,
};
pub use roster::{MissingItem, RosterRow, roster, roster_csv, roster_row};
pub use scenario::{Assumption, Duty, OxygenAlternative, Scenario, ScenarioDevice, ScenarioKind, Supply};
pub use stockpile::{MedicationDays, StockDays, Stockpile, SupplyLevel, stockpile};

/// Everything readiness knows about one profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// Power runway per device and for the child.
    pub power: PowerRunway,
    /// Oxygen cylinder minutes per oxygen device.
    pub oxygen: Vec<OxygenRunway>,
    /// Days of supplies and medications.
    pub stockpile: Stockpile,
    /// What to compare when power returns, settings-reset devices first.
    pub checklist: Vec<ChecklistItem>,
    /// What to do, urgent first.
    pub actions: Vec<Action>,
}

/// Computes the readiness of `profile`.
pub fn readiness(profile: &Profile) -> Readiness {
    let mut r = Readiness {
        power: power_runway(profile),
        oxygen: oxygen_runways(profile),
        stockpile: stockpile(profile),
        checklist: post_blackout_checklist(profile),
        actions: Vec::new(),
    };
    r.actions = actions::actions(profile, &r);
    r
}
