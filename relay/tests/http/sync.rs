//! Envelopes and snapshots: sequencing, idempotence, conflicts, tampering, content addressing.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use tsunagu_wire::b64;
use tsunagu_wire::envelope::{Envelope, Kind, decode_batch};
use tsunagu_wire::membership::Role;

use crate::client::{Shared, TestRelay, now_ms, ok_json, refused};
use crate::metrics::{sample, scrape};

async fn push_pull_round_trip_assigns_sequence_numbers() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-round-trip").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let texts: [&[u8]; 3] = [b"first change", b"second change", b"third change"];
    for (i, text) in texts.iter().enumerate() {
        let author = if i == 1 { &editor } else { &shared.owner };
        let env = shared.envelope(author, 1, &shared.key, i as u64 + 1, text);
        let pushed = shared.push(author, &env).await;
        assert_eq!(ok_json(pushed, StatusCode::OK).await, json!({ "seq": i + 1 }));
    }

    // The editor pulls everything, two at a time, and opens it with the key.
    let mut cursor = 0u64;
    let mut opened = Vec::new();
    loop {
        let page = editor
            .get(&shared.path(&format!("/envelopes?after={cursor}&limit=2")))
            .await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()["content-type"], "application/octet-stream");
        let more = page.headers().get(tsunagu_relay::MORE_HEADER).is_some();
        let batch = decode_batch(&page.bytes().await.expect("body")).expect("batch");
        for (seq, bytes) in batch {
            assert_eq!(seq, cursor + 1, "sequence numbers are dense and ordered");
            cursor = seq;
            let env = Envelope::from_bytes(&bytes).expect("envelope");
            opened.push(env.open(&shared.profile, &shared.key).expect("opens"));
        }
        if !more {
            break;
        }
    }
    assert_eq!(opened, texts.map(<[u8]>::to_vec).to_vec());
    assert_eq!(cursor, 3);

    // Nothing after the end; the header is absent.
    let page = editor.get(&shared.path("/envelopes?after=3")).await;
    assert!(page.headers().get(tsunagu_relay::MORE_HEADER).is_none());
    assert!(
        decode_batch(&page.bytes().await.expect("body"))
            .expect("batch")
            .is_empty()
    );
}

async fn duplicate_push_is_idempotent_and_a_different_one_conflicts() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-dup").await;
    let owner = &shared.owner;
    let first = shared.envelope(owner, 1, &shared.key, 7, b"change");
    let second = shared.envelope(owner, 1, &shared.key, 8, b"another");
    assert_eq!(
        ok_json(shared.push(owner, &first).await, StatusCode::OK).await,
        json!({ "seq": 1 })
    );
    assert_eq!(
        ok_json(shared.push(owner, &second).await, StatusCode::OK).await,
        json!({ "seq": 2 })
    );
    // A retry of the identical bytes (a lost acknowledgement) gets the same number.
    assert_eq!(
        ok_json(shared.push(owner, &first).await, StatusCode::OK).await,
        json!({ "seq": 1 })
    );
    // Same (author, counter), other bytes: a conflict, and nothing new is stored.
    let other = shared.envelope(owner, 1, &shared.key, 7, b"different");
    refused(shared.push(owner, &other).await, StatusCode::CONFLICT, "conflict").await;
    let page = owner.get(&shared.path("/envelopes")).await;
    let batch = decode_batch(&page.bytes().await.expect("body")).expect("batch");
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].1, first.to_bytes());
}

