//! `tsunagu profile …`: create, list, show, export, import and compact profiles.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use tsunagu_core::document::edit::from_json;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;

use crate::error::{Result, read_input, read_json, write_output};
use crate::output::{Output, local_time_millis};
use crate::render::{self, Labels};
use crate::session::Session;

/// Subcommands of `tsunagu profile`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Create a profile (empty, from a profile JSON file, or the fictional sample child) and
    /// print its id
    New {
        /// A profile as JSON (the shape `tsunagu schema` describes)
        #[arg(long, value_name = "FILE.json", conflicts_with = "sample")]
        from: Option<PathBuf>,
        /// The fictional demo child (山田 さくら), to try the card, QR and readiness commands
        #[arg(long)]
        sample: bool,
        /// This device's name and role in the new profile
        #[command(flatten)]
        device: crate::device::DeviceNameArgs,
    },
    /// List the profiles in the store (archived ones only with --archived)
    List {
        /// Show the archived profiles too
        #[arg(long)]
        archived: bool,
    },
    /// Show a profile grouped by section (`--json`: the whole profile as JSON)
    Show {
        /// Profile id
        profile: String,
    },
    /// Archive a profile on this device: hidden from `profile list` and `roster` (shown again
    /// with --archived); nothing changes for the other members
    Archive {
        /// Profile id
        profile: String,
    },
    /// Bring an archived profile back into the lists
    Unarchive {
        /// Profile id
        profile: String,
    },
    /// Delete this device's copy of a profile after a confirmation. A shared profile is left
    /// with the other members
    Delete {
        /// Profile id
        profile: String,
        /// Delete without asking
        #[arg(long)]
        yes: bool,
    },
    /// Write a profile to an export file (a backup, or to hand to another device)
    Export {
        /// Profile id
        profile: String,
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import an export file: creates the profile, or merges it into the one already here
    Import {
        /// The export file
        file: PathBuf,
    },
    /// Fold a profile's stored changes into one snapshot
    Compact {
        /// Profile id
        profile: String,
    },
    /// Fill in a profile by answering questions, in your language (Japanese input welcome:
    /// full-width digits, 令和 dates, choices by their label)
    Fill(crate::fill::FillArgs),
}

/// Runs a `tsunagu profile` subcommand.
pub fn run(session: &Session, command: &ProfileCommand, out: &mut Output) -> Result<()> {
    match command {
        ProfileCommand::New { from, sample, device } => new(session, from.as_deref(), *sample, device, out),
        ProfileCommand::List { archived } => list(session, *archived, out),
        ProfileCommand::Show { profile } => show(session, profile, out),
        ProfileCommand::Archive { profile } => crate::archive::archive(session, profile, true, out),
        ProfileCommand::Unarchive { profile } => crate::archive::archive(session, profile, false, out),
        ProfileCommand::Delete { profile, yes } => crate::archive::delete(session, profile, *yes, out),
        ProfileCommand::Export { profile, out: file } => export(session, profile, file, out),
        ProfileCommand::Import { file } => import(session, file, out),
        ProfileCommand::Compact { profile } => compact(session, profile, out),
        ProfileCommand::Fill(args) => crate::fill::run(session, args),
    }
}

fn new(
    session: &Session,
    from: Option<&std::path::Path>,
    sample: bool,
    device: &crate::device::DeviceNameArgs,
    out: &mut Output,
) -> Result<()> {
    // Read and check the file before the store is opened: a bad file leaves no trace.
    let profile = match from {
        Some(path) => from_json(read_json(path)?)?,
        None if sample => demo_profile(),
        None => Profile::empty(),
    };
    let mut store = session.open_store()?;
    let name = device.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let ctx = session.create_context(name);
    let id = match name {
        Some(name) => store.create_named_profile(&profile, &ctx, name, device.role.as_deref())?,
        None => store.create_profile(&profile, &ctx)?,
    };
    if name.is_none() && session.author.is_none() {
        session.warn_no_name(&id);
    }
    if session.json {
        return out.json(&json!({ "profile_id": id }));
    }
    out.line(id);
    Ok(())
}

