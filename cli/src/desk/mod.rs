//! `tsunagu desk`: the coordinator's desk, a local web app over the same store and core as the
//! command line. It listens on 127.0.0.1 only, on a random port, and prints a URL with a one-time
//! login token; `guard.rs` holds the checks every request passes, `pages.rs` the pages, `edit.rs`
//! editing a section and `device.rs` adding a device by kind, through the core's form model,
//! `entries.rs` (with `entry_form.rs`) adding, editing and removing the entries of every
//! collection, devices included, `review.rs` resolving review items, `roster.rs` the roster with
//! its CSV and workbook downloads, `archive.rs` archiving, restoring and deleting a child,
//! `open.rs` opening the login address in the default browser, `import.rs` importing a
//! spreadsheet of children, `share.rs` share links with their QR, `sync.rs` members, sync status
//! and "Sync now" (`worker.rs` runs the relay calls off the async runtime)
//! (server-rendered with askama from `cli/templates/desk/`, worded from `desk.ftl`), `static/`
//! the one stylesheet and the one script (progressive enhancement: every page works without it).
//!
//! It is a module of the CLI rather than a crate of its own: it is one more shell over the core,
//! opened with the same global options (`--data-dir`, `--lang`, `--as`) and sharing the CLI's
//! wording of the change log and of readiness, and it ships in the same `tsunagu` binary.

mod archive;
mod device;
mod edit;
mod entries;
mod entry_form;
mod guard;
mod import;
mod open;
mod pages;
mod review;
mod roster;
mod share;
mod sync;
mod worker;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use chrono::NaiveDate;
use clap::Args;
use tsunagu_core::ProfileStore;
use tsunagu_core::i18n::Lang;

use crate::error::{CliError, Result};
use crate::session::{Session, runtime};

/// Arguments of `tsunagu desk`.
#[derive(Debug, Args)]
pub struct DeskArgs {
    /// Port to listen on, on 127.0.0.1 [default: a free port chosen at random]
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    pub port: u16,
    /// The day freshness and "needs attention" are judged on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Only print the login address; do not open it in the default browser
    #[arg(long)]
    pub no_open: bool,
}

/// What every request of one desk shares.
pub struct DeskState {
    /// The store, locked for the span of one page (never across an await); shared with the sync
    /// and share-link clients, which lock it for each local phase only.
    pub store: Arc<Mutex<ProfileStore>>,
    /// The login token and the sessions.
    pub sessions: guard::Sessions,
    /// The port the desk listens on (the Host header must name it).
    pub port: u16,
    /// The language of a browser before it logs in, and of new sessions.
    pub lang: Lang,
    /// The day to judge freshness on, if fixed.
    pub today: Option<NaiveDate>,
    /// The author of edits given with `--as` (else each profile's device name).
    pub author: Option<String>,
}

impl DeskState {
    /// The day freshness is judged on.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The desk's routes, behind [`guard::guard`].
pub fn router(state: Arc<DeskState>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login))
        .route("/logout", post(pages::logout))
        .route("/lang", post(pages::set_lang))
        .route("/child/{id}", get(pages::child))
        .route("/child/{id}/view/{audience}", get(pages::view))
        .route("/child/{id}/history", get(pages::history))
        .route("/child/{id}/edit/{section}", get(edit::form).post(edit::save))
        .route("/child/{id}/review", post(review::resolve))
        .route("/child/{id}/devices", get(device::list))
        .route("/child/{id}/devices/new", get(device::new_form).post(device::add))
        .route("/child/{id}/entries/{collection}", get(entries::list))
        .route(
            "/child/{id}/entries/{collection}/new",
            get(entries::new_form).post(entries::add),
        )
        .route(
            "/child/{id}/entries/{collection}/{entry}",
            get(entries::edit_form).post(entries::save),
        )
        .route(
            "/child/{id}/entries/{collection}/{entry}/remove",
            get(entries::remove_form).post(entries::remove),
        )
        .route("/child/{id}/share", get(share::page).post(share::create))
        .route("/child/{id}/share/{link}", get(share::link))
        .route("/child/{id}/share/{link}/revoke", post(share::revoke))
        .route("/child/{id}/sync", get(sync::page).post(sync::sync_now))
        .route("/child/{id}/card", get(pages::card))
        .route("/child/{id}/plan", get(pages::plan))
        .route("/child/{id}/ips", get(pages::ips))
        .route("/roster", get(roster::page))
        .route("/roster.csv", get(roster::csv))
        .route("/roster.xlsx", get(roster::xlsx))
        .route("/archived", get(archive::list))
        .route("/child/{id}/archive", post(archive::archive))
        .route("/child/{id}/restore", post(archive::restore))
        .route("/child/{id}/delete", get(archive::confirm).post(archive::delete))
        .route("/import", get(import::form).post(import::upload))
        .route("/import/{file}", get(import::template))
        .route("/static/desk.css", get(css))
        .route("/static/desk.js", get(js))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::guard))
        .with_state(state)
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("static/desk.css"),
    )
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("static/desk.js"),
    )
}

/// Runs `tsunagu desk` until interrupted.
pub fn run(session: &Session, args: &DeskArgs) -> Result<()> {
    let store = session.open_store()?;
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
            .await
            .map_err(|e| CliError::Failure(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
        let port = listener
            .local_addr()
            .map_err(|e| CliError::Failure(format!("no local address: {e}")))?
            .port();
        let token = guard::random_token().map_err(|_| CliError::Failure("no randomness".into()))?;
        let state = Arc::new(DeskState {
            store: Arc::new(Mutex::new(store)),
            sessions: guard::Sessions::new(token.clone(), port),
            port,
            lang: session.lang,
            today: args.today,
            author: session.author.clone(),
        });
        let url = format!("http://127.0.0.1:{port}/login?token={token}");
        let l = session.localizer();
        // Printed at once (not through `Output`, which prints when a command ends).
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", l.message("desk-started", &[("url", &url)]));
        let _ = writeln!(stdout, "{}", l.message("desk-stop-hint", &[]));
        let _ = stdout.flush();
        drop(stdout);
        if !args.no_open {
            // Off the serving thread: a browser command may take its time (or, for a text
            // browser, the terminal). Failing is fine: the address is printed above.
            std::thread::spawn(move || {
                open::open_in_browser(&url);
            });
        }
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| CliError::Failure(format!("the desk stopped: {e}")))
    })
}
