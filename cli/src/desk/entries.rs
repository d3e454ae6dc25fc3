//! The entries of a child's collections on the desk (medications, allergies, contacts, the care
//! team, things to avoid, emergency actions, supplies… every collection the core's form model
//! knows, devices included): `GET /child/{id}/entries/{collection}` lists them with edit and
//! remove; `…/new` adds one; `…/{entry}` edits one; `…/{entry}/remove` asks, then removes it.
//! Each save is one change through `ProfileStore::edit`: only the fields whose value changed are
//! set (so two copies editing different fields of one entry merge, and the same field edited
//! apart becomes a review item), typed text is normalized by the core, an unusual value is saved
//! only once confirmed, and a refusal writes nothing and is shown against its fields.
//! Devices are added by kind on their own page (`device.rs`); they are edited and removed here.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::{DeviceKind, new_id_for};
use tsunagu_core::{Edit, ProfileStore};

use super::DeskState;
use super::edit::{editable, save_as_author};
use super::entry_form::{self, EntryInput, Refusal};
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, error_page, head_of, render, store_of};

/// One entry in a list.
struct Row {
    text: String,
    edit: String,
    remove: String,
}

#[derive(Template)]
#[template(path = "desk/entries.html")]
struct EntriesPage {
    chrome: Chrome,
    head: ChildHead,
    label: String,
    /// (address, label, is this list) of every list.
    lists: Vec<(String, String, bool)>,
    /// (address, words) of the section's own fields, for a list inside a section.
    section_edit: Option<(String, String)>,
    rows: Vec<Row>,
    add: String,
    saved: bool,
    removed: bool,
}

#[derive(Template)]
#[template(path = "desk/entry.html")]
struct EntryPage {
    chrome: Chrome,
    head: ChildHead,
    title: String,
    back: String,
    back_label: String,
    action: String,
    inputs: Vec<EntryInput>,
    problem: Vec<String>,
    confirm: bool,
    save_label: String,
    remove: Option<String>,
}

#[derive(Template)]
#[template(path = "desk/entry_remove.html")]
struct RemovePage {
    chrome: Chrome,
    head: ChildHead,
    question: String,
    action: String,
    back: String,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    saved: Option<String>,
    removed: Option<String>,
}

fn not_found(lang: Lang) -> Response {
    error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found")
}

/// The list's own page: devices have theirs (adding asks for the kind first).
fn list_url(id: &str, collection: &str) -> String {
    if collection == "devices" {
        format!("/child/{id}/devices")
    } else {
        format!("/child/{id}/entries/{collection}")
    }
}

/// The tab a page of this list belongs to.
fn tab(collection: &str) -> &'static str {
    if collection == "devices" {
        "devices"
    } else {
        "edit"
    }
}

/// The list's label (`薬`, `Allergies › …`).
fn list_label(collection: &str, l: &Localizer) -> String {
    l.field_label(collection)
}

/// The entries of `collection` as (id, JSON), in their order.
fn entities(
    store: &mut ProfileStore,
    id: &str,
    collection: &str,
) -> crate::error::Result<Vec<(String, Value)>> {
    let profile = serde_json::to_value(store.profile(id)?)
        .map_err(|_| crate::error::CliError::Failure("the profile is not serializable".into()))?;
    let map = entry_form::value_at(&profile, collection);
    let mut out: Vec<(String, Value)> = map
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let order = |v: &Value| v.get("order").and_then(Value::as_f64).unwrap_or(0.0);
    out.sort_by(|a, b| order(&a.1).total_cmp(&order(&b.1)).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// The stored entry, if it exists.
fn entity(
    store: &mut ProfileStore,
    id: &str,
    collection: &str,
    entry: &str,
    lang: Lang,
) -> Result<Option<Value>, Failure> {
    Ok(entities(store, id, collection)
        .map_err(|e| Failure::of(lang, e))?
        .into_iter()
        .find(|(k, _)| k == entry)
        .map(|(_, v)| v))
}

/// A device's kind (its settings group decides its fields); `None` for other entries.
fn kind_of(collection: &str, entity: &Value) -> Option<DeviceKind> {
    (collection == "devices")
        .then(|| {
            entity
                .get("kind")
                .and_then(Value::as_str)
                .and_then(DeviceKind::parse)
        })
        .flatten()
}

/// `GET /child/{id}/entries/{collection}`.
pub async fn list(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection)): Path<(String, String)>,
    Query(q): Query<ListQuery>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) {
        return Ok(not_found(lang));
    }
    if collection == "devices" {
        return Ok(Redirect::to(&list_url(&id, &collection)).into_response());
    }
    let l = Localizer::shared(lang);
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, "edit")?;
    let rows = entities(&mut store, &id, &collection)
        .map_err(|e| Failure::of(lang, e))?
        .into_iter()
        .map(|(entry, v)| Row {
            text: entry_form::entry_words(&collection, None, &v, l),
            edit: format!("/child/{id}/entries/{collection}/{entry}"),
            remove: format!("/child/{id}/entries/{collection}/{entry}/remove"),
        })
        .collect();
    drop(store);
    let section = collection.split('.').next().unwrap_or_default();
    let section_edit = (section != collection && editable(section)).then(|| {
        (
            format!("/child/{id}/edit/{section}"),
            l.message(
                "desk-entries-section-fields",
                &[("section", &l.field_label(section))],
            ),
        )
    });
    let page = EntriesPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/entries/{collection}")),
        head,
        label: list_label(&collection, l),
        lists: lists(&id, &collection, l),
        section_edit,
        rows,
        add: format!("/child/{id}/entries/{collection}/new"),
        saved: q.saved.is_some(),
        removed: q.removed.is_some(),
    };
    Ok(render(&page))
}

