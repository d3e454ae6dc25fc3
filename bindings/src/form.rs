//! The core's form model, input normalization and plausibility warnings for the apps' edit
//! screens: records mirroring `tsunagu_core::form` with labels and help already in the asked
//! language. No logic: the core derives the form, normalizes typed text and decides warnings.

use tsunagu_core::form::{self, FormField, FormModel, InputKind, Need};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::DeviceKind;

use crate::error::ApiError;

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
    }
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
