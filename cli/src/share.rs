//! `tsunagu share create|list|status|revoke`: SMART Health Links (ADR 0005). `create` renders
//! the printable card for one audience (or the profile's IPS Bundle, or any FHIR JSON file),
//! encrypts it on this device under a fresh key, has the relay host it with an expiry and an
//! optional passcode, and prints the link (viewer URL with the key after `#`). `list` shows the
//! links kept in the store (`--all`: every device's links made from a synced profile, from the
//! relay); `revoke` makes the relay stop serving one and forget its file (`--profile`: the owner
//! revokes any device's, `--device`: all of one device's, as after removing it).

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use serde_json::json;
use tsunagu_core::ProfileStore;
use tsunagu_core::share::link::{LinkContent, LinkOptions, LinkPayload, ShareLinks};
use tsunagu_core::sync::{DeviceId, HttpTransport};

use crate::card::SizeArg;
use crate::error::{CliError, Result, read_input};
use crate::output::{Output, local_time_millis};
use crate::parse_error::whole_in;
use crate::session::Session;
use crate::share_common::{LinkState, card_content, ips_content, parse_duration_ms};
use crate::views::AudienceArg;

/// Subcommands of `tsunagu share`.
#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Create a link to a profile's card (or its IPS, or a FHIR JSON file); prints the link
    Create(CreateArgs),
    /// List the links this device made (no network), or with --all every link made from a
    /// synced profile by any device (the owner sees all; asks the relay)
    List {
        /// Only this profile's links
        profile: Option<String>,
        /// Every link made from PROFILE, by every device, as the relay lists them
        #[arg(long, requires = "profile")]
        all: bool,
    },
    /// How the relay sees a link: views, passcode attempts left, revoked
    Status {
        /// The link's id (or its first characters, or the link itself)
        #[arg(allow_hyphen_values = true)]
        link: String,
    },
    /// Revoke a link: the relay stops serving it and deletes its file. With --profile, any link
    /// made from that profile (the owner may revoke other devices' links)
    Revoke {
        /// The link's id (or its first characters, or the link itself)
        #[arg(required_unless_present = "device", allow_hyphen_values = true)]
        link: Option<String>,
        /// The synced profile the link was made from (revoke through the profile: the owner may
        /// revoke any device's links)
        #[arg(long, value_name = "PROFILE")]
        profile: Option<String>,
        /// Revoke every live link this device (a member's id, as `tsunagu members` lists it)
        /// made from --profile
        #[arg(
            long,
            value_name = "DEVICE",
            requires = "profile",
            conflicts_with = "link",
            allow_hyphen_values = true
        )]
        device: Option<String>,
    },
}

/// Arguments of `tsunagu share create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Profile id
    pub profile: String,
    /// Whose card the link shows
    #[arg(long, value_enum, default_value_t = AudienceArg::Caregiver, conflicts_with = "fhir_file")]
    pub view: AudienceArg,
    /// Share the profile's FHIR R4 International Patient Summary (as `export-ips` writes it)
    /// instead of a card
    #[arg(long, conflicts_with = "fhir_file")]
    pub ips: bool,
    /// Share this FHIR JSON file instead of a card
    #[arg(long, value_name = "FILE.json")]
    pub fhir_file: Option<PathBuf>,
    /// How long the link works: seconds, minutes, hours, days or weeks (`90m`, `12h`, `7d`, `2w`)
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_duration_ms)]
    pub expires: i64,
    /// A file holding the passcode recipients must type (first line; 4 to 256 characters)
    #[arg(long, value_name = "FILE")]
    pub passcode_file: Option<PathBuf>,
    /// Wrong passcodes tolerated over the link's lifetime
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = whole_in(1u32, 100))]
    pub max_attempts: u32,
    /// A short label shown before the link is opened (≤ 80 characters; it travels in the link)
    #[arg(long)]
    pub label: Option<String>,
    /// The relay to host the link [default: the one the profile syncs through]
    #[arg(long, value_name = "URL")]
    pub relay: Option<String>,
    /// Paper layout of the card
    #[arg(long, value_enum, default_value_t = SizeArg::A4)]
    pub size: SizeArg,
    /// The day the card is dated and freshness is judged on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Also write the link as a QR code to show or print: FILE.png or FILE.svg
    #[arg(long, value_name = "FILE")]
    pub qr: Option<PathBuf>,
}

