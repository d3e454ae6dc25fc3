//! The audience content specification: for every field of the profile, which outputs show it and
//! at which priority. Read from the table in `docs/audiences.md` (included at compile time), so
//! the document and the code cannot drift: the views complete themselves from it, and tests check
//! every output against it, field by field.
//!
//! [`required`] lists, for a profile and an output, the `(path, value text)` pairs that must
//! appear in that output: the checks of the views here, of the printed card and QR (h10-paper) and
//! of the plan and roster CSV (h10-power) all read the same list.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;

use super::Priority;
use crate::i18n::{Localizer, field_key};
use crate::model::{Profile, is_keyed_map};
use crate::readiness::checklist::format_number;

/// The specification's text: `docs/audiences.md`.
pub const SOURCE: &str = include_str!("../../../docs/audiences.md");

/// An output the specification assigns fields to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// The shelter view and the printed shelter card.
    Shelter,
    /// The EMS view and wallet card.
    Ems,
    /// The caregiver view.
    Caregiver,
    /// The shelter QR summary.
    Qr,
    /// The 個別避難計画 plan export.
    Plan,
    /// The coordinator's roster.
    Roster,
    /// The International Patient Summary.
    Ips,
}

impl Output {
    /// Every output, in the table's column order.
    pub const ALL: &'static [Output] = &[
        Output::Shelter,
        Output::Ems,
        Output::Caregiver,
        Output::Qr,
        Output::Plan,
        Output::Roster,
        Output::Ips,
    ];

    /// The column heading in `docs/audiences.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            Output::Shelter => "shelter",
            Output::Ems => "ems",
            Output::Caregiver => "caregiver",
            Output::Qr => "qr",
            Output::Plan => "plan",
            Output::Roster => "roster",
            Output::Ips => "ips",
        }
    }

    /// The column of this output in the table.
    fn column(self) -> usize {
        Output::ALL.iter().position(|o| *o == self).unwrap_or_default()
    }
}

impl From<super::Audience> for Output {
    fn from(a: super::Audience) -> Self {
        match a {
            super::Audience::Shelter => Output::Shelter,
            super::Audience::Ems => Output::Ems,
            super::Audience::Caregiver => Output::Caregiver,
        }
    }
}

/// One row of the table: a field (or a group, written `group.*`), where it is shown and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// Field key (a path with collection ids left out), or a group key ending in `.*`.
    pub field: String,
    /// Priority per output, in [`Output::ALL`] order; `None` where the field is not shown.
    pub shows: [Option<Priority>; 7],
    /// Why, with the anchor it follows.
    pub why: String,
}

impl Rule {
    /// The priority of the field in `output`, `None` when not shown there.
    pub fn priority(&self, output: Output) -> Option<Priority> {
        self.shows[output.column()]
    }

    /// True when no output shows the field (a deliberate, reasoned omission).
    pub fn hidden_everywhere(&self) -> bool {
        self.shows.iter().all(Option::is_none)
    }
}

/// A malformed row of the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("docs/audiences.md line {line}: {problem}")]
pub struct SpecError {
    /// Line number in the document (1-based).
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// The parsed table.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Rows in document order.
    pub rules: Vec<Rule>,
    /// Row of each field key, and of each group by its key without `.*`: [`Spec::rule`] is asked
    /// for every recorded value of every output, so it looks up instead of scanning the rows.
    fields: HashMap<String, usize>,
    groups: HashMap<String, usize>,
}

/// The heading row that starts the table.
const HEADER: &str = "| field | shelter | ems | caregiver | qr | plan | roster | ips | why |";

