//! What stands between the desk and every other web page the browser has open (any page can send
//! requests to loopback): the Host header must name this desk (DNS rebinding), a one-time login
//! token from the terminal is exchanged for a session cookie (HttpOnly, SameSite=Strict), every
//! POST carries the session's CSRF token (a form field, in a file upload's multipart body too;
//! and a same-origin `Origin` when the browser sends one), and every answer carries a strict
//! Content-Security-Policy and no-store.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tsunagu_core::i18n::Lang;

use super::DeskState;
use super::pages::error_page;

/// The largest form body the desk reads.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// The largest file upload (`multipart/form-data`: a spreadsheet to import) the desk reads;
/// axum's own limit for a multipart body.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// The policy of the desk's own pages: its stylesheet and script only, nothing inline.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// The policy of the printable documents (the card, the 個別避難計画): their own inline styles
/// and the QR as a data image, no script at all.
pub const DOCUMENT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

/// A logged-in browser. (No `Debug`: it holds secrets.)
#[derive(Clone)]
pub struct Login {
    /// The session id (the cookie's value).
    pub id: String,
    /// The CSRF token every POST of this session must carry.
    pub csrf: String,
    /// The language the pages are shown in.
    pub lang: Lang,
}

/// The one-time login token and the sessions it opened. (No `Debug`: it holds secrets.)
pub struct Sessions {
    token: Mutex<Option<String>>,
    sessions: Mutex<HashMap<String, Login>>,
    /// The cookie's name: one per port, so two desks on one machine do not mix.
    pub cookie: String,
}

/// 32 random bytes as hex.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl Sessions {
    /// A fresh login token for the desk on `port`.
    pub fn new(token: String, port: u16) -> Self {
        Self {
            token: Mutex::new(Some(token)),
            sessions: Mutex::new(HashMap::new()),
            cookie: format!("tsunagu_desk_{port}"),
        }
    }

    /// Exchanges the login token for a new session; `None` when the token is wrong or was used.
    pub fn exchange(&self, token: &str, lang: Lang) -> Option<Login> {
        let mut slot = self.token.lock().ok()?;
        if !slot.as_deref().is_some_and(|t| same(t, token)) {
            return None;
        }
        *slot = None;
        let login = Login {
            id: random_token().ok()?,
            csrf: random_token().ok()?,
            lang,
        };
        self.sessions.lock().ok()?.insert(login.id.clone(), login.clone());
        Some(login)
    }

    /// The session named by the request's cookie.
    pub fn of(&self, headers: &HeaderMap) -> Option<Login> {
        let id = cookie(headers, &self.cookie)?;
        self.sessions.lock().ok()?.get(&id).cloned()
    }

    /// Changes the language of session `id`.
    pub fn set_lang(&self, id: &str, lang: Lang) {
        if let Ok(mut sessions) = self.sessions.lock()
            && let Some(login) = sessions.get_mut(id)
        {
            login.lang = lang;
        }
    }

    /// Ends session `id`.
    pub fn end(&self, id: &str) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(id);
        }
    }

    /// The `Set-Cookie` value that opens `login`.
    pub fn set_cookie(&self, login: &Login) -> String {
        format!("{}={}; HttpOnly; SameSite=Strict; Path=/", self.cookie, login.id)
    }

    /// The `Set-Cookie` value that removes the cookie.
    pub fn clear_cookie(&self) -> String {
        format!("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0", self.cookie)
    }
}

/// The value of cookie `name` in the request.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// True when `host` (a Host header or an Origin's authority) names this desk.
fn is_own_host(host: &str, port: u16) -> bool {
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

/// The checks every request passes, in order: Host, then (outside `/login` and `/static/`) the
/// session, then for a POST the origin and the CSRF token. Adds the security headers to every
/// answer.
pub async fn guard(State(state): State<std::sync::Arc<DeskState>>, request: Request, next: Next) -> Response {
    let mut response = check(&state, request, next).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not `no-referrer`: with it Chromium sends `Origin: null` on the desk's own forms.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn check(state: &DeskState, request: Request, next: Next) -> Response {
    let port = state.port;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !is_own_host(host, port) {
        return error_page(state.lang, StatusCode::MISDIRECTED_REQUEST, "desk-err-host");
    }
    let path = request.uri().path();
    if path == "/login" || path.starts_with("/static/") {
        return next.run(request).await;
    }
    let Some(login) = state.sessions.of(request.headers()) else {
        return error_page(state.lang, StatusCode::UNAUTHORIZED, "desk-err-login");
    };
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let origin_ok = match request
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
        {
            Some(origin) => origin
                .strip_prefix("http://")
                .is_some_and(|authority| is_own_host(authority, port)),
            None => true,
        };
        let (parts, body) = request.into_parts();
        let multipart = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.starts_with("multipart/form-data"));
        let limit = if multipart {
            MAX_UPLOAD_BYTES
        } else {
            MAX_FORM_BYTES
        };
        let Ok(bytes) = to_bytes(body, limit).await else {
            return error_page(login.lang, StatusCode::PAYLOAD_TOO_LARGE, "desk-err-too-large");
        };
        let token = if multipart {
            multipart_csrf(&parts.headers, bytes.clone()).await
        } else {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|fields| fields.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v))
        };
        if !origin_ok || !token.is_some_and(|t| same(&t, &login.csrf)) {
            return error_page(login.lang, StatusCode::FORBIDDEN, "desk-err-csrf");
        }
        let mut request = Request::from_parts(parts, Body::from(bytes));
        request.extensions_mut().insert(login);
        return next.run(request).await.into_response();
    }
    let mut request = request;
    request.extensions_mut().insert(login);
    next.run(request).await
}

/// The `csrf` field of a `multipart/form-data` body (a file upload).
async fn multipart_csrf(headers: &HeaderMap, bytes: axum::body::Bytes) -> Option<String> {
    use axum::extract::{FromRequest, Multipart};
    let mut request = Request::new(Body::from(bytes));
    request
        .headers_mut()
        .insert(header::CONTENT_TYPE, headers.get(header::CONTENT_TYPE)?.clone());
    let mut multipart = Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_desk_is_its_host() {
        assert!(is_own_host("127.0.0.1:4321", 4321));
        assert!(is_own_host("localhost:4321", 4321));
        assert!(!is_own_host("127.0.0.1:4322", 4321));
        assert!(!is_own_host("evil.example:4321", 4321));
        assert!(!is_own_host("127.0.0.1", 4321));
    }

    #[test]
    fn the_token_opens_one_session_once() {
        let sessions = Sessions::new("a".repeat(64), 4321);
        assert!(sessions.exchange(&"b".repeat(64), Lang::Ja).is_none());
        let login = sessions.exchange(&"a".repeat(64), Lang::Ja).expect("opens");
        assert!(
            sessions.exchange(&"a".repeat(64), Lang::Ja).is_none(),
            "one time only"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; tsunagu_desk_4321={}", login.id)).expect("header"),
        );
        assert_eq!(sessions.of(&headers).map(|l| l.csrf), Some(login.csrf.clone()));
        assert!(sessions.set_cookie(&login).contains("HttpOnly; SameSite=Strict"));
    }
}
