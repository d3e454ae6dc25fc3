//! `tsunagu sync start`, `invite`, `join`, `sync` and `members`: end-to-end encrypted sync
//! through a relay (ADR 0002). (`tsunagu share` is SMART Health Links, `share.rs`.) Each command opens the store, runs one core [`SyncClient`] operation on a
//! small tokio runtime over the core's [`HttpTransport`], and prints what happened.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use tsunagu_core::ProfileStore;
use tsunagu_core::document::members::role_label;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::share::link::{ShareLinks, is_live};
use tsunagu_core::sync::{DeviceId, HttpTransport, Role, SyncClient, SyncReport, SyncStatus};

use crate::error::{CliError, Result};
use crate::output::{Output, local_time_millis};
use crate::session::Session;

/// Arguments of `tsunagu sync start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Profile id
    pub profile: String,
    /// Base URL of the relay (`https://relay.example` or `http://127.0.0.1:8080`)
    #[arg(long, value_name = "URL")]
    pub relay: String,
}

/// Roles an invite can grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InviteRole {
    /// Reads and writes
    Editor,
    /// Reads only
    Viewer,
}

/// Arguments of `tsunagu invite`.
#[derive(Debug, Args)]
pub struct InviteArgs {
    /// Profile id
    pub profile: String,
    /// Role the invited device gets
    #[arg(long, value_enum)]
    pub role: InviteRole,
    /// Hours until the invite expires
    #[arg(long, value_name = "N", default_value_t = 72, value_parser = crate::parse_error::whole_in(1u64, 24 * 30))]
    pub expires_hours: u64,
    /// Also write the link as a QR code to scan with the other device: FILE.png or FILE.svg
    #[arg(long, value_name = "FILE")]
    pub qr: Option<std::path::PathBuf>,
}

/// Arguments of `tsunagu join`.
#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The invite link (quote it: it contains `&` and `#`)
    pub link: String,
    /// This device's name and role in the profile
    #[command(flatten)]
    pub device: crate::device::DeviceNameArgs,
}

/// Arguments of `tsunagu sync`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    /// Profile id [default: every shared profile]
    pub profile: Option<String>,
    /// Only show how syncing stands (last success, changes not yet pushed, last error); no network
    #[arg(long)]
    pub status: bool,
}

/// Subcommands of `tsunagu sync`.
#[derive(Debug, Subcommand)]
enum SyncCommand {
    /// Start syncing a profile through a relay, with this device as its owner
    Start(StartArgs),
}

/// Arguments of `tsunagu members`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct MembersArgs {
    #[command(subcommand)]
    command: Option<MembersCommand>,
    /// Profile id
    #[arg(required = true)]
    profile: Option<String>,
}

/// Subcommands of `tsunagu members`.
#[derive(Debug, Subcommand)]
enum MembersCommand {
    /// Remove a device (owner only): revokes it and rotates the profile's key
    Remove {
        /// Profile id
        profile: String,
        /// Device id as `tsunagu members PROFILE` lists it
        #[arg(allow_hyphen_values = true)]
        device: String,
        /// Also revoke every share link the removed device made from the profile (without it,
        /// the command says how many still work)
        #[arg(long)]
        revoke_links: bool,
    },
}

