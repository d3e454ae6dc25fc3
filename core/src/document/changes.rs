//! What a change did to values, and how that reads: the old and new value of every field a
//! change set or cleared and every entity it added or removed, read from the document as it was
//! just before and just after the change, put into one sentence per changed entity
//! ("人工呼吸器（Trilogy）: PEEP（EPAP） 5 → 7 cmH2O").
//!
//! The change messages record paths only; the values come from the document itself (its state
//! at the change's dependencies, and at the change), so they are as private as the document.

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use serde::Serialize;
use serde_json::Value as Json;

use super::edit::EditSummary;
use crate::form::{FormModel, InputKind};
use crate::i18n::{Lang, Localizer};

/// One value a change replaced: a field set or cleared, an entity added or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueChange {
    /// Dotted path with collection ids (`devices.dev-vent.settings.ventilator.peep`,
    /// `medications.med-1` for an entity).
    pub path: String,
    /// The value before the change (`null` when there was none).
    pub old: Json,
    /// The value after it (`null` when cleared or removed).
    pub new: Json,
    /// For a field of an entity: the fields the entity is named by (name, kind, model…) as the
    /// change left them, so the sentence can say which entity ("人工呼吸器（Trilogy）").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<Json>,
}

/// The value changes of the operations `ops` of the change `hash` with dependencies `deps`.
pub(super) fn value_changes(
    doc: &AutoCommit,
    ops: &[EditSummary],
    deps: &[ChangeHash],
    hash: ChangeHash,
) -> Vec<ValueChange> {
    let after = [hash];
    ops.iter()
        .filter(|op| matches!(op.op.as_str(), "set" | "clear" | "add" | "remove"))
        .map(|op| {
            let entity = entity_of(&op.path);
            let naming = (is_entity(&entity) && entity != op.path).then(|| {
                let fields = NAMING_FIELDS
                    .iter()
                    .map(|k| (k.to_string(), json_at(doc, &format!("{entity}.{k}"), &after)))
                    .filter(|(_, v)| !v.is_null())
                    .collect();
                Json::Object(fields)
            });
            ValueChange {
                path: op.path.clone(),
                old: json_at(doc, &op.path, deps),
                new: json_at(doc, &op.path, &after),
                entity: naming,
            }
        })
        .collect()
}

/// The value at `path` as of `heads`, as JSON (`null` when absent).
fn json_at(doc: &AutoCommit, path: &str, heads: &[ChangeHash]) -> Json {
    let mut obj = automerge::ROOT;
    let segs: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    let Some((leaf, parents)) = segs.split_last() else {
        return Json::Null;
    };
    for (i, seg) in parents.iter().enumerate() {
        match doc.get_at(&obj, *seg, heads) {
            Ok(Some((Value::Object(ObjType::Map), id))) => obj = id,
            // A record stored whole as one JSON string (`atomic_record!`: a weight with its date):
            // the rest of the path is inside that JSON.
            Ok(Some((Value::Scalar(s), _))) => {
                let ScalarValue::Str(text) = s.as_ref() else {
                    return Json::Null;
                };
                let record: Json = serde_json::from_str(text).unwrap_or(Json::Null);
                return segs[i + 1..]
                    .iter()
                    .try_fold(&record, |v, k| v.get(*k))
                    .cloned()
                    .unwrap_or(Json::Null);
            }
            _ => return Json::Null,
        }
    }
    match doc.get_at(&obj, *leaf, heads) {
        Ok(Some((value, id))) => to_json(doc, &value, &id, heads),
        _ => Json::Null,
    }
}

fn to_json(doc: &AutoCommit, value: &Value<'_>, id: &ObjId, heads: &[ChangeHash]) -> Json {
    match value {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(t) => Json::String(t.to_string()),
            ScalarValue::Int(i) => Json::from(*i),
            ScalarValue::Uint(u) => Json::from(*u),
            ScalarValue::F64(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            ScalarValue::Boolean(b) => Json::Bool(*b),
            ScalarValue::Timestamp(t) => Json::from(*t),
            _ => Json::Null,
        },
        Value::Object(ObjType::Text) => Json::String(doc.text_at(id, heads).unwrap_or_default()),
        Value::Object(ObjType::Map | ObjType::Table) => {
            let mut map = serde_json::Map::new();
            for key in doc.keys_at(id, heads) {
                if let Ok(Some((v, child))) = doc.get_at(id, key.as_str(), heads) {
                    map.insert(key, to_json(doc, &v, &child, heads));
                }
            }
            Json::Object(map)
        }
        Value::Object(ObjType::List) => Json::Array(
            (0..doc.length_at(id, heads))
                .filter_map(|i| doc.get_at(id, i, heads).ok().flatten())
                .map(|(v, child)| to_json(doc, &v, &child, heads))
                .collect(),
        ),
    }
}

