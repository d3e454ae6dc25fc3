//! The printable card: one audience's view as a self-contained HTML page, in Japanese, English or
//! both side by side, with the shelter QR embedded, for A4 paper or for wallet-size card pages.
//!
//! [`render_card`] builds the [`View`](crate::views::View) of the audience in each language (the
//! view models are the only source of what the card says) and the shelter QR
//! ([`super::qr::summary_text`] in the same languages), and fills the askama template
//! `core/templates/card.html`. The page:
//!
//! - is self-contained: CSS is inline, the QR is inline SVG, and a Content-Security-Policy of
//!   `default-src 'none'` forbids any fetch, so it shows the same with no network;
//! - escapes everything that comes from the profile (askama's HTML escaper: `& < > " '`); the only
//!   unescaped markup is the QR's SVG, which [`super::qr`] writes from module positions alone;
//! - prints on A4 ([`CardSize::A4`]: every section with details, freshness and verification marks)
//!   or on ID-1 cards of 85.6 × 54 mm ([`CardSize::Wallet`]: the red sections' items, without
//!   details, then the QR with whom to call on the last card);
//! - side by side ([`Lang`] slice of two): each section and each item is one row with a column per
//!   language, so the same fact sits at the same height in both.
//!
//! Nothing here reads a clock: `today` dates the card, applies the stale rules and dates the QR.

use askama::Template;
use chrono::{DateTime, NaiveDate};

use crate::document::ProfileDoc;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Localizer};
use crate::views::{self, Audience, Freshness, Priority, View, ViewItem, ViewSection};

use super::qr::{qr_svg_element, summary_text};

/// The paper the card is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardSize {
    /// A4 portrait: the whole view.
    A4,
    /// ID-1 cards (85.6 × 54 mm, the size of a credit card): the red sections, then the QR.
    Wallet,
}

impl CardSize {
    /// Every size.
    pub const ALL: &'static [CardSize] = &[CardSize::A4, CardSize::Wallet];

    /// `"a4"` or `"wallet"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardSize::A4 => "a4",
            CardSize::Wallet => "wallet",
        }
    }

    /// The size named `s` (as [`CardSize::as_str`] spells it).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// What card to make.
#[derive(Debug, Clone, Copy)]
pub struct CardOptions<'a> {
    /// Whose view it shows.
    pub audience: Audience,
    /// Its languages, in column order: one, or two side by side (`[Lang::Ja, Lang::En]`).
    pub langs: &'a [Lang],
    /// The paper.
    pub size: CardSize,
    /// The day the card is made: it dates the card and the QR and applies the stale rules.
    pub today: NaiveDate,
}