fn with_links<T>(
    session: &Session,
    f: impl AsyncFnOnce(&mut ShareLinks<'_>) -> tsunagu_core::Result<T>,
) -> Result<T> {
    let mut store: ProfileStore = session.open_store()?;
    let transport = HttpTransport::new()?;
    let rt = crate::session::runtime()?;
    let mut links = ShareLinks::new(&mut store, &transport);
    Ok(rt.block_on(f(&mut links))?)
}

/// Runs a `tsunagu share` subcommand.
pub fn run(session: &Session, command: &ShareCommand, out: &mut Output) -> Result<()> {
    match command {
        ShareCommand::Create(args) => create(session, args, out),
        ShareCommand::List { profile, all: false } => {
            let profile = match profile {
                Some(query) => Some(session.open_profile(query)?.1),
                None => None,
            };
            list(session, profile.as_deref(), out)
        }
        ShareCommand::List {
            profile: Some(profile),
            all: true,
        } => list_all(session, &session.open_profile(profile)?.1, out),
        ShareCommand::List { profile: None, .. } => Err(CliError::worded("cli-err-share-list-all", &[])),
        ShareCommand::Status { link } => status(session, link, out),
        ShareCommand::Revoke {
            device: Some(device),
            profile: Some(profile),
            ..
        } => revoke_device(session, &session.open_profile(profile)?.1, device, out),
        ShareCommand::Revoke {
            link: Some(link),
            profile: Some(profile),
            ..
        } => revoke_in_profile(session, &session.open_profile(profile)?.1, link, out),
        ShareCommand::Revoke { link: Some(link), .. } => revoke(session, link, out),
        ShareCommand::Revoke { .. } => Err(CliError::worded("cli-err-share-revoke", &[])),
    }
}

/// Reads the passcode: the file's first line, without its line ending.
fn read_passcode(path: &std::path::Path) -> Result<String> {
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::worded("cli-err-not-utf8", &[("path", &path.display().to_string())]))?;
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

fn create(session: &Session, args: &CreateArgs, out: &mut Output) -> Result<()> {
    if let Some(path) = &args.qr {
        crate::qr::check_qr_file(path)?;
    }
    let (mut store, profile) = session.open_profile(&args.profile)?;
    let (content, what) = match &args.fhir_file {
        Some(path) => (
            LinkContent::Fhir {
                json: read_input(path)?,
            },
            "fhir".to_owned(),
        ),
        None if args.ips => ips_content(store.document(&profile)?, &profile, &session.localizer())?,
        None => card_content(
            store.document(&profile)?,
            args.view.into(),
            &session.langs,
            args.size.into(),
            args.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
        )?,
    };
    let passcode = args.passcode_file.as_deref().map(read_passcode).transpose()?;
    let options = LinkOptions {
        expires_at: Some(Utc::now().timestamp_millis() + args.expires),
        passcode,
        max_attempts: Some(args.max_attempts),
        label: args.label.clone(),
        relay_url: args.relay.clone(),
    };
    let transport = HttpTransport::new()?;
    let rt = crate::session::runtime()?;
    let mut links = ShareLinks::new(&mut store, &transport);
    let record = rt.block_on(links.create(&profile, &content, &what, &options))?;
    if let Some(path) = &args.qr {
        crate::qr::write_qr_file(path, &record.link)?;
    }
    if session.json {
        return out.json(&record);
    }
    // The link alone on stdout, so `$(tsunagu share create …)` captures it.
    out.line(&record.link);
    Ok(())
}

/// A link's id from what the user typed: the id, its first characters, or the link itself.
fn link_id(text: &str) -> String {
    LinkPayload::parse(text)
        .ok()
        .and_then(|p| p.url.rsplit('/').next().map(str::to_owned))
        .unwrap_or_else(|| text.trim().to_owned())
}

/// One row of a link table: what both lists know (id, state, expiry), then the cells of the
/// columns only one of them has.
struct LinkRow {
    id: String,
    state: LinkState,
    expires_at: Option<i64>,
    more: Vec<String>,
}

/// `share list` and `share list --all`: link, state, expires, then `more` (cli.ftl column ids
/// `cli-share-col-…`), in the user's language; "no share links" when there is none.
fn print_links(session: &Session, out: &mut Output, more: &[&str], rows: Vec<LinkRow>) {
    let l = session.localizer();
    if rows.is_empty() {
        out.line(l.message("cli-share-none", &[]));
        return;
    }
    let header: Vec<String> = ["link", "state", "expires"]
        .iter()
        .chain(more)
        .map(|c| l.message(&format!("cli-share-col-{c}"), &[]))
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            let mut cells = vec![
                r.id.chars().take(10).collect(),
                r.state.word(&l),
                r.expires_at.map_or_else(|| "-".to_owned(), local_time_millis),
            ];
            cells.extend(r.more);
            cells
        })
        .collect();
    out.table(&header, &rows);
}

