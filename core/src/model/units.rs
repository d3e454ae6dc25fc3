//! Value types with their unit in the type: mL, Fr, mm, cm, kPa, L/min, W, Wh, minutes, percent,
//! plus dates, timestamps, long notes and the code lists (string enums) used across the profile.
//!
//! Every type here does three jobs the same way: serde (JSON in and out, refusing out-of-range
//! values with a message that names the rule but never echoes the value), autosurgeon (how it sits
//! in the automerge document) and schemars (the JSON Schema coordinators' tools validate against).

use std::borrow::Cow;

use autosurgeon::{Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler, reconcile::TextReconciler};
use chrono::{DateTime, NaiveDate, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};

/// Declares a quantity with its unit and the range of values that can physically occur.
macro_rules! quantity {
    ($(#[$meta:meta])* $name:ident, unit = $unit:literal, min = $min:expr, max = $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// The unit symbol, as printed after the number.
            pub const UNIT: &'static str = $unit;
            /// The smallest value accepted.
            pub const MIN: f64 = $min;
            /// The largest value accepted.
            pub const MAX: f64 = $max;

            /// The value, checked against the type's range.
            pub fn new(value: f64) -> Result<Self, RangeError> {
                if value.is_finite() && (Self::MIN..=Self::MAX).contains(&value) {
                    Ok(Self(value))
                } else {
                    Err(RangeError { min: Self::MIN, max: Self::MAX, unit: Self::UNIT })
                }
            }

            /// The bare number.
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = f64::deserialize(d)?;
                Self::new(value).map_err(D::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "number",
                    "minimum": $min,
                    "maximum": $max,
                    "description": concat!("in ", $unit),
                })
            }
        }

        impl Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                r.f64(self.0)
            }
        }

        impl Hydrate for $name {
            fn hydrate_f64(f: f64) -> Result<Self, HydrateError> {
                Ok(Self(f))
            }
            fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
                Ok(Self(i as f64))
            }
            fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
                Ok(Self(u as f64))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} {}", self.0, $unit)
            }
        }
    };
}

/// A value outside the range a quantity allows. Names the rule, never the value.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("must be a number from {min} to {max} {unit}")]
pub struct RangeError {
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Unit symbol.
    pub unit: &'static str,
}

quantity!(/// Volume in millilitres.
    Millilitres, unit = "mL", min = 0.0, max = 10_000.0);
quantity!(/// Flow rate in millilitres per hour (feeding pumps).
    MillilitresPerHour, unit = "mL/h", min = 0.0, max = 2_000.0);
quantity!(/// Catheter and tube size in French (1 Fr = 1/3 mm outer diameter).
    French, unit = "Fr", min = 1.0, max = 40.0);
quantity!(/// Length or diameter in millimetres.
    Millimetres, unit = "mm", min = 0.0, max = 1_000.0);
quantity!(/// Length in centimetres.
    Centimetres, unit = "cm", min = 0.0, max = 250.0);
quantity!(/// Body weight in kilograms.
    Kilograms, unit = "kg", min = 0.2, max = 250.0);
quantity!(/// Pressure in kilopascals (suction).
    Kilopascals, unit = "kPa", min = 0.0, max = 100.0);
quantity!(/// Airway pressure in cmH2O (ventilator PIP/PEEP).
    CmH2O, unit = "cmH2O", min = 0.0, max = 80.0);
quantity!(/// Cylinder gauge pressure in megapascals.
    Megapascals, unit = "MPa", min = 0.0, max = 30.0);
quantity!(/// Gas volume in litres (cylinder water capacity).
    Litres, unit = "L", min = 0.0, max = 100.0);
quantity!(/// Gas flow in litres per minute.
    LitresPerMinute, unit = "L/min", min = 0.0, max = 60.0);
quantity!(/// Electrical power in watts.
    Watts, unit = "W", min = 0.0, max = 10_000.0);
quantity!(/// Stored energy in watt-hours.
    WattHours, unit = "Wh", min = 0.0, max = 100_000.0);
quantity!(/// A duration in minutes.
    Minutes, unit = "min", min = 0.0, max = 100_000.0);
quantity!(/// A duration in hours.
    Hours, unit = "h", min = 0.0, max = 24.0);
quantity!(/// A duration in seconds (inspiratory time).
    Seconds, unit = "s", min = 0.0, max = 10.0);
