//! The global options every command shares (`--data-dir`, `--json`, `--as`, `--lang`) and what
//! they resolve to: the store file, the author recorded on edits, the language of the output.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::store::ProfileMatch;
use tsunagu_core::{EditContext, ProfileStore};

use crate::error::{CliError, Result};

/// File name of the store inside the data directory.
pub const STORE_FILE: &str = "tsunagu.sqlite3";

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory holding the store file `tsunagu.sqlite3` (created if missing) [default: the
    /// platform data directory + `/tsunagu`]
    #[arg(long, global = true, value_name = "DIR", env = "TSUNAGU_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// Display name recorded as the author of edits [default: this device's name for the
    /// profile, `tsunagu device set-name`]
    #[arg(long = "as", global = true, value_name = "NAME", env = "TSUNAGU_AUTHOR")]
    pub author: Option<String>,

    /// Language of messages, labels and the change log (`ja+en`: both side by side, for `card`
    /// and `qr`) [default: TSUNAGU_LANG, then LANG (`en…` is English), else ja]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

/// `--lang` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
    /// 日本語 and English together (the card and the shelter QR)
    #[value(name = "ja+en")]
    JaEn,
}

impl LangArg {
    /// `--lang`, else `TSUNAGU_LANG` (`ja`, `en`, `ja+en`), else `LANG` (`en_US.UTF-8` is
    /// English, anything else Japanese), else Japanese.
    pub fn resolve(arg: Option<LangArg>) -> LangArg {
        if let Some(lang) = arg {
            return lang;
        }
        if let Ok(v) = std::env::var("TSUNAGU_LANG")
            && let Ok(lang) = <LangArg as ValueEnum>::from_str(v.trim(), true)
        {
            return lang;
        }
        match std::env::var("LANG") {
            Ok(v) if v.to_ascii_lowercase().starts_with("en") => LangArg::En,
            _ => LangArg::Ja,
        }
    }

    /// The languages, in the order they are shown.
    pub fn langs(self) -> Vec<Lang> {
        match self {
            LangArg::Ja => vec![Lang::Ja],
            LangArg::En => vec![Lang::En],
            LangArg::JaEn => vec![Lang::Ja, Lang::En],
        }
    }
}

/// The resolved global options.
#[derive(Debug)]
pub struct Session {
    /// Print JSON.
    pub json: bool,
    /// Author display name for edits given with `--as` or `TSUNAGU_AUTHOR`.
    pub author: Option<String>,
    /// Output language (the first of [`Session::langs`]).
    pub lang: Lang,
    /// Every output language, in order: one, or Japanese and English for `--lang ja+en`.
    pub langs: Vec<Lang>,
    data_dir: Option<PathBuf>,
}

impl Session {
    /// Resolves the global options; the store is not touched until [`Session::open_store`].
    pub fn new(args: GlobalArgs) -> Result<Self> {
        let author = match args.author {
            Some(name) if name.trim().is_empty() => {
                return Err(CliError::worded("cli-err-author-empty", &[]));
            }
            Some(name) => Some(name.trim().to_owned()),
            None => None,
        };
        let langs = LangArg::resolve(args.lang).langs();
        Ok(Self {
            json: args.json,
            author,
            lang: langs[0],
            langs,
            data_dir: args.data_dir,
        })
    }

    /// The data directory: `--data-dir`, or the platform data directory + `tsunagu`.
    pub fn data_dir(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => dirs::data_dir()
                .map(|d| d.join("tsunagu"))
                .ok_or_else(|| CliError::failure_worded("cli-err-no-data-dir", &[])),
        }
    }

    /// Opens the store in the data directory, creating the directory if needed. A store that
    /// cannot be written (read-only media, a write-protected file) is opened read-only for
    /// viewing, with a note on stderr; edits to it are then refused with a clear message.
    pub fn open_store(&self) -> Result<ProfileStore> {
        let dir = self.data_dir()?;
        let file = dir.join(STORE_FILE);
        if file.is_file() && !writable(&dir, &file) {
            eprintln!(
                "tsunagu: {}",
                self.localizer().message("cli-note-read-only-store", &[])
            );
            return Ok(ProfileStore::open_read_only(&file)?);
        }
        std::fs::create_dir_all(&dir).map_err(|source| CliError::WriteFile {
            path: dir.clone(),
            source,
        })?;
        Ok(ProfileStore::open(file)?)
    }

    /// The one profile `query` names (its id, a prefix of the id, or part of the child's name
    /// or kana reading). Several → [`CliError::AmbiguousProfile`] listing them (exit 2); none →
    /// an error pointing to `profile list`.
    pub fn resolve(&self, store: &mut ProfileStore, query: &str) -> Result<String> {
        match store.find_profile(query)? {
            ProfileMatch::One(id) => Ok(id),
            ProfileMatch::Many(candidates) => Err(CliError::AmbiguousProfile(candidates)),
            // What looks like an id is named back (an id is not profile content); a name is not.
            ProfileMatch::None if looks_like_id(query) => {
                Err(tsunagu_core::Error::UnknownProfile(query.trim().to_owned()).into())
            }
            ProfileMatch::None => Err(CliError::worded("cli-err-no-profile-match", &[])),
        }
    }

    /// Opens the store and resolves `query` in it ([`Session::resolve`]).
    pub fn open_profile(&self, query: &str) -> Result<(ProfileStore, String)> {
        let mut store = self.open_store()?;
        let id = self.resolve(&mut store, query)?;
        Ok((store, id))
    }

    /// Who and when, for an edit of `profile` made now: `--as` when given, else this device's
    /// name for the profile. With neither, says so on stderr first and records no author (the
    /// change log and the card then name nobody rather than "unknown").
    pub fn edit_context(&self, store: &mut ProfileStore, profile: &str) -> Result<EditContext> {
        if let Some(author) = &self.author {
            return Ok(EditContext::now(author.clone()));
        }
        match store.device_card(profile)? {
            Some(card) => Ok(EditContext::now(card.name)),
            None => {
                self.warn_no_name(profile);
                Ok(EditContext::now(String::new()))
            }
        }
    }

    /// Who and when, for creating a profile now: `--as`, else the device name given with it.
    pub fn create_context(&self, device_name: Option<&str>) -> EditContext {
        EditContext::now(self.author.as_deref().or(device_name).unwrap_or_default())
    }

    /// Says on stderr that this device has no name for `profile` and how to give it one.
    pub fn warn_no_name(&self, profile: &str) {
        eprintln!(
            "tsunagu: {}",
            self.localizer()
                .message("member-warn-no-name", &[("profile", profile)])
        );
    }

    /// The messages of the output language.
    pub fn localizer(&self) -> Localizer {
        Localizer::new(self.lang)
    }

    /// Refuses `--lang ja+en` for a command that prints one language.
    pub fn require_one_lang(&self, command: &str) -> Result<()> {
        if self.langs.len() > 1 {
            return Err(CliError::worded("cli-err-one-lang", &[("command", command)]));
        }
        Ok(())
    }
}

/// True for text shaped like a profile id (`p-` and ASCII letters, digits, `-`, `_`).
fn looks_like_id(query: &str) -> bool {
    let query = query.trim();
    query.starts_with("p-")
        && query
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// True when a file can be created beside the store and the store opened for writing.
fn writable(dir: &std::path::Path, file: &std::path::Path) -> bool {
    tempfile::tempfile_in(dir).is_ok() && std::fs::OpenOptions::new().append(true).open(file).is_ok()
}

/// A current-thread async runtime for one network command (sync, share links).
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))
}
