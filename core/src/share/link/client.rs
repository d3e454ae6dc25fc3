//! [`ShareLinks`]: create, list, inspect and revoke SMART Health Links. Requests to the relay
//! are signed with this device's sync identity (ADR 0002, "Requests") and go through the sync
//! client's one relay call (`crate::sync::call`: the same retries of 429/5xx, the same reading of
//! refusals) over the sync [`Transport`]; the list of links lives in the store's file
//! (`store/share_links.rs`). As in sync, the store is held only in short local steps, never
//! while a request is on the network.
//!
//! Creating a link: draw a random id and key here, register the id with the relay (expiry,
//! passcode, attempt limit), upload the file encrypted under the key, and only then record the
//! link locally. The relay never sees the key, the label or the plaintext.

use std::sync::{Arc, Mutex};

use tsunagu_wire::share_link::{self as api, CreateLink, LinkStatus, ProfileLink};
use tsunagu_wire::{DeviceId, DeviceIdentity, b64};

use super::jwe::COMPRESS_FILES;
use super::{LinkContent, LinkError, LinkKey, LinkPayload, encrypt, payload::Flags};
use crate::error::{Error, Result};
use crate::store::{ProfileStore, ShareLinkRecord};
use crate::sync::call::{self, expect_success, now_ms};
use crate::sync::local::StoreRef;
use crate::sync::protocol::{self, Call, RetryPolicy};
use crate::sync::{HttpResponse, Method, Transport};

/// How a new link behaves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkOptions {
    /// When the relay stops serving it, Unix ms (`None`: until revoked).
    pub expires_at: Option<i64>,
    /// A passcode recipients must type (4 to 256 characters), sent to the relay once to be hashed.
    pub passcode: Option<String>,
    /// Wrong passcodes tolerated over the link's lifetime (default 10).
    pub max_attempts: Option<u32>,
    /// A label shown before anything is fetched (≤ 80 characters). It sits in the link, not on
    /// the relay: keep names out of it if the link may travel far.
    pub label: Option<String>,
    /// The relay to host it; by default the one the profile syncs through.
    pub relay_url: Option<String>,
}

/// Share-link operations for the profiles in one store, over one transport.
pub struct ShareLinks<'a> {
    store: StoreRef<'a>,
    transport: &'a dyn Transport,
    retry: RetryPolicy,
}

impl std::fmt::Debug for ShareLinks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareLinks").finish_non_exhaustive()
    }
}

impl<'a> ShareLinks<'a> {
    /// Operations on `store` (borrowed for the value's life) over `transport`, with the default
    /// [`RetryPolicy`].
    pub fn new(store: &'a mut ProfileStore, transport: &'a dyn Transport) -> Self {
        Self {
            store: StoreRef::Borrowed(store),
            transport,
            retry: RetryPolicy::default(),
        }
    }

    /// Operations on a store shared with other callers (the apps'), locked for each local step
    /// only.
    pub fn shared(store: Arc<Mutex<ProfileStore>>, transport: &'a dyn Transport) -> Self {
        Self {
            store: StoreRef::Shared(store),
            transport,
            retry: RetryPolicy::default(),
        }
    }

