//! [`EditOp`]: the core's typed edit operations (`tsunagu_core::Edit`) as a uniffi enum. Values
//! and entities travel as JSON text, exactly the JSON the core's edit paths and the JSON Schema
//! use; the core checks them (types, units, ranges, code lists) and names the field on error.

use serde_json::Value;
use tsunagu_core::Edit;
use tsunagu_core::model::{Date, Section, VerifierRole};

use crate::error::ApiError;

/// One typed change to a profile. A batch of them is applied as one change, or not at all.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum EditOp {
    /// Set the field at `path` (a scalar or a whole group) to `value_json`; `"null"` clears an
    /// optional field.
    Set {
        /// Dotted path of the field (`devices.dev-vent.settings.ventilator.peep`).
        path: String,
        /// The new value as JSON text (`6`, `"さくら"`, `{"kg": 9.2, "measured_on": "2026-11-01"}`).
        value_json: String,
    },
    /// Add an entity (`entity_json`, a JSON object) to the collection at `collection`, under `id`
    /// or, when `id` is `None`, under a fresh id of the collection's kind. It is placed last.
    Add {
        /// Dotted path of the collection (`devices`, `medications`, `evacuation.helpers`).
        collection: String,
        /// The new entity's id, or `None` for a fresh one.
        id: Option<String>,
        /// The entity as a JSON object.
        entity_json: String,
    },
    /// Remove the entity `id` from `collection`.
    Remove {
        /// Dotted path of the collection.
        collection: String,
        /// Id of the entity.
        id: String,
    },
    /// Move entity `id` before entity `before` (or last when `None`).
    Move {
        /// Dotted path of the collection.
        collection: String,
        /// Id of the entity to move.
        id: String,
        /// Id of the entity it should precede; `None` moves it last.
        before: Option<String>,
    },
    /// Mark `section` as verified by `by` (a display name) in `role` on day `on` (`YYYY-MM-DD`).
    Verify {
        /// The section (`medications`, `devices`…).
        section: String,
        /// Display name of the verifier.
        by: String,
        /// Their role (`doctor`, `nurse`, `coordinator`, `parent`…).
        role: String,
        /// The day, `YYYY-MM-DD`.
        on: String,
    },
    /// Remove the verified mark of `section`.
    Unverify {
        /// The section.
        section: String,
    },
    /// An RFC 7396 JSON Merge Patch over the whole profile, applied as field-level edits.
    Patch {
        /// The patch document, a JSON object.
        patch_json: String,
    },
    /// Confirm an unusual value written in the same batch (the path of an
    /// `ApiError::NeedsConfirmation` warning, or of the entity holding it); recorded in the
    /// history with who and when.
    Confirm {
        /// Concrete dotted path.
        path: String,
    },
}

fn json(field: &str, text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::bad_json(field, &e))
}

/// A code-list value (section, role) or a date, read the way the core reads it from JSON. The
/// error names the field and the expected form only.
fn code<T: serde::de::DeserializeOwned>(field: &str, text: &str, expected: &str) -> Result<T, ApiError> {
    serde_json::from_value(Value::String(text.to_owned())).map_err(|_| ApiError::invalid(field, expected))
}

impl EditOp {
    /// The core's edit.
    pub(crate) fn into_core(self) -> Result<Edit, ApiError> {
        Ok(match self {
            EditOp::Set { path, value_json } => Edit::Set {
                value: json(&path, &value_json)?,
                path,
            },
            EditOp::Add {
                collection,
                id,
                entity_json,
            } => {
                let id = match id {
                    Some(id) => id,
                    None => {
                        tsunagu_core::model::new_id_for(&collection).ok_or_else(|| ApiError::BadEdit {
                            path: collection.clone(),
                            reason: "not a collection".into(),
                        })?
                    }
                };
                Edit::Add {
                    entity: json(&collection, &entity_json)?,
                    collection,
                    id,
                }
            }
            EditOp::Remove { collection, id } => Edit::Remove { collection, id },
            EditOp::Move {
                collection,
                id,
                before,
            } => Edit::Move {
                collection,
                id,
                before,
            },
            EditOp::Verify {
                section,
                by,
                role,
                on,
            } => Edit::Verify {
                section: code::<Section>("section", &section, "unknown section")?,
                by,
                role: code::<VerifierRole>("role", &role, "unknown verifier role")?,
                on: code::<Date>("on", &on, "expected a date YYYY-MM-DD")?,
            },
            EditOp::Unverify { section } => Edit::Unverify {
                section: code::<Section>("section", &section, "unknown section")?,
            },
            EditOp::Patch { patch_json } => Edit::Patch {
                patch: json("", &patch_json)?,
            },
            EditOp::Confirm { path } => Edit::Confirm { path },
        })
    }
}
