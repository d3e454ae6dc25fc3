//! [`SyncClient`]: the sync operations of ADR 0002 ("Client") over a store and a transport.
//! Each operation strings the sans-I/O steps of [`super::protocol`] together with requests
//! through the [`Transport`] and short local phases over the store ([`super::local`]): the store
//! is held only inside a phase, never while a request is on the network (ADR 0006).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tsunagu_wire::envelope::{Envelope, Kind};
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::invite::InviteLink;
use tsunagu_wire::membership::{InviteCert, JoinProof, LogHead, MembershipEntry, ResolvedMember, Revocation};
use tsunagu_wire::sync as api;
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey, MemberCert, Role, crypto};

use super::call::{self, expect_success, now_ms};
use super::local::{self, StoreRef, ToPush};
use super::protocol::{self, AuthorCheck, Call, Disposition, RetryPolicy};
use super::resolved::resolved as resolved_members;
use super::transport::{HttpResponse, Transport};
use super::{JoinOutcome, Member, Members, SyncOverview, SyncReport, SyncStatus, trust};
use crate::error::{Error, Result};
use crate::store::{NewSync, ProfileStore, SyncState, is_profile_id};

mod keys;

/// A cached member table older than this is fetched again before a sync. Sooner when needed: an
/// envelope from an unknown author, a key epoch not held, or a push refused for a stale epoch.
pub const MEMBERS_TTL: Duration = Duration::from_secs(15 * 60);

/// The sync operations for the profiles in one store, over one transport. The store is held
/// only during the local phases of an operation, never across a request on the network.
pub struct SyncClient<'a> {
    store: StoreRef<'a>,
    transport: &'a dyn Transport,
    retry: RetryPolicy,
}

