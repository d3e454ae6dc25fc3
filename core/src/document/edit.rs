//! Typed edit operations and how they apply to a profile.
//!
//! An edit addresses the profile by field path (`devices.dev-1.settings.ventilator.peep`), the
//! same dotted path users see in `tsunagu edit --set` and in the JSON Schema. Applying a batch of
//! edits goes through the typed model: the new profile is read back through serde (so types,
//! units, ranges and code lists are enforced and errors name the field), then validated as a
//! whole; only then does anything reach the document, where autosurgeon writes just the scalars
//! that changed. A batch is atomic: one automerge change, or nothing.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sections;
use crate::error::{Error, Result};
use crate::form::normalize_value;
use crate::form::plausible::{self, Warning};
use crate::form::values::check_text_lengths;
use crate::model::{Date, Entity, EntityId, Profile, Section, ValidationContext, Verification, VerifierRole};

/// One typed change to a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Set one field (a scalar or a whole group) to a value; `null` clears an optional field.
    Set {
        /// Dotted path of the field.
        path: String,
        /// The new value, as JSON.
        value: Value,
    },
    /// Add an entity to a collection.
    Add {
        /// Dotted path of the collection (`devices`, `evacuation.helpers`).
        collection: String,
        /// The new entity's id.
        id: EntityId,
        /// The entity, as JSON; its `order` is set to place it last.
        entity: Value,
    },
    /// Remove an entity from a collection.
    Remove {
        /// Dotted path of the collection.
        collection: String,
        /// Id of the entity.
        id: EntityId,
    },
    /// Move an entity before another (or to the end), changing only its own order.
    Move {
        /// Dotted path of the collection.
        collection: String,
        /// Id of the entity to move.
        id: EntityId,
        /// Id of the entity it should precede; `None` moves it last.
        before: Option<EntityId>,
    },
    /// Mark a section verified by someone on a day.
    Verify {
        /// The section.
        section: Section,
        /// Display name of the verifier.
        by: String,
        /// Their role.
        role: VerifierRole,
        /// The day.
        on: Date,
    },
    /// Remove a section's verified mark.
    Unverify {
        /// The section.
        section: Section,
    },
    /// An RFC 7396 JSON Merge Patch over the whole profile, applied as field-level edits.
    Patch {
        /// The patch document.
        patch: Value,
    },
    /// Confirms an unusual value written in the same batch (a plausibility warning at `path`, or
    /// every warning under it). Recorded in the change as op `confirm` with the warned path, so
    /// who confirmed it and when syncs and shows in the history (ADR 0009).
    Confirm {
        /// Concrete dotted path of the value, or of an entity or group holding it.
        path: String,
    },
}

impl Edit {
    /// Set `path` to any serializable value.
    pub fn set(path: impl Into<String>, value: impl Serialize) -> Self {
        Edit::Set {
            path: path.into(),
            value: serde_json::to_value(value).unwrap_or(Value::Null),
        }
    }

    /// Add a typed entity under a fresh id; returns the edit and the id.
    pub fn add<T: Entity + Serialize>(collection: impl Into<String>, entity: &T) -> (Self, EntityId) {
        let id = crate::model::collection::new_id::<T>();
        let edit = Edit::Add {
            collection: collection.into(),
            id: id.clone(),
            entity: serde_json::to_value(entity).unwrap_or(Value::Null),
        };
        (edit, id)
    }

