//! Membership-log checks made inside a revocation's transaction on PostgreSQL, as
//! [`super::sqlite_trust`] does on SQLite (ADR 0007): the log has not grown since the log the
//! owner signed against, and the removed device's unused invites are voided at once. The caller
//! holds the profile's row lock, so the log cannot grow meanwhile.

use deadpool_postgres::GenericClient;
use tsunagu_wire::membership::MembershipEntry;

use super::StoreResult;
use super::pg::{exec, one};

/// As [`super::sqlite_trust::log_moved`]: the revocation follows a log of another length.
pub(super) async fn log_moved(
    tx: &impl GenericClient,
    profile: &str,
    entry: &MembershipEntry,
) -> StoreResult<bool> {
    let MembershipEntry::Revoked(r) = entry else {
        return Ok(false);
    };
    let stored: i64 = one(
        tx,
        "SELECT count(*) FROM member_entry WHERE profile_id = $1",
        &[&profile],
    )
    .await?
    .get(0);
    Ok(u64::try_from(stored).ok() != Some(r.follows.len))
}

/// As [`super::sqlite_trust::void_invites_of_removed`]: the removed device's unused invites
/// expire now.
pub(super) async fn void_invites_of_removed(
    tx: &impl GenericClient,
    profile: &str,
    entry: &MembershipEntry,
    now_ms: i64,
) -> StoreResult<()> {
    let MembershipEntry::Revoked(r) = entry else {
        return Ok(());
    };
    exec(
        tx,
        "UPDATE invite SET expires_at = LEAST(expires_at, $3)
         WHERE profile_id = $1 AND used_by IS NULL AND (cert::jsonb ->> 'issuer') = $2",
        &[&profile, &r.device.to_text(), &now_ms],
    )
    .await?;
    Ok(())
}