/// The card of `doc` as one HTML document (UTF-8). Takes the document mutably only to read
/// change metadata for the items' freshness. An empty `langs` means Japanese.
pub fn render_card(doc: &mut ProfileDoc, options: &CardOptions<'_>) -> Result<String> {
    let langs: &[Lang] = if options.langs.is_empty() {
        &[Lang::Ja]
    } else {
        options.langs
    };
    let localizers: Vec<&Localizer> = langs.iter().map(|l| Localizer::shared(*l)).collect();
    let mut views = Vec::with_capacity(localizers.len());
    for l10n in &localizers {
        views.push(views::build(doc, options.audience, l10n, options.today)?);
    }
    let updated = doc
        .last_change_millis()
        .and_then(DateTime::from_timestamp_millis)
        .map(|t| t.date_naive());
    let qr_text = summary_text(doc.profile(), &localizers, options.today);
    let qr_svg = qr_svg_element(&qr_text).map_err(|_| Error::Render("shelter QR"))?;

    let compact = options.size == CardSize::Wallet;
    let page = CardPage {
        lang: langs[0].as_str(),
        title: views
            .iter()
            .map(|v| v.title.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        size: options.size.as_str(),
        columns: views.len(),
        header: localizers
            .iter()
            .zip(&views)
            .map(|(l10n, view)| header(l10n, view, options.today, updated))
            .collect(),
        sections: rows(&localizers, &views, compact),
        qr_svg,
        qr_caption: localizers
            .iter()
            .map(|l| Cell::text(l, l.message("card-qr-caption", &[])))
            .collect(),
        calls: if compact { call_lines(&views) } else { Vec::new() },
        footer: localizers
            .iter()
            .map(|l| Cell::text(l, l.message("card-footer", &[])))
            .collect(),
    };
    page.render().map_err(|_| Error::Render("card template"))
}

/// The page the template fills.
#[derive(Template)]
#[template(path = "card.html")]
struct CardPage {
    /// `lang` of the document (the first language).
    lang: &'static str,
    /// `<title>`: the view titles joined.
    title: String,
    /// `a4` or `wallet`, the body's class.
    size: &'static str,
    /// Number of language columns.
    columns: usize,
    /// One header per language.
    header: Vec<Header>,
    /// Sections as rows of language columns.
    sections: Vec<SectionRow>,
    /// The shelter QR, an `<svg>` element.
    qr_svg: String,
    /// Under the QR, per language.
    qr_caption: Vec<Cell>,
    /// The call list for the wallet card's last page (empty on A4).
    calls: Vec<CallLine>,
    /// The closing note, per language.
    footer: Vec<Cell>,
}

/// The top of the card in one language.
struct Header {
    lang: &'static str,
    title: String,
    /// "Self-reported by the family".
    self_reported: String,
    /// "Made on …, last updated …".
    dates: String,
}

/// A section: its title and items, each a row across the languages.
struct SectionRow {
    id: String,
    /// `red`, `amber` or `green`.
    priority: &'static str,
    /// The priority in words per language ("赤", "Red").
    priority_words: Vec<Cell>,
    titles: Vec<Cell>,
    items: Vec<ItemRow>,
}

/// One item across the languages.
struct ItemRow {
    cells: Vec<ItemCell>,
    /// Any language's item is stale.
    stale: bool,
}

/// One item in one language.
struct ItemCell {
    lang: &'static str,
    label: String,
    value: String,
    detail: Vec<String>,
    /// "Changed by … on … · verified by …", when known (A4 only).
    meta: Option<String>,
    /// The stale warning in words.
    stale: Option<String>,
}

/// One line of the wallet card's call list, every language in it.
struct CallLine {
    label: String,
    value: String,
}

/// A short text in one language.
struct Cell {
    lang: &'static str,
    text: String,
}

impl Cell {
    fn text(l10n: &Localizer, text: String) -> Self {
        Cell {
            lang: l10n.lang().as_str(),
            text,
        }
    }
}

fn header(l10n: &Localizer, view: &View, today: NaiveDate, updated: Option<NaiveDate>) -> Header {
    let made = today.format("%Y-%m-%d").to_string();
    let dates = match updated {
        Some(updated) => l10n.message(
            "card-dates",
            &[
                ("made", &made),
                ("updated", &updated.format("%Y-%m-%d").to_string()),
            ],
        ),
        None => l10n.message("card-made", &[("made", &made)]),
    };
    Header {
        lang: l10n.lang().as_str(),
        title: view.title.clone(),
        self_reported: l10n.message("card-self-reported", &[]),
        dates,
    }
}

fn priority_class(p: Priority) -> &'static str {
    match p {
        Priority::Red => "red",
        Priority::Amber => "amber",
        Priority::Green => "green",
    }
}

/// Sections of the first view, each with its counterpart (same id) in the other views. The views
/// are built from one profile, so their sections and items match one to one; were a section
/// missing in a language, its cells stay empty rather than shift.
fn rows(localizers: &[&Localizer], views: &[View], compact: bool) -> Vec<SectionRow> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    first
        .sections
        .iter()
        .filter(|s| !compact || (s.priority == Priority::Red && !CALL_SECTIONS.contains(&s.id.as_str())))
        .map(|s| {
            let same: Vec<Option<&ViewSection>> = views.iter().map(|v| v.section(&s.id)).collect();
            SectionRow {
                id: s.id.clone(),
                priority: priority_class(s.priority),
                priority_words: localizers
                    .iter()
                    .map(|l| Cell::text(l, l.message(s.priority.fluent_id(), &[])))
                    .collect(),
                titles: localizers
                    .iter()
                    .zip(&same)
                    .map(|(l, sec)| Cell::text(l, sec.map(|x| x.title.clone()).unwrap_or_default()))
                    .collect(),
                items: item_rows(localizers, &same, s.items.len(), compact),
            }
        })
        .collect()
}

