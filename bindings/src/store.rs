//! [`TsunaguStore`]: the app's handle on the profiles stored on this device, wrapping the core's
//! `ProfileStore` (one SQLite file, every edit durable before the call returns). Store calls do
//! file I/O: apps call them off the UI thread (the Kotlin and Swift wrappers do).

use std::sync::{Arc, Mutex, MutexGuard};

use tsunagu_core::document::changes::ValueChange;
use tsunagu_core::document::history::{HistoryEntry, Provenance};
use tsunagu_core::document::members::DeviceCard;
use tsunagu_core::store::{ImportOutcome, ProfileSummary};
use tsunagu_core::{EditContext, EditSummary, ProfileStore};

use crate::edit::EditOp;
use crate::error::ApiError;

/// A row of the profile list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProfileListItem {
    /// Profile id (`p-…`).
    pub id: String,
    /// Child's name, if recorded.
    pub name: Option<String>,
    /// Kana reading of the name, if recorded.
    pub name_kana: Option<String>,
    /// Time of the newest change (local or merged), milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

impl From<ProfileSummary> for ProfileListItem {
    fn from(s: ProfileSummary) -> Self {
        Self {
            id: s.id,
            name: s.name,
            name_kana: s.name_kana,
            updated_at_ms: s.updated_at,
        }
    }
}

/// What one change did, in outline: the kind of operation and the path (never the value).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChangeOp {
    /// `set`, `clear`, `add`, `remove`, `move`, `verify`, `unverify`, `create`, `import`…
    pub op: String,
    /// Dotted path it touched (empty for a whole-profile operation).
    pub path: String,
}

impl From<EditSummary> for ChangeOp {
    fn from(s: EditSummary) -> Self {
        Self {
            op: s.op,
            path: s.path,
        }
    }
}

/// One change in a profile's history.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HistoryItem {
    /// Change hash, hex.
    pub hash: String,
    /// Device (automerge actor) that made it, hex.
    pub actor: String,
    /// Display name of the author, when recorded.
    pub author: Option<String>,
    /// When it was made, milliseconds since the Unix epoch, when recorded.
    pub at_ms: Option<i64>,
    /// What it did.
    pub ops: Vec<ChangeOp>,
    /// The values it replaced (fields set or cleared, entities added or removed).
    pub changes: Vec<ValueChangeItem>,
}

impl From<HistoryEntry> for HistoryItem {
    fn from(h: HistoryEntry) -> Self {
        Self {
            hash: h.hash,
            actor: h.actor,
            author: h.author,
            at_ms: h.at.map(|t| t.0.timestamp_millis()),
            ops: h.ops.into_iter().map(ChangeOp::from).collect(),
            changes: h.changes.into_iter().map(Into::into).collect(),
        }
    }
}

/// A value a change replaced: old and new as JSON (`null` when there was none).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ValueChangeItem {
    /// Dotted path (`devices.dev-vent.settings.ventilator.peep`, `medications.med-1`).
    pub path: String,
    /// The value before, as JSON.
    pub old_json: String,
    /// The value after, as JSON.
    pub new_json: String,
}

impl From<ValueChange> for ValueChangeItem {
    fn from(v: ValueChange) -> Self {
        Self {
            path: v.path,
            old_json: v.old.to_string(),
            new_json: v.new.to_string(),
        }
    }
}

/// This device's card in a profile: how the other members see it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceNameInfo {
    /// Display name.
    pub name: String,
    /// Role: a known role's code (`mother`, `visiting_nurse`…) or free text.
    pub role: Option<String>,
}

impl From<DeviceCard> for DeviceNameInfo {
    fn from(c: DeviceCard) -> Self {
        Self {
            name: c.name,
            role: c.role,
        }
    }
}

/// The context of an app's edit of profile `id`: refused with `DeviceNameMissing` while this
/// device has no name for the profile; `author` (the person at the phone) is recorded when
/// given, else the device's name.
pub(crate) fn named_context(
    store: &mut ProfileStore,
    id: &str,
    author: String,
) -> Result<EditContext, ApiError> {
    let mut ctx = store.named_edit_context(id)?;
    if !author.trim().is_empty() {
        ctx.author = author.trim().to_owned();
    }
    Ok(ctx)
}

/// Who last changed a field or entity, and when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProvenanceInfo {
    /// Display name of the author, when recorded.
    pub author: Option<String>,
    /// Device (automerge actor), hex.
    pub actor: String,
    /// When, milliseconds since the Unix epoch, when recorded.
    pub at_ms: Option<i64>,
    /// The change, hex.
    pub change: String,
}

impl From<Provenance> for ProvenanceInfo {
    fn from(p: Provenance) -> Self {
        Self {
            author: p.author,
            actor: p.actor,
            at_ms: p.at.map(|t| t.0.timestamp_millis()),
            change: p.change,
        }
    }
}

/// What importing an export file did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportResult {
    /// Id of the imported profile.
    pub id: String,
    /// True when the profile was new on this device; false when it was merged.
    pub created: bool,
    /// Changes that were new on this device.
    pub new_changes: u64,
}

impl From<ImportOutcome> for ImportResult {
    fn from(o: ImportOutcome) -> Self {
        Self {
            id: o.id,
            created: o.created,
            new_changes: o.new_changes as u64,
        }
    }
}

/// The profiles on this device: one SQLite file holding every child's profile. Thread-safe;
/// calls are serialized on the one connection.
#[derive(Debug, uniffi::Object)]
pub struct TsunaguStore {
    pub(crate) inner: Arc<Mutex<ProfileStore>>,
}

