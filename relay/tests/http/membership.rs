//! Profiles, members, invites, joins and revocations, checked by roles the relay resolves with the
//! same rules clients apply.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::LogHead;
use tsunagu_wire::membership::{
    InviteCert, JoinProof, MemberCert, MembershipEntry, Revocation, Role, resolve_members,
};
use tsunagu_wire::{DeviceIdentity, EpochKey};

use crate::client::{Device, Shared, TestRelay, now_ms, ok_json, refused};

async fn a_profile_is_created_once_by_its_self_certified_owner() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-create").await;
    // Again, by anyone: the id exists.
    let other = relay.device();
    let cert = MemberCert::issue(
        &other.identity,
        "p-create",
        other.identity.public(),
        Role::Owner,
        1,
    );
    refused(
        other
            .post_json("/v1/profiles", &json!({ "profile": "p-create", "owner": cert }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // A certificate for someone else, a non-owner role, another profile, or a bad id.
    let someone = DeviceIdentity::generate().expect("rng");
    let for_someone = MemberCert::issue(&other.identity, "p-new", someone.public(), Role::Owner, 1);
    let editor_role = MemberCert::issue(&other.identity, "p-new", other.identity.public(), Role::Editor, 1);
    let wrong_profile = MemberCert::issue(&other.identity, "p-else", other.identity.public(), Role::Owner, 1);
    for cert in [for_someone, editor_role, wrong_profile] {
        refused(
            other
                .post_json("/v1/profiles", &json!({ "profile": "p-new", "owner": cert }))
                .await,
            StatusCode::BAD_REQUEST,
            "bad_certificate",
        )
        .await;
    }
    let cert = MemberCert::issue(&other.identity, "../x", other.identity.public(), Role::Owner, 1);
    refused(
        other
            .post_json("/v1/profiles", &json!({ "profile": "../x", "owner": cert }))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    refused(
        other
            .post_json("/v1/profiles", &json!({ "profile": "p-new" }))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;

    // The owner reads the member list and resolves it like a client.
    let listed = ok_json(shared.owner.get(&shared.path("/members")).await, StatusCode::OK).await;
    assert_eq!(listed["epoch"], 1);
    let entries: Vec<MembershipEntry> = serde_json::from_value(listed["entries"].clone()).expect("entries");
    let members = resolve_members(&shared.profile, shared.owner.identity.id(), &entries);
    assert_eq!(members[&shared.owner.identity.id()].role, Role::Owner);
    // Incremental (ADR 0014): the entries after a count, with the total.
    let editor = shared.join(&relay, Role::Editor).await;
    let after = ok_json(editor.get(&shared.path("/members?after=1")).await, StatusCode::OK).await;
    assert_eq!(after["total"], 2);
    let tail: Vec<MembershipEntry> = serde_json::from_value(after["entries"].clone()).expect("entries");
    let all = ok_json(editor.get(&shared.path("/members")).await, StatusCode::OK).await;
    assert!(all.get("total").is_none(), "a whole list as before");
    let whole: Vec<MembershipEntry> = serde_json::from_value(all["entries"].clone()).expect("entries");
    assert_eq!(whole.len(), 2);
    assert_eq!(tail, whole[1..]);
    for past_the_end in ["2", "7", "18446744073709551615"] {
        let none = ok_json(
            editor
                .get(&shared.path(&format!("/members?after={past_the_end}")))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (none["total"].as_u64(), none["entries"].as_array().map(Vec::len)),
            (Some(2), Some(0))
        );
    }
    refused(
        shared.owner.get("/v1/profiles/p-missing/members").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn strangers_get_403_and_viewers_read_but_cannot_write() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-roles").await;
    let stranger = relay.device();
    for path in ["/members", "/envelopes", "/snapshots/latest", "/keys/1"] {
        refused(
            stranger.get(&shared.path(path)).await,
            StatusCode::FORBIDDEN,
            "not_member",
        )
        .await;
    }
    let env = shared.envelope(&stranger, 1, &shared.key, 1, b"intrusion");
    refused(
        shared.push(&stranger, &env).await,
        StatusCode::FORBIDDEN,
        "not_member",
    )
    .await;

    let viewer = shared.join(&relay, Role::Viewer).await;
    let env = shared.envelope(&viewer, 1, &shared.key, 1, b"viewer edit");
    refused(
        shared.push(&viewer, &env).await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    assert_eq!(
        viewer.get(&shared.path("/envelopes")).await.status(),
        StatusCode::OK
    );
    // Viewers cannot invite or manage.
    let secret = [5u8; 32];
    let invite = InviteCert::issue(
        &viewer.identity,
        &shared.profile,
        &secret,
        Role::Viewer,
        now_ms() + 60_000,
    );
    refused(
        viewer
            .post_json(&shared.path("/invites"), &json!({ "invite": invite }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    let cert = MemberCert::issue(
        &viewer.identity,
        &shared.profile,
        stranger.identity.public(),
        Role::Editor,
        1,
    );
    refused(
        viewer
            .post_json(&shared.path("/members"), &json!({ "cert": cert }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
}

async fn the_owner_certifies_members_directly() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-cert").await;
    let nurse = relay.device();
    let cert = MemberCert::issue(
        &shared.owner.identity,
        &shared.profile,
        nurse.identity.public(),
        Role::Editor,
        now_ms(),
    );
    let added = shared
        .owner
        .post_json(&shared.path("/members"), &json!({ "cert": cert }))
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let env = shared.envelope(&nurse, 1, &shared.key, 1, b"visit notes");
    assert_eq!(shared.push(&nurse, &env).await.status(), StatusCode::OK);
    // A certificate the owner did not sign is refused even when the owner sends it.
    let forged = MemberCert::issue(
        &nurse.identity,
        &shared.profile,
        nurse.identity.public(),
        Role::Editor,
        1,
    );
    refused(
        shared
            .owner
            .post_json(&shared.path("/members"), &json!({ "cert": forged }))
            .await,
        StatusCode::BAD_REQUEST,
        "bad_certificate",
    )
    .await;
}

async fn an_invite_is_used_once() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-invite").await;
    let (invite, secret) = shared
        .invite(&shared.owner, Role::Editor, now_ms() + 600_000)
        .await;
    // The same invite again is a conflict.
    refused(
        shared
            .owner
            .post_json(&shared.path("/invites"), &json!({ "invite": invite }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    let first = relay.device();
    let proof = JoinProof::create(&first.identity, invite.clone(), &secret, now_ms());
    // Signed by a device other than the joiner.
    refused(
        relay
            .device()
            .post_json("/v1/join", &json!({ "proof": proof }))
            .await,
        StatusCode::BAD_REQUEST,
        "author_mismatch",
    )
    .await;
    let joined = first.post_json("/v1/join", &json!({ "proof": proof })).await;
    assert_eq!(
        ok_json(joined, StatusCode::OK).await,
        json!({ "profile": shared.profile, "epoch": 1 })
    );
    // A retry by the same device (lost answer) answers the same.
    let again = first.post_json("/v1/join", &json!({ "proof": proof })).await;
    assert_eq!(
        ok_json(again, StatusCode::OK).await,
        json!({ "profile": shared.profile, "epoch": 1 })
    );
    // Anyone else holding the link is too late.
    let second = relay.device();
    let proof2 = JoinProof::create(&second.identity, invite, &secret, now_ms());
    refused(
        second.post_json("/v1/join", &json!({ "proof": proof2 })).await,
        StatusCode::GONE,
        "invite_used",
    )
    .await;
    refused(
        second.get(&shared.path("/envelopes")).await,
        StatusCode::FORBIDDEN,
        "not_member",
    )
    .await;
    assert_eq!(
        first.get(&shared.path("/envelopes")).await.status(),
        StatusCode::OK
    );

    // A wrong secret, or an invite the relay never stored.
    let third = relay.device();
    let (invite, _) = shared
        .invite(&shared.owner, Role::Viewer, now_ms() + 600_000)
        .await;
    let wrong = JoinProof::create(&third.identity, invite, &[0u8; 32], now_ms());
    refused(
        third.post_json("/v1/join", &json!({ "proof": wrong })).await,
        StatusCode::BAD_REQUEST,
        "bad_certificate",
    )
    .await;
    let secret = [9u8; 32];
    let unstored = InviteCert::issue(
        &shared.owner.identity,
        &shared.profile,
        &secret,
        Role::Viewer,
        now_ms() + 60_000,
    );
    let proof = JoinProof::create(&third.identity, unstored, &secret, now_ms());
    refused(
        third.post_json("/v1/join", &json!({ "proof": proof })).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn an_expired_invite_is_gone() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-expiry").await;
    let (invite, secret) = shared.invite(&shared.owner, Role::Viewer, now_ms() + 1_500).await;
    tokio::time::sleep(std::time::Duration::from_millis(1_600)).await;
    let late = relay.device();
    let proof = JoinProof::create(&late.identity, invite, &secret, now_ms());
    refused(
        late.post_json("/v1/join", &json!({ "proof": proof })).await,
        StatusCode::GONE,
        "invite_expired",
    )
    .await;
    // An invite expired before it is stored is refused outright.
    let secret = [6u8; 32];
    let stale = InviteCert::issue(
        &shared.owner.identity,
        &shared.profile,
        &secret,
        Role::Viewer,
        now_ms() - 1,
    );
    refused(
        shared
            .owner
            .post_json(&shared.path("/invites"), &json!({ "invite": stale }))
            .await,
        StatusCode::BAD_REQUEST,
        "invite_expired",
    )
    .await;
}

async fn editors_invite_viewers_only() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-editor-invites").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let secret = [1u8; 32];
    let as_editor = InviteCert::issue(
        &editor.identity,
        &shared.profile,
        &secret,
        Role::Editor,
        now_ms() + 60_000,
    );
    refused(
        editor
            .post_json(&shared.path("/invites"), &json!({ "invite": as_editor }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    let (invite, secret) = shared.invite(&editor, Role::Viewer, now_ms() + 60_000).await;
    let helper = relay.device();
    let proof = JoinProof::create(&helper.identity, invite, &secret, now_ms());
    let joined = helper.post_json("/v1/join", &json!({ "proof": proof })).await;
    assert_eq!(joined.status(), StatusCode::OK);
    assert_eq!(
        helper.get(&shared.path("/members")).await.status(),
        StatusCode::OK
    );
}

fn sealed_for(
    owner: &DeviceIdentity,
    key: &EpochKey,
    device: &DeviceIdentity,
    profile: &str,
    epoch: u32,
    head: LogHead,
) -> EpochGrant {
    EpochGrant::issue(owner, profile, epoch, key, &device.public(), head, now_ms()).expect("seal")
}

/// The head of the membership log as `device` is served it.
async fn log_head(shared: &Shared, device: &Device) -> LogHead {
    let listed = ok_json(device.get(&shared.path("/members")).await, StatusCode::OK).await;
    let entries: Vec<MembershipEntry> = serde_json::from_value(listed["entries"].clone()).expect("entries");
    LogHead::of(&entries)
}

async fn revocation_locks_the_device_out_and_moves_the_epoch() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-revoke").await;
    let owner = &shared.owner;
    let stays = shared.join(&relay, Role::Editor).await;
    let gone = shared.join(&relay, Role::Editor).await;
    let p = shared.profile.as_str();
    let new_key = EpochKey::generate().expect("rng");
    let head = log_head(&shared, owner).await;
    let revocation = Revocation::issue(&owner.identity, p, gone.identity.id(), head, now_ms());
    let body = |revocation: &Revocation, epoch: u32, keys: Value| json!({ "revocation": revocation, "epoch": epoch, "keys": keys });
    let keys = json!([
        { "device": stays.identity.id(), "sealed": sealed_for(&owner.identity, &new_key, &stays.identity, p, 2, head) },
        { "device": owner.identity.id(), "sealed": sealed_for(&owner.identity, &new_key, &owner.identity, p, 2, head) },
    ]);

    // Only the owner may revoke; the epoch must be the next one; keys only to remaining members.
    refused(
        stays
            .post_json(&shared.path("/revocations"), &body(&revocation, 2, keys.clone()))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    refused(
        owner
            .post_json(&shared.path("/revocations"), &body(&revocation, 3, keys.clone()))
            .await,
        StatusCode::CONFLICT,
        "stale_epoch",
    )
    .await;
    let to_gone = json!([{ "device": gone.identity.id(), "sealed": sealed_for(&owner.identity, &new_key, &gone.identity, p, 2, head) }]);
    refused(
        owner
            .post_json(&shared.path("/revocations"), &body(&revocation, 2, to_gone))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let by_editor = Revocation::issue(&stays.identity, p, gone.identity.id(), head, now_ms());
    refused(
        owner
            .post_json(&shared.path("/revocations"), &body(&by_editor, 2, keys.clone()))
            .await,
        StatusCode::BAD_REQUEST,
        "bad_certificate",
    )
    .await;
    // Nothing of that moved the epoch.
    let listed = ok_json(owner.get(&shared.path("/members")).await, StatusCode::OK).await;
    assert_eq!(listed["epoch"], 1);

    let revoked = owner
        .post_json(&shared.path("/revocations"), &body(&revocation, 2, keys.clone()))
        .await;
    assert_eq!(ok_json(revoked, StatusCode::OK).await, json!({ "epoch": 2 }));

    // The removed device is refused everywhere, including its own key for the new epoch.
    for path in [
        "/members",
        "/envelopes",
        "/keys/2",
        "/keys/1",
        "/snapshots/latest",
    ] {
        refused(
            gone.get(&shared.path(path)).await,
            StatusCode::FORBIDDEN,
            "removed",
        )
        .await;
    }
    let env = shared.envelope(&gone, 1, &shared.key, 1, b"after removal");
    refused(shared.push(&gone, &env).await, StatusCode::FORBIDDEN, "removed").await;
    for body in [Vec::new(), env.to_bytes()] {
        refused(
            gone.post_bytes(&shared.path("/sync?after=0"), body).await,
            StatusCode::FORBIDDEN,
            "removed",
        )
        .await;
    }
    // Revoking it again is a conflict; a rejoin with a fresh invite is refused.
    let again = Revocation::issue(&owner.identity, p, gone.identity.id(), head, now_ms());
    refused(
        owner
            .post_json(&shared.path("/revocations"), &body(&again, 3, json!([])))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let (invite, secret) = shared.invite(owner, Role::Viewer, now_ms() + 60_000).await;
    let proof = JoinProof::create(&gone.identity, invite, &secret, now_ms());
    refused(
        gone.post_json("/v1/join", &json!({ "proof": proof })).await,
        StatusCode::FORBIDDEN,
        "removed",
    )
    .await;

    // The remaining member sees epoch 2, fetches and opens its sealed key, and pushes with it;
    // an envelope still sealed under epoch 1 is stale.
    let listed = ok_json(stays.get(&shared.path("/members")).await, StatusCode::OK).await;
    assert_eq!(listed["epoch"], 2);
    let entries: Vec<MembershipEntry> = serde_json::from_value(listed["entries"].clone()).expect("entries");
    assert!(resolve_members(p, owner.identity.id(), &entries)[&gone.identity.id()].removed);
    let fetched = ok_json(stays.get(&shared.path("/keys/2")).await, StatusCode::OK).await;
    let sealed: EpochGrant = serde_json::from_value(fetched["sealed"].clone()).expect("sealed key");
    let opened = sealed
        .open(&stays.identity, p, owner.identity.id(), 2)
        .expect("opens");
    assert_eq!(opened, new_key);
    refused(
        stays.get(&shared.path("/keys/1")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let old = shared.envelope(&stays, 1, &shared.key, 1, b"old epoch");
    refused(
        shared.push(&stays, &old).await,
        StatusCode::CONFLICT,
        "stale_epoch",
    )
    .await;
    let new = shared.envelope(&stays, 2, &new_key, 2, b"new epoch");
    assert_eq!(
        ok_json(shared.push(&stays, &new).await, StatusCode::OK).await,
        json!({ "seq": 1 })
    );
    // Certifying the removed device again would do nothing: refused.
    let cert = MemberCert::issue(&owner.identity, p, gone.identity.public(), Role::Editor, now_ms());
    refused(
        owner
            .post_json(&shared.path("/members"), &json!({ "cert": cert }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
}

on_each_backend!(
    a_profile_is_created_once_by_its_self_certified_owner,
    strangers_get_403_and_viewers_read_but_cannot_write,
    the_owner_certifies_members_directly,
    an_invite_is_used_once,
    an_expired_invite_is_gone,
    editors_invite_viewers_only,
    revocation_locks_the_device_out_and_moves_the_epoch,
);
