//! haproxy in front of several relays (issue 12, item 3): one loopback address, round robin,
//! health checks on `GET /health`. The same configuration as docs/deploy.md's, without TLS.

use super::*;

/// haproxy in the foreground with a generated configuration; killed when dropped.
pub(super) struct Balancer {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
}

impl Balancer {
    /// Starts `bin` (haproxy) on a free loopback port in front of `relays`, under
    /// `taskset -c CPUS` when `cpus` is given, room for `max_connections` client connections.
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
        let log = File::create(dir.join("haproxy.log")).map_err(|e| format!("haproxy log: {e}"))?;
        let child = pinned(bin, cpus)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Self { child, addr })
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
