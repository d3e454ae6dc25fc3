//! Marks on what is uncertain: a field whose value came out of a merge with concurrent values
//! ("values differ — check", with every value), and a value saved over a plausibility warning
//! that nobody has verified since ("unverified — saved over a warning").
//!
//! Marks are read from the document, never stored beside it: [`ProfileDoc::review_items`] for
//! concurrent values and [`unverified_confirmations`] for values saved over a warning. A view
//! lists every mark of the document ([`super::View::marks`], for a banner) and attaches each one
//! to the items that show its field ([`super::ViewItem::marks`]): in each section, the items
//! whose source is the field itself, or else the nearest group or entity holding it (a PEEP in
//! conflict marks the ventilator's line in the shelter's life support and in the EMS devices).
//! A mark no item carries (its field is not in that audience's view) gets a line of its own in a
//! section "also to check" ([`elsewhere`]): the field and the doubt, without the values.
//!
//! A value saved over a warning counts as verified, and its mark goes, when any of these happens
//! after the confirmation:
//! - someone other than the person who confirmed it checks it again
//!   ([`crate::Edit::VerifyValue`], `tsunagu review --verify PATH`);
//! - a new value is entered in its place (a usual one; an unusual one needs a new confirmation
//!   and is marked again, in the new confirmer's name);
//! - its section is verified ([`crate::Edit::Verify`]) on or after the day it was confirmed.

use serde::Serialize;
use serde_json::Value as Json;

use super::{Freshness, Priority, ViewItem, ViewSection};
use crate::document::ProfileDoc;
use crate::error::Result;
use crate::form::{FormModel, InputKind, unverified_confirmations};
use crate::i18n::Localizer;
use crate::model::Timestamp;
use crate::readiness::checklist::format_number;

/// What kind of doubt a mark records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Concurrent edits left the field with several values; one is shown until someone chooses.
    ValuesDiffer,
    /// The value was saved over a plausibility warning and nobody has verified it since.
    Unverified,
}

impl MarkKind {
    /// A short sign printed before the mark's words, so it shows without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            MarkKind::ValuesDiffer => "≠",
            MarkKind::Unverified => "?",
        }
    }
}

/// Something uncertain about one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// What kind of doubt.
    pub kind: MarkKind,
    /// Concrete dotted path of the field (`devices.dev-vent.settings.ventilator.peep`).
    pub path: String,
    /// The field's label, localized.
    pub field: String,
    /// The doubt in words ("値が食い違っています — 確認してください").
    pub message: String,
    /// The details in words: every value with who wrote it, or who saved it over a warning.
    pub detail: String,
    /// Every concurrent value ([`MarkKind::ValuesDiffer`]; empty otherwise).
    pub values: Vec<MarkValue>,
    /// Who saved the value over a warning ([`MarkKind::Unverified`]).
    pub confirmed_by: Option<String>,
    /// When.
    pub confirmed_at: Option<Timestamp>,
}

/// One of the values of a field whose values differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkValue {
    /// The value in words, with its unit (`7 cmH2O`).
    pub value: String,
    /// Who wrote it.
    pub written_by: Option<String>,
    /// When.
    pub written_at: Option<Timestamp>,
    /// True for the value the views show until someone chooses.
    pub shown: bool,
}

/// Every mark of `doc`, in the localizer's language: values that differ first (in document
/// order), then values saved over a warning (newest first).
pub fn marks(doc: &mut ProfileDoc, l10n: &Localizer) -> Result<Vec<Mark>> {
    let mut out = Vec::new();
    if doc.has_review_items() {
        for item in doc.review_items() {
            let values: Vec<MarkValue> = item
                .values
                .iter()
                .map(|v| MarkValue {
                    value: value_words(l10n, &item.path, &v.value),
                    written_by: v.written.as_ref().and_then(|w| w.author.clone()),
                    written_at: v.written.as_ref().and_then(|w| w.at),
                    shown: v.shown,
                })
                .collect();
            let detail = values
                .iter()
                .map(|v| {
                    let mut who: Vec<String> = Vec::new();
                    who.extend(v.written_by.clone());
                    who.extend(v.written_at.map(day));
                    if v.shown {
                        who.push(l10n.message("review-value-shown", &[]));
                    }
                    l10n.message("view-mark-value", &[("value", &v.value), ("who", &who.join(" "))])
                })
                .collect::<Vec<_>>()
                .join(" / ");
            out.push(Mark {
                kind: MarkKind::ValuesDiffer,
                field: l10n.field_label(&item.path),
                message: l10n.message("review-values-differ", &[]),
                detail,
                path: item.path,
                values,
                confirmed_by: None,
                confirmed_at: None,
            });
        }
    }
    for c in unverified_confirmations(doc)? {
        let by = c
            .confirmed_by
            .clone()
            .unwrap_or_else(|| l10n.message("history-author-unknown", &[]));
        let detail = match c.confirmed_at {
            Some(at) => l10n.message("view-mark-unverified-by", &[("by", &by), ("date", &day(at))]),
            None => l10n.message("view-mark-unverified-by-undated", &[("by", &by)]),
        };
        out.push(Mark {
            kind: MarkKind::Unverified,
            field: l10n.field_label(&c.path),
            message: l10n.message("view-mark-unverified", &[]),
            detail,
            path: c.path,
            values: Vec::new(),
            confirmed_by: c.confirmed_by,
            confirmed_at: c.confirmed_at,
        });
    }
    Ok(out)
}

