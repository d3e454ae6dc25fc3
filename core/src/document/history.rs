//! The change log and per-field provenance, read from the document's own change metadata.
//!
//! Each change's message is a [`ChangeMeta`] (author and edit outlines); its timestamp is the
//! edit time in milliseconds; its actor is the device. Provenance of a field is the change that
//! wrote the value currently winning in the document (after merges, the value every replica
//! shows); for an entity or group it is the newest change among everything inside it.

use std::collections::HashMap;
use std::sync::LazyLock;

use automerge::{ActorId, AutoCommit, ObjType, ReadDoc, Value, iter::ListRangeItem, iter::MapRangeItem};
use serde::Serialize;

use super::ChangeMeta;
use super::changes::{self, ValueChange};
use super::edit::EditSummary;
use super::members;
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// One change in the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Change hash, hex.
    pub hash: String,
    /// Device (actor) that made it, hex.
    pub actor: String,
    /// Display name of the author: the name the change records, else the device's display
    /// name (`tsunagu device set-name`); `None` when neither is known.
    pub author: Option<String>,
    /// When it was made.
    pub at: Option<Timestamp>,
    /// What it did.
    pub ops: Vec<EditSummary>,
    /// The values it replaced: old and new of every field set or cleared, every entity added
    /// or removed.
    pub changes: Vec<ValueChange>,
}

/// Who last changed something, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Display name of the author.
    pub author: Option<String>,
    /// Device (actor), hex.
    pub actor: String,
    /// When.
    pub at: Option<Timestamp>,
    /// The change, hex.
    pub change: String,
}

/// The change log, newest first; with each change's old → new values when `values` (they read
/// the document as it was before each change, which costs far more than the log itself).
pub(crate) fn history(doc: &mut AutoCommit, values: bool) -> Vec<HistoryEntry> {
    let names = DeviceNames::of(doc);
    let metas: Vec<_> = doc
        .get_changes_meta(&[])
        .into_iter()
        .map(automerge::ChangeMetadata::into_owned)
        .collect();
    let mut entries: Vec<HistoryEntry> = metas
        .into_iter()
        .map(|m| {
            let meta = m.message.as_deref().and_then(ChangeMeta::parse);
            let actor = m.actor.to_hex_string();
            let (by, ops) = meta.map(|x| (Some(x.by), x.ops)).unwrap_or_default();
            HistoryEntry {
                hash: m.hash.to_string(),
                author: names.author(by, &actor),
                actor,
                at: Timestamp::from_millis(m.timestamp),
                changes: if values {
                    changes::value_changes(doc, &ops, &m.deps, m.hash)
                } else {
                    Vec::new()
                },
                ops,
            }
        })
        .collect();
    // Changes come in causal order; newest first means reversed.
    entries.reverse();
    entries
}

/// The display names of the devices of a document, by the actor they write under.
pub(super) struct DeviceNames(HashMap<String, String>);

impl DeviceNames {
    pub(super) fn of(doc: &AutoCommit) -> Self {
        Self(
            members::cards(doc)
                .into_values()
                .filter(|c| !c.actor.is_empty())
                .map(|c| (c.actor, c.name))
                .collect(),
        )
    }

    /// The author of a change: the name it records, unless that is empty or the "unknown" word
    /// older builds recorded when nobody was named; then the display name of its device.
    pub(super) fn author(&self, by: Option<String>, actor: &str) -> Option<String> {
        by.filter(|b| !is_no_name(b))
            .or_else(|| self.0.get(actor).cloned())
    }
}

/// True for an author that names nobody: empty, or the "unknown" word (ja or en) that builds
/// before device names recorded instead.
fn is_no_name(by: &str) -> bool {
    // Formatted once: the change log asks it of every change, and each view reads the log.
    static NO_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
        [crate::i18n::Lang::Ja, crate::i18n::Lang::En]
            .iter()
            .map(|l| crate::i18n::Localizer::shared(*l).message("history-author-unknown", &[]))
            .collect()
    });
    let by = by.trim();
    by.is_empty() || NO_NAMES.iter().any(|n| n == by)
}

