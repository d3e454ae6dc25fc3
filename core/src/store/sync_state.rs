//! The sync state of shared profiles (ADR 0002), in the same SQLite file as the profiles: this
//! device's identity, and per shared profile the relay, the pinned owner, this device's role, the
//! epoch keys, the pull cursor, the heads the relay has, the envelope counter, the outbox of
//! sealed envelopes not yet acknowledged, and how the last sync went.
//!
//! The sync module decides what to store; this file only reads and writes it, every multi-row
//! update in one transaction.

use std::collections::HashMap;

use automerge::ChangeHash;
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use tsunagu_wire::membership::MembershipEntry;
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey, Role};

use super::ProfileStore;
use crate::document::ProfileDoc;
use crate::error::{Error, Result};

/// `meta` key of this device's sync identity (64 secret bytes).
const IDENTITY_KEY: &str = "device_identity";

/// The sync state of one shared profile, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncState {
    /// Profile id (the same on the relay and on every device).
    pub profile_id: String,
    /// Base URL of the relay.
    pub relay_url: String,
    /// The owner's device id: the trust anchor for membership.
    pub owner: DeviceId,
    /// This device's role.
    pub role: Role,
    /// Newest key epoch held; new envelopes are sealed with it. 0 while a device that joined
    /// waits for the owner to grant it the current key.
    pub epoch: u32,
    /// Sequence number of the last envelope merged.
    pub cursor: u64,
    /// Heads of the changes known to be on the relay (pushed by this device or pulled).
    pub relay_heads: Vec<ChangeHash>,
    /// Counter of the next envelope this device seals.
    pub next_counter: u64,
    /// The signed membership entries as the relay last served them.
    pub membership: Vec<MembershipEntry>,
    /// When the membership was last fetched, Unix ms.
    pub members_at: Option<i64>,
    /// When a sync last completed, Unix ms.
    pub last_success_at: Option<i64>,
    /// Error class of the last failed sync (cleared by a success).
    pub last_error: Option<String>,
}

/// A sealed envelope waiting for the relay's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// The envelope's counter.
    pub counter: u64,
    /// The key epoch it was sealed with.
    pub epoch: u32,
    /// The envelope bytes, sent identically on every retry.
    pub envelope: Vec<u8>,
    /// Document heads the envelope brings the relay up to.
    pub heads: Vec<ChangeHash>,
    /// Automerge changes inside.
    pub changes: usize,
}

/// What a device records when it starts syncing a profile (share or join).
#[derive(Debug, Clone)]
pub(crate) struct NewSync<'a> {
    pub profile_id: &'a str,
    pub relay_url: &'a str,
    pub owner: DeviceId,
    pub role: Role,
    pub epoch: u32,
    /// The first epoch key: the owner's own; `None` for a device that joined, which holds no key
    /// until the owner grants one (`epoch` 0 then).
    pub key: Option<&'a EpochKey>,
}

