//! A child's members and sync on the desk: `GET /child/{id}/sync` shows, from local state only
//! (no network, so it shows at once), how syncing stands — last sync, changes not sent yet,
//! waiting for the owner's key, the last error — and the members with their names from the
//! document (`SyncClient::members_cached`). `POST /child/{id}/sync` ("Sync now") runs the same
//! sync as `tsunagu sync ID` (`SyncClient::sync_now`) through `SyncClient::shared`, which locks
//! the store for each local phase only, never while a request is on the network; a relay out of
//! reach is said plainly, and nothing is lost (the changes stay queued).

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tsunagu_core::attention::sync_overview;
use tsunagu_core::document::members::role_label;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::sync::{HttpTransport, Members, SyncClient, SyncOverview, SyncReport, SyncStatus};
use tsunagu_core::{Error as CoreError, ProfileStore};

use super::DeskState;
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, head_of, render, store_of};
use crate::output::local_time_millis;
use crate::sync::{access_word, member_notes, report_line};

/// How syncing stands, in words.
pub struct SyncRow {
    /// The relay.
    pub relay: String,
    /// This device's access.
    pub access: String,
    /// When a sync last completed.
    pub last_sync: String,
    /// Changes the relay does not have yet.
    pub pending: usize,
    /// True while this device waits for the owner to grant it the key (it joined; ADR 0007).
    pub waiting: bool,
    /// The last sync's error, in words (empty when it succeeded).
    pub last_error: String,
}

/// One member, in words.
pub struct MemberRow {
    /// Its name, or "no name yet".
    pub name: String,
    /// Its role in the child's care.
    pub care_role: String,
    /// Owner, editor or viewer.
    pub access: String,
    /// When it joined.
    pub joined: String,
    /// Its newest change in this copy.
    pub last_change: String,
    /// "this device", "removed".
    pub notes: String,
}

/// What "Sync now" did.
pub enum Outcome {
    /// It ran: the report in one line, and how many values now wait for review.
    Done {
        /// The report, as `tsunagu sync` prints it.
        line: String,
        /// True when this device still waits for the owner.
        waiting: bool,
    },
    /// It could not: why, in words.
    Failed(String),
}

#[derive(Template)]
#[template(path = "desk/sync.html")]
struct SyncPage {
    chrome: Chrome,
    head: ChildHead,
    outcome: Option<Outcome>,
    sync: Option<SyncRow>,
    members: Vec<MemberRow>,
    reviews: usize,
}

/// An error class (`offline`, `bad_envelope`…) in words.
fn error_words(class: &str, l: &Localizer) -> String {
    let id = format!("cli-core-{}", class.replace('_', "-"));
    let desk_id = format!("desk-share-sync-error-{}", class.replace('_', "-"));
    if l.has(&desk_id) {
        l.message(&desk_id, &[])
    } else if l.has(&id) {
        l.message(&id, &[])
    } else {
        class.to_owned()
    }
}

fn sync_row(o: SyncOverview, l: &Localizer) -> SyncRow {
    SyncRow {
        access: access_word(o.role, l),
        last_sync: o
            .last_success_at
            .map_or_else(|| "-".to_owned(), local_time_millis),
        pending: o.pending_changes,
        waiting: o.epoch == 0,
        last_error: o
            .last_error
            .as_deref()
            .map(|c| error_words(c, l))
            .unwrap_or_default(),
        relay: o.relay_url,
    }
}

fn member_rows(members: Members, l: &Localizer) -> Vec<MemberRow> {
    let time = |ms: Option<i64>| ms.map_or_else(|| "-".to_owned(), local_time_millis);
    members
        .members
        .into_iter()
        .map(|m| {
            let notes = member_notes(&m, l);
            MemberRow {
                name: m.name.unwrap_or_else(|| l.message("member-no-name", &[])),
                care_role: m
                    .care_role
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| role_label(r, l)),
                access: access_word(m.role, l),
                joined: time(m.joined_at_ms),
                last_change: time(m.last_change_at_ms),
                notes: notes.join(", "),
            }
        })
        .collect()
}

/// The page of `id` after `outcome`, read under the lock.
fn sync_page(
    state: &DeskState,
    login: &Login,
    id: &str,
    outcome: Option<Outcome>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let fail = |e: CoreError| Failure::of(lang, e);
    let page = {
        let mut store = store_of(state, lang)?;
        let head = head_of(&mut store, id, lang, "sync")?;
        let sync = sync_overview(&mut store, id)
            .map_err(fail)?
            .map(|o| sync_row(o, l));
        let members = match sync {
            Some(_) => members_of(&mut store, id, l).map_err(|e| Failure::of(lang, e))?,
            None => Vec::new(),
        };
        let reviews = crate::review::count(&mut store, id);
        SyncPage {
            chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/sync")),
            head,
            outcome,
            sync,
            members,
            reviews,
        }
    };
    let status = match page.outcome {
        Some(Outcome::Failed(_)) => StatusCode::BAD_GATEWAY,
        _ => StatusCode::OK,
    };
    Ok((status, render(&page)).into_response())
}

/// The member table as last fetched, in words (no network).
fn members_of(store: &mut ProfileStore, id: &str, l: &Localizer) -> crate::error::Result<Vec<MemberRow>> {
    // Local phases only: the transport is never called.
    let transport = HttpTransport::new()?;
    let members = SyncClient::new(store, &transport).members_cached(id)?;
    Ok(member_rows(members, l))
}

/// `GET /child/{id}/sync`: how syncing stands and the members, from local state.
pub async fn page(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    sync_page(&state, &login, &id, None)
}

/// What a sync that ended in `result` did, in words.
fn outcome_of(result: super::worker::Answer<SyncReport>, id: &str, relay: &str, l: &Localizer) -> Outcome {
    match result {
        Ok(report) if report.status == SyncStatus::Offline => {
            Outcome::Failed(l.message("desk-share-sync-offline", &[("relay", relay)]))
        }
        Ok(report) => Outcome::Done {
            line: report_line(l, id, &report),
            waiting: report.status == SyncStatus::WaitingForOwner,
        },
        Err(e) => match *e {
            CoreError::Offline | CoreError::RelayUnavailable { .. } => {
                Outcome::Failed(l.message("desk-share-sync-offline", &[("relay", relay)]))
            }
            e => Outcome::Failed(crate::error::core_localized(&e, l)),
        },
    }
}

/// `POST /child/{id}/sync`: "Sync now", as `tsunagu sync ID`.
pub async fn sync_now(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let lang: Lang = login.lang;
    let relay = {
        // Read afresh (the CLI or another process may have written) before the sync's phases.
        let mut store = store_of(&state, lang)?;
        head_of(&mut store, &id, lang, "sync")?;
        store
            .sync_state(&id)
            .map_err(|e| Failure::of(lang, e))?
            .map(|s| s.relay_url)
    };
    let Some(relay) = relay else {
        let l = Localizer::shared(lang);
        let outcome = Outcome::Failed(l.message("desk-share-sync-not-shared", &[("id", &id)]));
        return sync_page(&state, &login, &id, Some(outcome));
    };
    let profile = id.clone();
    let result = super::worker::with_relay(&state.store, move |store, rt, transport| {
        rt.block_on(SyncClient::shared(store, transport).sync_now(&profile))
            .map_err(Box::new)
    })
    .await
    .map_err(|e| Failure::of(lang, e))?;
    // (`Localizer` is not `Sync`: fetched after the network call, not held across it.)
    let outcome = outcome_of(result, &id, &relay, Localizer::shared(lang));
    sync_page(&state, &login, &id, Some(outcome))
}
