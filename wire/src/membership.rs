//! Who may read and write a profile, proven by signatures the relay cannot forge.
//!
//! The owner's device id is the trust anchor (it is in every invite link). A member is either
//! certified directly by the owner ([`MemberCert`]) or joined through an invite the owner (or an
//! editor, for viewers) signed ([`InviteCert`] + [`JoinProof`], signed with a key derived from the
//! invite's secret, which never leaves the joining device). Removals are owner-signed
//! [`Revocation`]s that name the log they follow ([`LogHead`]). Clients rebuild the member table
//! in log order with [`resolve_members`], check the relay kept the owner's order with
//! [`verify_log`] and that it did not roll the log back with [`extends`] (ADR 0007).

use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::{Signer, SigningKey};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::{DeviceId, DeviceIdentity, DevicePublic, key32, sig64};
use crate::error::{Result, WireError};

/// A member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads only.
    Viewer,
    /// Reads and writes.
    Editor,
    /// Reads, writes, manages members and keys.
    Owner,
}

impl Role {
    /// May push changes.
    pub fn can_write(self) -> bool {
        self >= Role::Editor
    }
    /// May add and remove members and rotate keys.
    pub fn can_manage(self) -> bool {
        self == Role::Owner
    }
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Owner => "owner",
        }
    }
    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "owner" => Some(Role::Owner),
            _ => None,
        }
    }
    /// Roles a member with this role may invite.
    pub fn may_invite(self, role: Role) -> bool {
        match self {
            Role::Owner => role != Role::Owner,
            Role::Editor => role == Role::Viewer,
            Role::Viewer => false,
        }
    }
}

fn signed_bytes(tag: &str, fields: &[&[u8]]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(tag.as_bytes());
    m.push(0);
    for f in fields {
        m.extend_from_slice(&(f.len() as u32).to_be_bytes());
        m.extend_from_slice(f);
    }
    m
}

/// A member certified directly by the owner (the owner's own record is self-signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCert {
    /// Profile id.
    pub profile: String,
    /// The member's device keys.
    pub member: DevicePublic,
    /// The role granted.
    pub role: Role,
    /// When, Unix ms.
    pub issued_at_ms: i64,
    /// Issuing device (the owner).
    pub issuer: DeviceId,
    /// Issuer's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl MemberCert {
    fn message(&self) -> Vec<u8> {
        signed_bytes(
            "tsunagu-member-v1",
            &[
                self.profile.as_bytes(),
                &self.member.sign,
                &self.member.agree,
                self.role.as_str().as_bytes(),
                &self.issued_at_ms.to_be_bytes(),
                &self.issuer.0,
            ],
        )
    }

    /// Issues a certificate signed by `issuer`.
    pub fn issue(
        issuer: &DeviceIdentity,
        profile: &str,
        member: DevicePublic,
        role: Role,
        now_ms: i64,
    ) -> Self {
        let mut c = MemberCert {
            profile: profile.to_owned(),
            member,
            role,
            issued_at_ms: now_ms,
            issuer: issuer.id(),
            signature: [0; 64],
        };
        c.signature = issuer.sign(&c.message());
        c
    }

    /// Checks the signature.
    pub fn verify(&self) -> Result<()> {
        self.issuer
            .verify(&self.message(), &self.signature, "member certificate")
    }
}

/// An invite for one role, signed by its issuer. Its key is an Ed25519 public key derived from
/// the one-time secret carried in the invite link's fragment ([`invite_key`]): the joining device
/// proves it holds the secret by signing with the derived key, so the secret itself never leaves
/// it (format 2; format 1 carried `invite_id` = SHA-256 of the secret and is refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteCert {
    /// Profile id.
    pub profile: String,
    /// The invite's public key, derived from the one-time secret; also the invite's id.
    #[serde(with = "key32")]
    pub invite_key: [u8; 32],
    /// Role the invite grants.
    pub role: Role,
    /// Expiry, Unix ms. A join signed later is void for every client.
    pub expires_at_ms: i64,
    /// Issuer.
    pub issuer: DeviceId,
    /// Issuer's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

