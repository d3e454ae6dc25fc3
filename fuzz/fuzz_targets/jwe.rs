//! Compact JWE (share-link files, from the relay or a recipient's download): the wire parser and
//! the core's decryption never panic on any text, under a wrong key or the right one (the HL7
//! spec example's published key, whose example is a seed); and any bytes encrypted here, raw
//! DEFLATE compressed or not, decrypt to themselves (the bounded inflation on the way back); no
//! bytes are empty: those are refused rather than sealed unreadably.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tsunagu_core::share::link::{LinkKey, decrypt, encrypt};
use tsunagu_wire::share_link::CompactJwe;

/// The key of the spec example (links-specification, "Example Encryption").
const SPEC_KEY: &str = "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q";

fuzz_target!(|data: &[u8]| {
    static KEYS: OnceLock<[LinkKey; 2]> = OnceLock::new();
    let [spec, zero] = KEYS.get_or_init(|| {
        [
            LinkKey::from_text(SPEC_KEY).expect("a key"),
            LinkKey::from_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect("a key"),
        ]
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = CompactJwe::parse(text);
        let _ = decrypt(spec, text);
        let _ = decrypt(zero, text);
    }
    let compress = data.first().is_some_and(|b| b & 1 == 1);
    if data.is_empty() {
        // Sealed, it would be a JWE no one can open (the target's first crash): refused.
        assert!(encrypt(zero, "application/fhir+json", data, compress).is_err());
        return;
    }
    let jwe = encrypt(zero, "application/fhir+json", data, compress).expect("encrypts");
    let back = decrypt(zero, &jwe).expect("decrypts what it encrypted");
    assert_eq!(back.plaintext, data);
    assert_eq!(back.content_type.as_deref(), Some("application/fhir+json"));
    assert!(decrypt(spec, &jwe).is_err(), "another key opens nothing");
});
