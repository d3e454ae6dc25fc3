//! The columns of the import spreadsheet (ADR 0015): a stable key each, a header in Japanese and
//! English from cli.ftl (`cli-import-col-KEY`), and the template (`import template`) as CSV or
//! .xlsx. A sheet's header row may name a column by its Japanese or English header or its key,
//! in any order; every column but the name may be left out.

use rust_xlsxwriter::{Format, Workbook};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::readiness::roster::CsvWriter;
use tsunagu_core::store::search_key;

use crate::error::{CliError, Result};

/// One column of the import sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 氏名: `child.name` (required).
    Name,
    /// ふりがな: `child.name_kana`.
    Kana,
    /// 生年月日: `child.date_of_birth`.
    DateOfBirth,
    /// 性別: `child.sex`.
    Sex,
    /// 住所: `child.address` (the roster's district filter looks in it).
    Address,
    /// 保護者氏名: the first contact's name.
    GuardianName,
    /// 保護者続柄: the first contact's relation.
    GuardianRelation,
    /// 保護者電話: the first contact's phone.
    GuardianPhone,
    /// 医療機器: device kinds, separated by 、 or commas (one device each).
    Devices,
    /// 電源が必要な機器: those of the devices that need mains power.
    DevicesNeedingMains,
    /// 体重: `child.weight.kg`.
    WeightKg,
    /// 体重の測定日: `child.weight.measured_on`.
    WeightMeasuredOn,
    /// アレルギー: agents separated by 、 or commas, or なし (none known).
    Allergies,
    /// 主治医: the attending doctor's name.
    DoctorName,
    /// 主治医の医療機関: the attending doctor's hospital or clinic.
    DoctorHospital,
    /// 主治医の電話: the attending doctor's phone.
    DoctorPhone,
    /// 訪問看護ステーション: the visiting nurses' station.
    NurseStation,
    /// 訪問看護の電話.
    NursePhone,
    /// 相談支援専門員: the care plan consultant's name.
    ConsultantName,
    /// 相談支援専門員の電話.
    ConsultantPhone,
}

impl Column {
    /// Every column, in the template's order.
    pub const ALL: [Column; 20] = [
        Column::Name,
        Column::Kana,
        Column::DateOfBirth,
        Column::Sex,
        Column::Address,
        Column::GuardianName,
        Column::GuardianRelation,
        Column::GuardianPhone,
        Column::Devices,
        Column::DevicesNeedingMains,
        Column::WeightKg,
        Column::WeightMeasuredOn,
        Column::Allergies,
        Column::DoctorName,
        Column::DoctorHospital,
        Column::DoctorPhone,
        Column::NurseStation,
        Column::NursePhone,
        Column::ConsultantName,
        Column::ConsultantPhone,
    ];

    /// The stable key (also accepted as a header).
    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Kana => "name_kana",
            Column::DateOfBirth => "date_of_birth",
            Column::Sex => "sex",
            Column::Address => "address",
            Column::GuardianName => "guardian_name",
            Column::GuardianRelation => "guardian_relation",
            Column::GuardianPhone => "guardian_phone",
            Column::Devices => "devices",
            Column::DevicesNeedingMains => "devices_needing_mains",
            Column::WeightKg => "weight_kg",
            Column::WeightMeasuredOn => "weight_measured_on",
            Column::Allergies => "allergies",
            Column::DoctorName => "doctor_name",
            Column::DoctorHospital => "doctor_hospital",
            Column::DoctorPhone => "doctor_phone",
            Column::NurseStation => "nurse_station",
            Column::NursePhone => "nurse_phone",
            Column::ConsultantName => "consultant_name",
            Column::ConsultantPhone => "consultant_phone",
        }
    }

    /// The header in the localizer's language.
    pub fn header(self, l: &Localizer) -> String {
        l.message(&format!("cli-import-col-{}", self.key().replace('_', "-")), &[])
    }

    /// The column a header cell names (Japanese or English header, or key; width and case folded).
    pub fn from_header(text: &str) -> Option<Column> {
        let wanted = search_key(text);
        Column::ALL.into_iter().find(|c| {
            [
                c.key().to_owned(),
                c.header(Localizer::shared(Lang::Ja)),
                c.header(Localizer::shared(Lang::En)),
            ]
            .iter()
            .any(|h| search_key(h) == wanted)
        })
    }

    /// The help line of the column (what to write in it), in the localizer's language.
    pub fn help(self, l: &Localizer) -> String {
        l.message(&format!("cli-import-help-{}", self.key().replace('_', "-")), &[])
    }
}

/// The spreadsheet letter of a 0-based column index (`0` → `A`, `26` → `AA`).
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The template's header row in the localizer's language.
pub fn header_row(l: &Localizer) -> Vec<String> {
    Column::ALL.iter().map(|c| c.header(l)).collect()
}

/// The template as CSV (UTF-8 with a BOM, so Excel opens it as UTF-8): the header row only.
pub fn template_csv(l: &Localizer) -> Vec<u8> {
    let mut csv = CsvWriter::new();
    csv.row(header_row(l));
    csv.finish().into_bytes()
}

/// The template as a workbook: the header row (bold, frozen) over text-formatted columns, and a
/// second sheet saying what each column takes.
pub fn template_xlsx(l: &Localizer) -> Result<Vec<u8>> {
    build_xlsx(l).map_err(|e| CliError::Failure(format!("could not write the workbook: {e}")))
}

fn build_xlsx(l: &Localizer) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    // Text cells keep a phone's leading 0 and a kana reading as typed.
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(l.message("cli-import-sheet-children", &[]))?;
    for (i, column) in Column::ALL.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, column.header(l), &bold)?;
        if !matches!(column, Column::WeightKg) {
            sheet.set_column_format(col, &text)?;
        }
        sheet.set_column_width(col, 16)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let help = book.add_worksheet();
    help.set_name(l.message("cli-import-sheet-help", &[]))?;
    help.write_string_with_format(0, 0, l.message("cli-import-help-column", &[]), &bold)?;
    help.write_string_with_format(0, 1, l.message("cli-import-help-what", &[]), &bold)?;
    for (i, column) in Column::ALL.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        help.write_string(row, 0, column.header(l))?;
        help.write_string(row, 1, column.help(l))?;
    }
    help.set_column_width(0, 24)?;
    help.set_column_width(1, 80)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_like_a_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(3), "D");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
    }

    #[test]
    fn headers_are_found_in_either_language_or_by_key() {
        for column in Column::ALL {
            for lang in [Lang::Ja, Lang::En] {
                let header = column.header(Localizer::shared(lang));
                assert!(!header.starts_with("cli-import-col-"), "{header} has no message");
                assert_eq!(Column::from_header(&header), Some(column), "{header}");
            }
            assert_eq!(Column::from_header(column.key()), Some(column));
        }
        assert_eq!(Column::from_header("好きな食べ物"), None);
    }
}
