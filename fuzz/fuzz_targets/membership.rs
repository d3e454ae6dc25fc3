//! Membership resolution as a property over relay-supplied entry lists: whatever list the relay
//! serves, no device is a current member without the owner's authority, and the owner stays the
//! owner.
//!
//! The relay here holds an honest history (owner-signed certificates, joins, a removal) and the
//! keys of every device except the owner's (a removed editor and strangers colluding with it).
//! The input is a script: replay any honest entry anywhere, sign new certificates, invites, joins
//! and removals with non-owner keys (for this profile or another, expired or not), flip bytes in
//! an honest entry's JSON, or duplicate entries. After `resolve_members`:
//! - the owner is a member, role owner, not removed; nobody else has the owner role;
//! - every current member other than the owner is justified by an entry in the list: an
//!   owner-signed certificate for that role, or a valid join whose invite the owner signed, or one
//!   signed by a member allowed to invite that role and not removed before that join;
//! - no current member has an owner-signed removal anywhere in the list;
//! - if `verify_log` accepts the list and it holds the honest removal, the honest history stands
//!   first, in the owner's order.
//!
//! Keys come from fixed seeds, so crashes reproduce.
#![no_main]

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::DeviceIdentity;
use tsunagu_wire::membership::{
    InviteCert, JoinProof, LogHead, MemberCert, MembershipEntry, Revocation, Role, resolve_members,
    verify_log,
};

const PROFILE: &str = "p-fuzz";
const OWNER: usize = 0;
/// Honest history: the owner certifies device 1 as editor, device 2 joins with the owner's
/// invite, device 3 with device 1's viewer invite, the owner removes device 1, then certifies
/// device 4 as viewer.
const REMOVAL: usize = 4;
/// Longest list a script builds: every entry costs a few signature checks, and coverage
/// instrumentation makes curve25519 arithmetic the bulk of a run; longer lists add little.
const MAX_ENTRIES: usize = 24;

struct World {
    keys: [DeviceIdentity; 5],
    honest: Vec<MembershipEntry>,
}

fn identity(seed: u8) -> DeviceIdentity {
    DeviceIdentity::from_secret_bytes(&[seed; 64]).expect("a 64-byte secret")
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let keys = [identity(1), identity(2), identity(3), identity(4), identity(5)];
        let owner = &keys[OWNER];
        let mut honest = vec![
            MembershipEntry::Cert(MemberCert::issue(owner, PROFILE, owner.public(), Role::Owner, 1)),
            MembershipEntry::Cert(MemberCert::issue(
                owner,
                PROFILE,
                keys[1].public(),
                Role::Editor,
                2,
            )),
        ];
        let invite = InviteCert::issue(owner, PROFILE, &[0xA1; 32], Role::Editor, 1_000);
        honest.push(MembershipEntry::Joined(JoinProof::create(
            &keys[2],
            invite,
            &[0xA1; 32],
            3,
        )));
        let invite = InviteCert::issue(&keys[1], PROFILE, &[0xB2; 32], Role::Viewer, 1_000);
        honest.push(MembershipEntry::Joined(JoinProof::create(
            &keys[3],
            invite,
            &[0xB2; 32],
            4,
        )));
        let removal = Revocation::issue(owner, PROFILE, keys[1].id(), LogHead::of(&honest), 5);
        honest.push(MembershipEntry::Revoked(removal));
        honest.push(MembershipEntry::Cert(MemberCert::issue(
            owner,
            PROFILE,
            keys[4].public(),
            Role::Viewer,
            6,
        )));
        World { keys, honest }
    })
}

fn role(b: u8) -> Role {
    match b % 3 {
        0 => Role::Owner,
        1 => Role::Editor,
        _ => Role::Viewer,
    }
}

/// Reads one byte of the script (0 once it runs out).
fn next(script: &mut &[u8]) -> u8 {
    match script.split_first() {
        Some((&b, rest)) => {
            *script = rest;
            b
        }
        None => 0,
    }
}

/// A device key the relay holds: never the owner's.
fn stolen(w: &World, b: u8) -> &DeviceIdentity {
    &w.keys[1 + usize::from(b % 4)]
}

/// An entry signed or corrupted from its script bytes alone (`args[0]` is the op): certificates,
/// invites with joins, and corrupted honest entries. Ed25519 signatures are deterministic, so
/// these are cached — the fuzzer mutates a few bytes at a time and signing is most of a run.
fn signed(w: &World, args: &[u8]) -> Option<MembershipEntry> {
    let op = args[0];
    let profile = if op & 0x80 == 0 { PROFILE } else { "p-other" };
    let s = &mut &args[1..];
    match op % 7 {
        1 => {
            let signer = stolen(w, next(s));
            let member = w.keys[usize::from(next(s)) % 5].public();
            let role = role(next(s));
            Some(MembershipEntry::Cert(MemberCert::issue(
                signer, profile, member, role, 9,
            )))
        }
        2 => {
            let issuer = stolen(w, next(s));
            let joiner = stolen(w, next(s));
            let role = role(next(s));
            let secret = [next(s); 32];
            let expires = i64::from(next(s) as i8) * 100;
            let joined = i64::from(next(s) as i8) * 100;
            let invite = InviteCert::issue(issuer, profile, &secret, role, expires);
            // Sometimes signed with another secret than the invite's.
            let key = if op & 0x40 == 0 { secret } else { [next(s); 32] };
            Some(MembershipEntry::Joined(JoinProof::create(
                joiner, invite, &key, joined,
            )))
        }
        _ => {
            let i = usize::from(next(s)) % w.honest.len();
            let mut json = serde_json::to_vec(&w.honest[i]).expect("json");
            let at = usize::from(next(s)) * 7 % json.len();
            json[at] ^= next(s) | 1;
            serde_json::from_slice::<MembershipEntry>(&json).ok()
        }
    }
}

