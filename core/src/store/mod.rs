//! [`ProfileStore`]: many children's profiles in one SQLite file, every edit durable before the
//! call returns.
//!
//! Layout: each profile is its newest immutable snapshot (a compacted automerge save) plus the
//! incremental chunks appended since. An edit appends one chunk in its own transaction (WAL,
//! `synchronous=FULL`), so an acknowledged edit survives a crash or a flat battery. Compaction
//! writes a new snapshot and deletes the chunks and the older snapshot it covers in one
//! transaction. Profiles are compacted automatically once enough chunks pile up, so opening a
//! profile costs about one `load` of a compacted document. One connection, one writer.

mod atomic;
mod batch;
mod device_names;
pub(crate) mod export;
mod local;
pub mod schema;
mod share_links;
mod sync_state;

use std::collections::HashMap;
use std::path::Path;

use automerge::{ActorId, ChangeHash};
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::document::edit::Edit;
use crate::document::history::{HistoryEntry, Provenance};
use crate::document::review::ReviewItem;
use crate::document::{EditContext, ProfileDoc};
use crate::error::{Error, Result};
use crate::model::Profile;
pub use batch::DeviceName;
pub use local::{DeleteOutcome, ProfileMatch, search_key};
pub use share_links::ShareLinkRecord;
pub(crate) use sync_state::{NewSync, is_profile_id};
pub use sync_state::{OutboxEntry, SyncState};

/// Chunks appended before a profile is compacted automatically.
pub const AUTO_COMPACT_CHUNKS: usize = 64;

/// Prepared statements kept per connection (more than the store and its sync state use).
const STATEMENT_CACHE: usize = 64;

/// A row of the profile list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileSummary {
    /// Profile id.
    pub id: String,
    /// Child's name, if recorded.
    pub name: Option<String>,
    /// Kana reading, if recorded.
    pub name_kana: Option<String>,
    /// Time of the newest change (local or merged), milliseconds since the epoch.
    pub updated_at: i64,
}

/// What a compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompactStats {
    /// Bytes of snapshot + chunks before.
    pub bytes_before: usize,
    /// Bytes of the new snapshot.
    pub bytes_after: usize,
    /// Chunks folded into the snapshot.
    pub chunks_removed: usize,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Id of the imported profile.
    pub id: String,
    /// True when the profile was new to this store; false when it was merged.
    pub created: bool,
    /// Changes that were new to this store.
    pub new_changes: usize,
}

struct OpenProfile {
    doc: ProfileDoc,
    /// Newest chunk id this in-memory document includes (0: none since the snapshot).
    last_chunk: i64,
    /// Chunks stored since the snapshot.
    chunks: usize,
}

/// The one entry point to the profiles on this device.
pub struct ProfileStore {
    conn: Connection,
    actor: ActorId,
    open: HashMap<String, OpenProfile>,
    /// This device's sync identity once read: loading it derives two public keys (two scalar
    /// multiplications, 11 % of a one-edit sync's instructions when done per sync, measured in
    /// docs/benchmarks.md "2026-12-07, h12-client"). It never changes once created.
    identity: Option<tsunagu_wire::DeviceIdentity>,
    /// Per shared profile, the membership entries last parsed and the stored JSON they were
    /// parsed from: a sync reads its state several times, and parsing the same entries each time
    /// was ~5 % of a one-edit sync's instructions (docs/benchmarks.md "2026-12-07, h12-client").
    /// Used only while the stored text is the same, so a write by another handle is seen.
    membership: std::cell::RefCell<HashMap<String, sync_state::ParsedMembership>>,
}

impl std::fmt::Debug for ProfileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileStore")
            .field("actor", &self.actor.to_hex_string())
            .finish_non_exhaustive()
    }
}

