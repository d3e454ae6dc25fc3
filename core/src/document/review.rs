//! Concurrent values left by a merge, surfaced for review instead of dropped silently.
//!
//! When two replicas set the same field while apart (one parent sets PEEP to 7, the other to 5),
//! automerge keeps both values: one wins deterministically and every replica shows it, the other
//! stays in the document as a conflict until someone writes that field again. A [`ReviewItem`]
//! is such a field with every value, who wrote it and when. Review items are read from the
//! document itself, so every replica that has both changes lists the same items, and nothing has
//! to be stored beside the document. Choosing a value ([`super::ProfileDoc::resolve`]) writes it
//! again as a new change that supersedes every concurrent value, so the item disappears on every
//! replica once that change syncs.
//!
//! Concurrent writes of the SAME value (both parents typed PEEP 7 while apart) are not a review
//! item: nothing differs, nothing is lost whichever is shown, and asking a parent to choose
//! between "7" and "7" is noise. They stay in the document until the field is written again.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use serde::Serialize;
use serde_json::Value as Json;

use super::history::{ChangeIndex, Provenance};

/// A field whose value differs between replicas' concurrent edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    /// Dotted path of the field, with collection ids (`devices.dev-vent.settings.ventilator.peep`).
    pub path: String,
    /// Every concurrent value; exactly one has `shown` set (the one every replica shows now).
    pub values: Vec<ConcurrentValue>,
}

/// One of the concurrent values of a field under review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcurrentValue {
    /// The value as JSON (the same form `tsunagu edit --set` takes).
    pub value: Json,
    /// Who wrote it, when, on which device.
    pub written: Option<Provenance>,
    /// True for the value the views show until the field is reviewed.
    pub shown: bool,
}

/// Every field of `doc` with concurrent values, in document order.
pub(super) fn review_items(doc: &mut AutoCommit) -> Vec<ReviewItem> {
    let index = ChangeIndex::build(doc);
    let mut out = Vec::new();
    walk(doc, &index, &automerge::ROOT, "", &mut out);
    out
}

/// True when `doc` has any field with concurrent values (cheaper than listing them).
pub(super) fn has_conflicts(doc: &AutoCommit) -> bool {
    fn any(doc: &AutoCommit, obj: &ObjId) -> bool {
        let keys: Vec<String> = doc.keys(obj).collect();
        keys.iter().any(|k| {
            if *obj == automerge::ROOT && k == super::members::ROOT_KEY {
                return false;
            }
            let all = doc.get_all(obj, k.as_str()).unwrap_or_default();
            values_differ(doc, &all)
                || all
                    .first()
                    .is_some_and(|(v, id)| matches!(v, Value::Object(ObjType::Map)) && any(doc, id))
        })
    }
    any(doc, &automerge::ROOT)
}

fn walk(doc: &AutoCommit, index: &ChangeIndex, obj: &ObjId, at: &str, out: &mut Vec<ReviewItem>) {
    let keys: Vec<String> = doc.keys(obj).collect();
    for key in keys {
        // Device cards are not profile fields: concurrent `members` maps are all read (see
        // `members::cards`), never a value to choose.
        if at.is_empty() && key == super::members::ROOT_KEY {
            continue;
        }
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        let all = doc.get_all(obj, key.as_str()).unwrap_or_default();
        if values_differ(doc, &all) {
            let shown = doc.get(obj, key.as_str()).ok().flatten().map(|(_, id)| id);
            let values = all
                .iter()
                .map(|(value, id)| ConcurrentValue {
                    value: to_json(doc, value, id),
                    written: index.provenance_of(id).cloned(),
                    shown: shown.as_ref() == Some(id),
                })
                .collect();
            out.push(ReviewItem { path, values });
        } else if let Some((Value::Object(ObjType::Map), child)) = all.first() {
            walk(doc, index, child, &path, out);
        }
    }
}

