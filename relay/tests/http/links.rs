//! Share links over HTTP (ADR 0005): the owner's signed management calls, the SMART Health Links
//! manifest and file endpoints, expiry, revocation, and the passcode's lifetime attempt limit
//! under parallel guessing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tsunagu_core::share::link::{LinkKey, decrypt, encrypt};
use tsunagu_wire::b64;

use super::client::{Device, TestRelay, now_ms, ok_json, refused};

pub(super) fn new_id() -> String {
    b64::encode(tsunagu_wire::crypto::random::<32>().expect("rng"))
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A link with a file, created by `owner`.
pub(super) async fn link_with_file(
    owner: &Device,
    passcode: Option<&str>,
    max_attempts: Option<u32>,
    expires_at: Option<i64>,
) -> (String, LinkKey, String) {
    let id = new_id();
    let body =
        json!({ "id": id, "expires_at": expires_at, "passcode": passcode, "max_attempts": max_attempts });
    let status = ok_json(owner.post_json("/v1/links", &body).await, StatusCode::CREATED).await;
    assert_eq!(status["has_file"], false);
    let key = LinkKey::generate().expect("rng");
    let jwe = encrypt(
        &key,
        "application/fhir+json",
        br#"{"resourceType":"Bundle","type":"document"}"#,
        true,
    )
    .expect("enc");
    ok_json(
        owner
            .post_bytes(&format!("/v1/links/{id}/file"), jwe.clone().into_bytes())
            .await,
        StatusCode::OK,
    )
    .await;
    (id, key, jwe)
}

pub(super) async fn manifest(base: &str, id: &str, body: Value) -> reqwest::Response {
    http()
        .post(format!("{base}/shl/{id}"))
        .json(&body)
        .send()
        .await
        .expect("answers")
}

async fn links_a_link_is_served_by_location_or_embedded_and_only_its_owner_manages_it() {
    let t = TestRelay::start().await;
    let owner = t.device();
    let stranger = t.device();
    let base = t.relay.url();
    let (id, key, jwe) = link_with_file(&owner, None, None, None).await;

    // Retried creation by the owner: 200, same link; by another device: 409.
    let again = json!({ "id": id, "expires_at": null, "passcode": null, "max_attempts": null });
    ok_json(owner.post_json("/v1/links", &again).await, StatusCode::OK).await;
    refused(
        stranger.post_json("/v1/links", &again).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // The manifest gives a short-lived location that answers with the JWE.
    let response = manifest(&base, &id, json!({ "recipient": "ER" })).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let m: Value = response.json().await.expect("json");
    assert_eq!(m["files"][0]["contentType"], "application/fhir+json");
    let location = m["files"][0]["location"].as_str().expect("location").to_owned();
    assert!(location.starts_with(&format!("{base}/shl/file/")));
    let file = http().get(&location).send().await.expect("answers");
    assert_eq!(file.headers()["content-type"], "application/jose");
    let served = file.text().await.expect("text");
    assert_eq!(served, jwe);
    assert!(decrypt(&key, &served).is_ok());
    // Embedded when the client allows the length.
    let m: Value = manifest(
        &base,
        &id,
        json!({ "recipient": "ER", "embeddedLengthMax": 100000 }),
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(m["files"][0]["embedded"], jwe.as_str());
    assert!(m["files"][0].get("location").is_none());
    let m: Value = manifest(&base, &id, json!({ "recipient": "ER", "embeddedLengthMax": 10 }))
        .await
        .json()
        .await
        .expect("json");
    assert!(m["files"][0]["location"].is_string());

    // Malformed requests.
    refused(
        manifest(&base, &id, json!({})).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    refused(
        manifest(&base, &new_id(), json!({ "recipient": "x" })).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        manifest(&base, "short", json!({ "recipient": "x" })).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    for bad in ["not a jwe", "a.b.c.d.e"] {
        refused(
            owner
                .post_bytes(&format!("/v1/links/{id}/file"), bad.into())
                .await,
            StatusCode::BAD_REQUEST,
            "malformed",
        )
        .await;
    }
    let bad_id = json!({ "id": "../x", "expires_at": null, "passcode": null, "max_attempts": null });
    refused(
        owner.post_json("/v1/links", &bad_id).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let short_pass = json!({ "id": new_id(), "expires_at": null, "passcode": "12", "max_attempts": null });
    refused(
        owner.post_json("/v1/links", &short_pass).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;
    let past = json!({ "id": new_id(), "expires_at": now_ms() - 1, "passcode": null, "max_attempts": null });
    refused(
        owner.post_json("/v1/links", &past).await,
        StatusCode::BAD_REQUEST,
        "malformed",
    )
    .await;

    // Strangers can neither see, replace nor revoke it.
    refused(
        stranger.get(&format!("/v1/links/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        stranger
            .post_bytes(&format!("/v1/links/{id}/file"), jwe.clone().into_bytes())
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        stranger
            .post_json(&format!("/v1/links/{id}/revoke"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let status = ok_json(owner.get(&format!("/v1/links/{id}")).await, StatusCode::OK).await;
    assert_eq!(status["views"], 3);
    assert_eq!(status["revoked"], false);

    // Revoked: the manifest and the location it gave stop answering; the file is forgotten.
    let status = ok_json(
        owner
            .post_json(&format!("/v1/links/{id}/revoke"), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(status["revoked"], true);
    assert_eq!(status["has_file"], false);
    refused(
        manifest(&base, &id, json!({ "recipient": "ER" })).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        http().get(&location).send().await.expect("answers").status(),
        StatusCode::NOT_FOUND
    );
    refused(
        owner
            .post_bytes(&format!("/v1/links/{id}/file"), jwe.into_bytes())
            .await,
        StatusCode::GONE,
        "gone",
    )
    .await;
}

async fn links_expire_on_the_relay_whatever_the_link_says() {
    let t = TestRelay::start().await;
    let owner = t.device();
    let base = t.relay.url();
    let (id, _key, _jwe) = link_with_file(&owner, None, None, Some(now_ms() + 1500)).await;
    let m: Value = ok_json(
        manifest(&base, &id, json!({ "recipient": "ER" })).await,
        StatusCode::OK,
    )
    .await;
    let location = m["files"][0]["location"].as_str().expect("location").to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    refused(
        manifest(&base, &id, json!({ "recipient": "ER" })).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        http().get(&location).send().await.expect("answers").status(),
        StatusCode::NOT_FOUND
    );
}

async fn links_wrong_passcodes_count_down_and_lock_the_link_for_good() {
    let t = TestRelay::start().await;
    let owner = t.device();
    let base = t.relay.url();
    let (id, _key, _jwe) = link_with_file(&owner, Some("sakura-2026"), Some(3), None).await;

    // No passcode: 401 with the count, and nothing spent.
    let r = manifest(&base, &id, json!({ "recipient": "ER" })).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!({ "remainingAttempts": 3 })
    );
    // Wrong, then right (which gives its attempt back), then wrong until locked.
    let r = manifest(&base, &id, json!({ "recipient": "ER", "passcode": "nope" })).await;
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!({ "remainingAttempts": 2 })
    );
    let r = manifest(
        &base,
        &id,
        json!({ "recipient": "ER", "passcode": "sakura-2026" }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let status = ok_json(owner.get(&format!("/v1/links/{id}")).await, StatusCode::OK).await;
    assert_eq!(status["remaining_attempts"], 2);
    for left in [1, 0] {
        let r = manifest(&base, &id, json!({ "recipient": "ER", "passcode": "nope" })).await;
        assert_eq!(
            r.json::<Value>().await.expect("json"),
            json!({ "remainingAttempts": left })
        );
    }
    // Locked: even the right passcode gets 404 now.
    let r = manifest(
        &base,
        &id,
        json!({ "recipient": "ER", "passcode": "sakura-2026" }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The relay's database holds a hash, never the passcode: every byte of a SQLite file, the
    // passcode column of a PostgreSQL one.
    if let Some(path) = t.db.database().sqlite_path() {
        let db = std::fs::read(path).expect("reads");
        let wal = std::fs::read(path.with_extension("sqlite3-wal")).unwrap_or_default();
        for bytes in [db, wal] {
            assert!(
                !bytes.windows(11).any(|w| w == b"sakura-2026"),
                "passcode stored in clear"
            );
        }
    }
    let hashes = t.db.query_i64(
        "SELECT count(*) FROM share_link WHERE passcode_hash LIKE '$argon2id$%'",
        &[],
    );
    assert_eq!(
        hashes,
        Some(1),
        "one link with a passcode, stored as an Argon2id hash"
    );
    let clear = t.db.query_i64(
        "SELECT count(*) FROM share_link WHERE passcode_hash LIKE '%sakura-2026%'",
        &[],
    );
    assert_eq!(clear, Some(0), "passcode stored in clear");
}

async fn links_parallel_guessing_never_gets_more_than_the_limit() {
    // The per-link and per-address limits would turn most guesses away before the count does.
    let t = TestRelay::start_with(|c| {
        c.shl_per_link.burst = 1000;
        c.shl_per_ip.burst = 1000;
    })
    .await;
    let owner = t.device();
    let base = t.relay.url();
    const LIMIT: u32 = 5;
    const GUESSES: usize = 40;
    let (id, _key, _jwe) = link_with_file(&owner, Some("right-one"), Some(LIMIT), None).await;
    let mut tasks = Vec::new();
    for i in 0..GUESSES {
        let (base, id) = (base.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let r = manifest(
                &base,
                &id,
                json!({ "recipient": "x", "passcode": format!("guess-{i}") }),
            )
            .await;
            r.status()
        }));
    }
    let mut checked = 0;
    for task in tasks {
        match task.await.expect("task") {
            StatusCode::UNAUTHORIZED => checked += 1,
            // Turned away by the relay-wide hashing limit: no attempt spent.
            StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(checked <= LIMIT, "never more than the limit of guesses checked");
    // Guessing on, one at a time, checks exactly the rest of the limit.
    loop {
        let r = manifest(&base, &id, json!({ "recipient": "x", "passcode": "again" })).await;
        match r.status() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::NOT_FOUND => break,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked, LIMIT, "exactly the limit of guesses were checked");
    let status = ok_json(owner.get(&format!("/v1/links/{id}")).await, StatusCode::OK).await;
    assert_eq!(status["remaining_attempts"], 0);
    let r = manifest(&base, &id, json!({ "recipient": "x", "passcode": "right-one" })).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "locked for good");
}

async fn links_the_viewer_page_is_served_under_a_strict_policy() {
    let t = TestRelay::start().await;
    let base = t.relay.url();
    for (path, ct) in [
        ("/view", "text/html; charset=utf-8"),
        ("/view/viewer.js", "text/javascript; charset=utf-8"),
        ("/view/viewer.css", "text/css; charset=utf-8"),
    ] {
        let r = http().get(format!("{base}{path}")).send().await.expect("answers");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], ct);
        let csp = r.headers()["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
    let page = http()
        .get(format!("{base}/view"))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    assert!(page.contains("sandbox=\"\"") && !page.contains("<script>"));
}

/// `device` registers a link naming `profile`; returns its id and the answer.
async fn make_profile_link(device: &Device, profile: &str) -> (String, reqwest::Response) {
    let id = new_id();
    let body = json!({ "id": id, "expires_at": now_ms() + 600_000, "profile": profile });
    let response = device.post_json("/v1/links", &body).await;
    (id, response)
}

/// The ids `GET /v1/profiles/{p}/links` lists for `device`, sorted.
async fn profile_link_ids(device: &Device, path: &str) -> Vec<String> {
    let list = ok_json(device.get(path).await, StatusCode::OK).await;
    let mut ids: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|l| l["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

/// Links made from a profile (issue 14 item 5): only a current member may name the profile; its
/// owner lists every device's links and revokes any, a member lists and revokes only its own;
/// a link of another profile is not reachable through this one.
async fn links_profile_links_are_listed_and_revoked_by_the_owner_and_their_maker_only() {
    use super::client::Shared;
    use tsunagu_wire::Role;

    let relay = TestRelay::start().await;
    let shared = Shared::create(&relay, "p-links0000001").await;
    let other = Shared::create(&relay, "p-links0000002").await;
    let editor = shared.join(&relay, Role::Editor).await;
    let viewer = shared.join(&relay, Role::Viewer).await;

    // A stranger, or a member of another profile, cannot attach a link to this profile.
    let (_, response) = make_profile_link(&other.owner, &shared.profile).await;
    refused(response, StatusCode::FORBIDDEN, "not_member").await;
    let (by_editor, response) = make_profile_link(&editor, &shared.profile).await;
    ok_json(response, StatusCode::CREATED).await;
    let (by_viewer, response) = make_profile_link(&viewer, &shared.profile).await;
    ok_json(response, StatusCode::CREATED).await;
    let (elsewhere, response) = make_profile_link(&other.owner, &other.profile).await;
    ok_json(response, StatusCode::CREATED).await;

    let links = shared.path("/links");
    let mut both = vec![by_editor.clone(), by_viewer.clone()];
    both.sort();
    assert_eq!(profile_link_ids(&shared.owner, &links).await, both);
    assert_eq!(profile_link_ids(&editor, &links).await, vec![by_editor.clone()]);
    let list = ok_json(shared.owner.get(&links).await, StatusCode::OK).await;
    assert!(
        list.as_array()
            .expect("a list")
            .iter()
            .any(|l| l["device"] == json!(editor.identity.id().to_text()) && l["id"] == json!(by_editor))
    );

    // A member cannot revoke another's link; nobody reaches another profile's link from here.
    let revoke = |id: &str| shared.path(&format!("/links/{id}/revoke"));
    refused(
        editor.post_json(&revoke(&by_viewer), &json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        shared.owner.post_json(&revoke(&elsewhere), &json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Its maker and the owner can.
    let status = ok_json(
        editor.post_json(&revoke(&by_editor), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(status["revoked"], true);
    let status = ok_json(
        shared.owner.post_json(&revoke(&by_viewer), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(status["revoked"], true);
    // Strangers see nothing.
    refused(other.owner.get(&links).await, StatusCode::FORBIDDEN, "not_member").await;
}

on_each_backend!(
    links_a_link_is_served_by_location_or_embedded_and_only_its_owner_manages_it,
    links_expire_on_the_relay_whatever_the_link_says,
    links_wrong_passcodes_count_down_and_lock_the_link_for_good,
    links_parallel_guessing_never_gets_more_than_the_limit,
    links_the_viewer_page_is_served_under_a_strict_policy,
    links_profile_links_are_listed_and_revoked_by_the_owner_and_their_maker_only,
);
