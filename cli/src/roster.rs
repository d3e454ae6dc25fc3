//! `tsunagu roster`: the coordinator's view of every child in the store — power dependency,
//! shortest runway, destination, plan and drill dates, last update, what is missing — as a table
//! or as CSV (RFC 4180), or as JSON with `--json`.

use clap::{Args, ValueEnum};
use tsunagu_core::ProfileStore;
use tsunagu_core::attention::{Reason, attention};
use tsunagu_core::model::Date;
use tsunagu_core::readiness::roster::CsvWriter;
use tsunagu_core::readiness::roster::{roster, roster_cells, roster_csv, roster_header};

use crate::error::{CliError, Result};
use crate::output::{Output, local_time_millis};
use crate::session::Session;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RosterFormat {
    /// Aligned columns for the terminal
    Table,
    /// CSV (RFC 4180, CRLF line ends) for a spreadsheet
    Csv,
}

/// Arguments of `tsunagu roster`.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RosterFormat::Table)]
    pub format: RosterFormat,
    /// Judge drill dates as of this day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only the children who need attention, and why (stale weight, overdue tube or cannula
    /// change, drill, plan, no update, unverified sections, review items, unsynced changes)
    #[arg(long)]
    pub needs_attention: bool,
}

/// Runs `tsunagu roster`.
pub fn run(session: &Session, args: &RosterArgs, out: &mut Output) -> Result<()> {
    let as_of = match &args.as_of {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| CliError::worded("cli-err-as-of-date", &[]))?,
        None => Date(chrono::Local::now().date_naive()),
    };
    let mut store = session.open_store()?;
    if args.needs_attention {
        return needs_attention(session, &mut store, as_of, args.format, out);
    }
    let rows = roster(&mut store, as_of)?;
    if session.json {
        return out.json(&rows);
    }
    let l10n = session.localizer();
    match args.format {
        RosterFormat::Csv => {
            // `Output::line` adds a newline; the CSV already ends with CRLF.
            let csv = roster_csv(&rows, &l10n);
            out.line(csv.strip_suffix('\n').unwrap_or(&csv));
        }
        RosterFormat::Table => {
            let header = roster_header(&l10n);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    let mut cells = roster_cells(row, &l10n);
                    // The terminal shows local time; the CSV keeps UTC.
                    if let Some(updated) = cells.get_mut(10) {
                        *updated = local_time_millis(row.updated_at);
                    }
                    for cell in &mut cells {
                        if cell.is_empty() {
                            "-".clone_into(cell);
                        }
                    }
                    cells
                })
                .collect();
            out.table(&header, &cells);
        }
    }
    Ok(())
}

/// `roster --needs-attention`: the children who need attention, most reasons first, each with
/// its reasons in words (the same computation as the desk's home page).
fn needs_attention(
    session: &Session,
    store: &mut ProfileStore,
    as_of: Date,
    format: RosterFormat,
    out: &mut Output,
) -> Result<()> {
    let children: Vec<_> = attention(store, as_of)?
        .into_iter()
        .filter(|c| c.needs_attention())
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
    match format {
        RosterFormat::Csv => {
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
