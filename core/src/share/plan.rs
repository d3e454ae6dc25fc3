//! The 個別避難計画 (individual evacuation plan) export: the plan's legal items, the roster items
//! and the consent record, as CSV and as a printable HTML page a municipality can file.
//!
//! The Disaster Countermeasures Basic Act (災害対策基本法 art. 49-14) names what a plan records:
//! the person (name, date of birth, sex, address, contact, why they need support), the named
//! helpers (避難支援等実施者: name, address, phone), and where to go and by which route. Those rows
//! are marked `legal`; a legal row with nothing recorded is kept and marked `missing`, so the gap
//! shows on paper instead of vanishing. Around them: what to do per hazard, the timeline and the
//! safety check, the power items of the coordinator's roster (power dependency, runway, the power
//! company registration, the municipal roster), the consent records — sharing with the
//! municipality and the helpers before a disaster needs the family's consent — and the plan and
//! drill dates with the roster's list of what is missing.
//!
//! [`evacuation_plan`] builds the rows (localized, no I/O, no clock: `as_of` judges the drill);
//! [`plan_csv`] writes them one per line (RFC 4180, BOM, formula cells kept as text, as the
//! roster does); [`plan_html`] fills `core/templates/plan.html` (askama escapes every value).

use askama::Template;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::Localizer;
use crate::i18n::field_key;
use crate::model::{Date, Profile};
use crate::readiness::checklist::format_number;
use crate::readiness::power_runway;
use crate::readiness::roster::{CsvWriter, RosterRow, runway_hours};
use crate::views::spec::{Output, Required, required, scope};

/// The plan, ready to print or write as CSV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanExport {
    /// Language of every word (`"ja"`, `"en"`).
    pub lang: String,
    /// "個別避難計画 — 山田 さくら".
    pub title: String,
    /// The day the plan was exported for.
    pub as_of: Date,
    /// Sections in order.
    pub sections: Vec<PlanSection>,
}

/// A titled group of rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSection {
    /// Stable id (`person`, `helpers`, `destinations`, …).
    pub id: &'static str,
    /// Heading, localized.
    pub title: String,
    /// Rows in order.
    pub rows: Vec<PlanRow>,
}

/// One item of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    /// What it is ("氏名", "避難支援等実施者 1 › 電話番号").
    pub item: String,
    /// The value, or "未記入" when nothing is recorded.
    pub value: String,
    /// A legal item of the plan (災害対策基本法 art. 49-14).
    pub legal: bool,
    /// Nothing recorded.
    pub missing: bool,
}

/// Rows are collected per section with the words at hand.
struct Rows<'a> {
    l10n: &'a Localizer,
    rows: Vec<PlanRow>,
}

