//! `tsunagu roster`: the coordinator's view of every child in the store — power dependency,
//! shortest runway, destination, plan and drill dates, last update, what is missing — as a
//! narrow table (`--wide`: every column), as CSV (RFC 4180), as an Excel workbook (`--format
//! xlsx --out FILE.xlsx`) or as JSON with `--json`; filtered and sorted with `--filter` and
//! `--sort` (roster_query.rs). Archived profiles are left out unless `--archived`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tsunagu_core::ProfileStore;
use tsunagu_core::attention::{Reason, attention};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::Date;
use tsunagu_core::readiness::roster::{CsvWriter, RosterRow, roster_cells, roster_csv, roster_header};

use crate::error::{CliError, Result, write_output};
use crate::output::{Output, local_time_millis};
use crate::roster_query::{RosterQuery, SortColumn, parse_filters, select};
use crate::session::Session;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RosterFormat {
    /// Aligned columns for the terminal
    Table,
    /// CSV (RFC 4180, CRLF line ends) for a spreadsheet
    Csv,
    /// An Excel workbook (.xlsx), written to --out
    Xlsx,
}

/// Arguments of `tsunagu roster`.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RosterFormat::Table)]
    pub format: RosterFormat,
    /// Write to this file instead of the terminal (required for xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Keep only the children matching EXPR (repeatable; all must match): life-sustaining[=KIND],
    /// power-dependent, runway<HOURS, district=TEXT, destination=TEXT, missing
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<String>,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = SortColumn::Runway)]
    pub sort: SortColumn,
    /// Reverse the order
    #[arg(long)]
    pub reverse: bool,
    /// Every column in the table (the CSV and the workbook always have them all)
    #[arg(long)]
    pub wide: bool,
    /// Include archived profiles
    #[arg(long)]
    pub archived: bool,
    /// Judge drill dates as of this day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only the children who need attention, and why (stale weight, overdue tube or cannula
    /// change, drill, plan, no update, unverified sections, review items, unsynced changes)
    #[arg(long)]
    pub needs_attention: bool,
}

/// Columns of the default (narrow) table, as indexes into [`roster_cells`].
const NARROW: &[usize] = &[0, 1, 3, 7, 11, 19, 21, 22, 25];
/// Index of the "updated" column in [`roster_cells`] (UTC there, local time in the table).
const UPDATED: usize = 23;
/// Index of the "details" column: many lines, for the CSV and the workbook only.
const DETAILS: usize = 26;
/// Index of the runway column and of its "estimate" mark.
const RUNWAY: usize = 11;
const RUNWAY_ESTIMATE: usize = 12;
/// Index of the "missing" column: the narrow table shows how many.
const MISSING: usize = 25;

/// Runs `tsunagu roster`.
pub fn run(session: &Session, args: &RosterArgs, out: &mut Output) -> Result<()> {
    let as_of = match &args.as_of {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| CliError::worded("cli-err-as-of-date", &[]))?,
        None => Date(chrono::Local::now().date_naive()),
    };
    let filters = parse_filters(&args.filter)?;
    if args.format == RosterFormat::Xlsx && args.out.is_none() {
        return Err(CliError::worded("cli-err-xlsx-needs-out", &[]));
    }
    let mut store = session.open_store()?;
    if args.needs_attention {
        if args.format == RosterFormat::Xlsx {
            return Err(CliError::worded("cli-err-attention-format", &[]));
        }
        let archived = store.archived()?;
        return needs_attention(session, &mut store, as_of, args, &archived, out);
    }
    let query = RosterQuery {
        filters,
        sort: args.sort,
        reverse: args.reverse,
        archived: args.archived,
        needs_attention: false,
    };
    let rows = select(&mut store, as_of, &query)?;
    if session.json {
        return out.json(&rows);
    }
    let l10n = session.localizer();
    let bytes = match args.format {
        RosterFormat::Xlsx => crate::roster_xlsx::workbook(&rows, &l10n)?,
        RosterFormat::Csv => roster_csv(&rows, &l10n).into_bytes(),
        RosterFormat::Table => {
            let mut table = Output::new();
            print_table(&mut table, &rows, &l10n, args.wide);
            table.into_text().into_bytes()
        }
    };
    match &args.out {
        Some(path) => {
            write_output(path, &bytes)?;
            out.line(l10n.message(
                "cli-roster-written",
                &[
                    ("count", &rows.len().to_string()),
                    ("path", &path.display().to_string()),
                ],
            ));
        }
        None => {
            // `Output::line` adds a newline; the CSV and the table already end with one.
            let text = String::from_utf8_lossy(&bytes);
            out.line(text.strip_suffix('\n').unwrap_or(&text));
        }
    }
    Ok(())
}

