//! Test support shared by the relay's, the CLI's and the workspace's tests: the backends a relay
//! test runs on, and a fresh database per test.
//!
//! SQLite always runs. PostgreSQL runs when `TSUNAGU_TEST_PG` names a server where tests may
//! create databases (`postgres://user@127.0.0.1:PORT/postgres`; `scripts/pg-test-cluster`
//! starts a throwaway one): each test gets its own database, created with a unique name and
//! dropped afterwards, so tests run in parallel. With `TSUNAGU_REQUIRE_PG=1` a missing
//! `TSUNAGU_TEST_PG` fails the test instead of skipping PostgreSQL (CI sets both).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::Database;

/// The variable naming the PostgreSQL server for tests.
pub const PG_URL_VAR: &str = "TSUNAGU_TEST_PG";
/// The variable that makes a missing [`PG_URL_VAR`] an error.
pub const REQUIRE_PG_VAR: &str = "TSUNAGU_REQUIRE_PG";

/// A storage backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A fresh database on the server named by `TSUNAGU_TEST_PG`.
    Postgres,
}

/// The PostgreSQL server for tests, if configured. Panics when `TSUNAGU_REQUIRE_PG=1` and it is
/// not.
pub fn pg_server() -> Option<String> {
    match std::env::var(PG_URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var(REQUIRE_PG_VAR).as_deref() != Ok("1"),
                "{REQUIRE_PG_VAR}=1 but {PG_URL_VAR} is not set: start a server with \
                 scripts/pg-test-cluster start and export its `env` output"
            );
            None
        }
    }
}

/// The backends to run on: SQLite, and PostgreSQL when configured.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if pg_server().is_some() {
        all.push(Backend::Postgres);
    }
    all
}

/// One test's database; a PostgreSQL one is dropped when this is.
#[derive(Debug)]
pub struct TestDatabase {
    database: Database,
    /// The server's URL and the database created on it.
    created: Option<(String, String)>,
}

impl TestDatabase {
    /// A database on `backend`: the SQLite file `sqlite_path` (not created here), or a new
    /// database on the test server. `None` for PostgreSQL when no server is configured.
    pub fn create(backend: Backend, sqlite_path: &Path) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self {
                database: Database::Sqlite(sqlite_path.to_owned()),
                created: None,
            }),
            Backend::Postgres => {
                let server = pg_server()?;
                let name = unique_name();
                assert!(
                    admin(&server, &format!("CREATE DATABASE {name}")),
                    "cannot create a test database on {PG_URL_VAR}'s server"
                );
                Some(Self {
                    database: Database::Postgres(with_dbname(&server, &name)),
                    created: Some((server, name)),
                })
            }
        }
    }

    /// The database, for a [`crate::RelayConfig`].
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Which backend it is on.
    pub fn backend(&self) -> Backend {
        match self.database {
            Database::Sqlite(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a query returning one `BIGINT`/`INTEGER` (a count, a maximum) on the relay's
    /// database, as a test's look behind the relay's back; `params` are text, `$1`, `$2`, ….
    /// `None` for SQL `NULL`.
    pub fn query_i64(&self, sql: &str, params: &[&str]) -> Option<i64> {
        match &self.database {
            Database::Sqlite(path) => {
                let conn =
                    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                        .expect("the relay's SQLite file opens");
                conn.query_row(
                    &sqlite_placeholders(sql),
                    rusqlite::params_from_iter(params),
                    |r| r.get::<_, Option<i64>>(0),
                )
                .expect("the query runs")
            }
            Database::Postgres(url) => {
                let (url, sql) = (url.clone(), sql.to_owned());
                let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
                on_own_thread(move || async move {
                    let client = connect(&url).await;
                    let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
                        .iter()
                        .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
                        .collect();
                    let row = client.query_one(&sql, &refs).await.expect("the query runs");
                    row.get::<_, Option<i64>>(0)
                })
            }
        }
    }

    /// Runs a query on the relay's database behind its back and returns every row's cells
    /// (integers, text, bytes; anything else as [`Cell::Other`]); `params` are text.
    pub fn query(&self, sql: &str, params: &[&str]) -> Vec<Vec<Cell>> {
        match &self.database {
            Database::Sqlite(path) => {
                let conn =
                    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                        .expect("the relay's SQLite file opens");
                let mut stmt = conn
                    .prepare(&sqlite_placeholders(sql))
                    .expect("the query prepares");
                let columns = stmt.column_count();
                stmt.query_map(rusqlite::params_from_iter(params), |row| {
                    (0..columns)
                        .map(|i| {
                            Ok(match row.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => Cell::Null,
                                rusqlite::types::ValueRef::Integer(n) => Cell::Int(n),
                                rusqlite::types::ValueRef::Text(t) => {
                                    Cell::Text(String::from_utf8_lossy(t).into_owned())
                                }
                                rusqlite::types::ValueRef::Blob(b) => Cell::Bytes(b.to_vec()),
                                rusqlite::types::ValueRef::Real(_) => Cell::Other,
                            })
                        })
                        .collect()
                })
                .expect("the query runs")
                .collect::<Result<_, _>>()
                .expect("rows read")
            }
            Database::Postgres(url) => {
                let (url, sql) = (url.clone(), sql.to_owned());
                let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
                on_own_thread(move || async move {
                    use tokio_postgres::types::Type;
                    let client = connect(&url).await;
                    let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
                        .iter()
                        .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
                        .collect();
                    let rows = client.query(&sql, &refs).await.expect("the query runs");
                    rows.iter()
                        .map(|row| {
                            (0..row.len())
                                .map(|i| {
                                    let ty = row.columns()[i].type_().clone();
                                    let cell = if ty == Type::INT8 {
                                        row.get::<_, Option<i64>>(i).map(Cell::Int)
                                    } else if ty == Type::INT4 {
                                        row.get::<_, Option<i32>>(i).map(|n| Cell::Int(n.into()))
                                    } else if ty == Type::TEXT || ty == Type::VARCHAR {
                                        row.get::<_, Option<String>>(i).map(Cell::Text)
                                    } else if ty == Type::BYTEA {
                                        row.get::<_, Option<Vec<u8>>>(i).map(Cell::Bytes)
                                    } else if ty == Type::BOOL {
                                        row.get::<_, Option<bool>>(i).map(|b| Cell::Int(b.into()))
                                    } else {
                                        Some(Cell::Other)
                                    };
                                    cell.unwrap_or(Cell::Null)
                                })
                                .collect()
                        })
                        .collect()
                })
            }
        }
    }

    /// Runs a statement on the relay's database behind its back; the error's text if refused.
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        match &self.database {
            Database::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("the relay's SQLite file opens");
                conn.execute_batch(sql).map_err(|e| e.to_string())
            }
            Database::Postgres(url) => {
                let (url, sql) = (url.clone(), sql.to_owned());
                on_own_thread(move || async move {
                    connect(&url)
                        .await
                        .batch_execute(&sql)
                        .await
                        .map_err(|e| e.to_string())
                })
            }
        }
    }
}

