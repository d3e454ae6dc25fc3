//! [`LinkStore`] and [`UsageStore`] for [`PgStore`]: share links, their tickets and the usage
//! counts in PostgreSQL. The attempt counter moves only by conditional `UPDATE … RETURNING`, which
//! PostgreSQL re-checks on the newest row version, so parallel guesses through any number of
//! relays never spend more than the link's attempts. The link quotas (count and bytes, per device
//! and relay-wide) are checked and written under one transaction-scoped advisory lock, so relays
//! sharing the database cannot together pass them; links are created rarely, so this costs little.

use tsunagu_wire::DeviceId;

use super::StoreResult;
use super::links::{
    Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, NewLink, Pruned, Served,
};
use super::pg::{PgStore, all, device_from, exec, one, opt, pg_read, pg_write};
use super::usage::Usage;
use crate::error::StoreError;

/// Key of the advisory lock held while a link quota is checked and written ("tsunagu2").
const LINK_QUOTA_LOCK: i64 = 0x7473_756e_6167_7532;

/// `WHERE` clause of a link a recipient may use at `$2`.
const SERVED: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) AND jwe IS NOT NULL
     AND (passcode_hash IS NULL OR attempts_left > 0)";

const RECORD: &str = "SELECT id, owner, passcode_hash, attempts_left, expires_at, revoked_at, content_type,
        jwe IS NOT NULL, views FROM share_link";

fn record(row: &tokio_postgres::Row) -> StoreResult<LinkRecord> {
    Ok(LinkRecord {
        id: row.get(0),
        owner: device_from(row.get(1))?,
        passcode_hash: row.get(2),
        attempts_left: u32::try_from(row.get::<_, i64>(3)).map_err(|_| StoreError::Corrupt("attempts"))?,
        expires_at: row.get(4),
        revoked_at: row.get(5),
        content_type: row.get(6),
        has_file: row.get(7),
        views: u64::try_from(row.get::<_, i64>(8)).map_err(|_| StoreError::Corrupt("views"))?,
    })
}

fn count(row: &tokio_postgres::Row, i: usize) -> u64 {
    row.get::<_, i64>(i).unsigned_abs()
}

impl PgStore {
    pub(super) async fn create_link(
        &self,
        link: &NewLink<'_>,
        now_ms: i64,
    ) -> StoreResult<CreateLinkOutcome> {
        let owner = &link.owner.0[..];
        let attempts = i64::from(link.max_attempts);
        pg_write!(self, |tx| {
            exec(tx, "SELECT pg_advisory_xact_lock($1)", &[&LINK_QUOTA_LOCK]).await?;
            // Files of expired links are never served again: forget them (indexed, cheap).
            exec(
                tx,
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= $1",
                &[&now_ms],
            )
            .await?;
            exec(tx, "DELETE FROM share_ticket WHERE expires_at <= $1", &[&now_ms]).await?;
            if let Some(row) = opt(tx, "SELECT owner FROM share_link WHERE id = $1", &[&link.id]).await? {
                return Ok(if row.get::<_, &[u8]>(0) == owner {
                    CreateLinkOutcome::AlreadyYours
                } else {
                    CreateLinkOutcome::Taken
                });
            }
            let live = one(
                tx,
                "SELECT count(*) FROM share_link
                 WHERE owner = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
                &[&owner, &now_ms],
            )
            .await?;
            if count(&live, 0) >= link.quota.per_device {
                return Ok(CreateLinkOutcome::OverQuota);
            }
            let total = one(tx, "SELECT count(*) FROM share_link", &[]).await?;
            if count(&total, 0) >= link.quota.total {
                return Ok(CreateLinkOutcome::RelayFull);
            }
            exec(
                tx,
                "INSERT INTO share_link
                    (id, owner, passcode_hash, attempts_left, expires_at, created_at, profile_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &link.id,
                    &owner,
                    &link.passcode_hash,
                    &attempts,
                    &link.expires_at,
                    &now_ms,
                    &link.profile,
                ],
            )
            .await?;
            Ok(CreateLinkOutcome::Created)
        })
    }

    pub(super) async fn link(&self, id: &str) -> StoreResult<Option<LinkRecord>> {
        let sql = format!("{RECORD} WHERE id = $1");
        let row = pg_read!(self, |c| opt(c, &sql, &[&id]).await)?;
        row.as_ref().map(record).transpose()
    }