/// Opens the store and the transport and runs `f` with a sync client on a runtime.
fn with_client<T>(
    session: &Session,
    f: impl AsyncFnOnce(&mut SyncClient<'_>) -> tsunagu_core::Result<T>,
) -> Result<T> {
    let mut store: ProfileStore = session.open_store()?;
    let transport = HttpTransport::new()?;
    let rt = crate::session::runtime()?;
    let mut client = SyncClient::new(&mut store, &transport);
    Ok(rt.block_on(f(&mut client))?)
}

/// owner, editor or viewer in the user's language (the desk's too).
pub(crate) fn access_word(role: Role, l: &Localizer) -> String {
    l.message(&format!("member-access-{}", role.as_str()), &[])
}

/// What one sync of `profile` did, in one line of `l`'s language (the desk's "Sync now" too).
pub(crate) fn report_line(l: &Localizer, profile: &str, report: &SyncReport) -> String {
    let status = match report.status {
        SyncStatus::Synced => l.message("cli-sync-synced", &[]),
        SyncStatus::Offline => l.message("cli-sync-offline", &[]),
        SyncStatus::WaitingForOwner => {
            // Joined; the owner grants the key when its device syncs (ADR 0007).
            let waiting = l.message("sync-waiting-for-owner", &[]);
            return format!("{profile}: {waiting}");
        }
    };
    l.message(
        "cli-sync-report",
        &[
            ("profile", profile),
            ("pulled", &report.pulled.to_string()),
            ("pushed", &report.pushed.to_string()),
            ("status", &status),
        ],
    )
}

/// Runs `tsunagu sync start`.
fn run_start(session: &Session, args: &StartArgs, out: &mut Output) -> Result<()> {
    let profile = session.open_profile(&args.profile)?.1;
    let report = with_client(session, async |c| c.share(&profile, &args.relay).await)?;
    if session.json {
        return out.json(&json!({ "profile_id": profile, "relay": args.relay, "report": report }));
    }
    out.line(session.localizer().message(
        "cli-sync-started",
        &[("profile", &profile), ("relay", &args.relay)],
    ));
    out.line(report_line(&session.localizer(), &profile, &report));
    Ok(())
}

/// Runs `tsunagu invite`.
pub fn run_invite(session: &Session, args: &InviteArgs, out: &mut Output) -> Result<()> {
    let role = match args.role {
        InviteRole::Editor => Role::Editor,
        InviteRole::Viewer => Role::Viewer,
    };
    if let Some(path) = &args.qr {
        crate::qr::check_qr_file(path)?;
    }
    let profile = session.open_profile(&args.profile)?.1;
    let valid_for = Duration::from_secs(args.expires_hours * 3600);
    let link = with_client(session, async |c| c.invite(&profile, role, valid_for).await)?;
    if let Some(path) = &args.qr {
        crate::qr::write_qr_file(path, &link)?;
    }
    if session.json {
        return out.json(&json!({ "profile_id": profile, "role": role, "link": link, "qr": args.qr }));
    }
    // The link alone on stdout, so `$(tsunagu invite …)` captures it.
    out.line(link);
    Ok(())
}

/// Runs `tsunagu join`.
pub fn run_join(session: &Session, args: &JoinArgs, out: &mut Output) -> Result<()> {
    if let Some(name) = &args.device.name {
        // Checked before joining: a bad name must not leave a half-done join.
        tsunagu_core::ProfileDoc::check_device_name(name, args.device.role.as_deref())?;
    }
    let outcome = with_client(session, async |c| c.join(&args.link).await)?;
    // The name goes into the document once the profile is here; the next sync carries it.
    let named = match (&args.device.name, outcome.created, outcome.role) {
        (Some(name), true, Role::Owner | Role::Editor) => {
            let mut store = session.open_store()?;
            let ctx = session.create_context(Some(name));
            store.set_device_name(&outcome.profile, name, args.device.role.as_deref(), &ctx)?;
            true
        }
        _ => false,
    };
    if session.json {
        return out.json(&json!({
            "profile_id": outcome.profile,
            "role": outcome.role,
            "created": outcome.created,
            "report": outcome.report,
            "named": named,
        }));
    }
    if !named && outcome.role != Role::Viewer {
        let l = session.localizer();
        eprintln!(
            "tsunagu: {}",
            l.message("member-name-later", &[("profile", &outcome.profile)])
        );
    }
    let l = session.localizer();
    out.line(l.message(
        "cli-sync-joined",
        &[
            ("profile", &outcome.profile),
            ("access", &access_word(outcome.role, &l)),
        ],
    ));
    out.line(report_line(
        &session.localizer(),
        &outcome.profile,
        &outcome.report,
    ));
    if !outcome.created && outcome.report.status != SyncStatus::WaitingForOwner {
        out.line(l.message("cli-sync-arrives-later", &[]));
    }
    Ok(())
}

/// Runs `tsunagu sync`.
pub fn run_sync(session: &Session, args: &SyncArgs, out: &mut Output) -> Result<()> {
    if let Some(SyncCommand::Start(start)) = &args.command {
        return run_start(session, start, out);
    }
    let profile = match &args.profile {
        Some(query) => Some(session.open_profile(query)?.1),
        None => None,
    };
    if args.status {
        return sync_status(session, profile.as_deref(), out);
    }
    let results = with_client(session, async |c| match &profile {
        Some(p) => Ok(vec![(p.clone(), c.sync_now(p).await)]),
        None => c.sync_all().await,
    })?;
    // A single named profile fails like any other command.
    if let (Some(_), [(_, Err(_))]) = (&profile, results.as_slice()) {
        let Some((_, Err(e))) = results.into_iter().next() else {
            return Err(CliError::Failure("sync result missing".into()));
        };
        return Err(e.into());
    }
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    // What the merges left for review: fields set on two devices apart (never dropped silently).
    let mut store = session.open_store()?;
    let reviews: Vec<usize> = results
        .iter()
        .map(|(p, _)| crate::review::count(&mut store, p))
        .collect();
    let loc = session.localizer();
    if session.json {
        let rows: Vec<_> = results
            .iter()
            .zip(&reviews)
            .map(|((p, r), reviews)| match r {
                Ok(report) => json!({ "profile_id": p, "report": report, "review_items": reviews }),
                Err(e) => json!({
                    "profile_id": p,
                    "error": { "code": e.class(), "message": e.to_string(), "field": null },
                    "review_items": reviews,
                }),
            })
            .collect();
        out.json(&rows)?;
    } else if results.is_empty() {
        out.line(loc.message("cli-sync-none", &[]));
    } else {
        for ((p, r), reviews) in results.iter().zip(&reviews) {
            match r {
                Ok(report) => out.line(report_line(&session.localizer(), p, report)),
                Err(e) => out.line(loc.message(
                    "cli-sync-failed-one",
                    &[("profile", p), ("reason", &crate::error::core_localized(e, &loc))],
                )),
            }
            if *reviews > 0 {
                let count = loc.message("review-count", &[("count", &reviews.to_string())]);
                out.line(loc.message("cli-sync-review", &[("profile", p), ("count", &count)]));
            }
        }
    }
    if failed > 0 {
        return Err(CliError::failure_worded(
            "cli-err-sync-failed",
            &[("count", &failed.to_string())],
        ));
    }
    Ok(())
}

fn sync_status(session: &Session, profile: Option<&str>, out: &mut Output) -> Result<()> {
    let mut store = session.open_store()?;
    let transport = HttpTransport::new()?;
    let ids = match profile {
        Some(p) => vec![p.to_owned()],
        None => store.shared_profiles()?,
    };
    let mut client = SyncClient::new(&mut store, &transport);
    let mut rows = Vec::new();
    for id in &ids {
        rows.push(client.sync_status(id)?);
    }
    if session.json {
        return out.json(&rows);
    }
    let l = session.localizer();
    if rows.is_empty() {
        out.line(l.message("cli-sync-none", &[]));
        return Ok(());
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            vec![
                s.profile.clone(),
                access_word(s.role, &l),
                s.last_success_at
                    .map_or_else(|| "-".to_owned(), local_time_millis),
                s.pending_changes.to_string(),
                s.last_error.clone().unwrap_or_else(|| "-".to_owned()),
                s.relay_url.clone(),
            ]
        })
        .collect();
    let header: Vec<String> = ["profile", "access", "last-sync", "pending", "last-error", "relay"]
        .iter()
        .map(|c| l.message(&format!("cli-sync-col-{c}"), &[]))
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.table(&header, &table);
    Ok(())
}

