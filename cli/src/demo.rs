//! `tsunagu demo`: two devices, one child, one relay. The parent's phone and the coordinator's
//! tablet each have their own store; a real relay runs in this process on loopback, its
//! database in the demo directory. The parent shares the profile and invites the coordinator;
//! the relay goes down while both edit, and a sync attempt says "offline" and loses nothing; the
//! relay comes back on the same address and database, and after a few syncs the two replicas
//! are identical, the change log names both authors, and the relay's files hold none of the
//! profile's text.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use serde_json::json;
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::i18n::Lang;
use tsunagu_core::model::{Date, Helper, Section, VerifierRole};
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::{HttpTransport, Role, SyncClient, SyncReport, SyncStatus};
use tsunagu_core::{Edit, EditContext, ProfileStore};
use tsunagu_relay::{RelayConfig, RunningRelay};

use crate::error::{CliError, Result};
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
/// Who verifies the evacuation plan.
const VERIFIER: &str = "佐藤 みどり";

/// The relay's database, in the demo directory.
const RELAY_DB: &str = "relay.sqlite3";
/// Most syncs in step 4 (they converge in three: coordinator, parent, coordinator).
const MAX_SYNC_STEPS: usize = 6;

/// Arguments of `tsunagu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the two devices' stores and the relay's database in DIR [default: a temporary
    /// directory, deleted afterwards]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// One device: a store and an HTTP client of its own.
struct Device {
    store: ProfileStore,
    transport: HttpTransport,
    file: PathBuf,
    name: &'static str,
    /// Its key in the `--json` output.
    key: &'static str,
}

impl Device {
    fn open(file: PathBuf, name: &'static str, key: &'static str) -> Result<Self> {
        Ok(Self {
            store: ProfileStore::open(&file)?,
            transport: HttpTransport::new()?,
            file,
            name,
            key,
        })
    }

    fn client(&mut self) -> SyncClient<'_> {
        SyncClient::new(&mut self.store, &self.transport)
    }
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let result = rt.block_on(demo(session, args, dir, out));
    // The relay has stopped on every path that returns normally; this bounds the others.
    rt.shutdown_timeout(Duration::from_secs(2));
    result
}

