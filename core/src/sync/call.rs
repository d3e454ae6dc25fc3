//! The one way the core calls the relay: a [`Call`] signed afresh for every attempt, sent through
//! a [`Transport`], with 429 and 5xx retried by one [`RetryPolicy`], an idempotent call sent
//! again once when its connection broke, and every refusal read the same way. Used by the sync
//! client and by share links (`crate::share::link`).

use tsunagu_wire::{DeviceIdentity, crypto};

use super::protocol::{self, Call, Disposition, RetryPolicy};
use super::transport::{HttpResponse, Transport, TransportError};
use crate::error::{Error, Result};

/// Sends `call` signed by `identity` to the relay at `relay_url`, retrying 429 and 5xx with
/// backoff. Returns the response whatever its status otherwise; a transport failure becomes
/// [`Error::Offline`], [`Error::Tls`] or [`Error::InvalidRelayUrl`]. Holds nothing but its
/// arguments: no store, no lock.
///
/// A connection that breaks before the answer ([`TransportError::Interrupted`]) is most often a
/// pooled keep-alive connection the relay, a proxy or a NAT closed while the request went out:
/// an idempotent call ([`Call::idempotent`]) is then sent again at once, once, signed afresh, on
/// a new connection. Other calls (an invite's use, a key grant) are not: the first may have
/// been done, and the sync reports offline as before.
pub(crate) async fn send(
    transport: &dyn Transport,
    retry: &RetryPolicy,
    identity: &DeviceIdentity,
    relay_url: &str,
    call: &Call,
) -> Result<HttpResponse> {
    let mut attempt = 0;
    let mut resend_if_interrupted = call.idempotent;
    loop {
        let request = call.sign(identity, relay_url, now_ms())?;
        let response = match transport.send(request).await {
            Ok(response) => response,
            Err(TransportError::Interrupted) if resend_if_interrupted => {
                resend_if_interrupted = false;
                continue;
            }
            Err(e) if e.is_offline() => return Err(Error::Offline),
            Err(TransportError::Tls) => return Err(Error::Tls),
            Err(_) => return Err(Error::InvalidRelayUrl),
        };
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
