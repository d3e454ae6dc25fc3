#![doc = include_str!("../README.md")]
//! `tsunagu`: parse the command line, dispatch to the command's module, turn the outcome into an
//! exit code (0 ok, 2 bad input or usage, 1 anything else).

mod archive;
mod backup;
mod card;
mod demo;
mod desk;
mod device;
mod edit;
mod error;
mod fields;
mod fill;
mod help;
mod history;
mod import;
mod ips;
mod output;
mod parse_error;
mod plan;
mod profile;
mod qr;
mod readiness;
mod relay;
mod render;
mod review;
mod roster;
mod roster_query;
mod roster_xlsx;
mod schema;
mod session;
mod share;
mod share_common;
mod sync;
mod views;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::Result;
use crate::output::Output;
use crate::session::{GlobalArgs, Session};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "tsunagu",
    version,
    about = "Tsunagu: a family-held care profile for a medically complex child",
    long_about = "Tsunagu keeps a child's care profile (devices, medications, routines, the \
                  evacuation plan…) on the family's devices. Every edit is recorded with its \
                  author; copies on other devices merge without losing anyone's changes."
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Create, list, show, export, import and compact profiles
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Change a profile: --set, --patch, --add, --remove, --move (one atomic change)
    Edit(edit::EditArgs),
    /// Mark a section of a profile as checked by someone on a day
    Verify(edit::VerifyArgs),
    /// Show a profile's change log, or who last changed a field
    History(history::HistoryArgs),
    /// Fields whose values differ after concurrent edits; `--resolve PATH --keep N` keeps one
    Review(review::ReviewArgs),
    /// Import children from a spreadsheet (CSV or .xlsx), all rows or none; `import template
    /// --out FILE` writes the template
    Import(import::ImportArgs),
    /// Print the JSON Schema of a profile
    Schema,
    /// List the fields a profile has: path (for `edit --set`), label, input kind, required
    Fields(fields::FieldsArgs),
    /// Two devices, one child, through a relay on loopback: share, join, edit offline, sync, compare
    Demo(demo::DemoArgs),
    /// SMART Health Links: `share create|list|status|revoke` (a read-only, expiring link to a card)
    #[command(subcommand)]
    Share(share::ShareCommand),
    /// Invite another device to a shared profile: prints the invite link
    Invite(sync::InviteArgs),
    /// Join a shared profile with an invite link
    Join(sync::JoinArgs),
    /// Sync one shared profile, or all of them (offline is not a failure); `sync start PROFILE
    /// --relay URL` starts syncing it with this device as owner
    Sync(sync::SyncArgs),
    /// List a shared profile's members (name, role, access, joined, last change), or remove
    /// one (`members remove PROFILE DEVICE`)
    Members(sync::MembersArgs),
    /// This device in a profile: `device set-name PROFILE NAME --role ROLE`
    #[command(subcommand)]
    Device(device::DeviceCommand),
    /// Disaster readiness of a profile: power runway, oxygen, supplies, actions, checklist
    Readiness(readiness::ReadinessArgs),
    /// One row per child in the store, for the coordinator (`--format table|csv`)
    Roster(roster::RosterArgs),
    /// A profile as one audience needs it: `--audience shelter|ems|caregiver`
    View(views::ViewArgs),
    /// The shelter QR code (`--out FILE.png|FILE.svg`), printing its plain-text summary
    Qr(qr::QrArgs),
    /// The printable card: one audience's view as self-contained HTML, A4 or wallet size
    Card(card::CardArgs),
    /// The 個別避難計画 for the municipality: legal items, roster items, consent (CSV or HTML)
    PlanExport(plan::PlanArgs),
    /// The profile as a FHIR R4 International Patient Summary (`--out FILE.json`)
    ExportIps(ips::ExportIpsArgs),
    /// An encrypted backup of the store or one profile (passphrase or random key)
    Backup(backup::BackupArgs),
    /// Restore an encrypted backup: creates missing profiles, merges into existing ones
    Restore(backup::RestoreArgs),
    /// Run the sync relay
    #[command(subcommand)]
    Relay(relay::RelayCommand),
    /// The coordinator's desk: a local web app on 127.0.0.1 over this store (prints a one-time
    /// login address)
    Desk(desk::DeskArgs),
}

