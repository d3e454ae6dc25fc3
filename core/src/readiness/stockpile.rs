//! Stockpile: days of supply per stock item and per medication, against DOMAIN.md's targets
//! (3 days to carry when evacuating, 14 days for staying home, one week of spare medication).
//!
//! A stock item's days are `on_hand ÷ per_day`. When `per_day` is not recorded it is derived from
//! the care routines where the units make that unambiguous: one suction catheter per tracheal
//! suction (`times_per_day` of the suction routines), and for a feed counted in `mL` the feed
//! routines' `times_per_day × volume`. A medication's days are its recorded `days_on_hand`.

use serde::Serialize;

use crate::model::{EntityId, Profile, RoutineKind, StockCategory, StockItem};

/// Days of supply to carry when evacuating.
pub const CARRY_TARGET_DAYS: f64 = 3.0;
/// Days of supply for staying at home.
pub const HOME_TARGET_DAYS: f64 = 14.0;
/// Days of spare medication to keep.
pub const MEDICATION_SPARE_DAYS: f64 = 7.0;

/// Where a per-day figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PerDaySource {
    /// Recorded on the stock item.
    Recorded,
    /// Derived from the care routines.
    Routines,
}

/// How a supply stands against the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplyLevel {
    /// Less than the 3 days to carry.
    BelowCarry,
    /// Enough to carry, less than 14 days at home.
    BelowHome,
    /// 14 days or more.
    Enough,
    /// Days cannot be computed (no per-day use or nothing on hand recorded).
    Unknown,
}

impl SupplyLevel {
    /// The level of `days` of supply.
    pub fn of(days: Option<f64>) -> Self {
        match days {
            None => SupplyLevel::Unknown,
            Some(d) if d < CARRY_TARGET_DAYS => SupplyLevel::BelowCarry,
            Some(d) if d < HOME_TARGET_DAYS => SupplyLevel::BelowHome,
            Some(_) => SupplyLevel::Enough,
        }
    }

    /// The Fluent message id naming this level.
    pub fn fluent_id(self) -> &'static str {
        match self {
            SupplyLevel::BelowCarry => "readiness-supply-below-carry",
            SupplyLevel::BelowHome => "readiness-supply-below-home",
            SupplyLevel::Enough => "readiness-supply-enough",
            SupplyLevel::Unknown => "readiness-supply-unknown",
        }
    }
}

/// Days of supply of one stock item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockDays {
    /// Id of the stock item.
    pub id: EntityId,
    /// Name.
    pub name: String,
    /// Category.
    pub category: Option<StockCategory>,
    /// Unit counted.
    pub unit: Option<String>,
    /// On hand, in `unit`.
    pub on_hand: Option<f64>,
    /// Used per day, in `unit`.
    pub per_day: Option<f64>,
    /// Where `per_day` came from.
    pub per_day_source: Option<PerDaySource>,
    /// Days of supply (`on_hand ÷ per_day`).
    pub days: Option<f64>,
    /// Against the 3- and 14-day targets.
    pub level: SupplyLevel,
    /// Hard to get.
    pub hard_to_get: bool,
}

/// Days of supply of one medication.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedicationDays {
    /// Id of the medication.
    pub id: EntityId,
    /// Name.
    pub name: String,
    /// Days on hand, as recorded.
    pub days: Option<f64>,
    /// Against the 3- and 14-day targets.
    pub level: SupplyLevel,
    /// False when fewer than [`MEDICATION_SPARE_DAYS`] days are on hand (`None`: not recorded).
    pub week_spare: Option<bool>,
    /// Hard to get.
    pub hard_to_get: bool,
    /// A rescue medication.
    pub rescue: bool,
}

/// The stockpile of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stockpile {
    /// Stock items, in display order.
    pub items: Vec<StockDays>,
    /// Medications, in display order.
    pub medications: Vec<MedicationDays>,
}

