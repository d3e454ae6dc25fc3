//! `tsunagu card PROFILE --view shelter|ems|caregiver --lang ja|en|ja+en --out FILE.html
//! [--size a4|wallet]`: the printable card, a self-contained HTML page (no network needed to
//! show or print it) with the shelter QR embedded. Prints where it wrote the card (`--json`: the
//! file, its size, the view, languages and paper).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use tsunagu_core::share::{CardOptions, CardSize, render_card};
use tsunagu_core::views::Audience;

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::session::Session;
use crate::views::AudienceArg;

/// `--size` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SizeArg {
    /// A4 portrait: every section, with details and who changed and verified each item
    A4,
    /// Credit-card-size pages (85.6 × 54 mm): the red sections, then the QR and whom to call
    Wallet,
}

impl From<SizeArg> for CardSize {
    fn from(s: SizeArg) -> Self {
        match s {
            SizeArg::A4 => CardSize::A4,
            SizeArg::Wallet => CardSize::Wallet,
        }
    }
}

/// Arguments of `tsunagu card`.
#[derive(Debug, Args)]
pub struct CardArgs {
    /// Profile id
    pub profile: String,
    /// Whose view the card shows
    #[arg(long, value_enum, default_value_t = AudienceArg::Shelter)]
    pub view: AudienceArg,
    /// Paper to print on
    #[arg(long, value_enum, default_value_t = SizeArg::A4)]
    pub size: SizeArg,
    /// The HTML file to write
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,
    /// The day the card is dated and freshness is judged on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// Runs `tsunagu card`.
pub fn run(session: &Session, args: &CardArgs, out: &mut Output) -> Result<()> {
    let is_html = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !is_html {
        return Err(CliError::worded(
            "cli-err-html-extension",
            &[("path", &args.out.display().to_string())],
        ));
    }
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let doc = store.document(&profile_id)?;
    let options = CardOptions {
        audience: args.view.into(),
        langs: &session.langs,
        size: args.size.into(),
        today: args.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let html = render_card(doc, &options)?;
    std::fs::write(&args.out, html.as_bytes()).map_err(|source| CliError::WriteFile {
        path: args.out.clone(),
        source,
    })?;
    let langs: Vec<&str> = session.langs.iter().map(|l| l.as_str()).collect();
    let (view, size) = (
        Audience::from(args.view).as_str(),
        CardSize::from(args.size).as_str(),
    );
    if session.json {
        return out.json(&serde_json::json!({
            "out": args.out,
            "bytes": html.len(),
            "view": view,
            "lang": langs.join("+"),
            "size": size,
        }));
    }
    out.line(session.localizer().message(
        "cli-card-wrote",
        &[
            ("path", &args.out.display().to_string()),
            ("bytes", &html.len().to_string()),
            ("view", view),
            ("lang", &langs.join("+")),
            ("size", size),
        ],
    ));
    Ok(())
}
