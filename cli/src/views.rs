//! `tsunagu view PROFILE --audience shelter|ems|caregiver`: the profile as shelter staff, a
//! paramedic or a new caregiver needs it, in the output language (`--json`: the view model).

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use tsunagu_core::views::{self, Audience, View};

use crate::error::Result;
use crate::output::Output;
use crate::session::Session;

/// `--audience` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// Shelter staff: what keeps the child alive, never do, whom to call, power, what to prepare
    Shelter,
    /// Paramedics and emergency doctors: diagnoses, vitals, devices and settings, medications
    Ems,
    /// A new caregiver: routines step by step, communication, normal and sick, whom to call
    Caregiver,
}

impl From<AudienceArg> for Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Shelter => Audience::Shelter,
            AudienceArg::Ems => Audience::Ems,
            AudienceArg::Caregiver => Audience::Caregiver,
        }
    }
}

/// Arguments of `tsunagu view`.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Profile id
    pub profile: String,
    /// Who the view is for
    #[arg(long, value_enum)]
    pub audience: AudienceArg,
    /// The day to judge freshness against (stale weight, tube changes, drills) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// Runs `tsunagu view`.
pub fn run(session: &Session, args: &ViewArgs, out: &mut Output) -> Result<()> {
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let doc = store.document(&profile_id)?;
    let l10n = session.localizer();
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let view = views::build(doc, args.audience.into(), &l10n, today)?;
    if session.json {
        return out.json(&view);
    }
    text(out, &l10n, &view);
    Ok(())
}

fn text(out: &mut Output, l10n: &tsunagu_core::i18n::Localizer, view: &View) {
    let date = view.generated_for_date.format("%Y-%m-%d").to_string();
    out.line(format_args!(
        "{} ({})",
        view.title,
        l10n.message("view-as-of", &[("date", &date)])
    ));
    for section in &view.sections {
        out.blank();
        out.line(format_args!(
            "■ [{}] {}",
            l10n.message(section.priority.fluent_id(), &[]),
            section.title
        ));
        for item in &section.items {
            if item.value.is_empty() {
                out.line(format_args!("  - {}", item.label));
            } else {
                out.line(format_args!("  - {}: {}", item.label, item.value));
            }
            if let Some(detail) = &item.detail {
                for line in detail.lines() {
                    out.line(format_args!("      {line}"));
                }
            }
            if let Some(stale) = &item.freshness.stale {
                out.line(format_args!(
                    "      ⚠ {}",
                    l10n.message("view-stale-mark", &[("warning", &stale.message)])
                ));
            }
        }
    }
}
