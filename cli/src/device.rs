//! `tsunagu device set-name PROFILE NAME [--role ROLE]`: this device's display name and role in a
//! profile, carried to the other members inside the encrypted document (never to the relay in
//! the clear). Also the `--device-name`/`--device-role` options of `profile new` and `join`.

use clap::{Args, Subcommand};
use serde_json::json;
use tsunagu_core::ProfileStore;

use crate::error::Result;
use crate::output::Output;
use crate::session::Session;

/// Subcommands of `tsunagu device`.
#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Give this device a display name and role in a profile (母, 父, 訪問看護師, コーディネーター,
    /// 医師, 支援者, or any text); the other members see it in `members` and the change log
    SetName {
        /// Profile id
        profile: String,
        /// Display name (at most 40 characters)
        name: String,
        /// Role: 母 / mother, 父 / father, 訪問看護師 / visiting_nurse, コーディネーター /
        /// coordinator, 医師 / doctor, 支援者 / supporter, or any other text
        #[arg(long)]
        role: Option<String>,
    },
}

/// `--device-name` and `--device-role`, for the commands that bring a profile to this device.
#[derive(Debug, Clone, Args)]
pub struct DeviceNameArgs {
    /// This device's display name in the profile (as `tsunagu device set-name`)
    #[arg(long = "device-name", value_name = "NAME")]
    pub name: Option<String>,
    /// This device's role in the profile (母, 父, 訪問看護師… or any text)
    #[arg(long = "device-role", value_name = "ROLE", requires = "name")]
    pub role: Option<String>,
}

/// Runs `tsunagu device …`.
pub fn run(session: &Session, command: &DeviceCommand, out: &mut Output) -> Result<()> {
    match command {
        DeviceCommand::SetName { profile, name, role } => {
            let (mut store, profile) = session.open_profile(profile)?;
            set_name(session, &mut store, &profile, name, role.as_deref(), out)
        }
    }
}

/// Names this device in `profile` and says so.
pub fn set_name(
    session: &Session,
    store: &mut ProfileStore,
    profile: &str,
    name: &str,
    role: Option<&str>,
    out: &mut Output,
) -> Result<()> {
    store.set_device_name(profile, name, role, &session.create_context(Some(name)))?;
    let card = store.device_card(profile)?.unwrap_or_default();
    let l = session.localizer();
    if session.json {
        return out
            .json(&json!({ "profile_id": profile, "device": store.device_id()?.to_text(), "card": card }));
    }
    out.line(l.message(
        "member-name-set",
        &[("profile", profile), ("display", &card.display(&l))],
    ));
    Ok(())
}
