//! How the store's writes become durable: each write is one transaction of its own, unless it
//! runs inside [`ProfileStore::atomically`], which makes several writes one transaction (one
//! commit, so one fsync of the WAL under `synchronous=FULL`: a sync that pulls an edit commits
//! once instead of three times, which was ~0.8 ms of a phone's CPU per sync, docs/benchmarks.md
//! "2026-12-07, h12-client") and all-or-nothing across a crash.
//!
//! What a sync brings from the relay commits as [`ProfileStore::atomically_refetchable`]:
//! all-or-nothing like any transaction, but without an fsync of its own
//! (docs/adr/0019-refetchable-commits.md).

use rusqlite::{Connection, TransactionBehavior};

use super::ProfileStore;
use crate::error::Result;

/// Runs `f` as one atomic write on `conn`: in a transaction of its own, begun IMMEDIATE (the
/// write lock first, so two handles on one file wait for each other instead of failing when a
/// read turns into a write), or, when a transaction is already open (inside
/// [`ProfileStore::atomically`]), as a savepoint of it that commits with it. Nothing of `f` is
/// kept when it fails.
pub(super) fn write_tx<R>(conn: &mut Connection, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
    if conn.is_autocommit() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    } else {
        let savepoint = conn.savepoint()?;
        let value = f(&savepoint)?;
        savepoint.commit()?;
        Ok(value)
    }
}

impl ProfileStore {
    /// Runs `f` with every write it makes through this store in ONE transaction: committed
    /// (durable, `synchronous=FULL`) when `f` succeeds, rolled back when it fails or panics, so a
    /// crash leaves all of it or none. Inside another transaction it is simply part of that one.
    ///
    /// When it rolls back, the in-memory documents and the cached identity are forgotten (they
    /// may hold what was rolled back) and read again from the file when next needed.
    ///
    /// Only tests call it today: the sync's transactions are refetchable. It is the one to use
    /// for a transaction that holds anything only this device has.
    #[cfg(test)]
    pub(crate) fn atomically<R>(&mut self, f: impl FnOnce(&mut ProfileStore) -> Result<R>) -> Result<R> {
        self.transaction(false, f)
    }

    /// [`Self::atomically`] for what the relay holds and sends again — a pulled page with the
    /// cursor past it, the outbox entry the relay acknowledged, the time of the sync: all or
    /// nothing, but committed without an fsync of its own (`synchronous=NORMAL` for this one
    /// commit, WAL mode). An application crash keeps it; a power cut or an OS crash may take it
    /// back whole, never in part, and the next sync fetches it again. The next FULL commit makes
    /// it durable with its own fsync, as the WAL is written in order (ADR 0019). Never for an
    /// edit, an outbox envelope before it is sent, a key or the identity. Inside another
    /// transaction it is part of that one, and commits as that one does.
    pub(crate) fn atomically_refetchable<R>(
        &mut self,
        f: impl FnOnce(&mut ProfileStore) -> Result<R>,
    ) -> Result<R> {
        self.transaction(true, f)
    }

    fn transaction<R>(&mut self, relaxed: bool, f: impl FnOnce(&mut ProfileStore) -> Result<R>) -> Result<R> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        if relaxed {
            // Outside a transaction, and set back to FULL whatever happens (below and in drop).
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            if relaxed {
                let _ = self.conn.pragma_update(None, "synchronous", "FULL");
            }
            return Err(e.into());
        }
        let mut unit = RollbackUnlessCommitted {
            store: self,
            committed: false,
            relaxed,
        };
        let value = f(unit.store)?;
        unit.store.conn.execute_batch("COMMIT")?;
        unit.committed = true;
        if relaxed {
            unit.relaxed = false;
            unit.store.conn.pragma_update(None, "synchronous", "FULL")?;
        }
        Ok(value)
    }
}

/// Ends an [`ProfileStore::atomically`] that did not commit (`f` failed or panicked, or COMMIT
/// failed): rolls back and forgets what memory may hold of it. Sets `synchronous` back to FULL
/// after an [`ProfileStore::atomically_refetchable`].
struct RollbackUnlessCommitted<'a> {
    store: &'a mut ProfileStore,
    committed: bool,
    /// `synchronous` is NORMAL for this transaction and not yet set back.
    relaxed: bool,
}

impl Drop for RollbackUnlessCommitted<'_> {
    fn drop(&mut self) {
        if !self.committed {
            if !self.store.conn.is_autocommit() {
                // If even the rollback fails SQLite has already rolled back (an I/O error or a
                // full disk end the transaction), which is all this is for.
                let _ = self.store.conn.execute_batch("ROLLBACK");
            }
            self.store.open.clear();
            self.store.identity = None;
        }
        if self.relaxed {
            // Outside any transaction now; setting a pragma's value does not touch the file.
            let _ = self.store.conn.pragma_update(None, "synchronous", "FULL");
        }
    }
}

