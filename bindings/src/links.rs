//! SMART Health Links (the core's `share::link`, `ShareLinks`): an end-to-end encrypted,
//! expiring, revocable link to a printable card or the FHIR IPS, hosted by the relay and opened in
//! its viewer. Create and revoke are async calls on the `SyncService`'s network thread; the list
//! is local. The relay never sees the key, the label or the content.

use chrono::Utc;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::share::link::{LinkContent, LinkOptions, ShareLinks, is_live};
use tsunagu_core::share::{CardOptions, ips_json, render_card};
use tsunagu_core::store::ShareLinkRecord;
use tsunagu_core::views::Audience;

use crate::error::ApiError;
use crate::share::{CardPaper, langs};
use crate::sync::SyncService;
use crate::views::{ViewAudience, day, lang};

/// What a new link carries.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum LinkedContent {
    /// The printable card of one audience (as `TsunaguStore::card_html` makes it).
    Card {
        /// Whose view.
        audience: ViewAudience,
        /// One language, or two side by side.
        langs: Vec<String>,
        /// The paper.
        paper: CardPaper,
        /// The day it is made, `YYYY-MM-DD`.
        today: String,
    },
    /// The FHIR R4 International Patient Summary, its narratives in `lang`.
    Ips {
        /// `ja` or `en`.
        lang: String,
    },
}

/// How a new link behaves.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct LinkSettings {
    /// When the relay stops serving it, milliseconds since the Unix epoch (`None`: until revoked).
    pub expires_at_ms: Option<i64>,
    /// A passcode recipients must type (4 to 256 characters); the relay keeps only its hash.
    pub passcode: Option<String>,
    /// Wrong passcodes tolerated over the link's lifetime (default 10).
    pub max_attempts: Option<u32>,
    /// A label shown before anything is fetched (≤ 80 characters). It travels in the link: keep
    /// names out of it.
    pub label: Option<String>,
    /// The relay to host it; by default the one the profile syncs through.
    pub relay_url: Option<String>,
}

/// A link this device made.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ShareLinkInfo {
    /// The link id.
    pub id: String,
    /// The profile it shares.
    pub profile_id: String,
    /// The relay hosting it.
    pub relay_url: String,
    /// The link to hand out (viewer URL; the key is after `#`). Show it as a QR code or send it.
    pub link: String,
    /// What it carries (`card:shelter`, `card:ems`, `card:caregiver`, `ips`).
    pub content: String,
    /// Its label.
    pub label: Option<String>,
    /// True when recipients need a passcode.
    pub passcode: bool,
    /// When the relay stops serving it, Unix ms.
    pub expires_at_ms: Option<i64>,
    /// When it was made, Unix ms.
    pub created_at_ms: i64,
    /// When this device revoked it, Unix ms.
    pub revoked_at_ms: Option<i64>,
}

impl From<ShareLinkRecord> for ShareLinkInfo {
    fn from(r: ShareLinkRecord) -> Self {
        Self {
            id: r.id,
            profile_id: r.profile_id,
            relay_url: r.relay_url,
            link: r.link,
            content: r.content,
            label: r.label,
            passcode: r.passcode,
            expires_at_ms: r.expires_at,
            created_at_ms: r.created_at,
            revoked_at_ms: r.revoked_at,
        }
    }
}

impl From<LinkSettings> for LinkOptions {
    fn from(s: LinkSettings) -> Self {
        Self {
            expires_at: s.expires_at_ms,
            passcode: s.passcode,
            max_attempts: s.max_attempts,
            label: s.label,
            relay_url: s.relay_url,
        }
    }
}

