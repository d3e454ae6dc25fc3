//! The shared scenario fixture: a relay on loopback with its own database (a SQLite file, or a
//! fresh PostgreSQL database when the scenario runs on PostgreSQL), devices with their own
//! `ProfileStore` files, a family joined through invites, and the checks every scenario makes.

use super::*;

/// A relay on loopback with a database of the scenario's backend (a SQLite one in its own
/// directory, so everything it wrote can be searched); it can be stopped and started again on
/// the same address and database.
pub(super) struct Relay {
    pub(super) dir: PathBuf,
    pub(super) db: TestDatabase,
    pub(super) config: RelayConfig,
    pub(super) addr: SocketAddr,
    pub(super) url: String,
    pub(super) running: Option<RunningRelay>,
}

impl Relay {
    pub(super) async fn start(dir: &Path) -> Self {
        Self::start_with(dir, |_| {}).await
    }

    pub(super) async fn start_with(dir: &Path, edit: impl FnOnce(&mut RelayConfig)) -> Self {
        let relay_dir = dir.join("relay");
        std::fs::create_dir_all(&relay_dir).expect("relay dir");
        let db = TestDatabase::create(backend(), &relay_dir.join("relay.sqlite3")).expect("a test database");
        let mut config = RelayConfig::new(db.database().clone());
        edit(&mut config);
        let running = tsunagu_relay::spawn_for_tests_with(config.clone())
            .await
            .expect("relay starts");
        Self {
            dir: relay_dir,
            db,
            config,
            addr: running.addr(),
            url: running.url(),
            running: Some(running),
        }
    }

    /// Stops it (requests in flight finish) and waits until it has.
    pub(super) async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("relay stops");
        }
    }

    /// Starts it again on the same address with the same database.
    pub(super) async fn restart(&mut self) {
        self.stop().await;
        // The port was ours a moment ago; the OS may need a moment to free it.
        for _ in 0..50 {
            if let Ok(listener) = tokio::net::TcpListener::bind(self.addr).await {
                let running = tsunagu_relay::spawn(listener, self.config.clone())
                    .await
                    .expect("relay starts again");
                self.running = Some(running);
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot listen on {} again", self.addr);
    }

    /// Every envelope the relay stored for `profile`, in sequence order.
    pub(super) fn envelopes(&self, profile: &str) -> Vec<Stored> {
        self.db
            .query(
                "SELECT seq, author, counter, epoch, bytes FROM envelope WHERE profile_id = $1 ORDER BY seq",
                &[profile],
            )
            .iter()
            .map(|r| Stored {
                seq: r[0].int(),
                author: r[1].bytes(),
                counter: r[2].int(),
                epoch: u32::try_from(r[3].int()).expect("an epoch"),
                bytes: r[4].bytes(),
            })
            .collect()
    }

    /// Every snapshot envelope the relay stored for `profile`: (epoch, bytes).
    pub(super) fn snapshots(&self, profile: &str) -> Vec<(u32, Vec<u8>)> {
        self.db
            .query(
                "SELECT epoch, bytes FROM snapshot WHERE profile_id = $1 ORDER BY received_at",
                &[profile],
            )
            .iter()
            .map(|r| (u32::try_from(r[0].int()).expect("an epoch"), r[1].bytes()))
            .collect()
    }
}

/// One row of the relay's `envelope` table.
#[derive(Debug, Clone)]
pub(super) struct Stored {
    pub(super) seq: i64,
    pub(super) author: Vec<u8>,
    pub(super) counter: i64,
    pub(super) epoch: u32,
    pub(super) bytes: Vec<u8>,
}

/// Retries of 429/5xx inside a call, kept short (no network failure is retried inside a call).
pub(super) fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 2,
        base: Duration::from_millis(5),
        cap: Duration::from_millis(20),
    }
}

/// A device: a display name for its edits and its own store file.
pub(super) struct Device {
    pub(super) author: &'static str,
    pub(super) path: PathBuf,
    pub(super) store: ProfileStore,
    pub(super) minute: u32,
}

/// Everything a user can see of a profile on one device.
#[derive(Debug, PartialEq)]
pub(super) struct View {
    pub(super) profile: Profile,
    pub(super) heads: Vec<ChangeHash>,
    pub(super) history: Vec<HistoryEntry>,
}

impl Device {
    pub(super) fn open(dir: &Path, file: &str, author: &'static str) -> Self {
        let path = dir.join(file);
        let store = ProfileStore::open(&path).expect("the device's store opens");
        Self {
            author,
            path,
            store,
            minute: 0,
        }
    }

    pub(super) fn client<'a>(&'a mut self, transport: &'a dyn Transport) -> SyncClient<'a> {
        SyncClient::new(&mut self.store, transport).with_retry_policy(fast_retry())
    }

    /// One change with `edits`, by this device's author; returns its hash.
    pub(super) fn edit(&mut self, id: &str, edits: &[Edit]) -> ChangeHash {
        self.minute += 1;
        self.store
            .edit(id, edits, &edit_context(self.author, self.minute))
            .expect("edits")
            .expect("the edit changed something")
    }

    pub(super) async fn sync(
        &mut self,
        transport: &dyn Transport,
        id: &str,
    ) -> tsunagu_core::Result<SyncReport> {
        self.client(transport).sync_now(id).await
    }

    /// A sync that must complete (`Synced`).
    pub(super) async fn synced(&mut self, transport: &dyn Transport, id: &str) -> SyncReport {
        let author = self.author;
        let report = self
            .sync(transport, id)
            .await
            .unwrap_or_else(|e| panic!("{author}: sync failed: {e:?}"));
        assert_eq!(report.status, SyncStatus::Synced, "{author}: {report:?}");
        report
    }

