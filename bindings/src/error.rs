//! [`ApiError`]: the one error type the apps see. Its variants are the failures an app acts on
//! differently (show a field error, say "offline", ask for a new invite, update the app…); the
//! core's many internal failures fold into [`ApiError::Internal`]. No variant carries profile
//! content: fields are named by path, values never appear (the core's own errors already keep
//! to that; this module only moves their fields across).

use tsunagu_core::Error;
use tsunagu_core::i18n::{Lang, Localizer};

/// One broken rule of the profile: which field, and the rule in words (never the value).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldViolation {
    /// Dotted path of the field (`devices.dev-1.settings.ventilator.peep`; empty for the whole
    /// profile).
    pub field: String,
    /// The rule that was broken, in words, without the offending value.
    pub rule: String,
}

/// Why a call into the core failed. On every error, nothing was changed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ApiError {
    /// The input breaks rules of the profile (wrong type, out of range, unknown code, bad date…).
    #[error("invalid input ({} problem(s))", violations.len())]
    InvalidInput {
        /// The broken rules, in field order.
        violations: Vec<FieldViolation>,
    },
    /// An edit names a field or entity that does not exist, or is malformed.
    #[error("bad edit at {path}: {reason}")]
    BadEdit {
        /// The dotted path the edit addresses, as given.
        path: String,
        /// What is wrong, without any value.
        reason: String,
    },
    /// No profile with this id on this device.
    #[error("no profile with id {id}")]
    NotFound {
        /// The profile id asked for.
        id: String,
    },
    /// Bytes given as a profile export file are not one (random, truncated, another app's).
    #[error("not a Tsunagu profile file: {reason}")]
    InvalidFile {
        /// What is wrong with it.
        reason: String,
    },
    /// The store file was written by a newer version of Tsunagu: update the app.
    #[error("the store was written by a newer Tsunagu (schema {found}, this build knows {known})")]
    NewerStore {
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this build knows.
        known: i64,
    },
    /// The store file is damaged.
    #[error("the store is damaged: {reason}")]
    CorruptStore {
        /// What was found, structurally.
        reason: String,
    },
    /// The profile is not shared through a relay on this device: share or join it first.
    #[error("profile {id} is not shared")]
    NotShared {
        /// Profile id.
        id: String,
    },
    /// The profile is already shared (or joined) on this device.
    #[error("profile {id} is already shared")]
    AlreadyShared {
        /// Profile id.
        id: String,
    },
    /// This device's role does not allow it (a viewer inviting, a non-owner removing…).
    #[error("not permitted: {reason}")]
    NotPermitted {
        /// Which rule refused it.
        reason: String,
    },
    /// The relay does not count this device as a member (removed, or never joined).
    #[error("this device is not a member of the shared profile")]
    NotMember,
    /// An invite link is malformed or does not verify.
    #[error("invalid invite link: {reason}")]
    InvalidLink {
        /// What is wrong with it.
        reason: String,
    },
    /// A relay address is not an `http://` or `https://` URL.
    #[error("invalid relay address (expected https://host[:port])")]
    InvalidRelayUrl,
    /// The relay refused the invite: unknown, already used or expired. Ask for a new one.
    #[error("the invite was refused: {reason}")]
    InviteRejected {
        /// Why.
        reason: String,
    },
    /// The relay cannot be reached. `sync_now` reports this as a status instead.
    #[error("the relay cannot be reached")]
    Offline,
    /// The relay kept failing (5xx, 429) through every retry: try again later.
    #[error("the relay is unavailable (HTTP {status}); try again later")]
    RelayUnavailable {
        /// Last HTTP status.
        status: u16,
    },
    /// The relay refused the request.
    #[error("the relay refused the request (HTTP {status}: {class})")]
    RelayRefused {
        /// HTTP status.
        status: u16,
        /// The relay's error class, sanitized.
        class: String,
    },
    /// The TLS connection to the relay is not trusted (bad certificate, captive portal).
    #[error("the connection to the relay is not trusted (TLS)")]
    Tls,
    /// Changes of a key epoch this device holds no key for: the owner must invite it again.
    #[error("no key for epoch {epoch} on this device")]
    KeyUnavailable {
        /// The epoch.
        epoch: u32,
    },
    /// The relay sent data that does not verify (signature, membership, decryption).
    #[error("the relay sent data that does not verify: {reason}")]
    Protocol {
        /// What failed to verify.
        reason: String,
    },
    /// A card or export could not be rendered. Names the part, never content.
    #[error("could not render the {part}")]
    Render {
        /// The part that failed (`shelter QR`, a template name…).
        part: String,
    },
    /// Bytes given as a backup are not one: foreign, truncated, of a newer format, or asking for
    /// an unreasonable key-derivation cost.
    #[error("not a Tsunagu backup file: {reason}")]
    NotABackup {
        /// What is wrong with it.
        reason: String,
    },
    /// The backup does not open with this passphrase or key, or was changed after it was sealed
    /// (the two cannot be told apart): ask for the passphrase or key again. Nothing was restored.
    #[error("the backup does not open: wrong passphrase or key, or the file was changed")]
    WrongBackupSecret,
    /// The backup is sealed with the other kind of secret (a passphrase, or a random key): ask
    /// for the other one (`backup_sealing` tells which).
    #[error("wrong kind of backup secret: {reason}")]
    BackupSecretKind {
        /// Which kind the file is sealed with.
        reason: String,
    },
    /// A passphrase too weak for a new backup (under 8 characters), or a random key that is
    /// malformed or mistyped (its checksum fails).
    #[error("invalid backup passphrase or key: {reason}")]
    InvalidBackupKey {
        /// What is wrong with it (never the secret).
        reason: String,
    },
    /// Typed text does not have the form its field expects; the messages name the field by its
    /// label and say the expected form (never the text typed).
    #[error("{field}: the input does not have the expected form")]
    InputForm {
        /// Concrete dotted path of the field.
        field: String,
        /// The message in Japanese.
        message_ja: String,
        /// The message in English.
        message_en: String,
    },
    /// Unusual values need a confirmation: show the warnings, and if the person confirms, apply
    /// the same batch again with an `EditOp::Confirm` of each path. Nothing was written.
    #[error("{} value(s) need a confirmation", warnings.len())]
    NeedsConfirmation {
        /// The warnings.
        warnings: Vec<crate::form::PlausibilityWarning>,
    },
    /// This device has no display name for the profile: ask for a name (and role) and call
    /// `set_device_name` before editing, so every change names its author. The messages say so.
    #[error("this device has no display name for profile {id}")]
    DeviceNameMissing {
        /// Profile id.
        id: String,
        /// The message in Japanese.
        message_ja: String,
        /// The message in English.
        message_en: String,
    },
    /// A display name or role that cannot be saved (empty name, over 40 characters).
    #[error("invalid device name")]
    InvalidDeviceName {
        /// The message in Japanese.
        message_ja: String,
        /// The message in English.
        message_en: String,
    },
    /// This device is a viewer of the shared profile: the edit screen should not be offered.
    #[error("this device is a viewer of profile {id}")]
    ViewerCannotEdit {
        /// Profile id.
        id: String,
    },
    /// Share-link input the app can fix: a label over 80 characters, a passcode of the wrong
    /// length, an expiry in the past, content over the size limit. `reason` names the rule.
    #[error("share link refused: {reason}")]
    ShareLinkInput {
        /// The rule, in words (never the value).
        reason: String,
    },
    /// A share link, its payload or its file cannot be used: malformed, an unsupported
    /// version or algorithm, or a file that does not decrypt with the link's key.
    #[error("unusable share link: {reason}")]
    ShareLinkUnusable {
        /// What is wrong, structurally.
        reason: String,
    },
    /// No share link with this id (or prefix) on this device.
    #[error("no share link with id {id}")]
    UnknownShareLink {
        /// The id or prefix asked for.
        id: String,
    },
    /// More than one share link starts with this prefix: ask for more of the id.
    #[error("more than one share link starts with {prefix}")]
    AmbiguousShareLink {
        /// The prefix given.
        prefix: String,
    },
    /// A share link needs a relay to host it: the profile is not shared and no relay was given.
    #[error("no relay to host the link")]
    NoRelay,
    /// The field has no differing values to review (any more), or the chosen value is not one
    /// of them: refresh the review list.
    #[error("nothing to review at {path}")]
    NothingToReview {
        /// The field's dotted path.
        path: String,
    },
    /// The store was left unusable by an earlier failure in another caller: close and reopen it.
    #[error("the store must be reopened")]
    StoreUnusable,
    /// A failure of this device (storage, file system, randomness, a bug). `kind` is a short
    /// stable name (`storage`, `io`, `document`, `crypto`, `internal`…).
    #[error("internal error ({kind}): {detail}")]
    Internal {
        /// Short, stable name of the failure kind.
        kind: String,
        /// A structural description, never content.
        detail: String,
    },
}

