//! The sync client's hold on the store, and the local phases of a sync. A phase is one plain
//! (not `async`) function over `&mut ProfileStore`: it cannot await, so the store (and, when it
//! is shared, its lock) is held only while it runs and never across the network. Steps that must
//! see the document unchanged between them (merging a page and recording what the relay has;
//! acknowledging a push) are one phase; an edit between two phases is seen by the next.

use std::sync::{Arc, Mutex};

use tsunagu_wire::DeviceIdentity;
use tsunagu_wire::envelope::{Envelope, Kind};

use super::protocol;
use super::{SyncOverview, SyncReport};
use crate::error::{Error, Result};
use crate::store::{OutboxEntry, ProfileStore, SyncState};

/// How a [`super::SyncClient`] reaches the store.
pub(crate) enum StoreRef<'a> {
    /// Borrowed for the client's life (the command line: one process, one caller).
    Borrowed(&'a mut ProfileStore),
    /// Shared with other callers (the apps' store object): locked per phase.
    Shared(Arc<Mutex<ProfileStore>>),
}

impl StoreRef<'_> {
    /// Runs one local phase with the store (locked for just this long when shared).
    pub(crate) fn with<R>(&mut self, phase: impl FnOnce(&mut ProfileStore) -> Result<R>) -> Result<R> {
        match self {
            StoreRef::Borrowed(store) => phase(store),
            StoreRef::Shared(store) => {
                let mut store = store.lock().map_err(|_| Error::StorePoisoned)?;
                phase(&mut store)
            }
        }
    }
}

/// The sync state of `profile`, or [`Error::NotShared`].
pub(crate) fn state(store: &ProfileStore, profile: &str) -> Result<SyncState> {
    store
        .sync_state(profile)?
        .ok_or_else(|| Error::NotShared(profile.to_owned()))
}

/// How syncing `profile` stands, from local state only.
pub(crate) fn overview(store: &mut ProfileStore, profile: &str) -> Result<SyncOverview> {
    let state = state(store, profile)?;
    let outbox = store.outbox(profile)?;
    let pending_changes = if store.exists(profile)? {
        let doc = store.document(profile)?;
        if protocol::same_heads(&doc.heads(), &state.relay_heads) {
            0
        } else {
            protocol::pending_changes(doc.automerge(), &state.relay_heads)
        }
    } else {
        0
    };
    Ok(SyncOverview {
        profile: state.profile_id,
        relay_url: state.relay_url,
        role: state.role,
        epoch: state.epoch,
        cursor: state.cursor,
        last_success_at: state.last_success_at,
        pending_changes,
        awaiting_ack: outbox.is_some(),
        last_error: state.last_error,
    })
}

/// What the push phase found to send.
pub(crate) enum ToPush {
    /// Nothing (no profile yet, nothing pending, or a viewer: `unsent_read_only` changes stay).
    Nothing {
        /// Local changes kept because this device's role cannot write.
        unsent_read_only: usize,
    },
    /// A stale envelope was dropped from the outbox: look again.
    Again,
    /// This envelope (from the outbox, or sealed just now and put there).
    Envelope(OutboxEntry),
}

/// The local phase before a push: the envelope waiting in the outbox, or a new one sealed from
/// the changes after the relay's heads.
pub(crate) fn to_push(store: &mut ProfileStore, identity: &DeviceIdentity, profile: &str) -> Result<ToPush> {
    let state = state(store, profile)?;
    if !store.exists(profile)? {
        return Ok(ToPush::Nothing { unsent_read_only: 0 });
    }
    if !state.role.can_write() {
        // Nothing is sent; say how much stays on this device instead of succeeding silently.
        let doc = store.document(profile)?;
        let unsent_read_only = if protocol::same_heads(&doc.heads(), &state.relay_heads) {
            0
        } else {
            protocol::pending_changes(doc.automerge(), &state.relay_heads)
        };
        return Ok(ToPush::Nothing { unsent_read_only });
    }
    let entry = match store.outbox(profile)? {
        Some(entry) if entry.epoch < state.epoch => {
            // Sealed before a key rotation: the relay will refuse it.
            store.drop_outbox(profile, entry.counter)?;
            return Ok(ToPush::Again);
        }
        Some(entry) => entry,
        None => match seal_pending(store, identity, &state)? {
            Some(entry) => entry,
            None => return Ok(ToPush::Nothing { unsent_read_only: 0 }),
        },
    };
    Ok(ToPush::Envelope(entry))
}

