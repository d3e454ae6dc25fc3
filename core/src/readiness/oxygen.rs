//! Oxygen cylinders: how many minutes the cylinders at home last at each recorded flow.
//!
//! DOMAIN.md: usable litres = volume (L) × gauge pressure (MPa) × 10 × 0.8; minutes = litres ÷
//! flow (L/min). The factor 10 turns MPa into atmospheres (bar, near enough) and 0.8 keeps a
//! fifth of the cylinder in reserve. Example: 3.4 L at 10 MPa, 4 L/min → 272 L → 68 min.

use serde::Serialize;

use crate::model::{DeviceKind, EntityId, OxygenSettings, Profile};

/// Fraction of a cylinder's contents counted as usable.
pub const USABLE_FRACTION: f64 = 0.8;

/// Usable litres in one cylinder of `volume_l` water capacity at `pressure_mpa` gauge pressure.
pub fn usable_litres(volume_l: f64, pressure_mpa: f64) -> f64 {
    volume_l * pressure_mpa * 10.0 * USABLE_FRACTION
}

/// Minutes one cylinder lasts at `flow_l_per_min`; `None` for a zero flow.
pub fn cylinder_minutes(volume_l: f64, pressure_mpa: f64, flow_l_per_min: f64) -> Option<f64> {
    (flow_l_per_min > 0.0).then(|| usable_litres(volume_l, pressure_mpa) / flow_l_per_min)
}

/// A flow setting of the oxygen prescription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowSetting {
    /// At rest.
    Rest,
    /// Asleep.
    Sleep,
    /// On exertion.
    Exertion,
}

impl FlowSetting {
    /// The Fluent message id naming this setting.
    pub fn fluent_id(self) -> &'static str {
        match self {
            FlowSetting::Rest => "readiness-oxygen-flow-rest",
            FlowSetting::Sleep => "readiness-oxygen-flow-sleep",
            FlowSetting::Exertion => "readiness-oxygen-flow-exertion",
        }
    }
}

/// Cylinder minutes at one flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowRunway {
    /// Which flow.
    pub setting: FlowSetting,
    /// The flow, L/min.
    pub flow_l_per_min: f64,
    /// Minutes of one cylinder.
    pub minutes_per_cylinder: f64,
    /// Minutes of all cylinders (`None` when the count is not recorded).
    pub minutes_total: Option<f64>,
}

/// The cylinders of one oxygen device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OxygenRunway {
    /// Id of the oxygen device.
    pub device_id: EntityId,
    /// Cylinder water capacity, L.
    pub cylinder_volume_l: f64,
    /// Gauge pressure of a full cylinder, MPa.
    pub cylinder_pressure_mpa: f64,
    /// Cylinders at home, if recorded.
    pub cylinder_count: Option<f64>,
    /// Usable litres per cylinder.
    pub usable_litres_per_cylinder: f64,
    /// Minutes at each recorded flow (rest, sleep, exertion).
    pub flows: Vec<FlowRunway>,
    /// The figure the thresholds use: all cylinders at the higher of the rest and sleep flows
    /// (the flows the child spends hours at; exertion comes in bursts). Falls back to the
    /// exertion flow when it is the only one, and to one cylinder when the count is unknown.
    pub governing_minutes: Option<f64>,
}

/// Cylinder runway of one oxygen settings group; `None` unless volume and pressure are recorded.
pub fn oxygen_runway(device_id: &str, settings: &OxygenSettings) -> Option<OxygenRunway> {
    let volume = settings.cylinder_volume?.0;
    let pressure = settings.cylinder_pressure?.0;
    let count = settings.cylinder_count.map(|c| c.0);
    let flows: Vec<FlowRunway> = [
        (FlowSetting::Rest, settings.flow_rest),
        (FlowSetting::Sleep, settings.flow_sleep),
        (FlowSetting::Exertion, settings.flow_exertion),
    ]
    .into_iter()
    .filter_map(|(setting, flow)| {
        let flow = flow?.0;
        let per = cylinder_minutes(volume, pressure, flow)?;
        Some(FlowRunway {
            setting,
            flow_l_per_min: flow,
            minutes_per_cylinder: per,
            minutes_total: count.map(|n| n * per),
        })
    })
    .collect();
    let continuous = flows
        .iter()
        .filter(|f| f.setting != FlowSetting::Exertion)
        .min_by(|a, b| a.minutes_per_cylinder.total_cmp(&b.minutes_per_cylinder));
    let governing = continuous
        .or_else(|| flows.first())
        .map(|f| f.minutes_total.unwrap_or(f.minutes_per_cylinder));
    Some(OxygenRunway {
        device_id: device_id.to_owned(),
        cylinder_volume_l: volume,
        cylinder_pressure_mpa: pressure,
        cylinder_count: count,
        usable_litres_per_cylinder: usable_litres(volume, pressure),
        flows,
        governing_minutes: governing,
    })
}

/// Cylinder runways of every oxygen device of `profile` that records its cylinders.
pub fn oxygen_runways(profile: &Profile) -> Vec<OxygenRunway> {
    profile
        .devices
        .ordered()
        .into_iter()
        .filter(|(_, d)| d.kind == DeviceKind::Oxygen)
        .filter_map(|(id, d)| oxygen_runway(id, d.settings.oxygen.as_ref()?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, Litres, LitresPerMinute, Megapascals};

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn domain_example_gives_68_minutes() {
        // 3.4 L × 10 MPa × 10 × 0.8 = 272 L; 272 ÷ 4 L/min = 68 min.
        close(usable_litres(3.4, 10.0), 272.0);
        close(cylinder_minutes(3.4, 10.0, 4.0).expect("flow"), 68.0);
        assert_eq!(cylinder_minutes(3.4, 10.0, 0.0), None);
    }

    #[test]
    fn every_flow_and_the_cylinder_count() {
        let s = OxygenSettings {
            cylinder_volume: Some(Litres(3.4)),
            cylinder_pressure: Some(Megapascals(10.0)),
            cylinder_count: Some(Count(3.0)),
            flow_rest: Some(LitresPerMinute(1.0)),
            flow_sleep: Some(LitresPerMinute(2.0)),
            flow_exertion: Some(LitresPerMinute(4.0)),
            ..OxygenSettings::default()
        };
        let r = oxygen_runway("dev-o2", &s).expect("cylinders recorded");
        // 272 L per cylinder: rest 272 min, sleep 136 min, exertion 68 min; × 3 cylinders.
        let minutes: Vec<(f64, Option<f64>)> = r
            .flows
            .iter()
            .map(|f| (f.minutes_per_cylinder, f.minutes_total))
            .collect();
        assert_eq!(
            minutes,
            vec![(272.0, Some(816.0)), (136.0, Some(408.0)), (68.0, Some(204.0))]
        );
        // Governing: the higher continuous flow (sleep, 2 L/min) over all cylinders: 408 min.
        close(r.governing_minutes.expect("governing"), 408.0);
    }

    #[test]
    fn nothing_without_volume_and_pressure() {
        let s = OxygenSettings {
            cylinder_volume: Some(Litres(3.4)),
            flow_rest: Some(LitresPerMinute(1.0)),
            ..OxygenSettings::default()
        };
        assert_eq!(oxygen_runway("dev-o2", &s), None);
    }
}
