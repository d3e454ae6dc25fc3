//! The desk's roster: `/roster` shows one row per child with the columns that fit a screen,
//! sorted by a column header's link and filtered by a GET form (both work without the script),
//! and `/roster.csv` and `/roster.xlsx` download the same view. There is no second roster here:
//! the rows come from the CLI's [`select`] (roster_query.rs) and the files from the CLI's
//! writers (core's `roster_csv`, roster_xlsx.rs), so the desk and `tsunagu roster` agree.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use clap::ValueEnum;
use serde::Deserialize;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::{Date, DeviceKind};
use tsunagu_core::readiness::roster::{RosterRow, roster_cells, roster_csv};
use unicode_normalization::UnicodeNormalization;

use super::DeskState;
use super::guard::Login;
use super::pages::{Chrome, Failure, error_page, render, store_of};
use crate::output::local_time_millis;
use crate::roster_query::{RosterFilter, RosterQuery, SortColumn, select};

type Page = Result<Response, Failure>;

/// The roster's query string: the sort and the filters, as the form and the links send them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RosterParams {
    /// A [`SortColumn`] name (`runway`, `name`, …).
    sort: Option<String>,
    /// `1` to reverse the order.
    reverse: Option<String>,
    /// `any` (any life-sustaining device) or a device kind.
    life: Option<String>,
    /// Power runway under this many hours.
    runway: Option<String>,
    /// Address contains.
    district: Option<String>,
    /// First destination contains.
    destination: Option<String>,
    /// `1`: only the children who need attention.
    attention: Option<String>,
}

fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or_default().trim().to_owned()
}

impl RosterParams {
    fn sort(&self) -> SortColumn {
        self.sort
            .as_deref()
            .and_then(|s| SortColumn::from_str(s, true).ok())
            .unwrap_or(SortColumn::Runway)
    }

    fn reverse(&self) -> bool {
        self.reverse.as_deref() == Some("1")
    }

    /// The query `tsunagu roster` would run for these parameters, its filters written as the
    /// CLI's `--filter` expressions and parsed by the same parser; `Err` names the message of a
    /// runway that is no number of hours.
    fn query(&self) -> Result<RosterQuery, &'static str> {
        let mut expressions = Vec::new();
        match text(&self.life).as_str() {
            "" => {}
            "any" => expressions.push("life-sustaining".to_owned()),
            kind => expressions.push(format!("life-sustaining={kind}")),
        }
        let runway: String = text(&self.runway).nfkc().collect();
        if !runway.is_empty() {
            expressions.push(format!("runway<{runway}"));
        }
        for (name, value) in [("district", &self.district), ("destination", &self.destination)] {
            let value = text(value);
            if !value.is_empty() {
                expressions.push(format!("{name}={value}"));
            }
        }
        let mut filters = Vec::new();
        for expression in expressions {
            match expression.parse::<RosterFilter>() {
                Ok(filter) => filters.push(filter),
                Err(_) if expression.starts_with("runway<") => return Err("desk-roster-bad-runway"),
                // An unknown device kind can only come from an edited address: no filter.
                Err(_) => {}
            }
        }
        Ok(RosterQuery {
            filters,
            sort: self.sort(),
            reverse: self.reverse(),
            archived: false,
            needs_attention: self.attention.as_deref() == Some("1"),
        })
    }

    /// These parameters as a query string (`?…`, or empty), sorted by `sort` reversed or not.
    fn encode(&self, sort: SortColumn, reverse: bool) -> String {
        let sort_name = sort
            .to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if sort != SortColumn::Runway {
            pairs.push(("sort", sort_name));
        }
        if reverse {
            pairs.push(("reverse", "1".to_owned()));
        }
        for (name, value) in [
            ("life", &self.life),
            ("runway", &self.runway),
            ("district", &self.district),
            ("destination", &self.destination),
            ("attention", &self.attention),
        ] {
            let value = text(value);
            if !value.is_empty() {
                pairs.push((name, value));
            }
        }
        match serde_urlencoded::to_string(&pairs) {
            Ok(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }
}

/// Columns of the page, as indexes into `roster_cells`, with the sort each header offers.
const COLUMNS: &[(usize, Option<SortColumn>)] = &[
    (1, Some(SortColumn::Name)),
    (3, Some(SortColumn::Age)),
    (7, None),
    (11, Some(SortColumn::Runway)),
    (19, Some(SortColumn::Destination)),
    (21, Some(SortColumn::PlanDate)),
    (22, Some(SortColumn::Drill)),
    (25, Some(SortColumn::Missing)),
    (23, Some(SortColumn::Updated)),
];
/// Index of the kana, shown under the name.
const KANA: usize = 2;
/// Index of the runway and of its "estimate" mark.
const RUNWAY: usize = 11;
const RUNWAY_ESTIMATE: usize = 12;
/// Index of "last updated" (UTC in the files, local time on the page).
const UPDATED: usize = 23;

/// A column header: its label, the link that sorts by it, and `aria-sort` when it does.
struct Column {
    label: String,
    href: String,
    aria_sort: &'static str,
}

/// A child's row: the profile id, the name, the kana and the other cells in column order.
struct Row {
    id: String,
    name: String,
    kana: String,
    cells: Vec<String>,
}

/// A choice of the life-sustaining filter.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "desk/roster.html")]
struct RosterPage {
    chrome: Chrome,
    columns: Vec<Column>,
    rows: Vec<Row>,
    count: String,
    problem: String,
    life: Vec<Choice>,
    runway: String,
    district: String,
    destination: String,
    attention: bool,
    sort: String,
    reverse: bool,
    /// The current view's query string, for the downloads.
    qs: String,
}

/// The rows the parameters select, or the message of a bad parameter.
fn rows_of(
    state: &DeskState,
    lang: Lang,
    params: &RosterParams,
) -> Result<Result<Vec<RosterRow>, &'static str>, Failure> {
    let Ok(query) = params.query() else {
        return Ok(Err("desk-roster-bad-runway"));
    };
    let mut store = store_of(state, lang)?;
    let rows = select(&mut store, Date(state.today()), &query).map_err(|e| Failure::of(lang, e))?;
    Ok(Ok(rows))
}

