//! The relay's errors: [`Error`] for starting and running the server, [`StoreError`] for the
//! storage backend. Neither ever carries request bodies or profile content (the relay never has
//! plaintext; ids and keys are random and are not logged in full either).

/// Why the relay could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is unusable (for example a rate of zero).
    #[error("invalid relay configuration: {0}")]
    Config(&'static str),
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Binding, accepting or serving failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The server task panicked or was cancelled.
    #[error("the relay task ended abnormally")]
    Task,
}

/// A storage failure. Domain outcomes (a duplicate, a stale epoch, a used invite) are not errors;
/// they are the `…Outcome` enums of [`crate::store`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed, or could not be reached.
    #[error("database error: {0}")]
    Postgres(#[from] PgError),
    /// The PostgreSQL client could not be set up, or is shutting down.
    #[error("the database is unavailable: {0}")]
    Unavailable(&'static str),
    /// No PostgreSQL connection became free in time.
    #[error("no database connection became free in time")]
    PoolTimeout,
    /// The database was written by a newer relay.
    #[error("the database was written by a newer relay (schema {found}, this build knows {known})")]
    NewerSchema {
        /// `user_version` found in the file.
        found: i64,
        /// Highest version this build knows.
        known: i64,
    },
    /// The file is not a relay database, or a stored record does not decode.
    #[error("the relay database is damaged: {0}")]
    Corrupt(&'static str),
    /// The blocking task running a storage call panicked or was cancelled.
    #[error("a storage task ended abnormally")]
    Task,
}

/// A PostgreSQL error, shown by its SQLSTATE and primary message only: the server's `DETAIL`
/// may quote key values (ids), which stay out of logs.
#[derive(Debug)]
pub struct PgError(pub(crate) tokio_postgres::Error);

impl PgError {
    /// The SQLSTATE, when the server answered with an error.
    pub fn code(&self) -> Option<&tokio_postgres::error::SqlState> {
        self.0.code()
    }
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_db_error() {
            Some(db) => write!(f, "{} ({})", db.message(), db.code().code()),
            // Connecting, I/O and protocol errors: their kind and cause, never the URL.
            None => write!(f, "{}", self.0),
        }
    }
}

impl std::error::Error for PgError {}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Postgres(PgError(e))
    }
}
