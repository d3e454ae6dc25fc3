//! Several relays, one database (issue 12, item 3): two `tsunagu-relay` processes on one
//! PostgreSQL database, as behind a load balancer. A profile's requests alternate between them; a
//! request replayed to the other relay is refused; parallel passcode guesses spread over both
//! spend exactly the link's attempts; a relay killed in the middle of pushes loses nothing that
//! was acknowledged, and every push retried on the other relay lands once, with the sequence
//! numbers dense. PostgreSQL only (skipped without `TSUNAGU_TEST_PG` unless `TSUNAGU_REQUIRE_PG=1`).

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;
use tsunagu_relay::testing::{Backend, TestDatabase};
use tsunagu_wire::envelope::decode_batch;
use tsunagu_wire::membership::Role;

use super::client::{Device, Shared, now_ms, ok_json, refused, run_on};
use super::links::{link_with_file, manifest};
use super::process::RelayProcess;

/// Generous limits: the scenarios count what the database allows, not what the buckets do.
const LIMITS: &[&str] = &[
    "--rate",
    "1000",
    "--burst",
    "1000",
    "--shl-burst-per-ip",
    "1000",
    "--shl-burst-per-link",
    "1000",
];

/// Two relay processes on one fresh PostgreSQL database.
struct TwoRelays {
    a: RelayProcess,
    b: RelayProcess,
    _db: TestDatabase,
    _dir: TempDir,
}

fn two_relays() -> TwoRelays {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = TestDatabase::create(Backend::Postgres, &dir.path().join("unused")).expect("a server");
    // Started one after the other here; both migrate the empty database at start (the store
    // tests start relays at once on an empty database).
    let a = RelayProcess::start(&db, LIMITS);
    let b = RelayProcess::start(&db, LIMITS);
    TwoRelays {
        a,
        b,
        _db: db,
        _dir: dir,
    }
}

/// The same device talking to `base`.
fn on(base: &str, device: &Device) -> Device {
    Device::with_identity(base, device.identity.clone())
}

/// Every envelope `device`'s relay returns for the profile, from the start.
async fn pull_all(shared: &Shared, device: &Device) -> Vec<(u64, Vec<u8>)> {
    let page = device.get(&shared.path("/envelopes?after=0&limit=1000")).await;
    assert_eq!(page.status(), StatusCode::OK);
    decode_batch(&page.bytes().await.expect("body")).expect("batch")
}

async fn a_profiles_requests_alternate_between_two_relays() {
    let r = two_relays();
    let shared = Shared::create_by(Device::new(&r.a.base), "p-multi").await;
    let owner_b = on(&r.b.base, &shared.owner);
    // The owner invites through relay A; the editor joins through relay B.
    let editor_b = shared.join_as(Device::new(&r.b.base), Role::Editor).await;
    let editor_a = on(&r.a.base, &editor_b);
    let authors = [&shared.owner, &editor_b, &owner_b, &editor_a];
    let mut counters = [0u64; 2];
    for i in 0..12usize {
        let author = authors[i % 4];
        let slot = i % 2; // the owner's pushes are even, the editor's odd
        counters[slot] += 1;
        let env = shared.envelope(
            author,
            1,
            &shared.key,
            counters[slot],
            format!("change {i}").as_bytes(),
        );
        let pushed = shared.push(author, &env).await;
        assert_eq!(ok_json(pushed, StatusCode::OK).await, json!({ "seq": i + 1 }));
    }
    // Both relays hand out the same dense history.
    let from_a = pull_all(&shared, &editor_a).await;
    let from_b = pull_all(&shared, &owner_b).await;
    assert_eq!(from_a, from_b);
    let seqs: Vec<u64> = from_a.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    // Membership written through one relay is seen by the other at once.
    let members: Value = ok_json(editor_a.get(&shared.path("/members")).await, StatusCode::OK).await;
    assert_eq!(members["entries"].as_array().map(Vec::len), Some(2));
}

