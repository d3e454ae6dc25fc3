//! The relay's endpoints as ADR 0002 lists them: their paths and their JSON bodies, as the client
//! sends and reads them. Sans-I/O.
//!
//! The body shapes are the ADR's table; the types inside them (certificates, proofs, sealed keys,
//! membership entries) are `tsunagu-wire`'s, so nothing of their format is repeated here.

use serde::{Deserialize, Serialize};
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, JoinProof, MembershipEntry, Revocation};
use tsunagu_wire::{DeviceId, MemberCert};

/// Envelopes asked for per pull request.
pub const PULL_LIMIT: u32 = 500;

/// `POST /v1/profiles`
pub fn profiles() -> String {
    "/v1/profiles".to_owned()
}

/// `GET /v1/profiles/{p}/members`
pub fn members(profile: &str) -> String {
    format!("/v1/profiles/{profile}/members")
}

/// `POST /v1/profiles/{p}/invites`
pub fn invites(profile: &str) -> String {
    format!("/v1/profiles/{profile}/invites")
}

/// `POST /v1/join`
pub fn join() -> String {
    "/v1/join".to_owned()
}

/// `POST /v1/profiles/{p}/revocations`
pub fn revocations(profile: &str) -> String {
    format!("/v1/profiles/{profile}/revocations")
}

/// `GET /v1/profiles/{p}/keys/{epoch}`
pub fn key(profile: &str, epoch: u32) -> String {
    format!("/v1/profiles/{profile}/keys/{epoch}")
}

/// `POST /v1/profiles/{p}/envelopes`
pub fn push(profile: &str) -> String {
    format!("/v1/profiles/{profile}/envelopes")
}

/// `GET /v1/profiles/{p}/envelopes?after=S&limit=N`
pub fn pull(profile: &str, after: u64, limit: u32) -> String {
    format!("/v1/profiles/{profile}/envelopes?after={after}&limit={limit}")
}

/// `POST /v1/profiles/{p}/snapshots?covers=S`
pub fn post_snapshot(profile: &str, covers: u64) -> String {
    format!("/v1/profiles/{profile}/snapshots?covers={covers}")
}

/// `GET /v1/profiles/{p}/snapshots/latest`
pub fn latest_snapshot(profile: &str) -> String {
    format!("/v1/profiles/{profile}/snapshots/latest")
}

/// `GET /v1/profiles/{p}/snapshots/{hash}`
pub fn snapshot(profile: &str, hash: &str) -> String {
    format!("/v1/profiles/{profile}/snapshots/{hash}")
}

/// Header telling that more envelopes follow a pull page.
pub const MORE_HEADER: &str = "X-Tsunagu-More";

/// Body of `POST /v1/profiles`.
#[derive(Debug, Serialize, Deserialize)]
pub struct CreateProfile {
    /// Profile id.
    pub profile: String,
    /// The owner's self-signed certificate.
    pub owner: MemberCert,
}

/// Response of `GET /v1/profiles/{p}/members`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Members {
    /// Current key epoch.
    pub epoch: u32,
    /// Signed membership entries.
    pub entries: Vec<MembershipEntry>,
}

/// Body of `POST /v1/profiles/{p}/invites`.
#[derive(Debug, Serialize, Deserialize)]
pub struct CreateInvite {
    /// The signed invite.
    pub invite: InviteCert,
}

/// Body of `POST /v1/join`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Join {
    /// The joining device's proof.
    pub proof: JoinProof,
}

/// Response of `POST /v1/join`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Joined {
    /// Profile id.
    pub profile: String,
    /// Current key epoch.
    pub epoch: u32,
}

/// One member's copy of a new epoch key.
#[derive(Debug, Serialize, Deserialize)]
pub struct KeyFor {
    /// The member.
    pub device: DeviceId,
    /// The key sealed to it, in an owner-signed grant.
    pub sealed: EpochGrant,
}

/// Body of `POST /v1/profiles/{p}/revocations`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Revoke {
    /// The owner-signed removal.
    pub revocation: Revocation,
    /// The new epoch (current + 1).
    pub epoch: u32,
    /// The new key sealed to every remaining member.
    pub keys: Vec<KeyFor>,
}

/// Response of `GET /v1/profiles/{p}/keys/{epoch}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Key {
    /// The owner's grant of the epoch key to the caller.
    pub sealed: EpochGrant,
}

/// Response of `POST /v1/profiles/{p}/envelopes`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Pushed {
    /// Sequence number assigned.
    pub seq: u64,
}

/// Response of `GET /v1/profiles/{p}/snapshots/latest`.
#[derive(Debug, Serialize, Deserialize)]
pub struct LatestSnapshot {
    /// Content hash (SHA-256 hex).
    pub hash: String,
    /// Sequence number the snapshot covers.
    pub covers: u64,
    /// Key epoch it is sealed with.
    pub epoch: u32,
}

/// Error body of every refusal.
#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Error class, no content.
    pub error: String,
}

/// The context a sealed epoch key is bound to: `"{profile}/{epoch}"`.
pub fn key_context(profile: &str, epoch: u32) -> Vec<u8> {
    tsunagu_wire::epoch::key_context(profile, epoch)
}