impl ProfileStore {
    /// This device's sync identity, created on first use and kept in the `meta` table.
    ///
    /// The secret is stored as plain bytes in the store file. On phones the apps wrap it with the
    /// Android Keystore / iOS Keychain (ADR 0002, issue 6); the desktop CLI relies on the file's
    /// permissions.
    pub(crate) fn device_identity(&mut self) -> Result<DeviceIdentity> {
        if let Some(identity) = &self.identity {
            return Ok(identity.clone());
        }
        let existing: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [IDENTITY_KEY], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(bytes) = existing {
            let identity = DeviceIdentity::from_secret_bytes(&bytes)
                .map_err(|_| Error::CorruptStore("device identity is damaged"))?;
            self.identity = Some(identity.clone());
            return Ok(identity);
        }
        let identity = DeviceIdentity::generate().map_err(|_| Error::Crypto("no randomness"))?;
        let secret = identity.to_secret_bytes();
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![IDENTITY_KEY, secret.as_slice()],
        )?;
        self.identity = Some(identity.clone());
        Ok(identity)
    }

    /// This device's id in sync (its Ed25519 public key), created on first use.
    pub fn device_id(&mut self) -> Result<DeviceId> {
        Ok(self.device_identity()?.id())
    }

    /// The sync state of profile `id`, or `None` when it is not shared on this device.
    pub fn sync_state(&self, id: &str) -> Result<Option<SyncState>> {
        read_sync_state(&self.conn, id, &mut self.membership.borrow_mut())
    }

    /// Ids of every profile shared (or joined) on this device, sorted.
    pub fn shared_profiles(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT profile_id FROM sync_profile ORDER BY profile_id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    /// Records that profile `id` now syncs (after the relay accepted the share or the join),
    /// with its first epoch key if it has one (a joined device waits for the owner's grant). Refuses a profile that already has sync state.
    pub(crate) fn begin_sync(&mut self, new: &NewSync<'_>) -> Result<()> {
        let now = Utc::now().timestamp_millis();
        super::atomic::write_tx(&mut self.conn, |tx| {
            let exists = tx
                .query_row(
                    "SELECT 1 FROM sync_profile WHERE profile_id = ?1",
                    [new.profile_id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if exists {
                return Err(Error::AlreadyShared(new.profile_id.to_owned()));
            }
            tx.execute(
                "INSERT INTO sync_profile (profile_id, relay_url, owner_device, role, epoch, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    new.profile_id,
                    new.relay_url,
                    new.owner.to_text(),
                    new.role.as_str(),
                    new.epoch,
                    now
                ],
            )?;
            if let Some(key) = new.key {
                tx.execute(
                    "INSERT INTO sync_epoch_key (profile_id, epoch, key) VALUES (?1, ?2, ?3)",
                    params![new.profile_id, new.epoch, key.0.as_slice()],
                )?;
            }
            Ok(())
        })
    }

    /// The key of `epoch` for profile `id`, if this device holds it.
    pub(crate) fn epoch_key(&self, id: &str, epoch: u32) -> Result<Option<EpochKey>> {
        let key: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT key FROM sync_epoch_key WHERE profile_id = ?1 AND epoch = ?2")?
            .query_row(params![id, epoch], |r| r.get(0))
            .optional()?;
        key.map(|k| {
            <[u8; 32]>::try_from(k.as_slice())
                .map(EpochKey)
                .map_err(|_| Error::CorruptStore("epoch key is damaged"))
        })
        .transpose()
    }

    /// Stores the key of `epoch`; when it is newer than the current epoch it becomes current,
    /// so new envelopes use it. Storing a key already held changes nothing.
    pub(crate) fn add_epoch_key(&mut self, id: &str, epoch: u32, key: &EpochKey) -> Result<()> {
        super::atomic::write_tx(&mut self.conn, |tx| {
            tx.execute(
                "INSERT OR IGNORE INTO sync_epoch_key (profile_id, epoch, key) VALUES (?1, ?2, ?3)",
                params![id, epoch, key.0.as_slice()],
            )?;
            tx.execute(
                "UPDATE sync_profile SET epoch = max(epoch, ?2) WHERE profile_id = ?1",
                params![id, epoch],
            )?;
            Ok(())
        })
    }

    /// Stores the membership entries the relay served, and when.
    pub(crate) fn set_membership(&mut self, id: &str, entries: &[MembershipEntry], at_ms: i64) -> Result<()> {
        let json = serde_json::to_string(entries).map_err(|_| Error::Protocol("membership entries"))?;
        self.conn
            .prepare_cached("UPDATE sync_profile SET membership = ?2, members_at = ?3 WHERE profile_id = ?1")?
            .execute(params![id, json, at_ms])?;
        Ok(())
    }

    /// Advances the pull cursor to `cursor` and records the relay's heads (after the pulled
    /// changes were merged durably).
    pub(crate) fn set_sync_cursor(
        &mut self,
        id: &str,
        cursor: u64,
        relay_heads: &[ChangeHash],
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE sync_profile SET cursor = max(cursor, ?2), relay_heads = ?3 WHERE profile_id = ?1",
            )?
            .execute(params![id, cursor_sql(cursor)?, heads_to_bytes(relay_heads)])?;
        Ok(())
    }

    /// The envelope waiting for acknowledgement, if any (the oldest, should there be several).
    pub fn outbox(&self, id: &str) -> Result<Option<OutboxEntry>> {
        type Row = (i64, u32, Vec<u8>, Vec<u8>, i64);
        let row: Option<Row> = self
            .conn
            .prepare_cached(
                "SELECT counter, epoch, envelope, heads, changes FROM sync_outbox
                 WHERE profile_id = ?1 ORDER BY counter LIMIT 1",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        row.map(|(counter, epoch, envelope, heads, changes)| {
            Ok(OutboxEntry {
                counter: u64::try_from(counter).map_err(|_| Error::CorruptStore("outbox counter"))?,
                epoch,
                envelope,
                heads: heads_from_bytes(&heads)?,
                changes: usize::try_from(changes).unwrap_or(0),
            })
        })
        .transpose()
    }

    /// Puts a freshly sealed envelope in the outbox and moves the envelope counter past it, in
    /// one transaction. Its counter must be the stored next counter (one writer seals at a time).
    pub(crate) fn put_outbox(&mut self, id: &str, entry: &OutboxEntry) -> Result<()> {
        let now = Utc::now().timestamp_millis();
        super::atomic::write_tx(&mut self.conn, |tx| {
            let updated = tx.execute(
                "UPDATE sync_profile SET next_counter = ?2 + 1 WHERE profile_id = ?1 AND next_counter = ?2",
                params![id, cursor_sql(entry.counter)?],
            )?;
            if updated != 1 {
                return Err(Error::CorruptStore("envelope counter moved underneath"));
            }
            tx.execute(
                "INSERT INTO sync_outbox (profile_id, counter, epoch, envelope, heads, changes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    cursor_sql(entry.counter)?,
                    entry.epoch,
                    entry.envelope,
                    heads_to_bytes(&entry.heads),
                    i64::try_from(entry.changes).unwrap_or(i64::MAX),
                    now
                ],
            )?;
            Ok(())
        })
    }

    /// Takes the next envelope counter for an envelope that does not go through the outbox (a
    /// snapshot, which is simply sealed again if it is lost).
    pub(crate) fn reserve_counter(&mut self, id: &str) -> Result<u64> {
        let counter: i64 = self.conn.query_row(
            "UPDATE sync_profile SET next_counter = next_counter + 1 WHERE profile_id = ?1
             RETURNING next_counter - 1",
            [id],
            |r| r.get(0),
        )?;
        u64::try_from(counter).map_err(|_| Error::CorruptStore("envelope counter"))
    }

    /// The relay acknowledged envelope `counter`: removes it from the outbox and records the
    /// relay's new heads, in one transaction.
    pub(crate) fn ack_outbox(&mut self, id: &str, counter: u64, relay_heads: &[ChangeHash]) -> Result<()> {
        super::atomic::write_tx(&mut self.conn, |tx| {
            tx.execute(
                "DELETE FROM sync_outbox WHERE profile_id = ?1 AND counter = ?2",
                params![id, cursor_sql(counter)?],
            )?;
            tx.execute(
                "UPDATE sync_profile SET relay_heads = ?2 WHERE profile_id = ?1",
                params![id, heads_to_bytes(relay_heads)],
            )?;
            Ok(())
        })
    }

    /// Drops an envelope the relay will never accept (sealed with a superseded epoch); its
    /// changes are sealed again in a new envelope.
    pub(crate) fn drop_outbox(&mut self, id: &str, counter: u64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM sync_outbox WHERE profile_id = ?1 AND counter = ?2",
            params![id, cursor_sql(counter)?],
        )?;
        Ok(())
    }

    /// Records how a sync of profile `id` ended: `None` for success (clears the last error),
    /// or the error class.
    pub(crate) fn record_sync_result(&mut self, id: &str, error_class: Option<&str>) -> Result<()> {
        let now = Utc::now().timestamp_millis();
        match error_class {
            None => self
                .conn
                .prepare_cached(
                    "UPDATE sync_profile SET last_success_at = ?2, last_attempt_at = ?2, last_error = NULL
                     WHERE profile_id = ?1",
                )?
                .execute(params![id, now])?,
            Some(class) => self
                .conn
                .prepare_cached(
                    "UPDATE sync_profile SET last_attempt_at = ?2, last_error = ?3 WHERE profile_id = ?1",
                )?
                .execute(params![id, now, class])?,
        };
        Ok(())
    }

    /// Creates profile `id` from a raw automerge document (a save, or change chunks
    /// concatenated) received from another device. The bytes must read as a profile; a profile
    /// with this id must not exist yet. Returns the number of changes in it.
    pub(crate) fn create_profile_from_document(&mut self, id: &str, bytes: &[u8]) -> Result<usize> {
        if !is_profile_id(id) {
            return Err(Error::NotAProfile("not a profile id"));
        }
        let mut doc = ProfileDoc::load(bytes, self.actor.clone())?;
        let changes = doc.change_log().len();
        self.insert_new_profile(id, doc)?;
        Ok(changes)
    }
}

