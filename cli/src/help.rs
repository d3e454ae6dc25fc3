//! `--help` in the user's language: the clap command is built from the derive (which checks the
//! structure), then walked, and every about and argument help is replaced by the Fluent message
//! keyed by its command path (core/locales/{ja,en}/help.ftl):
//!
//! - a command's about: `help-tsunagu` for the root, `help-profile`, `help-profile-create`…
//!   (the command path after `tsunagu`, joined by `-`);
//! - an argument of a command: `help-profile-create--json-file` (its id, `_` as `-`);
//! - an argument every command shares (`--lang`, `--json`, `--help`…): `help-arg-lang`;
//! - a command's examples, shown under its help: `example-tsunagu`, `example-profile-new`…
//!   (one command line per line).
//!
//! An argument with a fixed set of values, a default or an environment variable names them in its
//! message (clap's own `[possible values: …]`, `[default: …]`, `[env: …]` would stay English); a
//! test checks each is named in both languages. The language comes
//! from `--lang` found on the command line before parsing, then `TSUNAGU_LANG`, then `LANG`.

use std::ffi::OsString;

use clap::{Arg, Command, ValueEnum};
use tsunagu_core::i18n::{Lang, Localizer};

use crate::session::LangArg;

/// The language `--help` is shown in: `--lang` among `args` (before clap parses them: help is
/// printed while parsing), else `TSUNAGU_LANG`, else `LANG`. `ja+en` shows Japanese.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut found = None;
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            iter.next()
        } else {
            arg.strip_prefix("--lang=")
        };
        if let Some(v) = value.and_then(|v| <LangArg as ValueEnum>::from_str(v, true).ok()) {
            found = Some(v);
        }
    }
    LangArg::resolve(found).langs()[0]
}

/// `cmd` (the derive's command) with its help in `lang`.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    cmd.build();
    let l = Localizer::shared(lang);
    walk(cmd, &[], l, true)
}

/// The Fluent id of a command's about (`path` after `tsunagu`).
pub fn command_id(path: &[&str]) -> String {
    if path.is_empty() {
        "help-tsunagu".to_owned()
    } else {
        format!("help-{}", path.join("-"))
    }
}

/// The Fluent id of a command's examples (`path` after `tsunagu`).
pub fn example_id(path: &[&str]) -> String {
    if path.is_empty() {
        "example-tsunagu".to_owned()
    } else {
        format!("example-{}", path.join("-"))
    }
}

/// The examples block under a command's help: the heading, then each line indented.
fn examples(l: &Localizer, path: &[&str]) -> String {
    let lines: Vec<String> = l
        .message(&example_id(path), &[])
        .lines()
        .map(|line| format!("  {}", line.trim()))
        .collect();
    format!(
        "{}:\n{}",
        l.message("help-heading-examples", &[]),
        lines.join("\n")
    )
}

/// The Fluent id of an argument's help.
pub fn arg_id(path: &[&str], arg: &Arg) -> String {
    let id = arg.get_id().as_str().replace('_', "-");
    if arg.is_global_set() || is_builtin(arg) {
        format!("help-arg-{id}")
    } else {
        format!("{}--{id}", command_id(path))
    }
}