fn invite_signing_key(secret: &[u8; 32]) -> SigningKey {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    // HKDF-SHA256 expanding 32 bytes cannot fail (the limit is 255 × 32).
    let _ = Hkdf::<Sha256>::new(None, secret).expand(b"tsunagu invite key v2", seed.as_mut());
    SigningKey::from_bytes(&seed)
}

/// The public invite key (and invite id) of an invite with this secret.
pub fn invite_key(secret: &[u8; 32]) -> [u8; 32] {
    invite_signing_key(secret).verifying_key().to_bytes()
}

impl InviteCert {
    fn message(&self) -> Vec<u8> {
        signed_bytes(
            "tsunagu-invite-v2",
            &[
                self.profile.as_bytes(),
                &self.invite_key,
                self.role.as_str().as_bytes(),
                &self.expires_at_ms.to_be_bytes(),
                &self.issuer.0,
            ],
        )
    }

    /// Issues an invite for `secret`.
    pub fn issue(
        issuer: &DeviceIdentity,
        profile: &str,
        secret: &[u8; 32],
        role: Role,
        expires_at_ms: i64,
    ) -> Self {
        let mut c = InviteCert {
            profile: profile.to_owned(),
            invite_key: invite_key(secret),
            role,
            expires_at_ms,
            issuer: issuer.id(),
            signature: [0; 64],
        };
        c.signature = issuer.sign(&c.message());
        c
    }

    /// Checks the signature.
    pub fn verify(&self) -> Result<()> {
        self.issuer.verify(&self.message(), &self.signature, "invite")
    }
}

/// A device's proof that it joined with an invite: the joining device and the time of joining,
/// signed by the invite key (only the holder of the secret can) and by the device. The secret is
/// not in it, so neither the relay nor any member learns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinProof {
    /// The invite.
    pub invite: InviteCert,
    /// The joining device.
    pub device: DevicePublic,
    /// When the device joined, Unix ms (at most the invite's expiry).
    pub joined_at_ms: i64,
    /// Signature by the invite key.
    #[serde(with = "sig64")]
    pub invite_signature: [u8; 64],
    /// The joining device's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl JoinProof {
    fn message(invite: &InviteCert, device: &DevicePublic, joined_at_ms: i64) -> Vec<u8> {
        signed_bytes(
            "tsunagu-join-v2",
            &[
                invite.profile.as_bytes(),
                &invite.invite_key,
                invite.role.as_str().as_bytes(),
                &invite.issuer.0,
                &device.sign,
                &device.agree,
                &joined_at_ms.to_be_bytes(),
            ],
        )
    }

    /// Makes the proof for `invite` with its `secret`, at `now_ms`.
    pub fn create(device: &DeviceIdentity, invite: InviteCert, secret: &[u8; 32], now_ms: i64) -> Self {
        let public = device.public();
        let message = Self::message(&invite, &public, now_ms);
        JoinProof {
            invite_signature: invite_signing_key(secret).sign(&message).to_bytes(),
            signature: device.sign(&message),
            invite,
            device: public,
            joined_at_ms: now_ms,
        }
    }

    /// Checks the invite's signature, the invite key's and the device's signatures, and that the
    /// join was signed before the invite expired.
    pub fn verify(&self) -> Result<()> {
        self.invite.verify()?;
        let message = Self::message(&self.invite, &self.device, self.joined_at_ms);
        DeviceId(self.invite.invite_key).verify(&message, &self.invite_signature, "join (invite key)")?;
        self.device.id().verify(&message, &self.signature, "join")?;
        if self.joined_at_ms > self.invite.expires_at_ms {
            return Err(WireError::Expired("invite"));
        }
        Ok(())
    }
}

