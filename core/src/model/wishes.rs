//! Wishes and advance directive: a resuscitation decision agreed with the doctors, its limits in
//! words, the family's wishes, and who agreed it when — what EMS must know before acting.

use autosurgeon::{Hydrate, Reconcile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::units::{Date, Note, code_list};

code_list! {
    /// A resuscitation decision agreed between the family and the child's doctors.
    Resuscitation, fluent = "resuscitation", {
        /// Attempt full resuscitation.
        Full = "full",
        /// Attempt resuscitation within agreed limits (see [`Wishes::limits`]).
        Limited = "limited",
        /// Do not attempt cardiopulmonary resuscitation (DNAR).
        DoNotAttempt = "do_not_attempt",
    }
}

/// Wishes and any advance directive. Every field absent means "not recorded", which is not a
/// decision: emergency teams then follow their usual protocols.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Reconcile, Hydrate)]
#[serde(default, deny_unknown_fields)]
pub struct Wishes {
    /// The resuscitation decision, when one has been agreed.
    pub resuscitation: Option<Resuscitation>,
    /// What is and is not to be done (intubation, chest compressions, drugs, transfer), in words.
    pub limits: Option<Note>,
    /// What matters to the child and family in an emergency or at the end of life.
    pub care_wishes: Option<Note>,
    /// The doctor or hospital the decision was agreed with.
    pub agreed_with: Option<String>,
    /// When it was agreed or last reviewed.
    pub agreed_on: Option<Date>,
    /// Where the signed document is kept.
    pub document_location: Option<String>,
}

impl Wishes {
    /// True when anything is recorded.
    pub fn is_recorded(&self) -> bool {
        self != &Self::default()
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ROOT, transaction::Transactable};

    use super::super::*;

    /// A document written before this build's additions (no `wishes`, no `kind`/`main` on a
    /// diagnosis, no `may_decide`, `role`, `no_non_powered_fallback`, pump group) still loads,
    /// with every new field "not recorded".
    #[test]
    fn documents_without_the_new_fields_load() {
        let mut p = crate::sample::demo_profile();
        p.wishes.resuscitation = Some(Resuscitation::Full);
        let mut doc = automerge::AutoCommit::new();
        autosurgeon::reconcile(&mut doc, &p).expect("reconcile");
        doc.delete(ROOT, "wishes").expect("delete wishes");
        let back: Profile = autosurgeon::hydrate(&doc).expect("an older document loads");
        assert_eq!(back.wishes, Wishes::default());
        assert!(!back.wishes.is_recorded());
        let mut expected = p.clone();
        expected.wishes = Wishes::default();
        assert_eq!(back, expected);
        assert!(
            back.diagnoses
                .iter()
                .all(|(_, d)| d.kind.is_none() && d.main.is_none())
        );
    }

    #[test]
    fn old_json_without_the_new_fields_parses() {
        let json = r#"{"schema":1,"diagnoses":{"dx-1":{"name":"x","since":"2020-01-02"}},
            "contacts":{"ct-1":{"name":"y"}},"evacuation":{"helpers":{"help-1":{"name":"z"}}}}"#;
        let p: Profile = serde_json::from_str(json).expect("parses");
        let d = p.diagnoses.get("dx-1").expect("dx");
        assert_eq!(d.since, Date::from_ymd(2020, 1, 2).map(HistoryDate::from));
        assert_eq!(p.contacts.get("ct-1").expect("ct").may_decide, None);
        assert_eq!(p.wishes, Wishes::default());
    }

    #[test]
    fn limited_resuscitation_needs_its_limits() {
        let ctx = ValidationContext {
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("date"),
        };
        let mut p = Profile::empty();
        p.wishes.resuscitation = Some(Resuscitation::Limited);
        let err = p.validate(ctx).expect_err("no limits");
        assert_eq!(err.violations[0].field, "wishes.limits");
        p.wishes.limits = Some(Note::from("挿管はしない / no intubation"));
        assert!(p.validate(ctx).is_ok());
    }
}
