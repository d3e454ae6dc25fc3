//! Membership endpoints: create a profile, list and add members, invites, joins, revocations and
//! sealed keys. Every record stored is signed by someone the relay cannot impersonate; before
//! storing one, the relay checks it would take effect under `resolve_members`, so what it keeps
//! is what clients will accept.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{LogHead, MembershipEntry, Role, resolve_members};
use tsunagu_wire::sync::{
    AddMember, CreateInvite, CreateProfile, Granted, Grants, Join, Joined, Key, Members, MembersQuery,
    ProfileCreated, Revoke, Revoked,
};

use super::error::ApiError;
use super::extract::{Params, QueryParams, Signed, json};
use super::quota::{self, Adding};
use super::{RelayState, valid_profile_id};
use crate::now_ms;
use crate::store::{CreateInviteOutcome, JoinOutcome, RevokeOutcome};

/// A `201 Created` answer with its JSON body.
type Created<T = Value> = (StatusCode, Json<T>);

/// `POST /v1/profiles`: the owner registers a profile with its self-signed owner certificate.
pub(super) async fn create_profile(
    State(state): State<RelayState>,
    signed: Signed,
) -> Result<Created<ProfileCreated>, ApiError> {
    let body: CreateProfile = json(&signed.body)?;
    if !valid_profile_id(&body.profile) {
        return Err(ApiError::MALFORMED);
    }
    let cert = &body.owner;
    let owner = signed.device;
    if cert.profile != body.profile
        || cert.role != Role::Owner
        || cert.issuer != owner
        || cert.member.id() != owner
        || cert.verify().is_err()
    {
        return Err(ApiError::BAD_CERTIFICATE);
    }
    quota::check(&state, &owner, Adding::Profile).await?;
    let entry = MembershipEntry::Cert(body.owner);
    let profile = body.profile;
    let created = state
        .write(|s| s.create_profile(&profile, &owner, &entry, now_ms()))
        .await?;
    if !created {
        return Err(ApiError::CONFLICT);
    }
    Ok((StatusCode::CREATED, Json(ProfileCreated { epoch: 1, profile })))
}

/// `GET /v1/profiles/{p}/members[?after=N]`: the signed entries (all, or those after the first
/// `N` with the total count, ADR 0014) and the current epoch; for the owner, also the current
/// members without a grant of the current epoch's key (joined in it).
pub(super) async fn list_members(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    QueryParams(query): QueryParams<MembersQuery>,
    signed: Signed,
) -> Result<Json<Members>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let epoch = access.record.epoch;
    let owner = access.record.owner;
    let mut ungranted = Vec::new();
    if signed.device == owner {
        let granted = state.read(|s| s.granted(&profile, epoch)).await?;
        ungranted = access
            .members
            .table
            .iter()
            .filter(|(id, m)| !m.removed && **id != owner && !granted.contains(id))
            .map(|(id, _)| *id)
            .collect();
    }
    let all = &access.members.entries;
    let (entries, total) = match query.after {
        None => (all.clone(), None),
        Some(after) => {
            // Past the end (a client holding more than the relay): nothing, and the total tells.
            let from = usize::try_from(after).unwrap_or(usize::MAX).min(all.len());
            (all[from..].to_vec(), u64::try_from(all.len()).ok())
        }
    };
    Ok(Json(Members {
        epoch,
        entries,
        total,
        ungranted,
    }))
}