    pub(super) async fn put_link_file(
        &self,
        id: &str,
        owner: &DeviceId,
        content_type: &str,
        jwe: &[u8],
        bytes: LinkQuota,
        now_ms: i64,
    ) -> StoreResult<LinkChange> {
        let owner = &owner.0[..];
        pg_write!(self, |tx| {
            exec(tx, "SELECT pg_advisory_xact_lock($1)", &[&LINK_QUOTA_LOCK]).await?;
            let state = opt(
                tx,
                "SELECT owner, revoked_at, expires_at FROM share_link WHERE id = $1",
                &[&id],
            )
            .await?;
            let Some(state) = state else {
                return Ok(LinkChange::NotFound);
            };
            if state.get::<_, &[u8]>(0) != owner {
                return Ok(LinkChange::NotFound);
            }
            let revoked: Option<i64> = state.get(1);
            let expires: Option<i64> = state.get(2);
            if revoked.is_some() || expires.is_some_and(|e| e <= now_ms) {
                return Ok(LinkChange::Gone);
            }
            let new = jwe.len() as u64;
            let used = one(
                tx,
                "SELECT coalesce(sum(CASE WHEN owner = $2 THEN octet_length(jwe) END), 0)::BIGINT,
                        coalesce(sum(octet_length(jwe)), 0)::BIGINT
                 FROM share_link WHERE jwe IS NOT NULL AND id <> $1",
                &[&id, &owner],
            )
            .await?;
            if count(&used, 0).saturating_add(new) > bytes.per_device {
                return Ok(LinkChange::OverQuota);
            }
            if count(&used, 1).saturating_add(new) > bytes.total {
                return Ok(LinkChange::RelayFull);
            }
            exec(
                tx,
                "UPDATE share_link SET content_type = $2, jwe = $3, file_updated_at = $4 WHERE id = $1",
                &[&id, &content_type, &jwe, &now_ms],
            )
            .await?;
            Ok(LinkChange::Done)
        })
    }

    pub(super) async fn revoke_link(
        &self,
        id: &str,
        owner: &DeviceId,
        now_ms: i64,
    ) -> StoreResult<LinkChange> {
        let owner = &owner.0[..];
        pg_write!(self, |tx| {
            let changed = exec(
                tx,
                "UPDATE share_link SET revoked_at = coalesce(revoked_at, $3), jwe = NULL
                 WHERE id = $1 AND owner = $2",
                &[&id, &owner, &now_ms],
            )
            .await?;
            if changed == 0 {
                return Ok(LinkChange::NotFound);
            }
            exec(tx, "DELETE FROM share_ticket WHERE link_id = $1", &[&id]).await?;
            Ok(LinkChange::Done)
        })
    }

    pub(super) async fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt> {
        let sql = format!(
            "UPDATE share_link SET attempts_left = attempts_left - 1
             WHERE id = $1 AND passcode_hash IS NOT NULL AND {SERVED}
             RETURNING attempts_left"
        );
        let left = pg_write!(self, |tx| opt(tx, &sql, &[&id, &now_ms]).await)?;
        Ok(match left {
            Some(row) => Attempt::Spent {
                remaining: u32::try_from(row.get::<_, i64>(0))
                    .map_err(|_| StoreError::Corrupt("attempts"))?,
            },
            None => Attempt::Refused,
        })
    }

    pub(super) async fn refund_attempt(&self, id: &str) -> StoreResult<()> {
        pg_write!(self, |tx| {
            exec(
                tx,
                "UPDATE share_link SET attempts_left = attempts_left + 1 WHERE id = $1",
                &[&id],
            )
            .await?;
            Ok(())
        })
    }