fn item_rows(
    localizers: &[&Localizer],
    sections: &[Option<&ViewSection>],
    count: usize,
    compact: bool,
) -> Vec<ItemRow> {
    (0..count)
        .map(|i| {
            let cells: Vec<ItemCell> = localizers
                .iter()
                .zip(sections)
                .map(|(l, sec)| item_cell(l, sec.and_then(|s| s.items.get(i)), compact))
                .collect();
            ItemRow {
                stale: cells.iter().any(|c| c.stale.is_some()),
                cells,
            }
        })
        .collect()
}

fn item_cell(l10n: &Localizer, item: Option<&ViewItem>, compact: bool) -> ItemCell {
    let lang = l10n.lang().as_str();
    let Some(item) = item else {
        return ItemCell {
            lang,
            label: String::new(),
            value: String::new(),
            detail: Vec::new(),
            meta: None,
            stale: None,
        };
    };
    ItemCell {
        lang,
        label: item.label.clone(),
        value: item.value.clone(),
        detail: if compact {
            Vec::new()
        } else {
            item.detail
                .as_deref()
                .map(|d| d.lines().map(str::to_owned).collect())
                .unwrap_or_default()
        },
        meta: if compact {
            None
        } else {
            meta(l10n, &item.freshness)
        },
        stale: item
            .freshness
            .stale
            .as_ref()
            .map(|s| l10n.message("view-stale-mark", &[("warning", &s.message)])),
    }
}

/// "Changed by … on … · verified by … (role) on …", from what is known.
fn meta(l10n: &Localizer, f: &Freshness) -> Option<String> {
    let changed_on = f
        .changed_at
        .map(|t| t.0.date_naive().format("%Y-%m-%d").to_string());
    let changed = match (&f.changed_by, changed_on) {
        (Some(who), Some(on)) => Some(l10n.message("card-changed", &[("who", who), ("date", &on)])),
        (None, Some(on)) => Some(l10n.message("card-changed-on", &[("date", &on)])),
        _ => None,
    };
    let verified = match (&f.verified_by, f.verified_on) {
        (Some(who), Some(on)) => Some(l10n.message(
            "card-verified",
            &[
                ("who", who),
                ("role", f.verified_role.as_deref().unwrap_or_default()),
                ("date", &on.to_string()),
            ],
        )),
        _ => None,
    };
    match (changed, verified) {
        (Some(c), Some(v)) => Some(format!("{c} · {v}")),
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

/// Sections that list whom to call: on the wallet card they go on the last card, beside the QR.
const CALL_SECTIONS: &[&str] = &["call", "contacts"];

/// The first call section's items for the back of the wallet card, one line each: there is no
/// room for columns beside the QR, so the languages' labels are joined (`主治医 / Attending
/// doctor`) and a value said the same in every language (a phone number) is written once.
fn call_lines(views: &[View]) -> Vec<CallLine> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    let Some(id) = CALL_SECTIONS.iter().find(|id| first.section(id).is_some()) else {
        return Vec::new();
    };
    let sections: Vec<&ViewSection> = views.iter().filter_map(|v| v.section(id)).collect();
    let count = sections.first().map_or(0, |s| s.items.len());
    (0..count)
        .map(|i| {
            let items: Vec<&ViewItem> = sections.iter().filter_map(|s| s.items.get(i)).collect();
            CallLine {
                label: joined(items.iter().map(|it| it.label.as_str())),
                value: joined(items.iter().map(|it| it.value.as_str())),
            }
        })
        .collect()
}

/// The distinct texts joined with ` / `.
fn joined<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for t in texts {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" / ")
}

#[cfg(test)]
mod tests;