async fn demo(session: &Session, args: &DemoArgs, dir: &Path, out: &mut Output) -> Result<()> {
    let lang = session.lang;
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let labels = Labels::new(lang);
    let mut text = Output::new();

    let mut parent = Device::open(
        dir.join("parent-phone.sqlite3"),
        t("保護者のスマートフォン", "parent's phone"),
        "parent",
    )?;
    let mut coord = Device::open(
        dir.join("coordinator-tablet.sqlite3"),
        t("コーディネーターのタブレット", "coordinator's tablet"),
        "coordinator",
    )?;
    let relay_db = dir.join(RELAY_DB);
    let relay = start_relay(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), &relay_db).await?;
    let addr = relay.addr();
    let url = relay.url();

    text.line(t(
        "つなぐ デモ — 2 台の端末が中継サーバーを通して 1 人の子どものケア情報を共有する",
        "Tsunagu demo — two devices share one child's care profile through a relay",
    ));
    text.line(format_args!("  {}: {}", parent.name, parent.file.display()));
    text.line(format_args!("  {}: {}", coord.name, coord.file.display()));
    text.line(format_args!(
        "  {}: {url}{}",
        t("中継サーバー", "relay"),
        labels.words.paren(&format!(
            "{}: {}",
            t("データベース", "database"),
            relay_db.display()
        ))
    ));
    text.line(format_args!(
        "  {}",
        t(
            "中継サーバーは暗号化された変更を預かって渡すだけで、中身は読めません",
            "The relay only stores and forwards encrypted changes; it cannot read them"
        )
    ));

    // 1. The parent creates the profile and shares it through the relay.
    let id = parent
        .store
        .create_profile(&demo_profile(), &EditContext::now(PARENT))?;
    let tree = Node::of_profile(parent.store.profile(&id)?)?;
    let shared = parent.client().share(&id, &url).await?;
    text.blank();
    text.line(format_args!(
        "1. {}{}",
        t(
            "保護者の端末でプロフィールを作成し、中継サーバーで共有",
            "The parent creates the profile on her phone and shares it through the relay"
        ),
        labels.words.paren(PARENT)
    ));
    text.line(format_args!("   {id}  {}", child_line(&labels, &tree)));
    text.line(format_args!("   share → {}", report_words(lang, &shared)));

    // 2. An editor invite; the coordinator joins with it.
    let link = parent
        .client()
        .invite(&id, Role::Editor, Duration::from_secs(3600))
        .await?;
    let shown_link = elide_fragment(&link, t("…（鍵）…", "…(key)…"));
    let joined = coord.client().join(&link).await?;
    if !joined.created {
        return Err(CliError::Failure(
            "the coordinator joined but its first pull did not complete".into(),
        ));
    }
    let coord_tree = Node::of_profile(coord.store.profile(&id)?)?;
    text.blank();
    text.line(format_args!(
        "2. {}",
        t(
            "保護者が編集者として招待し、コーディネーターが参加",
            "The parent invites an editor; the coordinator joins"
        )
    ));
    text.line(format_args!(
        "   {}: {shown_link}",
        t("招待リンク", "invite link")
    ));
    text.line(format_args!(
        "   {}",
        t(
            "（# 以降は鍵と招待の秘密なので省略。中継サーバーを通さず、リンクとして直接渡します）",
            "(the part after '#' carries the key and the invite's secret: elided here; it goes to the coordinator directly, never through the relay)"
        )
    ));
    text.line(format_args!(
        "   join → {}{}: {}",
        joined.role.as_str(),
        t("（編集者）", " (reads and writes)"),
        report_words(lang, &joined.report)
    ));
    text.line(format_args!(
        "     {}: {}",
        coord.name,
        child_line(&labels, &coord_tree)
    ));

    // 3. The relay goes away; both edit, and a sync attempt says offline.
    relay.shutdown().await.map_err(relay_error)?;
    text.blank();
    text.line(format_args!(
        "3. {}",
        t(
            "中継サーバーを停止（オフライン）、その間にそれぞれが編集",
            "The relay stops (offline); meanwhile both edit"
        )
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
        role: None,
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
        by: VERIFIER.into(),
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
    text.line(format_args!(
        "   {}",
        t(
            "同期を試みる（中継サーバーは停止中）:",
            "A sync attempt (the relay is down):"
        )
    ));
    let mut offline = Vec::new();
    for device in [&mut parent, &mut coord] {
        let mut client = device.client();
        let report = client.sync_now(&id).await?;
        let pending = client.sync_status(&id)?.pending_changes;
        let kept = match lang {
            Lang::Ja => format!("未送信の変更 {pending} 件は端末に保存されたまま"),
            Lang::En => format!("{pending} unsent change(s) kept on the device"),
        };
        text.line(format_args!(
            "     {}: {} — {kept}",
            device.name,
            status_words(lang, report.status)
        ));
        offline.push(json!({
            "device": device.key,
            "report": report,
            "pending_changes": pending,
        }));
    }
    let parent_view = Node::of_profile(parent.store.profile(&id)?)?;
    text.line(format_args!(
        "   {}",
        t(
            "まだ同期していないので、2 台の内容は違います:",
            "Not synced yet, so the two devices differ:"
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

    // 4. The relay comes back on the same address and database; they sync until nothing is new.
    let relay = start_relay(addr, &relay_db).await?;
    text.blank();
    text.line(format_args!(
        "4. {}",
        t(
            "中継サーバーを同じアドレス・同じデータベースで再開し、同期",
            "The relay is back (same address, same database); they sync"
        )
    ));
    text.line(format_args!(
        "   {}: {}{}",
        t("中継サーバー", "relay"),
        relay.url(),
        labels.words.paren(RELAY_DB)
    ));
    let mut steps = Vec::new();
    let (mut pulled, mut pushed) = (0, 0);
    for step in 0..MAX_SYNC_STEPS {
        let device = if step % 2 == 0 { &mut coord } else { &mut parent };
        let report = device.client().sync_now(&id).await?;
        text.line(format_args!(
            "   {}: {}",
            device.name,
            report_words(lang, &report)
        ));
        steps.push(json!({ "device": device.key, "report": report }));
        pulled += report.pulled;
        pushed += report.pushed;
        if report.status == SyncStatus::Offline {
            return Err(CliError::Failure(
                "the relay could not be reached after its restart".into(),
            ));
        }
        // Nothing pushed after the other device's sync: both hold everything.
        if step > 0 && report.pushed == 0 {
            break;
        }
    }
    let mut pending_after = serde_json::Map::new();
    let mut pending_words = Vec::new();
    for device in [&mut parent, &mut coord] {
        let status = device.client().sync_status(&id)?;
        let pending = status.pending_changes + usize::from(status.awaiting_ack);
        pending_words.push(match lang {
            Lang::Ja => format!("{} {pending} 件", device.name),
            Lang::En => format!("{} {pending}", device.name),
        });
        pending_after.insert(device.key.into(), pending.into());
    }
    text.line(format_args!(
        "   {}: {}",
        t("未送信の変更", "unsent changes"),
        pending_words.join(" / ")
    ));
    relay.shutdown().await.map_err(relay_error)?;
    text.line(format_args!(
        "   {}",
        t("中継サーバーを停止しました", "The relay has stopped")
    ));

    // Read both back from their files, not from memory.
    parent.store = ProfileStore::open(&parent.file)?;
    coord.store = ProfileStore::open(&coord.file)?;
    let merged = Node::of_profile(parent.store.profile(&id)?)?;

    // 5. The merged profile.
    text.blank();
    text.line(format_args!(
        "5. {}",
        t(
            "同期後のプロフィール（保護者の端末のファイルから読み直し）",
            "The merged profile (read back from the parent's store file)"
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
    let parent_heads = sorted_heads(&mut parent.store, &id)?;
    let coord_heads = sorted_heads(&mut coord.store, &id)?;
    let parent_json = serde_json::to_string(parent.store.profile(&id)?).unwrap_or_default();
    let coord_json = serde_json::to_string(coord.store.profile(&id)?).unwrap_or_default();
    let same_heads = parent_heads == coord_heads;
    let same_json = parent_json == coord_json && !parent_json.is_empty();
    let short = |heads: &[String]| heads.iter().map(|h| short_hash(h)).collect::<Vec<_>>().join(", ");
    text.blank();
    text.line(format_args!(
        "6. {}",
        t(
            "2 台は同じ内容か（両方のファイルから読み直し）",
            "Are the two replicas identical? (both read back from their files)"
        )
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

    // 7. The relay's files hold none of the profile's text; the same search finds it on a device.
    let mut markers: Vec<String> = at(&merged, "child.name").map(node_text).into_iter().collect();
    markers.extend(
        [helper.name.as_str(), VERIFIER, PARENT, COORDINATOR]
            .into_iter()
            .map(str::to_owned),
    );
    markers.retain(|m| !m.is_empty());
    let relay_scan = scan_files(&relay_db, &markers)?;
    let device_scan = scan_files(&parent.file, &markers)?;
    let relay_blind = relay_scan.found.is_empty() && relay_scan.bytes > 0;
    text.blank();
    text.line(format_args!(
        "7. {}",
        t(
            "中継サーバーは中身を読めない",
            "The relay cannot read the profile"
        )
    ));
    let quoted: Vec<String> = markers
        .iter()
        .map(|m| match lang {
            Lang::Ja => format!("「{m}」"),
            Lang::En => format!("\"{m}\""),
        })
        .collect();
    text.line(format_args!(
        "   {}: {}",
        t("ファイルのバイト列から検索", "Searched the files' bytes for"),
        quoted.join(if lang == Lang::Ja { "" } else { ", " })
    ));
    text.line(format_args!(
        "   {}: {} → {}{}",
        t("中継サーバー", "relay"),
        relay_scan.describe(),
        found_words(lang, relay_scan.found.len(), markers.len()),
        if relay_scan.found.is_empty() {
            t(
                " — 見つからない（暗号化された変更だけを預かっている）",
                " — it holds encrypted changes only",
            )
        } else {
            t(" — 中身が読める状態", " — it can read them")
        }
    ));
    text.line(format_args!(
        "   {}: {} → {}",
        t("比較: 保護者の端末", "compare, the parent's phone"),
        device_scan.describe(),
        found_words(lang, device_scan.found.len(), markers.len())
    ));

    // 8. The change log names both authors.
    let history = parent.store.history(&id)?;
    text.blank();
    text.line(format_args!(
        "8. {}",
        t("変更履歴（新しい順）", "Change log (newest first)")
    ));
    let log = LogWriter::new(&labels.loc, labels.words, parent.store.profile(&id)?).lines(&history);
    for line in log {
        text.line(format_args!("   {line}"));
    }
    let authors = authors(&history);
    text.blank();
    text.line(format_args!(
        "{} tsunagu profile export {id} --out FILE",
        t(
            "バックアップ（中継サーバーを使わない受け渡しにも）:",
            "A backup file (or a hand-over without a relay):"
        )
    ));

    if session.json {
        out.json(&json!({
            "dir": dir,
            "kept": args.dir.is_some(),
            "profile": id,
            "relay": url,
            "devices": {
                "parent": parent.file,
                "coordinator": coord.file,
                "relay_db": relay_db,
            },
            "share": shared,
            "invite": { "role": Role::Editor, "link": shown_link },
            "join": joined,
            "offline": offline,
            "sync": steps,
            "pulled": pulled,
            "pushed": pushed,
            "pending_after_sync": pending_after,
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
            "relay_contains_profile_text": !relay_scan.found.is_empty(),
            "scan": {
                "markers": markers,
                "relay": relay_scan.to_json(),
                "parent_device": device_scan.to_json(),
            },
        }))?;
    } else {
        out.line(text.into_text().trim_end());
    }
    if !(same_heads && same_json) {
        return Err(CliError::Failure("the two replicas differ after syncing".into()));
    }
    if !relay_blind {
        return Err(CliError::Failure(
            "the relay's files hold the profile's text".into(),
        ));
    }
    Ok(())
}

/// Starts the relay on `addr` with its database at `db`. After a restart on the same address the
/// OS may take a moment to free the port, so binding is retried for up to about 2 s.
async fn start_relay(addr: SocketAddr, db: &Path) -> Result<RunningRelay> {
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

fn relay_error(e: tsunagu_relay::Error) -> CliError {
    CliError::Failure(format!("relay: {e}"))
}

/// The link with everything after '#' (the key and the invite's secret) replaced by `shown`.
fn elide_fragment(link: &str, shown: &str) -> String {
    match link.split_once('#') {
        Some((visible, _)) => format!("{visible}#{shown}"),
        None => link.to_owned(),
    }
}

fn status_words(lang: Lang, status: SyncStatus) -> &'static str {
    match (lang, status) {
        (Lang::Ja, SyncStatus::Synced) => "同期済み",
        (Lang::Ja, SyncStatus::Offline) => "オフライン",
        (Lang::En, SyncStatus::Synced) => "synced",
        (Lang::En, SyncStatus::Offline) => "offline",
    }
}

/// "0/5 件" / "0 of 5 found".
fn found_words(lang: Lang, found: usize, of: usize) -> String {
    match lang {
        Lang::Ja => format!("{found}/{of} 件"),
        Lang::En => format!("{found} of {of} found"),
    }
}

/// "受信 2 件、送信 1 件 — 同期済み" / "pulled 2, pushed 1 — synced".
fn report_words(lang: Lang, report: &SyncReport) -> String {
    let status = status_words(lang, report.status);
    match lang {
        Lang::Ja => format!("受信 {} 件、送信 {} 件 — {status}", report.pulled, report.pushed),
        Lang::En => format!("pulled {}, pushed {} — {status}", report.pulled, report.pushed),
    }
}

fn sorted_heads(store: &mut ProfileStore, id: &str) -> Result<Vec<String>> {
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
struct Scan {
    /// Files searched: name and size.
    files: Vec<(String, u64)>,
    /// Bytes searched in all.
    bytes: u64,
    /// The markers found.
    found: Vec<String>,
}

impl Scan {
    /// "relay.sqlite3 (77824 bytes)".
    fn describe(&self) -> String {
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

    fn to_json(&self) -> serde_json::Value {
        json!({
            "files": self.files.iter().map(|(name, len)| json!({ "file": name, "bytes": len })).collect::<Vec<_>>(),
            "bytes": self.bytes,
            "found": self.found,
        })
    }
}

/// Searches an SQLite database and its WAL, shared-memory and journal files, byte for byte, for
/// each marker in UTF-8.
fn scan_files(db: &Path, markers: &[String]) -> Result<Scan> {
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
