//! The desk's import page: download the template, upload a spreadsheet (multipart, with the
//! session's CSRF token like every POST), see every problem in a table against its row and
//! column; the children are created only when every row is valid, all in one transaction,
//! through the same checks as `tsunagu import` (`crate::import`).

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tsunagu_core::EditContext;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::ValidationContext;
use tsunagu_core::store::DeviceName;

use super::DeskState;
use super::guard::Login;
use super::pages::{Chrome, Failure, render, store_of};
use crate::import::{self, Problem, columns};

/// One problem as a row of the page's table.
struct ProblemRow {
    row: usize,
    column: String,
    header: String,
    message: String,
}

/// A child the import created.
struct Created {
    id: String,
    name: String,
}

#[derive(Template)]
#[template(path = "desk/import.html")]
struct ImportPage {
    chrome: Chrome,
    /// The file's problems (nothing was written).
    problems: Vec<ProblemRow>,
    /// A problem with the upload itself (no file).
    notice: String,
    /// The children just created.
    created: Vec<Created>,
    /// The device name typed, kept for the next try.
    device_name: String,
    /// "N problems" or "N children imported", counted in the page's language.
    summary: String,
}

impl ImportPage {
    fn new(lang: Lang, csrf: &str) -> Self {
        Self {
            chrome: Chrome::new(lang, csrf, "/import"),
            problems: Vec::new(),
            notice: String::new(),
            created: Vec::new(),
            device_name: String::new(),
            summary: String::new(),
        }
    }
}

/// `GET /import`: the upload form and the template's links.
pub async fn form(State(state): State<Arc<DeskState>>, Extension(login): Extension<Login>) -> Response {
    let mut page = ImportPage::new(login.lang, &login.csrf);
    page.device_name = state.author.clone().unwrap_or_default();
    render(&page)
}

/// `GET /import/template.{xlsx,csv}`: the template in the page's language.
pub async fn template(Extension(login): Extension<Login>, Path(file): Path<String>) -> Response {
    let l = Localizer::shared(login.lang);
    let (bytes, content_type) = match file.as_str() {
        "template.xlsx" => match columns::template_xlsx(l) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => return Failure::of(login.lang, e).into_response(),
        },
        "template.csv" => (columns::template_csv(l), "text/csv; charset=utf-8"),
        _ => return super::pages::error_page(login.lang, StatusCode::NOT_FOUND, "desk-err-not-found"),
    };
    let name = match login.lang {
        Lang::Ja => "tsunagu-import-ja",
        Lang::En => "tsunagu-import-en",
    };
    let ext = file.rsplit('.').next().unwrap_or("csv");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{ext}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    file: Vec<u8>,
    allow_duplicates: bool,
    device_name: String,
}

async fn read_upload(mut multipart: Multipart) -> Option<Upload> {
    let mut upload = Upload::default();
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name().unwrap_or_default() {
            "file" => upload.file = field.bytes().await.ok()?.to_vec(),
            "allow_duplicates" => upload.allow_duplicates = true,
            "device_name" => upload.device_name = field.text().await.ok()?.trim().to_owned(),
            _ => {}
        }
    }
    Some(upload)
}

/// `POST /import`: checks the uploaded sheet; creates its children only when every row is valid.
pub async fn upload(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    multipart: Multipart,
) -> Result<Response, Failure> {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let mut page = ImportPage::new(lang, &login.csrf);
    let Some(upload) = read_upload(multipart).await.filter(|u| !u.file.is_empty()) else {
        page.notice = l.message("desk-import-no-file", &[]);
        page.device_name = state.author.clone().unwrap_or_default();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    page.device_name = upload.device_name.clone();
    let mut store = store_of(&state, lang)?;
    let checked = import::prepare(
        &mut store,
        &upload.file,
        state.today(),
        upload.allow_duplicates,
        l,
    )
    .map_err(|e| Failure::of(lang, e))?;
    let drafts = match checked {
        Ok(drafts) => drafts,
        Err(problems) => {
            page.problems = problems.iter().map(problem_row).collect();
            page.summary = l.message_counted(
                "desk-import-refused",
                &[],
                &[("count", page.problems.len() as f64)],
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let name = Some(upload.device_name.as_str())
        .filter(|n| !n.is_empty())
        .or(state.author.as_deref());
    let mut ctx = EditContext::now(state.author.as_deref().or(name).unwrap_or_default());
    ctx.validation = ValidationContext { today: state.today() };
    let device = name.map(|name| DeviceName { name, role: None });
    let ids = import::write(&mut store, &drafts, &ctx, device).map_err(|e| Failure::of(lang, e))?;
    drop(store);
    page.created = ids
        .into_iter()
        .zip(&drafts)
        .map(|(id, d)| Created {
            id,
            name: d.profile.child.name.clone().unwrap_or_default(),
        })
        .collect();
    page.summary = l.message_counted("desk-import-done", &[], &[("count", page.created.len() as f64)]);
    Ok(render(&page))
}

fn problem_row(p: &Problem) -> ProblemRow {
    ProblemRow {
        row: p.row,
        column: p.column_letter().unwrap_or_default(),
        header: p.header.clone().unwrap_or_default(),
        message: p.message.clone(),
    }
}
