//! The sync endpoints as ADR 0002 lists them: their paths, query strings, JSON bodies and the
//! pull page's header, compiled by both the client (`tsunagu_core::sync`) and the relay, so
//! neither keeps a copy of the other's types. The types inside the bodies (certificates, proofs,
//! sealed keys, membership entries) are this crate's own.
//!
//! Field order is the order the bytes have always had on the wire: request bodies in the order
//! the client wrote them, response bodies in the (alphabetical) order the relay wrote them.
//! Unknown fields are ignored in both directions, as they always were.

use serde::{Deserialize, Serialize};

use crate::crypto::DeviceId;
use crate::epoch::EpochGrant;
use crate::membership::{InviteCert, JoinProof, MemberCert, MembershipEntry, Revocation};

/// Envelopes a client asks for per pull request.
pub const PULL_LIMIT: u32 = 500;

/// The header of a pull response saying more envelopes follow (value `true`). Lowercase, as
/// HTTP/2 requires and `http::HeaderName::from_static` accepts; header names match in any case.
pub const MORE_HEADER: &str = "x-tsunagu-more";

/// The header of a pull response giving how many membership entries the profile has. A hint: the
/// owner fetches the member list when it differs from the one it holds, so a device that joined
/// gets its key grant at the owner's next sync (ADR 0007). A relay lying here only delays.
pub const MEMBERS_HEADER: &str = "x-tsunagu-members";

/// The header of a pull response with `own=false` giving the sequence number the page reached
/// when that is past its last envelope (the caller's own envelopes were left out after it): the
/// client's next cursor. A relay lying here withholds, as it could by leaving envelopes out.
pub const THROUGH_HEADER: &str = "x-tsunagu-through";

/// The header of a sync response ([`sync`]) acknowledging the pushed envelope: the sequence
/// number the relay assigned it (or had assigned it, for a retried push). Absent when the
/// request pushed nothing. A relay lying here withholds (ADR 0017).
pub const PUSHED_HEADER: &str = "x-tsunagu-pushed";

/// `POST /v1/profiles`: register a profile ([`CreateProfile`] → [`ProfileCreated`]).
pub fn profiles() -> String {
    "/v1/profiles".to_owned()
}

/// `GET /v1/profiles/{p}/members` ([`Members`]); `POST` the same path adds a member
/// ([`AddMember`]).
pub fn members(profile: &str) -> String {
    format!("/v1/profiles/{profile}/members")
}

/// `GET /v1/profiles/{p}/members?after=N` ([`MembersQuery`]): only the entries after the first
/// `held` ones, which the client already holds and checked ([`Members::total`] says how many
/// the relay has in all). ADR 0014.
pub fn members_after(profile: &str, held: u64) -> String {
    format!("/v1/profiles/{profile}/members?after={held}")
}

/// `POST /v1/profiles/{p}/invites` ([`CreateInvite`]).
pub fn invites(profile: &str) -> String {
    format!("/v1/profiles/{profile}/invites")
}

/// `POST /v1/join` ([`Join`] → [`Joined`]).
pub fn join() -> String {
    "/v1/join".to_owned()
}

/// `POST /v1/profiles/{p}/revocations` ([`Revoke`] → [`Revoked`]).
pub fn revocations(profile: &str) -> String {
    format!("/v1/profiles/{profile}/revocations")
}

/// `GET /v1/profiles/{p}/keys/{epoch}` ([`Key`]).
pub fn key(profile: &str, epoch: u32) -> String {
    format!("/v1/profiles/{profile}/keys/{epoch}")
}

/// `POST /v1/profiles/{p}/keys`: the owner grants the current epoch key to members that joined
/// in it ([`Grants`] → [`Granted`]).
pub fn grants(profile: &str) -> String {
    format!("/v1/profiles/{profile}/keys")
}

/// `POST /v1/profiles/{p}/envelopes`: push one envelope (body: its bytes; → [`Pushed`]).
pub fn push(profile: &str) -> String {
    format!("/v1/profiles/{profile}/envelopes")
}

/// `GET /v1/profiles/{p}/envelopes?after=S&limit=N` ([`PullQuery`]; body: an envelope batch,
/// [`MORE_HEADER`] when more follow).
pub fn pull(profile: &str, after: u64, limit: u32) -> String {
    format!("/v1/profiles/{profile}/envelopes?after={after}&limit={limit}")
}

