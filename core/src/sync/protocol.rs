//! The sync protocol without I/O: signing requests, reading responses into outcomes and error
//! classes, retry delays, checking and opening pulled envelopes, and the bookkeeping of which
//! changes the relay already has. Everything here is tested on bytes; [`super::client`] strings
//! it together with a [`super::Transport`] and the store.

use std::collections::BTreeMap;
use std::time::Duration;

use automerge::{AutoCommit, ChangeHash};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tsunagu_wire::envelope::{Envelope, Verified, decode_batch};
use tsunagu_wire::membership::ResolvedMember;
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey, request};

use super::transport::{HttpRequest, HttpResponse, Method};
use crate::error::{Error, Result};
use tsunagu_wire::sync as api;

/// Content type of JSON bodies.
pub const JSON: &str = "application/json";
/// Content type of envelope bodies.
pub const OCTETS: &str = "application/octet-stream";

/// One request before signing: signed again (fresh time and nonce) on every attempt, since the
/// relay refuses a replayed nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Method.
    pub method: Method,
    /// Path and query.
    pub path: String,
    /// Body.
    pub body: Vec<u8>,
    /// Content type of the body, if any.
    pub content_type: Option<&'static str>,
    /// Sending it twice does what sending it once does (a GET; the sync, whose push the relay
    /// keeps once): sent again at once when its connection breaks (`call::send`).
    pub idempotent: bool,
}

impl Call {
    /// A GET of `path`.
    pub fn get(path: String) -> Self {
        Self {
            method: Method::Get,
            path,
            body: Vec::new(),
            content_type: None,
            idempotent: true,
        }
    }

    /// The same call, marked as safe to send twice ([`Call::idempotent`]).
    #[must_use]
    pub fn repeatable(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// A POST of `body` as JSON.
    pub fn post_json(path: String, body: &impl Serialize) -> Result<Self> {
        let body = serde_json::to_vec(body).map_err(|_| Error::Protocol("request body"))?;
        Ok(Self {
            method: Method::Post,
            path,
            body,
            content_type: Some(JSON),
            idempotent: false,
        })
    }

    /// A POST of raw bytes (an envelope).
    pub fn post_bytes(path: String, body: Vec<u8>) -> Self {
        Self {
            method: Method::Post,
            path,
            body,
            content_type: Some(OCTETS),
            idempotent: false,
        }
    }

    /// The request signed by `identity` at `now_ms`, for the relay at `base_url`.
    pub fn sign(&self, identity: &DeviceIdentity, base_url: &str, now_ms: i64) -> Result<HttpRequest> {
        let auth = request::sign(identity, self.method.as_str(), &self.path, &self.body, now_ms)
            .map_err(|_| Error::Crypto("no randomness"))?;
        let mut headers = vec![("Authorization".to_owned(), auth)];
        if let Some(ct) = self.content_type {
            headers.push(("Content-Type".to_owned(), ct.to_owned()));
        }
        Ok(HttpRequest {
            base_url: base_url.trim_end_matches('/').to_owned(),
            method: self.method,
            path_and_query: self.path.clone(),
            headers,
            body: self.body.clone(),
        })
    }
}

/// Checks and normalizes a relay base URL: `https://` (plain `http://` only for a loopback host:
/// passcodes and the viewer page must not travel in clear), a host, no query, fragment,
/// whitespace or credentials; a trailing `/` is dropped.
pub fn normalize_relay_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let (rest, plain) = match url.strip_prefix("https://") {
        Some(rest) => (rest, false),
        None => (url.strip_prefix("http://").ok_or(Error::InvalidRelayUrl)?, true),
    };
    let host = rest.split('/').next().unwrap_or_default();
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '@' | '\\');
    if host.is_empty() || url.len() > 512 || !url.is_ascii() || url.contains(bad) {
        return Err(Error::InvalidRelayUrl);
    }
    if plain && !is_loopback_host(host) {
        return Err(Error::InvalidRelayUrl);
    }
    Ok(url.to_owned())
}

