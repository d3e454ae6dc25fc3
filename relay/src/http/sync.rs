//! `POST /v1/profiles/{p}/sync?after=S` (ADR 0017): one request per sync round. The body is the
//! change envelope to push, or empty; the relay appends it exactly as `POST …/envelopes` does,
//! then answers the page after `S` without the caller's own envelopes exactly as
//! `GET …/envelopes?own=false` does, with the pushed envelope's sequence number in
//! `X-Tsunagu-Pushed`. One request head, one response head, one nonce and one signature per
//! round instead of two of each (and no pull that comes back empty because it went first).

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use tsunagu_wire::envelope::encode_batch;
use tsunagu_wire::membership::Role;
use tsunagu_wire::sync::{MEMBERS_HEADER, PUSHED_HEADER, SyncQuery};

use super::RelayState;
use super::data::{append_change, page_after};
use super::error::ApiError;
use super::extract::{Params, QueryParams, Signed};

/// The combined push and pull. A push the relay refuses refuses the whole request (nothing is
/// pulled), with the status `POST …/envelopes` would answer, so the client handles it as before.
pub(super) async fn sync(
    State(state): State<RelayState>,
    Params(profile): Params<String>,
    QueryParams(query): QueryParams<SyncQuery>,
    signed: Signed,
) -> Result<Response, ApiError> {
    let access = state.require_member(&profile, &signed.device).await?;
    let device = signed.device;
    let pushed = if signed.body.is_empty() {
        None
    } else {
        Some(append_change(&state, &access, profile.clone(), signed).await?)
    };
    // No echo (ADR 0014): the caller has what it wrote, including what it pushed just now.
    let page = page_after(&state, profile, query.after, query.limit, Some(device)).await?;
    // No content type: the body is always an envelope batch, and the client reads nothing else.
    let mut response = encode_batch(&page.items).into_response();
    response.headers_mut().remove(axum::http::header::CONTENT_TYPE);
    page.headers(&mut response);
    let headers = response.headers_mut();
    if let Some(seq) = pushed {
        headers.insert(HeaderName::from_static(PUSHED_HEADER), HeaderValue::from(seq));
    }
    if access.role == Role::Owner {
        // Only the owner acts on it (it grants the key to whoever joined): others are not sent it.
        headers.insert(
            HeaderName::from_static(MEMBERS_HEADER),
            HeaderValue::from(access.record.entry_count),
        );
    }
    Ok(response)
}