async fn a_request_replayed_to_the_other_relay_is_refused() {
    let r = two_relays();
    let shared = Shared::create_by(Device::new(&r.a.base), "p-replay").await;
    let owner_a = &shared.owner;
    let owner_b = on(&r.b.base, owner_a);
    // A read.
    let path = shared.path("/envelopes");
    let auth = owner_a.sign_at(&Method::GET, &path, b"", now_ms());
    let first = owner_a
        .send_raw(Method::GET, &path, Vec::new(), Some(auth.clone()))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    refused(
        owner_b.send_raw(Method::GET, &path, Vec::new(), Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "replay",
    )
    .await;
    // A push: the same bytes with the same header, sent to B after A stored it.
    let body = shared.envelope(owner_a, 1, &shared.key, 1, b"once").to_bytes();
    let auth = owner_a.sign_at(&Method::POST, &path, &body, now_ms());
    let stored = owner_a
        .send_raw(Method::POST, &path, body.clone(), Some(auth.clone()))
        .await;
    assert_eq!(ok_json(stored, StatusCode::OK).await, json!({ "seq": 1 }));
    refused(
        owner_b.send_raw(Method::POST, &path, body, Some(auth)).await,
        StatusCode::UNAUTHORIZED,
        "replay",
    )
    .await;
    assert_eq!(pull_all(&shared, &owner_b).await.len(), 1);
}

async fn parallel_guesses_spread_over_two_relays_spend_exactly_the_attempts() {
    let r = two_relays();
    let owner = Device::new(&r.a.base);
    const LIMIT: u32 = 5;
    const GUESSES: usize = 40;
    let (id, _key, _jwe) = link_with_file(&owner, Some("right-one"), Some(LIMIT), None).await;
    let mut tasks = Vec::new();
    for i in 0..GUESSES {
        let base = if i % 2 == 0 {
            r.a.base.clone()
        } else {
            r.b.base.clone()
        };
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            let response = manifest(
                &base,
                &id,
                json!({ "recipient": "x", "passcode": format!("guess-{i}") }),
            )
            .await;
            let status = response.status();
            let body: Value = response.json().await.unwrap_or_default();
            (status, body["remainingAttempts"].as_u64())
        }));
    }
    let mut remaining = Vec::new();
    for task in tasks {
        match task.await.expect("task") {
            (StatusCode::UNAUTHORIZED, Some(left)) => remaining.push(left),
            // Locked already, or turned away by a relay's hashing limit (no attempt spent).
            (StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE, _) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    // Guessing on, one at a time and alternating, checks exactly the rest of the limit.
    for i in 0.. {
        let base = if i % 2 == 0 { &r.b.base } else { &r.a.base };
        let response = manifest(base, &id, json!({ "recipient": "x", "passcode": "again" })).await;
        match response.status() {
            StatusCode::UNAUTHORIZED => {
                let body: Value = response.json().await.expect("json");
                remaining.push(body["remainingAttempts"].as_u64().expect("a count"));
            }
            StatusCode::NOT_FOUND => break,
            other => panic!("unexpected {other}"),
        }
    }
    remaining.sort_unstable();
    assert_eq!(
        remaining,
        vec![0, 1, 2, 3, 4],
        "each attempt spent once, whichever relay checked it"
    );
    // Locked on both: even the right passcode gets 404.
    for base in [&r.a.base, &r.b.base] {
        let response = manifest(base, &id, json!({ "recipient": "x", "passcode": "right-one" })).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}

async fn a_relay_killed_mid_push_loses_nothing_and_retries_on_the_other_land_once() {
    let mut r = two_relays();
    let shared = Shared::create_by(Device::new(&r.b.base), "p-killed").await;
    let owner_a = on(&r.a.base, &shared.owner);
    const PUSHES: u64 = 60;
    let envelopes: Vec<_> = (1..=PUSHES)
        .map(|counter| {
            shared.envelope(
                &owner_a,
                1,
                &shared.key,
                counter,
                format!("edit {counter}").as_bytes(),
            )
        })
        .collect();
    // Every push goes to A at once; A is killed (SIGKILL) when the first answer is back.
    let (answered, mut first_answers) = tokio::sync::mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for env in &envelopes {
        let device = on(&r.a.base, &shared.owner);
        let path = shared.path("/envelopes");
        let body = env.to_bytes();
        let answered = answered.clone();
        tasks.push(tokio::spawn(async move {
            let auth = device.sign_at(&Method::POST, &path, &body, now_ms());
            let request = reqwest::Client::new()
                .post(format!("{}{path}", device.base))
                .header(reqwest::header::AUTHORIZATION, auth)
                .body(body)
                .send()
                .await;
            let seq = match request {
                Ok(response) if response.status() == StatusCode::OK => {
                    let value: Value = response.json().await.unwrap_or_default();
                    value["seq"].as_u64()
                }
                // Killed before answering (or refused while dying): unknown whether stored.
                _ => None,
            };
            let _ = answered.send(());
            seq
        }));
    }
    drop(answered);
    first_answers.recv().await;
    r.a.kill();
    let mut acknowledged = Vec::new();
    for task in tasks {
        acknowledged.push(task.await.expect("task"));
    }
    let acked = acknowledged.iter().flatten().count();
    assert!(acked >= 1, "some pushes were answered before the kill");
    eprintln!("{acked} of {PUSHES} pushes acknowledged by A before it was killed");

    // The device retries every push it has no answer for, and (harmlessly) the others, on B.
    let mut seqs = BTreeSet::new();
    for (env, acked_seq) in envelopes.iter().zip(&acknowledged) {
        let pushed = shared.push(&shared.owner, env).await;
        let value = ok_json(pushed, StatusCode::OK).await;
        let seq = value["seq"].as_u64().expect("a sequence number");
        if let Some(acked_seq) = acked_seq {
            assert_eq!(seq, *acked_seq, "an acknowledged push keeps its number");
        }
        assert!(seqs.insert(seq), "one number per push");
    }
    assert_eq!(seqs, (1..=PUSHES).collect(), "dense: nothing lost, nothing twice");
    let history = pull_all(&shared, &shared.owner).await;
    assert_eq!(history.len() as u64, PUSHES);
    let bodies: BTreeSet<Vec<u8>> = history.into_iter().map(|(_, bytes)| bytes).collect();
    let sent: BTreeSet<Vec<u8>> = envelopes.iter().map(|e| e.to_bytes()).collect();
    assert_eq!(bodies, sent);
}

/// Each scenario as one test on PostgreSQL.
macro_rules! on_postgres {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::run_on(tsunagu_relay::testing::Backend::Postgres, super::$name()).await;
                }
            }
        )*
    };
}

on_postgres!(
    a_profiles_requests_alternate_between_two_relays,
    a_request_replayed_to_the_other_relay_is_refused,
    parallel_guesses_spread_over_two_relays_spend_exactly_the_attempts,
    a_relay_killed_mid_push_loses_nothing_and_retries_on_the_other_land_once,
);
