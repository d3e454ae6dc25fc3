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
