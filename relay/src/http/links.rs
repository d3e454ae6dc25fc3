//! Share-link handlers (ADR 0005). The owner's device manages a link with signed requests
//! (`/v1/links…`, authenticated like every other device request); recipients, who hold only the
//! link, use the SMART Health Links endpoints: `POST /shl/{id}` (the manifest) and
//! `GET /shl/file/{ticket}` (the short-lived file location). The relay checks the passcode
//! against its Argon2id hash and enforces expiry, revocation and the lifetime attempt limit;
//! it never has the key.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tsunagu_wire::b64;
use tsunagu_wire::share_link::{
    self as api, CONTENT_TYPES, CompactJwe, CreateLink, LinkStatus, Manifest, ManifestFile, ManifestRequest,
    PasscodeRefused,
};

use super::RelayState;
use super::error::ApiError;
use super::extract::{Params, Signed, json};
use crate::now_ms;
use crate::passcode;
use crate::store::{Attempt, CreateLinkOutcome, LinkChange, LinkRecord, NewLink};

/// 410 for changing a revoked or expired link.
const GONE: ApiError = ApiError::GONE;

fn status_of(record: &LinkRecord) -> LinkStatus {
    LinkStatus {
        id: record.id.clone(),
        expires_at: record.expires_at,
        revoked: record.revoked_at.is_some(),
        passcode: record.passcode_hash.is_some(),
        remaining_attempts: record.passcode_hash.as_ref().map(|_| record.attempts_left),
        has_file: record.has_file,
        views: record.views,
    }
}

fn valid_passcode(p: &str) -> bool {
    p.chars().count() >= api::MIN_PASSCODE_CHARS && p.len() <= api::MAX_PASSCODE_BYTES
}

/// `POST /v1/links`: registers a link for the signing device. `201` with its status; `200` when
/// the same device registered this id before; `409` when another did.
pub(super) async fn create_link(
    State(state): State<RelayState>,
    signed: Signed,
) -> Result<Response, ApiError> {
    let body: CreateLink = json(&signed.body)?;
    let now = now_ms();
    let attempts = body.max_attempts.unwrap_or(api::DEFAULT_MAX_ATTEMPTS);
    if !api::is_link_id(&body.id)
        || !(1..=api::MAX_ATTEMPTS_LIMIT).contains(&attempts)
        || body.expires_at.is_some_and(|e| e <= now)
        || body.passcode.as_deref().is_some_and(|p| !valid_passcode(p))
    {
        return Err(ApiError::MALFORMED);
    }
    let hash = match body.passcode {
        Some(p) => {
            let cost = state.config().passcode_cost;
            let hashed = tokio::task::spawn_blocking(move || passcode::hash(&p, cost))
                .await
                .map_err(|_| ApiError::INTERNAL)?;
            Some(hashed.ok_or(ApiError::INTERNAL)?)
        }
        None => None,
    };
    let owner = signed.device;
    let id = body.id.clone();
    let expires_at = body.expires_at;
    let outcome = state
        .blocking(move |s| {
            s.create_link(
                &NewLink {
                    id: &id,
                    owner,
                    passcode_hash: hash.as_deref(),
                    max_attempts: attempts,
                    expires_at,
                },
                now,
            )
        })
        .await?;
    let status = match outcome {
        CreateLinkOutcome::Created => StatusCode::CREATED,
        CreateLinkOutcome::AlreadyYours => StatusCode::OK,
        CreateLinkOutcome::Taken => return Err(ApiError::CONFLICT),
    };
    let record = owned(&state, &body.id, &signed.device).await?;
    Ok((status, Json(status_of(&record))).into_response())
}

/// The link if `device` owns it; `404` otherwise (strangers cannot tell taken ids from free ones).
async fn owned(
    state: &RelayState,
    id: &str,
    device: &tsunagu_wire::DeviceId,
) -> Result<LinkRecord, ApiError> {
    if !api::is_link_id(id) {
        return Err(ApiError::NOT_FOUND);
    }
    let id = id.to_owned();
    let record = state.blocking(move |s| s.link(&id)).await?;
    record.filter(|r| r.owner == *device).ok_or(ApiError::NOT_FOUND)
}

/// `GET /v1/links/{id}`: the owner's view of the link.
pub(super) async fn link_status(
    State(state): State<RelayState>,
    Params(id): Params<String>,
    signed: Signed,
) -> Result<Json<LinkStatus>, ApiError> {
    Ok(Json(status_of(&owned(&state, &id, &signed.device).await?)))
}

/// `POST /v1/links/{id}/file`: stores or replaces the link's file, a compact JWE (`dir`,
/// `A256GCM`, a `cty` the spec allows). `410` once revoked or expired.
pub(super) async fn put_file(
    State(state): State<RelayState>,
    Params(id): Params<String>,
    signed: Signed,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !api::is_link_id(&id) {
        return Err(ApiError::NOT_FOUND);
    }
    let text = std::str::from_utf8(&signed.body).map_err(|_| ApiError::MALFORMED)?;
    let jwe = CompactJwe::parse(text.trim()).map_err(|_| ApiError::MALFORMED)?;
    let cty = jwe
        .header
        .cty
        .filter(|c| CONTENT_TYPES.contains(&c.as_str()))
        .ok_or(ApiError::MALFORMED)?;
    let bytes = text.trim().as_bytes().to_vec();
    let owner = signed.device;
    let change = state
        .blocking(move |s| s.put_link_file(&id, &owner, &cty, &bytes, now_ms()))
        .await?;
    match change {
        LinkChange::Done => Ok(Json(serde_json::json!({}))),
        LinkChange::NotFound => Err(ApiError::NOT_FOUND),
        LinkChange::Gone => Err(GONE),
    }
}