/// An owner-signed removal of a device. It names the membership log it follows ([`LogHead`]), so a
/// relay cannot move a join made afterwards (with an invite the removed device signed) in front
/// of it without every client noticing ([`verify_log`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Profile id.
    pub profile: String,
    /// Removed device.
    pub device: DeviceId,
    /// When, Unix ms.
    pub issued_at_ms: i64,
    /// The membership log this removal follows.
    pub follows: LogHead,
    /// Issuer (the owner).
    pub issuer: DeviceId,
    /// Signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl Revocation {
    fn message(&self) -> Vec<u8> {
        signed_bytes(
            "tsunagu-revoke-v2",
            &[
                self.profile.as_bytes(),
                &self.device.0,
                &self.issued_at_ms.to_be_bytes(),
                &self.follows.len.to_be_bytes(),
                &self.follows.hash,
                &self.issuer.0,
            ],
        )
    }

    /// Issues a revocation following the log `follows`.
    pub fn issue(
        issuer: &DeviceIdentity,
        profile: &str,
        device: DeviceId,
        follows: LogHead,
        now_ms: i64,
    ) -> Self {
        let mut r = Revocation {
            profile: profile.to_owned(),
            device,
            issued_at_ms: now_ms,
            follows,
            issuer: issuer.id(),
            signature: [0; 64],
        };
        r.signature = issuer.sign(&r.message());
        r
    }

    /// Checks the signature.
    pub fn verify(&self) -> Result<()> {
        self.issuer.verify(&self.message(), &self.signature, "revocation")
    }
}

/// A position in a membership log: how many entries, and a hash chain over them
/// (`h0 = 0³²`, `hᵢ₊₁ = SHA-256("tsunagu-membership-log-v1\0" ‖ hᵢ ‖ JSON(entryᵢ))`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    /// Number of entries.
    pub len: u64,
    /// Hash chain over them.
    #[serde(with = "key32")]
    pub hash: [u8; 32],
}

impl LogHead {
    /// The head after one more entry.
    pub fn advance(&self, entry: &MembershipEntry) -> Self {
        let mut h = Sha256::new();
        h.update(b"tsunagu-membership-log-v1\0");
        h.update(self.hash);
        // Serializing these plain structs to JSON cannot fail (no maps with non-string keys).
        h.update(serde_json::to_vec(entry).unwrap_or_default());
        LogHead {
            len: self.len + 1,
            hash: h.finalize().into(),
        }
    }

    /// The head of a whole log.
    pub fn of(entries: &[MembershipEntry]) -> Self {
        entries.iter().fold(LogHead::default(), |h, e| h.advance(e))
    }
}

/// One entry of a profile's membership record as the relay serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MembershipEntry {
    /// Certified by the owner.
    Cert(MemberCert),
    /// Joined with an invite.
    Joined(JoinProof),
    /// Removed by the owner.
    Revoked(Revocation),
}

/// A member as resolved by a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMember {
    /// Device keys.
    pub device: DevicePublic,
    /// Role.
    pub role: Role,
    /// True once the owner removed it.
    pub removed: bool,
}

/// Rebuilds the member table of `profile` from signed entries in log order, trusting only
/// `owner`. Entries that do not verify, name another profile or were issued without authority at
/// their place in the log are ignored: a certificate must be the owner's; a join needs an invite
/// whose issuer was a current member allowed to invite that role at that point, signed before the
/// invite expired, and only the first join per invite counts; a removed device stays removed and
/// every later join with its invites is void. Linear in the number of entries (× log n).
/// Owner-signed removals apply wherever they stand; whether the relay kept them in the place the
/// owner signed is [`verify_log`]'s question.
pub fn resolve_members(
    profile: &str,
    owner: DeviceId,
    entries: &[MembershipEntry],
) -> BTreeMap<DeviceId, ResolvedMember> {
    let mut members: BTreeMap<DeviceId, ResolvedMember> = BTreeMap::new();
    let mut used_invites: BTreeSet<[u8; 32]> = BTreeSet::new();
    let mut removed: BTreeSet<DeviceId> = BTreeSet::new();
    for e in entries {
        match e {
            MembershipEntry::Cert(c) => {
                let id = c.member.id();
                if c.profile != profile
                    || c.issuer != owner
                    || (c.role == Role::Owner) != (id == owner)
                    || removed.contains(&id)
                    || c.verify().is_err()
                {
                    continue;
                }
                members.insert(
                    id,
                    ResolvedMember {
                        device: c.member,
                        role: c.role,
                        removed: false,
                    },
                );
            }
            MembershipEntry::Joined(j) => {
                let id = j.device.id();
                if j.invite.profile != profile
                    || used_invites.contains(&j.invite.invite_key)
                    || members.contains_key(&id)
                    || removed.contains(&id)
                    || j.verify().is_err()
                {
                    continue;
                }
                used_invites.insert(j.invite.invite_key);
                let issuer_role = members
                    .get(&j.invite.issuer)
                    .filter(|m| !m.removed)
                    .map(|m| m.role);
                if issuer_role.is_some_and(|r| r.may_invite(j.invite.role)) {
                    members.insert(
                        id,
                        ResolvedMember {
                            device: j.device,
                            role: j.invite.role,
                            removed: false,
                        },
                    );
                }
            }
            MembershipEntry::Revoked(r) => {
                if r.profile == profile && r.issuer == owner && r.device != owner && r.verify().is_ok() {
                    removed.insert(r.device);
                    if let Some(m) = members.get_mut(&r.device) {
                        m.removed = true;
                    }
                }
            }
        }
    }
    members
}