impl<'a> Rows<'a> {
    fn new(l10n: &'a Localizer) -> Self {
        Rows {
            l10n,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, item: String, value: Option<String>, legal: bool) {
        let value = value.filter(|v| !v.trim().is_empty());
        self.rows.push(PlanRow {
            item,
            missing: value.is_none(),
            value: value.unwrap_or_else(|| self.l10n.message("view-not-recorded", &[])),
            legal,
        });
    }

    /// A row labelled by a field's message id (`field-evacuation-route`).
    fn field(&mut self, field_id: &str, value: Option<String>, legal: bool) {
        let item = self.l10n.label(field_id);
        self.push(item, value, legal);
    }

    /// A row of the `n`th entity of a group: "避難支援等実施者 1 › 氏名".
    fn nth(&mut self, group_id: &str, n: usize, field_id: &str, value: Option<String>, legal: bool) {
        let item = self.l10n.message(
            "plan-nth-item",
            &[
                ("group", &self.l10n.label(group_id)),
                ("n", &n.to_string()),
                ("field", &self.l10n.label(field_id)),
            ],
        );
        self.push(item, value, legal);
    }

    fn yes_no(&self, v: Option<bool>) -> Option<String> {
        v.map(|b| self.l10n.message(if b { "plan-yes" } else { "plan-no" }, &[]))
    }

    fn section(self, id: &'static str, title_id: &str) -> PlanSection {
        PlanSection {
            id,
            title: self.l10n.message(title_id, &[]),
            rows: self.rows,
        }
    }
}

/// The plan of `profile`, with the roster's findings for it (`row`, from
/// [`crate::readiness::roster::roster_row`] on the same day), in the localizer's language.
pub fn evacuation_plan(profile: &Profile, row: &RosterRow, l10n: &Localizer, as_of: Date) -> PlanExport {
    let name = profile
        .child
        .name
        .clone()
        .unwrap_or_else(|| l10n.message("view-no-name", &[]));
    // The specification is compiled in and parsed by a test; were it broken, the sections
    // would show "not recorded" rather than fail the export. Read once for every section.
    let values = required(profile, Output::Plan, l10n).unwrap_or_default();
    PlanExport {
        lang: l10n.lang().as_str().to_owned(),
        title: l10n.message("plan-title", &[("name", &name)]),
        as_of,
        sections: vec![
            person(profile, row, l10n),
            helpers(profile, l10n),
            destinations(profile, l10n),
            hazards(profile, l10n),
            timeline(profile, l10n),
            power(profile, row, l10n),
            recorded(
                &values,
                l10n,
                "child",
                "section-child",
                &[
                    "child.certificates",
                    "child.languages",
                    "child.life_stage",
                    "child.setting_name",
                ],
            ),
            recorded(&values, l10n, "diagnoses", "section-diagnoses", &["diagnoses"]),
            recorded(&values, l10n, "contacts", "field-contacts", &["contacts"]),
            recorded(&values, l10n, "care_team", "field-care_team", &["care_team"]),
            recorded(&values, l10n, "devices", "field-devices", &["devices"]),
            recorded(
                &values,
                l10n,
                "power_sources",
                "field-power_sources",
                &["power_registration", "power_sources"],
            ),
            recorded(
                &values,
                l10n,
                "medications",
                "section-medications",
                &["medications"],
            ),
            consents(profile, l10n),
            recorded(
                &values,
                l10n,
                "verifications",
                "section-verifications",
                &["verifications"],
            ),
            dates(profile, row, l10n),
        ],
    }
}

fn person(p: &Profile, row: &RosterRow, l10n: &Localizer) -> PlanSection {
    let c = &p.child;
    let mut r = Rows::new(l10n);
    r.field("field-child-name", c.name.clone(), true);
    r.field("field-child-name_kana", c.name_kana.clone(), false);
    r.field(
        "field-child-date_of_birth",
        c.date_of_birth.map(|d| d.to_string()),
        true,
    );
    r.field("field-child-sex", c.sex.map(|s| l10n.label(&s.fluent_id())), true);
    r.field("field-child-address", c.address.clone(), true);
    // The child has no phone of their own: the plan's contact is the first emergency contact.
    let contact = p.contacts.ordered().into_iter().next().map(|(_, c)| {
        let who = match &c.relation {
            Some(rel) => format!("{} ({rel})", c.name),
            None => c.name.clone(),
        };
        match &c.phone {
            Some(phone) => format!("{who} {phone}"),
            None => who,
        }
    });
    r.push(l10n.message("plan-contact", &[]), contact, true);
    // Why support is needed: the care that depends on devices and power, and the diagnoses.
    let devices: Vec<String> = p
        .devices
        .ordered()
        .into_iter()
        .map(|(_, d)| l10n.label(&d.kind.fluent_id()))
        .collect();
    let diagnoses: Vec<String> = p
        .diagnoses
        .ordered()
        .into_iter()
        .map(|(_, d)| d.name.clone())
        .collect();
    let mut reason = Vec::new();
    if !devices.is_empty() {
        reason.push(l10n.message("plan-reason-devices", &[("devices", &devices.join(", "))]));
    }
    if row.power_dependent {
        reason.push(l10n.message("plan-reason-power", &[]));
    }
    if !diagnoses.is_empty() {
        reason.push(l10n.message("plan-reason-diagnoses", &[("diagnoses", &diagnoses.join(", "))]));
    }
    r.push(l10n.message("plan-reason", &[]), Some(reason.join(" / ")), true);
    let d = &c.dwelling;
    let dwelling: Vec<String> = [
        d.floor
            .map(|f| format!("{}: {f}", l10n.label("field-child-dwelling-floor"))),
        r.yes_no(d.elevator)
            .map(|e| format!("{}: {e}", l10n.label("field-child-dwelling-elevator"))),
        d.hazard_zones
            .clone()
            .map(|h| format!("{}: {h}", l10n.label("field-child-dwelling-hazard_zones"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    r.field("field-child-dwelling", Some(dwelling.join(" / ")), false);
    r.section("person", "plan-section-person")
}

fn helpers(p: &Profile, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    let helpers = p.evacuation.helpers.ordered();
    if helpers.is_empty() {
        r.field("field-evacuation-helpers", None, true);
    }
    for (i, (_, h)) in helpers.into_iter().enumerate() {
        let g = "field-evacuation-helpers";
        r.nth(
            g,
            i + 1,
            "field-evacuation-helpers-name",
            Some(h.name.clone()),
            true,
        );
        r.nth(
            g,
            i + 1,
            "field-evacuation-helpers-address",
            h.address.clone(),
            true,
        );
        r.nth(g, i + 1, "field-evacuation-helpers-phone", h.phone.clone(), true);
        r.nth(
            g,
            i + 1,
            "field-evacuation-helpers-relation",
            h.relation.clone(),
            false,
        );
        // What the helper does (carries the child downstairs, brings the battery): municipal forms ask it.
        r.nth(g, i + 1, "field-evacuation-helpers-role", h.role.clone(), false);
    }
    r.section("helpers", "plan-section-helpers")
}

fn destinations(p: &Profile, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    let plan = &p.evacuation;
    let destinations = plan.destinations.ordered();
    if destinations.is_empty() {
        r.field("field-evacuation-destinations", None, true);
    }
    for (i, (_, d)) in destinations.into_iter().enumerate() {
        let g = "field-evacuation-destinations";
        r.nth(
            g,
            i + 1,
            "field-evacuation-destinations-name",
            Some(d.name.clone()),
            true,
        );
        r.nth(
            g,
            i + 1,
            "field-evacuation-destinations-kind",
            d.kind.map(|k| l10n.label(&k.fluent_id())),
            false,
        );
        r.nth(
            g,
            i + 1,
            "field-evacuation-destinations-address",
            d.address.clone(),
            false,
        );
        r.nth(
            g,
            i + 1,
            "field-evacuation-destinations-phone",
            d.phone.clone(),
            false,
        );
        r.nth(
            g,
            i + 1,
            "field-evacuation-destinations-power",
            d.power.map(|k| l10n.label(&k.fluent_id())),
            false,
        );
        if d.notes.is_some() {
            r.nth(
                g,
                i + 1,
                "field-evacuation-destinations-notes",
                d.notes.clone(),
                false,
            );
        }
    }
    r.field("field-evacuation-route", plan.route.clone(), true);
    r.field("field-evacuation-transport", plan.transport.clone(), false);
    r.section("destinations", "plan-section-destinations")
}

fn hazards(p: &Profile, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    for (_, s) in p.evacuation.strategies.ordered() {
        let mut value = l10n.label(&s.strategy.fluent_id());
        if let Some(notes) = &s.notes {
            value = format!("{value} ({notes})");
        }
        r.push(l10n.label(&s.hazard.fluent_id()), Some(value), false);
    }
    if r.rows.is_empty() {
        r.field("field-evacuation-strategies", None, false);
    }
    r.section("hazards", "plan-section-hazards")
}

fn timeline(p: &Profile, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    let plan = &p.evacuation;
    r.field(
        "field-evacuation-timeline",
        plan.timeline.as_ref().map(|t| t.as_str().to_owned()),
        false,
    );
    r.field(
        "field-evacuation-safety_check_contacts",
        plan.safety_check_contacts.clone(),
        false,
    );
    r.section("timeline", "plan-section-timeline")
}

fn power(p: &Profile, row: &RosterRow, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    let devices: Vec<String> = row
        .powered_devices
        .iter()
        .map(|k| l10n.label(&k.fluent_id()))
        .collect();
    r.push(
        l10n.label("roster-col-powered-devices"),
        Some(if devices.is_empty() {
            l10n.message("plan-none", &[])
        } else {
            devices.join(", ")
        }),
        false,
    );
    if let Some(minutes) = row.shortest_runway_minutes {
        let mut value = l10n.message("view-about-hours", &[("hours", &runway_hours(minutes))]);
        if row.runway_estimate {
            value = format!("{value} [{}]", l10n.message("readiness-estimate", &[]));
        }
        if let Some(kind) = row.governing_device {
            let device = l10n.label(&kind.fluent_id());
            value = format!(
                "{value} ({})",
                l10n.message("view-first-to-stop", &[("device", &device)])
            );
        }
        r.push(l10n.label("roster-col-runway-hours"), Some(value), false);
    }
    // Both scenarios in words, oxygen as alternatives, and what the estimates assume.
    let runway = power_runway(p);
    for s in [&runway.life_sustaining, &runway.everything] {
        if !s.devices.is_empty() {
            r.push(
                l10n.message(s.kind.fluent_id(), &[]),
                Some(s.headline(l10n)),
                false,
            );
        }
    }
    for o in &runway.oxygen_alternatives {
        if let Some(minutes) = o.cylinder_minutes {
            r.push(
                l10n.label("roster-col-oxygen-minutes"),
                Some(format_number(minutes.floor())),
                false,
            );
        }
    }
    let mut assumptions = runway.life_sustaining.assumptions.clone();
    for a in &runway.everything.assumptions {
        if !assumptions.contains(a) {
            assumptions.push(a.clone());
        }
    }
    if !assumptions.is_empty() {
        let text: Vec<String> = assumptions.iter().map(|a| a.render(l10n)).collect();
        r.push(
            l10n.message("readiness-section-assumptions", &[]),
            Some(text.join(" / ")),
            false,
        );
    }
    let reg = &p.power_registration;
    let registration = r.yes_no(reg.registered).map(|yes| {
        [
            Some(yes),
            reg.company.clone(),
            reg.registered_on.map(|d| d.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ")
    });
    r.field("field-power_registration", registration, false);
    r.field(
        "field-evacuation-roster_registered",
        r.yes_no(p.evacuation.roster_registered),
        false,
    );
    r.section("power", "plan-section-power")
}

/// A section listing every value under `prefixes` that `docs/audiences.md` requires in the
/// plan (see [`crate::views::spec::required`]), one row per value, numbered per entry: the
/// table decides what the plan shows, so a field added there appears here without code.
fn recorded(
    values: &[Required],
    l10n: &Localizer,
    id: &'static str,
    title_id: &str,
    prefixes: &[&str],
) -> PlanSection {
    let mut r = Rows::new(l10n);
    let mut entries: Vec<String> = Vec::new();
    for v in values.iter().filter(|v| {
        prefixes
            .iter()
            .any(|pre| v.path == *pre || v.path.starts_with(&format!("{pre}.")))
    }) {
        let key = field_key(&v.path);
        let field = l10n.label(&format!("field-{}", key.replace('.', "-")));
        let entry = scope(&v.path);
        let group = entry.split('.').next().unwrap_or_default().to_owned();
        let keyed = entry.contains('.') && !v.path.starts_with("child.") && group != "power_registration";
        if keyed {
            if !entries.contains(&entry) {
                entries.push(entry.clone());
            }
            let n = entries
                .iter()
                .filter(|e| e.split('.').next() == Some(group.as_str()))
                .position(|e| *e == entry)
                .map_or(1, |i| i + 1);
            let item = l10n.message(
                "plan-nth-item",
                &[
                    ("group", &l10n.label(&format!("field-{group}"))),
                    ("n", &n.to_string()),
                    ("field", &field),
                ],
            );
            r.push(item, Some(v.text.clone()), false);
        } else {
            r.push(field, Some(v.text.clone()), false);
        }
    }
    if r.rows.is_empty() {
        r.field(title_id, None, false);
    }
    r.section(id, title_id)
}

fn consents(p: &Profile, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    for (_, c) in p.consents.ordered() {
        let granted = l10n.message(
            if c.granted {
                "plan-consent-granted"
            } else {
                "plan-consent-refused"
            },
            &[],
        );
        let value = [Some(granted), c.date.map(|d| d.to_string()), c.notes.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        r.push(l10n.label(&c.audience.fluent_id()), Some(value), false);
    }
    if r.rows.is_empty() {
        r.field("field-consents", None, false);
    }
    r.section("consent", "plan-section-consent")
}

fn dates(p: &Profile, row: &RosterRow, l10n: &Localizer) -> PlanSection {
    let mut r = Rows::new(l10n);
    let plan = &p.evacuation;
    r.field(
        "field-evacuation-plan_date",
        plan.plan_date.map(|d| d.to_string()),
        false,
    );
    r.field(
        "field-evacuation-last_drill",
        plan.last_drill.map(|d| d.to_string()),
        false,
    );
    let missing: Vec<String> = row.missing.iter().map(|m| l10n.label(m.fluent_id())).collect();
    r.push(
        l10n.label("roster-col-missing"),
        Some(if missing.is_empty() {
            l10n.message("plan-none", &[])
        } else {
            missing.join(" / ")
        }),
        false,
    );
    r.section("dates", "plan-section-dates")
}

/// The plan as CSV, one row per item: section, item, value, legal item, missing (RFC 4180 with
/// CRLF, a header row, UTF-8 with a byte-order mark for Excel, formula-like cells kept as text).
pub fn plan_csv(plan: &PlanExport, l10n: &Localizer) -> String {
    let mut csv = CsvWriter::new();
    let mut line = |cells: [&str; 5]| csv.row(cells);
    let header = [
        "plan-col-section",
        "plan-col-item",
        "plan-col-value",
        "plan-col-legal",
        "plan-col-missing",
    ]
    .map(|id| l10n.message(id, &[]));
    line(header.each_ref().map(String::as_str));
    let mark = l10n.message("plan-mark", &[]);
    for s in &plan.sections {
        for row in &s.rows {
            line([
                &s.title,
                &row.item,
                &row.value,
                if row.legal { &mark } else { "" },
                if row.missing { &mark } else { "" },
            ]);
        }
    }
    csv.finish()
}

/// The printable page the template fills.
#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage<'a> {
    plan: &'a PlanExport,
    legal_note: String,
    missing_word: String,
    legal_word: String,
    made: String,
    col_item: String,
    col_value: String,
    footer: String,
}

/// The plan as a printable, self-contained A4 HTML page (inline CSS, no fetch, everything
/// escaped), legal items marked and missing ones highlighted.
pub fn plan_html(plan: &PlanExport, l10n: &Localizer) -> Result<String> {
    let page = PlanPage {
        plan,
        legal_note: l10n.message("plan-legal-note", &[]),
        missing_word: l10n.message("plan-col-missing", &[]),
        legal_word: l10n.message("plan-col-legal", &[]),
        made: l10n.message("plan-made", &[("date", &plan.as_of.to_string())]),
        col_item: l10n.message("plan-col-item", &[]),
        col_value: l10n.message("plan-col-value", &[]),
        footer: l10n.message("plan-footer", &[]),
    };
    page.render().map_err(|_| Error::Render("evacuation plan"))
}

/// The plan of profile `id` in `store`, with its roster findings (power runway, missing items)
/// judged as of `as_of` and worded by `l10n`: what `tsunagu plan-export` and the bindings'
/// `plan_csv` / `plan_html` both print.
pub fn evacuation_plan_in_store(
    store: &mut crate::ProfileStore,
    id: &str,
    l10n: &Localizer,
    as_of: Date,
) -> Result<PlanExport> {
    let row = crate::readiness::roster::roster_row_of(store, id, as_of)?;
    Ok(evacuation_plan(store.profile(id)?, &row, l10n, as_of))
}

#[cfg(test)]
mod tests;
