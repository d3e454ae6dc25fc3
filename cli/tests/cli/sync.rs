//! Sync against the real relay on loopback: the core's `SyncClient` with the relay library
//! in-process, and the `tsunagu` binary with `tsunagu relay serve` as a separate process.
//! (The wider cross-crate scenarios live in the `tests/` crate.)

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tsunagu_core::sync::{HttpTransport, RetryPolicy, Role, SyncClient, SyncStatus};
use tsunagu_core::{Edit, EditContext, Error, ProfileStore, sample};
use tsunagu_relay::{RelayConfig, RunningRelay};

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

fn ctx(author: &str) -> EditContext {
    EditContext::now(author)
}

async fn relay_at(addr: std::net::SocketAddr, db: &Path) -> RunningRelay {
    // The port was ours a moment ago; after a restart the OS may need a moment to free it.
    for _ in 0..50 {
        if let Ok(listener) = tokio::net::TcpListener::bind(addr).await {
            return tsunagu_relay::spawn(listener, RelayConfig::new(db))
                .await
                .expect("relay starts");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("cannot listen on {addr} again");
}

/// Everything a user sees of a profile on one device.
fn view(store: &mut ProfileStore, id: &str) -> (serde_json::Value, usize) {
    let profile = serde_json::to_value(store.profile(id).expect("profile")).expect("json");
    (profile, store.history(id).expect("history").len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parent_and_coordinator_converge_through_the_relay_after_offline_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("relay.sqlite3");
    let relay = tsunagu_relay::spawn_for_tests(&db).await.expect("relay starts");
    let addr = relay.addr();
    let url = relay.url();
    let transport = HttpTransport::new().expect("transport");
    let retry = RetryPolicy {
        attempts: 3,
        base: Duration::from_millis(10),
        cap: Duration::from_millis(50),
    };

    let mut parent = ProfileStore::open(dir.path().join("parent.sqlite3")).expect("parent store");
    let mut coordinator =
        ProfileStore::open(dir.path().join("coordinator.sqlite3")).expect("coordinator store");
    let id = parent
        .create_profile(&sample::demo_profile(), &ctx("母 山田花子"))
        .expect("creates");

    // Share, invite an editor, join.
    let report = SyncClient::new(&mut parent, &transport)
        .share(&id, &url)
        .await
        .expect("shares");
    assert_eq!((report.status, report.pushed), (SyncStatus::Synced, 1));
    let link = SyncClient::new(&mut parent, &transport)
        .invite(&id, Role::Editor, Duration::from_secs(3600))
        .await
        .expect("invites");
    assert!(
        link.starts_with(&format!("{url}/join?p={id}&r=editor#")),
        "{link}"
    );
    let joined = SyncClient::new(&mut coordinator, &transport)
        .join(&link)
        .await
        .expect("joins");
    // The link carries no key: the coordinator reads once the parent's device synced.
    assert!(!joined.created);
    assert_eq!(
        (joined.role, joined.report.status),
        (Role::Editor, SyncStatus::WaitingForOwner)
    );
    SyncClient::new(&mut parent, &transport)
        .sync_now(&id)
        .await
        .expect("the parent syncs and grants the key");
    let first = SyncClient::new(&mut coordinator, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!((first.status, first.pulled), (SyncStatus::Synced, 1));
    assert_eq!(view(&mut coordinator, &id), view(&mut parent, &id));
    // The invite is used up.
    let mut third = ProfileStore::open(dir.path().join("third.sqlite3")).expect("store");
    let err = SyncClient::new(&mut third, &transport)
        .join(&link)
        .await
        .expect_err("used up");
    assert!(matches!(err, Error::InviteRejected(_)), "{err:?}");

    // The relay goes away; both edit, concurrently and offline.
    relay.shutdown().await.expect("relay stops");
    parent
        .edit(
            &id,
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
            &ctx("母 山田花子"),
        )
        .expect("parent edits");
    parent
        .edit(&id, &[Edit::set("child.nickname", "さく")], &ctx("母 山田花子"))
        .expect("parent edits");
    coordinator
        .edit(
            &id,
            &[Edit::set("baseline.spo2_low", 92.0)],
            &ctx("コーディネーター 佐藤"),
        )
        .expect("coordinator edits");
    for store in [&mut parent, &mut coordinator] {
        let mut client = SyncClient::new(store, &transport).with_retry_policy(retry);
        let report = client.sync_now(&id).await.expect("offline is not an error");
        assert_eq!(report.status, SyncStatus::Offline);
        let status = client.sync_status(&id).expect("status");
        assert!(status.pending_changes >= 1);
        assert_eq!(status.last_error.as_deref(), Some("offline"));
    }
    assert_ne!(view(&mut coordinator, &id), view(&mut parent, &id));

    // Back online (same database, same address): sync both, then the parent again.
    let relay = relay_at(addr, &db).await;
    let mut pushed = 0;
    for turn in 0..3 {
        let store = if turn == 1 { &mut coordinator } else { &mut parent };
        let report = SyncClient::new(store, &transport)
            .with_retry_policy(retry)
            .sync_now(&id)
            .await
            .expect("syncs");
        assert_eq!(report.status, SyncStatus::Synced);
        pushed += report.pushed;
    }
    assert_eq!(pushed, 3, "each offline change went out once");
    assert_eq!(view(&mut coordinator, &id), view(&mut parent, &id));
    let merged = parent.profile(&id).expect("profile");
    assert_eq!(merged.child.nickname.as_deref(), Some("さく"));
    for store in [&mut parent, &mut coordinator] {
        let status = SyncClient::new(store, &transport)
            .sync_status(&id)
            .expect("status");
        assert_eq!((status.pending_changes, status.awaiting_ack), (0, false));
        assert_eq!(status.last_error, None);
    }
    // Nothing new: a sync moves nothing.
    let report = SyncClient::new(&mut coordinator, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!((report.pulled, report.pushed), (0, 0));

    // The parent removes the coordinator: the key rotates, the coordinator is shut out.
    let coordinator_id = coordinator.device_id().expect("id");
    let members = SyncClient::new(&mut parent, &transport)
        .members(&id)
        .await
        .expect("members");
    assert!(members.fresh);
    assert_eq!(members.members.len(), 2);
    let epoch = SyncClient::new(&mut parent, &transport)
        .remove_member(&id, &coordinator_id)
        .await
        .expect("removes");
    assert_eq!(epoch, 2);
    let err = SyncClient::new(&mut coordinator, &transport)
        .members(&id)
        .await
        .expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    let err = SyncClient::new(&mut coordinator, &transport)
        .sync_now(&id)
        .await
        .expect_err("removed");
    assert!(matches!(err, Error::NotMember), "{err:?}");
    parent
        .edit(
            &id,
            &[Edit::set("child.nickname", "さくちゃん")],
            &ctx("母 山田花子"),
        )
        .expect("edits");
    let report = SyncClient::new(&mut parent, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(report.pushed, 1);
    assert_eq!(parent.sync_state(&id).expect("state").expect("shared").epoch, 2);

    // A viewer invited after the rotation reads everything (from the snapshot) and cannot invite.
    let link = SyncClient::new(&mut parent, &transport)
        .invite(&id, Role::Viewer, Duration::from_secs(600))
        .await
        .expect("invites");
    let mut viewer = ProfileStore::open(dir.path().join("viewer.sqlite3")).expect("store");
    let joined = SyncClient::new(&mut viewer, &transport)
        .join(&link)
        .await
        .expect("joins");
    assert_eq!(joined.report.status, SyncStatus::WaitingForOwner);
    SyncClient::new(&mut parent, &transport)
        .sync_now(&id)
        .await
        .expect("the parent grants the key");
    SyncClient::new(&mut viewer, &transport)
        .sync_now(&id)
        .await
        .expect("syncs");
    assert_eq!(view(&mut viewer, &id), view(&mut parent, &id));
    let err = SyncClient::new(&mut viewer, &transport)
        .invite(&id, Role::Viewer, Duration::from_secs(600))
        .await
        .expect_err("viewers do not invite");
    assert!(matches!(err, Error::NotPermitted(_)));
    relay.shutdown().await.expect("relay stops");
}

/// A `tsunagu relay serve` process on a free port; killed when dropped. (Also used by `review`.)
pub(crate) struct RelayProcess {
    child: Child,
    pub(crate) url: String,
}

impl RelayProcess {
    /// `db` is a SQLite file or a PostgreSQL URL.
    pub(crate) fn start(db: impl AsRef<std::ffi::OsStr>) -> Self {
        let mut child = Command::new(BIN)
            .args(["relay", "serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts the relay");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("reads");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, url }
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn relay_serve_takes_the_relay_binarys_flags_and_serves_metrics() {
    // The flags are the relay crate's `RelayFlags`, flattened into both commands.
    let dir = tempfile::tempdir().expect("temp dir");
    let child = Command::new(BIN)
        .args(["relay", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("relay.sqlite3"))
        .args(["--metrics-addr", "127.0.0.1:0", "--max-connections", "64"])
        .args([
            "--idle-timeout",
            "5",
            "--db-pool",
            "2",
            "--trusted-proxy",
            "127.0.0.1",
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts the relay");
    let mut relay = RelayProcess {
        child,
        url: String::new(),
    };
    // Its JSON log (stderr) names the metrics listener's address.
    let stderr = relay.child.stderr.take().expect("stderr");
    let addr = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .find(|log| log["fields"]["message"] == "metrics listening")
        .and_then(|log| log["fields"]["addr"].as_str().map(str::to_owned))
        .expect("the relay logs where it serves metrics");
    let mut stream = std::net::TcpStream::connect(&addr).expect("connects to the metrics address");
    std::io::Write::write_all(
        &mut stream,
        b"GET /metrics HTTP/1.1\r\nHost: metrics\r\nConnection: close\r\n\r\n",
    )
    .expect("sends");
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).expect("reads");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("relay_connections_open"), "{answer}");
}

fn tsunagu(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TSUNAGU_AUTHOR")
        .env_remove("TSUNAGU_DATA_DIR")
        .output()
        .expect("runs tsunagu")
}

/// Runs `tsunagu --data-dir DATA ARGS…`, asserts success, returns stdout. (Also used by `review`.)
pub(crate) fn ok(data: &Path, args: &[&str]) -> String {
    let out = tsunagu(data, args);
    assert!(
        out.status.success(),
        "tsunagu {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_cli_shares_invites_joins_and_syncs_through_relay_serve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let relay = RelayProcess::start(dir.path().join("relay.sqlite3"));
    shares_invites_joins_and_syncs(relay, dir.path());
}

#[test]
fn the_cli_shares_invites_joins_and_syncs_through_relay_serve_on_postgres() {
    use tsunagu_relay::testing::{Backend, TestDatabase};
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(db) = TestDatabase::create(Backend::Postgres, &dir.path().join("unused")) else {
        eprintln!("skipped: no PostgreSQL test server (TSUNAGU_TEST_PG)");
        return;
    };
    let tsunagu_relay::Database::Postgres(url) = db.database() else {
        unreachable!("a PostgreSQL test database has a URL");
    };
    // `tsunagu relay serve --db postgres://…`
    let relay = RelayProcess::start(url);
    shares_invites_joins_and_syncs(relay, dir.path());
    // The relay wrote to PostgreSQL: the profile, its two members and both edits' envelopes.
    let count = |sql: &str| db.query_i64(sql, &[]).expect("a count");
    assert_eq!(count("SELECT count(*) FROM profile"), 1);
    assert_eq!(count("SELECT count(*) FROM member_entry"), 2);
    assert!(count("SELECT count(*) FROM envelope") >= 3);
}

/// The parent shares, invites the coordinator, both edit and sync through `relay`; then the
/// relay stops and a sync says offline.
fn shares_invites_joins_and_syncs(relay: RelayProcess, dir: &Path) {
    let parent = dir.join("parent");
    let coordinator = dir.join("coordinator");
    let file = dir.join("sakura.json");
    let json = serde_json::to_string(&sample::demo_profile()).expect("json");
    std::fs::write(&file, json).expect("writes");
    let id = ok(
        &parent,
        &[
            "--as",
            "母",
            "profile",
            "new",
            "--from",
            file.to_str().expect("utf-8"),
        ],
    )
    .trim()
    .to_owned();

    let shared = ok(
        &parent,
        &["--lang", "en", "sync", "start", &id, "--relay", &relay.url],
    );
    assert!(shared.contains("pushed 1, synced"), "{shared}");
    let link = ok(
        &parent,
        &["invite", &id, "--role", "editor", "--expires-hours", "2"],
    )
    .trim()
    .to_owned();
    let joined = ok(&coordinator, &["--lang", "en", "join", &link]);
    assert!(joined.contains(&format!("joined {id} as editor")), "{joined}");
    // No key in the link: the coordinator waits until the parent's device syncs (localized).
    assert!(
        !link.contains("&k=") && joined.contains("waiting for the owner"),
        "{joined}"
    );
    let waiting = ok(&coordinator, &["--lang", "ja", "sync", &id]);
    assert!(waiting.contains("オーナーの承認待ち"), "{waiting}");
    ok(&parent, &["sync"]);
    let first = ok(&coordinator, &["--lang", "en", "sync", &id]);
    assert!(first.contains("pulled 1, pushed 0, synced"), "{first}");

    ok(
        &parent,
        &["--as", "母", "edit", &id, "--set", "child.nickname=さく"],
    );
    ok(
        &coordinator,
        &["--as", "佐藤", "edit", &id, "--set", "baseline.spo2_low=92"],
    );
    ok(&parent, &["sync"]);
    let synced = ok(&coordinator, &["--lang", "en", "sync", &id]);
    assert!(synced.contains("pulled 1, pushed 1, synced"), "{synced}");
    ok(&parent, &["sync"]);
    let show = |data: &Path| ok(data, &["--json", "profile", "show", &id]);
    assert_eq!(show(&parent), show(&coordinator));
    let history = ok(&parent, &["--json", "history", &id]);
    assert!(history.contains("佐藤") && history.contains("母"), "{history}");

    let members: serde_json::Value =
        serde_json::from_str(&ok(&parent, &["--json", "members", &id])).expect("json");
    assert_eq!(members["members"].as_array().map(Vec::len), Some(2));

    // Bad input exits 2 and names no secret; a used link is refused.
    let out = tsunagu(&coordinator, &["join", "https://relay.example/join?p=x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = tsunagu(&dir.join("third"), &["join", &link]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tsunagu(&coordinator, &["members", "remove", &id, "not-a-device"]);
    assert_eq!(out.status.code(), Some(2));

    // Without the relay: `sync` says offline and exits 0; the edit waits.
    drop(relay);
    ok(
        &parent,
        &["--as", "母", "edit", &id, "--set", "child.nickname=さくちゃん"],
    );
    let offline = ok(&parent, &["--lang", "en", "sync"]);
    assert!(offline.contains("offline"), "{offline}");
    let offline = ok(&parent, &["--lang", "ja", "sync"]);
    assert!(
        offline.contains(&format!("{id}: 受信 0 件、送信 0 件、オフライン")),
        "{offline}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&ok(&parent, &["--json", "sync", "--status", &id])).expect("json");
    assert_eq!(status[0]["pending_changes"], 1);
    assert_eq!(status[0]["last_error"], "offline");
    let out = tsunagu(&parent, &["invite", &id, "--role", "viewer"]);
    assert_eq!(out.status.code(), Some(1), "an invite needs the relay");
}
