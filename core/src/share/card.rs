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
//! - prints on A4 ([`CardSize::A4`]: every section with details, the date each item last changed
//!   and a short mark when a professional verified it — who changed it is in the history, not on
//!   paper) or on one ID-1 card of 85.6 × 54 mm printed on both sides ([`CardSize::Wallet`]: the
//!   red sections' items without details on the front, in two columns; the QR with whom to call
//!   on the back);
//! - side by side ([`Lang`] slice of two): on A4 each section and each item is one row with a
//!   column per language, so the same fact sits at the same height in both; on the wallet card
//!   the languages share one line per item (`人工呼吸器 / Ventilator`), each text said once when
//!   the languages say it alike (a phone number, a name).
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
        sections: if compact {
            wallet_rows(&localizers, &views)
        } else {
            rows(&localizers, &views)
        },
        qr_svg,
        qr_caption: localizers
            .iter()
            .map(|l| Cell::text(l, l.message("card-qr-caption", &[])))
            .collect(),
        calls,
        more_calls: more_calls.then(|| {
            joined(
                localizers
                    .iter()
                    .map(|l| l.message("card-more-calls", &[]))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            )
        }),
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
    /// Sections as rows of language columns.
    sections: Vec<SectionRow>,
    /// The shelter QR, an `<svg>` element.
    qr_svg: String,
    /// Under the QR, per language.
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
    /// The date the item last changed (A4 only, in the first column only: a date reads the same
    /// in every language).
    changed: Option<String>,
    /// "✓ Verified by …, …" when a professional verified it (A4 only).
    verified: Option<String>,
    /// The stale warning in words.
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
fn rows(localizers: &[&Localizer], views: &[View]) -> Vec<SectionRow> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    first
        .sections
        .iter()
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
                items: item_rows(localizers, &same, s.items.len()),
            }
        })
        .collect()
}

/// The wallet card's front: the red sections but whom to call (on the back), one column, each
/// title and item with its languages joined, no details and no dates.
fn wallet_rows(localizers: &[&Localizer], views: &[View]) -> Vec<SectionRow> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    let lang = localizers.first().map_or("ja", |l| l.lang().as_str());
    first
        .sections
        .iter()
        .filter(|s| {
            s.priority == Priority::Red
                && !CALL_SECTIONS.contains(&s.id.as_str())
                && !NOT_ON_WALLET.contains(&s.id.as_str())
        })
        .map(|s| {
            let same: Vec<&ViewSection> = views.iter().filter_map(|v| v.section(&s.id)).collect();
            let items = (0..s.items.len())
                .map(|i| {
                    let items: Vec<&ViewItem> = same.iter().filter_map(|x| x.items.get(i)).collect();
                    let stale = items.iter().find_map(|it| it.freshness.stale.as_ref());
                    let first = localizers.first().copied().unwrap_or(Localizer::shared(Lang::Ja));
                    // Marks in the first language only: the wallet card has no room for two.
                    let marks = items
                        .first()
                        .map(|it| it.marks.iter().map(|m| MarkCell::short(first, m)).collect())
                        .unwrap_or_default();
                    ItemRow {
                        stale: stale.is_some(),
                        cells: vec![ItemCell {
                            lang,
                            label: joined(items.iter().map(|it| it.label.as_str())),
                            value: joined(items.iter().map(|it| it.value.as_str())),
                            detail: Vec::new(),
                            changed: None,
                            verified: None,
                            stale: stale
                                .map(|w| first.message("view-stale-mark", &[("warning", &w.message)])),
                            marks,
                        }],
                    }
                })
                .collect();
            SectionRow {
                id: s.id.clone(),
                priority: priority_class(s.priority),
                priority_words: vec![Cell {
                    lang,
                    text: joined(
                        localizers
                            .iter()
                            .map(|l| l.message(s.priority.fluent_id(), &[]))
                            .collect::<Vec<_>>()
                            .iter()
                            .map(String::as_str),
                    ),
                }],
                titles: vec![Cell {
                    lang,
                    text: joined(same.iter().map(|x| x.title.as_str())),
                }],
                items,
            }
        })
        .collect()
}

fn item_rows(localizers: &[&Localizer], sections: &[Option<&ViewSection>], count: usize) -> Vec<ItemRow> {
    (0..count)
        .map(|i| {
            let cells: Vec<ItemCell> = localizers
                .iter()
                .zip(sections)
                .enumerate()
                .map(|(column, (l, sec))| item_cell(l, sec.and_then(|s| s.items.get(i)), column == 0))
                .collect();
            ItemRow {
                stale: cells.iter().any(|c| c.stale.is_some()),
                cells,
            }
        })
        .collect()
}

/// One item in one language on A4; `first_column` carries the date it changed.
fn item_cell(l10n: &Localizer, item: Option<&ViewItem>, first_column: bool) -> ItemCell {
    let lang = l10n.lang().as_str();
    let Some(item) = item else {
        return ItemCell {
            lang,
            label: String::new(),
            value: String::new(),
            detail: Vec::new(),
            changed: None,
            verified: None,
            stale: None,
            marks: Vec::new(),
        };
    };
    let f = &item.freshness;
    ItemCell {
        lang,
        label: item.label.clone(),
        value: item.value.clone(),
        detail: item
            .detail
            .as_deref()
            .map(|d| d.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        changed: first_column
            .then(|| {
                f.changed_at
                    .map(|t| t.0.date_naive().format("%Y-%m-%d").to_string())
            })
            .flatten(),
        verified: verified(l10n, f),
        stale: item
            .freshness
            .stale
            .as_ref()
            .map(|s| l10n.message("view-stale-mark", &[("warning", &s.message)])),
        marks: item.marks.iter().map(|m| MarkCell::full(l10n, m)).collect(),
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

/// Red sections left to the A4 sheet: the power section's runway is already on each
/// life-sustaining device's line of the wallet card, and its to-dos are the family's (a spare
/// battery to buy, a dealer to call), not what a volunteer acts on; with them the front of a
/// ventilated child's card ran onto a second card.
const NOT_ON_WALLET: &[&str] = &["power"];

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

#[cfg(test)]
mod tests;
