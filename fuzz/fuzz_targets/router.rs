//! The relay's HTTP router with arbitrary requests, unsigned or signed by a device (so the
//! handlers behind authentication run too), over a real in-memory SQLite store: never a panic,
//! never a 500.
//!
//! Input: byte 0 picks the method and whether to sign; then the path up to `\n`, then header
//! lines `name: value` up to an empty line, then the body.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use tsunagu_relay::{RelayConfig, RelayState, SqliteStore, router};
use tsunagu_wire::DeviceIdentity;

struct World {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    device: DeviceIdentity,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let store = SqliteStore::open_in_memory().expect("store");
        let mut config = RelayConfig::new(":memory:");
        // Limits would turn nearly every input away before a handler runs.
        config.rate_per_second = 1e9;
        config.burst = u32::MAX;
        config.shl_per_ip.rate = 1e9;
        config.shl_per_ip.burst = u32::MAX;
        config.shl_per_link.rate = 1e9;
        config.shl_per_link.burst = u32::MAX;
        // Cheap passcode hashes: the fuzzer wants many runs a second.
        config.passcode_cost.memory_kib = 64;
        config.passcode_cost.iterations = 1;
        let state = RelayState::new(Arc::new(store), config).expect("state");
        World {
            rt,
            app: router(state),
            device: DeviceIdentity::from_secret_bytes(&[9; 64]).expect("identity"),
        }
    })
}

const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::OPTIONS, Method::PUT, Method::DELETE];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let method = METHODS[usize::from(mode % 5)].clone();
    let sign = mode & 0x80 != 0;
    let (path, rest) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(path) = std::str::from_utf8(path) else {
        return;
    };
    let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
    let mut builder = Request::builder().method(method.clone()).uri(&path);
    let mut body = rest;
    while let Some(i) = body.iter().position(|&b| b == b'\n') {
        let line = &body[..i];
        body = &body[i + 1..];
        if line.is_empty() {
            break;
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            builder = builder.header(&line[..colon], &line[colon + 1..]);
        }
    }
    let w = world();
    if sign {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        match tsunagu_wire::request::sign(&w.device, method.as_str(), &path, body, now) {
            Ok(auth) => builder = builder.header("authorization", auth),
            Err(_) => return,
        }
    }
    let Ok(request) = builder.body(Body::from(body.to_vec())) else {
        return;
    };
    let response = w.rt.block_on(w.app.clone().oneshot(request)).expect("infallible");
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR, "{method} {path}");
});
