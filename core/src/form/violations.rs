//! A refused profile rule in the user's language, placed on its field: the typed model's
//! [`ValidationError`] carries English rules for developers and the CLI; a form (the desk, the
//! apps) needs "required" and the cross-field rules in Japanese or English, against the field
//! they are about. The rule text is never a value, so nothing typed is repeated.

use crate::i18n::Localizer;
use crate::model::ValidationError;

use super::{FormModel, Need};

/// One refused rule, for a form: the concrete path of the field it is about and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// Concrete dotted path (`allergies.items.alg-1.agent`).
    pub path: String,
    /// The problem in the localizer's language, naming the field by its label.
    pub message: String,
}

/// Cross-field rules of the typed model that have words of their own (rule → message id).
const RULES: &[(&str, &str)] = &[
    (
        "must be recorded when allergies are listed",
        "entry-rule-allergy-status-needed",
    ),
    (
        "cannot be none_known while allergies are listed",
        "entry-rule-allergy-none-known",
    ),
    // Pairs such as PEEP and PIP, or the low and high ends of a baseline.
    ("low end must not exceed high end", "entry-rule-low-high"),
];

/// Every broken rule of `error` in words, on the field it is about. An empty required field
/// (missing, null or blank) says so; a rule without words of its own says the value cannot be
/// saved as it is.
pub fn describe_violations(error: &ValidationError, l: &Localizer) -> Vec<FieldProblem> {
    error
        .violations
        .iter()
        .map(|v| {
            // serde names a missing field on the object holding it: "missing field `agent`".
            let (path, missing) = match v
                .rule
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                Some(name) if v.field.is_empty() => (name.to_owned(), true),
                Some(name) => (format!("{}.{name}", v.field), true),
                None => (v.field.clone(), false),
            };
            let required_field = FormModel::get()
                .field(&path)
                .is_some_and(|f| f.need == Need::Required);
            let id = if missing
                || v.rule == "is required"
                // A required field cleared: null where the type wants a value.
                || (required_field && v.rule.starts_with("expected"))
            {
                "entry-field-required"
            } else {
                RULES
                    .iter()
                    .find(|(rule, _)| *rule == v.rule)
                    .map_or("entry-field-not-accepted", |(_, id)| id)
            };
            let message = l.message(id, &[("field", &l.field_label(&path))]);
            FieldProblem { path, message }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::Violation;

    fn error(field: &str, rule: &str) -> ValidationError {
        ValidationError {
            violations: vec![Violation {
                field: field.into(),
                rule: rule.into(),
            }],
        }
    }

    #[test]
    fn a_missing_required_field_is_named_on_its_own_path_in_both_languages() {
        let e = error("allergies.items.alg-1", "missing field `agent`");
        let ja = describe_violations(&e, Localizer::shared(Lang::Ja));
        assert_eq!(ja[0].path, "allergies.items.alg-1.agent");
        assert!(ja[0].message.contains("入力"), "{}", ja[0].message);
        let en = describe_violations(&e, Localizer::shared(Lang::En));
        assert!(en[0].message.contains("required"), "{}", en[0].message);
        assert!(!en[0].message.contains("missing field"), "no developer words");
    }

    #[test]
    fn a_cleared_or_blank_required_field_is_required_and_other_rules_have_words() {
        let en = Localizer::shared(Lang::En);
        let cleared = describe_violations(&error("medications.med-1.name", "expected a string"), en);
        assert!(cleared[0].message.contains("required"), "{}", cleared[0].message);
        let blank = describe_violations(&error("contacts.ct-1.name", "is required"), en);
        assert!(blank[0].message.contains("required"), "{}", blank[0].message);
        let status = describe_violations(
            &error("allergies.status", "must be recorded when allergies are listed"),
            Localizer::shared(Lang::Ja),
        );
        assert_eq!(status[0].path, "allergies.status");
        assert!(!status[0].message.contains("must be"), "{}", status[0].message);
        // An optional field's type error is not called required.
        let other = describe_violations(&error("stock.stk-1.unit", "expected a string"), en);
        assert!(!other[0].message.contains("required"), "{}", other[0].message);
    }
}
