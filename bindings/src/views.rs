//! Audience views (shelter, EMS, caregiver) as records: the core's `views::View` mirrored field
//! for field, built by `views::build` in the language asked for. Apps render them as they are.

use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::views::{
    self, Audience, Freshness, Mark, MarkKind, MarkValue, Priority, StaleRule, StaleWarning, View, ViewItem,
    ViewSection,
};

use crate::error::ApiError;
use crate::store::TsunaguStore;

/// Who a view is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ViewAudience {
    /// Shelter staff: what keeps the child alive, never do, whom to call, power, what to prepare.
    Shelter,
    /// Paramedics and emergency doctors: an EIF-like summary.
    Ems,
    /// A new caregiver: routines step by step, communication, normal and sick, whom to call.
    Caregiver,
}

impl From<ViewAudience> for Audience {
    fn from(a: ViewAudience) -> Self {
        match a {
            ViewAudience::Shelter => Audience::Shelter,
            ViewAudience::Ems => Audience::Ems,
            ViewAudience::Caregiver => Audience::Caregiver,
        }
    }
}

impl From<Audience> for ViewAudience {
    fn from(a: Audience) -> Self {
        match a {
            Audience::Shelter => ViewAudience::Shelter,
            Audience::Ems => ViewAudience::Ems,
            Audience::Caregiver => ViewAudience::Caregiver,
        }
    }
}

/// How much a section matters: red (life and death), amber (daily care), green (good to know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ViewPriority {
    /// Must know: life and death.
    Red,
    /// Daily care and things to do.
    Amber,
    /// Good to know.
    Green,
}

impl From<Priority> for ViewPriority {
    fn from(p: Priority) -> Self {
        match p {
            Priority::Red => ViewPriority::Red,
            Priority::Amber => ViewPriority::Amber,
            Priority::Green => ViewPriority::Green,
        }
    }
}

/// The rule that made an item stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StaleReason {
    /// Weight older than three months, or undated.
    WeightOld,
    /// Tracheostomy cannula past its change interval.
    TracheostomyChangeDue,
    /// Feeding tube past its change interval.
    FeedingTubeChangeDue,
    /// No evacuation drill in twelve months.
    DrillOverdue,
}

impl From<StaleRule> for StaleReason {
    fn from(r: StaleRule) -> Self {
        match r {
            StaleRule::WeightOld => StaleReason::WeightOld,
            StaleRule::TracheostomyChangeDue => StaleReason::TracheostomyChangeDue,
            StaleRule::FeedingTubeChangeDue => StaleReason::FeedingTubeChangeDue,
            StaleRule::DrillOverdue => StaleReason::DrillOverdue,
        }
    }
}

/// Why an item is out of date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StaleNotice {
    /// The rule that fired.
    pub reason: StaleReason,
    /// The day the item became stale (`YYYY-MM-DD`), when known.
    pub since: Option<String>,
    /// The warning in words.
    pub message: String,
}

impl From<StaleWarning> for StaleNotice {
    fn from(w: StaleWarning) -> Self {
        Self {
            reason: w.rule.into(),
            since: w.since.map(|d| d.to_string()),
            message: w.message,
        }
    }
}

/// How current an item is: who changed it, who verified its section, whether it is stale.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ItemFreshness {
    /// Author of the last change to the item's source.
    pub changed_by: Option<String>,
    /// When that change was made, milliseconds since the Unix epoch.
    pub changed_at_ms: Option<i64>,
    /// Who last verified the item's section.
    pub verified_by: Option<String>,
    /// Their role, in words.
    pub verified_role: Option<String>,
    /// The day of that verification, `YYYY-MM-DD`.
    pub verified_on: Option<String>,
    /// Set when a rule says the item is out of date.
    pub stale: Option<StaleNotice>,
}

impl From<Freshness> for ItemFreshness {
    fn from(f: Freshness) -> Self {
        Self {
            changed_by: f.changed_by,
            changed_at_ms: f.changed_at.map(|t| t.0.timestamp_millis()),
            verified_by: f.verified_by,
            verified_role: f.verified_role,
            verified_on: f.verified_on.map(|d| d.0.to_string()),
            stale: f.stale.map(Into::into),
        }
    }
}

/// What kind of doubt a mark records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ViewMarkKind {
    /// Concurrent edits left several values: "values differ — check" (resolve with
    /// `resolve_review`).
    ValuesDiffer,
    /// Saved over a plausibility warning and not verified since (verify with `verify_value`, by
    /// someone other than who saved it).
    Unverified,
}

impl From<MarkKind> for ViewMarkKind {
    fn from(k: MarkKind) -> Self {
        match k {
            MarkKind::ValuesDiffer => ViewMarkKind::ValuesDiffer,
            MarkKind::Unverified => ViewMarkKind::Unverified,
        }
    }
}

/// One of the values of a field whose values differ.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ViewMarkValue {
    /// The value in words, with its unit.
    pub value: String,
    /// Who wrote it.
    pub written_by: Option<String>,
    /// When, milliseconds since the Unix epoch.
    pub written_at_ms: Option<i64>,
    /// True for the value shown until someone chooses.
    pub shown: bool,
}