/// The entity or section a path belongs to: `collection.id` for a path inside a collection's
/// entity (the outermost one), else the top-level section.
pub fn entity_of(path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    for n in 1..segs.len() {
        if crate::model::is_keyed_map(&segs[..n].join(".")) {
            return segs[..=n].join(".");
        }
    }
    segs.first().copied().unwrap_or_default().to_owned()
}

/// True when `path` names an entity of a collection (`medications.med-1`).
fn is_entity(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(parent, _)| crate::model::is_keyed_map(parent))
}

/// One sentence per changed entity of `ops` (a change's operations, with their `values`):
/// fields set or cleared in one entity read as one sentence with old → new values and units;
/// an entity added or removed is named ("薬からムコダインを削除しました"). Operations without
/// values (verify, move, confirm…) read as `other` words them, in order.
pub fn sentences(
    ops: &[EditSummary],
    values: &[ValueChange],
    l: &Localizer,
    other: &dyn Fn(&EditSummary) -> String,
) -> Vec<String> {
    // (entity, the field changes in words) in order of first appearance.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    let mut out: Vec<(usize, String)> = Vec::new();
    for op in ops {
        let change = values.iter().find(|v| v.path == op.path);
        match (op.op.as_str(), change) {
            ("add", Some(v)) if is_entity(&op.path) => {
                out.push((
                    usize::MAX,
                    entity_sentence("history-entity-added", &op.path, &v.new, l),
                ));
            }
            ("remove", Some(v)) if is_entity(&op.path) => {
                out.push((
                    usize::MAX,
                    entity_sentence("history-entity-removed", &op.path, &v.old, l),
                ));
            }
            ("set" | "clear", Some(v)) => {
                let entity = entity_of(&op.path);
                let words = field_change(&op.path, &entity, v, l);
                match grouped.iter_mut().position(|(e, _)| *e == entity) {
                    Some(i) => grouped[i].1.push(words),
                    None => {
                        grouped.push((entity, vec![words]));
                        out.push((grouped.len() - 1, String::new()));
                    }
                }
            }
            _ => out.push((usize::MAX, other(op))),
        }
    }
    let sep = match l.lang() {
        Lang::Ja => "、",
        Lang::En => "; ",
    };
    out.into_iter()
        .map(|(group, text)| match grouped.get(group) {
            Some((entity, changes)) => l.message(
                "history-entity-changes",
                &[
                    ("entity", &entity_title(entity, values, l)),
                    ("changes", &changes.join(sep)),
                ],
            ),
            None => text,
        })
        .collect()
}

fn entity_sentence(id: &str, path: &str, entity: &Json, l: &Localizer) -> String {
    let collection = path.rsplit_once('.').map_or(path, |(p, _)| p);
    l.message(
        id,
        &[
            ("collection", &l.field_label(collection)),
            ("entity", &title_of(collection, entity, l)),
        ],
    )
}

/// An entity's name for a sentence: its name or title, else its kind, with the model in
/// brackets for a device ("人工呼吸器（Trilogy）"); a section's label for a section.
fn entity_title(entity: &str, values: &[ValueChange], l: &Localizer) -> String {
    if !is_entity(entity) {
        return l.field_label(entity);
    }
    let collection = entity.rsplit_once('.').map_or(entity, |(p, _)| p);
    let named = values
        .iter()
        .filter(|v| entity_of(&v.path) == entity)
        .find_map(|v| v.entity.clone())
        .unwrap_or(Json::Null);
    title_of(collection, &named, l)
}

/// The fields an entity is named by ([`title_of`] reads them).
const NAMING_FIELDS: [&str; 10] = [
    "name", "title", "agent", "what", "problem", "kind", "hazard", "role", "audience", "model",
];