impl ProfileStore {
    /// Opens (creating if needed) the store file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::from_connection(conn)
    }

    fn from_connection(mut conn: Connection) -> Result<Self> {
        let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::CorruptStore("not a Tsunagu store file"),
            _ => Error::from(e),
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Every statement a sync runs stays prepared (parsing them again was 12 % of a one-edit
        // sync's instructions); rusqlite keeps 16 by default.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(not_db)?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::CorruptStore("could not enable write-ahead logging"));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        let actor = load_or_create_actor(&conn)?;
        Ok(Self {
            conn,
            actor,
            open: HashMap::new(),
            identity: None,
            membership: Default::default(),
        })
    }

    /// This device's automerge actor id: every local change is written under it.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    /// Creates a profile and returns its id.
    pub fn create_profile(&mut self, profile: &Profile, ctx: &EditContext) -> Result<String> {
        let id = new_profile_id();
        let doc = ProfileDoc::create(self.actor.clone(), profile, ctx)?;
        self.insert_new_profile(&id, doc)?;
        Ok(id)
    }

    /// Ids and names of every profile, sorted by kana (then name, then id).
    pub fn list(&mut self) -> Result<Vec<ProfileSummary>> {
        let rows: Vec<(String, i64)> = {
            let mut stmt = self.conn.prepare("SELECT id, created_at FROM profile")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        let mut out = Vec::with_capacity(rows.len());
        for (id, created_at) in rows {
            let doc = &mut self.load(&id)?.doc;
            let updated_at = doc.last_change_millis().unwrap_or(created_at);
            let child = &doc.profile().child;
            out.push(ProfileSummary {
                name: child.name.clone(),
                name_kana: child.name_kana.clone(),
                id,
                updated_at,
            });
        }
        out.sort_by(|a, b| (&a.name_kana, &a.name, &a.id).cmp(&(&b.name_kana, &b.name, &b.id)));
        Ok(out)
    }

    /// The profile with `id`, loading it if needed.
    pub fn profile(&mut self, id: &str) -> Result<&Profile> {
        Ok(self.load(id)?.doc.profile())
    }

    /// The document of profile `id` (for history, provenance, merging replicas).
    pub fn document(&mut self, id: &str) -> Result<&mut ProfileDoc> {
        Ok(&mut self.load(id)?.doc)
    }

    /// Applies edits as one change and makes it durable before returning. Returns the change
    /// hash, or `None` when the edits changed nothing. On error nothing is written.
    ///
    /// A viewer's device is refused ([`Error::ViewerCannotEdit`]): its edits could never be sent.
    pub fn edit(&mut self, id: &str, edits: &[Edit], ctx: &EditContext) -> Result<Option<ChangeHash>> {
        self.refuse_viewer(id)?;
        self.write_with(id, |doc| doc.apply(edits, ctx))
    }

    /// [`Error::ViewerCannotEdit`] when this device is a viewer of profile `id`.
    fn refuse_viewer(&self, id: &str) -> Result<()> {
        if self
            .sync_state(id)?
            .is_some_and(|s| s.role == tsunagu_wire::Role::Viewer)
        {
            return Err(Error::ViewerCannotEdit(id.to_owned()));
        }
        Ok(())
    }

    /// Merges another replica's changes (a saved document or change chunks) into profile `id`
    /// and makes them durable. Returns how many changes were new. Bytes that are not complete
    /// automerge changes of this profile are refused and nothing is written.
    pub fn merge_changes(&mut self, id: &str, bytes: &[u8]) -> Result<usize> {
        self.write_with(id, |doc| doc.merge_bytes(bytes))
    }

    /// Runs `f` on the profile's document inside one write transaction and appends what it
    /// changed as one chunk. First catches up with chunks another handle on the same file
    /// appended (or a snapshot it compacted) since this one last read: two writers on one file
    /// must not both write the same actor sequence number.
    fn write_with<T>(&mut self, id: &str, f: impl FnOnce(&mut ProfileDoc) -> Result<T>) -> Result<T> {
        self.load(id)?;
        let outcome = atomic::write_tx(&mut self.conn, |tx| {
            let (covers, newest) = stored_positions(tx, id)?;
            let stale = self.open.get(id).is_none_or(|o| covers > o.last_chunk);
            if stale {
                let fresh = read_profile(tx, &self.actor, id)?;
                self.open.insert(id.to_owned(), fresh);
            }
            let open = self
                .open
                .get_mut(id)
                .ok_or_else(|| Error::UnknownProfile(id.to_owned()))?;
            if newest > open.last_chunk {
                let (bytes, count) = read_chunks_after(tx, id, open.last_chunk)?;
                open.doc.merge_bytes(&bytes)?;
                open.last_chunk = newest;
                open.chunks += count;
            }
            let heads = open.doc.heads();
            let value = f(&mut open.doc)?;
            if open.doc.heads() == heads {
                return Ok((value, false));
            }
            let bytes = open.doc.changes_after(&heads);
            tx.prepare_cached("INSERT INTO chunk (profile_id, bytes) VALUES (?1, ?2)")?
                .execute(params![id, bytes])?;
            // Recorded before the commit: if the commit fails, the error path below forgets
            // this document.
            open.last_chunk = tx.last_insert_rowid();
            open.chunks += 1;
            Ok((value, true))
        });
        match outcome {
            Ok((value, wrote)) => {
                if wrote {
                    // The change is durable; a failed compaction is retried at the next write.
                    let _ = self.maybe_compact(id);
                }
                Ok(value)
            }
            Err(e) => {
                // The in-memory document may be ahead of the file: drop it so the next read is true.
                self.open.remove(id);
                Err(e)
            }
        }
    }

    /// The change log of profile `id`, newest first.
    pub fn history(&mut self, id: &str) -> Result<Vec<HistoryEntry>> {
        Ok(self.load(id)?.doc.history())
    }

    /// Who last changed the field or entity at `path` of profile `id`.
    pub fn provenance(&mut self, id: &str, path: &str) -> Result<Option<Provenance>> {
        self.load(id)?.doc.provenance(path)
    }

    /// Fields of profile `id` left with concurrent values by a merge, for review.
    pub fn review_items(&mut self, id: &str) -> Result<Vec<ReviewItem>> {
        Ok(self.load(id)?.doc.review_items())
    }

    /// Keeps value number `choice` of the review item at `path` of profile `id`, as a new
    /// durable change ([`ProfileDoc::resolve`]).
    pub fn resolve_review(
        &mut self,
        id: &str,
        path: &str,
        choice: usize,
        ctx: &EditContext,
    ) -> Result<Option<ChangeHash>> {
        self.refuse_viewer(id)?;
        self.write_with(id, |doc| doc.resolve(path, choice, ctx))
    }

    /// Values of profile `id` saved over a plausibility warning and not verified since.
    pub fn unverified_values(&mut self, id: &str) -> Result<Vec<crate::form::ConfirmedUnusual>> {
        crate::form::unverified_confirmations(&mut self.load(id)?.doc)
    }

    /// Verifies the value at `path` of profile `id` that was saved over a warning, as a new
    /// durable change by `ctx.author` ([`ProfileDoc::verify_value`]).
    pub fn verify_value(&mut self, id: &str, path: &str, ctx: &EditContext) -> Result<ChangeHash> {
        self.refuse_viewer(id)?;
        self.write_with(id, |doc| doc.verify_value(path, ctx))
    }

    /// Folds the chunks of profile `id` into a new immutable snapshot.
    pub fn compact(&mut self, id: &str) -> Result<CompactStats> {
        atomic::write_tx(&mut self.conn, |tx| {
            let (last_chunk, chunk_count, bytes_before) = stored_state(tx, id)?;
            // Another process may have appended since we loaded: fold exactly what is on disk.
            let stale = self.open.get(id).is_none_or(|o| o.last_chunk != last_chunk);
            if stale {
                let open = read_profile(tx, &self.actor, id)?;
                self.open.insert(id.to_owned(), open);
            }
            let Some(open) = self.open.get_mut(id) else {
                return Err(Error::UnknownProfile(id.to_owned()));
            };
            let snapshot = open.doc.save();
            let now = Utc::now().timestamp_millis();
            tx.execute(
                "INSERT INTO snapshot (profile_id, covers_chunk, bytes, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, last_chunk, snapshot, now],
            )?;
            let new_snapshot = tx.last_insert_rowid();
            tx.execute(
                "DELETE FROM snapshot WHERE profile_id = ?1 AND id <> ?2",
                params![id, new_snapshot],
            )?;
            tx.execute(
                "DELETE FROM chunk WHERE profile_id = ?1 AND id <= ?2",
                params![id, last_chunk],
            )?;
            Ok(CompactStats {
                bytes_before,
                bytes_after: snapshot.len(),
                chunks_removed: chunk_count,
            })
        })
        .inspect(|_| {
            if let Some(open) = self.open.get_mut(id) {
                open.chunks = 0;
            }
        })
    }

    /// Bytes the profile occupies in the file (snapshot + chunks).
    pub fn stored_size(&self, id: &str) -> Result<usize> {
        Ok(stored_state(&self.conn, id)?.2)
    }

    /// The profile as an export file (the family's backup of one child).
    pub fn export(&mut self, id: &str) -> Result<Vec<u8>> {
        let doc = self.load(id)?.doc.save();
        Ok(export::encode(id, &doc))
    }

    /// Imports an export file: creates the profile, or merges into it if it exists. Random,
    /// truncated or foreign bytes are refused and nothing changes.
    pub fn import(&mut self, bytes: &[u8]) -> Result<ImportOutcome> {
        let (id, doc_bytes) = export::decode(bytes)?;
        let mut incoming = ProfileDoc::load(doc_bytes, self.actor.clone())?;
        if self.exists(&id)? {
            let new_changes = self.merge_changes(&id, doc_bytes)?;
            return Ok(ImportOutcome {
                id,
                created: false,
                new_changes,
            });
        }
        let new_changes = incoming.change_log().len();
        self.insert_new_profile(&id, incoming)?;
        Ok(ImportOutcome {
            id,
            created: true,
            new_changes,
        })
    }

    /// Checks that `bytes` are an export file whose document loads, without touching any store;
    /// returns the profile id. Used to check every profile of a backup before importing any.
    pub(crate) fn check_import(bytes: &[u8]) -> Result<String> {
        let (id, doc_bytes) = export::decode(bytes)?;
        ProfileDoc::load(doc_bytes, ActorId::random())?;
        Ok(id)
    }

    /// True when a profile with `id` is in the store.
    pub fn exists(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM profile WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Forgets the in-memory copies; the next access reads from the file.
    pub fn evict_all(&mut self) {
        self.open.clear();
    }

    /// Writes a new profile (its document as the first snapshot) and keeps it open.
    pub(crate) fn insert_new_profile(&mut self, id: &str, mut doc: ProfileDoc) -> Result<()> {
        let snapshot = doc.save();
        let now = Utc::now().timestamp_millis();
        atomic::write_tx(&mut self.conn, |tx| insert_profile_rows(tx, id, &snapshot, now))?;
        self.open.insert(
            id.to_owned(),
            OpenProfile {
                doc,
                last_chunk: 0,
                chunks: 0,
            },
        );
        Ok(())
    }

    fn load(&mut self, id: &str) -> Result<&mut OpenProfile> {
        if !self.open.contains_key(id) {
            let open = read_profile(&self.conn, &self.actor, id)?;
            self.open.insert(id.to_owned(), open);
        }
        self.open
            .get_mut(id)
            .ok_or_else(|| Error::UnknownProfile(id.to_owned()))
    }

    fn maybe_compact(&mut self, id: &str) -> Result<()> {
        if self.open.get(id).is_some_and(|o| o.chunks >= AUTO_COMPACT_CHUNKS) {
            self.compact(id)?;
        }
        Ok(())
    }
}

/// The rows of a new profile: its record and its document as the first snapshot.
fn insert_profile_rows(tx: &Connection, id: &str, snapshot: &[u8], now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO profile (id, created_at, updated_at) VALUES (?1, ?2, ?2)",
        params![id, now],
    )?;
    tx.execute(
        "INSERT INTO snapshot (profile_id, covers_chunk, bytes, created_at) VALUES (?1, 0, ?2, ?3)",
        params![id, snapshot, now],
    )?;
    Ok(())
}

fn new_profile_id() -> String {
    format!("p-{}", crate::model::collection::random_suffix())
}

fn load_or_create_actor(conn: &Connection) -> Result<ActorId> {
    let existing: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'actor'", [], |r| r.get(0))
        .optional()?;
    if let Some(bytes) = existing {
        return Ok(ActorId::from(bytes));
    }
    let actor = ActorId::random();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('actor', ?1)",
        [actor.to_bytes()],
    )?;
    Ok(actor)
}

