//! View models per audience: what shelter staff, a paramedic or a new caregiver need from the
//! profile, as a prioritized, localized list of sections and items that apps render as they are.
//!
//! [`build`] reads the profile (and, for freshness, the document's change metadata) and returns a
//! [`View`]. Every word in it comes from the Fluent messages (`view-…`, field labels, code-list
//! labels, units); every item carries its [`Freshness`]: who last changed its source in the
//! document and when, who verified its section and when, and a [`StaleWarning`] by rule:
//!
//! | Rule | Fires when |
//! |---|---|
//! | [`StaleRule::WeightOld`] | the weight was measured more than [`WEIGHT_MAX_AGE_MONTHS`] months before `today`, or its date is not recorded |
//! | [`StaleRule::TracheostomyChangeDue`] | cannula `last_changed + change_interval_days < today` |
//! | [`StaleRule::FeedingTubeChangeDue`] | feeding tube `last_changed + change_interval_days < today` |
//! | [`StaleRule::DrillOverdue`] | no evacuation drill in [`DRILL_MAX_AGE_MONTHS`] months before `today` (or none recorded) |
//!
//! What is uncertain is marked ([`marks`]): a field whose values differ after concurrent edits
//! (every value, its author and time) and a value saved over a plausibility warning that nobody
//! else has verified, on the view ([`View::marks`]) and on the items that show the field
//! ([`ViewItem::marks`]).
//!
//! `today` is a parameter: nothing here reads a clock, so the same document and day always give
//! the same view. Power figures and actions come from [`crate::readiness`], never recomputed.

mod blocks;
mod caregiver;
mod ems;
pub mod marks;
mod shelter;
pub mod spec;

use std::collections::HashMap;

use chrono::{Days as ChronoDays, Months, NaiveDate};
use serde::Serialize;

use crate::document::history::Provenance;
use crate::document::{ProfileDoc, ProvenanceReader};
use crate::error::Result;
use crate::i18n::Localizer;
use crate::model::{
    CareRole, Contact, Date, Device, DeviceKind, EntityId, FeedingTubeSettings, Profile, Timestamp,
    TracheostomySettings, Weight,
};
use crate::readiness::checklist::format_number;

pub use crate::readiness::roster::DRILL_MAX_AGE_MONTHS;
pub use marks::{Mark, MarkKind, MarkValue};

/// A weight measured longer ago than this many months is stale.
pub const WEIGHT_MAX_AGE_MONTHS: u32 = 3;

/// Who the view is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Shelter staff: what keeps the child alive, never do, whom to call, power, what to prepare.
    Shelter,
    /// Paramedics and emergency doctors: an EIF-like summary.
    Ems,
    /// A new caregiver: routines step by step, communication, normal and sick, whom to call.
    Caregiver,
}

impl Audience {
    /// Every audience.
    pub const ALL: &'static [Audience] = &[Audience::Shelter, Audience::Ems, Audience::Caregiver];

    /// `"shelter"`, `"ems"` or `"caregiver"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Shelter => "shelter",
            Audience::Ems => "ems",
            Audience::Caregiver => "caregiver",
        }
    }

    /// The audience named `s` (as [`Audience::as_str`] spells it).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.as_str() == s)
    }
}

/// How much a section matters, as in UK hospital passports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Must know: life and death.
    Red,
    /// Daily care and things to do.
    Amber,
    /// Good to know.
    Green,
}

impl Priority {
    /// The Fluent message id naming this priority (`view-priority-red`).
    pub fn fluent_id(self) -> &'static str {
        match self {
            Priority::Red => "view-priority-red",
            Priority::Amber => "view-priority-amber",
            Priority::Green => "view-priority-green",
        }
    }
}

/// A whole view: sections in the order to show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// Who it is for.
    pub audience: Audience,
    /// Language of every word in it (`"ja"`, `"en"`).
    pub lang: String,
    /// Heading, with the child's name.
    pub title: String,
    /// The day the freshness rules were applied for.
    pub generated_for_date: NaiveDate,
    /// Sections, most important first.
    pub sections: Vec<ViewSection>,
    /// Everything uncertain in the profile (values that differ, values saved over a warning),
    /// whether or not an item of this view shows the field: for a banner. Each is also on the
    /// items that show its field, or else a line of the section `check` (the field and the
    /// doubt, without the values). Left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

