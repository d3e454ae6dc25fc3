//! What the quotas need to know (finding 5): how much a device, a profile and the whole relay
//! hold. [`UsageStore`] is a supertrait of [`RelayStore`](super::RelayStore); the HTTP layer
//! compares the counts with `RelayConfig::quotas` before it writes. The counts are read outside
//! the write's transaction, so requests racing in parallel may pass a quota by a few rows; the
//! per-device rate limit bounds how many.

use rusqlite::{OptionalExtension, params};
use tsunagu_wire::DeviceId;

use super::sqlite_pool::Cached;
use super::{SqliteStore, StoreResult};

/// Counts of what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Profiles the device owns.
    pub profiles_owned: u64,
    /// Profiles on the relay.
    pub profiles_total: u64,
    /// Unused, unexpired invites of the profile asked about.
    pub live_invites: u64,
    /// Membership entries of the profile asked about.
    pub member_entries: u64,
}

/// Storage usage counts.
pub trait UsageStore: Send + Sync {
    /// Usage of `device` and, when given, of `profile`, at `now_ms`.
    fn usage(&self, device: &DeviceId, profile: Option<&str>, now_ms: i64) -> StoreResult<Usage>;
}

fn count(n: i64) -> u64 {
    n.unsigned_abs()
}

impl UsageStore for SqliteStore {
    fn usage(&self, device: &DeviceId, profile: Option<&str>, now_ms: i64) -> StoreResult<Usage> {
        let (profiles_owned, profiles_total, live_invites, member_entries) = self.read(|conn| {
            let profiles_owned: i64 = conn.row(
                "SELECT count(*) FROM profile WHERE owner = ?1",
                [&device.0[..]],
                |r| r.get(0),
            )?;
            let profiles_total: i64 = conn.row("SELECT count(*) FROM profile", [], |r| r.get(0))?;
            let (live_invites, member_entries) = match profile {
                None => (0, 0),
                Some(p) => {
                    let invites: i64 = conn.row(
                        "SELECT count(*) FROM invite WHERE profile_id = ?1 AND used_by IS NULL AND expires_at > ?2",
                        params![p, now_ms],
                        |r| r.get(0),
                    )?;
                    let entries: Option<i64> = conn
                        .row(
                            "SELECT count(*) FROM member_entry WHERE profile_id = ?1",
                            [p],
                            |r| r.get(0),
                        )
                        .optional()?;
                    (invites, entries.unwrap_or(0))
                }
            };
            Ok((profiles_owned, profiles_total, live_invites, member_entries))
        })?;
        Ok(Usage {
            profiles_owned: count(profiles_owned),
            profiles_total: count(profiles_total),
            live_invites: count(live_invites),
            member_entries: count(member_entries),
        })
    }
}
