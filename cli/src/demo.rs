//! `tsunagu demo`: two devices, one child. The parent's phone and the coordinator's tablet each
//! have their own store; the profile travels between them as export files, both edit it while
//! "offline", and after one exchange each way the two replicas are identical and the change log
//! names both authors.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::i18n::Lang;
use tsunagu_core::model::{Date, Helper, Section, VerifierRole};
use tsunagu_core::sample::demo_profile;
use tsunagu_core::store::ImportOutcome;
use tsunagu_core::{Edit, EditContext, ProfileStore};

use crate::error::{CliError, Result, write_output};
use crate::history::{LogWriter, short_hash};
use crate::output::Output;
use crate::render::{Labels, Node, heading, scalar};
use crate::session::Session;

/// Author of the parent's edits.
pub const PARENT: &str = "母 山田花子";
/// Author of the coordinator's edits.
pub const COORDINATOR: &str = "コーディネーター 佐藤";

const VENT_PEEP: &str = "devices.dev-vent.settings.ventilator.peep";
const TRACH_CHANGED: &str = "devices.dev-trach.settings.tracheostomy.last_changed";
const LAST_DRILL: &str = "evacuation.last_drill";

/// Arguments of `tsunagu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the two devices' stores and the export files in DIR [default: a temporary
    /// directory, deleted afterwards]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// One device: a store of its own.
struct Device {
    store: ProfileStore,
    name: &'static str,
}

