//! The core's error type. No variant carries profile content: fields are named by path, values
//! never appear, and library errors are wrapped only where their messages are structural.

use crate::model::{ValidationError, Violation};

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The edit would break a rule of the profile; nothing was written.
    #[error("invalid profile: {0}")]
    Invalid(#[from] ValidationError),
    /// An edit names a field or an entity id that does not exist.
    #[error("unknown field or id: {path}")]
    UnknownPath {
        /// The dotted path as given.
        path: String,
    },
    /// An edit is malformed (bad path syntax, an id that exists already…).
    #[error("bad edit at {path}: {reason}")]
    BadEdit {
        /// The dotted path the edit addresses.
        path: String,
        /// What is wrong, without any value.
        reason: &'static str,
    },
    /// No profile with this id in the store.
    #[error("no profile with id {0}")]
    UnknownProfile(String),
    /// Bytes given as a profile export, a document or a change are not one.
    #[error("not a valid Tsunagu profile file: {0}")]
    NotAProfile(&'static str),
    /// The store file was written by a newer version of Tsunagu.
    #[error("the store was written by a newer version of Tsunagu (schema {found}, this build knows {known})")]
    NewerStore {
        /// `user_version` found in the file.
        found: i64,
        /// Highest version this build knows.
        known: i64,
    },
    /// The store file is damaged.
    #[error("the store is damaged: {0}")]
    CorruptStore(&'static str),
    /// SQLite failed.
    #[error("storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// Automerge refused an operation or a document.
    #[error("document error: {0}")]
    Document(#[from] automerge::AutomergeError),
    /// The document's shape does not match the profile types.
    #[error("document does not match the profile schema: {0}")]
    Hydrate(#[from] autosurgeon::HydrateError),
    /// Writing the typed profile into the document failed.
    #[error("could not write the document: {0}")]
    Reconcile(#[from] autosurgeon::ReconcileError),
    /// File system error.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// True when the caller gave bad input (exit code 2 in the CLI), false for failures of the
    /// machine or the store.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::UnknownPath { .. }
                | Error::BadEdit { .. }
                | Error::UnknownProfile(_)
                | Error::NotAProfile(_)
        )
    }

    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::Invalid(ValidationError {
            violations: vec![Violation {
                field: field.into(),
                rule: rule.into(),
            }],
        })
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