    /// A short description for the change log: kind and path, never the value.
    pub fn summary(&self) -> EditSummary {
        match self {
            Edit::Set { path, value } => EditSummary {
                op: if value.is_null() { "clear" } else { "set" }.into(),
                path: path.clone(),
            },
            Edit::Add { collection, id, .. } => EditSummary {
                op: "add".into(),
                path: format!("{collection}.{id}"),
            },
            Edit::Remove { collection, id } => EditSummary {
                op: "remove".into(),
                path: format!("{collection}.{id}"),
            },
            Edit::Move { collection, id, .. } => EditSummary {
                op: "move".into(),
                path: format!("{collection}.{id}"),
            },
            Edit::Verify { section, .. } => EditSummary {
                op: "verify".into(),
                path: section.as_str().into(),
            },
            Edit::Unverify { section } => EditSummary {
                op: "unverify".into(),
                path: section.as_str().into(),
            },
            Edit::Patch { .. } => EditSummary {
                op: "patch".into(),
                path: String::new(),
            },
            Edit::Confirm { path } => EditSummary {
                op: "confirm".into(),
                path: path.clone(),
            },
        }
    }
}

/// What an edit did, as recorded in the change log (no values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditSummary {
    /// `set`, `clear`, `add`, `remove`, `move`, `verify`, `unverify`, `patch`, `create`, `import`,
    /// `confirm`, `resolve`, `verify_value`.
    pub op: String,
    /// The dotted path it touched (empty for a whole-profile operation).
    pub path: String,
}

/// The result of applying a batch of edits.
pub(crate) struct Applied {
    /// The new profile, read back through serde and validated.
    pub profile: Profile,
    /// What changed, for the change log.
    pub summaries: Vec<EditSummary>,
    /// The JSON of the touched top-level sections of the new profile (typed encoding: numbers
    /// of quantities are floats, etc.).
    pub sections: Map<String, Value>,
}

/// The top-level section an edit touches (all of them for a patch that names them).
fn touched_sections(edit: &Edit, out: &mut Vec<String>) -> Result<()> {
    let mut add = |path: &str| {
        let first = path.split('.').next().unwrap_or_default().to_owned();
        if !out.contains(&first) {
            out.push(first);
        }
    };
    match edit {
        Edit::Set { path, .. } => add(path),
        Edit::Add { collection, .. } | Edit::Remove { collection, .. } | Edit::Move { collection, .. } => {
            add(collection)
        }
        Edit::Verify { .. } | Edit::Unverify { .. } => add("verifications"),
        // A confirmation changes nothing by itself.
        Edit::Confirm { .. } => {}
        Edit::Patch { patch } => match patch {
            Value::Object(m) => m.keys().for_each(|k| add(k)),
            _ => return Err(Error::invalid("", "a merge patch must be a JSON object")),
        },
    }
    Ok(())
}

