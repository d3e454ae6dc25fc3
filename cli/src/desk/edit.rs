//! Editing a section through the core's form model: `GET /child/{id}/edit/{section}` shows the
//! section's own fields (those of a single group such as `child` or `baseline`; collections
//! such as devices are not edited here yet) with their current values and what each expects;
//! `POST` saves the fields whose text changed as one change, typed text normalized by the core
//! (full-width digits, units, 令和 dates, labels of choices). A value the core questions is not
//! saved: its warning is shown with a box to confirm it, and saving again with the box ticked
//! records the confirmation with the value. The author is `--as`, else this device's name for
//! the profile; without either nothing is saved (the message says how to name the device).

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use tsunagu_core::form::values::filled_fields;
use tsunagu_core::form::{FormModel, InputKind, describe_error};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::is_keyed_map;
use tsunagu_core::readiness::checklist::format_number;
use tsunagu_core::{Edit, EditContext, ProfileStore};

use super::DeskState;
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, error_page, head_of, render, store_of};

/// One input of a form.
pub struct Input {
    /// The concrete path, also the input's name after `f:`.
    pub(super) path: String,
    /// Its id in the page (`f-` and the path with dots as dashes).
    pub(super) id: String,
    pub(super) label: String,
    pub(super) help: String,
    /// The text shown: the stored value, or what was just typed.
    pub(super) text: String,
    pub(super) long: bool,
    pub(super) required: bool,
}

impl Input {
    /// An input for the field `f` at the concrete `path`.
    pub fn new(
        path: &str,
        label: String,
        help: String,
        text: String,
        f: &tsunagu_core::form::FormField,
        required: bool,
    ) -> Self {
        Self {
            path: path.to_owned(),
            id: format!("f-{}", path.replace('.', "-")),
            label,
            help,
            text,
            long: matches!(f.input, InputKind::LongText { .. }),
            required,
        }
    }

    /// The concrete path (the input's name after `f:`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Shows `text` (what was typed) instead.
    pub fn set_text(&mut self, text: &str) {
        text.clone_into(&mut self.text);
    }
}

#[derive(Template)]
#[template(path = "desk/edit.html")]
struct EditPage {
    chrome: Chrome,
    head: ChildHead,
    section: String,
    section_label: String,
    inputs: Vec<Input>,
    /// What went wrong, in words (lines).
    problem: Vec<String>,
    /// True when the problem is values to confirm: the confirm box shows.
    confirm: bool,
    saved: bool,
}

impl EditPage {
    /// The sections this form edits, as (key, label).
    fn sections(&self) -> Vec<(String, String)> {
        let l = Localizer::shared(Lang::parse(self.chrome.lang).unwrap_or(Lang::Ja));
        FormModel::get()
            .sections
            .iter()
            .filter(|s| editable(&s.key))
            .map(|s| (s.key.clone(), s.label(l)))
            .collect()
    }

    /// The collections' lists (`entries.rs`), as (address, label, current).
    fn lists(&self) -> Vec<(String, String, bool)> {
        let l = Localizer::shared(Lang::parse(self.chrome.lang).unwrap_or(Lang::Ja));
        super::entries::lists(&self.head.id, "", l)
    }
}

/// True when the key lies in a collection (edited elsewhere, not in this form).
fn in_collection(key: &str) -> bool {
    let segments: Vec<&str> = key.split('.').collect();
    (1..segments.len()).any(|n| is_keyed_map(&segments[..n].join(".")))
}

/// The sections this form edits: single groups, not collections.
pub fn editable(section: &str) -> bool {
    FormModel::get()
        .section(section)
        .is_some_and(|s| !s.collection && s.fields.iter().any(|f| !in_collection(&f.key)))
}

/// A stored value as the text a person would type.
pub fn text_of(value: &Value, l: &Localizer) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_default(),
        Value::Bool(b) => l.message(if *b { "plan-yes" } else { "plan-no" }, &[]),
        other => other.to_string(),
    }
}

fn inputs(
    store: &mut ProfileStore,
    id: &str,
    section: &str,
    l: &Localizer,
) -> crate::error::Result<Vec<Input>> {
    let current: HashMap<String, Value> = filled_fields(store.document(id)?, section)?
        .into_iter()
        .map(|f| (f.path, f.value))
        .collect();
    let Some(sec) = FormModel::get().section(section) else {
        return Ok(Vec::new());
    };
    Ok(sec
        .fields
        .iter()
        .filter(|f| !in_collection(&f.key))
        // Lists are not edited as text here yet.
        .filter(|f| !matches!(f.input, InputKind::TextList { .. } | InputKind::ChoiceList { .. }))
        .map(|f| {
            let text = current.get(&f.key).map(|v| text_of(v, l)).unwrap_or_default();
            Input::new(
                &f.key,
                f.label(l),
                f.help(l),
                text,
                f,
                f.need == tsunagu_core::form::Need::Required,
            )
        })
        .collect())
}

