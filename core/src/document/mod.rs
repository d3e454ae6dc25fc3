//! One child's profile as an automerge document, mapped to the typed [`Profile`] with autosurgeon.
//!
//! [`ProfileDoc`] keeps the document and its hydrated profile side by side. Edits go through
//! [`edit::apply_edits`] (typed, validated, atomic) and only the top-level sections that changed
//! are reconciled, so autosurgeon writes just the changed scalars. Every change carries the
//! author's display name and the edit summaries in its message, and the time in its timestamp;
//! the actor id is the device's. [`history`] reads them back.

pub mod changes;
pub mod edit;
pub mod history;
pub mod members;
pub mod review;
mod sections;
mod touched;

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
    provenance: history::ProvenanceCache,
    /// Whether the document has concurrent values, at the heads it was worked out for: the
    /// walk reads every field, and each view and the QR of one card ask it again.
    conflicts: Option<(Vec<ChangeHash>, bool)>,
    /// [`ProfileDoc::change_log`] at the heads it was read for: each view (each language of a
    /// card) and the QR scan it for values saved over a warning.
    log: Option<(Vec<ChangeHash>, Vec<history::HistoryEntry>)>,
}

/// Reads provenance from a document whose profile is borrowed beside it
/// ([`ProfileDoc::profile_and_provenance`]).
pub(crate) struct ProvenanceReader<'a> {
    doc: &'a mut AutoCommit,
    cache: &'a mut history::ProvenanceCache,
}

impl ProvenanceReader<'_> {
    /// [`ProfileDoc::provenance`].
    pub(crate) fn provenance(&mut self, path: &str) -> Result<Option<history::Provenance>> {
        history::provenance(self.doc, self.cache, path)
    }
}

impl ProfileDoc {
    /// A new document holding `profile`, written by `actor`. The profile is validated first.
    pub fn create(actor: ActorId, profile: &Profile, ctx: &EditContext) -> Result<Self> {
        Self::create_inner(actor, profile, ctx, None)
    }

    /// A new document holding `profile`, written by `actor`, whose first change also names the
    /// creating device `device` (`name`, `role`: see [`ProfileDoc::set_device_card`]).
    pub fn create_named(
        actor: ActorId,
        profile: &Profile,
        ctx: &EditContext,
        device: &str,
        name: &str,
        role: Option<&str>,
    ) -> Result<Self> {
        let role = role.and_then(members::parse_role);
        members::check(name.trim(), role.as_deref())?;
        let card = members::DeviceCard {
            name: name.trim().to_owned(),
            role,
            actor: actor.to_hex_string(),
        };
        Self::create_inner(actor, profile, ctx, Some((device, card)))
    }

