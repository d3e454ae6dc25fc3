//! The desk's pages: home (every child, needs attention first, search by name or kana), a child
//! (attention, readiness, members, sync), its three audience views, its history, and the
//! documents the browser prints or saves (the card, the 個別避難計画, the IPS). Each page reads
//! the store under its lock, renders, and lets go; nothing here writes a profile yet.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tsunagu_core::attention::{ChildAttention, attention, child_attention, sync_overview};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::Date;
use tsunagu_core::readiness::readiness;
use tsunagu_core::share::{
    CardOptions, CardSize, evacuation_plan_in_store, ips_json, plan_html, render_card,
};
use tsunagu_core::views::{self, Audience, View};
use tsunagu_core::{Error as CoreError, ProfileStore};
use unicode_normalization::UnicodeNormalization;

use super::DeskState;
use super::guard::{DOCUMENT_CSP, Login};
use crate::error::CliError;
use crate::history::{LogWriter, review_lines};
use crate::output::{Output, local_time_millis};
use crate::render::Words;

/// Messages in the page's language, for the templates (`t.get("desk-…")`).
pub struct Tr(&'static Localizer);

impl Tr {
    /// The message `id`.
    pub fn get(&self, id: &str) -> String {
        self.0.message(id, &[])
    }

    /// The message `id` with one argument.
    pub fn arg(&self, id: &str, name: &str, value: &str) -> String {
        self.0.message(id, &[(name, value)])
    }
}

/// What every page around its content shows: language, the language switch, the CSRF token.
pub struct Chrome {
    /// Language tag of the page.
    pub lang: &'static str,
    /// The other language, offered by the switch.
    pub other_lang: &'static str,
    /// The other language's name, in itself.
    pub other_name: &'static str,
    /// The session's CSRF token (empty on pages shown before login).
    pub csrf: String,
    /// Where the language switch returns to.
    pub back: String,
    /// The messages.
    pub t: Tr,
}

impl Chrome {
    pub fn new(lang: Lang, csrf: &str, back: &str) -> Self {
        let (other_lang, other_name) = match lang {
            Lang::Ja => ("en", "English"),
            Lang::En => ("ja", "日本語"),
        };
        Self {
            lang: lang.as_str(),
            other_lang,
            other_name,
            csrf: csrf.to_owned(),
            back: back.to_owned(),
            t: Tr(Localizer::shared(lang)),
        }
    }
}

#[derive(Template)]
#[template(path = "desk/error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
}

/// A page saying `id` (a `desk-err-…` message), with `status`.
pub fn error_page(lang: Lang, status: StatusCode, id: &str) -> Response {
    let page = ErrorPage {
        chrome: Chrome::new(lang, "", "/"),
        message: Localizer::shared(lang).message(id, &[]),
    };
    (status, render(&page)).into_response()
}

pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be rendered",
        )
            .into_response(),
    }
}

/// Why a page could not be shown.
pub struct Failure {
    lang: Lang,
    status: StatusCode,
    id: &'static str,
}

impl Failure {
    pub fn of(lang: Lang, e: impl Into<CliError>) -> Self {
        let e = e.into();
        let (status, id) = match &e {
            CliError::Core(core) if matches!(**core, CoreError::UnknownProfile(_)) => {
                (StatusCode::NOT_FOUND, "desk-err-unknown-child")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "desk-err-failed"),
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            // Core and CLI errors name fields, files and ids, never profile values.
            eprintln!("tsunagu desk: {e}");
        }
        Self { lang, status, id }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        error_page(self.lang, self.status, self.id)
    }
}

type Page = Result<Response, Failure>;

/// The store, locked for one page, with the documents read afresh from the file: the CLI, a
/// sync or another desk may have written since the last page.
pub fn store_of(state: &DeskState, lang: Lang) -> Result<std::sync::MutexGuard<'_, ProfileStore>, Failure> {
    let mut store = state.store.lock().map_err(|_| Failure {
        lang,
        status: StatusCode::INTERNAL_SERVER_ERROR,
        id: "desk-err-failed",
    })?;
    store.evict_all();
    Ok(store)
}

/// Text folded for search: NFKC, lower case, katakana as hiragana, no spaces.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

// ---- login ---------------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct LoginQuery {
    token: Option<String>,
}