/// Which change made each operation: per actor, the op-counter range of every change.
#[derive(Debug)]
pub(super) struct ChangeIndex {
    /// Per actor: (start_op, max_op, position in causal order).
    ranges: HashMap<ActorId, Vec<(u64, u64, usize)>>,
    provenance: Vec<Provenance>,
}

impl ChangeIndex {
    pub(super) fn build(doc: &mut AutoCommit) -> Self {
        let names = DeviceNames::of(doc);
        let mut ranges: HashMap<ActorId, Vec<(u64, u64, usize)>> = HashMap::new();
        let mut provenance = Vec::new();
        for (i, m) in doc.get_changes_meta(&[]).into_iter().enumerate() {
            let meta = m.message.as_deref().and_then(ChangeMeta::parse);
            ranges
                .entry(m.actor.clone().into_owned())
                .or_default()
                .push((m.start_op, m.max_op, i));
            let actor = m.actor.to_hex_string();
            provenance.push(Provenance {
                author: names.author(meta.map(|x| x.by), &actor),
                actor,
                at: Timestamp::from_millis(m.timestamp),
                change: m.hash.to_string(),
            });
        }
        Self { ranges, provenance }
    }

    /// Who made op `id` and when: the provenance of the change that holds it.
    pub(super) fn provenance_of(&self, id: &automerge::ObjId) -> Option<&Provenance> {
        self.change_of(id).and_then(|i| self.provenance.get(i))
    }

    /// Position in causal order of the change that made op `counter@actor`.
    fn change_of(&self, id: &automerge::ObjId) -> Option<usize> {
        let automerge::ObjId::Id(counter, actor, _) = id else {
            return None;
        };
        self.ranges
            .get(actor)?
            .iter()
            .find(|(start, max, _)| (*start..=*max).contains(counter))
            .map(|(_, _, i)| *i)
    }
}

/// The newest change that touched the object `obj` or anything inside it.
fn newest_inside(doc: &AutoCommit, index: &ChangeIndex, obj: &automerge::ObjId, best: &mut Option<usize>) {
    fn consider(index: &ChangeIndex, id: &automerge::ObjId, best: &mut Option<usize>) {
        if let Some(i) = index.change_of(id) {
            *best = Some(best.map_or(i, |b| b.max(i)));
        }
    }
    consider(index, obj, best);
    match doc.object_type(obj) {
        Ok(ObjType::Map | ObjType::Table) => {
            let items: Vec<MapRangeItem<'_>> = doc.map_range(obj, ..).collect();
            for item in items {
                let id = item.id();
                consider(index, &id, best);
                if matches!(item.value, automerge::ValueRef::Object(_)) {
                    newest_inside(doc, index, &id, best);
                }
            }
        }
        Ok(ObjType::List | ObjType::Text) => {
            let items: Vec<ListRangeItem<'_>> = doc.list_range(obj, ..).collect();
            for item in items {
                let id = item.id();
                consider(index, &id, best);
                if matches!(item.value, automerge::ValueRef::Object(_)) {
                    newest_inside(doc, index, &id, best);
                }
            }
        }
        Err(_) => {}
    }
}

/// Maps op ids to the changes that made them; built once per document state and reused for
/// every provenance question asked of that state (a view asks dozens).
#[derive(Debug, Default)]
pub(crate) struct ProvenanceCache {
    heads: Vec<automerge::ChangeHash>,
    index: Option<ChangeIndex>,
    /// The answers given at these heads, by path (`None`: no such path): a card asks the same
    /// paths again for each language, and each answer walks the document.
    answers: HashMap<String, Option<Option<Provenance>>>,
}

pub(crate) fn provenance(
    doc: &mut AutoCommit,
    cache: &mut ProvenanceCache,
    path: &str,
) -> Result<Option<Provenance>> {
    let heads = doc.get_heads();
    if cache.index.is_none() || cache.heads != heads {
        cache.index = Some(ChangeIndex::build(doc));
        cache.heads = heads;
        cache.answers.clear();
    }
    let unknown = || Error::UnknownPath { path: path.into() };
    if let Some(answer) = cache.answers.get(path) {
        return answer.clone().ok_or_else(unknown);
    }
    let Some(index) = cache.index.as_ref() else {
        return Ok(None);
    };
    let answer = match provenance_in(doc, index, path) {
        Ok(found) => Some(found),
        Err(Error::UnknownPath { .. }) => None,
        Err(e) => return Err(e),
    };
    cache.answers.insert(path.to_owned(), answer.clone());
    answer.ok_or_else(unknown)
}

