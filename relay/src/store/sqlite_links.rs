//! [`LinkStore`] for [`SqliteStore`]: share links and their tickets in the relay's file. Every
//! write is one `IMMEDIATE` transaction on the one connection; the attempt counter moves only by
//! conditional `UPDATE … RETURNING`, so no check-then-write window exists.

use rusqlite::{OptionalExtension, params};
use tsunagu_wire::DeviceId;

use super::links::{
    Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, LinkStore, NewLink, Pruned,
    Served,
};
use super::sqlite_pool::Cached;
use super::{SqliteStore, StoreResult};
use crate::error::StoreError;

/// `WHERE` clause of a link a recipient may use at `?2`.
const SERVED: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2) AND jwe IS NOT NULL
     AND (passcode_hash IS NULL OR attempts_left > 0)";

fn device(blob: Vec<u8>) -> StoreResult<DeviceId> {
    blob.try_into()
        .map(DeviceId)
        .map_err(|_| StoreError::Corrupt("device id"))
}

impl LinkStore for SqliteStore {
    fn create_link(&self, link: &NewLink<'_>, now_ms: i64) -> StoreResult<CreateLinkOutcome> {
        self.write(|tx| {
            // Files of expired links are never served again: forget them (indexed, cheap).
            tx.exec(
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= ?1",
                [now_ms],
            )?;
            tx.exec("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
            let owned: Option<Vec<u8>> = tx
                .row("SELECT owner FROM share_link WHERE id = ?1", [link.id], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(owner) = owned {
                return Ok(if owner == link.owner.0 {
                    CreateLinkOutcome::AlreadyYours
                } else {
                    CreateLinkOutcome::Taken
                });
            }
            let live: i64 = tx.row(
                "SELECT count(*) FROM share_link
                 WHERE owner = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)",
                params![&link.owner.0[..], now_ms],
                |r| r.get(0),
            )?;
            if live.unsigned_abs() >= link.quota.per_device {
                return Ok(CreateLinkOutcome::OverQuota);
            }
            let total: i64 = tx.row("SELECT count(*) FROM share_link", [], |r| r.get(0))?;
            if total.unsigned_abs() >= link.quota.total {
                return Ok(CreateLinkOutcome::RelayFull);
            }
            let inserted = tx.exec(
                "INSERT INTO share_link
                    (id, owner, passcode_hash, attempts_left, expires_at, created_at, profile_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                params![
                    link.id,
                    &link.owner.0[..],
                    link.passcode_hash,
                    link.max_attempts,
                    link.expires_at,
                    now_ms,
                    link.profile
                ],
            )?;
            if inserted == 1 {
                return Ok(CreateLinkOutcome::Created);
            }
            let owner: Vec<u8> = tx.row("SELECT owner FROM share_link WHERE id = ?1", [link.id], |r| {
                r.get(0)
            })?;
            Ok(if owner == link.owner.0 {
                CreateLinkOutcome::AlreadyYours
            } else {
                CreateLinkOutcome::Taken
            })
        })
    }

    fn link(&self, id: &str) -> StoreResult<Option<LinkRecord>> {
        let row = self.read(|conn| {
            Ok(conn
                .row(
                    "SELECT id, owner, passcode_hash, attempts_left, expires_at, revoked_at, content_type,
                        jwe IS NOT NULL, views
                 FROM share_link WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Vec<u8>>(1)?,
                            r.get::<_, Option<String>>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, Option<i64>>(4)?,
                            r.get::<_, Option<i64>>(5)?,
                            r.get::<_, Option<String>>(6)?,
                            r.get::<_, bool>(7)?,
                            r.get::<_, i64>(8)?,
                        ))
                    },
                )
                .optional()?)
        })?;
        row.map(|(id, owner, hash, left, exp, revoked, cty, has_file, views)| {
            Ok(LinkRecord {
                id,
                owner: device(owner)?,
                passcode_hash: hash,
                attempts_left: u32::try_from(left).map_err(|_| StoreError::Corrupt("attempts"))?,
                expires_at: exp,
                revoked_at: revoked,
                content_type: cty,
                has_file,
                views: u64::try_from(views).map_err(|_| StoreError::Corrupt("views"))?,
            })
        })
        .transpose()
    }

    fn put_link_file(
        &self,
        id: &str,
        owner: &DeviceId,
        content_type: &str,
        jwe: &[u8],
        bytes: LinkQuota,
        now_ms: i64,
    ) -> StoreResult<LinkChange> {
        self.write(|tx| {
            let state: Option<(Vec<u8>, Option<i64>, Option<i64>)> = tx
                .row(
                    "SELECT owner, revoked_at, expires_at FROM share_link WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match state {
                Some((o, _, _)) if o != owner.0 => Ok(LinkChange::NotFound),
                None => Ok(LinkChange::NotFound),
                Some((_, Some(_), _)) => Ok(LinkChange::Gone),
                Some((_, None, Some(exp))) if exp <= now_ms => Ok(LinkChange::Gone),
                Some(_) => {
                    let new = jwe.len() as u64;
                    let (mine, all): (i64, i64) = tx.row(
                        "SELECT coalesce(sum(CASE WHEN owner = ?2 THEN length(jwe) END), 0),
                                coalesce(sum(length(jwe)), 0)
                         FROM share_link WHERE jwe IS NOT NULL AND id <> ?1",
                        params![id, &owner.0[..]],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    if mine.unsigned_abs().saturating_add(new) > bytes.per_device {
                        return Ok(LinkChange::OverQuota);
                    }
                    if all.unsigned_abs().saturating_add(new) > bytes.total {
                        return Ok(LinkChange::RelayFull);
                    }
                    tx.exec(
                        "UPDATE share_link SET content_type = ?2, jwe = ?3, file_updated_at = ?4 WHERE id = ?1",
                        params![id, content_type, jwe, now_ms],
                    )?;
                    Ok(LinkChange::Done)
                }
            }
        })
    }

    fn revoke_link(&self, id: &str, owner: &DeviceId, now_ms: i64) -> StoreResult<LinkChange> {
        self.write(|tx| {
            let changed = tx.exec(
                "UPDATE share_link SET revoked_at = coalesce(revoked_at, ?3), jwe = NULL
                 WHERE id = ?1 AND owner = ?2",
                params![id, &owner.0[..], now_ms],
            )?;
            if changed == 0 {
                return Ok(LinkChange::NotFound);
            }
            tx.exec("DELETE FROM share_ticket WHERE link_id = ?1", [id])?;
            Ok(LinkChange::Done)
        })
    }

    fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt> {
        self.write(|tx| {
            let left: Option<i64> = tx
                .row(
                    &format!(
                        "UPDATE share_link SET attempts_left = attempts_left - 1
                         WHERE id = ?1 AND passcode_hash IS NOT NULL AND {SERVED}
                         RETURNING attempts_left"
                    ),
                    params![id, now_ms],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match left {
                Some(n) => Attempt::Spent {
                    remaining: u32::try_from(n).map_err(|_| StoreError::Corrupt("attempts"))?,
                },
                None => Attempt::Refused,
            })
        })
    }

    fn refund_attempt(&self, id: &str) -> StoreResult<()> {
        self.write(|tx| {
            tx.exec(
                "UPDATE share_link SET attempts_left = attempts_left + 1 WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
    }

    fn serve_link(&self, id: &str, delivery: &Delivery<'_>, now_ms: i64) -> StoreResult<Option<Served>> {
        self.write(|tx| {
            let file: Option<(String, Vec<u8>)> = tx
                .row(
                    &format!(
                        "UPDATE share_link SET views = views + 1 WHERE id = ?1 AND {SERVED}
                         RETURNING content_type, jwe"
                    ),
                    params![id, now_ms],
                    |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?)),
                )
                .optional()?;
            let Some((content_type, jwe)) = file else {
                return Ok(None);
            };
            // Finding 6: no ticket row when the file is embedded; a live one is reused.
            let ticket = if delivery.embed_max.is_some_and(|m| jwe.len() as u64 <= m) {
                None
            } else {
                let reusable: Option<String> = tx
                    .row(
                        "SELECT ticket FROM share_ticket WHERE link_id = ?1 AND expires_at >= ?2
                         ORDER BY expires_at DESC LIMIT 1",
                        params![id, delivery.reuse_until_ms],
                        |r| r.get(0),
                    )
                    .optional()?;
                match reusable {
                    Some(t) => Some(t),
                    None => {
                        tx.exec("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
                        tx.exec(
                            "INSERT INTO share_ticket (ticket, link_id, expires_at) VALUES (?1, ?2, ?3)",
                            params![delivery.fresh_ticket, id, delivery.ticket_expires_ms],
                        )?;
                        Some(delivery.fresh_ticket.to_owned())
                    }
                }
            };
            Ok(Some(Served {
                content_type,
                jwe,
                ticket,
            }))
        })
    }

    fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>> {
        let sql = format!(
            "SELECT jwe FROM share_link WHERE id = (
                 SELECT link_id FROM share_ticket WHERE ticket = ?1 AND expires_at > ?2)
             AND {SERVED}"
        );
        self.read(|conn| Ok(conn.row(&sql, params![ticket, now_ms], |r| r.get(0)).optional()?))
    }

    fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned> {
        let before = now_ms.saturating_sub(retain_ms);
        self.write(|tx| {
            let tickets = tx.exec("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
            let files = tx.exec(
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= ?1",
                [now_ms],
            )?;
            tx.exec(
                "DELETE FROM share_ticket WHERE link_id IN (SELECT id FROM share_link
                 WHERE revoked_at <= ?1 OR expires_at <= ?1)",
                [before],
            )?;
            let links = tx.exec(
                "DELETE FROM share_link WHERE revoked_at <= ?1 OR expires_at <= ?1",
                [before],
            )?;
            Ok(Pruned {
                tickets: tickets as u64,
                files: files as u64,
                links: links as u64,
            })
        })
    }

    fn links_of(&self, owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let ids: Vec<String> = self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM share_link WHERE owner = ?1 ORDER BY created_at DESC, id LIMIT ?2",
            )?;
            Ok(stmt
                .query_map(params![&owner.0[..], limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })?;
        self.records(ids)
    }

    fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let ids: Vec<String> = self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM share_link WHERE profile_id = ?1 ORDER BY created_at DESC, id LIMIT ?2",
            )?;
            Ok(stmt
                .query_map(params![profile, limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })?;
        self.records(ids)
    }

    fn link_profile(&self, id: &str) -> StoreResult<Option<String>> {
        let profile = self.read(|conn| {
            Ok(conn
                .row("SELECT profile_id FROM share_link WHERE id = ?1", [id], |r| {
                    r.get::<_, Option<String>>(0)
                })
                .optional()?)
        })?;
        Ok(profile.flatten())
    }
}

impl SqliteStore {
    /// The records of the links `ids`, in that order (a link pruned meanwhile is left out).
    fn records(&self, ids: Vec<String>) -> StoreResult<Vec<LinkRecord>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(record) = self.link(&id)? {
                out.push(record);
            }
        }
        Ok(out)
    }
}
