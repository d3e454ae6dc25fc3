//! Invite links: `https://RELAY/join?p=PROFILE&r=ROLE#s=SECRET&o=OWNER`, followed by
//! `&v=3&x=EXPIRES&i=ISSUER&g=SIGNATURE`, the rest of the issuer's [`InviteCert`] (see
//! [`InviteLink::to_url_with_invite`]): the joining device needs the signed invite to build its
//! [`JoinProof`](crate::membership::JoinProof), and the link is the only thing it has.
//!
//! The part after `#` (the one-time secret and the owner's device id) is never sent to a server
//! by a browser or by the apps; the joining device never reveals the secret: it signs its join
//! with the invite key derived from it (ADR 0007). The link carries no epoch key (version 3): the
//! owner seals the current key to the joined device in an owner-signed
//! [`EpochGrant`](crate::epoch::EpochGrant), so a leaked link, used or not, opens nothing. The
//! same text is what the QR code carries.

use crate::b64;
use crate::crypto::DeviceId;
use crate::error::{Result, WireError};
use crate::membership::{InviteCert, Role, invite_key};

/// The format of the link and the signed invite it carries (`v=`): 2 since invites carry a public
/// invite key and joins never reveal the secret; 3 since the link no longer carries the epoch key
/// (`k=`, `e=`), which the owner grants after the join (ADR 0007). Links of another version, or
/// with a key in them, are refused ([`WireError::Version`]).
pub const INVITE_VERSION: u8 = 3;

/// Everything a new device needs to join a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteLink {
    /// Base URL of the relay (`https://relay.example` or `http://127.0.0.1:8080`).
    pub relay: String,
    /// Profile id.
    pub profile: String,
    /// Role the invite grants.
    pub role: Role,
    /// One-time secret.
    pub secret: [u8; 32],
    /// The owner's device id: the trust anchor for membership.
    pub owner: DeviceId,
}

fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl InviteLink {
    /// The link as text.
    pub fn to_url(&self) -> String {
        format!(
            "{}/join?p={}&r={}#s={}&o={}",
            self.relay.trim_end_matches('/'),
            self.profile,
            self.role.as_str(),
            b64::encode(self.secret),
            self.owner.to_text()
        )
    }

    /// The link as text, carrying the rest of `invite` (its expiry, issuer and signature) so the
    /// joining device can present the signed invite. `invite` must be the certificate issued for
    /// this link's profile, role and secret.
    pub fn to_url_with_invite(&self, invite: &InviteCert) -> String {
        format!(
            "{}&v={INVITE_VERSION}&x={}&i={}&g={}",
            self.to_url(),
            invite.expires_at_ms,
            invite.issuer.to_text(),
            b64::encode(invite.signature)
        )
    }

    /// Parses a link; anything malformed is refused with what was wrong, never echoed.
    pub fn parse(link: &str) -> Result<Self> {
        Self::parse_with_invite(link).map(|(link, _)| link)
    }

    /// Parses a link and, when it carries one ([`InviteLink::to_url_with_invite`]), the invite
    /// certificate rebuilt from it. The certificate's signature is not checked here
    /// ([`InviteCert::verify`]); its profile, role and invite id are the link's own.
    pub fn parse_with_invite(link: &str) -> Result<(Self, Option<InviteCert>)> {
        let bad = |what| WireError::Malformed(what);
        let link = link.trim();
        if link.len() > 2048 || !link.is_ascii() {
            return Err(bad("invite link"));
        }
        let (before, fragment) = link
            .split_once('#')
            .ok_or_else(|| bad("invite link (no key part)"))?;
        let (base, query) = before.split_once('?').ok_or_else(|| bad("invite link"))?;
        // Trailing slashes are dropped, as `to_url` drops them: `https://r.example//join` is the
        // relay `https://r.example` (the `invite_link` fuzz target found the round trip broken).
        let relay = base
            .strip_suffix("/join")
            .ok_or_else(|| bad("invite link"))?
            .trim_end_matches('/');
        let scheme_ok = relay.starts_with("https://") || relay.starts_with("http://");
        if !scheme_ok || relay.len() <= "https://".len() || relay.contains(char::is_whitespace) {
            return Err(bad("relay address"));
        }
        let (mut profile, mut role) = (None, None);
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("p", v)) if profile.is_none() && is_id(v) => profile = Some(v.to_owned()),
                Some(("r", v)) if role.is_none() => role = Some(Role::parse(v).ok_or_else(|| bad("role"))?),
                _ => return Err(bad("invite link")),
            }
        }
        let (mut secret, mut owner, mut carries_key) = (None, None, false);
        let (mut expires, mut issuer, mut signature, mut version) = (None, None, None, None);
        for pair in fragment.split('&') {
            match pair.split_once('=') {
                Some(("v", v)) if version.is_none() => {
                    version = Some(v.parse::<u8>().map_err(|_| bad("invite version"))?)
                }
                Some(("x", v)) if expires.is_none() => {
                    expires = Some(v.parse::<i64>().map_err(|_| bad("invite expiry"))?)
                }
                Some(("i", v)) if issuer.is_none() => issuer = Some(DeviceId::from_text(v)?),
                Some(("g", v)) if signature.is_none() => {
                    signature = Some(b64::decode_array::<64>(v, "invite signature")?)
                }
                Some(("s", v)) if secret.is_none() => {
                    secret = Some(b64::decode_array::<32>(v, "invite secret")?)
                }
                // Versions 1 and 2 carried the epoch key and its epoch.
                Some(("k" | "e", _)) => carries_key = true,
                Some(("o", v)) if owner.is_none() => owner = Some(DeviceId::from_text(v)?),
                _ => return Err(bad("invite link")),
            }
        }
        let role = role.ok_or_else(|| bad("role"))?;
        if role == Role::Owner {
            return Err(bad("role"));
        }
        let link = InviteLink {
            relay: relay.to_owned(),
            profile: profile.ok_or_else(|| bad("profile id"))?,
            role,
            secret: secret.ok_or_else(|| bad("invite secret"))?,
            owner: owner.ok_or_else(|| bad("owner"))?,
        };
        if carries_key || ((expires.is_some() || version.is_some()) && version != Some(INVITE_VERSION)) {
            // Version 1 invites revealed their secret at join, version 2 links carried the epoch
            // key (issue 14); both are refused.
            return Err(WireError::Version("invite link"));
        }
        let invite = match (expires, issuer, signature) {
            (None, None, None) => None,
            (Some(expires_at_ms), Some(issuer), Some(signature)) => Some(InviteCert {
                profile: link.profile.clone(),
                invite_key: invite_key(&link.secret),
                role: link.role,
                expires_at_ms,
                issuer,
                signature,
            }),
            _ => return Err(bad("invite certificate")),
        };
        Ok((link, invite))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DeviceIdentity;

    fn link() -> InviteLink {
        InviteLink {
            relay: "http://127.0.0.1:8080".into(),
            profile: "p-abc".into(),
            role: Role::Editor,
            secret: [3; 32],
            owner: DeviceIdentity::generate().expect("rng").id(),
        }
    }

    #[test]
    fn round_trip() {
        let l = link();
        let url = l.to_url();
        assert!(url.starts_with("http://127.0.0.1:8080/join?p=p-abc&r=editor#s="));
        assert_eq!(InviteLink::parse(&url).expect("parses"), l);
    }

    #[test]
    fn a_relay_with_trailing_slashes_parses_as_it_encodes() {
        let l = link();
        let text = l.to_url().replace("8080/join", "8080//join");
        let parsed = InviteLink::parse(&text).expect("parses");
        assert_eq!(parsed.relay, "http://127.0.0.1:8080");
        assert_eq!(InviteLink::parse(&parsed.to_url()).expect("parses again"), parsed);
        assert!(InviteLink::parse(&text.replace("http://127.0.0.1:8080//", "http:////")).is_err());
    }

    #[test]
    fn link_carries_the_signed_invite() {
        let owner = DeviceIdentity::generate().expect("rng");
        let mut l = link();
        l.owner = owner.id();
        let cert = InviteCert::issue(&owner, &l.profile, &l.secret, l.role, 1_700_000_000_000);
        let url = l.to_url_with_invite(&cert);
        let (parsed, invite) = InviteLink::parse_with_invite(&url).expect("parses");
        assert_eq!(parsed, l);
        let invite = invite.expect("carries the invite");
        assert_eq!(invite, cert);
        invite.verify().expect("signature survives the link");
        assert_eq!(InviteLink::parse(&url).expect("plain parse"), l);
        assert_eq!(
            InviteLink::parse_with_invite(&l.to_url()).expect("old form").1,
            None
        );
        assert!(url.contains("&v=3&"));
        // A version 1 invite (no `v`), a version 2 link (with the epoch key) or an unknown
        // version is refused as a version, not as damage.
        assert_eq!(
            InviteLink::parse_with_invite(&url.replace("&v=3", "")),
            Err(WireError::Version("invite link"))
        );
        assert_eq!(
            InviteLink::parse_with_invite(&url.replace("&v=3", "&v=4")),
            Err(WireError::Version("invite link"))
        );
        let with_key = url.replace("&o=", "&k=CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk&e=2&o=");
        for old in [with_key.clone(), with_key.replace("&v=3", "&v=2")] {
            assert_eq!(
                InviteLink::parse_with_invite(&old),
                Err(WireError::Version("invite link"))
            );
        }
        // Half a certificate is refused.
        let cut = url.split("&g=").next().expect("has g").to_owned();
        assert!(InviteLink::parse_with_invite(&cut).is_err());
        for len in 0..url.len() {
            let _ = InviteLink::parse_with_invite(&url[..len]);
        }
    }

    #[test]
    fn malformed_links_are_refused_without_panicking() {
        let url = link().to_url();
        for len in 0..url.len() {
            let _ = InviteLink::parse(&url[..len]);
        }
        for bad in [
            "",
            "#",
            "ftp://x/join?p=a&r=editor#s=&k=&e=1&o=",
            &url.replace("r=editor", "r=owner"),
            &url.replace("r=editor", "r=admin"),
            &url.replace("p=p-abc", "p=../etc"),
            &url.replace("/join?", "/joint?"),
            &format!("{url}&x=1"),
            &format!("{url}&s=AA"),
        ] {
            assert!(InviteLink::parse(bad).is_err(), "{bad}");
        }
    }
}
