//! The relay as a child process, and what it costs the machine (RSS peaks, CPU seconds, load).

use super::*;

/// `tsunagu-relay` as a child process; killed when dropped.
pub(super) struct RelayProcess {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
    pub(super) log: PathBuf,
}

impl RelayProcess {
    /// Starts the relay with rate limits out of the way and room for `max_connections` at once.
    pub(super) fn start(bin: &Path, dir: &Path, log_level: &str, max_connections: usize) -> Res<Self> {
        // A free port: bind, read, release. The relay binds it a moment later.
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?;
        let log = dir.join("relay.log");
        let stderr = File::create(&log).map_err(|e| format!("relay log: {e}"))?;
        let child = Command::new(bin)
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--db")
            .arg(dir.join("relay.sqlite3"))
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

    pub(super) async fn wait_healthy(&mut self, transport: &HttpTransport) -> Res<()> {
        for _ in 0..200 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "relay exited early ({status}); log: {}",
                    self.log.display()
                ));
            }
            let request = HttpRequest {
                base_url: self.url(),
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
        Err("relay did not become healthy within 10 s".into())
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
