//! The coordinator's roster: one row per child across every profile in a store — who depends on
//! power and for how long, where the family plans to go, how current the plan is, and what is
//! missing — with a CSV export (RFC 4180).

use serde::Serialize;

use crate::error::Result;
use crate::i18n::Localizer;
use chrono::Datelike;

use crate::model::{
    AllergyStatus, Date, DeviceKind, PowerAvailability, PowerSourceKind, Profile, Section, Timestamp,
};
use crate::store::{ProfileStore, ProfileSummary};
use crate::views::spec::{Output, required};

use super::checklist::format_number;

/// A drill older than this many months is overdue.
pub const DRILL_MAX_AGE_MONTHS: u32 = 12;
/// A plan older than this many months needs review.
pub const PLAN_MAX_AGE_MONTHS: u32 = 12;
/// A profile with no change for this many months needs a look.
pub const UPDATE_MAX_AGE_MONTHS: u32 = 6;

/// Something a child's plan or profile lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingItem {
    /// No named evacuation helper (a legal item of the plan).
    NoHelpers,
    /// No destination.
    NoDestination,
    /// Power dependent, and no destination has power (`yes` or `generator`).
    NoPoweredDestination,
    /// No plan date.
    NoPlanDate,
    /// No drill, or the last drill is older than [`DRILL_MAX_AGE_MONTHS`].
    DrillOverdue,
    /// Power dependent, and not registered with the power company.
    NoPowerRegistration,
    /// Not on the municipality's evacuation support roster.
    NotOnMunicipalRoster,
    /// Allergies not recorded (neither "none known" nor a list).
    AllergiesNotRecorded,
    /// No emergency contact.
    NoEmergencyContact,
    /// The weight is older than the views' limit, or its date is not recorded.
    StaleWeight,
    /// The tracheostomy cannula is past its change interval.
    CannulaChangeOverdue,
    /// The feeding tube is past its change interval.
    TubeChangeOverdue,
    /// The plan date is more than [`PLAN_MAX_AGE_MONTHS`] months old.
    PlanOverAYear,
    /// Nothing in the profile changed for [`UPDATE_MAX_AGE_MONTHS`] months.
    NoRecentUpdate,
    /// A section holding entries has no verification mark.
    UnverifiedSections,
}

impl MissingItem {
    /// The Fluent message id naming this item.
    pub fn fluent_id(self) -> &'static str {
        match self {
            MissingItem::NoHelpers => "roster-missing-no-helpers",
            MissingItem::NoDestination => "roster-missing-no-destination",
            MissingItem::NoPoweredDestination => "roster-missing-no-powered-destination",
            MissingItem::NoPlanDate => "roster-missing-no-plan-date",
            MissingItem::DrillOverdue => "roster-missing-drill-overdue",
            MissingItem::NoPowerRegistration => "roster-missing-no-power-registration",
            MissingItem::NotOnMunicipalRoster => "roster-missing-not-on-municipal-roster",
            MissingItem::AllergiesNotRecorded => "roster-missing-allergies-not-recorded",
            MissingItem::NoEmergencyContact => "roster-missing-no-emergency-contact",
            MissingItem::StaleWeight => "roster-attention-stale-weight",
            MissingItem::CannulaChangeOverdue => "roster-attention-cannula-change",
            MissingItem::TubeChangeOverdue => "roster-attention-tube-change",
            MissingItem::PlanOverAYear => "roster-attention-plan-old",
            MissingItem::NoRecentUpdate => "roster-attention-no-update",
            MissingItem::UnverifiedSections => "roster-attention-unverified",
        }
    }

    /// Every item.
    pub const ALL: &'static [MissingItem] = &[
        MissingItem::NoHelpers,
        MissingItem::NoDestination,
        MissingItem::NoPoweredDestination,
        MissingItem::NoPlanDate,
        MissingItem::DrillOverdue,
        MissingItem::NoPowerRegistration,
        MissingItem::NotOnMunicipalRoster,
        MissingItem::AllergiesNotRecorded,
        MissingItem::NoEmergencyContact,
        MissingItem::StaleWeight,
        MissingItem::CannulaChangeOverdue,
        MissingItem::TubeChangeOverdue,
        MissingItem::PlanOverAYear,
        MissingItem::NoRecentUpdate,
        MissingItem::UnverifiedSections,
    ];
}

