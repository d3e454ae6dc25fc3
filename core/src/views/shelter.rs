//! The shelter view: what keeps the child alive (devices needing power, with their runway), never
//! do, whom to call, power runway and the readiness actions, what to prepare, and the plan.
//! Every power figure and action comes from [`crate::readiness`].

use crate::error::Result;
use crate::model::{DeviceKind, LitresPerMinute, Millilitres, MillilitresPerHour, RoutineKind};
use crate::readiness::checklist::format_number;
use crate::readiness::roster::runway_hours;
use crate::readiness::{Readiness, Severity, readiness};

use super::ems::{avoid_section, suction_parts};
use super::{Cx, Priority, ViewItem, ViewSection, stale_drill};

pub(super) fn sections(cx: &mut Cx<'_>) -> Result<Vec<ViewSection>> {
    let r = readiness(cx.profile);
    let calls = cx.call_items()?;
    Ok(vec![
        life_support(cx, &r)?,
        avoid_section(cx, "never_do", "view-section-never-do")?,
        cx.section("call", "view-section-call", Priority::Red, calls),
        power(cx, &r)?,
        prepare(cx, &r)?,
        plan(cx)?,
    ])
}

fn hours(cx: &Cx<'_>, minutes: f64) -> String {
    cx.msg("view-about-hours", &[("hours", &runway_hours(minutes))])
}

fn life_support(cx: &mut Cx<'_>, r: &Readiness) -> Result<ViewSection> {
    let mut items = Vec::new();
    // Life-critical devices first, in device order otherwise.
    let mut devices: Vec<_> = r.power.devices.iter().collect();
    devices.sort_by_key(|d| !d.life_critical);
    for d in devices {
        let Some(device) = cx.profile.devices.get(&d.device_id).cloned() else {
            continue;
        };
        let label = cx.device_label(&device);
        let value = hours(cx, d.total_minutes);
        let detail = cx.lines(
            [
                Some(cx.msg(
                    "view-runway-split",
                    &[
                        ("battery", &runway_hours(d.batteries.total_minutes)),
                        ("station", &runway_hours(d.station_minutes)),
                    ],
                )),
                d.watts.map(|w| cx.qty(w, "W")),
                device
                    .non_powered_fallback
                    .as_ref()
                    .map(|f| cx.part("field-devices-non_powered_fallback", f)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        items.push(cx.item(&format!("devices.{}", d.device_id), label, value, detail)?);
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
            let detail = Some(cx.msg("view-first-to-stop", &[("device", &device)]));
            let label = cx.msg("view-power-total", &[]);
            let value = hours(cx, minutes);
            items.push(cx.item("power_sources", label, value, detail)?);
        }
        _ => items.push(cx.plain(
            cx.msg("view-power-total", &[]),
            cx.msg("readiness-no-power-dependency", &[]),
        )),
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