/// clap's own `--help` and `--version`.
fn is_builtin(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

fn walk(cmd: Command, path: &[&str], l: &Localizer, root: bool) -> Command {
    let name = cmd.get_name().to_owned();
    let mut path: Vec<&str> = path.to_vec();
    if !root {
        path.push(&name);
    }
    let about = l.message(&command_id(&path), &[]);
    let mut cmd = cmd
        .about(about)
        .long_about(None::<&'static str>)
        .after_help(examples(l, &path))
        .help_template(template(l))
        .subcommand_help_heading(heading(l, "help-heading-commands"))
        .disable_colored_help(true);
    let ids: Vec<(clap::Id, String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), arg_id(&path, a), a.is_positional()))
        .collect();
    for (id, fluent, positional) in ids {
        let heading = heading(
            l,
            if positional {
                "help-heading-arguments"
            } else {
                "help-heading-options"
            },
        );
        let text = l.message(&fluent, &[]);
        cmd = cmd.mut_arg(id, |a| {
            a.help(text)
                .long_help(None::<&'static str>)
                .hide_possible_values(true)
                .hide_default_value(true)
                .hide_env(true)
                .help_heading(heading)
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for sub in names {
        if sub == "help" {
            // clap's `help` subcommand: its about only (its own subcommands mirror the real ones).
            let about = l.message("help-cmd-help", &[]);
            cmd = cmd.mut_subcommand(&sub, |s| s.about(about).long_about(None::<&'static str>));
            continue;
        }
        let path_now: Vec<&str> = path.clone();
        cmd = cmd.mut_subcommand(&sub, |s| walk(s, &path_now, l, false));
    }
    cmd
}

/// A heading's words for clap, which keeps headings as `&'static str`: each heading of each
/// language is made once per process and kept (a few short strings).
fn heading(l: &Localizer, id: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MADE: OnceLock<Mutex<HashMap<(&'static str, &'static str), &'static str>>> = OnceLock::new();
    let mut made = MADE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    made.entry((l.lang().as_str(), id))
        .or_insert_with(|| Box::leak(l.message(id, &[]).into_boxed_str()))
}

/// clap's default layout with the usage heading in `l`'s language (clap adds the colon to the
/// other headings itself).
fn template(l: &Localizer) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        l.message("help-heading-usage", &[])
    )
}

#[cfg(test)]
mod tests {
    // Test code: a failed unwrap is a failed test, with its location.
    #![allow(clippy::unwrap_used)]

    use clap::CommandFactory;

    use super::*;

    /// Every (message id, possible values) the command line needs, walking the built command.
    fn needed() -> Vec<(String, Vec<String>)> {
        fn visit(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            out.push((command_id(&p), Vec::new()));
            out.push((example_id(&p), Vec::new()));
            for a in cmd.get_arguments() {
                // What clap would have shown itself: the values, the default, the variable.
                let mut values: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_owned())
                    .collect();
                if a.get_action().takes_values() {
                    values.extend(
                        a.get_default_values()
                            .iter()
                            .map(|v| v.to_string_lossy().into_owned()),
                    );
                }
                values.extend(a.get_env().map(|e| e.to_string_lossy().into_owned()));
                out.push((arg_id(&p, a), values));
            }
            for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                path.push(s.get_name().to_owned());
                visit(s, path, out);
                path.pop();
            }
        }
        let mut cmd = crate::Cli::command();
        cmd.build();
        let mut out = Vec::new();
        visit(&cmd, &mut Vec::new(), &mut out);
        out.push(("help-cmd-help".into(), Vec::new()));
        for h in ["usage", "commands", "arguments", "options", "examples"] {
            out.push((format!("help-heading-{h}"), Vec::new()));
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_command_and_argument_has_help_in_japanese_and_english() {
        let needed = needed();
        assert!(
            needed.len() > 100,
            "the walk found the commands ({})",
            needed.len()
        );
        for lang in [Lang::Ja, Lang::En] {
            let l = Localizer::new(lang);
            let missing: Vec<&str> = needed
                .iter()
                .filter(|(id, _)| !l.has(id))
                .map(|(id, _)| id.as_str())
                .collect();
            assert!(
                missing.is_empty(),
                "help messages missing in {lang:?} help.ftl: {missing:#?}"
            );
            for (id, values) in &needed {
                let text = l.message(id, &[]);
                for v in values {
                    assert!(
                        text.contains(v.as_str()),
                        "{lang:?} {id} does not name its value `{v}`: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_help_message_is_left_over() {
        let needed: Vec<String> = needed().into_iter().map(|(id, _)| id).collect();
        for file in [
            include_str!("../../core/locales/ja/help.ftl"),
            include_str!("../../core/locales/en/help.ftl"),
        ] {
            for line in file.lines() {
                // A message starts at the line's start; its other lines are indented.
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                if id.starts_with([' ', '#']) {
                    continue;
                }
                assert!(
                    needed.iter().any(|n| n == id),
                    "help.ftl has `{id}`, which no command uses"
                );
            }
        }
    }

    #[test]
    fn every_example_runs_a_real_command_line() {
        // Each example line parses with the real command (so an example cannot name a flag that
        // does not exist), in both languages.
        let needed = needed();
        for lang in [Lang::Ja, Lang::En] {
            let l = Localizer::new(lang);
            for (id, _) in needed.iter().filter(|(id, _)| id.starts_with("example-")) {
                let text = l.message(id, &[]);
                assert!(text.starts_with("tsunagu "), "{lang:?} {id}: {text}");
                for line in text.lines() {
                    let args = shell_words(line.split(" > ").next().unwrap_or(line));
                    let parsed = crate::Cli::command().try_get_matches_from(&args);
                    assert!(
                        parsed.is_ok(),
                        "{lang:?} {id}: `{line}` does not parse: {parsed:?}"
                    );
                }
            }
        }
    }

    /// Splits a command line on spaces, keeping quoted ('…' or "…") words whole.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = vec![String::new()];
        let mut quote = None;
        for c in line.trim().chars() {
            match (c, quote) {
                ('\'' | '"', None) => quote = Some(c),
                (c, Some(q)) if c == q => quote = None,
                (' ', None) => words.push(String::new()),
                (c, _) => words.last_mut().unwrap().push(c),
            }
        }
        words.retain(|w| !w.is_empty());
        words
    }

    #[test]
    fn lang_is_found_on_the_command_line_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["tsunagu", "--lang", "en", "--help"])), Lang::En);
        assert_eq!(
            lang_of(&args(&["tsunagu", "profile", "--lang=ja", "--help"])),
            Lang::Ja
        );
        assert_eq!(lang_of(&args(&["tsunagu", "--lang=ja+en"])), Lang::Ja);
    }

    #[test]
    fn the_localized_command_still_checks_and_parses() {
        let cmd = localize(crate::Cli::command(), Lang::Ja);
        cmd.clone().debug_assert();
        let m = cmd
            .try_get_matches_from(["tsunagu", "--lang", "en", "fields", "--section", "child"])
            .unwrap();
        assert!(m.subcommand_matches("fields").is_some());
    }
}