/// `GET /child/{id}/edit/{section}` (`?saved=1` after a save).
pub async fn form(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, section)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    page(&state, &login, &id, &section, None, q.contains_key("saved"))
}

fn page(
    state: &DeskState,
    login: &Login,
    id: &str,
    section: &str,
    typed: Option<(&HashMap<String, String>, Vec<String>, bool)>,
    saved: bool,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !editable(section) {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    }
    let l = Localizer::shared(lang);
    let mut store = store_of(state, lang)?;
    let head = head_of(&mut store, id, lang, "edit")?;
    let mut inputs = inputs(&mut store, id, section, l).map_err(|e| Failure::of(lang, e))?;
    drop(store);
    let (problem, confirm) = match typed {
        Some((typed, problem, confirm)) => {
            for input in &mut inputs {
                if let Some(text) = typed.get(&input.path) {
                    input.text.clone_from(text);
                }
            }
            (problem, confirm)
        }
        None => (Vec::new(), false),
    };
    let status = if problem.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = EditPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/edit/{section}")),
        head,
        section: section.to_owned(),
        section_label: l.field_label(section),
        inputs,
        problem,
        confirm,
        saved,
    };
    Ok((status, render(&page)).into_response())
}

/// `POST /child/{id}/edit/{section}`: saves what changed, or shows why not.
pub async fn save(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, section)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !editable(&section) {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    }
    let l = Localizer::shared(lang);
    let typed: HashMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("f:")
                .map(|p| (p.to_owned(), v.replace("\r\n", "\n")))
        })
        .collect();
    let confirmed = fields.iter().any(|(k, v)| k == "confirm" && v == "yes");
    let result = {
        let mut store = store_of(&state, lang)?;
        let current = inputs(&mut store, &id, &section, l).map_err(|e| Failure::of(lang, e))?;
        let mut edits: Vec<Edit> = current
            .iter()
            .filter_map(|input| {
                let text = typed.get(&input.path)?;
                (text.trim() != input.text.trim()).then(|| Edit::set(input.path.clone(), text.trim()))
            })
            .collect();
        if edits.is_empty() {
            Ok(None)
        } else {
            if confirmed {
                let paths: Vec<String> = edits
                    .iter()
                    .filter_map(|e| match e {
                        Edit::Set { path, .. } => Some(path.clone()),
                        _ => None,
                    })
                    .collect();
                edits.extend(paths.into_iter().map(|path| Edit::Confirm { path }));
            }
            save_as_author(&state, &mut store, &id, &edits, lang)?.map(Some)
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/child/{id}/edit/{section}?saved=1")).into_response()),
        Err(e) => {
            let Some((problem, confirm)) = problem_of(&e, l) else {
                return Err(Failure::of(lang, e));
            };
            page(
                &state,
                &login,
                &id,
                &section,
                Some((&typed, problem, confirm)),
                false,
            )
        }
    }
}

/// Saves `edits` to profile `id` as this desk's author ([`author`]); with no author nothing is
/// saved (`DeviceNameMissing`). The outer error fails the page; the inner one is the core's
/// refusal, for the form to show ([`problem_of`]).
pub fn save_as_author(
    state: &DeskState,
    store: &mut ProfileStore,
    id: &str,
    edits: &[Edit],
    lang: Lang,
) -> Result<tsunagu_core::Result<()>, Failure> {
    match author(state, store, id) {
        Ok(Some(ctx)) => Ok(store.edit(id, edits, &ctx).map(|_| ())),
        Ok(None) => Ok(Err(tsunagu_core::Error::DeviceNameMissing(id.to_owned()))),
        Err(e) => Err(Failure::of(lang, e)),
    }
}

/// A refused edit as the form shows it: the lines of its words, and whether it asks for a
/// confirmation; `None` when the core has no words for it (the page fails instead).
pub fn problem_of(e: &tsunagu_core::Error, l: &Localizer) -> Option<(Vec<String>, bool)> {
    let words = describe_error(e, l)?;
    let confirm = matches!(e, tsunagu_core::Error::NeedsConfirmation(_));
    Some((words.lines().map(|s| s.trim().to_owned()).collect(), confirm))
}

/// Who the edit is recorded as: `--as`, else this device's name for the profile.
pub fn author(
    state: &DeskState,
    store: &mut ProfileStore,
    id: &str,
) -> crate::error::Result<Option<EditContext>> {
    if let Some(name) = &state.author {
        return Ok(Some(EditContext::now(name.clone())));
    }
    Ok(store.device_card(id)?.map(|card| EditContext::now(card.name)))
}
