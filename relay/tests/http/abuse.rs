//! Issue 14, findings 4–6 and 8 (resources): what a stranger with only the relay's address, or a
//! device with a free key, cannot make the relay do. Each test failed on the relay before the
//! limits were added.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tsunagu_relay::passcode::PasscodeCost;
use tsunagu_wire::membership::Role;

use super::client::{Shared, TestRelay, http, now_ms, ok_json, refused};
use super::links::{link_with_file, manifest, new_id};

fn tickets(t: &TestRelay) -> i64 {
    t.db.query_i64("SELECT count(*) FROM share_ticket", &[])
        .expect("a count")
}

async fn abuse_parallel_guesses_beyond_the_hashing_limit_get_503_and_cost_no_attempt() {
    // Finding 4: every anonymous guess ran Argon2id at once, unbounded.
    let t = TestRelay::start_with(|c| {
        c.max_concurrent_hashes = 1;
        c.shl_per_link.burst = 1000;
        c.shl_per_ip.burst = 1000;
        // A slower hash keeps the one slot busy while the others arrive.
        c.passcode_cost = PasscodeCost {
            memory_kib: 19 * 1024,
            iterations: 8,
        };
    })
    .await;
    let owner = t.device();
    let base = t.relay.url();
    let (id, _key, _jwe) = link_with_file(&owner, Some("right-one"), Some(100), None).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (base, id) = (base.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let r = manifest(
                &base,
                &id,
                json!({ "recipient": "x", "passcode": format!("guess-{i}") }),
            )
            .await;
            let retry = r
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap_or("").to_owned());
            (r.status(), retry)
        }));
    }
    let (mut checked, mut busy) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            (StatusCode::UNAUTHORIZED, _) => checked += 1,
            (StatusCode::SERVICE_UNAVAILABLE, retry) => {
                assert_eq!(retry.as_deref(), Some("1"), "503 says when to retry");
                busy += 1;
            }
            (other, _) => panic!("unexpected {other}"),
        }
    }
    assert!(busy > 0, "some guesses were turned away");
    assert_eq!(checked + busy, 40);
    let status = ok_json(owner.get(&format!("/v1/links/{id}")).await, StatusCode::OK).await;
    assert_eq!(
        status["remaining_attempts"],
        100 - checked,
        "a turned-away guess costs nothing"
    );
}

