//! The core's form model, input normalization and plausibility warnings for the apps' edit
//! screens: records mirroring `tsunagu_core::form` with labels and help already in the asked
//! language. No logic: the core derives the form, normalizes typed text and decides warnings.

use tsunagu_core::form::{self, FormField, FormModel, InputKind, Need};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::DeviceKind;

use crate::error::ApiError;
use crate::store::{ProvenanceInfo, TsunaguStore};

/// One choice of a choice field: the stored form and its label.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChoiceOption {
    /// The stored form (`female`).
    pub value: String,
    /// Its label in the asked language (`女`).
    pub label: String,
}

/// One field of a form, as an edit screen renders it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FormFieldInfo {
    /// Dotted path without entity ids (`devices.settings.ventilator.peep`); put the entity id
    /// after the collection to edit it (`devices.dev-1.settings.ventilator.peep`).
    pub key: String,
    /// Label in the asked language.
    pub label: String,
    /// Help: what to type, in the asked language.
    pub help: String,
    /// Input kind: `text`, `long_text`, `text_list`, `number`, `date`, `timestamp`, `times`,
    /// `choice`, `choice_list`, `yes_no`, `phone`.
    pub kind: String,
    /// Unit symbol of a number (`cmH2O`), `None` otherwise.
    pub unit: Option<String>,
    /// The choices of a choice field, in order.
    pub options: Vec<ChoiceOption>,
    /// `required`, `recommended` or `optional`.
    pub need: String,
    /// Smallest value a number may have.
    pub hard_min: Option<f64>,
    /// Largest value a number may have.
    pub hard_max: Option<f64>,
    /// Low end of the usual range (a value outside asks for a confirmation).
    pub plausible_min: Option<f64>,
    /// High end of the usual range.
    pub plausible_max: Option<f64>,
    /// For a device's settings: the device kind (`ventilator`).
    pub device_kind: Option<String>,
    /// Longest text in characters, for text fields.
    pub max_chars: Option<u32>,
    /// For a field of an entity (a device, a medication, an allergy…): the collection it is
    /// added to (`devices`, `allergies.items`); put the entity id after it in a concrete path.
    pub collection: Option<String>,
}

/// One section of the form.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FormSectionInfo {
    /// Top-level key (`child`, `devices`).
    pub key: String,
    /// Label in the asked language.
    pub label: String,
    /// True for a collection filled by adding entities (devices, medications…).
    pub collection: bool,
    /// Its fields (required, then recommended, then the rest).
    pub fields: Vec<FormFieldInfo>,
}

/// A value that is possible but unusual for this child: shown, and saved only with an
/// `EditOp::Confirm` of its path in the same batch.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlausibilityWarning {
    /// Concrete dotted path of the value.
    pub path: String,
    /// Stable name of the rule (`fio2_as_fraction`, `outside_usual`, `rate_for_age`…).
    pub rule: String,
    /// The warning in Japanese, naming the field by its label.
    pub message_ja: String,
    /// The warning in English.
    pub message_en: String,
}

impl From<&form::plausible::Warning> for PlausibilityWarning {
    fn from(w: &form::plausible::Warning) -> Self {
        let rule = serde_json::to_value(&w.rule)
            .ok()
            .and_then(|v| v.get("rule").and_then(|r| r.as_str()).map(str::to_owned))
            .unwrap_or_default();
        Self {
            path: w.path.clone(),
            rule,
            message_ja: w.describe(Localizer::shared(Lang::Ja)),
            message_en: w.describe(Localizer::shared(Lang::En)),
        }
    }
}

fn lang(tag: &str) -> Result<Lang, ApiError> {
    Lang::parse(tag).ok_or_else(|| ApiError::invalid("lang", "expected ja or en"))
}

fn field_info(f: &FormField, l: &Localizer) -> FormFieldInfo {
    let (unit, options, max_chars) = match &f.input {
        InputKind::Number { unit, .. } => (Some(unit.clone()), Vec::new(), None),
        InputKind::Choice {
            options,
            fluent_prefix,
        }
        | InputKind::ChoiceList {
            options,
            fluent_prefix,
        } => (
            None,
            options
                .iter()
                .map(|o| ChoiceOption {
                    value: o.clone(),
                    label: l.label(&format!("{fluent_prefix}-{o}")),
                })
                .collect(),
            None,
        ),
        InputKind::Text { max_chars }
        | InputKind::LongText { max_chars }
        | InputKind::TextList { max_chars } => (None, Vec::new(), u32::try_from(*max_chars).ok()),
        _ => (None, Vec::new(), None),
    };
    FormFieldInfo {
        key: f.key.clone(),
        label: f.label(l),
        help: f.help(l),
        kind: f.input.name().into(),
        unit,
        options,
        need: match f.need {
            Need::Required => "required",
            Need::Recommended => "recommended",
            Need::Optional => "optional",
        }
        .into(),
        hard_min: f.hard_range.map(|r| r.0),
        hard_max: f.hard_range.map(|r| r.1),
        plausible_min: f.plausible_range.map(|r| r.0),
        plausible_max: f.plausible_range.map(|r| r.1),
        device_kind: f.device_kind.map(|k| k.as_str().into()),
        max_chars,
        collection: collection_of_key(&f.key),
    }
}

