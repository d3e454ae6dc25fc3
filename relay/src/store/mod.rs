//! Storage behind the relay: the [`RelayStore`] trait (what the endpoints need, each operation
//! atomic) and its two implementations, the embedded [`SqliteStore`] (the default, one relay)
//! and [`PgStore`] (PostgreSQL, which several relays may share; ADR 0012). [`open`] picks one by
//! the configured [`Database`].
//!
//! [`RelayStore`] is synchronous: a call may block on disk, on the network or on a lock. The HTTP
//! layer calls the store as [`AsyncStore`] (ADR 0021), admitting at most
//! [`RelayStore::concurrency`] calls at once: PostgreSQL implements it natively on the relay's
//! runtime, SQLite through [`Blocking`], on tokio's blocking pool. Every method that checks and
//! then writes (a
//! duplicate envelope, a used invite, the current epoch) does both in one transaction, and on
//! PostgreSQL holds the row locks that make it correct with other relays writing at once.
//!
//! The store knows the wire types it keeps but none of the rules: who may do what is decided by
//! the HTTP layer with `tsunagu_wire::membership::resolve_members`, the same function clients use.

mod async_store;
pub mod links;
mod pg;
mod pg_links;
mod pg_nonces;
pub mod pg_schema;
mod pg_traits;
mod pg_trust;
pub mod schema;
mod sqlite;
mod sqlite_links;
mod sqlite_pool;
mod sqlite_trust;
mod usage;

#[cfg(test)]
mod harness;
#[cfg(test)]
mod link_tests;
#[cfg(test)]
mod race_tests;
#[cfg(test)]
mod store_tests;

pub use async_store::{AsyncStore, Blocking};
pub use links::{
    Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, LinkStore, NewLink, Pruned,
    Served,
};
pub use pg::PgStore;
pub use sqlite::{DEFAULT_SQLITE_READERS, SqliteStore};
pub use usage::{Usage, UsageStore};

use std::sync::Arc;

use crate::config::Database;

use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, MembershipEntry};

use crate::error::StoreError;

/// Result of a storage call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Opens (creating or migrating) the store `database` names, with at most `pool_size`
/// connections: PostgreSQL's pool; for SQLite one writer and `pool_size - 1` readers, at most
/// [`DEFAULT_SQLITE_READERS`] (more cannot help a file on one machine). Blocks: call it off the
/// async threads.
pub fn open(database: &Database, pool_size: usize) -> StoreResult<Arc<dyn RelayStore>> {
    Ok(match database {
        Database::Sqlite(path) => {
            let readers = pool_size.saturating_sub(1).clamp(1, DEFAULT_SQLITE_READERS);
            Arc::new(SqliteStore::open_with_readers(path, readers)?)
        }
        Database::Postgres(url) => Arc::new(PgStore::open(url, pool_size)?),
    })
}

/// Opens the store `database` names as the relay uses it: PostgreSQL on the caller's runtime
/// ([`PgStore::connect`]), SQLite (synchronous) behind [`Blocking`], opened on a blocking thread.
pub async fn open_async(database: &Database, pool_size: usize) -> StoreResult<Arc<dyn AsyncStore>> {
    Ok(match database {
        Database::Sqlite(_) => {
            let database = database.clone();
            let store = tokio::task::spawn_blocking(move || open(&database, pool_size))
                .await
                .map_err(|_| StoreError::Task)??;
            Arc::new(Blocking::new(store))
        }
        Database::Postgres(url) => Arc::new(PgStore::connect(url, pool_size).await?),
    })
}

/// A request's nonce to record (replay protection): `device` used `nonce`, keep it until
/// `expires_at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonceClaim {
    /// The device that signed the request.
    pub device: DeviceId,
    /// The request's nonce.
    pub nonce: [u8; 16],
    /// When the request could no longer be fresh (plus a margin): the nonce may go then.
    pub expires_at_ms: i64,
}

/// How many storage calls may usefully run at once: the HTTP layer admits no more than this to
/// the blocking threads and lets the rest wait without a thread (the queue the metrics show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concurrency {
    /// Calls that only read.
    pub readers: usize,
    /// Calls that write (or may).
    pub writers: usize,
    /// True when readers and writers draw on the same connections (one bound for both).
    pub shared: bool,
}

/// The database connections one relay holds, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStatus {
    /// Connections open (or allowed, for a pool that opens them on demand).
    pub size: usize,
    /// Connections lent out now.
    pub in_use: usize,
}

/// What the relay keeps about a profile besides its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileRecord {
    /// The owner's device id, recorded at creation: the trust anchor for membership.
    pub owner: DeviceId,
    /// The current key epoch (1 at creation; each revocation adds one).
    pub epoch: u32,
    /// The highest sequence number assigned (0: none yet).
    pub last_seq: u64,
    /// How many membership entries are stored. Entries are append-only, so this changes exactly
    /// when they do; the HTTP layer caches resolved member tables by it.
    pub entry_count: u64,
}

