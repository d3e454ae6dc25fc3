//! Membership-log checks made inside the revocation's write transaction (ADR 0007): the log has
//! not grown since the log the owner signed against, and the removed device's unused invites are
//! voided at once.

use rusqlite::{Connection, params};
use tsunagu_wire::membership::MembershipEntry;

use super::StoreResult;
use super::sqlite_pool::Cached;

/// True when `entry` is a revocation that follows a log of another length than the one stored
/// (the handler checked the hash of the prefix it read; the log is append-only, so the same
/// length inside this transaction means the same entries).
pub(super) fn log_moved(tx: &Connection, profile: &str, entry: &MembershipEntry) -> StoreResult<bool> {
    let MembershipEntry::Revoked(r) = entry else {
        return Ok(false);
    };
    let stored: i64 = tx.row(
        "SELECT count(*) FROM member_entry WHERE profile_id = ?1",
        [profile],
        |row| row.get(0),
    )?;
    Ok(u64::try_from(stored).ok() != Some(r.follows.len))
}

/// Marks every unused invite the removed device issued as expired now, so a join with one is
/// refused with `410` (clients refuse such a join by log order anyway).
pub(super) fn void_invites_of_removed(
    tx: &Connection,
    profile: &str,
    entry: &MembershipEntry,
    now_ms: i64,
) -> StoreResult<()> {
    let MembershipEntry::Revoked(r) = entry else {
        return Ok(());
    };
    tx.exec(
        "UPDATE invite SET expires_at = min(expires_at, ?3)
         WHERE profile_id = ?1 AND used_by IS NULL AND json_extract(cert, '$.issuer') = ?2",
        params![profile, r.device.to_text(), now_ms],
    )?;
    Ok(())
}
