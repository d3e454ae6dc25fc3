//! The SMART Health Link itself: the payload `{url, key, exp, flag, label, v}` as minified JSON,
//! base64url-encoded behind `shlink:/`, optionally after a viewer URL ending in `#`. The key is
//! in the link, so whoever holds the link can decrypt; the relay never sees it.

use serde::{Deserialize, Serialize};
use tsunagu_wire::b64;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::LinkError;

/// The URI scheme prefix.
pub const SCHEME: &str = "shlink:/";
/// Longest label the spec allows, in characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// Longest manifest URL the spec allows.
pub const MAX_URL_CHARS: usize = 128;
/// Longest link text accepted when parsing (a payload is a few hundred bytes).
const MAX_LINK_BYTES: usize = 4096;

/// A link's key: 32 random bytes, the JWE content key (`alg` `dir`). Zeroed on drop; its
/// `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct LinkKey(pub [u8; 32]);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

impl LinkKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, LinkError> {
        tsunagu_wire::crypto::random::<32>()
            .map(Self)
            .map_err(|_| LinkError::Random)
    }

    /// The key as the link carries it: 43 base64url characters.
    pub fn to_text(&self) -> String {
        b64::encode(self.0)
    }

    /// Reads a key from its 43-character form.
    pub fn from_text(text: &str) -> Result<Self, LinkError> {
        if text.len() != 43 {
            return Err(LinkError::Malformed("key"));
        }
        b64::decode_array::<32>(text, "key")
            .map(Self)
            .map_err(|_| LinkError::Malformed("key"))
    }
}

/// The payload's single-letter flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// `L`: long-term; the manifest's content may change over time.
    pub long_term: bool,
    /// `P`: the manifest request needs a passcode.
    pub passcode: bool,
    /// `U`: the URL is the encrypted file itself (no manifest); never with `P`.
    pub direct: bool,
}

impl Flags {
    /// The flag string, letters in alphabetical order (`None` when no flag is set).
    pub fn to_text(self) -> Option<String> {
        let mut s = String::new();
        if self.long_term {
            s.push('L');
        }
        if self.passcode {
            s.push('P');
        }
        if self.direct {
            s.push('U');
        }
        (!s.is_empty()).then_some(s)
    }

    /// Reads a flag string; letters the spec may add later are ignored, as it requires.
    pub fn from_text(text: &str) -> Result<Self, LinkError> {
        let flags = Flags {
            long_term: text.contains('L'),
            passcode: text.contains('P'),
            direct: text.contains('U'),
        };
        if flags.passcode && flags.direct {
            return Err(LinkError::Malformed("flags (U cannot go with P)"));
        }
        Ok(flags)
    }
}

/// A SMART Health Link payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPayload {
    /// The manifest URL (≤ 128 characters, at least 256 bits of entropy in it).
    pub url: String,
    /// The decryption key.
    pub key: LinkKey,
    /// Expiry as a hint for the recipient, Unix seconds (the relay enforces its own copy).
    pub exp: Option<i64>,
    /// Flags.
    pub flags: Flags,
    /// A short description (≤ 80 characters), shown before anything is fetched.
    pub label: Option<String>,
    /// Protocol version (`None` means 1).
    pub version: Option<u64>,
}

/// The JSON shape, field names as the spec spells them.
#[derive(Serialize, Deserialize)]
struct Raw {
    url: String,
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exp: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<u64>,
}

impl LinkPayload {
    /// Checks the spec's limits: an `http(s)` URL of at most 128 characters, a label of at most
    /// 80 characters, version 1, and no `U` with `P`.
    pub fn validate(&self) -> Result<(), LinkError> {
        if self.url.chars().count() > MAX_URL_CHARS {
            return Err(LinkError::UrlTooLong);
        }
        if !(self.url.starts_with("https://") || self.url.starts_with("http://")) {
            return Err(LinkError::Malformed("manifest URL"));
        }
        if self
            .label
            .as_ref()
            .is_some_and(|l| l.chars().count() > MAX_LABEL_CHARS)
        {
            return Err(LinkError::LabelTooLong);
        }
        if let Some(v) = self.version.filter(|&v| v != 1) {
            return Err(LinkError::UnsupportedVersion(v));
        }
        if self.flags.passcode && self.flags.direct {
            return Err(LinkError::Malformed("flags (U cannot go with P)"));
        }
        Ok(())
    }

