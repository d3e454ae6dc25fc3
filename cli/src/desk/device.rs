//! Adding a device by kind through the core's form model: `GET /child/{id}/devices` lists the
//! devices and offers the kinds; `GET /child/{id}/devices/new?kind=K` shows the fields of that
//! kind only (common fields and its own settings, `FormModel::device_fields`); `POST` adds the
//! device as one change, typed text normalized by the core, an unusual value refused until
//! confirmed (as a section's form does, `edit.rs`). An existing device is edited and removed
//! through the entries of the `devices` collection (`entries.rs`), linked from the list here.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Map, Value};

use super::entry_form::insert;
use tsunagu_core::Edit;
use tsunagu_core::form::{FormModel, InputKind, Need};
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::{DeviceKind, is_keyed_map, new_id_for};

use super::DeskState;
use super::edit::{Input, problem_of, save_as_author};
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, error_page, head_of, render, store_of};

#[derive(Template)]
#[template(path = "desk/devices.html")]
struct DevicesPage {
    chrome: Chrome,
    head: ChildHead,
    /// (kind label, name or model, id) of each device, in order.
    devices: Vec<(String, String, String)>,
    /// (kind, label) of every kind.
    kinds: Vec<(String, String)>,
    /// After a device was saved or removed (`entries.rs` comes back here).
    saved: bool,
    removed: bool,
}

#[derive(Template)]
#[template(path = "desk/device_new.html")]
struct NewDevicePage {
    chrome: Chrome,
    head: ChildHead,
    kind: String,
    kind_label: String,
    inputs: Vec<Input>,
    problem: Vec<String>,
    confirm: bool,
}

#[derive(serde::Deserialize)]
pub struct KindQuery {
    kind: Option<String>,
}

/// `GET /child/{id}/devices`.
pub async fn list(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, "devices")?;
    let profile = store.profile(&id).map_err(|e| Failure::of(lang, e))?;
    let devices = profile
        .devices
        .ordered()
        .into_iter()
        .map(|(device, d)| {
            let name = [d.maker.clone(), d.model.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (l.label(&d.kind.fluent_id()), name, device.clone())
        })
        .collect();
    drop(store);
    let kinds = DeviceKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), l.label(&k.fluent_id())))
        .collect();
    Ok(render(&DevicesPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/devices")),
        head,
        devices,
        kinds,
        saved: q.contains_key("saved"),
        removed: q.contains_key("removed"),
    }))
}

/// The inputs of a new device of `kind`, relative paths under `devices.` (the kind itself is
/// given by the page).
fn inputs(kind: DeviceKind, l: &Localizer) -> Vec<Input> {
    FormModel::get()
        .device_fields(kind)
        .into_iter()
        .filter(|f| f.key != "devices.kind")
        .filter(|f| {
            let segments: Vec<&str> = f.key.split('.').collect();
            !(2..segments.len()).any(|n| is_keyed_map(&segments[..n].join(".")))
        })
        .filter(|f| !matches!(f.input, InputKind::TextList { .. } | InputKind::ChoiceList { .. }))
        .map(|f| {
            Input::new(
                &f.key,
                f.label(l),
                f.help(l),
                String::new(),
                f,
                f.need == Need::Required,
            )
        })
        .collect()
}

fn new_page(
    state: &DeskState,
    login: &Login,
    id: &str,
    kind: Option<&str>,
    typed: Option<(&HashMap<String, String>, Vec<String>, bool)>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let Some(kind) = kind.and_then(DeviceKind::parse) else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let l = Localizer::shared(lang);
    let mut store = store_of(state, lang)?;
    let head = head_of(&mut store, id, lang, "devices")?;
    drop(store);
    let mut inputs = inputs(kind, l);
    let (problem, confirm) = match typed {
        Some((typed, problem, confirm)) => {
            for input in &mut inputs {
                if let Some(text) = typed.get(input.path()) {
                    input.set_text(text);
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
    let page = NewDevicePage {
        chrome: Chrome::new(
            lang,
            &login.csrf,
            &format!("/child/{id}/devices/new?kind={}", kind.as_str()),
        ),
        head,
        kind: kind.as_str().to_owned(),
        kind_label: l.label(&kind.fluent_id()),
        inputs,
        problem,
        confirm,
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /child/{id}/devices/new?kind=K`.
pub async fn new_form(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Query(q): Query<KindQuery>,
) -> Result<Response, Failure> {
    new_page(&state, &login, &id, q.kind.as_deref(), None)
}

/// `POST /child/{id}/devices/new`: adds the device, or shows why not.
pub async fn add(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let kind = fields.iter().find(|(k, _)| k == "kind").map(|(_, v)| v.clone());
    let Some(device_kind) = kind.as_deref().and_then(DeviceKind::parse) else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let typed: HashMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("f:")
                .map(|p| (p.to_owned(), v.replace("\r\n", "\n")))
        })
        .collect();
    let confirmed = fields.iter().any(|(k, v)| k == "confirm" && v == "yes");
    // The entity as nested JSON: `devices.settings.ventilator.peep` → settings.ventilator.peep.
    let mut entity = Map::new();
    entity.insert("kind".into(), Value::String(device_kind.as_str().to_owned()));
    for input in inputs(device_kind, l) {
        let Some(text) = typed
            .get(input.path())
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        let rel: Vec<&str> = input.path().split('.').skip(1).collect();
        insert(&mut entity, &rel, Value::String(text.to_owned()));
    }
    let Some(device) = new_id_for("devices") else {
        return Err(Failure::of(
            lang,
            crate::error::CliError::Failure("no device id".into()),
        ));
    };
    let mut edits = vec![Edit::Add {
        collection: "devices".into(),
        id: device.clone(),
        entity: Value::Object(entity),
    }];
    if confirmed {
        edits.push(Edit::Confirm {
            path: format!("devices.{device}"),
        });
    }
    let result = {
        let mut store = store_of(&state, lang)?;
        save_as_author(&state, &mut store, &id, &edits, lang)?
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/child/{id}/devices")).into_response()),
        Err(e) => {
            let Some((problem, confirm)) = problem_of(&e, l) else {
                return Err(Failure::of(lang, e));
            };
            new_page(
                &state,
                &login,
                &id,
                kind.as_deref(),
                Some((&typed, problem, confirm)),
            )
        }
    }
}
