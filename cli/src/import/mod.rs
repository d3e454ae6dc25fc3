//! `tsunagu import FILE` and `tsunagu import template --out FILE`: a coordinator's spreadsheet
//! of children (CSV or .xlsx, columns in `columns.rs`, ADR 0015) checked row by row through the
//! core's form model and written all at once, or not at all. The desk's import page
//! (`desk/import.rs`) uses the same [`prepare`] and [`write`].

pub mod columns;
mod rows;
pub mod sheet;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::ValidationContext;
use tsunagu_core::store::DeviceName;
use tsunagu_core::{EditContext, ProfileStore};

use crate::error::{CliError, Result, read_input, write_output};
use crate::output::Output;
use crate::session::Session;
use rows::{CheckOptions, Existing};
pub use rows::{Draft, Problem};

/// Arguments of `tsunagu import`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    /// `template`: write an empty spreadsheet to fill in
    #[command(subcommand)]
    pub command: Option<ImportCommand>,
    /// The spreadsheet: CSV (UTF-8, with or without BOM) or .xlsx, one row per child
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Check every row and say what would be created; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import a child whose name and date of birth are already in the store (or twice in the file)
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Judge dates and ages as of this day [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    #[command(flatten)]
    pub device: crate::device::DeviceNameArgs,
}

/// Subcommands of `tsunagu import`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Write the import template: the header row in the output language (.xlsx or .csv)
    Template {
        /// Where to write it; the format follows the extension (.xlsx or .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs `tsunagu import`.
pub fn run(session: &Session, args: &ImportArgs, out: &mut Output) -> Result<()> {
    let l = session.localizer();
    if let Some(ImportCommand::Template { out: file }) = &args.command {
        return template(session, file, &l, out);
    }
    let Some(file) = &args.file else {
        return Err(CliError::worded("cli-import-no-file", &[]));
    };
    // Read and check everything before the store is written: a refused file leaves no trace.
    let bytes = read_input(file)?;
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = session.open_store()?;
    let drafts =
        prepare(&mut store, &bytes, today, args.allow_duplicates, &l)?.map_err(CliError::ImportRefused)?;
    let names: Vec<String> = drafts
        .iter()
        .map(|d| d.profile.child.name.clone().unwrap_or_default())
        .collect();
    if args.dry_run {
        if session.json {
            let rows: Vec<_> = drafts
                .iter()
                .zip(&names)
                .map(|(d, n)| json!({ "row": d.row, "name": n }))
                .collect();
            return out.json(&json!({ "dry_run": true, "valid": rows }));
        }
        out.line(l.message_counted("cli-import-dry-run", &[], &[("count", drafts.len() as f64)]));
        return Ok(());
    }
    let name = args
        .device
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let mut ctx = session.create_context(name);
    ctx.validation = ValidationContext { today };
    let device = name.map(|name| DeviceName {
        name,
        role: args.device.role.as_deref(),
    });
    let ids = write(&mut store, &drafts, &ctx, device)?;
    if session.json {
        let rows: Vec<_> = drafts
            .iter()
            .zip(&ids)
            .zip(&names)
            .map(|((d, id), n)| json!({ "profile_id": id, "row": d.row, "name": n }))
            .collect();
        return out.json(&json!({ "dry_run": false, "imported": rows }));
    }
    out.line(l.message_counted("cli-import-done", &[], &[("count", ids.len() as f64)]));
    let header = [l.message("cli-col-id", &[]), l.message("cli-col-name", &[])];
    let rows: Vec<Vec<String>> = ids
        .iter()
        .zip(&names)
        .map(|(id, n)| vec![id.clone(), n.clone()])
        .collect();
    out.table(&[header[0].as_str(), header[1].as_str()], &rows);
    Ok(())
}

fn template(session: &Session, file: &Path, l: &Localizer, out: &mut Output) -> Result<()> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("xlsx") => columns::template_xlsx(l)?,
        Some("csv") => columns::template_csv(l),
        _ => return Err(CliError::worded("cli-import-template-extension", &[])),
    };
    write_output(file, &bytes)?;
    if session.json {
        return out.json(&json!({ "file": file, "columns": columns::header_row(l) }));
    }
    out.line(l.message(
        "cli-import-template-written",
        &[("path", &file.display().to_string())],
    ));
    Ok(())
}

/// Reads `bytes` as a sheet and checks every row against the form model, the model's rules
/// and the children already in `store`. The outer error is a failure (the store); the inner
/// one the sheet's problems.
pub fn prepare(
    store: &mut ProfileStore,
    bytes: &[u8],
    today: NaiveDate,
    allow_duplicates: bool,
    l: &Localizer,
) -> Result<std::result::Result<Vec<Draft>, Vec<Problem>>> {
    let sheet = match sheet::read(bytes) {
        Ok(sheet) => sheet,
        Err(e) => {
            let id = match e {
                sheet::SheetError::NotASheet => "cli-import-not-a-sheet",
                sheet::SheetError::Csv { .. } => "cli-import-bad-csv",
                sheet::SheetError::Workbook(_) => "cli-import-bad-workbook",
            };
            let message = l.message(id, &[]);
            let problem = Problem {
                row: 1,
                column: None,
                header: None,
                field: None,
                text: l.message("cli-import-at-row", &[("row", "1"), ("message", &message)]),
                message,
            };
            return Ok(Err(vec![problem]));
        }
    };
    let mut existing = Vec::new();
    for summary in store.list()? {
        let born = store.profile(&summary.id)?.child.date_of_birth.map(|d| d.0);
        existing.push(Existing {
            id: summary.id,
            name: summary.name,
            date_of_birth: born,
        });
    }
    Ok(rows::check(
        &sheet,
        &CheckOptions {
            existing: &existing,
            today,
            allow_duplicates,
            l,
        },
    ))
}

/// Creates the profiles of `drafts` in one transaction; their ids in the same order.
pub fn write(
    store: &mut ProfileStore,
    drafts: &[Draft],
    ctx: &EditContext,
    device: Option<DeviceName<'_>>,
) -> Result<Vec<String>> {
    let profiles: Vec<_> = drafts.iter().map(|d| d.profile.clone()).collect();
    Ok(store.create_profiles(&profiles, ctx, device)?)
}
