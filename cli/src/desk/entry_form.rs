//! The form of one entry of a collection (a medication, an allergy, a contact, a device…), read
//! from the core's form model: which fields an entry has, their inputs with the stored values,
//! what was typed turned into edits (only the fields whose value changed), and a refused edit
//! placed against the fields it is about. No rule of its own: normalization, validation and
//! plausibility are the core's (`ProfileStore::edit`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use tsunagu_core::form::{
    FormField, FormModel, InputKind, Need, describe_error, describe_violations, normalize_value,
};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::{COLLECTIONS, DeviceKind, is_keyed_map};
use tsunagu_core::readiness::checklist::format_number;
use tsunagu_core::{Edit, Error as CoreError};

/// The collection a key lies in directly: the longest keyed-map prefix (`allergies.items` for
/// `allergies.items.agent`), if any.
fn collection_of(key: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('.').collect();
    (1..segments.len())
        .rev()
        .map(|n| segments[..n].join("."))
        .find(|p| is_keyed_map(p))
}

/// Every collection the form model has fields for, in the form's section order.
pub fn collections() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for section in &FormModel::get().sections {
        for f in &section.fields {
            if let Some(c) = collection_of(&f.key)
                && let Some((path, _)) = COLLECTIONS.iter().find(|(p, _)| *p == c)
                && !out.contains(path)
            {
                out.push(*path);
            }
        }
    }
    out
}

/// True when `collection` is one of [`collections`].
pub fn known(collection: &str) -> bool {
    collections().contains(&collection)
}

/// The fields of an entry of `collection` (a device's: the common ones and its kind's
/// settings), in the form model's order: not the device's kind (fixed once added), not time
/// stamps (written by the app), not the fields of a collection nested deeper.
pub fn entry_fields(collection: &str, kind: Option<DeviceKind>) -> Vec<&'static FormField> {
    let model = FormModel::get();
    let fields: Vec<&'static FormField> = match kind {
        Some(kind) if collection == "devices" => model.device_fields(kind),
        _ => model
            .section(collection.split('.').next().unwrap_or_default())
            .map(|s| s.fields.iter().collect())
            .unwrap_or_default(),
    };
    fields
        .into_iter()
        .filter(|f| collection_of(&f.key).as_deref() == Some(collection))
        .filter(|f| f.key != "devices.kind")
        .filter(|f| !matches!(f.input, InputKind::Timestamp))
        .collect()
}

/// The field's path inside the entry (`settings.ventilator.peep`).
pub fn relative<'a>(f: &'a FormField, collection: &str) -> &'a str {
    f.key
        .strip_prefix(collection)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(&f.key)
}

/// The value at the dotted `rel` path inside `entity` (`Null` when absent).
pub fn value_at<'a>(entity: &'a Value, rel: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    rel.split('.')
        .try_fold(entity, |v, seg| v.get(seg))
        .unwrap_or(&NULL)
}

/// A stored value as the text of its input: the stored form of a choice (the select's value),
/// `yes`/`no`, a number without a trailing `.0`, a list separated by commas.
pub fn input_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_default(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => String::new(),
    }
}

/// A stored value in words, for lists: choices and yes/no by their labels.
pub fn display_text(f: &FormField, value: &Value, l: &Localizer) -> String {
    match (&f.input, value) {
        (InputKind::Choice { fluent_prefix, .. }, Value::String(s)) => {
            l.label(&format!("{fluent_prefix}-{s}"))
        }
        (InputKind::ChoiceList { fluent_prefix, .. }, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| l.label(&format!("{fluent_prefix}-{s}")))
            .collect::<Vec<_>>()
            .join(", "),
        (InputKind::YesNo, Value::Bool(b)) => l.message(if *b { "plan-yes" } else { "plan-no" }, &[]),
        _ => input_text(value),
    }
}

/// One input of an entry's form.
pub struct EntryInput {
    /// The form name: `f:` and the path inside the entry.
    pub name: String,
    /// The element id: `f-` and the path inside the entry with dots as dashes.
    pub id: String,
    pub label: String,
    pub help: String,
    /// The value shown: stored, or what was just typed.
    pub text: String,
    /// `text`, `long` or `select`.
    pub kind: &'static str,
    /// (value, label) of a select's options, the first one empty.
    pub options: Vec<(String, String)>,
    pub required: bool,
    /// What the core refused about this field, in words.
    pub problems: Vec<String>,
}

impl EntryInput {
    /// The ids describing the input: its problem (when refused) and its help.
    pub fn described_by(&self) -> String {
        if self.problems.is_empty() {
            format!("{}-help", self.id)
        } else {
            format!("{0}-problem {0}-help", self.id)
        }
    }
}