    pub(super) fn view(&mut self, id: &str) -> View {
        let doc = self.store.document(id).expect("document");
        let mut heads = doc.heads();
        heads.sort();
        let profile = doc.profile().clone();
        let mut history = doc.history();
        // The log's order among concurrent changes is the device's own business: compare sets.
        history.sort_by(|a, b| a.hash.cmp(&b.hash));
        View {
            profile,
            heads,
            history,
        }
    }

    pub(super) fn hashes(&mut self, id: &str) -> BTreeSet<String> {
        let history = self.store.history(id).expect("history");
        let hashes: BTreeSet<String> = history.iter().map(|h| h.hash.clone()).collect();
        assert_eq!(hashes.len(), history.len(), "a change appears twice in the log");
        hashes
    }

    pub(super) fn json(&mut self, id: &str) -> Value {
        serde_json::to_value(self.store.profile(id).expect("profile")).expect("json")
    }

    pub(super) fn state(&self, id: &str) -> SyncState {
        self.store
            .sync_state(id)
            .expect("reads")
            .expect("the profile is shared")
    }

    /// This device's signing identity, read from its store file (`meta.device_identity`).
    pub(super) fn identity(&mut self) -> DeviceIdentity {
        let id = self.store.device_id().expect("device id");
        let conn =
            rusqlite::Connection::open_with_flags(&self.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("opens the store read-only");
        let secret: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_identity'", [], |r| {
                r.get(0)
            })
            .expect("the store holds the device identity");
        let identity = DeviceIdentity::from_secret_bytes(&secret).expect("an identity");
        assert_eq!(identity.id(), id);
        identity
    }
}

/// A shared profile: `devices[0]` is the owner who shared it, the others joined with invites.
pub(super) struct Family {
    pub(super) id: String,
    pub(super) devices: Vec<Device>,
}

pub(super) async fn family(
    dir: &Path,
    relay: &Relay,
    t: &dyn Transport,
    joiners: &[(&'static str, Role)],
) -> Family {
    let mut owner = Device::open(dir, "owner.sqlite3", OWNER);
    let id = owner
        .store
        .create_profile(&demo_profile(), &edit_context(OWNER, 0))
        .expect("creates");
    let report = owner.client(t).share(&id, &relay.url).await.expect("shares");
    assert_eq!((report.status, report.pushed), (SyncStatus::Synced, 1));
    let expected = owner.view(&id);
    let mut devices = vec![owner];
    for (i, &(author, role)) in joiners.iter().enumerate() {
        let link = devices[0]
            .client(t)
            .invite(&id, role, Duration::from_secs(600))
            .await
            .expect("invites");
        let mut device = Device::open(dir, &format!("device-{}.sqlite3", i + 1), author);
        let joined = device.client(t).join(&link).await.expect("joins");
        // The link carries no key: the device reads once the owner's device synced and granted
        // it the current one (ADR 0007).
        assert!(!joined.created);
        assert_eq!(
            (joined.role, joined.report.status),
            (role, SyncStatus::WaitingForOwner)
        );
        devices[0].synced(t, &id).await;
        let report = device.synced(t, &id).await;
        assert!(device.store.exists(&id).expect("reads"), "{author}: {report:?}");
        assert_eq!(
            device.view(&id),
            expected,
            "{author} starts from the owner's profile"
        );
        devices.push(device);
    }
    Family { id, devices }
}

/// Sync every device in turn until a whole round moves nothing; returns the rounds it took.
pub(super) async fn sync_until_quiet(devices: &mut [Device], t: &dyn Transport, id: &str) -> usize {
    for round in 1..=6 {
        let mut moved = 0;
        for device in devices.iter_mut() {
            let report = device.synced(t, id).await;
            moved += report.pulled + report.pushed;
        }
        if moved == 0 {
            return round;
        }
    }
    panic!("still syncing after 6 rounds");
}

pub(super) fn assert_all_equal(devices: &mut [Device], id: &str) {
    let first = devices[0].view(id);
    for device in &mut devices[1..] {
        let author = device.author;
        assert_eq!(device.view(id), first, "{author} differs from {}", OWNER);
    }
}

pub(super) fn assert_nothing_pending(devices: &mut [Device], t: &dyn Transport, id: &str) {
    for device in devices {
        let author = device.author;
        let status = device.client(t).sync_status(id).expect("status");
        assert_eq!(
            (
                status.pending_changes,
                status.awaiting_ack,
                status.last_error.as_deref()
            ),
            (0, false, None),
            "{author}: {status:?}"
        );
    }
}

pub(super) fn hex(hash: &ChangeHash) -> String {
    hash.to_string()
}

pub(super) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The newest epoch key `device` holds for profile `id`, read from its store file (invite links
/// carry no key since ADR 0007's format 3).
pub(super) fn current_key(device: &Device, id: &str) -> (u32, EpochKey) {
    let conn =
        rusqlite::Connection::open_with_flags(&device.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("opens read-only");
    let (epoch, key): (u32, Vec<u8>) = conn
        .query_row(
            "SELECT epoch, key FROM sync_epoch_key WHERE profile_id = ?1 ORDER BY epoch DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a key");
    (epoch, EpochKey(key.try_into().expect("32 bytes")))
}

pub(super) fn pointer<'a>(json: &'a Value, path: &str) -> &'a Value {
    json.pointer(path).unwrap_or_else(|| panic!("{path} missing"))
}
