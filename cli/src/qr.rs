//! `tsunagu qr PROFILE --out FILE.png|FILE.svg [--bilingual]`: the shelter QR code, a plain-text
//! summary any phone camera shows with no app and no network. Writes the code as PNG or SVG (by
//! the file's extension) and prints the summary text (`--json`: the text, its size and the file).
//! The language is the global `--lang` (`ja`, `en`, or `ja+en` for both together; `--bilingual`
//! is the older spelling of `ja+en`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::share::{qr_png, qr_svg, summary_text_of};

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::session::Session;

/// Arguments of `tsunagu qr`.
#[derive(Debug, Args)]
pub struct QrArgs {
    /// Profile id
    pub profile: String,
    /// The file to write: `.png` or `.svg`
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Japanese and English together: the same as `--lang ja+en`
    #[arg(long)]
    pub bilingual: bool,
    /// The day the summary is dated and the age is counted on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// The image format, from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Svg,
}

fn format_of(path: &Path) -> Result<Format> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        _ => Err(CliError::worded(
            "cli-err-qr-extension",
            &[("path", &path.display().to_string())],
        )),
    }
}

/// `text` as a QR code image.
fn render(format: Format, text: &str) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Png => qr_png(text).map_err(|e| CliError::Failure(e.to_string()))?,
        Format::Svg => qr_svg(text)
            .map_err(|e| CliError::Failure(e.to_string()))?
            .into_bytes(),
    })
}

/// Checks a `--qr FILE` name (`.png` or `.svg`) before any work is done.
pub fn check_qr_file(path: &Path) -> Result<()> {
    format_of(path).map(|_| ())
}

/// Writes `text` (an invite or share link) as a QR code to `path`, PNG or SVG by its extension
/// (`--qr FILE` of `invite` and `share create`). Returns the file's size.
pub fn write_qr_file(path: &Path, text: &str) -> Result<usize> {
    let bytes = render(format_of(path)?, text)?;
    crate::error::write_output(path, &bytes)?;
    Ok(bytes.len())
}

/// Runs `tsunagu qr`.
pub fn run(session: &Session, args: &QrArgs, out: &mut Output) -> Result<()> {
    let format = format_of(&args.out)?;
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let langs: &[Lang] = if args.bilingual {
        &[Lang::Ja, Lang::En]
    } else {
        &session.langs
    };
    let localizers: Vec<Localizer> = langs.iter().map(|l| Localizer::new(*l)).collect();
    let refs: Vec<&Localizer> = localizers.iter().collect();
    let text = summary_text_of(store.document(&profile_id)?, &refs, today)?;
    let bytes = render(format, &text)?;
    std::fs::write(&args.out, &bytes).map_err(|source| CliError::WriteFile {
        path: args.out.clone(),
        source,
    })?;
    if session.json {
        return out.json(&serde_json::json!({
            "text": text,
            "text_bytes": text.len(),
            "out": args.out,
            "file_bytes": bytes.len(),
        }));
    }
    out.line(text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_extension() {
        assert_eq!(format_of(Path::new("a/card.png")).ok(), Some(Format::Png));
        assert_eq!(format_of(Path::new("card.SVG")).ok(), Some(Format::Svg));
        assert!(matches!(
            format_of(Path::new("card.jpg")),
            Err(CliError::Worded {
                id: "cli-err-qr-extension",
                ..
            })
        ));
        assert!(format_of(Path::new("card")).is_err());
    }
}
