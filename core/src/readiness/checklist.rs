//! The post-blackout checklist: when power returns, compare each device's settings with the ones
//! stored in the profile. Devices that forget their settings on a power loss come first.

use serde::Serialize;

use crate::model::{
    CmH2O, Count, Device, DeviceKind, EntityId, French, Hours, Kilopascals, LitresPerMinute, Millilitres,
    Minutes, PerMinute, Percent, Profile, Seconds,
};

use super::power::{PowerNeed, power_need};

/// One setting to compare, with its stored value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingCheck {
    /// Dotted field path inside the device (`settings.ventilator.peep`); its label is the
    /// Fluent message `field-devices-<path with dashes>`.
    pub field: String,
    /// The stored value, as text (numbers without their unit).
    pub value: String,
    /// The unit symbol of the value (a quantity's `UNIT`, localized with `Localizer::unit`).
    pub unit: Option<&'static str>,
}

impl SettingCheck {
    /// The Fluent message id of this setting's label.
    pub fn label_id(&self) -> String {
        format!("field-devices-{}", self.field.replace('.', "-"))
    }
}

/// One device to check after power returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// Id of the device.
    pub device_id: EntityId,
    /// Kind of device.
    pub kind: DeviceKind,
    /// Maker and model, as recorded.
    pub model: Option<String>,
    /// The device forgets its settings on a power loss: re-enter them.
    pub resets_on_power_loss: bool,
    /// Time to recharge its batteries fully, minutes.
    pub charge_time_minutes: Option<f64>,
    /// The stored settings to compare, in the order the device shows them.
    pub settings: Vec<SettingCheck>,
}

/// Post-blackout checklist of `profile`: every powered device, and every device with settings
/// that live on a powered unit (ventilator, suction, oxygen, oximeter, cough assist, pump).
/// Devices with `settings_reset_on_power_loss == Some(true)` first, then the others; display
/// order inside each group.
pub fn post_blackout_checklist(profile: &Profile) -> Vec<ChecklistItem> {
    let mut items: Vec<ChecklistItem> = profile
        .devices
        .ordered()
        .into_iter()
        .filter(|(_, d)| {
            power_need(d) == PowerNeed::Powered
                || matches!(
                    d.kind,
                    DeviceKind::Ventilator
                        | DeviceKind::Suction
                        | DeviceKind::Oxygen
                        | DeviceKind::Oximeter
                        | DeviceKind::CoughAssist
                        | DeviceKind::Pump
                )
        })
        .map(|(id, d)| ChecklistItem {
            device_id: id.clone(),
            kind: d.kind,
            model: d.model.clone(),
            resets_on_power_loss: d.settings_reset_on_power_loss == Some(true),
            charge_time_minutes: d.power.charge_time_minutes.map(|m: Minutes| m.0),
            settings: settings_of(d),
        })
        .collect();
    // Stable: keeps display order inside each group.
    items.sort_by_key(|i| !i.resets_on_power_loss);
    items
}

/// Builds the list of recorded settings of one device.
struct Checks(Vec<SettingCheck>);

impl Checks {
    fn text(&mut self, field: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.0.push(SettingCheck {
                field: field.to_owned(),
                value: v.clone(),
                unit: None,
            });
        }
    }

    fn number(&mut self, field: &str, value: Option<f64>, unit: &'static str) {
        if let Some(v) = value {
            self.0.push(SettingCheck {
                field: field.to_owned(),
                value: format_number(v),
                unit: (!unit.is_empty()).then_some(unit),
            });
        }
    }
}

