//! Two relays behind one address (issue 12, item 3): `tsunagu-relay` × 2 on one PostgreSQL
//! database behind Debian's haproxy on loopback, health-checked on `GET /health`. Real devices
//! (the core's `SyncClient`) share a profile through the balancer's address only; one relay is
//! SIGKILLed while both devices sync, and they still converge with every edit present.
//! Needs PostgreSQL (`TSUNAGU_TEST_PG`) and `haproxy` on the PATH; skipped without them unless
//! `TSUNAGU_REQUIRE_PG=1` / `TSUNAGU_REQUIRE_HAPROXY=1` (scripts/test-all sets both).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tsunagu_core::sync::{HttpTransport, Role, SyncClient, SyncStatus};
use tsunagu_core::{Edit, EditContext, ProfileStore, sample};
use tsunagu_relay::testing::{Backend, TestDatabase};

use super::client::run_on;
use super::process::RelayProcess;

/// Set to `1` to make a missing haproxy a failure instead of a skip.
const REQUIRE_HAPROXY_VAR: &str = "TSUNAGU_REQUIRE_HAPROXY";

/// The haproxy binary, or `None` (the test skips) when it is not installed.
fn haproxy() -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("haproxy"))
        .find(|p| p.is_file());
    assert!(
        found.is_some() || std::env::var(REQUIRE_HAPROXY_VAR).as_deref() != Ok("1"),
        "{REQUIRE_HAPROXY_VAR}=1 but haproxy is not installed (apt-get install haproxy)"
    );
    found
}

/// haproxy in the foreground with a generated configuration; killed when dropped.
struct Balancer {
    child: Child,
    base: String,
}

