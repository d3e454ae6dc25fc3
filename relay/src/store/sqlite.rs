//! [`SqliteStore`]: the relay's embedded storage. One writer connection (WAL,
//! `synchronous=FULL`) behind a mutex, every write one `IMMEDIATE` transaction so checks and
//! writes cannot interleave; reads on a few read connections of their own
//! ([`sqlite_pool`](super::sqlite_pool)), which WAL lets read the last commit while the writer
//! writes. Every statement is prepared once per connection and cached.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, MembershipEntry};

use super::schema;
use super::sqlite_pool::{Cached, Readers, STATEMENT_CACHE};
use super::{
    AppendOutcome, Concurrency, CreateInviteOutcome, EnvelopePage, JoinOutcome, NewEnvelope, NewSnapshot,
    NonceClaim, PoolStatus, ProfileRecord, RelayStore, RevokeOutcome, SnapshotInfo, SnapshotOutcome,
    StoreResult, StoredInvite,
};
use crate::error::StoreError;

/// How often expired nonces are swept, at most.
const NONCE_SWEEP_INTERVAL_MS: i64 = 60_000;

/// How long a statement waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Read connections a file store opens when not told otherwise.
pub const DEFAULT_SQLITE_READERS: usize = 4;

pub(super) struct Inner {
    pub(super) conn: Connection,
    last_nonce_sweep_ms: i64,
}

/// The relay's storage in one SQLite file.
pub struct SqliteStore {
    inner: Mutex<Inner>,
    /// `None` for a database in memory, which only its one connection sees: reads use the writer.
    readers: Option<Readers>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date, with
    /// [`DEFAULT_SQLITE_READERS`] read connections.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        Self::open_with_readers(path, DEFAULT_SQLITE_READERS)
    }

    /// Like [`SqliteStore::open`], with `readers` (at least one) read connections beside the
    /// writer.
    pub fn open_with_readers(path: impl AsRef<Path>, readers: usize) -> StoreResult<Self> {
        let path = path.as_ref();
        let mut store = Self::from_connection(Connection::open(path)?)?;
        store.readers = Some(Readers::open(path, readers)?);
        Ok(store)
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
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = retry_while_busy(|| conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)))
            .map_err(not_db)?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Corrupt("could not enable write-ahead logging"));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn)?;
        Ok(Self {
            inner: Mutex::new(Inner {
                conn,
                last_nonce_sweep_ms: 0,
            }),
            readers: None,
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

    /// Runs `f` on a read connection (the writer's for a database in memory). `f` sees what was
    /// committed when its first statement ran; several statements that must agree go in one
    /// read transaction.
    pub(super) fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        match &self.readers {
            Some(readers) => readers.with(f),
            None => f(&self.lock().conn),
        }
    }
}