/// The name of an entity of `collection` from its JSON.
fn title_of(collection: &str, entity: &Json, l: &Localizer) -> String {
    let text = ["name", "title", "agent", "what", "problem"]
        .iter()
        .find_map(|k| {
            entity
                .get(*k)
                .and_then(Json::as_str)
                .filter(|s| !s.trim().is_empty())
        });
    let kind = ["kind", "hazard", "role", "audience"].iter().find_map(|k| {
        let code = entity.get(*k)?.as_str()?;
        choice_label(&format!("{collection}.{k}"), code, l)
    });
    let detail = entity
        .get("model")
        .and_then(Json::as_str)
        .filter(|s| !s.trim().is_empty());
    match (text, kind, detail) {
        (Some(t), _, _) => t.to_owned(),
        (None, Some(k), Some(d)) => l.message("history-entity-with-detail", &[("kind", &k), ("detail", d)]),
        (None, Some(k), None) => k,
        (None, None, _) => l.field_label(collection),
    }
}

/// The label of choice `code` of the field `key`, when that field is a choice.
fn choice_label(key: &str, code: &str, l: &Localizer) -> Option<String> {
    match &FormModel::get().field(key)?.input {
        InputKind::Choice { fluent_prefix, .. } => Some(l.label(&format!("{fluent_prefix}-{code}"))),
        _ => None,
    }
}

/// "PEEP（EPAP） 5 → 7 cmH2O": the field's own label (its group's too outside an entity), and
/// the values in words; long texts say only that they changed.
fn field_change(path: &str, entity: &str, v: &ValueChange, l: &Localizer) -> String {
    let label = if is_entity(entity) {
        own_label(path, l)
    } else {
        let label = l.field_label(path);
        let section = l.field_label(entity);
        label
            .strip_prefix(&section)
            .map(|rest| rest.trim_start_matches([' ', '›']).trim().to_owned())
            .filter(|rest| !rest.is_empty())
            .unwrap_or(label)
    };
    let input = FormModel::get().field(path).map(|f| &f.input);
    if let Some(InputKind::LongText { .. }) = input {
        return l.message("history-field-changed", &[("field", &label)]);
    }
    if v.old.is_object() || v.new.is_object() || v.old.is_array() || v.new.is_array() {
        return l.message("history-field-changed", &[("field", &label)]);
    }
    let (old, new) = match input {
        Some(InputKind::Number { unit, .. }) if !unit.is_empty() => {
            let unit = l.unit(unit);
            match (v.old.as_f64(), v.new.as_f64()) {
                (Some(o), Some(n)) => (number(o), format!("{} {unit}", number(n))),
                _ => (
                    value_words(&v.old, input, l, Some(&unit)),
                    value_words(&v.new, input, l, Some(&unit)),
                ),
            }
        }
        _ => (
            value_words(&v.old, input, l, None),
            value_words(&v.new, input, l, None),
        ),
    };
    l.message(
        "history-field-change",
        &[("field", &label), ("old", &old), ("new", &new)],
    )
}

/// A field's own label, without its group ("PEEP（EPAP）").
fn own_label(path: &str, l: &Localizer) -> String {
    let key = crate::i18n::field_key(path);
    let id = format!("field-{}", key.replace('.', "-"));
    if l.has(&id) {
        l.message(&id, &[])
    } else {
        l.field_label(path)
    }
}

fn number(n: f64) -> String {
    // `7` rather than `7.0`; up to three decimals, trailing zeros dropped.
    let s = format!("{n:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One value in words: empty, yes/no, a choice's label, a number with its unit, text (cut at 40
/// characters).
fn value_words(v: &Json, input: Option<&InputKind>, l: &Localizer, unit: Option<&str>) -> String {
    match (v, input) {
        (Json::Null, _) => l.message("history-value-empty", &[]),
        (Json::Bool(true), _) => l.message("history-value-yes", &[]),
        (Json::Bool(false), _) => l.message("history-value-no", &[]),
        (Json::Number(n), _) => {
            let n = number(n.as_f64().unwrap_or_default());
            unit.map_or(n.clone(), |u| format!("{n} {u}"))
        }
        (Json::String(s), Some(InputKind::Choice { fluent_prefix, .. })) => {
            l.label(&format!("{fluent_prefix}-{s}"))
        }
        (Json::String(s), _) => {
            let cut: String = s.chars().take(40).collect();
            if cut.len() < s.len() {
                format!("{cut}…")
            } else {
                cut
            }
        }
        _ => l.message("history-value-empty", &[]),
    }
}
