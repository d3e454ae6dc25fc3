//! The form model applied to values: typed text normalized to the stored form before an edit is
//! applied, text lengths checked, and the current values of a section with their provenance.

use serde::Serialize;
use serde_json::Value;

use super::normalize::{self, Expected};
use super::{FormModel, InputKind};
use crate::document::ProfileDoc;
use crate::document::history::Provenance;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Localizer};

/// Turns what was typed for the field at `path` (a concrete dotted path) into the value the
/// typed model reads: a string in a number, date, time, choice, yes/no or phone field is
/// normalized (`６ｃｍＨ２Ｏ` → 6, `令和6年4月1日` → `2024-04-01`, `女` → `female`); an empty string
/// there clears the field. Objects (a group, a new entity) are normalized field by field. Text
/// is checked against its length limit. Paths the form does not know pass unchanged (the typed
/// model then refuses them with its own error).
pub fn normalize_value(path: &str, value: Value) -> Result<Value> {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let sub = format!("{path}.{k}");
                out.insert(k, normalize_value(&sub, v)?);
            }
            Ok(Value::Object(out))
        }
        Value::String(text) => {
            let Some(field) = FormModel::get().field(path) else {
                return Ok(Value::String(text));
            };
            let fail = |expected: Expected| Error::Input {
                path: path.to_owned(),
                expected,
            };
            let blank = text.trim().is_empty();
            let locs = [Localizer::shared(Lang::Ja), Localizer::shared(Lang::En)];
            Ok(match &field.input {
                InputKind::Text { max_chars } | InputKind::LongText { max_chars } => {
                    if text.chars().count() > *max_chars {
                        return Err(fail(field.input.expected()));
                    }
                    Value::String(text)
                }
                _ if blank => Value::Null,
                InputKind::Number { unit, .. } => {
                    Value::from(normalize::parse_number(&text, unit).map_err(fail)?)
                }
                InputKind::Date => Value::String(
                    normalize::parse_date(&text)
                        .map_err(fail)?
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                InputKind::Timestamp => Value::String(text),
                InputKind::Times => Value::String(normalize::parse_times(&text).map_err(fail)?),
                InputKind::Choice {
                    options,
                    fluent_prefix,
                } => Value::String(
                    normalize::parse_choice(&text, options, fluent_prefix, &locs).map_err(fail)?,
                ),
                InputKind::ChoiceList {
                    options,
                    fluent_prefix,
                } => {
                    let mut items = Vec::new();
                    for part in normalize::fold(&text)
                        .split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        items.push(Value::String(
                            normalize::parse_choice(part, options, fluent_prefix, &locs).map_err(fail)?,
                        ));
                    }
                    Value::Array(items)
                }
                InputKind::TextList { max_chars } => {
                    let mut items = Vec::new();
                    for part in normalize::fold(&text)
                        .split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        if part.chars().count() > *max_chars {
                            return Err(fail(field.input.expected()));
                        }
                        items.push(Value::String(part.to_owned()));
                    }
                    Value::Array(items)
                }
                InputKind::YesNo => Value::Bool(normalize::parse_yes_no(&text).map_err(fail)?),
                InputKind::Phone => Value::String(normalize::parse_phone(&text).map_err(fail)?),
            })
        }
        Value::Array(items) => {
            if let Some(InputKind::TextList { max_chars }) = FormModel::get().field(path).map(|f| &f.input)
                && items
                    .iter()
                    .any(|i| i.as_str().is_some_and(|s| s.chars().count() > *max_chars))
            {
                return Err(Error::Input {
                    path: path.to_owned(),
                    expected: Expected::TextUpTo { max: *max_chars },
                });
            }
            Ok(Value::Array(items))
        }
        other => Ok(other),
    }
}