/// True for `localhost`, `127.x.x.x` and `[::1]`, with or without a port.
fn is_loopback_host(host_port: &str) -> bool {
    let host = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, port)) if port.is_empty() || port.starts_with(':') => h,
            _ => return false,
        },
        None => host_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// What a response means for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// 2xx.
    Success,
    /// 429 or 5xx: try again, after `retry_after` when the relay said so.
    Transient {
        /// The relay's `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// Any other status: refused, with the relay's error class.
    Refused {
        /// Status.
        status: u16,
        /// Error class from the body, sanitized.
        class: String,
    },
}

/// Sorts a response.
pub fn disposition(response: &HttpResponse) -> Disposition {
    match response.status {
        200..=299 => Disposition::Success,
        429 | 500..=599 => Disposition::Transient {
            retry_after: response
                .header("Retry-After")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        },
        status => Disposition::Refused {
            status,
            class: error_class(&response.body),
        },
    }
}

/// The `error` of a `{"error": "…"}` body, kept only if it looks like a class (short, lowercase
/// words): a relay must not be able to put arbitrary text into the app's error messages.
pub fn error_class(body: &[u8]) -> String {
    serde_json::from_slice::<api::ErrorBody>(body)
        .ok()
        .map(|b| b.error)
        .filter(|c| {
            !c.is_empty()
                && c.len() <= 48
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b" _-".contains(&b))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The error for a refusal no endpoint gives a meaning of its own.
pub fn refusal(status: u16, class: String) -> Error {
    match status {
        403 => Error::NotMember,
        _ => Error::RelayRefused { status, class },
    }
}

/// Parses a JSON response body.
pub fn json<T: DeserializeOwned>(response: &HttpResponse, what: &'static str) -> Result<T> {
    serde_json::from_slice(&response.body).map_err(|_| Error::Protocol(what))
}

/// How often and how long to retry transient failures (429, 5xx) inside one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (1 = no retry).
    pub attempts: u32,
    /// Delay before the first retry; doubles each time.
    pub base: Duration,
    /// Longest delay, also the most a relay's `Retry-After` is honoured.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, waiting about 0.2 s, 0.4 s, 0.8 s (each at most 2 s).
    fn default() -> Self {
        Self {
            attempts: 4,
            base: Duration::from_millis(200),
            cap: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries (tests, or callers that schedule their own).
    pub fn none() -> Self {
        Self {
            attempts: 1,
            base: Duration::ZERO,
            cap: Duration::ZERO,
        }
    }

    /// The delay before retry number `retry` (1 = first retry): exponential, capped, with
    /// "equal jitter" (half fixed, half random by `jitter` in 0..=255) so devices that failed
    /// together do not come back together. A relay's `Retry-After` wins when longer, up to the cap.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: u8) -> Duration {
        let exp = self
            .base
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
            .min(self.cap);
        let half = exp / 2;
        let jittered = half + half.mul_f64(f64::from(jitter) / 255.0);
        retry_after.map_or(jittered, |ra| ra.min(self.cap).max(jittered))
    }
}

/// One page of a pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPage {
    /// `(sequence number, envelope)` in order.
    pub items: Vec<(u64, Envelope)>,
    /// True when the relay has more after these.
    pub more: bool,
    /// How many membership entries the relay says the profile has (a hint, when given).
    pub members: Option<u64>,
    /// The sequence number the page reached: its last envelope's, or later when the relay left
    /// this device's own envelopes out after it ([`api::THROUGH_HEADER`]); the cursor's next
    /// value. `None` for an empty page that reached nothing new.
    pub through: Option<u64>,
}

/// Parses a pull response; sequence numbers must rise strictly from after `cursor`.
pub fn parse_pull(response: &HttpResponse, cursor: u64) -> Result<PullPage> {
    let raw = decode_batch(&response.body).map_err(|_| Error::Protocol("envelope batch"))?;
    let mut last = cursor;
    let mut items = Vec::with_capacity(raw.len());
    for (seq, bytes) in raw {
        if seq <= last {
            return Err(Error::Protocol("sequence numbers out of order"));
        }
        last = seq;
        let envelope = Envelope::from_bytes(&bytes).map_err(|_| Error::Protocol("envelope"))?;
        items.push((seq, envelope));
    }
    let more = response
        .header(api::MORE_HEADER)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let through = match response.header(api::THROUGH_HEADER) {
        None => items.last().map(|&(seq, _)| seq),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(t) if t > last => Some(t),
            _ => return Err(Error::Protocol("pull page reach")),
        },
    };
    if more && through.is_none() {
        return Err(Error::Protocol("empty page announcing more"));
    }
    let members = response
        .header(api::MEMBERS_HEADER)
        .and_then(|v| v.trim().parse().ok());
    Ok(PullPage {
        items,
        more,
        members,
        through,
    })
}