    pub(super) async fn serve_link(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
        now_ms: i64,
    ) -> StoreResult<Option<Served>> {
        let sql = format!(
            "UPDATE share_link SET views = views + 1 WHERE id = $1 AND {SERVED}
             RETURNING content_type, jwe"
        );
        pg_write!(self, |tx| {
            let Some(file) = opt(tx, &sql, &[&id, &now_ms]).await? else {
                return Ok(None);
            };
            let content_type: Option<String> = file.get(0);
            let jwe: Vec<u8> = file.get(1);
            // Finding 6: no ticket row when the file is embedded; a live one is reused.
            let ticket = if delivery.embed_max.is_some_and(|m| jwe.len() as u64 <= m) {
                None
            } else {
                let reusable = opt(
                    tx,
                    "SELECT ticket FROM share_ticket WHERE link_id = $1 AND expires_at >= $2
                     ORDER BY expires_at DESC LIMIT 1",
                    &[&id, &delivery.reuse_until_ms],
                )
                .await?;
                match reusable {
                    Some(row) => Some(row.get::<_, String>(0)),
                    None => {
                        exec(tx, "DELETE FROM share_ticket WHERE expires_at <= $1", &[&now_ms]).await?;
                        exec(
                            tx,
                            "INSERT INTO share_ticket (ticket, link_id, expires_at) VALUES ($1, $2, $3)",
                            &[&delivery.fresh_ticket, &id, &delivery.ticket_expires_ms],
                        )
                        .await?;
                        Some(delivery.fresh_ticket.to_owned())
                    }
                }
            };
            Ok(Some(Served {
                content_type: content_type.unwrap_or_default(),
                jwe,
                ticket,
            }))
        })
    }

    pub(super) async fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>> {
        let sql = format!(
            "SELECT jwe FROM share_link WHERE id = (
                 SELECT link_id FROM share_ticket WHERE ticket = $1 AND expires_at > $2)
             AND {SERVED}"
        );
        let row = pg_read!(self, |c| opt(c, &sql, &[&ticket, &now_ms]).await)?;
        Ok(row.map(|r| r.get(0)))
    }

    pub(super) async fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned> {
        let before = now_ms.saturating_sub(retain_ms);
        pg_write!(self, |tx| {
            let tickets = exec(tx, "DELETE FROM share_ticket WHERE expires_at <= $1", &[&now_ms]).await?;
            let files = exec(
                tx,
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= $1",
                &[&now_ms],
            )
            .await?;
            // Tickets go with their link (ON DELETE CASCADE).
            let links = exec(
                tx,
                "DELETE FROM share_link WHERE revoked_at <= $1 OR expires_at <= $1",
                &[&before],
            )
            .await?;
            Ok(Pruned {
                tickets,
                files,
                links,
            })
        })
    }

    pub(super) async fn links_of(&self, owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let sql = format!("{RECORD} WHERE owner = $1 ORDER BY created_at DESC, id LIMIT $2");
        let rows = pg_read!(self, |c| all(c, &sql, &[&&owner.0[..], &i64::from(limit)]).await)?;
        rows.iter().map(record).collect()
    }

    pub(super) async fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let sql = format!("{RECORD} WHERE profile_id = $1 ORDER BY created_at DESC, id LIMIT $2");
        let rows = pg_read!(self, |c| all(c, &sql, &[&profile, &i64::from(limit)]).await)?;
        rows.iter().map(record).collect()
    }

    pub(super) async fn link_profile(&self, id: &str) -> StoreResult<Option<String>> {
        let row = pg_read!(self, |c| opt(
            c,
            "SELECT profile_id FROM share_link WHERE id = $1",
            &[&id]
        )
        .await)?;
        Ok(row.and_then(|r| r.get(0)))
    }
}

impl PgStore {
    pub(super) async fn usage(
        &self,
        device: &DeviceId,
        profile: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<Usage> {
        let owner = &device.0[..];
        pg_read!(self, |c| {
            let totals = one(
                c,
                "SELECT (SELECT count(*) FROM profile WHERE owner = $1), (SELECT count(*) FROM profile)",
                &[&owner],
            )
            .await?;
            let (live_invites, member_entries) = match profile {
                None => (0, 0),
                Some(p) => {
                    let row = one(
                        c,
                        "SELECT (SELECT count(*) FROM invite
                                 WHERE profile_id = $1 AND used_by IS NULL AND expires_at > $2),
                                (SELECT count(*) FROM member_entry WHERE profile_id = $1)",
                        &[&p, &now_ms],
                    )
                    .await?;
                    (count(&row, 0), count(&row, 1))
                }
            };
            Ok(Usage {
                profiles_owned: count(&totals, 0),
                profiles_total: count(&totals, 1),
                live_invites,
                member_entries,
            })
        })
    }
}
