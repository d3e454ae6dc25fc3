//! The relay as a child process, and what it costs the machine (RSS peaks, CPU seconds, load).

use super::*;

/// The one address the devices talk to: a relay, or the balancer in front of several.
#[derive(Debug, Clone, Copy)]
pub(super) struct Endpoint {
    pub(super) addr: SocketAddr,
}

impl Endpoint {
    pub(super) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// `tsunagu-relay` as a child process; killed when dropped.
pub(super) struct RelayProcess {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
    pub(super) log: PathBuf,
}

impl RelayProcess {
    /// Starts the relay with rate limits out of the way and room for `max_connections` at once,
    /// on database `db` (a SQLite path or a `postgres://` URL), under `taskset -c CPUS` when
    /// `cpus` is given; its request log goes to `log`.
    pub(super) fn start(
        bin: &Path,
        db: &str,
        log: PathBuf,
        log_level: &str,
        max_connections: usize,
        cpus: Option<&str>,
    ) -> Res<Self> {
        // A free port: bind, read, release. The relay binds it a moment later.
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?;
        let stderr = File::create(&log).map_err(|e| format!("relay log: {e}"))?;
        let mut command = pinned(bin, cpus);
        let child = command
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--db")
            .arg(db)
            .args(["--rate", "1000000", "--burst", "1000000"])
            .arg("--max-connections")
            .arg(max_connections.to_string())
            .env("RUST_LOG", log_level)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Self { child, addr, log })
    }

    pub(super) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until its `/health` answers `200`; the error names the relay (`name`, its pid) and
    /// its log.
    pub(super) async fn wait_healthy(&mut self, name: &str, transport: &HttpTransport) -> Res<()> {
        let url = self.url();
        let who = format!("{name} (pid {}, {})", self.pid(), self.addr);
        let log = self.log.display().to_string();
        wait_healthy(&url, transport, || match self.child.try_wait() {
            Ok(Some(status)) => Some(format!("{who} exited early ({status}); log: {log}")),
            _ => None,
        })
        .await
        .map_err(|e| {
            if e.starts_with(name) {
                e
            } else {
                format!("{who}: {e}; log: {log}")
            }
        })
    }

    /// SIGTERM, then wait (bounded) for a graceful stop; SIGKILL if it does not come.
    pub(super) fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `bin` as a command, under `taskset -c CPUS` when `cpus` is given.
pub(super) fn pinned(bin: &Path, cpus: Option<&str>) -> Command {
    match cpus {
        Some(cpus) => {
            let mut command = Command::new("taskset");
            command.arg("-c").arg(cpus).arg(bin);
            command
        }
        None => Command::new(bin),
    }
}

/// Polls `GET {url}/health` every 50 ms until it answers 200 (at most 10 s), stopping early with
/// the error `exited` returns (a child process that died).
pub(super) async fn wait_healthy(
    url: &str,
    transport: &HttpTransport,
    mut exited: impl FnMut() -> Option<String>,
) -> Res<()> {
    for _ in 0..200 {
        if let Some(e) = exited() {
            return Err(e);
        }
        let request = HttpRequest {
            base_url: url.to_owned(),
            method: Method::Get,
            path_and_query: "/health".into(),
            headers: vec![],
            body: vec![],
        };
        if let Ok(r) = transport.send(request).await
            && r.status == 200
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{url} did not become healthy within 10 s"))
}

pub(super) fn relay_binary(args: &Args) -> Res<PathBuf> {
    if let Some(bin) = &args.relay_bin {
        return Ok(bin.clone());
    }
    let exe = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;
    // target/<profile>/examples/storm → target/<profile>/tsunagu-relay
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot locate the target directory")?;
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    if !args.no_build
        && let Ok(cargo) = std::env::var("CARGO")
    {
        let mut build = Command::new(cargo);
        build.args(["build", "-p", "tsunagu-relay", "--bin", "tsunagu-relay"]);
        if release {
            build.arg("--release");
        }
        let status = build.status().map_err(|e| format!("cargo build: {e}"))?;
        if !status.success() {
            return Err("building tsunagu-relay failed".into());
        }
    }
    let bin = profile_dir.join("tsunagu-relay");
    if !bin.exists() {
        return Err(format!(
            "{} not found: build it (cargo build --release -p tsunagu-relay) or pass --relay-bin",
            bin.display()
        ));
    }
    Ok(bin)
}

/// (VmHWM, VmRSS) in kB of process `pid`.
pub(super) fn rss_kb(pid: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Peaks of the relay process seen by [`Sampler`].
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Peaks {
    pub(super) threads: u64,
    pub(super) fds: u64,
    pub(super) samples: u64,
}

/// Samples a process's thread count and open file descriptors (≈ connections) every 50 ms.
pub(super) struct Sampler {
    pub(super) stop: Arc<std::sync::atomic::AtomicBool>,
    pub(super) handle: std::thread::JoinHandle<Peaks>,
}

impl Sampler {
    pub(super) fn start(pid: &str, limit: Duration) -> Self {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (flag, pid) = (Arc::clone(&stop), pid.to_owned());
        let handle = std::thread::spawn(move || {
            let mut peaks = Peaks::default();
            let rounds = limit.as_millis() / 50 + 1;
            for _ in 0..rounds {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let threads = status
                    .lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count() as u64);
                peaks.threads = peaks.threads.max(threads);
                peaks.fds = peaks.fds.max(fds);
                peaks.samples += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            peaks
        });
        Self { stop, handle }
    }

    pub(super) fn finish(self) -> Peaks {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

/// Resets the peak RSS of `pid` to its current RSS (`/proc/PID/clear_refs`, "5").
pub(super) fn reset_peak_rss(pid: &str) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// User + system CPU seconds of process `pid`.
pub(super) fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at the last ')'.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // state is field 3; utime 14 and stime 15 (1-based) → indexes 11 and 12 here.
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// User + system CPU seconds of process `pid`, its live children and the children it has reaped
/// (`cutime`, `cstime`): a PostgreSQL postmaster and its backends.
pub(super) fn tree_cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let own = (ticks(11) + ticks(12) + ticks(13) + ticks(14)) / 100.0;
    let children: f64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // ppid is the 2nd field after the command name.
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1).map(|p| p == pid))
                .unwrap_or(false)
        })
        .map(|child| cpu_seconds(&child))
        .sum();
    own + children
}

/// Machine-wide CPU seconds from `/proc/stat`: (busy, iowait), all cores together.
pub(super) fn machine_cpu() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal …
    let get = |i: usize| fields.get(i).copied().unwrap_or(0.0);
    let busy = get(0) + get(1) + get(2) + get(5) + get(6) + get(7);
    (busy / 100.0, get(4) / 100.0)
}

pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
