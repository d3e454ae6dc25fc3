//! Request authentication, limits, health, routing and restarts.

use reqwest::{Method, StatusCode};
use serde_json::json;
use tsunagu_wire::envelope::decode_batch;
use tsunagu_wire::request::MAX_SKEW_MS;

use tsunagu_relay::RelayConfig;

use crate::client::{Device, Shared, TestRelay, now_ms, ok_json, refused};

async fn health_answers_without_authentication() {
    let relay = TestRelay::start().await;
    let response = relay
        .device()
        .send_raw(Method::GET, "/health", Vec::new(), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("body"), "ok");
}

async fn unsigned_forged_replayed_and_stale_requests_get_401() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-auth").await;
    let owner = &shared.owner;
    let path = shared.path("/envelopes");

    let missing = owner.send_raw(Method::GET, &path, Vec::new(), None).await;
    assert_eq!(missing.headers()["www-authenticate"], "Tsunagu");
    refused(missing, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    refused(
        owner
            .send_raw(Method::GET, &path, Vec::new(), Some("Bearer abc".into()))
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // Signed for another body, another path or another method.
    let env = shared.envelope(owner, 1, &shared.key, 1, b"change").to_bytes();
    let auth = owner.sign_at(&Method::POST, &path, b"other body", now_ms());
    refused(
        owner.send_raw(Method::POST, &path, env.clone(), Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    let auth = owner.sign_at(&Method::GET, "/v1/profiles/p-elsewhere/envelopes", b"", now_ms());
    refused(
        owner.send_raw(Method::GET, &path, Vec::new(), Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    let with_query = format!("{path}?after=0");
    let auth = owner.sign_at(&Method::GET, &path, b"", now_ms());
    refused(
        owner
            .send_raw(Method::GET, &with_query, Vec::new(), Some(auth))
            .await,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;

    // Too old or too far ahead.
    for skew in [-(MAX_SKEW_MS + 60_000), MAX_SKEW_MS + 60_000] {
        let auth = owner.sign_at(&Method::GET, &path, b"", now_ms() + skew);
        refused(
            owner.send_raw(Method::GET, &path, Vec::new(), Some(auth)).await,
            StatusCode::UNAUTHORIZED,
            "stale_request",
        )
        .await;
    }

    // The identical request twice: the second is a replay, and it pushed nothing.
    let auth = owner.sign_at(&Method::POST, &path, &env, now_ms());
    let first = owner
        .send_raw(Method::POST, &path, env.clone(), Some(auth.clone()))
        .await;
    assert_eq!(ok_json(first, StatusCode::OK).await, json!({ "seq": 1 }));
    refused(
        owner.send_raw(Method::POST, &path, env, Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "replay",
    )
    .await;
}

async fn a_body_over_the_limit_gets_413() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-large").await;
    let limit = tsunagu_relay::config::DEFAULT_MAX_BODY_BYTES;
    let body = vec![0u8; limit + 1];
    refused(
        shared.owner.post_bytes(&shared.path("/envelopes"), body).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    )
    .await;
    // Just under the limit is read (and then refused as not an envelope).
    refused(
        shared
            .owner
            .post_bytes(&shared.path("/envelopes"), vec![0u8; limit])
            .await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
}

async fn each_device_is_rate_limited_with_retry_after() {
    let relay = TestRelay::start_with(|c| {
        c.rate_per_second = 0.2;
        c.burst = 3;
    })
    .await;
    let shared = Shared::create(&relay, "p-rate").await; // one request
    let owner = &shared.owner;
    for _ in 0..2 {
        assert_eq!(owner.get(&shared.path("/members")).await.status(), StatusCode::OK);
    }
    let limited = owner.get(&shared.path("/members")).await;
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=5).contains(&retry), "retry after {retry}");
    refused(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another device has its own bucket.
    let other = relay.device();
    refused(
        other.get(&shared.path("/members")).await,
        StatusCode::FORBIDDEN,
        "not_member",
    )
    .await;
}

async fn unknown_routes_and_methods_answer_in_json() {
    let relay = TestRelay::start().await;
    let device = relay.device();
    refused(
        device.get("/v2/nothing").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        device
            .send(Method::DELETE, "/v1/profiles/p-x/envelopes", Vec::new())
            .await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    refused(
        device.get("/v1/profiles/p-x/keys/not-a-number").await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
}

async fn a_restarted_relay_keeps_data_and_remembers_nonces() {
    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-restart").await;
    let owner = &shared.owner;
    let env = shared.envelope(owner, 1, &shared.key, 1, b"kept");
    assert_eq!(shared.push(owner, &env).await.status(), StatusCode::OK);
    let path = shared.path("/envelopes");
    let auth = owner.sign_at(&Method::GET, &path, b"", now_ms());
    let seen = owner
        .send_raw(Method::GET, &path, Vec::new(), Some(auth.clone()))
        .await;
    assert_eq!(seen.status(), StatusCode::OK);

    let TestRelay {
        relay: running,
        db,
        dir,
    } = relay;
    running.shutdown().await.expect("stops");
    let restarted = tsunagu_relay::spawn_for_tests_with(RelayConfig::new(db.database().clone()))
        .await
        .expect("restarts");
    let owner = Device::with_identity(&restarted.url(), shared.owner.identity.clone());
    // The signature does not cover the host: the same header is a replay after the restart.
    refused(
        owner.send_raw(Method::GET, &path, Vec::new(), Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "replay",
    )
    .await;
    let page = owner.get(&path).await;
    let batch = decode_batch(&page.bytes().await.expect("body")).expect("batch");
    assert_eq!(batch, vec![(1, env.to_bytes())]);
    let next = shared.envelope(&owner, 1, &shared.key, 2, b"after restart");
    assert_eq!(
        ok_json(shared.push(&owner, &next).await, StatusCode::OK).await,
        json!({ "seq": 2 })
    );
    restarted.shutdown().await.expect("stops");
    drop(dir);
}

on_each_backend!(
    health_answers_without_authentication,
    unsigned_forged_replayed_and_stale_requests_get_401,
    a_body_over_the_limit_gets_413,
    each_device_is_rate_limited_with_retry_after,
    unknown_routes_and_methods_answer_in_json,
    a_restarted_relay_keeps_data_and_remembers_nonces,
);
