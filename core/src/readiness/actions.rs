//! Thresholds that turn readiness figures into actions. Each action is a typed value with a
//! Fluent message id and its arguments; the words live in the message files, never here.
//!
//! | Rule | Severity | Message |
//! |---|---|---|
//! | child's runway < [`RUNWAY_URGENT_MINUTES`] (6 h) | urgent | go to the first destination whose power is `yes` or `generator` now (or find one) |
//! | oxygen cylinders < [`OXYGEN_URGENT_MINUTES`] (2 h) | urgent | call the oxygen dealer for cylinders |
//! | ventilator without a non-powered fallback | urgent | prepare a resuscitation bag |
//! | suction without a non-powered fallback | warning | prepare manual or foot suction |
//! | powered oxygen without a fallback or cylinders | warning | prepare oxygen cylinders |
//! | life-critical device's battery ≥ [`BATTERY_OLD_YEARS`] years old | warning | call the dealer's 24-hour phone about a new battery |
//! | life-critical device's battery age not recorded | notice | record the battery age |
//! | power dependent and no power source at all | warning | arrange a power station (ask about a lent unit) |
//! | source not pure sine-wave | warning | check with the dealer before use |
//! | source's maximum output < total watts | warning | it cannot run every device at once |
//! | station has fewer outlets than powered devices | warning | plan which device to plug in |
//! | stock item below the 3-day carry target | warning | restock |
//! | hard-to-get item or medicine below 14 days | warning | order early |
//! | medication below one week of spare | warning | ask for a prescription refill |

use serde::Serialize;

use crate::i18n::Localizer;
use crate::model::{DeviceKind, EntityId, PowerAvailability, Profile};

use super::Readiness;
use super::checklist::format_number;
use super::stockpile::{MEDICATION_SPARE_DAYS, SupplyLevel};

/// Below this child's runway (minutes), leave for a powered destination now.
pub const RUNWAY_URGENT_MINUTES: f64 = 6.0 * 60.0;
/// Below this many minutes of oxygen cylinders, call for more.
pub const OXYGEN_URGENT_MINUTES: f64 = 2.0 * 60.0;
/// Batteries this old or older (years) are worth a call to the dealer: by then they hold about
/// 70 % of their new runtime (see `power::battery_capacity_factor`).
pub const BATTERY_OLD_YEARS: f64 = 3.0;

/// How soon an action is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Now.
    Urgent,
    /// Before the next disaster.
    Warning,
    /// Worth doing.
    Notice,
}

impl Severity {
    /// The Fluent message id naming this severity.
    pub fn fluent_id(self) -> &'static str {
        match self {
            Severity::Urgent => "readiness-severity-urgent",
            Severity::Warning => "readiness-severity-warning",
            Severity::Notice => "readiness-severity-notice",
        }
    }
}

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Runway short: go to the named powered destination now.
    GoToPoweredDestination,
    /// Runway short and no destination with power recorded.
    FindPoweredDestination,
    /// Oxygen cylinders run out within 2 h.
    OxygenLow,
    /// Ventilator without a resuscitation bag recorded.
    PrepareResuscitationBag,
    /// Suction without manual or foot suction recorded.
    PrepareManualSuction,
    /// Oxygen concentrator without cylinders or a fallback recorded.
    PrepareOxygenCylinders,
    /// A life-critical device's battery is old: call the dealer.
    CallDealerOldBattery,
    /// A life-critical device's battery age is not recorded.
    RecordBatteryAge,
    /// Power dependent and no backup power source.
    NoBackupPower,
    /// A power source's output is not a pure sine wave.
    NotPureSine,
    /// A power source cannot supply every powered device at once.
    OutputTooLow,
    /// A power station has fewer outlets than there are powered devices.
    TooFewOutlets,
    /// A stock item is below the 3-day carry target.
    StockBelowCarry,
    /// A hard-to-get item or medication is below the 14-day home target.
    HardToGetLow,
    /// A medication is below one week of spare.
    MedicationRefill,
}

