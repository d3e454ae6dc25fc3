//! The printable card: one audience's view as a self-contained HTML page, in Japanese, English or
//! both side by side, with the shelter QR embedded, for A4 paper or for wallet-size card pages.
//!
//! [`render_card`] builds the [`View`](crate::views::View) of the audience in each language (the
//! view models are the only source of what the card says) and the shelter QR
//! ([`super::qr::summary_text_of`] in the same languages), and fills the askama template
//! `core/templates/card.html`. What is uncertain (values that differ after concurrent edits, a
//! value saved over a warning: [`crate::views::marks`]) is marked on the items that show it with
//! a sign and words (`core/templates/card_mark.html`), never colour alone. The page:
//!
//! - is self-contained: CSS is inline, the QR is inline SVG, and a Content-Security-Policy of
//!   `default-src 'none'` forbids any fetch, so it shows the same with no network;
//! - escapes everything that comes from the profile (askama's HTML escaper: `& < > " '`); the only
//!   unescaped markup is the QR's SVG, which [`super::qr`] writes from module positions alone;
//! - prints on A4 ([`CardSize::A4`]): the red zone first, each item as its label and value, on
//!   the front of the first page beside the QR; the red items' details in one section right after
//!   it ([`RED_DETAILS`]); then the amber and green sections with their details. Provenance is
//!   once per section: the day its latest item changed, and a professional's verification when it
//!   covers every item (otherwise on the items) — who changed it is in the history, not on paper;
//! - or on one ID-1 card of 85.6 × 54 mm printed on both sides ([`CardSize::Wallet`]): the red
//!   essentials that fit the front (`card/wallet.rs`), in two columns; the QR with whom to call on
//!   the back;
//! - with two languages ([`Lang`] slice of two), each title and item is one line holding both
//!   (`人工呼吸器 / Ventilator`), a text written once where the languages say it the same (a
//!   phone number, the family's own words); the wallet card also merges texts that differ only in
//!   full-width punctuation.
//!
//! Nothing here reads a clock: `today` dates the card, applies the stale rules and dates the QR.

use askama::Template;
use chrono::{DateTime, NaiveDate};

use crate::document::ProfileDoc;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Localizer};
use crate::views::{self, Audience, Freshness, Mark, MarkKind, Priority, View, ViewItem, ViewSection};

