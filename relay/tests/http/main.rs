//! HTTP-level tests of the relay: a real server on 127.0.0.1 with its own database per test,
//! driven by devices that sign their requests as ADR 0002 says. Every test runs twice, as
//! `NAME::sqlite` and `NAME::postgres` (the latter on a fresh database of the server named by
//! `TSUNAGU_TEST_PG`; skipped without it unless `TSUNAGU_REQUIRE_PG=1`).

/// For each async test function named, a module of two tests that run it on SQLite and on
/// PostgreSQL ([`client::TestRelay::start`] picks the backend of the test it runs in).
macro_rules! on_each_backend {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    $crate::client::run_on(tsunagu_relay::testing::Backend::Sqlite, super::$name()).await;
                }

                #[tokio::test]
                async fn postgres() {
                    $crate::client::run_on(tsunagu_relay::testing::Backend::Postgres, super::$name()).await;
                }
            }
        )*
    };
}

mod abuse;
mod balanced;
mod client;
mod combined;
mod limits;
mod links;
mod membership;
mod metrics;
mod multi;
mod process;
mod routes;
mod rss;
mod server;
mod sync;