/// `GET /login?token=…`: the one-time token becomes a session cookie.
pub async fn login(State(state): State<Arc<DeskState>>, Query(q): Query<LoginQuery>) -> Response {
    match q
        .token
        .as_deref()
        .and_then(|t| state.sessions.exchange(t, state.lang))
    {
        Some(login) => {
            let mut response = Redirect::to("/").into_response();
            if let Ok(cookie) = HeaderValue::from_str(&state.sessions.set_cookie(&login)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        None => error_page(state.lang, StatusCode::FORBIDDEN, "desk-err-token"),
    }
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    back: Option<String>,
}

/// `POST /lang`: the pages in the other language.
pub async fn set_lang(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Form(form): Form<LangForm>,
) -> Response {
    if let Some(lang) = Lang::parse(&form.lang) {
        state.sessions.set_lang(&login.id, lang);
    }
    // Only a path of this desk: never an absolute URL elsewhere.
    let back = form
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    Redirect::to(&back).into_response()
}

/// `POST /logout`: ends the session (a new `tsunagu desk` prints a new token).
pub async fn logout(State(state): State<Arc<DeskState>>, Extension(login): Extension<Login>) -> Response {
    state.sessions.end(&login.id);
    let mut response = error_page(login.lang, StatusCode::OK, "desk-logged-out");
    if let Ok(cookie) = HeaderValue::from_str(&state.sessions.clear_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Any other path.
pub async fn not_found(State(state): State<Arc<DeskState>>) -> Response {
    error_page(state.lang, StatusCode::NOT_FOUND, "desk-err-not-found")
}

// ---- home ----------------------------------------------------------------------------------

struct ChildRow {
    id: String,
    name: String,
    kana: String,
    search: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "desk/home.html")]
struct HomePage {
    chrome: Chrome,
    q: String,
    total: usize,
    /// How many children are archived on this computer (not listed here).
    archived: usize,
    attention: Vec<ChildRow>,
    others: Vec<ChildRow>,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    q: Option<String>,
}

fn child_row(a: &ChildAttention, l: &Localizer) -> ChildRow {
    let name = a.name.clone().unwrap_or_else(|| l.message("desk-no-name", &[]));
    let kana = a.name_kana.clone().unwrap_or_default();
    ChildRow {
        search: fold(&format!("{name} {kana}")),
        id: a.profile_id.clone(),
        name,
        kana,
        reasons: a
            .reasons
            .iter()
            .map(|r| match r {
                tsunagu_core::attention::Reason::ReviewItems => l.message_counted(
                    "desk-reason-review-items",
                    &[],
                    &[("count", a.review_items as f64)],
                ),
                tsunagu_core::attention::Reason::UnsyncedChanges => l.message_counted(
                    "desk-reason-unsynced",
                    &[],
                    &[("count", a.unsynced_changes as f64)],
                ),
                other => l.message(other.fluent_id(), &[]),
            })
            .collect(),
    }
}

/// `GET /?q=…`: every child (or those whose name or kana holds `q`), needs attention first.
pub async fn home(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Query(query): Query<HomeQuery>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let (mut children, archived) = {
        let mut store = store_of(&state, lang)?;
        let archived = store.archived().map_err(|e| Failure::of(lang, e))?;
        let children = attention(&mut store, Date(state.today())).map_err(|e| Failure::of(lang, e))?;
        (children, archived)
    };
    // Archived children are listed at /archived only.
    children.retain(|c| !archived.contains_key(&c.profile_id));
    let q = query.q.unwrap_or_default();
    let needle = fold(&q);
    let total = children.len();
    let (attention, others): (Vec<ChildRow>, Vec<ChildRow>) = children
        .iter()
        .map(|a| (a.needs_attention(), child_row(a, l)))
        .filter(|(_, row)| needle.is_empty() || row.search.contains(&needle))
        .fold((Vec::new(), Vec::new()), |(mut att, mut rest), (needs, row)| {
            if needs {
                att.push(row)
            } else {
                rest.push(row)
            }
            (att, rest)
        });
    let back = if q.is_empty() {
        "/".to_owned()
    } else {
        format!("/?q={}", urlencode(&q))
    };
    Ok(render(&HomePage {
        chrome: Chrome::new(lang, &login.csrf, &back),
        q,
        total,
        archived: archived.len(),
        attention,
        others,
    }))
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

// ---- a child -------------------------------------------------------------------------------

/// A line of a report in words: a heading (`■ …`) or an item at a depth.
struct Line {
    text: String,
    heading: bool,
    depth: usize,
}

fn lines_of(out: Output) -> Vec<Line> {
    out.into_text()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let text = l.trim();
            match text.strip_prefix("■ ") {
                Some(h) => Line {
                    text: h.to_owned(),
                    heading: true,
                    depth: 0,
                },
                None => Line {
                    text: text.trim_start_matches("- ").to_owned(),
                    heading: false,
                    depth,
                },
            }
        })
        .collect()
}

struct MemberRow {
    name: String,
    role: String,
    last_change: String,
}

struct SyncRow {
    relay: String,
    role: String,
    last_sync: String,
    pending: String,
    last_error: String,
}

/// The name, kana and id above every page of a child.
pub struct ChildHead {
    /// Profile id.
    pub id: String,
    /// Child's name.
    pub name: String,
    /// Kana reading.
    pub kana: String,
    /// Which tab is open: `overview`, an audience, `history`, `edit`.
    pub tab: &'static str,
}

#[derive(Template)]
#[template(path = "desk/child.html")]
struct ChildPage {
    chrome: Chrome,
    head: ChildHead,
    reasons: Vec<String>,
    readiness: Vec<Line>,
    members: Vec<MemberRow>,
    sync: Option<SyncRow>,
    /// Since when the child is archived on this computer (desk/archive.rs), if it is.
    archived: Option<String>,
}

pub fn head_of(
    store: &mut ProfileStore,
    id: &str,
    lang: Lang,
    tab: &'static str,
) -> Result<ChildHead, Failure> {
    let l = Localizer::shared(lang);
    let profile = store.profile(id).map_err(|e| Failure::of(lang, e))?;
    Ok(ChildHead {
        id: id.to_owned(),
        name: profile
            .child
            .name
            .clone()
            .unwrap_or_else(|| l.message("desk-no-name", &[])),
        kana: profile.child.name_kana.clone().unwrap_or_default(),
        tab,
    })
}

/// `GET /child/{id}`: what needs attention, readiness, members and sync.
pub async fn child(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let fail = |e: tsunagu_core::Error| Failure::of(lang, e);
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, "overview")?;
    let judged = child_attention(&mut store, &id, Date(state.today())).map_err(fail)?;
    let reasons = child_row(&judged, l).reasons;
    let report = readiness(store.profile(&id).map_err(fail)?);
    let mut out = Output::new();
    crate::readiness::write_report(&mut out, l, &report);
    let doc = store.document(&id).map_err(fail)?;
    let last = doc.last_change_by_actor();
    let members = doc
        .device_cards()
        .into_values()
        .map(|card| MemberRow {
            role: card
                .role
                .as_deref()
                .map(|r| {
                    let id = format!("member-role-{r}");
                    if l.has(&id) {
                        l.message(&id, &[])
                    } else {
                        r.to_owned()
                    }
                })
                .unwrap_or_default(),
            last_change: last
                .get(&card.actor)
                .map_or_else(|| "-".to_owned(), |ms| local_time_millis(*ms)),
            name: card.name,
        })
        .collect();
    let sync = sync_overview(&mut store, &id).map_err(fail)?.map(|o| SyncRow {
        relay: o.relay_url,
        role: l.message(&format!("member-access-{}", o.role.as_str()), &[]),
        last_sync: o
            .last_success_at
            .map_or_else(|| "-".to_owned(), local_time_millis),
        pending: o.pending_changes.to_string(),
        last_error: o.last_error.unwrap_or_else(|| "-".to_owned()),
    });
    let archived = store
        .archived()
        .map_err(fail)?
        .get(&id)
        .map(|ms| local_time_millis(*ms));
    drop(store);
    Ok(render(&ChildPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}")),
        head,
        reasons,
        readiness: lines_of(out),
        members,
        sync,
        archived,
    }))
}