fn columns(params: &RosterParams, l: &Localizer) -> Vec<Column> {
    let header = tsunagu_core::readiness::roster::roster_header(l);
    let (current, reverse) = (params.sort(), params.reverse());
    COLUMNS
        .iter()
        .map(|(index, sort)| {
            let Some(sort) = *sort else {
                return Column {
                    label: header[*index].clone(),
                    href: String::new(),
                    aria_sort: "",
                };
            };
            // "Most missing first" reads as descending; every other order as ascending.
            let natural_descending = sort == SortColumn::Missing;
            let aria_sort = match (sort == current, reverse != natural_descending) {
                (false, _) => "",
                (true, false) => "ascending",
                (true, true) => "descending",
            };
            Column {
                label: header[*index].clone(),
                href: format!("/roster{}", params.encode(sort, sort == current && !reverse)),
                aria_sort,
            }
        })
        .collect()
}

fn row_of(row: &RosterRow, l: &Localizer) -> Row {
    let mut cells = roster_cells(row, l);
    if !cells[RUNWAY_ESTIMATE].is_empty() {
        cells[RUNWAY] = format!("{} ({})", cells[RUNWAY], cells[RUNWAY_ESTIMATE]);
    }
    cells[UPDATED] = local_time_millis(row.updated_at);
    Row {
        id: row.profile_id.clone(),
        name: row.name.clone().unwrap_or_else(|| l.message("desk-no-name", &[])),
        kana: std::mem::take(&mut cells[KANA]),
        cells: COLUMNS
            .iter()
            .skip(1)
            .map(|(i, _)| match cells[*i].as_str() {
                "" => "-".to_owned(),
                cell => cell.to_owned(),
            })
            .collect(),
    }
}