/// Seals the changes the relay does not have into a new envelope in the outbox; `None` when
/// there are none.
fn seal_pending(
    store: &mut ProfileStore,
    identity: &DeviceIdentity,
    state: &SyncState,
) -> Result<Option<OutboxEntry>> {
    let profile = state.profile_id.as_str();
    let key = store
        .epoch_key(profile, state.epoch)?
        .ok_or(Error::CorruptStore("current epoch key missing"))?;
    let doc = store.document(profile)?;
    if protocol::same_heads(&doc.heads(), &state.relay_heads) {
        return Ok(None);
    }
    let changes = protocol::pending_changes(doc.automerge(), &state.relay_heads);
    if changes == 0 {
        return Ok(None);
    }
    let bytes = doc.changes_after(&state.relay_heads);
    let heads = doc.heads();
    let envelope = Envelope::seal(
        Kind::Change,
        profile,
        state.epoch,
        &key,
        identity,
        state.next_counter,
        &bytes,
    )
    .map_err(|_| Error::Crypto("sealing failed"))?;
    let entry = OutboxEntry {
        counter: state.next_counter,
        epoch: state.epoch,
        envelope: envelope.to_bytes(),
        heads,
        changes,
    };
    store.put_outbox(profile, &entry)?;
    Ok(Some(entry))
}

/// What a sync response left to do on this device ([`settle`]).
pub(crate) struct Settle<'a> {
    /// The cursor the page was asked from.
    pub cursor: u64,
    /// The sequence number the page reached (`None`: it reached nothing new).
    pub through: Option<u64>,
    /// True when the relay has more after the page.
    pub more: bool,
    /// Envelopes on the page.
    pub envelopes: usize,
    /// The plaintexts of the page's envelopes that opened, in order.
    pub opened: &'a [Vec<u8>],
    /// Envelopes of the page that a writer signed but that did not open.
    pub unreadable: usize,
    /// The envelope pushed with the request and the sequence number the relay acknowledged it
    /// with.
    pub acked: Option<(&'a OutboxEntry, u64)>,
}

/// The local phase after a sync response, as ONE transaction: merges the page and advances the
/// cursor ([`merge_page`]), takes the acknowledged envelope out of the outbox ([`acknowledged`])
/// and, when this was the sync's last request, records its success. One commit is one fsync on
/// a phone (three before: ~0.8 ms of CPU per sync, docs/benchmarks.md "2026-12-07,
/// h12-client"), and a crash leaves all of it or none: the page is pulled again and the envelope,
/// still in the outbox, pushed again (the relay keeps it once). All of it is what the relay holds,
/// so it commits as [`ProfileStore::atomically_refetchable`], without an fsync of its own (ADR 0019). Counts
/// into `report`; returns true when another request must follow (more pages, or another sync
/// moved the cursor).
pub(crate) fn settle(
    store: &mut ProfileStore,
    profile: &str,
    response: &Settle<'_>,
    report: &mut SyncReport,
) -> Result<bool> {
    store.atomically_refetchable(|store| {
        let mut again = response.more;
        if let Some(last_seq) = response.through {
            match merge_page(store, profile, response.cursor, last_seq, response.opened)? {
                Some((added, skipped)) => {
                    report.skipped += response.unreadable + skipped;
                    report.pulled += added;
                    report.pulled_envelopes += response.envelopes;
                }
                // Another sync of this profile moved the cursor: pull again from where it is.
                None => again = true,
            }
        }
        if let Some((entry, seq)) = response.acked {
            acknowledged(store, profile, entry, seq)?;
            report.pushed += entry.changes;
        }
        if !again {
            store.record_sync_result(profile, report.notice())?;
        }
        Ok(again)
    })
}