impl ApiError {
    /// A single broken rule at `field`.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        ApiError::InvalidInput {
            violations: vec![FieldViolation {
                field: field.into(),
                rule: rule.into(),
            }],
        }
    }

    /// A failure of the bindings' own machinery (a poisoned lock, a stopped worker thread).
    pub(crate) fn internal(message: &str) -> Self {
        ApiError::Internal {
            kind: "internal".into(),
            detail: message.into(),
        }
    }

    /// JSON text that does not parse: only the position is reported (the text may be content).
    pub(crate) fn bad_json(field: &str, e: &serde_json::Error) -> Self {
        Self::invalid(
            field,
            format!("not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    }
}

/// An entry error in `lang`, through the core's words.
fn describe(e: &Error, lang: Lang) -> String {
    tsunagu_core::form::describe_error(e, Localizer::shared(lang)).unwrap_or_else(|| e.to_string())
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let class = e.class();
        match e {
            Error::Invalid(v) => ApiError::InvalidInput {
                violations: v
                    .violations
                    .into_iter()
                    .map(|v| FieldViolation {
                        field: v.field,
                        rule: v.rule,
                    })
                    .collect(),
            },
            Error::UnknownPath { path } => ApiError::BadEdit {
                path,
                reason: "unknown field or id".into(),
            },
            Error::BadEdit { path, reason } => ApiError::BadEdit {
                path,
                reason: reason.into(),
            },
            Error::UnknownProfile(id) => ApiError::NotFound { id },
            Error::NotAProfile(reason) => ApiError::InvalidFile {
                reason: reason.into(),
            },
            Error::NewerStore { found, known } => ApiError::NewerStore { found, known },
            Error::CorruptStore(reason) => ApiError::CorruptStore {
                reason: reason.into(),
            },
            Error::NotShared(id) => ApiError::NotShared { id },
            Error::AlreadyShared(id) => ApiError::AlreadyShared { id },
            Error::NotPermitted(reason) => ApiError::NotPermitted {
                reason: reason.into(),
            },
            Error::NotMember => ApiError::NotMember,
            Error::InvalidLink(reason) => ApiError::InvalidLink {
                reason: reason.into(),
            },
            Error::InvalidRelayUrl => ApiError::InvalidRelayUrl,
            Error::InviteRejected(reason) => ApiError::InviteRejected {
                reason: reason.into(),
            },
            Error::Offline => ApiError::Offline,
            Error::RelayUnavailable { status } => ApiError::RelayUnavailable { status },
            Error::RelayRefused { status, class } => ApiError::RelayRefused { status, class },
            Error::Tls => ApiError::Tls,
            Error::KeyUnavailable { epoch } => ApiError::KeyUnavailable { epoch },
            Error::Protocol(reason) => ApiError::Protocol {
                reason: reason.into(),
            },
            Error::Render(part) => ApiError::Render { part: part.into() },
            Error::NotABackup(reason) => ApiError::NotABackup {
                reason: reason.into(),
            },
            Error::BackupRefused => ApiError::WrongBackupSecret,
            Error::BackupKeyMismatch(reason) => ApiError::BackupSecretKind {
                reason: reason.into(),
            },
            Error::InvalidBackupKey(reason) => ApiError::InvalidBackupKey {
                reason: reason.into(),
            },
            ref e @ Error::Input { ref path, .. } => ApiError::InputForm {
                field: path.clone(),
                message_ja: describe(e, Lang::Ja),
                message_en: describe(e, Lang::En),
            },
            Error::NeedsConfirmation(warnings) => ApiError::NeedsConfirmation {
                warnings: warnings.iter().map(Into::into).collect(),
            },
            Error::ViewerCannotEdit(id) => ApiError::ViewerCannotEdit { id },
            ref e @ Error::DeviceNameMissing(ref id) => ApiError::DeviceNameMissing {
                id: id.clone(),
                message_ja: describe(e, Lang::Ja),
                message_en: describe(e, Lang::En),
            },
            ref e @ Error::DeviceName(_) => ApiError::InvalidDeviceName {
                message_ja: describe(e, Lang::Ja),
                message_en: describe(e, Lang::En),
            },
            Error::ShareLink(link) => link.into(),
            Error::UnknownShareLink(id) => ApiError::UnknownShareLink { id },
            Error::AmbiguousShareLink(prefix) => ApiError::AmbiguousShareLink { prefix },
            Error::NoRelay => ApiError::NoRelay,
            Error::NothingToReview { path } | Error::InvalidChoice { path, .. } => {
                ApiError::NothingToReview { path }
            }
            Error::StorePoisoned => ApiError::StoreUnusable,
            // Failures of this device: nothing the app can fix but to report them. They keep
            // their stable class in `kind`; the core's messages are structural, never content.
            // No catch-all: a new core variant is a compile error here until it is decided.
            e @ (Error::Storage(_)
            | Error::Document(_)
            | Error::Hydrate(_)
            | Error::Reconcile(_)
            | Error::Io(_)
            | Error::Crypto(_)) => ApiError::Internal {
                kind: class.into(),
                detail: e.to_string(),
            },
        }
    }
}

impl From<tsunagu_core::share::link::LinkError> for ApiError {
    fn from(e: tsunagu_core::share::link::LinkError) -> Self {
        use tsunagu_core::share::link::LinkError;
        let reason = e.to_string();
        match e {
            LinkError::LabelTooLong
            | LinkError::UrlTooLong
            | LinkError::TooLarge
            | LinkError::Passcode
            | LinkError::Expired => ApiError::ShareLinkInput { reason },
            LinkError::Malformed(_)
            | LinkError::UnsupportedVersion(_)
            | LinkError::Decrypt
            | LinkError::Unsupported(_) => ApiError::ShareLinkUnusable { reason },
            LinkError::Random => ApiError::Internal {
                kind: "crypto".into(),
                detail: reason,
            },
        }
    }
}

impl From<tsunagu_core::share::QrError> for ApiError {
    fn from(e: tsunagu_core::share::QrError) -> Self {
        ApiError::Internal {
            kind: "qr".into(),
            detail: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_keep_every_field_path() {
        let core = Error::Invalid(tsunagu_core::model::ValidationError {
            violations: vec![
                tsunagu_core::model::Violation {
                    field: "child.weight".into(),
                    rule: "must be positive".into(),
                },
                tsunagu_core::model::Violation {
                    field: "devices.dev-1.kind".into(),
                    rule: "unknown code".into(),
                },
            ],
        });
        let ApiError::InvalidInput { violations } = ApiError::from(core) else {
            panic!("expected InvalidInput");
        };
        assert_eq!(violations.len(), 2);
        assert_eq!(violations[1].field, "devices.dev-1.kind");
    }

    #[test]
    fn backup_errors_have_their_own_variants() {
        assert!(matches!(
            ApiError::from(Error::BackupRefused),
            ApiError::WrongBackupSecret
        ));
        assert!(matches!(
            ApiError::from(Error::NotABackup("truncated")),
            ApiError::NotABackup { reason } if reason == "truncated"
        ));
        assert!(matches!(
            ApiError::from(Error::BackupKeyMismatch("sealed with a passphrase")),
            ApiError::BackupSecretKind { .. }
        ));
        assert!(matches!(
            ApiError::from(Error::InvalidBackupKey("too short")),
            ApiError::InvalidBackupKey { .. }
        ));
        assert!(matches!(
            ApiError::from(Error::Render("shelter QR")),
            ApiError::Render { part } if part == "shelter QR"
        ));
    }

    #[test]
    fn bad_json_reports_only_the_position() {
        let e =
            serde_json::from_str::<serde_json::Value>("{\"name\": \"Secret Name\" x}").expect_err("not JSON");
        let msg = ApiError::bad_json("profile", &e).to_string();
        let ApiError::InvalidInput { violations } = ApiError::bad_json("profile", &e) else {
            panic!("expected InvalidInput");
        };
        assert!(!violations[0].rule.contains("Secret"), "{msg}");
        assert!(violations[0].rule.contains("line 1"));
    }
}