impl ActionKind {
    /// The Fluent message id of this action.
    pub fn fluent_id(self) -> &'static str {
        match self {
            ActionKind::GoToPoweredDestination => "readiness-action-go-to-powered-destination",
            ActionKind::FindPoweredDestination => "readiness-action-find-powered-destination",
            ActionKind::OxygenLow => "readiness-action-oxygen-low",
            ActionKind::PrepareResuscitationBag => "readiness-action-prepare-resuscitation-bag",
            ActionKind::PrepareManualSuction => "readiness-action-prepare-manual-suction",
            ActionKind::PrepareOxygenCylinders => "readiness-action-prepare-oxygen-cylinders",
            ActionKind::CallDealerOldBattery => "readiness-action-call-dealer-old-battery",
            ActionKind::RecordBatteryAge => "readiness-action-record-battery-age",
            ActionKind::NoBackupPower => "readiness-action-no-backup-power",
            ActionKind::NotPureSine => "readiness-action-not-pure-sine",
            ActionKind::OutputTooLow => "readiness-action-output-too-low",
            ActionKind::TooFewOutlets => "readiness-action-too-few-outlets",
            ActionKind::StockBelowCarry => "readiness-action-stock-below-carry",
            ActionKind::HardToGetLow => "readiness-action-hard-to-get-low",
            ActionKind::MedicationRefill => "readiness-action-medication-refill",
        }
    }

    /// Every action kind.
    pub const ALL: &'static [ActionKind] = &[
        ActionKind::GoToPoweredDestination,
        ActionKind::FindPoweredDestination,
        ActionKind::OxygenLow,
        ActionKind::PrepareResuscitationBag,
        ActionKind::PrepareManualSuction,
        ActionKind::PrepareOxygenCylinders,
        ActionKind::CallDealerOldBattery,
        ActionKind::RecordBatteryAge,
        ActionKind::NoBackupPower,
        ActionKind::NotPureSine,
        ActionKind::OutputTooLow,
        ActionKind::TooFewOutlets,
        ActionKind::StockBelowCarry,
        ActionKind::HardToGetLow,
        ActionKind::MedicationRefill,
    ];
}

/// The value of a message argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgValue {
    /// Text from the profile (a name, a phone number), shown as is.
    Text(String),
    /// A Fluent message id whose label is shown (`device-kind-ventilator`).
    Label(String),
    /// A number, shown without trailing zeros.
    Number(f64),
}

/// One named argument of an action's message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionArg {
    /// The Fluent variable name.
    pub name: &'static str,
    /// Its value.
    pub value: ArgValue,
}

/// An action the family should take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// What to do.
    pub kind: ActionKind,
    /// How soon.
    pub severity: Severity,
    /// The Fluent message id (`kind.fluent_id()`).
    pub message_id: &'static str,
    /// The message's arguments.
    pub args: Vec<ActionArg>,
    /// The device, power source, stock item or medication it is about, if any.
    pub subject: Option<EntityId>,
}

impl Action {
    fn new(kind: ActionKind, severity: Severity, subject: Option<&str>) -> Self {
        Self {
            kind,
            severity,
            message_id: kind.fluent_id(),
            args: Vec::new(),
            subject: subject.map(str::to_owned),
        }
    }

    fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push(ActionArg {
            name,
            value: ArgValue::Text(value.into()),
        });
        self
    }

    fn label(mut self, name: &'static str, id: impl Into<String>) -> Self {
        self.args.push(ActionArg {
            name,
            value: ArgValue::Label(id.into()),
        });
        self
    }

    fn number(mut self, name: &'static str, value: f64) -> Self {
        self.args.push(ActionArg {
            name,
            value: ArgValue::Number(value),
        });
        self
    }

    /// The argument named `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&ArgValue> {
        self.args.iter().find(|a| a.name == name).map(|a| &a.value)
    }

    /// The action in words, in the localizer's language.
    pub fn render(&self, l10n: &Localizer) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|a| {
                let v = match &a.value {
                    ArgValue::Text(t) => t.clone(),
                    ArgValue::Label(id) => l10n.label(id),
                    ArgValue::Number(n) => format_number(*n),
                };
                (a.name, v)
            })
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        l10n.message(self.message_id, &args)
    }
}

/// Minutes to hours, one decimal.
fn hours(minutes: f64) -> f64 {
    (minutes / 60.0 * 10.0).floor() / 10.0
}

const NOT_RECORDED: &str = "readiness-not-recorded";

fn phone_arg(action: Action, phone: Option<&String>) -> Action {
    match phone {
        Some(p) => action.text("phone", p.clone()),
        None => action.label("phone", NOT_RECORDED),
    }
}

