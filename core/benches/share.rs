//! Criterion benchmarks of the sharing paths: the FHIR IPS export of the demo profile (beside
//! the EMS view it takes its words from, its main part), and an encrypted backup of one profile
//! with a passphrase (Argon2id at the default cost, deliberately slow) beside the same backup
//! with a random key (no key stretching): the difference is the Argon2id cost. Figures and how to
//! rerun: docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use automerge::ActorId;
use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_core::backup::{BackupKey, Passphrase, RandomKey, create_backup};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::share::ips_json;
use tsunagu_core::views::{self, Audience};
use tsunagu_core::{EditContext, ProfileDoc, ProfileStore, sample};

fn share_benches(c: &mut Criterion) {
    let l10n = Localizer::new(Lang::Ja);
    let at = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("valid time");
    let mut doc = ProfileDoc::create(
        ActorId::random(),
        &sample::demo_profile(),
        &EditContext::now("母"),
    )
    .expect("the demo profile is valid");
    {
        let mut group = c.benchmark_group("ips");
        group.bench_function("ips_json_demo", |b| {
            b.iter(|| ips_json(black_box(&mut doc), "p-bench000001", &l10n, at).expect("bundle"))
        });
        group.bench_function("ems_view_demo", |b| {
            b.iter(|| views::build(black_box(&mut doc), Audience::Ems, &l10n, at.date_naive()).expect("view"))
        });
        group.finish();
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut store = ProfileStore::open(dir.path().join("bench.sqlite3")).expect("store");
    let id = store
        .create_profile(&sample::demo_profile(), &EditContext::now("母"))
        .expect("create");
    let passphrase = BackupKey::Passphrase(Passphrase::new("correct horse battery staple"));
    let random = BackupKey::Random(RandomKey::generate().expect("key"));
    let mut group = c.benchmark_group("backup");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("one_profile_passphrase_argon2id_default", |b| {
        b.iter(|| create_backup(&mut store, Some(&id), black_box(&passphrase)).expect("backup"))
    });
    group.bench_function("one_profile_random_key", |b| {
        b.iter(|| create_backup(&mut store, Some(&id), black_box(&random)).expect("backup"))
    });
    group.finish();
}

criterion_group!(benches, share_benches);
criterion_main!(benches);
