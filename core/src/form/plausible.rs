//! Plausibility: values that are possible but unlikely enough to be a typo, given the child.
//! They are warnings, not errors: the person entering confirms them, and the confirmation is
//! recorded with the value (an [`crate::Edit::Confirm`] in the same change; ADR 0009).
//!
//! Ranges from DOMAIN.md ("Plausible ranges", to be confirmed with clinicians): ventilator rate
//! by age, tidal volume per kg of the recorded weight, FiO2 21–100 %, PEEP, PIP, oxygen flow,
//! suction pressure, suction catheter against the cannula, cannula and feeding-tube sizes,
//! weight and height at the extremes for the age, a date of birth too long ago.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::i18n::Localizer;
use crate::model::Profile;

/// One value that deserves a second look.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Concrete dotted path of the value (`devices.dev-1.settings.ventilator.fio2`).
    pub path: String,
    /// Why it is questioned.
    pub rule: WarningRule,
}

/// Why a value is questioned; each carries the range it was compared with, never the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum WarningRule {
    /// Outside the range usual for every child.
    OutsideUsual {
        /// Low end.
        low: f64,
        /// High end.
        high: f64,
        /// Unit symbol.
        unit: String,
    },
    /// FiO2 typed as a fraction (0.4) into a percentage field.
    Fio2AsFraction,
    /// Ventilator rate outside the usual range for the child's age.
    RateForAge {
        /// Low end, per minute.
        low: f64,
        /// High end, per minute.
        high: f64,
        /// Age in whole years.
        age_years: u32,
    },
    /// Tidal volume outside 4–10 mL per kg of the recorded weight.
    TidalVolumePerKg {
        /// Low end, mL.
        low: f64,
        /// High end, mL.
        high: f64,
    },
    /// A suction catheter larger than twice the cannula's inner diameter (in mm).
    CatheterForCannula {
        /// The largest usual catheter, Fr.
        max_fr: f64,
    },
    /// Weight far outside the range for the age.
    WeightForAge {
        /// Age in whole years.
        age_years: u32,
    },
    /// Height far outside the range for the age.
    HeightForAge {
        /// Age in whole years.
        age_years: u32,
    },
    /// A date of birth that makes the child older than 30.
    BirthLongAgo,
}

impl Warning {
    /// The warning in words, naming the field by its label.
    pub fn describe(&self, l: &Localizer) -> String {
        let field = l.field_label(&self.path);
        let n = |x: f64| format_number(x);
        let reason = match &self.rule {
            WarningRule::OutsideUsual { low, high, unit } => l.message(
                "entry-warn-outside-usual",
                &[("low", &n(*low)), ("high", &n(*high)), ("unit", &l.unit(unit))],
            ),
            WarningRule::Fio2AsFraction => l.message("entry-warn-fio2-fraction", &[]),
            WarningRule::RateForAge { low, high, age_years } => l.message(
                "entry-warn-rate-for-age",
                &[
                    ("low", &n(*low)),
                    ("high", &n(*high)),
                    ("age", &age_years.to_string()),
                ],
            ),
            WarningRule::TidalVolumePerKg { low, high } => l.message(
                "entry-warn-tidal-volume",
                &[("low", &n(*low)), ("high", &n(*high))],
            ),
            WarningRule::CatheterForCannula { max_fr } => {
                l.message("entry-warn-catheter", &[("max", &n(*max_fr))])
            }
            WarningRule::WeightForAge { age_years } => {
                l.message("entry-warn-weight-for-age", &[("age", &age_years.to_string())])
            }
            WarningRule::HeightForAge { age_years } => {
                l.message("entry-warn-height-for-age", &[("age", &age_years.to_string())])
            }
            WarningRule::BirthLongAgo => l.message("entry-warn-birth-long-ago", &[]),
        };
        l.message("entry-field-warning", &[("field", &field), ("reason", &reason)])
    }
}