    fn create_inner(
        actor: ActorId,
        profile: &Profile,
        ctx: &EditContext,
        card: Option<(&str, members::DeviceCard)>,
    ) -> Result<Self> {
        let mut profile = profile.clone();
        profile.schema = SCHEMA_VERSION;
        // Round-trip through JSON so a profile built in code meets the same rules as one from a file.
        let json =
            serde_json::to_value(&profile).map_err(|_| Error::NotAProfile("profile is not serializable"))?;
        let mut profile = edit::from_json(json)?;
        for (_, device) in profile.devices.iter_mut() {
            device.settings.ensure_group(device.kind);
        }
        profile.validate(ctx.validation)?;
        let mut doc = AutoCommit::new().with_actor(actor);
        autosurgeon::reconcile(&mut doc, &profile)?;
        // The device cards' map exists from the first change, so devices naming themselves
        // later all write into this one map (see `members`).
        members::members_map(&mut doc)?;
        let mut ops = vec![EditSummary {
            op: "create".into(),
            path: String::new(),
        }];
        if let Some((device, card)) = card {
            members::put_card(&mut doc, device, &card)?;
            ops.push(EditSummary {
                op: "name_device".into(),
                path: format!("{}.{device}", members::ROOT_KEY),
            });
        }
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops,
        };
        commit(&mut doc, &meta, ctx.now);
        Ok(Self {
            doc,
            profile,
            provenance: Default::default(),
            conflicts: Default::default(),
            log: None,
        })
    }

    /// Loads a saved document (a snapshot plus any incremental chunks, concatenated) and reads
    /// the profile out of it. Later local edits are written as `actor`.
    pub fn load(bytes: &[u8], actor: ActorId) -> Result<Self> {
        let doc = untrusted(|| AutoCommit::load(bytes))
            .and_then(|r| r.ok())
            .ok_or(Error::NotAProfile("not an automerge document"))?;
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
        Ok(Self {
            doc,
            profile,
            provenance: Default::default(),
            conflicts: Default::default(),
            log: None,
        })
    }

    /// The typed profile as the document holds it now.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The underlying automerge document (read-only).
    pub fn automerge(&self) -> &AutoCommit {
        &self.doc
    }

    /// Time of the newest change (the latest of the heads), milliseconds since the epoch.
    pub fn last_change_millis(&mut self) -> Option<i64> {
        let heads = self.doc.get_heads();
        heads
            .iter()
            .filter_map(|h| self.doc.get_change_by_hash(h).map(|c| c.timestamp()))
            .max()
    }

    /// Heads of the document.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Applies a batch of edits as one change. Returns the change's hash, or `None` when the
    /// edits change nothing. On any error the document and profile are untouched.
    pub fn apply(&mut self, edits: &[Edit], ctx: &EditContext) -> Result<Option<ChangeHash>> {
        let applied = edit::apply_edits(&self.profile, edits, ctx.validation)?;
        if applied.profile == self.profile {
            return Ok(None);
        }
        if let Err(e) = self.write(edits, &applied) {
            self.doc.rollback();
            return Err(e);
        }
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops: applied.summaries,
        };
        let hash = commit(&mut self.doc, &meta, ctx.now);
        self.profile = applied.profile;
        #[cfg(test)]
        {
            let hydrated: Profile = autosurgeon::hydrate(&self.doc).expect("document hydrates");
            assert_eq!(hydrated, self.profile, "document and typed profile diverged");
        }
        Ok(hash)
    }

    /// Writes the new state into the document. Scalar `Set`s are written in place (a few
    /// microseconds); anything else reconciles the touched sections, where autosurgeon compares
    /// every field (milliseconds for a large section).
    fn write(&mut self, edits: &[Edit], applied: &edit::Applied) -> Result<()> {
        let mut slow: Vec<String> = Vec::new();
        for e in edits {
            match e {
                Edit::Set { path, .. } => {
                    if !self.put_scalar(path, &applied.sections)? {
                        slow.push(path.split('.').next().unwrap_or_default().to_owned());
                    }
                }
                // A confirmation writes nothing but its line in the change message.
                Edit::Confirm { .. } => {}
                // Not a plain Set: every touched section goes the typed way.
                _ => slow.extend(applied.sections.keys().cloned()),
            }
        }
        slow.sort_unstable();
        slow.dedup();
        for name in &slow {
            sections::reconcile_if_changed(&mut self.doc, &self.profile, &applied.profile, name)?;
        }
        Ok(())
    }

    /// Writes the new value of a scalar field at `path` directly, when the document already
    /// tells its type: the same scalar autosurgeon would write for the typed value (floats for
    /// quantities, strings for text and codes, `Text` splices for notes, null for cleared).
    /// Returns false when the path needs the typed route (a group, a record stored whole, a
    /// first value whose type the document cannot tell).
    fn put_scalar(
        &mut self,
        path: &str,
        sections: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<bool> {
        use automerge::{ObjType, ReadDoc, ScalarValue, Value as AmValue, transaction::Transactable};
        use serde_json::Value;

        let segs: Vec<&str> = path.split('.').collect();
        let Some((first, rest)) = segs.split_first() else {
            return Ok(false);
        };
        let Some(mut new) = sections.get(*first) else {
            return Ok(false);
        };
        for seg in rest {
            match new.get(seg) {
                Some(v) => new = v,
                None => return Ok(false),
            }
        }
        if new.is_object() || new.is_array() {
            return Ok(false);
        }
        let Some((leaf, parents)) = segs.split_last() else {
            return Ok(false);
        };
        let mut obj = automerge::ROOT;
        for seg in parents {
            match self.doc.get(&obj, *seg)? {
                Some((AmValue::Object(ObjType::Map), id)) => obj = id,
                _ => return Ok(false),
            }
        }
        let current = self.doc.get(&obj, *leaf)?;
        let scalar: ScalarValue = match (&current, new) {
            (Some((AmValue::Object(ObjType::Text), text)), Value::String(s)) => {
                let text = text.clone();
                self.doc.update_text(&text, s)?;
                return Ok(true);
            }
            (_, Value::Null) => ScalarValue::Null,
            (Some((AmValue::Object(_), _)), _) => return Ok(false),
            (_, Value::Bool(b)) => ScalarValue::Boolean(*b),
            (_, Value::Number(n)) if n.is_f64() => ScalarValue::F64(n.as_f64().unwrap_or_default()),
            (Some((AmValue::Scalar(c), _)), Value::Number(n)) => match (c.as_ref(), n.as_i64(), n.as_u64()) {
                (ScalarValue::Int(_), Some(i), _) => ScalarValue::Int(i),
                (ScalarValue::Uint(_), _, Some(u)) => ScalarValue::Uint(u),
                _ => return Ok(false),
            },
            (Some((AmValue::Scalar(c), _)), Value::String(s))
                if matches!(c.as_ref(), ScalarValue::Str(_)) =>
            {
                ScalarValue::Str(s.as_str().into())
            }
            _ => return Ok(false),
        };
        let unchanged = matches!(&current, Some((AmValue::Scalar(c), _)) if c.as_ref() == &scalar);
        if !unchanged {
            self.doc.put(&obj, *leaf, scalar)?;
        }
        Ok(true)
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
        use automerge::{AutomergeError, LoadOptions, OnPartialLoad, ReadDoc};
        if bytes.is_empty() {
            return Ok(0);
        }
        // Refuse anything automerge would only partly read (garbage, a truncated tail): a strict
        // parse on its own must get to the end. Changes that depend on this document's history
        // stop it only at "missing dependencies", after the whole input was read.
        let strict = untrusted(|| {
            AutoCommit::load_with_options(bytes, LoadOptions::new().on_partial_load(OnPartialLoad::Error))
                .map(drop)
        });
        match strict {
            Some(Ok(()) | Err(AutomergeError::MissingDeps)) => {}
            Some(Err(_)) | None => return Err(Error::NotAProfile("not complete automerge changes")),
        }
        let actor = self.doc.get_actor().clone();
        let before = self.doc.get_heads();
        let mut candidate = self.doc.fork().with_actor(actor);
        untrusted(|| candidate.load_incremental(bytes))
            .and_then(|r| r.ok())
            .ok_or(Error::NotAProfile("not automerge changes"))?;
        if !candidate.get_missing_deps(&[]).is_empty() {
            return Err(Error::NotAProfile(
                "changes depend on history this device does not have",
            ));
        }
        // `load_incremental` counts operations; what callers want is changes they did not have.
        let new_changes = candidate.get_changes_meta(&before);
        // Every profile has exactly one first change (no dependencies): another one means the
        // bytes are another child's document, which must never be merged into this one.
        if new_changes.iter().any(|c| c.deps.is_empty()) {
            return Err(Error::NotAProfile("changes belong to another profile"));
        }
        let added = new_changes.len();
        // Read again only the parts of the profile the new changes wrote (the whole profile when
        // one cannot be placed); refused as a whole hydration would refuse it.
        let Some(roots) = touched::roots(&mut candidate, &before) else {
            let merged = Self::from_doc(candidate)?;
            self.doc = merged.doc;
            self.profile = merged.profile;
            return Ok(added);
        };
        let mut profile = self.profile.clone();
        touched::rehydrate(&candidate, &mut profile, &roots)
            .map_err(|_| Error::NotAProfile("not a Tsunagu profile document"))?;
        if profile.schema == 0 {
            return Err(Error::NotAProfile("not a Tsunagu profile document"));
        }
        if profile.schema > SCHEMA_VERSION {
            return Err(Error::NotAProfile("written by a newer version of Tsunagu"));
        }
        self.doc = candidate;
        self.profile = profile;
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
            provenance: Default::default(),
            conflicts: Default::default(),
            log: None,
        }
    }

    /// The device cards (display name, role, actor) written into this document, by device id.
    pub fn device_cards(&self) -> std::collections::BTreeMap<String, members::DeviceCard> {
        members::cards(&self.doc)
    }

    /// The newest change time (Unix ms) of every actor, by actor hex: when each device last
    /// changed something that this replica has.
    pub fn last_change_by_actor(&mut self) -> std::collections::BTreeMap<String, i64> {
        members::last_change_by_actor(&mut self.doc)
    }

    /// Checks a display name and role as [`ProfileDoc::set_device_card`] would, without writing.
    pub fn check_device_name(name: &str, role: Option<&str>) -> Result<()> {
        let role = role.and_then(members::parse_role);
        members::check(name.trim(), role.as_deref())
    }

    /// Writes this replica's device card: `device` (its sync id) is called `name`, with `role`
    /// (a known role's label or code, or free text; see [`members::parse_role`]), and writes
    /// under this document's actor. One change, recorded as by `name`; `None` when the card was
    /// already exactly that.
    pub fn set_device_card(
        &mut self,
        device: &str,
        name: &str,
        role: Option<&str>,
        ctx: &EditContext,
    ) -> Result<Option<ChangeHash>> {
        let name = name.trim();
        let role = role.and_then(members::parse_role);
        members::check(name, role.as_deref())?;
        let card = members::DeviceCard {
            name: name.to_owned(),
            role,
            actor: self.doc.get_actor().to_hex_string(),
        };
        if self.device_cards().get(device) == Some(&card) {
            return Ok(None);
        }
        if let Err(e) = members::put_card(&mut self.doc, device, &card) {
            self.doc.rollback();
            return Err(e);
        }
        let meta = ChangeMeta {
            v: 1,
            by: card.name,
            ops: vec![EditSummary {
                op: "name_device".into(),
                path: format!("{}.{device}", members::ROOT_KEY),
            }],
        };
        Ok(commit(&mut self.doc, &meta, ctx.now))
    }

    /// The change log, newest first, each change with its old → new values.
    pub fn history(&mut self) -> Vec<history::HistoryEntry> {
        history::history(&mut self.doc, true)
    }

    /// The change log, newest first, without the old → new values (`changes` left empty): who,
    /// when and which edits, for callers that count or scan the log (the views' unverified marks,
    /// import and sync counts). Reading the values walks the document as it was before every
    /// change, which made each card's views several times slower.
    pub fn change_log(&mut self) -> Vec<history::HistoryEntry> {
        self.change_log_ref().to_vec()
    }

    /// [`ProfileDoc::change_log`] without a copy, read once per document state.
    pub(crate) fn change_log_ref(&mut self) -> &[history::HistoryEntry] {
        let heads = self.doc.get_heads();
        if self.log.as_ref().is_none_or(|(at, _)| *at != heads) {
            self.log = Some((heads, history::history(&mut self.doc, false)));
        }
        self.log.as_ref().map_or(&[][..], |(_, log)| log.as_slice())
    }

    /// The profile, with a reader of provenance beside it: a view reads both at once, without
    /// a copy of the profile.
    pub(crate) fn profile_and_provenance(&mut self) -> (&Profile, ProvenanceReader<'_>) {
        (
            &self.profile,
            ProvenanceReader {
                doc: &mut self.doc,
                cache: &mut self.provenance,
            },
        )
    }

    /// Who last changed the field or entity at `path`, and when.
    pub fn provenance(&mut self, path: &str) -> Result<Option<history::Provenance>> {
        history::provenance(&mut self.doc, &mut self.provenance, path)
    }

    /// Fields left with concurrent values by a merge, each with every value, its author and
    /// time: what `tsunagu review` lists and the views mark as "values differ — check".
    pub fn review_items(&mut self) -> Vec<review::ReviewItem> {
        review::review_items(&mut self.doc)
    }

    /// True when some field has concurrent values waiting for review.
    pub fn has_review_items(&mut self) -> bool {
        let heads = self.doc.get_heads();
        if let Some((at, answer)) = &self.conflicts
            && *at == heads
        {
            return *answer;
        }
        let answer = review::has_conflicts(&self.doc);
        self.conflicts = Some((heads, answer));
        answer
    }

    /// Resolves the review item at `path` by keeping its value number `choice` (an index into
    /// [`review::ReviewItem::values`]): writes that value again as a new change by
    /// `ctx.author`, which supersedes every concurrent value on every replica it reaches.
    /// [`Error::NothingToReview`] when the field has no concurrent values (any more).
    pub fn resolve(&mut self, path: &str, choice: usize, ctx: &EditContext) -> Result<Option<ChangeHash>> {
        use automerge::{ObjType, ReadDoc, Value as AmValue, transaction::Transactable};
        let nothing = || Error::NothingToReview { path: path.into() };
        let segs: Vec<&str> = path.split('.').collect();
        let Some((leaf, parents)) = segs.split_last() else {
            return Err(nothing());
        };
        let mut obj = automerge::ROOT;
        for seg in parents {
            match self.doc.get(&obj, *seg)? {
                Some((AmValue::Object(ObjType::Map), id)) => obj = id,
                _ => return Err(nothing()),
            }
        }
        let all = self.doc.get_all(&obj, *leaf)?;
        if !review::values_differ(&self.doc, &all) {
            return Err(nothing());
        }
        enum Chosen {
            Scalar(automerge::ScalarValue),
            Text(String),
        }
        let chosen = match all.get(choice) {
            None => {
                return Err(Error::InvalidChoice {
                    path: path.into(),
                    choices: all.len(),
                });
            }
            Some((AmValue::Scalar(s), _)) => Chosen::Scalar(s.clone().into_owned()),
            Some((AmValue::Object(ObjType::Text), id)) => Chosen::Text(self.doc.text(id)?),
            Some((AmValue::Object(_), _)) => return Err(nothing()),
        };
        let written = (|| -> Result<()> {
            match chosen {
                Chosen::Scalar(s) => {
                    // automerge skips a put of the value already shown, even with concurrent
                    // values beside it: delete first, so the chosen value is written as a new
                    // operation that supersedes every value this replica has.
                    self.doc.delete(&obj, *leaf)?;
                    self.doc.put(&obj, *leaf, s)?;
                }
                Chosen::Text(text) => {
                    let new = self.doc.put_object(&obj, *leaf, ObjType::Text)?;
                    self.doc.splice_text(&new, 0, 0, &text)?;
                }
            }
            Ok(())
        })();
        let profile = written.and_then(|()| {
            autosurgeon::hydrate::<_, Profile>(&self.doc)
                .map_err(|_| Error::NotAProfile("the chosen value does not read as a profile"))
        });
        let profile = match profile {
            Ok(p) => p,
            Err(e) => {
                self.doc.rollback();
                return Err(e);
            }
        };
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops: vec![EditSummary {
                op: "resolve".into(),
                path: path.into(),
            }],
        };
        let hash = commit(&mut self.doc, &meta, ctx.now);
        self.profile = profile;
        Ok(hash)
    }

    /// Verifies the value at `path` that was saved over a plausibility warning: `ctx.author`, who
    /// is not the person who confirmed it, has checked it. Writes a change that holds no field,
    /// only its op `verify_value` in the change message, so the verification syncs and shows in
    /// the history; the value's "unverified" mark then goes on every replica
    /// ([`crate::form::unverified_confirmations`]). [`Error::NothingToReview`] when no value
    /// at `path` waits for verification; [`Error::BadEdit`] when the author is its confirmer.
    pub fn verify_value(&mut self, path: &str, ctx: &EditContext) -> Result<ChangeHash> {
        let waiting = crate::form::unverified_confirmations(self)?
            .into_iter()
            .find(|c| c.path == path)
            .ok_or_else(|| Error::NothingToReview { path: path.into() })?;
        if waiting.confirmed_by.as_deref() == Some(ctx.author.as_str()) {
            return Err(Error::BadEdit {
                path: path.into(),
                reason: "a value saved over a warning is verified by someone other than who confirmed it",
            });
        }
        let meta = ChangeMeta {
            v: 1,
            by: ctx.author.clone(),
            ops: vec![EditSummary {
                op: "verify_value".into(),
                path: path.into(),
            }],
        };
        let message = serde_json::to_string(&meta).unwrap_or_default();
        Ok(self.doc.empty_change(
            CommitOptions::default()
                .with_message(message)
                .with_time(ctx.now.timestamp_millis()),
        ))
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

/// Runs automerge on bytes from outside (an imported file, a backup, another device's change):
/// automerge 0.12's column decoder (`hexane`) panics on some malformed columns instead of
/// returning an error (found by the `backup` fuzz target, docs/fuzzing.md), so a panic there is
/// a refusal (`None`), never a crash of the app. The panic message names only automerge's
/// decoding error, never profile content.
fn untrusted<T>(parse: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).ok()
}

#[cfg(test)]
mod members_tests;
#[cfg(test)]
mod tests;