/// Use per day of `item` derived from the routines, when the units allow it.
fn per_day_from_routines(profile: &Profile, item: &StockItem) -> Option<f64> {
    let routines = profile.routines.ordered();
    let sum = |kind: RoutineKind, per_time: &dyn Fn(&crate::model::Routine) -> Option<f64>| {
        let values: Vec<f64> = routines
            .iter()
            .filter(|(_, r)| r.kind == kind)
            .filter_map(|(_, r)| Some(r.times_per_day?.0 * per_time(r)?))
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    match item.category? {
        StockCategory::SuctionCatheter => sum(RoutineKind::Suction, &|_| Some(1.0)),
        StockCategory::Feed if item.unit.as_deref().is_some_and(|u| u.eq_ignore_ascii_case("mL")) => {
            sum(RoutineKind::Feed, &|r| r.volume.map(|v| v.0))
        }
        _ => None,
    }
}

/// Days of supply of every stock item and medication of `profile`.
pub fn stockpile(profile: &Profile) -> Stockpile {
    let items = profile
        .stock
        .ordered()
        .into_iter()
        .map(|(id, item)| {
            let (per_day, source) = match item.per_day {
                Some(p) => (Some(p.0), Some(PerDaySource::Recorded)),
                None => match per_day_from_routines(profile, item) {
                    Some(p) => (Some(p), Some(PerDaySource::Routines)),
                    None => (None, None),
                },
            };
            let on_hand = item.on_hand.map(|n| n.0);
            let days = match (on_hand, per_day) {
                (Some(n), Some(p)) if p > 0.0 => Some(n / p),
                _ => None,
            };
            StockDays {
                id: id.clone(),
                name: item.name.clone(),
                category: item.category,
                unit: item.unit.clone(),
                on_hand,
                per_day,
                per_day_source: source,
                days,
                level: SupplyLevel::of(days),
                hard_to_get: item.hard_to_get == Some(true),
            }
        })
        .collect();
    let medications = profile
        .medications
        .ordered()
        .into_iter()
        .map(|(id, m)| {
            let days = m.days_on_hand.map(|d| d.0);
            MedicationDays {
                id: id.clone(),
                name: m.name.clone(),
                days,
                level: SupplyLevel::of(days),
                week_spare: days.map(|d| d >= MEDICATION_SPARE_DAYS),
                hard_to_get: m.hard_to_get == Some(true),
                rescue: m.rescue == Some(true),
            }
        })
        .collect();
    Stockpile { items, medications }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, Millilitres, Performers, Routine};
    use crate::sample::demo_profile;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn demo_stock_days_by_hand() {
        let s = stockpile(&demo_profile());
        let by_id = |id: &str| s.items.iter().find(|i| i.id == id).expect("item");
        // Catheters: 120 on hand ÷ 15 a day = 8 days → enough to carry, short of 14 at home.
        let cath = by_id("stk-catheter");
        close(cath.days.expect("days"), 8.0);
        assert_eq!(cath.level, SupplyLevel::BelowHome);
        // Enevo: 30 cans ÷ 3 a day = 10 days.
        close(by_id("stk-enevo").days.expect("days"), 10.0);
        // HME: 20 ÷ 2 = 10 days, hard to get.
        let hme = by_id("stk-hme");
        close(hme.days.expect("days"), 10.0);
        assert!(hme.hard_to_get);
        // Syringes: 10 ÷ 1 = 10 days.
        close(by_id("stk-syringe").days.expect("days"), 10.0);
        // Valproate: 10 days on hand ≥ 7 (week spare) but < 14. Midazolam: 30 days, hard to get.
        let val = &s.medications[0];
        assert_eq!(val.id, "med-valproate");
        assert_eq!(val.week_spare, Some(true));
        assert_eq!(val.level, SupplyLevel::BelowHome);
        let mid = &s.medications[1];
        assert_eq!(mid.level, SupplyLevel::Enough);
        assert!(mid.hard_to_get && mid.rescue);
    }

    #[test]
    fn levels_at_the_boundaries() {
        assert_eq!(SupplyLevel::of(Some(2.99)), SupplyLevel::BelowCarry);
        assert_eq!(SupplyLevel::of(Some(3.0)), SupplyLevel::BelowHome);
        assert_eq!(SupplyLevel::of(Some(13.9)), SupplyLevel::BelowHome);
        assert_eq!(SupplyLevel::of(Some(14.0)), SupplyLevel::Enough);
        assert_eq!(SupplyLevel::of(None), SupplyLevel::Unknown);
    }

    #[test]
    fn per_day_is_derived_from_the_routines() {
        let mut p = demo_profile();
        // Catheters without per_day: the suction routine's 15 times a day; 120 ÷ 15 = 8 days.
        if let Some(item) = p.stock.get_mut("stk-catheter") {
            item.per_day = None;
        }
        // Feed counted in mL: 5 feeds × 150 mL = 750 mL a day; 2,000 mL ÷ 750 = 2.67 days.
        p.stock.insert(
            "stk-feed-ml".into(),
            StockItem {
                order: 9.0,
                name: "feed".into(),
                category: Some(StockCategory::Feed),
                unit: Some("mL".into()),
                per_day: None,
                on_hand: Some(Count(2000.0)),
                hard_to_get: None,
            },
        );
        // A second feed routine adds 2 × 100 mL: 950 mL a day → 2000 ÷ 950.
        p.routines.insert(
            "rt-night".into(),
            Routine {
                order: 3.0,
                kind: RoutineKind::Feed,
                title: "night".into(),
                schedule: None,
                times_per_day: Some(Count(2.0)),
                product: None,
                volume: Some(Millilitres(100.0)),
                rate: None,
                flush: None,
                performed_by: Performers::default(),
                steps: None,
                normal: None,
            },
        );
        let s = stockpile(&p);
        let cath = s.items.iter().find(|i| i.id == "stk-catheter").expect("item");
        assert_eq!(cath.per_day_source, Some(PerDaySource::Routines));
        close(cath.days.expect("days"), 8.0);
        let feed = s.items.iter().find(|i| i.id == "stk-feed-ml").expect("item");
        close(feed.per_day.expect("per day"), 950.0);
        close(feed.days.expect("days"), 2000.0 / 950.0);
        assert_eq!(feed.level, SupplyLevel::BelowCarry);
        // Cans are not mL: no derivation for an item whose unit does not match.
        let mut q = demo_profile();
        if let Some(item) = q.stock.get_mut("stk-enevo") {
            item.per_day = None;
        }
        let enevo = stockpile(&q)
            .items
            .into_iter()
            .find(|i| i.id == "stk-enevo")
            .expect("item");
        assert_eq!(enevo.days, None);
        assert_eq!(enevo.level, SupplyLevel::Unknown);
    }
}
