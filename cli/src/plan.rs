//! `tsunagu plan-export PROFILE --format csv|html [--out FILE]`: the 個別避難計画 (individual
//! evacuation plan) for the municipality — the plan's legal items, the roster items and the
//! consent record — as CSV (one row per item) or as a printable HTML page. Writes to `--out`, or
//! to stdout; `--json` prints the plan's rows as JSON instead.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tsunagu_core::model::Date;
use tsunagu_core::share::{evacuation_plan_in_store, plan_csv, plan_html};

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::session::Session;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// CSV (RFC 4180, UTF-8 with BOM): section, item, value, legal, missing
    Csv,
    /// A printable A4 page (self-contained HTML)
    Html,
}

/// Arguments of `tsunagu plan-export`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Profile id
    pub profile: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = PlanFormat::Html)]
    pub format: PlanFormat,
    /// The file to write [default: stdout]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Judge the drill date and date the export as of this day [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// Runs `tsunagu plan-export`.
pub fn run(session: &Session, args: &PlanArgs, out: &mut Output) -> Result<()> {
    let as_of = Date(args.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()));
    let mut store = session.open_store()?;
    let l10n = session.localizer();
    let plan = evacuation_plan_in_store(&mut store, &args.profile, &l10n, as_of)?;
    if session.json {
        return out.json(&plan);
    }
    let text = match args.format {
        PlanFormat::Csv => plan_csv(&plan, &l10n),
        PlanFormat::Html => plan_html(&plan, &l10n)?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|source| CliError::WriteFile {
                path: path.clone(),
                source,
            })?;
            out.line(l10n.message(
                "cli-wrote",
                &[
                    ("path", &path.display().to_string()),
                    ("bytes", &text.len().to_string()),
                ],
            ));
        }
        // `Output::line` adds a newline; both formats already end with one.
        None => out.line(text.strip_suffix('\n').unwrap_or(&text)),
    }
    Ok(())
}