/// The actions the readiness figures call for, urgent first (stable inside a severity).
pub fn actions(profile: &Profile, r: &Readiness) -> Vec<Action> {
    let mut out = Vec::new();
    let power = &r.power;

    // Runway.
    if let Some(minutes) = power.total_minutes
        && minutes < RUNWAY_URGENT_MINUTES
    {
        let destination = profile
            .evacuation
            .destinations
            .ordered()
            .into_iter()
            .find(|(_, d)| {
                matches!(
                    d.power,
                    Some(PowerAvailability::Yes | PowerAvailability::Generator)
                )
            });
        out.push(match destination {
            Some((id, d)) => Action::new(ActionKind::GoToPoweredDestination, Severity::Urgent, Some(id))
                .text("destination", d.name.clone())
                .number("hours", hours(minutes)),
            None => Action::new(ActionKind::FindPoweredDestination, Severity::Urgent, None)
                .number("hours", hours(minutes)),
        });
    }

    // Oxygen cylinders.
    for o in &r.oxygen {
        if let Some(minutes) = o.governing_minutes
            && minutes < OXYGEN_URGENT_MINUTES
        {
            let dealer = profile
                .devices
                .get(&o.device_id)
                .and_then(|d| d.dealer_phone_24h.as_ref());
            out.push(phone_arg(
                Action::new(ActionKind::OxygenLow, Severity::Urgent, Some(&o.device_id))
                    .number("minutes", minutes.floor()),
                dealer,
            ));
        }
    }

    // Non-powered fallbacks.
    for (id, d) in profile.devices.ordered() {
        if d.non_powered_fallback
            .as_deref()
            .is_some_and(|f| !f.trim().is_empty())
        {
            continue;
        }
        match d.kind {
            DeviceKind::Ventilator => out.push(Action::new(
                ActionKind::PrepareResuscitationBag,
                Severity::Urgent,
                Some(id),
            )),
            DeviceKind::Suction => out.push(Action::new(
                ActionKind::PrepareManualSuction,
                Severity::Warning,
                Some(id),
            )),
            DeviceKind::Oxygen
                if power.device(id).is_some() && !r.oxygen.iter().any(|o| &o.device_id == id) =>
            {
                out.push(Action::new(
                    ActionKind::PrepareOxygenCylinders,
                    Severity::Warning,
                    Some(id),
                ))
            }
            _ => {}
        }
    }

    // Batteries of life-critical devices.
    for dr in power.devices.iter().filter(|d| d.life_critical) {
        let Some(device) = profile.devices.get(&dr.device_id) else {
            continue;
        };
        let p = &device.power;
        let ages = [
            p.internal_battery_minutes.and(p.internal_battery_age_years),
            p.external_battery_minutes.and(p.external_battery_age_years),
        ];
        let oldest = ages
            .iter()
            .flatten()
            .map(|y| y.0)
            .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y))));
        if let Some(years) = oldest
            && years >= BATTERY_OLD_YEARS
        {
            out.push(phone_arg(
                Action::new(
                    ActionKind::CallDealerOldBattery,
                    Severity::Warning,
                    Some(&dr.device_id),
                )
                .label("device", device.kind.fluent_id())
                .number("years", years),
                device.dealer_phone_24h.as_ref(),
            ));
        }
        if dr.batteries.age_assumed {
            out.push(
                Action::new(
                    ActionKind::RecordBatteryAge,
                    Severity::Notice,
                    Some(&dr.device_id),
                )
                .label("device", device.kind.fluent_id()),
            );
        }
    }

    // Power sources.
    if power.power_dependent() && power.stations.is_empty() && power.fuel_sources.is_empty() {
        out.push(Action::new(ActionKind::NoBackupPower, Severity::Warning, None));
    }
    let sources = power
        .stations
        .iter()
        .map(|s| {
            (
                &s.id,
                s.kind,
                &s.name,
                s.pure_sine,
                s.output_sufficient,
                s.max_output_watts,
            )
        })
        .chain(power.fuel_sources.iter().map(|s| {
            (
                &s.id,
                s.kind,
                &s.name,
                s.pure_sine,
                s.output_sufficient,
                s.max_output_watts,
            )
        }));
    for (id, kind, name, pure_sine, output_ok, max_output) in sources {
        let with_name = |a: Action| match name {
            Some(n) => a.text("source", n.clone()),
            None => a.label("source", kind.fluent_id()),
        };
        if pure_sine == Some(false) {
            out.push(with_name(Action::new(
                ActionKind::NotPureSine,
                Severity::Warning,
                Some(id),
            )));
        }
        if output_ok == Some(false) {
            out.push(
                with_name(Action::new(ActionKind::OutputTooLow, Severity::Warning, Some(id)))
                    .number("max", max_output.unwrap_or(0.0))
                    .number("total", power.total_watts),
            );
        }
    }
    for s in &power.stations {
        if s.outlets_sufficient == Some(false) {
            let a = Action::new(ActionKind::TooFewOutlets, Severity::Warning, Some(&s.id));
            let a = match &s.name {
                Some(n) => a.text("source", n.clone()),
                None => a.label("source", s.kind.fluent_id()),
            };
            out.push(
                a.number("outlets", s.outlets.unwrap_or(0.0))
                    .number("devices", power.devices.len() as f64),
            );
        }
    }

    // Stockpile.
    for item in &r.stockpile.items {
        let Some(days) = item.days else { continue };
        if item.level == SupplyLevel::BelowCarry {
            out.push(
                Action::new(ActionKind::StockBelowCarry, Severity::Warning, Some(&item.id))
                    .text("item", item.name.clone())
                    .number("days", days.floor()),
            );
        } else if item.hard_to_get && item.level == SupplyLevel::BelowHome {
            out.push(
                Action::new(ActionKind::HardToGetLow, Severity::Warning, Some(&item.id))
                    .text("item", item.name.clone())
                    .number("days", days.floor()),
            );
        }
    }
    for med in &r.stockpile.medications {
        let Some(days) = med.days else { continue };
        if days < MEDICATION_SPARE_DAYS {
            out.push(
                Action::new(ActionKind::MedicationRefill, Severity::Warning, Some(&med.id))
                    .text("item", med.name.clone())
                    .number("days", days.floor()),
            );
        } else if med.hard_to_get && med.level == SupplyLevel::BelowHome {
            out.push(
                Action::new(ActionKind::HardToGetLow, Severity::Warning, Some(&med.id))
                    .text("item", med.name.clone())
                    .number("days", days.floor()),
            );
        }
    }

    out.sort_by_key(|a| a.severity);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{Count, Days, Litres, LitresPerMinute, Megapascals, Years};
    use crate::readiness::readiness;
    use crate::sample::demo_profile;

    fn kinds(p: &Profile) -> Vec<ActionKind> {
        readiness(p).actions.iter().map(|a| a.kind).collect()
    }

    #[test]
    fn demo_profile_calls_only_for_the_old_suction_battery() {
        // Scenario (a) runway 1216.875 min ≥ 360: no "go now". Suction battery 3 years ≥ 3: call the dealer.
        // Ventilator batteries 2 and 1 years: no call. Both have fallbacks. Stock: all ≥ 8 days;
        // HME is hard to get at 10 days < 14 → order early. Medications ≥ 7 days.
        let r = readiness(&demo_profile());
        let got: Vec<(ActionKind, Option<&str>)> =
            r.actions.iter().map(|a| (a.kind, a.subject.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (ActionKind::CallDealerOldBattery, Some("dev-suction")),
                (ActionKind::HardToGetLow, Some("stk-hme")),
            ]
        );
    }

    #[test]
    fn short_runway_names_the_first_powered_destination() {
        let mut p = demo_profile();
        // Without the station and the external batteries, scenario (a): the 24-h ventilator
        // runs on its internal battery, 300 min × 0.8 (2 years) = 240 min; suction at 6 min
        // an hour stretches 42 min of battery to 420 min. The ventilator stops first at
        // 240 min (4 h) < 6 h → urgent.
        p.power_sources.remove("pwr-station");
        if let Some(v) = p.devices.get_mut("dev-vent") {
            v.power.external_batteries = None;
            v.power.external_battery_minutes = None;
        }
        let r = readiness(&p);
        assert_eq!(r.power.governing_device.as_deref(), Some("dev-vent"));
        let go = &r.actions[0];
        assert_eq!(go.kind, ActionKind::GoToPoweredDestination);
        assert_eq!(go.severity, Severity::Urgent);
        // The hospital (power yes) comes first in the plan.
        assert_eq!(go.subject.as_deref(), Some("dest-hospital"));
        assert_eq!(go.arg("hours"), Some(&ArgValue::Number(4.0)));
        let ja = go.render(&Localizer::new(Lang::Ja));
        assert!(ja.contains("架空市民病院") && ja.contains('4'), "{ja}");
        let en = go.render(&Localizer::new(Lang::En));
        assert!(en.contains("架空市民病院") && en.contains("4 h"), "{en}");

        // No destination with power → find one.
        let mut q = p.clone();
        for (_, d) in q.evacuation.destinations.iter_mut() {
            d.power = Some(PowerAvailability::No);
        }
        assert_eq!(kinds(&q)[0], ActionKind::FindPoweredDestination);
    }

    #[test]
    fn runway_exactly_six_hours_does_not_fire() {
        let mut p = demo_profile();
        p.power_sources.remove("pwr-station");
        // Suction battery 60 min new; make it 360 min at age 0 → exactly 6 h.
        if let Some(s) = p.devices.get_mut("dev-suction") {
            s.power.internal_battery_minutes = Some(crate::model::Minutes(360.0));
            s.power.internal_battery_age_years = Some(Years(0.0));
        }
        assert!(!kinds(&p).contains(&ActionKind::GoToPoweredDestination));
    }

    #[test]
    fn missing_fallbacks_and_power_source_problems() {
        let mut p = demo_profile();
        for (_, d) in p.devices.iter_mut() {
            d.non_powered_fallback = None;
        }
        if let Some(s) = p.power_sources.get_mut("pwr-station") {
            s.pure_sine = Some(false);
            s.max_output = Some(crate::model::Watts(80.0));
            s.outlets = Some(Count(1.0));
        }
        let k = kinds(&p);
        for expected in [
            ActionKind::PrepareResuscitationBag,
            ActionKind::PrepareManualSuction,
            ActionKind::NotPureSine,
            ActionKind::OutputTooLow,
            ActionKind::TooFewOutlets,
        ] {
            assert!(k.contains(&expected), "{expected:?} missing from {k:?}");
        }
        // Urgent first.
        assert_eq!(k[0], ActionKind::PrepareResuscitationBag);
        // No power source at all.
        let mut q = demo_profile();
        q.power_sources = Default::default();
        assert!(kinds(&q).contains(&ActionKind::NoBackupPower));
    }

    #[test]
    fn oxygen_under_two_hours_fires_and_over_does_not() {
        let mut p = demo_profile();
        let mut o2 = crate::model::Device::new(DeviceKind::Oxygen);
        o2.order = 9.0;
        o2.non_powered_fallback = Some("cylinder".into());
        if let Some(s) = o2.settings.oxygen.as_mut() {
            // One 3.4 L cylinder at 10 MPa, 4 L/min at rest → 68 min < 120.
            s.cylinder_volume = Some(Litres(3.4));
            s.cylinder_pressure = Some(Megapascals(10.0));
            s.cylinder_count = Some(Count(1.0));
            s.flow_rest = Some(LitresPerMinute(4.0));
        }
        p.devices.insert("dev-o2".into(), o2);
        let r = readiness(&p);
        let low = r
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::OxygenLow)
            .expect("oxygen low");
        assert_eq!(low.arg("minutes"), Some(&ArgValue::Number(68.0)));
        // Two cylinders → 136 min ≥ 120: no action.
        if let Some(s) = p
            .devices
            .get_mut("dev-o2")
            .and_then(|d| d.settings.oxygen.as_mut())
        {
            s.cylinder_count = Some(Count(2.0));
        }
        assert!(!kinds(&p).contains(&ActionKind::OxygenLow));
    }

    #[test]
    fn stock_and_medication_thresholds() {
        let mut p = demo_profile();
        // Catheters 40 ÷ 15 = 2.67 days < 3 → restock; valproate 5 days < 7 → refill.
        if let Some(i) = p.stock.get_mut("stk-catheter") {
            i.on_hand = Some(Count(40.0));
        }
        if let Some(m) = p.medications.get_mut("med-valproate") {
            m.days_on_hand = Some(Days(5.0));
        }
        let r = readiness(&p);
        let restock = r
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::StockBelowCarry)
            .expect("restock");
        assert_eq!(restock.arg("days"), Some(&ArgValue::Number(2.0)));
        assert!(
            r.actions
                .iter()
                .any(|a| a.kind == ActionKind::MedicationRefill
                    && a.subject.as_deref() == Some("med-valproate"))
        );
    }

    #[test]
    fn every_action_has_words_in_both_languages() {
        for lang in Lang::ALL {
            let l10n = Localizer::new(*lang);
            for kind in ActionKind::ALL {
                assert!(l10n.has(kind.fluent_id()), "{lang}: {}", kind.fluent_id());
            }
            for s in [Severity::Urgent, Severity::Warning, Severity::Notice] {
                assert!(l10n.has(s.fluent_id()));
            }
            assert!(l10n.has(NOT_RECORDED));
        }
    }
}
