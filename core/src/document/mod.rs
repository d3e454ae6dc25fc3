//! One child's profile as an automerge document, mapped to the typed [`Profile`] with autosurgeon.
//!
//! [`ProfileDoc`] keeps the document and its hydrated profile side by side. Edits go through
//! [`edit::apply_edits`] (typed, validated, atomic) and only the top-level sections that changed
//! are reconciled, so autosurgeon writes just the changed scalars. Every change carries the
//! author's display name and the edit summaries in its message, and the time in its timestamp;
//! the actor id is the device's. [`history`] reads them back.

pub mod edit;
pub mod history;

use automerge::{ActorId, AutoCommit, ChangeHash, transaction::CommitOptions};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Profile, SCHEMA_VERSION, ValidationContext};
use edit::{Edit, EditSummary};

/// Who makes an edit and when.
#[derive(Debug, Clone)]
pub struct EditContext {
    /// Display name of the person editing ("母 山田花子", "コーディネーター 佐藤").
    pub author: String,
    /// The time recorded on the change.
    pub now: DateTime<Utc>,
    /// Validation context (today's date).
    pub validation: ValidationContext,
}

impl EditContext {
    /// An edit by `author`, now.
    pub fn now(author: impl Into<String>) -> Self {
        Self {
            author: author.into(),
            now: Utc::now(),
            validation: ValidationContext::now(),
        }
    }
}

/// The message stored on every change: who, and what in outline (paths, never values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeMeta {
    /// Format version of this message.
    pub v: u32,
    /// Display name of the author.
    pub by: String,
    /// What the change did.
    pub ops: Vec<EditSummary>,
}

impl ChangeMeta {
    /// Parses a change message written by [`ProfileDoc`]; `None` for anything else.
    pub fn parse(message: &str) -> Option<Self> {
        serde_json::from_str(message).ok()
    }
}

/// A profile document and its typed view.
#[derive(Debug)]
pub struct ProfileDoc {
    doc: AutoCommit,
    profile: Profile,
}

macro_rules! reconcile_changed {
    ($doc:expr, $old:expr, $new:expr, [$($field:ident),+ $(,)?]) => {{
        $(
            if $old.$field != $new.$field {
                autosurgeon::reconcile_prop($doc, automerge::ROOT, stringify!($field), &$new.$field)?;
            }
        )+
    }};
}

impl ProfileDoc {
    /// A new document holding `profile`, written by `actor`. The profile is validated first.
    pub fn create(actor: ActorId, profile: &Profile, ctx: &EditContext) -> Result<Self> {
        let mut profile = profile.clone();
        profile.schema = SCHEMA_VERSION;
        // Round-trip through JSON so a profile built in code meets the same rules as one from a file.
        let json =
            serde_json::to_value(&profile).map_err(|_| Error::NotAProfile("profile is not serializable"))?;
        let profile = edit::from_json(json)?;
        profile.validate(ctx.validation)?;
        let mut doc = AutoCommit::new().with_actor(actor);
        autosurgeon::reconcile(&mut doc, &profile)?;
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops: vec![EditSummary {
                op: "create".into(),
                path: String::new(),
            }],
        };
        commit(&mut doc, &meta, ctx.now);
        Ok(Self { doc, profile })
    }

    /// Loads a saved document (a snapshot plus any incremental chunks, concatenated) and reads
    /// the profile out of it. Later local edits are written as `actor`.
    pub fn load(bytes: &[u8], actor: ActorId) -> Result<Self> {
        let doc = AutoCommit::load(bytes).map_err(|_| Error::NotAProfile("not an automerge document"))?;
        Self::from_doc(doc.with_actor(actor))
    }

    fn from_doc(doc: AutoCommit) -> Result<Self> {
        let profile: Profile =
            autosurgeon::hydrate(&doc).map_err(|_| Error::NotAProfile("not a Tsunagu profile document"))?;
        if profile.schema == 0 {
            return Err(Error::NotAProfile("not a Tsunagu profile document"));
        }
        if profile.schema > SCHEMA_VERSION {
            return Err(Error::NotAProfile("written by a newer version of Tsunagu"));
        }
        Ok(Self { doc, profile })
    }

    /// The typed profile as the document holds it now.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The underlying automerge document (read-only).
    pub fn automerge(&self) -> &AutoCommit {
        &self.doc
    }

    /// Heads of the document.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Applies a batch of edits as one change. Returns the change's hash, or `None` when the
    /// edits change nothing. On any error the document and profile are untouched.
    pub fn apply(&mut self, edits: &[Edit], ctx: &EditContext) -> Result<Option<ChangeHash>> {
        let (new, ops) = edit::apply_edits(&self.profile, edits, ctx.validation)?;
        if new == self.profile {
            return Ok(None);
        }
        if let Err(e) = self.reconcile(&new) {
            self.doc.rollback();
            return Err(e);
        }
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops,
        };
        let hash = commit(&mut self.doc, &meta, ctx.now);
        self.profile = new;
        Ok(hash)
    }

    fn reconcile(&mut self, new: &Profile) -> Result<()> {
        let old = &self.profile;
        let doc = &mut self.doc;
        reconcile_changed!(
            doc,
            old,
            new,
            [
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
            ]
        );
        Ok(())
    }

    /// The changes made after `heads`, as bytes to append to the store.
    pub fn changes_after(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        self.doc.save_after(heads)
    }

    /// The whole document, compacted.
    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// Merges changes from another replica (a saved document or change chunks). The result must
    /// still read as a profile; if it does not, nothing is merged. Returns how many changes
    /// were new.
    pub fn merge_bytes(&mut self, bytes: &[u8]) -> Result<usize> {
        let actor = self.doc.get_actor().clone();
        let before = self.doc.get_heads();
        let mut candidate = self.doc.fork().with_actor(actor);
        candidate
            .load_incremental(bytes)
            .map_err(|_| Error::NotAProfile("not automerge changes"))?;
        // `load_incremental` counts operations; what callers want is changes they did not have.
        let added = candidate.get_changes_meta(&before).len();
        let merged = Self::from_doc(candidate)?;
        self.doc = merged.doc;
        self.profile = merged.profile;
        Ok(added)
    }

    /// Merges another in-memory replica.
    pub fn merge(&mut self, other: &mut ProfileDoc) -> Result<usize> {
        let bytes = other.doc.save();
        self.merge_bytes(&bytes)
    }

    /// A copy of this replica that writes as `actor` (another device).
    pub fn fork(&mut self, actor: ActorId) -> ProfileDoc {
        ProfileDoc {
            doc: self.doc.fork().with_actor(actor),
            profile: self.profile.clone(),
        }
    }

    /// The change log, newest first.
    pub fn history(&mut self) -> Vec<history::HistoryEntry> {
        history::history(&mut self.doc)
    }

    /// Who last changed the field or entity at `path`, and when.
    pub fn provenance(&mut self, path: &str) -> Result<Option<history::Provenance>> {
        history::provenance(&mut self.doc, path)
    }
}

fn commit(doc: &mut AutoCommit, meta: &ChangeMeta, now: DateTime<Utc>) -> Option<ChangeHash> {
    let message = serde_json::to_string(meta).unwrap_or_default();
    doc.commit_with(
        CommitOptions::default()
            .with_message(message)
            .with_time(now.timestamp_millis()),
    )
}

#[cfg(test)]
mod tests;