/// Applies `edits` to `profile` through JSON and the typed model, touching only the top-level
/// sections the edits name; returns the new profile, validated, and what changed (a patch
/// expands into the paths it touched).
pub(crate) fn apply_edits(profile: &Profile, edits: &[Edit], ctx: ValidationContext) -> Result<Applied> {
    let mut touched = Vec::new();
    for edit in edits {
        touched_sections(edit, &mut touched)?;
    }
    let mut before = Map::new();
    for name in &touched {
        let value =
            sections::to_json(profile, name).ok_or_else(|| Error::UnknownPath { path: name.clone() })?;
        before.insert(name.clone(), value);
    }
    let has_patch = edits.iter().any(|e| matches!(e, Edit::Patch { .. }));
    let mut json = Value::Object(if has_patch {
        before.clone()
    } else {
        std::mem::take(&mut before)
    });
    let mut summaries = Vec::new();
    for edit in edits {
        match edit {
            Edit::Set { path, value } => {
                set_path(&mut json, path, normalize_value(path, value.clone())?)?;
                summaries.push(edit.summary());
            }
            Edit::Add {
                collection,
                id,
                entity,
            } => {
                if !crate::model::collection::is_valid_id(id) {
                    return Err(Error::BadEdit {
                        path: collection.clone(),
                        reason: "ids must be 1-64 letters, digits, '-' or '_'",
                    });
                }
                let coll = collection_mut(&mut json, collection)?;
                if coll.contains_key(id) {
                    return Err(Error::BadEdit {
                        path: format!("{collection}.{id}"),
                        reason: "an entity with this id exists",
                    });
                }
                let mut entity = normalize_value(&format!("{collection}.{id}"), entity.clone())?;
                let Value::Object(fields) = &mut entity else {
                    return Err(Error::invalid(format!("{collection}.{id}"), "must be an object"));
                };
                let last = coll.values().filter_map(order_of).fold(0.0_f64, f64::max);
                fields.insert("order".into(), Value::from(last + 1.0));
                coll.insert(id.clone(), entity);
                summaries.push(edit.summary());
            }
            Edit::Remove { collection, id } => {
                let coll = collection_mut(&mut json, collection)?;
                if coll.remove(id).is_none() {
                    return Err(Error::UnknownPath {
                        path: format!("{collection}.{id}"),
                    });
                }
                summaries.push(edit.summary());
            }
            Edit::Move {
                collection,
                id,
                before,
            } => {
                let coll = collection_mut(&mut json, collection)?;
                let unknown = |p: &str| Error::UnknownPath {
                    path: format!("{collection}.{p}"),
                };
                if !coll.contains_key(id) {
                    return Err(unknown(id));
                }
                if let Some(b) = before {
                    if !coll.contains_key(b) {
                        return Err(unknown(b));
                    }
                    if b == id {
                        return Err(Error::BadEdit {
                            path: format!("{collection}.{id}"),
                            reason: "cannot move an entity before itself",
                        });
                    }
                }
                let mut others: Vec<(String, f64)> = coll
                    .iter()
                    .filter(|(k, _)| *k != id)
                    .map(|(k, v)| (k.clone(), order_of(v).unwrap_or(0.0)))
                    .collect();
                others.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
                let order = crate::model::collection::order_before(&others, before.as_deref());
                if let Some(Value::Object(fields)) = coll.get_mut(id) {
                    fields.insert("order".into(), Value::from(order));
                }
                summaries.push(edit.summary());
            }
            Edit::Verify {
                section,
                by,
                role,
                on,
            } => {
                if !section.verifiable() {
                    return Err(Error::BadEdit {
                        path: section.as_str().into(),
                        reason: "this section cannot be verified",
                    });
                }
                let v = Verification {
                    by: by.clone(),
                    role: *role,
                    on: *on,
                };
                let value = serde_json::to_value(v).map_err(|_| Error::NotAProfile("verification"))?;
                collection_mut(&mut json, "verifications")?.insert(section.as_str().into(), value);
                summaries.push(edit.summary());
            }
            Edit::Unverify { section } => {
                collection_mut(&mut json, "verifications")?.remove(section.as_str());
                summaries.push(edit.summary());
            }
            Edit::Patch { patch } => {
                if !patch.is_object() {
                    return Err(Error::invalid("", "a merge patch must be a JSON object"));
                }
                let mut patched = json.clone();
                merge_patch(&mut patched, patch);
                // Entities a patch adds without an order go last, in the patch's key order.
                place_new_entities(&json, &mut patched);
                json = patched;
                summaries.push(edit.summary());
            }
            Edit::Confirm { .. } => {}
        }
    }
    let Value::Object(mut json) = json else {
        return Err(Error::invalid("", "a merge patch must be a JSON object"));
    };
    for (name, value) in &json {
        check_text_lengths(name, value)?;
    }
    let mut new_profile = profile.clone();
    for name in &touched {
        // A section a patch set to null is reset to its empty form (RFC 7396 deletes the key).
        let value = json.remove(name).unwrap_or_else(|| Value::Object(Map::new()));
        sections::from_json(&mut new_profile, name, value)?;
    }
    if touched.iter().any(|t| t == "devices") {
        for (_, device) in new_profile.devices.iter_mut() {
            device.settings.ensure_group(device.kind);
        }
    }
    new_profile.validate(ctx)?;
    let mut after = Map::new();
    for name in &touched {
        if let Some(value) = sections::to_json(&new_profile, name) {
            after.insert(name.clone(), value);
        }
    }
    // Expand patches into the leaf paths they really changed, for the change log.
    if has_patch {
        summaries.retain(|s| s.op != "patch");
        diff_paths(
            &Value::Object(before),
            &Value::Object(after.clone()),
            &mut String::new(),
            &mut summaries,
        );
    }
    confirm_warnings(&new_profile, edits, ctx, &mut summaries)?;
    Ok(Applied {
        profile: new_profile,
        summaries,
        sections: after,
    })
}

