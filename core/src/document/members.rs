//! Who the devices of a profile are: each device's display name and role (母, 訪問看護師…),
//! written by that device into the document itself, so it reaches the other members only inside
//! the encrypted changes and never in anything the relay can read.
//!
//! The cards live under the root key `members`, a map keyed by the device's sync id (the text
//! `tsunagu members` lists), beside the profile's own fields: the typed [`crate::model::Profile`]
//! does not see them, so exports, forms and the JSON Schema stay the child's alone. Each card
//! also names the automerge actor the device writes under, which is how a change is tied to a
//! device (its author when the change names none, the member's "last change").
//!
//! A document created by this build has an empty `members` map from its first change, so two
//! devices naming themselves at once write into the same map. A document from before may get
//! the map from two devices concurrently; automerge then keeps both maps, and [`cards`] reads
//! the cards of every one of them, so no name is lost.

use std::collections::BTreeMap;

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, transaction::Transactable};
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Localizer;

/// The root key of the device cards.
pub const ROOT_KEY: &str = "members";

/// Longest display name or free-text role, in characters.
pub const MAX_CHARS: usize = 40;

/// The roles a device's person usually has; anything else is kept as the free text typed.
pub const CARE_ROLES: [&str; 6] = [
    "mother",
    "father",
    "visiting_nurse",
    "coordinator",
    "doctor",
    "supporter",
];

/// One device's card: how the other members see it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct DeviceCard {
    /// Display name ("山田花子").
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    /// Role: one of [`CARE_ROLES`] or free text; `None` when not given.
    #[autosurgeon(missing = "Default::default")]
    pub role: Option<String>,
    /// The automerge actor this device writes under, hex.
    #[autosurgeon(missing = "Default::default")]
    pub actor: String,
}

impl DeviceCard {
    /// The card as people read it: "母 山田花子", or the name alone without a role.
    pub fn display(&self, l: &Localizer) -> String {
        match &self.role {
            Some(role) => l.message(
                "member-name-with-role",
                &[("role", &role_label(role, l)), ("name", &self.name)],
            ),
            None => self.name.clone(),
        }
    }
}

/// A role as typed (`母`, `Mother`, `mother`, `訪問看護師`, or anything else) in its stored form:
/// the code of a known role, else the trimmed text itself. `None` for blank input.
pub fn parse_role(text: &str) -> Option<String> {
    let typed = text.trim();
    if typed.is_empty() {
        return None;
    }
    // Full-width letters compare as ASCII (`ｃｏｏｒｄｉｎａｔｏｒ`); the text kept is as typed
    // (folding would turn the long vowel of `コーディネーター` into a hyphen).
    let folded = crate::form::normalize::fold(typed).to_lowercase();
    let lowered = typed.to_lowercase();
    let locs = [
        Localizer::shared(crate::i18n::Lang::Ja),
        Localizer::shared(crate::i18n::Lang::En),
    ];
    let known = CARE_ROLES.iter().find(|code| {
        folded.trim() == **code
            || locs.iter().any(|l| {
                let label = l.message(&format!("member-role-{code}"), &[]).to_lowercase();
                label == lowered || label == folded.trim()
            })
    });
    Some(known.map_or_else(|| typed.to_owned(), |c| (*c).to_owned()))
}

/// A stored role in the localizer's language: the label of a known role, else the text as typed.
pub fn role_label(role: &str, l: &Localizer) -> String {
    if CARE_ROLES.contains(&role) {
        l.message(&format!("member-role-{role}"), &[])
    } else {
        role.to_owned()
    }
}

/// Checks a display name and role before they are written: a name is required, both are short.
pub(super) fn check(name: &str, role: Option<&str>) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::DeviceName("the display name must not be empty"));
    }
    if name.chars().count() > MAX_CHARS || role.is_some_and(|r| r.chars().count() > MAX_CHARS) {
        return Err(Error::DeviceName(
            "the display name and role are at most 40 characters",
        ));
    }
    Ok(())
}

/// Every device card in `doc`, by device id (from every concurrent `members` map).
pub(super) fn cards(doc: &AutoCommit) -> BTreeMap<String, DeviceCard> {
    let mut out = BTreeMap::new();
    let maps = doc.get_all(automerge::ROOT, ROOT_KEY).unwrap_or_default();
    for (value, map) in maps {
        if !matches!(value, Value::Object(ObjType::Map)) {
            continue;
        }
        for device in doc.keys(&map) {
            // A card that does not read (written by a newer build in a form this one cannot
            // tell) is left out rather than failing the whole profile.
            if let Ok(card) = autosurgeon::hydrate_prop::<_, DeviceCard, _, _>(doc, &map, device.as_str()) {
                out.entry(device).or_insert(card);
            }
        }
    }
    out
}

/// The `members` map the cards are written to, created when the document has none yet.
pub(super) fn members_map(doc: &mut AutoCommit) -> Result<ObjId> {
    match doc.get(automerge::ROOT, ROOT_KEY)? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Ok(doc.put_object(automerge::ROOT, ROOT_KEY, ObjType::Map)?),
    }
}

/// Writes `card` as the card of `device`.
pub(super) fn put_card(doc: &mut AutoCommit, device: &str, card: &DeviceCard) -> Result<()> {
    let map = members_map(doc)?;
    autosurgeon::reconcile_prop(doc, &map, device, card)?;
    Ok(())
}

/// The newest change time (Unix ms) of every actor in `doc`, by actor hex.
pub(super) fn last_change_by_actor(doc: &mut AutoCommit) -> BTreeMap<String, i64> {
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    for m in doc.get_changes_meta(&[]) {
        let at = out.entry(m.actor.to_hex_string()).or_insert(m.timestamp);
        *at = (*at).max(m.timestamp);
    }
    out
}
