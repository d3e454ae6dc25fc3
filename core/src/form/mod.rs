//! The form model: the one description of the profile's fields that every shell renders (the
//! CLI's `fields` and `profile fill`, the Android and iOS edit screens through the bindings).
//!
//! Sections hold fields; each field has its key (the dotted path without collection ids,
//! `devices.settings.ventilator.peep`), an input kind, whether it is required or recommended, its
//! hard range and its plausible range. Labels come from Fluent (`field-…` ids, the same the views
//! use), help from the expected form. The model is **derived from the JSON Schema of
//! [`Profile`]** (schemars) walked once, plus the small annotation table in [`annotations`]: a new
//! field in the typed model appears in the forms by itself, and the test in `tests.rs` fails
//! with the exact line to add when it has no label or no input kind.
//!
//! [`normalize`] turns typed text into stored values; [`plausible`] finds the values that deserve
//! a confirmation.

pub mod annotations;
pub mod normalize;
pub mod plausible;
pub mod values;
pub mod violations;

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::i18n::Localizer;
use crate::model::{DeviceKind, Profile};
pub use normalize::Expected;
pub use values::{ConfirmedUnusual, FilledField, filled_fields, normalize_value, unverified_confirmations};
pub use violations::{FieldProblem, describe_violations};

/// How a field is typed in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputKind {
    /// One line of text, at most `max_chars` characters.
    Text {
        /// Length limit in characters.
        max_chars: usize,
    },
    /// Several lines of text (a note, instructions), at most `max_chars` characters.
    LongText {
        /// Length limit in characters.
        max_chars: usize,
    },
    /// Several short texts, typed separated by commas (`日本語、手話`).
    TextList {
        /// Length limit of each item in characters.
        max_chars: usize,
    },
    /// A number with its unit.
    Number {
        /// Unit symbol (`cmH2O`; empty for a count).
        unit: String,
        /// Smallest value the type accepts.
        min: f64,
        /// Largest value the type accepts.
        max: f64,
    },
    /// A calendar date.
    Date,
    /// A time stamp (written by the app, not typed).
    Timestamp,
    /// Times of day (`08:00, 20:00`).
    Times,
    /// One of a closed list of choices.
    Choice {
        /// The stored forms.
        options: Vec<String>,
        /// Prefix of the Fluent ids naming them (`sex` → `sex-female`).
        fluent_prefix: String,
    },
    /// Several of a closed list of choices.
    ChoiceList {
        /// The stored forms.
        options: Vec<String>,
        /// Prefix of the Fluent ids naming them.
        fluent_prefix: String,
    },
    /// Yes or no.
    YesNo,
    /// A phone number.
    Phone,
}

impl InputKind {
    /// The form an input of this kind must have, for help texts and errors.
    pub fn expected(&self) -> Expected {
        match self {
            InputKind::Text { max_chars }
            | InputKind::LongText { max_chars }
            | InputKind::TextList { max_chars } => Expected::TextUpTo { max: *max_chars },
            InputKind::Number { unit, .. } => Expected::Number { unit: unit.clone() },
            InputKind::Date | InputKind::Timestamp => Expected::Date,
            InputKind::Times => Expected::Times,
            InputKind::Choice {
                options,
                fluent_prefix,
            }
            | InputKind::ChoiceList {
                options,
                fluent_prefix,
            } => Expected::Choice {
                options: options.clone(),
                fluent_prefix: fluent_prefix.clone(),
            },
            InputKind::YesNo => Expected::YesNo,
            InputKind::Phone => Expected::Phone,
        }
    }

    /// A short name of the kind (`number`, `date`, `choice`…), for listings.
    pub fn name(&self) -> &'static str {
        match self {
            InputKind::Text { .. } => "text",
            InputKind::LongText { .. } => "long_text",
            InputKind::TextList { .. } => "text_list",
            InputKind::Number { .. } => "number",
            InputKind::Date => "date",
            InputKind::Timestamp => "timestamp",
            InputKind::Times => "times",
            InputKind::Choice { .. } => "choice",
            InputKind::ChoiceList { .. } => "choice_list",
            InputKind::YesNo => "yes_no",
            InputKind::Phone => "phone",
        }
    }
}

