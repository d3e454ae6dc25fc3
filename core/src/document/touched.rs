//! Re-reading only what a merge touched: hydrating the whole typed [`Profile`] after every pulled
//! change was the largest part of a sync's client CPU. The new changes' operations name the
//! objects they write; each object's root key says which top-level part of the profile to read
//! again. Anything unexpected falls back to hydrating the whole profile, so the result is always
//! what a full hydration gives (tested against it).

use std::collections::{BTreeSet, HashMap};

use automerge::legacy::{Key, ObjectId};
use automerge::{AutoCommit, ChangeHash, Prop, ROOT, ReadDoc};
use autosurgeon::{HydrateError, hydrate_prop};

use crate::model::{Profile, Wishes};

/// The root keys written by the changes after `before`; `None` when one cannot be placed (read
/// the whole profile then).
pub(super) fn roots(doc: &mut AutoCommit, before: &[ChangeHash]) -> Option<BTreeSet<String>> {
    let mut roots = BTreeSet::new();
    let mut placed: HashMap<String, String> = HashMap::new();
    for change in doc.get_changes(before) {
        for op in change.decode().operations {
            let root = match (&op.obj, &op.key) {
                (ObjectId::Root, Key::Map(key)) => key.to_string(),
                (ObjectId::Root, Key::Seq(_)) => return None,
                (ObjectId::Id(id), _) => {
                    let text = id.to_string();
                    if let Some(root) = placed.get(&text) {
                        root.clone()
                    } else {
                        let obj = doc.import_obj(&text).ok()?;
                        let top = doc.parents(&obj).ok()?.last()?;
                        let Prop::Map(root) = top.prop else {
                            return None;
                        };
                        placed.insert(text, root.clone());
                        root
                    }
                }
            };
            roots.insert(root);
        }
    }
    Some(roots)
}

/// Reads the parts of `profile` under `roots` again from `doc`. Keys that are not a profile field
/// (the device cards, say) are not part of the typed profile.
pub(super) fn rehydrate(
    doc: &AutoCommit,
    profile: &mut Profile,
    roots: &BTreeSet<String>,
) -> Result<(), HydrateError> {
    macro_rules! fields {
        ($root:expr; $($field:ident),* $(,)?) => {
            match $root {
                $(stringify!($field) => profile.$field = hydrate_prop(doc, ROOT, stringify!($field))?,)*
                // `#[autosurgeon(missing = "Default::default")]` on the field.
                "wishes" => {
                    profile.wishes = hydrate_prop::<_, Option<Wishes>, _, _>(doc, ROOT, "wishes")?
                        .unwrap_or_default()
                }
                _ => {}
            }
        };
    }
    for root in roots {
        fields!(root.as_str();
            schema, child, diagnoses, avoid, devices, routines, medications, allergies, contacts,
            care_team, power_registration, baseline, emergency_actions, evacuation, power_sources,
            stock, consents, verifications,
        );
    }
    Ok(())
}

/// Every field [`rehydrate`] reads, by its document key (a test holds it to the profile's own).
#[cfg(test)]
const FIELDS: &[&str] = &[
    "schema",
    "child",
    "diagnoses",
    "avoid",
    "devices",
    "routines",
    "medications",
    "allergies",
    "contacts",
    "care_team",
    "power_registration",
    "baseline",
    "emergency_actions",
    "evacuation",
    "power_sources",
    "stock",
    "consents",
    "verifications",
    "wishes",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ProfileDoc;
    use crate::document::edit::Edit;
    use crate::sample::demo_profile;

    #[test]
    fn every_profile_field_is_read_again_when_touched() {
        let json = serde_json::to_value(Profile::empty()).expect("json");
        let mut keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = FIELDS.to_vec();
        keys.sort_unstable();
        fields.sort_unstable();
        assert_eq!(keys, fields, "a new profile field must be listed in `rehydrate`");
    }

    #[test]
    fn a_merge_reads_the_same_profile_as_a_full_hydration() {
        let ctx = crate::document::tests::ctx("母 山田花子", 0);
        let mut a = ProfileDoc::create(automerge::ActorId::random(), &demo_profile(), &ctx).expect("doc");
        let mut b = a.fork(automerge::ActorId::random());
        let before = a.heads();
        for edits in [
            vec![Edit::set("child.nickname", "さく")],
            vec![
                Edit::set("baseline.spo2_low", 91.0),
                Edit::set("evacuation.route", "北口から"),
            ],
            vec![Edit::set("child.weight.kg", 15.8)],
        ] {
            b.apply(&edits, &ctx).expect("edits");
        }
        b.set_device_card("dev-b", "父", None, &ctx).expect("card");
        let mut doc = b.automerge().clone();
        let roots = roots(&mut doc, &before).expect("placed");
        assert!(roots.contains("child") && roots.contains("baseline") && roots.contains("evacuation"));
        assert!(!roots.contains("medications"), "{roots:?}");
        a.merge(&mut b).expect("merges");
        let full: Profile = autosurgeon::hydrate(a.automerge()).expect("hydrates");
        assert_eq!(a.profile(), &full);
        assert_eq!(a.profile(), b.profile());
    }
}
