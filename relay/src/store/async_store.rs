//! [`AsyncStore`]: the store as the HTTP layer calls it, every operation a future (ADR 0021).
//!
//! PostgreSQL is asynchronous all the way down: [`super::PgStore`] implements this trait on the
//! caller's runtime, so a request's statements go from its handler to the connection's task and
//! back without leaving the runtime's threads. Behind the synchronous [`RelayStore`] each call
//! went to a blocking thread, which `block_on`ed a runtime of the store's own, whose workers drove
//! the connection: 45–56 thread switches per storm request against 1.6 on SQLite, and twice
//! SQLite's CPU (docs/benchmarks.md, "stop 25").
//!
//! SQLite is synchronous (a call may fsync), so [`Blocking`] adapts any [`RelayStore`]: each call
//! runs on tokio's blocking pool, as the HTTP layer ran it before, except the two short reads the
//! relay ran on the request's own thread ([`RelayStore::reads_inline`], ADR 0016, 6). The method
//! set is [`RelayStore`]'s, [`LinkStore`]'s and [`UsageStore`]'s; the group commit of pushes
//! ([`RelayStore::append_envelopes`]) is driven by a thread of its own on the synchronous store
//! ([`AsyncStore::blocking`]).

use std::sync::Arc;

use async_trait::async_trait;
use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, MembershipEntry};

use super::links::{
    Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, NewLink, Pruned, Served,
};
use super::usage::Usage;
use super::{
    AppendOutcome, Concurrency, CreateInviteOutcome, EnvelopePage, JoinOutcome, NewEnvelope, NewSnapshot,
    NonceClaim, PoolStatus, ProfileRecord, RelayStore, RevokeOutcome, SnapshotInfo, SnapshotOutcome,
    StoreResult, StoredInvite,
};
use crate::error::StoreError;