impl TsunaguStore {
    /// Creates `profile` by `author` and names this device `author` in it (when not blank).
    fn create(&self, profile: &tsunagu_core::model::Profile, author: String) -> Result<String, ApiError> {
        let mut store = self.lock()?;
        let ctx = EditContext::now(author.trim());
        if author.trim().is_empty() {
            return Ok(store.create_profile(profile, &ctx)?);
        }
        Ok(store.create_named_profile(profile, &ctx, &author, None)?)
    }

    /// The core store, locked for one call.
    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, ProfileStore>, ApiError> {
        lock_store(&self.inner)
    }
}

/// The store behind `store`'s lock; a lock poisoned by an earlier panic is an `Internal` error
/// (every object sharing the store goes through here: the store, sync and share links).
pub(crate) fn lock_store(store: &Mutex<ProfileStore>) -> Result<MutexGuard<'_, ProfileStore>, ApiError> {
    store
        .lock()
        .map_err(|_| ApiError::internal("the store was poisoned by an earlier failure; reopen it"))
}

#[uniffi::export]
impl TsunaguStore {
    /// Opens the store file at `path`, creating it (and migrating an older one) if needed.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, ApiError> {
        let store = ProfileStore::open(&path)?;
        Ok(Arc::new(Self {
            inner: Arc::new(Mutex::new(store)),
        }))
    }

    /// Every profile on this device, sorted by kana reading (then name, then id).
    pub fn list(&self) -> Result<Vec<ProfileListItem>, ApiError> {
        Ok(self.lock()?.list()?.into_iter().map(Into::into).collect())
    }

    /// Creates a profile from its JSON form (the JSON Schema `tsunagu schema` prints), edited by
    /// `author`, who also becomes this device's name in it (a blank `author` leaves the device
    /// unnamed: `set_device_name` before editing); returns the new id. Errors name the field and the rule, never the value.
    pub fn create_from_json(&self, json: String, author: String) -> Result<String, ApiError> {
        let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| ApiError::bad_json("", &e))?;
        let profile = tsunagu_core::document::edit::from_json(value)?;
        self.create(&profile, author)
    }

    /// Creates a profile holding the fictional demo child (for trying the app); returns its id.
    pub fn create_sample(&self, author: String) -> Result<String, ApiError> {
        let profile = tsunagu_core::sample::demo_profile();
        self.create(&profile, author)
    }

    /// Creates an empty profile; returns its id.
    pub fn create_empty(&self, author: String) -> Result<String, ApiError> {
        let profile = tsunagu_core::model::Profile::empty();
        self.create(&profile, author)
    }

    /// The profile `id` as JSON (the same form `create_from_json` reads), for edit forms.
    pub fn profile_json(&self, id: String) -> Result<String, ApiError> {
        let mut store = self.lock()?;
        let profile = store.profile(&id)?;
        serde_json::to_string(profile).map_err(|_| ApiError::internal("profile is not serializable"))
    }

    /// Applies `edits` to profile `id` as one change by `author` (this device's name when
    /// `author` is blank), durable before returning. Refused with `DeviceNameMissing` while this
    /// device has no name for the profile (`set_device_name`): no change goes out without a
    /// known author. Returns the change hash (hex), or `None` when the edits changed nothing.
    /// On any error nothing is written.
    pub fn edit(&self, id: String, edits: Vec<EditOp>, author: String) -> Result<Option<String>, ApiError> {
        let edits = edits
            .into_iter()
            .map(EditOp::into_core)
            .collect::<Result<Vec<_>, _>>()?;
        let mut store = self.lock()?;
        let ctx = named_context(&mut store, &id, author)?;
        let hash = store.edit(&id, &edits, &ctx)?;
        Ok(hash.map(|h| h.to_string()))
    }

    /// Names this device in profile `id`: `name` (required, at most 40 characters) with `role`
    /// (`母`/`mother`, `父`, `訪問看護師`, `コーディネーター`, `医師`, `支援者`, or any text). It
    /// reaches the other members inside the encrypted document only. Durable before returning.
    pub fn set_device_name(&self, id: String, name: String, role: Option<String>) -> Result<(), ApiError> {
        let ctx = EditContext::now(name.trim());
        self.lock()?.set_device_name(&id, &name, role.as_deref(), &ctx)?;
        Ok(())
    }

    /// This device's name and role in profile `id`, or `None` before `set_device_name`.
    pub fn device_name(&self, id: String) -> Result<Option<DeviceNameInfo>, ApiError> {
        Ok(self.lock()?.device_card(&id)?.map(Into::into))
    }

    /// The change log of profile `id`, newest first.
    pub fn history(&self, id: String) -> Result<Vec<HistoryItem>, ApiError> {
        Ok(self.lock()?.history(&id)?.into_iter().map(Into::into).collect())
    }

    /// Who last changed the field or entity at `path` (`devices.dev-vent.settings.ventilator.peep`,
    /// `contacts.ct-mother`) of profile `id`; `None` when it was never set.
    pub fn provenance(&self, id: String, path: String) -> Result<Option<ProvenanceInfo>, ApiError> {
        Ok(self.lock()?.provenance(&id, &path)?.map(Into::into))
    }

    /// Profile `id` as an export file (the family's backup of one child).
    pub fn export(&self, id: String) -> Result<Vec<u8>, ApiError> {
        Ok(self.lock()?.export(&id)?)
    }

    /// Imports an export file: creates the profile, or merges into it. Random, truncated or
    /// foreign bytes are refused and nothing changes.
    pub fn import(&self, bytes: Vec<u8>) -> Result<ImportResult, ApiError> {
        Ok(self.lock()?.import(&bytes)?.into())
    }
}
