//! [`LinkStore`] for [`SqliteStore`]: share links and their tickets in the relay's file. Every
//! write is one `IMMEDIATE` transaction on the one connection; the attempt counter moves only by
//! conditional `UPDATE … RETURNING`, so no check-then-write window exists.

use rusqlite::{OptionalExtension, params};
use tsunagu_wire::DeviceId;

use super::links::{
    Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, LinkRecord, LinkStore, NewLink, Pruned,
    Served,
};
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
            let owned: Option<Vec<u8>> = tx
                .query_row("SELECT owner FROM share_link WHERE id = ?1", [link.id], |r| {
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
            let live: i64 = tx.query_row(
                "SELECT count(*) FROM share_link
                 WHERE owner = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)",
                params![&link.owner.0[..], now_ms],
                |r| r.get(0),
            )?;
            if live.unsigned_abs() >= link.quota.per_device {
                return Ok(CreateLinkOutcome::OverQuota);
            }
            let total: i64 = tx.query_row("SELECT count(*) FROM share_link", [], |r| r.get(0))?;
            if total.unsigned_abs() >= link.quota.total {
                return Ok(CreateLinkOutcome::RelayFull);
            }
            let inserted = tx.execute(
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
        bytes: LinkQuota,
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
                    let new = jwe.len() as u64;
                    let (mine, all): (i64, i64) = tx.query_row(
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

    fn serve_link(&self, id: &str, delivery: &Delivery<'_>, now_ms: i64) -> StoreResult<Option<Served>> {
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
            let Some((content_type, jwe)) = file else {
                return Ok(None);
            };
            // Finding 6: no ticket row when the file is embedded; a live one is reused.
            let ticket = if delivery.embed_max.is_some_and(|m| jwe.len() as u64 <= m) {
                None
            } else {
                let reusable: Option<String> = tx
                    .query_row(
                        "SELECT ticket FROM share_ticket WHERE link_id = ?1 AND expires_at >= ?2
                         ORDER BY expires_at DESC LIMIT 1",
                        params![id, delivery.reuse_until_ms],
                        |r| r.get(0),
                    )
                    .optional()?;
                match reusable {
                    Some(t) => Some(t),
                    None => {
                        tx.execute("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
                        tx.execute(
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

    fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned> {
        let before = now_ms.saturating_sub(retain_ms);
        self.write(|tx| {
            let tickets = tx.execute("DELETE FROM share_ticket WHERE expires_at <= ?1", [now_ms])?;
            let files = tx.execute(
                "UPDATE share_link SET jwe = NULL WHERE jwe IS NOT NULL AND expires_at <= ?1",
                [now_ms],
            )?;
            tx.execute(
                "DELETE FROM share_ticket WHERE link_id IN (SELECT id FROM share_link
                 WHERE revoked_at <= ?1 OR expires_at <= ?1)",
                [before],
            )?;
            let links = tx.execute(
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
        let ids: Vec<String> = {
            let inner = self.lock();
            let mut stmt = inner.conn.prepare(
                "SELECT id FROM share_link WHERE owner = ?1 ORDER BY created_at DESC, id LIMIT ?2",
            )?;
            stmt.query_map(params![&owner.0[..], limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        self.records(ids)
    }

    fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>> {
        let ids: Vec<String> = {
            let inner = self.lock();
            let mut stmt = inner.conn.prepare(
                "SELECT id FROM share_link WHERE profile_id = ?1 ORDER BY created_at DESC, id LIMIT ?2",
            )?;
            stmt.query_map(params![profile, limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        self.records(ids)
    }

    fn link_profile(&self, id: &str) -> StoreResult<Option<String>> {
        let inner = self.lock();
        let profile = inner
            .conn
            .query_row("SELECT profile_id FROM share_link WHERE id = ?1", [id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn link<'a>(id: &'a str, owner: u8, hash: Option<&'a str>) -> NewLink<'a> {
        NewLink {
            id,
            owner: DeviceId([owner; 32]),
            passcode_hash: hash,
            profile: None,
            max_attempts: 3,
            expires_at: Some(10_000),
            quota: ROOMY,
        }
    }

    const ROOMY: LinkQuota = LinkQuota {
        per_device: 100,
        total: 1_000_000,
    };

    fn ticket(t: &str, expires: i64) -> Delivery<'_> {
        Delivery {
            embed_max: None,
            fresh_ticket: t,
            ticket_expires_ms: expires,
            reuse_until_ms: i64::MAX,
        }
    }

    fn served(jwe: &[u8], ticket: Option<&str>) -> Option<Served> {
        Some(Served {
            content_type: "application/fhir+json".to_owned(),
            jwe: jwe.to_vec(),
            ticket: ticket.map(str::to_owned),
        })
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
        assert_eq!(
            s.serve_link("L1", &ticket("T0", 9), 5).expect("ok"),
            None,
            "no file yet"
        );
        assert_eq!(
            s.put_link_file("L1", &b, "x", b"jwe", ROOMY, 5).expect("ok"),
            LinkChange::NotFound
        );
        assert_eq!(
            s.put_link_file("L1", &a, "application/fhir+json", b"jwe", ROOMY, 5)
                .expect("ok"),
            LinkChange::Done
        );
        let got = s.serve_link("L1", &ticket("T1", 20_000), 6).expect("ok");
        assert_eq!(got, served(b"jwe", Some("T1")));
        assert_eq!(s.ticket_file("T1", 7).expect("ok"), Some(b"jwe".to_vec()));
        assert_eq!(s.ticket_file("T2", 7).expect("ok"), None);
        assert_eq!(s.link("L1").expect("ok").expect("exists").views, 1);
        // Expiry: neither the manifest nor the ticket serves past it.
        assert_eq!(
            s.serve_link("L1", &ticket("T3", 20_000), 10_000).expect("ok"),
            None
        );
        assert_eq!(s.ticket_file("T1", 10_000).expect("ok"), None);
        assert_eq!(
            s.put_link_file("L1", &a, "x", b"new", ROOMY, 10_001).expect("ok"),
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
        assert_eq!(s.serve_link("L1", &ticket("T4", 20_000), 9).expect("ok"), None);
        assert_eq!(s.ticket_file("T1", 9).expect("ok"), None);
    }

    #[test]
    fn attempts_are_spent_down_to_zero_and_then_refused() {
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        s.create_link(&link("L2", 1, Some("hash")), 0).expect("ok");
        s.put_link_file("L2", &a, "application/fhir+json", b"jwe", ROOMY, 1)
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
        assert_eq!(
            s.serve_link("L2", &ticket("T5", 20_000), 3).expect("ok"),
            None,
            "locked"
        );
        // A link without a passcode has no attempts to spend.
        s.create_link(&link("L3", 1, None), 0).expect("ok");
        s.put_link_file("L3", &a, "application/fhir+json", b"jwe", ROOMY, 1)
            .expect("ok");
        assert_eq!(s.spend_attempt("L3", 2).expect("ok"), Attempt::Refused);
    }

    #[test]
    fn tickets_only_when_not_embedded_and_reused_while_they_last() {
        // Finding 6: every manifest used to write a new ticket row, even for an embedded file.
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        s.create_link(&link("L4", 1, None), 0).expect("ok");
        s.put_link_file("L4", &a, "application/fhir+json", b"jwe", ROOMY, 1)
            .expect("ok");
        let tickets = |s: &SqliteStore| -> i64 {
            s.lock()
                .conn
                .query_row("SELECT count(*) FROM share_ticket", [], |r| r.get(0))
                .expect("counts")
        };
        for n in 0..50 {
            let fits = Delivery {
                embed_max: Some(3),
                fresh_ticket: &format!("E{n}"),
                ticket_expires_ms: 5_000,
                reuse_until_ms: 2_500,
            };
            assert_eq!(s.serve_link("L4", &fits, 2).expect("ok"), served(b"jwe", None));
        }
        assert_eq!(tickets(&s), 0, "embedded: no ticket rows");
        for n in 0..50 {
            let location = Delivery {
                embed_max: Some(2),
                fresh_ticket: &format!("F{n}"),
                ticket_expires_ms: 5_000 + n,
                reuse_until_ms: 2_500 + n,
            };
            assert_eq!(
                s.serve_link("L4", &location, 2 + n).expect("ok"),
                served(b"jwe", Some("F0"))
            );
        }
        assert_eq!(tickets(&s), 1, "one ticket, reused");
        // Past half its life a fresh one is issued; the old one still works until it expires.
        let later = Delivery {
            embed_max: None,
            fresh_ticket: "G",
            ticket_expires_ms: 9_000,
            reuse_until_ms: 6_000,
        };
        assert_eq!(
            s.serve_link("L4", &later, 4_000).expect("ok"),
            served(b"jwe", Some("G"))
        );
        assert_eq!(s.ticket_file("F0", 4_001).expect("ok"), Some(b"jwe".to_vec()));
        assert_eq!(s.link("L4").expect("ok").expect("exists").views, 101);
    }

    #[test]
    fn link_count_and_byte_quotas_hold_per_device_and_relay_wide() {
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        let two = LinkQuota {
            per_device: 2,
            total: 3,
        };
        let mut l = link("Q1", 1, None);
        l.quota = two;
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::Created);
        l.id = "Q2";
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::Created);
        l.id = "Q3";
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::OverQuota);
        assert_eq!(
            s.create_link(&link("Q1", 1, None), 0).expect("ok"),
            CreateLinkOutcome::AlreadyYours
        );
        // Revoking one frees a place for the device.
        s.revoke_link("Q1", &a, 1).expect("ok");
        assert_eq!(s.create_link(&l, 2).expect("ok"), CreateLinkOutcome::Created);
        let mut other = link("Q4", 2, None);
        other.quota = two;
        assert_eq!(
            s.create_link(&other, 2).expect("ok"),
            CreateLinkOutcome::RelayFull
        );
        // Bytes: the replaced file does not count against its own replacement.
        let bytes = LinkQuota {
            per_device: 10,
            total: 15,
        };
        assert_eq!(
            s.put_link_file("Q2", &a, "x", &[0; 6], bytes, 3).expect("ok"),
            LinkChange::Done
        );
        assert_eq!(
            s.put_link_file("Q2", &a, "x", &[0; 10], bytes, 3).expect("ok"),
            LinkChange::Done
        );
        assert_eq!(
            s.put_link_file("Q3", &a, "x", &[0; 1], bytes, 3).expect("ok"),
            LinkChange::OverQuota
        );
        let roomy_device = LinkQuota {
            per_device: 100,
            total: 15,
        };
        assert_eq!(
            s.put_link_file("Q3", &a, "x", &[0; 6], roomy_device, 3)
                .expect("ok"),
            LinkChange::RelayFull
        );
    }

    #[test]
    fn pruning_deletes_expired_tickets_files_and_long_dead_links() {
        // Finding 5: expired or revoked rows were never deleted.
        let s = SqliteStore::open_in_memory().expect("opens");
        let a = DeviceId([1; 32]);
        for id in ["P1", "P2", "P3"] {
            s.create_link(&link(id, 1, None), 0).expect("ok");
            s.put_link_file(id, &a, "application/fhir+json", b"jwe", ROOMY, 1)
                .expect("ok");
        }
        s.serve_link("P1", &ticket("TP", 2_000), 1_000).expect("ok");
        s.revoke_link("P2", &a, 3_000).expect("ok");
        // P1 and P3 expire at 10 000 (see `link`).
        let pruned = s.prune_links(5_000, 1_000).expect("prunes");
        assert_eq!(
            pruned,
            Pruned {
                tickets: 1,
                files: 0,
                links: 1
            }
        );
        assert!(s.link("P2").expect("ok").is_none(), "revoked long enough ago");
        let pruned = s.prune_links(10_500, 1_000).expect("prunes");
        assert_eq!(
            pruned,
            Pruned {
                tickets: 0,
                files: 2,
                links: 0
            }
        );
        assert!(!s.link("P1").expect("ok").expect("kept for its owner").has_file);
        let pruned = s.prune_links(11_000, 1_000).expect("prunes");
        assert_eq!(pruned.links, 2);
        assert!(s.links_of(&a, 10).expect("ok").is_empty());
    }
}