/// `POST /v1/links/{id}/revoke`: the relay stops serving the link and deletes its file.
pub(super) async fn revoke(
    State(state): State<RelayState>,
    Params(id): Params<String>,
    signed: Signed,
) -> Result<Json<LinkStatus>, ApiError> {
    if !api::is_link_id(&id) {
        return Err(ApiError::NOT_FOUND);
    }
    let owner = signed.device;
    let link_id = id.clone();
    let change = state
        .blocking(move |s| s.revoke_link(&link_id, &owner, now_ms()))
        .await?;
    if change != LinkChange::Done {
        return Err(ApiError::NOT_FOUND);
    }
    Ok(Json(status_of(&owned(&state, &id, &signed.device).await?)))
}

/// Headers every recipient-facing answer carries: no caching, readable by any origin (SHL
/// receivers are often web apps elsewhere), no referrer.
fn public(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// `OPTIONS /shl/…`: the CORS preflight of a manifest request from another origin.
pub(super) async fn preflight() -> Response {
    let mut response = public(StatusCode::NO_CONTENT.into_response());
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, GET"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

/// The base URL file locations start with: the configured public URL, or `http://` + `Host`.
fn base_url(state: &RelayState, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = &state.config().public_url {
        return Some(url.trim_end_matches('/').to_owned());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let ok = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    ok.then(|| format!("http://{host}"))
}

/// `POST /shl/{id}`: the SMART Health Links manifest request. `404` when the link is unknown,
/// revoked, expired, locked or has no file; `401 {"remainingAttempts": n}` for a missing or
/// wrong passcode. Each wrong passcode is spent before it is checked, so parallel guesses cannot
/// exceed the link's limit; a right one gets its attempt back.
pub(super) async fn manifest(
    State(state): State<RelayState>,
    Params(id): Params<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    public(match manifest_inner(&state, &id, &headers, &body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    })
}

async fn manifest_inner(
    state: &RelayState,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    if !api::is_link_id(id) {
        return Err(ApiError::NOT_FOUND);
    }
    let request: ManifestRequest = json(body)?;
    if request.recipient.trim().is_empty() || request.recipient.len() > 256 {
        return Err(ApiError::MALFORMED);
    }
    let now = now_ms();
    let link_id = id.to_owned();
    let record = state
        .blocking(move |s| s.link(&link_id))
        .await?
        .filter(|r| r.is_served(now))
        .ok_or(ApiError::NOT_FOUND)?;
    if let Some(hash) = record.passcode_hash.clone() {
        let Some(given) = request
            .passcode
            .clone()
            .filter(|p| p.len() <= api::MAX_PASSCODE_BYTES)
        else {
            // Asking without a passcode costs no attempt.
            return Ok(refused(record.attempts_left));
        };
        let link_id = id.to_owned();
        let remaining = match state.blocking(move |s| s.spend_attempt(&link_id, now)).await? {
            Attempt::Spent { remaining } => remaining,
            Attempt::Refused => return Err(ApiError::NOT_FOUND),
        };
        let right = tokio::task::spawn_blocking(move || passcode::verify(&given, &hash))
            .await
            .map_err(|_| ApiError::INTERNAL)?;
        if !right {
            return Ok(refused(remaining));
        }
        let link_id = id.to_owned();
        state.blocking(move |s| s.refund_attempt(&link_id)).await?;
    }
    let base = base_url(state, headers).ok_or(ApiError::MALFORMED)?;
    let ticket = b64::encode(tsunagu_wire::crypto::random::<32>().map_err(|_| ApiError::INTERNAL)?);
    let ticket_expires = record.expires_at.map_or(now + state.config().ticket_ttl_ms, |e| {
        e.min(now + state.config().ticket_ttl_ms)
    });
    let embed_max = request.embedded_length_max;
    let link_id = id.to_owned();
    let issue = ticket.clone();
    // The ticket is issued with every served manifest; when the file is embedded instead it
    // simply goes unused and lapses with its short lifetime.
    let (content_type, jwe) = state
        .blocking(move |s| s.serve_link(&link_id, Some((&issue, ticket_expires)), now))
        .await?
        .ok_or(ApiError::NOT_FOUND)?;
    let file = if embed_max.is_some_and(|m| jwe.len() as u64 <= m) {
        ManifestFile {
            content_type,
            location: None,
            embedded: Some(String::from_utf8(jwe).map_err(|_| ApiError::INTERNAL)?),
        }
    } else {
        ManifestFile {
            content_type,
            location: Some(format!("{base}{}", api::file(&ticket))),
            embedded: None,
        }
    };
    Ok(Json(Manifest { files: vec![file] }).into_response())
}

fn refused(remaining: u32) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(PasscodeRefused {
            remaining_attempts: remaining,
        }),
    )
        .into_response()
}

/// `GET /shl/file/{ticket}`: the JWE, `application/jose`, while the ticket and the link last.
pub(super) async fn file(State(state): State<RelayState>, Params(ticket): Params<String>) -> Response {
    if !api::is_link_id(&ticket) {
        return public(ApiError::NOT_FOUND.into_response());
    }
    let found = state.blocking(move |s| s.ticket_file(&ticket, now_ms())).await;
    public(match found {
        Ok(Some(jwe)) => ([(header::CONTENT_TYPE, api::JOSE)], jwe).into_response(),
        Ok(None) => ApiError::NOT_FOUND.into_response(),
        Err(e) => e.into_response(),
    })
}
