//! Criterion benchmark of what a phone pays for one sync that pulls and merges one edit (issue 12,
//! target ≤ 1 ms of client CPU, release build): an editor's `sync_now` after the owner pushed one
//! single-field edit, against a real relay on loopback in the same process (its own runtime and
//! threads).
//!
//! - `sync_one_edit/client_cpu`: the CPU time of the thread running the editor's `sync_now`
//!   (Linux `/proc/thread-self/schedstat`), so the relay's own work is not counted;
//! - `sync_one_edit/wall`: the same sync's wall time, relay and loopback included;
//! - `sync_one_edit_file/…`: the same with the editor's store in a file (WAL, `synchronous=FULL`
//!   for edits, as on a phone; the sync's own commit holds only what the relay holds and is not
//!   fsync'd, ADR 0019) instead of `:memory:`.
//!
//! Each iteration first lets the owner edit and push (not measured). Figures and how to rerun:
//! docs/benchmarks.md, "2026-12-07, h12-wire", "2026-12-07, h12-client" and "ADR 0019".

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_core::sync::{HttpTransport, Role, SyncClient, SyncStatus};
use tsunagu_core::{Edit, EditContext, ProfileStore, sample};

/// Nanoseconds this thread has run on a CPU (the first field of its schedstat).
fn thread_cpu() -> Duration {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("schedstat (Linux)");
    let ns = text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("on-CPU ns");
    Duration::from_nanos(ns)
}

struct Family {
    profile: String,
    owner: ProfileStore,
    editor: ProfileStore,
    edits: u64,
}

impl Family {
    /// A shared profile with an owner and an editor whose store is `editor`.
    async fn new(relay: &str, t: &HttpTransport, mut editor: ProfileStore) -> Self {
        let mut owner = ProfileStore::open(":memory:").expect("store");
        let profile = owner
            .create_profile(&sample::demo_profile(), &EditContext::now("母"))
            .expect("creates");
        SyncClient::new(&mut owner, t)
            .share(&profile, relay)
            .await
            .expect("shares");
        let link = SyncClient::new(&mut owner, t)
            .invite(&profile, Role::Editor, Duration::from_secs(3600))
            .await
            .expect("invites");
        SyncClient::new(&mut editor, t).join(&link).await.expect("joins");
        SyncClient::new(&mut owner, t)
            .sync_now(&profile)
            .await
            .expect("grants");
        let report = SyncClient::new(&mut editor, t)
            .sync_now(&profile)
            .await
            .expect("first sync");
        assert_eq!(report.status, SyncStatus::Synced);
        Self {
            profile,
            owner,
            editor,
            edits: 0,
        }
    }

    /// The owner edits one field and pushes it (not measured).
    async fn owner_pushes(&mut self, t: &HttpTransport) {
        self.edits += 1;
        let nickname = format!("さく{}", self.edits);
        self.owner
            .edit(
                &self.profile,
                &[Edit::set("child.nickname", nickname)],
                &EditContext::now("母"),
            )
            .expect("edits");
        let report = SyncClient::new(&mut self.owner, t)
            .sync_now(&self.profile)
            .await
            .expect("pushes");
        assert_eq!(report.pushed, 1);
    }

    /// The editor's sync that pulls and merges it: `(thread CPU, wall)`.
    async fn editor_pulls(&mut self, t: &HttpTransport) -> (Duration, Duration) {
        let (cpu, wall) = (thread_cpu(), Instant::now());
        let report = SyncClient::new(&mut self.editor, t)
            .sync_now(&self.profile)
            .await
            .expect("pulls");
        let measured = (thread_cpu() - cpu, wall.elapsed());
        assert_eq!((report.status, report.pulled), (SyncStatus::Synced, 1));
        measured
    }
}

fn benches(c: &mut Criterion) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tmp");
    let relay_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let config = tsunagu_relay::RelayConfig {
        rate_per_second: 1e9,
        burst: u32::MAX,
        ..tsunagu_relay::RelayConfig::new(dir.path().join("relay.sqlite3"))
    };
    let relay = relay_rt
        .block_on(tsunagu_relay::spawn_for_tests_with(config))
        .expect("relay");
    let url = relay.url();
    // The devices on this thread: a current-thread runtime, so their CPU is this thread's.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let t = HttpTransport::new().expect("transport");
    for (group_name, path) in [
        ("sync_one_edit", ":memory:".into()),
        ("sync_one_edit_file", dir.path().join("editor.sqlite3")),
    ] {
        let editor = ProfileStore::open(path).expect("store");
        let mut family = rt.block_on(Family::new(&url, &t, editor));
        let mut group = c.benchmark_group(group_name);
        group.sample_size(30).measurement_time(Duration::from_secs(10));
        for (name, take) in [
            (
                "client_cpu",
                (|m: (Duration, Duration)| m.0) as fn((Duration, Duration)) -> Duration,
            ),
            ("wall", |m: (Duration, Duration)| m.1),
        ] {
            group.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        rt.block_on(family.owner_pushes(&t));
                        total += take(rt.block_on(family.editor_pulls(&t)));
                    }
                    total
                });
            });
        }
        group.finish();
    }
    relay_rt.block_on(relay.shutdown()).expect("relay stops");
}

criterion_group!(sync_one_edit, benches);
criterion_main!(sync_one_edit);
