//! A tiny signing client and the set-ups the tests share.

use std::sync::Once;

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;
use tsunagu_relay::testing::{Backend, TestDatabase, pg_server};
use tsunagu_relay::{RelayConfig, RunningRelay};
use tsunagu_wire::envelope::{Envelope, Kind};
use tsunagu_wire::membership::{InviteCert, JoinProof, MemberCert, Role};
use tsunagu_wire::request;
use tsunagu_wire::{DeviceIdentity, EpochKey};

/// The wall clock in Unix milliseconds.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}

pub fn http() -> reqwest::Client {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // reqwest's rustls-no-provider needs one even for plain http.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder().build().expect("client")
}

tokio::task_local! {
    /// The backend of the test running on this task.
    static BACKEND: Backend;
}

/// Runs `test` with relays on `backend`; PostgreSQL only when a test server is configured.
pub async fn run_on(backend: Backend, test: impl Future<Output = ()>) {
    if backend == Backend::Postgres && pg_server().is_none() {
        eprintln!("skipped: no PostgreSQL test server (TSUNAGU_TEST_PG)");
        return;
    }
    BACKEND.scope(backend, test).await;
}

/// The backend of the running test (SQLite outside [`run_on`]).
pub fn backend() -> Backend {
    BACKEND.try_with(|b| *b).unwrap_or(Backend::Sqlite)
}

/// A fresh database on the running test's backend, a SQLite one in `dir`.
pub fn test_database(dir: &TempDir) -> TestDatabase {
    TestDatabase::create(backend(), &dir.path().join("relay.sqlite3")).expect("a test database")
}

/// A relay on loopback with a fresh database of the test's backend (a SQLite one in `dir`).
/// Fields drop in order: the relay before its database.
pub struct TestRelay {
    pub relay: RunningRelay,
    pub db: TestDatabase,
    pub dir: TempDir,
}

impl TestRelay {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(edit: impl FnOnce(&mut RelayConfig)) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = test_database(&dir);
        let mut config = RelayConfig::new(db.database().clone());
        edit(&mut config);
        let relay = tsunagu_relay::spawn_for_tests_with(config)
            .await
            .expect("relay starts");
        Self { relay, db, dir }
    }

    pub fn device(&self) -> Device {
        Device::new(&self.relay.url())
    }
}

/// A device with its own identity, signing every request.
pub struct Device {
    pub identity: DeviceIdentity,
    pub base: String,
    http: reqwest::Client,
}

impl Device {
    pub fn new(base: &str) -> Self {
        Self::with_identity(base, DeviceIdentity::generate().expect("rng"))
    }

    /// The same device talking to another relay address.
    pub fn with_identity(base: &str, identity: DeviceIdentity) -> Self {
        Self {
            identity,
            base: base.to_owned(),
            http: http(),
        }
    }

    /// The `Authorization` header for this request signed at `time_ms`.
    pub fn sign_at(&self, method: &Method, path: &str, body: &[u8], time_ms: i64) -> String {
        request::sign(&self.identity, method.as_str(), path, body, time_ms).expect("sign")
    }

    /// Sends with an explicit `Authorization` header (or none).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
        auth: Option<String>,
    ) -> Response {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .body(body);
        if let Some(auth) = auth {
            req = req.header(reqwest::header::AUTHORIZATION, auth);
        }
        req.send().await.expect("relay answers")
    }

    /// Sends a request signed now.
    pub async fn send(&self, method: Method, path: &str, body: Vec<u8>) -> Response {
        let auth = self.sign_at(&method, path, &body, now_ms());
        self.send_raw(method, path, body, Some(auth)).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, Vec::new()).await
    }

    pub async fn post_json(&self, path: &str, value: &Value) -> Response {
        self.send(Method::POST, path, serde_json::to_vec(value).expect("json"))
            .await
    }

    pub async fn post_bytes(&self, path: &str, bytes: Vec<u8>) -> Response {
        self.send(Method::POST, path, bytes).await
    }
}

/// Asserts a refusal's status and error class.
pub async fn refused(response: Response, status: StatusCode, class: &str) {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("json error body");
    assert_eq!(body, json!({ "error": class }));
}

/// Asserts success and returns the JSON body.
pub async fn ok_json(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    response.json().await.expect("json body")
}

/// A shared profile: the owner created it on the relay and holds epoch 1's key.
pub struct Shared {
    pub owner: Device,
    pub profile: String,
    pub key: EpochKey,
}

impl Shared {
    pub async fn create(relay: &TestRelay, profile: &str) -> Self {
        Self::create_by(relay.device(), profile).await
    }

    /// `owner` creates the profile on the relay it talks to.
    pub async fn create_by(owner: Device, profile: &str) -> Self {
        let cert = MemberCert::issue(
            &owner.identity,
            profile,
            owner.identity.public(),
            Role::Owner,
            now_ms(),
        );
        let created = owner
            .post_json("/v1/profiles", &json!({ "profile": profile, "owner": cert }))
            .await;
        assert_eq!(
            ok_json(created, StatusCode::CREATED).await,
            json!({ "profile": profile, "epoch": 1 })
        );
        Self {
            owner,
            profile: profile.to_owned(),
            key: EpochKey::generate().expect("rng"),
        }
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/v1/profiles/{}{}", self.profile, rest)
    }

    /// `issuer` stores an invite for `role`; returns it with its secret.
    pub async fn invite(&self, issuer: &Device, role: Role, expires_at_ms: i64) -> (InviteCert, [u8; 32]) {
        let secret = tsunagu_wire::crypto::random::<32>().expect("rng");
        let invite = InviteCert::issue(&issuer.identity, &self.profile, &secret, role, expires_at_ms);
        let stored = issuer
            .post_json(&self.path("/invites"), &json!({ "invite": invite }))
            .await;
        assert_eq!(stored.status(), StatusCode::CREATED);
        (invite, secret)
    }

    /// A new device joins with an invite from the owner.
    pub async fn join(&self, relay: &TestRelay, role: Role) -> Device {
        self.join_as(relay.device(), role).await
    }

    /// `device` joins with an invite from the owner.
    pub async fn join_as(&self, device: Device, role: Role) -> Device {
        let (invite, secret) = self.invite(&self.owner, role, now_ms() + 600_000).await;
        let proof = JoinProof::create(&device.identity, invite, &secret, now_ms());
        let joined = device.post_json("/v1/join", &json!({ "proof": proof })).await;
        assert_eq!(
            ok_json(joined, StatusCode::OK).await,
            json!({ "profile": self.profile, "epoch": 1 })
        );
        device
    }

    /// A change envelope by `author` at `epoch` under `key`.
    pub fn envelope(
        &self,
        author: &Device,
        epoch: u32,
        key: &EpochKey,
        counter: u64,
        text: &[u8],
    ) -> Envelope {
        Envelope::seal(
            Kind::Change,
            &self.profile,
            epoch,
            key,
            &author.identity,
            counter,
            text,
        )
        .expect("seal")
    }

    pub async fn push(&self, author: &Device, envelope: &Envelope) -> Response {
        author
            .post_bytes(&self.path("/envelopes"), envelope.to_bytes())
            .await
    }
}
