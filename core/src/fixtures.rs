//! Realistic, entirely fictional fixture profiles for tests, read from `core/testdata/profiles/`:
//! the cases every audience output is checked against (see `docs/audiences.md`).
//!
//! The files are read at run time from the source tree, so they add nothing to the library.

use std::path::PathBuf;

use crate::model::{Profile, ValidationContext, ValidationError};

/// Names of the fixture profiles (file stems under `core/testdata/profiles/`).
pub const NAMES: &[&str] = &[
    // 24-hour invasive ventilation through a tracheostomy, gastrostomy and home oxygen.
    "ventilated-tracheostomy",
    // Night NPPV with no battery and no fallback without power.
    "nppv-no-battery",
    // Type 1 diabetes on an insulin pump with a CGM.
    "type1-diabetes-insulin-pump",
    // A walking child with a VP shunt, epilepsy and a peanut allergy.
    "vp-shunt-epilepsy",
    // Nothing recorded.
    "empty",
];

/// Why a fixture could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    /// No fixture of that name.
    #[error("no fixture profile named {0}")]
    Unknown(String),
    /// The file could not be read.
    #[error("fixture {name}: {source}")]
    Read {
        /// The fixture's name.
        name: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a profile.
    #[error("fixture {name}: {source}")]
    Parse {
        /// The fixture's name.
        name: String,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// The profile breaks a validation rule.
    #[error("fixture {name}: {source}")]
    Invalid {
        /// The fixture's name.
        name: String,
        /// The broken rules.
        source: ValidationError,
    },
}

/// Path of the fixture's JSON file.
pub fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/profiles")
        .join(format!("{name}.json"))
}

/// Reads, parses and validates one fixture profile.
pub fn load(name: &str) -> Result<Profile, FixtureError> {
    if !NAMES.contains(&name) {
        return Err(FixtureError::Unknown(name.to_owned()));
    }
    let text = std::fs::read_to_string(path(name)).map_err(|source| FixtureError::Read {
        name: name.to_owned(),
        source,
    })?;
    let profile: Profile = serde_json::from_str(&text).map_err(|source| FixtureError::Parse {
        name: name.to_owned(),
        source,
    })?;
    profile
        .validate(ValidationContext::now())
        .map_err(|source| FixtureError::Invalid {
            name: name.to_owned(),
            source,
        })?;
    Ok(profile)
}

/// Every fixture, by name, in [`NAMES`] order.
pub fn all() -> Result<Vec<(&'static str, Profile)>, FixtureError> {
    NAMES.iter().map(|&n| load(n).map(|p| (n, p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_loads_and_validates() {
        let all = all().expect("fixtures load");
        assert_eq!(all.len(), NAMES.len());
        let (_, empty) = all.iter().find(|(n, _)| *n == "empty").expect("empty fixture");
        assert_eq!(empty, &Profile::empty());
    }

    #[test]
    fn every_fixture_round_trips_through_the_document() {
        for (name, profile) in all().expect("fixtures load") {
            let mut doc = automerge::AutoCommit::new();
            autosurgeon::reconcile(&mut doc, &profile).expect("reconcile");
            let back: Profile = autosurgeon::hydrate(&doc).expect("hydrate");
            assert_eq!(back, profile, "{name}");
        }
    }

    #[test]
    fn the_directory_holds_exactly_the_named_fixtures() {
        let dir = path("x").parent().expect("dir").to_owned();
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|f| f.strip_suffix(".json").map(str::to_owned))
            .collect();
        found.sort();
        let mut named: Vec<String> = NAMES.iter().map(|s| (*s).to_owned()).collect();
        named.sort();
        assert_eq!(found, named);
    }

    #[test]
    fn unknown_fixture_is_an_error() {
        assert!(matches!(load("nope"), Err(FixtureError::Unknown(_))));
    }
}
