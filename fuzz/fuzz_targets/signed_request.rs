//! The `Authorization` header of a signed request and its freshness: parsing never panics, a
//! parsed time is in range, and freshness never overflows whatever the clock says.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::request::{MAX_TIME_MS, RequestAuth};

fuzz_target!(|data: &[u8]| {
    let (clock, header) = data.split_at(data.len().min(8));
    let mut now = [0u8; 8];
    now[..clock.len()].copy_from_slice(clock);
    let now = i64::from_le_bytes(now);
    let Ok(header) = std::str::from_utf8(header) else {
        return;
    };
    if let Ok(auth) = RequestAuth::parse(header) {
        assert!((0..=MAX_TIME_MS).contains(&auth.time_ms));
        let _ = auth.is_fresh(now);
        let _ = auth.is_fresh(i64::MIN);
        let _ = auth.is_fresh(i64::MAX);
        let _ = auth.verify("POST", "/v1/profiles/p/envelopes", header.as_bytes());
    }
});
