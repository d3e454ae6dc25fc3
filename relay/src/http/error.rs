//! [`ApiError`]: an HTTP status with a short error class, sent as `{"error": "<class>"}`. Classes
//! name what was wrong with a request, never what it contained.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tsunagu_wire::sync::ErrorBody;

/// A refused request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    class: &'static str,
    retry_after_secs: Option<u64>,
}

const fn err(status: StatusCode, class: &'static str) -> ApiError {
    ApiError {
        status,
        class,
        retry_after_secs: None,
    }
}

impl ApiError {
    /// 400: the body, a path parameter or the query does not parse.
    pub(crate) const MALFORMED: Self = err(StatusCode::BAD_REQUEST, "malformed");
    /// 400: an envelope's signature does not verify for this profile.
    pub(crate) const BAD_ENVELOPE: Self = err(StatusCode::BAD_REQUEST, "bad_envelope");
    /// 400: an envelope's author, or a join's device, is not the device that signed the request.
    pub(crate) const AUTHOR_MISMATCH: Self = err(StatusCode::BAD_REQUEST, "author_mismatch");
    /// 400: a certificate, invite, join proof or revocation does not verify, names another
    /// profile, or was not issued by whom it must be.
    pub(crate) const BAD_CERTIFICATE: Self = err(StatusCode::BAD_REQUEST, "bad_certificate");
    /// 400: an invite expired before it was stored.
    pub(crate) const INVITE_ALREADY_EXPIRED: Self = err(StatusCode::BAD_REQUEST, "invite_expired");
    /// 401: no `Authorization` header, or one that does not parse.
    pub(crate) const UNAUTHENTICATED: Self = err(StatusCode::UNAUTHORIZED, "unauthenticated");
    /// 401: the request signature does not verify.
    pub(crate) const BAD_SIGNATURE: Self = err(StatusCode::UNAUTHORIZED, "bad_signature");
    /// 401: the request's time is more than five minutes off.
    pub(crate) const STALE_REQUEST: Self = err(StatusCode::UNAUTHORIZED, "stale_request");
    /// 401: this device used this nonce before.
    pub(crate) const REPLAY: Self = err(StatusCode::UNAUTHORIZED, "replay");
    /// 403: the device is not a member of the profile.
    pub(crate) const NOT_MEMBER: Self = err(StatusCode::FORBIDDEN, "not_member");
    /// 403: the owner removed the device.
    pub(crate) const REMOVED: Self = err(StatusCode::FORBIDDEN, "removed");
    /// 403: the device's role does not allow this.
    pub(crate) const FORBIDDEN_ROLE: Self = err(StatusCode::FORBIDDEN, "forbidden_role");
    /// 404: no such profile, invite, key, snapshot or route.
    pub(crate) const NOT_FOUND: Self = err(StatusCode::NOT_FOUND, "not_found");
    /// 405: the route exists with other methods.
    pub(crate) const METHOD_NOT_ALLOWED: Self = err(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    /// 409: exists already, or the same `(author, counter)` with other bytes, or already removed.
    pub(crate) const CONFLICT: Self = err(StatusCode::CONFLICT, "conflict");
    /// 409: the epoch is not the profile's current one.
    pub(crate) const STALE_EPOCH: Self = err(StatusCode::CONFLICT, "stale_epoch");
    /// 410: the invite was used by another device.
    pub(crate) const INVITE_USED: Self = err(StatusCode::GONE, "invite_used");
    /// 410: the share link was revoked or has expired.
    pub(crate) const GONE: Self = err(StatusCode::GONE, "gone");
    /// 410: the invite expired.
    pub(crate) const INVITE_EXPIRED: Self = err(StatusCode::GONE, "invite_expired");
    /// 413: the body is over the limit.
    pub(crate) const TOO_LARGE: Self = err(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    /// 500: the relay failed (logged).
    pub(crate) const INTERNAL: Self = err(StatusCode::INTERNAL_SERVER_ERROR, "internal");
    /// 503: the database does not answer.
    pub(crate) const UNAVAILABLE: Self = err(StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    /// 429 with `Retry-After` (whole seconds, at least one).
    pub(crate) fn rate_limited(wait: Duration) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            class: "rate_limited",
            retry_after_secs: Some(wait.as_secs_f64().ceil().max(1.0) as u64),
        }
    }

    /// 500, logging `error` (storage errors name tables and constraints, never values).
    pub(crate) fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %error, "relay failure");
        Self::INTERNAL
    }

    /// The status code.
    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.class.to_owned(),
        };
        let mut response = (self.status, Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Tsunagu"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limited_rounds_retry_after_up() {
        let e = ApiError::rate_limited(Duration::from_millis(1200));
        assert_eq!(e.status(), StatusCode::TOO_MANY_REQUESTS);
        let response = e.into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        let response = ApiError::rate_limited(Duration::from_millis(10)).into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
