//! The floors a storm is judged against (the SQLite commit on the relay's disk, an HTTP request on
//! a new connection) and the relay's own request log.

use super::*;

/// Median time of a bare `INSERT` + `COMMIT` (WAL, `synchronous=FULL`) in `dir`.
pub(super) fn commit_floor(dir: &Path) -> Res<Duration> {
    let path = dir.join("floor.sqlite3");
    let conn = rusqlite::Connection::open(&path).map_err(|e| format!("floor: {e}"))?;
    let setup = || -> rusqlite::Result<()> {
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch("CREATE TABLE t (k BLOB PRIMARY KEY, v INTEGER) WITHOUT ROWID")?;
        Ok(())
    };
    setup().map_err(|e| format!("floor: {e}"))?;
    let mut times = Vec::with_capacity(200);
    for i in 0..200u32 {
        let start = Instant::now();
        conn.execute(
            "INSERT INTO t (k, v) VALUES (?1, ?2)",
            rusqlite::params![&i.to_be_bytes()[..], i],
        )
        .map_err(|e| format!("floor: {e}"))?;
        times.push(start.elapsed());
    }
    drop(conn);
    let _ = std::fs::remove_file(&path);
    times.sort();
    Ok(times[times.len() / 2])
}

/// Requests of the HTTP floor, and how many are open at once.
const HTTP_FLOOR_REQUESTS: usize = 20_000;
const HTTP_FLOOR_IN_FLIGHT: usize = 64;

/// The relay CPU (ms) one HTTP request costs when it does nothing: `GET /health`, each on a new
/// connection as nearly every storm request is (every device reconnects after the relay's idle
/// timeout). That is the kernel's TCP (accept, read, write, close), the runtime, hyper and the
/// relay's middleware, which no request can avoid; what a storm request costs above it is the
/// relay's own work. CPU is the relays' (`pids`), summed, read from `/proc`.
pub(super) fn http_floor(runtime: &tokio::runtime::Runtime, relay: SocketAddr, pids: &[String]) -> Res<f64> {
    let run = |count: usize| -> Res<()> {
        runtime.block_on(async {
            let left = Arc::new(std::sync::atomic::AtomicUsize::new(count));
            let mut tasks = JoinSet::new();
            for _ in 0..HTTP_FLOOR_IN_FLIGHT {
                let left = Arc::clone(&left);
                tasks.spawn(async move {
                    while left
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                        .is_ok()
                    {
                        health_on_new_connection(relay).await?;
                    }
                    Ok::<(), String>(())
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.map_err(|e| format!("http floor: {e}"))??;
            }
            Ok(())
        })
    };
    // Warm: the runtime's workers, the allocator's arenas, the log file.
    run(HTTP_FLOOR_REQUESTS / 10)?;
    let before: f64 = pids.iter().map(|p| cpu_seconds(p)).sum();
    run(HTTP_FLOOR_REQUESTS)?;
    let after: f64 = pids.iter().map(|p| cpu_seconds(p)).sum();
    Ok((after - before) * 1000.0 / HTTP_FLOOR_REQUESTS as f64)
}

/// One `GET /health` on a connection of its own; a relay that does not answer within 30 s fails
/// the floor instead of hanging the storm.
async fn health_on_new_connection(relay: SocketAddr) -> Res<()> {
    tokio::time::timeout(Duration::from_secs(30), health_once(relay))
        .await
        .map_err(|_| "http floor: no answer to GET /health within 30 s".to_owned())?
}

async fn health_once(relay: SocketAddr) -> Res<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(relay)
        .await
        .map_err(|e| format!("http floor: connect: {e}"))?;
    stream
        .write_all(format!("GET /health HTTP/1.1\r\nHost: {relay}\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .map_err(|e| format!("http floor: write: {e}"))?;
    let mut answer = Vec::with_capacity(512);
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("http floor: read: {e}"))?;
    if !answer.starts_with(b"HTTP/1.1 200") {
        return Err(format!(
            "http floor: /health answered {:?}",
            String::from_utf8_lossy(&answer[..answer.len().min(40)])
        ));
    }
    Ok(())
}

// ---- the relay's own request log -------------------------------------------------------------

/// Lines in a relay's log so far (the storm's request lines come after them).
pub(super) fn log_lines(log: &Path) -> usize {
    File::open(log).map_or(0, |f| BufReader::new(f).lines().count())
}

/// Server-side latencies (ms) by route template, from the request lines after the first `skip`
/// lines of the log.
pub(super) fn relay_latencies(log: &Path, skip: usize, field: &str) -> BTreeMap<String, Vec<f64>> {
    let Ok(file) = File::open(log) else {
        return BTreeMap::new();
    };
    let lines: Vec<(String, f64)> = BufReader::new(file)
        .lines()
        .skip(skip)
        .map_while(Result::ok)
        .filter_map(|line| {
            let v: serde_json::Value = serde_json::from_str(&line).ok()?;
            let f = v.get("fields")?;
            if f.get("message")?.as_str()? != "request" {
                return None;
            }
            let route = f.get("route")?.as_str()?;
            // A balancer's health checks are not the storm's requests.
            if route == "/health" {
                return None;
            }
            let route = format!("{} {route}", f.get("method")?.as_str()?);
            Some((route, f.get(field)?.as_f64()?))
        })
        .collect();
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (route, ms) in &lines {
        out.entry(route.clone()).or_default().push(*ms);
    }
    out
}

pub(super) fn percentile<T: Copy + PartialOrd>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i.min(sorted.len() - 1)).copied()
}
