//! End-to-end encrypted sync of shared profiles through a blind relay (ADR 0002, client side).
//!
//! Layers, outside in:
//! - [`SyncClient`] (`client.rs`): the operations — share, invite, join, sync now, status,
//!   members, remove a member. Borrows the [`ProfileStore`](crate::ProfileStore) (all sync state
//!   lives in the same SQLite file) and a [`Transport`].
//! - `protocol.rs`: the protocol without I/O — signing, reading responses, retry delays, checking
//!   and opening envelopes, which changes the relay has. Tested on bytes.
//! - the relay's endpoints, JSON bodies and the pull page header are `tsunagu_wire::sync`,
//!   compiled by the relay too, so neither side copies the other.
//! - `trust.rs` checks what the relay serves about members and keys; `resolved.rs` remembers
//!   resolved member tables so a sync does not re-verify an unchanged log.
//! - `transport.rs`: the object-safe async [`Transport`] trait over plain requests and responses;
//!   `http.rs`: [`HttpTransport`], reqwest + rustls (ring, webpki roots) — the only HTTP here.
//!
//! Offline is a status, not an error: [`SyncClient::sync_now`] answers
//! [`SyncStatus::Offline`] and keeps everything queued (the unacknowledged envelope in the
//! outbox, the cursor where it was), and the next call resends the identical bytes.
//!
//! ```no_run
//! # async fn demo() -> tsunagu_core::Result<()> {
//! use tsunagu_core::ProfileStore;
//! use tsunagu_core::sync::{HttpTransport, SyncClient, SyncStatus};
//!
//! let mut store = ProfileStore::open("tsunagu.sqlite3")?;
//! let transport = HttpTransport::new()?;
//! let mut client = SyncClient::new(&mut store, &transport);
//! let report = client.sync_now("p-3pc1743hbxpq").await?;
//! if report.status == SyncStatus::Offline {
//!     // Nothing lost: try again later.
//! }
//! # Ok(())
//! # }
//! ```

pub(crate) mod call;
mod client;
pub mod http;
pub(crate) mod local;
mod member_names;
pub mod protocol;
mod resolved;
pub mod transport;
mod trust;

use serde::Serialize;

pub use crate::store::{OutboxEntry, SyncState};
pub use client::{MEMBERS_TTL, OLD_INVITE_LINK, SyncClient};
pub use http::HttpTransport;
pub use protocol::RetryPolicy;
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
pub use tsunagu_wire::{DeviceId, Role};

/// How a sync ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Everything pulled, and everything local pushed (or nothing to push).
    #[default]
    Synced,
    /// The relay could not be reached: what was done is kept, the rest stays queued.
    Offline,
    /// This device joined and waits for the owner to grant it the profile's key: the owner's
    /// device does so the next time it syncs (the invite link carries no key, ADR 0007).
    WaitingForOwner,
}

/// What one sync of one profile did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SyncReport {
    /// Changes from other devices merged (new to this device).
    pub pulled: usize,
    /// Envelopes pulled (including this device's own, coming back).
    pub pulled_envelopes: usize,
    /// Local changes the relay acknowledged.
    pub pushed: usize,
    /// Synced, offline, or waiting for the owner's key.
    pub status: SyncStatus,
    /// Envelopes skipped: correctly signed by a writer but not readable as this profile's
    /// changes (sealed with a wrong key, or garbage). They are never merged; skipping them keeps
    /// one faulty device from blocking everyone's sync.
    pub skipped: usize,
    /// Local changes that stay on this device because its role cannot write (a viewer).
    pub unsent_read_only: usize,
}

impl SyncReport {
    /// The class of a problem the sync worked around, for `last_error` (`None` when clean).
    pub fn notice(&self) -> Option<&'static str> {
        if self.skipped > 0 {
            Some("bad_envelope")
        } else if self.unsent_read_only > 0 {
            Some("read_only")
        } else {
            None
        }
    }
}

/// How syncing a profile stands, from local state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncOverview {
    /// Profile id.
    pub profile: String,
    /// The relay.
    pub relay_url: String,
    /// This device's role.
    pub role: Role,
    /// Current key epoch.
    pub epoch: u32,
    /// Last relay sequence number merged.
    pub cursor: u64,
    /// When a sync last completed, Unix ms.
    pub last_success_at: Option<i64>,
    /// Local changes the relay does not have yet.
    pub pending_changes: usize,
    /// True when a sealed envelope waits for the relay's acknowledgement.
    pub awaiting_ack: bool,
    /// Error class of the last failed sync, if the last sync failed.
    pub last_error: Option<String>,
}

/// A member of a shared profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// Device id.
    pub device: DeviceId,
    /// Role.
    pub role: Role,
    /// Removed by the owner.
    pub removed: bool,
    /// This is the device asking.
    pub this_device: bool,
    /// Display name, from the device's card in the document (`None` until it names itself, or
    /// while the profile has not arrived on this device).
    pub name: Option<String>,
    /// Role in the child's care from the same card: a known role's code (`mother`,
    /// `visiting_nurse`…, see [`crate::document::members::CARE_ROLES`]) or free text.
    pub care_role: Option<String>,
    /// When it joined, Unix ms: the time in its signed certificate or join proof.
    pub joined_at_ms: Option<i64>,
    /// Its newest change in this device's copy of the document, Unix ms (not its last contact
    /// with the relay, which the client does not learn).
    pub last_change_at_ms: Option<i64>,
}

/// The member table of a shared profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Members {
    /// Members, by device id.
    pub members: Vec<Member>,
    /// True when fetched from the relay just now; false when the relay could not be reached and
    /// this is the table last fetched.
    pub fresh: bool,
}

/// What a join did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinOutcome {
    /// The profile joined.
    pub profile: String,
    /// The role granted.
    pub role: Role,
    /// True once the profile exists on this device (false while its first pull is pending).
    pub created: bool,
    /// The first sync.
    pub report: SyncReport,
}

#[cfg(test)]
mod tests;