/// True for ids the relay and the invite links accept: 1–64 of `[A-Za-z0-9_-]`.
pub(crate) fn is_profile_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The membership entries of one profile as parsed, with the JSON text they were parsed from.
pub(super) struct ParsedMembership {
    json: String,
    entries: Vec<MembershipEntry>,
}

fn read_sync_state(
    conn: &Connection,
    id: &str,
    parsed: &mut HashMap<String, ParsedMembership>,
) -> Result<Option<SyncState>> {
    type Row = (
        String,
        String,
        String,
        u32,
        i64,
        Vec<u8>,
        i64,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT relay_url, owner_device, role, epoch, cursor, relay_heads, next_counter,
                    membership, members_at, last_success_at, last_error
             FROM sync_profile WHERE profile_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })
        .optional()?;
    let Some((
        relay_url,
        owner,
        role,
        epoch,
        cursor,
        heads,
        next_counter,
        membership,
        members_at,
        ok_at,
        err,
    )) = row
    else {
        return Ok(None);
    };
    let corrupt = Error::CorruptStore;
    Ok(Some(SyncState {
        profile_id: id.to_owned(),
        relay_url,
        owner: DeviceId::from_text(&owner).map_err(|_| corrupt("owner device id"))?,
        role: Role::parse(&role).ok_or(corrupt("sync role"))?,
        epoch,
        cursor: u64::try_from(cursor).map_err(|_| corrupt("sync cursor"))?,
        relay_heads: heads_from_bytes(&heads)?,
        next_counter: u64::try_from(next_counter).map_err(|_| corrupt("envelope counter"))?,
        membership: membership_entries(parsed, id, membership)?,
        members_at,
        last_success_at: ok_at,
        last_error: err,
    }))
}

