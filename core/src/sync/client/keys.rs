//! Epoch keys for [`SyncClient`]: a key this device holds or fetches in an owner-signed grant,
//! and the owner granting the current key to members that joined in it (the invite link carries
//! none, ADR 0007).

use std::collections::BTreeMap;

use tsunagu_wire::epoch::EpochGrant;
use tsunagu_wire::membership::{LogHead, ResolvedMember};
use tsunagu_wire::sync as api;
use tsunagu_wire::{DeviceId, DeviceIdentity, EpochKey};

use super::super::call::{expect_success, now_ms};
use super::super::protocol::{self, Call, Disposition};
use super::super::trust;
use super::SyncClient;
use crate::error::{Error, Result};
use crate::store::SyncState;

impl SyncClient<'_> {
    /// The key of `epoch`: held, or fetched in an owner-signed grant to this device and stored.
    pub(super) async fn key_for(
        &mut self,
        identity: &DeviceIdentity,
        state: &SyncState,
        epoch: u32,
    ) -> Result<EpochKey> {
        let profile = state.profile_id.as_str();
        if let Some(key) = self.store.with(|s| s.epoch_key(profile, epoch))? {
            return Ok(key);
        }
        let response = self
            .call(identity, &state.relay_url, &Call::get(api::key(profile, epoch)))
            .await?;
        match protocol::disposition(&response) {
            Disposition::Success => {}
            Disposition::Refused { status: 404, .. } => return Err(Error::KeyUnavailable { epoch }),
            Disposition::Refused { status, class } => return Err(protocol::refusal(status, class)),
            Disposition::Transient { .. } => {
                return Err(Error::RelayUnavailable {
                    status: response.status,
                });
            }
        }
        let served: api::Key = protocol::json(&response, "sealed key")?;
        // Only an owner-signed grant, following the membership log this device holds.
        let mut membership = self.state(profile)?.membership;
        if trust::needs_newer_log(&served.sealed, &membership) {
            membership = self.fetch_log(identity, state).await?.entries;
        }
        let key = trust::open_grant(&served.sealed, identity, profile, state.owner, epoch, &membership)?;
        self.store.with(|s| s.add_epoch_key(profile, epoch, &key))?;
        Ok(key)
    }

    /// The owner seals the current epoch key to each member that joined in it (the relay lists
    /// them; the invite link carried no key) in owner-signed grants following the log just
    /// checked. Only members the owner itself resolved get one; when the relay's epoch is not
    /// the one the owner holds, nothing is granted (a removal is under way).
    pub(super) async fn grant_current_key(
        &mut self,
        identity: &DeviceIdentity,
        state: &SyncState,
        served: &api::Members,
        resolved: &BTreeMap<DeviceId, ResolvedMember>,
    ) -> Result<()> {
        let profile = state.profile_id.as_str();
        let epoch = self.state(profile)?.epoch;
        if served.epoch != epoch {
            return Ok(());
        }
        let key = self
            .store
            .with(|s| s.epoch_key(profile, epoch))?
            .ok_or(Error::CorruptStore("current epoch key missing"))?;
        let follows = LogHead::of(&served.entries);
        let mut keys = Vec::new();
        for device in &served.ungranted {
            let Some(m) = resolved
                .get(device)
                .filter(|m| !m.removed && *device != identity.id())
            else {
                continue;
            };
            let sealed = EpochGrant::issue(identity, profile, epoch, &key, &m.device, follows, now_ms())
                .map_err(|_| Error::Protocol("member key"))?;
            keys.push(api::KeyFor {
                device: *device,
                sealed,
            });
        }
        if keys.is_empty() {
            return Ok(());
        }
        let body = api::Grants { epoch, keys };
        let response = self
            .call(
                identity,
                &state.relay_url,
                &Call::post_json(api::grants(profile), &body)?,
            )
            .await?;
        match protocol::disposition(&response) {
            // The epoch moved meanwhile (another removal): the next sync grants the new one.
            Disposition::Success | Disposition::Refused { status: 409, .. } => Ok(()),
            _ => expect_success(&response),
        }
    }
}
