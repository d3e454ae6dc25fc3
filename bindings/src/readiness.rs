//! Disaster readiness and the coordinator's roster as records: the core's `readiness` figures
//! (power runway, supplies, actions) and `roster` rows, with the words the core's Fluent
//! messages give them in the language asked for. Nothing is computed here.

use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::Date;
use tsunagu_core::readiness::roster::{roster_cells, roster_header};
use tsunagu_core::readiness::{
    self, Action, DeviceRunway, MedicationDays, Readiness, RosterRow, Severity, StockDays, SupplyLevel,
};

use crate::error::ApiError;
use crate::store::TsunaguStore;
use crate::views::{day, lang};

/// How urgent an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ActionSeverity {
    /// Do it now: the child is at risk.
    Urgent,
    /// Do it soon.
    Warning,
    /// Worth knowing.
    Notice,
}

impl From<Severity> for ActionSeverity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Urgent => ActionSeverity::Urgent,
            Severity::Warning => ActionSeverity::Warning,
            Severity::Notice => ActionSeverity::Notice,
        }
    }
}

/// How a supply stands against the 3-day (carry) and 14-day (home) targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SupplyStatus {
    /// Less than the 3 days to carry.
    BelowCarry,
    /// Enough to carry, less than 14 days at home.
    BelowHome,
    /// 14 days or more.
    Enough,
    /// Not computable (no use per day or nothing on hand recorded).
    Unknown,
}

impl From<SupplyLevel> for SupplyStatus {
    fn from(l: SupplyLevel) -> Self {
        match l {
            SupplyLevel::BelowCarry => SupplyStatus::BelowCarry,
            SupplyLevel::BelowHome => SupplyStatus::BelowHome,
            SupplyLevel::Enough => SupplyStatus::Enough,
            SupplyLevel::Unknown => SupplyStatus::Unknown,
        }
    }
}

/// Something to do that the figures call for.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReadinessAction {
    /// Stable kind (`no_backup_power`, `oxygen_low`…), for icons and tests.
    pub kind: String,
    /// How urgent.
    pub severity: ActionSeverity,
    /// The severity in words.
    pub severity_label: String,
    /// The action in words.
    pub message: String,
    /// Id of the entity it is about (a device, a stock item…), when it has one.
    pub subject: Option<String>,
}

impl ReadinessAction {
    fn new(a: &Action, l10n: &Localizer) -> Self {
        Self {
            kind: serde_json::to_value(a.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            severity: a.severity.into(),
            severity_label: l10n.message(a.severity.fluent_id(), &[]),
            message: a.render(l10n),
            subject: a.subject.clone(),
        }
    }
}

/// How long one powered device runs on batteries and stations.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DeviceRunwayInfo {
    /// Device id.
    pub device_id: String,
    /// Kind of device, in words.
    pub kind_label: String,
    /// Model, when recorded.
    pub model: Option<String>,
    /// The child cannot be without it.
    pub life_critical: bool,
    /// Draw in W, recorded or typical.
    pub watts: Option<f64>,
    /// Minutes on its own batteries (ageing applied).
    pub battery_minutes: f64,
    /// Minutes in all: batteries plus its share of the stations.
    pub total_minutes: f64,
}

impl DeviceRunwayInfo {
    fn new(d: &DeviceRunway, l10n: &Localizer) -> Self {
        Self {
            device_id: d.device_id.clone(),
            kind_label: l10n.label(&d.kind.fluent_id()),
            model: d.model.clone(),
            life_critical: d.life_critical,
            watts: d.watts,
            battery_minutes: d.batteries.total_minutes,
            total_minutes: d.total_minutes,
        }
    }
}

/// Days of supply of one stock item or medication.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SupplyInfo {
    /// Id of the stock item or medication.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Days of supply, when computable.
    pub days: Option<f64>,
    /// Against the targets.
    pub status: SupplyStatus,
    /// The status in words.
    pub status_label: String,
    /// Hard to get (order early).
    pub hard_to_get: bool,
}

impl SupplyInfo {
    fn stock(s: &StockDays, l10n: &Localizer) -> Self {
        Self {
            id: s.id.clone(),
            name: s.name.clone(),
            days: s.days,
            status: s.level.into(),
            status_label: l10n.message(s.level.fluent_id(), &[]),
            hard_to_get: s.hard_to_get,
        }
    }

