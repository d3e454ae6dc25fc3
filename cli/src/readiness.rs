//! `tsunagu readiness PROFILE`: power runway, oxygen cylinders, supplies, the post-blackout
//! checklist and the actions they call for, in the output language (`--json`: the report).

use clap::Args;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::readiness::checklist::format_number;
use tsunagu_core::readiness::roster::runway_hours;
use tsunagu_core::readiness::{Readiness, Supply, SupplyLevel, readiness};

use crate::error::Result;
use crate::output::Output;
use crate::session::Session;

/// Arguments of `tsunagu readiness`.
#[derive(Debug, Args)]
pub struct ReadinessArgs {
    /// Profile id
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub profile: Option<String>,
    /// Every profile in the store that is not archived, one after the other
    #[arg(long)]
    pub all: bool,
}

/// Runs `tsunagu readiness`.
pub fn run(session: &Session, args: &ReadinessArgs, out: &mut Output) -> Result<()> {
    let mut store = session.open_store()?;
    let ids = match &args.profile {
        Some(query) => vec![session.resolve(&mut store, query)?],
        None => {
            let archived = store.archived()?;
            store
                .list()?
                .into_iter()
                .map(|p| p.id)
                .filter(|id| !archived.contains_key(id))
                .collect()
        }
    };
    if session.json {
        let mut reports = Vec::with_capacity(ids.len());
        for id in &ids {
            // The report's own fields, with the profile's id beside them.
            let mut report = serde_json::to_value(readiness(store.profile(id)?))
                .map_err(|_| crate::error::CliError::Failure("could not format the report".into()))?;
            if let Some(map) = report.as_object_mut() {
                map.insert("profile_id".to_owned(), id.clone().into());
            }
            reports.push(report);
        }
        return match (args.all, reports.pop()) {
            (false, Some(one)) => out.json(&one),
            (_, last) => {
                reports.extend(last);
                out.json(&reports)
            }
        };
    }
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.blank();
            out.line("─".repeat(40));
            out.blank();
        }
        print_one(session, id, store.profile(id)?, out);
    }
    Ok(())
}

/// One child's readiness in words.
fn print_one(session: &Session, profile_id: &str, profile: &tsunagu_core::model::Profile, out: &mut Output) {
    let report = readiness(profile);
    let l10n = session.localizer();
    let name = profile
        .child
        .name
        .clone()
        .unwrap_or_else(|| profile_id.to_owned());
    out.line(l10n.message("readiness-title", &[("name", &name)]));
    out.blank();
    write_report(out, &l10n, &report);
}

/// The report in words: actions, power scenarios, oxygen, supplies and the checklist, each
/// under a `■` heading (also shown by `tsunagu desk`).
pub fn write_report(out: &mut Output, l10n: &Localizer, report: &Readiness) {
    actions(out, l10n, report);
    power(out, l10n, report);
    oxygen(out, l10n, report);
    stock(out, l10n, report);
    checklist(out, l10n, report);
}

fn heading(out: &mut Output, l10n: &Localizer, id: &str) {
    out.line(format_args!("■ {}", l10n.message(id, &[])));
}

fn actions(out: &mut Output, l10n: &Localizer, r: &Readiness) {
    heading(out, l10n, "readiness-section-actions");
    if r.actions.is_empty() {
        out.line(format_args!("  {}", l10n.message("readiness-no-actions", &[])));
    }
    for a in &r.actions {
        out.line(format_args!(
            "  [{}] {}",
            l10n.message(a.severity.fluent_id(), &[]),
            a.render(l10n)
        ));
    }
    out.blank();
}