impl Balancer {
    /// Round robin over `relays`, each checked with `GET /health` every 200 ms, down after one
    /// failed check; a request whose connection is refused is sent again to the other relay
    /// (it never reached a relay, so resending cannot replay it).
    fn start(bin: &Path, dir: &Path, relays: &[&str]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let servers: String = relays
            .iter()
            .enumerate()
            .map(|(i, base)| {
                let addr = base.trim_start_matches("http://");
                format!("    server relay{i} {addr} check inter 200ms fall 1 rise 1\n")
            })
            .collect();
        let config = format!(
            "global\n    maxconn 512\n\
             defaults\n    mode http\n    timeout connect 1s\n    timeout client 30s\n    \
             timeout server 30s\n    retries 3\n    option redispatch 1\n    \
             retry-on conn-failure\n\
             frontend relay\n    bind 127.0.0.1:{port}\n    default_backend relays\n\
             backend relays\n    balance roundrobin\n    option httpchk GET /health\n    \
             http-check expect status 200\n{servers}"
        );
        let path = dir.join("haproxy.cfg");
        std::fs::write(&path, config).expect("haproxy.cfg");
        let check = Command::new(bin)
            .arg("-c")
            .arg("-f")
            .arg(&path)
            .output()
            .expect("haproxy -c runs");
        assert!(
            check.status.success(),
            "haproxy rejects the configuration: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let child = Command::new(bin)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy starts");
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fields each device edits, with the value it writes in round `round`.
fn edits_of(device: usize, round: u32) -> Vec<Edit> {
    let value = serde_json::json!(format!("経路 {device}-{round}"));
    let own = match device {
        0 => "child.nickname",
        _ => "evacuation.route",
    };
    vec![Edit::set(own, value)]
}

async fn sync(store: &mut ProfileStore, id: &str, transport: &HttpTransport) -> Option<SyncStatus> {
    SyncClient::new(store, transport)
        .sync_now(id)
        .await
        .ok()
        .map(|r| r.status)
}

fn heads(store: &mut ProfileStore, id: &str) -> Vec<String> {
    let mut h: Vec<String> = store
        .document(id)
        .expect("document")
        .heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    h.sort();
    h
}

async fn a_profile_synced_through_haproxy_converges_while_a_relay_is_killed() {
    let Some(bin) = haproxy() else {
        eprintln!("skipped: haproxy not installed ({REQUIRE_HAPROXY_VAR}=1 makes this a failure)");
        return;
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = TestDatabase::create(Backend::Postgres, &dir.path().join("unused")).expect("a server");
    let limits = ["--rate", "1000", "--burst", "1000"];
    let mut a = RelayProcess::start(&db, &limits);
    let b = RelayProcess::start(&db, &limits);
    let lb = Balancer::start(&bin, dir.path(), &[&a.base, &b.base]);
    let transport =
        HttpTransport::with_timeouts(Duration::from_secs(2), Duration::from_secs(10)).expect("transport");

    // Wait (bounded) until haproxy answers on its address.
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("{}/health", lb.base))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "haproxy answers /health on {}", lb.base);

    // Owner creates and shares; an editor joins; all through the one address.
    let mut owner = ProfileStore::open(":memory:").expect("store");
    let id = owner
        .create_profile(&sample::demo_profile(), &EditContext::now("母"))
        .expect("create");
    let shared = SyncClient::new(&mut owner, &transport)
        .share(&id, &lb.base)
        .await
        .expect("share");
    assert_eq!(shared.status, SyncStatus::Synced);
    let link = SyncClient::new(&mut owner, &transport)
        .invite(&id, Role::Editor, Duration::from_secs(600))
        .await
        .expect("invite");
    let mut editor = ProfileStore::open(":memory:").expect("store");
    SyncClient::new(&mut editor, &transport)
        .join(&link)
        .await
        .expect("join");
    assert_eq!(sync(&mut owner, &id, &transport).await, Some(SyncStatus::Synced));
    assert_eq!(sync(&mut editor, &id, &transport).await, Some(SyncStatus::Synced));

    // Both edit; both sync at once, and relay A is killed while their requests are in flight.
    let mut stores = [owner, editor];
    for round in 1..=3u32 {
        for (d, store) in stores.iter_mut().enumerate() {
            let ctx = EditContext::now(if d == 0 { "母" } else { "編集者" });
            store.edit(&id, &edits_of(d, round), &ctx).expect("edit");
        }
        let [o, e] = &mut stores;
        if round == 2 {
            tokio::join!(sync(o, &id, &transport), sync(e, &id, &transport), async {
                tokio::task::yield_now().await;
                a.kill();
            });
        } else {
            tokio::join!(sync(o, &id, &transport), sync(e, &id, &transport));
        }
    }

    // Rounds on the surviving relay until both hold the same history (bounded).
    let mut converged = false;
    for _ in 0..10 {
        let [o, e] = &mut stores;
        let (so, se) = tokio::join!(sync(o, &id, &transport), sync(e, &id, &transport));
        if so == Some(SyncStatus::Synced) && se == Some(SyncStatus::Synced) && heads(o, &id) == heads(e, &id)
        {
            converged = true;
            break;
        }
    }
    assert!(
        converged,
        "both devices converge through the balancer after the kill"
    );
    let [o, e] = &mut stores;
    let view_o = serde_json::to_value(o.profile(&id).expect("profile")).expect("json");
    let view_e = serde_json::to_value(e.profile(&id).expect("profile")).expect("json");
    assert_eq!(view_o, view_e, "the same typed profile on both devices");
    assert_eq!(
        view_o["child"]["nickname"], "経路 0-3",
        "the owner's last edit is there"
    );
    assert_eq!(
        view_o["evacuation"]["route"], "経路 1-3",
        "the editor's last edit is there"
    );
    drop(b);
}

mod a_profile_synced_through_haproxy_converges_while_a_relay_is_killed {
    #[tokio::test]
    async fn postgres() {
        super::run_on(
            tsunagu_relay::testing::Backend::Postgres,
            super::a_profile_synced_through_haproxy_converges_while_a_relay_is_killed(),
        )
        .await;
    }
}
