//! haproxy in front of several relays (issue 12, item 3): one loopback address, round robin,
//! health checks on `GET /health`. The same configuration as docs/deploy.md's, without TLS.

use super::*;

/// haproxy in the foreground with a generated configuration; killed when dropped.
pub(super) struct Balancer {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
    pub(super) log: PathBuf,
}

impl Balancer {
    /// Starts `bin` (haproxy) on a free loopback port in front of `relays`, under
    /// `taskset -c CPUS` when `cpus` is given, room for `max_connections` client connections or
    /// as many as this process's descriptor limit allows haproxy (see [`haproxy_maxconn`]).
    pub(super) fn start(
        bin: &Path,
        dir: &Path,
        relays: &[SocketAddr],
        max_connections: usize,
        cpus: Option<&str>,
    ) -> Res<Self> {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?;
        let max_connections = haproxy_maxconn(max_connections, open_files_limit());
        let servers: String = relays
            .iter()
            .enumerate()
            .map(|(i, relay)| format!("    server relay{i} {relay} check inter 1s fall 2 rise 1\n"))
            .collect();
        // `http-reuse always`: haproxy keeps its own connections to the relays and shares them
        // between clients, as a deployed balancer does; `retry-on conn-failure` resends only a
        // request that never reached a relay (a resent signed request could be refused as a
        // replay; the client re-signs its own retries).
        let config = format!(
            "global\n    maxconn {max_connections}\n    nbthread 1\n\
             defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    \
             timeout server 60s\n    retries 3\n    option redispatch 1\n    \
             retry-on conn-failure\n    http-reuse always\n\
             frontend relay\n    bind {addr}\n    maxconn {max_connections}\n    \
             default_backend relays\n\
             backend relays\n    balance roundrobin\n    option httpchk GET /health\n    \
             http-check expect status 200\n{servers}"
        );
        let path = dir.join("haproxy.cfg");
        std::fs::write(&path, config).map_err(|e| format!("haproxy.cfg: {e}"))?;
        let log = dir.join("haproxy.log");
        let stderr = File::create(&log).map_err(|e| format!("haproxy log: {e}"))?;
        let child = pinned(bin, cpus)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Self { child, addr, log })
    }

    /// Waits until a request through haproxy gets `200` from a relay's `/health`; names haproxy
    /// and its log when it exits or does not answer.
    pub(super) async fn wait_healthy(&mut self, transport: &HttpTransport) -> Res<()> {
        let url = self.url();
        let log = self.log.display().to_string();
        wait_healthy(&url, transport, || match self.child.try_wait() {
            Ok(Some(status)) => Some(format!("haproxy exited early ({status}); log: {log}")),
            _ => None,
        })
        .await
        .map_err(|e| {
            if e.starts_with("haproxy") {
                e
            } else {
                format!("haproxy: {e}; log: {log}")
            }
        })
    }

    pub(super) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Descriptors haproxy needs beyond two per connection (listeners, checks, logs, pollers).
const HAPROXY_SPARE_FDS: u64 = 100;

/// The `maxconn` haproxy can run with: `wanted`, or less when the descriptor limit `nofile` (the
/// hard limit haproxy inherits) cannot hold it. haproxy needs two descriptors per connection (the
/// client's and the server's) and refuses to start (`Cannot raise FD limit`, `strict-limits` is
/// on by default since 2.3) when `2 × maxconn` exceeds the limit: at N = 2,000 the wanted 24,000
/// needed 48,015 descriptors of this machine's 20,000, and haproxy exited at once (the storm's
/// PostgreSQL × 2 failure of 2026-12-07, which looked like "after PostgreSQL × 1").
pub(super) fn haproxy_maxconn(wanted: usize, nofile: Option<u64>) -> usize {
    match nofile {
        Some(limit) => {
            let fits = limit.saturating_sub(HAPROXY_SPARE_FDS) / 2;
            wanted.min(usize::try_from(fits).unwrap_or(usize::MAX)).max(1)
        }
        None => wanted,
    }
}

/// This process's hard limit of open files (`/proc/self/limits`), which children inherit;
/// `None` when unlimited or unknown.
pub(super) fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    // "Max open files            20000                20000                files"
    line.split_whitespace().nth(4)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxconn_fits_the_descriptor_limit() {
        assert_eq!(haproxy_maxconn(24_000, Some(20_000)), 9_950);
        assert_eq!(haproxy_maxconn(4_096, Some(20_000)), 4_096);
        assert_eq!(haproxy_maxconn(24_000, None), 24_000);
        assert_eq!(haproxy_maxconn(24_000, Some(10)), 1);
    }
}
