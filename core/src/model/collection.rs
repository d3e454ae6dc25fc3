//! Collections of entities keyed by stable ids, with an explicit order field.
//!
//! Entities are never addressed by list index: a device added on one phone and a medication
//! removed on another touch different keys and merge cleanly. Order is a number on each entity;
//! moving an entity changes only its own number, so two concurrent moves of different entities
//! both survive. Ties (two entities added concurrently at the same place) break by id.

use std::borrow::Cow;
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// The id of an entity inside a collection: ASCII letters, digits, `-` and `_`, 1 to 64 chars.
pub type EntityId = String;

/// An entity that lives in a [`Collection`].
pub trait Entity {
    /// Prefix of generated ids for this kind of entity ("dev", "med", …).
    const ID_PREFIX: &'static str;
    /// Sort key inside the collection.
    fn order(&self) -> f64;
    /// Sets the sort key.
    fn set_order(&mut self, order: f64);
}

/// A map from stable id to entity, iterated in the entities' explicit order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Collection<T>(BTreeMap<EntityId, T>);

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<T: Entity> Collection<T> {
    /// Number of entities.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no entity.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One entity by id.
    pub fn get(&self, id: &str) -> Option<&T> {
        self.0.get(id)
    }

    /// One entity by id, mutable.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.0.get_mut(id)
    }

    /// True when `id` is in the collection.
    pub fn contains(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// The entities in their explicit order (ties by id).
    pub fn ordered(&self) -> Vec<(&EntityId, &T)> {
        let mut items: Vec<_> = self.0.iter().collect();
        items.sort_by(|a, b| a.1.order().total_cmp(&b.1.order()).then_with(|| a.0.cmp(b.0)));
        items
    }

    /// Ids in order.
    pub fn ids(&self) -> Vec<EntityId> {
        self.ordered().into_iter().map(|(id, _)| id.clone()).collect()
    }

    /// Appends an entity after the last one, under `id`.
    pub fn push(&mut self, id: EntityId, mut entity: T) {
        let last = self.0.values().map(Entity::order).fold(0.0_f64, f64::max);
        entity.set_order(last + 1.0);
        self.0.insert(id, entity);
    }

    /// Inserts or replaces an entity, keeping the order it carries.
    pub fn insert(&mut self, id: EntityId, entity: T) -> Option<T> {
        self.0.insert(id, entity)
    }

    /// Removes an entity.
    pub fn remove(&mut self, id: &str) -> Option<T> {
        self.0.remove(id)
    }

    /// Iterates entities in key order (not display order; see [`Collection::ordered`]).
    pub fn iter(&self) -> impl Iterator<Item = (&EntityId, &T)> {
        self.0.iter()
    }

    /// Iterates entities mutably in key order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&EntityId, &mut T)> {
        self.0.iter_mut()
    }
}

/// The order number that puts an entity just before `before` among `others` (sorted by order),
/// or after the last one when `before` is `None` or unknown.
pub(crate) fn order_before(others: &[(EntityId, f64)], before: Option<&str>) -> f64 {
    match before.and_then(|b| others.iter().position(|(k, _)| k == b)) {
        None => others.last().map_or(1.0, |(_, o)| o + 1.0),
        Some(pos) => {
            let next = others[pos].1;
            let prev = if pos == 0 { next - 2.0 } else { others[pos - 1].1 };
            (prev + next) / 2.0
        }
    }
}

/// True when `id` is a well-formed entity id.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A fresh random id with the entity's prefix, e.g. `dev-3f9k2m7q1x0a`.
pub fn new_id<T: Entity>() -> EntityId {
    format!("{}-{}", T::ID_PREFIX, random_suffix())
}

/// A fresh id for a new entity of the collection at dotted `path` (`evacuation.helpers` gives
/// `help-…`); `None` when `path` is not a collection.
pub fn new_id_for(path: &str) -> Option<EntityId> {
    COLLECTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, prefix)| format!("{prefix}-{}", random_suffix()))
}

/// Twelve random characters from a 32-letter alphabet without look-alikes: 59 random bits (the
/// low 5 bits of a v4 UUID's first 12 bytes, of which the version nibble fixes one in byte 6).
pub(crate) fn random_suffix() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes[..12]
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// Every collection of the profile: its dotted path and the id prefix of its entities.
pub const COLLECTIONS: &[(&str, &str)] = &[
    ("diagnoses", <super::Diagnosis as Entity>::ID_PREFIX),
    ("avoid", <super::Avoidance as Entity>::ID_PREFIX),
    ("devices", <super::Device as Entity>::ID_PREFIX),
    ("routines", <super::Routine as Entity>::ID_PREFIX),
    ("medications", <super::Medication as Entity>::ID_PREFIX),
    ("allergies.items", <super::Allergy as Entity>::ID_PREFIX),
    ("contacts", <super::Contact as Entity>::ID_PREFIX),
    ("care_team", <super::CareTeamMember as Entity>::ID_PREFIX),
    ("emergency_actions", <super::EmergencyAction as Entity>::ID_PREFIX),
    (
        "evacuation.strategies",
        <super::HazardStrategy as Entity>::ID_PREFIX,
    ),
    (
        "evacuation.destinations",
        <super::Destination as Entity>::ID_PREFIX,
    ),
    ("evacuation.helpers", <super::Helper as Entity>::ID_PREFIX),
    ("power_sources", <super::PowerSource as Entity>::ID_PREFIX),
    ("stock", <super::StockItem as Entity>::ID_PREFIX),
    ("consents", <super::Consent as Entity>::ID_PREFIX),
];

/// Paths of maps whose keys are ids or names rather than fields: the collections, plus
/// `verifications` (keyed by section).
pub fn is_keyed_map(path: &str) -> bool {
    path == "verifications" || COLLECTIONS.iter().any(|(p, _)| *p == path)
}

impl<T: Reconcile> Reconcile for Collection<T> {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, r: R) -> Result<(), R::Error> {
        self.0.reconcile(r)
    }
}

impl<T: Hydrate> Hydrate for Collection<T> {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        BTreeMap::hydrate_map(doc, obj).map(Self)
    }
}

impl<T: JsonSchema> JsonSchema for Collection<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Collection_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({
            "type": "object",
            "description": "Entities keyed by stable id; display order is each entity's `order`.",
            "propertyNames": { "pattern": "^[A-Za-z0-9_-]{1,64}$" },
            "additionalProperties": item,
        })
    }
}

/// Implements [`Entity`] for a struct with an `order: f64` field.
macro_rules! entity {
    ($ty:ty, $prefix:literal) => {
        impl $crate::model::Entity for $ty {
            const ID_PREFIX: &'static str = $prefix;
            fn order(&self) -> f64 {
                self.order
            }
            fn set_order(&mut self, order: f64) {
                self.order = order;
            }
        }
    };
}
pub(crate) use entity;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Item {
        order: f64,
    }
    entity!(Item, "it");

    #[test]
    fn push_keeps_explicit_order() {
        let mut c = Collection::default();
        for id in ["a", "b", "c", "d"] {
            c.push(id.to_owned(), Item { order: 0.0 });
        }
        assert_eq!(c.ids(), ["a", "b", "c", "d"]);
    }

    #[test]
    fn ids_are_well_formed() {
        let id = new_id::<Item>();
        assert!(id.starts_with("it-"));
        assert!(is_valid_id(&id));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(&"x".repeat(65)));
    }
}