/// `GET /roster?sort=…&reverse=1&life=…&runway=…&district=…&destination=…&attention=1`.
pub async fn page(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Query(params): Query<RosterParams>,
) -> Page {
    let lang = login.lang;
    let l = Localizer::shared(lang);
    let (rows, problem) = match rows_of(&state, lang, &params)? {
        Ok(rows) => (rows, String::new()),
        Err(id) => (Vec::new(), l.message(id, &[])),
    };
    let life_now = text(&params.life);
    let mut life = vec![Choice {
        value: "any".to_owned(),
        label: l.message("desk-roster-life-any", &[]),
        selected: life_now == "any",
    }];
    life.extend(DeviceKind::ALL.iter().map(|k| Choice {
        value: k.as_str().to_owned(),
        label: l.label(&k.fluent_id()),
        selected: life_now == k.as_str(),
    }));
    let qs = params.encode(params.sort(), params.reverse());
    Ok(render(&RosterPage {
        chrome: Chrome::new(lang, &login.csrf, &format!("/roster{qs}")),
        columns: columns(&params, l),
        count: l.message_counted("desk-roster-count", &[], &[("count", rows.len() as f64)]),
        rows: rows.iter().map(|r| row_of(r, l)).collect(),
        problem,
        life,
        runway: text(&params.runway),
        district: text(&params.district),
        destination: text(&params.destination),
        attention: params.attention.as_deref() == Some("1"),
        sort: params
            .sort()
            .to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default(),
        reverse: params.reverse(),
        qs,
    }))
}

/// A file to save, named `name`.
fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The selected rows for a download, or the page saying what is wrong with the parameters.
fn download_rows(
    state: &DeskState,
    lang: Lang,
    params: &RosterParams,
) -> Result<Result<Vec<RosterRow>, Response>, Failure> {
    Ok(rows_of(state, lang, params)?.map_err(|id| error_page(lang, StatusCode::BAD_REQUEST, id)))
}

/// `GET /roster.csv?…`: the current view as CSV (the CLI's `roster --format csv`).
pub async fn csv(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Query(params): Query<RosterParams>,
) -> Page {
    let lang = login.lang;
    let rows = match download_rows(&state, lang, &params)? {
        Ok(rows) => rows,
        Err(page) => return Ok(page),
    };
    let csv = roster_csv(&rows, Localizer::shared(lang));
    Ok(attachment(
        csv.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("roster-{}.csv", state.today()),
    ))
}

/// `GET /roster.xlsx?…`: the current view as an Excel workbook (`roster --format xlsx`).
pub async fn xlsx(
    State(state): State<Arc<DeskState>>,
    Extension(login): Extension<Login>,
    Query(params): Query<RosterParams>,
) -> Page {
    let lang = login.lang;
    let rows = match download_rows(&state, lang, &params)? {
        Ok(rows) => rows,
        Err(page) => return Ok(page),
    };
    let book =
        crate::roster_xlsx::workbook(&rows, Localizer::shared(lang)).map_err(|e| Failure::of(lang, e))?;
    Ok(attachment(
        book,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("roster-{}.xlsx", state.today()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &str) -> RosterParams {
        serde_urlencoded::from_str(pairs).expect("parameters")
    }

    #[test]
    fn the_form_becomes_the_clis_filters() {
        let q = params(
            "life=ventilator&runway=%EF%BC%96&district=%E4%B8%AD%E5%A4%AE&attention=1&sort=name&reverse=1",
        )
        .query()
        .expect("a query");
        assert_eq!(
            q.filters,
            vec![
                RosterFilter::LifeSustaining(Some(DeviceKind::Ventilator)),
                RosterFilter::RunwayUnder(6.0),
                "district=中央".parse().expect("district"),
            ]
        );
        assert!(q.needs_attention && q.reverse && !q.archived);
        assert_eq!(q.sort, SortColumn::Name);
        assert_eq!(params("").query().expect("none"), RosterQuery::default());
        assert_eq!(params("runway=soon").query(), Err("desk-roster-bad-runway"));
        assert_eq!(params("runway=-2").query(), Err("desk-roster-bad-runway"));
    }

    #[test]
    fn a_header_link_keeps_the_filters_and_turns_the_order() {
        let p = params("sort=name&runway=6&district=");
        assert_eq!(p.encode(SortColumn::Name, true), "?sort=name&reverse=1&runway=6");
        assert_eq!(p.encode(SortColumn::Runway, false), "?runway=6");
        let l = Localizer::shared(Lang::En);
        let cols = columns(&p, l);
        assert_eq!(cols[0].aria_sort, "ascending");
        assert_eq!(cols[0].href, "/roster?sort=name&reverse=1&runway=6");
        assert_eq!(cols[1].href, "/roster?sort=age&runway=6");
        assert!(cols[2].href.is_empty(), "devices are not sortable");
    }
}