/// Refuses the batch when a value it wrote raises a plausibility warning that no
/// [`Edit::Confirm`] of the batch covers; records one `confirm` summary per confirmed warning.
fn confirm_warnings(
    profile: &Profile,
    edits: &[Edit],
    ctx: ValidationContext,
    summaries: &mut Vec<EditSummary>,
) -> Result<()> {
    // An empty prefix (a confirmed merge patch) covers every path.
    let under = |path: &str, prefix: &str| {
        prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}."))
    };
    let written: Vec<String> = summaries
        .iter()
        .filter(|s| matches!(s.op.as_str(), "set" | "add"))
        .map(|s| s.path.clone())
        .collect();
    let raised: Vec<Warning> = plausible::warnings(profile, ctx.today)
        .into_iter()
        .filter(|w| written.iter().any(|p| under(&w.path, p)))
        .collect();
    let confirms: Vec<&str> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::Confirm { path } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    let (confirmed, unconfirmed): (Vec<Warning>, Vec<Warning>) = raised
        .into_iter()
        .partition(|w| confirms.iter().any(|c| under(&w.path, c)));
    if !unconfirmed.is_empty() {
        return Err(Error::NeedsConfirmation(unconfirmed));
    }
    for w in confirmed {
        summaries.push(EditSummary {
            op: "confirm".into(),
            path: w.path,
        });
    }
    Ok(())
}

/// Reads a profile from JSON; the error names the field and the rule, never the value.
pub fn from_json(json: Value) -> Result<Profile> {
    typed_from_json(json, "")
}

/// Reads any typed value from JSON found at `prefix`; errors name the full field path.
pub(crate) fn typed_from_json<T: serde::de::DeserializeOwned>(json: Value, prefix: &str) -> Result<T> {
    serde_path_to_error::deserialize(json).map_err(|e| {
        let inner = e.path().to_string();
        let field = match (prefix, inner.as_str()) {
            (p, ".") => p.to_owned(),
            ("", i) => i.to_owned(),
            (p, i) => format!("{p}.{i}"),
        };
        Error::invalid(field, sanitize_serde_message(&e.inner().to_string()))
    })
}

/// Keeps the rule of a serde message and drops any echoed value.
fn sanitize_serde_message(msg: &str) -> String {
    if let Some(pos) = msg.find(", expected ") {
        let expected = &msg[pos + 2..];
        if msg.starts_with("unknown field") {
            return format!("unknown field; {expected}");
        }
        return expected.to_owned();
    }
    if msg.starts_with("missing field") || msg.starts_with("must be") {
        return msg.to_owned();
    }
    if msg.starts_with("unknown field") {
        // "unknown field `x`, expected one of …" is handled above; bare form names only the key.
        return "unknown field".to_owned();
    }
    "invalid value".to_owned()
}

fn order_of(v: &Value) -> Option<f64> {
    v.get("order").and_then(Value::as_f64)
}

fn split_path(path: &str) -> Result<Vec<&str>> {
    let segs: Vec<&str> = path.split('.').collect();
    if path.is_empty() || segs.iter().any(|s| s.is_empty()) {
        return Err(Error::BadEdit {
            path: path.into(),
            reason: "a path is dot-separated names",
        });
    }
    Ok(segs)
}

