//! Rules that types alone cannot express: dates of measurements not in the future, ranges whose
//! low end must not pass the high end, settings that must match the device kind, "none known"
//! allergies with none listed, required names, well-formed ids.
//!
//! Range and type rules live in the types themselves (see `units`) and are enforced when JSON is
//! read. Messages name the field and the rule, never the value: the value is health data.

use chrono::NaiveDate;

use super::collection::is_valid_id;
use super::units::Date;
use super::*;

/// What validation needs from outside the profile.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext {
    /// Today, in the family's time zone: measurement dates may not be later.
    pub today: NaiveDate,
}

impl ValidationContext {
    /// A context for today (local time).
    pub fn now() -> Self {
        Self {
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// Dotted path of the field (`devices.dev-1.settings.ventilator.peep`).
    pub field: String,
    /// The rule, in words, without the offending value.
    pub rule: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

/// Every rule a profile breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ValidationError {
    /// The broken rules, in field order.
    pub violations: Vec<Violation>,
}

struct Checker {
    ctx: ValidationContext,
    out: Vec<Violation>,
}

impl Checker {
    fn fail(&mut self, field: impl Into<String>, rule: impl Into<String>) {
        self.out.push(Violation {
            field: field.into(),
            rule: rule.into(),
        });
    }

    fn not_future(&mut self, field: &str, date: Option<Date>) {
        if let Some(d) = date
            && d.0 > self.ctx.today
        {
            self.fail(field, "must not be in the future");
        }
    }

    fn required(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.fail(field, "is required");
        }
    }

    fn low_high<T: PartialOrd>(&mut self, field: &str, low: Option<T>, high: Option<T>) {
        if let (Some(l), Some(h)) = (low, high)
            && l > h
        {
            self.fail(field, "low end must not exceed high end");
        }
    }

    fn ids<T: Entity>(&mut self, path: &str, c: &Collection<T>) {
        for (id, _) in c.iter() {
            if !is_valid_id(id) {
                self.fail(path, "ids must be 1-64 letters, digits, '-' or '_'");
            }
        }
    }

    fn each<T: Entity>(&mut self, path: &str, c: &Collection<T>, mut f: impl FnMut(&mut Self, &str, &T)) {
        self.ids(path, c);
        for (id, item) in c.iter() {
            let p = format!("{path}.{id}");
            f(self, &p, item);
        }
    }
}

impl Profile {
    /// Checks every cross-field and context rule; `Ok` when the profile may be written.
    pub fn validate(&self, ctx: ValidationContext) -> Result<(), ValidationError> {
        let mut c = Checker { ctx, out: Vec::new() };
        if self.schema > SCHEMA_VERSION {
            c.fail("schema", "was written by a newer version of Tsunagu");
        }
        let ch = &self.child;
        c.not_future("child.date_of_birth", ch.date_of_birth);
        c.not_future("child.weight.measured_on", ch.weight.measured_on);
        c.not_future("child.height.measured_on", ch.height.measured_on);
        if ch.weight.kg.is_some() != ch.weight.measured_on.is_some() {
            c.fail(
                "child.weight",
                "a weight needs the date it was measured, and a date needs a weight",
            );
        }
        if ch.height.cm.is_some() != ch.height.measured_on.is_some() {
            c.fail(
                "child.height",
                "a height needs the date it was measured, and a date needs a height",
            );
        }
        if let Some(floor) = ch.dwelling.floor
            && !(-5..=100).contains(&floor)
        {
            c.fail("child.dwelling.floor", "must be a floor from -5 to 100");
        }
        c.each("diagnoses", &self.diagnoses, |c, p, d| {
            c.required(&format!("{p}.name"), &d.name);
            c.not_future(
                &format!("{p}.since"),
                d.since.and_then(|s| s.first_day()).map(Date),
            );
        });
        c.each("avoid", &self.avoid, |c, p, a| {
            c.required(&format!("{p}.what"), &a.what)
        });
        c.each("devices", &self.devices, validate_device);
        c.each("routines", &self.routines, |c, p, r| {
            c.required(&format!("{p}.title"), &r.title)
        });
        c.each("medications", &self.medications, |c, p, m| {
            c.required(&format!("{p}.name"), &m.name);
        });
        c.each("allergies.items", &self.allergies.items, |c, p, a| {
            c.required(&format!("{p}.agent"), &a.agent);
        });
        match (self.allergies.status, self.allergies.items.is_empty()) {
            (Some(AllergyStatus::NoneKnown), false) => c.fail(
                "allergies.status",
                "cannot be none_known while allergies are listed",
            ),
            (None, false) => c.fail("allergies.status", "must be recorded when allergies are listed"),
            _ => {}
        }
        c.each("contacts", &self.contacts, |c, p, x| {
            c.required(&format!("{p}.name"), &x.name)
        });
        c.ids("care_team", &self.care_team);
        c.not_future(
            "power_registration.registered_on",
            self.power_registration.registered_on,
        );
        let b = &self.baseline;
        c.low_high("baseline.heart_rate", b.heart_rate_low, b.heart_rate_high);
        c.low_high(
            "baseline.respiratory_rate",
            b.respiratory_rate_low,
            b.respiratory_rate_high,
        );
        c.low_high("baseline.spo2", b.spo2_low, b.spo2_high);
        c.low_high("baseline.temperature", b.temperature_low, b.temperature_high);
        c.each("emergency_actions", &self.emergency_actions, |c, p, a| {
            c.required(&format!("{p}.problem"), &a.problem);
        });
        let e = &self.evacuation;
        c.ids("evacuation.strategies", &e.strategies);
        c.each("evacuation.destinations", &e.destinations, |c, p, d| {
            c.required(&format!("{p}.name"), &d.name);
            if d.kind == Some(Strategy::NotApplicable) {
                c.fail(
                    format!("{p}.kind"),
                    "a destination must be a place, not \"not applicable\"",
                );
            }
        });
        c.each("evacuation.helpers", &e.helpers, |c, p, h| {
            c.required(&format!("{p}.name"), &h.name)
        });
        c.not_future("evacuation.plan_date", e.plan_date);
        c.not_future("evacuation.last_drill", e.last_drill);
        c.each("power_sources", &self.power_sources, |c, p, s| {
            c.not_future(&format!("{p}.last_checked"), s.last_checked);
        });
        c.each("stock", &self.stock, |c, p, s| {
            c.required(&format!("{p}.name"), &s.name)
        });
        c.each("consents", &self.consents, |c, p, s| {
            c.not_future(&format!("{p}.date"), s.date)
        });
        let w = &self.wishes;
        c.not_future("wishes.agreed_on", w.agreed_on);
        if w.resuscitation == Some(Resuscitation::Limited)
            && w.limits.as_ref().is_none_or(|l| l.0.trim().is_empty())
        {
            c.fail("wishes.limits", "limited resuscitation needs its limits in words");
        }
        for (key, v) in &self.verifications {
            let p = format!("verifications.{key}");
            match Section::parse(key) {
                Some(s) if s.verifiable() => {}
                _ => c.fail(&p, "must name a section of the profile"),
            }
            c.required(&format!("{p}.by"), &v.by);
            c.not_future(&format!("{p}.on"), Some(v.on));
        }
        if c.out.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: c.out })
        }
    }
}