/// Every list of the child, as (address, label, is `current`).
pub fn lists(id: &str, current: &str, l: &Localizer) -> Vec<(String, String, bool)> {
    entry_form::collections()
        .into_iter()
        .map(|c| (list_url(id, c), list_label(c, l), c == current))
        .collect()
}

/// What a form shows: the stored (or typed) values and the refusal, if any.
struct Shown<'a> {
    typed: Option<&'a HashMap<String, String>>,
    refusal: Option<Refusal>,
}

fn entry_page(
    state: &DeskState,
    login: &Login,
    id: &str,
    collection: &str,
    entry: Option<&str>,
    stored: &Value,
    shown: Shown<'_>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut store = store_of(state, lang)?;
    let head = head_of(&mut store, id, lang, tab(collection))?;
    drop(store);
    let kind = kind_of(collection, stored);
    let mut inputs = entry_form::inputs(collection, kind, stored, l);
    if let Some(typed) = shown.typed {
        for input in &mut inputs {
            if let Some(text) = typed.get(input.name.trim_start_matches("f:")) {
                input.text.clone_from(text);
            }
        }
    }
    let (problem, confirm) = match &shown.refusal {
        Some(r) => {
            r.place(&mut inputs);
            (r.summary.clone(), r.confirm)
        }
        None => (Vec::new(), false),
    };
    let label = list_label(collection, l);
    let words = entry_form::entry_words(collection, kind, stored, l);
    let (title, action, save_label, remove) = match entry {
        Some(entry) => (
            l.message("desk-entries-edit-title", &[("list", &label), ("entry", &words)]),
            format!("/child/{id}/entries/{collection}/{entry}"),
            l.message("desk-edit-save", &[]),
            Some(format!("/child/{id}/entries/{collection}/{entry}/remove")),
        ),
        None => (
            l.message("desk-entries-new", &[("list", &label)]),
            format!("/child/{id}/entries/{collection}/new"),
            l.message("desk-entries-add", &[]),
            None,
        ),
    };
    let status = if problem.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = EntryPage {
        chrome: Chrome::new(lang, &login.csrf, &action),
        head,
        title,
        back: list_url(id, collection),
        back_label: l.message("desk-entries-back", &[("list", &label)]),
        action,
        inputs,
        problem,
        confirm,
        save_label,
        remove,
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /child/{id}/entries/{collection}/new`.
pub async fn new_form(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection)): Path<(String, String)>,
) -> Result<Response, Failure> {
    if !entry_form::known(&collection) {
        return Ok(not_found(login.lang));
    }
    if collection == "devices" {
        return Ok(Redirect::to(&list_url(&id, &collection)).into_response());
    }
    let shown = Shown {
        typed: None,
        refusal: None,
    };
    entry_page(&state, &login, &id, &collection, None, &Value::Null, shown)
}

/// `POST /child/{id}/entries/{collection}/new`: adds the entry, or shows why not.
pub async fn add(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) || collection == "devices" {
        return Ok(not_found(lang));
    }
    let l = Localizer::shared(lang);
    let typed = entry_form::typed(&fields);
    let Some(entry) = new_id_for(&collection) else {
        return Ok(not_found(lang));
    };
    let mut edits = vec![Edit::Add {
        collection: collection.clone(),
        id: entry.clone(),
        entity: Value::Object(entry_form::new_entity(&collection, None, &typed)),
    }];
    if entry_form::confirmed(&fields) {
        edits.push(Edit::Confirm {
            path: format!("{collection}.{entry}"),
        });
    }
    let result = {
        let mut store = store_of(&state, lang)?;
        save_as_author(&state, &mut store, &id, &edits, lang)?
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{}?saved=1", list_url(&id, &collection))).into_response()),
        Err(e) => {
            let Some(refusal) = entry_form::refusal(&e, &format!("{collection}.{entry}"), l) else {
                return Err(Failure::of(lang, e));
            };
            let shown = Shown {
                typed: Some(&typed),
                refusal: Some(refusal),
            };
            entry_page(&state, &login, &id, &collection, None, &Value::Null, shown)
        }
    }
}

/// `GET /child/{id}/entries/{collection}/{entry}`.
pub async fn edit_form(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection, entry)): Path<(String, String, String)>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) {
        return Ok(not_found(lang));
    }
    let stored = {
        let mut store = store_of(&state, lang)?;
        entity(&mut store, &id, &collection, &entry, lang)?
    };
    let Some(stored) = stored else {
        return Ok(not_found(lang));
    };
    let shown = Shown {
        typed: None,
        refusal: None,
    };
    entry_page(&state, &login, &id, &collection, Some(&entry), &stored, shown)
}

/// `POST /child/{id}/entries/{collection}/{entry}`: saves the fields that changed, or shows why
/// not (nothing is written then).
pub async fn save(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection, entry)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) {
        return Ok(not_found(lang));
    }
    let l = Localizer::shared(lang);
    let typed = entry_form::typed(&fields);
    let prefix = format!("{collection}.{entry}");
    let (stored, result) = {
        let mut store = store_of(&state, lang)?;
        let Some(stored) = entity(&mut store, &id, &collection, &entry, lang)? else {
            return Ok(not_found(lang));
        };
        let kind = kind_of(&collection, &stored);
        let mut edits = entry_form::changes(&collection, kind, &prefix, &stored, &typed);
        if edits.is_empty() {
            (stored, Ok(()))
        } else {
            if entry_form::confirmed(&fields) {
                edits.push(Edit::Confirm { path: prefix.clone() });
            }
            let result = save_as_author(&state, &mut store, &id, &edits, lang)?;
            (stored, result)
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{}?saved=1", list_url(&id, &collection))).into_response()),
        Err(e) => {
            let Some(refusal) = entry_form::refusal(&e, &prefix, l) else {
                return Err(Failure::of(lang, e));
            };
            let shown = Shown {
                typed: Some(&typed),
                refusal: Some(refusal),
            };
            entry_page(&state, &login, &id, &collection, Some(&entry), &stored, shown)
        }
    }
}

/// `GET /child/{id}/entries/{collection}/{entry}/remove`: asks first.
pub async fn remove_form(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection, entry)): Path<(String, String, String)>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) {
        return Ok(not_found(lang));
    }
    let l = Localizer::shared(lang);
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, tab(&collection))?;
    let Some(stored) = entity(&mut store, &id, &collection, &entry, lang)? else {
        return Ok(not_found(lang));
    };
    drop(store);
    let words = entry_form::entry_words(&collection, kind_of(&collection, &stored), &stored, l);
    let action = format!("/child/{id}/entries/{collection}/{entry}/remove");
    let page = RemovePage {
        chrome: Chrome::new(lang, &login.csrf, &action),
        head,
        question: l.message(
            "desk-entries-remove-question",
            &[("entry", &words), ("list", &list_label(&collection, l))],
        ),
        action,
        back: list_url(&id, &collection),
    };
    Ok(render(&page))
}

/// `POST /child/{id}/entries/{collection}/{entry}/remove`: removes the entry (one change).
pub async fn remove(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, collection, entry)): Path<(String, String, String)>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    if !entry_form::known(&collection) {
        return Ok(not_found(lang));
    }
    let result = {
        let mut store = store_of(&state, lang)?;
        if entity(&mut store, &id, &collection, &entry, lang)?.is_none() {
            return Ok(not_found(lang));
        }
        let edits = [Edit::Remove {
            collection: collection.clone(),
            id: entry.clone(),
        }];
        save_as_author(&state, &mut store, &id, &edits, lang)?
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{}?removed=1", list_url(&id, &collection))).into_response()),
        Err(e) => match tsunagu_core::form::describe_error(&e, Localizer::shared(lang)) {
            Some(_) if matches!(e, tsunagu_core::Error::DeviceNameMissing(_)) => Ok(error_page(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                "member-name-missing",
            )),
            Some(_) if matches!(e, tsunagu_core::Error::ViewerCannotEdit(_)) => Ok(error_page(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                "entry-viewer-cannot-edit",
            )),
            _ => Err(Failure::of(lang, e)),
        },
    }
}
