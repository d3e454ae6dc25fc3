//! [`PgStore`]: the relay's storage in PostgreSQL, which several relay processes may share
//! (ADR 0012). A bounded pool of connections (deadpool-postgres over tokio-postgres). The relay
//! calls it as [`AsyncStore`](super::AsyncStore), its connections driven by the relay's own
//! runtime (ADR 0021); tests and tools call it through the synchronous
//! [`RelayStore`](super::RelayStore), blocking on a small runtime of the store's own
//! ([`PgStore::open`]). Both traits delegate to the inherent async methods here and in
//! `pg_links.rs` (`pg_traits.rs`).
//!
//! Concurrency: every write is one transaction at `READ COMMITTED` that first locks the rows it
//! depends on. A profile's row is its writers' mutex (`FOR NO KEY UPDATE`): appends, joins,
//! revocations and new membership entries of one profile are serialized across relays, so
//! sequence numbers have neither gaps nor duplicates and the membership log's order is its commit
//! order. Uniqueness (nonces, envelope `(author, counter)`, invites, snapshots) rests on unique
//! keys with `ON CONFLICT DO NOTHING`; a transaction the server aborts as a deadlock or a
//! serialization failure is retried whole.

use std::future::Future;
use std::sync::atomic::AtomicI64;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, PoolError, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{IsolationLevel, NoTls, Row};
use tsunagu_wire::DeviceId;
use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{InviteCert, MembershipEntry};

use super::{
    AppendOutcome, Concurrency, CreateInviteOutcome, EnvelopePage, JoinOutcome, NewEnvelope, NewSnapshot,
    NonceClaim, PoolStatus, ProfileRecord, RevokeOutcome, SnapshotInfo, SnapshotOutcome, StoreResult,
    StoredInvite,
};
use super::{pg_nonces, pg_schema, pg_trust};
use crate::error::StoreError;

/// How often a transaction aborted by a deadlock or a serialization failure is tried again.
pub(super) const RETRIES: u32 = 5;

/// How long `/health` trusts the schema version it last read. The version changes only by a
/// migration, which a newer relay runs at its start; reading it (two statements) on every health
/// check cost each balancer probe four round trips instead of one.
const SCHEMA_RECHECK: Duration = Duration::from_secs(60);

/// The parameters of one statement.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The relay's storage in a PostgreSQL database.
pub struct PgStore {
    pool: Pool,
    /// Drives the pool's connections; `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    pub(super) last_nonce_sweep_ms: AtomicI64,
    /// When the schema version was last read and found current (at open: the migration).
    schema_checked: Mutex<Instant>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("pool", &self.pool.status())
            .finish_non_exhaustive()
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // The relay may drop its state on an async thread, where a runtime cannot block to stop.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn pool_error(e: PoolError) -> StoreError {
    match e {
        PoolError::Backend(e) => e.into(),
        PoolError::Timeout(_) => StoreError::PoolTimeout,
        _ => StoreError::Unavailable("the database pool is closed"),
    }
}

