//! A child's share links on the desk (ADR 0005), made the way `tsunagu share create` makes them
//! (`crate::share_common`): a card for one audience or the IPS, an expiry, an optional passcode
//! and attempt limit, hosted by the relay the child syncs through. `GET /child/{id}/share` lists
//! this device's links with a form for a new one (or says plainly that the child is not
//! connected to a relay, and how to connect it); `POST` creates one, then `GET
//! /child/{id}/share/{link}` shows it with its QR code (an inline SVG of geometry only, so the
//! strict CSP holds); `POST …/revoke` revokes it. The store is locked only to read and to record;
//! the relay is called through `ShareLinks::shared` with no lock held.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tsunagu_core::Error as CoreError;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::share::link::{LinkOptions, MAX_LABEL_CHARS, ShareLinks};
use tsunagu_core::share::{CardSize, qr_svg_element};
use tsunagu_core::store::ShareLinkRecord;
use tsunagu_core::views::Audience;

use super::DeskState;
use super::guard::Login;
use super::pages::{ChildHead, Chrome, Failure, error_page, head_of, render, store_of};
use super::worker::with_relay;
use crate::output::local_time_millis;
use crate::share_common::{LinkState, card_content, ips_content, parse_duration_ms};

/// Passcode length in characters, as the relay accepts it (bytes are checked by the core).
const PASSCODE_CHARS: std::ops::RangeInclusive<usize> = 4..=256;

/// What a new link can show: the three cards and the IPS (`content` of the form).
const CONTENTS: [&str; 4] = ["shelter", "ems", "caregiver", "ips"];

/// One of this device's links, in words.
pub struct LinkRow {
    /// The link's id (in the page's address).
    pub id: String,
    /// Its first characters, as `tsunagu share list` shows them.
    pub short: String,
    /// What it shows.
    pub content: String,
    /// Active, expired, revoked.
    pub state: String,
    /// True while it opens (it can be revoked).
    pub active: bool,
    /// When it stops working.
    pub expires: String,
    /// Yes or no.
    pub passcode: String,
    /// Its label.
    pub label: String,
}

fn row_of(r: &ShareLinkRecord, l: &Localizer, now: i64) -> LinkRow {
    let state = LinkState::of(r.revoked_at.is_some(), r.expires_at, None, now);
    LinkRow {
        id: r.id.clone(),
        short: r.id.chars().take(10).collect(),
        content: content_word(&r.content, l),
        state: state.word(l),
        active: state == LinkState::Active,
        expires: r.expires_at.map_or_else(|| "-".to_owned(), local_time_millis),
        passcode: l.message(
            if r.passcode {
                "cli-share-yes"
            } else {
                "cli-share-no"
            },
            &[],
        ),
        label: r.label.clone().unwrap_or_default(),
    }
}

/// `card:shelter`, `ips`, `fhir` in words.
fn content_word(content: &str, l: &Localizer) -> String {
    let key = content.strip_prefix("card:").unwrap_or(content);
    let id = format!("desk-share-content-{key}");
    if l.has(&id) {
        l.message(&id, &[])
    } else {
        content.to_owned()
    }
}

/// What the form held, to show again with a problem.
#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    content: String,
    #[serde(default)]
    expires: String,
    #[serde(default)]
    passcode: String,
    #[serde(default)]
    max_attempts: String,
    #[serde(default)]
    label: String,
}

