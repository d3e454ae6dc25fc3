//! `tsunagu history`: a profile's change log in words, newest first (above it, any field whose
//! values differ after concurrent edits: since when, and every value with its author), or the
//! provenance of one field (who last changed it, and when). Under `--json`:
//! `{profile_id, review_items, unverified, entries}`.

use std::collections::{HashMap, HashSet};

use clap::Args;
use tsunagu_core::document::changes::sentences;
use tsunagu_core::document::edit::EditSummary;
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::{Profile, Section};
use tsunagu_core::views::MarkKind;
use tsunagu_core::views::marks::marks;

use crate::error::Result;
use crate::output::{Output, local_time};
use crate::render::Words;
use crate::session::Session;

/// Arguments of `tsunagu history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Profile id
    pub profile: String,
    /// Show who last changed this field or entity instead (dotted path, e.g. `baseline.spo2_low`)
    #[arg(long, value_name = "PATH")]
    pub field: Option<String>,
    /// Show at most this many changes
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Runs `tsunagu history`.
pub fn run(session: &Session, args: &HistoryArgs, out: &mut Output) -> Result<()> {
    let (mut store, profile_id) = session.open_profile(&args.profile)?;
    let loc = session.localizer();
    if let Some(path) = &args.field {
        let provenance = store.provenance(&profile_id, path)?;
        if session.json {
            return out.json(&provenance);
        }
        let label = loc.field_label(path);
        match provenance {
            Some(p) => {
                let by = p.author.map(|a| format!(" {a}")).unwrap_or_default();
                out.line(format_args!("{label} ({path})"));
                out.line(format_args!(
                    "  {}{by}  [{}]",
                    local_time(p.at),
                    short_hash(&p.change)
                ));
            }
            None => out.line(format_args!("{label} ({path}): -")),
        }
        return Ok(());
    }
    let mut entries = store.history(&profile_id)?;
    if let Some(limit) = args.limit {
        entries.truncate(limit);
    }
    if session.json {
        // The open review items (fields with concurrent values, every value with its author and
        // time) and the values saved over a warning not yet checked, then the log. The JSON
        // contract of every command: the profile's id is `profile_id`, times are RFC 3339.
        return out.json(&serde_json::json!({
            "profile_id": args.profile,
            "review_items": store.review_items(&args.profile)?,
            "unverified": store.unverified_values(&args.profile)?,
            "entries": entries,
        }));
    }
    // Open review items first: when the values began to differ, and every value with its author.
    for line in review_lines(store.document(&profile_id)?, &loc)? {
        out.line(line);
    }
    let profile = store.profile(&profile_id)?;
    for line in LogWriter::new(&loc, Words::of(session.lang), profile).lines(&entries) {
        out.line(line);
    }
    Ok(())
}

/// One line per field whose values differ after concurrent edits: since when, and every value
/// with its author and time (above the change log here and on the desk).
pub fn review_lines(doc: &mut tsunagu_core::ProfileDoc, loc: &Localizer) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for m in marks(doc, loc)? {
        if m.kind != MarkKind::ValuesDiffer {
            continue;
        }
        let values: Vec<String> = m
            .values
            .iter()
            .map(|v| {
                let author = v
                    .written_by
                    .clone()
                    .unwrap_or_else(|| loc.message("history-author-unknown", &[]));
                let who = format!("{author} {}", local_time(v.written_at));
                loc.message("view-mark-value", &[("value", &v.value), ("who", &who)])
            })
            .collect();
        let since = m.values.iter().filter_map(|v| v.written_at).max();
        lines.push(loc.message(
            "review-history-item",
            &[
                ("field", &m.field),
                ("since", &local_time(since)),
                ("values", &values.join(" / ")),
            ],
        ));
    }
    Ok(lines)
}

/// Renders change-log entries in words.
///
/// The log records who made each change, not whom a verification names; for the newest
/// verification of a section the name comes from the mark the profile holds now, for older ones
/// the author stands in.
pub struct LogWriter<'a> {
    loc: &'a Localizer,
    words: Words,
    verifiers: HashMap<String, String>,
}

impl<'a> LogWriter<'a> {
    /// A writer for the log of `profile`.
    pub fn new(loc: &'a Localizer, words: Words, profile: &Profile) -> Self {
        let verifiers = profile
            .verifications
            .iter()
            .map(|(section, v)| (section.clone(), v.by.clone()))
            .collect();
        Self {
            loc,
            words,
            verifiers,
        }
    }

    /// One line per entry, in the order given (newest first).
    pub fn lines(&self, entries: &[HistoryEntry]) -> Vec<String> {
        let mut seen: HashSet<String> = HashSet::new();
        entries
            .iter()
            .map(|entry| {
                let author = entry.author.clone().unwrap_or_default();
                // Verifications are worded in log order (newest first) so the newest of a
                // section names its verifier; the sentences come out in the ops' order.
                let mut verifiers: HashMap<usize, String> = HashMap::new();
                for (i, op) in entry.ops.iter().enumerate() {
                    let verifier = verified_section(op)
                        .filter(|section| seen.insert((*section).to_owned()))
                        .and_then(|section| self.verifiers.get(section).cloned())
                        .unwrap_or_else(|| author.clone());
                    verifiers.insert(i, verifier);
                }
                let other = |op: &EditSummary| {
                    let i = entry
                        .ops
                        .iter()
                        .position(|o| std::ptr::eq(o, op))
                        .unwrap_or_default();
                    describe_op(self.loc, verifiers.get(&i).map_or("", String::as_str), op)
                };
                let parts = sentences(&entry.ops, &entry.changes, self.loc, &other);
                let summary = if parts.is_empty() {
                    self.loc.message("history-updated", &[])
                } else {
                    parts.join(self.words.list_sep)
                };
                let time = local_time(entry.at);
                match &entry.author {
                    Some(author) => self.loc.message(
                        "history-entry",
                        &[("time", &time), ("author", author), ("summary", &summary)],
                    ),
                    None => self.loc.message(
                        "history-entry-anonymous",
                        &[("time", &time), ("summary", &summary)],
                    ),
                }
            })
            .collect()
    }
}