/// [`provenance`], worked out from the document.
fn provenance_in(doc: &AutoCommit, index: &ChangeIndex, path: &str) -> Result<Option<Provenance>> {
    let unknown = || Error::UnknownPath { path: path.into() };
    let mut obj = automerge::ROOT;
    let segs: Vec<&str> = if path.is_empty() {
        Vec::new()
    } else {
        path.split('.').collect()
    };
    let mut best = None;
    if segs.is_empty() {
        newest_inside(doc, index, &obj, &mut best);
    }
    for (i, seg) in segs.iter().enumerate() {
        let (value, id) = doc.get(&obj, *seg)?.ok_or_else(unknown)?;
        let last = i + 1 == segs.len();
        match value {
            Value::Object(_) => {
                if last {
                    newest_inside(doc, index, &id, &mut best);
                } else {
                    obj = id;
                }
            }
            Value::Scalar(_) => {
                // A record stored whole (a weight, a verification) answers for its fields too.
                best = index.change_of(&id);
                break;
            }
        }
    }
    Ok(best.and_then(|i| index.provenance.get(i).cloned()))
}

/// One change-log entry in words, in the localizer's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryLine {
    /// When, as recorded.
    pub at: Option<Timestamp>,
    /// Author's display name, when known (nothing stands in for an unknown one).
    pub author: Option<String>,
    /// One sentence per changed entity, with old → new values ("人工呼吸器（Trilogy）:
    /// PEEP（EPAP） 5 → 7 cmH2O"), and one per other thing the change did.
    pub sentences: Vec<String>,
}

/// Puts a change-log entry into words.
pub fn describe(entry: &HistoryEntry, loc: &crate::i18n::Localizer) -> HistoryLine {
    let author = entry.author.clone();
    let by = author.clone().unwrap_or_default();
    let sentences = if entry.ops.is_empty() {
        vec![loc.message("history-updated", &[])]
    } else {
        changes::sentences(&entry.ops, &entry.changes, loc, &|op| describe_op(op, &by, loc))
    };
    HistoryLine {
        at: entry.at,
        author,
        sentences,
    }
}

fn describe_op(op: &EditSummary, author: &str, loc: &crate::i18n::Localizer) -> String {
    // For entity operations the path is `collection.id`: the label is the collection's.
    let collection = || {
        let parent = op.path.rsplit_once('.').map_or(op.path.as_str(), |(p, _)| p);
        loc.field_label(parent)
    };
    let section = || {
        crate::model::Section::parse(&op.path)
            .map(|s| loc.label(&s.fluent_id()))
            .unwrap_or_else(|| loc.field_label(&op.path))
    };
    match op.op.as_str() {
        "create" => loc.message("history-created", &[]),
        "set" => loc.message("history-set", &[("field", &loc.field_label(&op.path))]),
        "clear" => loc.message("history-cleared", &[("field", &loc.field_label(&op.path))]),
        "add" => loc.message("history-added", &[("collection", &collection())]),
        "remove" => loc.message("history-removed", &[("collection", &collection())]),
        "move" => loc.message("history-moved", &[("collection", &collection())]),
        "verify" => loc.message("history-verified", &[("by", author), ("section", &section())]),
        "unverify" => loc.message("history-unverified", &[("section", &section())]),
        "import" => loc.message("history-merged-import", &[]),
        "resolve" => loc.message("history-resolved", &[("field", &loc.field_label(&op.path))]),
        "confirm" => loc.message("history-confirmed", &[("field", &loc.field_label(&op.path))]),
        "name_device" => loc.message("history-named-device", &[("name", author)]),
        "verify_value" => loc.message("history-value-verified", &[("field", &loc.field_label(&op.path))]),
        _ => loc.message("history-updated", &[]),
    }
}
