//! Issue 10's must-show, end to end: `tsunagu view --audience shelter --json` for the fixture
//! child with a tracheostomy holds the cannula size, the spare size, what to do if it comes out,
//! the allergies, the rescue medicine with its trigger, the usual SpO2 and the emergency actions;
//! and every fixture's JSON view holds every value docs/audiences.md requires.

use crate::common::{create, run};
use serde_json::Value;
use tsunagu_core::fixtures;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::views::spec::{Output, required};

fn shelter_json(dir: &std::path::Path, id: &str, lang: &str) -> Value {
    let text = run(
        dir,
        &[
            "--lang",
            lang,
            "view",
            id,
            "--audience",
            "shelter",
            "--today",
            "2026-12-06",
            "--json",
        ],
    );
    serde_json::from_str(&text).expect("valid JSON")
}

/// Every item of the section `id` as "label | value | detail".
fn lines(v: &Value, id: &str) -> Vec<String> {
    let section = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section {id}"));
    section["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            format!(
                "{} | {} | {}",
                i["label"].as_str().unwrap_or_default(),
                i["value"].as_str().unwrap_or_default(),
                i["detail"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

#[test]
fn the_shelter_json_of_a_child_with_a_tracheostomy_holds_the_must_show() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = fixtures::load("ventilated-tracheostomy").expect("fixture");
    let id = create(dir.path(), "trach.json", &profile);
    let v = shelter_json(dir.path(), &id, "en");
    let airway = lines(&v, "airway");
    assert!(has(&airway, "ID 5.0 mm"), "{airway:#?}");
    assert!(has(&airway, "cuffless"), "{airway:#?}");
    assert!(has(&airway, "spare 4.5 mm"), "{airway:#?}");
    assert!(has(&airway, "If it comes out | 1. 人を呼ぶ。"), "{airway:#?}");
    assert!(has(&airway, "if it will not go in, the 4.5"), "{airway:#?}");
    let allergies = lines(&v, "allergies");
    assert!(
        has(
            &allergies,
            "ラテックス / latex | じんましん・喘鳴 / hives and wheeze | Severe"
        ),
        "{allergies:#?}"
    );
    let rescue = lines(&v, "rescue");
    assert!(has(&rescue, "Buccal midazolam"), "{rescue:#?}");
    assert!(has(&rescue, "7.5 mg"), "{rescue:#?}");
    assert!(has(&rescue, "seizure lasting 5 minutes or more"), "{rescue:#?}");
    let usual = lines(&v, "usual");
    assert!(has(&usual, "Usual SpO2 | 94–98 %"), "{usual:#?}");
    assert!(has(&usual, "Low SpO2 alarm: 90 %"), "{usual:#?}");
    let emergency = lines(&v, "emergency");
    assert!(has(&emergency, "tracheostomy tube came out"), "{emergency:#?}");
    assert!(has(&emergency, "blocked cannula"), "{emergency:#?}");
    let life = lines(&v, "life_support");
    assert!(has(&life, "Ventilator"), "{life:#?}");
    assert!(has(&life, "Home oxygen"), "{life:#?}");
    // The red sections come before everything else.
    let priorities: Vec<&str> = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["priority"].as_str().unwrap_or_default())
        .collect();
    let first_not_red = priorities
        .iter()
        .position(|p| *p != "red")
        .unwrap_or(priorities.len());
    assert!(
        priorities[first_not_red..].iter().all(|p| *p != "red"),
        "{priorities:?}"
    );
}

#[test]
fn every_fixture_shelter_json_holds_every_required_value() {
    for name in fixtures::NAMES {
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = fixtures::load(name).expect("fixture");
        let id = create(dir.path(), "p.json", &profile);
        for (lang, code) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
            let v = shelter_json(dir.path(), &id, code);
            let text = v.to_string();
            for r in required(&profile, Output::Shelter, &Localizer::new(lang)).expect("spec") {
                let quoted = serde_json::to_string(&r.text).expect("json");
                let needle = quoted.trim_matches('"');
                assert!(
                    text.contains(needle),
                    "{name} {code}: {} ({}) not in the JSON",
                    r.path,
                    r.text
                );
            }
        }
    }
}
