//! Criterion benchmarks of the store paths users feel, each beside the floor it is judged
//! against in `/work/shared/TARGETS.md`, measured in the same run:
//!
//! - `open_5000/*`: opening the store file and hydrating a profile with 5,000 changes, vs a raw
//!   `AutoCommit::load` of the same document's compacted save (and hydrate alone).
//! - `edit_durable/*`: one single-field edit made durable, vs a bare SQLite INSERT of a blob the
//!   size of the chunk that edit appends + COMMIT (WAL, `synchronous=FULL`) in the same directory;
//!   and the same edit in memory only (`ProfileDoc::apply` + `changes_after`), its CPU part.
//!
//! The 5,000-change store is prepared once per run, through the real durable edit path, in a
//! temporary directory on the same disk. Sizes and peak RSS are printed by
//! `cargo run --release -p tsunagu-core --example measure`; see docs/benchmarks.md.

mod common;

use std::hint::black_box;
use std::time::Duration;

use automerge::{ActorId, AutoCommit};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use tsunagu_core::model::Profile;
use tsunagu_core::{EditContext, ProfileDoc, ProfileStore};

use common::{BareCommit, EDITS, last_chunk_len, peep_edit, prepare_store};

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    eprintln!(
        "preparing a profile with {EDITS} durable edits in {} ...",
        dir.path().display()
    );
    let (path, id) = prepare_store(dir.path(), EDITS);

    // The compacted save of the very document the store holds.
    let compacted = {
        let mut store = ProfileStore::open(&path).expect("open the store");
        store.document(&id).expect("the prepared profile").save()
    };
    let chunk_len = last_chunk_len(&path);
    eprintln!(
        "compacted save: {} B; one edit's chunk: {chunk_len} B",
        compacted.len()
    );

    {
        let mut group = c.benchmark_group("open_5000");
        group.bench_function("store_open_and_profile", |b| {
            b.iter_with_large_drop(|| {
                let mut store = ProfileStore::open(&path).expect("open the store");
                black_box(store.profile(&id).expect("the prepared profile"));
                // Dropped outside the timing: closing checkpoints the WAL, which is not opening.
                store
            })
        });
        group.bench_function("floor_automerge_load_compacted", |b| {
            b.iter_with_large_drop(|| AutoCommit::load(black_box(&compacted)).expect("load the save"))
        });
        let loaded = AutoCommit::load(&compacted).expect("load the save");
        group.bench_function("hydrate_only", |b| {
            b.iter(|| autosurgeon::hydrate::<_, Profile>(black_box(&loaded)).expect("hydrate the profile"))
        });
        group.finish();
    }

    {
        // Edits go to a copy, so the open benchmark's file above stays as prepared.
        let edit_path = dir.path().join("edits.sqlite3");
        std::fs::copy(&path, &edit_path).expect("copy the prepared store");
        let mut store = ProfileStore::open(&edit_path).expect("open the copy");
        store.profile(&id).expect("the prepared profile");
        let ctx = EditContext::now(common::AUTHOR);
        let mut bare = BareCommit::open(&dir.path().join("floor.sqlite3"));
        let blob = vec![0x5a_u8; chunk_len];

        // In memory only: the CPU part of an edit (apply + the chunk to append), no SQLite.
        let mut doc = ProfileDoc::load(&compacted, ActorId::random()).expect("load the save");

        let mut group = c.benchmark_group("edit_durable");
        // Milliseconds per iteration, and fsync noise: equal-sized samples suit this better.
        group.sampling_mode(SamplingMode::Flat);
        let mut n = 0_u64;
        group.bench_function("store_edit_one_field", |b| {
            b.iter(|| {
                n += 1;
                store.edit(&id, &[peep_edit(n)], &ctx).expect("edit the profile")
            })
        });
        let mut m = 0_u64;
        group.bench_function("in_memory_apply_and_changes_after", |b| {
            b.iter(|| {
                m += 1;
                let heads = doc.heads();
                doc.apply(&[peep_edit(m)], &ctx).expect("apply the edit");
                doc.changes_after(&heads)
            })
        });
        group.bench_function("floor_sqlite_insert_commit_wal_full", |b| {
            b.iter(|| bare.insert(black_box(&blob)))
        });
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = store_benches
}
criterion_main!(benches);
