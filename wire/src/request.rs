//! Signed requests. Every request to the relay carries an `Authorization` header signed by the
//! device over the method, path, a timestamp, a random nonce and the body's SHA-256; the relay
//! refuses stale timestamps and nonces it has seen (replays).
//!
//! `Authorization: Tsunagu device=<id>,time=<unix ms>,nonce=<16 bytes>,sig=<64 bytes>`
//! (binary values in base64url).

use sha2::{Digest, Sha256};

use crate::b64;
use crate::crypto::{DeviceId, DeviceIdentity, random};
use crate::error::{Result, WireError};

/// Largest accepted difference between the request's time and the relay's clock.
pub const MAX_SKEW_MS: i64 = 5 * 60 * 1000;

/// The wall clock in Unix milliseconds: the time requests are signed with and checked against
/// (both sides use this one). A clock before 1970 reads as 0; one past the year 292 million as
/// `i64::MAX`.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// The parsed `Authorization` header of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAuth {
    /// Signing device.
    pub device: DeviceId,
    /// Client time, Unix milliseconds.
    pub time_ms: i64,
    /// Random per-request nonce.
    pub nonce: [u8; 16],
    /// Signature.
    pub signature: [u8; 64],
}

fn message(method: &str, path_and_query: &str, time_ms: i64, nonce: &[u8; 16], body: &[u8]) -> Vec<u8> {
    let digest = Sha256::digest(body);
    let mut m = Vec::with_capacity(128 + path_and_query.len());
    m.extend_from_slice(b"tsunagu-request-v1\n");
    m.extend_from_slice(method.to_ascii_uppercase().as_bytes());
    m.push(b'\n');
    m.extend_from_slice(path_and_query.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(time_ms.to_string().as_bytes());
    m.push(b'\n');
    m.extend_from_slice(nonce);
    m.push(b'\n');
    m.extend_from_slice(&digest);
    m
}

/// Signs a request; returns the `Authorization` header value.
pub fn sign(
    identity: &DeviceIdentity,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    time_ms: i64,
) -> Result<String> {
    let nonce = random::<16>()?;
    let signature = identity.sign(&message(method, path_and_query, time_ms, &nonce, body));
    Ok(format!(
        "Tsunagu device={},time={},nonce={},sig={}",
        identity.id().to_text(),
        time_ms,
        b64::encode(nonce),
        b64::encode(signature)
    ))
}

impl RequestAuth {
    /// Parses an `Authorization` header value.
    pub fn parse(header: &str) -> Result<Self> {
        let bad = || WireError::Malformed("authorization header");
        let rest = header.strip_prefix("Tsunagu ").ok_or_else(bad)?;
        let (mut device, mut time, mut nonce, mut sig) = (None, None, None, None);
        for part in rest.split(',') {
            let (k, v) = part.trim().split_once('=').ok_or_else(bad)?;
            match k {
                "device" if device.is_none() => device = Some(DeviceId::from_text(v)?),
                "time" if time.is_none() => time = Some(v.parse::<i64>().map_err(|_| bad())?),
                "nonce" if nonce.is_none() => nonce = Some(b64::decode_array::<16>(v, "nonce")?),
                "sig" if sig.is_none() => sig = Some(b64::decode_array::<64>(v, "signature")?),
                _ => return Err(bad()),
            }
        }
        Ok(Self {
            device: device.ok_or_else(bad)?,
            time_ms: time.ok_or_else(bad)?,
            nonce: nonce.ok_or_else(bad)?,
            signature: sig.ok_or_else(bad)?,
        })
    }

    /// Verifies the signature over this exact request.
    pub fn verify(&self, method: &str, path_and_query: &str, body: &[u8]) -> Result<()> {
        let m = message(method, path_and_query, self.time_ms, &self.nonce, body);
        self.device.verify(&m, &self.signature, "request")
    }

    /// True when the request's time is within [`MAX_SKEW_MS`] of `now_ms`.
    pub fn is_fresh(&self, now_ms: i64) -> bool {
        (self.time_ms - now_ms).abs() <= MAX_SKEW_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_request_verifies_only_as_sent() {
        let d = DeviceIdentity::generate().expect("rng");
        let h = sign(&d, "post", "/v1/profiles/p-1/envelopes", b"body", 1_000).expect("sign");
        let auth = RequestAuth::parse(&h).expect("parse");
        assert_eq!(auth.device, d.id());
        auth.verify("POST", "/v1/profiles/p-1/envelopes", b"body")
            .expect("valid");
        assert!(
            auth.verify("POST", "/v1/profiles/p-2/envelopes", b"body")
                .is_err()
        );
        assert!(
            auth.verify("POST", "/v1/profiles/p-1/envelopes", b"bodx")
                .is_err()
        );
        assert!(auth.verify("GET", "/v1/profiles/p-1/envelopes", b"body").is_err());
        assert!(auth.is_fresh(1_000 + MAX_SKEW_MS) && !auth.is_fresh(1_001 + MAX_SKEW_MS));
        for bad in [
            "",
            "Tsunagu ",
            "Bearer x",
            "Tsunagu device=a,time=1,nonce=b,sig=c",
            &h.replace("time=", "time=x"),
        ] {
            assert!(RequestAuth::parse(bad).is_err(), "{bad}");
        }
    }
}