/// Everything the relay's endpoints need from storage, as futures. Each method means what the
/// [`RelayStore`], [`LinkStore`](super::LinkStore) or [`UsageStore`](super::UsageStore) method
/// of the same name means.
#[async_trait]
#[allow(missing_docs)]
pub trait AsyncStore: Send + Sync + 'static {
    async fn health(&self) -> StoreResult<()>;
    async fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool>;
    async fn profile(&self, profile: &str) -> StoreResult<Option<ProfileRecord>>;
    async fn membership(&self, profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>>;
    async fn add_member_entry(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool>;
    async fn create_invite(&self, invite: &InviteCert, now_ms: i64) -> StoreResult<CreateInviteOutcome>;
    async fn invite(&self, invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>>;
    async fn consume_invite(
        &self,
        invite_id: &[u8; 32],
        device: &DeviceId,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<JoinOutcome>;
    async fn revoke(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        from_epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
        now_ms: i64,
    ) -> StoreResult<RevokeOutcome>;
    async fn sealed_key(
        &self,
        profile: &str,
        epoch: u32,
        device: &DeviceId,
    ) -> StoreResult<Option<EpochGrant>>;
    async fn add_grants(
        &self,
        profile: &str,
        epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
    ) -> StoreResult<Option<usize>>;
    async fn granted(&self, profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>>;
    async fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome>;
    async fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage>;
    async fn put_snapshot(
        &self,
        profile: &str,
        snapshot: &NewSnapshot<'_>,
        now_ms: i64,
    ) -> StoreResult<SnapshotOutcome>;
    async fn latest_snapshot(&self, profile: &str) -> StoreResult<Option<SnapshotInfo>>;
    async fn snapshot(&self, profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>>;
    async fn remember_nonces(&self, claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>>;

    async fn create_link(&self, link: &NewLink<'_>, now_ms: i64) -> StoreResult<CreateLinkOutcome>;
    async fn link(&self, id: &str) -> StoreResult<Option<LinkRecord>>;
    async fn put_link_file(
        &self,
        id: &str,
        owner: &DeviceId,
        content_type: &str,
        jwe: &[u8],
        bytes: LinkQuota,
        now_ms: i64,
    ) -> StoreResult<LinkChange>;
    async fn revoke_link(&self, id: &str, owner: &DeviceId, now_ms: i64) -> StoreResult<LinkChange>;
    async fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt>;
    async fn refund_attempt(&self, id: &str) -> StoreResult<()>;
    async fn serve_link(&self, id: &str, delivery: &Delivery<'_>, now_ms: i64)
    -> StoreResult<Option<Served>>;
    async fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>>;
    async fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned>;
    async fn links_of(&self, owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>>;
    async fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>>;
    async fn link_profile(&self, id: &str) -> StoreResult<Option<String>>;

    async fn usage(&self, device: &DeviceId, profile: Option<&str>, now_ms: i64) -> StoreResult<Usage>;

    /// How many calls may usefully run at once.
    fn concurrency(&self) -> Concurrency;
    /// The connections held and lent out now.
    fn pool_status(&self) -> PoolStatus;
    /// The synchronous store behind [`Blocking`], for the relay's committing threads (nonce and
    /// push batches); `None` for a store that is asynchronous itself.
    fn blocking(&self) -> Option<&Arc<dyn RelayStore>> {
        None
    }
}

/// A synchronous [`RelayStore`] as an [`AsyncStore`]: each call on tokio's blocking pool (its
/// borrowed arguments copied there), or on the caller's thread for the short reads (`profile`,
/// `envelopes_after`) of a store that [`RelayStore::reads_inline`]. Those two must be called
/// from the HTTP layer's read lane: its slot guarantees a free read connection, so the inline
/// read never waits for one on an async thread. The lanes bound how many calls run at once; a
/// call whose request was dropped meanwhile still runs to its end on its blocking thread.
pub struct Blocking {
    store: Arc<dyn RelayStore>,
    inline_reads: bool,
}

impl Blocking {
    /// Adapts `store`.
    pub fn new(store: Arc<dyn RelayStore>) -> Self {
        let inline_reads = store.reads_inline();
        Self { store, inline_reads }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn RelayStore) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|_| StoreError::Task)?
    }
}

fn pairs(keys: &[(DeviceId, EpochGrant)]) -> Vec<(DeviceId, EpochGrant)> {
    keys.to_vec()
}

#[async_trait]
impl AsyncStore for Blocking {
    async fn health(&self) -> StoreResult<()> {
        self.run(|s| s.health()).await
    }

    async fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let (profile, owner, entry) = (profile.to_owned(), *owner, owner_entry.clone());
        self.run(move |s| s.create_profile(&profile, &owner, &entry, now_ms))
            .await
    }

    async fn profile(&self, profile: &str) -> StoreResult<Option<ProfileRecord>> {
        if self.inline_reads {
            return self.store.profile(profile);
        }
        let profile = profile.to_owned();
        self.run(move |s| s.profile(&profile)).await
    }

    async fn membership(&self, profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>> {
        let profile = profile.to_owned();
        self.run(move |s| s.membership(&profile)).await
    }

    async fn add_member_entry(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let (profile, entry) = (profile.to_owned(), entry.clone());
        self.run(move |s| s.add_member_entry(&profile, &entry, now_ms))
            .await
    }

    async fn create_invite(&self, invite: &InviteCert, now_ms: i64) -> StoreResult<CreateInviteOutcome> {
        let invite = invite.clone();
        self.run(move |s| s.create_invite(&invite, now_ms)).await
    }

    async fn invite(&self, invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>> {
        let id = *invite_id;
        self.run(move |s| s.invite(&id)).await
    }

    async fn consume_invite(
        &self,
        invite_id: &[u8; 32],
        device: &DeviceId,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<JoinOutcome> {
        let (id, device, entry) = (*invite_id, *device, entry.clone());
        self.run(move |s| s.consume_invite(&id, &device, &entry, now_ms))
            .await
    }

    async fn revoke(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        from_epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
        now_ms: i64,
    ) -> StoreResult<RevokeOutcome> {
        let (profile, entry, keys) = (profile.to_owned(), entry.clone(), pairs(keys));
        self.run(move |s| s.revoke(&profile, &entry, from_epoch, &keys, now_ms))
            .await
    }

    async fn sealed_key(
        &self,
        profile: &str,
        epoch: u32,
        device: &DeviceId,
    ) -> StoreResult<Option<EpochGrant>> {
        let (profile, device) = (profile.to_owned(), *device);
        self.run(move |s| s.sealed_key(&profile, epoch, &device)).await
    }

    async fn add_grants(
        &self,
        profile: &str,
        epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
    ) -> StoreResult<Option<usize>> {
        let (profile, keys) = (profile.to_owned(), pairs(keys));
        self.run(move |s| s.add_grants(&profile, epoch, &keys)).await
    }

    async fn granted(&self, profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>> {
        let profile = profile.to_owned();
        self.run(move |s| s.granted(&profile, epoch)).await
    }

    async fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome> {
        let (profile, bytes) = (profile.to_owned(), envelope.bytes.to_vec());
        let (author, counter, epoch) = (envelope.author, envelope.counter, envelope.epoch);
        self.run(move |s| {
            let envelope = NewEnvelope {
                author,
                counter,
                epoch,
                bytes: &bytes,
            };
            s.append_envelope(&profile, &envelope, now_ms)
        })
        .await
    }

    async fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage> {
        if self.inline_reads {
            return self.store.envelopes_after(profile, after, limit, max_bytes);
        }
        let profile = profile.to_owned();
        self.run(move |s| s.envelopes_after(&profile, after, limit, max_bytes))
            .await
    }

    async fn put_snapshot(
        &self,
        profile: &str,
        snapshot: &NewSnapshot<'_>,
        now_ms: i64,
    ) -> StoreResult<SnapshotOutcome> {
        let (profile, hash, bytes) = (
            profile.to_owned(),
            snapshot.hash.to_owned(),
            snapshot.bytes.to_vec(),
        );
        let (covers, epoch) = (snapshot.covers, snapshot.epoch);
        self.run(move |s| {
            let snapshot = NewSnapshot {
                hash: &hash,
                covers,
                epoch,
                bytes: &bytes,
            };
            s.put_snapshot(&profile, &snapshot, now_ms)
        })
        .await
    }

    async fn latest_snapshot(&self, profile: &str) -> StoreResult<Option<SnapshotInfo>> {
        let profile = profile.to_owned();
        self.run(move |s| s.latest_snapshot(&profile)).await
    }

    async fn snapshot(&self, profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>> {
        let (profile, hash) = (profile.to_owned(), hash.to_owned());
        self.run(move |s| s.snapshot(&profile, &hash)).await
    }

    async fn remember_nonces(&self, claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>> {
        let claims = claims.to_vec();
        self.run(move |s| s.remember_nonces(&claims, now_ms)).await
    }

    async fn create_link(&self, link: &NewLink<'_>, now_ms: i64) -> StoreResult<CreateLinkOutcome> {
        let id = link.id.to_owned();
        let profile = link.profile.map(str::to_owned);
        let passcode_hash = link.passcode_hash.map(str::to_owned);
        let (owner, max_attempts, expires_at, quota) =
            (link.owner, link.max_attempts, link.expires_at, link.quota);
        self.run(move |s| {
            let link = NewLink {
                id: &id,
                owner,
                profile: profile.as_deref(),
                passcode_hash: passcode_hash.as_deref(),
                max_attempts,
                expires_at,
                quota,
            };
            s.create_link(&link, now_ms)
        })
        .await
    }

    async fn link(&self, id: &str) -> StoreResult<Option<LinkRecord>> {
        let id = id.to_owned();
        self.run(move |s| s.link(&id)).await
    }

    async fn put_link_file(
        &self,
        id: &str,
        owner: &DeviceId,
        content_type: &str,
        jwe: &[u8],
        bytes: LinkQuota,
        now_ms: i64,
    ) -> StoreResult<LinkChange> {
        let (id, owner, content_type, jwe) = (id.to_owned(), *owner, content_type.to_owned(), jwe.to_vec());
        self.run(move |s| s.put_link_file(&id, &owner, &content_type, &jwe, bytes, now_ms))
            .await
    }

    async fn revoke_link(&self, id: &str, owner: &DeviceId, now_ms: i64) -> StoreResult<LinkChange> {
        let (id, owner) = (id.to_owned(), *owner);
        self.run(move |s| s.revoke_link(&id, &owner, now_ms)).await
    }

    async fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt> {
        let id = id.to_owned();
        self.run(move |s| s.spend_attempt(&id, now_ms)).await
    }

    async fn refund_attempt(&self, id: &str) -> StoreResult<()> {
        let id = id.to_owned();
        self.run(move |s| s.refund_attempt(&id)).await
    }

    async fn serve_link(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
        now_ms: i64,
    ) -> StoreResult<Option<Served>> {
        let (id, ticket) = (id.to_owned(), delivery.fresh_ticket.to_owned());
        let (embed_max, ticket_expires_ms, reuse_until_ms) = (
            delivery.embed_max,
            delivery.ticket_expires_ms,
            delivery.reuse_until_ms,
        );
        self.run(move |s| {
            let delivery = Delivery {
                embed_max,
                fresh_ticket: &ticket,
                ticket_expires_ms,
                reuse_until_ms,
            };
            s.serve_link(&id, &delivery, now_ms)
        })
        .await
    }

    async fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>> {
        let ticket = ticket.to_owned();
        self.run(move |s| s.ticket_file(&ticket, now_ms)).await
    }

    async fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned> {
        self.run(move |s| s.prune_links(now_ms, retain_ms)).await
    }

    async fn links_of(&self, owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let owner = *owner;
        self.run(move |s| s.links_of(&owner, limit)).await
    }

    async fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let profile = profile.to_owned();
        self.run(move |s| s.links_of_profile(&profile, limit)).await
    }

    async fn link_profile(&self, id: &str) -> StoreResult<Option<String>> {
        let id = id.to_owned();
        self.run(move |s| s.link_profile(&id)).await
    }

    async fn usage(&self, device: &DeviceId, profile: Option<&str>, now_ms: i64) -> StoreResult<Usage> {
        let (device, profile) = (*device, profile.map(str::to_owned));
        self.run(move |s| s.usage(&device, profile.as_deref(), now_ms))
            .await
    }

    fn concurrency(&self) -> Concurrency {
        self.store.concurrency()
    }

    fn pool_status(&self) -> PoolStatus {
        self.store.pool_status()
    }

    fn blocking(&self) -> Option<&Arc<dyn RelayStore>> {
        Some(&self.store)
    }
}
