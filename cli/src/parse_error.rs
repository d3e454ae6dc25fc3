//! clap's own parse errors (an unknown option, a missing or bad value, a missing command…) in
//! the user's language: the error's kind and context (the argument, the value, clap's
//! suggestions, the usage line) are put into Fluent messages of cli.ftl (`cli-parse-…`), so
//! nothing of clap's English reaches the user. Exit code 2 as clap's own; under `--json` the
//! error is JSON on stdout like every other error.
//!
//! Value parsers of this crate fail with a [`ValueWords`] (a Fluent id and its arguments), found
//! again here through the error's source.

use std::error::Error as _;
use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use tsunagu_core::i18n::{Lang, Localizer};

/// Why a value parser refused a value: message `id` of cli.ftl with its arguments. `Display`
/// is English (clap keeps it as the error's source; [`render`] shows it in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueWords {
    /// The Fluent message id (`cli-value-…`).
    pub id: &'static str,
    /// Its arguments.
    pub args: Vec<(&'static str, String)>,
}

impl ValueWords {
    /// Message `id` without arguments.
    pub fn new(id: &'static str) -> Self {
        Self { id, args: Vec::new() }
    }

    /// Message `id` with one argument.
    pub fn with(id: &'static str, name: &'static str, value: impl ToString) -> Self {
        Self {
            id,
            args: vec![(name, value.to_string())],
        }
    }

    /// The message in `l`'s language.
    pub fn text(&self, l: &Localizer) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        l.message(self.id, &args)
    }
}

impl std::fmt::Display for ValueWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Localizer::shared(Lang::En)))
    }
}

impl std::error::Error for ValueWords {}

/// A whole number from `min` to `max` (the parser of `--max-attempts`, `--expires-hours`).
pub fn whole_in<T>(min: T, max: T) -> impl Fn(&str) -> Result<T, ValueWords> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display + Send + Sync + 'static,
{
    move |text: &str| {
        let n: T = text
            .trim()
            .parse()
            .map_err(|_| ValueWords::new("cli-value-whole-number"))?;
        if n < min || n > max {
            return Err(ValueWords {
                id: "cli-value-range",
                args: vec![("min", min.to_string()), ("max", max.to_string())],
            });
        }
        Ok(n)
    }
}

/// True when `--json` is among `args` (before clap parses them: the error comes from parsing).
pub fn json_of(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .map_while(|a| a.to_str().filter(|a| *a != "--"))
        .any(|a| a == "--json")
}

/// Shows clap's error `e` in `lang` and exits: 0 for `--help`/`--version`, 2 for anything the
/// command line got wrong. Help and version (already in the user's language) are clap's own.
pub fn exit(e: &clap::Error, lang: Lang, json: bool) -> ! {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit()
    }
    let l = Localizer::shared(lang);
    let (message, usage) = render(e, l);
    if json {
        let error = serde_json::json!({ "error": { "code": "usage", "message": message, "field": null } });
        println!("{error}");
    } else {
        let mut text = format!("tsunagu: {}: {message}", l.message("cli-error-prefix", &[]));
        if let Some(usage) = usage {
            text.push_str("\n\n");
            text.push_str(&l.message("cli-parse-usage", &[("usage", &usage)]));
        }
        text.push_str("\n\n");
        text.push_str(&l.message("cli-parse-more", &[]));
        eprintln!("{text}");
    }
    std::process::exit(2)
}

/// The error's message in `l`'s language (one or more lines), and its usage line if clap made
/// one (the command's usage, without clap's English title).
pub fn render(e: &clap::Error, l: &Localizer) -> (String, Option<String>) {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => {
            Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
        }
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let msg = |id: &str, args: &[(&str, &str)]| l.message(id, args);
    let mut lines = vec![match e.kind() {
        ErrorKind::UnknownArgument => msg("cli-parse-unknown-argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            msg("cli-parse-unknown-command", &[("arg", &name)])
        }
        ErrorKind::InvalidValue if value.is_empty() => msg("cli-parse-missing-value", &[("arg", &arg)]),
        ErrorKind::InvalidValue => msg("cli-parse-invalid-value", &[("value", &value), ("arg", &arg)]),
        ErrorKind::ValueValidation => match reason(e, l) {
            Some(reason) => msg(
                "cli-parse-invalid-value-reason",
                &[("value", &value), ("arg", &arg), ("reason", &reason)],
            ),
            None => msg("cli-parse-invalid-value", &[("value", &value), ("arg", &arg)]),
        },
        ErrorKind::MissingRequiredArgument => msg("cli-parse-missing-required", &[("args", &arg)]),
        ErrorKind::MissingSubcommand => {
            let command = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            let commands = get(ContextKind::ValidSubcommand).unwrap_or_default();
            msg(
                "cli-parse-missing-command",
                &[("command", &command), ("commands", &commands)],
            )
        }
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(other) if other != arg => msg("cli-parse-conflict", &[("arg", &arg), ("other", &other)]),
            _ => msg("cli-parse-conflict-self", &[("arg", &arg)]),
        },
        ErrorKind::NoEquals => msg("cli-parse-no-equals", &[("arg", &arg)]),
        ErrorKind::TooManyValues => msg("cli-parse-too-many-values", &[("value", &value), ("arg", &arg)]),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = get(ContextKind::ExpectedNumValues)
                .or_else(|| get(ContextKind::MinValues))
                .unwrap_or_default();
            let actual = get(ContextKind::ActualNumValues).unwrap_or_default();
            msg(
                "cli-parse-wrong-number",
                &[("arg", &arg), ("expected", &expected), ("actual", &actual)],
            )
        }
        ErrorKind::InvalidUtf8 => msg("cli-parse-not-utf8", &[]),
        _ => msg("cli-parse-other", &[]),
    }];
    if matches!(e.kind(), ErrorKind::InvalidValue)
        && !value.is_empty()
        && let Some(values) = get(ContextKind::ValidValue)
    {
        lines.push(msg("cli-parse-possible-values", &[("values", &values)]));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(suggestion) = get(kind) {
            lines.push(msg("cli-parse-did-you-mean", &[("suggestion", &suggestion)]));
        }
    }
    if let Some(ContextValue::Bool(true)) = e.get(ContextKind::TrailingArg) {
        lines.push(msg("cli-parse-as-value", &[("arg", &arg)]));
    }
    let usage = get(ContextKind::Usage).map(|u| {
        let u = u.trim();
        u.split_once(':')
            .filter(|(title, _)| !title.contains(' ') || title.starts_with("Usage"))
            .map_or(u, |(_, rest)| rest.trim())
            .to_owned()
    });
    (lines.join("\n  "), usage)
}

