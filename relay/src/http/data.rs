//! Data endpoints: push and pull envelopes, put and get snapshots. The relay checks each
//! envelope's signature and author without being able to open it.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tsunagu_wire::DeviceId;
use tsunagu_wire::envelope::{Envelope, Kind, encode_batch};
use tsunagu_wire::sync::{
    LatestSnapshot, MEMBERS_HEADER, PullQuery, Pushed, SnapshotQuery, SnapshotStored, THROUGH_HEADER,
};

use super::append_batch::Push;
use super::error::ApiError;
use super::extract::{Params, QueryParams, Signed};
use super::{Access, MORE_HEADER, RelayState};
use crate::now_ms;
use crate::store::{AppendOutcome, NewSnapshot, SnapshotOutcome};

/// Parses and checks an envelope for `profile`: the right kind, a valid signature, and written by
/// the device that signed the request.
fn checked_envelope(profile: &str, signed: &Signed, kind: Kind) -> Result<Envelope, ApiError> {
    let envelope = Envelope::from_bytes(&signed.body).map_err(|_| ApiError::MALFORMED)?;
    if envelope.kind != kind {
        return Err(ApiError::MALFORMED);
    }
    let verified = if envelope.author == signed.device {
        // The request's signer wrote it: its key is decompressed already.
        envelope.verify_with(&signed.key, profile)
    } else {
        // Refused below either way; the status says whether the signature was valid.
        envelope.verify(profile)
    };
    if verified.is_err() {
        return Err(ApiError::BAD_ENVELOPE);
    }
    if envelope.author != signed.device {
        return Err(ApiError::AUTHOR_MISMATCH);
    }
    Ok(envelope)
}

fn octets(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        body,
    )
        .into_response()
}

/// `POST /v1/profiles/{p}/envelopes`: an editor or the owner appends one envelope; the relay
/// assigns its sequence number.
pub(super) async fn push_envelope(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Json<Pushed>, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let seq = append_change(&state, &access, profile, signed).await?;
    Ok(Json(Pushed { seq }))
}

/// Checks and appends one change envelope for a writer (the push and the combined sync, ADR
/// 0017): on SQLite the append joins a group commit (ADR 0016). Answers its sequence number (the
/// first one for a retried envelope).
pub(super) async fn append_change(
    state: &RelayState,
    access: &Access,
    profile: String,
    signed: Signed,
) -> Result<u64, ApiError> {
    if !access.role.can_write() {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    let envelope = checked_envelope(&profile, &signed, Kind::Change)?;
    let outcome = state
        .append(Push {
            profile,
            author: envelope.author,
            counter: envelope.counter,
            epoch: envelope.epoch,
            bytes: signed.body,
        })
        .await?;
    match outcome {
        AppendOutcome::Appended(seq) | AppendOutcome::Duplicate(seq) => Ok(seq),
        AppendOutcome::Conflict => Err(ApiError::CONFLICT),
        AppendOutcome::StaleEpoch { .. } => Err(ApiError::STALE_EPOCH),
        AppendOutcome::UnknownProfile => Err(ApiError::NOT_FOUND),
    }
}

/// A page of envelopes as answered: the items, the sequence number the page reached when its
/// last envelopes were left out (`X-Tsunagu-Through`), and whether more follow.
pub(super) struct Page {
    pub(super) items: Vec<(u64, Vec<u8>)>,
    pub(super) through: Option<u64>,
    pub(super) more: bool,
}

impl Page {
    /// Sets the page's headers (`Through`, `More`) on `response`.
    pub(super) fn headers(&self, response: &mut Response) {
        if let Some(through) = self.through {
            response.headers_mut().insert(
                HeaderName::from_static(THROUGH_HEADER),
                HeaderValue::from(through),
            );
        }
        if self.more {
            response.headers_mut().insert(
                HeaderName::from_static(MORE_HEADER),
                HeaderValue::from_static("true"),
            );
        }
    }
}

/// Reads the page after `after` (at most `limit` envelopes, the relay's own limit when absent),
/// leaving out the envelopes `leave_out` authored (no echo, ADR 0014).
pub(super) async fn page_after(
    state: &RelayState,
    profile: String,
    after: Option<u64>,
    limit: Option<u64>,
    leave_out: Option<DeviceId>,
) -> Result<Page, ApiError> {
    let config = state.config();
    let limit = limit
        // A limit beyond the address space is clamped like any other large one.
        .map_or(config.max_pull_envelopes, |l| {
            usize::try_from(l).unwrap_or(usize::MAX)
        })
        .clamp(1, config.max_pull_envelopes);
    let max_bytes = config.max_pull_bytes;
    let after = after.unwrap_or(0);
    let page = state
        .read(|s| s.envelopes_after(&profile, after, limit, max_bytes))
        .await?;
    let mut items = page.items;
    let reached = items.last().map(|&(seq, _)| seq);
    if let Some(device) = leave_out {
        items.retain(|(_, bytes)| Envelope::author_of(bytes) != Some(device));
    }
    let through = reached.filter(|&r| items.last().map(|&(seq, _)| seq) != Some(r));
    Ok(Page {
        items,
        through,
        more: page.more,
    })
}

/// `GET /v1/profiles/{p}/envelopes?after=S&limit=N`: a batch of envelopes after the cursor, with
/// `X-Tsunagu-More: true` when more follow.
pub(super) async fn pull_envelopes(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    QueryParams(query): QueryParams<PullQuery>,
    signed: Signed,
) -> Result<Response, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let leave_out = (query.own == Some(false)).then_some(signed.device);
    let page = page_after(&state, profile, query.after, query.limit, leave_out).await?;
    let mut response = octets(encode_batch(&page.items));
    page.headers(&mut response);
    response.headers_mut().insert(
        HeaderName::from_static(MEMBERS_HEADER),
        HeaderValue::from(access.record.entry_count),
    );
    Ok(response)
}