/// An invite as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvite {
    /// The signed invite.
    pub cert: InviteCert,
    /// The device that used it, once used.
    pub used_by: Option<DeviceId>,
}

/// What [`RelayStore::create_invite`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateInviteOutcome {
    /// Stored.
    Created,
    /// An invite with this id exists already.
    Exists,
    /// No such profile.
    UnknownProfile,
}

/// What [`RelayStore::consume_invite`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOutcome {
    /// The invite was used up by this device and its join entry stored.
    Joined {
        /// The profile's current epoch.
        epoch: u32,
    },
    /// This same device had used the invite before (a retried join); nothing changed.
    AlreadyJoined {
        /// The profile's current epoch.
        epoch: u32,
    },
    /// Another device used the invite.
    Used,
    /// The invite expired.
    Expired,
    /// No invite with this id.
    Unknown,
}

/// What [`RelayStore::revoke`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// The revocation is stored, the epoch moved on and the sealed keys are stored.
    Revoked {
        /// The new epoch.
        epoch: u32,
    },
    /// The profile's epoch is not the one the revocation was made against.
    StaleEpoch {
        /// The current epoch.
        current: u32,
    },
    /// The membership log grew since the log the owner's revocation follows (a join came in
    /// meanwhile): the owner must look again and sign anew.
    LogMoved,
    /// No such profile.
    UnknownProfile,
}

/// An envelope to append, with the header fields the store indexes.
#[derive(Debug, Clone, Copy)]
pub struct NewEnvelope<'a> {
    /// Author device.
    pub author: DeviceId,
    /// The author's counter: `(author, counter)` is unique per profile.
    pub counter: u64,
    /// Key epoch the envelope was sealed with.
    pub epoch: u32,
    /// The envelope's bytes, exactly as received.
    pub bytes: &'a [u8],
}

/// What [`RelayStore::append_envelope`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendOutcome {
    /// Stored under this new sequence number.
    Appended(u64),
    /// The identical bytes were stored before under this sequence number.
    Duplicate(u64),
    /// The same `(author, counter)` was stored before with other bytes.
    Conflict,
    /// The envelope's epoch is not the current one.
    StaleEpoch {
        /// The current epoch.
        current: u32,
    },
    /// No such profile.
    UnknownProfile,
}

/// A page of envelopes for a pull.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvelopePage {
    /// `(sequence number, envelope bytes)` in sequence order.
    pub items: Vec<(u64, Vec<u8>)>,
    /// True when more envelopes follow the last one.
    pub more: bool,
}

/// A snapshot to store.
#[derive(Debug, Clone, Copy)]
pub struct NewSnapshot<'a> {
    /// SHA-256 of `bytes`, lowercase hex: its address.
    pub hash: &'a str,
    /// The sequence number up to which it includes all changes.
    pub covers: u64,
    /// Key epoch it was sealed with.
    pub epoch: u32,
    /// The snapshot envelope's bytes.
    pub bytes: &'a [u8],
}

/// What [`RelayStore::put_snapshot`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotOutcome {
    /// Stored.
    Stored,
    /// A snapshot with this hash (so these bytes) was stored before; it was left as it was.
    AlreadyStored,
    /// The snapshot's epoch is not the current one.
    StaleEpoch {
        /// The current epoch.
        current: u32,
    },
    /// `covers` is beyond the last sequence number assigned.
    CoversUnknown,
    /// No such profile.
    UnknownProfile,
}

/// A stored snapshot's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// SHA-256 of its bytes, lowercase hex.
    pub hash: String,
    /// The sequence number up to which it includes all changes.
    pub covers: u64,
    /// Key epoch it was sealed with.
    pub epoch: u32,
}

