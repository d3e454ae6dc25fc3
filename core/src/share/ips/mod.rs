//! FHIR R4 International Patient Summary (IPS) export: the profile as a `Bundle` of type
//! `document` that a hospital system can read, following the IPS implementation guide (STU 1.1,
//! FHIR 4.0.1).
//!
//! The bundle holds, in this order: the `Composition` (LOINC 60591-5) whose sections point at
//! the entries, the `Patient`, then the entries of each section — medications
//! (`MedicationStatement`), allergies (`AllergyIntolerance`), problems (`Condition`), medical
//! devices (`DeviceUseStatement` + `Device`), functional status (`ClinicalImpression`, the
//! child's baseline) and the plan of care (`CarePlan`s: daily routines, things never to do,
//! emergency actions). The three required sections always have an entry: when nothing is
//! recorded it carries the IPS absent-or-unknown code, and "no known allergies" is coded
//! `no-known-allergies`, distinct from `no-allergy-info` (not recorded). The profile has no
//! advance directives or wishes field, so that section never appears.
//!
//! Codes appear only where they are certain (see [`codes`]); every medication, diagnosis, device
//! and routine is carried as text in the document's language, with the same words as the EMS and
//! caregiver views. Every `fullUrl` is a `urn:uuid` derived from the profile id and the entity id
//! (a name-based UUID over SHA-256), so the same profile gives the same bundle except for the
//! timestamp passed in, and the bundle identifier changes only when the content does. No clock
//! is read here.

pub mod codes;
mod sections;

#[cfg(test)]
mod tests;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::document::ProfileDoc;
use crate::error::Result;
use crate::i18n::Localizer;
use crate::views::{self, Audience};

pub use codes::IpsSection;

/// Builds the IPS bundle of profile `profile_id` (held in `doc`), worded in `l10n`'s language,
/// dated `generated_at`. Reads the document only (for the views' words).
pub fn ips_bundle(
    doc: &mut ProfileDoc,
    profile_id: &str,
    l10n: &Localizer,
    generated_at: DateTime<Utc>,
) -> Result<Value> {
    let today = generated_at.date_naive();
    let ems = views::build(doc, Audience::Ems, l10n, today)?;
    let caregiver = views::build(doc, Audience::Caregiver, l10n, today)?;
    let profile = doc.profile().clone();
    let content_hash = {
        // Serializing the typed profile cannot fail (string keys, finite numbers).
        let bytes = serde_json::to_vec(&profile).unwrap_or_default();
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let b = Builder::new(profile_id, l10n);
    let built = sections::build(&b, &profile, &ems, &caregiver);
    let timestamp = generated_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let patient_ref = b.urn("Patient", "");
    let composition = json!({
        "resourceType": "Composition",
        "id": b.id("Composition", ""),
        "text": narrative(&[
            l10n.message("ips-title", &[]),
            l10n.message("qr-self-reported", &[]),
        ]),
        "status": "final",
        "type": codes::coded(codes::LOINC, codes::DOCUMENT_TYPE.0, Some(codes::DOCUMENT_TYPE.1)),
        "subject": { "reference": patient_ref },
        "date": timestamp,
        // Family-held and self-reported: the child's own record is the author.
        "author": [{ "reference": patient_ref }],
        "title": l10n.message("ips-title", &[]),
        "section": built.sections,
    });
    let mut entries = vec![b.entry("Composition", "", composition), built.patient];
    entries.extend(built.entries);
    Ok(json!({
        "resourceType": "Bundle",
        "id": b.id("Bundle", &content_hash),
        "language": l10n.lang().as_str(),
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": b.urn("Bundle", &content_hash),
        },
        "type": "document",
        "timestamp": timestamp,
        "entry": entries,
    }))
}

/// The IPS bundle as pretty JSON text.
pub fn ips_json(
    doc: &mut ProfileDoc,
    profile_id: &str,
    l10n: &Localizer,
    generated_at: DateTime<Utc>,
) -> Result<String> {
    let bundle = ips_bundle(doc, profile_id, l10n, generated_at)?;
    // A `Value` always serializes.
    Ok(serde_json::to_string_pretty(&bundle).unwrap_or_default())
}

/// Ids, references and entries of one bundle.
pub(crate) struct Builder<'a> {
    profile_id: &'a str,
    pub(crate) l10n: &'a Localizer,
}

impl<'a> Builder<'a> {
    fn new(profile_id: &'a str, l10n: &'a Localizer) -> Self {
        Self { profile_id, l10n }
    }

    /// A UUID derived from the profile id, the resource type and a key (an entity id): the
    /// first 16 bytes of SHA-256 over them, marked as a version-8 (name-based) UUID.
    pub(crate) fn id(&self, resource_type: &str, key: &str) -> String {
        let mut h = Sha256::new();
        for part in ["tsunagu-ips-v1", self.profile_id, resource_type, key] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let digest = h.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_custom_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }

    /// The `urn:uuid:` full URL of a resource, as used in references.
    pub(crate) fn urn(&self, resource_type: &str, key: &str) -> String {
        format!("urn:uuid:{}", self.id(resource_type, key))
    }

    /// A bundle entry for `resource` (its `id` set from the same key).
    pub(crate) fn entry(&self, resource_type: &str, key: &str, mut resource: Value) -> Value {
        resource["id"] = json!(self.id(resource_type, key));
        json!({ "fullUrl": self.urn(resource_type, key), "resource": resource })
    }

    /// A reference to the Patient.
    pub(crate) fn patient(&self) -> Value {
        json!({ "reference": self.urn("Patient", "") })
    }
}

/// A generated XHTML narrative: one paragraph, or a list when there are several lines.
pub(crate) fn narrative(lines: &[String]) -> Value {
    let body = match lines {
        [one] => format!("<p>{}</p>", xhtml_escape(one)),
        many => {
            let items: String = many
                .iter()
                .map(|l| format!("<li>{}</li>", xhtml_escape(l)))
                .collect();
            format!("<ul>{items}</ul>")
        }
    };
    json!({
        "status": "generated",
        "div": format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{body}</div>"),
    })
}

/// Escapes text for XHTML; line breaks become `<br/>`, other control characters spaces.
pub(crate) fn xhtml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
