//! Membership resolution as a property over relay-supplied entry lists: whatever entries the
//! relay serves — forged JSON, or real signatures by every key but the owner's — the owner stays
//! the owner, and no device becomes a member without the owner having signed for it.
//!
//! The input is either JSON (a forged list, mode byte 0) or a script of entries really signed by
//! three non-owner devices (certificates, invites and joins, revocations, for this profile or
//! another). Reproducible: keys come from fixed seeds.
//! h14-trust rewrites the resolver; this target drives today's `resolve_members`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::DeviceIdentity;
use tsunagu_wire::membership::{
    InviteCert, JoinProof, MemberCert, MembershipEntry, Revocation, Role, resolve_members,
};

const PROFILE: &str = "p-fuzz";

fn identity(seed: u8) -> DeviceIdentity {
    DeviceIdentity::from_secret_bytes(&[seed; 64]).expect("a 64-byte secret")
}

fn keys() -> &'static [DeviceIdentity; 4] {
    static KEYS: OnceLock<[DeviceIdentity; 4]> = OnceLock::new();
    KEYS.get_or_init(|| [identity(1), identity(2), identity(3), identity(4)])
}

fn role(b: u8) -> Role {
    match b % 4 {
        0 => Role::Owner,
        1 => Role::Editor,
        2 => Role::Viewer,
        _ => Role::Editor,
    }
}

fuzz_target!(|data: &[u8]| {
    let keys = keys();
    let owner = &keys[0];
    let mut entries = vec![MembershipEntry::Cert(MemberCert::issue(
        owner,
        PROFILE,
        owner.public(),
        Role::Owner,
        0,
    ))];
    match data.split_first() {
        Some((0, json)) => {
            if let Ok(forged) = serde_json::from_slice::<Vec<MembershipEntry>>(json) {
                entries.extend(forged);
            }
        }
        _ => {
            for (n, op) in data.chunks_exact(4).enumerate() {
                // Signers are never the owner (index 0): keys 1..=3 only.
                let signer = &keys[1 + usize::from(op[1] % 3)];
                let target = &keys[usize::from(op[2] % 4)];
                let profile = if op[3] & 0x80 == 0 { PROFILE } else { "p-other" };
                let secret = [n as u8; 32];
                entries.push(match op[0] % 4 {
                    0 => MembershipEntry::Cert(MemberCert::issue(signer, profile, target.public(), role(op[3]), 1)),
                    1 => {
                        let invite = InviteCert::issue(signer, profile, &secret, role(op[3]), i64::MAX);
                        MembershipEntry::Joined(JoinProof::create(target, invite, &secret))
                    }
                    2 => MembershipEntry::Revoked(Revocation::issue(signer, profile, target.id(), 2)),
                    _ => {
                        // A join whose proof names another secret than its invite's.
                        let invite = InviteCert::issue(signer, profile, &secret, role(op[3]), i64::MAX);
                        MembershipEntry::Joined(JoinProof::create(target, invite, &[op[3]; 32]))
                    }
                });
            }
        }
    }
    let table = resolve_members(PROFILE, owner.id(), &entries);
    let me = table.get(&owner.id()).expect("the owner is always a member");
    assert!(!me.removed && me.role == Role::Owner, "the owner stays the owner");
    for (device, member) in &table {
        assert!(
            *device == owner.id() || member.removed,
            "a member without the owner's authority: {member:?}"
        );
    }
});
