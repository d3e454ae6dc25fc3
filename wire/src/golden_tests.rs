//! Golden files for every wire format that outlives a release: committed bytes in
//! `wire/testdata/golden/`, decoded here and re-encoded from fixed inputs to the same bytes. A
//! round trip cannot catch a change made on both sides at once; these do.
//!
//! A deliberate format change regenerates them with `TSUNAGU_BLESS=1 cargo test -p tsunagu-wire
//! golden` — and needs a new version byte or field, since devices and relays of the old version
//! still send the old bytes (ADR 0002). Membership version 2 (ADR 0007: invite keys instead of
//! revealed secrets, joins with a time, removals over the log they follow, owner-signed epoch
//! grants) replaced the v1 invite, join, removal and invite-link files; v1 of those is refused.
//! Invite-link version 3 (issue 14: the link no longer carries the epoch key, which the owner
//! grants after the join) replaced `invite-link-v2.txt`; a v2 link is refused.

use std::path::PathBuf;

use crate::b64;
use crate::crypto::{DeviceIdentity, EpochKey, SealedKey};
use crate::envelope::{Envelope, Kind, decode_batch, encode_batch};
use crate::epoch::{EpochGrant, key_context};
use crate::invite::InviteLink;
use crate::membership::{InviteCert, JoinProof, LogHead, MemberCert, MembershipEntry, Revocation, Role};
use crate::request::{RequestAuth, sign_v1_with_nonce, sign_with_nonce};

const PROFILE: &str = "p-golden0000001";
/// 2026-01-01T00:00:00Z.
const TIME_MS: i64 = 1_767_225_600_000;

/// Compares `bytes` with the committed golden file `name`, or writes it under `TSUNAGU_BLESS=1`.
fn golden(name: &str, bytes: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/golden")
        .join(name);
    if std::env::var_os("TSUNAGU_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create testdata");
        std::fs::write(&path, bytes).expect("write golden file");
        return;
    }
    let expected =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e} (bless with TSUNAGU_BLESS=1)"));
    if expected != bytes {
        let at = expected.iter().zip(bytes).position(|(a, b)| a != b);
        panic!(
            "{name}: the encoding changed (first difference at byte {at:?}, lengths {} → {}). A \
             lasting format changes only with a new version; see this module's doc.",
            expected.len(),
            bytes.len()
        );
    }
}

fn read(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/golden")
        .join(name);
    std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn identity(seed: u8) -> DeviceIdentity {
    let bytes: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(7).wrapping_add(seed)).collect();
    DeviceIdentity::from_secret_bytes(&bytes).expect("64 bytes")
}

fn owner() -> DeviceIdentity {
    identity(1)
}

fn editor() -> DeviceIdentity {
    identity(2)
}

const SECRET: [u8; 32] = [0x5e; 32];

fn invite() -> InviteCert {
    InviteCert::issue(&owner(), PROFILE, &SECRET, Role::Editor, TIME_MS + 7 * 86_400_000)
}

#[test]
fn envelope_v1() {
    let key = EpochKey([0x11; 32]);
    let plaintext = b"automerge change bytes (fixture)";
    let sealed = Envelope::seal_with_nonce(
        Kind::Change,
        PROFILE,
        3,
        &key,
        &editor(),
        42,
        plaintext,
        [0x22; 24],
    )
    .expect("seals");
    golden("envelope-v1.bin", &sealed.to_bytes());

    let decoded = Envelope::from_bytes(&read("envelope-v1.bin")).expect("decodes");
    assert_eq!(decoded, sealed);
    assert_eq!(
        (decoded.kind, decoded.epoch, decoded.counter),
        (Kind::Change, 3, 42)
    );
    assert_eq!(decoded.author, editor().id());
    decoded.verify(PROFILE).expect("signature over the v1 layout");
    assert_eq!(decoded.open(PROFILE, &key).expect("opens"), plaintext);
    assert!(
        decoded.verify("p-other00000001").is_err(),
        "the profile id is signed"
    );
}

#[test]
fn snapshot_envelope_and_batch_v1() {
    let key = EpochKey([0x11; 32]);
    let snapshot =
        Envelope::seal_with_nonce(Kind::Snapshot, PROFILE, 1, &key, &owner(), 1, b"doc", [0x23; 24])
            .expect("seals")
            .to_bytes();
    let items = vec![(7u64, snapshot), (8u64, b"opaque".to_vec())];
    golden("batch-v1.bin", &encode_batch(&items));
    assert_eq!(decode_batch(&read("batch-v1.bin")).expect("decodes"), items);
    let first = Envelope::from_bytes(&items[0].1).expect("decodes");
    assert_eq!(first.kind, Kind::Snapshot);
}