/// The entries stored as `json` for profile `id`, parsed again only when the text changed.
fn membership_entries(
    parsed: &mut HashMap<String, ParsedMembership>,
    id: &str,
    json: String,
) -> Result<Vec<MembershipEntry>> {
    if let Some(known) = parsed.get(id)
        && known.json == json
    {
        return Ok(known.entries.clone());
    }
    let entries: Vec<MembershipEntry> =
        serde_json::from_str(&json).map_err(|_| Error::CorruptStore("membership entries"))?;
    parsed.insert(
        id.to_owned(),
        ParsedMembership {
            json,
            entries: entries.clone(),
        },
    );
    Ok(entries)
}

fn cursor_sql(value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::Protocol("sequence number out of range"))
}

fn heads_to_bytes(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.0).collect()
}

fn heads_from_bytes(bytes: &[u8]) -> Result<Vec<ChangeHash>> {
    if !bytes.len().is_multiple_of(32) {
        return Err(Error::CorruptStore("stored heads are damaged"));
    }
    bytes
        .chunks_exact(32)
        .map(|c| ChangeHash::try_from(c).map_err(|_| Error::CorruptStore("stored heads are damaged")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EditContext;
    use crate::sample::demo_profile;

    fn store() -> (tempfile::TempDir, ProfileStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("opens");
        (dir, store)
    }

    #[test]
    fn identity_is_created_once_and_survives_reopening() {
        let (dir, mut store) = store();
        let id = store.device_id().expect("identity");
        assert_eq!(store.device_id().expect("same"), id);
        drop(store);
        let mut again = ProfileStore::open(dir.path().join("s.sqlite3")).expect("reopens");
        assert_eq!(again.device_id().expect("persisted"), id);
    }

    #[test]
    fn a_version_1_store_gains_the_sync_tables_and_keeps_its_profiles() {
        let (dir, mut store) = store();
        let id = store
            .create_profile(&demo_profile(), &EditContext::now("母"))
            .expect("creates");
        let before = store.profile(&id).expect("reads").clone();
        drop(store);
        let path = dir.path().join("s.sqlite3");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch(
                "DROP TABLE share_link; DROP TABLE sync_outbox; DROP TABLE sync_epoch_key;
                 DROP TABLE sync_profile; ALTER TABLE profile DROP COLUMN archived_at;
                 PRAGMA user_version = 1;",
            )
            .expect("back to version 1");
        }
        let mut store = ProfileStore::open(&path).expect("migrates");
        assert_eq!(store.profile(&id).expect("kept"), &before);
        assert!(store.shared_profiles().expect("sync tables exist").is_empty());
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("reads");
        assert_eq!(version, crate::store::schema::CURRENT_VERSION);
        assert!(version >= 2);
    }

    /// The parsed membership is reused only while the stored text is the same: entries another
    /// handle on the same file wrote are read, not the ones parsed before.
    #[test]
    fn membership_is_parsed_again_when_another_handle_changed_it() {
        let (dir, mut store) = store();
        let owner = store.device_identity().expect("identity");
        store
            .begin_sync(&NewSync {
                profile_id: "p-abc",
                relay_url: "http://127.0.0.1:1",
                owner: owner.id(),
                role: Role::Owner,
                epoch: 1,
                key: None,
            })
            .expect("begins");
        let cert = |role| {
            MembershipEntry::Cert(tsunagu_wire::MemberCert::issue(
                &owner,
                "p-abc",
                owner.public(),
                role,
                1,
            ))
        };
        let first = vec![cert(Role::Owner)];
        store.set_membership("p-abc", &first, 1).expect("stores");
        let read = |store: &ProfileStore| store.sync_state("p-abc").expect("reads").expect("state");
        assert_eq!(read(&store).membership, first);
        assert_eq!(read(&store).membership, first, "the same, reused");

        let mut other = ProfileStore::open(dir.path().join("s.sqlite3")).expect("second handle");
        let second = vec![cert(Role::Owner), cert(Role::Editor)];
        other.set_membership("p-abc", &second, 2).expect("stores");
        assert_eq!(read(&store).membership, second);
        store.set_membership("p-abc", &[], 3).expect("stores");
        assert!(read(&store).membership.is_empty());
    }

    #[test]
    fn sync_state_persists_and_updates_in_place() {
        let (dir, mut store) = store();
        let owner = store.device_id().expect("identity");
        let key = EpochKey([5; 32]);
        let new = NewSync {
            profile_id: "p-abc",
            relay_url: "http://127.0.0.1:1",
            owner,
            role: Role::Owner,
            epoch: 1,
            key: Some(&key),
        };
        store.begin_sync(&new).expect("begins");
        assert!(matches!(store.begin_sync(&new), Err(Error::AlreadyShared(_))));
        assert_eq!(store.shared_profiles().expect("list"), ["p-abc"]);

        let heads = vec![ChangeHash([1; 32]), ChangeHash([2; 32])];
        store.set_sync_cursor("p-abc", 7, &heads).expect("cursor");
        store
            .set_sync_cursor("p-abc", 3, &heads)
            .expect("never backwards");
        store
            .add_epoch_key("p-abc", 2, &EpochKey([6; 32]))
            .expect("key 2");
        store
            .add_epoch_key("p-abc", 1, &EpochKey([9; 32]))
            .expect("ignored");
        store
            .record_sync_result("p-abc", Some("offline"))
            .expect("records");
        drop(store);

        let store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("reopens");
        let state = store.sync_state("p-abc").expect("reads").expect("exists");
        assert_eq!(state.owner, owner);
        assert_eq!(state.role, Role::Owner);
        assert_eq!((state.epoch, state.cursor, state.next_counter), (2, 7, 1));
        assert_eq!(state.relay_heads, heads);
        assert_eq!(state.last_error.as_deref(), Some("offline"));
        assert_eq!(store.epoch_key("p-abc", 1).expect("reads"), Some(key));
        assert_eq!(
            store.epoch_key("p-abc", 2).expect("reads"),
            Some(EpochKey([6; 32]))
        );
        assert_eq!(store.epoch_key("p-abc", 3).expect("reads"), None);
        assert!(store.sync_state("p-other").expect("reads").is_none());
    }

    #[test]
    fn outbox_keeps_identical_bytes_until_acknowledged() {
        let (_dir, mut store) = store();
        let owner = store.device_id().expect("identity");
        let key = EpochKey([5; 32]);
        store
            .begin_sync(&NewSync {
                profile_id: "p-abc",
                relay_url: "http://127.0.0.1:1",
                owner,
                role: Role::Owner,
                epoch: 1,
                key: Some(&key),
            })
            .expect("begins");
        let entry = OutboxEntry {
            counter: 1,
            epoch: 1,
            envelope: vec![1, 2, 3],
            heads: vec![ChangeHash([4; 32])],
            changes: 2,
        };
        store.put_outbox("p-abc", &entry).expect("queued");
        assert_eq!(store.outbox("p-abc").expect("reads"), Some(entry.clone()));
        // The counter moved: the same counter cannot be sealed twice.
        assert!(store.put_outbox("p-abc", &entry).is_err());
        assert_eq!(store.sync_state("p-abc").expect("r").expect("s").next_counter, 2);
        store.ack_outbox("p-abc", 1, &entry.heads).expect("acked");
        assert_eq!(store.outbox("p-abc").expect("reads"), None);
        assert_eq!(
            store.sync_state("p-abc").expect("r").expect("s").relay_heads,
            entry.heads
        );
    }

    #[test]
    fn a_profile_is_created_from_raw_document_bytes_only_if_it_reads_as_one() {
        let (_dir, mut store) = store();
        let id = store
            .create_profile(&demo_profile(), &EditContext::now("母"))
            .expect("creates");
        let bytes = store.document(&id).expect("doc").save();
        let (_dir2, mut other) = self::store();
        assert!(other.create_profile_from_document(&id, b"not automerge").is_err());
        assert!(other.create_profile_from_document("../x", &bytes).is_err());
        assert_eq!(
            other.create_profile_from_document(&id, &bytes).expect("creates"),
            1
        );
        assert_eq!(
            other.profile(&id).expect("reads"),
            store.profile(&id).expect("reads")
        );
        assert!(
            other.create_profile_from_document(&id, &bytes).is_err(),
            "exists already"
        );
        other.evict_all();
        assert_eq!(
            other.profile(&id).expect("durable"),
            store.profile(&id).expect("reads")
        );
    }

    #[test]
    fn a_viewers_device_is_refused_local_edits() {
        let (_dir, mut store) = store();
        let id = store
            .create_profile(&demo_profile(), &EditContext::now("母"))
            .expect("creates");
        let owner = store.device_id().expect("identity");
        let key = EpochKey([5; 32]);
        store
            .begin_sync(&NewSync {
                profile_id: &id,
                relay_url: "http://127.0.0.1:1",
                owner,
                role: Role::Viewer,
                epoch: 1,
                key: Some(&key),
            })
            .expect("begins");
        let before = store.document(&id).expect("doc").save();
        let edit = crate::Edit::set("child.nickname", "さく");
        let err = store
            .edit(&id, &[edit], &EditContext::now("父"))
            .expect_err("a viewer cannot edit");
        assert!(matches!(err, Error::ViewerCannotEdit(_)), "{err:?}");
        assert!(err.is_bad_input());
        // Nor can it name itself, and an app asking for an edit context hears "viewer" first.
        let err = store
            .set_device_name(&id, "見学者", None, &EditContext::now("見学者"))
            .expect_err("a viewer writes nothing");
        assert!(matches!(err, Error::ViewerCannotEdit(_)), "{err:?}");
        let err = store
            .named_edit_context(&id)
            .expect_err("a viewer has no edit context");
        assert!(matches!(err, Error::ViewerCannotEdit(_)), "{err:?}");
        assert_eq!(store.document(&id).expect("doc").save(), before);
    }
}