/// One child on the roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterRow {
    /// Profile id.
    pub profile_id: String,
    /// Child's name.
    pub name: Option<String>,
    /// Kana reading.
    pub name_kana: Option<String>,
    /// Age in whole years on the roster's day (`None` without a date of birth).
    pub age_years: Option<u32>,
    /// Home address.
    pub address: Option<String>,
    /// Floor of the home.
    pub floor: Option<i64>,
    /// Whether the building has an elevator.
    pub elevator: Option<bool>,
    /// Kinds of the devices that need power, in display order.
    pub powered_devices: Vec<DeviceKind>,
    /// Kinds of the life-sustaining devices, powered or not, in display order.
    pub life_sustaining_devices: Vec<DeviceKind>,
    /// Total draw of every powered device running at once, W.
    pub total_watts: f64,
    /// Outlets the powered devices need.
    pub outlets: usize,
    /// Scenario (b), everything running: minutes until the first device stops.
    pub everything_runway_minutes: Option<f64>,
    /// True when the scenario (a) runway (`shortest_runway_minutes`) rests on an assumption.
    pub runway_estimate: bool,
    /// Minutes of all oxygen cylinders at the continuous flow (the shortest, if several).
    pub oxygen_minutes: Option<f64>,
    /// The fewest days of any stock item or medication.
    pub shortest_stock_days: Option<f64>,
    /// Names of the hard-to-get items and medications.
    pub hard_to_get: Vec<String>,
    /// Names (or kinds) of power units lent by the prefecture or municipality.
    pub lent_units: Vec<String>,
    /// Sections that hold entries and carry no verification mark.
    pub unverified_sections: Vec<String>,
    /// True when a life-critical device (ventilator, oxygen, suction) needs power.
    pub power_dependent: bool,
    /// The child's runway in minutes, scenario (a): life-sustaining devices at their usual duty
    /// (see `readiness::scenario`); `None` when no life-sustaining device has a runway.
    pub shortest_runway_minutes: Option<f64>,
    /// Kind of the device that stops first.
    pub governing_device: Option<DeviceKind>,
    /// The first destination of the plan.
    pub destination: Option<String>,
    /// Power at that destination.
    pub destination_power: Option<PowerAvailability>,
    /// Plan made or revised on.
    pub plan_date: Option<Date>,
    /// Last drill.
    pub last_drill: Option<Date>,
    /// Time of the newest change, milliseconds since the epoch.
    pub updated_at: i64,
    /// What is missing, in [`MissingItem`] order.
    pub missing: Vec<MissingItem>,
    /// The profile the row was made from: the CSV's details column lists every value
    /// `docs/audiences.md` requires in the roster from it (in the reader's language).
    #[serde(skip)]
    pub(crate) profile: Box<Profile>,
}