/// [`pull`] without the caller's own envelopes (`own=false`, ADR 0014): the relay leaves out
/// what the requesting device wrote and says with [`THROUGH_HEADER`] how far the page reached.
pub fn pull_others(profile: &str, after: u64, limit: u32) -> String {
    format!("/v1/profiles/{profile}/envelopes?after={after}&limit={limit}&own=false")
}

/// `POST /v1/profiles/{p}/sync?after=S` ([`SyncQuery`], ADR 0017): one request per sync round.
/// The body is the one change envelope to push (its bytes) or empty; the relay appends it first
/// (as `POST …/envelopes` would), then answers the pull page after `S` without the caller's own
/// envelopes (as `GET …/envelopes?own=false` would) and, when it appended or already held the
/// pushed envelope, its sequence number in [`PUSHED_HEADER`].
pub fn sync(profile: &str, after: u64) -> String {
    format!("/v1/profiles/{profile}/sync?after={after}")
}

/// `POST /v1/profiles/{p}/snapshots?covers=S` ([`SnapshotQuery`]; body: the snapshot envelope's
/// bytes; → [`SnapshotStored`]).
pub fn post_snapshot(profile: &str, covers: u64) -> String {
    format!("/v1/profiles/{profile}/snapshots?covers={covers}")
}

/// `GET /v1/profiles/{p}/snapshots/latest` ([`LatestSnapshot`]).
pub fn latest_snapshot(profile: &str) -> String {
    format!("/v1/profiles/{profile}/snapshots/latest")
}

/// `GET /v1/profiles/{p}/snapshots/{hash}` (body: the snapshot envelope's bytes).
pub fn snapshot(profile: &str, hash: &str) -> String {
    format!("/v1/profiles/{profile}/snapshots/{hash}")
}

/// The context a sealed epoch key is bound to: `"{profile}/{epoch}"`.
pub fn key_context(profile: &str, epoch: u32) -> Vec<u8> {
    crate::epoch::key_context(profile, epoch)
}

/// Body of `POST /v1/profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateProfile {
    /// Profile id.
    pub profile: String,
    /// The owner's self-signed certificate.
    pub owner: MemberCert,
}

/// Response of `POST /v1/profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileCreated {
    /// The first key epoch (1).
    pub epoch: u32,
    /// Profile id.
    pub profile: String,
}

/// Response of `GET /v1/profiles/{p}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    /// Current key epoch.
    pub epoch: u32,
    /// Signed membership entries: all of them, or those after the `after` of [`MembersQuery`].
    pub entries: Vec<MembershipEntry>,
    /// How many entries the relay holds in all; given when the request had `after` (ADR 0014),
    /// so the client can tell an increment from a whole list and a rolled-back log from a
    /// current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// For the owner only: the current members the relay holds no grant of the current epoch's
    /// key for (devices that joined in it), so the owner can grant it ([`Grants`]). Only a hint:
    /// a relay that lies here delays a member, as it could by withholding the grant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ungranted: Vec<DeviceId>,
}

/// Query of `GET /v1/profiles/{p}/members`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MembersQuery {
    /// How many entries the client holds: only the entries after them are sent.
    pub after: Option<u64>,
}

/// Body of `POST /v1/profiles/{p}/members`: the owner certifies a device (or changes its role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddMember {
    /// The owner-signed certificate.
    pub cert: MemberCert,
}

/// Body of `POST /v1/profiles/{p}/invites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateInvite {
    /// The signed invite.
    pub invite: InviteCert,
}

/// Body of `POST /v1/join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Join {
    /// The joining device's proof.
    pub proof: JoinProof,
}

/// Response of `POST /v1/join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    /// Current key epoch.
    pub epoch: u32,
    /// Profile id.
    pub profile: String,
}

/// One member's copy of a new epoch key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFor {
    /// The member.
    pub device: DeviceId,
    /// The key sealed to it, in an owner-signed grant (ADR 0007).
    pub sealed: EpochGrant,
}

/// Body of `POST /v1/profiles/{p}/revocations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoke {
    /// The owner-signed removal.
    pub revocation: Revocation,
    /// The new epoch (current + 1).
    pub epoch: u32,
    /// The new key sealed to every remaining member.
    pub keys: Vec<KeyFor>,
}

/// Body of `POST /v1/profiles/{p}/keys`: the owner's grants of the current epoch key to members
/// that joined in it (the invite link carries no key, ADR 0007).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants {
    /// The epoch (the profile's current one).
    pub epoch: u32,
    /// The key sealed to each member, in owner-signed grants.
    pub keys: Vec<KeyFor>,
}

