//! The PostgreSQL store's nonce batches (replay protection): the nonces of concurrent requests,
//! group-committed by the HTTP layer, recorded with one statement in one transaction. The
//! unique key `(expires_at, device, nonce)` finds a replay whichever relay saw the first request
//! (a replay repeats the signed time, so the expiry too).

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use super::pg::{all, exec, pg_write};
use super::{NonceClaim, PgStore, StoreResult};

/// How often this relay sweeps expired nonces, at most.
const NONCE_SWEEP_INTERVAL_MS: i64 = 60_000;

/// Records `claims` (see [`super::RelayStore::remember_nonces`]).
pub(super) async fn remember_nonces(
    store: &PgStore,
    claims: &[NonceClaim],
    now_ms: i64,
) -> StoreResult<Vec<bool>> {
    let last = store.last_nonce_sweep_ms.load(Ordering::Relaxed);
    // One thread of this relay sweeps per interval; other relays sweep on their own clocks.
    let sweep = now_ms - last >= NONCE_SWEEP_INTERVAL_MS
        && store
            .last_nonce_sweep_ms
            .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok();
    // A nonce twice in the batch: the later one is a replay of the first, decided here
    // (one INSERT of both would insert it once and report it once).
    let mut seen = HashSet::with_capacity(claims.len());
    let first: Vec<bool> = claims
        .iter()
        .map(|c| seen.insert((c.expires_at_ms, c.device, c.nonce)))
        .collect();
    let (mut devices, mut nonces, mut expiries) = (Vec::new(), Vec::new(), Vec::new());
    for (claim, _) in claims.iter().zip(&first).filter(|(_, first)| **first) {
        devices.push(&claim.device.0[..]);
        nonces.push(&claim.nonce[..]);
        expiries.push(claim.expires_at_ms);
    }
    let inserted = pg_write!(store, |tx| {
        // As SQLite's `synchronous=NORMAL` for this transaction: the commit does not wait for
        // its WAL flush. A crash of the database server can lose the newest nonces of read
        // requests (reopening their replay for the freshness window); a push's nonce is made
        // durable by the push's own commit, which flushes the WAL up to it.
        tx.batch_execute("SET LOCAL synchronous_commit = off").await?;
        if sweep {
            exec(tx, "DELETE FROM seen_nonce WHERE expires_at < $1", &[&now_ms]).await?;
        }
        // One statement for the batch; the unique key finds replays from any relay, and
        // RETURNING names the rows this statement inserted.
        let rows = all(
            tx,
            "INSERT INTO seen_nonce (expires_at, device, nonce)
             SELECT * FROM unnest($1::BIGINT[], $2::BYTEA[], $3::BYTEA[])
             ON CONFLICT (expires_at, device, nonce) DO NOTHING
             RETURNING expires_at, device, nonce",
            &[&expiries, &devices, &nonces],
        )
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, Vec<u8>>(1), r.get::<_, Vec<u8>>(2)))
            .collect::<HashSet<_>>())
    })?;
    Ok(claims
        .iter()
        .zip(first)
        .map(|(c, first)| {
            first && inserted.contains(&(c.expires_at_ms, c.device.0.to_vec(), c.nonce.to_vec()))
        })
        .collect())
}