/// Everything the relay's endpoints need from storage, share links included ([`LinkStore`]).
/// Each method is atomic.
pub trait RelayStore: LinkStore + UsageStore + Send + Sync + 'static {
    /// Checks that the database answers.
    fn health(&self) -> StoreResult<()>;

    /// Creates `profile` at epoch 1 with `owner` as trust anchor and the owner's self-signed
    /// certificate as first entry. Returns false (and changes nothing) if the id exists.
    fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// The profile's record, if it exists.
    fn profile(&self, profile: &str) -> StoreResult<Option<ProfileRecord>>;

    /// The profile's record and all its membership entries in the order they were stored, read
    /// in one transaction.
    fn membership(&self, profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>>;

    /// Appends a membership entry. Returns false if the profile does not exist.
    fn add_member_entry(&self, profile: &str, entry: &MembershipEntry, now_ms: i64) -> StoreResult<bool>;

    /// Stores an invite (its profile is `invite.profile`).
    fn create_invite(&self, invite: &InviteCert, now_ms: i64) -> StoreResult<CreateInviteOutcome>;

    /// The invite with this id.
    fn invite(&self, invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>>;

    /// Uses up the invite for `device` and appends its join entry, atomically: an invite is used
    /// once, and never after it expired.
    fn consume_invite(
        &self,
        invite_id: &[u8; 32],
        device: &DeviceId,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<JoinOutcome>;

    /// Appends a revocation entry, moves the profile from epoch `from_epoch` to `from_epoch + 1`
    /// and stores the new epoch's sealed keys, atomically; refuses if the epoch moved meanwhile.
    fn revoke(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        from_epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
        now_ms: i64,
    ) -> StoreResult<RevokeOutcome>;

    /// The key of `epoch` sealed to `device`.
    fn sealed_key(&self, profile: &str, epoch: u32, device: &DeviceId) -> StoreResult<Option<EpochGrant>>;

    /// Stores the owner's grants of `epoch`'s key, atomically, if `epoch` is still the profile's
    /// current one; a grant already held for a device is kept. `None` when the epoch moved on
    /// (or there is no such profile); otherwise how many grants were new.
    fn add_grants(
        &self,
        profile: &str,
        epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
    ) -> StoreResult<Option<usize>>;

    /// The devices holding a grant of `epoch`'s key.
    fn granted(&self, profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>>;

    /// Appends an envelope under the next sequence number. Idempotent on `(author, counter)`:
    /// the same bytes again get the same number; other bytes are a conflict. A new envelope must
    /// be of the current epoch.
    fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome>;

    /// Appends a batch of envelopes, each as [`RelayStore::append_envelope`] would, in order
    /// (two of one profile get consecutive numbers): one outcome per item. A store whose
    /// [`RelayStore::groups_appends`] is true commits the whole batch at once (one flush for
    /// all); an error then means none was stored. The default appends one at a time.
    fn append_envelopes(
        &self,
        batch: &[(&str, NewEnvelope<'_>)],
        now_ms: i64,
    ) -> StoreResult<Vec<AppendOutcome>> {
        batch
            .iter()
            .map(|(profile, envelope)| self.append_envelope(profile, envelope, now_ms))
            .collect()
    }

    /// True when one writer serialises every commit (SQLite), so the relay gathers concurrent
    /// pushes into [`RelayStore::append_envelopes`] batches rather than committing each (ADR
    /// 0016, 5). False where commits run side by side on a pool (PostgreSQL).
    fn groups_appends(&self) -> bool {
        false
    }

    /// True when a read is a short local call (SQLite on read connections of its own), which
    /// the relay runs on the request's own thread instead of handing it to a blocking thread
    /// (ADR 0016, 6). False for a database across the network.
    fn reads_inline(&self) -> bool {
        false
    }

    /// Envelopes with a sequence number above `after`, at most `limit` of them and, past the
    /// first, at most `max_bytes` in total.
    fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage>;

    /// Stores a snapshot under its hash. Content-addressed: an existing hash is never overwritten.
    fn put_snapshot(
        &self,
        profile: &str,
        snapshot: &NewSnapshot<'_>,
        now_ms: i64,
    ) -> StoreResult<SnapshotOutcome>;

    /// The snapshot covering the most (the newest among equals).
    fn latest_snapshot(&self, profile: &str) -> StoreResult<Option<SnapshotInfo>>;

    /// The bytes of the snapshot with this hash.
    fn snapshot(&self, profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>>;

    /// Records a batch of nonces in one transaction (the relay group-commits the nonces of
    /// concurrent requests): for each claim, in order, true if it is new, false if it was seen
    /// already (a replay, also when the same nonce comes twice in the batch). A claim is its
    /// device, nonce and expiry: the expiry follows from the request's signed time, so a replay
    /// repeats all three. Nonces past their expiry may be forgotten. Replays are found across
    /// every relay sharing the database.
    fn remember_nonces(&self, claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>>;

    /// Records that `device` used `nonce`, kept until `expires_at_ms`. Returns false if it was
    /// seen already (a replay). A batch of one.
    fn remember_nonce(
        &self,
        device: &DeviceId,
        nonce: &[u8; 16],
        expires_at_ms: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let claim = NonceClaim {
            device: *device,
            nonce: *nonce,
            expires_at_ms,
        };
        let fresh = self.remember_nonces(&[claim], now_ms)?;
        Ok(fresh.first() == Some(&true))
    }

    /// How many calls may usefully run at once.
    fn concurrency(&self) -> Concurrency;

    /// The connections held and lent out now.
    fn pool_status(&self) -> PoolStatus;
}
