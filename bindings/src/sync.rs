//! [`SyncService`]: end-to-end encrypted sync of shared profiles through a relay, wrapping the
//! core's `SyncClient` over its `HttpTransport`. Network calls are async (Kotlin `suspend`,
//! Swift `async`) and run on the store's worker thread (see `worker.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tsunagu_core::ProfileStore;
use tsunagu_core::sync::{
    DeviceId, HttpTransport, JoinOutcome, Member, Role, SyncClient, SyncOverview, SyncReport, SyncStatus,
};

use crate::error::ApiError;
use crate::store::TsunaguStore;
use crate::worker::Worker;

/// A device's role in a shared profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MemberRole {
    /// Reads only.
    Viewer,
    /// Reads and writes.
    Editor,
    /// Reads, writes, manages members and keys.
    Owner,
}

impl From<Role> for MemberRole {
    fn from(r: Role) -> Self {
        match r {
            Role::Viewer => MemberRole::Viewer,
            Role::Editor => MemberRole::Editor,
            Role::Owner => MemberRole::Owner,
        }
    }
}

impl From<MemberRole> for Role {
    fn from(r: MemberRole) -> Self {
        match r {
            MemberRole::Viewer => Role::Viewer,
            MemberRole::Editor => Role::Editor,
            MemberRole::Owner => Role::Owner,
        }
    }
}

/// What one sync of one profile did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncResult {
    /// False when the relay could not be reached: what was done is kept, the rest stays queued.
    pub online: bool,
    /// True when this device joined and waits for the owner's device to sync and grant it the
    /// profile's key (the invite link carries none): nothing to read yet; sync again later.
    pub waiting_for_owner: bool,
    /// Changes from other devices merged.
    pub pulled: u64,
    /// Local changes the relay acknowledged.
    pub pushed: u64,
    /// Envelopes skipped because they do not read as this profile's changes (never merged).
    pub skipped: u64,
    /// Local changes kept on this device because its role cannot write (a viewer).
    pub unsent_read_only: u64,
}

impl From<SyncReport> for SyncResult {
    fn from(r: SyncReport) -> Self {
        Self {
            online: r.status != SyncStatus::Offline,
            waiting_for_owner: r.status == SyncStatus::WaitingForOwner,
            pulled: r.pulled as u64,
            pushed: r.pushed as u64,
            skipped: r.skipped as u64,
            unsent_read_only: r.unsent_read_only as u64,
        }
    }
}

/// How syncing a profile stands, from local state only (no network).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncInfo {
    /// Profile id.
    pub profile_id: String,
    /// The relay's base URL.
    pub relay_url: String,
    /// This device's role.
    pub role: MemberRole,
    /// Current key epoch.
    pub epoch: u32,
    /// When a sync last completed, milliseconds since the Unix epoch.
    pub last_success_at_ms: Option<i64>,
    /// Local changes the relay does not have yet.
    pub pending_changes: u64,
    /// True when a sealed envelope waits for the relay's acknowledgement.
    pub awaiting_ack: bool,
    /// Error class of the last sync, if it failed or worked around a problem (`offline`,
    /// `not_member`, `bad_envelope`, `read_only`…).
    pub last_error: Option<String>,
}

impl From<SyncOverview> for SyncInfo {
    fn from(o: SyncOverview) -> Self {
        Self {
            profile_id: o.profile,
            relay_url: o.relay_url,
            role: o.role.into(),
            epoch: o.epoch,
            last_success_at_ms: o.last_success_at,
            pending_changes: o.pending_changes as u64,
            awaiting_ack: o.awaiting_ack,
            last_error: o.last_error,
        }
    }
}

/// What joining through an invite did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JoinResult {
    /// The profile joined.
    pub profile_id: String,
    /// The role granted.
    pub role: MemberRole,
    /// True once the profile exists on this device (false while its first pull is pending).
    pub created: bool,
    /// The first sync.
    pub sync: SyncResult,
}

impl From<JoinOutcome> for JoinResult {
    fn from(j: JoinOutcome) -> Self {
        Self {
            profile_id: j.profile,
            role: j.role.into(),
            created: j.created,
            sync: j.report.into(),
        }
    }
}

/// A member device of a shared profile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberInfo {
    /// Device id (43 characters, base64url).
    pub device: String,
    /// Its role.
    pub role: MemberRole,
    /// Removed by the owner.
    pub removed: bool,
    /// This is the device asking.
    pub this_device: bool,
    /// Its display name, from its card in the document (`None` until it names itself).
    pub name: Option<String>,
    /// Its role in the child's care: a known role's code (`mother`, `father`,
    /// `visiting_nurse`, `coordinator`, `doctor`, `supporter`; words from `message` with
    /// `member-role-<code>`) or free text.
    pub care_role: Option<String>,
    /// When it joined (the time in its signed certificate or join proof), Unix ms.
    pub joined_at_ms: Option<i64>,
    /// Its newest change in this device's copy of the document, Unix ms (not its last contact
    /// with the relay).
    pub last_change_at_ms: Option<i64>,
}