/// Runs `tsunagu members`.
pub fn run_members(session: &Session, args: &MembersArgs, out: &mut Output) -> Result<()> {
    match (&args.command, &args.profile) {
        (
            Some(MembersCommand::Remove {
                profile,
                device,
                revoke_links,
            }),
            _,
        ) => remove(
            session,
            &session.open_profile(profile)?.1,
            device,
            *revoke_links,
            out,
        ),
        (None, Some(profile)) => list(session, &session.open_profile(profile)?.1, out),
        (None, None) => Err(CliError::worded("cli-err-members-profile", &[])),
    }
}

/// What the member table says beside a member: this device, removed (the CLI's table and the
/// desk's members page).
pub(crate) fn member_notes(m: &tsunagu_core::sync::Member, l: &Localizer) -> Vec<String> {
    let mut notes = Vec::new();
    if m.this_device {
        notes.push(l.message("member-this-device", &[]));
    }
    if m.removed {
        notes.push(l.message("member-removed", &[]));
    }
    notes
}

fn list(session: &Session, profile: &str, out: &mut Output) -> Result<()> {
    let members = with_client(session, async |c| c.members(profile).await)?;
    if session.json {
        return out.json(&members);
    }
    let l = session.localizer();
    let time = |ms: Option<i64>| ms.map_or_else(|| "-".to_owned(), local_time_millis);
    let rows: Vec<Vec<String>> = members
        .members
        .iter()
        .map(|m| {
            let notes = member_notes(m, &l);
            vec![
                m.name.clone().unwrap_or_else(|| l.message("member-no-name", &[])),
                m.care_role
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| role_label(r, &l)),
                access_word(m.role, &l),
                time(m.joined_at_ms),
                time(m.last_change_at_ms),
                m.device.to_text(),
                notes.join(", "),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "member-col-name",
        "member-col-role",
        "member-col-access",
        "member-col-joined",
        "member-col-last-change",
        "member-col-device",
    ]
    .iter()
    .map(|id| l.message(id, &[]))
    .collect();
    let mut header: Vec<&str> = header.iter().map(String::as_str).collect();
    header.push("");
    out.table(&header, &rows);
    out.line(l.message("member-last-change-note", &[]));
    if !members.fresh {
        out.line(l.message("member-offline", &[]));
    }
    Ok(())
}

/// Removes a device, then deals with the share links it made from the profile (a removed
/// member's links keep working until revoked): revokes them with `--revoke-links`, otherwise
/// says how many still work and how to revoke them.
fn remove(
    session: &Session,
    profile: &str,
    device: &str,
    revoke_links: bool,
    out: &mut Output,
) -> Result<()> {
    let device =
        DeviceId::from_text(device.trim()).map_err(|_| CliError::worded("cli-err-members-device", &[]))?;
    let epoch = with_client(session, async |c| c.remove_member(profile, &device).await)?;
    let links = {
        let mut store: ProfileStore = session.open_store()?;
        let transport = HttpTransport::new()?;
        let rt = crate::session::runtime()?;
        let mut links = ShareLinks::new(&mut store, &transport);
        rt.block_on(async {
            if revoke_links {
                links.revoke_links_of(profile, &device).await
            } else {
                let now = chrono::Utc::now().timestamp_millis();
                Ok(links
                    .profile_links(profile)
                    .await?
                    .iter()
                    .filter(|l| l.device == device && is_live(&l.status, now))
                    .count())
            }
        })?
    };
    if session.json {
        let key = if revoke_links {
            "revoked_links"
        } else {
            "live_links"
        };
        return out.json(&json!({ "profile_id": profile, "removed": device, "epoch": epoch, key: links }));
    }
    let count = links.to_string();
    let loc = session.localizer();
    out.line(loc.message(
        "sync-member-removed",
        &[
            ("device", &device.to_text()),
            ("profile", profile),
            ("epoch", &epoch.to_string()),
        ],
    ));
    if revoke_links {
        out.line(loc.message("sync-links-revoked", &[("count", &count)]));
    } else if links > 0 {
        let hint = format!(
            "tsunagu share revoke --profile {profile} --device {}",
            device.to_text()
        );
        out.line(loc.message(
            "sync-removed-links-live",
            &[("count", &count), ("command", &hint)],
        ));
    }
    Ok(())
}