impl Spec {
    /// Parses the table that follows [`HEADER`] in `text`.
    pub fn parse(text: &str) -> Result<Self, SpecError> {
        let mut rules = Vec::new();
        let mut in_table = false;
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            let line = line.trim();
            if !in_table {
                in_table = line == HEADER;
                continue;
            }
            if line.starts_with("|---") || line.starts_with("| ---") {
                continue;
            }
            if !line.starts_with('|') {
                break;
            }
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let err = |problem: String| SpecError {
                line: line_no,
                problem,
            };
            if cells.len() != 9 {
                return Err(err(format!("expected 9 cells, found {}", cells.len())));
            }
            let field = cells[0].trim_matches('`').to_owned();
            if field.is_empty() || rules.iter().any(|r: &Rule| r.field == field) {
                return Err(err("empty or repeated field".into()));
            }
            let mut shows = [None; 7];
            for (i, cell) in cells[1..8].iter().enumerate() {
                shows[i] = match *cell {
                    "R" => Some(Priority::Red),
                    "A" => Some(Priority::Amber),
                    "G" => Some(Priority::Green),
                    "·" | "-" => None,
                    other => return Err(err(format!("unknown priority {other:?}"))),
                };
            }
            let why = cells[8].to_owned();
            if why.is_empty() {
                return Err(err("every row needs its reason".into()));
            }
            rules.push(Rule { field, shows, why });
        }
        if rules.is_empty() {
            return Err(SpecError {
                line: 0,
                problem: "no table found".into(),
            });
        }
        let mut fields = HashMap::new();
        let mut groups = HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            match r.field.strip_suffix(".*") {
                Some(group) => groups.insert(group.to_owned(), i),
                None => fields.insert(r.field.clone(), i),
            };
        }
        Ok(Self {
            rules,
            fields,
            groups,
        })
    }

    /// The rule for a field key: its own row, else the nearest `group.*` row above it.
    pub fn rule(&self, key: &str) -> Option<&Rule> {
        if let Some(i) = self.fields.get(key) {
            return self.rules.get(*i);
        }
        let mut group = key;
        while let Some((parent, _)) = group.rsplit_once('.') {
            if let Some(i) = self.groups.get(parent) {
                return self.rules.get(*i);
            }
            group = parent;
        }
        None
    }

    /// The priority of the field at `path` (ids allowed) in `output`.
    pub fn priority(&self, path: &str, output: Output) -> Option<Priority> {
        self.rule(&field_key(path))?.priority(output)
    }
}

static SPEC: LazyLock<Result<Spec, SpecError>> = LazyLock::new(|| Spec::parse(SOURCE));

/// The specification compiled into this build.
pub fn spec() -> Result<&'static Spec, SpecError> {
    SPEC.as_ref().map_err(Clone::clone)
}

/// A recorded value an output must show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Required {
    /// Full path with collection ids (`devices.dev-trach.settings.tracheostomy.inner_diameter`).
    pub path: String,
    /// Its priority in the output.
    pub priority: Priority,
    /// Text that must appear in the output: the value as the output words it (a number as
    /// printed, a code-list value's label, a true flag's field label, a note's first line).
    pub text: String,
}

/// Every recorded value of `profile` that `output` must show, in profile order. Empty strings,
/// `false` flags and fields the table does not show in `output` are left out.
pub fn required(profile: &Profile, output: Output, l10n: &Localizer) -> Result<Vec<Required>, SpecError> {
    let spec = spec()?;
    let codes = &*CODE_FIELDS;
    let value = serde_json::to_value(profile).unwrap_or(Value::Null);
    let mut out = Vec::new();
    walk(
        &value,
        &mut String::new(),
        &mut String::new(),
        false,
        &mut |path, key, leaf| {
            let Some(priority) = spec.rule(key).and_then(|r| r.priority(output)) else {
                return;
            };
            let text = match leaf {
                Value::Bool(true) => Some(l10n.label(&format!("field-{}", key.replace('.', "-")))),
                Value::Number(n) => n.as_f64().map(format_number),
                Value::String(s) => match codes.get(key) {
                    Some(prefix) => Some(l10n.label(&format!("{prefix}-{s}"))),
                    None => first_step(s),
                },
                _ => None,
            };
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                out.push(Required {
                    path: path.to_owned(),
                    priority,
                    text,
                });
            }
        },
    );
    Ok(out)
}