fn power(out: &mut Output, l10n: &Localizer, r: &Readiness) {
    heading(out, l10n, "readiness-section-power");
    let p = &r.power;
    if !p.power_dependent() && p.life_sustaining.devices.is_empty() {
        out.line(format_args!(
            "  {}",
            l10n.message("readiness-no-power-dependency", &[])
        ));
    }
    // Scenario (a), the headline, then (b); each with its devices.
    for s in [&p.life_sustaining, &p.everything] {
        if s.devices.is_empty() {
            continue;
        }
        out.line(format_args!("  {}", s.headline(l10n)));
        for d in &s.devices {
            let device = l10n.label(&d.kind.fluent_id());
            let line = match (d.supply, d.minutes) {
                (Supply::Cylinders, Some(m)) => l10n.message(
                    "readiness-scenario-device-cylinders",
                    &[("device", &device), ("minutes", &format_number(m.floor()))],
                ),
                (_, Some(m)) => l10n.message(
                    if d.estimate {
                        "readiness-scenario-device-estimate"
                    } else {
                        "readiness-scenario-device"
                    },
                    &[("device", &device), ("hours", &runway_hours(m))],
                ),
                (_, None) => l10n.message("readiness-scenario-device-unknown", &[("device", &device)]),
            };
            out.line(format_args!("    - {line}"));
        }
        if s.outlets_needed > 0 {
            out.line(format_args!(
                "    {}",
                l10n.message_counted(
                    "readiness-scenario-outlets",
                    &[("watts", &format_number(s.peak_watts))],
                    &[("count", s.outlets_needed as f64)],
                )
            ));
        }
    }
    for o in &p.oxygen_alternatives {
        if let (Some(cylinders), Some(concentrator)) = (o.cylinder_minutes, o.concentrator_minutes) {
            let device = p
                .device(&o.device_id)
                .map(|d| l10n.label(&d.kind.fluent_id()))
                .unwrap_or_default();
            out.line(format_args!(
                "  {}",
                l10n.message(
                    if o.concentrator_estimate {
                        "readiness-oxygen-alternatives-estimate"
                    } else {
                        "readiness-oxygen-alternatives"
                    },
                    &[
                        ("device", &device),
                        ("cylinders", &format_number(cylinders.floor())),
                        ("hours", &runway_hours(concentrator)),
                    ]
                )
            ));
        }
    }
    let mut assumptions = p.life_sustaining.assumptions.clone();
    for a in &p.everything.assumptions {
        if !assumptions.contains(a) {
            assumptions.push(a.clone());
        }
    }
    if !assumptions.is_empty() {
        out.line(format_args!(
            "  {}",
            l10n.message("readiness-section-assumptions", &[])
        ));
        for a in &assumptions {
            out.line(format_args!("    - {}", a.render(l10n)));
        }
    }
    if p.stations.is_empty() && p.fuel_sources.is_empty() {
        out.line(format_args!(
            "  {}",
            l10n.message("readiness-no-power-sources", &[])
        ));
    }
    for s in &p.stations {
        let source = s.name.clone().unwrap_or_else(|| l10n.label(&s.kind.fluent_id()));
        let hours = s.minutes_alone.map(runway_hours).unwrap_or_else(|| "-".into());
        out.line(format_args!(
            "  - {}",
            l10n.message(
                "readiness-station",
                &[
                    ("source", &source),
                    ("usable", &format_number(s.usable_wh)),
                    ("capacity", &format_number(s.capacity_wh)),
                    ("efficiency", &format_number(s.efficiency * 100.0)),
                    ("watts", &format_number(p.total_watts)),
                    ("hours", &hours),
                ]
            )
        ));
    }
    for s in &p.fuel_sources {
        let source = s.name.clone().unwrap_or_else(|| l10n.label(&s.kind.fluent_id()));
        out.line(format_args!(
            "  - {}",
            l10n.message("readiness-fuel-source", &[("source", &source)])
        ));
    }
    out.blank();
}