/// The day of a time stamp (`2026-12-06`, UTC: the views read no time zone).
fn day(t: Timestamp) -> String {
    t.0.date_naive().format("%Y-%m-%d").to_string()
}

/// A stored value in words: a number with its unit, a choice by its label, yes or no.
fn value_words(l10n: &Localizer, path: &str, value: &Json) -> String {
    let kind = FormModel::get().field(path).map(|f| &f.input);
    match (value, kind) {
        (Json::Number(n), Some(InputKind::Number { unit, .. })) => {
            let n = n.as_f64().unwrap_or_default();
            let unit = l10n.unit(unit);
            if unit.is_empty() {
                format_number(n)
            } else {
                format!("{} {unit}", format_number(n))
            }
        }
        (Json::Number(n), _) => n.as_f64().map(format_number).unwrap_or_else(|| n.to_string()),
        (Json::String(s), Some(InputKind::Choice { fluent_prefix, .. })) => {
            let id = format!("{fluent_prefix}-{s}");
            if l10n.has(&id) { l10n.label(&id) } else { s.clone() }
        }
        (Json::String(s), _) => s.clone(),
        (Json::Bool(true), _) => l10n.message("plan-yes", &[]),
        (Json::Bool(false), _) => l10n.message("plan-no", &[]),
        (Json::Null, _) => l10n.message("view-not-recorded", &[]),
        (other, _) => other.to_string(),
    }
}

/// True when `path` is `prefix` or lies inside it (segment by segment).
fn within(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// True when an item read from `source` shows the field at `path` among other things: `source`
/// is a group or entity holding it, not a whole collection (a line about every device, such as
/// the outlets needed, says nothing about one ventilator's PEEP).
fn holds(source: &str, path: &str) -> bool {
    within(path, source) && !crate::model::is_keyed_map(source)
}

/// Attaches each mark to the items that show its field: in every section, the items whose source
/// is the field or lies inside it, and the items whose source is the nearest group or entity
/// holding it (the longest such source in that section).
pub(super) fn attach(sections: &mut [ViewSection], marks: &[Mark]) {
    for mark in marks {
        for section in sections.iter_mut() {
            let nearest = section
                .items
                .iter()
                .filter_map(|i| i.source.as_deref())
                .filter(|s| holds(s, &mark.path))
                .map(str::len)
                .max();
            for item in &mut section.items {
                let Some(source) = item.source.as_deref() else {
                    continue;
                };
                let inside = within(source, &mark.path);
                let nearest = holds(source, &mark.path) && Some(source.len()) == nearest;
                if (inside || nearest) && !item.marks.contains(mark) {
                    item.marks.push(mark.clone());
                }
            }
        }
    }
}

/// The marks no item of `sections` carries (their field is not part of this audience's view),
/// as one section "also to check": a line per field with the doubt's sign and words, so whoever
/// reads the view knows to ask. The values themselves stay out: the audience's view does not
/// show that field. `None` when every mark is on an item.
pub(super) fn elsewhere(sections: &[ViewSection], marks: &[Mark], l10n: &Localizer) -> Option<ViewSection> {
    let shown = |m: &Mark| {
        sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|i| i.marks.contains(m))
    };
    let items: Vec<ViewItem> = marks
        .iter()
        .filter(|m| !shown(m))
        .map(|m| ViewItem {
            label: m.field.clone(),
            value: format!("{} {}", m.kind.symbol(), m.message),
            detail: Some(l10n.message("view-mark-elsewhere", &[])),
            source: None,
            freshness: Freshness::default(),
            marks: Vec::new(),
        })
        .collect();
    (!items.is_empty()).then(|| ViewSection {
        id: "check".to_owned(),
        title: l10n.message("view-section-check", &[]),
        priority: Priority::Amber,
        items,
    })
}

#[cfg(test)]
#[path = "marks_tests.rs"]
mod tests;
