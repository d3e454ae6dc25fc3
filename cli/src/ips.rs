//! `tsunagu export-ips PROFILE --out FILE.json [--at TIME]`: the profile as a FHIR R4
//! International Patient Summary (a `Bundle` of type `document`) for hospital systems, worded in
//! the `--lang` language. `--at` dates the document (default: now); the same profile and `--at`
//! give the same file byte for byte.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use tsunagu_core::share::ips_json;

use crate::error::{Result, write_output};
use crate::output::Output;
use crate::session::Session;

/// Arguments of `tsunagu export-ips`.
#[derive(Debug, Args)]
pub struct ExportIpsArgs {
    /// Profile id
    pub profile: String,
    /// The JSON file to write
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
    /// The document's date and time, RFC 3339 (`2026-12-01T09:00:00Z`) [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<DateTime<Utc>>,
}

/// Runs `tsunagu export-ips`.
pub fn run(session: &Session, args: &ExportIpsArgs, out: &mut Output) -> Result<()> {
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let doc = store.document(&profile_id)?;
    let at = args.at.unwrap_or_else(Utc::now);
    let text = ips_json(doc, &profile_id, &session.localizer(), at)?;
    write_output(&args.out, text.as_bytes())?;
    if session.json {
        return out.json(&serde_json::json!({
            "profile_id": profile_id,
            "out": args.out,
            "bytes": text.len(),
        }));
    }
    out.line(session.localizer().message(
        "cli-ips-exported",
        &[
            ("profile", &profile_id),
            ("path", &args.out.display().to_string()),
            ("bytes", &text.len().to_string()),
        ],
    ));
    Ok(())
}