#[derive(Template)]
#[template(path = "desk/share.html")]
struct SharePage {
    chrome: Chrome,
    head: ChildHead,
    /// The relay the child syncs through (`None`: not connected).
    relay: Option<String>,
    /// Why the last form was refused.
    problem: Option<String>,
    /// The form's values (the content's as `contents`' checked one).
    expires: String,
    passcode: String,
    max_attempts: String,
    label: String,
    /// Each choice of content: its value, its words, and whether it is checked.
    contents: Vec<(&'static str, String, bool)>,
    links: Vec<LinkRow>,
}

/// The sharing page of `id`, with `form`'s values and `problem`.
fn share_page(
    state: &DeskState,
    login: &Login,
    id: &str,
    form: CreateForm,
    problem: Option<String>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let (head, relay, links) = {
        let mut store = store_of(state, lang)?;
        let head = head_of(&mut store, id, lang, "share")?;
        let relay = store
            .sync_state(id)
            .map_err(|e| Failure::of(lang, e))?
            .map(|s| s.relay_url);
        let links = store.share_links(Some(id)).map_err(|e| Failure::of(lang, e))?;
        (head, relay, links)
    };
    let now = chrono::Utc::now().timestamp_millis();
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let content = if CONTENTS.contains(&form.content.as_str()) {
        form.content
    } else {
        "shelter".to_owned()
    };
    let page = SharePage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/share")),
        head,
        relay,
        problem,
        expires: if form.expires.is_empty() {
            "7d".to_owned()
        } else {
            form.expires
        },
        // A refused passcode is not sent back into the page.
        passcode: String::new(),
        max_attempts: if form.max_attempts.is_empty() {
            "10".to_owned()
        } else {
            form.max_attempts
        },
        label: form.label,
        contents: CONTENTS
            .iter()
            .map(|c| (*c, content_word(c, l), *c == content))
            .collect(),
        links: links.iter().rev().map(|r| row_of(r, l, now)).collect(),
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /child/{id}/share`: this device's links and the form for a new one.
pub async fn page(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    share_page(&state, &login, &id, CreateForm::default(), None)
}

/// The form checked: the link's options, or why not (a message id and its arguments).
fn options_of(form: &CreateForm, l: &Localizer) -> Result<LinkOptions, String> {
    let expires = parse_duration_ms(&form.expires)
        .map_err(|w| l.message("desk-share-bad-expires", &[("reason", &w.text(l))]))?;
    let passcode = Some(form.passcode.trim())
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    if passcode
        .as_deref()
        .is_some_and(|p| !PASSCODE_CHARS.contains(&p.chars().count()))
    {
        return Err(l.message("desk-share-bad-passcode", &[]));
    }
    let max_attempts = form
        .max_attempts
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100).contains(n))
        .ok_or_else(|| l.message("desk-share-bad-attempts", &[]))?;
    let label = Some(form.label.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    if label
        .as_deref()
        .is_some_and(|t| t.chars().count() > MAX_LABEL_CHARS)
    {
        return Err(l.message("desk-share-bad-label", &[("count", &MAX_LABEL_CHARS.to_string())]));
    }
    Ok(LinkOptions {
        expires_at: Some(chrono::Utc::now().timestamp_millis() + expires),
        passcode,
        max_attempts: Some(max_attempts),
        label,
        relay_url: None,
    })
}

/// A core error of making or revoking a link, in words for the page: the relay out of reach
/// and no relay said plainly, the rest as the command line words them.
fn relay_problem(e: &CoreError, l: &Localizer, relay: &str) -> String {
    match e {
        CoreError::Offline | CoreError::RelayUnavailable { .. } => {
            l.message("desk-share-offline", &[("relay", relay)])
        }
        CoreError::NoRelay => l.message("desk-share-no-relay", &[]),
        other => crate::error::core_localized(other, l),
    }
}

/// `POST /child/{id}/share`: makes a link (the card rendered under the lock, the relay called
/// without it), then shows it.
pub async fn create(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Form(form): Form<CreateForm>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    // (`Localizer` is not `Sync`: it is fetched afresh on each side of the network call.)
    let options = match options_of(&form, Localizer::shared(lang)) {
        Ok(options) => options,
        Err(problem) => return share_page(&state, &login, &id, form, Some(problem)),
    };
    // `None`: the IPS.
    let audience = match form.content.as_str() {
        "ips" => None,
        c => match Audience::parse(c) {
            Some(audience) => Some(audience),
            None => {
                let problem = Localizer::shared(lang).message("desk-share-bad-content", &[]);
                return share_page(&state, &login, &id, form, Some(problem));
            }
        },
    };
    let (relay, (content, what)) = {
        let mut store = store_of(&state, lang)?;
        let relay = store
            .sync_state(&id)
            .map_err(|e| Failure::of(lang, e))?
            .map(|s| s.relay_url);
        let doc = store.document(&id).map_err(|e| Failure::of(lang, e))?;
        let content = match audience {
            Some(audience) => card_content(doc, audience, &[lang], CardSize::A4, state.today()),
            None => ips_content(doc, &id, Localizer::shared(lang)),
        }
        .map_err(|e| Failure::of(lang, e))?;
        (relay, content)
    };
    let Some(relay) = relay else {
        let problem = Localizer::shared(lang).message("desk-share-no-relay", &[]);
        return share_page(&state, &login, &id, form, Some(problem));
    };
    let profile = id.clone();
    let made = with_relay(&state.store, move |store, rt, transport| {
        rt.block_on(ShareLinks::shared(store, transport).create(&profile, &content, &what, &options))
            .map_err(Box::new)
    })
    .await
    .map_err(|e| Failure::of(lang, e))?;
    match made {
        Ok(record) => Ok(Redirect::to(&format!("/child/{id}/share/{}?created=1", record.id)).into_response()),
        Err(e) => {
            let problem = relay_problem(&e, Localizer::shared(lang), &relay);
            share_page(&state, &login, &id, form, Some(problem))
        }
    }
}

#[derive(Template)]
#[template(path = "desk/share_link.html")]
struct LinkPage {
    chrome: Chrome,
    head: ChildHead,
    created: bool,
    row: LinkRow,
    link: String,
    /// The QR code: an `<svg>` of a rectangle and one path, nothing of the link in text.
    qr: String,
}

#[derive(Deserialize)]
pub struct LinkQuery {
    created: Option<String>,
}

/// This device's link `link` of child `id`, or `None`.
fn record_of(
    state: &DeskState,
    lang: Lang,
    id: &str,
    link: &str,
) -> Result<(ChildHead, Option<ShareLinkRecord>), Failure> {
    let mut store = store_of(state, lang)?;
    let head = head_of(&mut store, id, lang, "share")?;
    let record = store
        .share_links(Some(id))
        .map_err(|e| Failure::of(lang, e))?
        .into_iter()
        .find(|r| r.id == link);
    Ok((head, record))
}

/// `GET /child/{id}/share/{link}`: one link, with its QR code to show or print.
pub async fn link(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, link)): Path<(String, String)>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let (head, Some(record)) = record_of(&state, lang, &id, &link)? else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let qr = qr_svg_element(&record.link)
        .map_err(|e| Failure::of(lang, crate::error::CliError::Failure(e.to_string())))?;
    let now = chrono::Utc::now().timestamp_millis();
    Ok(render(&LinkPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/share/{link}")),
        head,
        created: q.created.is_some(),
        row: row_of(&record, l, now),
        link: record.link,
        qr,
    }))
}

/// `POST /child/{id}/share/{link}/revoke`: the relay stops serving the link and deletes its file.
pub async fn revoke(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, link)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let (_, Some(record)) = record_of(&state, lang, &id, &link)? else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let link_id = record.id.clone();
    let revoked = with_relay(&state.store, move |store, rt, transport| {
        rt.block_on(ShareLinks::shared(store, transport).revoke(&link_id))
            .map_err(Box::new)
    })
    .await
    .map_err(|e| Failure::of(lang, e))?;
    match revoked {
        Ok(_) => Ok(Redirect::to(&format!("/child/{id}/share")).into_response()),
        Err(e) => {
            let problem = relay_problem(&e, Localizer::shared(lang), &record.relay_url);
            share_page(&state, &login, &id, CreateForm::default(), Some(problem))
        }
    }
}
