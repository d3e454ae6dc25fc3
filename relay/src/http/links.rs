//! Share-link handlers (ADR 0005). The owner's device manages a link with signed requests
//! (`/v1/links…`, authenticated like every other device request); recipients, who hold only the
//! link, use the SMART Health Links endpoints: `POST /shl/{id}` (the manifest) and
//! `GET /shl/file/{ticket}` (the short-lived file location). The relay checks the passcode
//! against its Argon2id hash and enforces expiry, revocation and the lifetime attempt limit;
//! it never has the key.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use tsunagu_wire::b64;
use tsunagu_wire::share_link::{
    self as api, CONTENT_TYPES, CompactJwe, CreateLink, LinkStatus, Manifest, ManifestFile, ManifestRequest,
    PasscodeRefused, ProfileLink,
};

use super::error::ApiError;
use super::extract::{Params, Signed, json};
use super::{LocalAddr, RelayState};
use crate::now_ms;
use crate::passcode;
use crate::store::{Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, NewLink};

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
            let hashed = state
                .hashing()
                .run(move || passcode::hash(&p, cost))
                .await
                .ok_or(ApiError::BUSY)?
                .map_err(|_| ApiError::INTERNAL)?;
            Some(hashed.ok_or(ApiError::INTERNAL)?)
        }
        None => None,
    };
    let owner = signed.device;
    if let Some(profile) = &body.profile {
        // Only a current member makes links from a profile (its owner lists and revokes them).
        state.require_member(profile, &owner).await?;
    }
    let id = body.id.clone();
    // Finding 5: no link outlives the relay's maximum lifetime; one asked for longer (or for no
    // expiry) expires then, and its status says so.
    let latest = now.saturating_add(state.config().max_link_lifetime_ms);
    let expires_at = Some(body.expires_at.map_or(latest, |e| e.min(latest)));
    let quotas = state.config().quotas;
    let quota = LinkQuota {
        per_device: quotas.links_per_device,
        total: quotas.links_total,
    };
    let link = NewLink {
        id: &id,
        owner,
        profile: body.profile.as_deref(),
        passcode_hash: hash.as_deref(),
        max_attempts: attempts,
        expires_at,
        quota,
    };
    let outcome = state.write(|s| s.create_link(&link, now)).await?;
    let status = match outcome {
        CreateLinkOutcome::Created => StatusCode::CREATED,
        CreateLinkOutcome::AlreadyYours => StatusCode::OK,
        CreateLinkOutcome::Taken => return Err(ApiError::CONFLICT),
        CreateLinkOutcome::OverQuota => return Err(ApiError::QUOTA),
        CreateLinkOutcome::RelayFull => return Err(ApiError::RELAY_FULL),
    };
    let record = owned(&state, &body.id, &signed.device).await?;
    Ok((status, Json(status_of(&record))).into_response())
}

/// Most links one listing returns (a device holds at most its quota of live ones).
const MAX_LISTED: u32 = 1000;

/// `GET /v1/links`: every link the signing device registered and the relay still keeps (revoked
/// and expired ones until pruned), newest first — so a device can find and revoke links its own
/// list lost.
pub(super) async fn list_links(
    State(state): State<RelayState>,
    signed: Signed,
) -> Result<Json<Vec<LinkStatus>>, ApiError> {
    let device = signed.device;
    let records = state.write(|s| s.links_of(&device, MAX_LISTED)).await?;
    Ok(Json(records.iter().map(status_of).collect()))
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
    let record = state.write(|s| s.link(id)).await?;
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
    let quotas = state.config().quotas;
    let quota = LinkQuota {
        per_device: quotas.link_bytes_per_device,
        total: quotas.link_bytes_total,
    };
    let change = state
        .write(|s| s.put_link_file(&id, &owner, &cty, &bytes, quota, now_ms()))
        .await?;
    match change {
        LinkChange::Done => Ok(Json(serde_json::json!({}))),
        LinkChange::NotFound => Err(ApiError::NOT_FOUND),
        LinkChange::Gone => Err(GONE),
        LinkChange::OverQuota => Err(ApiError::QUOTA),
        LinkChange::RelayFull => Err(ApiError::RELAY_FULL),
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
    let change = state.write(|s| s.revoke_link(&id, &owner, now_ms())).await?;
    if change != LinkChange::Done {
        return Err(ApiError::NOT_FOUND);
    }
    Ok(Json(status_of(&owned(&state, &id, &signed.device).await?)))
}

/// `GET /v1/profiles/{p}/links`: the links made from the profile — by every device for its
/// owner (removed devices' included), a member's own otherwise — newest first.
pub(super) async fn profile_links(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Json<Vec<ProfileLink>>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let everyone = signed.device == access.owner();
    let records = state.write(|s| s.links_of_profile(&profile, MAX_LISTED)).await?;
    Ok(Json(
        records
            .iter()
            .filter(|r| everyone || r.owner == signed.device)
            .map(|r| ProfileLink {
                device: r.owner,
                status: status_of(r),
            })
            .collect(),
    ))
}

/// `POST /v1/profiles/{p}/links/{id}/revoke`: the profile's owner revokes any link made from it
/// (a removed member's too); a member revokes its own. `404` for a link of another profile, or
/// of another device for a member who is not the owner.
pub(super) async fn revoke_profile_link(
    State(state): State<RelayState>,
    Params((profile, id)): Params<(String, String)>,
    signed: Signed,
) -> Result<Json<LinkStatus>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    if !api::is_link_id(&id) {
        return Err(ApiError::NOT_FOUND);
    }
    let found = state
        .write(|s| async { Ok((s.link_profile(&id).await?, s.link(&id).await?)) })
        .await?;
    let record = match found {
        (Some(p), Some(record)) if p == profile => record,
        _ => return Err(ApiError::NOT_FOUND),
    };
    if signed.device != access.owner() && signed.device != record.owner {
        return Err(ApiError::NOT_FOUND);
    }
    let (link_id, maker) = (id.clone(), record.owner);
    let change = state.write(|s| s.revoke_link(&link_id, &maker, now_ms())).await?;
    if change != LinkChange::Done {
        return Err(ApiError::NOT_FOUND);
    }
    Ok(Json(status_of(&owned(&state, &id, &maker).await?)))
}

