//! Extractors: [`Signed`] authenticates a request (ADR 0002, "Requests"); [`Params`] and
//! [`QueryParams`] parse the path and query with JSON errors instead of axum's plain-text ones.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use tsunagu_wire::request::{MAX_SKEW_MS, RequestAuth};
use tsunagu_wire::{DeviceId, DeviceKey};

use super::RelayState;
use super::error::ApiError;
use crate::now_ms;
use crate::store::NonceClaim;

/// Nonces are kept this much longer than the request could be fresh, in case the relay's clock
/// steps back.
const NONCE_MARGIN_MS: i64 = 60_000;

/// A request whose `Authorization` header verified: signed by `device` over this method, path,
/// query and body, fresh, within the device's rate, and not seen before.
#[derive(Debug)]
pub(crate) struct Signed {
    /// The device that signed.
    pub device: DeviceId,
    /// Its verifying key, decompressed: for the other signatures by `device` in the body.
    pub key: DeviceKey,
    /// The body, exactly as signed.
    pub body: Bytes,
}

impl FromRequest<RelayState> for Signed {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &RelayState) -> Result<Self, ApiError> {
        // Handles, not copies: a method, a URI and a header value clone without allocating
        // (standard methods are inline; the URI and header bytes are shared with hyper's buffer).
        let method = req.method().clone();
        let uri = req.uri().clone();
        let target = uri.path_and_query().map_or_else(|| uri.path(), |pq| pq.as_str());
        let auth = req
            .headers()
            .get(header::AUTHORIZATION)
            .ok_or(ApiError::UNAUTHENTICATED)?
            .to_str()
            .map_err(|_| ApiError::UNAUTHENTICATED)
            .and_then(|h| RequestAuth::parse(h).map_err(|_| ApiError::UNAUTHENTICATED))?;
        let body = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TOO_LARGE
            } else {
                ApiError::MALFORMED
            }
        })?;
        let key = state
            .keys()
            .verify(&auth.device, |key| {
                auth.verify_with(key, method.as_str(), target, &body)?;
                Ok(*key)
            })
            .map_err(|_| ApiError::BAD_SIGNATURE)?;
        let now = now_ms();
        if !auth.is_fresh(now) {
            return Err(ApiError::STALE_REQUEST);
        }
        state
            .limiter()
            .check(&auth.device, Instant::now())
            .map_err(ApiError::rate_limited)?;
        let (device, nonce) = (auth.device, auth.nonce);
        let expires = auth
            .time_ms
            .saturating_add(MAX_SKEW_MS)
            .saturating_add(NONCE_MARGIN_MS);
        // Group-committed with the nonces of concurrent requests (finding 1).
        let fresh = state
            .claim_nonce(NonceClaim {
                device,
                nonce,
                expires_at_ms: expires,
            })
            .await?;
        if !fresh {
            return Err(ApiError::REPLAY);
        }
        Ok(Signed { device, key, body })
    }
}

/// Path parameters; a parse failure is `400 malformed`.
#[derive(Debug)]
pub(crate) struct Params<T>(pub T);

impl<T, S> FromRequestParts<S> for Params<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| Params(v))
            .map_err(|_| ApiError::MALFORMED)
    }
}

/// Query parameters; a parse failure is `400 malformed`.
#[derive(Debug)]
pub(crate) struct QueryParams<T>(pub T);

impl<T, S> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| QueryParams(v))
            .map_err(|_| ApiError::MALFORMED)
    }
}

/// Parses a JSON body; serde's message (which may quote the input) is dropped.
pub(crate) fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::MALFORMED)
}
