//! The SQLite commit floor on the relay's disk and the relay's own request log.

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
