//! The global options every command shares (`--data-dir`, `--json`, `--as`, `--lang`) and what
//! they resolve to: the store file, the author recorded on edits, the language of the output.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tsunagu_core::i18n::{Lang, Localizer};
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

    /// Display name recorded as the author of edits [default: the OS user name]
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
    /// Author display name for edits.
    pub author: String,
    /// Output language (the first of [`Session::langs`]).
    pub lang: Lang,
    /// Every output language, in order: one, or Japanese and English for `--lang ja+en`.
    pub langs: Vec<Lang>,
    /// False when no `--as`, `TSUNAGU_AUTHOR`, `USER` or `USERNAME` gave a name.
    pub author_known: bool,
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
            None => default_author(),
        };
        let author_known = author.is_some();
        let langs = LangArg::resolve(args.lang).langs();
        let author =
            author.unwrap_or_else(|| Localizer::new(langs[0]).message("history-author-unknown", &[]));
        Ok(Self {
            json: args.json,
            author,
            lang: langs[0],
            langs,
            author_known,
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

    /// Opens the store in the data directory, creating the directory if needed.
    pub fn open_store(&self) -> Result<ProfileStore> {
        let dir = self.data_dir()?;
        std::fs::create_dir_all(&dir).map_err(|source| CliError::WriteFile {
            path: dir.clone(),
            source,
        })?;
        Ok(ProfileStore::open(dir.join(STORE_FILE))?)
    }

    /// Who and when, for an edit made now. With no known author, says so on stderr first
    /// (the edit is recorded under the "unknown" word, never silently).
    pub fn edit_context(&self) -> EditContext {
        if !self.author_known {
            let l = self.localizer();
            eprintln!(
                "tsunagu: {}",
                l.message("cli-warn-unknown-author", &[("author", self.author.as_str())])
            );
        }
        EditContext::now(self.author.clone())
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

/// The OS user name (`USER`, then `USERNAME`), when there is one.
fn default_author() -> Option<String> {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
}

/// A current-thread async runtime for one network command (sync, share links).
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))
}
