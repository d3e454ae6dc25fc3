//! The SQLite store's connections besides its one writer: a few read connections (in WAL mode
//! they read the last committed state while the writer writes, so reads never wait behind a
//! commit), and [`Cached`], the prepared-statement cache every SQLite query goes through.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Params, Row};

use super::StoreResult;
use crate::error::StoreError;

/// Prepared statements each connection keeps (rusqlite's default of 16 is fewer than the store
/// has distinct statements, so the hot ones would be evicted and prepared again).
pub(super) const STATEMENT_CACHE: usize = 96;

/// Page cache of one read connection, in KiB: reads are point lookups and short range scans;
/// the operating system's cache holds the file.
const READER_CACHE_KIB: i64 = 1024;

/// Queries through the connection's prepared-statement cache: the SQL is parsed once per
/// connection, not once per call.
pub(super) trait Cached {
    /// Like [`Connection::query_row`], with a cached statement.
    fn row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;

    /// Like [`Connection::execute`], with a cached statement.
    fn exec<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
}

impl Cached for Connection {
    fn row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    fn exec<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }
}

/// A fixed set of read-only connections to the store's file, handed out one per call.
pub(super) struct Readers {
    idle: Mutex<Vec<Connection>>,
    freed: Condvar,
    size: usize,
    in_use: AtomicUsize,
}

impl Readers {
    /// Opens `count` (at least one) read connections to the database at `path`, which the
    /// writer has already created and migrated.
    pub(super) fn open(path: &Path, count: usize) -> StoreResult<Self> {
        let size = count.max(1);
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            // Read-write flags with `query_only`: a read-only open of a WAL file fails when the
            // `-shm` file must be created, and a reader must never write anyway.
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(Duration::from_secs(10))?;
            conn.pragma_update(None, "query_only", true)?;
            conn.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            idle.push(conn);
        }
        Ok(Self {
            idle: Mutex::new(idle),
            freed: Condvar::new(),
            size,
            in_use: AtomicUsize::new(0),
        })
    }

    /// How many read connections there are.
    pub(super) fn size(&self) -> usize {
        self.size
    }

    /// How many are lent out now.
    pub(super) fn in_use(&self) -> usize {
        self.in_use.load(Ordering::Relaxed)
    }

    /// Runs `f` on a free read connection, waiting for one if all are lent out. The HTTP layer
    /// admits no more read calls at once than there are connections, so the wait is rare.
    pub(super) fn with<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        let conn = {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(conn) = idle.pop() {
                    break conn;
                }
                idle = self.freed.wait(idle).unwrap_or_else(PoisonError::into_inner);
            }
        };
        self.in_use.fetch_add(1, Ordering::Relaxed);
        let lent = Lent {
            readers: self,
            conn: Some(conn),
        };
        match &lent.conn {
            Some(conn) => f(conn),
            None => Err(StoreError::Task),
        }
    }
}

/// A read connection out of the pool; goes back on drop, also when `f` panicked (a read leaves
/// nothing half-done on the connection: an open read transaction is rolled back when dropped).
struct Lent<'a> {
    readers: &'a Readers,
    conn: Option<Connection>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.readers
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(conn);
            self.readers.in_use.fetch_sub(1, Ordering::Relaxed);
            self.readers.freed.notify_one();
        }
    }
}
