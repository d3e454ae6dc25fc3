//! `tsunagu schema`, and the field index read from the same JSON Schema: for every field (by its
//! path with collection ids left out) the type behind it, so values print with their unit and
//! code-list values in words.

use std::collections::HashMap;

use serde_json::Value;
use tsunagu_core::model::{
    AllergyStatus, AvoidKind, CareRole, Certainty, ConsentAudience, DeviceKind, DiagnosisKind, Hazard,
    LifeStage, MedicationRoute, PowerAvailability, PowerSourceKind, ProblemKind, Profile, Resuscitation,
    RoutineKind, Section, Severity, Sex, StockCategory, Strategy, TubeType, VerifierRole,
};

use crate::error::Result;
use crate::output::Output;

/// The JSON Schema of a profile, as JSON.
pub fn profile_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or(Value::Null)
}

/// Runs `tsunagu schema`: prints the schema, pretty.
pub fn run(out: &mut Output) -> Result<()> {
    out.json(&profile_schema())
}

/// Code-list type names (as the schema names them) and the prefix of their Fluent message ids.
macro_rules! code_list_prefixes {
    ($($ty:ident),+ $(,)?) => {
        &[$((stringify!($ty), $ty::FLUENT_PREFIX)),+]
    };
}

const CODE_LISTS: &[(&str, &str)] = code_list_prefixes![
    AllergyStatus,
    AvoidKind,
    CareRole,
    Certainty,
    ConsentAudience,
    DeviceKind,
    DiagnosisKind,
    Hazard,
    LifeStage,
    MedicationRoute,
    PowerAvailability,
    PowerSourceKind,
    ProblemKind,
    Resuscitation,
    RoutineKind,
    Section,
    Severity,
    Sex,
    StockCategory,
    Strategy,
    TubeType,
    VerifierRole,
];

/// What kind of value a field holds, as far as printing it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// A number with a unit symbol (`cmH2O`).
    Quantity(String),
    /// A code-list value; the string is the Fluent prefix of its labels.
    Code(String),
    /// Anything else.
    Plain,
}

/// Field key (`devices.settings.ventilator.peep`) → the type of its values.
#[derive(Debug, Default)]
pub struct FieldTypes {
    types: HashMap<String, FieldType>,
}

impl FieldTypes {
    /// Reads the index from the profile's JSON Schema.
    pub fn new() -> Self {
        let schema = profile_schema();
        let mut index = Self::default();
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        index.walk(&defs, &schema, "");
        index
    }

    /// The type of the field at `key` (a path with collection ids left out).
    pub fn get(&self, key: &str) -> &FieldType {
        self.types.get(key).unwrap_or(&FieldType::Plain)
    }

    fn walk(&mut self, defs: &Value, node: &Value, key: &str) {
        let (name, def) = resolve(defs, node);
        if !key.is_empty() {
            self.types.insert(key.to_owned(), classify(name, def));
        }
        if let Some(props) = def.get("properties").and_then(Value::as_object) {
            for (field, schema) in props {
                let child = if key.is_empty() {
                    field.clone()
                } else {
                    format!("{key}.{field}")
                };
                self.walk(defs, schema, &child);
            }
        }
        // Collections and `verifications`: the keys are ids, left out of field keys.
        if let Some(items) = def.get("additionalProperties").filter(|v| v.is_object()) {
            self.walk(defs, items, key);
        }
    }
}

/// Follows `$ref` (also inside `anyOf: [{$ref}, {type: null}]`) to the definition.
fn resolve<'a>(defs: &'a Value, node: &'a Value) -> (Option<&'a str>, &'a Value) {
    let reference = node.get("$ref").or_else(|| {
        node.get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|alt| alt.get("$ref"))
    });
    let Some(name) = reference
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    else {
        return (None, node);
    };
    match defs.get(name) {
        Some(def) => (Some(name), def),
        None => (Some(name), node),
    }
}

fn classify(name: Option<&str>, def: &Value) -> FieldType {
    if def.get("enum").is_some() {
        let prefix = name
            .and_then(|n| CODE_LISTS.iter().find(|(ty, _)| *ty == n))
            .map(|(_, p)| (*p).to_owned());
        return prefix.map_or(FieldType::Plain, FieldType::Code);
    }
    // Quantities describe themselves as "in <unit>" (see `quantity!` in the core).
    let unit = def
        .get("description")
        .and_then(Value::as_str)
        .and_then(|d| d.strip_prefix("in "));
    match (def.get("type").and_then(Value::as_str), unit) {
        (Some("number"), Some(unit)) => FieldType::Quantity(unit.to_owned()),
        _ => FieldType::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_gives_units_and_code_lists() {
        let types = FieldTypes::new();
        assert_eq!(
            types.get("devices.settings.ventilator.peep"),
            &FieldType::Quantity("cmH2O".into())
        );
        assert_eq!(
            types.get("devices.kind"),
            &FieldType::Code(DeviceKind::FLUENT_PREFIX.into())
        );
        assert_eq!(
            types.get("medications.route"),
            &FieldType::Code(MedicationRoute::FLUENT_PREFIX.into())
        );
        assert_eq!(
            types.get("verifications.role"),
            &FieldType::Code(VerifierRole::FLUENT_PREFIX.into())
        );
        assert_eq!(types.get("child.weight.kg"), &FieldType::Quantity("kg".into()));
        assert_eq!(types.get("child.name"), &FieldType::Plain);
    }
}