#[derive(Template)]
#[template(path = "desk/view.html")]
struct ViewPage {
    chrome: Chrome,
    head: ChildHead,
    view: View,
}

impl ViewPage {
    /// The CSS class of a view section's priority.
    fn prio(&self, p: &views::Priority) -> &'static str {
        match p {
            views::Priority::Red => "red",
            views::Priority::Amber => "amber",
            views::Priority::Green => "green",
        }
    }
}

/// `GET /child/{id}/view/{audience}`: the shelter, EMS or caregiver view.
pub async fn view(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path((id, audience)): Path<(String, String)>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let fail = |e: tsunagu_core::Error| Failure::of(lang, e);
    let Some(audience) = Audience::parse(&audience) else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, audience.as_str())?;
    let view = views::build(store.document(&id).map_err(fail)?, audience, l, state.today()).map_err(fail)?;
    drop(store);
    Ok(render(&ViewPage {
        chrome: Chrome::new(
            lang,
            &login.csrf,
            &format!("/child/{id}/view/{}", audience.as_str()),
        ),
        head,
        view,
    }))
}

#[derive(Template)]
#[template(path = "desk/history.html")]
struct HistoryPage {
    chrome: Chrome,
    head: ChildHead,
    review: Vec<String>,
    choices: Vec<super::review::ReviewChoice>,
    entries: Vec<String>,
}