impl From<Member> for MemberInfo {
    fn from(m: Member) -> Self {
        Self {
            device: m.device.to_text(),
            role: m.role.into(),
            removed: m.removed,
            this_device: m.this_device,
            name: m.name,
            care_role: m.care_role,
            joined_at_ms: m.joined_at_ms,
            last_change_at_ms: m.last_change_at_ms,
        }
    }
}

/// The members of a shared profile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberList {
    /// Members, by device id.
    pub members: Vec<MemberInfo>,
    /// True when fetched from the relay just now; false when offline (the last table fetched).
    pub fresh: bool,
}

/// Sync for the profiles of one store: share, invite, join, sync now, status, members.
#[derive(Debug, uniffi::Object)]
pub struct SyncService {
    pub(crate) store: Arc<Mutex<ProfileStore>>,
    pub(crate) transport: Arc<HttpTransport>,
    pub(crate) worker: Worker,
}

impl SyncService {
    /// Runs `op` with a `SyncClient` on the worker thread. The client locks the store for each
    /// short local phase only, never while it waits on the relay, so the app's edits and reads go
    /// ahead during a sync (ADR 0006).
    async fn with_client<T, F>(&self, op: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: AsyncFnOnce(&mut SyncClient<'_>) -> tsunagu_core::Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let transport = Arc::clone(&self.transport);
        self.worker
            .run(move |rt| {
                let mut client = SyncClient::shared(store, &*transport);
                Ok(rt.block_on(op(&mut client))?)
            })
            .await
    }
}

#[uniffi::export]
impl SyncService {
    /// Sync for the profiles of `store`, over HTTPS (rustls, Mozilla's roots; plain `http://`
    /// for a relay on loopback).
    #[uniffi::constructor]
    pub fn new(store: &Arc<TsunaguStore>) -> Result<Arc<Self>, ApiError> {
        Ok(Arc::new(Self {
            store: Arc::clone(&store.inner),
            transport: Arc::new(HttpTransport::new()?),
            worker: Worker::start()?,
        }))
    }

    /// Starts syncing local profile `profile_id` through the relay at `relay_url`, with this
    /// device as its owner, and pushes it. Needs the network (`Offline` otherwise).
    pub async fn share(&self, profile_id: String, relay_url: String) -> Result<SyncResult, ApiError> {
        self.with_client(async move |c: &mut SyncClient<'_>| c.share(&profile_id, &relay_url).await)
            .await
            .map(Into::into)
    }

    /// An invite link for `profile_id` granting `role`, valid for `valid_hours` hours. The owner
    /// invites editors and viewers; an editor, viewers. Show it as a QR code or send it privately:
    /// the part after `#` holds the profile's key.
    pub async fn invite(
        &self,
        profile_id: String,
        role: MemberRole,
        valid_hours: u32,
    ) -> Result<String, ApiError> {
        let valid_for = Duration::from_secs(u64::from(valid_hours) * 3600);
        self.with_client(async move |c: &mut SyncClient<'_>| {
            c.invite(&profile_id, role.into(), valid_for).await
        })
        .await
    }

    /// Joins the profile an invite link names, then pulls it. Needs the network.
    pub async fn join(&self, link: String) -> Result<JoinResult, ApiError> {
        self.with_client(async move |c: &mut SyncClient<'_>| c.join(&link).await)
            .await
            .map(Into::into)
    }

    /// Pulls and pushes profile `profile_id` now. No network is not an error: the result says
    /// `online = false` and everything stays queued.
    pub async fn sync_now(&self, profile_id: String) -> Result<SyncResult, ApiError> {
        self.with_client(async move |c: &mut SyncClient<'_>| c.sync_now(&profile_id).await)
            .await
            .map(Into::into)
    }

    /// How syncing `profile_id` stands, from local state only (no network; quick).
    pub fn status(&self, profile_id: String) -> Result<SyncInfo, ApiError> {
        let mut client = SyncClient::shared(Arc::clone(&self.store), &*self.transport);
        Ok(client.sync_status(&profile_id)?.into())
    }

    /// Ids of the profiles this device syncs.
    pub fn shared_profiles(&self) -> Result<Vec<String>, ApiError> {
        let store = crate::store::lock_store(&self.store)?;
        Ok(store.shared_profiles()?)
    }

    /// The members of `profile_id`, from the relay when reachable (else the last table).
    pub async fn members(&self, profile_id: String) -> Result<MemberList, ApiError> {
        let members = self
            .with_client(async move |c: &mut SyncClient<'_>| c.members(&profile_id).await)
            .await?;
        Ok(MemberList {
            members: members.members.into_iter().map(Into::into).collect(),
            fresh: members.fresh,
        })
    }

    /// Removes device `device` (its id as [`MemberInfo::device`] gives it) from `profile_id`
    /// (owner only) and rotates the profile's key. Returns the new key epoch.
    pub async fn remove_member(&self, profile_id: String, device: String) -> Result<u32, ApiError> {
        let device =
            DeviceId::from_text(&device).map_err(|_| ApiError::invalid("device", "not a device id"))?;
        self.with_client(async move |c: &mut SyncClient<'_>| c.remove_member(&profile_id, &device).await)
            .await
    }
}
