//! The small annotation table the JSON Schema cannot say: which text fields are times of day,
//! which fields are asked first (recommended), the plausible ranges that do not depend on the
//! child, and the length limits of text.
//!
//! Keys are dotted paths without collection ids (`medications.times`). A field missing from
//! here is still in the forms (derived from the schema); the schema test names any field whose
//! kind cannot be inferred and the line to add to [`kind_override`].

use super::InputKind;

/// Longest one-line text, in characters (names, brands, modes, addresses).
pub const TEXT_MAX: usize = 200;

/// Longest note or instruction, in characters (a page of steps; far below the 2 MB that made
/// the card take seconds).
pub const LONG_TEXT_MAX: usize = 4_000;

/// Field names whose type is `Note` (long text held as automerge `Text`).
pub const LONG_TEXT_NAMES: &[&str] = &[
    "notes",
    "what_to_do",
    "timeline",
    "steps",
    "sick_signs",
    "rescue_criteria",
    "normal",
    "if_dislodged",
];

/// Input kinds the schema cannot tell, by key: a text field that holds times of day.
pub fn kind_override(key: &str) -> Option<InputKind> {
    match key {
        "medications.times" => Some(InputKind::Times),
        _ => None,
    }
}

/// The order sections are filled in (the typed model's order; the schema's is alphabetical).
/// A section not listed comes last.
pub const SECTION_ORDER: &[&str] = &[
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
];

/// Fields asked first when filling in a profile (the shelter and EMS views miss them when empty).
pub const RECOMMENDED: &[&str] = &[
    "child.name",
    "child.name_kana",
    "child.date_of_birth",
    "child.sex",
    "child.weight.kg",
    "child.weight.measured_on",
    "devices.non_powered_fallback",
    "devices.power.watts",
    "devices.settings.ventilator.mode",
    "devices.settings.ventilator.rate",
    "devices.settings.ventilator.peep",
    "devices.settings.tracheostomy.inner_diameter",
    "devices.settings.tracheostomy.cuffed",
    "devices.settings.suction.catheter_size",
    "devices.settings.suction.pressure",
    "medications.name",
    "medications.dose",
    "medications.times",
    "medications.route",
    "allergies.status",
    "allergies.items.agent",
    "allergies.items.reaction",
    "allergies.items.severity",
    "contacts.name",
    "contacts.relation",
    "contacts.phone",
];

/// Plausible ranges that hold for every child (DOMAIN.md, "Plausible ranges"); the age- and
/// weight-aware ones are computed in [`super::plausible`].
pub fn plausible_range(key: &str) -> Option<(f64, f64)> {
    Some(match key {
        "devices.settings.ventilator.fio2" => (21.0, 100.0),
        "devices.settings.ventilator.peep" => (3.0, 15.0),
        "devices.settings.ventilator.pip" => (8.0, 40.0),
        "devices.settings.ventilator.oxygen_flow"
        | "devices.settings.oxygen.flow_rest"
        | "devices.settings.oxygen.flow_sleep"
        | "devices.settings.oxygen.flow_exertion" => (0.1, 10.0),
        "devices.settings.suction.pressure" => (10.0, 20.0),
        "devices.settings.tracheostomy.inner_diameter"
        | "devices.settings.tracheostomy.spare_smaller_inner_diameter" => (2.5, 8.0),
        "devices.settings.feeding_tube.size" => (5.0, 24.0),
        "devices.settings.feeding_tube.balloon_volume" => (1.0, 10.0),
        _ => return None,
    })
}
