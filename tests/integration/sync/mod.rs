//! Sync scenarios against a real relay: `tsunagu_relay` in-process on 127.0.0.1 with its own
//! database, devices with their own `ProfileStore` files and the core's `SyncClient` over the
//! real `HttpTransport`. Nothing is mocked; a wrapper around the transport ([`Faulty`]) only
//! injects faults after the real relay answered (a lost acknowledgement, a flipped or truncated
//! pull body, envelopes swapped or injected into a page), and a raw reqwest client sends what the
//! sync client never would (replays, strangers, removed devices, envelopes sealed by hand).
//!
//! Where a test needs a device's signing identity (to push by hand as that member), it reads it
//! from the store file's `meta` table, where ADR 0002 says it lives; the core does not expose it.
//!
//! Every scenario runs twice, as `NAME::sqlite` and `NAME::postgres`: the relay on a SQLite file,
//! and on a fresh database of the PostgreSQL server named by `TSUNAGU_TEST_PG` (skipped without
//! it unless `TSUNAGU_REQUIRE_PG=1`).

/// For each async scenario named, a module of two tests that run it with the relay on SQLite and
/// on PostgreSQL ([`Relay::start`] picks the backend of the test it runs in).
macro_rules! on_each_backend {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::super::run_on(tsunagu_relay::testing::Backend::Sqlite, super::$name()).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::super::run_on(tsunagu_relay::testing::Backend::Postgres, super::$name()).await;
                }
            }
        )*
    };
}

mod blind_relay;
mod faults;
mod fixture;
mod lost_ack;
mod offline;
mod raw;
mod removal;
mod strangers;
mod tampering;
mod viewers;

use faults::*;
use fixture::*;
use raw::*;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::Duration;

use automerge::ChangeHash;
use serde_json::{Value, json};
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::transport::SendFuture;
use tsunagu_core::sync::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, Role, SyncClient, SyncReport, SyncState,
    SyncStatus, Transport, TransportError,
};
use tsunagu_core::{Edit, Error, ProfileStore};
use tsunagu_relay::testing::{Backend, TestDatabase, pg_server};
use tsunagu_relay::{RelayConfig, RunningRelay};
use tsunagu_tests::edit_context;
use tsunagu_wire::envelope::{Envelope, Kind, decode_batch, encode_batch};
use tsunagu_wire::{DeviceIdentity, EpochKey, request};

const OWNER: &str = "母 山田花子";
const PARENT: &str = "父 山田一郎";
const COORDINATOR: &str = "コーディネーター 佐藤";
const VIEWER: &str = "訪問看護 鈴木";

tokio::task_local! {
    /// The relay backend of the scenario running on this task.
    static BACKEND: Backend;
}

/// Runs `scenario` with its relay on `backend`; PostgreSQL only when a test server is configured.
async fn run_on(backend: Backend, scenario: impl Future<Output = ()>) {
    if backend == Backend::Postgres && pg_server().is_none() {
        eprintln!("skipped: no PostgreSQL test server (TSUNAGU_TEST_PG)");
        return;
    }
    BACKEND.scope(backend, scenario).await;
}

/// The backend of the running scenario (SQLite outside [`run_on`]).
fn backend() -> Backend {
    BACKEND.try_with(|b| *b).unwrap_or(Backend::Sqlite)
}
