//! The traits [`PgStore`] answers to, all delegating to its inherent async methods (`pg.rs`,
//! `pg_links.rs`): [`AsyncStore`], on the caller's runtime (the relay's way; ADR 0021), and the
//! synchronous [`RelayStore`], [`LinkStore`] and [`UsageStore`], each call blocking on the
//! store's own runtime (tests and tools; [`PgStore::open`]). One list of signatures makes both.

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
    AppendOutcome, AsyncStore, Concurrency, CreateInviteOutcome, EnvelopePage, JoinOutcome, LinkStore,
    NewEnvelope, NewSnapshot, NonceClaim, PgStore, PoolStatus, ProfileRecord, RelayStore, RevokeOutcome,
    SnapshotInfo, SnapshotOutcome, StoreResult, StoredInvite, UsageStore,
};

/// `Trait { fn name(args) -> T; … } [other items of the impl]`, for each synchronous trait: its
/// methods block on [`PgStore::block`]; [`AsyncStore`]'s, all of them together, await the
/// inherent method.
macro_rules! delegate {
    (
        $( $trait:ident { $( fn $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $ret:ty ; )* } [ $( $extra:item )* ] )*
    ) => {
        $(
            impl $trait for PgStore {
                $( $extra )*
                $(
                    fn $name(&self $(, $arg: $ty )*) -> $ret {
                        self.block(PgStore::$name(self $(, $arg )*))
                    }
                )*
            }
        )*

        #[async_trait]
        impl AsyncStore for PgStore {
            $( $(
                async fn $name(&self $(, $arg: $ty )*) -> $ret {
                    PgStore::$name(self $(, $arg )*).await
                }
            )* )*

            fn concurrency(&self) -> Concurrency {
                PgStore::concurrency(self)
            }

            fn pool_status(&self) -> PoolStatus {
                PgStore::pool_status(self)
            }

            fn blocking(&self) -> Option<&Arc<dyn RelayStore>> {
                None
            }
        }
    };
}

delegate! {
    RelayStore {
        fn health() -> StoreResult<()>;
        fn create_profile(profile: &str, owner: &DeviceId, owner_entry: &MembershipEntry, now_ms: i64) -> StoreResult<bool>;
        fn profile(profile: &str) -> StoreResult<Option<ProfileRecord>>;
        fn membership(profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>>;
        fn add_member_entry(profile: &str, entry: &MembershipEntry, now_ms: i64) -> StoreResult<bool>;
        fn create_invite(invite: &InviteCert, now_ms: i64) -> StoreResult<CreateInviteOutcome>;
        fn invite(invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>>;
        fn consume_invite(invite_id: &[u8; 32], device: &DeviceId, entry: &MembershipEntry, now_ms: i64) -> StoreResult<JoinOutcome>;
        fn revoke(profile: &str, entry: &MembershipEntry, from_epoch: u32, keys: &[(DeviceId, EpochGrant)], now_ms: i64) -> StoreResult<RevokeOutcome>;
        fn sealed_key(profile: &str, epoch: u32, device: &DeviceId) -> StoreResult<Option<EpochGrant>>;
        fn add_grants(profile: &str, epoch: u32, keys: &[(DeviceId, EpochGrant)]) -> StoreResult<Option<usize>>;
        fn granted(profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>>;
        fn append_envelope(profile: &str, envelope: &NewEnvelope<'_>, now_ms: i64) -> StoreResult<AppendOutcome>;
        fn envelopes_after(profile: &str, after: u64, limit: usize, max_bytes: usize) -> StoreResult<EnvelopePage>;
        fn put_snapshot(profile: &str, snapshot: &NewSnapshot<'_>, now_ms: i64) -> StoreResult<SnapshotOutcome>;
        fn latest_snapshot(profile: &str) -> StoreResult<Option<SnapshotInfo>>;
        fn snapshot(profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>>;
        fn remember_nonces(claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>>;
    } [
        fn concurrency(&self) -> Concurrency {
            PgStore::concurrency(self)
        }

        fn pool_status(&self) -> PoolStatus {
            PgStore::pool_status(self)
        }
    ]
    LinkStore {
        fn create_link(link: &NewLink<'_>, now_ms: i64) -> StoreResult<CreateLinkOutcome>;
        fn link(id: &str) -> StoreResult<Option<LinkRecord>>;
        fn put_link_file(id: &str, owner: &DeviceId, content_type: &str, jwe: &[u8], bytes: LinkQuota, now_ms: i64) -> StoreResult<LinkChange>;
        fn revoke_link(id: &str, owner: &DeviceId, now_ms: i64) -> StoreResult<LinkChange>;
        fn spend_attempt(id: &str, now_ms: i64) -> StoreResult<Attempt>;
        fn refund_attempt(id: &str) -> StoreResult<()>;
        fn serve_link(id: &str, delivery: &Delivery<'_>, now_ms: i64) -> StoreResult<Option<Served>>;
        fn ticket_file(ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>>;
        fn prune_links(now_ms: i64, retain_ms: i64) -> StoreResult<Pruned>;
        fn links_of(owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>>;
        fn links_of_profile(profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>>;
        fn link_profile(id: &str) -> StoreResult<Option<String>>;
    } []
    UsageStore {
        fn usage(device: &DeviceId, profile: Option<&str>, now_ms: i64) -> StoreResult<Usage>;
    } []
}
