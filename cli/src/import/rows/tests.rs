//! Unit tests of the row checks (the binary's tests are in cli/tests/cli/import.rs).

use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::{DeviceKind, Sex};

use super::*;

fn sheet(rows: &[&[&str]]) -> Sheet {
    Sheet {
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).expect("date")
}

fn run(s: &Sheet, existing: &[Existing]) -> Result<Vec<Draft>, Vec<Problem>> {
    check(
        s,
        &CheckOptions {
            existing,
            today: today(),
            allow_duplicates: false,
            l: Localizer::shared(Lang::Ja),
        },
    )
}

#[test]
fn a_full_row_becomes_a_profile_through_the_form_model() {
    let s = sheet(&[
        &[
            "氏名",
            "生年月日",
            "性別",
            "医療機器",
            "電源が必要な機器",
            "体重（kg）",
            "体重の測定日",
            "アレルギー",
        ],
        &[
            "青木 そら",
            "令和1年5月1日",
            "女",
            "人工呼吸器、吸引器",
            "人工呼吸器",
            "１２",
            "2026/9/1",
            "なし",
        ],
    ]);
    let drafts = run(&s, &[]).expect("valid");
    let p = &drafts[0].profile;
    assert_eq!(drafts[0].row, 2);
    assert_eq!(
        p.child.date_of_birth.map(|d| d.0.to_string()).as_deref(),
        Some("2019-05-01")
    );
    assert_eq!(p.child.sex, Some(Sex::Female));
    assert_eq!(p.child.weight.kg.map(|k| k.0), Some(12.0));
    let devices: Vec<_> = p
        .devices
        .iter()
        .map(|(_, d)| (d.kind, d.power.needs_mains))
        .collect();
    assert!(devices.contains(&(DeviceKind::Ventilator, Some(true))));
    assert!(devices.contains(&(DeviceKind::Suction, None)));
}

#[test]
fn each_bad_cell_is_reported_at_its_row_and_column() {
    let s = sheet(&[
        &["氏名", "ふりがな", "生年月日"],
        &["青木 そら", "あおき そら", "2019-04-01"],
        &["井上 みく", "いのうえ みく", "昨日"],
    ]);
    let problems = run(&s, &[]).expect_err("refused");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].row, problems[0].column_letter().as_deref()),
        (3, Some("C"))
    );
    let text = problems[0].describe(Localizer::shared(Lang::Ja));
    assert!(text.starts_with("行 3, 列 C (生年月日): "), "{text}");
    assert!(!text.contains("昨日"), "no cell value in the message");
}

#[test]
fn unknown_columns_and_a_missing_name_column_are_refused() {
    let problems = run(&sheet(&[&["ふりがな", "好きな色"], &["あおき", "あお"]]), &[]).expect_err("refused");
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].column_letter().as_deref(), Some("B"));
    assert_eq!(problems[1].column, None);
}

#[test]
fn a_child_already_in_the_store_is_a_duplicate() {
    let existing = [Existing {
        id: "p-1".into(),
        name: Some("青木　そら".into()),
        date_of_birth: NaiveDate::from_ymd_opt(2019, 4, 1),
    }];
    let s = sheet(&[&["氏名", "生年月日"], &["青木 そら", "2019-04-01"]]);
    let problems = run(&s, &existing).expect_err("duplicate");
    assert!(problems[0].message.contains("p-1"));
    let twice = sheet(&[
        &["name", "date_of_birth"],
        &["A", "2019-04-01"],
        &["A", "2019-04-01"],
    ]);
    assert_eq!(run(&twice, &[]).expect_err("twice")[0].row, 3);
}

#[test]
fn a_weight_without_its_date_breaks_the_models_rule() {
    let s = sheet(&[&["氏名", "体重（kg）"], &["青木 そら", "12"]]);
    let problems = run(&s, &[]).expect_err("refused");
    assert_eq!(problems[0].column_letter().as_deref(), Some("B"));
    assert!(
        !problems[0].message.contains("weight needs"),
        "worded in Japanese"
    );
}

#[test]
fn an_empty_sheet_or_one_without_children_is_refused() {
    assert_eq!(run(&Sheet::default(), &[]).expect_err("empty")[0].row, 1);
    assert_eq!(
        run(&sheet(&[&["氏名"], &["", ""]]), &[]).expect_err("no rows")[0].row,
        2
    );
}