/// One value of a row read by [`TestDatabase::query`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// SQL `NULL`.
    Null,
    /// An integer (or a boolean as 0/1).
    Int(i64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A type the tests do not read.
    Other,
}

impl Cell {
    /// The integer; panics on anything else.
    pub fn int(&self) -> i64 {
        match self {
            Self::Int(n) => *n,
            other => panic!("not an integer: {other:?}"),
        }
    }

    /// The bytes (text as UTF-8); panics on anything else.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Self::Bytes(b) => b.clone(),
            Self::Text(t) => t.as_bytes().to_vec(),
            other => panic!("not bytes: {other:?}"),
        }
    }
}

/// PostgreSQL's `$n` placeholders as SQLite's `?n` (a `$` before anything but a digit stays).
fn sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder = c == '$' && chars.peek().is_some_and(char::is_ascii_digit);
        out.push(if placeholder { '?' } else { c });
    }
    out
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = self.created.take() {
            // FORCE ends the relay's pooled connections that may still be closing.
            // A failure leaves a database behind on a throwaway server: not worth a panic here.
            let _ = admin(&server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A database name no other test (in this or another process) uses.
fn unique_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("tsunagu_test_{}_{n}_{nanos}", std::process::id())
}

/// `url` with its database name replaced by `name` (the query string is kept).
pub fn with_dbname(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("the test PostgreSQL server answers");
    tokio::spawn(connection);
    client
}

/// Runs one statement on the test server (outside a transaction, as `CREATE DATABASE` needs);
/// false if it failed (the failure is printed by the helper thread's panic).
fn admin(server: &str, sql: &str) -> bool {
    let (server, sql) = (server.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        runtime().block_on(async move {
            connect(&server)
                .await
                .batch_execute(&sql)
                .await
                .expect("the test server runs the statement");
        });
    })
    .join()
    .is_ok()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Runs a future on a thread of its own with a runtime of its own, so it works from any test,
/// async or not.
fn on_own_thread<T: Send + 'static, F: Future<Output = T>>(f: impl FnOnce() -> F + Send + 'static) -> T {
    std::thread::spawn(move || runtime().block_on(f()))
        .join()
        .expect("the test database helper did not panic")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_dbname("postgres://u@127.0.0.1:5433/postgres", "t1"),
            "postgres://u@127.0.0.1:5433/t1"
        );
        assert_eq!(
            with_dbname("postgresql://u:p@h:1?sslmode=disable", "t2"),
            "postgresql://u:p@h:1/t2?sslmode=disable"
        );
    }
}
