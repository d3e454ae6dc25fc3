//! The caregiver view: each routine step by step, how the child communicates, what normal and
//! sick look like, and whom to call.

use crate::error::Result;
use crate::model::{EntityId, Millilitres, MillilitresPerHour, Routine};

use super::ems::{allergies, avoid_section, device_summary, diagnoses, problem_items, vitals, weight_item};
use super::{Cx, Priority, ViewSection, steps};

pub(super) fn sections(cx: &mut Cx<'_>) -> Result<Vec<ViewSection>> {
    let mut out = vec![
        cx.identity(false)?,
        allergies(cx)?,
        avoid_section(cx, "never_do", "view-section-never-do")?,
        devices(cx)?,
        cx.medications_section(false, "medications", "view-section-medications", Priority::Amber)?,
    ];
    let mut dx = diagnoses(cx)?;
    dx.priority = Priority::Amber;
    out.push(dx);
    let routines: Vec<(EntityId, Routine)> = cx
        .profile
        .routines
        .ordered()
        .into_iter()
        .map(|(id, r)| (id.clone(), r.clone()))
        .collect();
    for (id, r) in &routines {
        out.push(routine(cx, id, r)?);
    }
    if routines.is_empty() {
        out.push(cx.section("routines", "view-section-routines", Priority::Amber, Vec::new()));
    }
    out.push(cx.communication(Priority::Green)?);
    out.push(normal(cx, &routines)?);
    out.push(sick(cx)?);
    let calls = cx.call_items(true)?;
    out.push(cx.section("call", "view-section-call", Priority::Red, calls));
    Ok(out)
}

fn routine(cx: &mut Cx<'_>, id: &str, r: &Routine) -> Result<ViewSection> {
    let base = format!("routines.{id}");
    let mut items = Vec::new();
    let kind = cx.label(&r.kind.fluent_id());
    items.push(cx.item(&base, r.title.clone(), kind, None)?);
    if let Some(s) = &r.schedule {
        let label = cx.label("field-routines-schedule");
        items.push(cx.item(&format!("{base}.schedule"), label, s.clone(), None)?);
    }
    let what = cx.join(
        [
            r.product.clone(),
            r.volume.map(|v| cx.qty(v.0, Millilitres::UNIT)),
            r.rate.map(|v| cx.qty(v.0, MillilitresPerHour::UNIT)),
            r.flush
                .map(|v| cx.msg("view-flush", &[("volume", &cx.qty(v.0, Millilitres::UNIT))])),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    if let Some(what) = what {
        let label = cx.msg("view-routine-what", &[]);
        items.push(cx.item(&base, label, what, None)?);
    }
    let who = cx.join(
        [
            ("family", r.performed_by.family),
            ("nurse", r.performed_by.nurse),
            ("trained_staff", r.performed_by.trained_staff),
        ]
        .into_iter()
        .filter(|(_, yes)| *yes == Some(true))
        .map(|(f, _)| cx.label(&format!("field-routines-performed_by-{f}")))
        .collect(),
    );
    if let Some(who) = who {
        let label = cx.label("field-routines-performed_by");
        items.push(cx.item(&format!("{base}.performed_by"), label, who, None)?);
    }
    for (i, step) in steps(r.steps.as_ref().map(|n| n.as_str()).unwrap_or_default())
        .into_iter()
        .enumerate()
    {
        let label = cx.msg("view-step", &[("n", &(i + 1).to_string())]);
        items.push(cx.item(&format!("{base}.steps"), label, step, None)?);
    }
    if let Some(n) = &r.normal {
        let label = cx.label("field-routines-normal");
        items.push(cx.item(&format!("{base}.normal"), label, n.as_str(), None)?);
    }
    let mut section = cx.section(
        &format!("routine:{id}"),
        "view-section-routine",
        Priority::Amber,
        items,
    );
    section.title = cx.msg(
        "view-routine-title",
        &[("title", &r.title), ("kind", &cx.label(&r.kind.fluent_id()))],
    );
    Ok(section)
}

fn normal(cx: &mut Cx<'_>, routines: &[(EntityId, Routine)]) -> Result<ViewSection> {
    let mut items = vitals(cx)?;
    // Consciousness is already under communication.
    items.retain(|i| i.source.as_deref() != Some("baseline.consciousness"));
    items.extend(weight_item(cx)?);
    for (id, r) in routines {
        if let Some(n) = &r.normal {
            items.push(cx.item(
                &format!("routines.{id}.normal"),
                r.title.clone(),
                n.as_str(),
                None,
            )?);
        }
    }
    Ok(cx.section("normal", "view-section-normal", Priority::Green, items))
}

fn sick(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    if let Some(n) = cx.profile.baseline.sick_signs.clone() {
        let label = cx.label("field-baseline-sick_signs");
        items.push(cx.item("baseline.sick_signs", label, n.as_str(), None)?);
    }
    items.extend(problem_items(cx)?);
    Ok(cx.section("sick", "view-section-sick", Priority::Red, items))
}

/// The devices a caregiver handles, with sizes, settings, alarms and fallbacks (cannula, suction,
/// feeding tube, oximeter, pumps).
fn devices(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let mut items = Vec::new();
    let devices: Vec<(EntityId, crate::model::Device)> = cx
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