use super::qr::{qr_svg_element, summary_text_of};

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
    let qr_text = summary_text_of(doc, &localizers, options.today)?;
    let qr_svg = qr_svg_element(&qr_text).map_err(|_| Error::Render("shelter QR"))?;

    let compact = options.size == CardSize::Wallet;
    let headers: Vec<Header> = localizers
        .iter()
        .zip(&views)
        .map(|(l10n, view)| header(l10n, view, options.today, updated))
        .collect();
    let (calls, more_calls) = if compact {
        call_lines(&views)
    } else {
        (Vec::new(), false)
    };
    let has_marks = views.iter().any(|v| !v.marks.is_empty());
    let (sections, more_front) = if compact {
        wallet::front(&localizers, &views)
    } else {
        (rows(&localizers, &views), false)
    };
    let page = CardPage {
        has_marks,
        lang: langs[0].as_str(),
        title: views
            .iter()
            .map(|v| v.title.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        size: options.size.as_str(),
        columns: if compact { 1 } else { views.len() },
        header: if compact {
            vec![joined_header(headers)]
        } else {
            headers
        },
        sections,
        more_front: more_front.then(|| joined_message(&localizers, "card-more-front")),
        qr_svg,
        qr_caption: localizers
            .iter()
            .map(|l| Cell::text(l, l.message("card-qr-caption", &[])))
            .collect(),
        calls,
        more_calls: more_calls.then(|| joined_message(&localizers, "card-more-calls")),
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
    /// Something in the profile is uncertain: the marks' styles are needed (`card_mark.css`).
    has_marks: bool,
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
    /// Sections, each item one row with its languages joined.
    sections: Vec<SectionRow>,
    /// "The rest on the A4 sheet and in the QR", when the wallet card's front left items out.
    more_front: Option<String>,
    /// The shelter QR, an `<svg>` element.
    qr_svg: String,
    /// Beside the QR on the back of the wallet card, per language (on A4 it is in the header).
    qr_caption: Vec<Cell>,
    /// The call list for the back of the wallet card (empty on A4).
    calls: Vec<CallLine>,
    /// "More contacts on the A4 sheet", when the back could not hold every call line.
    more_calls: Option<String>,
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
    /// On A4, what the QR beside the red zone does (empty on the wallet card, whose back says it).
    qr_note: String,
}

/// A section: its title, its provenance and its items, every language joined on each line.
struct SectionRow {
    id: String,
    /// `red`, `amber` or `green`.
    priority: &'static str,
    /// The priority in words, the languages joined ("赤 / Red").
    priority_words: String,
    /// The title, the languages joined.
    title: String,
    /// Where the section comes from, once for the section (A4 only): the day its latest item
    /// changed, and the professional's verification when it covers every item alike.
    provenance: Option<String>,
    /// Items in two columns (A4 sections of short items: see [`TWO_COLUMN_SECTIONS`]).
    split: bool,
    items: Vec<ItemRow>,
}

/// One item, every language on one line: `人工呼吸器 / Ventilator  約 29 時間 / about 29 h`, each
/// text said once when the languages say it alike (a phone number, a name, the family's words).
struct ItemRow {
    label: String,
    value: String,
    /// Detail lines (A4 only), each with its languages joined.
    detail: Vec<String>,
    /// "✓ Verified by …, …" when a professional verified this item and the section's
    /// provenance does not already say so (A4 only).
    verified: Option<String>,
    /// The stale warning in words, when the item is stale.
    stale: Option<String>,
    /// What is uncertain about it (`card_mark.html`).
    marks: Vec<MarkCell>,
}

/// A mark on an item: its sign and words, and the class that frames it.
struct MarkCell {
    /// `values-differ` or `unverified`.
    class: &'static str,
    /// `≠` or `?`.
    symbol: &'static str,
    /// "Values differ — check: PEEP — 7 cmH2O (…) / 6 cmH2O (…)".
    text: String,
}

impl MarkCell {
    /// The mark with the field and every detail (A4).
    fn full(l10n: &Localizer, m: &Mark) -> Self {
        Self::new(
            m,
            l10n.message(
                "card-mark",
                &[
                    ("message", &m.message),
                    ("field", &m.field),
                    ("detail", &m.detail),
                ],
            ),
        )
    }

    /// The mark in few words (the wallet card): the doubt and the differing values only.
    fn short(l10n: &Localizer, m: &Mark) -> Self {
        let values: Vec<&str> = m.values.iter().map(|v| v.value.as_str()).collect();
        let text = if values.is_empty() {
            m.message.clone()
        } else {
            l10n.message(
                "card-mark-short",
                &[("message", &m.message), ("values", &values.join(" / "))],
            )
        };
        Self::new(m, text)
    }

    fn new(m: &Mark, text: String) -> Self {
        Self {
            class: match m.kind {
                MarkKind::ValuesDiffer => "values-differ",
                MarkKind::Unverified => "unverified",
            },
            symbol: m.kind.symbol(),
            text,
        }
    }
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
        qr_note: l10n.message("card-qr-caption", &[]),
    }
}

/// The wallet card's one header for every language: titles and marks joined, the dates in the
/// first language (they are the same dates).
fn joined_header(headers: Vec<Header>) -> Header {
    let join = |f: fn(&Header) -> &str| joined(headers.iter().map(f));
    let title = join(|h| h.title.as_str());
    let self_reported = join(|h| h.self_reported.as_str());
    let mut headers = headers.into_iter();
    let first = headers.next();
    Header {
        lang: first.as_ref().map_or("ja", |h| h.lang),
        title,
        self_reported,
        dates: first.map(|h| h.dates).unwrap_or_default(),
        qr_note: String::new(),
    }
}

fn priority_class(p: Priority) -> &'static str {
    match p {
        Priority::Red => "red",
        Priority::Amber => "amber",
        Priority::Green => "green",
    }
}

/// "✓ Verified by (role), (date)" when a professional verified the item; the name is in the
/// history, not on paper.
fn verified(l10n: &Localizer, f: &Freshness) -> Option<String> {
    let on = f.verified_on?.to_string();
    f.verified_by.as_ref()?;
    Some(
        match f.verified_role.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(role) => l10n.message("card-verified-short", &[("role", role), ("date", &on)]),
            None => l10n.message("card-verified-short-no-role", &[("date", &on)]),
        },
    )
}

/// The texts of message `id` in every language, joined (see [`joined`]).
fn joined_message(localizers: &[&Localizer], id: &str) -> String {
    let texts: Vec<String> = localizers.iter().map(|l| l.message(id, &[])).collect();
    joined(texts.iter().map(String::as_str))
}

