//! Per-section access to the profile by name: to JSON, from JSON (typed, with errors naming the
//! field) and into the document. Edits work on the sections they touch, not the whole profile.

use serde_json::Value;

use super::edit::typed_from_json;
use crate::error::{Error, Result};
use crate::model::Profile;

macro_rules! sections {
    ($($field:ident),+ $(,)?) => {
        /// The JSON of section `name`; `None` when there is no such section.
        pub(crate) fn to_json(p: &Profile, name: &str) -> Option<Value> {
            match name {
                $(stringify!($field) => serde_json::to_value(&p.$field).ok(),)+
                _ => None,
            }
        }

        /// Replaces section `name` with `value`, read through serde.
        pub(crate) fn from_json(p: &mut Profile, name: &str, value: Value) -> Result<()> {
            match name {
                $(stringify!($field) => p.$field = typed_from_json(value, name)?,)+
                _ => return Err(Error::UnknownPath { path: name.to_owned() }),
            }
            Ok(())
        }

        /// Reconciles section `name` of `p` into the document when it differs from `old`.
        pub(crate) fn reconcile_if_changed(
            doc: &mut automerge::AutoCommit,
            old: &Profile,
            p: &Profile,
            name: &str,
        ) -> Result<()> {
            match name {
                $(stringify!($field) => if old.$field != p.$field {
                    autosurgeon::reconcile_prop(doc, automerge::ROOT, name, &p.$field)?;
                },)+
                _ => return Err(Error::UnknownPath { path: name.to_owned() }),
            }
            Ok(())
        }
    };
}

sections!(
    schema,
    child,
    diagnoses,
    avoid,
    devices,
    routines,
    medications,
    allergies,
    contacts,
    care_team,
    power_registration,
    baseline,
    emergency_actions,
    evacuation,
    power_sources,
    stock,
    consents,
    verifications,
);