impl From<MarkValue> for ViewMarkValue {
    fn from(v: MarkValue) -> Self {
        Self {
            value: v.value,
            written_by: v.written_by,
            written_at_ms: v.written_at.map(|t| t.0.timestamp_millis()),
            shown: v.shown,
        }
    }
}

/// Something uncertain about one field: apps show a sign and `message` with the line, never
/// colour alone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ViewMark {
    /// What kind of doubt.
    pub kind: ViewMarkKind,
    /// Dotted path of the field.
    pub path: String,
    /// The field's label, in words.
    pub field: String,
    /// The doubt in words.
    pub message: String,
    /// Every value with who wrote it, or who saved it over a warning, in words.
    pub detail: String,
    /// Every concurrent value (values differ; empty otherwise).
    pub values: Vec<ViewMarkValue>,
    /// Who saved the value over a warning (unverified).
    pub confirmed_by: Option<String>,
    /// When, milliseconds since the Unix epoch.
    pub confirmed_at_ms: Option<i64>,
}

impl From<Mark> for ViewMark {
    fn from(m: Mark) -> Self {
        Self {
            kind: m.kind.into(),
            path: m.path,
            field: m.field,
            message: m.message,
            detail: m.detail,
            values: m.values.into_iter().map(Into::into).collect(),
            confirmed_by: m.confirmed_by,
            confirmed_at_ms: m.confirmed_at.map(|t| t.0.timestamp_millis()),
        }
    }
}

/// One line of a view.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ViewLine {
    /// What it is ("Tracheostomy tube", "Step 1").
    pub label: String,
    /// The value, with units.
    pub value: String,
    /// More, when there is more to say (may hold several lines).
    pub detail: Option<String>,
    /// The profile path it is read from (`devices.dev-trach`), when it has one: an app can open
    /// the edit form there.
    pub source: Option<String>,
    /// Who changed and verified it, and whether it is stale.
    pub freshness: ItemFreshness,
    /// What is uncertain about it (empty when nothing is).
    pub marks: Vec<ViewMark>,
}

impl From<ViewItem> for ViewLine {
    fn from(i: ViewItem) -> Self {
        Self {
            label: i.label,
            value: i.value,
            detail: i.detail,
            source: i.source,
            freshness: i.freshness.into(),
            marks: i.marks.into_iter().map(Into::into).collect(),
        }
    }
}

/// A titled group of lines.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ViewGroup {
    /// Stable id (`life_support`, `devices`, `routine:rt-feed`…).
    pub id: String,
    /// Heading, in words.
    pub title: String,
    /// Red, amber or green.
    pub priority: ViewPriority,
    /// Lines in order; an empty section holds one "not recorded" line.
    pub items: Vec<ViewLine>,
}

impl From<ViewSection> for ViewGroup {
    fn from(s: ViewSection) -> Self {
        Self {
            id: s.id,
            title: s.title,
            priority: s.priority.into(),
            items: s.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// A whole view for one audience: sections in the order to show them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProfileView {
    /// Who it is for.
    pub audience: ViewAudience,
    /// Language of every word in it (`ja`, `en`).
    pub lang: String,
    /// Heading, with the child's name.
    pub title: String,
    /// The day the freshness rules were applied for, `YYYY-MM-DD`.
    pub generated_for_date: String,
    /// Sections, most important first.
    pub sections: Vec<ViewGroup>,
    /// Everything uncertain in the profile, whether or not a line of this view shows it (for a
    /// banner); each is also on the lines that show its field.
    pub marks: Vec<ViewMark>,
}

impl From<View> for ProfileView {
    fn from(v: View) -> Self {
        Self {
            audience: v.audience.into(),
            lang: v.lang,
            title: v.title,
            generated_for_date: v.generated_for_date.to_string(),
            sections: v.sections.into_iter().map(Into::into).collect(),
            marks: v.marks.into_iter().map(Into::into).collect(),
        }
    }
}

/// The language named by a BCP 47 tag (`ja`, `en-US`…).
pub(crate) fn lang(tag: &str) -> Result<Lang, ApiError> {
    Lang::parse(tag).ok_or_else(|| ApiError::invalid("lang", "unsupported language; expected ja or en"))
}

/// A day given as `YYYY-MM-DD`.
pub(crate) fn day(field: &str, text: &str) -> Result<chrono::NaiveDate, ApiError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(field, "expected a date YYYY-MM-DD"))
}

#[uniffi::export]
impl TsunaguStore {
    /// The view of profile `id` for `audience`, in language `lang` (`ja`, `en`), with the stale
    /// rules applied as of `today` (`YYYY-MM-DD`, the family's local date).
    pub fn view(
        &self,
        id: String,
        audience: ViewAudience,
        lang: String,
        today: String,
    ) -> Result<ProfileView, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let today = day("today", &today)?;
        let mut store = self.lock()?;
        let doc = store.document(&id)?;
        Ok(views::build(doc, audience.into(), &l10n, today)?.into())
    }
}
