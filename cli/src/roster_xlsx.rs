//! The roster as an Excel workbook (`roster --format xlsx`), written with rust_xlsxwriter: the
//! same localized columns as the CSV, numbers as numbers, every text cell stored as text (never
//! run as a formula), the header row bold and frozen.

use rust_xlsxwriter::{Format, Workbook};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::readiness::roster::{RosterRow, roster_cells, roster_header};

use crate::error::{CliError, Result};

/// Columns that are always text, even when they look like numbers (id, name, kana, address).
const TEXT_COLUMNS: &[usize] = &[0, 1, 2, 4];

/// The workbook's bytes.
pub fn workbook(rows: &[RosterRow], l10n: &Localizer) -> Result<Vec<u8>> {
    build(rows, l10n).map_err(|e| CliError::Failure(format!("could not write the workbook: {e}")))
}

fn build(rows: &[RosterRow], l10n: &Localizer) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(l10n.label("roster-sheet-name"))?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, title) in roster_header(l10n).iter().enumerate() {
        sheet.write_string_with_format(0, column(col), title, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (col, cell) in roster_cells(row, l10n).iter().enumerate() {
            let number = cell.parse::<f64>().ok().filter(|n| n.is_finite());
            match number {
                Some(n) if !TEXT_COLUMNS.contains(&col) => {
                    sheet.write_number(r, column(col), n)?;
                }
                _ if cell.contains('\n') => {
                    sheet.write_string_with_format(r, column(col), cell, &wrap)?;
                }
                _ => {
                    sheet.write_string(r, column(col), cell)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save_to_buffer()
}

fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