/// Runs the demo.
pub fn run(session: &Session, args: &DemoArgs, out: &mut Output) -> Result<()> {
    let temp;
    let dir: &Path = match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| CliError::WriteFile {
                path: dir.clone(),
                source,
            })?;
            dir
        }
        None => {
            temp = tempfile::tempdir().map_err(|source| CliError::WriteFile {
                path: std::env::temp_dir(),
                source,
            })?;
            temp.path()
        }
    };
    let lang = session.lang;
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let labels = Labels::new(lang);
    let mut text = Output::new();

    let parent_file = dir.join("parent-phone.sqlite3");
    let coord_file = dir.join("coordinator-tablet.sqlite3");
    let mut parent = Device {
        store: ProfileStore::open(&parent_file)?,
        name: t("保護者のスマートフォン", "parent's phone"),
    };
    let mut coord = Device {
        store: ProfileStore::open(&coord_file)?,
        name: t("コーディネーターのタブレット", "coordinator's tablet"),
    };

    text.line(t(
        "つなぐ デモ — 2 台の端末で 1 人の子どものケア情報を共有する",
        "Tsunagu demo — two devices share one child's care profile",
    ));
    text.line(format_args!("  {}: {}", parent.name, parent_file.display()));
    text.line(format_args!("  {}: {}", coord.name, coord_file.display()));

    // 1. The parent creates the profile.
    let id = parent
        .store
        .create_profile(&demo_profile(), &EditContext::now(PARENT))?;
    let tree = Node::of_profile(parent.store.profile(&id)?)?;
    text.blank();
    text.line(format_args!(
        "1. {}{}",
        t(
            "保護者の端末でプロフィールを作成",
            "The parent creates the profile on her phone"
        ),
        labels.words.paren(PARENT)
    ));
    text.line(format_args!("   {id}  {}", child_line(&labels, &tree)));

    // 2. The coordinator receives a copy as an export file.
    let to_coord = dir.join("from-parent-1.tsunagu");
    let bytes = parent.store.export(&id)?;
    write_output(&to_coord, &bytes)?;
    let first_import = import_counted(&mut coord.store, &id, &bytes)?;
    text.blank();
    text.line(format_args!(
        "2. {}",
        t(
            "エクスポートファイルでコーディネーターの端末へコピー",
            "An export file carries a copy to the coordinator's tablet"
        )
    ));
    text.line(format_args!(
        "   {} ({} bytes) → {}",
        file_name(&to_coord),
        bytes.len(),
        import_words(lang, &first_import)
    ));

    // 3. Both edit while offline.
    text.blank();
    text.line(format_args!(
        "3. {}",
        t("オフラインのまま、それぞれが編集", "Both edit while offline")
    ));
    let today = Date(chrono::Local::now().date_naive());
    let before = Node::of_profile(parent.store.profile(&id)?)?;
    parent.store.edit(
        &id,
        &[Edit::set(VENT_PEEP, 6.0), Edit::set(TRACH_CHANGED, today)],
        &EditContext::now(PARENT),
    )?;
    let after = Node::of_profile(parent.store.profile(&id)?)?;
    text.line(format_args!("   {PARENT}{}", labels.words.paren(parent.name)));
    for path in [VENT_PEEP, TRACH_CHANGED] {
        text.line(format_args!(
            "     - {}",
            change_line(&labels, &before, &after, path)
        ));
    }

    let helper = Helper {
        order: 0.0,
        name: "民生委員 田中 三郎".into(),
        address: None,
        phone: Some("090-0000-0004".into()),
        relation: Some("民生委員 / welfare commissioner".into()),
    };
    let (add_helper, helper_id) = Edit::add("evacuation.helpers", &helper);
    let before = Node::of_profile(coord.store.profile(&id)?)?;
    coord.store.edit(
        &id,
        &[Edit::set(LAST_DRILL, today), add_helper],
        &EditContext::now(COORDINATOR),
    )?;
    let verify = Edit::Verify {
        section: Section::Evacuation,
        by: "佐藤 みどり".into(),
        role: VerifierRole::Coordinator,
        on: today,
    };
    coord.store.edit(&id, &[verify], &EditContext::now(COORDINATOR))?;
    let after = Node::of_profile(coord.store.profile(&id)?)?;
    text.line(format_args!("   {COORDINATOR}{}", labels.words.paren(coord.name)));
    text.line(format_args!(
        "     - {}",
        change_line(&labels, &before, &after, LAST_DRILL)
    ));
    text.line(format_args!(
        "     - {}: + {}",
        labels.loc.field_label("evacuation.helpers"),
        helper.name
    ));
    text.line(format_args!(
        "     - {}",
        verification_line(&labels, &after, Section::Evacuation)
    ));
    let parent_view = Node::of_profile(parent.store.profile(&id)?)?;
    text.line(format_args!(
        "   {}",
        t(
            "まだ交換していないので、2 台の内容は違います:",
            "Not exchanged yet, so the two devices differ:"
        )
    ));
    for (device, view) in [(&parent, &parent_view), (&coord, &after)] {
        text.line(format_args!(
            "     {}: {} / {}",
            device.name,
            fact(&labels, view, VENT_PEEP),
            fact(&labels, view, LAST_DRILL)
        ));
    }

    // 4. They exchange exports both ways.
    let to_coord = dir.join("from-parent-2.tsunagu");
    let bytes = parent.store.export(&id)?;
    write_output(&to_coord, &bytes)?;
    let into_coord = import_counted(&mut coord.store, &id, &bytes)?;
    let to_parent = dir.join("from-coordinator.tsunagu");
    let bytes_back = coord.store.export(&id)?;
    write_output(&to_parent, &bytes_back)?;
    let into_parent = import_counted(&mut parent.store, &id, &bytes_back)?;
    text.blank();
    text.line(format_args!(
        "4. {}",
        t(
            "エクスポートを交換して統合（両方向）",
            "They exchange exports, both ways, and merge"
        )
    ));
    text.line(format_args!(
        "   {} → {}: {}",
        parent.name,
        coord.name,
        import_words(lang, &into_coord)
    ));
    text.line(format_args!(
        "   {} → {}: {}",
        coord.name,
        parent.name,
        import_words(lang, &into_parent)
    ));

    // Read both back from their files, not from memory.
    parent.store.evict_all();
    coord.store.evict_all();
    let merged = Node::of_profile(parent.store.profile(&id)?)?;

    // 5. The merged profile.
    text.blank();
    text.line(format_args!(
        "5. {}",
        t(
            "統合後のプロフィール（保護者の端末から読み直し）",
            "The merged profile (read back from the parent's store)"
        )
    ));
    text.line(format_args!("   {}", child_line(&labels, &merged)));
    text.line(format_args!("   {}", labels.section(Section::Devices)));
    if let Some(Node::Object(devices)) = merged.get("devices") {
        let mut devices: Vec<&(String, Node)> = devices.iter().collect();
        devices.sort_by(|a, b| order_of(&a.1).total_cmp(&order_of(&b.1)));
        for (device_id, device) in devices {
            let path = format!("devices.{device_id}");
            let (title, _) = heading(&labels, &path, device);
            text.line(format_args!("     - {title}"));
            let details: &[&str] = match device_id.as_str() {
                "dev-vent" => &["mode", "pip", "peep", "rate"],
                "dev-trach" => &["inner_diameter", "last_changed", "change_interval_days"],
                _ => &[],
            };
            let group = match device_id.as_str() {
                "dev-vent" => "ventilator",
                "dev-trach" => "tracheostomy",
                _ => "",
            };
            let facts: Vec<String> = details
                .iter()
                .map(|f| fact(&labels, &merged, &format!("{path}.settings.{group}.{f}")))
                .collect();
            if !facts.is_empty() {
                text.line(format_args!("       {}", facts.join(labels.words.list_sep)));
            }
        }
    }
    text.line(format_args!("   {}", labels.section(Section::Evacuation)));
    text.line(format_args!(
        "     - {}",
        fact(&labels, &merged, "evacuation.plan_date")
    ));
    text.line(format_args!("     - {}", fact(&labels, &merged, LAST_DRILL)));
    let helpers = helper_names(&merged);
    text.line(format_args!(
        "     - {}: {}",
        labels.own_label("evacuation.helpers"),
        helpers.join(labels.words.list_sep)
    ));
    text.line(format_args!(
        "     - {}",
        verification_line(&labels, &merged, Section::Evacuation)
    ));

    // 6. Proof the replicas are identical.
    let mut parent_heads: Vec<String> = parent
        .store
        .document(&id)?
        .heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut coord_heads: Vec<String> = coord
        .store
        .document(&id)?
        .heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    parent_heads.sort();
    coord_heads.sort();
    let parent_json = serde_json::to_string(parent.store.profile(&id)?).unwrap_or_default();
    let coord_json = serde_json::to_string(coord.store.profile(&id)?).unwrap_or_default();
    let same_heads = parent_heads == coord_heads;
    let same_json = parent_json == coord_json && !parent_json.is_empty();
    let short = |heads: &[String]| heads.iter().map(|h| short_hash(h)).collect::<Vec<_>>().join(", ");
    text.blank();
    text.line(format_args!(
        "6. {}",
        t("2 台は同じ内容か", "Are the two replicas identical?")
    ));
    text.line(format_args!(
        "   heads  {}: {}",
        parent.name,
        short(&parent_heads)
    ));
    text.line(format_args!("   heads  {}: {}", coord.name, short(&coord_heads)));
    text.line(format_args!(
        "   {}: {}",
        t("heads が一致", "same heads"),
        labels.yes_no(same_heads)
    ));
    text.line(format_args!(
        "   {}: {} ({} bytes)",
        t("プロフィール JSON が一致", "same profile JSON"),
        labels.yes_no(same_json),
        parent_json.len()
    ));

    // 7. The change log names both authors.
    let history = parent.store.history(&id)?;
    text.blank();
    text.line(format_args!(
        "7. {}",
        t("変更履歴（新しい順）", "Change log (newest first)")
    ));
    let log = LogWriter::new(&labels.loc, labels.words, parent.store.profile(&id)?).lines(&history);
    for line in log {
        text.line(format_args!("   {line}"));
    }
    let authors = authors(&history);

    if session.json {
        out.json(&json!({
            "dir": dir,
            "kept": args.dir.is_some(),
            "profile": id,
            "devices": { "parent": parent_file, "coordinator": coord_file },
            "imports": {
                "coordinator_first_copy": first_import,
                "into_coordinator": into_coord,
                "into_parent": into_parent,
            },
            "identical": same_heads && same_json,
            "heads": parent_heads,
            "merged": {
                "child": merged.get("child").and_then(|c| c.get("name")).map(node_text),
                "ventilator_peep": at(&merged, VENT_PEEP).map(node_text),
                "tracheostomy_last_changed": at(&merged, TRACH_CHANGED).map(node_text),
                "evacuation_last_drill": at(&merged, LAST_DRILL).map(node_text),
                "evacuation_helpers": helpers,
                "added_helper": helper_id,
                "evacuation_verified_by": at(&merged, "verifications.evacuation.by").map(node_text),
            },
            "authors": authors,
            "history": history,
        }))?;
    } else {
        out.line(text.into_text().trim_end());
    }
    if !(same_heads && same_json) {
        return Err(CliError::Failure(
            "the two replicas differ after the exchange".into(),
        ));
    }
    Ok(())
}