fn list(session: &Session, with_archived: bool, out: &mut Output) -> Result<()> {
    let mut store = session.open_store()?;
    let archived = store.archived()?;
    let profiles: Vec<_> = store
        .list()?
        .into_iter()
        .filter(|p| with_archived || !archived.contains_key(&p.id))
        .collect();
    if session.json {
        let rows: Vec<serde_json::Value> = profiles
            .iter()
            .map(|p| {
                json!({
                    "profile_id": p.id,
                    "name": p.name,
                    "name_kana": p.name_kana,
                    "updated_at": p.updated_at,
                    "archived_at": archived.get(&p.id),
                })
            })
            .collect();
        return out.json(&rows);
    }
    let archived_word = session.localizer().message("cli-profile-archived", &[]);
    let rows: Vec<Vec<String>> = profiles
        .iter()
        .map(|p| {
            let mut row = vec![
                p.id.clone(),
                p.name.clone().unwrap_or_else(|| "-".into()),
                p.name_kana.clone().unwrap_or_else(|| "-".into()),
                local_time_millis(p.updated_at),
            ];
            if with_archived {
                row.push(if archived.contains_key(&p.id) {
                    archived_word.clone()
                } else {
                    String::new()
                });
            }
            row
        })
        .collect();
    let l = session.localizer();
    let mut ids = vec!["cli-col-id", "cli-col-name", "cli-col-kana", "cli-col-updated"];
    if with_archived {
        ids.push("cli-col-archived");
    }
    let header: Vec<String> = ids.iter().map(|id| l.message(id, &[])).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.table(&header, &rows);
    Ok(())
}

fn show(session: &Session, query: &str, out: &mut Output) -> Result<()> {
    let (mut store, id) = session.open_profile(query)?;
    let profile = store.profile(&id)?;
    if session.json {
        return out.json(profile);
    }
    render::profile(out, &Labels::new(session.lang), &id, profile)
}

fn export(session: &Session, query: &str, file: &std::path::Path, out: &mut Output) -> Result<()> {
    let (mut store, id) = session.open_profile(query)?;
    let bytes = store.export(&id)?;
    write_output(file, &bytes)?;
    if session.json {
        return out.json(&json!({ "profile_id": id, "file": file, "bytes": bytes.len() }));
    }
    out.line(session.localizer().message(
        "cli-profile-exported",
        &[
            ("profile", &id),
            ("path", &file.display().to_string()),
            ("bytes", &bytes.len().to_string()),
        ],
    ));
    Ok(())
}

fn import(session: &Session, file: &std::path::Path, out: &mut Output) -> Result<()> {
    let bytes = read_input(file)?;
    let mut store = session.open_store()?;
    let outcome = store.import(&bytes)?;
    if session.json {
        return out.json(&json!({
            "profile_id": outcome.id,
            "created": outcome.created,
            "new_changes": outcome.new_changes,
        }));
    }
    out.line(imported_line(
        &session.localizer(),
        &outcome.id,
        outcome.created,
        outcome.new_changes,
    ));
    Ok(())
}

/// "created ID (N new changes)" or "merged into ID (…)": what importing or restoring a profile did.
pub fn imported_line(l: &Localizer, id: &str, created: bool, new_changes: usize) -> String {
    l.message(
        if created {
            "cli-profile-created"
        } else {
            "cli-profile-merged"
        },
        &[("profile", id), ("count", &new_changes.to_string())],
    )
}

fn compact(session: &Session, query: &str, out: &mut Output) -> Result<()> {
    let (mut store, id) = session.open_profile(query)?;
    let stats = store.compact(&id)?;
    if session.json {
        return out.json(&json!({
            "profile_id": id,
            "bytes_before": stats.bytes_before,
            "bytes_after": stats.bytes_after,
            "chunks_removed": stats.chunks_removed,
        }));
    }
    out.line(session.localizer().message(
        "cli-profile-compacted",
        &[
            ("profile", &id),
            ("before", &stats.bytes_before.to_string()),
            ("after", &stats.bytes_after.to_string()),
            ("chunks", &stats.chunks_removed.to_string()),
        ],
    ));
    Ok(())
}