/// Headers every recipient-facing answer carries: no caching, readable by any origin (SHL
/// receivers are often web apps elsewhere), no referrer.
pub(super) fn public(mut response: Response) -> Response {
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

/// The base URL file locations start with: the configured public URL, or `http://` + the
/// address the connection came in on (right on loopback). Never the request's `Host` header,
/// which the sender chooses (finding 8).
fn base_url(state: &RelayState, local: Option<LocalAddr>) -> Option<String> {
    if let Some(url) = &state.config().public_url {
        return Some(url.trim_end_matches('/').to_owned());
    }
    local.map(|LocalAddr(addr)| format!("http://{addr}"))
}

/// `POST /shl/{id}`: the SMART Health Links manifest request. `404` when the link is unknown,
/// revoked, expired, locked or has no file; `401 {"remainingAttempts": n}` for a missing or
/// wrong passcode. Each wrong passcode is spent before it is checked, so parallel guesses cannot
/// exceed the link's limit; a right one gets its attempt back.
pub(super) async fn manifest(
    State(state): State<RelayState>,
    Params(id): Params<String>,
    local: Option<Extension<LocalAddr>>,
    body: Bytes,
) -> Response {
    let local = local.map(|Extension(l)| l);
    public(match manifest_inner(&state, &id, local, &body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    })
}

async fn manifest_inner(
    state: &RelayState,
    id: &str,
    local: Option<LocalAddr>,
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
    let record = state
        .write(|s| s.link(id))
        .await?
        .filter(|r| r.is_served(now))
        .ok_or(ApiError::NOT_FOUND)?;
    // Finding 6: each live link has its own bucket too, so many addresses together cannot
    // hammer one link (nor spend its passcode attempts in a burst).
    if let Err(wait) = state.shl_by_link().check(&record.id, Instant::now()) {
        return Err(ApiError::rate_limited(wait));
    }
    if let Some(hash) = record.passcode_hash.clone() {
        let Some(given) = request
            .passcode
            .clone()
            .filter(|p| p.len() <= api::MAX_PASSCODE_BYTES)
        else {
            // Asking without a passcode costs no attempt.
            return Ok(refused(record.attempts_left));
        };
        // Finding 4: a hashing slot is taken before the attempt is spent, so a guess turned
        // away with 503 costs the link nothing, and at most `max_concurrent_hashes` Argon2id
        // runs (19 MiB each) exist at once whatever the number of guessers.
        let Some(slot) = state.hashing().try_start() else {
            return Err(ApiError::BUSY);
        };
        let remaining = match state.write(|s| s.spend_attempt(id, now)).await? {
            Attempt::Spent { remaining } => remaining,
            Attempt::Refused => return Err(ApiError::NOT_FOUND),
        };
        let right = tokio::task::spawn_blocking(move || {
            let right = passcode::verify(&given, &hash);
            drop(slot);
            right
        })
        .await
        .map_err(|_| ApiError::INTERNAL)?;
        if !right {
            return Ok(refused(remaining));
        }
        state.write(|s| s.refund_attempt(id)).await?;
    }
    let base = base_url(state, local).ok_or(ApiError::INTERNAL)?;
    let fresh = b64::encode(tsunagu_wire::crypto::random::<32>().map_err(|_| ApiError::INTERNAL)?);
    let ttl = state.config().ticket_ttl_ms;
    let ticket_expires = record
        .expires_at
        .map_or(now.saturating_add(ttl), |e| e.min(now.saturating_add(ttl)));
    let embed_max = request.embedded_length_max;
    let delivery = Delivery {
        embed_max,
        fresh_ticket: &fresh,
        ticket_expires_ms: ticket_expires,
        // A ticket with at least half its lifetime left is handed out again.
        reuse_until_ms: now.saturating_add(ttl / 2).min(ticket_expires),
    };
    let served = state
        .write(|s| s.serve_link(id, &delivery, now))
        .await?
        .ok_or(ApiError::NOT_FOUND)?;
    let file = match served.ticket {
        None => ManifestFile {
            content_type: served.content_type,
            location: None,
            embedded: Some(String::from_utf8(served.jwe).map_err(|_| ApiError::INTERNAL)?),
        },
        Some(ticket) => ManifestFile {
            content_type: served.content_type,
            location: Some(format!("{base}{}", api::file(&ticket))),
            embedded: None,
        },
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
    let found = state.write(|s| s.ticket_file(&ticket, now_ms())).await;
    public(match found {
        // An attachment, never rendered: the relay's origin shows nothing a stranger uploaded.
        Ok(Some(jwe)) => (
            [
                (header::CONTENT_TYPE, api::JOSE),
                (header::CONTENT_DISPOSITION, "attachment"),
            ],
            jwe,
        )
            .into_response(),
        Ok(None) => ApiError::NOT_FOUND.into_response(),
        Err(e) => e.into_response(),
    })
}
