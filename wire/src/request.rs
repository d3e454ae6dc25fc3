//! Signed requests. Every request to the relay carries an `Authorization` header signed by the
//! device over the method, path, a timestamp, a random nonce and the body's SHA-256; the relay
//! refuses stale timestamps and nonces it has seen (replays).
//!
//! Two encodings of the same four fields and the same signed message (ADR 0014):
//! - compact, what clients send since ADR 0014:
//!   `Authorization: T2 <base64url(device 32 · time u48 big-endian · nonce 16 · sig 64)>`
//!   (161 characters with the scheme);
//! - version 1, still accepted from older clients:
//!   `Authorization: Tsunagu device=<id>,time=<unix ms>,nonce=<16 bytes>,sig=<64 bytes>`
//!   (binary values in base64url; 197 characters).

use sha2::{Digest, Sha256};

use crate::b64;
use crate::crypto::{DeviceId, DeviceIdentity, DeviceKey, random};
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
/// Latest request time a header may carry (year 9999, Unix ms): anything outside
/// `0..=MAX_TIME_MS` is malformed, so no arithmetic on it can overflow.
pub const MAX_TIME_MS: i64 = 253_402_300_799_999;

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

/// The scheme of the compact header (ADR 0014).
const COMPACT: &str = "T2 ";
/// The scheme of the version-1 header.
const V1: &str = "Tsunagu ";
/// Bytes of the compact header's payload: device, time (48 bits), nonce, signature.
const COMPACT_LEN: usize = 32 + 6 + 16 + 64;

/// Signs a request; returns the compact `Authorization` header value (ADR 0014).
pub fn sign(
    identity: &DeviceIdentity,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    time_ms: i64,
) -> Result<String> {
    Ok(sign_with_nonce(
        identity,
        method,
        path_and_query,
        body,
        time_ms,
        random::<16>()?,
    ))
}

/// [`sign`] with a given nonce: only for fixed inputs in the golden-file tests. A time outside
/// `0..=MAX_TIME_MS` is clamped into it (the relay would refuse it as stale either way).
pub(crate) fn sign_with_nonce(
    identity: &DeviceIdentity,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    time_ms: i64,
    nonce: [u8; 16],
) -> String {
    let time_ms = time_ms.clamp(0, MAX_TIME_MS);
    let signature = identity.sign(&message(method, path_and_query, time_ms, &nonce, body));
    let mut payload = Vec::with_capacity(COMPACT_LEN);
    payload.extend_from_slice(&identity.id().0);
    payload.extend_from_slice(&time_ms.to_be_bytes()[2..]);
    payload.extend_from_slice(&nonce);
    payload.extend_from_slice(&signature);
    format!("{COMPACT}{}", b64::encode(payload))
}

/// The version-1 header of the same request (what clients before ADR 0014 send): for the
/// golden files and the tests that old clients are still served.
pub fn sign_v1_with_nonce(
    identity: &DeviceIdentity,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    time_ms: i64,
    nonce: [u8; 16],
) -> String {
    let signature = identity.sign(&message(method, path_and_query, time_ms, &nonce, body));
    format!(
        "Tsunagu device={},time={},nonce={},sig={}",
        identity.id().to_text(),
        time_ms,
        b64::encode(nonce),
        b64::encode(signature)
    )
}

impl RequestAuth {
    /// Parses an `Authorization` header value, compact or version 1.
    pub fn parse(header: &str) -> Result<Self> {
        match header.strip_prefix(COMPACT) {
            Some(payload) => Self::parse_compact(payload),
            None => Self::parse_v1(header),
        }
    }

    fn parse_compact(payload: &str) -> Result<Self> {
        let bad = || WireError::Malformed("authorization header");
        let bytes = b64::decode_array::<COMPACT_LEN>(payload, "authorization header")?;
        let mut time = [0u8; 8];
        time[2..].copy_from_slice(&bytes[32..38]);
        let time_ms = i64::from_be_bytes(time);
        if time_ms > MAX_TIME_MS {
            return Err(bad());
        }
        let take = |from: usize| bytes[from..].iter().copied();
        let mut device = [0u8; 32];
        let mut nonce = [0u8; 16];
        let mut signature = [0u8; 64];
        device.iter_mut().zip(take(0)).for_each(|(d, s)| *d = s);
        nonce.iter_mut().zip(take(38)).for_each(|(d, s)| *d = s);
        signature.iter_mut().zip(take(54)).for_each(|(d, s)| *d = s);
        Ok(Self {
            device: DeviceId(device),
            time_ms,
            nonce,
            signature,
        })
    }