impl View {
    /// The section with `id`, if present.
    pub fn section(&self, id: &str) -> Option<&ViewSection> {
        self.sections.iter().find(|s| s.id == id)
    }
}

/// A titled group of items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewSection {
    /// Stable id (`life_support`, `devices`, `routine:rt-feed`…), for apps and tests.
    pub id: String,
    /// Heading, localized.
    pub title: String,
    /// Red, amber or green.
    pub priority: Priority,
    /// Items in order. A section with nothing recorded holds one "not recorded" item.
    pub items: Vec<ViewItem>,
}

/// One line of a view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewItem {
    /// What it is ("Tracheostomy tube", "Step 1").
    pub label: String,
    /// The value, with units ("ID 4.5 mm, length 45 mm, cuffless").
    pub value: String,
    /// More, when there is more to say.
    pub detail: Option<String>,
    /// The profile path the item is read from (`devices.dev-trach`), when it has one.
    pub source: Option<String>,
    /// Who changed and verified it, and whether it is stale.
    pub freshness: Freshness,
    /// What is uncertain about it: values that differ, a value saved over a warning
    /// ([`marks`]). Left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

/// How current an item is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Freshness {
    /// Author of the last change to the item's source.
    pub changed_by: Option<String>,
    /// When that change was made.
    pub changed_at: Option<Timestamp>,
    /// Who last verified the section the item belongs to.
    pub verified_by: Option<String>,
    /// Their role, localized.
    pub verified_role: Option<String>,
    /// The day of that verification.
    pub verified_on: Option<Date>,
    /// Set when a rule says the item is out of date.
    pub stale: Option<StaleWarning>,
}

/// A rule that makes an item stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StaleRule {
    /// Weight older than [`WEIGHT_MAX_AGE_MONTHS`] months, or undated.
    WeightOld,
    /// Tracheostomy cannula past its change interval.
    TracheostomyChangeDue,
    /// Gastrostomy or other feeding tube past its change interval.
    FeedingTubeChangeDue,
    /// No evacuation drill in [`DRILL_MAX_AGE_MONTHS`] months.
    DrillOverdue,
}

/// Why an item is out of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleWarning {
    /// The rule that fired.
    pub rule: StaleRule,
    /// The day the item became stale, when known.
    pub since: Option<NaiveDate>,
    /// The warning in words.
    pub message: String,
}

/// Builds the view of `doc` for `audience`, in the localizer's language, with stale rules applied
/// as of `today`. Takes the document mutably only to read change metadata for provenance.
pub fn build(doc: &mut ProfileDoc, audience: Audience, l10n: &Localizer, today: NaiveDate) -> Result<View> {
    let marks = marks::marks(doc, l10n)?;
    let (profile, provenance) = doc.profile_and_provenance();
    let mut cx = Cx {
        doc: provenance,
        profile,
        l10n,
        today,
        provenance: HashMap::new(),
    };
    let mut sections = match audience {
        Audience::Shelter => shelter::sections(&mut cx)?,
        Audience::Ems => ems::sections(&mut cx)?,
        Audience::Caregiver => caregiver::sections(&mut cx)?,
    };
    if let Some(more) = cx.also_recorded(audience, &sections)? {
        // Sections run red, then amber, then green: the leftovers go where their priority does.
        let at = sections
            .iter()
            .position(|s| s.priority > more.priority)
            .unwrap_or(sections.len());
        sections.insert(at, more);
    }
    marks::attach(&mut sections, &marks);
    if let Some(check) = marks::elsewhere(&sections, &marks, l10n) {
        let at = sections
            .iter()
            .position(|s| s.priority > check.priority)
            .unwrap_or(sections.len());
        sections.insert(at, check);
    }
    let name = profile
        .child
        .name
        .clone()
        .or_else(|| profile.child.nickname.clone())
        .unwrap_or_else(|| l10n.message("view-no-name", &[]));
    let title_id = match audience {
        Audience::Shelter => "view-title-shelter",
        Audience::Ems => "view-title-ems",
        Audience::Caregiver => "view-title-caregiver",
    };
    Ok(View {
        audience,
        lang: l10n.lang().as_str().to_owned(),
        title: l10n.message(title_id, &[("name", &name)]),
        generated_for_date: today,
        sections,
        marks,
    })
}