#[cfg(test)]
impl ProfileStore {
    /// Counts the transactions this store commits from now on: each is one fsync of the WAL on
    /// a device (`synchronous=FULL`), which is what a test of a path's durability cost counts.
    pub(crate) fn count_commits(&mut self) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let commits = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = std::sync::Arc::clone(&commits);
        self.conn
            .commit_hook(Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                false
            }))
            .expect("a commit hook");
        commits
    }

    /// `PRAGMA synchronous` now: 2 (FULL) outside an [`ProfileStore::atomically_refetchable`].
    pub(crate) fn synchronous(&self) -> i64 {
        self.conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("pragma")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::error::Error;
    use crate::sample::demo_profile;
    use crate::{Edit, EditContext};

    fn nickname(store: &mut ProfileStore, id: &str) -> Option<String> {
        store.profile(id).expect("reads").child.nickname.clone()
    }

    /// A store in a file holding the demo profile; the file is `s.sqlite3` in the directory.
    fn store_with_profile() -> (tempfile::TempDir, ProfileStore, String) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("opens");
        let id = store
            .create_profile(&demo_profile(), &EditContext::now("母"))
            .expect("creates");
        (dir, store, id)
    }

    #[test]
    fn several_writes_commit_once_or_not_at_all() {
        let (dir, mut store, id) = store_with_profile();
        let path = dir.path().join("s.sqlite3");
        let ctx = EditContext::now("母");
        let commits = store.count_commits();

        // Two edits and an archive flag: one commit.
        store
            .atomically(|s| {
                s.edit(&id, &[Edit::set("child.nickname", "さっちゃん")], &ctx)?;
                s.edit(&id, &[Edit::set("child.nickname", "さく")], &ctx)?;
                s.set_archived(&id, true)
            })
            .expect("commits");
        assert_eq!(commits.load(Ordering::Relaxed), 1);

        // A failure after an edit: nothing of it stays, in memory or in the file.
        let failed = store.atomically(|s| {
            s.edit(&id, &[Edit::set("child.nickname", "そら")], &ctx)?;
            s.set_archived(&id, false)?;
            Err::<(), _>(Error::Protocol("injected"))
        });
        assert!(matches!(failed, Err(Error::Protocol("injected"))));
        assert_eq!(commits.load(Ordering::Relaxed), 1, "nothing committed");
        assert_eq!(nickname(&mut store, &id).as_deref(), Some("さく"));
        assert!(store.archived().expect("reads").contains_key(&id));

        // A write that fails inside keeps the ones before it (a savepoint), and the store works on.
        store
            .atomically(|s| {
                s.edit(&id, &[Edit::set("child.nickname", "はな")], &ctx)?;
                let refused = s.merge_changes(&id, b"not automerge");
                assert!(refused.is_err());
                Ok(())
            })
            .expect("commits");
        assert_eq!(commits.load(Ordering::Relaxed), 2);
        drop(store);
        let mut store = ProfileStore::open(&path).expect("reopens");
        assert_eq!(nickname(&mut store, &id).as_deref(), Some("はな"));
        assert!(store.archived().expect("reads").contains_key(&id));
    }

    #[test]
    fn a_panic_inside_rolls_back_and_the_store_works_on() {
        let (dir, mut store, id) = store_with_profile();
        let path = dir.path().join("s.sqlite3");
        let ctx = EditContext::now("母");
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.atomically(|s| {
                s.edit(&id, &[Edit::set("child.nickname", "そら")], &ctx)?;
                panic!("a bug in the middle");
                #[allow(unreachable_code)]
                Ok(())
            })
        }));
        assert!(panicked.is_err());
        assert_eq!(
            nickname(&mut store, &id).as_deref(),
            Some("さくちゃん"),
            "rolled back, in memory too"
        );
        // Not left inside the transaction: the next edit is durable on its own.
        store
            .edit(&id, &[Edit::set("child.nickname", "さく")], &ctx)
            .expect("edits");
        drop(store);
        let mut store = ProfileStore::open(&path).expect("reopens");
        assert_eq!(nickname(&mut store, &id).as_deref(), Some("さく"));
    }

    #[test]
    fn a_refetchable_commit_skips_only_its_own_fsync_and_keeps_all_or_nothing() {
        const NORMAL: i64 = 1;
        const FULL: i64 = 2;
        let (dir, mut store, id) = store_with_profile();
        let path = dir.path().join("s.sqlite3");
        let ctx = EditContext::now("母");
        assert_eq!(store.synchronous(), FULL, "an edit is fsync'd");

        // Committed without its own fsync, and FULL again right after.
        let inside = store
            .atomically_refetchable(|s| {
                s.edit(&id, &[Edit::set("child.nickname", "はな")], &ctx)?;
                Ok(s.synchronous())
            })
            .expect("commits");
        assert_eq!(inside, NORMAL);
        assert_eq!(store.synchronous(), FULL);

        // Rolled back whole, and FULL again: after an error and after a panic.
        let failed = store.atomically_refetchable(|s| {
            s.edit(&id, &[Edit::set("child.nickname", "そら")], &ctx)?;
            Err::<(), _>(Error::Protocol("injected"))
        });
        assert!(failed.is_err());
        assert_eq!(store.synchronous(), FULL);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.atomically_refetchable(|s| {
                s.edit(&id, &[Edit::set("child.nickname", "そら")], &ctx)?;
                panic!("a bug in the middle");
                #[allow(unreachable_code)]
                Ok(())
            })
        }));
        assert!(panicked.is_err());
        assert_eq!(store.synchronous(), FULL);
        assert_eq!(nickname(&mut store, &id).as_deref(), Some("はな"));

        // Inside a FULL transaction it is part of that one, and commits as that one does.
        let nested = store
            .atomically(|s| s.atomically_refetchable(|s| Ok(s.synchronous())))
            .expect("commits");
        assert_eq!(nested, FULL);

        // The commit survives the process (it is in the WAL; only a power cut could take it back).
        drop(store);
        let mut store = ProfileStore::open(&path).expect("reopens");
        assert_eq!(nickname(&mut store, &id).as_deref(), Some("はな"));
        assert_eq!(store.synchronous(), FULL);
    }
}
