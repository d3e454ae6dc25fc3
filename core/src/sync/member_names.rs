//! The member table in people's words: each member's display name and role from its card in
//! the document ([`crate::document::members`]), when it joined (the time in its signed
//! certificate or join proof), and its last change (the newest change from that device in this
//! device's copy of the document — not its last contact with the relay, which the client does
//! not learn).

use std::collections::BTreeMap;

use tsunagu_wire::DeviceId;
use tsunagu_wire::membership::MembershipEntry;

use super::Member;
use crate::error::Result;
use crate::store::ProfileStore;

/// When each device of `profile` joined, Unix ms, from the signed entries: the earliest
/// certificate or join proof naming it whose signature verifies.
pub(crate) fn joined_times(profile: &str, entries: &[MembershipEntry]) -> BTreeMap<DeviceId, i64> {
    let mut out: BTreeMap<DeviceId, i64> = BTreeMap::new();
    for e in entries {
        let (id, at) = match e {
            MembershipEntry::Cert(c) if c.profile == profile && c.verify().is_ok() => {
                (c.member.id(), c.issued_at_ms)
            }
            MembershipEntry::Joined(j) if j.invite.profile == profile && j.verify().is_ok() => {
                (j.device.id(), j.joined_at_ms)
            }
            _ => continue,
        };
        let t = out.entry(id).or_insert(at);
        *t = (*t).min(at);
    }
    out
}

/// Fills in the names, roles, join times and last changes of `members` of `profile`, from the
/// document (when it is on this device) and the stored membership entries.
pub(crate) fn describe(store: &mut ProfileStore, profile: &str, members: &mut [Member]) -> Result<()> {
    if let Some(state) = store.sync_state(profile)? {
        let joined = joined_times(profile, &state.membership);
        for m in members.iter_mut() {
            m.joined_at_ms = joined.get(&m.device).copied();
        }
    }
    if !store.exists(profile)? {
        return Ok(());
    }
    let doc = store.document(profile)?;
    let cards = doc.device_cards();
    let last = doc.last_change_by_actor();
    for m in members.iter_mut() {
        if let Some(card) = cards.get(&m.device.to_text()) {
            m.name = Some(card.name.clone());
            m.care_role = card.role.clone();
            m.last_change_at_ms = last.get(&card.actor).copied();
        }
    }
    Ok(())
}
