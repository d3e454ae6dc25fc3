//! Blocks the views share, added for the floor of issue 10: identity with age, the airway, rescue
//! medicines, communication, wishes / advance directive, pump settings and which devices sustain
//! life. Which fields each audience must see is in `docs/audiences.md` (see [`super::spec`]).

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::model::{Device, DeviceKind, Kilograms, MilligramsPerDecilitre, MillilitresPerHour, PumpSettings};
use crate::readiness::{self, PowerNeed};

use super::{Cx, Priority, ViewItem, ViewSection, stale_weight};

/// True for the devices the shelter's "what keeps the child alive" lists. Whether a device
/// sustains life is [`readiness::life_support`]'s answer, the one the QR summary, readiness and
/// the roster use, so they cannot disagree (a ventilator with no power fields is always there).
/// A device of another kind recorded as needing mains power is shown beside them (it stops in a
/// blackout), so a record can add a device but never hide a ventilator.
pub(crate) fn sustains_life(d: &Device) -> bool {
    let answer = readiness::life_support(d);
    answer.sustains_life || (answer.power == PowerNeed::Powered && d.power.needs_mains == Some(true))
}

/// Whole years and months from `born` to `today`; `None` when born after today.
pub(crate) fn age(born: NaiveDate, today: NaiveDate) -> Option<(u32, u32)> {
    if born > today {
        return None;
    }
    let mut months = (today.year() - born.year()) * 12 + today.month() as i32 - born.month() as i32;
    if today.day() < born.day() {
        months -= 1;
    }
    let months = u32::try_from(months.max(0)).ok()?;
    Some((months / 12, months % 12))
}