/// (chunk id the newest snapshot covers, newest chunk id or that) as stored.
fn stored_positions(conn: &Connection, id: &str) -> Result<(i64, i64)> {
    let covers: Option<i64> = conn
        .prepare_cached("SELECT covers_chunk FROM snapshot WHERE profile_id = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(covers) = covers else {
        return Err(Error::UnknownProfile(id.to_owned()));
    };
    let newest: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM chunk WHERE profile_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok((covers, newest.unwrap_or(covers).max(covers)))
}

/// The chunks after `after`, concatenated, and how many there were.
fn read_chunks_after(conn: &Connection, id: &str, after: i64) -> Result<(Vec<u8>, usize)> {
    let mut stmt =
        conn.prepare_cached("SELECT bytes FROM chunk WHERE profile_id = ?1 AND id > ?2 ORDER BY id")?;
    let mut rows = stmt.query(params![id, after])?;
    let mut bytes = Vec::new();
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let chunk = row
            .get_ref(0)?
            .as_blob()
            .map_err(|_| Error::CorruptStore("chunk is not a blob"))?;
        bytes.extend_from_slice(chunk);
        count += 1;
    }
    Ok((bytes, count))
}

/// (newest chunk id, number of chunks, bytes of snapshot + chunks) as stored.
fn stored_state(conn: &Connection, id: &str) -> Result<(i64, usize, usize)> {
    let snapshot: Option<(i64, i64)> = conn
        .query_row(
            "SELECT covers_chunk, length(bytes) FROM snapshot WHERE profile_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((covers, snapshot_len)) = snapshot else {
        return Err(Error::UnknownProfile(id.to_owned()));
    };
    let (max, count, len): (Option<i64>, i64, Option<i64>) = conn.query_row(
        "SELECT max(id), count(*), sum(length(bytes)) FROM chunk WHERE profile_id = ?1 AND id > ?2",
        params![id, covers],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok((
        max.unwrap_or(covers),
        count as usize,
        (snapshot_len + len.unwrap_or(0)) as usize,
    ))
}

fn read_profile(conn: &Connection, actor: &ActorId, id: &str) -> Result<OpenProfile> {
    let snapshot: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT covers_chunk, bytes FROM snapshot WHERE profile_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((covers, mut bytes)) = snapshot else {
        return Err(Error::UnknownProfile(id.to_owned()));
    };
    let mut last_chunk = covers;
    let mut chunks = 0;
    {
        let mut stmt =
            conn.prepare("SELECT id, bytes FROM chunk WHERE profile_id = ?1 AND id > ?2 ORDER BY id")?;
        let mut rows = stmt.query(params![id, covers])?;
        while let Some(row) = rows.next()? {
            last_chunk = row.get(0)?;
            let chunk = row
                .get_ref(1)?
                .as_blob()
                .map_err(|_| Error::CorruptStore("chunk is not a blob"))?;
            bytes.extend_from_slice(chunk);
            chunks += 1;
        }
    }
    // One `load` of snapshot + chunks concatenated: automerge reads them as one document.
    let doc = ProfileDoc::load(&bytes, actor.clone())
        .map_err(|_| Error::CorruptStore("profile data cannot be read"))?;
    Ok(OpenProfile {
        doc,
        last_chunk,
        chunks,
    })
}
