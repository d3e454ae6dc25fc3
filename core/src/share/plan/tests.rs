//! Plan export tests: the legal items of the demo plan, gaps kept and marked, CSV shape and
//! quoting, and the HTML page escaped and self-contained.

use super::*;
use crate::i18n::Lang;
use crate::model::{Date, Helper};
use crate::readiness::roster::roster_row;
use crate::sample::demo_profile;
use crate::store::ProfileSummary;

fn as_of() -> Date {
    Date::from_ymd(2026, 11, 24).expect("date")
}

fn plan_of(profile: &Profile, lang: Lang) -> PlanExport {
    let summary = ProfileSummary {
        id: "p-test".into(),
        name: profile.child.name.clone(),
        name_kana: profile.child.name_kana.clone(),
        updated_at: 1_795_000_000_000,
    };
    let row = roster_row(&summary, profile, as_of());
    evacuation_plan(profile, &row, &Localizer::new(lang), as_of())
}

fn row<'p>(plan: &'p PlanExport, section: &str, item: &str) -> &'p PlanRow {
    plan.sections
        .iter()
        .find(|s| s.id == section)
        .unwrap_or_else(|| panic!("no section {section}"))
        .rows
        .iter()
        .find(|r| r.item == item)
        .unwrap_or_else(|| panic!("no row {item:?} in {section}"))
}

#[test]
fn the_demo_plan_holds_the_legal_items() {
    let p = demo_profile();
    let plan = plan_of(&p, Lang::Ja);
    assert_eq!(plan.title, "個別避難計画 — 山田 さくら");
    let ids: Vec<&str> = plan.sections.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "person",
            "helpers",
            "destinations",
            "hazards",
            "timeline",
            "power",
            "consent",
            "dates"
        ]
    );
    let name = row(&plan, "person", "氏名");
    assert!(name.legal && !name.missing && name.value == "山田 さくら");
    let reason = row(&plan, "person", "避難支援等を必要とする事由");
    assert!(reason.legal && reason.value.contains("人工呼吸器") && reason.value.contains("電源が必要"));
    let helper = row(&plan, "helpers", "避難支援等実施者 1 › 氏名");
    assert_eq!(helper.value, "隣人 次郎");
    assert!(row(&plan, "helpers", "避難支援等実施者 1 › 住所").legal);
    assert!(row(&plan, "helpers", "避難支援等実施者 1 › 電話番号").legal);
    assert_eq!(
        row(&plan, "destinations", "避難先 1 › 名称").value,
        "架空市民病院"
    );
    assert!(
        row(&plan, "destinations", "避難経路")
            .value
            .starts_with("県道 000 号")
    );
    assert!(
        row(&plan, "consent", "市区町村（災害前からの避難支援）")
            .value
            .starts_with("同意あり")
    );
    // The roster's items: runway and what stops first.
    let runway = row(&plan, "power", "電源の持ち時間（時間）");
    assert!(
        runway.value.contains("9.2") && runway.value.contains("吸引器"),
        "{}",
        runway.value
    );
    let en = plan_of(&p, Lang::En);
    assert_eq!(en.title, "Individual evacuation plan — 山田 さくら");
    assert!(en.sections[1].rows[0].item.starts_with("Evacuation helper"));
}

#[test]
fn an_empty_plan_keeps_every_legal_item_and_marks_it_missing() {
    let plan = plan_of(&Profile::default(), Lang::Ja);
    let legal: Vec<&PlanRow> = plan
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .filter(|r| r.legal)
        .collect();
    let items: Vec<&str> = legal.iter().map(|r| r.item.as_str()).collect();
    for want in [
        "氏名",
        "生年月日",
        "性別",
        "住所",
        "避難支援等実施者",
        "避難先",
        "避難経路",
    ] {
        assert!(items.contains(&want), "{want} missing from {items:?}");
    }
    for r in legal {
        if r.item == "避難支援等を必要とする事由" {
            continue; // nothing to say is still said as not recorded
        }
        assert!(r.missing && r.value == "未記入", "{r:?}");
    }
    let missing = row(&plan, "dates", "不足している項目");
    assert!(missing.value.contains("避難支援者なし"));
}

#[test]
fn csv_has_one_line_per_row_quoted_and_formula_safe() {
    let mut p = demo_profile();
    p.evacuation.helpers.insert(
        "help-x".into(),
        Helper {
            order: 9.0,
            name: "=HYPERLINK(\"http://x\",\"y\")".into(),
            address: Some("a, \"b\"\nc".into()),
            phone: Some("+81 90".into()),
            relation: None,
            role: None,
        },
    );
    let plan = plan_of(&p, Lang::Ja);
    let csv = plan_csv(&plan, &Localizer::new(Lang::Ja));
    assert!(csv.starts_with("\u{feff}区分,項目,内容,法定,未記入\r\n"));
    let rows: usize = plan.sections.iter().map(|s| s.rows.len()).sum();
    // Every record ends in CRLF; the one address with a newline adds an LF inside quotes.
    assert_eq!(csv.matches("\r\n").count(), rows + 1);
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "formula kept as text"
    );
    assert!(csv.contains("\"a, \"\"b\"\"\nc\""));
    assert!(csv.contains(",'+81 90,"));
}

#[test]
fn html_escapes_everything_and_fetches_nothing() {
    let mut p = demo_profile();
    p.evacuation.route = Some("<script>alert(1)</script>".into());
    p.child.name = Some("<b>さくら</b>".into());
    let l10n = Localizer::new(Lang::Ja);
    let html = plan_html(&plan_of(&p, Lang::Ja), &l10n).expect("renders");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<b>"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(html.contains("default-src 'none'"));
    for needle in ["http://", "https://", "src=", "href=", "url("] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(html.contains("data-section=\"helpers\"") && html.contains("隣人 次郎"));
    let empty = plan_html(&plan_of(&Profile::default(), Lang::Ja), &l10n).expect("renders");
    assert!(empty.contains("class=\"missing\""));
}
