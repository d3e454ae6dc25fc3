//! `tsunagu review`: fields whose values differ after concurrent edits on different devices, each
//! with every value, who wrote it and when; `--resolve PATH --keep N` keeps one of them as a new
//! change that every device then agrees on.

use clap::Args;
use serde_json::{Value, json};
use tsunagu_core::ProfileStore;
use tsunagu_core::document::review::{ConcurrentValue, ReviewItem};
use tsunagu_core::i18n::Localizer;

use crate::error::{CliError, Result};
use crate::output::{Output, local_time};
use crate::session::Session;

/// Arguments of `tsunagu review`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tsunagu review\n  tsunagu review p-xxxx\n  \
                        tsunagu review p-xxxx --resolve devices.dev-vent.settings.ventilator.peep --keep 2")]
pub struct ReviewArgs {
    /// Profile id (every profile in the store when omitted)
    pub profile: Option<String>,
    /// Resolve the item at this field path (as listed)
    #[arg(long, value_name = "PATH", requires = "keep", requires = "profile")]
    pub resolve: Option<String>,
    /// Keep value number N of the item (as listed, from 1)
    #[arg(long, value_name = "N", requires = "resolve")]
    pub keep: Option<usize>,
}

/// Runs `tsunagu review`.
pub fn run(session: &Session, args: &ReviewArgs, out: &mut Output) -> Result<()> {
    let mut store = session.open_store()?;
    let loc = session.localizer();
    if let (Some(profile), Some(path), Some(keep)) = (&args.profile, &args.resolve, args.keep) {
        let choice = keep
            .checked_sub(1)
            .ok_or_else(|| CliError::worded("cli-err-keep-from-one", &[]))?;
        store.resolve_review(profile, path, choice, &session.edit_context())?;
        if session.json {
            return out.json(&json!({ "profile_id": profile, "resolved": path, "remaining": store.review_items(profile)?.len() }));
        }
        out.line(loc.message("review-resolved", &[("field", &loc.field_label(path))]));
        return Ok(());
    }
    let ids = match &args.profile {
        Some(p) => vec![p.clone()],
        None => store.list()?.into_iter().map(|s| s.id).collect(),
    };
    let mut all = Vec::new();
    for id in &ids {
        all.push((id.clone(), store.review_items(id)?));
    }
    if session.json {
        let rows: Vec<Value> = all
            .iter()
            .map(|(id, items)| json!({ "profile_id": id, "items": items }))
            .collect();
        return out.json(&rows);
    }
    let count: usize = all.iter().map(|(_, items)| items.len()).sum();
    if count == 0 {
        out.line(loc.message("review-none", &[]));
        return Ok(());
    }
    for (id, items) in &all {
        for item in items {
            for line in item_lines(&loc, id, item) {
                out.line(line);
            }
        }
    }
    Ok(())
}

/// An item as lines: the field, then its values numbered from 1.
fn item_lines(loc: &Localizer, profile: &str, item: &ReviewItem) -> Vec<String> {
    let mut lines = vec![format!(
        "{profile}  {} ({}): {}",
        loc.field_label(&item.path),
        item.path,
        loc.message("review-values-differ", &[])
    )];
    for (i, v) in item.values.iter().enumerate() {
        lines.push(format!("  {}) {}", i + 1, value_line(loc, v)));
    }
    lines
}

fn value_line(loc: &Localizer, v: &ConcurrentValue) -> String {
    let value = match &v.value {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    let who = v.written.as_ref().map(|w| {
        let author = w
            .author
            .clone()
            .unwrap_or_else(|| loc.message("history-author-unknown", &[]));
        loc.message(
            "review-written-by",
            &[("author", &author), ("at", &local_time(w.at))],
        )
    });
    let shown = if v.shown {
        format!("  [{}]", loc.message("review-value-shown", &[]))
    } else {
        String::new()
    };
    format!("{value} — {}{shown}", who.unwrap_or_default())
}

/// How many review items `profile` has: `sync` reports it after merging (0 on any failure to
/// read, which `sync` has already reported).
pub fn count(store: &mut ProfileStore, profile: &str) -> usize {
    store.review_items(profile).map(|items| items.len()).unwrap_or(0)
}