fn build(w: &World, mut script: &[u8]) -> Vec<MembershipEntry> {
    static CACHE: OnceLock<Mutex<HashMap<[u8; 8], Option<MembershipEntry>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let mut entries: Vec<MembershipEntry> = Vec::new();
    let s = &mut script;
    while !s.is_empty() && entries.len() < MAX_ENTRIES {
        let op = next(s);
        let args = match op % 7 {
            1 | 4 => 3,
            2 => 6 + usize::from(op & 0x40 != 0),
            _ => 0,
        };
        if args > 0 {
            let mut key = [0u8; 8];
            key[0] = op;
            for k in &mut key[1..=args] {
                *k = next(s);
            }
            let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.len() > 100_000 {
                cache.clear();
            }
            let entry = cache.entry(key).or_insert_with(|| signed(w, &key)).clone();
            entries.extend(entry);
            continue;
        }
        match op % 7 {
            0 | 6 => {
                let i = usize::from(next(s)) % w.honest.len();
                entries.push(w.honest[i].clone());
            }
            3 => {
                let signer = stolen(w, next(s));
                let device = w.keys[usize::from(next(s)) % 5].id();
                let profile = if op & 0x80 == 0 { PROFILE } else { "p-other" };
                let follows = LogHead::of(&entries);
                entries.push(MembershipEntry::Revoked(Revocation::issue(
                    signer, profile, device, follows, 9,
                )));
            }
            _ => {
                if !entries.is_empty() {
                    let i = usize::from(next(s)) % entries.len();
                    entries.push(entries[i].clone());
                }
            }
        }
    }
    entries
}

fn owner_signed_removals(w: &World, entries: &[MembershipEntry]) -> Vec<(usize, tsunagu_wire::DeviceId)> {
    let owner = w.keys[OWNER].id();
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            MembershipEntry::Revoked(r)
                if r.profile == PROFILE && r.issuer == owner && r.verify().is_ok() =>
            {
                Some((i, r.device))
            }
            _ => None,
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    let owner = w.keys[OWNER].id();
    let entries = match data.split_first() {
        // A forged list as the relay would serve it (JSON), after the owner's own certificate.
        Some((0xFF, json)) => {
            let mut entries = vec![w.honest[0].clone()];
            if let Ok(forged) = serde_json::from_slice::<Vec<MembershipEntry>>(json) {
                entries.extend(forged);
            }
            entries
        }
        _ => build(w, data),
    };
    let table = resolve_members(PROFILE, owner, &entries);
    let removals = owner_signed_removals(w, &entries);
    let removed_before = |device, index: usize| removals.iter().any(|&(i, d)| d == device && i < index);

    if entries.contains(&w.honest[0]) {
        let me = table.get(&owner).expect("the owner is a member");
        assert!(!me.removed && me.role == Role::Owner, "the owner stays the owner");
    }
    for (device, member) in &table {
        assert_eq!(member.device.id(), *device);
        if *device == owner {
            continue;
        }
        assert_ne!(member.role, Role::Owner, "only the owner has the owner role");
        if member.removed {
            continue;
        }
        assert!(
            !removals.iter().any(|&(_, d)| d == *device),
            "a device the owner removed is a current member"
        );
        let justified = entries.iter().enumerate().any(|(i, e)| match e {
            MembershipEntry::Cert(c) => {
                c.profile == PROFILE
                    && c.issuer == owner
                    && c.member.id() == *device
                    && c.role == member.role
                    && c.verify().is_ok()
            }
            MembershipEntry::Joined(j) => {
                let issuer = j.invite.issuer;
                j.invite.profile == PROFILE
                    && j.device.id() == *device
                    && j.invite.role == member.role
                    && j.verify().is_ok()
                    && (issuer == owner
                        || (issuer != *device
                            && table.get(&issuer).is_some_and(|m| m.role.may_invite(member.role))
                            && !removed_before(issuer, i)))
            }
            MembershipEntry::Revoked(_) => false,
        });
        assert!(justified, "a member without the owner's authority");
    }
    if removals.iter().any(|&(i, _)| entries[i] == w.honest[REMOVAL])
        && verify_log(PROFILE, owner, &entries).is_ok()
    {
        assert_eq!(
            entries[..=REMOVAL],
            w.honest[..=REMOVAL],
            "the relay moved the owner's history"
        );
    }
});
