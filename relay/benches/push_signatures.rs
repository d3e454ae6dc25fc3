//! Criterion benchmark of the signature work the relay does for one pushed change (issue 12):
//! the request's signature and the envelope's, both by the pushing device.
//!
//! - `push_signatures/key_per_signature`: each check decompresses the device's key
//!   (`RequestAuth::verify`, `Envelope::verify`: what the relay did before its key cache).
//! - `push_signatures/cached_key`: both checks with a key decompressed earlier
//!   (`verify_with`: the relay's path once the device's key is cached).
//! - `decompress_key`: the decompression alone (the floor of what the cache saves).
//!
//! Figures and how to rerun: docs/benchmarks.md, "h12-vkey".

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_wire::envelope::{Envelope, Kind};
use tsunagu_wire::request::{self, RequestAuth};
use tsunagu_wire::{DeviceIdentity, EpochKey};

const PROFILE: &str = "p-bench-0001";
const PATH: &str = "/v1/profiles/p-bench-0001/sync?after=3";

fn bench(c: &mut Criterion) {
    let device = DeviceIdentity::generate().expect("rng");
    // A single-field edit's change is ~158 B (docs/benchmarks.md floors).
    let envelope = Envelope::seal(
        Kind::Change,
        PROFILE,
        1,
        &EpochKey::generate().expect("rng"),
        &device,
        7,
        &[0x5a; 158],
    )
    .expect("seal");
    let body = envelope.to_bytes();
    let header = request::sign(&device, "POST", PATH, &body, 1_767_225_600_000).expect("sign");
    let auth = RequestAuth::parse(&header).expect("parse");
    let key = device.id().key().expect("key");

    let mut group = c.benchmark_group("push_signatures");
    group.bench_function("key_per_signature", |b| {
        b.iter(|| {
            auth.verify("POST", PATH, black_box(&body)).expect("request");
            Envelope::from_bytes(black_box(&body))
                .expect("parse")
                .verify(PROFILE)
                .expect("envelope");
        });
    });
    group.bench_function("cached_key", |b| {
        b.iter(|| {
            auth.verify_with(&key, "POST", PATH, black_box(&body))
                .expect("request");
            Envelope::from_bytes(black_box(&body))
                .expect("parse")
                .verify_with(&key, PROFILE)
                .expect("envelope");
        });
    });
    group.finish();
    c.bench_function("decompress_key", |b| {
        b.iter(|| black_box(device.id()).key().expect("key"));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