impl std::fmt::Debug for SyncClient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncClient")
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<'a> SyncClient<'a> {
    /// A client for `store` over `transport`, with the default [`RetryPolicy`]. The store is
    /// borrowed for the client's life (one caller, as in the command line).
    pub fn new(store: &'a mut ProfileStore, transport: &'a dyn Transport) -> Self {
        Self {
            store: StoreRef::Borrowed(store),
            transport,
            retry: RetryPolicy::default(),
        }
    }

    /// A client for a store shared with other callers (the apps' store object): it is locked
    /// for each local phase only, so an edit made while a sync waits on the network goes ahead
    /// (and is pushed by the next sync).
    pub fn shared(store: Arc<Mutex<ProfileStore>>, transport: &'a dyn Transport) -> Self {
        Self {
            store: StoreRef::Shared(store),
            transport,
            retry: RetryPolicy::default(),
        }
    }

    /// Uses `retry` for transient relay failures (429, 5xx).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Runs `phase` with the store this client works on (locked for that long when shared).
    pub fn with_store<R>(&mut self, phase: impl FnOnce(&mut ProfileStore) -> Result<R>) -> Result<R> {
        self.store.with(phase)
    }

    // ---- operations --------------------------------------------------------------------------

    /// Starts syncing local profile `profile` through the relay at `relay_url`, with this device
    /// as its owner: makes the epoch 1 key and the owner's self-signed certificate, registers the
    /// profile with the relay, then pushes the whole document as the first envelope.
    ///
    /// Registration needs the network ([`Error::Offline`] otherwise, nothing recorded); if the
    /// first push cannot go out, the report says `Offline` and the envelope waits in the outbox.
    pub async fn share(&mut self, profile: &str, relay_url: &str) -> Result<SyncReport> {
        let relay_url = protocol::normalize_relay_url(relay_url)?;
        if !is_profile_id(profile) {
            return Err(Error::UnknownProfile(profile.to_owned()));
        }
        let identity = self.store.with(|s| {
            s.profile(profile)?;
            if s.sync_state(profile)?.is_some() {
                return Err(Error::AlreadyShared(profile.to_owned()));
            }
            s.device_identity()
        })?;
        let key = EpochKey::generate().map_err(|_| Error::Crypto("no randomness"))?;
        let cert = MemberCert::issue(&identity, profile, identity.public(), Role::Owner, now_ms());
        let body = api::CreateProfile {
            profile: profile.to_owned(),
            owner: cert.clone(),
        };
        let response = self
            .call(&identity, &relay_url, &Call::post_json(api::profiles(), &body)?)
            .await?;
        expect_success(&response)?;
        self.store.with(|s| {
            s.begin_sync(&NewSync {
                profile_id: profile,
                relay_url: &relay_url,
                owner: identity.id(),
                role: Role::Owner,
                epoch: 1,
                key: Some(&key),
            })?;
            s.set_membership(profile, &[MembershipEntry::Cert(cert)], now_ms())
        })?;
        self.sync_now(profile).await
    }

    /// Invites a device to `profile` with `role`, valid for `valid_for`: signs an invite, registers
    /// it with the relay and returns the invite link (relay, profile, role in the query; the
    /// one-time secret, the owner and the signed invite in the fragment). The link carries no
    /// key: the owner grants the current one to the device once it joined (ADR 0007).
    /// The owner may invite editors and viewers; an editor, viewers.
    pub async fn invite(&mut self, profile: &str, role: Role, valid_for: Duration) -> Result<String> {
        let (state, identity) = self.state_and_identity(profile)?;
        if role == Role::Owner {
            return Err(Error::NotPermitted(
                "a profile has one owner; invite an editor or a viewer",
            ));
        }
        if !state.role.may_invite(role) {
            return Err(Error::NotPermitted("this device's role may not invite that role"));
        }
        let secret = crypto::random::<32>().map_err(|_| Error::Crypto("no randomness"))?;
        let valid_ms = i64::try_from(valid_for.as_millis()).unwrap_or(i64::MAX);
        let expires = now_ms().saturating_add(valid_ms);
        let cert = InviteCert::issue(&identity, profile, &secret, role, expires);
        let body = api::CreateInvite { invite: cert.clone() };
        let response = self
            .call(
                &identity,
                &state.relay_url,
                &Call::post_json(api::invites(profile), &body)?,
            )
            .await?;
        expect_success(&response)?;
        let link = InviteLink {
            relay: state.relay_url,
            profile: profile.to_owned(),
            role,
            secret,
            owner: state.owner,
        };
        Ok(link.to_url_with_invite(&cert))
    }

    /// Joins the profile an invite link names: proves the invite to the relay with this device's
    /// identity, records the sync state (relay, owner, role; no key yet), then syncs. The owner
    /// grants this device the current epoch key when its own device next syncs; until then the
    /// report says [`SyncStatus::WaitingForOwner`] and a later sync pulls everything and creates
    /// the profile locally.
    ///
    /// The join itself needs the network ([`Error::Offline`] otherwise, nothing recorded). Once
    /// the relay accepted it the state is kept, so a pull that cannot finish now is completed by
    /// a later [`SyncClient::sync_now`] (the report says `Offline`).
    pub async fn join(&mut self, link: &str) -> Result<JoinOutcome> {
        let (link, invite) =
            InviteLink::parse_with_invite(link).map_err(|e| Error::InvalidLink(link_what(&e)))?;
        let invite = invite.ok_or(Error::InvalidLink("the link carries no signed invite"))?;
        invite
            .verify()
            .map_err(|_| Error::InvalidLink("the invite's signature does not verify"))?;
        let identity = self.store.with(|s| {
            if s.sync_state(&link.profile)?.is_some() {
                return Err(Error::AlreadyShared(link.profile.clone()));
            }
            s.device_identity()
        })?;
        let relay_url =
            protocol::normalize_relay_url(&link.relay).map_err(|_| Error::InvalidLink("relay address"))?;
        if invite.expires_at_ms <= now_ms() {
            // Checked here too: every client refuses a join signed after the expiry.
            return Err(Error::InviteRejected("already used or expired"));
        }
        let body = api::Join {
            proof: JoinProof::create(&identity, invite, &link.secret, now_ms()),
        };
        let response = self
            .call(&identity, &relay_url, &Call::post_json(api::join(), &body)?)
            .await?;
        match protocol::disposition(&response) {
            Disposition::Success => {}
            Disposition::Refused { status: 404, .. } => return Err(Error::InviteRejected("unknown invite")),
            Disposition::Refused { status: 410, .. } => {
                return Err(Error::InviteRejected("already used or expired"));
            }
            Disposition::Refused { status, class } => return Err(protocol::refusal(status, class)),
            Disposition::Transient { .. } => {
                return Err(Error::RelayUnavailable {
                    status: response.status,
                });
            }
        }
        let joined: api::Joined = protocol::json(&response, "join response")?;
        if joined.profile != link.profile {
            return Err(Error::Protocol("join response names another profile"));
        }
        self.store.with(|s| {
            s.begin_sync(&NewSync {
                profile_id: &link.profile,
                relay_url: &relay_url,
                owner: link.owner,
                role: link.role,
                // No key until the owner grants one; the relay's epoch is only a hint.
                epoch: 0,
                key: None,
            })
        })?;
        let report = self.sync_now(&link.profile).await?;
        Ok(JoinOutcome {
            created: self.store.with(|s| s.exists(&link.profile))?,
            profile: link.profile,
            role: link.role,
            report,
        })
    }

    /// Syncs one shared profile now: refreshes the members when needed, then in one request
    /// (ADR 0017) pushes the local changes the relay does not have as one envelope through the
    /// outbox and pulls the envelopes after the cursor (verified, opened, merged durably, cursor
    /// advanced page by page; further pages by further requests).
    ///
    /// No network is not an error: the report's status is [`SyncStatus::Offline`] and everything
    /// stays queued. 429 and 5xx are retried with backoff inside the call.
    pub async fn sync_now(&mut self, profile: &str) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let result = self.sync_inner(profile, &mut report).await;
        match result {
            // Its success is recorded by its last local phase, in the same commit as what it
            // merged ([`local::settle`]).
            Ok(()) => Ok(report),
            Err(Error::Offline) => {
                self.store
                    .with(|s| s.record_sync_result(profile, Some(Error::Offline.class())))?;
                report.status = SyncStatus::Offline;
                Ok(report)
            }
            Err(e) => {
                // Recording is best effort: the error the caller needs is `e`.
                let _ = self
                    .store
                    .with(|s| s.record_sync_result(profile, Some(e.class())));
                Err(e)
            }
        }
    }

    /// Syncs every shared profile in turn; one profile's failure does not stop the others.
    pub async fn sync_all(&mut self) -> Result<Vec<(String, Result<SyncReport>)>> {
        let mut out = Vec::new();
        for profile in self.store.with(|s| s.shared_profiles())? {
            let result = self.sync_now(&profile).await;
            out.push((profile, result));
        }
        Ok(out)
    }

    /// How syncing `profile` stands, from local state only: last success, changes not yet on
    /// the relay, last error class.
    pub fn sync_status(&mut self, profile: &str) -> Result<SyncOverview> {
        self.store.with(|s| local::overview(s, profile))
    }

    /// The members of `profile`, resolved from their signed entries with the pinned owner. Fetched
    /// from the relay when it can be reached; otherwise the table last fetched (`fresh` false).
    pub async fn members(&mut self, profile: &str) -> Result<Members> {
        let (state, identity) = self.state_and_identity(profile)?;
        let (resolved, fresh) = match self.refresh_members(&identity, &state).await {
            Ok((resolved, _)) => (resolved, true),
            Err(Error::Offline) => (resolved_members(profile, state.owner, &state.membership), false),
            Err(e) => return Err(e),
        };
        self.describe_members(profile, &identity, resolved, fresh)
    }

    /// The member table of `profile` as last fetched from the relay (`fresh` false), from local
    /// state only: for a page that must show at once, with or without the network. A sync
    /// fetches it again when it is older than [`MEMBERS_TTL`].
    pub fn members_cached(&mut self, profile: &str) -> Result<Members> {
        let (state, identity) = self.state_and_identity(profile)?;
        let resolved = resolved_members(profile, state.owner, &state.membership);
        self.describe_members(profile, &identity, resolved, false)
    }

    /// `resolved` in people's words: names, roles, join times and last changes.
    fn describe_members(
        &mut self,
        profile: &str,
        identity: &DeviceIdentity,
        resolved: BTreeMap<DeviceId, ResolvedMember>,
        fresh: bool,
    ) -> Result<Members> {
        let me = identity.id();
        let mut members: Vec<Member> = resolved
            .into_iter()
            .map(|(id, m)| Member {
                device: id,
                role: m.role,
                removed: m.removed,
                this_device: id == me,
                name: None,
                care_role: None,
                joined_at_ms: None,
                last_change_at_ms: None,
            })
            .collect();
        self.store
            .with(|s| super::member_names::describe(s, profile, &mut members))?;
        Ok(Members { members, fresh })
    }

    /// Removes `device` from `profile` (owner only): syncs first, then sends an owner-signed
    /// revocation with a new epoch key sealed to every remaining member (this device included).
    /// Envelopes sealed afterwards use the new epoch. A snapshot in the new epoch follows, so
    /// devices invited later can read the history. Returns the new epoch.
    pub async fn remove_member(&mut self, profile: &str, device: &DeviceId) -> Result<u32> {
        let (state, identity) = self.state_and_identity(profile)?;
        if state.role != Role::Owner {
            return Err(Error::NotPermitted("only the owner removes members"));
        }
        if *device == identity.id() {
            return Err(Error::NotPermitted("the owner cannot remove itself"));
        }
        // Bring this device up to date first: its changes go out under the old key, and the
        // snapshot after the rotation covers everything pulled.
        let report = self.sync_now(profile).await?;
        if report.status == SyncStatus::Offline {
            return Err(Error::Offline);
        }
        let state = self.state(profile)?;
        let (members, _) = self.refresh_members(&identity, &state).await?;
        match members.get(device) {
            Some(m) if !m.removed => {}
            _ => return Err(Error::NotPermitted("that device is not a current member")),
        }
        // The next epoch after the one this device holds an owner-signed key for; never the
        // relay's number (ADR 0007).
        let state = self.state(profile)?;
        let epoch = state
            .epoch
            .checked_add(1)
            .ok_or(Error::Protocol("no epoch left"))?;
        let follows = LogHead::of(&state.membership);
        let revocation = Revocation::issue(&identity, profile, *device, follows, now_ms());
        // The grants follow the log with the removal in it: a member shown a log without it
        // cannot open the new key (ADR 0007).
        let granted_on = follows.advance(&MembershipEntry::Revoked(revocation.clone()));
        let key = EpochKey::generate().map_err(|_| Error::Crypto("no randomness"))?;
        let mut keys = Vec::new();
        for (id, m) in &members {
            if m.removed || id == device {
                continue;
            }
            let sealed = EpochGrant::issue(&identity, profile, epoch, &key, &m.device, granted_on, now_ms())
                .map_err(|_| Error::Protocol("member key"))?;
            keys.push(api::KeyFor { device: *id, sealed });
        }
        let body = api::Revoke {
            revocation,
            epoch,
            keys,
        };
        let response = self
            .call(
                &identity,
                &state.relay_url,
                &Call::post_json(api::revocations(profile), &body)?,
            )
            .await?;
        expect_success(&response)?;
        self.store.with(|s| s.add_epoch_key(profile, epoch, &key))?;
        // Cache the table with the revocation in it; the relay has it even if this fails.
        let state = self.state(profile)?;
        let _ = self.refresh_members(&identity, &state).await;
        // Best effort: without a snapshot, later joiners cannot read envelopes of older epochs.
        let _ = self.post_snapshot(&identity, profile).await;
        Ok(epoch)
    }

    // ---- the steps of a sync -------------------------------------------------------------------

    /// The sync state of `profile` (a local phase of its own).
    fn state(&mut self, profile: &str) -> Result<SyncState> {
        self.store.with(|s| local::state(s, profile))
    }

    /// The sync state of `profile` and this device's identity, read in one local phase.
    fn state_and_identity(&mut self, profile: &str) -> Result<(SyncState, DeviceIdentity)> {
        self.store
            .with(|s| Ok((local::state(s, profile)?, s.device_identity()?)))
    }

    async fn sync_inner(&mut self, profile: &str, report: &mut SyncReport) -> Result<()> {
        let (state, identity, exists) = self.store.with(|s| {
            let state = local::state(s, profile)?;
            Ok((state, s.device_identity()?, s.exists(profile)?))
        })?;
        let stale = state.members_at.is_none_or(|at| {
            now_ms().saturating_sub(at) > i64::try_from(MEMBERS_TTL.as_millis()).unwrap_or(i64::MAX)
        });
        // A device that joined looks until the owner granted it a key.
        let look = stale || state.membership.is_empty() || state.epoch == 0;
        let mut members = if look {
            self.refresh_members(&identity, &state).await?.0
        } else {
            resolved_members(profile, state.owner, &state.membership)
        };
        if self.state(profile)?.epoch == 0 {
            // Joined, and the owner's device has not synced since: nothing to read yet.
            report.status = SyncStatus::WaitingForOwner;
            return self
                .store
                .with(|s| s.record_sync_result(profile, report.notice()));
        }
        if !exists && state.cursor == 0 {
            self.bootstrap_from_snapshot(&identity, profile, &mut members, report)
                .await?;
        }
        self.exchange(&identity, profile, &mut members, report).await
    }

    /// Fetches the signed membership entries, resolves them with the pinned owner and caches
    /// them; learns a newer key epoch if the relay moved on. Returns the table and the relay's
    /// epoch.
    async fn refresh_members(
        &mut self,
        identity: &DeviceIdentity,
        state: &SyncState,
    ) -> Result<(BTreeMap<DeviceId, ResolvedMember>, u32)> {
        let profile = state.profile_id.as_str();
        let served = self.fetch_log(identity, state).await?;
        let resolved = resolved_members(profile, state.owner, &served.entries);
        if resolved.get(&state.owner).is_none_or(|m| m.role != Role::Owner) {
            return Err(Error::Protocol("member list without the owner's certificate"));
        }
        if resolved.get(&identity.id()).is_none_or(|m| m.removed) {
            return Err(Error::NotMember);
        }
        if served.epoch > state.epoch {
            match self.key_for(identity, state, served.epoch).await {
                // Joined, and not granted the key yet: the owner's device grants it when it syncs.
                Err(Error::KeyUnavailable { .. }) if state.epoch == 0 => {}
                other => {
                    other?;
                }
            }
        }
        if state.role == Role::Owner && !served.ungranted.is_empty() {
            self.grant_current_key(identity, state, &served, &resolved)
                .await?;
        }
        Ok((resolved, served.epoch))
    }

    /// Fetches the member entries after those held (ADR 0014), checks the whole log against the
    /// owner's order and the list held before ([`trust::check_served_log`]) and stores it. The
    /// returned `entries` are the whole log.
    async fn fetch_log(&mut self, identity: &DeviceIdentity, state: &SyncState) -> Result<api::Members> {
        let profile = state.profile_id.as_str();
        let cached = self.state(profile)?.membership;
        let held = u64::try_from(cached.len()).unwrap_or(u64::MAX);
        let response = self
            .call(
                identity,
                &state.relay_url,
                &Call::get(api::members_after(profile, held)),
            )
            .await?;
        expect_success(&response)?;
        let mut served: api::Members = protocol::json(&response, "member list")?;
        // An increment goes after what this device holds; a relay that ignored `after` sent all.
        served.entries = trust::whole_log(&cached, served.entries, served.total)?;
        // The owner's order kept and nothing rolled back since the last list (ADR 0007).
        trust::check_served_log(profile, state.owner, &cached, &served.entries)?;
        self.store
            .with(|s| s.set_membership(profile, &served.entries, now_ms()))?;
        Ok(served)
    }

    /// A device that has nothing of the profile yet starts from the relay's latest snapshot, if
    /// there is one it can read, instead of every envelope since the beginning.
    async fn bootstrap_from_snapshot(
        &mut self,
        identity: &DeviceIdentity,
        profile: &str,
        members: &mut BTreeMap<DeviceId, ResolvedMember>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let state = self.state(profile)?;
        let response = self
            .call(
                identity,
                &state.relay_url,
                &Call::get(api::latest_snapshot(profile)),
            )
            .await?;
        match protocol::disposition(&response) {
            Disposition::Success => {}
            // No snapshot (or a relay without snapshots): pull from the start.
            Disposition::Refused { status: 404, .. } => return Ok(()),
            Disposition::Refused { status, class } => return Err(protocol::refusal(status, class)),
            Disposition::Transient { .. } => {
                return Err(Error::RelayUnavailable {
                    status: response.status,
                });
            }
        }
        let latest: api::LatestSnapshot = protocol::json(&response, "snapshot description")?;
        if latest.hash.is_empty() || !latest.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Protocol("snapshot hash"));
        }
        let key = match self.key_for(identity, &state, latest.epoch).await {
            Ok(key) => key,
            // A snapshot this device cannot read: the envelopes may still be readable.
            Err(Error::KeyUnavailable { .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        let response = self
            .call(
                identity,
                &state.relay_url,
                &Call::get(api::snapshot(profile, &latest.hash)),
            )
            .await?;
        expect_success(&response)?;
        let envelope =
            Envelope::from_bytes(&response.body).map_err(|_| Error::Protocol("snapshot envelope"))?;
        if envelope.kind != Kind::Snapshot || envelope.epoch != latest.epoch {
            return Err(Error::Protocol("snapshot envelope"));
        }
        let verified = envelope
            .verified(profile)
            .map_err(|_| Error::Protocol("envelope signature does not verify"))?;
        self.check_author(identity, &state, members, &envelope).await?;
        let plain = protocol::open(&verified, &key)?;
        // One transaction: the profile and the cursor past what its snapshot covers; the relay
        // holds both, so without an fsync of its own (ADR 0019).
        let added = self.store.with(|s| {
            s.atomically_refetchable(|s| {
                if s.exists(profile)? || local::state(s, profile)?.cursor != 0 {
                    // Another sync got there first while the snapshot was on its way.
                    return Ok(0);
                }
                let added = s
                    .create_profile_from_document(profile, &plain)
                    .map_err(|_| Error::Protocol("snapshot is not a profile"))?;
                let heads = s.document(profile)?.heads();
                s.set_sync_cursor(profile, latest.covers, &heads)?;
                Ok(added)
            })
        })?;
        report.pulled += added;
        Ok(())
    }

    /// Accepts an envelope's author or explains why not; refreshes the member table once when the
    /// author is unknown (it may have joined since the table was fetched).
    async fn check_author(
        &mut self,
        identity: &DeviceIdentity,
        state: &SyncState,
        members: &mut BTreeMap<DeviceId, ResolvedMember>,
        envelope: &Envelope,
    ) -> Result<()> {
        let current = self.state(&state.profile_id)?.epoch;
        match protocol::check_author(members, envelope, current) {
            AuthorCheck::Writer => return Ok(()),
            AuthorCheck::Refused => {
                return Err(Error::Protocol("envelope from a member without write access"));
            }
            AuthorCheck::Unknown => {}
        }
        *members = self.refresh_members(identity, state).await?.0;
        let current = self.state(&state.profile_id)?.epoch;
        match protocol::check_author(members, envelope, current) {
            AuthorCheck::Writer => Ok(()),
            _ => Err(Error::Protocol("envelope from a device that is not a writer")),
        }
    }

    /// One sync round trip at a time (ADR 0017): each request pushes what the relay does not
    /// have (the envelope waiting in the outbox, identical bytes, or a new one sealed from the
    /// changes after the relay's heads; viewers push nothing) and pulls the page after the
    /// cursor without this device's own envelopes; further requests, with empty bodies, pull the
    /// pages that follow. Each page is verified whole, then settled in one local phase and one
    /// transaction ([`local::settle`]): merged, the cursor advanced, the push acknowledged and,
    /// after the last request, the sync's success recorded. A crash before its commit pulls the
    /// page again (merging is idempotent) and leaves the envelope in the outbox, pushed again by
    /// the next sync and kept once by the relay.
    async fn exchange(
        &mut self,
        identity: &DeviceIdentity,
        profile: &str,
        members: &mut BTreeMap<DeviceId, ResolvedMember>,
        report: &mut SyncReport,
    ) -> Result<()> {
        // A refusal for a stale epoch or a reused counter drops the envelope and seals again
        // once; a second refusal is an error.
        let mut refusals = 0;
        let mut pushing = true;
        loop {
            let entry = if pushing {
                match self.store.with(|s| local::to_push(s, identity, profile))? {
                    ToPush::Nothing { unsent_read_only } => {
                        report.unsent_read_only = unsent_read_only;
                        pushing = false;
                        None
                    }
                    ToPush::Again => continue,
                    ToPush::Envelope(entry) => Some(entry),
                }
            } else {
                None
            };
            let state = self.state(profile)?;
            let body = entry.as_ref().map(|e| e.envelope.clone()).unwrap_or_default();
            // Repeatable: the relay keeps a pushed envelope once (by author and counter) and
            // answers its first sequence number again; the pull only reads.
            let call = Call::post_bytes(api::sync(profile, state.cursor), body).repeatable();
            let response = self.call(identity, &state.relay_url, &call).await?;
            match protocol::disposition(&response) {
                Disposition::Success => {}
                Disposition::Refused { status: 409, .. } if entry.is_some() => {
                    refusals += 1;
                    if refusals >= 2 {
                        return Err(Error::RelayRefused {
                            status: 409,
                            class: "push refused twice".into(),
                        });
                    }
                    if let Some(entry) = &entry {
                        self.store.with(|s| s.drop_outbox(profile, entry.counter))?;
                    }
                    // Learn the new epoch (and its key) before sealing again.
                    self.refresh_members(identity, &state).await?;
                    continue;
                }
                Disposition::Refused { status, class } => return Err(protocol::refusal(status, class)),
                Disposition::Transient { .. } => {
                    return Err(Error::RelayUnavailable {
                        status: response.status,
                    });
                }
            }
            let pushed = protocol::pushed_seq(&response)?;
            if entry.is_some() && pushed.is_none() {
                // Kept in the outbox: the next sync pushes it again.
                return Err(Error::Protocol("push not acknowledged"));
            }
            let page = protocol::parse_pull(&response, state.cursor)?;
            let held = u64::try_from(state.membership.len()).ok();
            if state.role == Role::Owner && page.members.is_some() && page.members != held {
                // The member list changed (a join): look, and grant the key to whoever joined.
                *members = self.refresh_members(identity, &state).await?.0;
            }
            // Each envelope: signature first (damage in transit refuses the page, to be pulled
            // again), then the author's write role, then its epoch key. An envelope a writer
            // signed that does not open or does not merge is that device's fault: it is skipped
            // (never merged) so it cannot block the family's sync.
            let mut opened: Vec<Vec<u8>> = Vec::with_capacity(page.items.len());
            let mut unreadable = 0;
            for (_, envelope) in &page.items {
                let verified = envelope
                    .verified(profile)
                    .map_err(|_| Error::Protocol("envelope signature does not verify"))?;
                self.check_author(identity, &state, members, envelope).await?;
                let key = self.key_for(identity, &state, envelope.epoch).await?;
                match protocol::open(&verified, &key) {
                    Ok(bytes) => opened.push(bytes),
                    Err(_) => unreadable += 1,
                }
            }
            let response = local::Settle {
                cursor: state.cursor,
                through: page.through,
                more: page.more,
                envelopes: page.items.len(),
                opened: &opened,
                unreadable,
                acked: entry.as_ref().zip(pushed),
            };
            // Counted into a copy: a phase that fails counts nothing.
            let mut after = *report;
            let again = self
                .store
                .with(|s| local::settle(s, profile, &response, &mut after))?;
            *report = after;
            if response.acked.is_some() {
                pushing = false;
            }
            if !again {
                return Ok(());
            }
        }
    }

    /// Seals the whole document as a snapshot in the current epoch and posts it, covering the
    /// envelopes up to the cursor.
    async fn post_snapshot(&mut self, identity: &DeviceIdentity, profile: &str) -> Result<()> {
        let (state, envelope) = self.store.with(|s| local::seal_snapshot(s, identity, profile))?;
        let call = Call::post_bytes(api::post_snapshot(profile, state.cursor), envelope.to_bytes());
        let response = self.call(identity, &state.relay_url, &call).await?;
        expect_success(&response)
    }

    /// Sends `call` through the one relay call helper ([`call::send`]); holds no store.
    async fn call(&self, identity: &DeviceIdentity, relay_url: &str, call: &Call) -> Result<HttpResponse> {
        call::send(self.transport, &self.retry, identity, relay_url, call).await
    }
}

/// What was wrong with a link, in words that carry none of it.
fn link_what(e: &tsunagu_wire::WireError) -> &'static str {
    match e {
        tsunagu_wire::WireError::Malformed(what) | tsunagu_wire::WireError::InvalidKey(what) => what,
        tsunagu_wire::WireError::Version(_) => OLD_INVITE_LINK,
        _ => "invite link",
    }
}

/// What [`Error::InvalidLink`] says of an invite link of an older format (versions 1 and 2: the
/// secret revealed at join, or the epoch key in the link); the CLI words it in the user's
/// language (`sync-old-invite-link`).
pub const OLD_INVITE_LINK: &str = "an older invite link format (it carried the key): ask for a new invite";
