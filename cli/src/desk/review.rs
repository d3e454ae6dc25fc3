//! Resolving review items on the desk: each field left with concurrent values by a merge is shown
//! on the history page as a choice of its values (who wrote each, and when); `POST
//! /child/{id}/review` keeps the chosen one (`ProfileStore::resolve_review`, as `tsunagu review
//! --resolve` does), recorded as `--as` or this device's name.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tsunagu_core::ProfileStore;
use tsunagu_core::form::describe_error;
use tsunagu_core::i18n::Localizer;

use super::DeskState;
use super::edit::{author, text_of};
use super::guard::Login;
use super::pages::{Failure, error_page, store_of};
use crate::output::local_time;

/// One field to review, as a choice.
pub struct ReviewChoice {
    /// The field's path (sent back with the choice).
    pub path: String,
    /// Its label.
    pub label: String,
    /// Each value in words with who and when, in the core's order (the index is the choice).
    pub values: Vec<String>,
}

/// The review items of `id` as choices.
pub fn choices(store: &mut ProfileStore, id: &str, l: &Localizer) -> crate::error::Result<Vec<ReviewChoice>> {
    Ok(store
        .review_items(id)?
        .into_iter()
        .map(|item| ReviewChoice {
            label: l.field_label(&item.path),
            values: item
                .values
                .iter()
                .map(|v| {
                    let who = v.written.as_ref().map_or_else(String::new, |p| {
                        format!("{} {}", p.author.clone().unwrap_or_default(), local_time(p.at))
                    });
                    l.message(
                        "view-mark-value",
                        &[("value", &text_of(&v.value, l)), ("who", who.trim())],
                    )
                })
                .collect(),
            path: item.path,
        })
        .collect())
}

#[derive(Deserialize)]
pub struct ResolveForm {
    path: String,
    keep: usize,
}

/// `POST /child/{id}/review`: keeps one value of a field.
pub async fn resolve(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(form): Form<ResolveForm>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let result = {
        let mut store = store_of(&state, lang)?;
        match author(&state, &mut store, &id) {
            Ok(Some(ctx)) => store.resolve_review(&id, &form.path, form.keep, &ctx),
            Ok(None) => Err(tsunagu_core::Error::DeviceNameMissing(id.clone())),
            Err(e) => return Err(Failure::of(lang, e)),
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/child/{id}/history")).into_response()),
        Err(e) => match describe_error(&e, Localizer::shared(lang)) {
            Some(_) if matches!(e, tsunagu_core::Error::DeviceNameMissing(_)) => Ok(error_page(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                "member-name-missing",
            )),
            _ => Err(Failure::of(lang, e)),
        },
    }
}
