//! `tsunagu review`: fields whose values differ after concurrent edits on different devices, each
//! with every value, who wrote it and when; `--resolve PATH --keep N` keeps one of them as a new
//! change that every device then agrees on. Also values saved over a plausibility warning that
//! nobody else has checked yet; `--verify PATH` is that check, by someone other than who saved
//! it (the views mark such a value "unverified" until then).

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
pub struct ReviewArgs {
    /// Profile id (every profile in the store when omitted)
    pub profile: Option<String>,
    /// Resolve the item at this field path (as listed)
    #[arg(long, value_name = "PATH", requires = "keep", requires = "profile")]
    pub resolve: Option<String>,
    /// Keep value number N of the item (as listed, from 1)
    #[arg(long, value_name = "N", requires = "resolve")]
    pub keep: Option<usize>,
    /// Verify the value at this field path, saved over a warning by someone else (as listed)
    #[arg(long, value_name = "PATH", requires = "profile", conflicts_with = "resolve")]
    pub verify: Option<String>,
}

/// Runs `tsunagu review`.
pub fn run(session: &Session, args: &ReviewArgs, out: &mut Output) -> Result<()> {
    let mut store = session.open_store()?;
    let loc = session.localizer();
    let profile = match &args.profile {
        Some(query) => Some(session.resolve(&mut store, query)?),
        None => None,
    };
    let profile = profile.as_ref();
    if let (Some(profile), Some(path), Some(keep)) = (profile, &args.resolve, args.keep) {
        let choice = keep
            .checked_sub(1)
            .ok_or_else(|| CliError::worded("cli-err-keep-from-one", &[]))?;
        let ctx = session.edit_context(&mut store, profile)?;
        store.resolve_review(profile, path, choice, &ctx)?;
        if session.json {
            return out.json(&json!({ "profile_id": profile, "resolved": path, "remaining": store.review_items(profile)?.len() }));
        }
        out.line(loc.message("review-resolved", &[("field", &loc.field_label(path))]));
        return Ok(());
    }
    if let (Some(profile), Some(path)) = (profile, &args.verify) {
        let ctx = session.edit_context(&mut store, profile)?;
        store.verify_value(profile, path, &ctx)?;
        if session.json {
            return out.json(&json!({ "profile_id": profile, "verified": path, "remaining": store.unverified_values(profile)?.len() }));
        }
        out.line(loc.message("review-verified", &[("field", &loc.field_label(path))]));
        return Ok(());
    }
    let ids = match profile {
        Some(p) => vec![p.clone()],
        None => store.list()?.into_iter().map(|s| s.id).collect(),
    };
    let mut all = Vec::new();
    for id in &ids {
        all.push((id.clone(), store.review_items(id)?, store.unverified_values(id)?));
    }
    if session.json {
        let rows: Vec<Value> = all
            .iter()
            .map(|(id, items, unverified)| json!({ "profile_id": id, "items": items, "unverified": unverified }))
            .collect();
        return out.json(&rows);
    }
    let count: usize = all.iter().map(|(_, items, u)| items.len() + u.len()).sum();
    if count == 0 {
        out.line(loc.message("review-none", &[]));
        return Ok(());
    }
    for (id, items, unverified) in &all {
        for item in items {
            for line in item_lines(&loc, id, item) {
                out.line(line);
            }
        }
        for u in unverified {
            let by = u
                .confirmed_by
                .clone()
                .unwrap_or_else(|| loc.message("history-author-unknown", &[]));
            let by = format!("{by} {}", local_time(u.confirmed_at));
            out.line(format!(
                "{id}  {}",
                loc.message(
                    "review-unverified",
                    &[
                        ("field", &loc.field_label(&u.path)),
                        ("path", &u.path),
                        ("by", &by)
                    ],
                )
            ));
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