/// Runs `f` again while SQLite answers BUSY, for up to [`BUSY_TIMEOUT`].
///
/// Switching a new file to write-ahead logging promotes a read lock to a write lock. When several
/// relays open the same new database at once, SQLite answers all but one BUSY at once instead of
/// calling the busy handler (waiting there could deadlock), so the switch is retried here; it
/// changes nothing when it fails, and once one relay has switched the file the others find it in
/// WAL already.
fn retry_while_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match f() {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
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

/// One append inside the writer's transaction `tx` (see [`RelayStore::append_envelope`]).
fn append_in(
    tx: &Transaction<'_>,
    profile: &str,
    envelope: &NewEnvelope<'_>,
    now_ms: i64,
) -> StoreResult<AppendOutcome> {
    let Some((current, last_seq)) = profile_epoch(tx, profile)? else {
        return Ok(AppendOutcome::UnknownProfile);
    };
    let counter = counter_to_sql(envelope.counter);
    let existing = tx
        .row(
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
    tx.exec(
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
    tx.exec(
        "UPDATE profile SET last_seq = ?2 WHERE id = ?1",
        params![profile, seq_to_sql(seq)],
    )?;
    Ok(AppendOutcome::Appended(seq))
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
    tx.row(
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
        .row(
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
    tx.exec(
        "INSERT INTO member_entry (profile_id, entry, created_at) VALUES (?1, ?2, ?3)",
        params![profile, to_json(entry)?, now_ms],
    )?;
    Ok(())
}

impl RelayStore for SqliteStore {
    fn health(&self) -> StoreResult<()> {
        self.read(|conn| {
            let version: i64 = conn.row("PRAGMA user_version", [], |r| r.get(0))?;
            if version != schema::CURRENT_VERSION {
                return Err(StoreError::Corrupt("schema version changed under the relay"));
            }
            conn.row("SELECT COUNT(*) FROM profile WHERE id = ''", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(())
        })
    }

    fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        self.write(|tx| {
            let inserted = tx.exec(
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
        self.read(|conn| read_profile(conn, profile))
    }

    fn membership(&self, profile: &str) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>> {
        self.read(|conn| {
            // One read transaction: the record and the entries from the same commit.
            let tx = conn.unchecked_transaction()?;
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
        })
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
            let inserted = tx.exec(
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
        let row = self.read(|conn| {
            Ok(conn
                .row(
                    "SELECT cert, used_by FROM invite WHERE id = ?1",
                    [&invite_id[..]],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<Vec<u8>>>(1)?)),
                )
                .optional()?)
        })?;
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
                .row(
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
            let updated = tx.exec(
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
            tx.exec(
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
        let text = self.read(|conn| {
            Ok(conn
                .row(
                    "SELECT sealed FROM sealed_key WHERE profile_id = ?1 AND epoch = ?2 AND device = ?3",
                    params![profile, i64::from(epoch), &device.0[..]],
                    |r| r.get::<_, String>(0),
                )
                .optional()?)
        })?;
        text.map(|t| from_json(&t, "sealed key")).transpose()
    }

    fn add_grants(
        &self,
        profile: &str,
        epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
    ) -> StoreResult<Option<usize>> {
        self.write(|tx| {
            match profile_epoch(tx, profile)? {
                Some((current, _)) if current == epoch => {}
                _ => return Ok(None),
            }
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO sealed_key (profile_id, epoch, device, sealed)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut stored = 0;
            for (device, sealed) in keys {
                stored += stmt.execute(params![
                    profile,
                    i64::from(epoch),
                    &device.0[..],
                    to_json(sealed)?
                ])?;
            }
            Ok(Some(stored))
        })
    }

    fn granted(&self, profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT device FROM sealed_key WHERE profile_id = ?1 AND epoch = ?2")?;
            let rows = stmt.query_map(params![profile, i64::from(epoch)], |r| r.get::<_, Vec<u8>>(0))?;
            rows.map(|r| device_from_blob(r?)).collect()
        })
    }

    fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome> {
        self.write(|tx| append_in(tx, profile, envelope, now_ms))
    }

    fn append_envelopes(
        &self,
        batch: &[(&str, NewEnvelope<'_>)],
        now_ms: i64,
    ) -> StoreResult<Vec<AppendOutcome>> {
        // One transaction, one flush for the whole batch (group commit): each append sees the
        // ones before it, so two of one profile get consecutive numbers.
        self.write(|tx| {
            batch
                .iter()
                .map(|(profile, envelope)| append_in(tx, profile, envelope, now_ms))
                .collect()
        })
    }

    fn groups_appends(&self) -> bool {
        true
    }

    fn reads_inline(&self) -> bool {
        // A database in memory reads on the writer's connection, which may be held by a commit.
        self.readers.is_some()
    }

    fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, length(bytes), bytes FROM envelope WHERE profile_id = ?1 AND seq > ?2 ORDER BY seq",
            )?;
            let mut rows = stmt.query(params![profile, seq_to_sql(after)])?;
            let mut page = EnvelopePage::default();
            let mut total = 0usize;
            while let Some(row) = rows.next()? {
                // Only the length is read here; the bytes are read once the envelope is taken.
                let len =
                    usize::try_from(row.get::<_, i64>(1)?).map_err(|_| StoreError::Corrupt("envelope"))?;
                if page.items.len() >= limit || (!page.items.is_empty() && total + len > max_bytes) {
                    page.more = true;
                    break;
                }
                total += len;
                page.items
                    .push((seq_from_sql(row.get(0)?)?, row.get::<_, Vec<u8>>(2)?));
            }
            Ok(page)
        })
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
                .row(
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
            tx.exec(
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
        let row = self.read(|conn| {
            Ok(conn
                .row(
                    "SELECT hash, covers, epoch FROM snapshot WHERE profile_id = ?1
                     ORDER BY covers DESC, rowid DESC LIMIT 1",
                    [profile],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
                )
                .optional()?)
        })?;
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
        self.read(|conn| {
            Ok(conn
                .row(
                    "SELECT bytes FROM snapshot WHERE profile_id = ?1 AND hash = ?2",
                    params![profile, hash],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    fn remember_nonces(&self, claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>> {
        let mut inner = self.lock();
        let sweep = now_ms - inner.last_nonce_sweep_ms >= NONCE_SWEEP_INTERVAL_MS;
        // The batch is committed without its own fsync (synchronous=NORMAL for this one
        // transaction): in WAL mode the next FULL commit — the envelope of a push, or any later
        // write — makes it durable with its own frames. Only a power cut can lose the newest
        // read-request nonces, reopening a replay of those reads (answers the requester already
        // received) for at most the freshness window; a write's nonce is durable with the write.
        inner.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let outcome = (|| -> StoreResult<Vec<bool>> {
            let tx = inner
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            if sweep {
                tx.exec("DELETE FROM seen_nonce WHERE expires_at < ?1", [now_ms])?;
            }
            let mut fresh = Vec::with_capacity(claims.len());
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO seen_nonce (expires_at, device, nonce) VALUES (?3, ?1, ?2)
                     ON CONFLICT (expires_at, device, nonce) DO NOTHING",
                )?;
                for claim in claims {
                    // A nonce twice in one batch: the second insert changes nothing, a replay.
                    let inserted = insert.execute(params![
                        &claim.device.0[..],
                        &claim.nonce[..],
                        claim.expires_at_ms
                    ])?;
                    fresh.push(inserted == 1);
                }
            }
            tx.commit()?;
            Ok(fresh)
        })();
        inner.conn.pragma_update(None, "synchronous", "FULL")?;
        let fresh = outcome?;
        if sweep {
            inner.last_nonce_sweep_ms = now_ms;
        }
        Ok(fresh)
    }

    fn concurrency(&self) -> Concurrency {
        Concurrency {
            readers: self.readers.as_ref().map_or(1, Readers::size),
            writers: 1,
            shared: self.readers.is_none(),
        }
    }

    fn pool_status(&self) -> PoolStatus {
        let writer_busy = usize::from(self.inner.try_lock().is_err());
        match &self.readers {
            Some(readers) => PoolStatus {
                size: readers.size() + 1,
                in_use: readers.in_use() + writer_busy,
            },
            None => PoolStatus {
                size: 1,
                in_use: writer_busy,
            },
        }
    }
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