    fn medication(m: &MedicationDays, l10n: &Localizer) -> Self {
        Self {
            id: m.id.clone(),
            name: m.name.clone(),
            days: m.days,
            status: m.level.into(),
            status_label: l10n.message(m.level.fluent_id(), &[]),
            hard_to_get: m.hard_to_get,
        }
    }
}

/// Readiness of one profile: the child's power runway, supplies and what to do.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReadinessReport {
    /// Minutes until the first life-critical device stops; `None` when none needs power.
    pub total_minutes: Option<f64>,
    /// The device that governs `total_minutes`.
    pub governing_device: Option<String>,
    /// True when some life-critical device needs power.
    pub power_dependent: bool,
    /// Each powered device.
    pub devices: Vec<DeviceRunwayInfo>,
    /// Stock items.
    pub stock: Vec<SupplyInfo>,
    /// Medications.
    pub medications: Vec<SupplyInfo>,
    /// What to do, urgent first.
    pub actions: Vec<ReadinessAction>,
}

impl ReadinessReport {
    fn new(r: &Readiness, l10n: &Localizer) -> Self {
        Self {
            total_minutes: r.power.total_minutes,
            governing_device: r.power.governing_device.clone(),
            power_dependent: r.power.power_dependent(),
            devices: r
                .power
                .devices
                .iter()
                .map(|d| DeviceRunwayInfo::new(d, l10n))
                .collect(),
            stock: r
                .stockpile
                .items
                .iter()
                .map(|s| SupplyInfo::stock(s, l10n))
                .collect(),
            medications: r
                .stockpile
                .medications
                .iter()
                .map(|m| SupplyInfo::medication(m, l10n))
                .collect(),
            actions: r.actions.iter().map(|a| ReadinessAction::new(a, l10n)).collect(),
        }
    }
}

/// One child on the coordinator's roster.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RosterEntry {
    /// Profile id.
    pub profile_id: String,
    /// Child's name, when recorded.
    pub name: Option<String>,
    /// True when a life-critical device needs power.
    pub power_dependent: bool,
    /// Shortest runway of a life-critical device, minutes.
    pub shortest_runway_minutes: Option<f64>,
    /// The row in words, one cell per column of [`Roster::header`].
    pub cells: Vec<String>,
    /// What the plan or profile lacks, in words.
    pub missing: Vec<String>,
}

impl RosterEntry {
    fn new(row: &RosterRow, l10n: &Localizer) -> Self {
        Self {
            profile_id: row.profile_id.clone(),
            name: row.name.clone(),
            power_dependent: row.power_dependent,
            shortest_runway_minutes: row.shortest_runway_minutes,
            cells: roster_cells(row, l10n),
            missing: row
                .missing
                .iter()
                .map(|m| l10n.message(m.fluent_id(), &[]))
                .collect(),
        }
    }
}

/// The roster of every child in the store, most at risk first.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Roster {
    /// Column headings, in words.
    pub header: Vec<String>,
    /// One row per child.
    pub rows: Vec<RosterEntry>,
    /// The same table as CSV (for the municipality's spreadsheet).
    pub csv: String,
}

#[uniffi::export]
impl TsunaguStore {
    /// Readiness of profile `id` (power runway, supplies, actions), worded in `lang`.
    pub fn readiness(&self, id: String, lang: String) -> Result<ReadinessReport, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let mut store = self.lock()?;
        let report = readiness::readiness(store.profile(&id)?);
        Ok(ReadinessReport::new(&report, &l10n))
    }

    /// The coordinator's roster of every child in this store as of `as_of` (`YYYY-MM-DD`),
    /// worded in `lang`.
    pub fn roster(&self, lang: String, as_of: String) -> Result<Roster, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let as_of = Date(day("as_of", &as_of)?);
        let rows = readiness::roster(&mut *self.lock()?, as_of)?;
        Ok(Roster {
            header: roster_header(&l10n),
            rows: rows.iter().map(|r| RosterEntry::new(r, &l10n)).collect(),
            csv: readiness::roster_csv(&rows, &l10n),
        })
    }
}
