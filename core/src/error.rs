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
    Storage(rusqlite::Error),
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
    /// The profile is not shared through a relay on this device: share or join it first.
    #[error("profile {0} is not shared")]
    NotShared(String),
    /// The profile is already shared (or joined) on this device.
    #[error("profile {0} is already shared")]
    AlreadyShared(String),
    /// This device's role does not allow the operation (a viewer inviting, a non-owner removing…).
    #[error("not permitted: {0}")]
    NotPermitted(&'static str),
    /// The relay does not count this device as a member: it was removed, or never joined.
    #[error("this device is not a member of the shared profile")]
    NotMember,
    /// An invite link is malformed or does not verify.
    #[error("invalid invite link: {0}")]
    InvalidLink(&'static str),
    /// A relay address is not an `http://` or `https://` URL.
    #[error("invalid relay address (expected https://host[:port])")]
    InvalidRelayUrl,
    /// The relay refused the invite: unknown, already used or expired. Ask for a new one.
    #[error("the invite was refused: {0}")]
    InviteRejected(&'static str),
    /// The relay cannot be reached. Only operations that cannot be queued (share, invite, join,
    /// member changes) fail with this; `sync_now` reports it as a status instead.
    #[error("the relay cannot be reached")]
    Offline,
    /// The relay kept answering 5xx or 429 through every retry: try again later.
    #[error("the relay is unavailable (HTTP {status}); try again later")]
    RelayUnavailable {
        /// Last HTTP status.
        status: u16,
    },
    /// The relay refused a request.
    #[error("the relay refused the request (HTTP {status}: {class})")]
    RelayRefused {
        /// HTTP status.
        status: u16,
        /// The relay's error class (`{"error": …}`), sanitized; never content.
        class: String,
    },
    /// The TLS connection to the relay failed: an untrusted certificate, or a network that
    /// intercepts traffic (a captive portal).
    #[error("the connection to the relay is not trusted (TLS)")]
    Tls,
    /// Envelopes of a key epoch this device holds no key for (it joined after a rotation with an
    /// old invite): the owner must invite it again.
    #[error("no key for epoch {epoch} is available to this device")]
    KeyUnavailable {
        /// The epoch.
        epoch: u32,
    },
    /// Data from the relay is malformed or fails verification (signature, membership, decryption).
    #[error("the relay sent data that does not verify: {0}")]
    Protocol(&'static str),
    /// A card or export could not be rendered (names the part, never content).
    #[error("could not render the {0}")]
    Render(&'static str),
    /// Bytes given as a backup are not one: foreign, truncated, of a newer format, or asking for
    /// an unreasonable key-derivation cost.
    #[error("not a valid Tsunagu backup file: {0}")]
    NotABackup(&'static str),
    /// The backup does not open with this passphrase or key, or was changed after it was sealed
    /// (the two cannot be told apart). Nothing was restored.
    #[error("the backup does not open: wrong passphrase or key, or the file was changed")]
    BackupRefused,
    /// The backup is sealed with the other kind of key (a passphrase, or a random key).
    #[error("wrong kind of key: {0}")]
    BackupKeyMismatch(&'static str),
    /// A passphrase too weak for a new backup, or a backup key that is malformed or mistyped.
    #[error("invalid backup key: {0}")]
    InvalidBackupKey(&'static str),
    /// Cryptography failed on this device (no randomness available).
    #[error("cryptography failed: {0}")]
    Crypto(&'static str),
    /// A SMART Health Link, its payload or its encrypted file is malformed, too large, or does
    /// not decrypt with the link's key.
    #[error("share link: {0}")]
    ShareLink(#[from] crate::share::link::LinkError),
    /// No share link with this id (or id prefix) on this device.
    #[error("no share link with id {0}")]
    UnknownShareLink(String),
    /// More than one share link starts with this prefix: give more of the id.
    #[error("more than one share link starts with {0}")]
    AmbiguousShareLink(String),
    /// A share link needs a relay to host it: give one, or share the profile for sync first.
    #[error("no relay to host the link: give one (--relay URL) or share the profile for sync first")]
    NoRelay,
    /// A review was resolved for a field that has no concurrent values (any more).
    #[error("nothing to review at {path}: the field has one value")]
    NothingToReview {
        /// The dotted path as given.
        path: String,
    },
    /// A review choice is not one of the field's values.
    #[error("no value number given for {path}: choose one of its {choices} values")]
    InvalidChoice {
        /// The dotted path as given.
        path: String,
        /// How many values the field has.
        choices: usize,
    },
    /// The store shared with other callers was left unusable by a failure (a panic) in one of
    /// them: reopen it.
    #[error("the store was left unusable by an earlier failure; reopen it")]
    StorePoisoned,
    /// Typed input does not have the form its field expects (a word in a number field, a date
    /// that is not one); names the field and the form, never the text.
    #[error("{path}: the input does not have the expected form")]
    Input {
        /// Concrete dotted path of the field.
        path: String,
        /// The form that was expected.
        expected: crate::form::Expected,
    },
    /// Values that are possible but unusual must be confirmed (an `Edit::Confirm` of each path
    /// in the same batch) before they are saved; nothing was written.
    #[error("{} value(s) need a confirmation: {}", .0.len(), .0.iter().map(|w| w.path.as_str()).collect::<Vec<_>>().join(", "))]
    NeedsConfirmation(Vec<crate::form::plausible::Warning>),
    /// This device is a viewer of the shared profile: it may read and sync but not edit.
    #[error("this device is a viewer of profile {0}: it can read and sync but not edit")]
    ViewerCannotEdit(String),
    /// This device has no display name for the profile: the apps refuse edits until it has one
    /// (`set_device_name`), so no change goes out without a known author.
    #[error("this device has no display name for profile {0}: set one before editing")]
    DeviceNameMissing(String),
    /// A display name or role that cannot be written (empty, too long). Names the rule only.
    #[error("device name: {0}")]
    DeviceName(&'static str),
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
                | Error::NotShared(_)
                | Error::AlreadyShared(_)
                | Error::NotPermitted(_)
                | Error::InvalidLink(_)
                | Error::InvalidRelayUrl
                | Error::InviteRejected(_)
                | Error::NotABackup(_)
                | Error::BackupRefused
                | Error::BackupKeyMismatch(_)
                | Error::InvalidBackupKey(_)
                | Error::ShareLink(_)
                | Error::UnknownShareLink(_)
                | Error::AmbiguousShareLink(_)
                | Error::NoRelay
                | Error::NothingToReview { .. }
                | Error::InvalidChoice { .. }
                | Error::Input { .. }
                | Error::NeedsConfirmation(_)
                | Error::ViewerCannotEdit(_)
                | Error::DeviceNameMissing(_)
                | Error::DeviceName(_)
        )
    }

    /// A short, stable name for the kind of failure (`offline`, `not_member`, `protocol`…), as
    /// recorded in the sync state's last error. Never content.
    pub fn class(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::UnknownPath { .. } => "unknown_path",
            Error::BadEdit { .. } => "bad_edit",
            Error::UnknownProfile(_) => "unknown_profile",
            Error::NotAProfile(_) => "not_a_profile",
            Error::NewerStore { .. } => "newer_store",
            Error::CorruptStore(_) => "corrupt_store",
            Error::Storage(_) => "storage",
            Error::Document(_) | Error::Hydrate(_) | Error::Reconcile(_) => "document",
            Error::Io(_) => "io",
            Error::NotShared(_) => "not_shared",
            Error::AlreadyShared(_) => "already_shared",
            Error::NotPermitted(_) => "not_permitted",
            Error::NotMember => "not_member",
            Error::InvalidLink(_) => "invalid_link",
            Error::InvalidRelayUrl => "invalid_relay_url",
            Error::InviteRejected(_) => "invite_rejected",
            Error::Offline => "offline",
            Error::RelayUnavailable { .. } => "relay_unavailable",
            Error::RelayRefused { .. } => "relay_refused",
            Error::Tls => "tls",
            Error::KeyUnavailable { .. } => "key_unavailable",
            Error::Protocol(_) => "protocol",
            Error::Render(_) => "render",
            Error::NotABackup(_) => "not_a_backup",
            Error::BackupRefused => "backup_refused",
            Error::BackupKeyMismatch(_) => "backup_key_mismatch",
            Error::InvalidBackupKey(_) => "invalid_backup_key",
            Error::Crypto(_) => "crypto",
            Error::ShareLink(_) => "share_link",
            Error::UnknownShareLink(_) => "unknown_share_link",
            Error::AmbiguousShareLink(_) => "ambiguous_share_link",
            Error::NoRelay => "no_relay",
            Error::NothingToReview { .. } => "nothing_to_review",
            Error::InvalidChoice { .. } => "invalid_choice",
            Error::StorePoisoned => "store_poisoned",
            Error::Input { .. } => "input",
            Error::NeedsConfirmation(_) => "needs_confirmation",
            Error::ViewerCannotEdit(_) => "viewer_cannot_edit",
            Error::DeviceNameMissing(_) => "device_name_missing",
            Error::DeviceName(_) => "device_name",
        }
    }

    /// True for a write refused because the store was opened read-only
    /// ([`crate::ProfileStore::open_read_only`]).
    pub fn is_read_only_store(&self) -> bool {
        matches!(self, Error::Storage(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly))
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

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // A damaged file is the store's state, not a passing failure: say so, wherever it shows.
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::CorruptStore("the store file is damaged")
            }
            _ => Error::Storage(e),
        }
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