/// The roster row of one profile, judged on `as_of`.
pub fn roster_row(summary: &ProfileSummary, profile: &Profile, as_of: Date) -> RosterRow {
    let ready = super::readiness(profile);
    let power = ready.power.clone();
    let dependent = power.power_dependent();
    let plan = &profile.evacuation;
    let destinations = plan.destinations.ordered();
    let first = destinations.first().map(|(_, d)| *d);
    let mut missing = Vec::new();
    if plan.helpers.is_empty() {
        missing.push(MissingItem::NoHelpers);
    }
    if destinations.is_empty() {
        missing.push(MissingItem::NoDestination);
    } else if dependent
        && !destinations.iter().any(|(_, d)| {
            matches!(
                d.power,
                Some(PowerAvailability::Yes | PowerAvailability::Generator)
            )
        })
    {
        missing.push(MissingItem::NoPoweredDestination);
    }
    if plan.plan_date.is_none() {
        missing.push(MissingItem::NoPlanDate);
    }
    let drill_due = as_of
        .0
        .checked_sub_months(chrono::Months::new(DRILL_MAX_AGE_MONTHS));
    let drill_current = match (plan.last_drill, drill_due) {
        (Some(drill), Some(due)) => drill.0 >= due,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !drill_current {
        missing.push(MissingItem::DrillOverdue);
    }
    if dependent && profile.power_registration.registered != Some(true) {
        missing.push(MissingItem::NoPowerRegistration);
    }
    if plan.roster_registered != Some(true) {
        missing.push(MissingItem::NotOnMunicipalRoster);
    }
    if profile.allergies.status.is_none()
        || (profile.allergies.status == Some(AllergyStatus::Recorded) && profile.allergies.items.is_empty())
    {
        missing.push(MissingItem::AllergiesNotRecorded);
    }
    if profile.contacts.is_empty() {
        missing.push(MissingItem::NoEmergencyContact);
    }
    attention(summary, profile, as_of, &mut missing);
    let unverified = unverified_sections(profile);
    if !unverified.is_empty() {
        missing.push(MissingItem::UnverifiedSections);
    }
    let days = ready
        .stockpile
        .items
        .iter()
        .filter_map(|i| i.days)
        .chain(ready.stockpile.medications.iter().filter_map(|m| m.days))
        .min_by(f64::total_cmp);
    let hard_to_get = ready
        .stockpile
        .items
        .iter()
        .filter(|i| i.hard_to_get)
        .map(|i| i.name.clone())
        .chain(
            ready
                .stockpile
                .medications
                .iter()
                .filter(|m| m.hard_to_get)
                .map(|m| m.name.clone()),
        )
        .collect();
    let lent_units = profile
        .power_sources
        .ordered()
        .into_iter()
        .filter(|(_, s)| s.kind == PowerSourceKind::LentUnit)
        .map(|(id, s)| s.name.clone().unwrap_or_else(|| id.clone()))
        .collect();
    let age_years = profile.child.date_of_birth.and_then(|born| {
        let months = (as_of.0.year() - born.0.year()) * 12 + as_of.0.month() as i32
            - born.0.month() as i32
            - i32::from(as_of.0.day() < born.0.day());
        u32::try_from(months).ok().map(|m| m / 12)
    });
    let governing = power
        .governing_device
        .as_deref()
        .and_then(|id| profile.devices.get(id))
        .map(|d| d.kind);
    RosterRow {
        profile_id: summary.id.clone(),
        name: summary.name.clone(),
        name_kana: summary.name_kana.clone(),
        age_years,
        address: profile.child.address.clone(),
        floor: profile.child.dwelling.floor,
        elevator: profile.child.dwelling.elevator,
        powered_devices: power.devices.iter().map(|d| d.kind).collect(),
        life_sustaining_devices: profile
            .devices
            .ordered()
            .into_iter()
            .filter(|(_, d)| d.kind.sustains_life())
            .map(|(_, d)| d.kind)
            .collect(),
        total_watts: power.total_watts,
        outlets: power.devices.len(),
        everything_runway_minutes: power.everything.minutes,
        runway_estimate: power.estimate,
        oxygen_minutes: power
            .oxygen_alternatives
            .iter()
            .filter_map(|o| o.cylinder_minutes)
            .min_by(f64::total_cmp),
        shortest_stock_days: days,
        hard_to_get,
        lent_units,
        unverified_sections: unverified,
        profile: Box::new(profile.clone()),
        power_dependent: dependent,
        shortest_runway_minutes: power.total_minutes,
        governing_device: governing,
        destination: first.map(|d| d.name.clone()),
        destination_power: first.and_then(|d| d.power),
        plan_date: plan.plan_date,
        last_drill: plan.last_drill,
        updated_at: summary.updated_at,
        missing,
    }
}

/// The "needs attention" reasons judged on `as_of`: stale weight, overdue cannula or tube
/// change (the views' rules), a plan over a year old, no update in six months.
fn attention(summary: &ProfileSummary, profile: &Profile, as_of: Date, out: &mut Vec<MissingItem>) {
    let today = as_of.0;
    if crate::views::stale_weight(&profile.child.weight, today).is_some() {
        out.push(MissingItem::StaleWeight);
    }
    let devices = profile.devices.ordered();
    if devices.iter().any(|(_, d)| {
        d.settings
            .tracheostomy
            .as_ref()
            .is_some_and(|t| crate::views::stale_tracheostomy(t, today).is_some())
    }) {
        out.push(MissingItem::CannulaChangeOverdue);
    }
    if devices.iter().any(|(_, d)| {
        d.settings
            .feeding_tube
            .as_ref()
            .is_some_and(|t| crate::views::stale_feeding_tube(t, today).is_some())
    }) {
        out.push(MissingItem::TubeChangeOverdue);
    }
    let months_before = |m: u32| today.checked_sub_months(chrono::Months::new(m));
    if let (Some(plan), Some(limit)) = (profile.evacuation.plan_date, months_before(PLAN_MAX_AGE_MONTHS))
        && plan.0 < limit
    {
        out.push(MissingItem::PlanOverAYear);
    }
    let updated = Timestamp::from_millis(summary.updated_at).map(|t| t.0.date_naive());
    if let (Some(updated), Some(limit)) = (updated, months_before(UPDATE_MAX_AGE_MONTHS))
        && updated < limit
    {
        out.push(MissingItem::NoRecentUpdate);
    }
}

/// The sections of `profile` that hold something and carry no verification mark, by id.
pub fn unverified_sections(profile: &Profile) -> Vec<String> {
    let value = serde_json::to_value(profile).unwrap_or(serde_json::Value::Null);
    let Some(map) = value.as_object() else {
        return Vec::new();
    };
    fn holds_something(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Null => false,
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => true,
            serde_json::Value::String(s) => !s.trim().is_empty(),
            serde_json::Value::Array(a) => a.iter().any(holds_something),
            serde_json::Value::Object(o) => o.iter().any(|(k, v)| k != "order" && holds_something(v)),
        }
    }
    Section::ALL
        .iter()
        .filter(|s| s.verifiable())
        .map(|s| s.as_str())
        .filter(|key| map.get(*key).is_some_and(holds_something))
        .filter(|key| !profile.verifications.contains_key(*key))
        .map(str::to_owned)
        .collect()
}

