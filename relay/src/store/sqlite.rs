//! [`SqliteStore`]: the relay's embedded storage. One connection (WAL, `synchronous=FULL`) behind
//! a mutex; every write is one `IMMEDIATE` transaction, so checks and writes cannot interleave.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, MembershipEntry};

use super::schema;
use super::{
    AppendOutcome, CreateInviteOutcome, EnvelopePage, JoinOutcome, NewEnvelope, NewSnapshot, ProfileRecord,
    RelayStore, RevokeOutcome, SnapshotInfo, SnapshotOutcome, StoreResult, StoredInvite,
};
use crate::error::StoreError;

/// How often expired nonces are swept, at most.
const NONCE_SWEEP_INTERVAL_MS: i64 = 60_000;

pub(super) struct Inner {
    pub(super) conn: Connection,
    last_nonce_sweep_ms: i64,
}

/// The relay's storage in one SQLite file.
pub struct SqliteStore {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        Self::from_connection(Connection::open(path)?)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> StoreResult<Self> {
        let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Corrupt("not a relay database"),
            _ => StoreError::Sqlite(e),
        };
        conn.busy_timeout(Duration::from_secs(10))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(not_db)?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Corrupt("could not enable write-ahead logging"));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            inner: Mutex::new(Inner {
                conn,
                last_nonce_sweep_ms: 0,
            }),
        })
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while the lock was held dropped its open transaction, which rolled back, so the
        // connection is consistent: keep serving rather than failing every later request.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let mut inner = self.lock();
        let tx = inner
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn device_from_blob(blob: Vec<u8>) -> StoreResult<DeviceId> {
    blob.try_into()
        .map(DeviceId)
        .map_err(|_| StoreError::Corrupt("device id"))
}

fn seq_to_sql(seq: u64) -> i64 {
    // Sequence numbers start at 1 and grow by one; a cursor past i64::MAX asks for nothing more.
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn seq_from_sql(seq: i64) -> StoreResult<u64> {
    u64::try_from(seq).map_err(|_| StoreError::Corrupt("sequence number"))
}

fn epoch_from_sql(epoch: i64) -> StoreResult<u32> {
    u32::try_from(epoch).map_err(|_| StoreError::Corrupt("epoch"))
}

/// The counter's 64 bits as SQLite's signed integer (uniqueness is all that matters).
fn counter_to_sql(counter: u64) -> i64 {
    i64::from_be_bytes(counter.to_be_bytes())
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|_| StoreError::Corrupt("record to store"))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|_| StoreError::Corrupt(what))
}

fn profile_epoch(tx: &Connection, profile: &str) -> StoreResult<Option<(u32, u64)>> {
    tx.query_row(
        "SELECT epoch, last_seq FROM profile WHERE id = ?1",
        [profile],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )
    .optional()?
    .map(|(e, s)| Ok((epoch_from_sql(e)?, seq_from_sql(s)?)))
    .transpose()
}

fn read_profile(conn: &Connection, profile: &str) -> StoreResult<Option<ProfileRecord>> {
    let row = conn
        .query_row(
            "SELECT owner, epoch, last_seq,
                    (SELECT COUNT(*) FROM member_entry WHERE profile_id = profile.id)
             FROM profile WHERE id = ?1",
            [profile],
            |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(owner, epoch, last_seq, count)| {
        Ok(ProfileRecord {
            owner: device_from_blob(owner)?,
            epoch: epoch_from_sql(epoch)?,
            last_seq: seq_from_sql(last_seq)?,
            entry_count: seq_from_sql(count)?,
        })
    })
    .transpose()
}

fn insert_entry(tx: &Connection, profile: &str, entry: &MembershipEntry, now_ms: i64) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO member_entry (profile_id, entry, created_at) VALUES (?1, ?2, ?3)",
        params![profile, to_json(entry)?, now_ms],
    )?;
    Ok(())
}

impl RelayStore for SqliteStore {
    fn health(&self) -> StoreResult<()> {
        let inner = self.lock();
        let version: i64 = inner.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != schema::CURRENT_VERSION {
            return Err(StoreError::Corrupt("schema version changed under the relay"));
        }
        inner
            .conn
            .query_row("SELECT COUNT(*) FROM profile WHERE id = ''", [], |r| {
                r.get::<_, i64>(0)
            })?;
        Ok(())
    }

    fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        self.write(|tx| {
            let inserted = tx.execute(
                "INSERT INTO profile (id, owner, epoch, last_seq, created_at) VALUES (?1, ?2, 1, 0, ?3)
                 ON CONFLICT (id) DO NOTHING",
                params![profile, &owner.0[..], now_ms],
            )?;
            if inserted == 0 {
                return Ok(false);
            }
            insert_entry(tx, profile, owner_entry, now_ms)?;
            Ok(true)
        })
    }

    fn profile(&self, profile: &str) -> StoreResult<Option<ProfileRecord>> {
        read_profile(&self.lock().conn, profile)
    }

    fn membership(&self, profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>> {
        let mut inner = self.lock();
        let tx = inner.conn.transaction()?;
        let Some(record) = read_profile(&tx, profile)? else {
            return Ok(None);
        };
        let entries = {
            let mut stmt =
                tx.prepare_cached("SELECT entry FROM member_entry WHERE profile_id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([profile], |r| r.get::<_, String>(0))?;
            let mut entries = Vec::new();
            for text in rows {
                entries.push(from_json(&text?, "membership entry")?);
            }
            entries
        };
        tx.finish()?;
        Ok(Some((record, entries)))
    }

    fn add_member_entry(&self, profile: &str, entry: &MembershipEntry, now_ms: i64) -> StoreResult<bool> {
        self.write(|tx| {
            if profile_epoch(tx, profile)?.is_none() {
                return Ok(false);
            }
            insert_entry(tx, profile, entry, now_ms)?;
            Ok(true)
        })
    }

    fn create_invite(&self, invite: &InviteCert, now_ms: i64) -> StoreResult<CreateInviteOutcome> {
        self.write(|tx| {
            if profile_epoch(tx, &invite.profile)?.is_none() {
                return Ok(CreateInviteOutcome::UnknownProfile);
            }
            let inserted = tx.execute(
                "INSERT INTO invite (id, profile_id, cert, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO NOTHING",
                params![
                    &invite.invite_key[..],
                    invite.profile,
                    to_json(invite)?,
                    invite.expires_at_ms,
                    now_ms
                ],
            )?;
            Ok(if inserted == 1 {
                CreateInviteOutcome::Created
            } else {
                CreateInviteOutcome::Exists
            })
        })
    }

    fn invite(&self, invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>> {
        let inner = self.lock();
        let row = inner
            .conn
            .query_row(
                "SELECT cert, used_by FROM invite WHERE id = ?1",
                [&invite_id[..]],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<Vec<u8>>>(1)?)),
            )
            .optional()?;
        row.map(|(cert, used_by)| {
            Ok(StoredInvite {
                cert: from_json(&cert, "invite")?,
                used_by: used_by.map(device_from_blob).transpose()?,
            })
        })
        .transpose()
    }

    fn consume_invite(
        &self,
        invite_id: &[u8; 32],
        device: &DeviceId,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<JoinOutcome> {
        self.write(|tx| {
            let row = tx
                .query_row(
                    "SELECT profile_id, expires_at, used_by FROM invite WHERE id = ?1",
                    [&invite_id[..]],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, Option<Vec<u8>>>(2)?,
                        ))
                    },
                )
                .optional()?;
            let Some((profile, expires_at, used_by)) = row else {
                return Ok(JoinOutcome::Unknown);
            };
            let (epoch, _) =
                profile_epoch(tx, &profile)?.ok_or(StoreError::Corrupt("invite without profile"))?;
            match used_by.map(device_from_blob).transpose()? {
                Some(by) if by == *device => return Ok(JoinOutcome::AlreadyJoined { epoch }),
                Some(_) => return Ok(JoinOutcome::Used),
                None => {}
            }
            if expires_at <= now_ms {
                return Ok(JoinOutcome::Expired);
            }
            let updated = tx.execute(
                "UPDATE invite SET used_by = ?2, used_at = ?3 WHERE id = ?1 AND used_by IS NULL",
                params![&invite_id[..], &device.0[..], now_ms],
            )?;
            if updated != 1 {
                return Ok(JoinOutcome::Used);
            }
            insert_entry(tx, &profile, entry, now_ms)?;
            Ok(JoinOutcome::Joined { epoch })
        })
    }

    fn revoke(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        from_epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
        now_ms: i64,
    ) -> StoreResult<RevokeOutcome> {
        self.write(|tx| {
            let Some((current, _)) = profile_epoch(tx, profile)? else {
                return Ok(RevokeOutcome::UnknownProfile);
            };
            let Some(next) = from_epoch.checked_add(1).filter(|_| current == from_epoch) else {
                return Ok(RevokeOutcome::StaleEpoch { current });
            };
            if crate::store::sqlite_trust::log_moved(tx, profile, entry)? {
                return Ok(RevokeOutcome::LogMoved);
            }
            insert_entry(tx, profile, entry, now_ms)?;
            crate::store::sqlite_trust::void_invites_of_removed(tx, profile, entry, now_ms)?;
            tx.execute(
                "UPDATE profile SET epoch = ?2 WHERE id = ?1",
                params![profile, i64::from(next)],
            )?;
            let mut stmt = tx.prepare_cached(
                "INSERT INTO sealed_key (profile_id, epoch, device, sealed) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (device, sealed) in keys {
                stmt.execute(params![profile, i64::from(next), &device.0[..], to_json(sealed)?])?;
            }
            Ok(RevokeOutcome::Revoked { epoch: next })
        })
    }

    fn sealed_key(&self, profile: &str, epoch: u32, device: &DeviceId) -> StoreResult<Option<EpochGrant>> {
        let inner = self.lock();
        let text = inner
            .conn
            .query_row(
                "SELECT sealed FROM sealed_key WHERE profile_id = ?1 AND epoch = ?2 AND device = ?3",
                params![profile, i64::from(epoch), &device.0[..]],
                |r| r.get::<_, String>(0),
            )
            .optional()?;
        text.map(|t| from_json(&t, "sealed key")).transpose()
    }

    fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome> {
        self.write(|tx| {
            let Some((current, last_seq)) = profile_epoch(tx, profile)? else {
                return Ok(AppendOutcome::UnknownProfile);
            };
            let counter = counter_to_sql(envelope.counter);
            let existing = tx
                .query_row(
                    "SELECT seq, bytes FROM envelope WHERE profile_id = ?1 AND author = ?2 AND counter = ?3",
                    params![profile, &envelope.author.0[..], counter],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)),
                )
                .optional()?;
            if let Some((seq, bytes)) = existing {
                return Ok(if bytes == envelope.bytes {
                    AppendOutcome::Duplicate(seq_from_sql(seq)?)
                } else {
                    AppendOutcome::Conflict
                });
            }
            if envelope.epoch != current {
                return Ok(AppendOutcome::StaleEpoch { current });
            }
            let seq = last_seq + 1;
            tx.execute(
                "INSERT INTO envelope (profile_id, seq, author, counter, epoch, bytes, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    profile,
                    seq_to_sql(seq),
                    &envelope.author.0[..],
                    counter,
                    i64::from(envelope.epoch),
                    envelope.bytes,
                    now_ms
                ],
            )?;
            tx.execute(
                "UPDATE profile SET last_seq = ?2 WHERE id = ?1",
                params![profile, seq_to_sql(seq)],
            )?;
            Ok(AppendOutcome::Appended(seq))
        })
    }

    fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage> {
        let inner = self.lock();
        let mut stmt = inner.conn.prepare_cached(
            "SELECT seq, length(bytes), bytes FROM envelope WHERE profile_id = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![profile, seq_to_sql(after)])?;
        let mut page = EnvelopePage::default();
        let mut total = 0usize;
        while let Some(row) = rows.next()? {
            // Only the length is read here; the bytes are read once the envelope is taken.
            let len = usize::try_from(row.get::<_, i64>(1)?).map_err(|_| StoreError::Corrupt("envelope"))?;
            if page.items.len() >= limit || (!page.items.is_empty() && total + len > max_bytes) {
                page.more = true;
                break;
            }
            total += len;
            page.items
                .push((seq_from_sql(row.get(0)?)?, row.get::<_, Vec<u8>>(2)?));
        }
        Ok(page)
    }

    fn put_snapshot(
        &self,
        profile: &str,
        snapshot: &NewSnapshot<'_>,
        now_ms: i64,
    ) -> StoreResult<SnapshotOutcome> {
        self.write(|tx| {
            let Some((current, last_seq)) = profile_epoch(tx, profile)? else {
                return Ok(SnapshotOutcome::UnknownProfile);
            };
            let exists = tx
                .query_row(
                    "SELECT 1 FROM snapshot WHERE profile_id = ?1 AND hash = ?2",
                    params![profile, snapshot.hash],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if exists {
                return Ok(SnapshotOutcome::AlreadyStored);
            }
            if snapshot.epoch != current {
                return Ok(SnapshotOutcome::StaleEpoch { current });
            }
            if snapshot.covers > last_seq {
                return Ok(SnapshotOutcome::CoversUnknown);
            }
            tx.execute(
                "INSERT INTO snapshot (profile_id, hash, covers, epoch, bytes, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    profile,
                    snapshot.hash,
                    seq_to_sql(snapshot.covers),
                    i64::from(snapshot.epoch),
                    snapshot.bytes,
                    now_ms
                ],
            )?;
            Ok(SnapshotOutcome::Stored)
        })
    }

    fn latest_snapshot(&self, profile: &str) -> StoreResult<Option<SnapshotInfo>> {
        let inner = self.lock();
        let row = inner
            .conn
            .query_row(
                "SELECT hash, covers, epoch FROM snapshot WHERE profile_id = ?1
                 ORDER BY covers DESC, rowid DESC LIMIT 1",
                [profile],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
            )
            .optional()?;
        row.map(|(hash, covers, epoch)| {
            Ok(SnapshotInfo {
                hash,
                covers: seq_from_sql(covers)?,
                epoch: epoch_from_sql(epoch)?,
            })
        })
        .transpose()
    }

    fn snapshot(&self, profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>> {
        let inner = self.lock();
        Ok(inner
            .conn
            .query_row(
                "SELECT bytes FROM snapshot WHERE profile_id = ?1 AND hash = ?2",
                params![profile, hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn remember_nonce(
        &self,
        device: &DeviceId,
        nonce: &[u8; 16],
        expires_at_ms: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let mut inner = self.lock();
        let sweep = now_ms - inner.last_nonce_sweep_ms >= NONCE_SWEEP_INTERVAL_MS;
        // A seen nonce is committed without its own fsync (synchronous=NORMAL for this one
        // transaction): in WAL mode the next FULL commit — the envelope of the same push, or any
        // later write — makes it durable with its own frames. Only a power cut can lose the
        // newest read-request nonces, reopening a replay of those reads (answers the requester
        // already received) for at most the freshness window; writes keep their nonce durable.
        // Measured in docs/benchmarks.md: this was one fsync per request.
        inner.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let outcome = (|| -> StoreResult<usize> {
            let tx = inner
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            if sweep {
                tx.execute("DELETE FROM seen_nonce WHERE expires_at < ?1", [now_ms])?;
            }
            let inserted = tx.execute(
                "INSERT INTO seen_nonce (device, nonce, expires_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (device, nonce) DO NOTHING",
                params![&device.0[..], &nonce[..], expires_at_ms],
            )?;
            tx.commit()?;
            Ok(inserted)
        })();
        inner.conn.pragma_update(None, "synchronous", "FULL")?;
        let inserted = outcome?;
        if sweep {
            inner.last_nonce_sweep_ms = now_ms;
        }
        Ok(inserted == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_wire::membership::{MemberCert, Revocation, Role};
    use tsunagu_wire::{DeviceIdentity, EpochKey};

    fn owner_setup(store: &SqliteStore, profile: &str) -> DeviceIdentity {
        let owner = DeviceIdentity::generate().expect("rng");
        let cert = MemberCert::issue(&owner, profile, owner.public(), Role::Owner, 1);
        assert!(
            store
                .create_profile(profile, &owner.id(), &MembershipEntry::Cert(cert), 1)
                .expect("create")
        );
        owner
    }

    fn env(author: DeviceId, counter: u64, epoch: u32, bytes: &[u8]) -> NewEnvelope<'_> {
        NewEnvelope {
            author,
            counter,
            epoch,
            bytes,
        }
    }

    #[test]
    fn profiles_are_created_once() {
        let store = SqliteStore::open_in_memory().expect("open");
        let owner = owner_setup(&store, "p-1");
        let cert = MemberCert::issue(&owner, "p-1", owner.public(), Role::Owner, 2);
        assert!(
            !store
                .create_profile("p-1", &owner.id(), &MembershipEntry::Cert(cert), 2)
                .expect("second")
        );
        let (record, entries) = store.membership("p-1").expect("read").expect("exists");
        assert_eq!(
            record,
            ProfileRecord {
                owner: owner.id(),
                epoch: 1,
                last_seq: 0,
                entry_count: 1
            }
        );
        assert_eq!(entries.len(), 1);
        assert!(store.membership("p-2").expect("read").is_none());
        store.health().expect("healthy");
    }

    #[test]
    fn envelopes_get_sequence_numbers_and_duplicates_are_idempotent() {
        let store = SqliteStore::open_in_memory().expect("open");
        let owner = owner_setup(&store, "p-1");
        let a = owner.id();
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"one"), 5)
                .expect("append"),
            AppendOutcome::Appended(1)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 2, 1, b"two"), 5)
                .expect("append"),
            AppendOutcome::Appended(2)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"one"), 6)
                .expect("again"),
            AppendOutcome::Duplicate(1)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"uno"), 6)
                .expect("other bytes"),
            AppendOutcome::Conflict
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 3, 2, b"three"), 6)
                .expect("epoch"),
            AppendOutcome::StaleEpoch { current: 1 }
        );
        assert_eq!(
            store
                .append_envelope("p-9", &env(a, 3, 1, b"three"), 6)
                .expect("no profile"),
            AppendOutcome::UnknownProfile
        );
        // u64 counters beyond i64::MAX stay distinct.
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, u64::MAX, 1, b"max"), 6)
                .expect("max"),
            AppendOutcome::Appended(3)
        );
        let page = store.envelopes_after("p-1", 0, 2, 1 << 20).expect("page");
        assert_eq!(page.items, vec![(1, b"one".to_vec()), (2, b"two".to_vec())]);
        assert!(page.more);
        let page = store.envelopes_after("p-1", 2, 10, 1 << 20).expect("page");
        assert_eq!(page.items, vec![(3, b"max".to_vec())]);
        assert!(!page.more);
        // The byte budget cuts a page, but never below one envelope.
        let page = store.envelopes_after("p-1", 0, 10, 1).expect("page");
        assert_eq!(page.items.len(), 1);
        assert!(page.more);
        assert_eq!(store.profile("p-1").expect("read").expect("exists").last_seq, 3);
    }

    #[test]
    fn invites_are_used_once_and_never_after_expiry() {
        let store = SqliteStore::open_in_memory().expect("open");
        let owner = owner_setup(&store, "p-1");
        let joiner = DeviceIdentity::generate().expect("rng");
        let other = DeviceIdentity::generate().expect("rng");
        let secret = [4u8; 32];
        let invite = InviteCert::issue(&owner, "p-1", &secret, Role::Editor, 1_000);
        assert_eq!(
            store.create_invite(&invite, 10).expect("create"),
            CreateInviteOutcome::Created
        );
        assert_eq!(
            store.create_invite(&invite, 10).expect("again"),
            CreateInviteOutcome::Exists
        );
        let proof = tsunagu_wire::membership::JoinProof::create(&joiner, invite.clone(), &secret, 999);
        let entry = MembershipEntry::Joined(proof);
        let id = invite.invite_key;
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 1_000)
                .expect("late"),
            JoinOutcome::Expired
        );
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 999)
                .expect("join"),
            JoinOutcome::Joined { epoch: 1 }
        );
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 999)
                .expect("retry"),
            JoinOutcome::AlreadyJoined { epoch: 1 }
        );
        assert_eq!(
            store
                .consume_invite(&id, &other.id(), &entry, 999)
                .expect("other"),
            JoinOutcome::Used
        );
        assert_eq!(
            store
                .consume_invite(&[0; 32], &other.id(), &entry, 999)
                .expect("unknown"),
            JoinOutcome::Unknown
        );
        assert_eq!(
            store.invite(&id).expect("read").expect("exists").used_by,
            Some(joiner.id())
        );
        assert_eq!(store.membership("p-1").expect("read").expect("exists").1.len(), 2);
    }

    #[test]
    fn revocation_moves_the_epoch_once_with_its_keys() {
        let store = SqliteStore::open_in_memory().expect("open");
        let owner = owner_setup(&store, "p-1");
        let gone = DeviceIdentity::generate().expect("rng");
        let stays = DeviceIdentity::generate().expect("rng");
        let key = EpochKey::generate().expect("rng");
        let log = store.membership("p-1").expect("read").expect("exists").1;
        let head = tsunagu_wire::membership::LogHead::of(&log);
        let sealed = EpochGrant::issue(&owner, "p-1", 2, &key, &stays.public(), head, 3).expect("seal");
        // A revocation signed against a log of another length is refused (a join came in).
        let mut longer = head;
        longer.len += 1;
        let moved = MembershipEntry::Revoked(Revocation::issue(&owner, "p-1", gone.id(), longer, 3));
        let keys = vec![(stays.id(), sealed.clone())];
        assert_eq!(
            store.revoke("p-1", &moved, 1, &keys, 3).expect("revoke"),
            RevokeOutcome::LogMoved
        );
        let entry = MembershipEntry::Revoked(Revocation::issue(&owner, "p-1", gone.id(), head, 3));
        assert_eq!(
            store.revoke("p-1", &entry, 1, &keys, 3).expect("revoke"),
            RevokeOutcome::Revoked { epoch: 2 }
        );
        assert_eq!(
            store.revoke("p-1", &entry, 1, &keys, 4).expect("again"),
            RevokeOutcome::StaleEpoch { current: 2 }
        );
        assert_eq!(
            store.sealed_key("p-1", 2, &stays.id()).expect("read"),
            Some(sealed)
        );
        assert_eq!(store.sealed_key("p-1", 2, &gone.id()).expect("read"), None);
        let record = store.profile("p-1").expect("read").expect("exists");
        assert_eq!((record.epoch, record.entry_count), (2, 2));
    }

    #[test]
    fn snapshots_are_content_addressed_and_immutable() {
        let store = SqliteStore::open_in_memory().expect("open");
        let owner = owner_setup(&store, "p-1");
        store
            .append_envelope("p-1", &env(owner.id(), 1, 1, b"c"), 1)
            .expect("append");
        let snap = |hash, covers, bytes| NewSnapshot {
            hash,
            covers,
            epoch: 1,
            bytes,
        };
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("aa", 1, b"first"), 1)
                .expect("put"),
            SnapshotOutcome::Stored
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("aa", 0, b"other"), 2)
                .expect("again"),
            SnapshotOutcome::AlreadyStored
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("bb", 2, b"x"), 2)
                .expect("beyond"),
            SnapshotOutcome::CoversUnknown
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("cc", 0, b"older"), 2)
                .expect("put"),
            SnapshotOutcome::Stored
        );
        assert_eq!(store.snapshot("p-1", "aa").expect("get"), Some(b"first".to_vec()));
        assert_eq!(store.snapshot("p-2", "aa").expect("get"), None);
        let latest = store.latest_snapshot("p-1").expect("latest").expect("some");
        assert_eq!((latest.hash.as_str(), latest.covers), ("aa", 1));
        let updated = store.lock().conn.execute("UPDATE snapshot SET bytes = x'00'", []);
        assert!(updated.is_err(), "the trigger refuses updates");
    }

    #[test]
    fn nonces_are_seen_once_and_swept_after_expiry() {
        let store = SqliteStore::open_in_memory().expect("open");
        let d = DeviceIdentity::generate().expect("rng").id();
        let e = DeviceIdentity::generate().expect("rng").id();
        assert!(store.remember_nonce(&d, &[1; 16], 100, 0).expect("first"));
        assert!(!store.remember_nonce(&d, &[1; 16], 100, 1).expect("replay"));
        assert!(store.remember_nonce(&e, &[1; 16], 100, 1).expect("other device"));
        // A sweep long after expiry forgets it (by then the request is stale anyway).
        assert!(
            store
                .remember_nonce(&d, &[2; 16], 10_000_000, 1_000_000)
                .expect("sweep")
        );
        assert!(
            store
                .remember_nonce(&d, &[1; 16], 2_000_000, 1_000_001)
                .expect("forgotten")
        );
    }

    #[test]
    fn reopening_keeps_data_and_newer_schemas_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("relay.sqlite3");
        {
            let store = SqliteStore::open(&path).expect("open");
            owner_setup(&store, "p-1");
        }
        let store = SqliteStore::open(&path).expect("reopen");
        assert!(store.profile("p-1").expect("read").is_some());
        store
            .lock()
            .conn
            .pragma_update(None, "user_version", schema::CURRENT_VERSION + 1)
            .expect("bump");
        drop(store);
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::NewerSchema { .. })
        ));
        std::fs::write(dir.path().join("junk"), b"not a database at all, really not").expect("write");
        assert!(matches!(
            SqliteStore::open(dir.path().join("junk")),
            Err(StoreError::Corrupt(_))
        ));
    }
}
