//! The demo's words and small helpers: the relay's start, sync reports and statuses in the
//! user's language, the byte scan of a database's files, and facts read from a profile tree.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use tsunagu_core::ProfileStore;
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::i18n::Lang;
use tsunagu_core::model::Section;
use tsunagu_core::sync::{SyncReport, SyncStatus};
use tsunagu_relay::{RelayConfig, RunningRelay};

use crate::error::{CliError, Result};
use crate::render::{Labels, Node, scalar};

/// Starts the relay on `addr` with its database at `db`. After a restart on the same address the
/// OS may take a moment to free the port, so binding is retried for up to about 2 s.
pub(super) async fn start_relay(addr: SocketAddr, db: &Path) -> Result<RunningRelay> {
    let mut last = None;
    for _ in 0..40 {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => {
                return tsunagu_relay::spawn(listener, RelayConfig::new(db))
                    .await
                    .map_err(relay_error);
            }
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(CliError::Failure(format!(
        "cannot start the relay on {addr}: {}",
        last.map_or_else(String::new, |e| e.to_string())
    )))
}

pub(super) fn relay_error(e: tsunagu_relay::Error) -> CliError {
    CliError::Failure(format!("relay: {e}"))
}

/// The link with everything after '#' (the invite's secret and signed invite) replaced by `shown`.
pub(super) fn elide_fragment(link: &str, shown: &str) -> String {
    match link.split_once('#') {
        Some((visible, _)) => format!("{visible}#{shown}"),
        None => link.to_owned(),
    }
}

pub(super) fn status_words(lang: Lang, status: SyncStatus) -> &'static str {
    match (lang, status) {
        (Lang::Ja, SyncStatus::Synced) => "同期済み",
        (Lang::Ja, SyncStatus::Offline) => "オフライン",
        (Lang::En, SyncStatus::Synced) => "synced",
        (Lang::En, SyncStatus::Offline) => "offline",
        (Lang::Ja, SyncStatus::WaitingForOwner) => "保護者の端末から鍵が届くのを待っています",
        (Lang::En, SyncStatus::WaitingForOwner) => "waiting for the key from the parent's device",
    }
}

/// "0/5 件" / "0 of 5 found".
pub(super) fn found_words(lang: Lang, found: usize, of: usize) -> String {
    match lang {
        Lang::Ja => format!("{found}/{of} 件"),
        Lang::En => format!("{found} of {of} found"),
    }
}

/// "受信 2 件、送信 1 件 — 同期済み" / "pulled 2, pushed 1 — synced".
pub(super) fn report_words(lang: Lang, report: &SyncReport) -> String {
    let status = status_words(lang, report.status);
    match lang {
        Lang::Ja => format!("受信 {} 件、送信 {} 件 — {status}", report.pulled, report.pushed),
        Lang::En => format!("pulled {}, pushed {} — {status}", report.pulled, report.pushed),
    }
}

pub(super) fn sorted_heads(store: &mut ProfileStore, id: &str) -> Result<Vec<String>> {
    let mut heads: Vec<String> = store
        .document(id)?
        .heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    heads.sort();
    Ok(heads)
}

/// What a byte search of a database's files found.
pub(super) struct Scan {
    /// Files searched: name and size.
    pub(super) files: Vec<(String, u64)>,
    /// Bytes searched in all.
    pub(super) bytes: u64,
    /// The markers found.
    pub(super) found: Vec<String>,
}

impl Scan {
    /// "relay.sqlite3 (77824 bytes)".
    pub(super) fn describe(&self) -> String {
        let Some((first, _)) = self.files.first() else {
            return "-".to_owned();
        };
        let mut names = first.clone();
        for (name, _) in &self.files[1..] {
            names.push_str(" + ");
            names.push_str(name.strip_prefix(first.as_str()).unwrap_or(name));
        }
        format!("{names} ({} bytes)", self.bytes)
    }

    pub(super) fn to_json(&self) -> serde_json::Value {
        json!({
            "files": self.files.iter().map(|(name, len)| json!({ "file": name, "bytes": len })).collect::<Vec<_>>(),
            "bytes": self.bytes,
            "found": self.found,
        })
    }
}

