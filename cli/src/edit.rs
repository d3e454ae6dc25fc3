//! `tsunagu edit` (field sets, merge patches and entity operations, all in one atomic change)
//! and `tsunagu verify` (mark a section checked by someone on a day).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::{ArgGroup, Args};
use serde::Serialize;
use serde_json::Value;
use tsunagu_core::Edit;
use tsunagu_core::model::{Date, EntityId, Section, VerifierRole};

use crate::error::{CliError, Result, read_json};
use crate::history::short_hash;
use crate::output::Output;
use crate::session::Session;

/// Arguments of `tsunagu edit`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("ops").required(true).multiple(true)))]
pub struct EditArgs {
    /// Profile id
    pub profile: String,
    /// Set a field: VALUE is read as JSON when it is JSON (92, true, null, "text", {"a":1}),
    /// otherwise as a plain string. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE", group = "ops")]
    pub set: Vec<String>,
    /// Apply an RFC 7396 JSON merge patch over the whole profile
    #[arg(long, value_name = "FILE.json", group = "ops")]
    pub patch: Option<PathBuf>,
    /// Add an entity (a JSON object) to a collection under a fresh id, which is printed.
    /// Repeatable.
    #[arg(long = "add", value_name = "COLLECTION=JSON", group = "ops")]
    pub add: Vec<String>,
    /// Remove an entity. Repeatable.
    #[arg(long = "remove", value_name = "COLLECTION.ID", group = "ops")]
    pub remove: Vec<String>,
    /// Move an entity before another one, or last. Repeatable.
    #[arg(long = "move", value_name = "COLLECTION.ID[:before=ID]", group = "ops")]
    pub moves: Vec<String>,
    /// Save values that are unusual for this child (a plausibility warning) anyway: you checked
    /// them. Who confirmed and when is kept with the change.
    #[arg(long)]
    pub confirm: bool,
}

/// Arguments of `tsunagu verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Profile id
    pub profile: String,
    /// The section that was checked
    #[arg(value_parser = PossibleValuesParser::new(verifiable_sections()))]
    pub section: String,
    /// Who checked it (display name)
    #[arg(long, value_name = "NAME", required_unless_present = "withdraw")]
    pub by: Option<String>,
    /// Their role
    #[arg(long, value_parser = PossibleValuesParser::new(VerifierRole::ALL.iter().map(|r| r.as_str())),
          required_unless_present = "withdraw")]
    pub role: Option<String>,
    /// The day it was checked, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// Withdraw the section's verified mark instead
    #[arg(long, conflicts_with_all = ["by", "role", "on"])]
    pub withdraw: bool,
}

fn verifiable_sections() -> Vec<&'static str> {
    Section::ALL
        .iter()
        .filter(|s| s.verifiable())
        .map(|s| s.as_str())
        .collect()
}

fn parse_date(s: &str) -> Result<NaiveDate, crate::parse_error::ValueWords> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| crate::parse_error::ValueWords::new("cli-value-date"))
}

/// An entity added by `--add`, reported back with its new id.
#[derive(Debug, Serialize)]
struct Added {
    collection: String,
    id: EntityId,
}

/// Runs `tsunagu edit`: every operation of the call becomes one change, or nothing is written.
pub fn run(session: &Session, args: &EditArgs, out: &mut Output) -> Result<()> {
    let mut edits = Vec::new();
    let mut added = Vec::new();
    if let Some(path) = &args.patch {
        edits.push(Edit::Patch {
            patch: read_json(path)?,
        });
    }
    for arg in &args.set {
        edits.push(parse_set(arg)?);
    }
    for arg in &args.add {
        let (edit, collection, id) = parse_add(arg)?;
        edits.push(edit);
        added.push(Added { collection, id });
    }
    for arg in &args.remove {
        let (collection, id) = split_entity("--remove", arg)?;
        edits.push(Edit::Remove { collection, id });
    }
    for arg in &args.moves {
        edits.push(parse_move(arg)?);
    }
    if args.confirm {
        let confirms: Vec<Edit> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::Set { path, .. } => Some(path.clone()),
                Edit::Add { collection, id, .. } => Some(format!("{collection}.{id}")),
                // A patch confirms every warning of the batch.
                Edit::Patch { .. } => Some(String::new()),
                _ => None,
            })
            .map(|path| Edit::Confirm { path })
            .collect();
        edits.extend(confirms);
    }
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let ctx = session.edit_context(&mut store, &profile_id)?;
    let change = store.edit(&profile_id, &edits, &ctx)?;
    report(
        session,
        out,
        &profile_id,
        change.map(|h| h.to_string()),
        edits.len(),
        &added,
    )
}

/// Runs `tsunagu verify`.
pub fn run_verify(session: &Session, args: &VerifyArgs, out: &mut Output) -> Result<()> {
    let section = Section::parse(&args.section)
        .ok_or_else(|| CliError::worded("cli-unknown-section", &[("section", &args.section)]))?;
    let edit = if args.withdraw {
        Edit::Unverify { section }
    } else {
        let by = args
            .by
            .clone()
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| CliError::worded("cli-err-by-required", &[]))?;
        let role = args
            .role
            .as_deref()
            .and_then(VerifierRole::parse)
            .ok_or_else(|| CliError::worded("cli-err-role-unknown", &[]))?;
        let on = Date(args.on.unwrap_or_else(|| chrono::Local::now().date_naive()));
        Edit::Verify {
            section,
            by: by.trim().to_owned(),
            role,
            on,
        }
    };
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let ctx = session.edit_context(&mut store, &profile_id)?;
    let change = store.edit(&profile_id, &[edit], &ctx)?;
    report(session, out, &profile_id, change.map(|h| h.to_string()), 1, &[])
}