/// Every section of the first view, each with its counterparts (same id) in the other views: the
/// views are built from one profile, so their sections and items match one to one. On A4 each
/// item keeps its details; provenance is said once per section.
fn rows(localizers: &[&Localizer], views: &[View]) -> Vec<SectionRow> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    let mut rows: Vec<SectionRow> = first
        .sections
        .iter()
        .map(|s| {
            let mut row = section_row(localizers, views, s, true);
            let (provenance, shared) = provenance(localizers, s);
            row.provenance = provenance;
            row.split = TWO_COLUMN_SECTIONS.contains(&s.id.as_str());
            if shared {
                for item in &mut row.items {
                    item.verified = None;
                }
            }
            row
        })
        .collect();
    // The red zone holds what to act on, each item's label and value; the details of its items
    // (device settings, the battery split, the dealer) follow it in one section of their own,
    // so the red zone fits the front of the first page.
    let mut details = Vec::new();
    for row in rows.iter_mut().filter(|r| r.priority == "red") {
        for item in &mut row.items {
            if item.detail.is_empty() {
                continue;
            }
            details.push(ItemRow {
                label: item.label.clone(),
                value: String::new(),
                detail: std::mem::take(&mut item.detail),
                verified: None,
                stale: None,
                marks: Vec::new(),
            });
        }
    }
    if !details.is_empty() {
        let at = rows
            .iter()
            .rposition(|r| r.priority == "red")
            .map_or(0, |i| i + 1);
        let priority_words: Vec<String> = localizers
            .iter()
            .map(|l| l.message(Priority::Amber.fluent_id(), &[]))
            .collect();
        rows.insert(
            at,
            SectionRow {
                id: RED_DETAILS.to_owned(),
                priority: priority_class(Priority::Amber),
                priority_words: joined(priority_words.iter().map(String::as_str)),
                title: joined_message(localizers, "card-red-details"),
                provenance: None,
                split: false,
                items: details,
            },
        );
    }
    rows
}

/// A4 sections whose items are short (a name and a phone, a vital sign and its range): two
/// columns of them take half the height of one.
const TWO_COLUMN_SECTIONS: &[&str] = &["identity", "allergies", "usual", "call", "contacts"];

/// The A4 card's section that holds the details of the red items, after the red zone.
pub const RED_DETAILS: &str = "red_details";

/// Section `s` of the first view with its counterparts in `views`, the languages joined; items
/// with their details when `details`.
fn section_row(localizers: &[&Localizer], views: &[View], s: &ViewSection, details: bool) -> SectionRow {
    let same: Vec<&ViewSection> = views.iter().filter_map(|v| v.section(&s.id)).collect();
    let items = (0..s.items.len())
        .map(|i| {
            let items: Vec<(&Localizer, &ViewItem)> = localizers
                .iter()
                .zip(&same)
                .filter_map(|(l, x)| x.items.get(i).map(|it| (*l, it)))
                .collect();
            item_row(&items, details)
        })
        .collect();
    let priority_words: Vec<String> = localizers
        .iter()
        .map(|l| l.message(s.priority.fluent_id(), &[]))
        .collect();
    SectionRow {
        id: s.id.clone(),
        priority: priority_class(s.priority),
        priority_words: joined(priority_words.iter().map(String::as_str)),
        title: joined(same.iter().map(|x| x.title.as_str())),
        provenance: None,
        split: false,
        items,
    }
}

