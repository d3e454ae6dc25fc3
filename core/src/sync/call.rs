//! The one way the core calls the relay: a [`Call`] signed afresh for every attempt, sent through
//! a [`Transport`], with 429 and 5xx retried by one [`RetryPolicy`], and every refusal read the
//! same way. Used by the sync client and by share links (`crate::share::link`).

use tsunagu_wire::{DeviceIdentity, crypto};

use super::protocol::{self, Call, Disposition, RetryPolicy};
use super::transport::{HttpResponse, Transport, TransportError};
use crate::error::{Error, Result};

/// Sends `call` signed by `identity` to the relay at `relay_url`, retrying 429 and 5xx with
/// backoff. Returns the response whatever its status otherwise; a transport failure becomes
/// [`Error::Offline`], [`Error::Tls`] or [`Error::InvalidRelayUrl`]. Holds nothing but its
/// arguments: no store, no lock.
pub(crate) async fn send(
    transport: &dyn Transport,
    retry: &RetryPolicy,
    identity: &DeviceIdentity,
    relay_url: &str,
    call: &Call,
) -> Result<HttpResponse> {
    let mut attempt = 0;
    loop {
        let request = call.sign(identity, relay_url, now_ms())?;
        let response = transport.send(request).await.map_err(|e| match e {
            e if e.is_offline() => Error::Offline,
            TransportError::Tls => Error::Tls,
            _ => Error::InvalidRelayUrl,
        })?;
        let Disposition::Transient { retry_after } = protocol::disposition(&response) else {
            return Ok(response);
        };
        attempt += 1;
        if attempt >= retry.attempts {
            return Ok(response);
        }
        let jitter = crypto::random::<1>().map(|b| b[0]).unwrap_or(128);
        tokio::time::sleep(retry.delay(attempt, retry_after, jitter)).await;
    }
}

/// Ok for 2xx; the refusal's error otherwise (after retries, a transient status means the relay
/// is unavailable).
pub(crate) fn expect_success(response: &HttpResponse) -> Result<()> {
    match protocol::disposition(response) {
        Disposition::Success => Ok(()),
        Disposition::Transient { .. } => Err(Error::RelayUnavailable {
            status: response.status,
        }),
        Disposition::Refused { status, class } => Err(protocol::refusal(status, class)),
    }
}

/// The wall clock in Unix milliseconds: the time requests are signed with, and what sync state
/// and share links record.
pub(crate) fn now_ms() -> i64 {
    tsunagu_wire::request::now_ms()
}
