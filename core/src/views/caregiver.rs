//! The caregiver view: each routine step by step, how the child communicates, what normal and
//! sick look like, and whom to call.

use crate::error::Result;
use crate::model::{EntityId, Millilitres, MillilitresPerHour, Routine};

use super::ems::{problem_items, vitals, weight_item};
use super::{Cx, Priority, ViewSection, steps};

pub(super) fn sections(cx: &mut Cx<'_>) -> Result<Vec<ViewSection>> {
    let mut out = Vec::new();
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
    out.push(communication(cx)?);
    out.push(normal(cx, &routines)?);
    out.push(sick(cx)?);
    let calls = cx.call_items()?;
    out.push(cx.section("call", "view-section-call", Priority::Red, calls));
    Ok(out)
}

fn routine(cx: &mut Cx<'_>, id: &str, r: &Routine) -> Result<ViewSection> {
    let base = format!("routines.{id}");
    let mut items = Vec::new();
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

fn communication(cx: &mut Cx<'_>) -> Result<ViewSection> {
    let b = cx.profile.baseline.clone();
    let mut items = Vec::new();
    for (field, value) in [
        ("communicates_pain", &b.communicates_pain),
        ("communicates_yes_no", &b.communicates_yes_no),
        ("consciousness", &b.consciousness),
    ] {
        if let Some(v) = value {
            let label = cx.label(&format!("field-baseline-{field}"));
            items.push(cx.item(&format!("baseline.{field}"), label, v.clone(), None)?);
        }
    }
    Ok(cx.section(
        "communication",
        "view-section-communication",
        Priority::Green,
        items,
    ))
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