fn validate_device(c: &mut Checker, p: &str, d: &Device) {
    let expected = DeviceSettings::for_kind(d.kind).present_groups();
    let present = d.settings.present_groups();
    if present.iter().any(|g| !expected.contains(g)) {
        c.fail(
            format!("{p}.settings"),
            "only the settings group matching the device kind may be filled",
        );
    }
    if let Some(t) = &d.settings.tracheostomy {
        c.not_future(&format!("{p}.settings.tracheostomy.last_changed"), t.last_changed);
    }
    if let Some(t) = &d.settings.feeding_tube {
        c.not_future(&format!("{p}.settings.feeding_tube.last_changed"), t.last_changed);
    }
    if d.no_non_powered_fallback == Some(true) && d.non_powered_fallback.is_some() {
        c.fail(
            format!("{p}.no_non_powered_fallback"),
            "cannot say no fallback exists while a fallback is recorded",
        );
    }
    if let Some(s) = &d.settings.pump {
        c.not_future(&format!("{p}.settings.pump.last_site_change"), s.last_site_change);
        c.low_high(
            &format!("{p}.settings.pump.glucose_target"),
            s.glucose_target_low,
            s.glucose_target_high,
        );
        c.low_high(
            &format!("{p}.settings.pump.glucose_alerts"),
            s.low_glucose_alert,
            s.high_glucose_alert,
        );
    }
    if let Some(v) = &d.settings.ventilator {
        c.low_high(&format!("{p}.settings.ventilator.pressures"), v.peep, v.pip);
        c.low_high(
            &format!("{p}.settings.ventilator.alarms"),
            v.alarm_low_pressure,
            v.alarm_high_pressure,
        );
    }
    if let Some(o) = &d.settings.oximeter {
        c.low_high(
            &format!("{p}.settings.oximeter.pulse_alarms"),
            o.pulse_low_alarm,
            o.pulse_high_alarm,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ValidationContext {
        ValidationContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date"),
        }
    }

    #[test]
    fn future_measurement_is_refused_by_field() {
        let mut p = Profile::empty();
        p.child.weight.kg = Some(Kilograms(14.0));
        p.child.weight.measured_on = Date::from_ymd(2027, 1, 1);
        let err = p.validate(ctx()).expect_err("future date");
        assert_eq!(err.violations[0].field, "child.weight.measured_on");
        assert_eq!(err.violations[0].rule, "must not be in the future");
    }

    #[test]
    fn none_known_allergies_cannot_list_allergies() {
        let mut p = Profile::empty();
        p.allergies.status = Some(AllergyStatus::NoneKnown);
        assert!(p.validate(ctx()).is_ok());
        p.allergies.items.push(
            "alg-1".into(),
            Allergy {
                order: 0.0,
                agent: "latex".into(),
                reaction: None,
                severity: None,
                certainty: None,
            },
        );
        let err = p.validate(ctx()).expect_err("contradiction");
        assert_eq!(err.violations[0].field, "allergies.status");
    }

    #[test]
    fn settings_must_match_device_kind() {
        let mut p = Profile::empty();
        let mut d = Device::new(DeviceKind::Suction);
        d.settings.ventilator = Some(VentilatorSettings::default());
        p.devices.push("dev-1".into(), d);
        let err = p.validate(ctx()).expect_err("mismatch");
        assert_eq!(err.violations[0].field, "devices.dev-1.settings");
    }

    #[test]
    fn spo2_range_must_be_ordered() {
        let mut p = Profile::empty();
        p.baseline.spo2_low = Some(Percent(95.0));
        p.baseline.spo2_high = Some(Percent(90.0));
        assert_eq!(
            p.validate(ctx()).expect_err("bad").violations[0].field,
            "baseline.spo2"
        );
    }
}
