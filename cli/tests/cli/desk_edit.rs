//! The desk's entries of collections over HTTP (the real binary, `desk.rs`'s raw requests):
//! adding, editing and removing medications, allergies and devices through the core's form
//! model, refusals shown against their fields with nothing written, warnings to confirm, and the
//! same entry edited on two copies ending as a review item.

use std::path::Path;

use crate::common::run;
use crate::desk::{Desk, bring_back, copy_elsewhere, csrf_of, login, request, two_children};

/// Form encoding of `text` (UTF-8 bytes as `%XX`).
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The stored profile as JSON text (for "was it written?" checks).
fn shown(dir: &Path, id: &str) -> String {
    run(dir, &["--json", "profile", "show", id])
}

/// A logged-in desk on `dir`: GET and POST (with the session's CSRF token) by path.
struct Browser {
    desk: Desk,
    cookie: String,
    csrf: String,
}

impl Browser {
    fn open(dir: &Path) -> Self {
        let desk = Desk::start(dir, "2026-11-20");
        let cookie = login(&desk);
        let home = request(&desk, "GET", "/", &[("Cookie", &cookie)], "");
        let csrf = csrf_of(&home.body);
        Self { desk, cookie, csrf }
    }

    fn get(&self, path: &str) -> crate::desk::Answer {
        request(&self.desk, "GET", path, &[("Cookie", &self.cookie)], "")
    }

    /// POSTs the (name, value) pairs, encoded.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> crate::desk::Answer {
        let mut body = format!("csrf={}", self.csrf);
        for (k, v) in fields {
            body.push_str(&format!("&{}={}", enc(k), enc(v)));
        }
        request(&self.desk, "POST", path, &[("Cookie", &self.cookie)], &body)
    }
}

#[test]
fn entries_are_added_edited_and_removed_and_a_refused_form_writes_nothing() {
    let (dir, sakura, _) = two_children();
    run(
        dir.path(),
        &["device", "set-name", &sakura, "山田花子", "--role", "母"],
    );
    let b = Browser::open(dir.path());
    let meds = b.get(&format!("/child/{sakura}/entries/medications"));
    assert_eq!(meds.status, 200);
    assert!(meds.body.contains(&format!(
        "/child/{sakura}/entries/medications/med-midazolam/remove"
    )));
    // Every collection of the form model is offered, allergies inside their section.
    for list in [
        "allergies.items",
        "contacts",
        "care_team",
        "emergency_actions",
        "stock",
        "avoid",
    ] {
        assert!(meds.body.contains(&format!("/entries/{list}\"")), "{list}");
    }

    // A refused edit: a dose count that is no number, with a changed dose in the same form.
    let med = format!("/child/{sakura}/entries/medications/med-valproate");
    let form = b.get(&med);
    assert!(
        form.body
            .contains("name=\"f:doses_per_day\" type=\"text\" value=\"2\""),
        "{}",
        form.body
    );
    let refused = b.post(&med, &[("f:dose", "4 mL"), ("f:doses_per_day", "たくさん")]);
    assert_eq!(refused.status, 422);
    let at_field = refused
        .body
        .split_once("id=\"f-doses_per_day\"")
        .expect("the input")
        .1;
    assert!(at_field.contains("aria-invalid=\"true\"") && at_field.contains("数字で入力してください"));
    assert!(
        refused.body.contains("value=\"たくさん\""),
        "what was typed stays"
    );
    assert!(shown(dir.path(), &sakura).contains("\"3 mL\""), "nothing written");
    // Typed as on a phone's IME: full-width digits are the same count to the core.
    let saved = b.post(&med, &[("f:dose", "4 mL"), ("f:doses_per_day", "２")]);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(shown(dir.path(), &sakura).contains("\"4 mL\""));
    let history = b.get(&format!("/child/{sakura}/history")).body;
    assert!(history.contains("3 mL → 4 mL"), "{history}");

    // An allergy while "no known allergies" is recorded: the core's rule, in Japanese, on the form.
    let add = format!("/child/{sakura}/entries/allergies.items/new");
    assert_eq!(b.get(&add).status, 200);
    let refused = b.post(&add, &[("f:agent", "ラテックス"), ("f:severity", "severe")]);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("既知のアレルギーなし"), "{}", refused.body);
    assert!(
        !shown(dir.path(), &sakura).contains("ラテックス"),
        "nothing written"
    );
    run(
        dir.path(),
        &["edit", &sakura, "--set", "allergies.status=recorded"],
    );
    // A required field left empty: against the field.
    let empty = b.post(&add, &[("f:agent", ""), ("f:severity", "severe")]);
    assert_eq!(empty.status, 422);
    let at_field = empty.body.split_once("id=\"f-agent\"").expect("the input").1;
    assert!(at_field.contains("入力してください"), "{}", empty.body);
    let added = b.post(&add, &[("f:agent", "ラテックス"), ("f:severity", "severe")]);
    assert_eq!(added.status, 303, "{}", added.body);
    let list = b
        .get(&format!("/child/{sakura}/entries/allergies.items?saved=1"))
        .body;
    assert!(list.contains("ラテックス") && list.contains("id=\"saved\""));
    let shelter = b.get(&format!("/child/{sakura}/view/shelter")).body;
    assert!(shelter.contains("ラテックス"), "on the shelter view");

    // Removing asks first, then removes.
    let remove = format!("/child/{sakura}/entries/medications/med-midazolam/remove");
    let ask = b.get(&remove);
    assert!(ask.body.contains("ミダゾラム") && ask.body.contains("id=\"remove-yes\""));
    assert!(shown(dir.path(), &sakura).contains("med-midazolam"));
    assert_eq!(b.post(&remove, &[]).status, 303);
    assert!(!shown(dir.path(), &sakura).contains("med-midazolam"));
    // Unknown lists and entries are no pages.
    assert_eq!(b.get(&format!("/child/{sakura}/entries/press")).status, 404);
    assert_eq!(
        b.get(&format!("/child/{sakura}/entries/medications/med-none"))
            .status,
        404
    );
    assert_eq!(b.post(&remove, &[]).status, 404, "already removed");
}

