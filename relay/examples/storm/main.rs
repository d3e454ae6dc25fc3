//! The disaster-morning storm (TARGETS.md): N shared profiles × 3 devices, each device makes 3
//! single-field edits offline (one field edited by all three), then all reconnect at once; and
//! the bytes on the wire of one single-field edit.
//!
//! ```sh
//! cargo run --release -p tsunagu-relay --example storm -- --profiles 2000
//! ```
//!
//! The relay runs as a separate process (`target/<profile>/tsunagu-relay`, built first with
//! cargo when the example runs under `cargo run`) on a free loopback port, with its database in a
//! temporary directory (`--dir` to choose where: the disk, or `/dev/shm` to take fsyncs out) and
//! per-device rate limits raised out of the way. Devices are `ProfileStore`s in memory, each with
//! its own identity, all in this process, on `--threads` worker threads (each a current-thread
//! runtime with a `LocalSet`: `SyncClient`'s futures are not `Send`); each worker's devices share
//! one `HttpTransport` (one connection per request in flight, kept alive) wrapped in a counting
//! [`Transport`]. The relay and this load generator share the machine's cores.
//!
//! Phases: (0) one single-field edit pushed through a byte-counting TCP proxy; (1) setup, not
//! timed as the storm: each profile created, shared and joined by two editors; (2) offline
//! edits; (3) the storm, timed: every profile's three devices run `sync_now` at once, round after
//! round, until their heads are equal; (4) checks: heads and typed profiles equal on all three
//! devices, the field all three edited holds one of their values, every other edit present.
//!
//! Bytes on the wire are HTTP/1.1 as sent and received: request line, headers (those the core
//! sets plus the ones reqwest adds: `accept`, `user-agent`, `host`, `content-length`), body;
//! status line, the response's headers, body. They are reconstructed from each request and
//! response, and checked against the exact byte count of the proxy in phase 0. TCP/IP framing
//! is not counted.
//!
//! Every loop is bounded in count and in time; the process stops by itself and exits non-zero
//! when a profile does not converge or an edit is missing.

mod counting;
mod devices;
mod edits;
mod measures;
mod one_edit;
mod proxy;
mod relay;
mod workers;

use counting::*;
use devices::*;
use edits::*;
use measures::*;
use one_edit::*;
use proxy::*;
use relay::*;
use workers::*;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use clap::Parser;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, Role, SyncClient, SyncStatus, Transport,
};
use tsunagu_core::{Edit, EditContext, ProfileStore, sample};
use tsunagu_wire::DeviceId;
use tsunagu_wire::envelope::Envelope;

type Res<T> = Result<T, String>;

