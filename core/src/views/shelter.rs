//! The shelter view: what keeps the child alive (devices needing power, with their runway), never
//! do, whom to call, power runway and the readiness actions, what to prepare, and the plan.
//! Every power figure and action comes from [`crate::readiness`].

use crate::error::Result;
use crate::model::{DeviceKind, LitresPerMinute, Millilitres, MillilitresPerHour, RoutineKind};
use crate::readiness::checklist::format_number;
use crate::readiness::roster::runway_hours;
use crate::readiness::{Readiness, Severity, readiness};

use super::blocks::sustains_life;
use super::ems::{
    allergies, avoid_section, device_summary, diagnoses, problem_items, suction_parts, vitals, weight_item,
};
use super::{Cx, Priority, ViewItem, ViewSection, stale_drill};

pub(super) fn sections(cx: &mut Cx<'_>) -> Result<Vec<ViewSection>> {
    let r = readiness(cx.profile);
    let mut out = vec![cx.identity(false)?, life_support(cx, &r)?];
    out.extend(cx.airway()?);
    out.push(allergies(cx)?);
    out.push(avoid_section(cx, "never_do", "view-section-never-do")?);
    out.push(cx.medications_section(true, "rescue", "view-section-rescue", Priority::Red)?);
    out.push(usual(cx)?);
    let mut problems = Vec::new();
    if let Some(n) = cx.profile.baseline.sick_signs.clone() {
        let label = cx.label("field-baseline-sick_signs");
        problems.push(cx.item("baseline.sick_signs", label, n.as_str(), None)?);
    }
    problems.extend(problem_items(cx)?);
    out.push(cx.section("emergency", "view-section-problems", Priority::Red, problems));
    out.push(cx.communication(Priority::Red)?);
    let calls = cx.call_items(true)?;
    out.push(cx.section("call", "view-section-call", Priority::Red, calls));
    out.push(power(cx, &r)?);
    out.push(prepare(cx, &r)?);
    out.push(other_devices(cx)?);
    let mut dx = diagnoses(cx)?;
    dx.priority = Priority::Amber;
    out.push(dx);
    out.push(plan(cx)?);
    Ok(out)
}

/// Usual SpO2 (it may be low for this child) and the oximeter's alarm limits, then the other
/// usual vital signs.
fn usual(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = vitals(cx)?;
    items.retain(|i| i.source.as_deref() != Some("baseline.consciousness"));
    items.extend(weight_item(cx)?);
    for (id, d) in cx.devices_of(DeviceKind::Oximeter) {
        let (value, detail, _) = device_summary(cx, d);
        let label = cx.device_label(d);
        let value = value.unwrap_or_else(|| cx.not_recorded());
        items.push(cx.item(&format!("devices.{id}.settings"), label, value, detail)?);
    }
    Ok(cx.section("usual", "view-section-usual", Priority::Red, items))
}

/// Devices that neither sustain life nor are the airway or the oximeter (feeding tube, shunt…),
/// with their sizes and settings.
fn other_devices(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    let devices: Vec<(String, crate::model::Device)> = cx
        .profile
        .devices
        .ordered()
        .into_iter()
        .filter(|(_, d)| {
            !sustains_life(d) && !matches!(d.kind, DeviceKind::Tracheostomy | DeviceKind::Oximeter)
        })
        .map(|(id, d)| (id.clone(), d.clone()))
        .collect();
    for (id, d) in devices {
        let (value, detail, stale) = device_summary(cx, &d);
        let label = cx.device_label(&d);
        let value = value.unwrap_or_else(|| cx.not_recorded());
        items.push(cx.item_stale(&format!("devices.{id}"), label, value, detail, stale)?);
    }
    Ok(cx.section(
        "other_devices",
        "view-section-other-devices",
        Priority::Amber,
        items,
    ))
}

fn hours(cx: &Cx<'_>, minutes: f64) -> String {
    cx.msg("view-about-hours", &[("hours", &runway_hours(minutes))])
}

