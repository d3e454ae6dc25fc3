//! Compact JWE (share-link files, from the relay or a recipient's download): the wire parser and
//! the core's decryption (with inflation, bounded) never panic on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::share::link::{LinkKey, decrypt};
use tsunagu_wire::share_link::CompactJwe;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = CompactJwe::parse(text);
    if let Ok(key) = LinkKey::from_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") {
        let _ = decrypt(&key, text);
    }
});
