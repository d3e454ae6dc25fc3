//! The relay's real HTTP router (`tsunagu_relay::router`, driven in process with tower's
//! `oneshot`) with arbitrary requests over a real SQLite file in a temporary directory: never a
//! panic, never a 500.
//!
//! Before the first input the owner device creates profile `p-fuzz` and two share links (one
//! with a passcode, one holding a file), through the same router, so inputs reach the handlers
//! behind membership and behind `/shl/*` and not only the refusals in front of them.
//!
//! Input: byte 0 picks the method (low 3 bits) and who signs (bits 6–7: nobody, the owner, a
//! stranger, nobody); then the path and query up to `\n`, then header lines `name: value` up to
//! an empty line, then the body. Signing happens here, with the current time and a fresh nonce,
//! so the fuzzer's bytes only have to find the request, not a signature.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use tsunagu_relay::{RelayConfig, RelayState, SqliteStore, router};
use tsunagu_wire::membership::{MemberCert, Role};
use tsunagu_wire::sync::CreateProfile;
use tsunagu_wire::{DeviceIdentity, request};

const PROFILE: &str = "p-fuzz";
const LOCKED: &str = "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL";
const OPEN: &str = "OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO";
/// A compact JWE the relay accepts as a link's file (it never decrypts it).
const FILE: &str = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiY3R5IjoiYXBwbGljYXRpb24vZmhpcitqc29uIn0..AAAAAAAAAAAAAAAA.eA.AAAAAAAAAAAAAAAAAAAAAA";

struct World {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    owner: DeviceIdentity,
    stranger: DeviceIdentity,
    _dir: tempfile::TempDir,
}

fn send(
    w: &World,
    method: Method,
    path: &str,
    headers: &[(&[u8], &[u8])],
    body: &[u8],
    by: Option<&DeviceIdentity>,
) -> Option<StatusCode> {
    let mut builder = Request::builder().method(method.clone()).uri(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    if let Some(device) = by {
        let auth = request::sign(device, method.as_str(), path, body, request::now_ms()).expect("rng");
        builder = builder.header("authorization", auth);
    }
    let request = builder.body(Body::from(body.to_vec())).ok()?;
    let response =
        w.rt.block_on(w.app.clone().oneshot(request))
            .expect("the router is infallible");
    Some(response.status())
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("relay.sqlite3");
        let store = SqliteStore::open(&path).expect("store");
        let mut config = RelayConfig::new(&path);
        // Rate limits would turn nearly every input away before a handler runs.
        config.rate_per_second = 1e9;
        config.burst = u32::MAX;
        config.shl_per_ip.rate = 1e9;
        config.shl_per_ip.burst = u32::MAX;
        config.shl_per_link.rate = 1e9;
        config.shl_per_link.burst = u32::MAX;
        // File locations come from the public URL (the server loop would otherwise supply the
        // connection's local address, which an in-process request does not have).
        config.public_url = Some("https://relay.example".to_owned());
        // Cheap passcode hashes: the fuzzer wants many runs a second.
        config.passcode_cost.memory_kib = 64;
        config.passcode_cost.iterations = 1;
        let state = RelayState::new(Arc::new(store), config).expect("state");
        let owner = DeviceIdentity::from_secret_bytes(&[9; 64]).expect("identity");
        let w = World {
            rt,
            app: router(state),
            stranger: DeviceIdentity::from_secret_bytes(&[10; 64]).expect("identity"),
            owner,
            _dir: dir,
        };
        let json: &[(&[u8], &[u8])] = &[(b"content-type", b"application/json")];
        let create = CreateProfile {
            profile: PROFILE.to_owned(),
            owner: MemberCert::issue(
                &w.owner,
                PROFILE,
                w.owner.public(),
                Role::Owner,
                request::now_ms(),
            ),
        };
        let body = serde_json::to_vec(&create).expect("json");
        let setup = [
            (Method::POST, "/v1/profiles".to_owned(), json, body),
            (
                Method::POST,
                "/v1/links".to_owned(),
                json,
                format!(r#"{{"id":"{LOCKED}","passcode":"1234","max_attempts":100}}"#).into_bytes(),
            ),
            (
                Method::POST,
                "/v1/links".to_owned(),
                json,
                format!(r#"{{"id":"{OPEN}"}}"#).into_bytes(),
            ),
            (
                Method::POST,
                format!("/v1/links/{OPEN}/file"),
                &[][..],
                FILE.as_bytes().to_vec(),
            ),
        ];
        for (method, path, headers, body) in setup {
            let status = send(&w, method, &path, headers, &body, Some(&w.owner)).expect("a valid request");
            assert!(status.is_success(), "setup {path}: {status}");
        }
        w
    })
}

const METHODS: [Method; 8] = [
    Method::GET,
    Method::POST,
    Method::OPTIONS,
    Method::PUT,
    Method::DELETE,
    Method::HEAD,
    Method::PATCH,
    Method::GET,
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let method = METHODS[usize::from(mode & 7)].clone();
    let (path, rest) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(path) = std::str::from_utf8(path) else {
        return;
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let mut headers = Vec::new();
    let mut body = rest;
    while let Some(i) = body.iter().position(|&b| b == b'\n') {
        let line = &body[..i];
        body = &body[i + 1..];
        if line.is_empty() {
            break;
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let value = &line[colon + 1..];
            headers.push((&line[..colon], value.strip_prefix(b" ").unwrap_or(value)));
        }
    }
    let w = world();
    let by = match mode >> 6 {
        1 => Some(&w.owner),
        2 => Some(&w.stranger),
        _ => None,
    };
    if let Some(status) = send(w, method.clone(), &path, &headers, body, by) {
        if std::env::var_os("TSUNAGU_FUZZ_TRACE").is_some() {
            // To see which handlers the seeds reach: `TSUNAGU_FUZZ_TRACE=1 … -runs=0`.
            eprintln!("router: {status} {method} {path}");
        }
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{method} {path}");
    }
});
