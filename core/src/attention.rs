//! Who needs attention this week: for each child in a store, the reasons a coordinator should
//! look at the profile now — a stale weight, an overdue cannula or feeding-tube change, no drill
//! in 12 months, a plan over a year old, no update in 6 months, sections not verified (the
//! roster's rules, `readiness::roster`), review items left by concurrent edits, and local changes
//! the relay does not have yet. One computation for the CLI (`roster --needs-attention`) and the
//! desk's home page.

use serde::Serialize;

use crate::error::Result;
use crate::model::Date;
use crate::readiness::roster::{MissingItem, roster_row};
use crate::store::ProfileStore;

/// One reason a child needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The weight is older than the views' limit, or its date is not recorded.
    StaleWeight,
    /// The tracheostomy cannula is past its change interval.
    CannulaChangeOverdue,
    /// The feeding tube is past its change interval.
    TubeChangeOverdue,
    /// No drill, or the last drill is over 12 months old.
    DrillOverdue,
    /// The plan date is over a year old.
    PlanOverAYear,
    /// Nothing changed for 6 months.
    NoRecentUpdate,
    /// Sections holding entries carry no verification mark.
    UnverifiedSections,
    /// Fields hold concurrent values to review.
    ReviewItems,
    /// Local changes the relay does not have yet (a shared profile).
    UnsyncedChanges,
}

impl Reason {
    /// Every reason, in the order shown.
    pub const ALL: &'static [Reason] = &[
        Reason::ReviewItems,
        Reason::StaleWeight,
        Reason::CannulaChangeOverdue,
        Reason::TubeChangeOverdue,
        Reason::DrillOverdue,
        Reason::PlanOverAYear,
        Reason::NoRecentUpdate,
        Reason::UnverifiedSections,
        Reason::UnsyncedChanges,
    ];

    /// The Fluent message id naming this reason.
    pub fn fluent_id(self) -> &'static str {
        match self {
            Reason::StaleWeight => "roster-attention-stale-weight",
            Reason::CannulaChangeOverdue => "roster-attention-cannula-change",
            Reason::TubeChangeOverdue => "roster-attention-tube-change",
            Reason::DrillOverdue => "roster-missing-drill-overdue",
            Reason::PlanOverAYear => "roster-attention-plan-old",
            Reason::NoRecentUpdate => "roster-attention-no-update",
            Reason::UnverifiedSections => "roster-attention-unverified",
            Reason::ReviewItems => "attention-review-items",
            Reason::UnsyncedChanges => "attention-unsynced",
        }
    }

    /// The stable name used in JSON and URLs (`stale_weight`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::StaleWeight => "stale_weight",
            Reason::CannulaChangeOverdue => "cannula_change_overdue",
            Reason::TubeChangeOverdue => "tube_change_overdue",
            Reason::DrillOverdue => "drill_overdue",
            Reason::PlanOverAYear => "plan_over_a_year",
            Reason::NoRecentUpdate => "no_recent_update",
            Reason::UnverifiedSections => "unverified_sections",
            Reason::ReviewItems => "review_items",
            Reason::UnsyncedChanges => "unsynced_changes",
        }
    }

    fn of_missing(item: MissingItem) -> Option<Reason> {
        Some(match item {
            MissingItem::StaleWeight => Reason::StaleWeight,
            MissingItem::CannulaChangeOverdue => Reason::CannulaChangeOverdue,
            MissingItem::TubeChangeOverdue => Reason::TubeChangeOverdue,
            MissingItem::DrillOverdue => Reason::DrillOverdue,
            MissingItem::PlanOverAYear => Reason::PlanOverAYear,
            MissingItem::NoRecentUpdate => Reason::NoRecentUpdate,
            MissingItem::UnverifiedSections => Reason::UnverifiedSections,
            _ => return None,
        })
    }
}

/// One child and why it needs attention (no reasons: nothing to do this week).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildAttention {
    /// Profile id.
    pub profile_id: String,
    /// Child's name.
    pub name: Option<String>,
    /// Kana reading.
    pub name_kana: Option<String>,
    /// Time of the newest change, milliseconds since the epoch.
    pub updated_at: i64,
    /// The reasons, in [`Reason::ALL`] order.
    pub reasons: Vec<Reason>,
    /// Fields with concurrent values to review.
    pub review_items: usize,
    /// Local changes the relay does not have yet (0 for a profile that is not shared).
    pub unsynced_changes: usize,
}

impl ChildAttention {
    /// True when there is at least one reason.
    pub fn needs_attention(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// The attention of the profile `id`, judged on `as_of`.
pub fn child_attention(store: &mut ProfileStore, id: &str, as_of: Date) -> Result<ChildAttention> {
    let summary = store
        .list()?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| crate::error::Error::UnknownProfile(id.to_owned()))?;
    judge(store, &summary, as_of)
}

fn judge(
    store: &mut ProfileStore,
    summary: &crate::store::ProfileSummary,
    as_of: Date,
) -> Result<ChildAttention> {
    let profile = store.profile(&summary.id)?;
    let row = roster_row(summary, profile, as_of);
    let mut reasons: Vec<Reason> = row
        .missing
        .iter()
        .filter_map(|m| Reason::of_missing(*m))
        .collect();
    let review_items = store.review_items(&summary.id)?.len();
    if review_items > 0 {
        reasons.push(Reason::ReviewItems);
    }
    let unsynced_changes = sync_overview(store, &summary.id)?.map_or(0, |o| o.pending_changes);
    if unsynced_changes > 0 {
        reasons.push(Reason::UnsyncedChanges);
    }
    reasons.sort_by_key(|r| Reason::ALL.iter().position(|a| a == r));
    Ok(ChildAttention {
        profile_id: summary.id.clone(),
        name: summary.name.clone(),
        name_kana: summary.name_kana.clone(),
        updated_at: summary.updated_at,
        reasons,
        review_items,
        unsynced_changes,
    })
}

/// How syncing the profile `id` stands, from local state only; `None` when it is not shared.
pub fn sync_overview(store: &mut ProfileStore, id: &str) -> Result<Option<crate::sync::SyncOverview>> {
    if store.sync_state(id)?.is_none() {
        return Ok(None);
    }
    crate::sync::local::overview(store, id).map(Some)
}

/// Every child in `store`, judged on `as_of`: those needing attention first (most reasons
/// first), then by kana, name and id.
pub fn attention(store: &mut ProfileStore, as_of: Date) -> Result<Vec<ChildAttention>> {
    let summaries = store.list()?;
    let mut out = Vec::with_capacity(summaries.len());
    for summary in &summaries {
        out.push(judge(store, summary, as_of)?);
    }
    out.sort_by(|a, b| {
        b.needs_attention()
            .cmp(&a.needs_attention())
            .then_with(|| b.reasons.len().cmp(&a.reasons.len()))
            .then_with(|| (&a.name_kana, &a.name, &a.profile_id).cmp(&(&b.name_kana, &b.name, &b.profile_id)))
    });
    Ok(out)
}

#[cfg(test)]
#[path = "attention_tests.rs"]
mod tests;