/// A number without a trailing `.0` (`18`, `0.8`).
pub fn format_number(v: f64) -> String {
    // Adding 0.0 turns a negative zero (from rounding a tiny negative) into 0, never "-0".
    let rounded = (v * 100.0).round() / 100.0 + 0.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

fn settings_of(d: &Device) -> Vec<SettingCheck> {
    let mut c = Checks(Vec::new());
    let s = &d.settings;
    if let Some(v) = &s.ventilator {
        let p = "settings.ventilator";
        c.text(&format!("{p}.mode"), &v.mode);
        c.number(&format!("{p}.rate"), v.rate.map(|x| x.0), PerMinute::UNIT);
        c.number(
            &format!("{p}.inspiratory_time"),
            v.inspiratory_time.map(|x| x.0),
            Seconds::UNIT,
        );
        c.number(&format!("{p}.pip"), v.pip.map(|x| x.0), CmH2O::UNIT);
        c.number(&format!("{p}.peep"), v.peep.map(|x| x.0), CmH2O::UNIT);
        c.number(
            &format!("{p}.tidal_volume"),
            v.tidal_volume.map(|x| x.0),
            Millilitres::UNIT,
        );
        c.number(&format!("{p}.fio2"), v.fio2.map(|x| x.0), Percent::UNIT);
        c.number(
            &format!("{p}.oxygen_flow"),
            v.oxygen_flow.map(|x| x.0),
            LitresPerMinute::UNIT,
        );
        c.number(
            &format!("{p}.alarm_high_pressure"),
            v.alarm_high_pressure.map(|x| x.0),
            CmH2O::UNIT,
        );
        c.number(
            &format!("{p}.alarm_low_pressure"),
            v.alarm_low_pressure.map(|x| x.0),
            CmH2O::UNIT,
        );
        c.number(
            &format!("{p}.hours_per_day"),
            v.hours_per_day.map(|x| x.0),
            Hours::UNIT,
        );
        c.text(&format!("{p}.humidifier"), &v.humidifier);
    }
    if let Some(v) = &s.suction {
        let p = "settings.suction";
        c.number(
            &format!("{p}.catheter_size"),
            v.catheter_size.map(|x| x.0),
            French::UNIT,
        );
        c.number(
            &format!("{p}.pressure"),
            v.pressure.map(|x| x.0),
            Kilopascals::UNIT,
        );
    }
    if let Some(v) = &s.oxygen {
        let p = "settings.oxygen";
        c.number(
            &format!("{p}.flow_rest"),
            v.flow_rest.map(|x| x.0),
            LitresPerMinute::UNIT,
        );
        c.number(
            &format!("{p}.flow_sleep"),
            v.flow_sleep.map(|x| x.0),
            LitresPerMinute::UNIT,
        );
        c.number(
            &format!("{p}.flow_exertion"),
            v.flow_exertion.map(|x| x.0),
            LitresPerMinute::UNIT,
        );
    }
    if let Some(v) = &s.oximeter {
        let p = "settings.oximeter";
        c.number(
            &format!("{p}.spo2_low_alarm"),
            v.spo2_low_alarm.map(|x| x.0),
            Percent::UNIT,
        );
        c.number(
            &format!("{p}.pulse_low_alarm"),
            v.pulse_low_alarm.map(|x| x.0),
            PerMinute::UNIT,
        );
        c.number(
            &format!("{p}.pulse_high_alarm"),
            v.pulse_high_alarm.map(|x| x.0),
            PerMinute::UNIT,
        );
    }
    if let Some(v) = &s.cough_assist {
        let p = "settings.cough_assist";
        c.text(&format!("{p}.mode"), &v.mode);
        c.number(
            &format!("{p}.inhale_pressure"),
            v.inhale_pressure.map(|x| x.0),
            CmH2O::UNIT,
        );
        c.number(
            &format!("{p}.exhale_pressure"),
            v.exhale_pressure.map(|x| x.0),
            CmH2O::UNIT,
        );
        c.number(&format!("{p}.cycles"), v.cycles.map(|x| x.0), Count::UNIT);
    }
    if let Some(v) = &s.feeding_tube {
        c.text("settings.feeding_tube.pump", &v.pump);
    }
    if let Some(v) = &s.other {
        c.text("settings.other.description", &v.description);
    }
    c.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localizer};
    use crate::sample::demo_profile;

    #[test]
    fn demo_ventilator_settings_with_units() {
        let list = post_blackout_checklist(&demo_profile());
        let ids: Vec<&str> = list.iter().map(|i| i.device_id.as_str()).collect();
        // Ventilator, suction and oximeter; not the cannula or the button.
        assert_eq!(ids, ["dev-vent", "dev-suction", "dev-oxi"]);
        let vent = &list[0];
        let fields: Vec<(&str, &str, Option<&str>)> = vent
            .settings
            .iter()
            .map(|s| (s.field.as_str(), s.value.as_str(), s.unit))
            .collect();
        assert_eq!(
            &fields[..5],
            &[
                ("settings.ventilator.mode", "SIMV (PC)", None),
                ("settings.ventilator.rate", "20", Some("/min")),
                ("settings.ventilator.inspiratory_time", "0.8", Some("s")),
                ("settings.ventilator.pip", "18", Some("cmH2O")),
                ("settings.ventilator.peep", "5", Some("cmH2O")),
            ]
        );
        assert!(fields.contains(&("settings.ventilator.alarm_high_pressure", "30", Some("cmH2O"))));
        // Every label id exists in both languages.
        for lang in Lang::ALL {
            let l10n = Localizer::new(*lang);
            for item in &list {
                for s in &item.settings {
                    assert!(l10n.has(&s.label_id()), "{lang}: {}", s.label_id());
                }
            }
        }
    }

    #[test]
    fn devices_that_reset_come_first() {
        let mut p = demo_profile();
        // The oximeter (display order 5) forgets its settings: it moves to the top.
        if let Some(oxi) = p.devices.get_mut("dev-oxi") {
            oxi.settings_reset_on_power_loss = Some(true);
        }
        let list = post_blackout_checklist(&p);
        let ids: Vec<&str> = list.iter().map(|i| i.device_id.as_str()).collect();
        assert_eq!(ids, ["dev-oxi", "dev-vent", "dev-suction"]);
        assert!(list[0].resets_on_power_loss);
        assert!(!list[1].resets_on_power_loss);
    }

    #[test]
    fn numbers_print_without_trailing_zeros() {
        assert_eq!(format_number(18.0), "18");
        assert_eq!(format_number(0.8), "0.8");
        assert_eq!(format_number(9.166_666), "9.17");
    }
}
