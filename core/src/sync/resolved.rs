//! Resolved member tables, remembered: resolving a membership log verifies every entry's Ed25519
//! signature, and a device did that on every sync for a log that rarely changes. The table is kept
//! per process under the SHA-256 of exactly what it was resolved from (profile, owner and the
//! entries' JSON), so a hit is the table `resolve_members` would return for those inputs.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};
use tsunagu_wire::DeviceId;
use tsunagu_wire::membership::{MembershipEntry, ResolvedMember, resolve_members};

/// Member tables kept; past this the cache starts over (a phone holds a few profiles; the storm's
/// load generator thousands of devices in one process).
const KEPT: usize = 4096;

type Table = BTreeMap<DeviceId, ResolvedMember>;

static CACHE: Mutex<Option<HashMap<[u8; 32], Arc<Table>>>> = Mutex::new(None);

/// [`resolve_members`] of these inputs, verified once per process.
pub(super) fn resolved(profile: &str, owner: DeviceId, entries: &[MembershipEntry]) -> Table {
    let Ok(json) = serde_json::to_vec(entries) else {
        return resolve_members(profile, owner, entries);
    };
    let mut h = Sha256::new();
    h.update(b"tsunagu-resolved-members\0");
    h.update((profile.len() as u64).to_be_bytes());
    h.update(profile.as_bytes());
    h.update(owner.0);
    h.update(&json);
    let key: [u8; 32] = h.finalize().into();
    let hit = CACHE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .and_then(|c| c.get(&key).cloned());
    if let Some(table) = hit {
        return (*table).clone();
    }
    let table = resolve_members(profile, owner, entries);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = cache.get_or_insert_with(HashMap::new);
    if cache.len() >= KEPT {
        cache.clear();
    }
    cache.insert(key, Arc::new(table.clone()));
    table
}

#[cfg(test)]
mod tests {
    use tsunagu_wire::DeviceIdentity;
    use tsunagu_wire::membership::{MemberCert, Role};

    use super::*;

    #[test]
    fn a_remembered_table_is_the_one_of_the_same_inputs_only() {
        let owner = DeviceIdentity::generate().expect("rng");
        let editor = DeviceIdentity::generate().expect("rng");
        let own = MembershipEntry::Cert(MemberCert::issue(&owner, "p-1", owner.public(), Role::Owner, 1));
        let cert = MemberCert::issue(&owner, "p-1", editor.public(), Role::Editor, 2);
        let mut forged = cert.clone();
        forged.role = Role::Viewer;
        let log = vec![own.clone(), MembershipEntry::Cert(cert)];
        let bad = vec![own, MembershipEntry::Cert(forged)];
        for _ in 0..2 {
            assert_eq!(
                resolved("p-1", owner.id(), &log),
                resolve_members("p-1", owner.id(), &log)
            );
            assert_eq!(
                resolved("p-1", owner.id(), &bad),
                resolve_members("p-1", owner.id(), &bad)
            );
            assert_eq!(
                resolved("p-2", owner.id(), &log),
                resolve_members("p-2", owner.id(), &log)
            );
        }
        assert_eq!(resolved("p-1", owner.id(), &log).len(), 2);
        assert_eq!(
            resolved("p-1", owner.id(), &bad).len(),
            1,
            "the altered entry does not count"
        );
        assert!(resolved("p-2", owner.id(), &log).is_empty());
    }
}
