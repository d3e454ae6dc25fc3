//! The CLI's error type and how each failure maps to an exit code (2: bad input, 1: anything
//! else). Messages name fields, files and ids, never values from a profile.

use std::io;
use std::path::PathBuf;

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The core refused or failed (its messages carry no profile content). Boxed: the core's
    /// error is large and most results here are `Ok`.
    #[error(transparent)]
    Core(Box<tsunagu_core::Error>),
    /// Input the CLI itself refuses: a malformed `--set`, a file that is not JSON, …
    #[error("{0}")]
    BadInput(String),
    /// An input file named by the user could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// An output file or directory could not be written.
    #[error("cannot write {}: {source}", path.display())]
    WriteFile {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A failure that is not the caller's fault (a broken invariant).
    #[error("{0}")]
    Failure(String),
    /// Several profiles match what was typed for a profile (exit 2). The candidates are shown
    /// to the user (stderr, or `candidates` under `--json`); the message names none of them.
    #[error("{} profiles match: give more of the id or the name", .0.len())]
    AmbiguousProfile(Vec<tsunagu_core::store::ProfileSummary>),
    /// A spreadsheet import refused (exit 2): every problem against its row and column, in the
    /// user's language (no cell values); nothing was written.
    #[error("the import was refused ({} problems); nothing was written", .0.len())]
    ImportRefused(Vec<crate::import::Problem>),
    /// A message of cli.ftl (`cli-err-…`) with its arguments, shown in the user's language
    /// (English in `Display`, for logs). Arguments are flags, paths and ids, never profile values.
    #[error("{}", tsunagu_core::i18n::Localizer::shared(tsunagu_core::i18n::Lang::En).message(id, &args_of(args)))]
    Worded {
        /// The Fluent message id.
        id: &'static str,
        /// Its arguments.
        args: Vec<(&'static str, String)>,
        /// True when the caller gave bad input (exit 2), false for other failures (exit 1).
        bad_input: bool,
    },
}

fn args_of<'a>(args: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    args.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

impl From<tsunagu_core::Error> for CliError {
    fn from(e: tsunagu_core::Error) -> Self {
        CliError::Core(Box::new(e))
    }
}

impl CliError {
    /// The process exit code for this error: 2 when the caller gave bad input, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(e) if e.is_bad_input() => 2,
            CliError::BadInput(_)
            | CliError::ReadFile { .. }
            | CliError::AmbiguousProfile(_)
            | CliError::ImportRefused(_) => 2,
            CliError::Worded { bad_input, .. } => {
                if *bad_input {
                    2
                } else {
                    1
                }
            }
            CliError::Core(_) | CliError::WriteFile { .. } | CliError::Failure(_) => 1,
        }
    }

    /// The message in the user's language: the CLI's own messages, files that cannot be read or
    /// written, and the core's entry errors (the field by its label and the form it expects);
    /// other core errors in the core's English.
    pub fn localized(&self, l: &tsunagu_core::i18n::Localizer) -> String {
        match self {
            CliError::Core(e) if is_read_only(e) => l.message("cli-err-read-only-store", &[]),
            CliError::Core(e) if matches!(**e, tsunagu_core::Error::CorruptStore(_)) => {
                format!(
                    "{}\n{}",
                    l.message("cli-err-corrupt-store", &[]),
                    l.message("cli-hint-restore", &[])
                )
            }
            CliError::AmbiguousProfile(candidates) => l.message(
                "cli-err-ambiguous-profile",
                &[("count", &candidates.len().to_string())],
            ),
            CliError::Core(e) => core_localized(e, l),
            CliError::ImportRefused(problems) => {
                l.message_counted("cli-import-refused", &[], &[("count", problems.len() as f64)])
            }
            CliError::Worded { id, args, .. } => l.message(id, &args_of(args)),
            CliError::ReadFile { path, source } => l.message(
                "cli-err-read-file",
                &[
                    ("path", &path.display().to_string()),
                    ("reason", &source.to_string()),
                ],
            ),
            CliError::WriteFile { path, source } => l.message(
                "cli-err-write-file",
                &[
                    ("path", &path.display().to_string()),
                    ("reason", &source.to_string()),
                ],
            ),
            other => other.to_string(),
        }
    }

    /// `{"error": {"code", "message", "field"}}`: the stable code of the failure, the message
    /// in the user's language, and the field's path when one field is at fault.
    pub fn to_json(&self, l: &tsunagu_core::i18n::Localizer) -> serde_json::Value {
        let (code, field) = match self {
            CliError::Core(e) => {
                let field = match &**e {
                    tsunagu_core::Error::Input { path, .. }
                    | tsunagu_core::Error::UnknownPath { path }
                    | tsunagu_core::Error::BadEdit { path, .. } => Some(path.clone()),
                    tsunagu_core::Error::NeedsConfirmation(w) => w.first().map(|w| w.path.clone()),
                    tsunagu_core::Error::Invalid(v) => v.violations.first().map(|v| v.field.clone()),
                    _ => None,
                };
                let code = if is_read_only(e) {
                    "read_only_store"
                } else {
                    e.class()
                };
                (code, field)
            }
            CliError::AmbiguousProfile(_) => ("ambiguous_profile", None),
            CliError::ImportRefused(problems) => {
                ("import_refused", problems.iter().find_map(|p| p.field.clone()))
            }
            CliError::BadInput(_) | CliError::Worded { bad_input: true, .. } => ("bad_input", None),
            CliError::Worded { .. } => ("failure", None),
            CliError::ReadFile { .. } => ("read_file", None),
            CliError::WriteFile { .. } => ("write_file", None),
            CliError::Failure(_) => ("failure", None),
        };
        let mut error = serde_json::json!({
            "code": code,
            "message": self.localized(l),
            "field": field,
        });
        if let CliError::Core(e) = self
            && let tsunagu_core::Error::NeedsConfirmation(w) = &**e
        {
            error["warnings"] = serde_json::to_value(w).unwrap_or_default();
        }
        if let CliError::AmbiguousProfile(candidates) = self {
            error["candidates"] = candidates_json(candidates);
        }
        if let CliError::ImportRefused(problems) = self {
            error["problems"] = problems.iter().map(crate::import::Problem::to_json).collect();
        }
        serde_json::json!({ "error": error })
    }

    /// A bad-input error with `message`.
    pub fn bad_input(message: impl Into<String>) -> Self {
        CliError::BadInput(message.into())
    }

    /// Bad input (exit 2) worded by message `id` of cli.ftl with `args`.
    pub fn worded(id: &'static str, args: &[(&'static str, &str)]) -> Self {
        CliError::Worded {
            id,
            args: args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            bad_input: true,
        }
    }

    /// A failure that is not the caller's fault (exit 1), worded by message `id` of cli.ftl.
    pub fn failure_worded(id: &'static str, args: &[(&'static str, &str)]) -> Self {
        CliError::Worded {
            id,
            args: args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            bad_input: false,
        }
    }
}

