//! `tsunagu import`: the template (its header row pinned by golden files), a good file, one bad
//! row (nothing written, checked in the SQLite file itself), a bad date in JSON, an unknown
//! column, an empty file, a BOM, an .xlsx workbook, duplicates and `--dry-run`. Fictional children.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{BIN, run};

/// Runs `tsunagu --data-dir DIR/data ARGS…` in `lang`; does not judge the outcome.
fn tsunagu(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["--lang", lang])
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .output()
        .expect("runs tsunagu")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(bytes)))
}

const HEADER: &str = "氏名,ふりがな,生年月日,性別,住所,保護者氏名,保護者の電話,医療機器,電源が必要な機器,\
                      体重（kg）,体重の測定日,アレルギー,主治医,主治医の医療機関";

const GOOD: &str = "青木 そら,あおき そら,2019-04-01,女,熊本県架空市中央1-2,青木 みどり,090-1111-2222,\
                    \"人工呼吸器、吸引器\",人工呼吸器,12.5,2026/9/1,なし,架空 一郎,架空こども病院\n\
                    井上 みく,いのうえ みく,令和2年5月2日,男,熊本県架空市北3-4,,,,,,,,,\n";

/// Writes `content` to DIR/NAME; returns the path as text.
fn file(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("writes");
    path.to_str().expect("utf-8 path").to_owned()
}

/// Rows of the `profile` and `snapshot` tables of the store, read from the SQLite file itself.
fn stored_rows(dir: &Path) -> (i64, i64) {
    let path = dir.join("data").join("tsunagu.sqlite3");
    if !path.exists() {
        return (0, 0);
    }
    let conn = rusqlite::Connection::open(path).expect("opens the store");
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("counts")
    };
    (count("profile"), count("snapshot"))
}