/// Checks every text under `value` (found at `path`) against its field's length limit; the
/// error names the first field that is too long.
pub(crate) fn check_text_lengths(path: &str, value: &Value) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                check_text_lengths(&format!("{path}.{k}"), v)?;
            }
            Ok(())
        }
        Value::String(text) => {
            let max = match FormModel::get().field(path).map(|f| &f.input) {
                Some(InputKind::Text { max_chars } | InputKind::LongText { max_chars }) => *max_chars,
                // Codes, dates and numbers are checked by their types; anything else (ids in a
                // map the form does not list) has the long-text limit.
                Some(_) => return Ok(()),
                None => super::annotations::LONG_TEXT_MAX,
            };
            if text.chars().count() > max {
                return Err(Error::Input {
                    path: path.to_owned(),
                    expected: Expected::TextUpTo { max },
                });
            }
            Ok(())
        }
        Value::Array(items) => {
            for item in items {
                check_text_lengths(path, item)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// One field of a section with its current value and who last changed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilledField {
    /// Concrete dotted path (`devices.dev-1.settings.ventilator.peep`).
    pub path: String,
    /// The field's key in the form model.
    pub key: String,
    /// The stored value (`null` when empty).
    pub value: Value,
    /// The change that wrote it, when it has a value.
    pub provenance: Option<Provenance>,
}

/// The current values of a section's fields (each entity's fields for a collection, and for a
/// collection inside a section such as `allergies.items`, each of its entities' fields after the
/// section's own), with their provenance. Device settings of other kinds than the device's are
/// left out.
pub fn filled_fields(doc: &mut ProfileDoc, section: &str) -> Result<Vec<FilledField>> {
    let model = FormModel::get();
    let sec = model.section(section).ok_or_else(|| Error::UnknownPath {
        path: section.to_owned(),
    })?;
    let json =
        serde_json::to_value(doc.profile()).map_err(|_| Error::NotAProfile("profile is not serializable"))?;
    let root = json.get(section).cloned().unwrap_or(Value::Null);
    // Groups of fields filled together: (key prefix, concrete path prefix, body, device kind).
    let mut groups: Vec<(String, String, Value, Option<crate::model::DeviceKind>)> = Vec::new();
    if sec.collection {
        for (id, entity) in ordered_entities(&root) {
            let kind = entity
                .get("kind")
                .and_then(Value::as_str)
                .and_then(crate::model::DeviceKind::parse)
                .map(super::settings_group);
            groups.push((section.to_owned(), format!("{section}.{id}"), entity, kind));
        }
    } else {
        groups.push((section.to_owned(), section.to_owned(), root.clone(), None));
        let mut nested: Vec<String> = Vec::new();
        for coll in sec.fields.iter().filter_map(|f| nested_collection(&f.key)) {
            if !nested.contains(&coll) {
                nested.push(coll);
            }
        }
        for coll in nested {
            let body = coll[section.len()..]
                .split('.')
                .filter(|s| !s.is_empty())
                .try_fold(&root, |v, seg| v.get(seg))
                .cloned()
                .unwrap_or(Value::Null);
            for (id, entity) in ordered_entities(&body) {
                groups.push((coll.clone(), format!("{coll}.{id}"), entity, None));
            }
        }
    }
    let mut out = Vec::new();
    for (key_prefix, prefix, body, kind) in groups {
        for field in &sec.fields {
            if let (Some(k), Some(fk)) = (kind, field.device_kind)
                && k != fk
            {
                continue;
            }
            let Some(rest) = field.key.strip_prefix(key_prefix.as_str()) else {
                continue;
            };
            // A field of this group, not of a collection nested in it.
            if nested_collection(&field.key).as_deref()
                != (key_prefix != section).then_some(key_prefix.as_str())
            {
                continue;
            }
            let path = format!("{prefix}{rest}");
            let value = rest
                .split('.')
                .filter(|s| !s.is_empty())
                .try_fold(&body, |v, seg| v.get(seg))
                .cloned()
                .unwrap_or(Value::Null);
            let provenance = if value.is_null() {
                None
            } else {
                doc.provenance(&path)?
            };
            out.push(FilledField {
                path,
                key: field.key.clone(),
                value,
                provenance,
            });
        }
    }
    Ok(out)
}

/// The entities of a collection's map, by their `order`.
fn ordered_entities(map: &Value) -> Vec<(String, Value)> {
    let mut entities: Vec<(String, Value)> = map
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, e)| (id.clone(), e.clone()))
        .collect();
    entities.sort_by(|a, b| {
        let o = |v: &Value| v.get("order").and_then(Value::as_f64).unwrap_or(0.0);
        o(&a.1).total_cmp(&o(&b.1))
    });
    entities
}

/// The collection inside a section that a key passes through (`allergies.items` for
/// `allergies.items.agent`), if any: those fields are filled per entity of that collection.
fn nested_collection(key: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('.').collect();
    (2..segments.len())
        .map(|n| segments[..n].join("."))
        .find(|p| crate::model::is_keyed_map(p))
}

/// A value saved over a plausibility warning that nobody has verified since. The views mark it
/// ("unverified — saved over a warning") until one of these comes after the confirmation:
/// someone other than the confirmer verifies it ([`ProfileDoc::verify_value`], op
/// `verify_value`); a new value replaces it; or its section is verified on or after the day it
/// was confirmed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfirmedUnusual {
    /// Concrete dotted path of the value.
    pub path: String,
    /// Who confirmed it (the change's author).
    pub confirmed_by: Option<String>,
    /// When.
    pub confirmed_at: Option<crate::model::Timestamp>,
}

/// Every value saved over a warning and not verified since (see [`ConfirmedUnusual`]), newest
/// first. Read from the `confirm` and `verify_value` ops of the document's own changes.
pub fn unverified_confirmations(doc: &mut ProfileDoc) -> Result<Vec<ConfirmedUnusual>> {
    // The newest confirmation of each path, with whether someone else verified it after: read
    // from the log first (kept by the document per state), then checked against the document.
    let mut candidates: Vec<(ConfirmedUnusual, String, bool)> = Vec::new();
    {
        // Newest first: a `verify_value` seen before a `confirm` came after it.
        let mut verified_later: Vec<(&str, Option<&str>)> = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for entry in doc.change_log_ref() {
            for op in &entry.ops {
                if op.op == "verify_value" {
                    verified_later.push((op.path.as_str(), entry.author.as_deref()));
                }
            }
            for op in entry.ops.iter().filter(|o| o.op == "confirm") {
                // Only the newest confirmation of a path counts.
                if done.contains(&op.path.as_str()) {
                    continue;
                }
                done.push(op.path.as_str());
                let by_another = verified_later
                    .iter()
                    .any(|(path, by)| *path == op.path && by.is_some() && *by != entry.author.as_deref());
                candidates.push((
                    ConfirmedUnusual {
                        path: op.path.clone(),
                        confirmed_by: entry.author.clone(),
                        confirmed_at: entry.at,
                    },
                    entry.hash.clone(),
                    by_another,
                ));
            }
        }
    }
    let mut out: Vec<ConfirmedUnusual> = Vec::new();
    for (c, hash, by_another) in candidates {
        // Still the confirmed value: its provenance is the confirming change.
        let current = match doc.provenance(&c.path) {
            Ok(Some(p)) => p.change == hash,
            _ => false,
        };
        if !current {
            continue;
        }
        let section = c.path.split('.').next().unwrap_or_default();
        let confirmed_on = c.confirmed_at.map(|t| t.0.date_naive());
        let section_verified = doc
            .profile()
            .verifications
            .get(section)
            .is_some_and(|v| confirmed_on.is_some_and(|d| v.on.0 >= d));
        if !(by_another || section_verified) {
            out.push(c);
        }
    }
    Ok(out)
}