/// The local phase after the relay acknowledged `entry` with sequence number `seq`: the outbox
/// entry is done, and the relay's heads now include what it carried (edits made while it was on
/// the way stay pending).
fn acknowledged(store: &mut ProfileStore, profile: &str, entry: &OutboxEntry, seq: u64) -> Result<()> {
    let state = state(store, profile)?;
    let doc = store.document(profile)?;
    let now = doc.heads();
    let heads = if protocol::same_heads(&now, &entry.heads) {
        // Nothing arrived or was written since sealing: the relay has it all.
        now
    } else {
        protocol::heads_union(doc.automerge(), &state.relay_heads, &entry.heads)
    };
    store.ack_outbox(profile, entry.counter, &heads)?;
    if seq == state.cursor + 1 {
        // Nobody pushed in between: no need to pull this device's own envelope back.
        store.set_sync_cursor(profile, seq, &heads)?;
    }
    Ok(())
}

/// The local phase after a pulled page was checked and opened: merges `opened` (each envelope's
/// plaintext) durably and advances the cursor to `last_seq`, in one hold of the store so no
/// edit falls between the merge and the record of what the relay has. Returns the changes new to
/// this device and the envelopes skipped as unreadable; `None` when another sync moved the
/// cursor since the page was asked for `cursor` (the page is then pulled again from there).
fn merge_page(
    store: &mut ProfileStore,
    profile: &str,
    cursor: u64,
    last_seq: u64,
    opened: &[Vec<u8>],
) -> Result<Option<(usize, usize)>> {
    let state = state(store, profile)?;
    if state.cursor != cursor {
        return Ok(None);
    }
    if opened.is_empty() && store.exists(profile)? {
        // Only this device's own envelopes were in reach (left out by the relay): nothing to
        // merge, and the relay's heads are unchanged.
        store.set_sync_cursor(profile, last_seq, &state.relay_heads)?;
        return Ok(Some((0, 0)));
    }
    let before = if store.exists(profile)? {
        store.document(profile)?.heads()
    } else {
        Vec::new()
    };
    let mut skipped = 0;
    let mut plain: Vec<u8> = opened.concat();
    let added = match merge_pulled(store, profile, &plain) {
        Ok(added) => added,
        // One bad envelope spoils the concatenation: merge them one by one.
        Err(Error::NotAProfile(_)) => {
            let mut added = 0;
            plain.clear();
            for bytes in opened {
                match merge_pulled(store, profile, bytes) {
                    Ok(n) => {
                        added += n;
                        plain.extend_from_slice(bytes);
                    }
                    Err(Error::NotAProfile(_)) => skipped += 1,
                    Err(e) => return Err(e),
                }
            }
            added
        }
        Err(e) => return Err(e),
    };
    if !store.exists(profile)? {
        return Err(Error::Protocol("pulled changes do not form a profile"));
    }
    let doc = store.document(profile)?;
    let relay_heads = if protocol::same_heads(&before, &state.relay_heads) {
        // Nothing local was pending: the relay has exactly what this device has now.
        doc.heads()
    } else {
        protocol::relay_heads_after_pull(doc.automerge(), &state.relay_heads, &plain)
    };
    store.set_sync_cursor(profile, last_seq, &relay_heads)?;
    Ok(Some((added, skipped)))
}

/// Merges pulled plaintext into the profile, creating it on a device that just joined.
fn merge_pulled(store: &mut ProfileStore, profile: &str, plain: &[u8]) -> Result<usize> {
    if plain.is_empty() {
        return Ok(0);
    }
    if store.exists(profile)? {
        store.merge_changes(profile, plain)
    } else {
        store.create_profile_from_document(profile, plain)
    }
}

/// The local phase of a snapshot: the whole document sealed in the current epoch under a
/// reserved counter, with the cursor it covers.
pub(crate) fn seal_snapshot(
    store: &mut ProfileStore,
    identity: &DeviceIdentity,
    profile: &str,
) -> Result<(SyncState, Envelope)> {
    let state = state(store, profile)?;
    let key = store
        .epoch_key(profile, state.epoch)?
        .ok_or(Error::CorruptStore("current epoch key missing"))?;
    let bytes = store.document(profile)?.save();
    let counter = store.reserve_counter(profile)?;
    let envelope = Envelope::seal(
        Kind::Snapshot,
        profile,
        state.epoch,
        &key,
        identity,
        counter,
        &bytes,
    )
    .map_err(|_| Error::Crypto("sealing failed"))?;
    Ok((state, envelope))
}
