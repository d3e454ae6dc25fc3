//! The `Authorization` header of a signed request and its freshness: parsing never panics, a
//! parsed time is in range, freshness is exactly "within `MAX_SKEW_MS`" and never overflows
//! whatever either clock says (`i64::MIN` and `i64::MAX` included), and a request this code signs
//! at the input's time parses back and verifies.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::DeviceIdentity;
use tsunagu_wire::request::{MAX_SKEW_MS, MAX_TIME_MS, RequestAuth, sign};

fn fresh(time: i64, now: i64) -> bool {
    (i128::from(time) - i128::from(now)).abs() <= i128::from(MAX_SKEW_MS)
}

fuzz_target!(|data: &[u8]| {
    let (clock, header) = data.split_at(data.len().min(8));
    let mut now = [0u8; 8];
    now[..clock.len()].copy_from_slice(clock);
    let now = i64::from_le_bytes(now);
    for clock in [now, i64::MIN, i64::MAX, 0, -1] {
        // The freshness check on a hand-built header (any time, in range or not).
        let auth = RequestAuth {
            device: tsunagu_wire::DeviceId([0; 32]),
            time_ms: now,
            nonce: [0; 16],
            signature: [0; 64],
        };
        assert_eq!(auth.is_fresh(clock), fresh(now, clock));
    }
    if (0..=MAX_TIME_MS).contains(&now) {
        static DEVICE: OnceLock<DeviceIdentity> = OnceLock::new();
        let device = DEVICE.get_or_init(|| DeviceIdentity::from_secret_bytes(&[3; 64]).expect("identity"));
        let text = sign(device, "POST", "/v1/join", header, now).expect("rng");
        let auth = RequestAuth::parse(&text).expect("a signed header parses");
        assert_eq!(auth.time_ms, now);
        auth.verify("POST", "/v1/join", header).expect("it verifies");
        assert!(auth.verify("GET", "/v1/join", header).is_err());
    }
    let Ok(header) = std::str::from_utf8(header) else {
        return;
    };
    if let Ok(auth) = RequestAuth::parse(header) {
        assert!((0..=MAX_TIME_MS).contains(&auth.time_ms));
        for clock in [now, i64::MIN, i64::MAX] {
            assert_eq!(auth.is_fresh(clock), fresh(auth.time_ms, clock));
        }
        let _ = auth.verify("POST", "/v1/profiles/p/envelopes", header.as_bytes());
    }
});