/// The inputs of an entry of `collection`; `entity` holds the stored values (`Null` for a new
/// entry).
pub fn inputs(collection: &str, kind: Option<DeviceKind>, entity: &Value, l: &Localizer) -> Vec<EntryInput> {
    entry_fields(collection, kind)
        .into_iter()
        .map(|f| {
            let rel = relative(f, collection);
            let (kind, options) = match &f.input {
                InputKind::LongText { .. } => ("long", Vec::new()),
                InputKind::Choice {
                    options,
                    fluent_prefix,
                } => (
                    "select",
                    std::iter::once((String::new(), String::new()))
                        .chain(
                            options
                                .iter()
                                .map(|o| (o.clone(), l.label(&format!("{fluent_prefix}-{o}")))),
                        )
                        .collect(),
                ),
                InputKind::YesNo => (
                    "select",
                    vec![
                        (String::new(), String::new()),
                        ("yes".into(), l.message("plan-yes", &[])),
                        ("no".into(), l.message("plan-no", &[])),
                    ],
                ),
                _ => ("text", Vec::new()),
            };
            EntryInput {
                name: format!("f:{rel}"),
                id: format!("f-{}", rel.replace('.', "-")),
                label: f.label(l),
                help: f.help(l),
                text: input_text(value_at(entity, rel)),
                kind,
                options,
                required: f.need == Need::Required,
                problems: Vec::new(),
            }
        })
        .collect()
}

/// What was typed, by the path inside the entry (`f:dose` → `dose`), line ends as `\n`.
pub fn typed(fields: &[(String, String)]) -> HashMap<String, String> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("f:")
                .map(|p| (p.to_owned(), v.replace("\r\n", "\n")))
        })
        .collect()
}

/// True when the form asks to save over the warnings shown.
pub fn confirmed(fields: &[(String, String)]) -> bool {
    fields.iter().any(|(k, v)| k == "confirm" && v == "yes")
}

/// A new entry as nested JSON from what was typed (empty inputs left out), for `Edit::Add`.
pub fn new_entity(
    collection: &str,
    kind: Option<DeviceKind>,
    typed: &HashMap<String, String>,
) -> Map<String, Value> {
    let mut entity = Map::new();
    if let Some(kind) = kind {
        entity.insert("kind".into(), Value::String(kind.as_str().to_owned()));
    }
    for f in entry_fields(collection, kind) {
        let rel = relative(f, collection);
        if let Some(text) = typed.get(rel).map(|t| t.trim()).filter(|t| !t.is_empty()) {
            let segments: Vec<&str> = rel.split('.').collect();
            insert(&mut entity, &segments, Value::String(text.to_owned()));
        }
    }
    entity
}

/// The edits that save what was typed into the stored `entity` at `prefix`
/// (`medications.med-1`): one `Set` per field whose value changed (the core decides what the
/// text means: `６` and `6` are the same number), a cleared input clears the field. A field whose
/// group does not exist yet is set as that group.
pub fn changes(
    collection: &str,
    kind: Option<DeviceKind>,
    prefix: &str,
    entity: &Value,
    typed: &HashMap<String, String>,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for f in entry_fields(collection, kind) {
        let rel = relative(f, collection);
        let Some(text) = typed.get(rel).map(|t| t.trim()) else {
            continue;
        };
        let path = format!("{prefix}.{rel}");
        let current = value_at(entity, rel);
        let new = if text.is_empty() {
            Value::Null
        } else {
            Value::String(text.to_owned())
        };
        let same = match &new {
            Value::Null => current.is_null(),
            Value::String(_) => normalize_value(&path, new.clone()).is_ok_and(|v| &v == current),
            _ => false,
        };
        if same {
            continue;
        }
        // The deepest group on the way that exists: set the field there, or the missing group.
        let segments: Vec<&str> = rel.split('.').collect();
        let mut at = segments.len() - 1;
        while at > 0 && !value_at(entity, &segments[..at].join(".")).is_object() {
            at -= 1;
        }
        if at + 1 == segments.len() || new.is_null() {
            if at + 1 < segments.len() {
                // Clearing a field whose group is absent: nothing to clear.
                continue;
            }
            edits.push(Edit::Set { path, value: new });
        } else {
            let mut group = Map::new();
            insert(&mut group, &segments[at + 1..], new);
            edits.push(Edit::Set {
                path: format!("{prefix}.{}", segments[..=at].join(".")),
                value: Value::Object(group),
            });
        }
    }
    edits
}

/// Puts `value` at the path `rel` inside `map`, creating the objects on the way.
pub fn insert(map: &mut Map<String, Value>, rel: &[&str], value: Value) {
    match rel {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let child = map
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(child) = child {
                insert(child, rest, value);
            }
        }
    }
}

/// A refused edit as an entry's form shows it.
pub struct Refusal {
    /// Every problem in words, for the summary above the form.
    pub summary: Vec<String>,
    /// The problems of each field, by the path inside the entry.
    pub fields: HashMap<String, Vec<String>>,
    /// True when the refusal asks for a confirmation (the confirm box shows).
    pub confirm: bool,
}

impl Refusal {
    /// Puts the problems on their inputs.
    pub fn place(&self, inputs: &mut [EntryInput]) {
        for input in inputs {
            let rel = input.name.trim_start_matches("f:");
            if let Some(problems) = self.fields.get(rel) {
                input.problems.clone_from(problems);
            }
        }
    }
}

