//! The EMS view (EIF-like): diagnoses, things to avoid, allergies, baseline, devices with sizes
//! and settings, medications, common problems, contacts and the care team.

use crate::error::Result;
use crate::model::{
    AllergyStatus, Celsius, CmH2O, Device, EntityId, French, Kilograms, Kilopascals, LitresPerMinute,
    Millilitres, Millimetres, PerMinute, Percent, Seconds,
};

use super::{
    Cx, Priority, Stale, ViewItem, ViewSection, stale_feeding_tube, stale_tracheostomy, stale_weight,
};

pub(super) fn sections(cx: &mut Cx<'_>) -> Result<Vec<ViewSection>> {
    Ok(vec![
        cx.identity(true)?,
        diagnoses(cx)?,
        avoid_section(cx, "avoid", "view-section-avoid")?,
        allergies(cx)?,
        baseline(cx)?,
        devices(cx)?,
        cx.medications_section(false, "medications", "view-section-medications", Priority::Red)?,
        problems(cx)?,
        cx.wishes()?,
        {
            let items = cx.call_items(false)?;
            cx.section("contacts", "view-section-call", Priority::Red, items)
        },
        care_team(cx)?,
    ])
}

/// Diagnoses, main first, procedures marked; shared with the other views.
pub(super) fn diagnoses(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    // The main diagnosis first, then the list's order; procedures are marked as such.
    let mut list = cx.profile.diagnoses.ordered();
    list.sort_by_key(|(_, d)| d.main != Some(true));
    for (id, d) in list {
        let value = d.icd10.clone().unwrap_or_default();
        let detail = cx.lines(
            [
                (d.main == Some(true)).then(|| cx.label("field-diagnoses-main")),
                d.kind.map(|k| cx.label(&k.fluent_id())),
                d.since.map(|s| cx.part("field-diagnoses-since", s.to_string())),
                d.notes.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        items.push(cx.item(&format!("diagnoses.{id}"), d.name.clone(), value, detail)?);
    }
    Ok(cx.section("diagnoses", "view-section-diagnoses", Priority::Red, items))
}

/// Things never to do and why; shared with the shelter view.
pub(super) fn avoid_section(cx: &mut Cx<'_>, id: &str, title_id: &str) -> Result<ViewSection> {
    let mut items = Vec::new();
    for (eid, a) in cx.profile.avoid.ordered() {
        let value = a
            .why
            .clone()
            .unwrap_or_else(|| cx.msg("view-why-not-recorded", &[]));
        let detail = a.kind.map(|k| cx.label(&k.fluent_id()));
        items.push(cx.item(&format!("avoid.{eid}"), a.what.clone(), value, detail)?);
    }
    Ok(cx.section(id, title_id, Priority::Red, items))
}

/// Allergies, with none known distinct from not recorded; shared with the other views.
pub(super) fn allergies(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let a = &cx.profile.allergies;
    let label = cx.label("field-allergies");
    let mut items = Vec::new();
    match a.status {
        None => items.push(cx.item(
            "allergies.status",
            label,
            cx.msg("view-allergies-not-recorded", &[]),
            None,
        )?),
        Some(AllergyStatus::NoneKnown) if a.items.is_empty() => items.push(cx.item(
            "allergies.status",
            label,
            cx.label(&AllergyStatus::NoneKnown.fluent_id()),
            None,
        )?),
        Some(status) => {
            let value = cx.label(&status.fluent_id());
            items.push(cx.item("allergies.status", label, value, None)?);
            for (id, al) in a.items.ordered() {
                let value = al.reaction.clone().unwrap_or_else(|| cx.not_recorded());
                let detail = cx.lines(
                    [
                        al.severity.map(|s| cx.label(&s.fluent_id())),
                        al.certainty.map(|c| cx.label(&c.fluent_id())),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                );
                items.push(cx.item(&format!("allergies.items.{id}"), al.agent.clone(), value, detail)?);
            }
        }
    }
    Ok(cx.section("allergies", "view-section-allergies", Priority::Red, items))
}

/// Weight with its stale rule; shared with the caregiver view.
pub(super) fn weight_item(cx: &mut Cx<'_>) -> Result<Option<ViewItem>> {
    let w = &cx.profile.child.weight;
    let Some(kg) = w.kg else {
        return Ok(None);
    };
    let detail = w
        .measured_on
        .map(|d| cx.part("field-child-weight-measured_on", d.to_string()));
    let stale = stale_weight(w, cx.today);
    let label = cx.label("field-child-weight");
    let value = cx.qty(kg.0, Kilograms::UNIT);
    cx.item_stale("child.weight", label, value, detail, stale)
        .map(Some)
}

/// Baseline vitals as items; shared with the caregiver view.
pub(super) fn vitals(cx: &mut Cx<'_>) -> Result<Vec<ViewItem>> {
    let b = &cx.profile.baseline;
    let rows = [
        (
            "baseline.spo2_low",
            "view-vital-spo2",
            cx.range(b.spo2_low.map(|v| v.0), b.spo2_high.map(|v| v.0), Percent::UNIT),
        ),
        (
            "baseline.heart_rate_low",
            "view-vital-heart-rate",
            cx.range(
                b.heart_rate_low.map(|v| v.0),
                b.heart_rate_high.map(|v| v.0),
                PerMinute::UNIT,
            ),
        ),
        (
            "baseline.respiratory_rate_low",
            "view-vital-respiratory-rate",
            cx.range(
                b.respiratory_rate_low.map(|v| v.0),
                b.respiratory_rate_high.map(|v| v.0),
                PerMinute::UNIT,
            ),
        ),
        (
            "baseline.temperature_low",
            "view-vital-temperature",
            cx.range(
                b.temperature_low.map(|v| v.0),
                b.temperature_high.map(|v| v.0),
                Celsius::UNIT,
            ),
        ),
        (
            "baseline.consciousness",
            "field-baseline-consciousness",
            b.consciousness.clone(),
        ),
    ];
    let mut items = Vec::new();
    for (source, label_id, value) in rows {
        if let Some(value) = value {
            let label = cx.msg(label_id, &[]);
            items.push(cx.item(source, label, value, None)?);
        }
    }
    Ok(items)
}

fn baseline(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    items.extend(vitals(cx)?);
    let b = cx.profile.baseline.clone();
    for (field, value) in [
        ("communicates_pain", b.communicates_pain.clone()),
        ("communicates_yes_no", b.communicates_yes_no.clone()),
        ("sick_signs", b.sick_signs.as_ref().map(|n| n.as_str().to_owned())),
    ] {
        if let Some(v) = value {
            let label = cx.label(&format!("field-baseline-{field}"));
            items.push(cx.item(&format!("baseline.{field}"), label, v, None)?);
        }
    }
    Ok(cx.section("baseline", "view-section-baseline", Priority::Red, items))
}

/// A device's sizes and settings as a summary line, further details, and its stale finding.
pub(super) fn device_summary(cx: &Cx<'_>, d: &Device) -> (Option<String>, Option<String>, Option<Stale>) {
    let s = &d.settings;
    let mut value = Vec::new();
    let mut detail = Vec::new();
    let mut stale = None;
    if let Some(v) = &s.ventilator {
        let f = "field-devices-settings-ventilator";
        if let Some(x) = &v.mode {
            value.push(cx.part(&format!("{f}-mode"), x));
        }
        let nums = [
            ("rate", v.rate.map(|x| x.0), PerMinute::UNIT),
            ("pip", v.pip.map(|x| x.0), CmH2O::UNIT),
            ("peep", v.peep.map(|x| x.0), CmH2O::UNIT),
            ("inspiratory_time", v.inspiratory_time.map(|x| x.0), Seconds::UNIT),
            ("tidal_volume", v.tidal_volume.map(|x| x.0), Millilitres::UNIT),
            ("fio2", v.fio2.map(|x| x.0), Percent::UNIT),
            ("oxygen_flow", v.oxygen_flow.map(|x| x.0), LitresPerMinute::UNIT),
        ];
        for (field, n, unit) in nums {
            if let Some(n) = n {
                value.push(cx.part(&format!("{f}-{field}"), cx.qty(n, unit)));
            }
        }
        for (field, n) in [
            ("alarm_high_pressure", v.alarm_high_pressure),
            ("alarm_low_pressure", v.alarm_low_pressure),
        ] {
            if let Some(n) = n {
                detail.push(cx.part(&format!("{f}-{field}"), cx.qty(n.0, CmH2O::UNIT)));
            }
        }
        if let Some(h) = v.hours_per_day {
            detail.push(cx.part(&format!("{f}-hours_per_day"), cx.qty(h.0, "h")));
        }
        for (field, x) in [("circuit", &v.circuit), ("humidifier", &v.humidifier)] {
            if let Some(x) = x {
                detail.push(cx.part(&format!("{f}-{field}"), x));
            }
        }
    }
    if let Some(t) = &s.tracheostomy {
        if let Some(x) = t.inner_diameter {
            value.push(cx.msg("view-trach-id", &[("size", &cx.qty1(x.0, Millimetres::UNIT))]));
        }
        if let Some(x) = t.length {
            value.push(cx.msg(
                "view-trach-length",
                &[("length", &cx.qty(x.0, Millimetres::UNIT))],
            ));
        }
        match t.cuffed {
            Some(true) => value.push(match t.cuff_volume {
                Some(v) => cx.msg(
                    "view-cuffed-volume",
                    &[("volume", &cx.qty(v.0, Millilitres::UNIT))],
                ),
                None => cx.msg("view-cuffed", &[]),
            }),
            Some(false) => value.push(cx.msg("view-cuffless", &[])),
            None => {}
        }
        if let Some(x) = t.spare_smaller_inner_diameter {
            value.push(cx.msg("view-trach-spare", &[("size", &cx.qty1(x.0, Millimetres::UNIT))]));
        }
        if let Some(x) = &t.brand {
            detail.push(cx.part("field-devices-settings-tracheostomy-brand", x));
        }
        if let Some(x) = t.last_changed {
            detail.push(cx.part("field-devices-settings-tracheostomy-last_changed", x.to_string()));
        }
        if let Some(x) = &t.if_dislodged {
            detail.push(cx.part("field-devices-settings-tracheostomy-if_dislodged", x.as_str()));
        }
        stale = stale_tracheostomy(t, cx.today);
    }
    if let Some(x) = &s.suction {
        value.extend(suction_parts(cx, x));
        if let Some(f) = &x.typical_frequency {
            detail.push(cx.part("field-devices-settings-suction-typical_frequency", f));
        }
    }
    if let Some(o) = &s.oxygen {
        let f = "field-devices-settings-oxygen";
        for (field, n) in [
            ("flow_rest", o.flow_rest),
            ("flow_sleep", o.flow_sleep),
            ("flow_exertion", o.flow_exertion),
        ] {
            if let Some(n) = n {
                value.push(cx.part(&format!("{f}-{field}"), cx.qty(n.0, LitresPerMinute::UNIT)));
            }
        }
        if let Some(m) = &o.concentrator_model {
            detail.push(cx.part(&format!("{f}-concentrator_model"), m));
        }
        if let (Some(v), Some(c)) = (o.cylinder_volume, o.cylinder_count) {
            detail.push(cx.msg(
                "view-oxygen-cylinders",
                &[
                    ("volume", &cx.qty(v.0, "L")),
                    ("count", &crate::readiness::checklist::format_number(c.0)),
                ],
            ));
        }
    }
    if let Some(t) = &s.feeding_tube {
        if let Some(k) = t.tube_type {
            value.push(cx.label(&k.fluent_id()));
        }
        if let Some(x) = t.size {
            value.push(cx.qty(x.0, French::UNIT));
        }
        if let Some(x) = t.shaft_length {
            value.push(cx.msg("view-tube-shaft", &[("length", &cx.qty(x.0, Millimetres::UNIT))]));
        }
        if let Some(x) = t.balloon_volume {
            value.push(cx.msg(
                "view-tube-balloon",
                &[("volume", &cx.qty(x.0, Millilitres::UNIT))],
            ));
        }
        if let Some(x) = t.insertion_length {
            value.push(cx.msg("view-tube-insertion", &[("length", &cx.qty(x.0, "cm"))]));
        }
        if let Some(x) = t.last_changed {
            detail.push(cx.part("field-devices-settings-feeding_tube-last_changed", x.to_string()));
        }
        if let Some(x) = &t.pump {
            detail.push(cx.part("field-devices-settings-feeding_tube-pump", x));
        }
        stale = stale_feeding_tube(t, cx.today);
    }
    if let Some(o) = &s.oximeter {
        let f = "field-devices-settings-oximeter";
        if let Some(x) = o.spo2_low_alarm {
            value.push(cx.part(&format!("{f}-spo2_low_alarm"), cx.qty(x.0, Percent::UNIT)));
        }
        if let Some(x) = cx.range(
            o.pulse_low_alarm.map(|v| v.0),
            o.pulse_high_alarm.map(|v| v.0),
            PerMinute::UNIT,
        ) {
            value.push(cx.msg("view-pulse-alarms", &[("range", &x)]));
        }
    }
    if let Some(c) = &s.cough_assist {
        let f = "field-devices-settings-cough_assist";
        if let Some(x) = &c.mode {
            value.push(cx.part(&format!("{f}-mode"), x));
        }
        for (field, n) in [
            ("inhale_pressure", c.inhale_pressure),
            ("exhale_pressure", c.exhale_pressure),
        ] {
            if let Some(n) = n {
                value.push(cx.part(&format!("{f}-{field}"), cx.qty(n.0, CmH2O::UNIT)));
            }
        }
        if let Some(n) = c.cycles {
            value.push(cx.part(
                &format!("{f}-cycles"),
                crate::readiness::checklist::format_number(n.0),
            ));
        }
    }
    if let Some(o) = &s.other
        && let Some(x) = &o.description
    {
        value.push(x.clone());
    }
    if let Some(p) = &s.pump {
        let (v, dt) = cx.pump_parts(p);
        value.extend(v);
        detail.extend(dt);
    }
    if d.power.needs_mains == Some(true) {
        detail.push(cx.label("field-devices-power-needs_mains"));
    }
    detail.extend(cx.fallback_text(d));
    if d.settings_reset_on_power_loss == Some(true) {
        detail.push(cx.label("field-devices-settings_reset_on_power_loss"));
    }
    if let Some(n) = &d.notes {
        detail.push(n.as_str().to_owned());
    }
    if let Some(phone) = &d.dealer_phone_24h {
        let dealer = d
            .dealer
            .clone()
            .unwrap_or_else(|| cx.label(&crate::model::CareRole::Dealer.fluent_id()));
        detail.push(cx.msg("view-dealer-line", &[("dealer", &dealer), ("phone", phone)]));
    } else if let Some(dealer) = &d.dealer {
        detail.push(cx.part("field-devices-dealer", dealer));
    }
    if let Some(m) = &d.maker {
        detail.push(cx.part("field-devices-maker", m));
    }
    (cx.join(value), cx.lines(detail), stale)
}

/// Catheter size, depth and pressure of a suction device.
pub(super) fn suction_parts(cx: &Cx<'_>, x: &crate::model::SuctionSettings) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(n) = x.catheter_size {
        v.push(cx.qty(n.0, French::UNIT));
    }
    if let Some(n) = x.depth {
        v.push(cx.msg("view-suction-depth", &[("depth", &cx.qty(n.0, "cm"))]));
    }
    if let Some(n) = x.pressure {
        v.push(cx.qty(n.0, Kilopascals::UNIT));
    }
    v
}

fn devices(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    let devices: Vec<(EntityId, Device)> = cx
        .profile
        .devices
        .ordered()
        .into_iter()
        .map(|(id, d)| (id.clone(), d.clone()))
        .collect();
    for (id, d) in devices {
        let (value, detail, stale) = device_summary(cx, &d);
        let label = cx.device_label(&d);
        let value = value.unwrap_or_else(|| cx.not_recorded());
        items.push(cx.item_stale(&format!("devices.{id}"), label, value, detail, stale)?);
    }
    Ok(cx.section("devices", "view-section-devices", Priority::Red, items))
}

/// Common problems and what to do; shared with the caregiver view.
pub(super) fn problem_items(cx: &mut Cx<'_>) -> Result<Vec<ViewItem>> {
    let mut items = Vec::new();
    for (id, a) in cx.profile.emergency_actions.ordered() {
        let value = a
            .what_to_do
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|| cx.not_recorded());
        let detail = a.kind.map(|k| cx.label(&k.fluent_id()));
        items.push(cx.item(
            &format!("emergency_actions.{id}"),
            a.problem.clone(),
            value,
            detail,
        )?);
    }
    Ok(items)
}

fn problems(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let items = problem_items(cx)?;
    Ok(cx.section("problems", "view-section-problems", Priority::Amber, items))
}

fn care_team(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    for (id, m) in cx.profile.care_team.ordered() {
        items.push(cx.team_item(id, m)?);
    }
    Ok(cx.section("care_team", "view-section-care-team", Priority::Green, items))
}