/// Checks that the relay kept the owner's order: every owner-signed removal stands exactly after
/// the log it names, and the log starts with the owner's self-signed certificate. Returns the
/// head of the whole log. A failure means the relay reordered, dropped or inserted entries.
pub fn verify_log(profile: &str, owner: DeviceId, entries: &[MembershipEntry]) -> Result<LogHead> {
    match entries.first() {
        Some(MembershipEntry::Cert(c))
            if c.profile == profile
                && c.issuer == owner
                && c.member.id() == owner
                && c.role == Role::Owner
                && c.verify().is_ok() => {}
        _ => return Err(WireError::Tampered("membership log (owner certificate)")),
    }
    let mut head = LogHead::default();
    for e in entries {
        if let MembershipEntry::Revoked(r) = e
            && r.profile == profile
            && r.issuer == owner
            && r.verify().is_ok()
            && r.follows != head
        {
            return Err(WireError::Tampered("membership log (order)"));
        }
        head = head.advance(e);
    }
    Ok(head)
}

/// True when `newer` extends `older` (the same entries first): a relay serving a log that does not
/// is rolling it back or showing a fork.
pub fn extends(older: &[MembershipEntry], newer: &[MembershipEntry]) -> bool {
    newer.len() >= older.len() && newer[..older.len()] == *older
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> DeviceIdentity {
        DeviceIdentity::generate().expect("rng")
    }

    const P: &str = "p-1";
    const LATER: i64 = 10_000;

    fn own(owner: &DeviceIdentity) -> MembershipEntry {
        MembershipEntry::Cert(MemberCert::issue(owner, P, owner.public(), Role::Owner, 1))
    }

    fn join(issuer: &DeviceIdentity, joiner: &DeviceIdentity, role: Role, secret: u8) -> MembershipEntry {
        let inv = InviteCert::issue(issuer, P, &[secret; 32], role, LATER);
        MembershipEntry::Joined(JoinProof::create(joiner, inv, &[secret; 32], 5))
    }

    fn revoke(owner: &DeviceIdentity, device: DeviceId, log: &[MembershipEntry]) -> MembershipEntry {
        MembershipEntry::Revoked(Revocation::issue(owner, P, device, LogHead::of(log), 6))
    }

    #[test]
    fn members_resolve_only_from_valid_authority() {
        let (owner, editor, viewer, intruder) = (id(), id(), id(), id());
        let ed = MemberCert::issue(&owner, P, editor.public(), Role::Editor, 2);
        // An intruder self-certifying as editor, and an editor inviting an editor, are ignored.
        let forged = MemberCert::issue(&intruder, P, intruder.public(), Role::Editor, 3);
        let mut entries = vec![
            own(&owner),
            MembershipEntry::Cert(ed),
            join(&editor, &viewer, Role::Viewer, 7),
            MembershipEntry::Cert(forged),
            join(&editor, &intruder, Role::Editor, 8),
        ];
        let m = resolve_members(P, owner.id(), &entries);
        assert_eq!(m.len(), 3);
        assert_eq!(m[&viewer.id()].role, Role::Viewer);
        assert!(!m.contains_key(&intruder.id()));
        verify_log(P, owner.id(), &entries).expect("in order");
        // Removal by the owner marks the member removed; by anyone else it does nothing.
        entries.push(MembershipEntry::Revoked(Revocation::issue(
            &editor,
            P,
            viewer.id(),
            LogHead::of(&entries),
            5,
        )));
        assert!(!resolve_members(P, owner.id(), &entries)[&viewer.id()].removed);
        entries.push(revoke(&owner, viewer.id(), &entries));
        assert!(resolve_members(P, owner.id(), &entries)[&viewer.id()].removed);
        verify_log(P, owner.id(), &entries).expect("in order");
    }

    #[test]
    fn join_proof_needs_the_invite_key_and_keeps_the_secret() {
        let (owner, joiner) = (id(), id());
        let inv = InviteCert::issue(&owner, P, &[1; 32], Role::Editor, LATER);
        let proof = JoinProof::create(&joiner, inv.clone(), &[1; 32], 5);
        proof.verify().expect("valid");
        let json = serde_json::to_string(&proof).expect("json");
        assert!(
            !json.contains(&crate::b64::encode([1u8; 32])),
            "the secret is not in the proof"
        );
        // A wrong secret signs with a key that is not the invite's.
        assert!(
            JoinProof::create(&joiner, inv.clone(), &[2; 32], 5)
                .verify()
                .is_err()
        );
        // Signed after the expiry.
        assert_eq!(
            JoinProof::create(&joiner, inv, &[1; 32], LATER + 1).verify(),
            Err(WireError::Expired("invite"))
        );
    }

    #[test]
    fn one_join_per_invite() {
        let (owner, a, b) = (id(), id(), id());
        let entries = vec![
            own(&owner),
            join(&owner, &a, Role::Editor, 3),
            join(&owner, &b, Role::Editor, 3),
        ];
        let m = resolve_members(P, owner.id(), &entries);
        assert!(m.contains_key(&a.id()) && !m.contains_key(&b.id()));
    }

    #[test]
    fn a_removed_editors_invites_are_void_after_its_removal() {
        let (owner, editor, early, late) = (id(), id(), id(), id());
        let mut entries = vec![
            own(&owner),
            MembershipEntry::Cert(MemberCert::issue(&owner, P, editor.public(), Role::Editor, 2)),
            join(&editor, &early, Role::Viewer, 4),
        ];
        entries.push(revoke(&owner, editor.id(), &entries));
        entries.push(join(&editor, &late, Role::Viewer, 5));
        let m = resolve_members(P, owner.id(), &entries);
        assert!(m[&editor.id()].removed);
        assert!(
            m.contains_key(&early.id()),
            "joined while the editor was a member"
        );
        assert!(!m.contains_key(&late.id()), "joined after the editor's removal");
        verify_log(P, owner.id(), &entries).expect("in order");
        // A relay moving the late join in front of the removal is caught.
        let mut moved = entries.clone();
        let late_join = moved.pop().expect("late join");
        moved.insert(3, late_join);
        assert!(resolve_members(P, owner.id(), &moved).contains_key(&late.id()));
        assert_eq!(
            verify_log(P, owner.id(), &moved),
            Err(WireError::Tampered("membership log (order)"))
        );
        // A removed device cannot be certified or joined again.
        let mut again = entries.clone();
        again.push(MembershipEntry::Cert(MemberCert::issue(
            &owner,
            P,
            editor.public(),
            Role::Editor,
            9,
        )));
        again.push(join(&owner, &editor, Role::Editor, 6));
        assert!(resolve_members(P, owner.id(), &again)[&editor.id()].removed);
    }

    #[test]
    fn logs_must_start_with_the_owner_and_only_grow() {
        let (owner, other) = (id(), id());
        let entries = vec![own(&owner), join(&owner, &other, Role::Viewer, 1)];
        assert!(verify_log(P, owner.id(), &entries[1..]).is_err());
        assert!(verify_log(P, other.id(), &entries).is_err());
        assert!(extends(&entries[..1], &entries));
        assert!(!extends(&entries, &entries[..1]));
        assert_eq!(LogHead::of(&entries).len, 2);
        assert_ne!(LogHead::of(&entries), LogHead::of(&entries[..1]));
    }

    #[test]
    fn version_1_records_are_refused() {
        let v1 = r#"{"profile":"p","invite_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","role":"viewer","expires_at_ms":1,"issuer":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","signature":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert!(serde_json::from_str::<InviteCert>(v1).is_err());
    }
}