async fn abuse_anonymous_manifests_are_rate_limited_per_address() {
    // Finding 6: /shl/{id} had no rate limit at all.
    let t = TestRelay::start_with(|c| {
        c.shl_per_ip.rate = 0.001;
        c.shl_per_ip.burst = 5;
    })
    .await;
    let base = t.relay.url();
    for _ in 0..5 {
        let r = manifest(&base, &new_id(), json!({ "recipient": "x" })).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let r = manifest(&base, &new_id(), json!({ "recipient": "x" })).await;
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    refused(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The file endpoint shares the address's bucket.
    let r = reqwest::Client::new()
        .get(format!("{base}/shl/file/{}", new_id()))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Device requests are not affected.
    assert_eq!(t.device().get("/health").await.status(), StatusCode::OK);
}

async fn abuse_one_link_is_rate_limited_whatever_the_address() {
    let t = TestRelay::start_with(|c| {
        c.shl_per_link.rate = 0.001;
        c.shl_per_link.burst = 3;
    })
    .await;
    let owner = t.device();
    let base = t.relay.url();
    let (hot, _, _) = link_with_file(&owner, None, None, None).await;
    let (other, _, _) = link_with_file(&owner, None, None, None).await;
    for _ in 0..3 {
        let r = manifest(&base, &hot, json!({ "recipient": "x" })).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = manifest(&base, &hot, json!({ "recipient": "x" })).await;
    refused(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let r = manifest(&base, &other, json!({ "recipient": "x" })).await;
    assert_eq!(r.status(), StatusCode::OK, "another link has its own bucket");
}

async fn abuse_manifests_write_no_ticket_when_embedded_and_reuse_one_otherwise() {
    // Finding 6: 300 anonymous requests left 301 ticket rows.
    let t = TestRelay::start().await;
    let owner = t.device();
    let base = t.relay.url();
    let (id, _, _) = link_with_file(&owner, None, None, None).await;
    for _ in 0..8 {
        let m: Value = manifest(
            &base,
            &id,
            json!({ "recipient": "x", "embeddedLengthMax": 1_000_000 }),
        )
        .await
        .json()
        .await
        .expect("json");
        assert!(m["files"][0]["embedded"].is_string());
    }
    assert_eq!(tickets(&t), 0, "embedded files need no ticket");
    let mut locations = std::collections::BTreeSet::new();
    for _ in 0..8 {
        let m: Value = manifest(&base, &id, json!({ "recipient": "x" }))
            .await
            .json()
            .await
            .expect("json");
        locations.insert(m["files"][0]["location"].as_str().expect("location").to_owned());
    }
    assert_eq!(locations.len(), 1, "one location, reused");
    assert_eq!(tickets(&t), 1);
}

async fn abuse_file_locations_never_come_from_the_host_header() {
    // Finding 8: the Host header was reflected into files[].location.
    let t = TestRelay::start().await;
    let owner = t.device();
    let base = t.relay.url();
    let (id, _, _) = link_with_file(&owner, None, None, None).await;
    let m: Value = reqwest::Client::new()
        .post(format!("{base}/shl/{id}"))
        .header("host", "evil.example")
        .json(&json!({ "recipient": "x" }))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    let location = m["files"][0]["location"].as_str().expect("location");
    assert!(location.starts_with(&format!("{base}/shl/file/")), "{location}");
    // And the file is an attachment, never rendered on the relay's origin.
    let file = reqwest::Client::new()
        .get(location)
        .send()
        .await
        .expect("answers");
    assert_eq!(file.headers()["content-disposition"], "attachment");
    assert_eq!(file.headers()["x-content-type-options"], "nosniff");
}

async fn abuse_links_are_capped_per_device_and_in_lifetime() {
    // Finding 5: never-expiring links, as many as a key wanted.
    let t = TestRelay::start_with(|c| {
        c.quotas.links_per_device = 2;
        c.max_link_lifetime_ms = 60_000;
    })
    .await;
    let owner = t.device();
    let create = |expires_at: Option<i64>| json!({ "id": new_id(), "expires_at": expires_at });
    let before = now_ms();
    let s = ok_json(
        owner.post_json("/v1/links", &create(None)).await,
        StatusCode::CREATED,
    )
    .await;
    let expires = s["expires_at"].as_i64().expect("an expiry is set");
    assert!(expires >= before + 60_000 && expires <= now_ms() + 60_000);
    let far = now_ms() + 10 * 60_000;
    let s = ok_json(
        owner.post_json("/v1/links", &create(Some(far))).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(s["expires_at"].as_i64().expect("expiry") < far, "capped");
    refused(
        owner.post_json("/v1/links", &create(None)).await,
        StatusCode::FORBIDDEN,
        "quota_exceeded",
    )
    .await;
    // Another key has its own quota; the relay-wide one is checked in the store's tests.
    ok_json(
        t.device().post_json("/v1/links", &create(None)).await,
        StatusCode::CREATED,
    )
    .await;
}

async fn abuse_link_files_are_capped_in_bytes_per_device() {
    let t = TestRelay::start_with(|c| c.quotas.link_bytes_per_device = 300).await;
    let owner = t.device();
    let (id, _, jwe) = link_with_file(&owner, None, None, None).await;
    assert!(
        jwe.len() <= 300 && jwe.len() * 2 > 300,
        "the sample fits once: {}",
        jwe.len()
    );
    // Replacing the one file is fine; a second file is over the quota.
    let again = owner
        .post_bytes(&format!("/v1/links/{id}/file"), jwe.clone().into_bytes())
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let id2 = new_id();
    ok_json(
        owner.post_json("/v1/links", &json!({ "id": id2 })).await,
        StatusCode::CREATED,
    )
    .await;
    refused(
        owner
            .post_bytes(&format!("/v1/links/{id2}/file"), jwe.into_bytes())
            .await,
        StatusCode::FORBIDDEN,
        "quota_exceeded",
    )
    .await;
}

async fn abuse_profiles_invites_and_member_entries_are_capped() {
    // Finding 5: 100 fresh keys made 100 profiles; no cap on invites or member entries.
    let t = TestRelay::start_with(|c| {
        c.quotas.profiles_per_device = 1;
        c.quotas.profiles_total = 3;
        c.quotas.invites_per_profile = 2;
        c.quotas.member_entries_per_profile = 3;
    })
    .await;
    let shared = Shared::create(&t, "p-quota").await;
    let owner = &shared.owner;
    let cert = |profile: &str| {
        tsunagu_wire::membership::MemberCert::issue(
            &owner.identity,
            profile,
            owner.identity.public(),
            Role::Owner,
            now_ms(),
        )
    };
    refused(
        owner
            .post_json(
                "/v1/profiles",
                &json!({ "profile": "p-second", "owner": cert("p-second") }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "quota_exceeded",
    )
    .await;
    Shared::create(&t, "p-two").await;
    Shared::create(&t, "p-three").await;
    let stranger = t.device();
    let cert4 = tsunagu_wire::membership::MemberCert::issue(
        &stranger.identity,
        "p-four",
        stranger.identity.public(),
        Role::Owner,
        now_ms(),
    );
    refused(
        stranger
            .post_json("/v1/profiles", &json!({ "profile": "p-four", "owner": cert4 }))
            .await,
        StatusCode::INSUFFICIENT_STORAGE,
        "relay_full",
    )
    .await;
    // Entries: the owner's certificate and two joins fill the profile's three.
    shared.join(&t, Role::Editor).await;
    shared.join(&t, Role::Viewer).await;
    shared.invite(owner, Role::Viewer, now_ms() + 600_000).await;
    shared.invite(owner, Role::Viewer, now_ms() + 600_000).await;
    let secret = tsunagu_wire::crypto::random::<32>().expect("rng");
    let third = tsunagu_wire::membership::InviteCert::issue(
        &owner.identity,
        "p-quota",
        &secret,
        Role::Viewer,
        now_ms() + 600_000,
    );
    refused(
        owner
            .post_json(&shared.path("/invites"), &json!({ "invite": third }))
            .await,
        StatusCode::FORBIDDEN,
        "quota_exceeded",
    )
    .await;
    let newcomer = t.device();
    let member_cert = tsunagu_wire::membership::MemberCert::issue(
        &owner.identity,
        "p-quota",
        newcomer.identity.public(),
        Role::Viewer,
        now_ms(),
    );
    refused(
        owner
            .post_json(&shared.path("/members"), &json!({ "cert": member_cert }))
            .await,
        StatusCode::FORBIDDEN,
        "quota_exceeded",
    )
    .await;
}

async fn abuse_a_device_lists_its_own_links_only() {
    let t = TestRelay::start().await;
    let owner = t.device();
    let (a, _, _) = link_with_file(&owner, None, None, None).await;
    let (b, _, _) = link_with_file(&owner, None, None, None).await;
    ok_json(
        owner
            .post_json(&format!("/v1/links/{a}/revoke"), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let listed = ok_json(owner.get("/v1/links").await, StatusCode::OK).await;
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 2);
    let revoked: Vec<bool> = [&a, &b]
        .iter()
        .map(|id| {
            listed
                .iter()
                .find(|l| l["id"] == id.as_str())
                .and_then(|l| l["revoked"].as_bool())
                .expect("listed")
        })
        .collect();
    assert_eq!(revoked, [true, false]);
    let others = ok_json(t.device().get("/v1/links").await, StatusCode::OK).await;
    assert_eq!(others, json!([]), "another device sees none of them");
}

/// A manifest request for an unknown link (404 while the address has tokens, 429 after) with
/// `X-Forwarded-For: forwarded`.
async fn manifest_from(base: &str, forwarded: &str) -> StatusCode {
    http()
        .post(format!("{base}/shl/{}", new_id()))
        .header("x-forwarded-for", forwarded)
        .json(&json!({ "recipient": "x" }))
        .send()
        .await
        .expect("answers")
        .status()
}

async fn abuse_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    // A client could otherwise name a new address on every request and never run out.
    let t = TestRelay::start_with(|c| {
        c.shl_per_ip.rate = 0.001;
        c.shl_per_ip.burst = 2;
    })
    .await;
    let base = t.relay.url();
    for forged in ["203.0.113.1", "203.0.113.2"] {
        assert_eq!(manifest_from(&base, forged).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        manifest_from(&base, "203.0.113.3").await,
        StatusCode::TOO_MANY_REQUESTS,
        "one TCP peer, one bucket, whatever the header says"
    );
}

async fn abuse_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket() {
    // haproxy or nginx on loopback in front: every connection comes from 127.0.0.1.
    let t = TestRelay::start_with(|c| {
        c.shl_per_ip.rate = 0.001;
        c.shl_per_ip.burst = 2;
        c.trusted_proxies = tsunagu_relay::forwarded::TrustedProxies::new(vec![
            tsunagu_relay::forwarded::parse_network("127.0.0.0/8").expect("a network"),
        ]);
    })
    .await;
    let base = t.relay.url();
    for _ in 0..2 {
        assert_eq!(manifest_from(&base, "203.0.113.1").await, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        manifest_from(&base, "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // What the client wrote left of the proxy's entry does not change whom it is counted as.
    assert_eq!(
        manifest_from(&base, "198.51.100.7, 203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        manifest_from(&base, "203.0.113.2").await,
        StatusCode::NOT_FOUND,
        "another client behind the same proxy has its own bucket"
    );
    // No header: the proxy itself is the client (and has its own bucket).
    let r = manifest(&base, &new_id(), json!({ "recipient": "x" })).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

on_each_backend!(
    abuse_parallel_guesses_beyond_the_hashing_limit_get_503_and_cost_no_attempt,
    abuse_anonymous_manifests_are_rate_limited_per_address,
    abuse_one_link_is_rate_limited_whatever_the_address,
    abuse_manifests_write_no_ticket_when_embedded_and_reuse_one_otherwise,
    abuse_file_locations_never_come_from_the_host_header,
    abuse_links_are_capped_per_device_and_in_lifetime,
    abuse_link_files_are_capped_in_bytes_per_device,
    abuse_profiles_invites_and_member_entries_are_capped,
    abuse_a_device_lists_its_own_links_only,
    abuse_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy,
    abuse_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket,
);
