//! `POST /v1/profiles/{p}/sync?after=S` (ADR 0017): one request per sync round. The body is the
//! change envelope to push, or empty; the relay appends it exactly as `POST …/envelopes` does,
//! then answers the page after `S` without the caller's own envelopes exactly as
//! `GET …/envelopes?own=false` does, with the pushed envelope's sequence number in
//! `X-Tsunagu-Pushed`. One request head, one response head, one nonce and one signature per
//! round instead of two of each (and no pull that comes back empty because it went first).

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use tsunagu_wire::envelope::{Envelope, Kind, encode_batch};
use tsunagu_wire::membership::Role;
use tsunagu_wire::sync::{MEMBERS_HEADER, MORE_HEADER, PUSHED_HEADER, SyncQuery, THROUGH_HEADER};

use super::RelayState;
use super::data::checked_envelope;
use super::error::ApiError;
use super::extract::{Params, QueryParams, Signed};
use crate::now_ms;
use crate::store::{AppendOutcome, NewEnvelope};

/// The combined push and pull. A push the relay refuses refuses the whole request (nothing is
/// pulled), with the status `POST …/envelopes` would answer, so the client handles it as before.
pub(super) async fn sync(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    QueryParams(query): QueryParams<SyncQuery>,
    signed: Signed,
) -> Result<Response, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let pushed = if signed.body.is_empty() {
        None
    } else {
        if !access.role.can_write() {
            return Err(ApiError::FORBIDDEN_ROLE);
        }
        let envelope = checked_envelope(&profile, &signed, Kind::Change)?;
        let bytes = signed.body.clone();
        let p = profile.clone();
        let outcome = state
            .blocking(move |s| {
                let new = NewEnvelope {
                    author: envelope.author,
                    counter: envelope.counter,
                    epoch: envelope.epoch,
                    bytes: &bytes,
                };
                s.append_envelope(&p, &new, now_ms())
            })
            .await?;
        match outcome {
            AppendOutcome::Appended(seq) | AppendOutcome::Duplicate(seq) => Some(seq),
            AppendOutcome::Conflict => return Err(ApiError::CONFLICT),
            AppendOutcome::StaleEpoch { .. } => return Err(ApiError::STALE_EPOCH),
            AppendOutcome::UnknownProfile => return Err(ApiError::NOT_FOUND),
        }
    };
    let config = state.config();
    let limit = query
        .limit
        .map_or(config.max_pull_envelopes, |l| {
            usize::try_from(l).unwrap_or(usize::MAX)
        })
        .clamp(1, config.max_pull_envelopes);
    let max_bytes = config.max_pull_bytes;
    let after = query.after.unwrap_or(0);
    let page = state
        .read(move |s| s.envelopes_after(&profile, after, limit, max_bytes))
        .await?;
    let mut items = page.items;
    let reached = items.last().map(|&(seq, _)| seq);
    // No echo (ADR 0014): the caller has what it wrote, including what it pushed just now.
    items.retain(|(_, bytes)| Envelope::author_of(bytes) != Some(signed.device));
    // No content type: the body is always an envelope batch, and the client reads nothing else.
    let mut response = encode_batch(&items).into_response();
    response.headers_mut().remove(axum::http::header::CONTENT_TYPE);
    let headers = response.headers_mut();
    if let Some(seq) = pushed {
        headers.insert(HeaderName::from_static(PUSHED_HEADER), HeaderValue::from(seq));
    }
    if let Some(reached) = reached
        && items.last().map(|&(seq, _)| seq) != Some(reached)
    {
        headers.insert(
            HeaderName::from_static(THROUGH_HEADER),
            HeaderValue::from(reached),
        );
    }
    if access.role == Role::Owner {
        // Only the owner acts on it (it grants the key to whoever joined): others are not sent it.
        headers.insert(
            HeaderName::from_static(MEMBERS_HEADER),
            HeaderValue::from(access.record.entry_count),
        );
    }
    if page.more {
        headers.insert(
            HeaderName::from_static(MORE_HEADER),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}