/// True for the errors after which a transaction may succeed when tried again.
pub(super) fn retryable(e: &StoreError) -> bool {
    matches!(e, StoreError::Postgres(pg)
        if pg.code() == Some(&SqlState::T_R_SERIALIZATION_FAILURE)
            || pg.code() == Some(&SqlState::T_R_DEADLOCK_DETECTED))
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://…`) with at most `pool_size` connections
    /// and brings its schema up to date, on the caller's runtime: the pool's connections are
    /// driven by it, and the store is used through [`AsyncStore`](super::AsyncStore) (what the
    /// relay does). Its synchronous [`RelayStore`](super::RelayStore) calls are refused;
    /// [`PgStore::open`] has them.
    pub async fn connect(url: &str, pool_size: usize) -> StoreResult<Self> {
        let config: tokio_postgres::Config = url.parse()?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(10)))
            .recycle_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|_| StoreError::Unavailable("cannot build the database pool"))?;
        {
            let mut client = pool.get().await.map_err(pool_error)?;
            pg_schema::migrate(&mut client).await?;
        }
        Ok(Self {
            pool,
            runtime: None,
            last_nonce_sweep_ms: AtomicI64::new(0),
            schema_checked: Mutex::new(Instant::now()),
        })
    }

    /// As [`PgStore::connect`], for synchronous callers (tests, tools): the store gets a small
    /// runtime of its own that drives its connections, and each [`RelayStore`] call blocks on
    /// it. Call it, like every synchronous method, off any async thread.
    pub fn open(url: &str, pool_size: usize) -> StoreResult<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("relay-postgres")
            .enable_all()
            .build()
            .map_err(|_| StoreError::Unavailable("cannot start the database client's threads"))?;
        let mut store = runtime.block_on(Self::connect(url, pool_size))?;
        store.runtime = Some(runtime);
        Ok(store)
    }

    /// A connection from the pool, waiting for one to be free (at most the pool's wait timeout).
    pub(super) async fn connection(&self) -> StoreResult<deadpool_postgres::Client> {
        self.pool.get().await.map_err(pool_error)
    }

    /// Runs `f` to completion on this thread, its I/O driven by the store's runtime.
    pub(super) fn block<T>(&self, f: impl Future<Output = StoreResult<T>>) -> StoreResult<T> {
        match &self.runtime {
            Some(runtime) => runtime.block_on(f),
            None => Err(StoreError::Unavailable(
                "this database store runs on its caller's runtime: call it asynchronously",
            )),
        }
    }
}

/// `pg_read!(store, |c| body)`: `body` (an expression that may `?` and `.await`) with a pooled
/// connection `c`, outside any explicit transaction; evaluates to its result.
///
/// A macro rather than a method taking an async closure: the relay's handlers need their
/// futures `Send`, and rustc cannot yet prove that of a generic async closure's future ("not
/// general enough"); the body spliced into one async block is a concrete future it can.
macro_rules! pg_read {
    ($store:expr, |$c:ident| $body:expr) => {
        async {
            let client = $store.connection().await?;
            let $c = &client;
            let result: $crate::store::StoreResult<_> = async { $body }.await;
            result
        }
        .await
    };
}
pub(super) use pg_read;

/// `pg_write!(store, |tx| body)`: `body` in one `READ COMMITTED` transaction `tx`, committed if
/// it returns `Ok`; tried again whole when the server aborted it as a deadlock or a
/// serialization failure. Evaluates to its result. (A macro for the reason `pg_read!` is one.)
macro_rules! pg_write {
    ($store:expr, |$tx:ident| $body:expr) => {
        async {
            let mut client = $store.connection().await?;
            let mut tries = 0;
            loop {
                let transaction = client.transaction().await?;
                let $tx = &transaction;
                let outcome: $crate::store::StoreResult<_> = async { $body }.await;
                let outcome = match outcome {
                    Ok(value) => transaction
                        .commit()
                        .await
                        .map(|()| value)
                        .map_err($crate::error::StoreError::from),
                    // Dropping the transaction rolls it back.
                    Err(e) => Err(e),
                };
                match outcome {
                    Err(e) if $crate::store::pg::retryable(&e) && tries < $crate::store::pg::RETRIES => {
                        tries += 1
                    }
                    other => break other,
                }
            }
        }
        .await
    };
}
pub(super) use pg_write;

/// One row or none, with a cached prepared statement.
pub(super) async fn opt(c: &impl GenericClient, sql: &str, params: Params<'_>) -> StoreResult<Option<Row>> {
    let stmt = c.prepare_cached(sql).await?;
    Ok(c.query_opt(&stmt, params).await?)
}

/// Exactly one row, with a cached prepared statement.
pub(super) async fn one(c: &impl GenericClient, sql: &str, params: Params<'_>) -> StoreResult<Row> {
    let stmt = c.prepare_cached(sql).await?;
    Ok(c.query_one(&stmt, params).await?)
}

/// All rows, with a cached prepared statement.
pub(super) async fn all(c: &impl GenericClient, sql: &str, params: Params<'_>) -> StoreResult<Vec<Row>> {
    let stmt = c.prepare_cached(sql).await?;
    Ok(c.query(&stmt, params).await?)
}

