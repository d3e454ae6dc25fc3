//! `tsunagu backup` and `tsunagu restore`: encrypted backup files of the whole store or one
//! profile, sealed with a passphrase (Argon2id) or a random key shown as text and optionally as a
//! QR code. Passphrases never travel on the command line: they come from a file
//! (`--passphrase-file F`, `-` for standard input) or the `TSUNAGU_PASSPHRASE` variable.
//! Restoring creates missing profiles and merges into those already here; a wrong passphrase or
//! key, or a damaged file, changes nothing.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use tsunagu_core::backup::{self, BackupKey, Passphrase, RandomKey, SealedWith};
use tsunagu_core::share::{qr_png, qr_svg};

use crate::error::{CliError, Result, read_input, write_output};
use crate::output::Output;
use crate::session::Session;

/// The variable a passphrase may come from instead of a file.
pub const PASSPHRASE_ENV: &str = "TSUNAGU_PASSPHRASE";

/// Arguments of `tsunagu backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Only this profile [default: every profile in the store]
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// The backup file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Read the passphrase from this file's first line (`-`: standard input)
    #[arg(long, value_name = "FILE", conflicts_with = "random_key")]
    pub passphrase_file: Option<PathBuf>,
    /// Seal with a fresh random key instead of a passphrase, and print it
    #[arg(long)]
    pub random_key: bool,
    /// With --random-key: also write the key as a QR code (`.png` or `.svg`)
    #[arg(long, value_name = "FILE", requires = "random_key")]
    pub key_qr: Option<PathBuf>,
}

/// Arguments of `tsunagu restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file
    pub file: PathBuf,
    /// Read the passphrase from this file's first line (`-`: standard input)
    #[arg(long, value_name = "FILE", conflicts_with = "key")]
    pub passphrase_file: Option<PathBuf>,
    /// The random key printed when the backup was made (`tsk1-…`)
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
}

/// The passphrase from `--passphrase-file` or the environment.
fn passphrase(file: Option<&Path>) -> Result<Option<Passphrase>> {
    let text = match file {
        Some(p) if p == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|source| CliError::ReadFile {
                    path: p.to_owned(),
                    source,
                })?;
            text
        }
        Some(p) => String::from_utf8(read_input(p)?)
            .map_err(|_| CliError::worded("cli-err-not-utf8", &[("path", &p.display().to_string())]))?,
        None => match std::env::var(PASSPHRASE_ENV) {
            Ok(text) => text,
            Err(_) => return Ok(None),
        },
    };
    // The first line is the passphrase.
    let first = text.split(['\n', '\r']).next().unwrap_or_default();
    Ok(Some(Passphrase::new(first)))
}

fn no_key() -> CliError {
    CliError::worded("cli-err-no-passphrase", &[("variable", PASSPHRASE_ENV)])
}

/// Runs `tsunagu backup`.
pub fn run_backup(session: &Session, args: &BackupArgs, out: &mut Output) -> Result<()> {
    let qr_format = args.key_qr.as_deref().map(qr_format).transpose()?;
    let (key, random) = if args.random_key {
        let k = RandomKey::generate()?;
        (BackupKey::Random(k.clone()), Some(k))
    } else {
        let p = passphrase(args.passphrase_file.as_deref())?.ok_or_else(no_key)?;
        (BackupKey::Passphrase(p), None)
    };
    let mut store = session.open_store()?;
    let profile = match &args.profile {
        Some(query) => Some(session.resolve(&mut store, query)?),
        None => None,
    };
    let (bytes, summary) = backup::create_backup(&mut store, profile.as_deref(), &key)?;
    write_output(&args.out, &bytes)?;
    let key_text = random.as_ref().map(RandomKey::to_text);
    if let (Some(path), Some(format), Some(text)) = (&args.key_qr, qr_format, &key_text) {
        let image = match format {
            QrFormat::Png => qr_png(text).map_err(|e| CliError::Failure(e.to_string()))?,
            QrFormat::Svg => qr_svg(text)
                .map_err(|e| CliError::Failure(e.to_string()))?
                .into_bytes(),
        };
        write_output(path, &image)?;
    }
    if session.json {
        return out.json(&serde_json::json!({
            "out": args.out,
            "bytes": summary.bytes,
            "profiles": summary.profiles,
            "key": key_text,
            "key_qr": args.key_qr,
        }));
    }
    let l = session.localizer();
    out.line(l.message(
        "cli-backup-done",
        &[
            ("count", &summary.profiles.len().to_string()),
            ("path", &args.out.display().to_string()),
            ("bytes", &summary.bytes.to_string()),
        ],
    ));
    if let Some(text) = key_text {
        out.line(l.message("cli-backup-key", &[("key", &text)]));
        out.line(l.message("cli-backup-key-apart", &[]));
    }
    Ok(())
}

/// Runs `tsunagu restore`.
pub fn run_restore(session: &Session, args: &RestoreArgs, out: &mut Output) -> Result<()> {
    let bytes = read_input(&args.file)?;
    let key = match (&args.key, backup::sealed_with(&bytes)?) {
        (Some(text), _) => BackupKey::Random(RandomKey::parse(text)?),
        (None, SealedWith::RandomKey) => {
            return Err(CliError::worded("cli-err-backup-random-key", &[]));
        }
        (None, SealedWith::Passphrase(_)) => {
            BackupKey::Passphrase(passphrase(args.passphrase_file.as_deref())?.ok_or_else(no_key)?)
        }
    };
    let mut store = session.open_store()?;
    let outcomes = backup::restore_backup(&mut store, &bytes, &key)?;
    if session.json {
        return out.json(&outcomes);
    }
    let l = session.localizer();
    for o in &outcomes {
        out.line(crate::profile::imported_line(&l, &o.id, o.created, o.new_changes));
    }
    out.line(l.message("cli-restored", &[("count", &outcomes.len().to_string())]));
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum QrFormat {
    Png,
    Svg,
}

fn qr_format(path: &Path) -> Result<QrFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(QrFormat::Png),
        Some("svg") => Ok(QrFormat::Svg),
        _ => Err(CliError::worded(
            "cli-err-key-qr-extension",
            &[("path", &path.display().to_string())],
        )),
    }
}
