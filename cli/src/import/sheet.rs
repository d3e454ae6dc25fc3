//! Reading a spreadsheet into rows of text cells: CSV (UTF-8, with or without a BOM) with the
//! `csv` crate, or the first sheet of an .xlsx workbook with calamine. Cells keep their place:
//! `rows[0][0]` is A1 whatever the file leaves empty, so errors name the cell the person sees.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// A sheet as text: rows of cells, the first row the header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The rows from row 1, each from column A.
    pub rows: Vec<Vec<String>>,
}

/// Why a file could not be read as a sheet.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Neither an .xlsx workbook nor UTF-8 text.
    #[error("not UTF-8 CSV or an .xlsx workbook")]
    NotASheet,
    /// A CSV file that does not parse (a stray quote).
    #[error("malformed CSV at line {line}")]
    Csv {
        /// The line the reader stopped at.
        line: u64,
    },
    /// An .xlsx file calamine cannot read.
    #[error("unreadable workbook: {0}")]
    Workbook(String),
}

/// Reads `bytes` as an .xlsx workbook (by its ZIP signature) or as CSV.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    read_csv(bytes)
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::NotASheet)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv {
            line: e.position().map(|p| p.line()).unwrap_or(0),
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(Sheet { rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::Workbook(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(range) => range.map_err(|e| SheetError::Workbook(e.to_string()))?,
        None => return Ok(Sheet::default()),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(row.iter().map(cell_text));
        rows.push(cells);
    }
    Ok(Sheet { rows })
}

/// A cell as the text a person would type: whole numbers without `.0`, dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_and_without_bom_reads_alike() {
        let plain = "氏名,生年月日\n\"青木, そら\",2019-04-01\n";
        let with_bom = format!("\u{feff}{plain}");
        let a = read(plain.as_bytes()).expect("reads");
        assert_eq!(a, read(with_bom.as_bytes()).expect("reads"));
        assert_eq!(a.rows[0], ["氏名", "生年月日"]);
        assert_eq!(a.rows[1][0], "青木, そら");
    }

    #[test]
    fn bytes_that_are_not_text_are_refused() {
        assert!(matches!(read(&[0xff, 0xfe, 0x00]), Err(SheetError::NotASheet)));
    }

    #[test]
    fn xlsx_cells_keep_their_place_and_dates_read_as_dates() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(1, 1, "氏名").expect("write");
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 4, 1).expect("date");
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd");
        sheet
            .write_datetime_with_format(2, 1, &date, &format)
            .expect("write");
        sheet.write_number(2, 2, 12.0).expect("write");
        let bytes = book.save_to_buffer().expect("saves");
        let read = read(&bytes).expect("reads");
        assert_eq!(read.rows[1][1], "氏名", "B2 stays B2");
        assert_eq!(read.rows[2][1], "2019-04-01");
        assert_eq!(read.rows[2][2], "12");
    }
}