/// `GET /child/{id}/history`: fields to review, then every change with who, when and old → new.
pub async fn history(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let fail = |e: tsunagu_core::Error| Failure::of(lang, e);
    let mut store = store_of(&state, lang)?;
    let head = head_of(&mut store, &id, lang, "history")?;
    let review = review_lines(store.document(&id).map_err(fail)?, l).map_err(|e| Failure::of(lang, e))?;
    let choices = super::review::choices(&mut store, &id, l).map_err(|e| Failure::of(lang, e))?;
    let log = store.history(&id).map_err(fail)?;
    let profile = store.profile(&id).map_err(fail)?;
    let entries = LogWriter::new(l, Words::of(lang), profile).lines(&log);
    drop(store);
    Ok(render(&HistoryPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/child/{id}/history")),
        head,
        review,
        choices,
        entries,
    }))
}

// ---- documents -----------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct CardQuery {
    view: Option<String>,
    size: Option<String>,
}

fn document(html: String) -> Response {
    let mut response = Html(html).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOCUMENT_CSP),
    );
    response
}

/// `GET /child/{id}/card?view=shelter&size=a4|wallet`: the printable card, for the browser to
/// print.
pub async fn card(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
    Query(q): Query<CardQuery>,
) -> Page {
    let lang = login.lang;
    let audience = Audience::parse(q.view.as_deref().unwrap_or("shelter"));
    let size = match q.size.as_deref().unwrap_or("a4") {
        "a4" => Some(CardSize::A4),
        "wallet" => Some(CardSize::Wallet),
        _ => None,
    };
    let (Some(audience), Some(size)) = (audience, size) else {
        return Ok(error_page(lang, StatusCode::NOT_FOUND, "desk-err-not-found"));
    };
    let mut store = store_of(&state, lang)?;
    let doc = store.document(&id).map_err(|e| Failure::of(lang, e))?;
    let options = CardOptions {
        audience,
        langs: &[lang],
        size,
        today: state.today(),
    };
    let html = render_card(doc, &options).map_err(|e| Failure::of(lang, e))?;
    Ok(document(html))
}

/// `GET /child/{id}/plan`: the 個別避難計画 as a printable page.
pub async fn plan(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut store = store_of(&state, lang)?;
    let plan = evacuation_plan_in_store(&mut store, &id, l, Date(state.today()))
        .map_err(|e| Failure::of(lang, e))?;
    let html = plan_html(&plan, l).map_err(|e| Failure::of(lang, e))?;
    Ok(document(html))
}

/// `GET /child/{id}/ips`: the FHIR International Patient Summary, as a file to save.
pub async fn ips(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Path(id): Path<String>,
) -> Page {
    let lang = login.lang;
    let mut store = store_of(&state, lang)?;
    let doc = store.document(&id).map_err(|e| Failure::of(lang, e))?;
    let json =
        ips_json(doc, &id, Localizer::shared(lang), chrono::Utc::now()).map_err(|e| Failure::of(lang, e))?;
    let disposition = format!("attachment; filename=\"ips-{id}.json\"");
    let mut response = json.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/fhir+json"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn search_folds_katakana_width_and_spaces() {
        assert_eq!(fold("ヤマダ　サクラ"), "やまださくら");
        assert_eq!(fold("ﾔﾏﾀﾞ"), "やまだ");
        assert_eq!(fold("Sakura Yamada"), "sakurayamada");
    }
}