/// Response of `POST /v1/profiles/{p}/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Granted {
    /// How many grants were new (a grant already held for a device is kept, not replaced).
    pub stored: usize,
}

/// Response of `POST /v1/profiles/{p}/revocations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    /// The profile's new key epoch.
    pub epoch: u32,
}

/// Response of `GET /v1/profiles/{p}/keys/{epoch}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The owner's grant of the epoch key to the caller (ADR 0007).
    pub sealed: EpochGrant,
}

/// Response of `POST /v1/profiles/{p}/envelopes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    /// Sequence number assigned.
    pub seq: u64,
}

/// Query of `GET /v1/profiles/{p}/envelopes`; both parts may be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PullQuery {
    /// The cursor: envelopes with a greater sequence number are sent (0 when absent).
    pub after: Option<u64>,
    /// The most envelopes wanted (the relay's own limit when absent, and at most that).
    pub limit: Option<u64>,
    /// `false`: leave out the requesting device's own envelopes (ADR 0014). Absent: send all.
    pub own: Option<bool>,
}

/// Query of `POST /v1/profiles/{p}/sync` ([`sync`]); both parts may be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncQuery {
    /// The cursor: envelopes with a greater sequence number are sent (0 when absent).
    pub after: Option<u64>,
    /// The most envelopes wanted (the relay's own limit when absent, and at most that).
    pub limit: Option<u64>,
}

/// Query of `POST /v1/profiles/{p}/snapshots`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotQuery {
    /// The sequence number the snapshot covers.
    pub covers: u64,
}

/// Response of `POST /v1/profiles/{p}/snapshots`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotStored {
    /// Content hash (SHA-256 hex of the envelope's bytes).
    pub hash: String,
}

/// Response of `GET /v1/profiles/{p}/snapshots/latest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestSnapshot {
    /// Sequence number the snapshot covers.
    pub covers: u64,
    /// Key epoch it is sealed with.
    pub epoch: u32,
    /// Content hash (SHA-256 hex).
    pub hash: String,
}

/// Error body of every refusal: `{"error": "<class>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Error class, no content.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).expect("serializes")
    }

    #[test]
    fn responses_keep_the_bytes_the_relay_always_wrote() {
        // The relay used to build these with `serde_json::json!`, whose keys come out sorted.
        let joined = Joined {
            epoch: 2,
            profile: "p-1".to_owned(),
        };
        assert_eq!(json(&joined), r#"{"epoch":2,"profile":"p-1"}"#);
        let latest = LatestSnapshot {
            covers: 7,
            epoch: 1,
            hash: "ab".to_owned(),
        };
        assert_eq!(json(&latest), r#"{"covers":7,"epoch":1,"hash":"ab"}"#);
        let created = ProfileCreated {
            epoch: 1,
            profile: "p".to_owned(),
        };
        assert_eq!(json(&created), r#"{"epoch":1,"profile":"p"}"#);
        assert_eq!(json(&Revoked { epoch: 3 }), r#"{"epoch":3}"#);
        assert_eq!(json(&Pushed { seq: 9 }), r#"{"seq":9}"#);
        let stored = SnapshotStored {
            hash: "cd".to_owned(),
        };
        assert_eq!(json(&stored), r#"{"hash":"cd"}"#);
        let error = ErrorBody {
            error: "not_member".to_owned(),
        };
        assert_eq!(json(&error), r#"{"error":"not_member"}"#);
    }

    #[test]
    fn paths_are_the_adr_s() {
        assert_eq!(profiles(), "/v1/profiles");
        assert_eq!(join(), "/v1/join");
        assert_eq!(members("p"), "/v1/profiles/p/members");
        assert_eq!(key("p", 3), "/v1/profiles/p/keys/3");
        assert_eq!(pull("p", 4, 5), "/v1/profiles/p/envelopes?after=4&limit=5");
        assert_eq!(
            pull_others("p", 4, 5),
            "/v1/profiles/p/envelopes?after=4&limit=5&own=false"
        );
        assert_eq!(sync("p", 4), "/v1/profiles/p/sync?after=4");
        assert_eq!(members_after("p", 3), "/v1/profiles/p/members?after=3");
        assert_eq!(post_snapshot("p", 6), "/v1/profiles/p/snapshots?covers=6");
        assert_eq!(key_context("p", 2), b"p/2");
    }
}