#[test]
fn an_existing_device_is_edited_with_its_warning_confirmed_and_removed() {
    let (dir, sakura, _) = two_children();
    run(
        dir.path(),
        &["device", "set-name", &sakura, "山田花子", "--role", "母"],
    );
    let b = Browser::open(dir.path());
    let devices = b.get(&format!("/child/{sakura}/devices")).body;
    let vent = format!("/child/{sakura}/entries/devices/dev-vent");
    assert!(devices.contains(&format!("href=\"{vent}\"")), "{devices}");
    let form = b.get(&vent);
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"f:settings.ventilator.peep\""));
    assert!(
        !form.body.contains("f:settings.oxygen."),
        "only this kind's settings"
    );
    assert!(!form.body.contains("name=\"f:kind\""), "the kind stays");
    // PEEP 16 cmH2O (usual 3–15, below the PIP of 18): questioned against the field, nothing written until confirmed.
    let questioned = b.post(&vent, &[("f:settings.ventilator.peep", "16")]);
    assert_eq!(questioned.status, 422, "{}", questioned.body);
    assert!(
        questioned.body.contains("name=\"confirm\""),
        "{}",
        questioned.body
    );
    let at_field = questioned
        .body
        .split_once("id=\"f-settings-ventilator-peep\"")
        .expect("the input")
        .1;
    assert!(at_field.contains("ふつうは 3〜15"), "{}", questioned.body);
    assert!(!shown(dir.path(), &sakura).contains("\"peep\": 16"));
    let confirmed = b.post(
        &vent,
        &[("f:settings.ventilator.peep", "１６"), ("confirm", "yes")],
    );
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    assert!(
        shown(dir.path(), &sakura).contains("\"peep\": 16"),
        "{}",
        shown(dir.path(), &sakura)
    );
    let ems = b.get(&format!("/child/{sakura}/view/ems")).body;
    assert!(ems.contains("16"), "on the EMS view");
    // Removing the device.
    let remove = format!("{vent}/remove");
    assert!(b.get(&remove).body.contains("人工呼吸器"));
    assert_eq!(b.post(&remove, &[]).status, 303);
    assert!(!shown(dir.path(), &sakura).contains("dev-vent"));
}

#[test]
fn the_same_entry_edited_on_two_copies_becomes_a_review_item() {
    let (dir, sakura, _) = two_children();
    let other = copy_elsewhere(dir.path(), &sakura);
    // The father's copy: the same dose, and the pharmacy.
    run(
        other.path(),
        &[
            "--as",
            "父",
            "edit",
            &sakura,
            "--set",
            "medications.med-valproate.dose=5 mL",
            "--set",
            "medications.med-valproate.pharmacy=ほかの薬局",
        ],
    );
    // The mother's, on the desk: the dose only.
    let b = Browser::open(dir.path());
    let med = format!("/child/{sakura}/entries/medications/med-valproate");
    let saved = b.post(
        &med,
        &[
            ("f:dose", "4 mL"),
            ("f:pharmacy", "つなぐ薬局"),
            ("f:name", "バルプロ酸ナトリウム シロップ 5% (Sodium valproate)"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    bring_back(other.path(), dir.path(), &sakura);
    let history = b.get(&format!("/child/{sakura}/history")).body;
    assert!(
        history.contains("name=\"path\" value=\"medications.med-valproate.dose\""),
        "the dose is to review: {history}"
    );
    assert!(
        !history.contains("value=\"medications.med-valproate.pharmacy\""),
        "an unchanged field is not written, so the other's pharmacy merges"
    );
    assert!(shown(dir.path(), &sakura).contains("ほかの薬局"));
}