/// Whether a field must, should or may be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The profile (or the entity) cannot be saved without it.
    Required,
    /// Asked first when filling in; the views miss it when empty.
    Recommended,
    /// Everything else.
    Optional,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    /// Dotted path without collection ids (`devices.settings.ventilator.peep`); for a concrete
    /// path put the entity id after the collection (`devices.dev-1.settings.ventilator.peep`).
    pub key: String,
    /// How it is typed in.
    pub input: InputKind,
    /// Required, recommended or optional.
    pub need: Need,
    /// The range a value must be in (numbers), from the type.
    pub hard_range: Option<(f64, f64)>,
    /// The range outside which a value is questioned (a warning to confirm), when one does not
    /// depend on the child; age- and weight-aware checks are in [`plausible`].
    pub plausible_range: Option<(f64, f64)>,
    /// For a device's settings: the device kind they belong to.
    pub device_kind: Option<DeviceKind>,
}

impl FormField {
    /// The field's label in the localizer's language.
    pub fn label(&self, l: &Localizer) -> String {
        l.field_label(&example_path(&self.key))
    }

    /// The help line: the field's own `help-…` message when there is one, else the expected form.
    pub fn help(&self, l: &Localizer) -> String {
        let id = format!("help-{}", self.key.replace('.', "-"));
        if l.has(&id) {
            return l.message(&id, &[]);
        }
        self.input.expected().describe(l)
    }

    /// The last segment of the key.
    pub fn name(&self) -> &str {
        self.key.rsplit('.').next().unwrap_or(&self.key)
    }
}

/// One section of the form: a top-level group of the profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSection {
    /// The top-level key (`child`, `devices`, `medications`).
    pub key: String,
    /// True when the section is a collection of entities (devices, medications…), filled by
    /// adding entities; false for a single group (child, baseline…).
    pub collection: bool,
    /// Its fields, in the typed model's order.
    pub fields: Vec<FormField>,
}

impl FormSection {
    /// The section's label in the localizer's language.
    pub fn label(&self, l: &Localizer) -> String {
        l.field_label(&example_path(&self.key))
    }
}

/// Every section of the profile's form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormModel {
    /// The sections, in the typed model's order.
    pub sections: Vec<FormSection>,
    /// Keys of schema fields whose input kind could not be told (none in a correct build: the
    /// schema test lists them with the annotation to add).
    #[serde(skip)]
    pub(crate) unresolved: Vec<String>,
}