/// What a stale rule found, before it is put into words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stale {
    rule: StaleRule,
    /// The date the message names (measured on, change due, last drill).
    date: Option<NaiveDate>,
    /// The day it became stale.
    since: Option<NaiveDate>,
}

/// The weight rule: stale when measured more than three months before `today`, or undated.
pub(crate) fn stale_weight(w: &Weight, today: NaiveDate) -> Option<Stale> {
    w.kg?;
    let Some(measured) = w.measured_on else {
        return Some(Stale {
            rule: StaleRule::WeightOld,
            date: None,
            since: None,
        });
    };
    let limit = measured
        .0
        .checked_add_months(Months::new(WEIGHT_MAX_AGE_MONTHS))?;
    (limit < today).then_some(Stale {
        rule: StaleRule::WeightOld,
        date: Some(measured.0),
        since: Some(limit),
    })
}

fn change_due(last: Option<Date>, interval_days: Option<f64>) -> Option<NaiveDate> {
    let days = interval_days?;
    if !(days.is_finite() && days >= 0.0) {
        return None;
    }
    // Interval days are whole days in practice; a fraction rounds down.
    last?.0.checked_add_days(ChronoDays::new(days.floor() as u64))
}

/// The cannula rule: stale when `last_changed + change_interval_days < today`.
pub(crate) fn stale_tracheostomy(t: &TracheostomySettings, today: NaiveDate) -> Option<Stale> {
    let due = change_due(t.last_changed, t.change_interval_days.map(|d| d.0))?;
    (due < today).then_some(Stale {
        rule: StaleRule::TracheostomyChangeDue,
        date: Some(due),
        since: Some(due),
    })
}

/// The feeding-tube rule: stale when `last_changed + change_interval_days < today`.
pub(crate) fn stale_feeding_tube(t: &FeedingTubeSettings, today: NaiveDate) -> Option<Stale> {
    let due = change_due(t.last_changed, t.change_interval_days.map(|d| d.0))?;
    (due < today).then_some(Stale {
        rule: StaleRule::FeedingTubeChangeDue,
        date: Some(due),
        since: Some(due),
    })
}

/// The drill rule: stale when there is no drill on or after `today` minus twelve months (the
/// roster's rule).
pub(crate) fn stale_drill(last_drill: Option<Date>, today: NaiveDate) -> Option<Stale> {
    let Some(drill) = last_drill else {
        return Some(Stale {
            rule: StaleRule::DrillOverdue,
            date: None,
            since: None,
        });
    };
    let due = drill.0.checked_add_months(Months::new(DRILL_MAX_AGE_MONTHS))?;
    (due < today).then_some(Stale {
        rule: StaleRule::DrillOverdue,
        date: Some(drill.0),
        since: Some(due),
    })
}

/// The builder's context: the document (for provenance), the profile, the words and the day.
pub(crate) struct Cx<'a> {
    doc: ProvenanceReader<'a>,
    pub(crate) profile: &'a Profile,
    pub(crate) l10n: &'a Localizer,
    pub(crate) today: NaiveDate,
    provenance: HashMap<String, Option<Provenance>>,
}

impl<'a> Cx<'a> {
    /// A message.
    pub(crate) fn msg(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.l10n.message(id, args)
    }

    /// A label by Fluent id.
    pub(crate) fn label(&self, id: &str) -> String {
        self.l10n.label(id)
    }

    /// `value unit` in this language (`6.5 cm`, `20 回/分`).
    pub(crate) fn qty(&self, value: f64, unit: &str) -> String {
        let unit = self.l10n.unit(unit);
        if unit.is_empty() {
            format_number(value)
        } else {
            format!("{} {unit}", format_number(value))
        }
    }

    /// `value unit` with exactly one decimal, as tracheostomy tube sizes are written (`4.0 mm`).
    pub(crate) fn qty1(&self, value: f64, unit: &str) -> String {
        format!("{value:.1} {}", self.l10n.unit(unit))
    }