#[test]
fn signed_request_v1() {
    let body = br#"{"after":3}"#;
    let path = "/v1/profiles/p-golden0000001/envelopes?after=3";
    let header = sign_v1_with_nonce(&editor(), "POST", path, body, TIME_MS, [0x33; 16]);
    golden("request-auth-v1.txt", header.as_bytes());

    let text = String::from_utf8(read("request-auth-v1.txt")).expect("utf-8");
    let auth = RequestAuth::parse(&text).expect("parses");
    assert_eq!(auth.device, editor().id());
    assert_eq!(auth.time_ms, TIME_MS);
    assert_eq!(auth.nonce, [0x33; 16]);
    auth.verify("POST", path, body)
        .expect("signature over the v1 message");
    assert!(auth.verify("POST", path, b"{}").is_err(), "the body is signed");
    assert!(auth.verify("GET", path, body).is_err(), "the method is signed");
}

/// The compact header of ADR 0014: the same fields and signature as version 1, packed.
#[test]
fn signed_request_v2() {
    let body = br#"{"after":3}"#;
    let path = "/v1/profiles/p-golden0000001/envelopes?after=3";
    let header = sign_with_nonce(&editor(), "POST", path, body, TIME_MS, [0x33; 16]);
    golden("request-auth-v2.txt", header.as_bytes());

    let text = String::from_utf8(read("request-auth-v2.txt")).expect("utf-8");
    let auth = RequestAuth::parse(&text).expect("parses");
    let v1 = String::from_utf8(read("request-auth-v1.txt")).expect("utf-8");
    assert_eq!(
        auth,
        RequestAuth::parse(&v1).expect("parses"),
        "v1's fields exactly"
    );
    auth.verify("POST", path, body)
        .expect("signature over the v1 message");
    assert!(auth.verify("POST", path, b"{}").is_err(), "the body is signed");
}

#[test]
fn certificates_v1() {
    let member = MemberCert::issue(&owner(), PROFILE, editor().public(), Role::Editor, TIME_MS);
    golden(
        "member-cert-v1.json",
        &serde_json::to_vec_pretty(&member).expect("json"),
    );
    let read_member: MemberCert = serde_json::from_slice(&read("member-cert-v1.json")).expect("decodes");
    assert_eq!(read_member, member);
    read_member.verify().expect("verifies");

    let invite = invite();
    golden(
        "invite-cert-v2.json",
        &serde_json::to_vec_pretty(&invite).expect("json"),
    );
    let read_invite: InviteCert = serde_json::from_slice(&read("invite-cert-v2.json")).expect("decodes");
    assert_eq!(read_invite, invite);
    read_invite.verify().expect("verifies");

    let join = JoinProof::create(&editor(), invite, &SECRET, TIME_MS + 60_000);
    golden(
        "join-proof-v2.json",
        &serde_json::to_vec_pretty(&join).expect("json"),
    );
    let read_join: JoinProof = serde_json::from_slice(&read("join-proof-v2.json")).expect("decodes");
    assert_eq!(read_join, join);
    read_join.verify().expect("verifies");
    assert!(
        !String::from_utf8_lossy(&read("join-proof-v2.json")).contains(&b64::encode(SECRET)),
        "the invite secret never leaves the joiner"
    );

    let owner_cert = MemberCert::issue(&owner(), PROFILE, owner().public(), Role::Owner, TIME_MS);
    let follows = LogHead::of(&[
        MembershipEntry::Cert(owner_cert.clone()),
        MembershipEntry::Joined(join.clone()),
    ]);
    let revocation = Revocation::issue(&owner(), PROFILE, editor().id(), follows, TIME_MS + 120_000);
    golden(
        "revocation-v2.json",
        &serde_json::to_vec_pretty(&revocation).expect("json"),
    );
    let read_revocation: Revocation = serde_json::from_slice(&read("revocation-v2.json")).expect("decodes");
    assert_eq!(read_revocation, revocation);
    read_revocation.verify().expect("verifies");

    // The member list as the relay serves it: tagged entries.
    let entries = vec![
        MembershipEntry::Cert(owner_cert),
        MembershipEntry::Joined(join),
        MembershipEntry::Revoked(revocation),
    ];
    golden(
        "membership-entries-v2.json",
        &serde_json::to_vec_pretty(&entries).expect("json"),
    );
    let read_entries: Vec<MembershipEntry> =
        serde_json::from_slice(&read("membership-entries-v2.json")).expect("decodes");
    assert_eq!(read_entries, entries);
    assert_eq!(
        LogHead::of(&read_entries[..2]),
        follows,
        "the log hash chain is stable"
    );
}

