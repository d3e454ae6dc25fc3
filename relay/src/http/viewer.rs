//! The share-link viewer: one static page, its script and its style, compiled into the binary
//! (`src/viewer/`). The page reads the `shlink:/` link from its URL fragment (never sent here),
//! asks for the passcode when the link says so, fetches the manifest and the file from this
//! relay, decrypts in the browser with WebCrypto and shows the content. Served under a strict
//! Content-Security-Policy: scripts only from here, connections only to here, no plugins, no
//! framing of the page, and the content itself in a sandboxed frame without scripts.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The policy of every viewer response. Inline styles are allowed because the card's own
/// `<style>` (in the `srcdoc` frame, which inherits this policy) needs them; inline scripts are
/// not, and the frame's `sandbox` forbids scripts anyway.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = include_str!("../viewer/index.html");
const SCRIPT: &str = include_str!("../viewer/viewer.js");
const STYLE: &str = include_str!("../viewer/viewer.css");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// `GET /view`: the page.
pub(super) async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

/// `GET /view/viewer.js`.
pub(super) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// `GET /view/viewer.css`.
pub(super) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}