/// `POST /v1/profiles/{p}/members`: the owner certifies a device (or changes its role).
pub(super) async fn add_member(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Created, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    if !access.role.can_manage() {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    quota::check(
        &state,
        &signed.device,
        Adding::MemberEntry(access.members.entries.len()),
    )
    .await?;
    let AddMember { cert } = json(&signed.body)?;
    if cert.profile != profile
        || cert.issuer != access.record.owner
        || cert.role == Role::Owner
        || cert.verify().is_err()
    {
        return Err(ApiError::BAD_CERTIFICATE);
    }
    let (member, role) = (cert.member.id(), cert.role);
    let entry = MembershipEntry::Cert(cert);
    if !takes_effect(
        &profile,
        access.record.owner,
        &access.members.entries,
        &entry,
        member,
        role,
    ) {
        // A removed device stays removed: certifying it again would do nothing.
        return Err(ApiError::CONFLICT);
    }
    let stored = state
        .write(|s| s.add_member_entry(&profile, &entry, now_ms()))
        .await?;
    if !stored {
        return Err(ApiError::NOT_FOUND);
    }
    Ok((StatusCode::CREATED, Json(json!({}))))
}

/// True when appending `entry` makes `device` a current member with `role`.
fn takes_effect(
    profile: &str,
    owner: DeviceId,
    entries: &[MembershipEntry],
    entry: &MembershipEntry,
    device: DeviceId,
    role: Role,
) -> bool {
    let mut all = entries.to_vec();
    all.push(entry.clone());
    resolve_members(profile, owner, &all)
        .get(&device)
        .is_some_and(|m| !m.removed && m.role == role)
}

/// `POST /v1/profiles/{p}/invites`: the owner (any role but owner) or an editor (viewers only)
/// stores an invite it signed.
pub(super) async fn create_invite(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Created, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let CreateInvite { invite } = json(&signed.body)?;
    if invite.profile != profile || invite.issuer != signed.device || invite.verify().is_err() {
        return Err(ApiError::BAD_CERTIFICATE);
    }
    if !access.role.may_invite(invite.role) {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    let now = now_ms();
    if invite.expires_at_ms <= now {
        return Err(ApiError::INVITE_ALREADY_EXPIRED);
    }
    quota::check(&state, &signed.device, Adding::Invite(&profile)).await?;
    match state.write(|s| s.create_invite(&invite, now)).await? {
        CreateInviteOutcome::Created => Ok((StatusCode::CREATED, Json(json!({})))),
        CreateInviteOutcome::Exists => Err(ApiError::CONFLICT),
        CreateInviteOutcome::UnknownProfile => Err(ApiError::NOT_FOUND),
    }
}

/// `POST /v1/join`: a new device proves an invite with the invite key derived from its secret
/// (never the secret itself) and its own new key; the invite is used up. A retry by the same
/// device answers the same.
pub(super) async fn join(State(state): State<RelayState>, signed: Signed) -> Result<Json<Joined>, ApiError> {
    let Join { proof } = json(&signed.body)?;
    let device = proof.device.id();
    if device != signed.device {
        return Err(ApiError::AUTHOR_MISMATCH);
    }
    match proof.verify() {
        Ok(()) => {}
        // Signed after the invite's expiry: every client would refuse it too.
        Err(tsunagu_wire::WireError::Expired(_)) => return Err(ApiError::INVITE_EXPIRED),
        Err(_) => return Err(ApiError::BAD_CERTIFICATE),
    }
    let invite_id = proof.invite.invite_key;
    let stored = state
        .write(|s| s.invite(&invite_id))
        .await?
        .filter(|stored| stored.cert == proof.invite)
        .ok_or(ApiError::NOT_FOUND)?;
    let profile = stored.cert.profile.clone();
    let (record, members) = state.members(&profile).await?.ok_or(ApiError::NOT_FOUND)?;
    let current = members.table.get(&device);
    if current.is_some_and(|m| m.removed) {
        return Err(ApiError::REMOVED);
    }
    if stored.used_by.is_some_and(|by| by != device) {
        return Err(ApiError::INVITE_USED);
    }
    if stored.used_by != Some(device) {
        if current.is_some() {
            // Already a member: using the invite would change nothing and waste it.
            return Err(ApiError::CONFLICT);
        }
        quota::check(&state, &device, Adding::MemberEntry(members.entries.len())).await?;
        let role = proof.invite.role;
        let entry = MembershipEntry::Joined(proof.clone());
        if !takes_effect(&profile, record.owner, &members.entries, &entry, device, role) {
            // The issuer may no longer invite this role (removed, or an editor inviting an editor).
            return Err(ApiError::FORBIDDEN_ROLE);
        }
    }
    let entry = MembershipEntry::Joined(proof);
    let outcome = state
        .write(|s| s.consume_invite(&invite_id, &device, &entry, now_ms()))
        .await?;
    match outcome {
        JoinOutcome::Joined { epoch } | JoinOutcome::AlreadyJoined { epoch } => {
            Ok(Json(Joined { epoch, profile }))
        }
        JoinOutcome::Used => Err(ApiError::INVITE_USED),
        JoinOutcome::Expired => Err(ApiError::INVITE_EXPIRED),
        JoinOutcome::Unknown => Err(ApiError::NOT_FOUND),
    }
}

/// `POST /v1/profiles/{p}/revocations`: the owner removes a device, moves to the next epoch and
/// hands its key, in owner-signed grants, to the remaining members, all at once. The revocation
/// must follow the log as stored (else `409`: the owner looks again), and the removed device's
/// unused invites are voided.
pub(super) async fn revoke(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Json<Revoked>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    if !access.role.can_manage() {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    let Revoke {
        revocation,
        epoch,
        keys,
    } = json(&signed.body)?;
    let owner = access.record.owner;
    if revocation.profile != profile
        || revocation.issuer != owner
        || revocation.device == owner
        || revocation.verify().is_err()
    {
        return Err(ApiError::BAD_CERTIFICATE);
    }
    if revocation.follows != LogHead::of(&access.members.entries) {
        return Err(ApiError::CONFLICT);
    }
    let table = &access.members.table;
    match table.get(&revocation.device) {
        None => return Err(ApiError::NOT_FOUND),
        Some(m) if m.removed => return Err(ApiError::CONFLICT),
        Some(_) => {}
    }
    let from_epoch = access.record.epoch;
    if from_epoch.checked_add(1) != Some(epoch) {
        return Err(ApiError::STALE_EPOCH);
    }
    let mut recipients = std::collections::BTreeSet::new();
    for k in &keys {
        let current = table.get(&k.device).is_some_and(|m| !m.removed);
        if !current || k.device == revocation.device || !recipients.insert(k.device) {
            // Keys go only to remaining members, once each.
            return Err(ApiError::MALFORMED);
        }
        if k.sealed.recipient != k.device || k.sealed.verify(&profile, owner, epoch).is_err() {
            return Err(ApiError::BAD_CERTIFICATE);
        }
    }
    let keys: Vec<(DeviceId, EpochGrant)> = keys.into_iter().map(|k| (k.device, k.sealed)).collect();
    let entry = MembershipEntry::Revoked(revocation);
    let outcome = state
        .write(|s| s.revoke(&profile, &entry, from_epoch, &keys, now_ms()))
        .await?;
    match outcome {
        RevokeOutcome::Revoked { epoch } => Ok(Json(Revoked { epoch })),
        RevokeOutcome::StaleEpoch { .. } => Err(ApiError::STALE_EPOCH),
        RevokeOutcome::LogMoved => Err(ApiError::CONFLICT),
        RevokeOutcome::UnknownProfile => Err(ApiError::NOT_FOUND),
    }
}

/// `POST /v1/profiles/{p}/keys`: the owner grants the current epoch's key to members that
/// joined in it (the invite link carries no key, ADR 0007). Each grant must be the owner's, for
/// the current epoch, addressed to a current member; one already held is kept.
pub(super) async fn grant_keys(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Created<Granted>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let owner = access.record.owner;
    if signed.device != owner {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    let Grants { epoch, keys } = json(&signed.body)?;
    if epoch != access.record.epoch {
        return Err(ApiError::STALE_EPOCH);
    }
    let table = &access.members.table;
    let mut recipients = std::collections::BTreeSet::new();
    for k in &keys {
        let current = table.get(&k.device).is_some_and(|m| !m.removed);
        if !current || k.device == owner || !recipients.insert(k.device) {
            return Err(ApiError::MALFORMED);
        }
        if k.sealed.recipient != k.device || k.sealed.verify(&profile, owner, epoch).is_err() {
            return Err(ApiError::BAD_CERTIFICATE);
        }
    }
    let keys: Vec<(DeviceId, EpochGrant)> = keys.into_iter().map(|k| (k.device, k.sealed)).collect();
    let stored = state
        .write(|s| s.add_grants(&profile, epoch, &keys))
        .await?
        .ok_or(ApiError::STALE_EPOCH)?;
    Ok((StatusCode::CREATED, Json(Granted { stored })))
}

/// `GET /v1/profiles/{p}/keys/{epoch}`: the owner's grant of the epoch key to the caller.
pub(super) async fn sealed_key(
    State(state): State<RelayState>,
    Params((profile, epoch)): Params<(String, u32)>,
    signed: Signed,
) -> Result<Json<Key>, ApiError> {
    state.require_member(&profile, &signed.device).await?;
    let device = signed.device;
    let sealed = state
        .read(|s| s.sealed_key(&profile, epoch, &device))
        .await?
        .ok_or(ApiError::NOT_FOUND)?;
    Ok(Json(Key { sealed }))
}
