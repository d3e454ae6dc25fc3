//! `roster --filter EXPR --sort COL`: which children the coordinator wants to see, and in what
//! order. Filters are small expressions over a roster row, all of which must hold:
//!
//! - `life-sustaining` (any life-sustaining device) or `life-sustaining=KIND` (`ventilator`,
//!   `oxygen`, `suction`, …, as `tsunagu fields` names device kinds);
//! - `power-dependent`;
//! - `runway<N`: the power runway is under N hours (children without a runway never match);
//! - `district=TEXT`: the home address contains TEXT (width, case, kana folded);
//! - `destination=TEXT`: the first destination contains TEXT;
//! - `missing`: something of the plan is missing or needs attention.
//!
//! [`select`] is the one way both shells read the roster: `tsunagu roster` and the desk's
//! `/roster` page (with its CSV and workbook downloads) ask it the same [`RosterQuery`].

use std::collections::HashSet;

use clap::ValueEnum;
use tsunagu_core::ProfileStore;
use tsunagu_core::attention::attention;
use tsunagu_core::model::{Date, DeviceKind};
use tsunagu_core::readiness::roster::{RosterRow, roster, sort_roster};
use tsunagu_core::store::search_key;

use crate::error::{CliError, Result};

/// One `--filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterFilter {
    /// Has a life-sustaining device (of this kind, when given).
    LifeSustaining(Option<DeviceKind>),
    /// Depends on power for a life-critical device.
    PowerDependent,
    /// Power runway under this many hours.
    RunwayUnder(f64),
    /// Address contains (folded).
    District(String),
    /// First destination contains (folded).
    Destination(String),
    /// Anything missing or needing attention.
    Missing,
}

impl std::str::FromStr for RosterFilter {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let text = text.trim();
        if let Some(hours) = text.strip_prefix("runway<") {
            let hours: f64 = hours
                .trim()
                .trim_end_matches('h')
                .parse()
                .map_err(|_| "runway<N: N is a number of hours".to_owned())?;
            return if hours.is_finite() && hours > 0.0 {
                Ok(RosterFilter::RunwayUnder(hours))
            } else {
                Err("runway<N: N is a number of hours above 0".to_owned())
            };
        }
        let (name, value) = match text.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim())),
            None => (text, None),
        };
        let needs_text = |v: Option<&str>| match v.map(search_key) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(format!("{name}=TEXT: the text is missing")),
        };
        match (name, value) {
            ("life-sustaining", None) => Ok(RosterFilter::LifeSustaining(None)),
            ("life-sustaining", Some(kind)) => DeviceKind::parse(kind)
                .map(|k| RosterFilter::LifeSustaining(Some(k)))
                .ok_or_else(|| {
                    let kinds: Vec<&str> = DeviceKind::ALL.iter().map(|k| k.as_str()).collect();
                    format!("life-sustaining=KIND: one of {}", kinds.join(", "))
                }),
            ("power-dependent", None) => Ok(RosterFilter::PowerDependent),
            ("missing", None) => Ok(RosterFilter::Missing),
            ("district", v) => Ok(RosterFilter::District(needs_text(v)?)),
            ("destination", v) => Ok(RosterFilter::Destination(needs_text(v)?)),
            _ => Err(
                "expected life-sustaining[=KIND], power-dependent, runway<HOURS, district=TEXT, \
                 destination=TEXT or missing"
                    .to_owned(),
            ),
        }
    }
}