/// Orders rows for a coordinator: the shortest runway first, then children who do not depend on
/// power; by kana, then name, then id inside each.
pub fn sort_roster(rows: &mut [RosterRow]) {
    rows.sort_by(|a, b| {
        let runway = |r: &RosterRow| r.shortest_runway_minutes.unwrap_or(f64::INFINITY);
        runway(a)
            .total_cmp(&runway(b))
            .then_with(|| (&a.name_kana, &a.name, &a.profile_id).cmp(&(&b.name_kana, &b.name, &b.profile_id)))
    });
}

/// The roster of every profile in `store`, judged on `as_of`, sorted by [`sort_roster`].
pub fn roster(store: &mut ProfileStore, as_of: Date) -> Result<Vec<RosterRow>> {
    let summaries = store.list()?;
    let mut rows = Vec::with_capacity(summaries.len());
    for summary in &summaries {
        let profile = store.profile(&summary.id)?;
        rows.push(roster_row(summary, profile, as_of));
    }
    sort_roster(&mut rows);
    Ok(rows)
}

/// The roster row of the profile `id` alone (for its evacuation plan export), judged on `as_of`.
pub fn roster_row_of(store: &mut ProfileStore, id: &str, as_of: Date) -> Result<RosterRow> {
    let summary = store
        .list()?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| crate::error::Error::UnknownProfile(id.to_owned()))?;
    let profile = store.profile(id)?;
    Ok(roster_row(&summary, profile, as_of))
}

/// Hours with one decimal, rounded down (a runway is never shown longer than computed).
pub fn runway_hours(minutes: f64) -> String {
    format_number((minutes / 60.0 * 10.0).floor() / 10.0)
}