fn report(
    session: &Session,
    out: &mut Output,
    profile: &str,
    change: Option<String>,
    edits: usize,
    added: &[Added],
) -> Result<()> {
    if session.json {
        return out.json(&serde_json::json!({ "profile_id": profile, "change": change, "added": added }));
    }
    let l = session.localizer();
    for a in added {
        out.line(l.message("cli-edit-added", &[("collection", &a.collection), ("id", &a.id)]));
    }
    match change {
        Some(hash) => out.line(l.message(
            "cli-edit-done",
            &[
                ("profile", profile),
                ("count", &edits.to_string()),
                ("change", short_hash(&hash)),
            ],
        )),
        None => out.line(l.message("cli-edit-nothing", &[("profile", profile)])),
    }
    Ok(())
}

/// `PATH=VALUE` → `Edit::Set`. The value is JSON when it parses as JSON, else a string.
pub fn parse_set(arg: &str) -> Result<Edit> {
    let Some((path, raw)) = arg.split_once('=') else {
        return Err(CliError::worded("cli-err-set-no-equals", &[]));
    };
    let path = path.trim();
    if path.is_empty() {
        return Err(CliError::worded("cli-err-set-empty-path", &[]));
    }
    let value = serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
    Ok(Edit::Set {
        path: path.to_owned(),
        value,
    })
}

/// `COLLECTION=JSON` → `Edit::Add` under a fresh id; returns the edit, collection and id.
pub fn parse_add(arg: &str) -> Result<(Edit, String, EntityId)> {
    let Some((collection, raw)) = arg.split_once('=') else {
        return Err(CliError::worded("cli-err-add-no-equals", &[]));
    };
    let collection = collection.trim().to_owned();
    let entity = match serde_json::from_str::<Value>(raw) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return Err(CliError::worded(
                "cli-err-add-not-object",
                &[("collection", &collection)],
            ));
        }
    };
    let id = tsunagu_core::model::new_id_for(&collection)
        .ok_or_else(|| CliError::worded("cli-err-not-collection", &[("collection", &collection)]))?;
    Ok((
        Edit::Add {
            collection: collection.clone(),
            id: id.clone(),
            entity,
        },
        collection,
        id,
    ))
}

/// `COLLECTION.ID[:before=ID]` → `Edit::Move`.
pub fn parse_move(arg: &str) -> Result<Edit> {
    let (target, before) = match arg.split_once(":before=") {
        Some((target, before)) if !before.trim().is_empty() => (target, Some(before.trim().to_owned())),
        Some(_) => return Err(CliError::worded("cli-err-move-before", &[])),
        None => (arg, None),
    };
    let (collection, id) = split_entity("--move", target)?;
    Ok(Edit::Move {
        collection,
        id,
        before,
    })
}

/// `COLLECTION.ID` → (collection, id); the id is the last segment.
fn split_entity(flag: &str, arg: &str) -> Result<(String, EntityId)> {
    match arg.trim().rsplit_once('.') {
        Some((collection, id)) if !collection.is_empty() && !id.is_empty() => {
            Ok((collection.to_owned(), id.to_owned()))
        }
        _ => Err(CliError::worded("cli-err-entity-path", &[("flag", flag)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_values_are_json_when_they_parse() {
        let value = |arg: &str| match parse_set(arg).expect("parses") {
            Edit::Set { value, .. } => value,
            other => panic!("not a set: {other:?}"),
        };
        assert_eq!(value("baseline.spo2_low=92"), json!(92));
        assert_eq!(value("child.nickname=さく"), json!("さく"));
        assert_eq!(value("a.b=\"92\""), json!("92"));
        assert_eq!(value("a.b=null"), Value::Null);
        assert_eq!(value("a.b=true"), json!(true));
        assert_eq!(value("a.b={\"x\":1}"), json!({"x": 1}));
        assert_eq!(value("a.b=x=y"), json!("x=y"));
        assert!(parse_set("no-equals").is_err());
        assert!(parse_set("=1").is_err());
    }

    #[test]
    fn add_needs_an_object_and_gets_a_prefixed_id() {
        let (edit, collection, id) = parse_add("evacuation.helpers={\"name\":\"x\"}").expect("parses");
        assert_eq!(collection, "evacuation.helpers");
        assert!(id.starts_with("help-") && id.len() == 17, "{id}");
        assert!(matches!(edit, Edit::Add { .. }));
        assert!(parse_add("devices=[1]").is_err());
        assert!(parse_add("devices").is_err());
    }

    #[test]
    fn move_and_remove_split_collection_and_id() {
        assert_eq!(
            parse_move("evacuation.helpers.help-1:before=help-0").expect("parses"),
            Edit::Move {
                collection: "evacuation.helpers".into(),
                id: "help-1".into(),
                before: Some("help-0".into())
            }
        );
        assert_eq!(
            parse_move("devices.dev-1").expect("parses"),
            Edit::Move {
                collection: "devices".into(),
                id: "dev-1".into(),
                before: None
            }
        );
        assert!(parse_move("devices").is_err());
        assert!(split_entity("--remove", "devices.").is_err());
    }
}
