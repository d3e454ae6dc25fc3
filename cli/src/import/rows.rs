//! Checking the rows of an import sheet: each row becomes a profile draft through the core's
//! form model (the same normalization as typing into a form: full-width digits, 令和 dates,
//! labels of choices), the model's rules (`Profile::validate`) and its plausibility warnings.
//! Every problem is kept against its row and column, so one pass reports all of them.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use tsunagu_core::document::edit::from_json;
use tsunagu_core::form::{self, plausible};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::{Profile, ValidationContext, new_id_for};
use tsunagu_core::store::search_key;

use super::columns::{Column, letter};
use super::sheet::Sheet;

/// One problem of the sheet, at a row (1-based, as the spreadsheet shows it) and maybe a column.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The row, 1-based.
    pub row: usize,
    /// The column, 0-based, when one cell is at fault.
    pub column: Option<usize>,
    /// The column's header in the user's language (or the unknown header as written).
    pub header: Option<String>,
    /// The profile field at fault, when one is (`child.date_of_birth`).
    pub field: Option<String>,
    /// What is wrong, in the user's language (no value from the cell).
    pub message: String,
    /// The whole line, place and message ([`Problem::describe`]), filled in by [`check`].
    pub text: String,
}

impl Problem {
    /// "行 3, 列 D (生年月日): …" / "Row 3, column D (Date of birth): …".
    pub fn describe(&self, l: &Localizer) -> String {
        let row = self.row.to_string();
        match self.column {
            Some(col) => l.message(
                "cli-import-at-cell",
                &[
                    ("row", &row),
                    ("column", &letter(col)),
                    ("header", self.header.as_deref().unwrap_or_default()),
                    ("message", &self.message),
                ],
            ),
            None => l.message("cli-import-at-row", &[("row", &row), ("message", &self.message)]),
        }
    }

    /// The spreadsheet letter of the column, if any.
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(letter)
    }

    /// `{row, column, header, field, message, text}` for `--json` (`column` as its letter).
    pub fn to_json(&self) -> Value {
        json!({
            "row": self.row,
            "column": self.column_letter(),
            "header": self.header,
            "field": self.field,
            "message": self.message,
            "text": self.text,
        })
    }
}

/// A row that passed every check: the profile to create.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The row, 1-based.
    pub row: usize,
    /// The profile.
    pub profile: Profile,
}

/// A child already in the store, for the duplicate check.
#[derive(Debug, Clone)]
pub struct Existing {
    /// The profile id.
    pub id: String,
    /// Its name, if recorded.
    pub name: Option<String>,
    /// Its date of birth, if recorded.
    pub date_of_birth: Option<NaiveDate>,
}

/// What the check needs besides the sheet.
pub struct CheckOptions<'a> {
    /// Children already in the store.
    pub existing: &'a [Existing],
    /// Today (dates may not be later; ages for plausibility).
    pub today: NaiveDate,
    /// Let a name and date of birth already in the store (or twice in the sheet) through.
    pub allow_duplicates: bool,
    /// The user's language.
    pub l: &'a Localizer,
}

/// Checks every row; the drafts when all are valid, else every problem found.
pub fn check(sheet: &Sheet, opts: &CheckOptions<'_>) -> Result<Vec<Draft>, Vec<Problem>> {
    check_rows(sheet, opts).map_err(|mut problems| {
        for p in &mut problems {
            p.text = p.describe(opts.l);
        }
        problems
    })
}