/// The first of a note's [`super::steps`] (its first non-empty line, numbering dropped), without
/// splitting the whole note.
fn first_step(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    super::steps(line).into_iter().next()
}

/// The entity or group a path belongs to: `devices.dev-1` for any field of that device,
/// `baseline` for any baseline field. An item shows a required value when its source lies in the
/// same scope and its words contain the value's text.
pub fn scope(path: &str) -> String {
    scope_of(path).to_owned()
}

/// [`scope`] as a slice of `path`.
fn scope_of(path: &str) -> &str {
    // The end of each segment: the dots, then the end of the path.
    let ends = path
        .match_indices('.')
        .map(|(i, _)| i)
        .chain(std::iter::once(path.len()));
    let mut first = None;
    let mut keyed = false;
    for end in ends {
        if keyed {
            // The collection and the id after it.
            return &path[..end];
        }
        first.get_or_insert(end);
        keyed = is_keyed_map(&path[..end]);
    }
    if keyed {
        path
    } else {
        &path[..first.unwrap_or(path.len())]
    }
}

/// The required values no item of `sections` shows (see [`scope`]).
pub fn missing<'r>(sections: &[super::ViewSection], required: &'r [Required]) -> Vec<&'r Required> {
    // Each item's scope once, not once per required value.
    let items: Vec<(&str, &super::ViewItem)> = sections
        .iter()
        .flat_map(|s| &s.items)
        .filter_map(|i| i.source.as_deref().map(|src| (scope_of(src), i)))
        .collect();
    required
        .iter()
        .filter(|r| {
            let want = scope_of(&r.path);
            !items.iter().any(|(scope, i)| {
                *scope == want
                    && (i.label.contains(&r.text)
                        || i.value.contains(&r.text)
                        || i.detail.as_deref().is_some_and(|d| d.contains(&r.text)))
            })
        })
        .collect()
}

/// Calls `f(path, field key, leaf)` for every leaf under `v`, in the views' order. `path` and
/// `key` grow and shrink in place as the walk goes down and up: the key is the path with
/// collection ids left out ([`field_key`], worked out on the way rather than per leaf).
/// `entity` is set for an entity of a collection, whose key is still the collection's.
fn walk(
    v: &Value,
    path: &mut String,
    key: &mut String,
    entity: bool,
    f: &mut impl FnMut(&str, &str, &Value),
) {
    match v {
        Value::Object(map) => {
            // Collections iterate in their explicit order, so the list reads as the views do.
            // (An entity's own fields are sorted the same way, as they always were: none of
            // them has an order, so they stay in key order.)
            let sorted = !key.is_empty() && is_keyed_map(key);
            // A collection's keys are ids, which the field key leaves out.
            let ids = sorted && !entity;
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sorted {
                entries.sort_by(|a, b| {
                    let order = |v: &Value| v.get("order").and_then(Value::as_f64).unwrap_or(0.0);
                    order(a.1).total_cmp(&order(b.1)).then(a.0.cmp(b.0))
                });
            }
            let (path_len, key_len) = (path.len(), key.len());
            for (k, child) in entries {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                if !ids {
                    if !key.is_empty() {
                        key.push('.');
                    }
                    key.push_str(k);
                }
                walk(child, path, key, ids, f);
                path.truncate(path_len);
                key.truncate(key_len);
            }
        }
        Value::Null | Value::Array(_) => {}
        leaf => f(path, key, leaf),
    }
}

/// [`code_fields`], worked out once: it depends on the types only, and generating the JSON
/// Schema of `Profile` for it on every view was a tenth of a card's time.
static CODE_FIELDS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(code_fields);