async fn tampered_misattributed_and_truncated_envelopes_are_refused() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-tamper").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let owner = &shared.owner;
    let env = shared.envelope(owner, 1, &shared.key, 1, b"change");

    // A flipped ciphertext byte: the signature no longer verifies.
    let mut tampered = env.to_bytes();
    tampered[80] ^= 1;
    refused(
        owner.post_bytes(&shared.path("/envelopes"), tampered).await,
        StatusCode::BAD_REQUEST,
        "bad_envelope",
    )
    .await;
    // Signed for another profile.
    let elsewhere =
        Envelope::seal(Kind::Change, "p-other", 1, &shared.key, &owner.identity, 2, b"x").expect("seal");
    refused(
        shared.push(owner, &elsewhere).await,
        StatusCode::BAD_REQUEST,
        "bad_envelope",
    )
    .await;
    // Valid, but the editor pushes the owner's envelope as its own request.
    refused(
        shared.push(&editor, &env).await,
        StatusCode::BAD_REQUEST,
        "author_mismatch",
    )
    .await;
    // Cut short, or a snapshot sent as a change.
    let bytes = env.to_bytes();
    refused(
        owner
            .post_bytes(&shared.path("/envelopes"), bytes[..bytes.len() - 1].to_vec())
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    refused(
        owner.post_bytes(&shared.path("/envelopes"), Vec::new()).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let snapshot = Envelope::seal(
        Kind::Snapshot,
        &shared.profile,
        1,
        &shared.key,
        &owner.identity,
        3,
        b"s",
    )
    .expect("seal");
    refused(
        shared.push(owner, &snapshot).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    // None of it was stored; the genuine one still gets seq 1.
    assert_eq!(
        ok_json(shared.push(owner, &env).await, StatusCode::OK).await,
        json!({ "seq": 1 })
    );
}

async fn an_envelope_of_another_epoch_is_stale() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-epoch").await;
    let env = shared.envelope(&shared.owner, 2, &shared.key, 1, b"from the future");
    refused(
        shared.push(&shared.owner, &env).await,
        StatusCode::CONFLICT,
        "stale_epoch",
    )
    .await;
}

async fn snapshots_are_content_addressed_and_never_overwritten() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-snap").await;
    let owner = &shared.owner;
    let viewer = shared.join(&relay, Role::Viewer).await;
    refused(
        owner.get(&shared.path("/snapshots/latest")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    for counter in 1..=3 {
        let env = shared.envelope(owner, 1, &shared.key, counter, b"c");
        assert_eq!(shared.push(owner, &env).await.status(), StatusCode::OK);
    }
    let seal = |counter, text: &[u8]| {
        Envelope::seal(
            Kind::Snapshot,
            &shared.profile,
            1,
            &shared.key,
            &owner.identity,
            counter,
            text,
        )
        .expect("seal")
        .to_bytes()
    };
    let first = seal(10, b"whole document at 2");
    let hash = hex::encode(Sha256::digest(&first));
    let put = owner
        .post_bytes(&shared.path("/snapshots?covers=2"), first.clone())
        .await;
    assert_eq!(ok_json(put, StatusCode::CREATED).await, json!({ "hash": hash }));
    // The same bytes again: same address, the stored one untouched (its covers stays 2).
    let again = owner
        .post_bytes(&shared.path("/snapshots?covers=3"), first.clone())
        .await;
    assert_eq!(ok_json(again, StatusCode::CREATED).await, json!({ "hash": hash }));
    let latest = ok_json(
        viewer.get(&shared.path("/snapshots/latest")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(latest, json!({ "hash": hash, "covers": 2, "epoch": 1 }));

    // A newer snapshot gets its own address; both stay readable.
    let second = seal(11, b"whole document at 3");
    let hash2 = hex::encode(Sha256::digest(&second));
    let put = owner
        .post_bytes(&shared.path("/snapshots?covers=3"), second.clone())
        .await;
    assert_eq!(ok_json(put, StatusCode::CREATED).await, json!({ "hash": hash2 }));
    let latest = ok_json(
        viewer.get(&shared.path("/snapshots/latest")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(latest["hash"], hash2.as_str());
    for (h, bytes) in [(&hash, &first), (&hash2, &second)] {
        let got = viewer.get(&shared.path(&format!("/snapshots/{h}"))).await;
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(&got.bytes().await.expect("body")[..], &bytes[..]);
    }
    refused(
        viewer
            .get(&shared.path(&format!("/snapshots/{}", "0".repeat(64))))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Viewers cannot store snapshots; covers must be given and must exist; changes are not snapshots.
    refused(
        viewer
            .post_bytes(&shared.path("/snapshots?covers=1"), first.clone())
            .await,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    )
    .await;
    refused(
        owner.post_bytes(&shared.path("/snapshots"), seal(12, b"x")).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    refused(
        owner
            .post_bytes(&shared.path("/snapshots?covers=99"), seal(13, b"x"))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let change = shared.envelope(owner, 1, &shared.key, 14, b"c").to_bytes();
    refused(
        owner
            .post_bytes(&shared.path("/snapshots?covers=1"), change)
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
}

/// No echo (ADR 0014): with `own=false` a device's pull leaves out what it wrote, and says with
/// `x-tsunagu-through` how far the page reached when its own envelopes came last; without it,
/// everything comes back as before.
async fn a_pull_without_own_envelopes_leaves_out_the_caller_s() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-no-echo").await;
    let editor = shared.join(&relay, Role::Editor).await;
    // seq 1 owner, 2 editor, 3 owner, 4 owner
    for (i, author) in [&shared.owner, &editor, &shared.owner, &shared.owner]
        .into_iter()
        .enumerate()
    {
        let env = shared.envelope(author, 1, &shared.key, i as u64 + 1, b"change");
        assert_eq!(shared.push(author, &env).await.status(), StatusCode::OK);
    }
    let seqs = |bytes: &[u8]| -> Vec<u64> {
        decode_batch(bytes)
            .expect("batch")
            .into_iter()
            .map(|(seq, _)| seq)
            .collect()
    };
    let through = tsunagu_wire::sync::THROUGH_HEADER;

    let page = shared
        .owner
        .get(&shared.path("/envelopes?after=0&own=false"))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        page.headers()[through],
        "4",
        "the page reached the owner's last envelope"
    );
    assert_eq!(seqs(&page.bytes().await.expect("body")), vec![2]);

    // A page of the caller's own envelopes only: empty, but it reached seq 4 (and more follow).
    let page = shared
        .owner
        .get(&shared.path("/envelopes?after=2&limit=1&own=false"))
        .await;
    assert_eq!(page.headers()[through], "3");
    assert!(page.headers().get(tsunagu_relay::MORE_HEADER).is_some());
    assert!(seqs(&page.bytes().await.expect("body")).is_empty());

    // The editor's last envelope is someone else's: no header needed.
    let page = editor.get(&shared.path("/envelopes?after=0&own=false")).await;
    assert!(page.headers().get(through).is_none());
    assert_eq!(seqs(&page.bytes().await.expect("body")), vec![1, 3, 4]);

    // Without `own=false`: everything, as old clients expect.
    let page = shared.owner.get(&shared.path("/envelopes?after=0")).await;
    assert!(page.headers().get(through).is_none());
    assert_eq!(seqs(&page.bytes().await.expect("body")), vec![1, 2, 3, 4]);
}

/// The relay keeps each signer's decompressed key (`http/key_cache.rs`): with the owner's key
/// cached, a request or an envelope whose signature is tampered with, or forged by another
/// device in the owner's name, is still refused, and the owner's next valid push still passes.
async fn signatures_by_a_device_whose_key_is_cached_are_still_checked() {
    let relay = TestRelay::start_with(|c| c.metrics_addr = Some(([127, 0, 0, 1], 0).into())).await;
    let shared = Shared::create(&relay, "p-cached-key").await;
    let owner = &shared.owner;
    let first = shared.envelope(owner, 1, &shared.key, 1, b"change");
    assert_eq!(shared.push(owner, &first).await.status(), StatusCode::OK);
    let hits = |text: &str| sample(text, "relay_key_cache_hits_total");
    let cached = hits(&scrape(&relay).await);
    assert!(
        cached >= 1.0,
        "the owner's key was reused after its first request"
    );
    let path = shared.path("/envelopes");
    let post = Method::POST;

    // The request: signed over another body; a flipped signature bit; the owner's id on a
    // stranger's signature.
    let env = shared.envelope(owner, 1, &shared.key, 2, b"change").to_bytes();
    let auth = owner.sign_at(&post, &path, b"another body", now_ms());
    refused(
        owner.send_raw(post.clone(), &path, env.clone(), Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    let payload =
        |auth: &str| b64::decode(auth.strip_prefix("T2 ").expect("compact header"), "test").expect("base64");
    // The same request under a compact header made of `payload`.
    let with_header = |payload: &[u8]| {
        owner.send_raw(
            post.clone(),
            &path,
            env.clone(),
            Some(format!("T2 {}", b64::encode(payload))),
        )
    };
    let mut flipped = payload(&owner.sign_at(&post, &path, &env, now_ms()));
    *flipped.last_mut().expect("a signature") ^= 1;
    refused(
        with_header(&flipped).await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    let stranger = relay.device();
    let mut forged = payload(&stranger.sign_at(&post, &path, &env, now_ms()));
    forged[..32].copy_from_slice(&owner.identity.id().0);
    refused(
        with_header(&forged).await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;

    // The envelope, in a validly signed request: a flipped signature bit; a stranger's envelope
    // relabelled as the owner's.
    let mut tampered = env.clone();
    *tampered.last_mut().expect("a signature") ^= 1;
    refused(
        owner.post_bytes(&path, tampered).await,
        StatusCode::BAD_REQUEST,
        "bad_envelope",
    )
    .await;
    let mut relabelled = Envelope::seal(
        Kind::Change,
        &shared.profile,
        1,
        &shared.key,
        &stranger.identity,
        2,
        b"x",
    )
    .expect("seal");
    relabelled.author = owner.identity.id();
    refused(
        owner.post_bytes(&path, relabelled.to_bytes()).await,
        StatusCode::BAD_REQUEST,
        "bad_envelope",
    )
    .await;

    // Those refusals were checked with the cached key, and did not spoil it.
    assert!(hits(&scrape(&relay).await) >= cached + 4.0);
    assert_eq!(
        ok_json(owner.post_bytes(&path, env).await, StatusCode::OK).await,
        json!({ "seq": 2 })
    );
}

on_each_backend!(
    signatures_by_a_device_whose_key_is_cached_are_still_checked,
    a_pull_without_own_envelopes_leaves_out_the_caller_s,
    push_pull_round_trip_assigns_sequence_numbers,
    duplicate_push_is_idempotent_and_a_different_one_conflicts,
    tampered_misattributed_and_truncated_envelopes_are_refused,
    an_envelope_of_another_epoch_is_stale,
    snapshots_are_content_addressed_and_never_overwritten,
);
