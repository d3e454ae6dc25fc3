//! `shlink:/` payloads and viewer URLs (anything a phone's camera reads): parsing never panics,
//! and a parsed link encodes to one that parses to the same payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::share::link::LinkPayload;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(payload) = LinkPayload::parse(text)
        && let Ok(uri) = payload.to_uri()
    {
        let again = LinkPayload::parse(&uri).expect("an encoded link parses");
        assert_eq!(again.to_uri().ok(), Some(uri));
    }
});