#[test]
fn sealed_key_v1() {
    let key = EpochKey([0x66; 32]);
    let context = b"p-golden0000001/epoch/2";
    let sealed = key
        .seal_to_with(&editor().public(), context, [0x44; 32], [0x55; 24])
        .expect("seals");
    golden(
        "sealed-key-v1.json",
        &serde_json::to_vec_pretty(&sealed).expect("json"),
    );
    let read_sealed: SealedKey = serde_json::from_slice(&read("sealed-key-v1.json")).expect("decodes");
    assert_eq!(read_sealed, sealed);
    assert_eq!(
        editor().open_sealed(&read_sealed, context).expect("opens").0,
        key.0
    );
    assert!(
        owner().open_sealed(&read_sealed, context).is_err(),
        "only the recipient opens it"
    );
}

#[test]
fn invite_link_v3() {
    let link = InviteLink {
        relay: "https://relay.example.jp".into(),
        profile: PROFILE.into(),
        role: Role::Editor,
        secret: SECRET,
        owner: owner().id(),
    };
    let invite = invite();
    golden("invite-link-v3.txt", link.to_url_with_invite(&invite).as_bytes());
    let text = String::from_utf8(read("invite-link-v3.txt")).expect("utf-8");
    let (parsed, parsed_invite) = InviteLink::parse_with_invite(&text).expect("parses");
    assert_eq!(parsed, link);
    assert_eq!(parsed_invite, Some(invite));
    // The secret stays in the fragment, which browsers never send; no epoch key travels at all.
    let (before, fragment) = text.split_once('#').expect("has a fragment");
    assert!(!before.contains(&b64::encode(SECRET)));
    assert!(!fragment.contains("&k=") && !fragment.contains("&e="));
}

#[test]
fn epoch_grant_v2() {
    let key = EpochKey([0x66; 32]);
    let epoch = 2;
    let follows = LogHead::of(&[MembershipEntry::Cert(MemberCert::issue(
        &owner(),
        PROFILE,
        owner().public(),
        Role::Owner,
        TIME_MS,
    ))]);
    let sealed = key
        .seal_to_with(
            &editor().public(),
            &key_context(PROFILE, epoch),
            [0x44; 32],
            [0x55; 24],
        )
        .expect("seals");
    let mut grant = EpochGrant {
        profile: PROFILE.into(),
        epoch,
        recipient: editor().id(),
        sealed,
        follows,
        issued_at_ms: TIME_MS,
        issuer: owner().id(),
        signature: [0; 64],
    };
    grant.signature = owner().sign(&grant.message());
    golden(
        "epoch-grant-v2.json",
        &serde_json::to_vec_pretty(&grant).expect("json"),
    );
    let read_grant: EpochGrant = serde_json::from_slice(&read("epoch-grant-v2.json")).expect("decodes");
    assert_eq!(read_grant, grant);
    read_grant
        .verify(PROFILE, owner().id(), epoch)
        .expect("owner-signed");
    assert_eq!(
        read_grant
            .open(&editor(), PROFILE, owner().id(), epoch)
            .expect("opens")
            .0,
        key.0
    );
    assert!(
        read_grant.verify(PROFILE, editor().id(), epoch).is_err(),
        "only the owner grants keys"
    );
}

/// An envelope whose plaintext was DEFLATE-compressed (ADR 0018, kind byte `0x80`). Pinned on
/// the reading side: DEFLATE has many valid encodings of one input and a newer miniz_oxide may
/// pick another (which every reader still inflates), so sealing is checked to round-trip, and
/// the committed file must always parse, verify and open to these bytes.
#[test]
fn deflated_envelope_v1() {
    let key = EpochKey([0x11; 32]);
    let plaintext: Vec<u8> = [0x85, 0x6f, 0x4a, 0x83]
        .into_iter()
        .chain(
            r#"{"v":1,"by":"母","ops":[{"op":"set","path":"evacuation.route"}]} "#
                .repeat(3)
                .into_bytes(),
        )
        .collect();
    let sealed = Envelope::seal_with_nonce(
        Kind::Change,
        PROFILE,
        3,
        &key,
        &editor(),
        43,
        &plaintext,
        [0x24; 24],
    )
    .expect("seals");
    assert!(sealed.deflated);
    assert_eq!(sealed.open(PROFILE, &key).expect("opens"), plaintext);
    if std::env::var_os("TSUNAGU_BLESS").is_some() {
        golden("envelope-deflated-v1.bin", &sealed.to_bytes());
    }

    let committed = read("envelope-deflated-v1.bin");
    assert_eq!(committed[1], 0x80, "a change, compressed");
    let decoded = Envelope::from_bytes(&committed).expect("decodes");
    assert_eq!(
        (decoded.kind, decoded.deflated, decoded.epoch, decoded.counter),
        (Kind::Change, true, 3, 43)
    );
    decoded
        .verify(PROFILE)
        .expect("signature over the flagged kind byte");
    assert_eq!(decoded.open(PROFILE, &key).expect("opens"), plaintext);
    assert!(
        committed.len() < plaintext.len() + 154,
        "smaller than sealed as it is"
    );
}
