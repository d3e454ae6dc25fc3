//! [`MemberCache`]: resolved member tables by profile, least recently used dropped first (finding
//! 4: a cache cleared whole at its size re-verified every active profile's membership log at
//! once). A table is valid for as long as its profile's entry count is the one it was resolved
//! from; entries are append-only, so a new count means a new table.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use lru::LruCache;

use super::Members;
use crate::metrics::Metrics;

/// Resolved member tables of the most recently used profiles.
pub(crate) struct MemberCache {
    tables: Mutex<LruCache<String, Arc<Members>>>,
    metrics: Arc<Metrics>,
}

impl MemberCache {
    /// A cache of at most `capacity` profiles' tables (at least one).
    pub(crate) fn new(capacity: usize, metrics: Arc<Metrics>) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Self {
            tables: Mutex::new(LruCache::new(capacity)),
            metrics,
        }
    }

    /// The profile's table if it was resolved from `entry_count` entries; marks it used.
    pub(crate) fn get(&self, profile: &str, entry_count: u64) -> Option<Arc<Members>> {
        let found = self
            .lock()
            .get(profile)
            .filter(|m| m.entry_count == entry_count)
            .cloned();
        match &found {
            Some(_) => self.metrics.member_cache_hits.inc(),
            None => self.metrics.member_cache_misses.inc(),
        };
        found
    }

    /// Keeps `members` as the profile's table, dropping the least recently used one when full.
    pub(crate) fn insert(&self, profile: &str, members: Arc<Members>) {
        let mut tables = self.lock();
        let evicted = tables
            .push(profile.to_owned(), members)
            .is_some_and(|(key, _)| key != profile);
        if evicted {
            self.metrics.member_cache_evictions.inc();
        }
        self.metrics
            .member_cache_entries
            .set(i64::try_from(tables.len()).unwrap_or(i64::MAX));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, Arc<Members>>> {
        // Every update leaves the cache consistent; a panic elsewhere cannot break it.
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn table(entry_count: u64) -> Arc<Members> {
        Arc::new(Members {
            entry_count,
            entries: Vec::new(),
            table: BTreeMap::new(),
        })
    }

    #[test]
    fn the_hot_profile_survives_a_stream_of_cold_ones() {
        let metrics = Arc::new(Metrics::new());
        let cache = MemberCache::new(3, Arc::clone(&metrics));
        cache.insert("hot", table(2));
        for i in 0..100 {
            // The hot profile is used between every two cold ones, as an active profile is.
            assert!(cache.get("hot", 2).is_some(), "evicted after {i} cold profiles");
            cache.insert(&format!("cold-{i}"), table(1));
        }
        // The cold ones came and went, least recently used first; the newest two are still in.
        assert!(cache.get("cold-0", 1).is_none());
        assert!(cache.get("cold-98", 1).is_some());
        assert!(cache.get("cold-99", 1).is_some());
        assert_eq!(metrics.member_cache_evictions.get(), 98);
        assert_eq!(metrics.member_cache_entries.get(), 3);
    }

    #[test]
    fn a_table_of_another_entry_count_is_not_served_and_is_replaced() {
        let metrics = Arc::new(Metrics::new());
        let cache = MemberCache::new(2, Arc::clone(&metrics));
        cache.insert("p", table(1));
        assert!(
            cache.get("p", 2).is_none(),
            "a join came in: the old table is stale"
        );
        cache.insert("p", table(2));
        assert_eq!(cache.get("p", 2).map(|m| m.entry_count), Some(2));
        assert_eq!(
            metrics.member_cache_evictions.get(),
            0,
            "a replacement is not an eviction"
        );
        assert_eq!(
            (metrics.member_cache_hits.get(), metrics.member_cache_misses.get()),
            (1, 1)
        );
    }
}