    /// The bare link, `shlink:/` + base64url(minified JSON).
    pub fn to_uri(&self) -> Result<String, LinkError> {
        self.validate()?;
        let raw = Raw {
            url: self.url.clone(),
            key: self.key.to_text(),
            exp: self.exp.map(serde_json::Number::from),
            flag: self.flags.to_text(),
            label: self.label.clone(),
            v: self.version,
        };
        let json = serde_json::to_vec(&raw).map_err(|_| LinkError::Malformed("payload"))?;
        Ok(format!("{SCHEME}{}", b64::encode(json)))
    }

    /// The link behind a viewer: `VIEWER#shlink:/…` (the fragment never reaches a server).
    pub fn to_viewer_link(&self, viewer_url: &str) -> Result<String, LinkError> {
        Ok(format!("{}#{}", viewer_url.trim_end_matches('#'), self.to_uri()?))
    }

    /// Reads a link: bare `shlink:/…`, or any URL whose fragment is one. Unknown fields and
    /// flags are ignored, as the spec requires; a version other than 1 is refused.
    pub fn parse(text: &str) -> Result<Self, LinkError> {
        let text = text.trim();
        if text.len() > MAX_LINK_BYTES {
            return Err(LinkError::Malformed("link too long"));
        }
        let encoded = match text.strip_prefix(SCHEME) {
            Some(rest) => rest,
            None => text
                .split_once('#')
                .and_then(|(_, fragment)| fragment.strip_prefix(SCHEME))
                .ok_or(LinkError::Malformed("not a shlink:/ link"))?,
        };
        let json = b64::decode(encoded.trim_end_matches('='), "payload")
            .map_err(|_| LinkError::Malformed("payload encoding"))?;
        let raw: Raw = serde_json::from_slice(&json).map_err(|_| LinkError::Malformed("payload"))?;
        let exp = match raw.exp.map(|n| n.as_f64().unwrap_or(f64::NAN)) {
            Some(e) if (0.0..1e15).contains(&e) => Some(e.floor() as i64),
            Some(_) => return Err(LinkError::Malformed("exp")),
            None => None,
        };
        let payload = LinkPayload {
            url: raw.url,
            key: LinkKey::from_text(&raw.key)?,
            exp,
            flags: raw
                .flag
                .as_deref()
                .map(Flags::from_text)
                .transpose()?
                .unwrap_or_default(),
            label: raw.label,
            version: raw.v,
        };
        payload.validate()?;
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's "Example SMART Health Link Generation".
    const SPEC_LINK: &str = "https://viewer.example.org#shlink:/eyJ1cmwiOiJodHRwczovL2Voci5leGFtcGxlLm9yZy9xci9ZOXh3a1VkdG1OOXd3b0pvTjNmZkpJaFgyVUd2Q0wxSm5sUFZOTDNrRFdNL20iLCJmbGFnIjoiTFAiLCJrZXkiOiJyeFRnWWxPYUtKUEZ0Y0VkMHFjY2VOOHdFVTRwOTRTcUF3SVdRZTZ1WDdRIiwibGFiZWwiOiJCYWNrLXRvLXNjaG9vbCBpbW11bml6YXRpb25zIGZvciBPbGl2ZXIgQnJvd24ifQ";

    #[test]
    fn the_spec_example_link_parses() {
        let p = LinkPayload::parse(SPEC_LINK).expect("parses");
        assert_eq!(
            p.url,
            "https://ehr.example.org/qr/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM/m"
        );
        assert_eq!(p.key.to_text(), "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q");
        assert!(p.flags.long_term && p.flags.passcode && !p.flags.direct);
        assert_eq!(
            p.label.as_deref(),
            Some("Back-to-school immunizations for Oliver Brown")
        );
        // The bare form parses the same.
        let bare = &SPEC_LINK[SPEC_LINK.find('#').expect("has #") + 1..];
        assert_eq!(LinkPayload::parse(bare).expect("parses"), p);
    }

    #[test]
    fn a_link_round_trips_with_every_field() {
        let p = LinkPayload {
            url: "https://relay.example/shl/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM".into(),
            key: LinkKey::generate().expect("random"),
            exp: Some(1_800_000_000),
            flags: Flags {
                passcode: true,
                ..Flags::default()
            },
            label: Some("避難所用カード".into()),
            version: Some(1),
        };
        let uri = p.to_uri().expect("encodes");
        assert!(uri.starts_with("shlink:/ey"));
        assert_eq!(LinkPayload::parse(&uri).expect("parses"), p);
        let viewer = p.to_viewer_link("https://relay.example/view").expect("encodes");
        assert!(viewer.starts_with("https://relay.example/view#shlink:/"));
        assert_eq!(LinkPayload::parse(&viewer).expect("parses"), p);
    }

    #[test]
    fn limits_and_malformed_links_are_refused() {
        let mut p = LinkPayload::parse(SPEC_LINK).expect("parses");
        p.label = Some("あ".repeat(81));
        assert_eq!(p.to_uri(), Err(LinkError::LabelTooLong));
        p.label = Some("あ".repeat(80));
        assert!(p.to_uri().is_ok());
        p.url = format!("https://e.org/{}", "a".repeat(120));
        assert_eq!(p.to_uri(), Err(LinkError::UrlTooLong));
        for bad in [
            "",
            "shlink:/",
            "shlink:/!!!",
            "https://viewer#nope",
            &format!("{SCHEME}{}", b64::encode(b"[]")),
            &format!("{SCHEME}{}", b64::encode(br#"{"url":"https://x/y","key":"short"}"#)),
            &format!("{SCHEME}{}", b64::encode(br#"{"url":"ftp://x/y","key":"rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q"}"#)),
            &format!("{SCHEME}{}", b64::encode(br#"{"url":"https://x/y","key":"rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q","flag":"PU"}"#)),
        ] {
            assert!(LinkPayload::parse(bad).is_err(), "{bad}");
        }
        let v2 = format!(
            "{SCHEME}{}",
            b64::encode(
                br#"{"url":"https://x/y","key":"rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q","v":2}"#
            )
        );
        assert_eq!(LinkPayload::parse(&v2), Err(LinkError::UnsupportedVersion(2)));
        // Unknown fields and flags are ignored.
        let extra = format!(
            "{SCHEME}{}",
            b64::encode(br#"{"url":"https://x/y","key":"rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q","flag":"LZ","_x":1}"#)
        );
        assert!(LinkPayload::parse(&extra).expect("parses").flags.long_term);
    }

    proptest::proptest! {
        /// Whatever arrives as a link or a file, parsing answers with a value or an error.
        #[test]
        fn arbitrary_links_and_files_never_panic(text in ".{0,300}", bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = LinkPayload::parse(&text);
            let _ = LinkPayload::parse(&format!("{SCHEME}{}", b64::encode(&bytes)));
            let _ = LinkPayload::parse(&format!("{SCHEME}{text}"));
            let key = LinkKey([9; 32]);
            let _ = super::super::decrypt(&key, &text);
            let parts = format!("{}..{}.{}.{}", b64::encode(&bytes), b64::encode([0u8; 12]), b64::encode(&bytes), b64::encode([0u8; 16]));
            let _ = super::super::decrypt(&key, &parts);
        }
    }

    #[test]
    fn the_key_never_shows_in_debug() {
        let key = LinkKey([7; 32]);
        assert_eq!(format!("{key:?}"), "LinkKey(…)");
    }
}