impl Cx<'_> {
    /// Age in words: years, with months under six years (doses and sizes change fast).
    fn age_text(&self, born: NaiveDate) -> Option<String> {
        let (y, m) = age(born, self.today)?;
        Some(if y < 6 {
            self.msg(
                "view-age-years-months",
                &[("years", &y.to_string()), ("months", &m.to_string())],
            )
        } else {
            self.msg("view-age-years", &[("years", &y.to_string())])
        })
    }

    /// The identity block. `ems` adds sex, weight (with its date, or "not recorded") and blood
    /// type, as the EIF asks; every audience gets name, kana, nickname, age with date of birth and
    /// languages.
    pub(crate) fn identity(&mut self, ems: bool) -> Result<ViewSection> {
        let c = self.profile.child.clone();
        let mut items = Vec::new();
        let name = c.name.clone().unwrap_or_else(|| self.not_recorded());
        let detail = self.lines(
            [
                c.name_kana
                    .as_ref()
                    .map(|k| self.part("field-child-name_kana", k)),
                c.nickname.as_ref().map(|k| self.part("field-child-nickname", k)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        let label = self.label("field-child-name");
        items.push(self.item("child.name", label, name, detail)?);
        let label = self.msg("view-age-label", &[]);
        let value = match c.date_of_birth {
            Some(dob) => {
                let dob_text = dob.to_string();
                match self.age_text(dob.0) {
                    Some(age) => self.msg("view-age-value", &[("age", &age), ("dob", &dob_text)]),
                    None => dob_text,
                }
            }
            None => self.not_recorded(),
        };
        items.push(self.item("child.date_of_birth", label, value, None)?);
        if ems {
            let label = self.label("field-child-sex");
            let value = c
                .sex
                .map(|s| self.label(&s.fluent_id()))
                .unwrap_or_else(|| self.not_recorded());
            items.push(self.item("child.sex", label, value, None)?);
            let label = self.label("field-child-weight");
            let (value, detail) = match c.weight.kg {
                Some(kg) => (
                    self.qty(kg.0, Kilograms::UNIT),
                    c.weight
                        .measured_on
                        .map(|d| self.part("field-child-weight-measured_on", d.to_string())),
                ),
                None => (self.not_recorded(), None),
            };
            let stale = stale_weight(&c.weight, self.today);
            items.push(self.item_stale("child.weight", label, value, detail, stale)?);
            let label = self.label("field-child-blood_type");
            let value = c.blood_type.clone().unwrap_or_else(|| self.not_recorded());
            items.push(self.item("child.blood_type", label, value, None)?);
        }
        let label = self.label("field-child-languages");
        let value = c.languages.clone().unwrap_or_else(|| self.not_recorded());
        items.push(self.item("child.languages", label, value, None)?);
        Ok(self.section("identity", "view-section-identity", Priority::Red, items))
    }

    /// The airway: each tracheostomy with its size, cuff and spare, and what to do if it comes
    /// out as its own item. `None` when the child has no tracheostomy.
    pub(crate) fn airway(&mut self) -> Result<Option<ViewSection>> {
        let mut items = Vec::new();
        for (id, d) in self.devices_of(DeviceKind::Tracheostomy) {
            let (value, detail, stale) = super::ems::device_summary(self, d);
            // What to do if it comes out is the next item of its own: not again in the details.
            let dislodged = d
                .settings
                .tracheostomy
                .as_ref()
                .and_then(|t| t.if_dislodged.as_ref())
                .map(|x| self.part("field-devices-settings-tracheostomy-if_dislodged", x.as_str()));
            let detail = detail.and_then(|text| {
                self.lines(
                    text.lines()
                        .filter(|l| Some(*l) != dislodged.as_deref())
                        .map(str::to_owned)
                        .collect(),
                )
            });
            let label = self.device_label(d);
            let value = value.unwrap_or_else(|| self.not_recorded());
            items.push(self.item_stale(&format!("devices.{id}"), label, value, detail, stale)?);
            let path = format!("devices.{id}.settings.tracheostomy.if_dislodged");
            let label = self.label("field-devices-settings-tracheostomy-if_dislodged");
            let value = d
                .settings
                .tracheostomy
                .as_ref()
                .and_then(|t| t.if_dislodged.as_ref())
                .map(|n| n.as_str().to_owned())
                .unwrap_or_else(|| self.not_recorded());
            items.push(self.item(&path, label, value, None)?);
        }
        if items.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.section(
            "airway",
            "view-section-airway",
            Priority::Red,
            items,
        )))
    }

    /// A medication as an item: dose, route and times; trigger, strength, tube notes below.
    pub(crate) fn medication_item(&mut self, id: &str, m: &crate::model::Medication) -> Result<ViewItem> {
        let is_rescue = m.rescue == Some(true);
        let label = if is_rescue {
            self.msg(
                "view-rescue-medication",
                &[
                    ("name", &m.name),
                    ("rescue", &self.label("field-medications-rescue")),
                ],
            )
        } else {
            m.name.clone()
        };
        let value = self
            .join(
                [
                    m.dose.clone(),
                    m.route.map(|r| self.label(&r.fluent_id())),
                    m.times.clone(),
                ]
                .into_iter()
                .flatten()
                .collect(),
            )
            .unwrap_or_else(|| self.not_recorded());
        let detail = self.lines(
            [
                m.rescue_criteria
                    .as_ref()
                    .map(|c| self.msg("view-rescue-when", &[("criteria", c.as_str())])),
                m.strength
                    .as_ref()
                    .map(|s| self.part("field-medications-strength", s)),
                (m.tube_compatible == Some(true)).then(|| self.label("field-medications-tube_compatible")),
                m.tube_notes
                    .as_ref()
                    .map(|s| self.part("field-medications-tube_notes", s)),
                m.days_on_hand
                    .map(|d| self.part("field-medications-days_on_hand", self.qty(d.0, "d"))),
                (m.hard_to_get == Some(true)).then(|| self.label("field-medications-hard_to_get")),
                m.pharmacy
                    .as_ref()
                    .map(|s| self.part("field-medications-pharmacy", s)),
                m.prescriber
                    .as_ref()
                    .map(|s| self.part("field-medications-prescriber", s)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        self.item(&format!("medications.{id}"), label, value, detail)
    }

    /// Rescue medicines with trigger and dose (shelter red), or every medication, rescue last.
    pub(crate) fn medications_section(
        &mut self,
        rescue_only: bool,
        id: &str,
        title_id: &str,
        priority: Priority,
    ) -> Result<ViewSection> {
        let meds: Vec<(String, crate::model::Medication)> = self
            .profile
            .medications
            .ordered()
            .into_iter()
            .map(|(i, m)| (i.clone(), m.clone()))
            .collect();
        let (rescue, regular): (Vec<_>, Vec<_>) = meds.into_iter().partition(|(_, m)| m.rescue == Some(true));
        let mut items = Vec::new();
        let list: Vec<_> = if rescue_only {
            rescue
        } else {
            regular.into_iter().chain(rescue).collect()
        };
        for (mid, m) in &list {
            items.push(self.medication_item(mid, m)?);
        }
        Ok(self.section(id, title_id, priority, items))
    }

    /// How the child communicates: pain, yes/no, usual responsiveness.
    pub(crate) fn communication(&mut self, priority: Priority) -> Result<ViewSection> {
        let b = self.profile.baseline.clone();
        let mut items = Vec::new();
        for (field, value) in [
            ("communicates_pain", &b.communicates_pain),
            ("communicates_yes_no", &b.communicates_yes_no),
            ("consciousness", &b.consciousness),
        ] {
            if let Some(v) = value {
                let label = self.label(&format!("field-baseline-{field}"));
                items.push(self.item(&format!("baseline.{field}"), label, v.clone(), None)?);
            }
        }
        Ok(self.section("communication", "view-section-communication", priority, items))
    }

    /// Wishes and advance directive; "not recorded" says no decision is on record.
    pub(crate) fn wishes(&mut self) -> Result<ViewSection> {
        let w = self.profile.wishes.clone();
        let mut items = Vec::new();
        let label = self.label("field-wishes-resuscitation");
        let value = w
            .resuscitation
            .map(|r| self.label(&r.fluent_id()))
            .unwrap_or_else(|| self.msg("view-resuscitation-not-recorded", &[]));
        let detail = self.lines(
            [
                w.agreed_with
                    .as_ref()
                    .map(|s| self.part("field-wishes-agreed_with", s)),
                w.agreed_on
                    .map(|d| self.part("field-wishes-agreed_on", d.to_string())),
                w.document_location
                    .as_ref()
                    .map(|s| self.part("field-wishes-document_location", s)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        items.push(self.item("wishes.resuscitation", label, value, detail)?);
        for (field, note) in [("limits", &w.limits), ("care_wishes", &w.care_wishes)] {
            if let Some(n) = note {
                let label = self.label(&format!("field-wishes-{field}"));
                items.push(self.item(&format!("wishes.{field}"), label, n.as_str(), None)?);
            }
        }
        Ok(self.section("wishes", "view-section-wishes", Priority::Red, items))
    }

    /// An insulin or infusion pump's settings: the summary line and details.
    pub(crate) fn pump_parts(&self, p: &PumpSettings) -> (Vec<String>, Vec<String>) {
        let f = "field-devices-settings-pump";
        let mut value = Vec::new();
        let mut detail = Vec::new();
        if let Some(x) = &p.drug {
            value.push(x.clone());
        }
        if let Some(x) = &p.concentration {
            value.push(x.clone());
        }
        if let Some(r) = p.route {
            value.push(self.label(&r.fluent_id()));
        }
        if let Some(x) = p.rate {
            value.push(self.qty(x.0, MillilitresPerHour::UNIT));
        }
        if let Some(x) = &p.dose {
            value.push(self.part(&format!("{f}-dose"), x));
        }
        let mgdl = MilligramsPerDecilitre::UNIT;
        if let Some(x) = p.low_glucose_alert {
            value.push(self.part(&format!("{f}-low_glucose_alert"), self.qty(x.0, mgdl)));
        }
        if let Some(x) = p.high_glucose_alert {
            detail.push(self.part(&format!("{f}-high_glucose_alert"), self.qty(x.0, mgdl)));
        }
        if let Some(x) = self.range(
            p.glucose_target_low.map(|v| v.0),
            p.glucose_target_high.map(|v| v.0),
            mgdl,
        ) {
            detail.push(self.msg("view-glucose-target", &[("range", &x)]));
        }
        for (field, note) in [
            ("basal_program", &p.basal_program),
            ("bolus_settings", &p.bolus_settings),
        ] {
            if let Some(n) = note {
                detail.push(self.part(&format!("{f}-{field}"), n.as_str()));
            }
        }
        for (field, text) in [("sensor", &p.sensor), ("line", &p.line)] {
            if let Some(t) = text {
                detail.push(self.part(&format!("{f}-{field}"), t));
            }
        }
        if let Some(d) = p.last_site_change {
            detail.push(self.part(&format!("{f}-last_site_change"), d.to_string()));
        }
        if let Some(d) = p.site_change_interval_days {
            detail.push(self.part(&format!("{f}-site_change_interval_days"), self.qty(d.0, "d")));
        }
        if let Some(n) = &p.if_stops {
            detail.push(self.part(&format!("{f}-if_stops"), n.as_str()));
        }
        (value, detail)
    }

    /// The non-powered fallback, or the explicit statement that none exists.
    pub(crate) fn fallback_text(&self, d: &Device) -> Option<String> {
        match (&d.non_powered_fallback, d.no_non_powered_fallback) {
            (Some(f), _) => Some(self.part("field-devices-non_powered_fallback", f)),
            (None, Some(true)) => Some(self.msg(
                "view-no-fallback",
                &[("label", &self.label("field-devices-no_non_powered_fallback"))],
            )),
            _ => None,
        }
    }
}