/// "本人の情報: 山田 さくら（やまだ さくら）".
fn child_line(labels: &Labels, tree: &Node) -> String {
    let get = |f: &str| at(tree, &format!("child.{f}")).map(node_text).unwrap_or_default();
    let mut line = format!("{}: {}", labels.section(Section::Child), get("name"));
    let kana = get("name_kana");
    if !kana.is_empty() {
        line.push_str(&labels.words.paren(&kana));
    }
    line
}

/// "PEEP（EPAP）: 6 cmH2O".
fn fact(labels: &Labels, tree: &Node, path: &str) -> String {
    let label = labels.own_label(path);
    let value = at(tree, path).map_or_else(|| "-".to_owned(), |n| scalar(labels, path, n, &label));
    format!("{label}: {value}")
}

/// "人工呼吸器の設定 › PEEP（EPAP）: 5 cmH2O → 6 cmH2O".
fn change_line(labels: &Labels, before: &Node, after: &Node, path: &str) -> String {
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
fn verification_line(labels: &Labels, tree: &Node, section: Section) -> String {
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

fn helper_names(tree: &Node) -> Vec<String> {
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
fn authors(history: &[HistoryEntry]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for a in history.iter().filter_map(|e| e.author.clone()) {
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    authors
}

/// Imports an export file of profile `id` and counts the changes that were new from the change
/// log. (The core's `ImportOutcome::new_changes` is automerge's count of operations for a merge,
/// not of changes; counted here until the core counts changes.)
fn import_counted(store: &mut ProfileStore, id: &str, bytes: &[u8]) -> Result<ImportOutcome> {
    let before = if store.exists(id)? {
        store.history(id)?.len()
    } else {
        0
    };
    let mut outcome = store.import(bytes)?;
    outcome.new_changes = store.history(&outcome.id)?.len().saturating_sub(before);
    Ok(outcome)
}

fn import_words(lang: Lang, outcome: &ImportOutcome) -> String {
    match (lang, outcome.created) {
        (Lang::Ja, true) => format!("新規作成（{} 件の変更）", outcome.new_changes),
        (Lang::Ja, false) => format!("統合（新しい変更 {} 件）", outcome.new_changes),
        (Lang::En, true) => format!("created ({} changes)", outcome.new_changes),
        (Lang::En, false) => format!("merged ({} new changes)", outcome.new_changes),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The node at a dotted path.
fn at<'a>(tree: &'a Node, path: &str) -> Option<&'a Node> {
    path.split('.').try_fold(tree, |node, seg| node.get(seg))
}

fn node_text(node: &Node) -> String {
    match node {
        Node::String(s) => s.clone(),
        Node::Number(n) => crate::render::format_number(*n),
        Node::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn order_of(node: &Node) -> f64 {
    match node.get("order") {
        Some(Node::Number(n)) => *n,
        _ => 0.0,
    }
}