    /// Uses `retry` for transient relay failures (429, 5xx).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Creates a link to `content` of `profile` (`what` names it in the list, e.g.
    /// `card:shelter`). Returns the stored record; its `link` is what to hand out.
    pub async fn create(
        &mut self,
        profile: &str,
        content: &LinkContent,
        what: &str,
        options: &LinkOptions,
    ) -> Result<ShareLinkRecord> {
        let (synced_relay, identity) = self.store.with(|s| {
            s.profile(profile)?;
            Ok((
                s.sync_state(profile)?.map(|st| st.relay_url),
                s.device_identity()?,
            ))
        })?;
        let relay = match &options.relay_url {
            Some(url) => protocol::normalize_relay_url(url)?,
            None => synced_relay.clone().ok_or(Error::NoRelay)?,
        };
        if let Some(p) = &options.passcode {
            let chars = p.chars().count();
            if chars < api::MIN_PASSCODE_CHARS || p.len() > api::MAX_PASSCODE_BYTES {
                return Err(LinkError::Passcode.into());
            }
        }
        let now = now_ms();
        if options.expires_at.is_some_and(|e| e <= now) {
            return Err(LinkError::Expired.into());
        }
        let id = b64::encode(tsunagu_wire::crypto::random::<32>().map_err(|_| LinkError::Random)?);
        let key = LinkKey::generate()?;
        let payload = LinkPayload {
            url: format!("{relay}{}", api::manifest(&id)),
            key,
            exp: options.expires_at.map(|ms| ms.div_euclid(1000)),
            flags: Flags {
                passcode: options.passcode.is_some(),
                ..Flags::default()
            },
            label: options.label.clone(),
            version: None,
        };
        // Checked before anything reaches the relay: label and URL limits.
        let link = payload.to_viewer_link(&format!("{relay}{}", api::VIEWER_PATH))?;
        let plaintext = content.to_bytes()?;
        let jwe = encrypt(&payload.key, content.content_type(), &plaintext, COMPRESS_FILES)?;

        // A link hosted by the profile's own relay names the profile, so its owner can list and
        // revoke it (issue 14 item 5).
        let from_profile = synced_relay.as_deref() == Some(relay.as_str());
        let create = CreateLink {
            id: id.clone(),
            expires_at: options.expires_at,
            passcode: options.passcode.clone(),
            max_attempts: options.max_attempts,
            profile: from_profile.then(|| profile.to_owned()),
        };
        let response = self
            .send(&identity, &relay, &Call::post_json(api::links(), &create)?)
            .await?;
        expect_success(&response)?;
        self.upload(&identity, &relay, &id, jwe).await?;
        let record = ShareLinkRecord {
            id,
            profile_id: profile.to_owned(),
            relay_url: relay,
            link,
            content: what.to_owned(),
            label: options.label.clone(),
            passcode: options.passcode.is_some(),
            expires_at: options.expires_at,
            created_at: now,
            revoked_at: None,
        };
        self.store.with(|s| s.add_share_link(&record))?;
        Ok(record)
    }

    /// Replaces what link `id` carries, encrypted under the same key with a fresh IV (the spec's
    /// "update shared files"). The link itself does not change.
    pub async fn replace_content(&mut self, id: &str, content: &LinkContent) -> Result<()> {
        let (record, identity) = self.record_and_identity(id)?;
        let payload = LinkPayload::parse(&record.link)?;
        let jwe = encrypt(
            &payload.key,
            content.content_type(),
            &content.to_bytes()?,
            COMPRESS_FILES,
        )?;
        self.upload(&identity, &record.relay_url, &record.id, jwe).await
    }

    /// The links this device made, newest first (only `profile`'s when given). No network.
    pub fn list(&mut self, profile: Option<&str>) -> Result<Vec<ShareLinkRecord>> {
        self.store.with(|s| s.share_links(profile))
    }

    /// How the relay sees link `id` (remaining passcode attempts, revoked, views).
    pub async fn status(&mut self, id: &str) -> Result<LinkStatus> {
        let (record, identity) = self.record_and_identity(id)?;
        let response = self
            .send(&identity, &record.relay_url, &Call::get(api::link(&record.id)))
            .await?;
        expect_success(&response)?;
        protocol::json(&response, "link status")
    }

    /// Revokes link `id` (or an unambiguous prefix of it): the relay stops serving it and
    /// forgets its file, then this device marks it revoked. Revoking twice is harmless.
    pub async fn revoke(&mut self, id: &str) -> Result<ShareLinkRecord> {
        let (record, identity) = self.record_and_identity(id)?;
        let response = self
            .send(
                &identity,
                &record.relay_url,
                &Call::post_json(api::link_revoke(&record.id), &serde_json::json!({}))?,
            )
            .await?;
        expect_success(&response)?;
        self.store.with(|s| {
            s.mark_share_link_revoked(&record.id)?;
            s.share_link(&record.id)
        })
    }