/// Disaster-morning storm against a relay process on loopback.
#[derive(Debug, Parser)]
#[command(name = "storm")]
struct Args {
    /// Shared profiles (each with an owner and two editors).
    #[arg(long, default_value_t = 200)]
    profiles: usize,
    /// Profiles syncing at once during the storm (0: all of them at once).
    #[arg(long, default_value_t = 0)]
    concurrency: usize,
    /// Profiles set up at once.
    #[arg(long, default_value_t = 32)]
    setup_concurrency: usize,
    /// Most sync rounds per profile before it counts as not converged.
    #[arg(long, default_value_t = 8)]
    max_rounds: usize,
    /// Most seconds the setup may take.
    #[arg(long, default_value_t = 1800)]
    setup_time_limit: u64,
    /// Most seconds the storm may take.
    #[arg(long, default_value_t = 600)]
    storm_time_limit: u64,
    /// Directory for the relay's database and log (a fresh temporary directory inside it).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The relay binary (default: `tsunagu-relay` next to this example's profile directory).
    #[arg(long)]
    relay_bin: Option<PathBuf>,
    /// Do not run `cargo build` for the relay binary first.
    #[arg(long)]
    no_build: bool,
    /// `RUST_LOG` for the relay (its request log gives the server-side latencies).
    #[arg(long, default_value = "info")]
    relay_log: String,
    /// Drop every device's in-memory document after the offline edits (as an app restarted in
    /// the morning: the first sync loads it from the store). Saves memory at large N.
    #[arg(long)]
    evict: bool,
    /// Tokio worker threads of this load generator.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("storm: FAILED (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("storm: error: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---- the run ---------------------------------------------------------------------------------

fn run(args: Args) -> Res<bool> {
    let n = args.profiles;
    if n == 0 {
        return Err("--profiles must be at least 1".into());
    }
    let bin = relay_binary(&args)?;
    let base = args.dir.clone().unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new()
        .prefix("tsunagu-storm-")
        .tempdir_in(&base)
        .map_err(|e| format!("temp dir in {}: {e}", base.display()))?;
    // Every device of every profile may hold a connection at once (and a proxy hop doubles
    // them): far above the relay's default cap of 1,024, which is for a deployed relay.
    let max_connections = (args.profiles * 3 * 4).max(4096);
    let mut relay = RelayProcess::start(&bin, dir.path(), &args.relay_log, max_connections)?;
    let pid = relay.pid().to_string();
    let me = std::process::id().to_string();
    let main_runtime = worker_runtime()?;
    let plain = HttpTransport::new().map_err(|e| format!("transport: {e}"))?;
    main_runtime.block_on(relay.wait_healthy(&plain))?;
    println!(
        "storm: {n} profiles × 3 devices; relay pid {pid} at {} (db in {}), generator {} threads",
        relay.url(),
        dir.path().display(),
        args.threads
    );

    // Phase 0: one single-field edit, through a byte-counting proxy.
    let one = main_runtime.block_on(one_edit(&relay))?;

    // Phase 1: setup.
    let stats = Arc::new(Stats::default());
    let setup_start = Instant::now();
    let mut groups = setup_on_workers(&args, &relay, &stats)?;
    let setup_time = setup_start.elapsed();
    let setup_stats = stats.take();
    let setup_totals = Stats::totals(&setup_stats);
    let (setup_hwm, _) = rss_kb(&pid);

    // Phase 2: offline edits.
    let (_, gen_rss_setup) = rss_kb(&me);
    // The change-bytes floor: every change uploaded once and delivered to the two other devices.
    let mut change_bytes = 0;
    for group in &mut groups {
        change_bytes += offline_edits(group)?;
        if args.evict {
            for device in &mut group.devices {
                device.store.evict_all();
            }
        }
    }
    let (gen_hwm_before, gen_rss_before) = rss_kb(&me);
    println!(
        "load generator RSS: {:.0} MB after setup, {:.0} MB after the offline edits{} ({:.0} kB per device)",
        gen_rss_setup as f64 / 1024.0,
        gen_rss_before as f64 / 1024.0,
        if args.evict {
            " and evicting the documents"
        } else {
            ""
        },
        gen_rss_before as f64 / (3 * n) as f64
    );

    // The fsync floor of the relay's disk, just before the storm.
    let floor = commit_floor(dir.path())?;

    // Phase 3: the storm.
    let peak_reset = reset_peak_rss(&pid);
    let (_, relay_rss_before) = rss_kb(&pid);
    let relay_cpu_before = cpu_seconds(&pid);
    let me_cpu_before = cpu_seconds(&me);
    let (machine_busy_before, machine_iowait_before) = machine_cpu();
    let load_before = load_average();
    let sampler = Sampler::start(&pid, Duration::from_secs(args.storm_time_limit + 120));
    let start = Instant::now();
    let finished = storm_on_workers(&args, &relay, &stats, groups, start);
    let storm_wall = start.elapsed();
    let relay_cpu = cpu_seconds(&pid) - relay_cpu_before;
    let me_cpu = cpu_seconds(&me) - me_cpu_before;
    let (machine_busy, machine_iowait) = machine_cpu();
    let (machine_busy, machine_iowait) = (
        machine_busy - machine_busy_before,
        machine_iowait - machine_iowait_before,
    );
    let load_after = load_average();
    let (relay_hwm, relay_rss_after) = rss_kb(&pid);
    let peaks = sampler.finish();
    let mut results = finished?;
    let storm = stats.take();
    let storm_totals = Stats::totals(&storm);

    // Phase 4: checks.
    let mut failures = Vec::new();
    let mut rounds: BTreeMap<usize, usize> = BTreeMap::new();
    let (mut offline, mut errors) = (0, 0);
    let mut last_converged = Duration::ZERO;
    let mut not_converged = 0;
    for (group, outcome) in &mut results {
        *rounds.entry(outcome.rounds).or_default() += 1;
        offline += outcome.offline;
        errors += outcome.errors.len();
        if let Some(e) = outcome.errors.first()
            && failures.len() < 10
        {
            failures.push(format!("{}: {e}", group.id));
        }
        match outcome.converged_after {
            Some(t) => last_converged = last_converged.max(t),
            None => not_converged += 1,
        }
        if let Err(e) = verify(group)
            && failures.len() < 10
        {
            failures.push(e);
        }
    }
    let verified_ok = results.len() == n && not_converged == 0 && failures.is_empty();
    let (gen_hwm, _) = rss_kb(&me);

    // The relay's view, then stop it.
    let log_path = relay.log.clone();
    relay.stop();
    let server = relay_latencies(&log_path, storm_totals.requests as usize);

    // ---- report ----
    let mut lat = storm.latencies_us.clone();
    lat.sort_unstable();
    let ms = |v: Option<u32>| v.map_or(f64::NAN, |us| f64::from(us) / 1000.0);
    let mut per_profile: Vec<u64> = storm.per_profile.values().copied().collect();
    per_profile.sort_unstable();
    let bytes_per_profile = storm_totals.wire() as f64 / n as f64;
    let kb = |b: u64| b as f64 / 1024.0;
    println!();
    println!("## one single-field edit (PEEP), profile with owner + 2 editors");
    println!(
        "change (automerge bytes sealed) {} B; push request body {} B = change + {} B (target ≤ change + 160 B: {})",
        one.change,
        one.push_body,
        one.push_body as i64 - one.change as i64,
        if one.push_body <= one.change + 160 {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "push request headers {} B (whole push request {} B); push response {} B",
        one.push_head,
        one.push_head + one.push_body,
        one.push_response
    );
    println!(
        "owner's whole sync_now (pull + push, {} requests): {} B reconstructed, {} B exact at the proxy ({} up + {} down)",
        one.sync_requests,
        one.sync_reconstructed,
        one.sync_exact.0 + one.sync_exact.1,
        one.sync_exact.0,
        one.sync_exact.1
    );
    println!(
        "an editor pulling it: {} B reconstructed, {} B exact ({} up + {} down)",
        one.pull_by_editor,
        one.pull_by_editor_exact.0 + one.pull_by_editor_exact.1,
        one.pull_by_editor_exact.0,
        one.pull_by_editor_exact.1
    );
    println!();
    println!("## setup (not part of the storm)");
    println!(
        "{n} profiles in {:.1} s ({:.0} profiles/s), {} requests ({:.0}/s), {:.1} KB on the wire per profile; relay peak RSS during setup {:.1} MB",
        setup_time.as_secs_f64(),
        n as f64 / setup_time.as_secs_f64(),
        setup_totals.requests,
        setup_totals.requests as f64 / setup_time.as_secs_f64(),
        kb(setup_totals.wire()) / n as f64,
        setup_hwm as f64 / 1024.0
    );
    println!();
    println!("## storm");
    println!(
        "converged: {}/{n} profiles, last after {:.2} s (wall until every task ended {:.2} s); rounds per profile {:?}",
        n - not_converged,
        last_converged.as_secs_f64(),
        storm_wall.as_secs_f64(),
        rounds
    );
    println!(
        "requests {} ({:.0}/s), non-2xx {}, transport errors {}, offline reports {offline}, sync errors {errors}",
        storm_totals.requests,
        storm_totals.requests as f64 / storm_wall.as_secs_f64(),
        storm_totals.non_2xx,
        storm_totals.transport_errors,
    );
    println!(
        "client-side latency per request: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.9)),
        ms(percentile(&lat, 0.99)),
        ms(lat.last().copied())
    );
    println!(
        "bytes on the wire per profile: mean {:.0} B ({:.2} KB), median {} B, max {} B (headers {:.0} B + bodies {:.0} B per profile)",
        bytes_per_profile,
        bytes_per_profile / 1024.0,
        percentile(&per_profile, 0.5).unwrap_or(0),
        per_profile.last().copied().unwrap_or(0),
        (storm_totals.request_head + storm_totals.response_head) as f64 / n as f64,
        (storm_totals.request_body + storm_totals.response_body) as f64 / n as f64,
    );
    let bytes_floor = 3.0 * change_bytes as f64 / n as f64;
    println!(
        "change-bytes floor per profile: {bytes_floor:.0} B (the offline changes, {:.0} B, × 3: uploaded once, delivered twice); bytes per profile / floor = {:.2}",
        change_bytes as f64 / n as f64,
        bytes_per_profile / bytes_floor
    );
    println!(
        "relay RSS: peak during the storm {:.1} MB (peak reset before the storm: {}), before {:.1} MB, after {:.1} MB; peak during setup {:.1} MB",
        relay_hwm as f64 / 1024.0,
        if peak_reset { "yes" } else { "no, lifetime peak" },
        relay_rss_before as f64 / 1024.0,
        relay_rss_after as f64 / 1024.0,
        setup_hwm as f64 / 1024.0
    );
    println!(
        "CPU during the storm: relay {relay_cpu:.2} s, load generator {me_cpu:.2} s (of {:.2} s × 2 cores); generator RSS {:.0} MB before, peak {:.0} MB (peak before the storm {:.0} MB)",
        storm_wall.as_secs_f64(),
        gen_rss_before as f64 / 1024.0,
        gen_hwm as f64 / 1024.0,
        gen_hwm_before as f64 / 1024.0
    );
    println!(
        "pulls: {} empty of {}; {} envelopes pulled, {} of them the puller's own (echoed back: {:.0} B per profile)",
        storm.empty_pulls,
        storm.routes.get("GET envelopes (pull)").map_or(0, |r| r.requests),
        storm.pulled_envelopes,
        storm.echoed_envelopes,
        storm.echoed_bytes as f64 / n as f64
    );
    println!(
        "relay process during the storm (sampled every 50 ms, {} samples): at most {} threads, {} open file descriptors",
        peaks.samples, peaks.threads, peaks.fds
    );
    println!(
        "machine during the storm: {machine_busy:.2} CPU-s busy in all ({:.2} s by other processes), {machine_iowait:.2} s iowait; load average {load_before} before, {load_after} after",
        (machine_busy - relay_cpu - me_cpu).max(0.0)
    );
    let writes = storm_totals.requests
        + storm
            .routes
            .get("POST envelopes (push)")
            .map_or(0, |r| r.requests);
    println!(
        "relay SQLite commits in the storm ≥ {writes} (a nonce per request + an append per push); bare commit on this disk {:.3} ms median → ≥ {:.2} s of serialized commits",
        floor.as_secs_f64() * 1000.0,
        writes as f64 * floor.as_secs_f64()
    );
    println!();
    println!(
        "| route | requests | req head B | req body B | resp head B | resp body B | B per request | client p50 ms | client p99 ms | relay p50 ms | relay p99 ms |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (route, t) in &storm.routes {
        let server_key = match *route {
            "GET members" => "GET /v1/profiles/{p}/members",
            "POST envelopes (push)" => "POST /v1/profiles/{p}/envelopes",
            "GET envelopes (pull)" => "GET /v1/profiles/{p}/envelopes",
            "GET keys" => "GET /v1/profiles/{p}/keys/{epoch}",
            _ => "",
        };
        let mut s = server.get(server_key).cloned().unwrap_or_default();
        s.sort_by(f64::total_cmp);
        let mut c = storm.route_latencies_us.get(route).cloned().unwrap_or_default();
        c.sort_unstable();
        println!(
            "| {route} | {} | {} | {} | {} | {} | {:.0} | {:.1} | {:.1} | {:.2} | {:.2} |",
            t.requests,
            t.request_head,
            t.request_body,
            t.response_head,
            t.response_body,
            t.wire() as f64 / t.requests.max(1) as f64,
            ms(percentile(&c, 0.5)),
            ms(percentile(&c, 0.99)),
            percentile(&s, 0.5).unwrap_or(f64::NAN),
            percentile(&s, 0.99).unwrap_or(f64::NAN),
        );
    }
    let mut all_server: Vec<f64> = server.values().flatten().copied().collect();
    all_server.sort_by(f64::total_cmp);
    println!(
        "relay-side latency (its request log, {} lines): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all_server.len(),
        percentile(&all_server, 0.5).unwrap_or(f64::NAN),
        percentile(&all_server, 0.99).unwrap_or(f64::NAN),
        all_server.last().copied().unwrap_or(f64::NAN)
    );
    println!();
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("## against TARGETS.md");
    let time_verdict = if n >= 2000 {
        met(last_converged <= Duration::from_millis(7500) && not_converged == 0)
    } else {
        "the target is set at 2,000; automerge-repo takes ~7.5 s at 200"
    };
    println!(
        "converged in {:.2} s with {n} profiles (target ≤ 7.5 s at 2,000: {time_verdict}); {:.2} KB per profile (≤ 3 KB: {}); relay peak RSS {:.1} MB (≤ 100 MB: {}); checks: {}",
        last_converged.as_secs_f64(),
        bytes_per_profile / 1024.0,
        met(bytes_per_profile <= 3072.0),
        relay_hwm.max(setup_hwm) as f64 / 1024.0,
        met(relay_hwm.max(setup_hwm) <= 100 * 1024),
        if verified_ok {
            "all profiles converged, every edit present"
        } else {
            "FAILED"
        }
    );
    for f in &failures {
        println!("  failure: {f}");
    }
    drop(results);
    Ok(verified_ok)
}
