//! Envelopes and pull batches from untrusted bytes (the relay's answers, a client's pushes):
//! decoding never panics, and whatever decodes re-encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::envelope::{Envelope, decode_batch, encode_batch};

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = Envelope::from_bytes(data) {
        assert_eq!(
            Envelope::from_bytes(&envelope.to_bytes()).ok(),
            Some(envelope.clone())
        );
        let _ = envelope.verify("p-fuzz");
        let _ = envelope.open("p-fuzz", &tsunagu_wire::EpochKey([7; 32]));
    }
    if let Ok(items) = decode_batch(data) {
        assert_eq!(decode_batch(&encode_batch(&items)).ok(), Some(items));
    }
});