fn check_rows(sheet: &Sheet, opts: &CheckOptions<'_>) -> Result<Vec<Draft>, Vec<Problem>> {
    let l = opts.l;
    let mut problems = Vec::new();
    let row_problem = |row: usize, id: &str| Problem {
        row,
        column: None,
        header: None,
        field: None,
        message: l.message(id, &[]),
        text: String::new(),
    };
    let Some(header) = sheet.rows.first().filter(|r| !blank(r)) else {
        return Err(vec![row_problem(1, "cli-import-empty")]);
    };
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (index, text) in header.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let problem = |id: &str| Problem {
            row: 1,
            column: Some(index),
            header: Some(text.trim().to_owned()),
            field: None,
            message: l.message(id, &[]),
            text: String::new(),
        };
        match Column::from_header(text) {
            Some(c) if columns.iter().any(|(_, seen)| *seen == c) => {
                problems.push(problem("cli-import-column-twice"));
            }
            Some(c) => columns.push((index, c)),
            None => problems.push(problem("cli-import-unknown-column")),
        }
    }
    if !columns.iter().any(|(_, c)| *c == Column::Name) {
        problems.push(row_problem(1, "cli-import-no-name-column"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut drafts = Vec::new();
    let mut seen: Vec<(String, Option<NaiveDate>, usize)> = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate().skip(1) {
        if blank(cells) {
            continue;
        }
        let row = Row {
            number: i + 1,
            cells,
            columns: &columns,
            l,
        };
        match row.draft(opts.today) {
            Ok(profile) => {
                let key = (
                    search_key(profile.child.name.as_deref().unwrap_or_default()),
                    profile.child.date_of_birth.map(|d| d.0),
                );
                if !opts.allow_duplicates {
                    if let Some(dup) = duplicate_in_store(&key, opts.existing) {
                        problems.push(row.problem(
                            Column::Name,
                            None,
                            l.message("cli-import-duplicate-in-store", &[("profile", &dup.id)]),
                        ));
                    } else if let Some((.., first)) = seen.iter().find(|(n, d, _)| (n, d) == (&key.0, &key.1))
                    {
                        problems.push(row.problem(
                            Column::Name,
                            None,
                            l.message("cli-import-duplicate-in-sheet", &[("row", &first.to_string())]),
                        ));
                    }
                }
                seen.push((key.0, key.1, i + 1));
                drafts.push(Draft { row: i + 1, profile });
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if drafts.is_empty() && problems.is_empty() {
        problems.push(row_problem(2, "cli-import-no-rows"));
    }
    if problems.is_empty() {
        Ok(drafts)
    } else {
        Err(problems)
    }
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn duplicate_in_store<'a>(
    key: &(String, Option<NaiveDate>),
    existing: &'a [Existing],
) -> Option<&'a Existing> {
    existing
        .iter()
        .find(|e| search_key(e.name.as_deref().unwrap_or_default()) == key.0 && e.date_of_birth == key.1)
}

/// One data row being turned into a profile.
struct Row<'a> {
    number: usize,
    cells: &'a [String],
    columns: &'a [(usize, Column)],
    l: &'a Localizer,
}

/// The words that say "no allergies known" in an allergy cell.
const NO_ALLERGIES: &[&str] = &["なし", "無し", "無", "ない", "none", "no", "nka", "-"];

impl Row<'_> {
    /// The trimmed text of `column` in this row, empty when the column is absent.
    fn cell(&self, column: Column) -> &str {
        self.columns
            .iter()
            .find(|(_, c)| *c == column)
            .and_then(|(i, _)| self.cells.get(*i))
            .map(|s| s.trim())
            .unwrap_or_default()
    }

    fn problem(&self, column: Column, field: Option<&str>, message: String) -> Problem {
        Problem {
            row: self.number,
            column: self.columns.iter().find(|(_, c)| *c == column).map(|(i, _)| *i),
            header: Some(column.header(self.l)),
            field: field.map(str::to_owned),
            message,
            text: String::new(),
        }
    }

    /// The profile of this row, or every problem of its cells and rules.
    fn draft(&self, today: NaiveDate) -> Result<Profile, Vec<Problem>> {
        let mut json = serde_json::to_value(Profile::empty()).unwrap_or_else(|_| json!({}));
        let mut problems = Vec::new();
        self.fill(&mut json, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let profile = from_json(json).map_err(|e| vec![self.core_problem(&e)])?;
        if let Err(v) = profile.validate(ValidationContext { today }) {
            return Err(v
                .violations
                .iter()
                .map(|v| {
                    let message = rule_message(&v.rule, self.l);
                    self.problem(column_of(&v.field), Some(&v.field), message)
                })
                .collect());
        }
        let warnings = plausible::warnings(&profile, today);
        if !warnings.is_empty() {
            return Err(warnings
                .iter()
                .map(|w| {
                    let message = format!(
                        "{} {}",
                        w.describe(self.l),
                        self.l.message("cli-import-unusual-hint", &[])
                    );
                    self.problem(column_of(&w.path), Some(&w.path), message)
                })
                .collect());
        }
        Ok(profile)
    }

    /// Puts every cell into the profile's JSON, normalized through the form model.
    fn fill(&self, json: &mut Value, problems: &mut Vec<Problem>) {
        let name = self.cell(Column::Name);
        if name.is_empty() {
            problems.push(self.problem(
                Column::Name,
                Some("child.name"),
                self.l.message("cli-import-required", &[]),
            ));
        }
        for (column, path) in [
            (Column::Name, "child.name"),
            (Column::Kana, "child.name_kana"),
            (Column::DateOfBirth, "child.date_of_birth"),
            (Column::Sex, "child.sex"),
            (Column::Address, "child.address"),
            (Column::WeightKg, "child.weight.kg"),
            (Column::WeightMeasuredOn, "child.weight.measured_on"),
        ] {
            if let Some(v) = self.value(column, path, self.cell(column), problems) {
                put(json, path, v);
            }
        }
        self.guardian(json, problems);
        self.devices(json, problems);
        self.allergies(json, problems);
        for (role, cols) in [
            (
                "attending_doctor",
                [
                    Some(Column::DoctorName),
                    Some(Column::DoctorHospital),
                    Some(Column::DoctorPhone),
                ],
            ),
            (
                "visiting_nurse",
                [None, Some(Column::NurseStation), Some(Column::NursePhone)],
            ),
            (
                "care_plan_consultant",
                [Some(Column::ConsultantName), None, Some(Column::ConsultantPhone)],
            ),
        ] {
            self.care_team_member(json, role, cols, problems);
        }
    }

    /// The cell normalized for the field at `path`; `None` when empty or refused (a problem).
    fn value(&self, column: Column, path: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Value> {
        if text.is_empty() {
            return None;
        }
        match form::normalize_value(path, Value::String(text.to_owned())) {
            Ok(Value::Null) => None,
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(self.problem(
                    column,
                    Some(&tsunagu_core::i18n::field_key(path)),
                    self.error_text(&e),
                ));
                None
            }
        }
    }

    fn error_text(&self, e: &tsunagu_core::Error) -> String {
        match e {
            tsunagu_core::Error::Input { expected, .. } => expected.describe(self.l),
            other => form::describe_error(other, self.l).unwrap_or_else(|| other.to_string()),
        }
    }

    fn core_problem(&self, e: &tsunagu_core::Error) -> Problem {
        Problem {
            row: self.number,
            column: None,
            header: None,
            field: None,
            message: self.error_text(e),
            text: String::new(),
        }
    }

    fn guardian(&self, json: &mut Value, problems: &mut Vec<Problem>) {
        let (name, relation, phone) = (
            self.cell(Column::GuardianName),
            self.cell(Column::GuardianRelation),
            self.cell(Column::GuardianPhone),
        );
        if name.is_empty() && relation.is_empty() && phone.is_empty() {
            return;
        }
        if name.is_empty() {
            problems.push(self.problem(
                Column::GuardianName,
                Some("contacts.name"),
                self.l.message("cli-import-guardian-name-needed", &[]),
            ));
            return;
        }
        let id = new_id_for("contacts").unwrap_or_else(|| "ct-import".into());
        let base = format!("contacts.{id}");
        let mut entity = Map::new();
        for (column, field, text) in [
            (Column::GuardianName, "name", name),
            (Column::GuardianRelation, "relation", relation),
            (Column::GuardianPhone, "phone", phone),
        ] {
            if let Some(v) = self.value(column, &format!("{base}.{field}"), text, problems) {
                entity.insert(field.into(), v);
            }
        }
        put(json, &base, Value::Object(entity));
    }

    fn devices(&self, json: &mut Value, problems: &mut Vec<Problem>) {
        let mut kinds: Vec<(String, String)> = Vec::new();
        for item in list(self.cell(Column::Devices)) {
            let id = new_id_for("devices").unwrap_or_else(|| "dev-import".into());
            if let Some(Value::String(kind)) =
                self.value(Column::Devices, &format!("devices.{id}.kind"), item, problems)
            {
                kinds.push((id, kind));
            }
        }
        let mut mains: Vec<String> = Vec::new();
        for item in list(self.cell(Column::DevicesNeedingMains)) {
            let Some(Value::String(kind)) =
                self.value(Column::DevicesNeedingMains, "devices.x.kind", item, problems)
            else {
                continue;
            };
            if kinds.iter().any(|(_, k)| *k == kind) {
                mains.push(kind);
            } else {
                problems.push(self.problem(
                    Column::DevicesNeedingMains,
                    Some("devices.power.needs_mains"),
                    self.l.message("cli-import-mains-not-listed", &[]),
                ));
            }
        }
        for (id, kind) in kinds {
            let mut device = json!({ "kind": kind });
            if let Some(at) = mains.iter().position(|k| *k == kind) {
                mains.remove(at);
                device["power"] = json!({ "needs_mains": true });
            }
            put(json, &format!("devices.{id}"), device);
        }
    }

    fn allergies(&self, json: &mut Value, problems: &mut Vec<Problem>) {
        let text = self.cell(Column::Allergies);
        if text.is_empty() {
            return;
        }
        if NO_ALLERGIES.contains(&search_key(text).as_str()) {
            put(json, "allergies.status", json!("none_known"));
            return;
        }
        put(json, "allergies.status", json!("recorded"));
        for item in list(text) {
            let id = new_id_for("allergies.items").unwrap_or_else(|| "alg-import".into());
            let path = format!("allergies.items.{id}.agent");
            if let Some(v) = self.value(Column::Allergies, &path, item, problems) {
                put(json, &format!("allergies.items.{id}"), json!({ "agent": v }));
            }
        }
    }

    /// A care team member of `role` from the (name, organization, phone) columns given.
    fn care_team_member(
        &self,
        json: &mut Value,
        role: &str,
        cols: [Option<Column>; 3],
        problems: &mut Vec<Problem>,
    ) {
        let texts: Vec<(Column, &str, &str)> = cols
            .iter()
            .zip(["name", "organization", "phone"])
            .filter_map(|(c, f)| c.map(|c| (c, f, self.cell(c))))
            .collect();
        if texts.iter().all(|(_, _, t)| t.is_empty()) {
            return;
        }
        let id = new_id_for("care_team").unwrap_or_else(|| "ctm-import".into());
        let base = format!("care_team.{id}");
        let mut entity = Map::new();
        entity.insert("role".into(), json!(role));
        for (column, field, text) in texts {
            if let Some(v) = self.value(column, &format!("{base}.{field}"), text, problems) {
                entity.insert(field.into(), v);
            }
        }
        put(json, &base, Value::Object(entity));
    }
}

/// The items of a list cell, separated by commas (either width), 、, ；, ／ or new lines.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '、', '，', ';', '；', '/', '／', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Sets `value` at the dotted `path` of `json`, creating objects on the way.
fn put(json: &mut Value, path: &str, value: Value) {
    let mut cur = json;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(map) = cur else { return };
        if i + 1 == segments.len() {
            map.insert((*seg).to_owned(), value);
            return;
        }
        cur = map
            .entry((*seg).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// The column a profile path comes from.
fn column_of(path: &str) -> Column {
    let key = tsunagu_core::i18n::field_key(path);
    match key.as_str() {
        "child.date_of_birth" => Column::DateOfBirth,
        "child.weight.measured_on" => Column::WeightMeasuredOn,
        k if k.starts_with("child.weight") => Column::WeightKg,
        "child.sex" => Column::Sex,
        "child.name_kana" => Column::Kana,
        "child.address" => Column::Address,
        k if k.starts_with("contacts") => Column::GuardianName,
        k if k.starts_with("devices") => Column::Devices,
        k if k.starts_with("allergies") => Column::Allergies,
        k if k.starts_with("care_team") => Column::DoctorName,
        _ => Column::Name,
    }
}

/// A rule of the model in the user's words (the model states its rules in English).
fn rule_message(rule: &str, l: &Localizer) -> String {
    let id = match rule {
        "must not be in the future" => "cli-import-rule-future",
        "is required" => "cli-import-required",
        r if r.starts_with("a weight needs the date") => "cli-import-rule-weight-date",
        _ => return l.message("cli-import-rule-other", &[("rule", rule)]),
    };
    l.message(id, &[])
}

#[cfg(test)]
mod tests;
