//! Archiving, restoring and deleting a child in the desk, as `tsunagu profile
//! archive|unarchive|delete` does (archive.rs): archiving only hides a child from this
//! computer's lists (`/archived` lists them), and deleting removes this computer's copy after a
//! confirmation page that says what happens — a shared profile stays with the others — and is
//! refused while a share link still works.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tsunagu_core::i18n::{Lang, Localizer};

use super::DeskState;
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, head_of, render, store_of};
use crate::archive::live_share_links;
use crate::output::local_time_millis;

type Page = Result<Response, Failure>;

/// The form of the archive and restore buttons.
#[derive(Deserialize)]
pub struct KeepForm {
    /// Where to go afterwards: a path of this desk (else the child's page).
    back: Option<String>,
}

/// `back` when it is a path of this desk, else `fallback`: never an address elsewhere.
fn local_path(back: Option<String>, fallback: String) -> String {
    back.filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or(fallback)
}

fn set_archived(state: &DeskState, lang: Lang, id: &str, archived: bool, back: Option<String>) -> Page {
    let mut store = store_of(state, lang)?;
    store
        .set_archived(id, archived)
        .map_err(|e| Failure::of(lang, e))?;
    drop(store);
    Ok(Redirect::to(&local_path(back, format!("/child/{id}"))).into_response())
}

/// `POST /child/{id}/archive`: hides the child from this computer's lists.
pub async fn archive(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(form): Form<KeepForm>,
) -> Page {
    set_archived(&state, login.lang, &id, true, form.back)
}

/// `POST /child/{id}/restore`: brings an archived child back to the lists.
pub async fn restore(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(form): Form<KeepForm>,
) -> Page {
    set_archived(&state, login.lang, &id, false, form.back)
}

/// An archived child in the list.
struct ArchivedRow {
    id: String,
    name: String,
    kana: String,
    since: String,
}

#[derive(Template)]
#[template(path = "desk/archived.html")]
struct ArchivedPage {
    chrome: Chrome,
    children: Vec<ArchivedRow>,
}

/// `GET /archived`: the children archived on this computer, each to restore or delete.
pub async fn list(State(state): State<Arc<DeskState>>, Extension(login): Extension<Login>) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut store = store_of(&state, lang)?;
    let archived = store.archived().map_err(|e| Failure::of(lang, e))?;
    let mut children: Vec<(String, ArchivedRow)> = Vec::new();
    for summary in store.list().map_err(|e| Failure::of(lang, e))? {
        let Some(at) = archived.get(&summary.id) else {
            continue;
        };
        let kana = summary.name_kana.unwrap_or_default();
        children.push((
            tsunagu_core::store::search_key(&kana),
            ArchivedRow {
                name: summary.name.unwrap_or_else(|| l.message("desk-no-name", &[])),
                since: local_time_millis(*at),
                id: summary.id,
                kana,
            },
        ));
    }
    drop(store);
    children.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(render(&ArchivedPage {
        chrome: Chrome::new(lang, &login.csrf, "/archived"),
        children: children.into_iter().map(|(_, row)| row).collect(),
    }))
}

#[derive(Template)]
#[template(path = "desk/delete.html")]
struct DeletePage {
    chrome: Chrome,
    head: ChildHead,
    shared: bool,
    /// How many share links still work (the delete is refused while any do), in words.
    live_links: String,
    /// Why the last attempt was refused, in words.
    problem: String,
}

/// The confirmation page of child `id`, with `problem` when an attempt was refused.
fn confirmation(state: &DeskState, login: &Login, id: &str, problem: &str, status: StatusCode) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut store = store_of(state, lang)?;
    let head = head_of(&mut store, id, lang, "delete")?;
    let shared = store.sync_state(id).map_err(|e| Failure::of(lang, e))?.is_some();
    let live = live_share_links(&store, id).map_err(|e| Failure::of(lang, e))?;
    drop(store);
    let live_links = if live > 0 {
        l.message_counted("desk-delete-live-links", &[], &[("count", live as f64)])
    } else {
        String::new()
    };
    let page = render(&DeletePage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/delete")),
        head,
        shared,
        live_links,
        problem: if problem.is_empty() {
            String::new()
        } else {
            l.message(problem, &[])
        },
    });
    Ok((status, page).into_response())
}

/// `GET /child/{id}/delete`: what deleting this computer's copy does, and the button to do it.
pub async fn confirm(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Page {
    confirmation(&state, &login, &id, "", StatusCode::OK)
}

/// The confirmation form.
#[derive(Deserialize)]
pub struct DeleteForm {
    /// `yes` when the box "I understand" is ticked.
    understood: Option<String>,
}

#[derive(Template)]
#[template(path = "desk/deleted.html")]
struct DeletedPage {
    chrome: Chrome,
    name: String,
    was_shared: bool,
}

/// `POST /child/{id}/delete` (from the confirmation page, with its CSRF token and the box
/// ticked): deletes this computer's copy; a shared profile stays with the others.
pub async fn delete(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Page {
    let lang = login.lang;
    if form.understood.as_deref() != Some("yes") {
        return confirmation(
            &state,
            &login,
            &id,
            "desk-delete-not-confirmed",
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, "delete")?;
    if live_share_links(&store, &id).map_err(|e| Failure::of(lang, e))? > 0 {
        drop(store);
        return confirmation(
            &state,
            &login,
            &id,
            "desk-delete-links-first",
            StatusCode::CONFLICT,
        );
    }
    let outcome = store.delete_local(&id).map_err(|e| Failure::of(lang, e))?;
    drop(store);
    Ok(render(&DeletedPage {
        chrome: Chrome::new(lang, &login.csrf, "/"),
        name: head.name,
        was_shared: outcome.was_shared,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_path_of_this_desk_is_followed() {
        let back = |b: &str| super::local_path(Some(b.to_owned()), "/child/x".to_owned());
        assert_eq!(back("/archived"), "/archived");
        for elsewhere in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "archived",
        ] {
            assert_eq!(back(elsewhere), "/child/x", "{elsewhere}");
        }
        assert_eq!(super::local_path(None, "/child/x".to_owned()), "/child/x");
    }
}