/// The table: the narrow columns, or every column but the details with `wide`.
fn print_table(out: &mut Output, rows: &[RosterRow], l10n: &Localizer, wide: bool) {
    let header = roster_header(l10n);
    let columns: Vec<usize> = if wide {
        (0..header.len()).filter(|i| *i != DETAILS).collect()
    } else {
        NARROW.to_vec()
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut cells = roster_cells(row, l10n);
            // The terminal shows local time; the CSV keeps UTC.
            cells[UPDATED] = local_time_millis(row.updated_at);
            if !wide {
                if !cells[RUNWAY_ESTIMATE].is_empty() {
                    cells[RUNWAY] = format!("{} ({})", cells[RUNWAY], cells[RUNWAY_ESTIMATE]);
                }
                cells[MISSING] = row.missing.len().to_string();
            }
            columns
                .iter()
                .map(|i| match cells[*i].as_str() {
                    "" => "-".to_owned(),
                    cell => cell.to_owned(),
                })
                .collect()
        })
        .collect();
    let header: Vec<&str> = columns.iter().map(|i| header[*i].as_str()).collect();
    out.table(&header, &cells);
}

/// `roster --needs-attention`: the children who need attention, most reasons first, each with
/// its reasons in words (the same computation as the desk's home page).
fn needs_attention(
    session: &Session,
    store: &mut ProfileStore,
    as_of: Date,
    args: &RosterArgs,
    archived: &std::collections::BTreeMap<String, i64>,
    out: &mut Output,
) -> Result<()> {
    let children: Vec<_> = attention(store, as_of)?
        .into_iter()
        .filter(|c| c.needs_attention() && (args.archived || !archived.contains_key(&c.profile_id)))
        .collect();
    if session.json {
        return out.json(&children);
    }
    let l10n = session.localizer();
    let header = [
        l10n.label("roster-col-id"),
        l10n.label("roster-col-name"),
        l10n.label("roster-col-kana"),
        l10n.label("roster-col-attention"),
    ];
    let rows: Vec<Vec<String>> = children
        .iter()
        .map(|c| {
            let reasons: Vec<String> = c
                .reasons
                .iter()
                .map(|r| match r {
                    Reason::ReviewItems => l10n.message_counted(
                        "desk-reason-review-items",
                        &[],
                        &[("count", c.review_items as f64)],
                    ),
                    Reason::UnsyncedChanges => l10n.message_counted(
                        "desk-reason-unsynced",
                        &[],
                        &[("count", c.unsynced_changes as f64)],
                    ),
                    other => l10n.label(other.fluent_id()),
                })
                .collect();
            vec![
                c.profile_id.clone(),
                c.name.clone().unwrap_or_default(),
                c.name_kana.clone().unwrap_or_default(),
                reasons.join(" / "),
            ]
        })
        .collect();
    match args.format {
        RosterFormat::Csv | RosterFormat::Xlsx => {
            let mut csv = CsvWriter::new();
            csv.row(&header);
            for row in &rows {
                csv.row(row);
            }
            let csv = csv.finish();
            out.line(csv.strip_suffix('\n').unwrap_or(&csv));
        }
        RosterFormat::Table => {
            if rows.is_empty() {
                out.line(l10n.message("roster-nobody-needs-attention", &[]));
                return Ok(());
            }
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            out.table(&header, &rows);
        }
    }
    Ok(())
}
