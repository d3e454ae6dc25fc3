//! `GET /metrics` on its own listener (issue 12): off unless configured; after some requests
//! the counters, histograms and gauges have moved; no profile or device id appears in it.

use reqwest::StatusCode;

use crate::client::{Shared, TestRelay, now_ms};

/// A counter's value in the exposition: the sample line that starts with `series` (name and
/// labels, as written), or zero when there is none.
pub(crate) fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

pub(crate) async fn scrape(relay: &TestRelay) -> String {
    let addr = relay.relay.metrics_addr().expect("metrics configured");
    let response = crate::client::http()
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .expect("the metrics listener answers");
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    response.text().await.expect("text")
}

const PUSH: &str =
    r#"relay_http_requests_total{method="POST",route="/v1/profiles/{p}/envelopes",status="200"}"#;
const PULL_LATENCY: &str =
    r#"relay_http_request_duration_seconds_count{method="GET",route="/v1/profiles/{p}/envelopes"}"#;
const REPLAYED: &str =
    r#"relay_http_requests_total{method="POST",route="/v1/profiles/{p}/envelopes",status="401"}"#;

async fn metrics_count_requests_by_route_and_status_without_ids() {
    let relay = TestRelay::start_with(|c| c.metrics_addr = Some(([127, 0, 0, 1], 0).into())).await;
    let before = scrape(&relay).await;
    assert_eq!(sample(&before, PUSH), 0.0);

    let shared = Shared::create(&relay, "p-metrics-7f3a").await;
    let owner = &shared.owner;
    for counter in 1..=3 {
        let envelope = shared.envelope(owner, 1, &shared.key, counter, b"edit");
        assert_eq!(shared.push(owner, &envelope).await.status(), StatusCode::OK);
    }
    let pull = owner.get(&shared.path("/envelopes?after=0")).await;
    assert_eq!(pull.status(), StatusCode::OK);
    // A replayed push: the same signed request again.
    let envelope = shared.envelope(owner, 1, &shared.key, 4, b"edit").to_bytes();
    let path = shared.path("/envelopes");
    let auth = owner.sign_at(&reqwest::Method::POST, &path, &envelope, now_ms());
    let first = owner
        .send_raw(reqwest::Method::POST, &path, envelope.clone(), Some(auth.clone()))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = owner
        .send_raw(reqwest::Method::POST, &path, envelope, Some(auth))
        .await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    let after = scrape(&relay).await;
    assert_eq!(sample(&after, PUSH), 4.0, "{after}");
    assert_eq!(sample(&after, REPLAYED), 1.0, "{after}");
    assert_eq!(sample(&after, PULL_LATENCY), 1.0, "{after}");
    assert_eq!(
        sample(
            &after,
            r#"relay_http_requests_total{method="POST",route="/v1/profiles",status="201"}"#
        ),
        1.0
    );
    // The connections, the database queue and pool, the nonce batches and the member cache.
    assert!(
        sample(&after, "relay_connections_accepted_total") >= 1.0,
        "{after}"
    );
    assert!(sample(&after, "relay_connections_open") >= 1.0, "{after}");
    assert!(sample(&after, "relay_db_pool_connections") >= 1.0, "{after}");
    assert!(
        sample(&after, r#"relay_db_queue_wait_seconds_count{lane="read"}"#) >= 5.0,
        "{after}"
    );
    // Pushes are group-committed where the store has one writer (SQLite), else write calls.
    assert!(
        sample(&after, r#"relay_db_queue_wait_seconds_count{lane="write"}"#)
            + sample(&after, "relay_append_batch_size_count")
            >= 5.0,
        "{after}"
    );
    assert!(
        sample(&after, r#"relay_db_calls_waiting{lane="read"}"#) == 0.0,
        "nothing queued once idle: {after}"
    );
    assert!(sample(&after, "relay_nonce_batch_size_count") >= 1.0, "{after}");
    // Every signed request waited for its nonce's group commit.
    assert!(
        sample(&after, r#"relay_group_commit_wait_seconds_count{batch="nonce"}"#)
            >= sample(&after, "relay_nonce_batch_size_sum"),
        "{after}"
    );
    assert!(
        sample(&after, r#"relay_group_commit_wait_seconds_count{batch="nonce"}"#) >= 1.0,
        "{after}"
    );
    assert!(sample(&after, "relay_member_cache_hits_total") >= 3.0, "{after}");
    assert!(!after.contains(&shared.profile), "a profile id in the metrics");
    let device = owner.identity.id().to_text();
    assert!(!after.contains(&device[..8]), "a device id in the metrics");
}

async fn metrics_are_not_served_unless_configured() {
    let relay = TestRelay::start().await;
    assert_eq!(relay.relay.metrics_addr(), None);
    // Nor on the public listener.
    let response = crate::client::http()
        .get(format!("{}/metrics", relay.relay.url()))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

on_each_backend!(
    metrics_count_requests_by_route_and_status_without_ids,
    metrics_are_not_served_unless_configured,
);
