//! What the client checks before it believes the relay about membership and keys (ADR 0007):
//! the served membership log keeps the owner's order and extends the one this device saw before;
//! an epoch key is adopted only from an owner-signed grant addressed to this device that follows
//! a log this device holds. The relay can withhold; it cannot add a member, reorder a removal,
//! roll the log back or choose a key.

use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{LogHead, MembershipEntry, extends, verify_log};
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey};

use crate::error::{Error, Result};

/// Checks a served log against the owner's signatures and the log cached before.
pub(super) fn check_served_log(
    profile: &str,
    owner: DeviceId,
    cached: &[MembershipEntry],
    served: &[MembershipEntry],
) -> Result<LogHead> {
    if !extends(cached, served) {
        return Err(Error::Protocol(
            "the relay rolled the member list back or forked it",
        ));
    }
    verify_log(profile, owner, served)
        .map_err(|_| Error::Protocol("the relay reordered or altered the member list"))
}

/// The whole log from the entries held and a served list: with `total` (ADR 0014), `served` are
/// the entries after the held ones and the two together must make `total`; without it (a relay
/// that ignored `after`), `served` is the whole log. A relay holding fewer entries than this
/// device rolled the log back.
pub(super) fn whole_log(
    cached: &[MembershipEntry],
    served: Vec<MembershipEntry>,
    total: Option<u64>,
) -> Result<Vec<MembershipEntry>> {
    let Some(total) = total else {
        return Ok(served);
    };
    let held = cached.len() as u64;
    if total < held {
        return Err(Error::Protocol(
            "the relay rolled the member list back or forked it",
        ));
    }
    if held + served.len() as u64 != total {
        return Err(Error::Protocol("the relay reordered or altered the member list"));
    }
    let mut whole = Vec::with_capacity(cached.len() + served.len());
    whole.extend_from_slice(cached);
    whole.extend(served);
    Ok(whole)
}

/// True when `grant` follows a log longer than the one held: fetch the list before opening it.
pub(super) fn needs_newer_log(grant: &EpochGrant, membership: &[MembershipEntry]) -> bool {
    u64::try_from(membership.len()).map_or(true, |held| held < grant.follows.len)
}

/// Opens an owner-signed grant of `epoch` addressed to `me`, whose log is a prefix of
/// `membership` (the checked log this device holds).
pub(super) fn open_grant(
    grant: &EpochGrant,
    me: &DeviceIdentity,
    profile: &str,
    owner: DeviceId,
    epoch: u32,
    membership: &[MembershipEntry],
) -> Result<EpochKey> {
    let key = grant
        .open(me, profile, owner, epoch)
        .map_err(|_| Error::Protocol("an epoch key not granted by the owner"))?;
    let prefix = usize::try_from(grant.follows.len)
        .ok()
        .and_then(|n| membership.get(..n))
        .ok_or(Error::Protocol(
            "an epoch key granted on a member list this device was not shown",
        ))?;
    if LogHead::of(prefix) != grant.follows {
        return Err(Error::Protocol(
            "an epoch key granted on a member list this device was not shown",
        ));
    }
    Ok(key)
}
