//! `tsunagu profile fill PROFILE [--section S]…`: walks the form model interactively in the
//! user's language. Each answer is normalized by the core as it is typed (full-width digits,
//! units, 令和 dates, labels of choices), so a mistake is asked again at once; a group's field is
//! saved as soon as it is answered; a new entity (a device, a medication, a contact…) is saved
//! when its questions are done. An unusual value is shown with its warning and saved only when
//! confirmed; the confirmation is recorded with it. Empty answers keep what is there.

use std::io::{BufRead, Write};

use clap::Args;
use serde_json::{Map, Value};
use tsunagu_core::form::normalize::parse_yes_no;
use tsunagu_core::form::{self, FormField, FormModel, InputKind, Need};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::{DeviceKind, is_keyed_map, new_id_for};
use tsunagu_core::{Edit, EditContext, Error, ProfileStore};

use crate::error::{CliError, Result};
use crate::session::Session;

/// Arguments of `tsunagu profile fill`.
#[derive(Debug, Args)]
pub struct FillArgs {
    /// Profile id
    pub profile: String,
    /// Only these sections, in this order (repeatable) [default: every section]
    #[arg(long = "section", value_name = "SECTION")]
    pub sections: Vec<String>,
    /// Ask every field, not only the required and recommended ones
    #[arg(long)]
    pub all: bool,
}

/// Runs `tsunagu profile fill` on the terminal.
pub fn run(session: &Session, args: &FillArgs) -> Result<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    store.profile(&profile_id)?;
    let ctx = session.edit_context(&mut store, &profile_id)?;
    let mut filler = Filler {
        l: session.localizer(),
        input: stdin.lock(),
        output: stdout.lock(),
        store: &mut store,
        profile: &profile_id,
        ctx,
        all: args.all,
        pending: Vec::new(),
    };
    filler.run(&args.sections)
}

struct Filler<'a, R, W> {
    l: Localizer,
    input: R,
    output: W,
    store: &'a mut ProfileStore,
    profile: &'a str,
    ctx: EditContext,
    all: bool,
    /// Answers of a group that can only be saved together (a weight and its date): held until
    /// the group's next answer makes them valid.
    pending: Vec<Edit>,
}

/// What the person answered to one question.
enum Answer {
    /// Nothing (keep, skip, or "no").
    Empty,
    /// The text typed.
    Text(String),
}