/// The number of rows changed, with a cached prepared statement.
pub(super) async fn exec(c: &impl GenericClient, sql: &str, params: Params<'_>) -> StoreResult<u64> {
    let stmt = c.prepare_cached(sql).await?;
    Ok(c.execute(&stmt, params).await?)
}

pub(super) fn device_from(bytes: Vec<u8>) -> StoreResult<DeviceId> {
    bytes
        .try_into()
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

/// The counter's 64 bits as PostgreSQL's signed `BIGINT` (uniqueness is all that matters).
fn counter_to_sql(counter: u64) -> i64 {
    i64::from_be_bytes(counter.to_be_bytes())
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|_| StoreError::Corrupt("record to store"))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|_| StoreError::Corrupt(what))
}

/// The profile's epoch and last sequence number, its row locked against the other writers of
/// this profile until the transaction ends.
async fn lock_profile(tx: &impl GenericClient, profile: &str) -> StoreResult<Option<(u32, u64)>> {
    epoch_and_seq(
        opt(
            tx,
            "SELECT epoch, last_seq FROM profile WHERE id = $1 FOR NO KEY UPDATE",
            &[&profile],
        )
        .await?,
    )
}

/// The profile's epoch and last sequence number, kept from changing until the transaction ends
/// (writers that only read them may run side by side).
async fn share_profile(tx: &impl GenericClient, profile: &str) -> StoreResult<Option<(u32, u64)>> {
    epoch_and_seq(
        opt(
            tx,
            "SELECT epoch, last_seq FROM profile WHERE id = $1 FOR SHARE",
            &[&profile],
        )
        .await?,
    )
}

fn epoch_and_seq(row: Option<Row>) -> StoreResult<Option<(u32, u64)>> {
    row.map(|r| Ok((epoch_from_sql(r.get(0))?, seq_from_sql(r.get(1))?)))
        .transpose()
}

async fn read_profile(c: &impl GenericClient, profile: &str) -> StoreResult<Option<ProfileRecord>> {
    let row = opt(
        c,
        "SELECT owner, epoch, last_seq,
                (SELECT count(*) FROM member_entry WHERE profile_id = profile.id)
         FROM profile WHERE id = $1",
        &[&profile],
    )
    .await?;
    row.map(|r| {
        Ok(ProfileRecord {
            owner: device_from(r.get(0))?,
            epoch: epoch_from_sql(r.get(1))?,
            last_seq: seq_from_sql(r.get(2))?,
            entry_count: seq_from_sql(r.get(3))?,
        })
    })
    .transpose()
}

async fn insert_entry(
    tx: &impl GenericClient,
    profile: &str,
    entry: &MembershipEntry,
    now_ms: i64,
) -> StoreResult<()> {
    exec(
        tx,
        "INSERT INTO member_entry (profile_id, entry, created_at) VALUES ($1, $2, $3)",
        &[&profile, &to_json(entry)?, &now_ms],
    )
    .await?;
    Ok(())
}

impl PgStore {
    /// One round trip (`SELECT 1`); the schema version is read again only when the last reading
    /// is older than [`SCHEMA_RECHECK`] (a newer relay may have migrated the database since).
    pub(super) async fn health(&self) -> StoreResult<()> {
        let recheck = self
            .schema_checked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .elapsed()
            >= SCHEMA_RECHECK;
        pg_read!(self, |c| {
            if !recheck {
                c.simple_query("SELECT 1").await?;
            } else if pg_schema::version(c).await? != pg_schema::CURRENT_VERSION {
                return Err(StoreError::Corrupt("schema version changed under the relay"));
            }
            Ok(())
        })?;
        if recheck {
            *self.schema_checked.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
        }
        Ok(())
    }

    pub(super) async fn create_profile(
        &self,
        profile: &str,
        owner: &DeviceId,
        owner_entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        pg_write!(self, |tx| {
            let inserted = exec(
                tx,
                "INSERT INTO profile (id, owner, epoch, last_seq, created_at) VALUES ($1, $2, 1, 0, $3)
                 ON CONFLICT (id) DO NOTHING",
                &[&profile, &&owner.0[..], &now_ms],
            )
            .await?;
            if inserted == 0 {
                return Ok(false);
            }
            insert_entry(tx, profile, owner_entry, now_ms).await?;
            Ok(true)
        })
    }