/// True for a write refused because the store was opened read-only.
fn is_read_only(e: &tsunagu_core::Error) -> bool {
    e.is_read_only_store()
}

/// The candidates of an ambiguous profile choice, as `--json` lists them.
fn candidates_json(candidates: &[tsunagu_core::store::ProfileSummary]) -> serde_json::Value {
    candidates
        .iter()
        .map(|c| serde_json::json!({ "profile_id": c.id, "name": c.name, "name_kana": c.name_kana }))
        .collect()
}

impl CliError {
    /// Lines shown under the message on stderr (the candidates of an ambiguous profile), if any.
    pub fn details(&self) -> Option<String> {
        if let CliError::ImportRefused(problems) = self {
            return Some(problems.iter().map(|p| format!("  {}\n", p.text)).collect());
        }
        let CliError::AmbiguousProfile(candidates) = self else {
            return None;
        };
        let rows: Vec<Vec<String>> = candidates
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone().unwrap_or_else(|| "-".into()),
                    c.name_kana.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        let mut out = crate::output::Output::new();
        out.table(&["id", "name", "kana"], &rows);
        Some(out.into_text())
    }
}

/// A core error in `l`'s language where the core words it (entry errors, old invite links),
/// else in the core's English (which carries no profile content).
pub fn core_localized(e: &tsunagu_core::Error, l: &tsunagu_core::i18n::Localizer) -> String {
    if matches!(e, tsunagu_core::Error::InvalidLink(what) if *what == tsunagu_core::sync::OLD_INVITE_LINK) {
        return l.message("sync-old-invite-link", &[]);
    }
    match tsunagu_core::form::describe_error(e, l) {
        Some(text) if matches!(e, tsunagu_core::Error::NeedsConfirmation(_)) => {
            format!("{text}\n{}", l.message("cli-confirm-hint", &[]))
        }
        Some(text) => text,
        None => core_worded(e, l).unwrap_or_else(|| e.to_string()),
    }
}

/// The core errors a user of the command line meets, as `cli-core-<class>` of cli.ftl with the
/// id or path they name (never the core's English detail); `None` for the rest.
fn core_worded(e: &tsunagu_core::Error, l: &tsunagu_core::i18n::Localizer) -> Option<String> {
    use tsunagu_core::Error as E;
    let label;
    let number;
    let args: Vec<(&str, &str)> = match e {
        E::UnknownProfile(id)
        | E::NotShared(id)
        | E::AlreadyShared(id)
        | E::UnknownShareLink(id)
        | E::AmbiguousShareLink(id) => vec![("id", id.as_str())],
        E::UnknownPath { path } => vec![("path", path.as_str())],
        E::NothingToReview { path } => {
            label = l.field_label(path);
            vec![("field", label.as_str())]
        }
        E::InvalidChoice { path, choices } => {
            label = l.field_label(path);
            number = choices.to_string();
            vec![("field", label.as_str()), ("count", number.as_str())]
        }
        E::RelayUnavailable { status } => {
            number = status.to_string();
            vec![("status", number.as_str())]
        }
        _ => Vec::new(),
    };
    let id = format!("cli-core-{}", e.class().replace('_', "-"));
    l.has(&id).then(|| l.message(&id, &args))
}

/// Result with [`CliError`].
pub type Result<T, E = CliError> = std::result::Result<T, E>;

/// Reads a file the user named; failures are bad input (exit 2).
pub fn read_input(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| CliError::ReadFile {
        path: path.to_owned(),
        source,
    })
}

/// Reads a JSON file the user named. A syntax error names the line and column, never the text.
pub fn read_json(path: &std::path::Path) -> Result<serde_json::Value> {
    let bytes = read_input(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        CliError::worded(
            "cli-err-not-json",
            &[
                ("path", &path.display().to_string()),
                ("line", &e.line().to_string()),
                ("column", &e.column().to_string()),
            ],
        )
    })
}

/// Writes a file, replacing it: the bytes go to a temporary file beside it first and are renamed
/// into place, so an interrupted write never leaves half a backup behind.
pub fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let fail = |source| CliError::WriteFile {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(fail)?;
    io::Write::write_all(&mut tmp, bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