impl<R: BufRead, W: Write> Filler<'_, R, W> {
    fn run(&mut self, only: &[String]) -> Result<()> {
        let model = FormModel::get();
        let sections: Vec<_> = if only.is_empty() {
            model.sections.iter().collect()
        } else {
            only.iter()
                .map(|s| {
                    model.section(s).ok_or_else(|| {
                        CliError::bad_input(self.l.message("cli-unknown-section", &[("section", s.as_str())]))
                    })
                })
                .collect::<Result<_>>()?
        };
        self.say(&self.l.message("fill-intro", &[]))?;
        for section in sections {
            self.say(&format!("\n== {} ==", section.label(&self.l)))?;
            if section.collection {
                self.collection(&section.key, &section.fields)?;
                continue;
            }
            for field in section.fields.iter().filter(|f| !in_collection(&f.key)) {
                if self.asked(field) {
                    self.group_field(field)?;
                }
            }
            if !self.pending.is_empty() {
                // Still incomplete at the end of the section: say why, keep nothing half-saved.
                let edits = std::mem::take(&mut self.pending);
                if let Err(e) = self.store.edit(self.profile, &edits, &self.ctx) {
                    let msg = describe(&e, &self.l);
                    self.say(&msg)?;
                }
            }
            let mut nested: Vec<String> = section
                .fields
                .iter()
                .filter_map(|f| collection_of(&f.key))
                .collect();
            nested.dedup();
            for coll in nested {
                self.collection(&coll, &section.fields)?;
            }
        }
        self.say(&self.l.message("fill-done", &[]))?;
        Ok(())
    }

    /// Required and recommended fields, or all with `--all`.
    fn asked(&self, field: &FormField) -> bool {
        self.all || field.need != Need::Optional
    }

    fn say(&mut self, text: &str) -> Result<()> {
        writeln!(self.output, "{text}").map_err(io_failure)?;
        self.output.flush().map_err(io_failure)
    }

    /// Prints `prompt` and reads one line; end of input is an empty answer.
    fn ask(&mut self, prompt: &str) -> Result<Answer> {
        write!(self.output, "{prompt}: ").map_err(io_failure)?;
        self.output.flush().map_err(io_failure)?;
        let mut line = String::new();
        self.input.read_line(&mut line).map_err(io_failure)?;
        let text = line.trim_end_matches(['\n', '\r']).trim();
        Ok(if text.is_empty() {
            Answer::Empty
        } else {
            Answer::Text(text.to_owned())
        })
    }

    /// A yes/no question; empty or unreadable is no.
    fn yes(&mut self, prompt: &str) -> Result<bool> {
        loop {
            match self.ask(prompt)? {
                Answer::Empty => return Ok(false),
                Answer::Text(t) => match parse_yes_no(&t) {
                    Ok(b) => return Ok(b),
                    Err(e) => {
                        let msg = e.describe(&self.l);
                        self.say(&msg)?;
                    }
                },
            }
        }
    }

    /// The question for a field: label, current value, expected form.
    fn prompt(&self, field: &FormField, current: Option<&Value>) -> String {
        let mut p = field.label(&self.l);
        if let Some(v) = current.filter(|v| !v.is_null()) {
            p.push_str(
                &self
                    .l
                    .message("fill-current", &[("value", &shown(v, field, &self.l))]),
            );
        }
        format!("{p} [{}]", field.help(&self.l))
    }

    /// One field of a group: saved as soon as it is answered.
    fn group_field(&mut self, field: &FormField) -> Result<()> {
        let path = field.key.clone();
        loop {
            let current = current_value(self.store, self.profile, &path)?;
            let Answer::Text(text) = self.ask(&self.prompt(field, current.as_ref()))? else {
                return Ok(());
            };
            let mut edits = std::mem::take(&mut self.pending);
            edits.push(Edit::Set {
                path: path.clone(),
                value: Value::String(text),
            });
            // A rule of the enclosing group (a weight needs its date) waits for the group's
            // next answer instead of refusing this one.
            if let Err(Error::Invalid(v)) = self.store.edit(self.profile, &edits, &self.ctx).map(|_| ())
                && v.violations
                    .iter()
                    .all(|x| path.starts_with(&format!("{}.", x.field)))
            {
                self.pending = edits;
                return Ok(());
            }
            match self.save(edits, &path)? {
                Saved::Yes | Saved::Declined => return Ok(()),
                Saved::Retry => continue,
            }
        }
    }

    /// Adds entities to the collection at `coll` while the person says yes.
    fn collection(&mut self, coll: &str, fields: &[FormField]) -> Result<()> {
        let what = self.l.field_label(coll);
        while self.yes(&self.l.message("fill-add", &[("what", what.as_str())]))? {
            let Some(id) = new_id_for(coll) else {
                return Err(CliError::Failure("not a collection".into()));
            };
            let concrete = format!("{coll}.{id}");
            let mut entity = Map::new();
            let mut asked: Vec<&FormField> = fields
                .iter()
                .filter(|f| f.key.starts_with(&format!("{coll}.")) && !in_deeper_collection(&f.key, coll))
                .collect();
            if coll == "devices" {
                let kind_field = FormModel::get()
                    .field("devices.kind")
                    .ok_or_else(|| CliError::Failure("the form has no device kind".into()))?;
                let kind = self.entity_field(kind_field, coll, &concrete, &mut entity)?;
                let kind = kind
                    .as_deref()
                    .and_then(DeviceKind::parse)
                    .unwrap_or(DeviceKind::Other);
                asked = FormModel::get()
                    .device_fields(kind)
                    .into_iter()
                    .filter(|f| f.key != "devices.kind")
                    .collect();
            }
            for field in asked {
                if self.asked(field) {
                    self.entity_field(field, coll, &concrete, &mut entity)?;
                }
            }
            let edit = Edit::Add {
                collection: coll.to_owned(),
                id: id.clone(),
                entity: Value::Object(entity),
            };
            if let Saved::Yes = self.save(vec![edit], &concrete)? {
                self.say(&self.l.message("fill-added", &[("what", what.as_str())]))?;
            }
        }
        Ok(())
    }

    /// Asks one field of a new entity and puts the normalized answer into `entity`; returns the
    /// stored text for a choice (the device kind decides the next questions).
    fn entity_field(
        &mut self,
        field: &FormField,
        coll: &str,
        concrete: &str,
        entity: &mut Map<String, Value>,
    ) -> Result<Option<String>> {
        let rest = field.key[coll.len()..].trim_start_matches('.').to_owned();
        let path = format!("{concrete}.{rest}");
        loop {
            let text = match self.ask(&self.prompt(field, None))? {
                Answer::Text(t) => t,
                Answer::Empty if field.need == Need::Required => {
                    let msg = self.l.message("fill-required", &[]);
                    self.say(&msg)?;
                    continue;
                }
                Answer::Empty => return Ok(None),
            };
            match form::normalize_value(&path, Value::String(text)) {
                Ok(value) => {
                    let stored = value.as_str().map(str::to_owned);
                    put(entity, &rest, value);
                    return Ok(stored);
                }
                Err(e) => {
                    let msg = describe(&e, &self.l);
                    self.say(&msg)?;
                }
            }
        }
    }

    /// Applies `edits`; a plausibility warning is shown and, when confirmed, the edits are
    /// applied again with the confirmation of `confirm_path`.
    fn save(&mut self, mut edits: Vec<Edit>, confirm_path: &str) -> Result<Saved> {
        match self.store.edit(self.profile, &edits, &self.ctx) {
            Ok(_) => Ok(Saved::Yes),
            Err(Error::NeedsConfirmation(warnings)) => {
                for w in &warnings {
                    let msg = w.describe(&self.l);
                    self.say(&msg)?;
                }
                if !self.yes(&self.l.message("fill-confirm", &[]))? {
                    let msg = self.l.message("fill-not-saved", &[]);
                    self.say(&msg)?;
                    return Ok(Saved::Declined);
                }
                edits.push(Edit::Confirm {
                    path: confirm_path.to_owned(),
                });
                self.store.edit(self.profile, &edits, &self.ctx)?;
                Ok(Saved::Yes)
            }
            Err(e)
                if e.is_bad_input()
                    && !matches!(e, Error::ViewerCannotEdit(_) | Error::UnknownProfile(_)) =>
            {
                let msg = describe(&e, &self.l);
                self.say(&msg)?;
                Ok(Saved::Retry)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// How saving went.
enum Saved {
    /// Written.
    Yes,
    /// A warning was not confirmed: nothing written, move on.
    Declined,
    /// Refused input: ask again.
    Retry,
}

fn io_failure(e: std::io::Error) -> CliError {
    CliError::Failure(format!("terminal: {e}"))
}

/// An entry error in words (the core's own text for anything else).
fn describe(e: &Error, l: &Localizer) -> String {
    form::describe_error(e, l).unwrap_or_else(|| e.to_string())
}

/// True when the key lies inside a collection (`allergies.items.agent`, `devices.maker`).
fn in_collection(key: &str) -> bool {
    collection_of(key).is_some() || is_keyed_map(key.split('.').next().unwrap_or_default())
}

/// The nearest collection holding a key, below its section (`allergies.items`).
fn collection_of(key: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('.').collect();
    (2..segments.len())
        .map(|n| segments[..n].join("."))
        .find(|p| is_keyed_map(p))
}

/// True when the key lies in a collection inside `coll` (asked on its own, not here).
fn in_deeper_collection(key: &str, coll: &str) -> bool {
    let segments: Vec<&str> = key.split('.').collect();
    let depth = coll.split('.').count();
    (depth + 1..segments.len()).any(|n| is_keyed_map(&segments[..n].join(".")))
}

/// Sets `value` at the dotted `rest` inside `entity`, creating groups on the way.
fn put(entity: &mut Map<String, Value>, rest: &str, value: Value) {
    let mut cur = entity;
    let segments: Vec<&str> = rest.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        if i + 1 == segments.len() {
            cur.insert((*seg).to_owned(), value);
            return;
        }
        let next = cur
            .entry((*seg).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        let Value::Object(map) = next else { return };
        cur = map;
    }
}

/// The value stored at a group field's path now.
fn current_value(store: &mut ProfileStore, profile: &str, path: &str) -> Result<Option<Value>> {
    let p = store.profile(profile)?;
    let json =
        serde_json::to_value(p).map_err(|_| CliError::Failure("profile is not serializable".into()))?;
    Ok(path.split('.').try_fold(&json, |v, seg| v.get(seg)).cloned())
}

/// A stored value as the person reads it (choices by label, yes/no in words).
fn shown(v: &Value, field: &FormField, l: &Localizer) -> String {
    match (&field.input, v) {
        (InputKind::Choice { fluent_prefix, .. }, Value::String(s)) => {
            l.label(&format!("{fluent_prefix}-{s}"))
        }
        (_, Value::Bool(b)) => l.message(if *b { "fill-yes" } else { "fill-no" }, &[]),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}