/// The sequence number a sync response ([`api::sync`], ADR 0017) acknowledges the pushed envelope
/// with; `None` when it acknowledges nothing. A value that is not a number is a protocol error.
pub fn pushed_seq(response: &HttpResponse) -> Result<Option<u64>> {
    match response.header(api::PUSHED_HEADER) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| Error::Protocol("push acknowledgement")),
    }
}

/// Whether an envelope's author may have written it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorCheck {
    /// A member with a write role (or a removed writer, in an epoch before its removal).
    Writer,
    /// Not in the member table this device has (maybe it joined since: refresh and ask again).
    Unknown,
    /// A member without a write role, or a removed one writing in an epoch it cannot have.
    Refused,
}

/// Checks the author of `envelope` against `members`. A removed member's envelopes are accepted
/// only from epochs before `current_epoch`: it held those keys legitimately, and never the newer.
pub fn check_author(
    members: &BTreeMap<DeviceId, ResolvedMember>,
    envelope: &Envelope,
    current_epoch: u32,
) -> AuthorCheck {
    match members.get(&envelope.author) {
        None => AuthorCheck::Unknown,
        Some(m) if !m.role.can_write() => AuthorCheck::Refused,
        Some(m) if m.removed && envelope.epoch >= current_epoch => AuthorCheck::Refused,
        Some(_) => AuthorCheck::Writer,
    }
}

/// Decrypts a pulled envelope whose signature was verified.
pub fn open(envelope: &Verified<'_>, key: &EpochKey) -> Result<Vec<u8>> {
    envelope
        .open(key)
        .map_err(|_| Error::Protocol("envelope encryption"))
}

/// True when two head lists name the same changes (in any order).
pub fn same_heads(a: &[ChangeHash], b: &[ChangeHash]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    a == b
}

/// Heads of everything the relay has once it also has the changes in `added` (pulled change
/// bytes), given it had everything up to `known`. `doc` must already contain both.
///
/// Works on a copy forked at `known`, so the result names only changes the relay has: never a
/// local change that was not pushed. If `known` cannot be found the answer is "nothing known",
/// which at worst pushes some changes again (automerge ignores duplicates).
pub fn relay_heads_after_pull(doc: &AutoCommit, known: &[ChangeHash], added: &[u8]) -> Vec<ChangeHash> {
    let mut doc = doc.clone();
    let Ok(mut relay) = doc.fork_at(known) else {
        return Vec::new();
    };
    if relay.load_incremental(added).is_err() {
        return known.to_vec();
    }
    relay.get_heads()
}

/// Heads of the union of what is below `a` and below `b` (the relay acknowledged an envelope
/// bringing it to `b` while it already had `a`).
pub fn heads_union(doc: &AutoCommit, a: &[ChangeHash], b: &[ChangeHash]) -> Vec<ChangeHash> {
    let mut both: Vec<ChangeHash> = a.iter().chain(b).copied().collect();
    both.sort_unstable();
    both.dedup();
    let mut doc = doc.clone();
    match doc.fork_at(&both) {
        Ok(mut fork) => fork.get_heads(),
        Err(_) => b.to_vec(),
    }
}

