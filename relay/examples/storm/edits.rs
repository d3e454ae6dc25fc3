//! The fields each device edits offline, one of them edited by all three.

/// Edited by all three devices; ends with one of their values.
pub(super) const SHARED_FIELD: &str = "evacuation.route";

pub(super) fn shared_value(device: usize) -> String {
    format!("避難経路 {device}: 東小学校へ徒歩 (device {device})")
}

/// Two fields per device, each edited by that device only (all differ from the demo's values).
pub(super) fn own_edits(device: usize) -> [(&'static str, serde_json::Value); 2] {
    use serde_json::json;
    match device {
        0 => [
            ("devices.dev-vent.settings.ventilator.peep", json!(6.0)),
            ("child.nickname", json!("さく")),
        ],
        1 => [
            ("baseline.spo2_low", json!(92.0)),
            ("devices.dev-vent.settings.ventilator.rate", json!(22.0)),
        ],
        _ => [
            ("child.weight.kg", json!(15.8)),
            ("baseline.heart_rate_high", json!(125.0)),
        ],
    }
}

pub(super) fn json_at<'a>(profile: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    profile.pointer(&format!("/{}", path.replace('.', "/")))
}

pub(super) fn same_value(a: Option<&serde_json::Value>, b: &serde_json::Value) -> bool {
    match (a, b) {
        (Some(serde_json::Value::Number(x)), serde_json::Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Some(x), y) => x == y,
        (None, _) => false,
    }
}