fn oxygen(out: &mut Output, l10n: &Localizer, r: &Readiness) {
    if r.oxygen.is_empty() {
        return;
    }
    heading(out, l10n, "readiness-section-oxygen");
    for o in &r.oxygen {
        out.line(format_args!(
            "  {}",
            l10n.message(
                "readiness-oxygen-cylinder",
                &[
                    ("volume", &format_number(o.cylinder_volume_l)),
                    ("pressure", &format_number(o.cylinder_pressure_mpa)),
                    ("litres", &format_number(o.usable_litres_per_cylinder)),
                ]
            )
        ));
        for f in &o.flows {
            let flow = l10n.message(f.setting.fluent_id(), &[]);
            let rate = format_number(f.flow_l_per_min);
            let minutes = format_number(f.minutes_per_cylinder.floor());
            let line = match (f.minutes_total, o.cylinder_count) {
                (Some(total), Some(count)) => l10n.message(
                    "readiness-oxygen-line",
                    &[
                        ("flow", &flow),
                        ("rate", &rate),
                        ("minutes", &minutes),
                        ("count", &format_number(count)),
                        ("total", &format_number(total.floor())),
                    ],
                ),
                _ => l10n.message(
                    "readiness-oxygen-line-one",
                    &[("flow", &flow), ("rate", &rate), ("minutes", &minutes)],
                ),
            };
            out.line(format_args!("  - {line}"));
        }
    }
    out.blank();
}

fn level(l10n: &Localizer, level: SupplyLevel, hard_to_get: bool) -> String {
    let text = l10n.message(level.fluent_id(), &[]);
    if hard_to_get {
        format!("{text} ({})", l10n.message("readiness-hard-to-get", &[]))
    } else {
        text
    }
}

fn stock(out: &mut Output, l10n: &Localizer, r: &Readiness) {
    let s = &r.stockpile;
    if !s.items.is_empty() {
        heading(out, l10n, "readiness-section-stock");
        for i in &s.items {
            let with_unit = |n: f64| match &i.unit {
                Some(u) => format!("{} {u}", format_number(n)),
                None => format_number(n),
            };
            let line = match (i.days, i.on_hand, i.per_day) {
                (Some(days), Some(on_hand), Some(per_day)) => l10n.message(
                    "readiness-stock-line",
                    &[
                        ("item", &i.name),
                        ("days", &format_number((days * 10.0).floor() / 10.0)),
                        ("stock", &with_unit(on_hand)),
                        ("perday", &with_unit(per_day)),
                        ("level", &level(l10n, i.level, i.hard_to_get)),
                    ],
                ),
                _ => l10n.message("readiness-stock-unknown", &[("item", &i.name)]),
            };
            out.line(format_args!("  - {line}"));
        }
        out.blank();
    }
    if !s.medications.is_empty() {
        heading(out, l10n, "readiness-section-medications");
        for m in &s.medications {
            let line = match m.days {
                Some(days) => l10n.message(
                    "readiness-medication-line",
                    &[
                        ("item", &m.name),
                        ("days", &format_number(days)),
                        ("level", &level(l10n, m.level, m.hard_to_get)),
                    ],
                ),
                None => l10n.message("readiness-medication-unknown", &[("item", &m.name)]),
            };
            out.line(format_args!("  - {line}"));
        }
        out.blank();
    }
}

fn checklist(out: &mut Output, l10n: &Localizer, r: &Readiness) {
    heading(out, l10n, "readiness-section-checklist");
    if r.checklist.is_empty() {
        out.line(format_args!(
            "  {}",
            l10n.message("readiness-checklist-none", &[])
        ));
    }
    for item in &r.checklist {
        let mut device = l10n.label(&item.kind.fluent_id());
        if let Some(model) = &item.model {
            device = format!("{device} ({model})");
        }
        let id = if item.resets_on_power_loss {
            "readiness-checklist-device-reset"
        } else {
            "readiness-checklist-device"
        };
        out.line(format_args!("  □ {}", l10n.message(id, &[("device", &device)])));
        for s in &item.settings {
            let value = match s.unit {
                Some(unit) => format!("{} {}", s.value, l10n.unit(unit)),
                None => s.value.clone(),
            };
            out.line(format_args!(
                "    - {}",
                l10n.message(
                    "readiness-checklist-setting",
                    &[("label", &l10n.message(&s.label_id(), &[])), ("value", &value)]
                )
            ));
        }
        if let Some(minutes) = item.charge_time_minutes {
            out.line(format_args!(
                "    - {}",
                l10n.message(
                    "readiness-checklist-charge",
                    &[("minutes", &format_number(minutes))]
                )
            ));
        }
    }
}