/// A number without a trailing `.0`, one decimal at most.
fn format_number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Whole years from `born` to `today`.
fn age_years(born: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Every warning the profile deserves today.
pub fn warnings(profile: &Profile, today: NaiveDate) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |path: String, rule: WarningRule| out.push(Warning { path, rule });
    let child = &profile.child;
    let age = child.date_of_birth.map(|d| age_years(d.0, today));
    let weight = child.weight.kg.map(|k| k.0);
    if let Some(a) = age
        && a > 30
    {
        warn("child.date_of_birth".into(), WarningRule::BirthLongAgo);
    }
    if let (Some(a), Some(kg)) = (age, weight) {
        // Extremes only: children with medical complexity are often small.
        let (low, high) = match a {
            0 => (0.3, 15.0),
            1..=5 => (2.0, 40.0),
            6..=12 => (4.0, 100.0),
            _ => (8.0, 150.0),
        };
        if !(low..=high).contains(&kg) {
            warn(
                "child.weight.kg".into(),
                WarningRule::WeightForAge { age_years: a },
            );
        }
    }
    if let (Some(a), Some(cm)) = (age, child.height.cm.map(|c| c.0)) {
        let (low, high) = match a {
            0 => (25.0, 95.0),
            1..=5 => (40.0, 135.0),
            6..=12 => (55.0, 185.0),
            _ => (70.0, 210.0),
        };
        if !(low..=high).contains(&cm) {
            warn(
                "child.height.cm".into(),
                WarningRule::HeightForAge { age_years: a },
            );
        }
    }
    let cannula_id = profile
        .devices
        .iter()
        .filter_map(|(_, d)| d.settings.tracheostomy.as_ref()?.inner_diameter.map(|x| x.0))
        .next();
    for (id, device) in profile.devices.iter() {
        let base = format!("devices.{id}.settings");
        let mut usual = |group: &str, name: &str, value: Option<f64>, unit: &str| {
            let path = format!("{base}.{group}.{name}");
            if let (Some(v), Some((low, high))) = (
                value,
                super::annotations::plausible_range(&crate::i18n::field_key(&path)),
            ) && !(low..=high).contains(&v)
            {
                let rule = if group == "ventilator" && name == "fio2" && v <= 1.0 {
                    WarningRule::Fio2AsFraction
                } else {
                    WarningRule::OutsideUsual {
                        low,
                        high,
                        unit: unit.to_owned(),
                    }
                };
                warn(path, rule);
            }
        };
        let s = &device.settings;
        if let Some(v) = &s.ventilator {
            usual("ventilator", "fio2", v.fio2.map(|x| x.0), "%");
            usual("ventilator", "peep", v.peep.map(|x| x.0), "cmH2O");
            usual("ventilator", "pip", v.pip.map(|x| x.0), "cmH2O");
            usual("ventilator", "oxygen_flow", v.oxygen_flow.map(|x| x.0), "L/min");
        }
        if let Some(o) = &s.oxygen {
            usual("oxygen", "flow_rest", o.flow_rest.map(|x| x.0), "L/min");
            usual("oxygen", "flow_sleep", o.flow_sleep.map(|x| x.0), "L/min");
            usual("oxygen", "flow_exertion", o.flow_exertion.map(|x| x.0), "L/min");
        }
        if let Some(t) = &s.tracheostomy {
            usual(
                "tracheostomy",
                "inner_diameter",
                t.inner_diameter.map(|x| x.0),
                "mm",
            );
            usual(
                "tracheostomy",
                "spare_smaller_inner_diameter",
                t.spare_smaller_inner_diameter.map(|x| x.0),
                "mm",
            );
        }
        if let Some(f) = &s.feeding_tube {
            usual("feeding_tube", "size", f.size.map(|x| x.0), "Fr");
            usual(
                "feeding_tube",
                "balloon_volume",
                f.balloon_volume.map(|x| x.0),
                "mL",
            );
        }
        if let Some(su) = &s.suction {
            usual("suction", "pressure", su.pressure.map(|x| x.0), "kPa");
        }
        if let (Some(su), Some(id_mm)) = (&s.suction, cannula_id)
            && let Some(fr) = su.catheter_size.map(|x| x.0)
            && fr > 2.0 * id_mm
        {
            warn(
                format!("{base}.suction.catheter_size"),
                WarningRule::CatheterForCannula { max_fr: 2.0 * id_mm },
            );
        }
        if let Some(v) = &s.ventilator {
            if let (Some(rate), Some(a)) = (v.rate.map(|x| x.0), age) {
                let (low, high) = match a {
                    0 => (20.0, 40.0),
                    1..=11 => (15.0, 30.0),
                    _ => (12.0, 20.0),
                };
                if !(low..=high).contains(&rate) {
                    warn(
                        format!("{base}.ventilator.rate"),
                        WarningRule::RateForAge {
                            low,
                            high,
                            age_years: a,
                        },
                    );
                }
            }
            if let (Some(tv), Some(kg)) = (v.tidal_volume.map(|x| x.0), weight) {
                let (low, high) = (4.0 * kg, 10.0 * kg);
                if !(low..=high).contains(&tv) {
                    warn(
                        format!("{base}.ventilator.tidal_volume"),
                        WarningRule::TidalVolumePerKg { low, high },
                    );
                }
            }
        }
    }
    out
}
