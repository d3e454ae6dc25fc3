//! Criterion benchmarks of what people feel with SMART Health Links, on loopback (ADR 0005),
//! each beside a floor measured in the same run:
//!
//! - `share_link/create/*`: the family's `share create` minus the card rendering: encrypt the
//!   card (DEF + A256GCM), register the link, upload the JWE, record it in the store file — with
//!   and without a passcode (the relay then hashes it with Argon2id).
//! - `share_link/open/*`: what the recipient's viewer waits for: the manifest `POST` and the file
//!   `GET` — with and without a passcode (Argon2id verify).
//! - floors: `card_render` (the card the link carries; TARGETS.md: ≤ 5 ms with the QR),
//!   `encrypt_card`, `argon2id_hash` (the passcode cost alone).
//!
//! Figures and how to rerun: docs/benchmarks.md, "Share links".

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_core::i18n::Lang;
use tsunagu_core::share::link::{LinkContent, LinkKey, LinkOptions, LinkPayload, ShareLinks, encrypt};
use tsunagu_core::share::{CardOptions, CardSize, render_card};
use tsunagu_core::sync::{HttpRequest, HttpTransport, Method, Transport};
use tsunagu_core::views::Audience;
use tsunagu_core::{EditContext, ProfileStore, sample};
use tsunagu_relay::passcode::{self, PasscodeCost};

async fn open(transport: &HttpTransport, link: &str, passcode: Option<&str>) -> usize {
    let payload = LinkPayload::parse(link).expect("link");
    let (base, path) = payload.url.split_at(payload.url.find("/shl/").expect("path"));
    let body = match passcode {
        Some(p) => serde_json::json!({ "recipient": "bench", "passcode": p }),
        None => serde_json::json!({ "recipient": "bench" }),
    };
    let manifest = transport
        .send(HttpRequest {
            base_url: base.to_owned(),
            method: Method::Post,
            path_and_query: path.to_owned(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&body).expect("json"),
        })
        .await
        .expect("manifest");
    assert_eq!(manifest.status, 200);
    let m: serde_json::Value = serde_json::from_slice(&manifest.body).expect("json");
    let location = m["files"][0]["location"].as_str().expect("location");
    let (fbase, fpath) = location.split_at(location.find("/shl/").expect("path"));
    let file = transport
        .send(HttpRequest {
            base_url: fbase.to_owned(),
            method: Method::Get,
            path_and_query: fpath.to_owned(),
            headers: vec![],
            body: vec![],
        })
        .await
        .expect("file");
    assert_eq!(file.status, 200);
    file.body.len()
}

fn benches(c: &mut Criterion) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tmp");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // The per-device rate limit would throttle one device creating links in a loop, and the
    // per-address and per-link limits on /shl/* one client opening the same link.
    let mut config = tsunagu_relay::RelayConfig {
        rate_per_second: 1e9,
        burst: u32::MAX,
        ..tsunagu_relay::RelayConfig::new(dir.path().join("relay.sqlite3"))
    };
    config.shl_per_ip.rate = 1e9;
    config.shl_per_ip.burst = u32::MAX;
    config.shl_per_link.rate = 1e9;
    config.shl_per_link.burst = u32::MAX;
    config.quotas.links_per_device = u64::MAX;
    config.quotas.link_bytes_per_device = u64::MAX;
    let relay = rt
        .block_on(tsunagu_relay::spawn_for_tests_with(config))
        .expect("relay");
    let url = relay.url();
    let mut store = ProfileStore::open(dir.path().join("store.sqlite3")).expect("store");
    let id = store
        .create_profile(&sample::demo_profile(), &EditContext::now("母"))
        .expect("profile");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let card_options = CardOptions {
        audience: Audience::Shelter,
        langs: &[Lang::Ja],
        size: CardSize::A4,
        today,
    };
    let html = render_card(store.document(&id).expect("doc"), &card_options).expect("card");
    eprintln!("card: {} bytes of HTML", html.len());
    let content = LinkContent::Card {
        html: html.clone(),
        language: "ja".into(),
        title: "shelter".into(),
        created: "2026-12-01T00:00:00Z".into(),
    };
    let plaintext = content.to_bytes().expect("bytes");
    let key = LinkKey::generate().expect("rng");
    let jwe = encrypt(&key, "application/fhir+json", &plaintext, true).expect("jwe");
    eprintln!(
        "file: {} bytes of FHIR JSON, {} bytes of JWE",
        plaintext.len(),
        jwe.len()
    );
    let transport = HttpTransport::new().expect("transport");

    let mut g = c.benchmark_group("share_link");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("card_render", |b| {
        b.iter(|| black_box(render_card(store.document(&id).expect("doc"), &card_options).expect("card")))
    });
    g.bench_function("encrypt_card", |b| {
        b.iter(|| black_box(encrypt(&key, "application/fhir+json", &plaintext, true).expect("jwe")))
    });
    g.bench_function("argon2id_hash", |b| {
        b.iter(|| black_box(passcode::hash("sakura-2026", PasscodeCost::default())))
    });
    for (name, passcode) in [("no_passcode", None), ("passcode", Some("sakura-2026"))] {
        let options = LinkOptions {
            expires_at: Some(chrono::Utc::now().timestamp_millis() + 86_400_000),
            passcode: passcode.map(str::to_owned),
            max_attempts: Some(100),
            label: None,
            relay_url: Some(url.clone()),
        };
        g.bench_function(format!("create/{name}"), |b| {
            b.iter(|| {
                let mut links = ShareLinks::new(&mut store, &transport);
                black_box(
                    rt.block_on(links.create(&id, &content, "card:shelter", &options))
                        .expect("create"),
                )
            })
        });
        let link = {
            let mut links = ShareLinks::new(&mut store, &transport);
            rt.block_on(links.create(&id, &content, "card:shelter", &options))
                .expect("create")
                .link
        };
        g.bench_function(format!("open/{name}"), |b| {
            b.iter(|| black_box(rt.block_on(open(&transport, &link, passcode))))
        });
    }
    g.finish();
    drop(relay);
}

criterion_group!(share_links, benches);
criterion_main!(share_links);