impl RosterFilter {
    /// True when `row` passes.
    pub fn keeps(&self, row: &RosterRow) -> bool {
        let contains =
            |text: &Option<String>, part: &str| text.as_deref().is_some_and(|t| search_key(t).contains(part));
        match self {
            RosterFilter::LifeSustaining(None) => !row.life_sustaining_devices.is_empty(),
            RosterFilter::LifeSustaining(Some(kind)) => row.life_sustaining_devices.contains(kind),
            RosterFilter::PowerDependent => row.power_dependent,
            RosterFilter::RunwayUnder(hours) => row.shortest_runway_minutes.is_some_and(|m| m < hours * 60.0),
            RosterFilter::District(part) => contains(&row.address, part),
            RosterFilter::Destination(part) => contains(&row.destination, part),
            RosterFilter::Missing => !row.missing.is_empty(),
        }
    }
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortColumn {
    /// Shortest power runway first, then children who do not depend on power
    Runway,
    /// By kana reading (then name)
    Name,
    /// Youngest first
    Age,
    /// Most items missing first
    Missing,
    /// Oldest plan date first (none first)
    PlanDate,
    /// Oldest drill first (none first)
    Drill,
    /// Least recently updated first
    Updated,
    /// By destination
    Destination,
}

/// Keeps the rows every filter passes, sorted by `column` (reversed with `reverse`); ties keep
/// the default order (runway, then kana).
pub fn apply(rows: &mut Vec<RosterRow>, filters: &[RosterFilter], column: SortColumn, reverse: bool) {
    rows.retain(|row| filters.iter().all(|f| f.keeps(row)));
    sort_roster(rows);
    let key_text = |v: &Option<String>| v.as_deref().map(search_key);
    match column {
        SortColumn::Runway => {}
        SortColumn::Name => rows.sort_by_key(|r| (key_text(&r.name_kana), key_text(&r.name))),
        SortColumn::Age => rows.sort_by_key(|r| r.age_years.unwrap_or(u32::MAX)),
        SortColumn::Missing => rows.sort_by_key(|r| std::cmp::Reverse(r.missing.len())),
        SortColumn::PlanDate => rows.sort_by_key(|r| r.plan_date.map(|d| d.0)),
        SortColumn::Drill => rows.sort_by_key(|r| r.last_drill.map(|d| d.0)),
        SortColumn::Updated => rows.sort_by_key(|r| r.updated_at),
        SortColumn::Destination => rows.sort_by_key(|r| key_text(&r.destination)),
    }
    if reverse {
        rows.reverse();
    }
}

/// Which rows of the roster to show, and in what order.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterQuery {
    /// Every filter must hold.
    pub filters: Vec<RosterFilter>,
    /// Order of the rows.
    pub sort: SortColumn,
    /// Reverse the order.
    pub reverse: bool,
    /// Include profiles archived on this device.
    pub archived: bool,
    /// Only the children who need attention (as the desk's home page judges it).
    pub needs_attention: bool,
}

impl Default for RosterQuery {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            sort: SortColumn::Runway,
            reverse: false,
            archived: false,
            needs_attention: false,
        }
    }
}

/// The roster rows `query` selects, in its order, judged as of `as_of`.
pub fn select(store: &mut ProfileStore, as_of: Date, query: &RosterQuery) -> Result<Vec<RosterRow>> {
    let archived = store.archived()?;
    let mut rows = roster(store, as_of)?;
    if !query.archived {
        rows.retain(|r| !archived.contains_key(&r.profile_id));
    }
    if query.needs_attention {
        let who: HashSet<String> = attention(store, as_of)?
            .into_iter()
            .filter(|c| c.needs_attention())
            .map(|c| c.profile_id)
            .collect();
        rows.retain(|r| who.contains(&r.profile_id));
    }
    apply(&mut rows, &query.filters, query.sort, query.reverse);
    Ok(rows)
}

/// Parses every `--filter`; a bad one is bad input naming the expression's rule.
pub fn parse_filters(texts: &[String]) -> Result<Vec<RosterFilter>> {
    texts
        .iter()
        .map(|t| {
            t.parse()
                .map_err(|rule: String| CliError::worded("cli-err-roster-filter", &[("rule", &rule)]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_refuse() {
        assert_eq!("runway<6".parse(), Ok(RosterFilter::RunwayUnder(6.0)));
        assert_eq!("runway<12h".parse(), Ok(RosterFilter::RunwayUnder(12.0)));
        assert_eq!(
            "life-sustaining=ventilator".parse(),
            Ok(RosterFilter::LifeSustaining(Some(DeviceKind::Ventilator)))
        );
        assert_eq!(
            "district=ﾁｭｳｵｳ".parse(),
            Ok(RosterFilter::District(search_key("チュウオウ")))
        );
        for bad in [
            "runway<",
            "runway<-1",
            "life-sustaining=toaster",
            "district=",
            "colour=red",
        ] {
            assert!(bad.parse::<RosterFilter>().is_err(), "{bad}");
        }
    }
}
