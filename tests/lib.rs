//! Shared pieces of the cross-crate scenario tests in `integration/` and of the helper binaries
//! they drive (`src/bin/`): a fixed edit context, and the crash writer's edit protocol, defined
//! once so the writer and the test that kills it agree on what every acknowledged edit wrote.
//!
#![doc = include_str!("README.md")]

use chrono::{NaiveDate, TimeZone, Utc};
use tsunagu_core::model::ValidationContext;
use tsunagu_core::{Edit, EditContext};

/// An edit context with a fixed "today" (2026-11-24), so the demo profile's dates validate on
/// any machine clock. Changes are stamped 2026-11-24 10:00 UTC plus `minute` minutes.
pub fn edit_context(author: &str, minute: u32) -> EditContext {
    let base = Utc
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .expect("a valid fixed time");
    EditContext {
        author: author.to_owned(),
        now: base + chrono::Duration::minutes(i64::from(minute)),
        validation: ValidationContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("a valid fixed date"),
        },
    }
}

/// The edit protocol of `tsunagu-crash-writer`: edit number `n` (counting from 0 on a fresh
/// profile) is one change that
/// - sets `child.nickname` to `crash-{n}` (so the newest durable edit can be read back), and
/// - when `n` is a multiple of [`crash::ITEM_EVERY`], adds the stock item `stk-crash-{n}` and
///   removes the one added [`crash::ITEM_WINDOW`] edits earlier (so the profile stays small and
///   both adds and removes are crash-tested).
pub mod crash {
    use super::*;

    /// An item is added every this many edits.
    pub const ITEM_EVERY: u64 = 3;
    /// An item is removed this many edits after it was added.
    pub const ITEM_WINDOW: u64 = 30;
    /// Prefix of the nickname the writer sets.
    pub const NICKNAME_PREFIX: &str = "crash-";
    /// Prefix of the ids of the stock items the writer adds.
    pub const ITEM_PREFIX: &str = "stk-crash-";

    /// The edits of edit number `n`, applied as one change.
    pub fn edits(n: u64) -> Vec<Edit> {
        let mut edits = vec![Edit::set("child.nickname", format!("{NICKNAME_PREFIX}{n}"))];
        if n.is_multiple_of(ITEM_EVERY) {
            edits.push(Edit::Add {
                collection: "stock".into(),
                id: format!("{ITEM_PREFIX}{n}"),
                entity: serde_json::json!({ "name": format!("crash item {n}"), "on_hand": n as f64 }),
            });
            if n >= ITEM_WINDOW {
                edits.push(Edit::Remove {
                    collection: "stock".into(),
                    id: format!("{ITEM_PREFIX}{}", n - ITEM_WINDOW),
                });
            }
        }
        edits
    }

    /// The number of the newest edit a profile shows, read from its nickname; `None` before the
    /// first edit.
    pub fn last_edit(nickname: Option<&str>) -> Option<u64> {
        nickname?.strip_prefix(NICKNAME_PREFIX)?.parse().ok()
    }

    /// The ids of the writer's stock items a profile must hold once edit `last` is its newest.
    pub fn expected_items(last: Option<u64>) -> Vec<String> {
        let Some(last) = last else { return Vec::new() };
        let mut ids: Vec<String> = (0..=last)
            .filter(|k| k.is_multiple_of(ITEM_EVERY) && k + ITEM_WINDOW > last)
            .map(|k| format!("{ITEM_PREFIX}{k}"))
            .collect();
        ids.sort();
        ids
    }
}
