//! Who may read and write a profile, proven by signatures the relay cannot forge.
//!
//! The owner's device id is the trust anchor (it is in every invite link). A member is either
//! certified directly by the owner ([`MemberCert`]) or joined through an invite the owner (or an
//! editor, for viewers) signed ([`InviteCert`] + [`JoinProof`]). Removals are owner-signed
//! [`Revocation`]s. Clients rebuild the member table from these with [`resolve_members`] and accept
//! an envelope only if its author holds a write role there.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::{DeviceId, DeviceIdentity, DevicePublic, bytes_b64, key32, sig64};
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

/// An invite for one role, signed by its issuer. Its id is the SHA-256 of the one-time secret
/// carried in the invite link's fragment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCert {
    /// Profile id.
    pub profile: String,
    /// SHA-256 of the one-time secret.
    #[serde(with = "key32")]
    pub invite_id: [u8; 32],
    /// Role the invite grants.
    pub role: Role,
    /// Expiry, Unix ms.
    pub expires_at_ms: i64,
    /// Issuer.
    pub issuer: DeviceId,
    /// Issuer's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

/// The id of an invite with this secret.
pub fn invite_id(secret: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(secret).into()
}

impl InviteCert {
    fn message(&self) -> Vec<u8> {
        signed_bytes(
            "tsunagu-invite-v1",
            &[
                self.profile.as_bytes(),
                &self.invite_id,
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
            invite_id: invite_id(secret),
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

/// A device's proof that it joined with an invite: the revealed secret, signed by the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinProof {
    /// The invite.
    pub invite: InviteCert,
    /// The one-time secret (revealed at join; the invite is then used up).
    #[serde(with = "bytes_b64")]
    pub secret: Vec<u8>,
    /// The joining device.
    pub device: DevicePublic,
    /// The joining device's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl JoinProof {
    fn message(invite: &InviteCert, secret: &[u8], device: &DevicePublic) -> Vec<u8> {
        signed_bytes(
            "tsunagu-join-v1",
            &[
                invite.profile.as_bytes(),
                &invite.invite_id,
                secret,
                &device.sign,
                &device.agree,
            ],
        )
    }

    /// Makes the proof for `invite` with its `secret`.
    pub fn create(device: &DeviceIdentity, invite: InviteCert, secret: &[u8; 32]) -> Self {
        let public = device.public();
        let signature = device.sign(&Self::message(&invite, secret, &public));
        JoinProof {
            invite,
            secret: secret.to_vec(),
            device: public,
            signature,
        }
    }

    /// Checks the invite's signature, that the secret matches it, and the device's signature.
    pub fn verify(&self) -> Result<()> {
        self.invite.verify()?;
        let secret: [u8; 32] = self
            .secret
            .as_slice()
            .try_into()
            .map_err(|_| WireError::Malformed("join secret"))?;
        if invite_id(&secret) != self.invite.invite_id {
            return Err(WireError::BadSignature("join secret"));
        }
        self.device.id().verify(
            &Self::message(&self.invite, &self.secret, &self.device),
            &self.signature,
            "join",
        )
    }
}

/// An owner-signed removal of a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// Profile id.
    pub profile: String,
    /// Removed device.
    pub device: DeviceId,
    /// When, Unix ms.
    pub issued_at_ms: i64,
    /// Issuer (the owner).
    pub issuer: DeviceId,
    /// Signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl Revocation {
    fn message(&self) -> Vec<u8> {
        signed_bytes(
            "tsunagu-revoke-v1",
            &[
                self.profile.as_bytes(),
                &self.device.0,
                &self.issued_at_ms.to_be_bytes(),
                &self.issuer.0,
            ],
        )
    }

    /// Issues a revocation.
    pub fn issue(issuer: &DeviceIdentity, profile: &str, device: DeviceId, now_ms: i64) -> Self {
        let mut r = Revocation {
            profile: profile.to_owned(),
            device,
            issued_at_ms: now_ms,
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

/// Rebuilds the member table of `profile` from signed entries, trusting only `owner`.
/// Entries that do not verify, name another profile or were issued without authority are
/// ignored (a relay cannot add members or raise a role).
pub fn resolve_members(
    profile: &str,
    owner: DeviceId,
    entries: &[MembershipEntry],
) -> BTreeMap<DeviceId, ResolvedMember> {
    let mut members: BTreeMap<DeviceId, ResolvedMember> = BTreeMap::new();
    // Owner-issued certificates first (the owner's own is self-signed).
    for e in entries {
        if let MembershipEntry::Cert(c) = e
            && c.profile == profile
            && c.issuer == owner
            && c.verify().is_ok()
        {
            if c.role == Role::Owner && c.member.id() != owner {
                continue;
            }
            members.insert(
                c.member.id(),
                ResolvedMember {
                    device: c.member,
                    role: c.role,
                    removed: false,
                },
            );
        }
    }
    // Joins: the invite's issuer must already be a member allowed to invite that role.
    for e in entries {
        if let MembershipEntry::Joined(j) = e {
            if j.invite.profile != profile || j.verify().is_err() {
                continue;
            }
            let issuer_role = if j.invite.issuer == owner {
                Some(Role::Owner)
            } else {
                members
                    .get(&j.invite.issuer)
                    .filter(|m| !m.removed)
                    .map(|m| m.role)
            };
            if issuer_role.is_some_and(|r| r.may_invite(j.invite.role)) {
                members.entry(j.device.id()).or_insert(ResolvedMember {
                    device: j.device,
                    role: j.invite.role,
                    removed: false,
                });
            }
        }
    }
    for e in entries {
        if let MembershipEntry::Revoked(r) = e
            && r.profile == profile
            && r.issuer == owner
            && r.device != owner
            && r.verify().is_ok()
            && let Some(m) = members.get_mut(&r.device)
        {
            m.removed = true;
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_resolve_only_from_valid_authority() {
        let owner = DeviceIdentity::generate().expect("rng");
        let editor = DeviceIdentity::generate().expect("rng");
        let viewer = DeviceIdentity::generate().expect("rng");
        let intruder = DeviceIdentity::generate().expect("rng");
        let p = "p-1";
        let own = MemberCert::issue(&owner, p, owner.public(), Role::Owner, 1);
        let ed = MemberCert::issue(&owner, p, editor.public(), Role::Editor, 2);
        let secret = [7u8; 32];
        let inv = InviteCert::issue(&editor, p, &secret, Role::Viewer, 10_000);
        let join = JoinProof::create(&viewer, inv, &secret);
        // An intruder self-certifying as editor, and an editor inviting an editor, are ignored.
        let forged = MemberCert::issue(&intruder, p, intruder.public(), Role::Editor, 3);
        let secret2 = [8u8; 32];
        let bad_inv = InviteCert::issue(&editor, p, &secret2, Role::Editor, 10_000);
        let bad_join = JoinProof::create(&intruder, bad_inv, &secret2);
        let entries = vec![
            MembershipEntry::Cert(own),
            MembershipEntry::Cert(ed),
            MembershipEntry::Joined(join),
            MembershipEntry::Cert(forged),
            MembershipEntry::Joined(bad_join),
        ];
        let m = resolve_members(p, owner.id(), &entries);
        assert_eq!(m.len(), 3);
        assert_eq!(m[&viewer.id()].role, Role::Viewer);
        assert!(!m.contains_key(&intruder.id()));
        // Removal by the owner marks the member removed; by anyone else it does nothing.
        let mut entries = entries;
        entries.push(MembershipEntry::Revoked(Revocation::issue(
            &editor,
            p,
            viewer.id(),
            5,
        )));
        assert!(!resolve_members(p, owner.id(), &entries)[&viewer.id()].removed);
        entries.push(MembershipEntry::Revoked(Revocation::issue(
            &owner,
            p,
            viewer.id(),
            6,
        )));
        assert!(resolve_members(p, owner.id(), &entries)[&viewer.id()].removed);
    }

    #[test]
    fn join_proof_needs_the_secret() {
        let owner = DeviceIdentity::generate().expect("rng");
        let joiner = DeviceIdentity::generate().expect("rng");
        let inv = InviteCert::issue(&owner, "p-1", &[1; 32], Role::Editor, 1);
        JoinProof::create(&joiner, inv.clone(), &[1; 32])
            .verify()
            .expect("valid");
        assert!(JoinProof::create(&joiner, inv, &[2; 32]).verify().is_err());
    }
}
