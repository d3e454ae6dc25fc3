//! Storage quotas checked before a write (finding 5): profiles per owner device and on the relay,
//! live invites and membership entries per profile. Links and link bytes are checked inside their
//! store transactions (`crate::store::LinkStore`). A removal is never refused: the owner must
//! always be able to take a device out.

use tsunagu_wire::DeviceId;

use super::RelayState;
use super::error::ApiError;
use crate::now_ms;

/// What is about to be stored.
#[derive(Debug, Clone, Copy)]
pub(super) enum Adding<'a> {
    /// A profile owned by the requesting device.
    Profile,
    /// An invite of this profile.
    Invite(&'a str),
    /// A membership entry (a certificate or a join) of a profile that has this many already.
    MemberEntry(usize),
}

/// `403 quota_exceeded` when the device or the profile is at its quota, `507 relay_full` when
/// the relay is.
pub(super) async fn check(state: &RelayState, device: &DeviceId, adding: Adding<'_>) -> Result<(), ApiError> {
    let q = state.config().quotas;
    match adding {
        Adding::MemberEntry(n) => {
            if n as u64 >= q.member_entries_per_profile {
                return Err(ApiError::QUOTA);
            }
        }
        Adding::Profile => {
            let usage = state.write(|s| s.usage(device, None, now_ms())).await?;
            if usage.profiles_owned >= q.profiles_per_device {
                return Err(ApiError::QUOTA);
            }
            if usage.profiles_total >= q.profiles_total {
                return Err(ApiError::RELAY_FULL);
            }
        }
        Adding::Invite(profile) => {
            let usage = state.write(|s| s.usage(device, Some(profile), now_ms())).await?;
            if usage.live_invites >= q.invites_per_profile {
                return Err(ApiError::QUOTA);
            }
        }
    }
    Ok(())
}