fn list(session: &Session, profile: Option<&str>, out: &mut Output) -> Result<()> {
    let store = session.open_store()?;
    let links = store.share_links(profile)?;
    if session.json {
        return out.json(&links);
    }
    let l = session.localizer();
    let now = Utc::now().timestamp_millis();
    let rows = links
        .iter()
        .map(|r| LinkRow {
            id: r.id.clone(),
            // The store knows nothing of passcode attempts: `share status` asks the relay.
            state: LinkState::of(r.revoked_at.is_some(), r.expires_at, None, now),
            expires_at: r.expires_at,
            more: vec![
                r.profile_id.clone(),
                r.content.clone(),
                l.message(
                    if r.passcode {
                        "cli-share-yes"
                    } else {
                        "cli-share-no"
                    },
                    &[],
                ),
                r.label.clone().unwrap_or_default(),
            ],
        })
        .collect();
    print_links(session, out, &["profile", "content", "passcode", "label"], rows);
    Ok(())
}

fn status(session: &Session, link: &str, out: &mut Output) -> Result<()> {
    let id = link_id(link);
    let status = with_links(session, async |l| l.status(&id).await)?;
    if session.json {
        return out.json(&status);
    }
    let l = session.localizer();
    let now = Utc::now().timestamp_millis();
    let state = LinkState::of(status.revoked, status.expires_at, status.remaining_attempts, now);
    out.line(l.message("cli-share-status-link", &[("link", &status.id)]));
    out.line(l.message("cli-share-status-state", &[("state", &state.word(&l))]));
    out.line(l.message("cli-share-status-opened", &[("count", &status.views.to_string())]));
    if let Some(left) = status.remaining_attempts {
        out.line(l.message("cli-share-status-attempts", &[("count", &left.to_string())]));
    }
    Ok(())
}

/// "revoked LINK; the relay no longer serves it", in the user's language.
fn print_revoked_link(session: &Session, link: &str, out: &mut Output) {
    out.line(
        session
            .localizer()
            .message("cli-share-revoked", &[("link", link)]),
    );
}

fn revoke(session: &Session, link: &str, out: &mut Output) -> Result<()> {
    let id = link_id(link);
    let record = with_links(session, async |l| l.revoke(&id).await)?;
    if session.json {
        return out.json(&json!({ "revoked": record.id, "profile_id": record.profile_id }));
    }
    print_revoked_link(session, &record.id, out);
    Ok(())
}

/// `share list PROFILE --all`: every link made from the profile, from the relay.
fn list_all(session: &Session, profile: &str, out: &mut Output) -> Result<()> {
    let links = with_links(session, async |l| l.profile_links(profile).await)?;
    if session.json {
        return out.json(&links);
    }
    let now = Utc::now().timestamp_millis();
    let rows = links
        .iter()
        .map(|link| {
            let s = &link.status;
            LinkRow {
                id: s.id.clone(),
                state: LinkState::of(s.revoked, s.expires_at, s.remaining_attempts, now),
                expires_at: s.expires_at,
                more: vec![link.device.to_text(), s.views.to_string()],
            }
        })
        .collect();
    print_links(session, out, &["device", "opened"], rows);
    Ok(())
}

/// `share revoke LINK --profile PROFILE`: through the profile (the owner revokes any device's).
fn revoke_in_profile(session: &Session, profile: &str, link: &str, out: &mut Output) -> Result<()> {
    let id = link_id(link);
    let status = with_links(session, async |l| l.revoke_profile_link(profile, &id).await)?;
    if session.json {
        return out.json(&json!({ "revoked": status.id, "profile_id": profile }));
    }
    print_revoked_link(session, &status.id, out);
    Ok(())
}

/// `share revoke --profile PROFILE --device DEVICE`: every live link that device made.
fn revoke_device(session: &Session, profile: &str, device: &str, out: &mut Output) -> Result<()> {
    let device =
        DeviceId::from_text(device.trim()).map_err(|_| CliError::worded("cli-err-members-device", &[]))?;
    let count = with_links(session, async |l| l.revoke_links_of(profile, &device).await)?;
    print_revoked(session, profile, &device, count, out)
}

/// What revoking a device's links did, in the user's language.
pub(crate) fn print_revoked(
    session: &Session,
    profile: &str,
    device: &DeviceId,
    count: usize,
    out: &mut Output,
) -> Result<()> {
    if session.json {
        return out.json(&json!({ "profile_id": profile, "device": device, "revoked_links": count }));
    }
    let count = count.to_string();
    out.line(
        session
            .localizer()
            .message("sync-links-revoked", &[("count", &count)]),
    );
    Ok(())
}