    /// Every link made from synced `profile`, as its relay lists them: by every device (removed
    /// ones' included) when this device is the owner, this device's own otherwise. Newest first.
    pub async fn profile_links(&mut self, profile: &str) -> Result<Vec<ProfileLink>> {
        let (relay, identity) = self.profile_relay_and_identity(profile)?;
        let response = self
            .send(&identity, &relay, &Call::get(api::profile_links(profile)))
            .await?;
        expect_success(&response)?;
        protocol::json(&response, "profile links")
    }

    /// Revokes link `id` made from synced `profile` — any device's when this device is the
    /// owner. A record this device holds of it is marked revoked too.
    pub async fn revoke_profile_link(&mut self, profile: &str, id: &str) -> Result<LinkStatus> {
        let (relay, identity) = self.profile_relay_and_identity(profile)?;
        let call = Call::post_json(api::profile_link_revoke(profile, id), &serde_json::json!({}))?;
        let response = self.send(&identity, &relay, &call).await?;
        expect_success(&response)?;
        let status: LinkStatus = protocol::json(&response, "link status")?;
        self.store.with(|s| {
            if s.share_link(&status.id).is_ok() {
                s.mark_share_link_revoked(&status.id)?;
            }
            Ok(())
        })?;
        Ok(status)
    }

    /// Revokes every live link `device` made from `profile` (the owner, after removing that
    /// device: a removed member's links would otherwise keep serving). Returns how many.
    pub async fn revoke_links_of(&mut self, profile: &str, device: &DeviceId) -> Result<usize> {
        let now = now_ms();
        let live: Vec<String> = self
            .profile_links(profile)
            .await?
            .into_iter()
            .filter(|l| l.device == *device && is_live(&l.status, now))
            .map(|l| l.status.id)
            .collect();
        for id in &live {
            self.revoke_profile_link(profile, id).await?;
        }
        Ok(live.len())
    }

    /// The relay `profile` syncs through and this device's identity.
    fn profile_relay_and_identity(&mut self, profile: &str) -> Result<(String, DeviceIdentity)> {
        self.store.with(|s| {
            let state = s
                .sync_state(profile)?
                .ok_or_else(|| Error::NotShared(profile.to_owned()))?;
            Ok((state.relay_url, s.device_identity()?))
        })
    }

    /// Link `id`'s record (or an unambiguous prefix's) and this device's identity, in one step.
    fn record_and_identity(&mut self, id: &str) -> Result<(ShareLinkRecord, DeviceIdentity)> {
        self.store.with(|s| Ok((s.share_link(id)?, s.device_identity()?)))
    }

    async fn upload(&self, identity: &DeviceIdentity, relay: &str, id: &str, jwe: String) -> Result<()> {
        let call = Call {
            method: Method::Post,
            path: api::link_file(id),
            body: jwe.into_bytes(),
            content_type: Some(api::JOSE),
            idempotent: false,
        };
        let response = self.send(identity, relay, &call).await?;
        expect_success(&response)
    }

    /// Sends `call` through the sync client's relay call: signed per attempt, 429/5xx retried.
    async fn send(&self, identity: &DeviceIdentity, relay: &str, call: &Call) -> Result<HttpResponse> {
        call::send(self.transport, &self.retry, identity, relay, call).await
    }
}

/// True while the relay still serves (or would serve, once uploaded) a link: not revoked, not
/// expired.
pub fn is_live(status: &LinkStatus, now_ms: i64) -> bool {
    !status.revoked && status.expires_at.is_none_or(|e| e > now_ms)
}