/// `POST /v1/profiles/{p}/snapshots?covers=S`: an editor or the owner stores a snapshot envelope
/// under its SHA-256; an existing one is never overwritten.
pub(super) async fn put_snapshot(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    QueryParams(query): QueryParams<SnapshotQuery>,
    signed: Signed,
) -> Result<(StatusCode, Json<SnapshotStored>), ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    if !access.role.can_write() {
        return Err(ApiError::FORBIDDEN_ROLE);
    }
    let envelope = checked_envelope(&profile, &signed, Kind::Snapshot)?;
    let hash = hex::encode(Sha256::digest(&signed.body));
    let new = NewSnapshot {
        hash: &hash,
        covers: query.covers,
        epoch: envelope.epoch,
        bytes: &signed.body,
    };
    let outcome = state.write(|s| s.put_snapshot(&profile, &new, now_ms())).await?;
    match outcome {
        SnapshotOutcome::Stored | SnapshotOutcome::AlreadyStored => {
            Ok((StatusCode::CREATED, Json(SnapshotStored { hash })))
        }
        SnapshotOutcome::StaleEpoch { .. } => Err(ApiError::STALE_EPOCH),
        SnapshotOutcome::CoversUnknown => Err(ApiError::MALFORMED),
        SnapshotOutcome::UnknownProfile => Err(ApiError::NOT_FOUND),
    }
}

/// `GET /v1/profiles/{p}/snapshots/latest`: the snapshot covering the most.
pub(super) async fn latest_snapshot(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    signed: Signed,
) -> Result<Json<LatestSnapshot>, ApiError> {
    state.require_member(&profile, &signed.device).await?;
    let info = state
        .write(|s| s.latest_snapshot(&profile))
        .await?
        .ok_or(ApiError::NOT_FOUND)?;
    Ok(Json(LatestSnapshot {
        covers: info.covers,
        epoch: info.epoch,
        hash: info.hash,
    }))
}

/// `GET /v1/profiles/{p}/snapshots/{hash}`: a snapshot envelope's bytes.
pub(super) async fn get_snapshot(
    State(state): State<RelayState>,
    Params((profile, hash)): Params<(String, String)>,
    signed: Signed,
) -> Result<Response, ApiError> {
    state.require_member(&profile, &signed.device).await?;
    let is_hash = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !is_hash {
        return Err(ApiError::NOT_FOUND);
    }
    let bytes = state
        .write(|s| s.snapshot(&profile, &hash))
        .await?
        .ok_or(ApiError::NOT_FOUND)?;
    Ok(octets(bytes))
}