/// Field keys whose values are code lists, with their Fluent prefix.
fn code_fields() -> HashMap<String, &'static str> {
    use crate::model::*;
    let mut out = HashMap::new();
    let schema = schemars::schema_for!(Profile);
    let root = schema.as_value();
    let defs = root.get("$defs").cloned().unwrap_or(Value::Null);
    macro_rules! prefixes {
        ($($ty:ty),+ $(,)?) => {
            [$((<$ty as schemars::JsonSchema>::schema_name().into_owned(), <$ty>::FLUENT_PREFIX)),+]
        };
    }
    let lists = prefixes![
        Section,
        VerifierRole,
        Sex,
        LifeStage,
        DeviceKind,
        TubeType,
        AvoidKind,
        RoutineKind,
        MedicationRoute,
        AllergyStatus,
        Severity,
        Certainty,
        ProblemKind,
        CareRole,
        Hazard,
        Strategy,
        PowerAvailability,
        PowerSourceKind,
        StockCategory,
        ConsentAudience,
        DiagnosisKind,
        Resuscitation,
    ];
    schema_walk(
        root,
        &defs,
        "",
        &mut |key, def_name| {
            if let Some((_, prefix)) = lists.iter().find(|(n, _)| n == def_name) {
                out.entry(key.to_owned()).or_insert(*prefix);
            }
        },
        0,
    );
    out
}

/// Walks the JSON Schema, calling `f(field key, referenced definition name)` for every `$ref`.
fn schema_walk(node: &Value, defs: &Value, key: &str, f: &mut impl FnMut(&str, &str), depth: usize) {
    if depth > 64 {
        return;
    }
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        f(key, name);
        if let Some(def) = defs.get(name) {
            schema_walk(def, defs, key, f, depth + 1);
        }
    }
    for comb in ["anyOf", "oneOf", "allOf"] {
        for alt in node.get(comb).and_then(Value::as_array).into_iter().flatten() {
            schema_walk(alt, defs, key, f, depth + 1);
        }
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let k = if key.is_empty() {
                name.clone()
            } else {
                format!("{key}.{name}")
            };
            schema_walk(p, defs, &k, f, depth + 1);
        }
    }
    for nested in ["additionalProperties", "items"] {
        if let Some(item) = node.get(nested).filter(|v| v.is_object()) {
            schema_walk(item, defs, key, f, depth + 1);
        }
    }
}

/// Every leaf field key of the profile's JSON Schema (a field with no fields of its own).
pub fn schema_leaf_fields() -> Vec<String> {
    let schema = schemars::schema_for!(Profile);
    let root = schema.as_value();
    let defs = root.get("$defs").cloned().unwrap_or(Value::Null);
    let mut all: Vec<String> = Vec::new();
    leaf_walk(root, &defs, "", &mut all, 0);
    all.sort();
    all.dedup();
    all.iter()
        .filter(|k| !all.iter().any(|o| o.starts_with(&format!("{k}."))))
        .cloned()
        .collect()
}

fn leaf_walk(node: &Value, defs: &Value, key: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    if !key.is_empty() {
        out.push(key.to_owned());
    }
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && let Some(def) = defs.get(name)
    {
        leaf_walk(def, defs, key, out, depth + 1);
    }
    for comb in ["anyOf", "oneOf", "allOf"] {
        for alt in node.get(comb).and_then(Value::as_array).into_iter().flatten() {
            leaf_walk(alt, defs, key, out, depth + 1);
        }
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let k = if key.is_empty() {
                name.clone()
            } else {
                format!("{key}.{name}")
            };
            leaf_walk(p, defs, &k, out, depth + 1);
        }
    }
    for nested in ["additionalProperties", "items"] {
        if let Some(item) = node.get(nested).filter(|v| v.is_object()) {
            leaf_walk(item, defs, key, out, depth + 1);
        }
    }
}

#[cfg(test)]
#[path = "spec_tests.rs"]
mod tests;