#[uniffi::export]
impl SyncService {
    /// Creates a link to `content` of `profile_id` on the relay (`settings.relay_url`, or the one
    /// the profile syncs through) and records it on this device. Needs the network.
    pub async fn create_link(
        &self,
        profile_id: String,
        content: LinkedContent,
        settings: LinkSettings,
    ) -> Result<ShareLinkInfo, ApiError> {
        // Arguments are checked here, before the worker and the network.
        let request = match content {
            LinkedContent::Card {
                audience,
                langs: tags,
                paper,
                today,
            } => Request::Card {
                audience: audience.into(),
                langs: langs(&tags)?,
                paper,
                today: day("today", &today)?,
            },
            LinkedContent::Ips { lang: tag } => Request::Ips { lang: lang(&tag)? },
        };
        let store = std::sync::Arc::clone(&self.store);
        let transport = std::sync::Arc::clone(&self.transport);
        self.worker
            .run(move |rt| {
                // Rendering is local: the store is locked for it, then released before the relay.
                let mut locked = crate::store::lock_store(&store)?;
                let doc = locked.document(&profile_id)?;
                let created = Utc::now();
                let (content, what) = match request {
                    Request::Card {
                        audience,
                        langs,
                        paper,
                        today,
                    } => {
                        let options = CardOptions {
                            audience,
                            langs: &langs,
                            size: paper.into(),
                            today,
                        };
                        LinkContent::for_card(render_card(doc, &options)?, audience, langs[0], created)
                    }
                    Request::Ips { lang } => {
                        LinkContent::for_ips(ips_json(doc, &profile_id, &Localizer::new(lang), created)?)
                    }
                };
                drop(locked);
                let mut links = ShareLinks::shared(store, &*transport);
                let record = rt.block_on(links.create(&profile_id, &content, &what, &settings.into()))?;
                Ok(record.into())
            })
            .await
    }

    /// The links this device made, newest first (only `profile_id`'s when given). No network.
    pub fn links(&self, profile_id: Option<String>) -> Result<Vec<ShareLinkInfo>, ApiError> {
        let mut links = ShareLinks::shared(std::sync::Arc::clone(&self.store), &*self.transport);
        Ok(links
            .list(profile_id.as_deref())?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Revokes link `id`: the relay stops serving it and forgets its file, then this device marks
    /// it revoked. Revoking twice is harmless. Needs the network.
    pub async fn revoke_link(&self, id: String) -> Result<ShareLinkInfo, ApiError> {
        let store = std::sync::Arc::clone(&self.store);
        let transport = std::sync::Arc::clone(&self.transport);
        self.worker
            .run(move |rt| {
                let mut links = ShareLinks::shared(store, &*transport);
                Ok(rt.block_on(links.revoke(&id))?.into())
            })
            .await
    }

    /// Every link made from synced profile `profile_id`, as its relay lists them: by every
    /// device (removed ones' included) when this device is the owner, this device's own
    /// otherwise. Newest first. Needs the network.
    pub async fn profile_links(&self, profile_id: String) -> Result<Vec<ProfileLinkInfo>, ApiError> {
        let store = std::sync::Arc::clone(&self.store);
        let transport = std::sync::Arc::clone(&self.transport);
        self.worker
            .run(move |rt| {
                let mut links = ShareLinks::shared(store, &*transport);
                let now = Utc::now().timestamp_millis();
                Ok(rt
                    .block_on(links.profile_links(&profile_id))?
                    .into_iter()
                    .map(|l| ProfileLinkInfo {
                        live: is_live(&l.status, now),
                        device: l.device.to_text(),
                        id: l.status.id,
                        expires_at_ms: l.status.expires_at,
                        revoked: l.status.revoked,
                        views: l.status.views,
                    })
                    .collect())
            })
            .await
    }

    /// Revokes every live link device `device` made from `profile_id` (owner only for another
    /// device): what the app offers after removing a member, whose links would otherwise keep
    /// working. Returns how many were revoked. Needs the network.
    pub async fn revoke_links_of(&self, profile_id: String, device: String) -> Result<u64, ApiError> {
        let device = tsunagu_core::sync::DeviceId::from_text(&device)
            .map_err(|_| ApiError::invalid("device", "not a device id"))?;
        let store = std::sync::Arc::clone(&self.store);
        let transport = std::sync::Arc::clone(&self.transport);
        self.worker
            .run(move |rt| {
                let mut links = ShareLinks::shared(store, &*transport);
                Ok(rt.block_on(links.revoke_links_of(&profile_id, &device))? as u64)
            })
            .await
    }
}

/// A link made from a synced profile, as the relay lists it for the owner.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProfileLinkInfo {
    /// The link's id.
    pub id: String,
    /// The device that made it (its id as `MemberInfo::device` gives it).
    pub device: String,
    /// Still served (not revoked, not expired).
    pub live: bool,
    /// Revoked.
    pub revoked: bool,
    /// When it stops being served, milliseconds since the Unix epoch.
    pub expires_at_ms: Option<i64>,
    /// Times it was opened.
    pub views: u64,
}

/// A `LinkedContent` with its arguments parsed.
enum Request {
    Card {
        audience: Audience,
        langs: Vec<tsunagu_core::i18n::Lang>,
        paper: CardPaper,
        today: chrono::NaiveDate,
    },
    Ips {
        lang: tsunagu_core::i18n::Lang,
    },
}
