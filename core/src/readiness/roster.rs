//! The coordinator's roster: one row per child across every profile in a store — who depends on
//! power and for how long, where the family plans to go, how current the plan is, and what is
//! missing — with a CSV export (RFC 4180).

use serde::Serialize;

use crate::error::Result;
use crate::i18n::Localizer;
use crate::model::{AllergyStatus, Date, DeviceKind, PowerAvailability, Profile, Timestamp};
use crate::store::{ProfileStore, ProfileSummary};

use super::checklist::format_number;
use super::power::power_runway;

/// A drill older than this many months is overdue.
pub const DRILL_MAX_AGE_MONTHS: u32 = 12;

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
    /// Kinds of the devices that need power, in display order.
    pub powered_devices: Vec<DeviceKind>,
    /// True when a life-critical device (ventilator, oxygen, suction) needs power.
    pub power_dependent: bool,
    /// The child's runway in minutes (see `readiness::power`); `None` when not power dependent.
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
}

/// The roster row of one profile, judged on `as_of`.
pub fn roster_row(summary: &ProfileSummary, profile: &Profile, as_of: Date) -> RosterRow {
    let power = power_runway(profile);
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
    let governing = power
        .governing_device
        .as_deref()
        .and_then(|id| power.device(id))
        .map(|d| d.kind);
    RosterRow {
        profile_id: summary.id.clone(),
        name: summary.name.clone(),
        name_kana: summary.name_kana.clone(),
        powered_devices: power.devices.iter().map(|d| d.kind).collect(),
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
    vec![
        row.profile_id.clone(),
        opt(&row.name),
        opt(&row.name_kana),
        row.powered_devices
            .iter()
            .map(|k| l10n.label(&k.fluent_id()))
            .collect::<Vec<_>>()
            .join(" / "),
        row.shortest_runway_minutes.map(runway_hours).unwrap_or_default(),
        row.governing_device
            .map(|k| l10n.label(&k.fluent_id()))
            .unwrap_or_default(),
        opt(&row.destination),
        row.destination_power
            .map(|p| l10n.label(&p.fluent_id()))
            .unwrap_or_default(),
        date(row.plan_date),
        date(row.last_drill),
        utc(row.updated_at),
        row.missing
            .iter()
            .map(|m| l10n.label(m.fluent_id()))
            .collect::<Vec<_>>()
            .join(" / "),
    ]
}

/// Fluent ids of the roster's column headers.
pub const ROSTER_COLUMNS: &[&str] = &[
    "roster-col-id",
    "roster-col-name",
    "roster-col-kana",
    "roster-col-powered-devices",
    "roster-col-runway-hours",
    "roster-col-governing-device",
    "roster-col-destination",
    "roster-col-destination-power",
    "roster-col-plan-date",
    "roster-col-last-drill",
    "roster-col-updated",
    "roster-col-missing",
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
mod tests {
    use super::*;
    use crate::EditContext;
    use crate::i18n::Lang;
    use crate::model::{
        Count, Device, DevicePower, Minutes, PowerSource, PowerSourceKind, WattHours, Watts, Years,
    };
    use crate::sample::demo_profile;

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).expect("valid date")
    }

    /// A child on oxygen only: concentrator 120 W, no battery, a 500 Wh station at 80 %.
    fn oxygen_child() -> Profile {
        let mut p = Profile::empty();
        p.child.name = Some("佐藤, \"ひかり\"".into());
        p.child.name_kana = Some("さとう ひかり".into());
        let mut o2 = Device::new(DeviceKind::Oxygen);
        o2.power = DevicePower {
            needs_mains: Some(true),
            watts: Some(Watts(120.0)),
            ..DevicePower::default()
        };
        o2.non_powered_fallback = Some("cylinders".into());
        p.devices.insert("dev-o2".into(), o2);
        p.power_sources.insert(
            "pwr-1".into(),
            PowerSource {
                order: 1.0,
                kind: PowerSourceKind::PowerStation,
                name: None,
                capacity: Some(WattHours(500.0)),
                max_output: Some(Watts(500.0)),
                outlets: Some(Count(2.0)),
                pure_sine: Some(true),
                inverter_efficiency: Some(crate::model::Percent(80.0)),
                last_checked: None,
            },
        );
        p.allergies.status = Some(AllergyStatus::NoneKnown);
        p.evacuation.last_drill = Some(date(2024, 1, 10));
        p
    }

    /// A child on a feeding pump only (not life-critical) with an empty plan.
    fn tube_fed_child() -> Profile {
        let mut p = Profile::empty();
        p.child.name = Some("鈴木 そら".into());
        p.child.name_kana = Some("すずき そら".into());
        let mut pump = Device::new(DeviceKind::Pump);
        pump.power = DevicePower {
            needs_mains: Some(true),
            watts: Some(Watts(10.0)),
            internal_battery_minutes: Some(Minutes(600.0)),
            internal_battery_age_years: Some(Years(1.0)),
            ..DevicePower::default()
        };
        p.devices.insert("dev-pump".into(), pump);
        p
    }

    #[test]
    fn a_store_with_three_children() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("store");
        let ctx = EditContext::now("coordinator".to_owned());
        let demo = store.create_profile(&demo_profile(), &ctx).expect("demo");
        let o2 = store.create_profile(&oxygen_child(), &ctx).expect("o2");
        let tube = store.create_profile(&tube_fed_child(), &ctx).expect("tube");
        let rows = roster(&mut store, date(2026, 10, 1)).expect("roster");
        let ids: Vec<&str> = rows.iter().map(|r| r.profile_id.as_str()).collect();
        // Shortest runway first: oxygen child 200 min, demo 552 min, then the pump child (not
        // power dependent).
        assert_eq!(ids, [o2.as_str(), demo.as_str(), tube.as_str()]);

        // Oxygen child: 500 Wh × 0.8 = 400 Wh; 400 × 60 / 120 W = 200 min.
        let r = &rows[0];
        assert_eq!(r.shortest_runway_minutes, Some(200.0));
        assert_eq!(r.governing_device, Some(DeviceKind::Oxygen));
        assert_eq!(r.powered_devices, [DeviceKind::Oxygen]);
        assert_eq!(r.destination, None);
        assert_eq!(
            r.missing,
            [
                MissingItem::NoHelpers,
                MissingItem::NoDestination,
                MissingItem::NoPlanDate,
                // 2024-01-10 is more than 12 months before 2026-10-01.
                MissingItem::DrillOverdue,
                MissingItem::NoPowerRegistration,
                MissingItem::NotOnMunicipalRoster,
                MissingItem::NoEmergencyContact,
            ]
        );

        // Demo: complete plan, drill 2025-10-12 within 12 months of 2026-10-01 (due date 2025-10-01).
        let d = &rows[1];
        assert_eq!(d.shortest_runway_minutes, Some(552.0));
        assert_eq!(d.governing_device, Some(DeviceKind::Suction));
        assert_eq!(d.powered_devices, [DeviceKind::Ventilator, DeviceKind::Suction]);
        assert_eq!(d.destination.as_deref(), Some("架空市民病院"));
        assert_eq!(d.destination_power, Some(PowerAvailability::Yes));
        assert_eq!(d.plan_date, Some(date(2025, 6, 1)));
        assert!(d.missing.is_empty(), "{:?}", d.missing);
        assert!(d.updated_at > 0);

        // Pump child: powered but not life-critical: no runway, no power registration asked.
        let t = &rows[2];
        assert!(!t.power_dependent);
        assert_eq!(t.shortest_runway_minutes, None);
        assert!(t.missing.contains(&MissingItem::AllergiesNotRecorded));
        assert!(!t.missing.contains(&MissingItem::NoPowerRegistration));

        // On 2026-10-13 the due date is 2025-10-13: the demo's drill is overdue.
        let later = roster(&mut store, date(2026, 10, 13)).expect("roster");
        let d = later.iter().find(|r| r.profile_id == demo).expect("demo row");
        assert_eq!(d.missing, [MissingItem::DrillOverdue]);
        // On 2026-10-12, exactly 12 months: still current.
        let later = roster(&mut store, date(2026, 10, 12)).expect("roster");
        let d = later.iter().find(|r| r.profile_id == demo).expect("demo row");
        assert!(d.missing.is_empty());
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");

        let summary = ProfileSummary {
            id: "p-1".into(),
            name: Some("佐藤, \"ひかり\"".into()),
            name_kana: Some("さとう ひかり".into()),
            updated_at: 0,
        };
        let row = roster_row(&summary, &oxygen_child(), date(2026, 11, 15));
        let csv = roster_csv(&[row], &Localizer::new(Lang::En));
        let csv = csv
            .strip_prefix('\u{feff}')
            .expect("starts with a byte-order mark for Excel");
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "header, one row, empty after the last CRLF");
        assert_eq!(lines[2], "");
        assert!(lines[0].starts_with("Profile id,Name,"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("p-1,\"佐藤, \"\"ひかり\"\"\",さとう ひかり,Home oxygen,3.3,Home oxygen,,,,2024-01-10,1970-01-01T00:00:00Z,"),
            "{}",
            lines[1]
        );
        assert_eq!(lines[0].split(',').count(), ROSTER_COLUMNS.len());
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn every_roster_message_exists_in_both_languages() {
        for lang in Lang::ALL {
            let l10n = Localizer::new(*lang);
            for id in ROSTER_COLUMNS {
                assert!(l10n.has(id), "{lang}: {id}");
            }
            for m in MissingItem::ALL {
                assert!(l10n.has(m.fluent_id()), "{lang}: {}", m.fluent_id());
            }
        }
    }
}