/// The section an operation marks verified, if it does.
fn verified_section(op: &EditSummary) -> Option<&str> {
    match op.op.as_str() {
        "verify" => Some(op.path.as_str()),
        "add" => op
            .path
            .strip_prefix("verifications.")
            .filter(|rest| !rest.contains('.')),
        _ => None,
    }
}

/// One operation without values in words; `verifier` names who checked a section. Fields set
/// and entities added or removed read with their values through the core's `sentences`.
pub fn describe_op(loc: &Localizer, verifier: &str, op: &EditSummary) -> String {
    let parent = |path: &str| {
        path.rsplit_once('.')
            .map_or(path.to_owned(), |(p, _)| p.to_owned())
    };
    let section =
        |name: &str| Section::parse(name).map_or_else(|| name.to_owned(), |s| loc.label(&s.fluent_id()));
    // A patch that adds or removes a verification mark is logged as an add/remove under it.
    let mark = op
        .path
        .strip_prefix("verifications.")
        .filter(|rest| !rest.contains('.'));
    let verified = |name: &str| {
        loc.message(
            "history-verified",
            &[("by", verifier), ("section", &section(name))],
        )
    };
    let unverified = |name: &str| loc.message("history-unverified", &[("section", &section(name))]);
    let field = |path: &str| loc.field_label(path);
    match (op.op.as_str(), mark) {
        ("create", _) => loc.message("history-created", &[]),
        ("import", _) => loc.message("history-merged-import", &[]),
        ("resolve", _) => loc.message("history-resolved", &[("field", &field(&op.path))]),
        ("verify", _) => verified(&op.path),
        ("unverify", _) => unverified(&op.path),
        ("add", Some(name)) => verified(name),
        ("remove", Some(name)) => unverified(name),
        ("set", _) => loc.message("history-set", &[("field", &field(&op.path))]),
        ("clear", _) => loc.message("history-cleared", &[("field", &field(&op.path))]),
        ("add", None) => loc.message("history-added", &[("collection", &field(&parent(&op.path)))]),
        ("remove", None) => loc.message("history-removed", &[("collection", &field(&parent(&op.path)))]),
        ("move", _) => loc.message("history-moved", &[("collection", &field(&parent(&op.path)))]),
        ("confirm", _) => loc.message("history-confirmed", &[("field", &field(&op.path))]),
        ("name_device", _) => loc.message("history-named-device", &[("name", verifier)]),
        ("verify_value", _) => loc.message("history-value-verified", &[("field", &field(&op.path))]),
        (other, _) => format!("{other} {}", op.path).trim().to_owned(),
    }
}

/// The first 12 hex digits of a change hash.
pub fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::i18n::Lang;

    fn op(op: &str, path: &str) -> EditSummary {
        EditSummary {
            op: op.into(),
            path: path.into(),
        }
    }

    #[test]
    fn operations_read_as_sentences() {
        let loc = Localizer::new(Lang::Ja);
        assert_eq!(
            describe_op(&loc, "x", &op("set", "devices.dev-1.settings.ventilator.peep")),
            "人工呼吸器の設定 › PEEP（EPAP）を変更しました"
        );
        assert_eq!(
            describe_op(&loc, "x", &op("add", "evacuation.helpers.help-1")),
            "個別避難計画 › 避難支援等実施者を1件追加しました"
        );
        assert_eq!(
            describe_op(&loc, "佐藤", &op("verify", "evacuation")),
            "佐藤が個別避難計画を確認しました"
        );
        assert_eq!(
            describe_op(&loc, "x", &op("create", "")),
            "プロフィールを作成しました"
        );
    }

    #[test]
    fn newest_verification_names_the_verifier() {
        let loc = Localizer::new(Lang::Ja);
        let mut profile = Profile::empty();
        profile.verifications.insert(
            "evacuation".into(),
            tsunagu_core::model::Verification {
                by: "佐藤 みどり".into(),
                role: tsunagu_core::model::VerifierRole::Coordinator,
                on: tsunagu_core::model::Date(chrono::NaiveDate::MIN),
            },
        );
        let entry = |author: &str| HistoryEntry {
            hash: String::new(),
            actor: String::new(),
            author: Some(author.into()),
            at: None,
            ops: vec![op("verify", "evacuation")],
            changes: Vec::new(),
        };
        let lines = LogWriter::new(&loc, Words::of(Lang::Ja), &profile).lines(&[entry("新"), entry("旧")]);
        assert!(
            lines[0].ends_with("佐藤 みどりが個別避難計画を確認しました"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].ends_with("旧が個別避難計画を確認しました"),
            "{}",
            lines[1]
        );
    }
}