/// Why a value was refused, in `l`'s language: this crate's [`ValueWords`], or the standard
/// parse errors of numbers and dates; `None` for anything else (the message then names the
/// value and the argument only, never clap's English).
fn reason(e: &clap::Error, l: &Localizer) -> Option<String> {
    let source = e.source()?;
    if let Some(words) = source.downcast_ref::<ValueWords>() {
        return Some(words.text(l));
    }
    let id = if source.is::<std::num::ParseIntError>() {
        "cli-value-whole-number"
    } else if source.is::<std::num::ParseFloatError>() {
        "cli-value-number"
    } else if source.is::<chrono::ParseError>() {
        "cli-value-date"
    } else {
        return None;
    };
    Some(l.message(id, &[]))
}

#[cfg(test)]
mod tests {
    // Test code: a failed unwrap is a failed test, with its location.
    #![allow(clippy::unwrap_used)]

    use clap::CommandFactory;

    use super::*;

    fn error_of(args: &[&str], lang: Lang) -> (clap::Error, String) {
        let cmd = crate::help::localize(crate::Cli::command(), lang);
        let e = cmd.try_get_matches_from(args).unwrap_err();
        let (message, _) = render(&e, Localizer::shared(lang));
        (e, message)
    }

    #[test]
    fn every_kind_the_cli_can_hit_has_words_in_both_languages() {
        let cases: &[(&[&str], ErrorKind, &str, &str)] = &[
            (
                &["tsunagu", "fields", "--sectoin", "child"],
                ErrorKind::UnknownArgument,
                "「--sectoin」という指定はありません",
                "unknown option or argument '--sectoin'",
            ),
            (
                &["tsunagu", "feilds"],
                ErrorKind::InvalidSubcommand,
                "「feilds」というコマンドはありません",
                "did you mean 'fields'?",
            ),
            (
                &["tsunagu", "fields", "--section"],
                ErrorKind::InvalidValue,
                "には値が必要です",
                "needs a value",
            ),
            (
                &["tsunagu", "view", "p-1", "--audience", "teacher"],
                ErrorKind::InvalidValue,
                "使える値: shelter",
                "possible values: shelter",
            ),
            (
                &["tsunagu", "share", "create", "p-1", "--expires", "7y"],
                ErrorKind::ValueValidation,
                "単位は s、m、h、d、w",
                "the unit must be s, m, h, d or w",
            ),
            (
                &["tsunagu", "share", "create", "p-1", "--max-attempts", "0"],
                ErrorKind::ValueValidation,
                "1 から 100 までの値",
                "a value from 1 to 100",
            ),
            (
                &["tsunagu", "edit"],
                ErrorKind::MissingRequiredArgument,
                "必要な指定がありません: ",
                "required but not given: ",
            ),
        ];
        for (args, kind, ja, en) in cases {
            let (e, text) = error_of(args, Lang::Ja);
            assert_eq!(e.kind(), *kind, "{args:?}: {e}");
            assert!(text.contains(ja), "{args:?} in ja: {text}");
            if *kind == ErrorKind::MissingRequiredArgument {
                assert!(text.contains("<PROFILE>"), "{text}");
            }
            assert!(!text.contains("error:"), "{text}");
            let (_, text) = error_of(args, Lang::En);
            assert!(text.contains(en), "{args:?} in en: {text}");
        }
    }

    #[test]
    fn json_is_found_before_the_double_dash_only() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(json_of(&args(&["tsunagu", "--json", "feilds"])));
        assert!(!json_of(&args(&["tsunagu", "edit", "--", "--json"])));
        assert!(!json_of(&args(&["tsunagu", "fields"])));
    }

    #[test]
    fn whole_numbers_are_bounded() {
        let p = whole_in(1u32, 100);
        assert_eq!(p("7"), Ok(7));
        assert_eq!(p("0").unwrap_err().id, "cli-value-range");
        assert_eq!(p("x").unwrap_err().id, "cli-value-whole-number");
    }
}
