//! [`LinkStore`] for [`SqliteStore`]: share links and their tickets in the relay's file. Every
//! write is one `IMMEDIATE` transaction on the one connection; the attempt counter moves only by
//! conditional `UPDATE … RETURNING`, so no check-then-write window exists.

use rusqlite::{OptionalExtension, params};
use tsunagu_wire::DeviceId;

use super::links::{Attempt, CreateLinkOutcome, LinkChange, LinkRecord, LinkStore, NewLink};
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
            tx.execute(
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= ?1",
                [now_ms],
            )?;
            tx.execute("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
            let inserted = tx.execute(
                "INSERT INTO share_link (id, owner, passcode_hash, attempts_left, expires_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
                params![
                    link.id,
                    &link.owner.0[..],
                    link.passcode_hash,
                    link.max_attempts,
                    link.expires_at,
                    now_ms
                ],
            )?;
            if inserted == 1 {
                return Ok(CreateLinkOutcome::Created);
            }
            let owner: Vec<u8> =
                tx.query_row("SELECT owner FROM share_link WHERE id = ?1", [link.id], |r| {
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
        let inner = self.lock();
        let row = inner
            .conn
            .query_row(
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
            .optional()?;
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
        now_ms: i64,
    ) -> StoreResult<LinkChange> {
        self.write(|tx| {
            let state: Option<(Vec<u8>, Option<i64>, Option<i64>)> = tx
                .query_row(
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
                    tx.execute(
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
            let changed = tx.execute(
                "UPDATE share_link SET revoked_at = coalesce(revoked_at, ?3), jwe = NULL
                 WHERE id = ?1 AND owner = ?2",
                params![id, &owner.0[..], now_ms],
            )?;
            if changed == 0 {
                return Ok(LinkChange::NotFound);
            }
            tx.execute("DELETE FROM share_ticket WHERE link_id = ?1", [id])?;
            Ok(LinkChange::Done)
        })
    }

    fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt> {
        self.write(|tx| {
            let left: Option<i64> = tx
                .query_row(
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
            tx.execute(
                "UPDATE share_link SET attempts_left = attempts_left + 1 WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
    }

    fn serve_link(
        &self,
        id: &str,
        ticket: Option<(&str, i64)>,
        now_ms: i64,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        self.write(|tx| {
            let file: Option<(String, Vec<u8>)> = tx
                .query_row(
                    &format!(
                        "UPDATE share_link SET views = views + 1 WHERE id = ?1 AND {SERVED}
                         RETURNING content_type, jwe"
                    ),
                    params![id, now_ms],
                    |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?)),
                )
                .optional()?;
            if file.is_some()
                && let Some((ticket, expires)) = ticket
            {
                tx.execute("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
                tx.execute(
                    "INSERT INTO share_ticket (ticket, link_id, expires_at) VALUES (?1, ?2, ?3)",
                    params![ticket, id, expires],
                )?;
            }
            Ok(file)
        })
    }

    fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>> {
        let inner = self.lock();
        Ok(inner
            .conn
            .query_row(
                &format!(
                    "SELECT jwe FROM share_link WHERE id = (
                         SELECT link_id FROM share_ticket WHERE ticket = ?1 AND expires_at > ?2)
                     AND {SERVED}"
                ),
                params![ticket, now_ms],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link<'a>(id: &'a str, owner: u8, hash: Option<&'a str>) -> NewLink<'a> {
        NewLink {
            id,
            owner: DeviceId([owner; 32]),
            passcode_hash: hash,
            max_attempts: 3,
            expires_at: Some(10_000),
        }
    }

    #[test]
    fn links_are_owned_served_only_while_live_and_forget_their_file_on_revoke() {
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        let b = DeviceId([2; 32]);
        assert_eq!(
            s.create_link(&link("L1", 1, None), 0).expect("ok"),
            CreateLinkOutcome::Created
        );
        assert_eq!(
            s.create_link(&link("L1", 1, None), 1).expect("ok"),
            CreateLinkOutcome::AlreadyYours
        );
        assert_eq!(
            s.create_link(&link("L1", 2, None), 1).expect("ok"),
            CreateLinkOutcome::Taken
        );
        assert_eq!(s.serve_link("L1", None, 5).expect("ok"), None, "no file yet");
        assert_eq!(
            s.put_link_file("L1", &b, "x", b"jwe", 5).expect("ok"),
            LinkChange::NotFound
        );
        assert_eq!(
            s.put_link_file("L1", &a, "application/fhir+json", b"jwe", 5)
                .expect("ok"),
            LinkChange::Done
        );
        let served = s.serve_link("L1", Some(("T1", 20_000)), 6).expect("ok");
        assert_eq!(
            served,
            Some(("application/fhir+json".to_owned(), b"jwe".to_vec()))
        );
        assert_eq!(s.ticket_file("T1", 7).expect("ok"), Some(b"jwe".to_vec()));
        assert_eq!(s.ticket_file("T2", 7).expect("ok"), None);
        assert_eq!(s.link("L1").expect("ok").expect("exists").views, 1);
        // Expiry: neither the manifest nor the ticket serves past it.
        assert_eq!(s.serve_link("L1", None, 10_000).expect("ok"), None);
        assert_eq!(s.ticket_file("T1", 10_000).expect("ok"), None);
        assert_eq!(
            s.put_link_file("L1", &a, "x", b"new", 10_001).expect("ok"),
            LinkChange::Gone
        );
        // The next creation after the expiry forgets the expired link's file.
        assert!(s.link("L1").expect("ok").expect("exists").has_file);
        s.create_link(&link("L9", 1, None), 10_001).expect("ok");
        assert!(!s.link("L1").expect("ok").expect("exists").has_file);
        // Revocation by the owner only; the file is gone at once.
        assert_eq!(s.revoke_link("L1", &b, 8).expect("ok"), LinkChange::NotFound);
        assert_eq!(s.revoke_link("L1", &a, 8).expect("ok"), LinkChange::Done);
        assert_eq!(s.revoke_link("L1", &a, 9).expect("ok"), LinkChange::Done);
        let record = s.link("L1").expect("ok").expect("exists");
        assert!(!record.has_file && record.revoked_at == Some(8));
        assert_eq!(s.serve_link("L1", None, 9).expect("ok"), None);
        assert_eq!(s.ticket_file("T1", 9).expect("ok"), None);
    }

    #[test]
    fn attempts_are_spent_down_to_zero_and_then_refused() {
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        s.create_link(&link("L2", 1, Some("hash")), 0).expect("ok");
        s.put_link_file("L2", &a, "application/fhir+json", b"jwe", 1)
            .expect("ok");
        assert_eq!(
            s.spend_attempt("L2", 2).expect("ok"),
            Attempt::Spent { remaining: 2 }
        );
        s.refund_attempt("L2").expect("ok");
        for remaining in [2, 1, 0] {
            assert_eq!(
                s.spend_attempt("L2", 2).expect("ok"),
                Attempt::Spent { remaining }
            );
        }
        assert_eq!(s.spend_attempt("L2", 2).expect("ok"), Attempt::Refused);
        assert_eq!(s.link("L2").expect("ok").expect("exists").attempts_left, 0);
        assert_eq!(s.serve_link("L2", None, 3).expect("ok"), None, "locked");
        // A link without a passcode has no attempts to spend.
        s.create_link(&link("L3", 1, None), 0).expect("ok");
        s.put_link_file("L3", &a, "application/fhir+json", b"jwe", 1)
            .expect("ok");
        assert_eq!(s.spend_attempt("L3", 2).expect("ok"), Attempt::Refused);
    }
}
