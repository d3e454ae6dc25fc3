//! What the share-link endpoints need from storage (ADR 0005): the [`LinkStore`] trait, a
//! supertrait of [`RelayStore`](super::RelayStore), and its outcomes. Every method is atomic;
//! the passcode attempt is *spent before it is checked* ([`LinkStore::spend_attempt`]), in one
//! conditional `UPDATE`, so parallel guesses can never together exceed the lifetime limit.

use tsunagu_wire::DeviceId;

use super::StoreResult;

/// A link to register.
#[derive(Debug, Clone, Copy)]
pub struct NewLink<'a> {
    /// The link id (43 base64url characters).
    pub id: &'a str,
    /// The device that registers it; only it may upload or inspect it. It, and the owner of
    /// `profile`, may revoke it.
    pub owner: DeviceId,
    /// The synced profile it was made from (checked: `owner` is a current member of it).
    pub profile: Option<&'a str>,
    /// Argon2id hash of the passcode, if the link has one.
    pub passcode_hash: Option<&'a str>,
    /// Wrong passcodes tolerated over the link's lifetime.
    pub max_attempts: u32,
    /// When it stops being served, Unix ms.
    pub expires_at: Option<i64>,
    /// Live links the owner may hold, and links the relay may hold.
    pub quota: LinkQuota,
}

/// A count limit per owner device and for the whole relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkQuota {
    /// For one owner device.
    pub per_device: u64,
    /// For the relay.
    pub total: u64,
}

/// How a served link's file reaches the recipient.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    /// Embed the file when it is at most this long (the request's `embeddedLengthMax`).
    pub embed_max: Option<u64>,
    /// A fresh ticket to issue when the file is not embedded and no reusable one exists.
    pub fresh_ticket: &'a str,
    /// Expiry of the fresh ticket, Unix ms.
    pub ticket_expires_ms: i64,
    /// A live ticket of this link lasting at least until then is handed out again instead.
    pub reuse_until_ms: i64,
}

/// A served manifest's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The JWE's content type.
    pub content_type: String,
    /// The compact JWE.
    pub jwe: Vec<u8>,
    /// The ticket for `files[].location`; `None` when the file is embedded.
    pub ticket: Option<String>,
}

/// What [`LinkStore::prune_links`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Expired tickets.
    pub tickets: u64,
    /// Files of expired links.
    pub files: u64,
    /// Rows of links revoked or expired longer ago than the retention.
    pub links: u64,
}

/// A link as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    /// The link id.
    pub id: String,
    /// Its owner device.
    pub owner: DeviceId,
    /// Argon2id hash of its passcode.
    pub passcode_hash: Option<String>,
    /// Wrong passcodes still tolerated.
    pub attempts_left: u32,
    /// Expiry, Unix ms.
    pub expires_at: Option<i64>,
    /// Revocation time, Unix ms.
    pub revoked_at: Option<i64>,
    /// Content type of the uploaded file.
    pub content_type: Option<String>,
    /// True while a file is stored.
    pub has_file: bool,
    /// Manifests served with the file.
    pub views: u64,
}

impl LinkRecord {
    /// True when a recipient may get the file at `now_ms`: not revoked, not expired, a file
    /// uploaded, and — with a passcode — not locked by wrong guesses.
    pub fn is_served(&self, now_ms: i64) -> bool {
        self.revoked_at.is_none()
            && self.expires_at.is_none_or(|e| now_ms < e)
            && self.has_file
            && (self.passcode_hash.is_none() || self.attempts_left > 0)
    }
}

/// What [`LinkStore::create_link`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateLinkOutcome {
    /// Stored.
    Created,
    /// The same owner registered this id before (a retried creation); nothing changed.
    AlreadyYours,
    /// Another device owns this id.
    Taken,
    /// The device holds as many live links as its quota allows.
    OverQuota,
    /// The relay holds as many links as it allows.
    RelayFull,
}

/// What an owner's change to a link ([`LinkStore::put_link_file`], [`LinkStore::revoke_link`]) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkChange {
    /// Done.
    Done,
    /// No such link, or it belongs to another device (the same answer, so ids cannot be probed).
    NotFound,
    /// The link was revoked or has expired; its file cannot be replaced.
    Gone,
    /// The file would take the owner's link files over its byte quota.
    OverQuota,
    /// The file would take the relay's link files over its byte quota.
    RelayFull,
}

/// What [`LinkStore::spend_attempt`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// One attempt was spent; this many remain if the passcode turns out wrong.
    Spent {
        /// Attempts left after this one.
        remaining: u32,
    },
    /// No attempts left, or the link is no longer served.
    Refused,
}

/// Storage for share links.
pub trait LinkStore: Send + Sync {
    /// Registers a link.
    fn create_link(&self, link: &NewLink<'_>, now_ms: i64) -> StoreResult<CreateLinkOutcome>;

    /// The link with this id.
    fn link(&self, id: &str) -> StoreResult<Option<LinkRecord>>;

    /// Stores or replaces the link's JWE file, for its owner, while it is neither revoked nor
    /// expired, and while the owner's and the relay's link files stay within `bytes` (the
    /// replaced file does not count).
    fn put_link_file(
        &self,
        id: &str,
        owner: &DeviceId,
        content_type: &str,
        jwe: &[u8],
        bytes: LinkQuota,
        now_ms: i64,
    ) -> StoreResult<LinkChange>;

    /// Revokes the link for its owner: the file and its tickets are deleted at once. Revoking a
    /// revoked link is `Done` again.
    fn revoke_link(&self, id: &str, owner: &DeviceId, now_ms: i64) -> StoreResult<LinkChange>;

    /// Spends one passcode attempt of a served link, atomically: `attempts_left` goes down by one
    /// only if it is above zero. Called before the passcode is checked.
    fn spend_attempt(&self, id: &str, now_ms: i64) -> StoreResult<Attempt>;

    /// Gives back the attempt a correct passcode spent.
    fn refund_attempt(&self, id: &str) -> StoreResult<()>;

    /// For a served link: counts a view and returns its content type and JWE, with a ticket
    /// (`files[].location`) only when the file is not embedded — a live one reused when it lasts
    /// long enough, else `delivery.fresh_ticket`. `None` when the link is not served.
    fn serve_link(&self, id: &str, delivery: &Delivery<'_>, now_ms: i64) -> StoreResult<Option<Served>>;

    /// The JWE behind a live ticket of a served link.
    fn ticket_file(&self, ticket: &str, now_ms: i64) -> StoreResult<Option<Vec<u8>>>;

    /// Deletes expired tickets, the files of expired links, and the rows of links revoked or
    /// expired before `now_ms - retain_ms`.
    fn prune_links(&self, now_ms: i64, retain_ms: i64) -> StoreResult<Pruned>;

    /// The links `owner` registered, newest first, at most `limit`.
    fn links_of(&self, owner: &DeviceId, limit: u32) -> StoreResult<Vec<LinkRecord>>;

    /// The links registered for `profile` by any device, newest first, at most `limit`.
    fn links_of_profile(&self, profile: &str, limit: u32) -> StoreResult<Vec<LinkRecord>>;

    /// The profile link `id` was registered for, if any.
    fn link_profile(&self, id: &str) -> StoreResult<Option<String>>;
}