/// Searches an SQLite database and its WAL, shared-memory and journal files, byte for byte, for
/// each marker in UTF-8.
pub(super) fn scan_files(db: &Path, markers: &[String]) -> Result<Scan> {
    let mut scan = Scan {
        files: Vec::new(),
        bytes: 0,
        found: Vec::new(),
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let path = PathBuf::from(path);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(CliError::Failure(format!("cannot read {}: {e}", path.display())));
            }
        };
        let len = bytes.len() as u64;
        scan.files.push((file_name(&path), len));
        scan.bytes += len;
        for marker in markers {
            let needle = marker.as_bytes();
            let present = !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle);
            if present && !scan.found.contains(marker) {
                scan.found.push(marker.clone());
            }
        }
    }
    Ok(scan)
}

/// "本人の情報: 山田 さくら（やまだ さくら）".
pub(super) fn child_line(labels: &Labels, tree: &Node) -> String {
    let get = |f: &str| at(tree, &format!("child.{f}")).map(node_text).unwrap_or_default();
    let mut line = format!("{}: {}", labels.section(Section::Child), get("name"));
    let kana = get("name_kana");
    if !kana.is_empty() {
        line.push_str(&labels.words.paren(&kana));
    }
    line
}

/// "PEEP（EPAP）: 6 cmH2O".
pub(super) fn fact(labels: &Labels, tree: &Node, path: &str) -> String {
    let label = labels.own_label(path);
    let value = at(tree, path).map_or_else(|| "-".to_owned(), |n| scalar(labels, path, n, &label));
    format!("{label}: {value}")
}

/// "人工呼吸器の設定 › PEEP（EPAP）: 5 cmH2O → 6 cmH2O".
pub(super) fn change_line(labels: &Labels, before: &Node, after: &Node, path: &str) -> String {
    let own = labels.own_label(path);
    let value =
        |tree: &Node| at(tree, path).map_or_else(|| "-".to_owned(), |n| scalar(labels, path, n, &own));
    format!(
        "{}: {} → {}",
        labels.loc.field_label(path),
        value(before),
        value(after)
    )
}

/// "確認の記録: 個別避難計画 — 佐藤 みどり（医療的ケア児等コーディネーター）2026-11-24".
pub(super) fn verification_line(labels: &Labels, tree: &Node, section: Section) -> String {
    let path = format!("verifications.{}", section.as_str());
    let get = |f: &str| {
        let p = format!("{path}.{f}");
        at(tree, &p)
            .map(|n| scalar(labels, &p, n, ""))
            .unwrap_or_else(|| "-".to_owned())
    };
    format!(
        "{}: {} — {}{} {}",
        labels.section(Section::Verifications),
        labels.section(section),
        get("by"),
        labels.words.paren(&get("role")),
        get("on")
    )
}

pub(super) fn helper_names(tree: &Node) -> Vec<String> {
    let Some(Node::Object(helpers)) = at(tree, "evacuation.helpers") else {
        return Vec::new();
    };
    let mut helpers: Vec<&(String, Node)> = helpers.iter().collect();
    helpers.sort_by(|a, b| {
        order_of(&a.1)
            .total_cmp(&order_of(&b.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    helpers
        .iter()
        .filter_map(|(_, h)| h.get("name").map(node_text))
        .collect()
}

/// Distinct authors, in the order they first appear in the log.
pub(super) fn authors(history: &[HistoryEntry]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for a in history.iter().filter_map(|e| e.author.clone()) {
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    authors
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The node at a dotted path.
pub(super) fn at<'a>(tree: &'a Node, path: &str) -> Option<&'a Node> {
    path.split('.').try_fold(tree, |node, seg| node.get(seg))
}

pub(super) fn node_text(node: &Node) -> String {
    match node {
        Node::String(s) => s.clone(),
        Node::Number(n) => crate::render::format_number(*n),
        Node::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub(super) fn order_of(node: &Node) -> f64 {
    match node.get("order") {
        Some(Node::Number(n)) => *n,
        _ => 0.0,
    }
}
