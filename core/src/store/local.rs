//! This device's own bookkeeping of its profiles, outside the child's document: finding a profile
//! by id prefix, name or kana; archiving (hidden from lists here, nothing changes for the other
//! members); deleting the local copy; and opening a store on read-only media for viewing.

use std::collections::BTreeMap;
use std::path::Path;

use automerge::ActorId;
use chrono::Utc;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::{ProfileStore, ProfileSummary, schema};
use crate::error::{Error, Result};

/// What [`ProfileStore::find_profile`] found for a query.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileMatch {
    /// Exactly one profile: its id.
    One(String),
    /// Several profiles match: the candidates, in list order.
    Many(Vec<ProfileSummary>),
    /// Nothing matches.
    None,
}

/// What deleting a local copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeleteOutcome {
    /// True when the profile was shared through a relay: the other members keep their copies
    /// and the relay keeps its encrypted changes; only this device's copy and keys are gone.
    pub was_shared: bool,
    /// Share links of the profile whose records were removed from this device.
    pub share_links_removed: usize,
}

/// `text` folded for searching: NFKC, lower case, no whitespace, katakana as hiragana (so
/// `ヤマダ`, `やまだ` and `ﾔﾏﾀﾞ` all find `やまだ さくら`).
pub fn search_key(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            // Katakana ァ..ヶ map onto hiragana ぁ..ゖ, 0x60 code points lower.
            k @ 0x30A1..=0x30F6 => char::from_u32(k - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl ProfileStore {
    /// Opens an existing store file without writing to it (a store on read-only media, a
    /// backup drive): every view works, every write fails with a storage error (`ReadOnly`).
    /// The file is opened as immutable: nothing else may change it while it is open.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        if !path.is_file() {
            return Err(Error::Io(std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(uri, flags)?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => Error::CorruptStore("not a Tsunagu store file"),
                _ => Error::from(e),
            })?;
        if found > schema::CURRENT_VERSION {
            return Err(Error::NewerStore {
                found,
                known: schema::CURRENT_VERSION,
            });
        }
        if found < schema::CURRENT_VERSION {
            // Its migrations would have to be written first.
            return Err(Error::NotPermitted(
                "a store of an older version cannot be opened read-only: copy it to writable media first",
            ));
        }
        let actor: Option<Vec<u8>> = conn
            .query_row("SELECT value FROM meta WHERE key = 'actor'", [], |r| r.get(0))
            .optional()?;
        let actor = actor.map_or_else(ActorId::random, ActorId::from);
        Ok(Self {
            conn,
            actor,
            open: Default::default(),
            identity: None,
            membership: Default::default(),
        })
    }

    /// Finds one profile by `query`: its whole id, a prefix of its id, or part of its name or
    /// kana reading (compared by [`search_key`]). A name or kana equal to the query wins over
    /// ones that merely contain it. A whole id known only to sync (joined, not yet pulled) is
    /// returned as is.
    pub fn find_profile(&mut self, query: &str) -> Result<ProfileMatch> {
        let query = query.trim();
        let key = search_key(query);
        if key.is_empty() {
            return Ok(ProfileMatch::None);
        }
        let list = self.list()?;
        if list.iter().any(|p| p.id == query) {
            return Ok(ProfileMatch::One(query.to_owned()));
        }
        let by_id: Vec<&ProfileSummary> = list.iter().filter(|p| p.id.starts_with(query)).collect();
        let names = |p: &ProfileSummary| {
            [p.name.as_deref(), p.name_kana.as_deref()]
                .into_iter()
                .flatten()
                .map(search_key)
                .collect::<Vec<_>>()
        };
        let exact: Vec<&ProfileSummary> = list.iter().filter(|p| names(p).contains(&key)).collect();
        let containing: Vec<&ProfileSummary> = list
            .iter()
            .filter(|p| names(p).iter().any(|n| n.contains(&key)))
            .collect();
        let found: Vec<&ProfileSummary> = if exact.len() == 1 && by_id.is_empty() {
            exact
        } else {
            let mut all = by_id;
            all.extend(containing.into_iter().filter(|p| !p.id.starts_with(query)));
            all
        };
        Ok(match found.as_slice() {
            [] if self.sync_state(query)?.is_some() => ProfileMatch::One(query.to_owned()),
            [] => ProfileMatch::None,
            [one] => ProfileMatch::One(one.id.clone()),
            many => ProfileMatch::Many(many.iter().map(|p| (*p).clone()).collect()),
        })
    }

    /// Archived profiles on this device: id → when it was archived (Unix ms).
    pub fn archived(&self) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, archived_at FROM profile WHERE archived_at IS NOT NULL")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Archives profile `id` on this device (`true`) or brings it back (`false`). Only this
    /// device's lists change; the document and the other members are untouched. Returns false
    /// when it already was so.
    pub fn set_archived(&mut self, id: &str, archived: bool) -> Result<bool> {
        let changed = if archived {
            self.conn.execute(
                "UPDATE profile SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
                params![id, Utc::now().timestamp_millis()],
            )?
        } else {
            self.conn.execute(
                "UPDATE profile SET archived_at = NULL WHERE id = ?1 AND archived_at IS NOT NULL",
                [id],
            )?
        };
        if changed == 0 && !self.exists(id)? {
            return Err(Error::UnknownProfile(id.to_owned()));
        }
        Ok(changed > 0)
    }

    /// Deletes this device's copy of profile `id`: its snapshots and changes, its share-link
    /// records and, when shared, its sync state and keys, in one transaction. The other members
    /// of a shared profile keep theirs; nothing is sent to the relay.
    pub fn delete_local(&mut self, id: &str) -> Result<DeleteOutcome> {
        if !self.exists(id)? {
            return Err(Error::UnknownProfile(id.to_owned()));
        }
        let (share_links_removed, was_shared) = super::atomic::write_tx(&mut self.conn, |tx| {
            let share_links_removed = tx.execute("DELETE FROM share_link WHERE profile_id = ?1", [id])?;
            // The epoch keys and the outbox go with it (ON DELETE CASCADE).
            let was_shared = tx.execute("DELETE FROM sync_profile WHERE profile_id = ?1", [id])? > 0;
            tx.execute("DELETE FROM chunk WHERE profile_id = ?1", [id])?;
            tx.execute("DELETE FROM snapshot WHERE profile_id = ?1", [id])?;
            tx.execute("DELETE FROM profile WHERE id = ?1", [id])?;
            Ok((share_links_removed, was_shared))
        })?;
        self.open.remove(id);
        Ok(DeleteOutcome {
            was_shared,
            share_links_removed,
        })
    }
}

/// `path` for an SQLite URI: characters the URI syntax gives a meaning percent-encoded.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::EditContext;
    use crate::model::Profile;

    fn named(store: &mut ProfileStore, name: &str, kana: &str) -> String {
        let mut p = Profile::empty();
        p.child.name = Some(name.into());
        p.child.name_kana = Some(kana.into());
        store
            .create_profile(&p, &EditContext::now("テスト"))
            .expect("create")
    }

    #[test]
    fn search_key_folds_width_case_space_and_katakana() {
        assert_eq!(search_key("ヤマダ サクラ"), "やまださくら");
        assert_eq!(search_key("ﾔﾏﾀﾞ"), "やまだ");
        assert_eq!(search_key(" Sakura "), "sakura");
    }

    #[test]
    fn finds_by_id_prefix_name_and_kana() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("open");
        let a = named(&mut store, "山田 さくら", "やまだ さくら");
        let b = named(&mut store, "山田 たろう", "やまだ たろう");
        let c = named(&mut store, "佐藤 はな", "さとう はな");
        assert_eq!(
            store.find_profile(&a).expect("find"),
            ProfileMatch::One(a.clone())
        );
        assert_eq!(
            store.find_profile(&c[..5]).expect("find"),
            ProfileMatch::One(c.clone())
        );
        assert_eq!(
            store.find_profile("サトウ").expect("find"),
            ProfileMatch::One(c.clone())
        );
        assert_eq!(
            store.find_profile("さくら").expect("find"),
            ProfileMatch::One(a.clone())
        );
        match store.find_profile("やまだ").expect("find") {
            ProfileMatch::Many(list) => {
                let mut ids: Vec<String> = list.into_iter().map(|p| p.id).collect();
                ids.sort();
                let mut want = vec![a.clone(), b.clone()];
                want.sort();
                assert_eq!(ids, want);
            }
            other => panic!("expected two candidates, got {other:?}"),
        }
        assert_eq!(store.find_profile("鈴木").expect("find"), ProfileMatch::None);
        assert_eq!(store.find_profile("  ").expect("find"), ProfileMatch::None);
    }

    #[test]
    fn archive_delete_and_read_only_open() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("s.sqlite3");
        let mut store = ProfileStore::open(&path).expect("open");
        let a = named(&mut store, "山田 さくら", "やまだ さくら");
        let b = named(&mut store, "佐藤 はな", "さとう はな");
        assert!(store.set_archived(&a, true).expect("archive"));
        assert!(!store.set_archived(&a, true).expect("again"));
        assert_eq!(
            store.archived().expect("archived").keys().collect::<Vec<_>>(),
            [&a]
        );
        assert!(store.set_archived(&a, false).expect("unarchive"));
        assert!(store.archived().expect("archived").is_empty());
        let gone = store.delete_local(&b).expect("delete");
        assert!(!gone.was_shared);
        assert!(!store.exists(&b).expect("exists"));
        assert!(matches!(store.profile(&b), Err(Error::UnknownProfile(_))));
        assert!(matches!(store.delete_local(&b), Err(Error::UnknownProfile(_))));
        drop(store);

        let mut ro = ProfileStore::open_read_only(&path).expect("read-only open");
        assert_eq!(ro.list().expect("list").len(), 1);
        assert_eq!(
            ro.profile(&a).expect("profile").child.name.as_deref(),
            Some("山田 さくら")
        );
        let refused = ro.set_archived(&a, true).expect_err("no writes");
        assert!(
            matches!(refused, Error::Storage(ref e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly))
        );
    }
}
