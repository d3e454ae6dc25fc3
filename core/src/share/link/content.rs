//! What a link carries, as the file the JWE encrypts. The SMART Health Links spec allows three
//! content types; a card (HTML for one audience) goes as `application/fhir+json`: a FHIR R4
//! `DocumentReference` whose one attachment is the HTML, so any SHL receiver can open it and
//! Tsunagu's viewer shows it in a sandboxed frame. The IPS Bundle (issue 5, item 1) goes as
//! `application/fhir+json` as it is: [`LinkContent::Fhir`] is the seam for it.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

use crate::i18n::Lang;
use crate::views::Audience;

use super::LinkError;

/// The content type of every file Tsunagu puts behind a link.
pub const FHIR_JSON: &str = "application/fhir+json";

/// The content of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkContent {
    /// A self-contained HTML card (its styles inline; scripts will not run in the viewer).
    Card {
        /// The HTML document.
        html: String,
        /// Its language (`ja`, `en`).
        language: String,
        /// The attachment's title (shown by generic FHIR viewers).
        title: String,
        /// When it was made, RFC 3339.
        created: String,
    },
    /// A FHIR resource as JSON, e.g. the IPS Bundle, already serialized.
    Fhir {
        /// The resource's JSON bytes.
        json: Vec<u8>,
    },
}

impl LinkContent {
    /// A card (the HTML `share::render_card` made for `audience`, `lang` its first language, at
    /// `created`) as a link carries it, and the name the device's list of links records for it
    /// (`card:shelter`). The CLI and the bindings both make link content here.
    pub fn for_card(html: String, audience: Audience, lang: Lang, created: DateTime<Utc>) -> (Self, String) {
        let what = format!("card:{}", audience.as_str());
        let content = LinkContent::Card {
            html,
            language: lang.as_str().to_owned(),
            title: format!("Tsunagu {what}"),
            created: created.to_rfc3339_opts(SecondsFormat::Secs, true),
        };
        (content, what)
    }

    /// The IPS Bundle (`share::ips_json`) as a link carries it, and its list name `ips`.
    pub fn for_ips(json: String) -> (Self, String) {
        (
            LinkContent::Fhir {
                json: json.into_bytes(),
            },
            "ips".to_owned(),
        )
    }

    /// The manifest's and the JWE's content type.
    pub fn content_type(&self) -> &'static str {
        FHIR_JSON
    }

    /// The plaintext the JWE encrypts.
    pub fn to_bytes(&self) -> Result<Vec<u8>, LinkError> {
        match self {
            LinkContent::Card {
                html,
                language,
                title,
                created,
            } => {
                let doc = json!({
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "date": created,
                    "description": title,
                    "content": [{
                        "attachment": {
                            "contentType": "text/html;charset=utf-8",
                            "language": language,
                            "title": title,
                            "creation": created,
                            "data": base64_std(html.as_bytes()),
                        }
                    }]
                });
                serde_json::to_vec(&doc).map_err(|_| LinkError::Malformed("card"))
            }
            LinkContent::Fhir { json } => {
                let value: serde_json::Value =
                    serde_json::from_slice(json).map_err(|_| LinkError::Malformed("FHIR JSON"))?;
                if value.get("resourceType").and_then(|t| t.as_str()).is_none() {
                    return Err(LinkError::Malformed("FHIR JSON (no resourceType)"));
                }
                Ok(json.clone())
            }
        }
    }
}

/// FHIR's `base64Binary` is standard base64 with padding.
fn base64_std(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use tsunagu_wire::b64;

    use super::*;

    #[test]
    fn a_card_becomes_a_document_reference_with_the_html_attached() {
        let html = "<html><body><h1>はなこ</h1>?>></body></html>";
        let content = LinkContent::Card {
            html: html.into(),
            language: "ja".into(),
            title: "shelter".into(),
            created: "2026-12-01T10:00:00Z".into(),
        };
        let v: serde_json::Value =
            serde_json::from_slice(&content.to_bytes().expect("json")).expect("parses");
        assert_eq!(v["resourceType"], "DocumentReference");
        let att = &v["content"][0]["attachment"];
        assert_eq!(att["contentType"], "text/html;charset=utf-8");
        let data = att["data"].as_str().expect("data");
        assert!(data.len().is_multiple_of(4) && !data.contains('-') && !data.contains('_'));
        let back = b64::decode(
            data.trim_end_matches('=')
                .replace('+', "-")
                .replace('/', "_")
                .as_str(),
            "x",
        )
        .expect("decodes");
        assert_eq!(back, html.as_bytes());
    }

    #[test]
    fn fhir_json_must_be_a_resource() {
        let ok = LinkContent::Fhir {
            json: br#"{"resourceType":"Bundle","type":"document"}"#.to_vec(),
        };
        assert!(ok.to_bytes().is_ok());
        for bad in [&b"not json"[..], b"[]", b"{\"a\":1}"] {
            assert!(LinkContent::Fhir { json: bad.to_vec() }.to_bytes().is_err());
        }
    }
}
