//! `POST /v1/profiles/{p}/sync?after=S` (ADR 0017): the push and the pull of a sync round in
//! one request, with the same checks as each alone.

use reqwest::{Method, StatusCode};
use tsunagu_wire::envelope::{Envelope, Kind, decode_batch};
use tsunagu_wire::membership::Role;
use tsunagu_wire::sync::{MEMBERS_HEADER, MORE_HEADER, PUSHED_HEADER, THROUGH_HEADER};

use crate::client::{Shared, TestRelay, now_ms, refused};

fn seqs(bytes: &[u8]) -> Vec<u64> {
    decode_batch(bytes)
        .expect("batch")
        .into_iter()
        .map(|(seq, _)| seq)
        .collect()
}

/// The envelope is appended before the page is read, the page leaves out the caller's own
/// envelopes (the one just pushed among them) and says how far it reached, the acknowledgement
/// carries the sequence number, and an empty body is a pull alone.
async fn a_sync_pushes_then_pulls_the_others_envelopes() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-sync").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let owner = &shared.owner;
    let first = shared.envelope(owner, 1, &shared.key, 1, b"owner's change");
    let response = owner
        .post_bytes(&shared.path("/sync?after=0"), first.to_bytes())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[PUSHED_HEADER], "1");
    assert_eq!(
        response.headers()[THROUGH_HEADER],
        "1",
        "reached its own envelope"
    );
    assert_eq!(response.headers()[MEMBERS_HEADER], "2");
    assert!(response.headers().get(MORE_HEADER).is_none());
    assert!(
        response.headers().get("content-type").is_none(),
        "the body is always a batch: no content type"
    );
    assert!(seqs(&response.bytes().await.expect("body")).is_empty());

    // The editor pushes its own and gets the owner's in the same answer.
    let second = shared.envelope(&editor, 1, &shared.key, 1, b"editor's change");
    let response = editor
        .post_bytes(&shared.path("/sync?after=0"), second.to_bytes())
        .await;
    assert_eq!(response.headers()[PUSHED_HEADER], "2");
    assert_eq!(
        response.headers()[THROUGH_HEADER],
        "2",
        "reached its own, left out"
    );
    assert!(
        response.headers().get(MEMBERS_HEADER).is_none(),
        "the member count is the owner's hint only"
    );
    let body = response.bytes().await.expect("body");
    let batch = decode_batch(&body).expect("batch");
    assert_eq!(seqs(&body), vec![1]);
    assert_eq!(batch[0].1, first.to_bytes());

    // An empty body pushes nothing and acknowledges nothing.
    let response = owner.post_bytes(&shared.path("/sync?after=1"), Vec::new()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(PUSHED_HEADER).is_none());
    assert_eq!(seqs(&response.bytes().await.expect("body")), vec![2]);

    // Paged like a pull: a limit, and `more` while envelopes follow.
    let response = editor
        .post_bytes(&shared.path("/sync?after=0&limit=1"), Vec::new())
        .await;
    assert!(response.headers().get(MORE_HEADER).is_some());
    assert_eq!(seqs(&response.bytes().await.expect("body")), vec![1]);
}

/// A retried sync (a lost answer) pushes the same envelope again: the same sequence number, no
/// second copy; other bytes under the same counter are a conflict and nothing is pulled.
async fn a_retried_sync_keeps_one_copy() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-sync-retry").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let owner = &shared.owner;
    let env = shared.envelope(owner, 1, &shared.key, 5, b"change");
    for _ in 0..2 {
        let response = owner
            .post_bytes(&shared.path("/sync?after=0"), env.to_bytes())
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[PUSHED_HEADER], "1");
    }
    let other = shared.envelope(owner, 1, &shared.key, 5, b"different");
    refused(
        owner
            .post_bytes(&shared.path("/sync?after=0"), other.to_bytes())
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let response = editor.post_bytes(&shared.path("/sync?after=0"), Vec::new()).await;
    assert_eq!(seqs(&response.bytes().await.expect("body")), vec![1]);
}

/// Every refusal of a push refuses the sync: a viewer writing, a tampered or misattributed
/// envelope, a snapshot, another epoch; a replayed request; a non-member.
async fn a_sync_refuses_what_a_push_refuses() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-sync-refuse").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let viewer = shared.join(&relay, Role::Viewer).await;
    let owner = &shared.owner;
    let path = shared.path("/sync?after=0");

    let viewer_env = shared.envelope(&viewer, 1, &shared.key, 1, b"v");
    refused(
        viewer.post_bytes(&path, viewer_env.to_bytes()).await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    // A viewer pulls with an empty body.
    assert_eq!(
        viewer.post_bytes(&path, Vec::new()).await.status(),
        StatusCode::OK
    );

    let env = shared.envelope(owner, 1, &shared.key, 1, b"change");
    let mut tampered = env.to_bytes();
    tampered[80] ^= 1;
    refused(
        owner.post_bytes(&path, tampered).await,
        StatusCode::BAD_REQUEST,
        "bad_envelope",
    )
    .await;
    refused(
        editor.post_bytes(&path, env.to_bytes()).await,
        StatusCode::BAD_REQUEST,
        "author_mismatch",
    )
    .await;
    let snapshot = Envelope::seal(
        Kind::Snapshot,
        &shared.profile,
        1,
        &shared.key,
        &owner.identity,
        2,
        b"s",
    )
    .expect("seal");
    refused(
        owner.post_bytes(&path, snapshot.to_bytes()).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let future = shared.envelope(owner, 2, &shared.key, 3, b"from the future");
    refused(
        owner.post_bytes(&path, future.to_bytes()).await,
        StatusCode::CONFLICT,
        "stale_epoch",
    )
    .await;
    let stranger = relay.device();
    refused(
        stranger.post_bytes(&path, Vec::new()).await,
        StatusCode::FORBIDDEN,
        "not_member",
    )
    .await;

    // The signature covers the query: the same request with another cursor does not verify.
    let body = env.to_bytes();
    let auth = owner.sign_at(&Method::POST, &path, &body, now_ms());
    let moved = shared.path("/sync?after=7");
    refused(
        owner
            .send_raw(Method::POST, &moved, body.clone(), Some(auth.clone()))
            .await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    // Sent once, then replayed: refused, and the envelope stored once.
    let sent = owner
        .send_raw(Method::POST, &path, body.clone(), Some(auth.clone()))
        .await;
    assert_eq!(sent.headers()[PUSHED_HEADER], "1");
    refused(
        owner.send_raw(Method::POST, &path, body, Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "replay",
    )
    .await;
    let response = editor.post_bytes(&path, Vec::new()).await;
    assert_eq!(seqs(&response.bytes().await.expect("body")), vec![1]);
}

on_each_backend!(
    a_sync_pushes_then_pulls_the_others_envelopes,
    a_retried_sync_keeps_one_copy,
    a_sync_refuses_what_a_push_refuses,
);