/// Local changes the relay does not have yet: changes after `relay_heads`.
pub fn pending_changes(doc: &AutoCommit, relay_heads: &[ChangeHash]) -> usize {
    doc.clone().get_changes_meta(relay_heads).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_wire::Role;
    use tsunagu_wire::envelope::{Kind, encode_batch};

    fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_vec(),
        }
    }

    #[test]
    fn calls_are_signed_over_exactly_what_is_sent() {
        let device = DeviceIdentity::generate().expect("rng");
        let call = Call::post_bytes(api::push("p-1"), b"envelope".to_vec());
        let req = call
            .sign(&device, "https://relay.example/", 1_000)
            .expect("signs");
        assert_eq!(req.url(), "https://relay.example/v1/profiles/p-1/envelopes");
        let auth = req
            .headers
            .iter()
            .find(|(n, _)| n == "Authorization")
            .map(|(_, v)| v.clone())
            .expect("signed");
        let parsed = request::RequestAuth::parse(&auth).expect("parses");
        assert_eq!(parsed.device, device.id());
        parsed
            .verify("POST", &req.path_and_query, &req.body)
            .expect("verifies as sent");
        // Every attempt gets a fresh nonce: a retry is not a replay.
        let again = call.sign(&device, "https://relay.example", 1_000).expect("signs");
        assert_ne!(again.headers[0], req.headers[0]);
    }

    #[test]
    fn relay_urls_are_checked() {
        assert_eq!(
            normalize_relay_url(" https://relay.example/ ").expect("ok"),
            "https://relay.example"
        );
        assert_eq!(
            normalize_relay_url("http://127.0.0.1:8080").expect("ok"),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "",
            "relay.example",
            "ftp://relay.example",
            "https://",
            "https://a b",
            "https://x?y=1",
            "https://u:p@x",
            "https://x#k",
            // Plain http only on loopback (finding 8).
            "http://relay.example",
            "http://10.0.0.1:8080",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example",
            "http://[::2]:80",
        ] {
            assert!(normalize_relay_url(bad).is_err(), "{bad}");
        }
        for loopback in ["http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2"] {
            assert!(normalize_relay_url(loopback).is_ok(), "{loopback}");
        }
    }

    #[test]
    fn responses_are_sorted_into_success_retry_and_refusal() {
        assert_eq!(disposition(&response(201, &[], b"")), Disposition::Success);
        assert_eq!(
            disposition(&response(503, &[], b"")),
            Disposition::Transient { retry_after: None }
        );
        assert_eq!(
            disposition(&response(429, &[("retry-after", "3")], b"")),
            Disposition::Transient {
                retry_after: Some(Duration::from_secs(3))
            }
        );
        assert_eq!(
            disposition(&response(409, &[], br#"{"error":"stale epoch"}"#)),
            Disposition::Refused {
                status: 409,
                class: "stale epoch".into()
            }
        );
        // Anything but a short class is not repeated.
        for body in [&br#"{"error":"Name: Sakura"}"#[..], b"<html>", br#"{"error":""}"#] {
            assert_eq!(error_class(body), "unknown");
        }
        assert!(matches!(refusal(403, "x".into()), Error::NotMember));
    }

    #[test]
    fn retry_delays_grow_are_capped_and_honour_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, None, 255), Duration::from_millis(200));
        assert_eq!(p.delay(1, None, 0), Duration::from_millis(100));
        assert_eq!(p.delay(2, None, 255), Duration::from_millis(400));
        assert_eq!(p.delay(3, None, 255), Duration::from_millis(800));
        assert_eq!(p.delay(10, None, 255), Duration::from_secs(2));
        assert_eq!(p.delay(40, None, 255), Duration::from_secs(2));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(1)), 0),
            Duration::from_secs(1)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600)), 0),
            Duration::from_secs(2)
        );
        assert_eq!(RetryPolicy::none().delay(1, None, 255), Duration::ZERO);
    }

    #[test]
    fn pull_pages_must_rise_and_parse() {
        let device = DeviceIdentity::generate().expect("rng");
        let key = EpochKey::generate().expect("rng");
        let env = |counter| {
            Envelope::seal(Kind::Change, "p-1", 1, &key, &device, counter, b"changes")
                .expect("seals")
                .to_bytes()
        };
        let body = encode_batch(&[(4, env(1)), (9, env(2))]);
        let page = parse_pull(&response(200, &[("X-Tsunagu-More", "true")], &body), 3).expect("parses");
        assert_eq!(page.items.len(), 2);
        assert!(page.more);
        let verified = page.items[0].1.verified("p-1").expect("verifies");
        assert_eq!(open(&verified, &key).expect("opens"), b"changes");
        assert!(
            page.items[0].1.verified("p-2").is_err(),
            "signed for another profile"
        );
        let other = EpochKey::generate().expect("rng");
        assert!(open(&verified, &other).is_err(), "another key");
        assert!(
            parse_pull(&response(200, &[], &body), 4).is_err(),
            "not after the cursor"
        );
        let backwards = encode_batch(&[(9, env(1)), (4, env(2))]);
        assert!(parse_pull(&response(200, &[], &backwards), 0).is_err());
        let empty = encode_batch(&[]);
        assert!(!parse_pull(&response(200, &[], &empty), 0).expect("ok").more);
        assert!(parse_pull(&response(200, &[("X-Tsunagu-More", "true")], &empty), 0).is_err());
        assert!(parse_pull(&response(200, &[], b"junk"), 0).is_err());
    }

    #[test]
    fn authors_need_a_write_role_and_removed_ones_only_in_old_epochs() {
        let key = EpochKey::generate().expect("rng");
        let editor = DeviceIdentity::generate().expect("rng");
        let viewer = DeviceIdentity::generate().expect("rng");
        let stranger = DeviceIdentity::generate().expect("rng");
        let mut members = BTreeMap::new();
        let member = |d: &DeviceIdentity, role, removed| ResolvedMember {
            device: d.public(),
            role,
            removed,
        };
        members.insert(editor.id(), member(&editor, Role::Editor, false));
        members.insert(viewer.id(), member(&viewer, Role::Viewer, false));
        let env = |d: &DeviceIdentity, epoch| {
            Envelope::seal(Kind::Change, "p-1", epoch, &key, d, 1, b"c").expect("seals")
        };
        assert_eq!(check_author(&members, &env(&editor, 2), 2), AuthorCheck::Writer);
        assert_eq!(check_author(&members, &env(&viewer, 2), 2), AuthorCheck::Refused);
        assert_eq!(
            check_author(&members, &env(&stranger, 2), 2),
            AuthorCheck::Unknown
        );
        members.insert(editor.id(), member(&editor, Role::Editor, true));
        assert_eq!(check_author(&members, &env(&editor, 1), 2), AuthorCheck::Writer);
        assert_eq!(check_author(&members, &env(&editor, 2), 2), AuthorCheck::Refused);
    }

    #[test]
    fn relay_heads_cover_pulled_and_acknowledged_changes_but_never_unpushed_ones() {
        use automerge::transaction::Transactable;
        let mut a = AutoCommit::new();
        a.put(automerge::ROOT, "x", 1).expect("put");
        let base = a.get_heads();
        let mut b = a.fork();
        b.put(automerge::ROOT, "y", 2).expect("put");
        let pulled = b.save_after(&base);
        // A local change the relay does not have, then the pulled one merged.
        a.put(automerge::ROOT, "z", 3).expect("put");
        a.commit();
        let local_head = a.get_heads();
        a.load_incremental(&pulled).expect("merges");
        let relay = relay_heads_after_pull(&a, &base, &pulled);
        assert_eq!(relay, b.get_heads());
        assert_eq!(
            pending_changes(&a, &relay),
            1,
            "the local change is still pending"
        );
        // The relay acknowledges the local change: nothing pending.
        let acked = heads_union(&a, &relay, &local_head);
        assert_eq!(pending_changes(&a, &acked), 0);
        let mut sorted = acked.clone();
        sorted.sort_unstable();
        let mut all = a.get_heads();
        all.sort_unstable();
        assert_eq!(sorted, all);
        assert!(same_heads(&acked, &a.get_heads()));
        assert!(!same_heads(&relay, &a.get_heads()));
        // Unknown heads: nothing counts as known, so everything would be pushed again.
        assert!(relay_heads_after_pull(&a, &[ChangeHash([7; 32])], &pulled).is_empty());
    }
}