impl FormModel {
    /// The form model of this build (derived once from the JSON Schema).
    pub fn get() -> &'static FormModel {
        static MODEL: OnceLock<FormModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            let schema = serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or(Value::Null);
            derive(&schema)
        })
    }

    /// The section with `key`.
    pub fn section(&self, key: &str) -> Option<&FormSection> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The field at a key or a concrete path (`devices.dev-1.settings.ventilator.peep`).
    pub fn field(&self, path: &str) -> Option<&FormField> {
        let section = self.section(path.split('.').next()?)?;
        if let Some(f) = section.fields.iter().find(|f| f.key == path) {
            return Some(f);
        }
        let key = crate::i18n::field_key(path);
        section.fields.iter().find(|f| f.key == key)
    }

    /// The fields of a new device of `kind`: the common ones and that kind's settings only
    /// ("add a device" shows nothing of the other kinds).
    pub fn device_fields(&self, kind: DeviceKind) -> Vec<&FormField> {
        self.section("devices")
            .map(|s| {
                s.fields
                    .iter()
                    .filter(|f| {
                        f.device_kind
                            .is_none_or(|k| k == settings_group(kind) || k == kind)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The settings group a device kind fills (`pump` and `other` share `other`).
pub fn settings_group(kind: DeviceKind) -> DeviceKind {
    match kind {
        DeviceKind::Pump => DeviceKind::Other,
        k => k,
    }
}

/// Top-level keys that are not filled in through the form: the layout version and the
/// verification marks (set by `verify`).
const NOT_IN_FORMS: &[&str] = &["schema", "verifications"];

/// Walks the JSON Schema of a profile into the form model.
fn derive(schema: &Value) -> FormModel {
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut walker = Walker {
        defs: &defs,
        unresolved: Vec::new(),
    };
    let mut sections = Vec::new();
    let props = schema.get("properties").and_then(Value::as_object);
    for (name, sub) in props.into_iter().flatten() {
        if NOT_IN_FORMS.contains(&name.as_str()) {
            continue;
        }
        let sub = walker.resolve(sub);
        let (collection, body) = match walker.collection_item(&sub) {
            Some(item) => (true, item),
            None => (false, sub),
        };
        let mut fields = Vec::new();
        let required = walker.required(&body);
        walker.fields(&body, name, &required, &mut fields);
        // The schema lists fields alphabetically: required, then recommended ones come first.
        fields.sort_by_key(|f| match f.need {
            Need::Required => 0,
            Need::Recommended => {
                1 + annotations::RECOMMENDED
                    .iter()
                    .position(|k| *k == f.key)
                    .unwrap_or(0)
            }
            Need::Optional => 1 + annotations::RECOMMENDED.len(),
        });
        sections.push(FormSection {
            key: name.clone(),
            collection,
            fields,
        });
    }
    sections.sort_by_key(|s| {
        annotations::SECTION_ORDER
            .iter()
            .position(|k| *k == s.key)
            .unwrap_or(annotations::SECTION_ORDER.len())
    });
    FormModel {
        sections,
        unresolved: walker.unresolved,
    }
}

struct Walker<'a> {
    defs: &'a Map<String, Value>,
    unresolved: Vec<String>,
}

impl Walker<'_> {
    /// Follows `$ref`s and unwraps `Option` (`anyOf` with a null, or a type list with "null").
    fn resolve(&self, s: &Value) -> Value {
        let mut cur = s.clone();
        for _ in 0..8 {
            if let Some(r) = cur.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or_default();
                match self.defs.get(name) {
                    Some(d) => {
                        cur = d.clone();
                        continue;
                    }
                    None => return Value::Null,
                }
            }
            for combinator in ["anyOf", "oneOf"] {
                if let Some(options) = cur.get(combinator).and_then(Value::as_array) {
                    let non_null: Vec<&Value> = options
                        .iter()
                        .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
                        .collect();
                    if let [one] = non_null[..] {
                        let one = one.clone();
                        cur = one;
                        break;
                    }
                }
            }
            if cur.get("$ref").is_none() {
                break;
            }
        }
        if let Some(Value::Array(types)) = cur.get("type").cloned() {
            let non_null: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            if let [one] = &non_null[..]
                && let Some(obj) = cur.as_object_mut()
            {
                obj.insert("type".into(), one.clone());
            }
        }
        cur
    }

    /// The entity schema of a collection (an object keyed by id).
    fn collection_item(&self, s: &Value) -> Option<Value> {
        if s.get("propertyNames").is_some() {
            return s.get("additionalProperties").map(|item| self.resolve(item));
        }
        None
    }

    fn required(&self, s: &Value) -> Vec<String> {
        s.get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Appends the leaf fields of the object schema `s` found at `key`.
    fn fields(&mut self, s: &Value, key: &str, required: &[String], out: &mut Vec<FormField>) {
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (name, sub) in props {
            if name == "order" {
                continue;
            }
            let path = format!("{key}.{name}");
            let sub = self.resolve(sub);
            if let Some(item) = self.collection_item(&sub) {
                // A collection inside a group (`allergies.items`, `evacuation.helpers`).
                let req = self.required(&item);
                self.fields(&item, &path, &req, out);
                continue;
            }
            let is_group = sub.get("properties").is_some();
            if is_group {
                let req = self.required(&sub);
                self.fields(&sub, &path, &req, out);
                continue;
            }
            let input = annotations::kind_override(&path).or_else(|| self.input_kind(&sub, name));
            let Some(input) = input else {
                // Neither inferred nor annotated: the schema test reports it.
                self.unresolved.push(path);
                continue;
            };
            let hard_range = match &input {
                InputKind::Number { min, max, .. } => Some((*min, *max)),
                _ => None,
            };
            let need = if required.iter().any(|r| r == name) {
                Need::Required
            } else if annotations::RECOMMENDED.contains(&path.as_str()) {
                Need::Recommended
            } else {
                Need::Optional
            };
            out.push(FormField {
                plausible_range: annotations::plausible_range(&path),
                device_kind: device_kind_of(&path),
                key: path,
                input,
                need,
                hard_range,
            });
        }
    }

    /// The input kind a schema implies; `None` when it cannot tell (an annotation must say).
    fn input_kind(&self, s: &Value, name: &str) -> Option<InputKind> {
        let ty = s.get("type").and_then(Value::as_str);
        if let Some(options) = s.get("enum").and_then(Value::as_array) {
            let prefix = s.get("x-fluent").and_then(Value::as_str)?;
            return Some(InputKind::Choice {
                options: options
                    .iter()
                    .filter_map(|o| o.as_str().map(str::to_owned))
                    .collect(),
                fluent_prefix: prefix.to_owned(),
            });
        }
        match ty? {
            "number" | "integer" => Some(InputKind::Number {
                unit: unit_of(s),
                min: s.get("minimum").and_then(Value::as_f64).unwrap_or(f64::MIN),
                max: s.get("maximum").and_then(Value::as_f64).unwrap_or(f64::MAX),
            }),
            "boolean" => Some(InputKind::YesNo),
            "string" => Some(match s.get("format").and_then(Value::as_str) {
                Some("date") => InputKind::Date,
                Some("date-time") => InputKind::Timestamp,
                _ if name.contains("phone") => InputKind::Phone,
                _ if s.get("x-note").is_some() || is_note_name(name) => InputKind::LongText {
                    max_chars: annotations::LONG_TEXT_MAX,
                },
                _ => InputKind::Text {
                    max_chars: annotations::TEXT_MAX,
                },
            }),
            "array" => {
                let item = self.resolve(s.get("items")?);
                match self.input_kind(&item, name)? {
                    InputKind::Choice {
                        options,
                        fluent_prefix,
                    } => Some(InputKind::ChoiceList {
                        options,
                        fluent_prefix,
                    }),
                    InputKind::Text { max_chars } => Some(InputKind::TextList { max_chars }),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// A concrete path for a key, with `_` for each collection id (`devices._.maker`), for the
/// functions that take concrete paths.
pub fn example_path(key: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut prefix: Vec<&str> = Vec::new();
    for seg in key.split('.') {
        out.push(seg);
        prefix.push(seg);
        if crate::model::is_keyed_map(&prefix.join(".")) {
            out.push("_");
        }
    }
    // A key ending at a collection names the collection itself.
    if out.last() == Some(&"_") {
        out.pop();
    }
    out.join(".")
}

/// The unit of a quantity schema (its description is `in UNIT`); empty for a bare count.
fn unit_of(s: &Value) -> String {
    s.get("description")
        .and_then(Value::as_str)
        .and_then(|d| d.strip_prefix("in "))
        .unwrap_or_default()
        .to_owned()
}

/// Free-text fields held as long notes (the `Note` type has no schema marker of its own).
fn is_note_name(name: &str) -> bool {
    annotations::LONG_TEXT_NAMES.contains(&name)
}

/// `devices.settings.ventilator.peep` → the ventilator kind.
fn device_kind_of(path: &str) -> Option<DeviceKind> {
    let rest = path.strip_prefix("devices.settings.")?;
    let group = rest.split('.').next()?;
    DeviceKind::parse(group)
}

#[cfg(test)]
mod tests;

/// The entry errors in the user's language, naming the field by its label: bad input, values
/// to confirm, a viewer's device. `None` for other errors (their English text stands).
pub fn describe_error(error: &crate::Error, l: &Localizer) -> Option<String> {
    match error {
        crate::Error::Input { path, expected } => Some(l.message(
            "entry-field-error",
            &[
                ("field", &l.field_label(path)),
                ("expected", &expected.describe(l)),
            ],
        )),
        crate::Error::NeedsConfirmation(warnings) => {
            let mut text = l.message("entry-needs-confirmation", &[]);
            for w in warnings {
                text.push_str("\n  ");
                text.push_str(&w.describe(l));
            }
            Some(text)
        }
        crate::Error::ViewerCannotEdit(_) => Some(l.message("entry-viewer-cannot-edit", &[])),
        crate::Error::DeviceNameMissing(_) => Some(l.message("member-name-missing", &[])),
        crate::Error::DeviceName(_) => Some(l.message(
            "member-name-invalid",
            &[("max", &crate::document::members::MAX_CHARS.to_string())],
        )),
        _ => None,
    }
}

#[cfg(test)]
mod entry_tests;