    /// `low–high unit`, or one end when only one is recorded.
    pub(crate) fn range(&self, low: Option<f64>, high: Option<f64>, unit: &str) -> Option<String> {
        match (low, high) {
            (Some(l), Some(h)) => Some(format!("{}–{}", format_number(l), self.qty(h, unit))),
            (Some(v), None) | (None, Some(v)) => Some(self.qty(v, unit)),
            (None, None) => None,
        }
    }

    /// Parts joined with this language's list separator; `None` when there are none.
    pub(crate) fn join(&self, parts: Vec<String>) -> Option<String> {
        let parts: Vec<String> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(&self.msg("view-list-sep", &[])))
    }

    /// Separate facts, one per line (for an item's detail); `None` when there are none.
    pub(crate) fn lines(&self, parts: Vec<String>) -> Option<String> {
        let parts: Vec<String> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    /// `label value` for a part of a summary line.
    pub(crate) fn part(&self, label_id: &str, value: impl AsRef<str>) -> String {
        self.msg(
            "view-part",
            &[("label", &self.label(label_id)), ("value", value.as_ref())],
        )
    }

    /// The "not recorded" word.
    pub(crate) fn not_recorded(&self) -> String {
        self.msg("view-not-recorded", &[])
    }

    /// An item read from `source`, with its freshness.
    pub(crate) fn item(
        &mut self,
        source: &str,
        label: impl Into<String>,
        value: impl Into<String>,
        detail: Option<String>,
    ) -> Result<ViewItem> {
        Ok(ViewItem {
            label: label.into(),
            value: value.into(),
            detail: detail.filter(|d| !d.trim().is_empty()),
            source: Some(source.to_owned()),
            freshness: self.freshness(source, None)?,
            marks: Vec::new(),
        })
    }

    /// Like [`Cx::item`], with a stale rule's finding.
    pub(crate) fn item_stale(
        &mut self,
        source: &str,
        label: impl Into<String>,
        value: impl Into<String>,
        detail: Option<String>,
        stale: Option<Stale>,
    ) -> Result<ViewItem> {
        let mut item = self.item(source, label, value, detail)?;
        item.freshness.stale = stale.map(|s| self.stale_warning(s));
        Ok(item)
    }

    /// An item with no source in the profile (a computed figure's explanation, "not recorded").
    pub(crate) fn plain(&self, label: impl Into<String>, value: impl Into<String>) -> ViewItem {
        ViewItem {
            label: label.into(),
            value: value.into(),
            detail: None,
            source: None,
            freshness: Freshness::default(),
            marks: Vec::new(),
        }
    }

    /// A section; an empty one gets a single "not recorded" item so the gap shows.
    pub(crate) fn section(
        &self,
        id: &str,
        title_id: &str,
        priority: Priority,
        mut items: Vec<ViewItem>,
    ) -> ViewSection {
        if items.is_empty() {
            items.push(self.plain(self.msg("view-nothing-recorded", &[]), self.not_recorded()));
        }
        ViewSection {
            id: id.to_owned(),
            title: self.msg(title_id, &[]),
            priority,
            items,
        }
    }

    fn stale_warning(&self, s: Stale) -> StaleWarning {
        let date = s.date.map(|d| d.format("%Y-%m-%d").to_string());
        let message = match (s.rule, date) {
            (StaleRule::WeightOld, Some(date)) => self.msg(
                "view-stale-weight",
                &[("date", &date), ("months", &WEIGHT_MAX_AGE_MONTHS.to_string())],
            ),
            (StaleRule::WeightOld, None) => self.msg("view-stale-weight-undated", &[]),
            (StaleRule::TracheostomyChangeDue, date) => {
                self.msg("view-stale-tracheostomy", &[("date", &date.unwrap_or_default())])
            }
            (StaleRule::FeedingTubeChangeDue, date) => {
                self.msg("view-stale-feeding-tube", &[("date", &date.unwrap_or_default())])
            }
            (StaleRule::DrillOverdue, Some(date)) => self.msg(
                "view-stale-drill",
                &[("date", &date), ("months", &DRILL_MAX_AGE_MONTHS.to_string())],
            ),
            (StaleRule::DrillOverdue, None) => self.msg("view-stale-drill-never", &[]),
        };
        StaleWarning {
            rule: s.rule,
            since: s.since,
            message,
        }
    }

    /// Provenance of `source` (or of its nearest existing parent) and the verification of its
    /// section.
    fn freshness(&mut self, source: &str, stale: Option<StaleWarning>) -> Result<Freshness> {
        let provenance = self.provenance_of(source)?;
        let section = source.split('.').next().unwrap_or_default();
        let verification = self.profile.verifications.get(section);
        Ok(Freshness {
            changed_by: provenance.as_ref().and_then(|p| p.author.clone()),
            changed_at: provenance.as_ref().and_then(|p| p.at),
            verified_by: verification.map(|v| v.by.clone()),
            verified_role: verification.map(|v| self.l10n.label(&v.role.fluent_id())),
            verified_on: verification.map(|v| v.on),
            stale,
        })
    }

    fn provenance_of(&mut self, source: &str) -> Result<Option<Provenance>> {
        if let Some(p) = self.provenance.get(source) {
            return Ok(p.clone());
        }
        // A field that was never set has no place in the document: its nearest existing group
        // answers for it.
        let mut path = source.to_owned();
        let found = loop {
            match self.doc.provenance(&path) {
                Ok(p) => break p,
                Err(crate::error::Error::UnknownPath { .. }) => match path.rsplit_once('.') {
                    Some((parent, _)) => path = parent.to_owned(),
                    None => break None,
                },
                Err(e) => return Err(e),
            }
        };
        self.provenance.insert(source.to_owned(), found.clone());
        Ok(found)
    }

    /// What the specification (`docs/audiences.md`) requires this audience to see and the
    /// sections do not already show, as one last section ordered red first; `None` when the
    /// sections show everything. Nothing recorded is ever silently left out.
    fn also_recorded(&mut self, audience: Audience, sections: &[ViewSection]) -> Result<Option<ViewSection>> {
        let required = spec::required(self.profile, audience.into(), self.l10n)
            .map_err(|_| crate::error::Error::Render("the audience specification does not parse"))?;
        let mut missing: Vec<spec::Required> =
            spec::missing(sections, &required).into_iter().cloned().collect();
        if missing.is_empty() {
            return Ok(None);
        }
        missing.sort_by_key(|r| r.priority);
        let priority = missing[0].priority;
        let mut items = Vec::new();
        for r in missing {
            let label = self.l10n.field_label(&r.path);
            items.push(self.item(&r.path, label, r.text, None)?);
        }
        Ok(Some(self.section("more", "view-section-more", priority, items)))
    }

    /// The device's label: its kind, with the model when recorded.
    pub(crate) fn device_label(&self, d: &Device) -> String {
        let kind = self.label(&d.kind.fluent_id());
        match &d.model {
            Some(model) => self.msg("view-with-note", &[("text", &kind), ("note", model)]),
            None => kind,
        }
    }

    /// "Whom to call": emergency contacts in order; with `team`, the care team with the attending
    /// doctor, hospital and designated disaster hospital first (24-hour line first), then device
    /// dealers' 24-hour lines. Without `team` (EMS, which lists the care team on its own), the
    /// attending doctor and hospital only.
    pub(crate) fn call_items(&mut self, team: bool) -> Result<Vec<ViewItem>> {
        let p = self.profile;
        let mut items = Vec::new();
        for (id, c) in p.contacts.ordered() {
            items.push(self.contact_item(id, c)?);
        }
        let first = |r: CareRole| {
            matches!(
                r,
                CareRole::AttendingDoctor | CareRole::Hospital | CareRole::DisasterHospital
            )
        };
        let mut members = p.care_team.ordered();
        members.sort_by_key(|(_, m)| !first(m.role));
        for (id, m) in members {
            let wanted = if team {
                m.role != CareRole::Dealer
            } else {
                matches!(m.role, CareRole::AttendingDoctor | CareRole::Hospital)
            };
            if wanted {
                items.push(self.team_item(id, m)?);
            }
        }
        let mut dealer_phones: Vec<String> = Vec::new();
        for (id, d) in p.devices.ordered() {
            let Some(phone) = d.dealer_phone_24h.clone() else {
                continue;
            };
            if dealer_phones.contains(&phone) {
                continue;
            }
            dealer_phones.push(phone.clone());
            let dealer = d
                .dealer
                .clone()
                .unwrap_or_else(|| self.label(&CareRole::Dealer.fluent_id()));
            let label = self.msg(
                "view-dealer-label",
                &[("device", &self.label(&d.kind.fluent_id())), ("dealer", &dealer)],
            );
            let detail = Some(self.msg("view-phone-24h", &[]));
            items.push(self.item(&format!("devices.{id}.dealer_phone_24h"), label, phone, detail)?);
        }
        for (id, m) in p.care_team.ordered() {
            // With the whole team, every dealer is listed (its office line and notes too).
            if m.role == CareRole::Dealer
                && (team
                    || !m
                        .phone_24h
                        .as_ref()
                        .or(m.phone.as_ref())
                        .is_some_and(|ph| dealer_phones.contains(ph)))
            {
                items.push(self.team_item(id, m)?);
            }
        }
        Ok(items)
    }

    fn contact_item(&mut self, id: &EntityId, c: &Contact) -> Result<ViewItem> {
        let label = match &c.relation {
            Some(rel) => self.msg("view-with-note", &[("text", &c.name), ("note", rel)]),
            None => c.name.clone(),
        };
        let value = c.phone.clone().unwrap_or_else(|| self.not_recorded());
        let detail = self.lines(
            [
                c.phone_alt
                    .as_ref()
                    .map(|ph| self.part("field-contacts-phone_alt", ph)),
                (c.may_decide == Some(true)).then(|| self.label("field-contacts-may_decide")),
                c.notes.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        self.item(&format!("contacts.{id}"), label, value, detail)
    }

    pub(crate) fn team_item(&mut self, id: &EntityId, m: &crate::model::CareTeamMember) -> Result<ViewItem> {
        let role = self.label(&m.role.fluent_id());
        let who = self.join(
            [m.name.clone(), m.organization.clone()]
                .into_iter()
                .flatten()
                .collect(),
        );
        let label = match who {
            Some(who) => self.msg("view-team-label", &[("role", &role), ("who", &who)]),
            None => role,
        };
        let (value, detail) = match (&m.phone_24h, &m.phone) {
            (Some(h24), Some(day)) if h24 != day => (
                h24.clone(),
                Some(self.join(vec![
                    self.msg("view-phone-24h", &[]),
                    self.part("field-care_team-phone", day),
                ])),
            ),
            (Some(h24), _) => (h24.clone(), Some(Some(self.msg("view-phone-24h", &[])))),
            (None, Some(day)) => (day.clone(), None),
            (None, None) => (self.not_recorded(), None),
        };
        let detail = self.lines(
            [detail.flatten(), m.notes.clone()]
                .into_iter()
                .flatten()
                .collect(),
        );
        self.item(&format!("care_team.{id}"), label, value, detail)
    }

    /// The devices of `kind`, in order.
    pub(crate) fn devices_of(&self, kind: DeviceKind) -> Vec<(&'a EntityId, &'a Device)> {
        self.profile
            .devices
            .ordered()
            .into_iter()
            .filter(|(_, d)| d.kind == kind)
            .collect()
    }

    /// The profile path of an entity id found in any collection a readiness action can name.
    pub(crate) fn entity_path(&self, id: &str) -> Option<String> {
        let p = self.profile;
        if p.devices.contains(id) {
            Some(format!("devices.{id}"))
        } else if p.power_sources.contains(id) {
            Some(format!("power_sources.{id}"))
        } else if p.stock.contains(id) {
            Some(format!("stock.{id}"))
        } else if p.medications.contains(id) {
            Some(format!("medications.{id}"))
        } else if p.evacuation.destinations.contains(id) {
            Some(format!("evacuation.destinations.{id}"))
        } else {
            None
        }
    }
}

/// Lines of a note, without empty lines and without a leading "1." / "1)" numbering (the view
/// numbers steps itself).
pub(crate) fn steps(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            let rest = &l[digits..];
            match rest.strip_prefix(['.', ')', '、', '．']) {
                Some(stripped) if digits > 0 => stripped.trim_start().to_owned(),
                _ => l.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
