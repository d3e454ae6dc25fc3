//! SMART Health Links as the relay hosts them (ADR 0005): the paths, the JSON bodies between the
//! family's device and the relay, the spec's manifest request and response, and the protected
//! header of the compact JWE file. The relay reads the header (to check `alg`, `enc` and `cty`)
//! but never the key: encryption lives in the core (`tsunagu_core::share::link`).
//!
//! Paths: the device manages a link with signed requests under `/v1/links/{id}`; recipients
//! (anyone holding the link) use `POST /shl/{id}` (the manifest URL) and `GET /shl/file/{ticket}`
//! (the short-lived `files[].location`); the viewer page is `GET /view`.

use serde::{Deserialize, Serialize};

use crate::b64;
use crate::error::{Result, WireError};

/// Length of a link id: 32 random bytes, base64url without padding (the spec's 256 bits of
/// entropy in the manifest URL).
pub const LINK_ID_LEN: usize = 43;
/// Wrong passcodes a link tolerates over its whole lifetime unless its creator asks for fewer.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
/// The most wrong passcodes a creator may allow.
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;
/// Longest passcode accepted, in bytes.
pub const MAX_PASSCODE_BYTES: usize = 256;
/// Shortest passcode accepted, in characters.
pub const MIN_PASSCODE_CHARS: usize = 4;
/// Content type of a JWE file.
pub const JOSE: &str = "application/jose";
/// `contentType` values the spec allows in a manifest.
pub const CONTENT_TYPES: [&str; 3] = [
    "application/smart-health-card",
    "application/smart-api-access",
    "application/fhir+json",
];

/// True for a well-formed link id (or file ticket): 43 base64url characters.
pub fn is_link_id(id: &str) -> bool {
    id.len() == LINK_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `POST /v1/links`: register a link (signed by the device that will own it).
pub fn links() -> String {
    "/v1/links".to_owned()
}

/// `GET /v1/links/{id}`: the link's status, for its owner.
pub fn link(id: &str) -> String {
    format!("/v1/links/{id}")
}

/// `POST /v1/links/{id}/file`: upload or replace the JWE file (body: the compact JWE).
pub fn link_file(id: &str) -> String {
    format!("/v1/links/{id}/file")
}

/// `POST /v1/links/{id}/revoke`: revoke the link; the relay forgets its file.
pub fn link_revoke(id: &str) -> String {
    format!("/v1/links/{id}/revoke")
}

/// `GET /v1/profiles/{p}/links`: the links made from a synced profile ([`ProfileLink`]): every
/// device's for the profile's owner, a member's own for the others (issue 14 item 5).
pub fn profile_links(profile: &str) -> String {
    format!("/v1/profiles/{profile}/links")
}

/// `POST /v1/profiles/{p}/links/{id}/revoke`: revoke a link made from the profile — any of them
/// for the owner, its own for a member ([`LinkStatus`]).
pub fn profile_link_revoke(profile: &str, id: &str) -> String {
    format!("/v1/profiles/{profile}/links/{id}/revoke")
}

/// The manifest URL's path, `POST` by recipients.
pub fn manifest(id: &str) -> String {
    format!("/shl/{id}")
}

/// A file location's path, `GET` by recipients while the ticket lasts.
pub fn file(ticket: &str) -> String {
    format!("/shl/file/{ticket}")
}

/// The viewer page's path; the link follows in the fragment (`/view#shlink:/…`).
pub const VIEWER_PATH: &str = "/view";

/// Body of `POST /v1/links`. The id is chosen by the device (random, 32 bytes) so a retried
/// creation is idempotent and the link can be composed before the relay answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateLink {
    /// The link id.
    pub id: String,
    /// When the relay stops serving the link, Unix ms (`None`: until revoked).
    pub expires_at: Option<i64>,
    /// The passcode recipients must give, if any. Sent once, over TLS; the relay keeps only a
    /// salted Argon2id hash of it.
    pub passcode: Option<String>,
    /// Wrong passcodes tolerated over the link's lifetime (default [`DEFAULT_MAX_ATTEMPTS`]).
    pub max_attempts: Option<u32>,
    /// The synced profile the link is made from, so its owner can list and revoke it (the
    /// relay checks the device is a current member). Absent for a profile not synced there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// A link's state as the relay reports it to its owner (`201` on creation, `GET /v1/links/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkStatus {
    /// The link id.
    pub id: String,
    /// When it stops being served, Unix ms.
    pub expires_at: Option<i64>,
    /// True once revoked.
    pub revoked: bool,
    /// True when it needs a passcode.
    pub passcode: bool,
    /// Wrong passcodes it still tolerates (0: locked). `None` without a passcode.
    pub remaining_attempts: Option<u32>,
    /// True while a file is uploaded.
    pub has_file: bool,
    /// Manifest requests answered with the file so far.
    pub views: u64,
}

/// A link made from a profile, as `GET /v1/profiles/{p}/links` lists it: the device that made it
/// and its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileLink {
    /// The device that made it.
    pub device: crate::crypto::DeviceId,
    /// Its state.
    #[serde(flatten)]
    pub status: LinkStatus,
}

/// The spec's manifest request, `POST /shl/{id}` as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestRequest {
    /// Who is asking, for display to the sharer (required by the spec).
    pub recipient: String,
    /// The passcode, when the link's flag has `P`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passcode: Option<String>,
    /// Longest `embedded` JWE the client accepts; without it files come by `location`.
    #[serde(
        default,
        rename = "embeddedLengthMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub embedded_length_max: Option<u64>,
}