fn listed(dir: &Path) -> Vec<Value> {
    json(run(dir, &["profile", "list", "--json"]).as_bytes())
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn the_template_header_row_is_pinned_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    for lang in ["ja", "en"] {
        let out = d.join(format!("t-{lang}.csv"));
        let o = tsunagu(
            d,
            lang,
            &["import", "template", "--out", out.to_str().expect("path")],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let golden =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("testdata/golden/import-template.{lang}.csv"));
        assert_eq!(
            std::fs::read(&out).expect("template"),
            std::fs::read(&golden).expect("golden file"),
            "the template of ADR 0015 changed: re-bless {} only on purpose",
            golden.display()
        );
        // The workbook's header row is the CSV's.
        let xlsx = d.join(format!("t-{lang}.xlsx"));
        let o = tsunagu(
            d,
            lang,
            &["import", "template", "--out", xlsx.to_str().expect("path")],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("a workbook");
        let sheet = book.worksheet_range_at(0).expect("a sheet").expect("reads");
        let header: Vec<String> = sheet
            .rows()
            .next()
            .expect("a header")
            .iter()
            .map(ToString::to_string)
            .collect();
        let csv = text(&std::fs::read(&out).expect("template"));
        assert_eq!(header.join(","), csv.trim_start_matches('\u{feff}').trim_end());
    }
}

#[test]
fn a_good_file_creates_every_child_and_a_second_import_is_a_duplicate() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let csv = file(d, "children.csv", format!("{HEADER}\n{GOOD}").as_bytes());
    let dry = tsunagu(d, "ja", &["import", &csv, "--dry-run", "--today", "2026-10-01"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert_eq!(stored_rows(d).0, 0, "--dry-run writes nothing");
    let o = tsunagu(d, "ja", &["--json", "import", &csv, "--today", "2026-10-01"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let imported = json(&o.stdout)["imported"].as_array().expect("imported").clone();
    assert_eq!(imported.len(), 2);
    assert_eq!(imported[1]["row"], 3);
    let sora = imported[0]["profile_id"].as_str().expect("profile_id");
    let profile = json(run(d, &["profile", "show", sora, "--json"]).as_bytes());
    assert_eq!(profile["child"]["date_of_birth"], "2019-04-01");
    assert_eq!(profile["child"]["weight"]["kg"], 12.5);
    assert_eq!(profile["allergies"]["status"], "none_known");
    let devices: Vec<&Value> = profile["devices"]
        .as_object()
        .expect("devices")
        .values()
        .collect();
    assert_eq!(devices.len(), 2);
    assert!(
        devices
            .iter()
            .any(|d| d["kind"] == "ventilator" && d["power"]["needs_mains"] == true)
    );
    assert_eq!(listed(d).len(), 2);

    let again = tsunagu(d, "en", &["import", &csv, "--today", "2026-10-01"]);
    assert_eq!(again.status.code(), Some(2));
    let err = text(&again.stderr);
    assert!(
        err.contains("Row 2, column A (Name): A child with this name and date of birth"),
        "{err}"
    );
    assert!(!err.contains("青木"), "no cell value in an error: {err}");
    assert_eq!(listed(d).len(), 2);
    let o = tsunagu(
        d,
        "en",
        &["import", &csv, "--allow-duplicates", "--today", "2026-10-01"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(listed(d).len(), 4);
}

#[test]
fn one_bad_row_writes_nothing_at_all() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    run(d, &["profile", "new", "--sample"]);
    let before = stored_rows(d);
    let bad = format!("{HEADER}\n{GOOD}上田 りく,うえだ りく,2020-01-01,男,,,,\"人工呼吸器\",酸素,,,,,\n");
    let csv = file(d, "bad.csv", bad.as_bytes());
    let o = tsunagu(d, "ja", &["import", &csv, "--today", "2026-10-01"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains("取り込めません: 1 件の問題があります。何も書き込んでいません"),
        "{err}"
    );
    assert!(err.contains("行 4, 列 I (電源が必要な機器): "), "{err}");
    assert_eq!(
        stored_rows(d),
        before,
        "no profile and no snapshot of a partial import"
    );
    assert_eq!(listed(d).len(), 1);
}

#[test]
fn a_bad_date_is_reported_at_its_cell_in_json() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let csv = file(
        d,
        "date.csv",
        "氏名,生年月日\n青木 そら,2019-13-45\n井上 みく,2999-01-01\n".as_bytes(),
    );
    let o = tsunagu(d, "en", &["--json", "import", &csv, "--today", "2026-10-01"]);
    assert_eq!(o.status.code(), Some(2));
    let error = &json(&o.stdout)["error"];
    assert_eq!(error["code"], "import_refused");
    assert_eq!(error["field"], "child.date_of_birth");
    let problems = error["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        (&problems[0]["row"], &problems[0]["column"]),
        (&Value::from(2), &Value::from("B"))
    );
    assert_eq!(problems[0]["header"], "Date of birth");
    assert!(
        problems[0]["message"]
            .as_str()
            .expect("message")
            .starts_with("enter a date")
    );
    assert_eq!(problems[1]["row"], 3);
    assert_eq!(problems[1]["message"], "A date in the future cannot be entered");
    assert_eq!(stored_rows(d).0, 0);
}

#[test]
fn an_unknown_column_and_an_empty_file_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let csv = file(d, "cols.csv", "氏名,好きな色\n青木 そら,あお\n".as_bytes());
    let o = tsunagu(d, "ja", &["import", &csv]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("行 1, 列 B (好きな色): 知らない列です"), "{err}");
    let empty = file(d, "empty.csv", b"");
    let o = tsunagu(d, "en", &["import", &empty]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("Row 1: The file is empty"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(stored_rows(d).0, 0);
}

#[test]
fn a_csv_with_a_bom_and_an_xlsx_workbook_import_alike() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let bom = file(
        d,
        "bom.csv",
        "\u{feff}氏名,生年月日\r\n青木 そら,2019-04-01\r\n".as_bytes(),
    );
    let o = tsunagu(d, "ja", &["--json", "import", &bom]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json(&o.stdout)["imported"].as_array().expect("imported").len(), 1);

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in [
        "Name",
        "Date of birth",
        "Weight (kg)",
        "Weight measured on",
        "Medical devices",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *header).expect("header");
    }
    let date = |y, m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet.write_string(1, 0, "井上 みく").expect("cell");
    sheet
        .write_datetime_with_format(1, 1, date(2020, 5, 2), &format)
        .expect("cell");
    sheet.write_number(1, 2, 11.0).expect("cell");
    sheet
        .write_datetime_with_format(1, 3, date(2026, 9, 1), &format)
        .expect("cell");
    sheet.write_string(1, 4, "oxygen, suction").expect("cell");
    let xlsx = d.join("children.xlsx");
    book.save(&xlsx).expect("saves");
    let o = tsunagu(
        d,
        "en",
        &[
            "--json",
            "import",
            xlsx.to_str().expect("path"),
            "--today",
            "2026-10-01",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let id = json(&o.stdout)["imported"][0]["profile_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let profile = json(run(d, &["profile", "show", &id, "--json"]).as_bytes());
    assert_eq!(profile["child"]["date_of_birth"], "2020-05-02");
    assert_eq!(profile["child"]["weight"]["measured_on"], "2026-09-01");
    assert_eq!(profile["devices"].as_object().expect("devices").len(), 2);
}