impl Command {
    /// The command's name as typed.
    fn name(&self) -> &'static str {
        match self {
            Command::Profile(_) => "profile",
            Command::Edit(_) => "edit",
            Command::Verify(_) => "verify",
            Command::History(_) => "history",
            Command::Review(_) => "review",
            Command::Import(_) => "import",
            Command::Schema => "schema",
            Command::Fields(_) => "fields",
            Command::Demo(_) => "demo",
            Command::Share(_) => "share",
            Command::Invite(_) => "invite",
            Command::Join(_) => "join",
            Command::Sync(_) => "sync",
            Command::Members(_) => "members",
            Command::Device(_) => "device",
            Command::Readiness(_) => "readiness",
            Command::Roster(_) => "roster",
            Command::View(_) => "view",
            Command::Qr(_) => "qr",
            Command::Card(_) => "card",
            Command::PlanExport(_) => "plan-export",
            Command::ExportIps(_) => "export-ips",
            Command::Backup(_) => "backup",
            Command::Restore(_) => "restore",
            Command::Relay(_) => "relay",
            Command::Desk(_) => "desk",
        }
    }
}

fn main() -> ExitCode {
    // Usage errors exit 2 here, --help and --version exit 0. Help and parse errors are in the
    // user's language.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = help::lang_of(&args);
    let json_args = parse_error::json_of(&args);
    let cli = help::localize(Cli::command(), help_lang)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .unwrap_or_else(|e| parse_error::exit(&e, help_lang, json_args));
    let json = cli.global.json;
    let lang = session::LangArg::resolve(cli.global.lang).langs()[0];
    let mut out = Output::new();
    let result = run(cli, &mut out);
    if let Err(e) = std::io::stdout().lock().write_all(out.into_text().as_bytes()) {
        // A reader that went away (`| head`) is not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let l = tsunagu_core::i18n::Localizer::shared(lang);
            let reason = e.to_string();
            eprintln!(
                "tsunagu: {}",
                l.message("cli-err-write-stdout", &[("reason", &reason)])
            );
            return ExitCode::from(1);
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let l = tsunagu_core::i18n::Localizer::new(lang);
            if json {
                // Under --json the error is JSON on stdout too, for the program reading it.
                println!("{}", e.to_json(&l));
            } else {
                eprintln!("tsunagu: {}", e.localized(&l));
                if let Some(details) = e.details() {
                    eprint!("{details}");
                }
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli, out: &mut Output) -> Result<()> {
    if let Command::Relay(command) = &cli.command {
        // The relay needs no store, author or language.
        return relay::run(command);
    }
    let session = Session::new(cli.global)?;
    if !matches!(cli.command, Command::Card(_) | Command::Qr(_)) {
        session.require_one_lang(cli.command.name())?;
    }
    match &cli.command {
        Command::Profile(command) => profile::run(&session, command, out),
        Command::Edit(args) => edit::run(&session, args, out),
        Command::Verify(args) => edit::run_verify(&session, args, out),
        Command::History(args) => history::run(&session, args, out),
        Command::Review(args) => review::run(&session, args, out),
        Command::Import(args) => import::run(&session, args, out),
        Command::Schema => schema::run(out),
        Command::Fields(args) => fields::run(&session, args, out),
        Command::Demo(args) => demo::run(&session, args, out),
        Command::Share(command) => share::run(&session, command, out),
        Command::Invite(args) => sync::run_invite(&session, args, out),
        Command::Join(args) => sync::run_join(&session, args, out),
        Command::Sync(args) => sync::run_sync(&session, args, out),
        Command::Members(args) => sync::run_members(&session, args, out),
        Command::Device(command) => device::run(&session, command, out),
        Command::Readiness(args) => readiness::run(&session, args, out),
        Command::Roster(args) => roster::run(&session, args, out),
        Command::View(args) => views::run(&session, args, out),
        Command::Qr(args) => qr::run(&session, args, out),
        Command::Card(args) => card::run(&session, args, out),
        Command::PlanExport(args) => plan::run(&session, args, out),
        Command::ExportIps(args) => ips::run(&session, args, out),
        Command::Backup(args) => backup::run_backup(&session, args, out),
        Command::Restore(args) => backup::run_restore(&session, args, out),
        Command::Relay(command) => relay::run(command),
        Command::Desk(args) => desk::run(&session, args),
    }
}