/// The spec's manifest response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The files; one for a Tsunagu link.
    pub files: Vec<ManifestFile>,
}

/// One file of a manifest: its content type and either a location or the JWE itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// One of [`CONTENT_TYPES`].
    #[serde(rename = "contentType")]
    pub content_type: String,
    /// A short-lived URL answering `GET` with the JWE (`application/jose`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The compact JWE itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<String>,
}

/// The spec's body for `401` on a wrong or missing passcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasscodeRefused {
    /// Wrong passcodes the link still tolerates before it is disabled.
    #[serde(rename = "remainingAttempts")]
    pub remaining_attempts: u32,
}

/// The protected header of a SMART Health Links JWE: `alg` `dir`, `enc` `A256GCM`, `cty`, and
/// optionally `zip` `DEF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JweHeader {
    /// Key management: always `dir` (the link's key is the content key).
    pub alg: String,
    /// Content encryption: always `A256GCM`.
    pub enc: String,
    /// Content type of the plaintext (one of [`CONTENT_TYPES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cty: Option<String>,
    /// `DEF` when the plaintext was raw-DEFLATE compressed before encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
}

/// The five parts of a compact JWE, still encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactJwe<'a> {
    /// Base64url of the protected header (also the AEAD's associated data, as ASCII).
    pub protected: &'a str,
    /// Base64url of the 96-bit IV.
    pub iv: &'a str,
    /// Base64url of the ciphertext.
    pub ciphertext: &'a str,
    /// Base64url of the 128-bit tag.
    pub tag: &'a str,
    /// The decoded protected header.
    pub header: JweHeader,
}

impl<'a> CompactJwe<'a> {
    /// Splits a compact JWE and checks what can be checked without the key: five parts, an
    /// empty encrypted key (`dir`), `alg` `dir`, `enc` `A256GCM`, `zip` absent or `DEF`, a
    /// 12-byte IV and a 16-byte tag.
    pub fn parse(text: &'a str) -> Result<Self> {
        let mut parts = text.split('.');
        let (Some(protected), Some(key), Some(iv), Some(ciphertext), Some(tag), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(WireError::Malformed("JWE (expected five parts)"));
        };
        if !key.is_empty() {
            return Err(WireError::Malformed("JWE (alg dir has no encrypted key)"));
        }
        let header: JweHeader = serde_json::from_slice(&b64::decode(protected, "JWE header")?)
            .map_err(|_| WireError::Malformed("JWE header"))?;
        if header.alg != "dir" || header.enc != "A256GCM" {
            return Err(WireError::Version("JWE algorithm"));
        }
        if header.zip.as_deref().is_some_and(|z| z != "DEF") {
            return Err(WireError::Version("JWE compression"));
        }
        if b64::decode(iv, "JWE IV")?.len() != 12 {
            return Err(WireError::Malformed("JWE IV"));
        }
        if b64::decode(tag, "JWE tag")?.len() != 16 {
            return Err(WireError::Malformed("JWE tag"));
        }
        if ciphertext.is_empty() {
            return Err(WireError::Malformed("JWE ciphertext"));
        }
        Ok(Self {
            protected,
            iv,
            ciphertext,
            tag,
            header,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_ids_are_43_url_safe_characters() {
        assert!(is_link_id(&"a".repeat(43)));
        assert!(is_link_id("Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM"));
        for bad in ["", "short", &"a".repeat(44), &format!("{}/", "a".repeat(42))] {
            assert!(!is_link_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_compact_jwe_is_checked_without_the_key() {
        let header = b64::encode(br#"{"alg":"dir","enc":"A256GCM","cty":"application/fhir+json"}"#);
        let iv = b64::encode([0u8; 12]);
        let tag = b64::encode([0u8; 16]);
        let good = format!("{header}..{iv}.AAAA.{tag}");
        let jwe = CompactJwe::parse(&good).expect("parses");
        assert_eq!(jwe.header.cty.as_deref(), Some("application/fhir+json"));
        assert!(CompactJwe::parse(&format!("{header}.x.{iv}.AAAA.{tag}")).is_err());
        assert!(CompactJwe::parse(&format!("{header}..{iv}.AAAA")).is_err());
        assert!(CompactJwe::parse(&format!("{header}..AAAA.AAAA.{tag}")).is_err());
        let rsa = b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        assert!(CompactJwe::parse(&format!("{rsa}..{iv}.AAAA.{tag}")).is_err());
        let zip = b64::encode(br#"{"alg":"dir","enc":"A256GCM","zip":"GZ"}"#);
        assert!(CompactJwe::parse(&format!("{zip}..{iv}.AAAA.{tag}")).is_err());
    }

    #[test]
    fn manifest_bodies_use_the_spec_names() {
        let req: ManifestRequest =
            serde_json::from_str(r#"{"recipient":"ER","passcode":"1234","embeddedLengthMax":9}"#)
                .expect("parses");
        assert_eq!(req.embedded_length_max, Some(9));
        let refused = serde_json::to_string(&PasscodeRefused {
            remaining_attempts: 3,
        })
        .expect("json");
        assert_eq!(refused, r#"{"remainingAttempts":3}"#);
        let manifest = Manifest {
            files: vec![ManifestFile {
                content_type: CONTENT_TYPES[2].into(),
                location: Some("https://r/shl/file/x".into()),
                embedded: None,
            }],
        };
        assert_eq!(
            serde_json::to_string(&manifest).expect("json"),
            r#"{"files":[{"contentType":"application/fhir+json","location":"https://r/shl/file/x"}]}"#
        );
    }
}
