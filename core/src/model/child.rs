//! Who the child is: names with kana, body measurements with their date, certificates, dwelling.

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::units::{Centimetres, Date, Kilograms, atomic_record, code_list};

/// The child.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Child {
    /// Full name as written (e.g. 山田 太郎).
    pub name: Option<String>,
    /// Kana reading of the name (やまだ たろう).
    pub name_kana: Option<String>,
    /// What the child is called at home.
    pub nickname: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Latest weight and when it was measured.
    pub weight: Weight,
    /// Latest height and when it was measured.
    pub height: Height,
    /// ABO/Rh blood type as written on the record (e.g. "A Rh+").
    pub blood_type: Option<String>,
    /// Languages the family speaks.
    pub languages: Option<String>,
    /// Home address.
    pub address: Option<String>,
    /// The home: floor, elevator, hazard zones.
    pub dwelling: Dwelling,
    /// Disability and chronic-disease certificates.
    pub certificates: Certificates,
    /// Where the child spends the day now.
    pub life_stage: Option<LifeStage>,
    /// Name of the nursery, school or day service.
    pub setting_name: Option<String>,
}

code_list! {
    /// Sex as recorded.
    Sex, fluent = "sex", {
        /// Female.
        Female = "female",
        /// Male.
        Male = "male",
        /// Other or not stated.
        Other = "other",
    }
}

code_list! {
    /// Current setting / life stage.
    LifeStage, fluent = "life-stage", {
        /// In hospital (NICU or ward).
        Hospital = "hospital",
        /// At home, no regular setting.
        Home = "home",
        /// Nursery or kindergarten.
        Nursery = "nursery",
        /// Mainstream school.
        School = "school",
        /// Special-needs school (特別支援学校).
        SpecialNeedsSchool = "special_needs_school",
        /// Day service or work.
        DayServiceOrWork = "day_service_or_work",
    }
}

/// Body weight with the day it was measured. Stored whole, so a value never pairs with another
/// edit's date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Weight {
    /// Weight in kg.
    pub kg: Option<Kilograms>,
    /// When it was measured.
    pub measured_on: Option<Date>,
}

atomic_record!(Weight);

/// Height (length) with the day it was measured.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Height {
    /// Height in cm.
    pub cm: Option<Centimetres>,
    /// When it was measured.
    pub measured_on: Option<Date>,
}

atomic_record!(Height);

/// The home, as it matters for evacuation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Dwelling {
    /// Floor the family lives on (1 = ground floor).
    pub floor: Option<i64>,
    /// Whether the building has an elevator (which stops in a blackout).
    pub elevator: Option<bool>,
    /// Hazard zones the home lies in (flood, landslide, tsunami…), as on the hazard map.
    pub hazard_zones: Option<String>,
}

/// Certificates held by the child.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Certificates {
    /// 身体障害者手帳: grade (1–6), as written.
    pub physical_disability_grade: Option<String>,
    /// 療育手帳: grade (A, B… per prefecture), as written.
    pub intellectual_disability_grade: Option<String>,
    /// 小児慢性特定疾病 医療受給者証: whether held.
    pub pediatric_chronic_disease: Option<bool>,
    /// 小児慢性特定疾病 医療受給者証: valid until.
    pub pediatric_chronic_disease_until: Option<Date>,
}
