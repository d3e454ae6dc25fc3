//! `tsunagu fields [--section S]`: the form model as a list — each field's path, label in the
//! user's language, input kind (with its unit or choices) and whether it is required or
//! recommended. The paths are the ones `edit --set` takes (put the entity id after the
//! collection: `devices.ID.settings.ventilator.peep`).

use clap::Args;
use serde_json::json;
use tsunagu_core::form::{FormField, FormModel, InputKind, Need};

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::session::Session;

/// Arguments of `tsunagu fields`.
#[derive(Debug, Args)]
pub struct FieldsArgs {
    /// Only this section (`child`, `devices`, `medications`…)
    #[arg(long, value_name = "SECTION")]
    pub section: Option<String>,
}

/// Runs `tsunagu fields`.
pub fn run(session: &Session, args: &FieldsArgs, out: &mut Output) -> Result<()> {
    let l = session.localizer();
    let model = FormModel::get();
    let sections: Vec<_> = match &args.section {
        Some(s) => vec![model.section(s).ok_or_else(|| {
            CliError::bad_input(l.message("cli-unknown-section", &[("section", s.as_str())]))
        })?],
        None => model.sections.iter().collect(),
    };
    if session.json {
        let list: Vec<_> = sections
            .iter()
            .flat_map(|s| s.fields.iter())
            .map(|f| {
                json!({
                    "path": f.key,
                    "label": f.label(&l),
                    "help": f.help(&l),
                    "input": f.input,
                    "need": f.need,
                    "hard_range": f.hard_range,
                    "plausible_range": f.plausible_range,
                    "device_kind": f.device_kind.map(|k| k.as_str()),
                })
            })
            .collect();
        return out.json(&list);
    }
    for s in sections {
        out.line(format_args!("# {} ({})", s.label(&l), s.key));
        let rows: Vec<Vec<String>> = s
            .fields
            .iter()
            .map(|f| {
                vec![
                    f.key.clone(),
                    f.label(&l),
                    kind_text(f, &l),
                    need_text(f.need, &l),
                ]
            })
            .collect();
        out.table(
            &[
                &l.message("cli-fields-path", &[]),
                &l.message("cli-fields-label", &[]),
                &l.message("cli-fields-kind", &[]),
                &l.message("cli-fields-need", &[]),
            ],
            &rows,
        );
        out.blank();
    }
    Ok(())
}

/// The kind in words: `number (cmH2O)`, `choice: 女, 男, その他`.
fn kind_text(f: &FormField, l: &tsunagu_core::i18n::Localizer) -> String {
    let name = l.message(&format!("cli-kind-{}", f.input.name()), &[]);
    match &f.input {
        InputKind::Number { unit, .. } if !unit.is_empty() => format!("{name} ({})", l.unit(unit)),
        InputKind::Choice {
            options,
            fluent_prefix,
        }
        | InputKind::ChoiceList {
            options,
            fluent_prefix,
        } => {
            let labels: Vec<String> = options
                .iter()
                .map(|o| l.label(&format!("{fluent_prefix}-{o}")))
                .collect();
            format!("{name}: {}", labels.join(", "))
        }
        _ => name,
    }
}

fn need_text(need: Need, l: &tsunagu_core::i18n::Localizer) -> String {
    match need {
        Need::Required => l.message("cli-need-required", &[]),
        Need::Recommended => l.message("cli-need-recommended", &[]),
        Need::Optional => String::new(),
    }
}
