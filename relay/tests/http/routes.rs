//! The router's paths are the wire crate's: every path the client builds with
//! `tsunagu_wire::sync` (and the device side of `tsunagu_wire::share_link`) reaches a handler
//! with the method the client uses. An unsigned request is the probe: a routed one is refused
//! `401 unauthenticated` by the signature check, an unrouted one `404` by the fallback and a
//! wrong method `405`.

use reqwest::{Method, StatusCode};
use tsunagu_wire::{share_link, sync};

use crate::client::{TestRelay, refused};

/// Every signed endpoint as the client calls it: method and path from the wire functions.
fn signed_endpoints() -> Vec<(Method, String)> {
    let p = "p-routes";
    let hash = "0".repeat(64);
    let link = "A".repeat(share_link::LINK_ID_LEN);
    vec![
        (Method::POST, sync::profiles()),
        (Method::GET, sync::members(p)),
        (Method::POST, sync::members(p)),
        (Method::POST, sync::invites(p)),
        (Method::POST, sync::join()),
        (Method::POST, sync::revocations(p)),
        (Method::GET, sync::key(p, 2)),
        (Method::POST, sync::push(p)),
        (Method::GET, sync::pull(p, 7, sync::PULL_LIMIT)),
        (Method::POST, sync::post_snapshot(p, 7)),
        (Method::GET, sync::latest_snapshot(p)),
        (Method::GET, sync::snapshot(p, &hash)),
        (Method::POST, share_link::links()),
        (Method::GET, share_link::link(&link)),
        (Method::POST, share_link::link_file(&link)),
        (Method::POST, share_link::link_revoke(&link)),
    ]
}

async fn every_wire_path_reaches_a_handler() {
    let relay = TestRelay::start().await;
    let device = relay.device();
    for (method, path) in signed_endpoints() {
        let response = device.send_raw(method.clone(), &path, Vec::new(), None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path} is not routed to a signed handler"
        );
        refused(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

async fn the_probe_tells_an_unrouted_path_and_a_wrong_method() {
    // The test above can fail: a path the router does not know, or the wrong method, is told apart.
    let relay = TestRelay::start().await;
    let device = relay.device();
    let unrouted = format!("{}/extra", sync::members("p-routes"));
    let response = device.send_raw(Method::GET, &unrouted, Vec::new(), None).await;
    refused(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = device
        .send_raw(Method::GET, &sync::join(), Vec::new(), None)
        .await;
    refused(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

on_each_backend!(
    every_wire_path_reaches_a_handler,
    the_probe_tells_an_unrouted_path_and_a_wrong_method,
);