/// The collection a field key passes through (`allergies.items` for `allergies.items.agent`).
fn collection_of_key(key: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('.').collect();
    (1..segments.len())
        .map(|n| segments[..n].join("."))
        .find(|p| tsunagu_core::model::COLLECTIONS.iter().any(|(c, _)| c == p))
}

/// The whole form of a profile, worded in `lang` (`ja` or `en`).
#[uniffi::export]
pub fn form_model(lang_tag: String) -> Result<Vec<FormSectionInfo>, ApiError> {
    let l = Localizer::shared(lang(&lang_tag)?);
    Ok(FormModel::get()
        .sections
        .iter()
        .map(|s| FormSectionInfo {
            key: s.key.clone(),
            label: s.label(l),
            collection: s.collection,
            fields: s.fields.iter().map(|f| field_info(f, l)).collect(),
        })
        .collect())
}

/// The fields of a new device of `kind` (`ventilator`): the common ones and that kind's
/// settings only.
#[uniffi::export]
pub fn device_form_fields(kind: String, lang_tag: String) -> Result<Vec<FormFieldInfo>, ApiError> {
    let l = Localizer::shared(lang(&lang_tag)?);
    let kind = DeviceKind::parse(&kind).ok_or_else(|| ApiError::invalid("kind", "unknown device kind"))?;
    Ok(FormModel::get()
        .device_fields(kind)
        .into_iter()
        .map(|f| field_info(f, l))
        .collect())
}

/// What was typed for the field at `path` (`６ｃｍＨ２Ｏ`, `令和6年4月1日`, `女`), as the JSON
/// value the core stores (`6`, `"2024-04-01"`, `"female"`). Edits do this themselves; an edit
/// screen calls it to check a field as it is typed. A refusal is `ApiError::InputForm`.
#[uniffi::export]
pub fn normalize_input(path: String, text: String) -> Result<String, ApiError> {
    let value = form::normalize_value(&path, serde_json::Value::String(text))?;
    Ok(value.to_string())
}

/// The form field at a concrete path (`devices.dev-1.settings.ventilator.peep`) or a key, worded
/// in `lang`; `None` for a path the form does not know. Labels a review item or an error.
#[uniffi::export]
pub fn form_field(path: String, lang_tag: String) -> Result<Option<FormFieldInfo>, ApiError> {
    let l = Localizer::shared(lang(&lang_tag)?);
    Ok(FormModel::get().field(&path).map(|f| field_info(f, l)))
}

/// One field of a profile's section with its current value, as an edit screen fills it in.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FilledFieldInfo {
    /// Concrete dotted path (`devices.dev-1.settings.ventilator.peep`): what an edit sets.
    pub path: String,
    /// The field's key in the form model (`devices.settings.ventilator.peep`).
    pub key: String,
    /// The stored value as JSON text (`6.0`, `"2024-04-01"`, `null` when empty).
    pub value_json: String,
    /// The stored value as the text an input edits (`6`, `2024-04-01`, `female`, `true`; empty
    /// when none); typing it back stores the same value.
    pub text: String,
    /// Who last changed it and when, when it has a value.
    pub written: Option<ProvenanceInfo>,
    /// For a field of an entity: its collection (`devices`, `allergies.items`).
    pub collection: Option<String>,
    /// For a field of an entity: the entity's id (`dev-1`).
    pub entity_id: Option<String>,
}

/// The collection and entity id a concrete path passes through, if any.
fn entity_of(path: &str) -> (Option<String>, Option<String>) {
    let segments: Vec<&str> = path.split('.').collect();
    for n in 1..segments.len() {
        let coll = segments[..n].join(".");
        if tsunagu_core::model::COLLECTIONS.iter().any(|(p, _)| *p == coll) {
            return (Some(coll), Some(segments[n].to_owned()));
        }
    }
    (None, None)
}

#[uniffi::export]
impl TsunaguStore {
    /// The fields of `section` (`child`, `devices`) of profile `id` with their current values:
    /// for a collection, each entity's fields in order (a device only with its kind's
    /// settings); for a collection inside a section (`allergies.items`), its entities' fields
    /// after the section's own.
    pub fn form_values(&self, id: String, section: String) -> Result<Vec<FilledFieldInfo>, ApiError> {
        let mut store = self.lock()?;
        let doc = store.document(&id)?;
        Ok(form::filled_fields(doc, &section)?
            .into_iter()
            .map(|f| {
                let (collection, entity_id) = entity_of(&f.path);
                FilledFieldInfo {
                    value_json: f.value.to_string(),
                    text: input_text(&f.value),
                    written: f.provenance.map(Into::into),
                    path: f.path,
                    key: f.key,
                    collection,
                    entity_id,
                }
            })
            .collect())
    }
}

/// A fresh id for a new entity of `collection` (`devices` → `dev-…`), for an edit screen that
/// fills a new entity's fields under their final paths before adding it with `EditOp::Add`.
#[uniffi::export]
pub fn new_entity_id(collection: String) -> Result<String, ApiError> {
    tsunagu_core::model::new_id_for(&collection).ok_or_else(|| ApiError::BadEdit {
        path: collection,
        reason: "not a collection".into(),
    })
}

/// A stored value as the text an input edits: strings as they are, whole numbers without `.0`,
/// `true`/`false`, lists joined with `, `, nothing for `null`. Typing it back stores the value.
pub(crate) fn input_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(input_text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => value.to_string(),
    }
}