quantity!(/// A duration in days.
    Days, unit = "d", min = 0.0, max = 3_650.0);
quantity!(/// A duration in years (battery age).
    Years, unit = "y", min = 0.0, max = 50.0);
quantity!(/// A percentage, 0 to 100 (SpO2, FiO2, efficiency).
    Percent, unit = "%", min = 0.0, max = 100.0);
quantity!(/// A rate per minute (heart rate, breaths).
    PerMinute, unit = "/min", min = 0.0, max = 400.0);
quantity!(/// Body temperature in degrees Celsius.
    Celsius, unit = "°C", min = 25.0, max = 45.0);
quantity!(/// A count of things (spares, cylinders, doses per day).
    Count, unit = "", min = 0.0, max = 100_000.0);

/// A calendar date (no time of day), stored as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Builds a date; `None` when the date does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

impl Reconcile for Date {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.str(self.to_string())
    }
}

impl Hydrate for Date {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Self)
            .map_err(|_| HydrateError::unexpected("a date YYYY-MM-DD", "another string".into()))
    }
}

/// An instant in UTC, stored as an automerge timestamp (milliseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// From milliseconds since the Unix epoch; `None` when out of chrono's range.
    pub fn from_millis(ms: i64) -> Option<Self> {
        DateTime::from_timestamp_millis(ms).map(Self)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
}

impl Reconcile for Timestamp {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.timestamp(self.millis())
    }
}

impl Hydrate for Timestamp {
    fn hydrate_timestamp(t: i64) -> Result<Self, HydrateError> {
        Self::from_millis(t).ok_or_else(|| HydrateError::unexpected("a timestamp", "out of range".into()))
    }
    fn hydrate_int(t: i64) -> Result<Self, HydrateError> {
        Self::hydrate_timestamp(t)
    }
}

/// Long free text (instructions, "what sick looks like"). Held as an automerge `Text` so two
/// people editing different sentences of the same note both keep their words; everything else
/// that is a string is a plain scalar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Note(pub String);

impl Note {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Note {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl Reconcile for Note {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        // `update` diffs against the text already in the document and splices only what changed.
        let mut text = r.text()?;
        text.update(&self.0)
    }
}

impl Hydrate for Note {
    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(Self(doc.text(obj)?))
    }
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        Ok(Self(s.to_owned()))
    }
}

impl Serialize for RangeError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// Declares a closed code list stored as a lowercase string. Unknown strings are refused with
/// the list of accepted values; each value has a Fluent message `<prefix>-<value>`.
macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident, fluent = $prefix:literal, { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Prefix of the Fluent message ids naming the values.
            pub const FLUENT_PREFIX: &'static str = $prefix;

            /// The stored and JSON form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored form; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The Fluent message id naming this value.
            pub fn fluent_id(self) -> String {
                format!("{}-{}", $prefix, self.as_str())
            }

            fn expected() -> String {
                let all: Vec<&str> = vec![$($text),+];
                format!("must be one of: {}", all.join(", "))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| D::Error::custom($name::expected()))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($text),+], "x-fluent": $prefix })
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                r.str(self.as_str())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> Result<Self, autosurgeon::HydrateError> {
                $name::parse(s).ok_or_else(|| {
                    autosurgeon::HydrateError::unexpected(stringify!($name), "an unknown code".into())
                })
            }
        }
    };
}
pub(crate) use code_list;

/// Stores a small record as ONE scalar (its JSON), so that concurrent writes of the record resolve
/// to one writer's whole record instead of mixing fields: a weight with another edit's date, or a
/// verification by one person with another's role. Used for records whose fields only make sense
/// together (see ADR 0001).
macro_rules! atomic_record {
    ($ty:ty) => {
        impl autosurgeon::Reconcile for $ty {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                // Serializing plain data to JSON cannot fail (no maps with non-string keys).
                r.str(serde_json::to_string(self).unwrap_or_default())
            }
        }

        impl autosurgeon::Hydrate for $ty {
            fn hydrate_string(s: &str) -> Result<Self, autosurgeon::HydrateError> {
                serde_json::from_str(s).map_err(|_| {
                    autosurgeon::HydrateError::unexpected(stringify!($ty), "another string".into())
                })
            }
        }
    };
}
pub(crate) use atomic_record;
