//! `tsunagu roster`: the coordinator's view of every child in the store — power dependency,
//! shortest runway, destination, plan and drill dates, last update, what is missing — as a table
//! or as CSV (RFC 4180), or as JSON with `--json`.

use clap::{Args, ValueEnum};
use tsunagu_core::model::Date;
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
