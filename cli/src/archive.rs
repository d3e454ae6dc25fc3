//! `tsunagu profile archive|unarchive|delete`: this device's housekeeping of its profiles.
//! Archiving only hides a profile from this device's lists; deleting removes this device's copy
//! after a confirmation, and a shared profile stays with the other members. The desk does the
//! same from a child's page (desk/archive.rs), with [`live_share_links`] guarding deletion.

use std::io::BufRead;

use serde_json::json;
use tsunagu_core::ProfileStore;

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::session::Session;

/// `profile archive PROFILE` (`archive`) or `profile unarchive PROFILE`.
pub fn archive(session: &Session, query: &str, archive: bool, out: &mut Output) -> Result<()> {
    let (mut store, id) = session.open_profile(query)?;
    let changed = store.set_archived(&id, archive)?;
    if session.json {
        return out.json(&json!({ "profile_id": id, "archived": archive, "changed": changed }));
    }
    let message = match (archive, changed) {
        (true, true) => "cli-profile-archived-done",
        (true, false) => "cli-profile-already-archived",
        (false, true) => "cli-profile-unarchived-done",
        (false, false) => "cli-profile-not-archived",
    };
    out.line(session.localizer().message(message, &[("profile", &id)]));
    Ok(())
}

/// `profile delete PROFILE [--yes]`.
pub fn delete(session: &Session, query: &str, yes: bool, out: &mut Output) -> Result<()> {
    let (mut store, id) = session.open_profile(query)?;
    let l = session.localizer();
    let live_links = live_share_links(&store, &id)?;
    if live_links > 0 {
        // Their records hold the only way to revoke them from this device.
        return Err(CliError::worded(
            "cli-err-delete-live-links",
            &[("profile", &id), ("count", &live_links.to_string())],
        ));
    }
    let shared = store.sync_state(&id)?.is_some();
    if !yes {
        eprintln!("{}", l.message("cli-profile-delete-warning", &[("profile", &id)]));
        if shared {
            eprintln!("{}", l.message("cli-profile-delete-shared", &[]));
        }
        eprint!("{} ", l.message("cli-profile-delete-confirm", &[]));
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| CliError::Failure(format!("cannot read the answer: {e}")))?;
        if !is_yes(&answer) {
            return Err(CliError::worded("cli-err-delete-not-confirmed", &[]));
        }
    }
    let outcome = store.delete_local(&id)?;
    if session.json {
        return out.json(&json!({
            "profile_id": id,
            "deleted": true,
            "was_shared": outcome.was_shared,
            "share_links_removed": outcome.share_links_removed,
        }));
    }
    out.line(l.message("cli-profile-deleted", &[("profile", &id)]));
    if outcome.was_shared {
        out.line(l.message("cli-profile-deleted-shared", &[]));
    }
    Ok(())
}

/// How many share links of profile `id` still work. A local copy is not deleted while any do
/// (here and in the desk): their records hold the only way to revoke them from this device.
pub fn live_share_links(store: &ProfileStore, id: &str) -> Result<usize> {
    let now = chrono::Utc::now().timestamp_millis();
    Ok(store
        .share_links(Some(id))?
        .iter()
        .filter(|link| link.is_active(now))
        .count())
}

/// A yes in either language: `y`, `yes`, `はい` (any width or case).
fn is_yes(answer: &str) -> bool {
    let answer = tsunagu_core::store::search_key(answer);
    matches!(answer.as_str(), "y" | "yes" | "はい")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_clear_yes_confirms() {
        for yes in ["y\n", "YES", " はい ", "ｙ"] {
            assert!(super::is_yes(yes), "{yes}");
        }
        for no in ["", "\n", "n", "no", "いいえ", "yess"] {
            assert!(!super::is_yes(no), "{no}");
        }
    }
}
