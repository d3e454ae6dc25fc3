//! How the store's writes become durable: each write is one transaction of its own, unless it
//! runs inside [`ProfileStore::atomically`], which makes several writes one transaction (one
//! commit, so one fsync of the WAL under `synchronous=FULL`: a sync that pulls an edit commits
//! once instead of three times, which was ~0.8 ms of a phone's CPU per sync, docs/benchmarks.md
//! "2026-12-07, h12-client") and all-or-nothing across a crash.

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
    /// (durable) when `f` succeeds, rolled back when it fails or panics, so a crash leaves all of
    /// it or none. Inside another `atomically` it is simply part of that one.
    ///
    /// When it rolls back, the in-memory documents and the cached identity are forgotten (they
    /// may hold what was rolled back) and read again from the file when next needed.
    pub(crate) fn atomically<R>(&mut self, f: impl FnOnce(&mut ProfileStore) -> Result<R>) -> Result<R> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut unit = RollbackUnlessCommitted {
            store: self,
            committed: false,
        };
        let value = f(unit.store)?;
        unit.store.conn.execute_batch("COMMIT")?;
        unit.committed = true;
        Ok(value)
    }
}

/// Ends an [`ProfileStore::atomically`] that did not commit (`f` failed or panicked, or COMMIT
/// failed): rolls back and forgets what memory may hold of it.
struct RollbackUnlessCommitted<'a> {
    store: &'a mut ProfileStore,
    committed: bool,
}

impl Drop for RollbackUnlessCommitted<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !self.store.conn.is_autocommit() {
            // If even the rollback fails SQLite has already rolled back (an I/O error or a full
            // disk end the transaction), which is all this is for.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
        self.store.open.clear();
        self.store.identity = None;
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
}