/// Sets a value at a dotted path. Intermediate groups that are `null` (an optional group not
/// filled yet) are created; any other missing name is an unknown field or id.
fn set_path(root: &mut Value, path: &str, value: Value) -> Result<()> {
    let segs = split_path(path)?;
    let unknown = || Error::UnknownPath { path: path.into() };
    let mut cur = root;
    let mut created = false;
    for (i, seg) in segs.iter().enumerate() {
        if cur.is_null() {
            *cur = Value::Object(Map::new());
            created = true;
        }
        let Value::Object(map) = cur else {
            return Err(unknown());
        };
        let last = i + 1 == segs.len();
        if !map.contains_key(*seg) && !created {
            return Err(unknown());
        }
        if last {
            map.insert((*seg).to_owned(), value);
            return Ok(());
        }
        cur = map.entry((*seg).to_owned()).or_insert(Value::Null);
    }
    Err(unknown())
}

fn collection_mut<'a>(root: &'a mut Value, path: &str) -> Result<&'a mut Map<String, Value>> {
    let segs = split_path(path)?;
    let mut cur = root;
    for seg in segs {
        cur = cur
            .get_mut(seg)
            .ok_or_else(|| Error::UnknownPath { path: path.into() })?;
    }
    match cur {
        Value::Object(m) if crate::model::is_keyed_map(path) => Ok(m),
        _ => Err(Error::BadEdit {
            path: path.into(),
            reason: "not a collection",
        }),
    }
}

/// RFC 7396 JSON Merge Patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in patch_map {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

fn place_new_entities(before: &Value, after: &mut Value) {
    for (path, _) in crate::model::COLLECTIONS {
        let get = |v: &Value| -> Option<Map<String, Value>> {
            let mut cur = v;
            for seg in path.split('.') {
                cur = cur.get(seg)?;
            }
            cur.as_object().cloned()
        };
        let old = get(before).unwrap_or_default();
        let Some(coll) = path
            .split('.')
            .try_fold(&mut *after, |cur, seg| cur.get_mut(seg))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let mut last = coll.values().filter_map(order_of).fold(0.0_f64, f64::max);
        for (id, entity) in coll.iter_mut() {
            if !old.contains_key(id)
                && let Value::Object(fields) = entity
                && !fields.contains_key("order")
            {
                last += 1.0;
                fields.insert("order".into(), Value::from(last));
            }
        }
    }
}

/// Lists the leaf paths that differ between two JSON trees.
fn diff_paths(before: &Value, after: &Value, prefix: &mut String, out: &mut Vec<EditSummary>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let len = prefix.len();
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(k);
                match b.get(k) {
                    Some(vb) => diff_paths(va, vb, prefix, out),
                    None => out.push(EditSummary {
                        op: "remove".into(),
                        path: prefix.clone(),
                    }),
                }
                prefix.truncate(len);
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(EditSummary {
                    op: "add".into(),
                    path: p,
                });
            }
        }
        (a, b) if a == b => {}
        (_, Value::Null) => out.push(EditSummary {
            op: "clear".into(),
            path: prefix.clone(),
        }),
        _ => out.push(EditSummary {
            op: "set".into(),
            path: prefix.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396_examples() {
        let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut t, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(t, json!({"a": "z", "c": {"d": "e"}}));
        let mut t = json!({"a": ["b"]});
        merge_patch(&mut t, &json!({"a": "c"}));
        assert_eq!(t, json!({"a": "c"}));
        let mut t = json!({"a": "foo"});
        merge_patch(&mut t, &json!({"a": null}));
        assert_eq!(t, json!({}));
    }

    #[test]
    fn serde_messages_never_echo_values() {
        assert_eq!(
            sanitize_serde_message("invalid type: string \"secret\", expected f64"),
            "expected f64"
        );
        assert_eq!(
            sanitize_serde_message("something \"secret\" odd"),
            "invalid value"
        );
        assert_eq!(
            sanitize_serde_message("must be one of: a, b"),
            "must be one of: a, b"
        );
    }
}