/// True when the concurrent values of one field are not all the same: two or more values, and
/// either one is a group or entity (never compared; see [`to_json`]) or their JSON differs.
pub(super) fn values_differ(doc: &AutoCommit, all: &[(Value<'_>, ObjId)]) -> bool {
    let Some(((first, first_id), rest)) = all.split_first() else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    let comparable = |v: &Value<'_>| matches!(v, Value::Scalar(_) | Value::Object(ObjType::Text));
    if !all.iter().all(|(v, _)| comparable(v)) {
        return true;
    }
    let first = to_json(doc, first, first_id);
    rest.iter().any(|(v, id)| to_json(doc, v, id) != first)
}

/// A document value as JSON: scalars as themselves, a note's text as a string.
fn to_json(doc: &AutoCommit, value: &Value<'_>, id: &ObjId) -> Json {
    match value {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(t) => Json::String(t.to_string()),
            ScalarValue::Int(i) => Json::from(*i),
            ScalarValue::Uint(u) => Json::from(*u),
            ScalarValue::F64(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            ScalarValue::Boolean(b) => Json::Bool(*b),
            ScalarValue::Timestamp(t) => Json::from(*t),
            ScalarValue::Null => Json::Null,
            _ => Json::Null,
        },
        Value::Object(ObjType::Text) => Json::String(doc.text(id).unwrap_or_default()),
        // Two replicas never create competing groups (they always exist); an entity or group in
        // conflict is shown by its kind only.
        Value::Object(_) => Json::String("{…}".into()),
    }
}

#[cfg(test)]
mod tests {
    use automerge::ActorId;
    use serde_json::json;

    use crate::document::{EditContext, ProfileDoc};
    use crate::error::Error;
    use crate::{Edit, sample};

    const PEEP: &str = "devices.dev-vent.settings.ventilator.peep";

    fn set(path: &str, value: serde_json::Value) -> Edit {
        Edit::Set {
            path: path.into(),
            value,
        }
    }

    /// The parent's phone and the coordinator's tablet, apart, from one shared document.
    fn two_replicas() -> (ProfileDoc, ProfileDoc) {
        let mut mother = ProfileDoc::create(
            ActorId::from(b"mother".as_slice()),
            &sample::demo_profile(),
            &EditContext::now("母"),
        )
        .expect("sample is valid");
        let father = mother.fork(ActorId::from(b"father".as_slice()));
        (mother, father)
    }

    #[test]
    fn concurrent_values_are_listed_with_their_authors_and_one_is_shown() {
        let (mut mother, mut father) = two_replicas();
        mother
            .apply(&[set(PEEP, json!(8.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(&[set(PEEP, json!(6.0))], &EditContext::now("父"))
            .expect("edit");
        assert!(
            !mother.has_review_items(),
            "one replica alone has nothing to review"
        );
        mother.merge(&mut father).expect("merge");
        father.merge(&mut mother).expect("merge");
        for replica in [&mut mother, &mut father] {
            assert!(replica.has_review_items());
            let items = replica.review_items();
            assert_eq!(items.len(), 1, "{items:?}");
            assert_eq!(items[0].path, PEEP);
            let mut values: Vec<(f64, String)> = items[0]
                .values
                .iter()
                .map(|v| {
                    (
                        v.value.as_f64().expect("a number"),
                        v.written.as_ref().and_then(|w| w.author.clone()).expect("author"),
                    )
                })
                .collect();
            values.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert_eq!(values, vec![(6.0, "父".to_owned()), (8.0, "母".to_owned())]);
            assert_eq!(items[0].values.iter().filter(|v| v.shown).count(), 1);
        }
        // Both replicas show the same value and list the same item.
        assert_eq!(mother.profile(), father.profile());
        assert_eq!(mother.review_items(), father.review_items());
    }

    #[test]
    fn resolving_keeps_the_chosen_value_and_clears_the_item_on_every_replica() {
        let (mut mother, mut father) = two_replicas();
        mother
            .apply(&[set(PEEP, json!(8.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(&[set(PEEP, json!(6.0))], &EditContext::now("父"))
            .expect("edit");
        mother.merge(&mut father).expect("merge");
        father.merge(&mut mother).expect("merge");
        // Choose the value that is NOT shown: the losing write must be recoverable.
        let item = &mother.review_items()[0];
        let (choice, value) = item
            .values
            .iter()
            .enumerate()
            .find(|(_, v)| !v.shown)
            .map(|(i, v)| (i, v.value.as_f64().expect("number")))
            .expect("a hidden value");
        mother
            .resolve(PEEP, choice, &EditContext::now("母"))
            .expect("resolves")
            .expect("a new change");
        assert!(mother.review_items().is_empty());
        let peep = |d: &ProfileDoc| {
            serde_json::to_value(d.profile()).expect("json")["devices"]["dev-vent"]["settings"]["ventilator"]
                ["peep"]
                .as_f64()
        };
        assert_eq!(peep(&mother), Some(value));
        father.merge(&mut mother).expect("merge");
        assert!(
            father.review_items().is_empty(),
            "the resolution reaches the other replica"
        );
        assert_eq!(peep(&father), Some(value));
        let newest = &mother.history()[0];
        assert_eq!(newest.ops[0].op, "resolve");
        assert_eq!(newest.ops[0].path, PEEP);
    }

    #[test]
    fn keeping_the_shown_value_still_supersedes_the_others() {
        let (mut mother, mut father) = two_replicas();
        mother
            .apply(&[set(PEEP, json!(8.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(&[set(PEEP, json!(6.0))], &EditContext::now("父"))
            .expect("edit");
        mother.merge(&mut father).expect("merge");
        let item = &mother.review_items()[0];
        let shown = item.values.iter().position(|v| v.shown).expect("one is shown");
        let hash = mother
            .resolve(PEEP, shown, &EditContext::now("母"))
            .expect("resolves");
        assert!(
            hash.is_some(),
            "a new change is written even for the value already shown"
        );
        assert!(mother.review_items().is_empty());
        // A third edit the resolver had not seen still stands beside the resolution.
        father
            .apply(&[set(PEEP, json!(9.0))], &EditContext::now("父"))
            .expect("edit");
        father.merge(&mut mother).expect("merge");
        assert_eq!(father.review_items()[0].values.len(), 2);
    }

    #[test]
    fn the_same_value_written_concurrently_is_nothing_to_review() {
        let (mut mother, mut father) = two_replicas();
        let mut nurse = father.fork(ActorId::from(b"nurse".as_slice()));
        mother
            .apply(&[set(PEEP, json!(7.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(&[set(PEEP, json!(7.0))], &EditContext::now("父"))
            .expect("edit");
        mother.merge(&mut father).expect("merge");
        assert!(!mother.has_review_items());
        assert!(mother.review_items().is_empty());
        let heads = mother.heads();
        assert!(matches!(
            mother.resolve(PEEP, 0, &EditContext::now("母")),
            Err(Error::NothingToReview { .. })
        ));
        assert_eq!(mother.heads(), heads);
        // A different value written by a third replica that saw neither is listed with both.
        nurse
            .apply(&[set(PEEP, json!(6.0))], &EditContext::now("看護師"))
            .expect("edit");
        mother.merge(&mut nurse).expect("merge");
        assert!(mother.has_review_items());
        let mut values: Vec<f64> = mother.review_items()[0]
            .values
            .iter()
            .filter_map(|v| v.value.as_f64())
            .collect();
        values.sort_by(f64::total_cmp);
        assert_eq!(values, vec![6.0, 7.0, 7.0]);
    }

    #[test]
    fn different_fields_edited_concurrently_leave_nothing_to_review() {
        let (mut mother, mut father) = two_replicas();
        mother
            .apply(&[set(PEEP, json!(8.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(
                &[set("child.nickname", json!("さくちゃん"))],
                &EditContext::now("父"),
            )
            .expect("edit");
        mother.merge(&mut father).expect("merge");
        assert!(!mother.has_review_items());
        assert!(mother.review_items().is_empty());
    }

    #[test]
    fn resolving_a_field_without_concurrent_values_is_refused_and_changes_nothing() {
        let (mut mother, _) = two_replicas();
        let heads = mother.heads();
        assert!(matches!(
            mother.resolve(PEEP, 0, &EditContext::now("母")),
            Err(Error::NothingToReview { .. })
        ));
        assert!(matches!(
            mother.resolve("devices.no-such.kind", 0, &EditContext::now("母")),
            Err(Error::NothingToReview { .. })
        ));
        assert_eq!(mother.heads(), heads);
    }

    #[test]
    fn a_choice_out_of_range_is_refused() {
        let (mut mother, mut father) = two_replicas();
        mother
            .apply(&[set(PEEP, json!(8.0))], &EditContext::now("母"))
            .expect("edit");
        father
            .apply(&[set(PEEP, json!(6.0))], &EditContext::now("父"))
            .expect("edit");
        mother.merge(&mut father).expect("merge");
        assert!(matches!(
            mother.resolve(PEEP, 2, &EditContext::now("母")),
            Err(Error::InvalidChoice { choices: 2, .. })
        ));
        assert_eq!(mother.review_items().len(), 1);
    }
}
