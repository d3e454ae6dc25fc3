//! `tsunagu plan-export PROFILE --format csv|html [--out FILE]`: the 個別避難計画 (individual
//! evacuation plan) for the municipality — the plan's legal items, the roster items and the
//! consent record — as CSV (one row per item) or as a printable HTML page. Writes to `--out`, or
//! to stdout; `--json` prints the plan's rows as JSON instead.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tsunagu_core::model::Date;
use tsunagu_core::share::{evacuation_plan_in_store, plan_csv, plan_html};

use crate::error::{CliError, Result, write_output};
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
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub profile: Option<String>,
    /// Every profile that is not archived, one file each (PROFILE-ID.html or .csv) in the
    /// directory --out names
    #[arg(long, requires = "out")]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = PlanFormat::Html)]
    pub format: PlanFormat,
    /// The file to write (with --all: the directory) [default: stdout]
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
    let (Some(query), false) = (&args.profile, args.all) else {
        return export_all(session, &mut store, args, as_of, out);
    };
    let profile_id = session.resolve(&mut store, query)?;
    let plan = evacuation_plan_in_store(&mut store, &profile_id, &l10n, as_of)?;
    if session.json {
        return out.json(&plan);
    }
    let text = match args.format {
        PlanFormat::Csv => plan_csv(&plan, &l10n),
        PlanFormat::Html => plan_html(&plan, &l10n)?,
    };
    match &args.out {
        Some(path) => {
            write_output(path, text.as_bytes())?;
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

/// `plan-export --all --out DIR`: one file per profile that is not archived, named by its id
/// (never by the child's name); `--json` lists the files written.
fn export_all(
    session: &Session,
    store: &mut tsunagu_core::ProfileStore,
    args: &PlanArgs,
    as_of: Date,
    out: &mut Output,
) -> Result<()> {
    let Some(dir) = &args.out else {
        return Err(CliError::worded("cli-err-plan-all-out", &[]));
    };
    std::fs::create_dir_all(dir).map_err(|source| CliError::WriteFile {
        path: dir.clone(),
        source,
    })?;
    let l10n = session.localizer();
    let archived = store.archived()?;
    let ids: Vec<String> = store
        .list()?
        .into_iter()
        .map(|p| p.id)
        .filter(|id| !archived.contains_key(id))
        .collect();
    let mut written = Vec::with_capacity(ids.len());
    for id in &ids {
        let plan = evacuation_plan_in_store(store, id, &l10n, as_of)?;
        let (text, extension) = match args.format {
            PlanFormat::Csv => (plan_csv(&plan, &l10n), "csv"),
            PlanFormat::Html => (plan_html(&plan, &l10n)?, "html"),
        };
        let path = dir.join(format!("{id}.{extension}"));
        write_output(&path, text.as_bytes())?;
        written.push(serde_json::json!({ "profile_id": id, "file": path, "bytes": text.len() }));
    }
    if session.json {
        return out.json(&written);
    }
    out.line(l10n.message(
        "cli-plan-all-written",
        &[
            ("count", &ids.len().to_string()),
            ("path", &dir.display().to_string()),
        ],
    ));
    Ok(())
}