/// The core's refusal of an edit of the entry at `prefix` (`allergies.items.alg-1`), on the
/// fields it names, in the user's language; `None` when the core has no words for it (the page
/// fails instead).
pub fn refusal(e: &CoreError, prefix: &str, l: &Localizer) -> Option<Refusal> {
    let rel = |path: &str| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('.'))
            .map(str::to_owned)
    };
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let summary: Vec<String> = match e {
        CoreError::Invalid(invalid) => describe_violations(invalid, l)
            .into_iter()
            .map(|p| {
                if let Some(r) = rel(&p.path) {
                    fields.entry(r).or_default().push(p.message.clone());
                }
                p.message
            })
            .collect(),
        _ => {
            let words = describe_error(e, l)?;
            match e {
                CoreError::Input { path, expected } => {
                    if let Some(r) = rel(path) {
                        fields.entry(r).or_default().push(expected.describe(l));
                    }
                }
                CoreError::NeedsConfirmation(warnings) => {
                    for w in warnings {
                        if let Some(r) = rel(&w.path) {
                            fields.entry(r).or_default().push(w.describe(l));
                        }
                    }
                }
                _ => {}
            }
            words.lines().map(|s| s.trim().to_owned()).collect()
        }
    };
    Some(Refusal {
        summary,
        fields,
        confirm: matches!(e, CoreError::NeedsConfirmation(_)),
    })
}

/// The entry in a few words for lists and the removal question: its first two filled fields.
pub fn entry_words(collection: &str, kind: Option<DeviceKind>, entity: &Value, l: &Localizer) -> String {
    // A device by its kind, maker and model (as the devices page lists it).
    if let Some(kind) = kind {
        let mut words = vec![l.label(&kind.fluent_id())];
        words.extend(
            ["maker", "model"]
                .iter()
                .filter_map(|k| value_at(entity, k).as_str().map(str::to_owned)),
        );
        return words.join(" ");
    }
    let words: Vec<String> = entry_fields(collection, kind)
        .into_iter()
        .filter(|f| matches!(f.input, InputKind::Text { .. } | InputKind::Choice { .. }))
        .map(|f| display_text(f, value_at(entity, relative(f, collection)), l))
        .filter(|t| !t.trim().is_empty())
        .take(2)
        .collect();
    if words.is_empty() {
        l.message("desk-entries-unnamed", &[])
    } else {
        words.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::i18n::Lang;

    #[test]
    fn every_collection_of_the_model_has_fields_and_nested_ones_are_their_own() {
        let all = collections();
        for c in [
            "medications",
            "allergies.items",
            "contacts",
            "care_team",
            "avoid",
            "stock",
            "devices",
        ] {
            assert!(all.contains(&c), "{c} in {all:?}");
            assert!(!entry_fields(c, None).is_empty(), "{c} has fields");
        }
        let allergy: Vec<&str> = entry_fields("allergies.items", None)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(allergy.contains(&"allergies.items.agent"));
        assert!(
            !allergy.contains(&"allergies.status"),
            "the section's own field is not an entry's"
        );
        let vent: Vec<&str> = entry_fields("devices", Some(DeviceKind::Ventilator))
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(vent.contains(&"devices.settings.ventilator.peep") && !vent.contains(&"devices.kind"));
        assert!(!vent.iter().any(|k| k.starts_with("devices.settings.oxygen.")));
    }

    #[test]
    fn only_changed_values_become_edits_and_the_core_decides_what_is_the_same() {
        let entity = serde_json::json!({"name": "薬A", "dose": "3 mL", "doses_per_day": 2.0});
        let typed: HashMap<String, String> = [
            ("name", "薬A"),
            ("dose", "4 mL"),
            // Full-width: the same number to the core.
            ("doses_per_day", "２"),
            ("strength", ""),
            ("days_on_hand", "１０"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let edits = changes("medications", None, "medications.med-1", &entity, &typed);
        let paths: Vec<String> = edits.iter().map(|e| e.summary().path).collect();
        assert_eq!(
            paths,
            ["medications.med-1.dose", "medications.med-1.days_on_hand"],
            "{edits:?}"
        );
    }

    #[test]
    fn a_field_in_a_missing_group_is_set_as_the_group() {
        let entity = serde_json::json!({"kind": "ventilator", "model": "Trilogy"});
        let typed: HashMap<String, String> = [("settings.ventilator.peep".to_owned(), "5".to_owned())]
            .into_iter()
            .collect();
        let edits = changes(
            "devices",
            Some(DeviceKind::Ventilator),
            "devices.dev-1",
            &entity,
            &typed,
        );
        match &edits[..] {
            [Edit::Set { path, value }] => {
                assert_eq!(path, "devices.dev-1.settings");
                assert_eq!(value["ventilator"]["peep"], "5");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refusal_is_placed_on_the_field_it_names() {
        let l = Localizer::shared(Lang::Ja);
        let e = CoreError::Input {
            path: "medications.med-1.doses_per_day".into(),
            expected: tsunagu_core::form::Expected::Number { unit: String::new() },
        };
        let r = refusal(&e, "medications.med-1", l).expect("words");
        assert!(r.fields.contains_key("doses_per_day"), "{:?}", r.fields);
        assert!(!r.confirm && !r.summary.is_empty());
    }
}