    pub(super) async fn profile(&self, profile: &str) -> StoreResult<Option<ProfileRecord>> {
        pg_read!(self, |c| read_profile(c, profile).await)
    }

    pub(super) async fn membership(
        &self,
        profile: &str,
    ) -> StoreResult<Option<(ProfileRecord, Vec<MembershipEntry>)>> {
        {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            // One snapshot for the record and the entries.
            let tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await?;
            let Some(record) = read_profile(&tx, profile).await? else {
                return Ok(None);
            };
            let rows = all(
                &tx,
                "SELECT entry FROM member_entry WHERE profile_id = $1 ORDER BY id",
                &[&profile],
            )
            .await?;
            tx.commit().await?;
            let entries = rows
                .iter()
                .map(|r| from_json(r.get::<_, &str>(0), "membership entry"))
                .collect::<StoreResult<_>>()?;
            Ok(Some((record, entries)))
        }
    }

    pub(super) async fn add_member_entry(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<bool> {
        pg_write!(self, |tx| {
            if lock_profile(tx, profile).await?.is_none() {
                return Ok(false);
            }
            insert_entry(tx, profile, entry, now_ms).await?;
            Ok(true)
        })
    }

    pub(super) async fn create_invite(
        &self,
        invite: &InviteCert,
        now_ms: i64,
    ) -> StoreResult<CreateInviteOutcome> {
        let cert = to_json(invite)?;
        pg_write!(self, |tx| {
            if share_profile(tx, &invite.profile).await?.is_none() {
                return Ok(CreateInviteOutcome::UnknownProfile);
            }
            let inserted = exec(
                tx,
                "INSERT INTO invite (id, profile_id, cert, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO NOTHING",
                &[
                    &&invite.invite_key[..],
                    &invite.profile,
                    &cert,
                    &invite.expires_at_ms,
                    &now_ms,
                ],
            )
            .await?;
            Ok(if inserted == 1 {
                CreateInviteOutcome::Created
            } else {
                CreateInviteOutcome::Exists
            })
        })
    }

    pub(super) async fn invite(&self, invite_id: &[u8; 32]) -> StoreResult<Option<StoredInvite>> {
        let row = pg_read!(self, |c| {
            opt(
                c,
                "SELECT cert, used_by FROM invite WHERE id = $1",
                &[&&invite_id[..]],
            )
            .await
        })?;
        row.map(|r| {
            Ok(StoredInvite {
                cert: from_json(r.get::<_, &str>(0), "invite")?,
                used_by: r.get::<_, Option<Vec<u8>>>(1).map(device_from).transpose()?,
            })
        })
        .transpose()
    }

    pub(super) async fn consume_invite(
        &self,
        invite_id: &[u8; 32],
        device: &DeviceId,
        entry: &MembershipEntry,
        now_ms: i64,
    ) -> StoreResult<JoinOutcome> {
        pg_write!(self, |tx| {
            let id = &invite_id[..];
            let Some(row) = opt(tx, "SELECT profile_id FROM invite WHERE id = $1", &[&id]).await? else {
                return Ok(JoinOutcome::Unknown);
            };
            let profile: String = row.get(0);
            // The profile first, then the invite: the order a revocation takes them in.
            let (epoch, _) = lock_profile(tx, &profile)
                .await?
                .ok_or(StoreError::Corrupt("invite without profile"))?;
            let row = one(
                tx,
                "SELECT expires_at, used_by FROM invite WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await?;
            let expires_at: i64 = row.get(0);
            match row.get::<_, Option<Vec<u8>>>(1).map(device_from).transpose()? {
                Some(by) if by == *device => return Ok(JoinOutcome::AlreadyJoined { epoch }),
                Some(_) => return Ok(JoinOutcome::Used),
                None => {}
            }
            if expires_at <= now_ms {
                return Ok(JoinOutcome::Expired);
            }
            let updated = exec(
                tx,
                "UPDATE invite SET used_by = $2, used_at = $3 WHERE id = $1 AND used_by IS NULL",
                &[&id, &&device.0[..], &now_ms],
            )
            .await?;
            if updated != 1 {
                return Ok(JoinOutcome::Used);
            }
            insert_entry(tx, &profile, entry, now_ms).await?;
            Ok(JoinOutcome::Joined { epoch })
        })
    }

    pub(super) async fn revoke(
        &self,
        profile: &str,
        entry: &MembershipEntry,
        from_epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
        now_ms: i64,
    ) -> StoreResult<RevokeOutcome> {
        let sealed = keys
            .iter()
            .map(|(device, grant)| Ok((device.0.to_vec(), to_json(grant)?)))
            .collect::<StoreResult<Vec<_>>>()?;
        pg_write!(self, |tx| {
            let Some((current, _)) = lock_profile(tx, profile).await? else {
                return Ok(RevokeOutcome::UnknownProfile);
            };
            let Some(next) = from_epoch.checked_add(1).filter(|_| current == from_epoch) else {
                return Ok(RevokeOutcome::StaleEpoch { current });
            };
            if pg_trust::log_moved(tx, profile, entry).await? {
                return Ok(RevokeOutcome::LogMoved);
            }
            insert_entry(tx, profile, entry, now_ms).await?;
            pg_trust::void_invites_of_removed(tx, profile, entry, now_ms).await?;
            let next_sql = i64::from(next);
            exec(
                tx,
                "UPDATE profile SET epoch = $2 WHERE id = $1",
                &[&profile, &next_sql],
            )
            .await?;
            for (device, grant) in &sealed {
                exec(
                    tx,
                    "INSERT INTO sealed_key (profile_id, epoch, device, sealed) VALUES ($1, $2, $3, $4)",
                    &[&profile, &next_sql, device, grant],
                )
                .await?;
            }
            Ok(RevokeOutcome::Revoked { epoch: next })
        })
    }

    pub(super) async fn sealed_key(
        &self,
        profile: &str,
        epoch: u32,
        device: &DeviceId,
    ) -> StoreResult<Option<EpochGrant>> {
        let row = pg_read!(self, |c| {
            opt(
                c,
                "SELECT sealed FROM sealed_key WHERE profile_id = $1 AND epoch = $2 AND device = $3",
                &[&profile, &i64::from(epoch), &&device.0[..]],
            )
            .await
        })?;
        row.map(|r| from_json(r.get::<_, &str>(0), "sealed key"))
            .transpose()
    }

    pub(super) async fn add_grants(
        &self,
        profile: &str,
        epoch: u32,
        keys: &[(DeviceId, EpochGrant)],
    ) -> StoreResult<Option<usize>> {
        let sealed = keys
            .iter()
            .map(|(device, grant)| Ok((device.0.to_vec(), to_json(grant)?)))
            .collect::<StoreResult<Vec<_>>>()?;
        pg_write!(self, |tx| {
            match share_profile(tx, profile).await? {
                Some((current, _)) if current == epoch => {}
                _ => return Ok(None),
            }
            let mut stored = 0;
            for (device, grant) in &sealed {
                stored += exec(
                    tx,
                    "INSERT INTO sealed_key (profile_id, epoch, device, sealed) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                    &[&profile, &i64::from(epoch), device, grant],
                )
                .await?;
            }
            Ok(Some(usize::try_from(stored).unwrap_or(usize::MAX)))
        })
    }

    pub(super) async fn granted(&self, profile: &str, epoch: u32) -> StoreResult<Vec<DeviceId>> {
        let rows = pg_read!(self, |c| {
            all(
                c,
                "SELECT device FROM sealed_key WHERE profile_id = $1 AND epoch = $2",
                &[&profile, &i64::from(epoch)],
            )
            .await
        })?;
        rows.into_iter().map(|r| device_from(r.get(0))).collect()
    }

    /// One statement, one round trip: the function `relay_append` (pg_schema.rs, migration 6)
    /// runs what was a six-statement transaction, under the same row lock, and commits on its
    /// own (ADR 0021). A profile's appends take no other lock, so it cannot deadlock.
    pub(super) async fn append_envelope(
        &self,
        profile: &str,
        envelope: &NewEnvelope<'_>,
        now_ms: i64,
    ) -> StoreResult<AppendOutcome> {
        let author = &envelope.author.0[..];
        let counter = counter_to_sql(envelope.counter);
        let epoch = i64::from(envelope.epoch);
        let row = pg_read!(self, |c| {
            one(
                c,
                "SELECT kind, seq, current FROM relay_append($1, $2, $3, $4, $5, $6)",
                &[&profile, &author, &counter, &epoch, &envelope.bytes, &now_ms],
            )
            .await
        })?;
        let seq = || {
            row.get::<_, Option<i64>>(1)
                .ok_or(StoreError::Corrupt("append"))
                .and_then(seq_from_sql)
        };
        Ok(match row.get::<_, i16>(0) {
            0 => AppendOutcome::UnknownProfile,
            1 => AppendOutcome::Duplicate(seq()?),
            2 => AppendOutcome::Conflict,
            3 => AppendOutcome::StaleEpoch {
                current: epoch_from_sql(
                    row.get::<_, Option<i64>>(2)
                        .ok_or(StoreError::Corrupt("append"))?,
                )?,
            },
            4 => AppendOutcome::Appended(seq()?),
            _ => return Err(StoreError::Corrupt("append outcome")),
        })
    }

    pub(super) async fn envelopes_after(
        &self,
        profile: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<EnvelopePage> {
        let after = seq_to_sql(after);
        let peek = i64::try_from(limit).unwrap_or(i64::MAX - 1).saturating_add(1);
        pg_read!(self, |c| {
            // First the lengths, to cut the page without reading bytes it will not return.
            // Envelopes are immutable and become visible in sequence order (appends of a profile
            // are serialized), so the second statement sees the same envelopes up to `last`.
            let sizes = all(
                c,
                "SELECT seq, octet_length(bytes)::BIGINT FROM envelope
                 WHERE profile_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&profile, &after, &peek],
            )
            .await?;
            let mut page = EnvelopePage::default();
            let mut total = 0usize;
            let mut last = None;
            for (taken, row) in sizes.iter().enumerate() {
                let len =
                    usize::try_from(row.get::<_, i64>(1)).map_err(|_| StoreError::Corrupt("envelope"))?;
                if taken >= limit || (taken > 0 && total + len > max_bytes) {
                    page.more = true;
                    break;
                }
                total += len;
                last = Some(row.get::<_, i64>(0));
            }
            let Some(last) = last else {
                return Ok(page);
            };
            let rows = all(
                c,
                "SELECT seq, bytes FROM envelope WHERE profile_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                &[&profile, &after, &last],
            )
            .await?;
            for row in rows {
                page.items.push((seq_from_sql(row.get(0))?, row.get(1)));
            }
            Ok(page)
        })
    }

    pub(super) async fn put_snapshot(
        &self,
        profile: &str,
        snapshot: &NewSnapshot<'_>,
        now_ms: i64,
    ) -> StoreResult<SnapshotOutcome> {
        pg_write!(self, |tx| {
            let Some((current, last_seq)) = share_profile(tx, profile).await? else {
                return Ok(SnapshotOutcome::UnknownProfile);
            };
            let exists = opt(
                tx,
                "SELECT 1 FROM snapshot WHERE profile_id = $1 AND hash = $2",
                &[&profile, &snapshot.hash],
            )
            .await?
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
            let inserted = exec(
                tx,
                "INSERT INTO snapshot (profile_id, hash, covers, epoch, bytes, received_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (profile_id, hash) DO NOTHING",
                &[
                    &profile,
                    &snapshot.hash,
                    &seq_to_sql(snapshot.covers),
                    &i64::from(snapshot.epoch),
                    &snapshot.bytes,
                    &now_ms,
                ],
            )
            .await?;
            // Another relay may have stored the same bytes a moment ago.
            Ok(if inserted == 1 {
                SnapshotOutcome::Stored
            } else {
                SnapshotOutcome::AlreadyStored
            })
        })
    }

    pub(super) async fn latest_snapshot(&self, profile: &str) -> StoreResult<Option<SnapshotInfo>> {
        let row = pg_read!(self, |c| {
            opt(
                c,
                "SELECT hash, covers, epoch FROM snapshot WHERE profile_id = $1
                 ORDER BY covers DESC, id DESC LIMIT 1",
                &[&profile],
            )
            .await
        })?;
        row.map(|r| {
            Ok(SnapshotInfo {
                hash: r.get(0),
                covers: seq_from_sql(r.get(1))?,
                epoch: epoch_from_sql(r.get(2))?,
            })
        })
        .transpose()
    }

    pub(super) async fn snapshot(&self, profile: &str, hash: &str) -> StoreResult<Option<Vec<u8>>> {
        let row = pg_read!(self, |c| {
            opt(
                c,
                "SELECT bytes FROM snapshot WHERE profile_id = $1 AND hash = $2",
                &[&profile, &hash],
            )
            .await
        })?;
        Ok(row.map(|r| r.get(0)))
    }

    pub(super) async fn remember_nonces(&self, claims: &[NonceClaim], now_ms: i64) -> StoreResult<Vec<bool>> {
        pg_nonces::remember_nonces(self, claims, now_ms).await
    }

    pub(super) fn concurrency(&self) -> Concurrency {
        // One connection is left for the nonce batches, which run beside the admitted calls.
        let calls = self.pool.status().max_size.saturating_sub(1).max(1);
        Concurrency {
            readers: calls,
            writers: calls,
            shared: true,
        }
    }

    pub(super) fn pool_status(&self) -> PoolStatus {
        let status = self.pool.status();
        PoolStatus {
            size: status.max_size,
            in_use: status.size.saturating_sub(status.available),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RelayStore;
    use crate::testing::{Backend, TestDatabase};

    /// PostgreSQL only (skipped without `TSUNAGU_TEST_PG`).
    #[test]
    fn health_reads_the_schema_version_only_when_its_reading_is_old() {
        let dir = tempfile::tempdir().expect("tempdir");
        let Some(db) = TestDatabase::create(Backend::Postgres, &dir.path().join("unused")) else {
            return;
        };
        let crate::config::Database::Postgres(url) = db.database() else {
            unreachable!("a PostgreSQL test database");
        };
        let store = PgStore::open(url, 2).expect("opens");
        RelayStore::health(&store).expect("healthy");
        // A newer relay migrates the database under this one.
        db.execute("UPDATE relay_schema SET version = version + 1")
            .expect("bump");
        RelayStore::health(&store).expect("the cached reading stands until it is old");
        *store.schema_checked.lock().expect("lock") -= SCHEMA_RECHECK;
        assert!(matches!(RelayStore::health(&store), Err(StoreError::Corrupt(_))));
        assert!(
            matches!(RelayStore::health(&store), Err(StoreError::Corrupt(_))),
            "not cached while failing"
        );
        drop(store);
    }

    /// PostgreSQL only: the relay's store runs on the relay's runtime; a synchronous call on it
    /// (which would need a runtime of its own to block on) is refused, not hung.
    #[tokio::test]
    async fn a_connected_store_answers_as_futures_and_refuses_synchronous_calls() {
        let dir = tempfile::tempdir().expect("tempdir");
        let Some(db) = TestDatabase::create(Backend::Postgres, &dir.path().join("unused")) else {
            return;
        };
        let crate::config::Database::Postgres(url) = db.database() else {
            unreachable!("a PostgreSQL test database");
        };
        let store = PgStore::connect(url, 2).await.expect("connects");
        crate::store::AsyncStore::health(&store).await.expect("healthy");
        assert!(
            crate::store::AsyncStore::profile(&store, "p-1")
                .await
                .expect("reads")
                .is_none()
        );
        assert!(matches!(
            RelayStore::profile(&store, "p-1"),
            Err(StoreError::Unavailable(_))
        ));
        drop(store);
    }
}