/// A UTC timestamp as ISO 8601 (`2026-11-03T09:15:00Z`).
fn utc(ms: i64) -> String {
    Timestamp::from_millis(ms)
        .map(|t| t.0.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The cells of one row, localized: the same columns as [`roster_header`].
pub fn roster_cells(row: &RosterRow, l10n: &Localizer) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let kinds = |k: &[DeviceKind]| {
        k.iter()
            .map(|k| l10n.label(&k.fluent_id()))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let yes_no = |v: Option<bool>| {
        v.map(|b| l10n.message(if b { "plan-yes" } else { "plan-no" }, &[]))
            .unwrap_or_default()
    };
    let estimate = if row.runway_estimate {
        l10n.message("readiness-estimate", &[])
    } else {
        String::new()
    };
    vec![
        row.profile_id.clone(),
        opt(&row.name),
        opt(&row.name_kana),
        row.age_years.map(|a| a.to_string()).unwrap_or_default(),
        opt(&row.address),
        row.floor.map(|f| f.to_string()).unwrap_or_default(),
        yes_no(row.elevator),
        kinds(&row.life_sustaining_devices),
        kinds(&row.powered_devices),
        format_number(row.total_watts),
        row.outlets.to_string(),
        row.shortest_runway_minutes.map(runway_hours).unwrap_or_default(),
        estimate,
        row.governing_device
            .map(|k| l10n.label(&k.fluent_id()))
            .unwrap_or_default(),
        row.everything_runway_minutes
            .map(runway_hours)
            .unwrap_or_default(),
        row.oxygen_minutes
            .map(|m| format_number(m.floor()))
            .unwrap_or_default(),
        row.shortest_stock_days
            .map(|d| format_number(d.floor()))
            .unwrap_or_default(),
        row.hard_to_get.join(" / "),
        row.lent_units.join(" / "),
        opt(&row.destination),
        row.destination_power
            .map(|p| l10n.label(&p.fluent_id()))
            .unwrap_or_default(),
        date(row.plan_date),
        date(row.last_drill),
        utc(row.updated_at),
        row.unverified_sections
            .iter()
            .map(|s| l10n.label(&format!("section-{s}")))
            .collect::<Vec<_>>()
            .join(" / "),
        row.missing
            .iter()
            .map(|m| l10n.label(m.fluent_id()))
            .collect::<Vec<_>>()
            .join(" / "),
        details(row, l10n),
    ]
}

/// Every value the specification requires in the roster, one "field: value" per line (the
/// columns above summarise; this cell keeps nothing out). Empty if the compiled-in
/// specification were ever unreadable (a test parses it).
fn details(row: &RosterRow, l10n: &Localizer) -> String {
    required(&row.profile, Output::Roster, l10n)
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{}: {}", l10n.field_label(&r.path), r.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fluent ids of the roster's column headers.
pub const ROSTER_COLUMNS: &[&str] = &[
    "roster-col-id",
    "roster-col-name",
    "roster-col-kana",
    "roster-col-age",
    "roster-col-address",
    "roster-col-floor",
    "roster-col-elevator",
    "roster-col-life-sustaining",
    "roster-col-powered-devices",
    "roster-col-watts",
    "roster-col-outlets",
    "roster-col-runway-hours",
    "roster-col-runway-estimate",
    "roster-col-governing-device",
    "roster-col-runway-everything",
    "roster-col-oxygen-minutes",
    "roster-col-shortest-stock",
    "roster-col-hard-to-get",
    "roster-col-lent-units",
    "roster-col-destination",
    "roster-col-destination-power",
    "roster-col-plan-date",
    "roster-col-last-drill",
    "roster-col-updated",
    "roster-col-unverified",
    "roster-col-missing",
    "roster-col-details",
];

/// The localized column headers.
pub fn roster_header(l10n: &Localizer) -> Vec<String> {
    ROSTER_COLUMNS.iter().map(|id| l10n.label(id)).collect()
}

/// One CSV field by RFC 4180: quoted when it holds a comma, a double quote, CR or LF, with
/// double quotes doubled.
pub fn csv_field(value: &str) -> String {
    // A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text with a leading
    // apostrophe: rosters are opened in Excel by municipal staff.
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The roster as CSV (RFC 4180: CRLF line ends, a header row, fields quoted as needed), UTF-8
/// with a byte-order mark so Excel reads the Japanese correctly.
pub fn roster_csv(rows: &[RosterRow], l10n: &Localizer) -> String {
    let mut csv = CsvWriter::new();
    csv.row(roster_header(l10n));
    for row in rows {
        csv.row(roster_cells(row, l10n));
    }
    csv.finish()
}

/// The one CSV writer of the exports (the roster, the 個別避難計画): RFC 4180 with CRLF line
/// ends and [`csv_field`] quoting (formula cells kept as text), UTF-8 with a byte-order mark so
/// Excel reads the Japanese correctly.
#[derive(Debug)]
pub struct CsvWriter {
    out: String,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvWriter {
    /// An empty document: just the byte-order mark.
    pub fn new() -> Self {
        Self {
            out: String::from('\u{feff}'),
        }
    }

    /// Appends one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let fields: Vec<String> = cells.into_iter().map(|c| csv_field(c.as_ref())).collect();
        self.out.push_str(&fields.join(","));
        self.out.push_str("\r\n");
    }

    /// The CSV text.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
#[path = "roster_tests.rs"]
mod tests;