    fn parse_v1(header: &str) -> Result<Self> {
        let bad = || WireError::Malformed("authorization header");
        let rest = header.strip_prefix(V1).ok_or_else(bad)?;
        let (mut device, mut time, mut nonce, mut sig) = (None, None, None, None);
        for part in rest.split(',') {
            let (k, v) = part.trim().split_once('=').ok_or_else(bad)?;
            match k {
                "device" if device.is_none() => device = Some(DeviceId::from_text(v)?),
                "time" if time.is_none() => {
                    let t = v.parse::<i64>().map_err(|_| bad())?;
                    if !(0..=MAX_TIME_MS).contains(&t) {
                        return Err(bad());
                    }
                    time = Some(t);
                }
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

    /// The signing device named by an `Authorization` header (either encoding), read without
    /// checking anything else: for request logs.
    pub fn device_of(header: &str) -> Option<DeviceId> {
        if let Some(payload) = header.strip_prefix(COMPACT) {
            let bytes = b64::decode_array::<COMPACT_LEN>(payload, "authorization header").ok()?;
            return bytes[..32].try_into().ok().map(DeviceId);
        }
        let id = header
            .strip_prefix(V1)?
            .split(',')
            .find_map(|part| part.trim().strip_prefix("device="))?;
        DeviceId::from_text(id).ok()
    }

    /// Verifies the signature over this exact request.
    pub fn verify(&self, method: &str, path_and_query: &str, body: &[u8]) -> Result<()> {
        self.verify_with(&self.device.key()?, method, path_and_query, body)
    }

    /// [`RequestAuth::verify`] with the signing device's key already decompressed (the relay
    /// caches them). A key of another device is refused, whatever the signature.
    pub fn verify_with(
        &self,
        key: &DeviceKey,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> Result<()> {
        if !key.is_of(&self.device) {
            return Err(WireError::BadSignature("request"));
        }
        let m = message(method, path_and_query, self.time_ms, &self.nonce, body);
        key.verify(&m, &self.signature, "request")
    }

    /// True when the request's time is within [`MAX_SKEW_MS`] of `now_ms`.
    pub fn is_fresh(&self, now_ms: i64) -> bool {
        // abs_diff cannot overflow, whatever the two times are (a field set by hand included).
        self.time_ms.abs_diff(now_ms) <= MAX_SKEW_MS.unsigned_abs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_request_verifies_only_as_sent() {
        let d = DeviceIdentity::generate().expect("rng");
        let h = sign_v1_with_nonce(&d, "post", "/v1/profiles/p-1/envelopes", b"body", 1_000, [1; 16]);
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
        // With the key decompressed once: the same answers, and another device's key refused.
        let key = d.id().key().expect("key");
        auth.verify_with(&key, "POST", "/v1/profiles/p-1/envelopes", b"body")
            .expect("valid");
        assert!(
            auth.verify_with(&key, "POST", "/v1/profiles/p-1/envelopes", b"bodx")
                .is_err()
        );
        let other = DeviceIdentity::generate().expect("rng").id().key().expect("key");
        assert!(
            auth.verify_with(&other, "POST", "/v1/profiles/p-1/envelopes", b"body")
                .is_err()
        );
        assert!(auth.is_fresh(1_000 + MAX_SKEW_MS) && !auth.is_fresh(1_001 + MAX_SKEW_MS));
        assert!(RequestAuth::parse(&h.replace("time=1000", &format!("time={MAX_TIME_MS}"))).is_ok());
        for bad in [
            "",
            "Tsunagu ",
            "Bearer x",
            "Tsunagu device=a,time=1,nonce=b,sig=c",
            &h.replace("time=", "time=x"),
            &h.replace("time=1000", "time=-1"),
            &h.replace("time=1000", &format!("time={}", i64::MIN)),
            &h.replace("time=1000", &format!("time={}", MAX_TIME_MS + 1)),
        ] {
            assert!(RequestAuth::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_compact_header_carries_the_same_fields_in_fewer_bytes() {
        let d = DeviceIdentity::generate().expect("rng");
        let (path, body, time) = ("/v1/profiles/p-1/envelopes?after=3", b"body", 1_767_225_600_000);
        let compact = sign_with_nonce(&d, "POST", path, body, time, [7; 16]);
        let v1 = sign_v1_with_nonce(&d, "POST", path, body, time, [7; 16]);
        assert!(
            compact.starts_with("T2 ") && compact.len() == 3 + 158,
            "{compact}"
        );
        assert!(
            compact.len() + 36 <= v1.len(),
            "{} vs {}",
            compact.len(),
            v1.len()
        );
        let (a, b) = (
            RequestAuth::parse(&compact).expect("parse"),
            RequestAuth::parse(&v1).expect("parse"),
        );
        assert_eq!(a, b, "the same fields, the same signature");
        a.verify("POST", path, body).expect("valid");
        assert!(a.verify("POST", path, b"bodx").is_err());
        assert_eq!(RequestAuth::device_of(&compact), Some(d.id()));
        assert_eq!(RequestAuth::device_of(&v1), Some(d.id()));
        let max = RequestAuth::parse(&sign_with_nonce(&d, "GET", "/", b"", MAX_TIME_MS, [0; 16]));
        assert_eq!(max.expect("parse").time_ms, MAX_TIME_MS);
        // A time past MAX_TIME_MS fits in 48 bits but is refused; truncated or padded payloads too.
        let mut over = [0u8; COMPACT_LEN];
        over[32..38].copy_from_slice(&(MAX_TIME_MS + 1).to_be_bytes()[2..]);
        let over = format!("T2 {}", b64::encode(over));
        for bad in [
            over.as_str(),
            "T2 ",
            "T2 AAAA",
            &compact[..compact.len() - 1],
            &format!("{compact}A"),
            &compact.replacen("T2 ", "T3 ", 1),
        ] {
            assert!(RequestAuth::parse(bad).is_err(), "{bad}");
            assert!(bad == over || RequestAuth::device_of(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn freshness_never_overflows_on_extreme_times() {
        // Finding 8: `(time - now).abs()` overflowed on i64::MIN (a panic in debug builds).
        let d = DeviceIdentity::generate().expect("rng");
        let mut auth = RequestAuth::parse(&sign(&d, "GET", "/", b"", 0).expect("sign")).expect("parse");
        for (time, now) in [
            (i64::MIN, 0),
            (i64::MAX, i64::MIN),
            (0, i64::MIN),
            (i64::MIN, i64::MAX),
        ] {
            auth.time_ms = time;
            assert!(!auth.is_fresh(now), "{time} at {now}");
        }
        auth.time_ms = i64::MIN;
        assert!(auth.is_fresh(i64::MIN));
    }
}
