//! Worker threads, each a current-thread runtime with a `LocalSet`, running a share of the devices.

use super::*;

//
// `SyncClient`'s futures are not `Send` (they hold `&SyncClient`, and `ProfileStore` is not
// `Sync`), so devices run on worker threads, each with a current-thread runtime and a `LocalSet`
// of its own, and its own `HttpTransport` (connections driven by that thread's runtime).

pub(super) fn worker_runtime() -> Res<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))
}

pub(super) fn worker_transport(relay: &Endpoint, stats: &Arc<Stats>) -> Res<Arc<CountingTransport>> {
    Ok(Arc::new(CountingTransport {
        inner: HttpTransport::new().map_err(|e| format!("transport: {e}"))?,
        host: relay.addr.to_string(),
        stats: Arc::clone(stats),
    }))
}

/// Sets up `profiles` profiles on `args.threads` workers.
pub(super) fn setup_on_workers(
    args: &Args,
    profiles: usize,
    relay: &Endpoint,
    stats: &Arc<Stats>,
) -> Res<Vec<Group>> {
    let threads = args.threads.max(1);
    let limit = Duration::from_secs(args.setup_time_limit);
    let per_thread = args.setup_concurrency.div_ceil(threads).max(1);
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(threads);
    for w in 0..threads {
        let count = profiles / threads + usize::from(w < profiles % threads);
        let transport = worker_transport(relay, stats)?;
        let url = relay.url();
        let (done, total) = (Arc::clone(&done), profiles);
        handles.push(std::thread::spawn(move || -> Res<Vec<Group>> {
            let runtime = worker_runtime()?;
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, async move {
                let gate = Arc::new(Semaphore::new(per_thread));
                let mut tasks = JoinSet::new();
                for _ in 0..count {
                    let (gate, transport, url) = (Arc::clone(&gate), Arc::clone(&transport), url.clone());
                    tasks.spawn_local(async move {
                        let _permit = gate.acquire_owned().await.map_err(|_| "semaphore closed")?;
                        setup_profile(&url, transport.as_ref()).await
                    });
                }
                let mut groups = Vec::with_capacity(count);
                let collect = async {
                    let mut progress = Instant::now();
                    while let Some(joined) = tasks.join_next().await {
                        groups.push(joined.map_err(|e| format!("setup task: {e}"))??);
                        let all = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if w == 0 && progress.elapsed() > Duration::from_secs(15) {
                            progress = Instant::now();
                            println!(
                                "  setup: {all}/{total} profiles after {:.0} s",
                                started.elapsed().as_secs_f64()
                            );
                        }
                    }
                    Ok::<(), String>(())
                };
                match tokio::time::timeout(limit, collect).await {
                    Ok(result) => result?,
                    Err(_) => return Err(format!("setup did not finish within {} s", limit.as_secs())),
                }
                Ok(groups)
            })
        }));
    }
    let mut groups = Vec::with_capacity(profiles);
    for handle in handles {
        groups.extend(handle.join().map_err(|_| "setup worker panicked")??);
    }
    Ok(groups)
}

/// Runs the storm of every group on `args.threads` workers, all profiles at once (or
/// `args.concurrency` at a time), each until converged or out of rounds or time.
pub(super) fn storm_on_workers(
    args: &Args,
    relay: &Endpoint,
    stats: &Arc<Stats>,
    groups: Vec<Group>,
    start: Instant,
) -> Res<Vec<(Group, StormOutcome)>> {
    let threads = args.threads.max(1);
    let limit = Duration::from_secs(args.storm_time_limit);
    let deadline = start + limit;
    let per_thread = if args.concurrency == 0 {
        groups.len().max(1)
    } else {
        args.concurrency.div_ceil(threads).max(1)
    };
    let mut shares: Vec<Vec<Group>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, group) in groups.into_iter().enumerate() {
        shares[i % threads].push(group);
    }
    let mut handles = Vec::with_capacity(threads);
    for share in shares {
        let transport = worker_transport(relay, stats)?;
        let max_rounds = args.max_rounds;
        handles.push(std::thread::spawn(move || -> Res<Vec<(Group, StormOutcome)>> {
            let runtime = worker_runtime()?;
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, async move {
                let gate = Arc::new(Semaphore::new(per_thread));
                let mut tasks = JoinSet::new();
                let count = share.len();
                for group in share {
                    let (gate, transport) = (Arc::clone(&gate), Arc::clone(&transport));
                    tasks.spawn_local(async move {
                        let _permit = gate.acquire_owned().await.ok();
                        storm_profile(group, transport, start, max_rounds, deadline).await
                    });
                }
                let mut results = Vec::with_capacity(count);
                let collect = async {
                    while let Some(joined) = tasks.join_next().await {
                        results.push(joined.map_err(|e| format!("storm task: {e}"))?);
                    }
                    Ok::<(), String>(())
                };
                // Each profile stops itself at the deadline (between rounds); a request in flight
                // ends within the transport's timeout.
                match tokio::time::timeout(limit + Duration::from_secs(60), collect).await {
                    Ok(result) => result?,
                    Err(_) => return Err("storm tasks did not finish within the time limit".into()),
                }
                Ok(results)
            })
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.extend(handle.join().map_err(|_| "storm worker panicked")??);
    }
    Ok(results)
}