/// One item in every language (`items` in language order), joined.
fn item_row(items: &[(&Localizer, &ViewItem)], details: bool) -> ItemRow {
    let detail = if details {
        let per_lang: Vec<Vec<&str>> = items
            .iter()
            .map(|(_, it)| {
                it.detail
                    .as_deref()
                    .map(|d| d.lines().collect())
                    .unwrap_or_default()
            })
            .collect();
        let lines = per_lang.iter().map(Vec::len).max().unwrap_or(0);
        (0..lines)
            .map(|k| joined_exact(per_lang.iter().filter_map(|l| l.get(k).copied())))
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    // The verification in the first language only: its date and role read alike in any.
    let verified = items.first().and_then(|(l, it)| verified(l, &it.freshness));
    let stale: Vec<String> = items
        .iter()
        .filter_map(|(l, it)| {
            it.freshness
                .stale
                .as_ref()
                .map(|w| l.message("view-stale-mark", &[("warning", &w.message)]))
        })
        .collect();
    let non_empty = |v: String| (!v.is_empty()).then_some(v);
    // On A4 each language's text is there as that language says it (a text is left out only
    // when it is the same); the wallet card also leaves out texts that differ only in
    // full-width punctuation.
    let join = |texts: &mut dyn Iterator<Item = &str>| {
        if details {
            joined_exact(texts)
        } else {
            joined(texts)
        }
    };
    ItemRow {
        label: join(&mut items.iter().map(|(_, it)| it.label.as_str())),
        value: join(&mut items.iter().map(|(_, it)| it.value.as_str())),
        detail,
        verified: verified.filter(|_| details),
        stale: non_empty(joined(stale.iter().map(String::as_str))),
        marks: marks(items, details),
    }
}

/// The item's marks with every language's words joined: in full on A4 (the field and every
/// value with its author), in few words on the wallet card (`details` false).
fn marks(items: &[(&Localizer, &ViewItem)], details: bool) -> Vec<MarkCell> {
    let Some((_, first)) = items.first() else {
        return Vec::new();
    };
    (0..first.marks.len())
        .filter_map(|j| {
            let cells: Vec<MarkCell> = items
                .iter()
                .filter_map(|(l, it)| {
                    let m = it.marks.get(j)?;
                    Some(if details {
                        MarkCell::full(l, m)
                    } else {
                        MarkCell::short(l, m)
                    })
                })
                .collect();
            let text = joined_exact(cells.iter().map(|c| c.text.as_str()));
            let mut cell = cells.into_iter().next()?;
            cell.text = text;
            Some(cell)
        })
        .collect()
}

/// The section's provenance line: the day its latest item changed, and the verification when
/// every item carries the same one (then the items need not say it: the bool is true).
fn provenance(localizers: &[&Localizer], s: &ViewSection) -> (Option<String>, bool) {
    let latest = s
        .items
        .iter()
        .filter_map(|it| it.freshness.changed_at)
        .max_by_key(|t| t.0)
        .map(|t| t.0.date_naive().format("%Y-%m-%d").to_string());
    let key = |f: &Freshness| (f.verified_by.clone(), f.verified_role.clone(), f.verified_on);
    let first = s.items.first().map(|it| key(&it.freshness));
    let shared = first.as_ref().is_some_and(|k| k.0.is_some() && k.2.is_some())
        && s.items.iter().all(|it| Some(key(&it.freshness)) == first);
    let mark = shared
        .then(|| {
            // In the first language only: the date and role read alike, and the line stays short.
            let f = &s.items[0].freshness;
            localizers
                .first()
                .and_then(|l| verified(l, f))
                .unwrap_or_default()
        })
        .filter(|m| !m.is_empty());
    let line = match (latest, mark) {
        (Some(d), Some(m)) => Some(format!("{d} {m}")),
        (Some(d), None) => Some(d),
        (None, m) => m,
    };
    (line, shared)
}

/// Sections that list whom to call: on the wallet card they go on the last card, beside the QR.
const CALL_SECTIONS: &[&str] = &["call", "contacts"];

/// How many call lines the back of the wallet card holds beside the 49 mm QR (in two languages
/// each takes three or four lines of 5.5 pt); the rest are on the A4 sheet.
pub const WALLET_CALL_LINES: usize = 4;

/// The first call section's first [`WALLET_CALL_LINES`] items for the back of the wallet card,
/// one line each: there is no room for columns beside the QR, so the languages' labels are
/// joined (`主治医 / Attending doctor`) and a value said the same in every language (a phone
/// number) is written once. True when items were left for the A4 sheet.
fn call_lines(views: &[View]) -> (Vec<CallLine>, bool) {
    let Some(first) = views.first() else {
        return (Vec::new(), false);
    };
    let Some(id) = CALL_SECTIONS.iter().find(|id| first.section(id).is_some()) else {
        return (Vec::new(), false);
    };
    let sections: Vec<&ViewSection> = views.iter().filter_map(|v| v.section(id)).collect();
    let all = sections.first().map_or(0, |s| s.items.len());
    let count = all.min(WALLET_CALL_LINES);
    let lines = (0..count)
        .map(|i| {
            let items: Vec<&ViewItem> = sections.iter().filter_map(|s| s.items.get(i)).collect();
            CallLine {
                label: joined(items.iter().map(|it| it.label.as_str())),
                value: joined(items.iter().map(|it| it.value.as_str())),
            }
        })
        .collect();
    (lines, all > count)
}

/// The distinct texts joined with ` / `: a text that reads the same as one already there but
/// for full-width punctuation and spaces (`山田 花子（母）`, `山田 花子 (母)`) is left out.
fn joined<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for t in texts {
        if t.is_empty() || out.iter().any(|o| alike(o, t)) {
            continue;
        }
        out.push(t);
    }
    out.join(" / ")
}

/// The distinct texts joined with ` / `, a text left out only when the same as one already there.
fn joined_exact<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for t in texts {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" / ")
}

/// Equal but for spaces and full-width ASCII punctuation (`（）：、，` and the like).
fn alike(a: &str, b: &str) -> bool {
    fn key(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
            '、' => ',',
            // U+FF01..U+FF5E are the full-width forms of U+0021..U+007E.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
    }
    key(a).eq(key(b))
}

mod wallet;

#[cfg(test)]
mod tests;