/// Every device that sustains life (by kind, or recorded as needing mains power), ventilator
/// first: its runway when readiness has one, its settings, the non-powered fallback or the
/// explicit "none exists", and whether settings are lost in a power cut.
fn life_support(cx: &mut Cx<'_>, r: &Readiness) -> Result<ViewSection> {
    let mut items = Vec::new();
    let mut devices: Vec<(String, crate::model::Device)> = cx
        .profile
        .devices
        .ordered()
        .into_iter()
        .filter(|(_, d)| sustains_life(d))
        .map(|(id, d)| (id.clone(), d.clone()))
        .collect();
    devices.sort_by_key(|(_, d)| d.kind != DeviceKind::Ventilator);
    for (id, device) in devices {
        let label = cx.device_label(&device);
        let runway = r.power.devices.iter().find(|d| d.device_id == id);
        let (summary, settings, _) = device_summary(cx, &device);
        let value = match runway {
            // A figure built on an assumption says so; an unknown one is not shown as 0 h.
            Some(d) if !d.runway_known => cx.msg("readiness-scenario-device-unknown", &[("device", &label)]),
            Some(d) if d.estimate => {
                format!("{}{}", hours(cx, d.total_minutes), cx.msg("estimate-mark", &[]))
            }
            Some(d) => hours(cx, d.total_minutes),
            None => summary.clone().unwrap_or_else(|| cx.not_recorded()),
        };
        let mut detail = Vec::new();
        if let Some(d) = runway {
            detail.push(cx.msg(
                "view-runway-split",
                &[
                    ("battery", &runway_hours(d.batteries.total_minutes)),
                    ("station", &runway_hours(d.station_minutes)),
                ],
            ));
            detail.extend(d.watts.map(|w| {
                let w = cx.qty(w, "W");
                if d.watts_assumed {
                    format!("{w}{}", cx.msg("estimate-mark", &[]))
                } else {
                    w
                }
            }));
            detail.extend(summary);
        }
        detail.extend(settings);
        let detail = cx.lines(detail);
        items.push(cx.item(&format!("devices.{id}"), label, value, detail)?);
    }
    Ok(cx.section("life_support", "view-section-life-support", Priority::Red, items))
}

fn power(cx: &mut Cx<'_>, r: &Readiness) -> Result<ViewSection> {
    let p = &r.power;
    let mut items = Vec::new();
    match (p.total_minutes, p.governing_device.as_deref()) {
        (Some(minutes), Some(id)) => {
            let device = p
                .device(id)
                .map(|d| cx.label(&d.kind.fluent_id()))
                .unwrap_or_default();
            let detail = cx.lines(
                [
                    Some(cx.msg("view-first-to-stop", &[("device", &device)])),
                    p.estimate.then(|| cx.msg("readiness-estimate", &[])),
                ]
                .into_iter()
                .flatten()
                .collect(),
            );
            let label = cx.msg("view-power-total", &[]);
            let value = hours(cx, minutes);
            items.push(cx.item("power_sources", label, value, detail)?);
        }
        _ => items.push(cx.plain(
            cx.msg("view-power-total", &[]),
            cx.msg("readiness-no-power-dependency", &[]),
        )),
    }
    // The two scenarios (life-sustaining devices at their usual duty; everything running), each
    // with what stops first and its estimate mark; oxygen as alternatives; what was assumed.
    for sc in [&p.life_sustaining, &p.everything] {
        let label = cx.msg(sc.kind.fluent_id(), &[]);
        let value = sc.headline(cx.l10n);
        let detail = (sc.outlets_needed > 0).then(|| {
            cx.l10n.message_counted(
                "readiness-scenario-outlets",
                &[("watts", &format_number(sc.peak_watts))],
                &[("count", sc.outlets_needed as f64)],
            )
        });
        items.push(cx.item("power_sources", label, value, detail)?);
    }
    for o in &p.oxygen_alternatives {
        let Some(dev) = p.device(&o.device_id) else {
            continue;
        };
        let device = cx.label(&dev.kind.fluent_id());
        let value = match (o.cylinder_minutes, o.concentrator_minutes) {
            (Some(cyl), Some(conc)) => cx.msg(
                if o.concentrator_estimate {
                    "readiness-oxygen-alternatives-estimate"
                } else {
                    "readiness-oxygen-alternatives"
                },
                &[
                    ("device", &device),
                    ("cylinders", &format_number(cyl.floor())),
                    ("hours", &runway_hours(conc)),
                ],
            ),
            (Some(cyl), None) => cx.msg(
                "readiness-scenario-device-cylinders",
                &[("device", &device), ("minutes", &format_number(cyl.floor()))],
            ),
            _ => continue,
        };
        let label = cx.label(&dev.kind.fluent_id());
        items.push(cx.item(&format!("devices.{}", o.device_id), label, value, None)?);
    }
    let mut assumptions = p.life_sustaining.assumptions.clone();
    for a in &p.everything.assumptions {
        if !assumptions.contains(a) {
            assumptions.push(a.clone());
        }
    }
    for a in &assumptions {
        let label = cx.msg("readiness-section-assumptions", &[]);
        let value = a.render(cx.l10n);
        let item = match cx.entity_path(a.subject()) {
            Some(path) => cx.item(&path, label, value, None)?,
            None => cx.plain(label, value),
        };
        items.push(item);
    }
    for s in &p.stations {
        let label = s.name.clone().unwrap_or_else(|| cx.label(&s.kind.fluent_id()));
        let value = s
            .minutes_alone
            .map(|m| hours(cx, m))
            .unwrap_or_else(|| cx.not_recorded());
        let detail = Some(cx.msg(
            "view-station-detail",
            &[
                ("usable", &format_number(s.usable_wh)),
                ("capacity", &format_number(s.capacity_wh)),
            ],
        ));
        items.push(cx.item(&format!("power_sources.{}", s.id), label, value, detail)?);
    }
    for s in &p.fuel_sources {
        let label = s.name.clone().unwrap_or_else(|| cx.label(&s.kind.fluent_id()));
        let value = cx.msg("view-fuel-source", &[]);
        items.push(cx.item(&format!("power_sources.{}", s.id), label, value, None)?);
    }
    let mut urgent = false;
    for a in &r.actions {
        urgent |= a.severity == Severity::Urgent;
        let label = cx.msg(a.severity.fluent_id(), &[]);
        let value = a.render(cx.l10n);
        let item = match a.subject.as_deref().and_then(|id| cx.entity_path(id)) {
            Some(path) => cx.item(&path, label, value, None)?,
            None => cx.plain(label, value),
        };
        items.push(item);
    }
    let priority = if urgent { Priority::Red } else { Priority::Amber };
    Ok(cx.section("power", "view-section-power", priority, items))
}

fn prepare(cx: &mut Cx<'_>, r: &Readiness) -> Result<ViewSection> {
    let p = &r.power;
    let mut items: Vec<ViewItem> = Vec::new();
    // Outlets and watts.
    if !p.devices.is_empty() {
        let per_device = cx.join(
            p.devices
                .iter()
                .map(|d| {
                    let kind = cx.label(&d.kind.fluent_id());
                    match d.watts {
                        Some(w) => cx.msg("view-with-note", &[("text", &kind), ("note", &cx.qty(w, "W"))]),
                        None => kind,
                    }
                })
                .collect(),
        );
        let label = cx.msg("view-outlets-label", &[]);
        let value = cx.msg(
            "view-outlets",
            &[
                ("outlets", &p.devices.len().to_string()),
                ("watts", &format_number(p.total_watts)),
            ],
        );
        items.push(cx.item("devices", label, value, per_device)?);
    }
    // Suction.
    for (id, d) in cx.devices_of(DeviceKind::Suction) {
        let value = d
            .settings
            .suction
            .as_ref()
            .and_then(|s| cx.join(suction_parts(cx, s)))
            .unwrap_or_else(|| cx.not_recorded());
        let detail = d
            .non_powered_fallback
            .as_ref()
            .map(|f| cx.part("field-devices-non_powered_fallback", f));
        let label = cx.device_label(d);
        items.push(cx.item(&format!("devices.{id}.settings"), label, value, detail)?);
    }
    // Oxygen: oxygen devices and oxygen bled into a ventilator.
    for (id, d) in cx.profile.devices.ordered() {
        if let Some(o) = &d.settings.oxygen {
            let f = "field-devices-settings-oxygen";
            let value = cx
                .join(
                    [
                        ("flow_rest", o.flow_rest),
                        ("flow_sleep", o.flow_sleep),
                        ("flow_exertion", o.flow_exertion),
                    ]
                    .into_iter()
                    .filter_map(|(field, n)| {
                        n.map(|n| cx.part(&format!("{f}-{field}"), cx.qty(n.0, LitresPerMinute::UNIT)))
                    })
                    .collect(),
                )
                .unwrap_or_else(|| cx.not_recorded());
            let minutes = r
                .oxygen
                .iter()
                .find(|x| &x.device_id == id)
                .and_then(|x| x.governing_minutes);
            let detail =
                minutes.map(|m| cx.msg("view-oxygen-minutes", &[("minutes", &format_number(m.floor()))]));
            let label = cx.device_label(d);
            items.push(cx.item(&format!("devices.{id}.settings"), label, value, detail)?);
        }
        if let Some(flow) = d.settings.ventilator.as_ref().and_then(|v| v.oxygen_flow) {
            let path = format!("devices.{id}.settings.ventilator.oxygen_flow");
            let label = cx.l10n.field_label(&path);
            let value = cx.qty(flow.0, LitresPerMinute::UNIT);
            items.push(cx.item(&path, label, value, None)?);
        }
    }
    // Feeding.
    for (id, rt) in cx.profile.routines.ordered() {
        if rt.kind != RoutineKind::Feed {
            continue;
        }
        let value = cx
            .join(
                [
                    rt.product.clone(),
                    rt.volume.map(|v| cx.qty(v.0, Millilitres::UNIT)),
                    rt.rate.map(|v| cx.qty(v.0, MillilitresPerHour::UNIT)),
                ]
                .into_iter()
                .flatten()
                .collect(),
            )
            .unwrap_or_else(|| cx.not_recorded());
        let detail = cx.lines(
            [
                rt.schedule
                    .as_ref()
                    .map(|s| cx.part("field-routines-schedule", s)),
                rt.flush
                    .map(|v| cx.msg("view-flush", &[("volume", &cx.qty(v.0, Millilitres::UNIT))])),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        items.push(cx.item(&format!("routines.{id}"), rt.title.clone(), value, detail)?);
    }
    // Supplies to carry, shortest first to notice: what is short is marked.
    for (id, st) in cx.profile.stock.ordered() {
        let unit = st.unit.clone().unwrap_or_default();
        let value = match st.on_hand {
            Some(n) => format!("{} {unit}", format_number(n.0)).trim().to_owned(),
            None => cx.not_recorded(),
        };
        let days = match (st.on_hand, st.per_day) {
            (Some(n), Some(d)) if d.0 > 0.0 => Some(cx.msg(
                "view-stock-days",
                &[("days", &format_number((n.0 / d.0).floor()))],
            )),
            _ => None,
        };
        let detail = cx.lines(
            [
                st.per_day.map(|d| {
                    cx.part(
                        "field-stock-per_day",
                        format!("{} {unit}", format_number(d.0)).trim(),
                    )
                }),
                days,
                (st.hard_to_get == Some(true)).then(|| cx.label("field-stock-hard_to_get")),
                st.category.map(|c| cx.label(&c.fluent_id())),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        items.push(cx.item(&format!("stock.{id}"), st.name.clone(), value, detail)?);
    }
    // Regular medicines the shelter must keep giving (rescue medicines are in their own section).
    let regular: Vec<(String, crate::model::Medication)> = cx
        .profile
        .medications
        .ordered()
        .into_iter()
        .filter(|(_, m)| m.rescue != Some(true))
        .map(|(id, m)| (id.clone(), m.clone()))
        .collect();
    for (id, m) in &regular {
        items.push(cx.medication_item(id, m)?);
    }
    Ok(cx.section("prepare", "view-section-prepare", Priority::Amber, items))
}

fn plan(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let e = &cx.profile.evacuation;
    let mut items = Vec::new();
    for (id, d) in e.destinations.ordered() {
        let value = d
            .power
            .map(|p| cx.msg("view-destination-power", &[("power", &cx.label(&p.fluent_id()))]))
            .unwrap_or_else(|| cx.not_recorded());
        let detail = cx.lines(
            [d.address.clone(), d.phone.clone(), d.notes.clone()]
                .into_iter()
                .flatten()
                .collect(),
        );
        items.push(cx.item(
            &format!("evacuation.destinations.{id}"),
            d.name.clone(),
            value,
            detail,
        )?);
    }
    let label = cx.label("field-evacuation-last_drill");
    let value = e
        .last_drill
        .map(|d| d.to_string())
        .unwrap_or_else(|| cx.not_recorded());
    let detail = e
        .plan_date
        .map(|d| cx.part("field-evacuation-plan_date", d.to_string()));
    let stale = stale_drill(e.last_drill, cx.today);
    items.push(cx.item_stale("evacuation.last_drill", label, value, detail, stale)?);
    Ok(cx.section("plan", "view-section-plan", Priority::Green, items))
}
