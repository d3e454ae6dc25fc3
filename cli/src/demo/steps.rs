//! The demo's steps, each writing its part of the text: the introduction, then (1) create and
//! share, (2) invite and join, (3) offline edits, (4) the relay's restart and sync, (5) the merged
//! profile, (6) the replicas compared, (7) the byte search of the relay's files, (8) the change log.

use std::time::Duration;

use serde_json::json;
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::i18n::Lang;
use tsunagu_core::model::{Date, Helper, Section, VerifierRole};
use tsunagu_core::sample::demo_profile;
use tsunagu_core::sync::{JoinOutcome, Role, SyncReport, SyncStatus};
use tsunagu_core::{Edit, EditContext, ProfileStore};
use tsunagu_relay::RunningRelay;

use super::words::{
    Scan, at, authors, change_line, child_line, elide_fragment, fact, found_words, helper_names, node_text,
    order_of, relay_error, report_words, scan_files, sorted_heads, start_relay, status_words,
    verification_line,
};
use super::{
    COORDINATOR, Demo, LAST_DRILL, MAX_SYNC_STEPS, PARENT, RELAY_DB, TRACH_CHANGED, VENT_PEEP, VERIFIER, pick,
};
use crate::error::{CliError, Result};
use crate::history::{LogWriter, short_hash};
use crate::render::{Node, heading};

/// Step 3's outcome: the helper the coordinator added and each device's offline sync attempt.
pub(super) struct Offline {
    /// The added helper.
    pub(super) helper: Helper,
    /// Its entity id.
    pub(super) helper_id: String,
    /// Per device: its report and pending changes, for `--json`.
    pub(super) reports: Vec<serde_json::Value>,
}

/// Step 4's outcome: the syncs after the relay's restart.
pub(super) struct Resync {
    /// Per sync: the device and its report.
    pub(super) steps: Vec<serde_json::Value>,
    /// Changes pulled in all.
    pub(super) pulled: usize,
    /// Changes pushed in all.
    pub(super) pushed: usize,
    /// Per device: changes not yet acknowledged after the last sync.
    pub(super) pending_after: serde_json::Map<String, serde_json::Value>,
}

/// Step 5's outcome: the merged profile as read back from the parent's file.
pub(super) struct Merged {
    /// The merged profile's tree.
    pub(super) tree: Node,
    /// The evacuation helpers' names, in order.
    pub(super) helpers: Vec<String>,
}

/// Step 6's outcome: whether the replicas are identical.
pub(super) struct Same {
    /// The parent's heads, sorted.
    pub(super) heads: Vec<String>,
    /// Both devices have the same heads.
    pub(super) heads_equal: bool,
    /// Both devices serialize the profile to the same JSON.
    pub(super) json_equal: bool,
}

/// Step 7's outcome: what the byte search found.
pub(super) struct Search {
    /// The texts searched for.
    pub(super) markers: Vec<String>,
    /// The relay's database files.
    pub(super) relay: Scan,
    /// The parent's store file, for comparison.
    pub(super) device: Scan,
}

impl Demo {
    /// The title and where the two devices and the relay keep their files.
    pub(super) fn introduce(&mut self) {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            relay_db,
            url,
            ..
        } = self;
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
    }

    /// Step 1: the parent creates the profile and shares it through the relay.
    pub(super) async fn create_and_share(&mut self) -> Result<(String, SyncReport)> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            url,
            ..
        } = self;
        let id = parent
            .store
            .create_profile(&demo_profile(), &EditContext::now(PARENT))?;
        let tree = Node::of_profile(parent.store.profile(&id)?)?;
        let shared = parent.client().share(&id, url).await?;
        text.blank();
        text.line(format_args!(
            "1. {}{}",
            t(
                "保護者の端末でプロフィールを作成し、中継サーバーで共有",
                "The parent creates the profile on her phone and shares it through the relay"
            ),
            labels.words.paren(PARENT)
        ));
        text.line(format_args!("   {id}  {}", child_line(labels, &tree)));
        text.line(format_args!("   share → {}", report_words(lang, &shared)));
        Ok((id, shared))
    }

    /// Step 2: an editor invite; the coordinator joins with it. Returns the link as shown (its
    /// secret part elided) and the join's outcome.
    pub(super) async fn invite_coordinator(&mut self, id: &str) -> Result<(String, JoinOutcome)> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            ..
        } = self;
        let link = parent
            .client()
            .invite(id, Role::Editor, Duration::from_secs(3600))
            .await?;
        let shown_link = elide_fragment(&link, t("…（秘密）…", "…(secret)…"));
        let joined = coord.client().join(&link).await?;
        // The link carries no key: the parent's device grants it when it syncs (ADR 0007).
        let granted = parent.client().sync_now(id).await?;
        let first = coord.client().sync_now(id).await?;
        if !coord.store.exists(id)? {
            return Err(CliError::Failure(
                "the coordinator joined but its first pull did not complete".into(),
            ));
        }
        let coord_tree = Node::of_profile(coord.store.profile(id)?)?;
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
                "（# 以降は招待の秘密なので省略。中継サーバーを通さず、リンクとして直接渡します。鍵は含みません）",
                "(the part after '#' carries the invite's secret: elided here; it goes to the coordinator directly, never through the relay; it carries no key)"
            )
        ));
        text.line(format_args!(
            "   join → {}{}: {}",
            joined.role.as_str(),
            t("（編集者）", " (reads and writes)"),
            report_words(lang, &joined.report)
        ));
        text.line(format_args!(
            "   {} → {}",
            t(
                "保護者の端末が同期し、鍵をコーディネーターに封をして渡す",
                "the parent's device syncs and seals the key to the coordinator"
            ),
            report_words(lang, &granted)
        ));
        text.line(format_args!(
            "   {} → {}",
            t("コーディネーターが同期", "the coordinator syncs"),
            report_words(lang, &first)
        ));
        text.line(format_args!(
            "     {}: {}",
            coord.name,
            child_line(labels, &coord_tree)
        ));
        Ok((shown_link, joined))
    }

    /// Step 3: the relay goes away; both edit, and a sync attempt says offline.
    pub(super) async fn edit_offline(&mut self, relay: RunningRelay, id: &str) -> Result<Offline> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            ..
        } = self;
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
        let before = Node::of_profile(parent.store.profile(id)?)?;
        parent.store.edit(
            id,
            &[Edit::set(VENT_PEEP, 6.0), Edit::set(TRACH_CHANGED, today)],
            &EditContext::now(PARENT),
        )?;
        let after = Node::of_profile(parent.store.profile(id)?)?;
        text.line(format_args!("   {PARENT}{}", labels.words.paren(parent.name)));
        for path in [VENT_PEEP, TRACH_CHANGED] {
            text.line(format_args!(
                "     - {}",
                change_line(labels, &before, &after, path)
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
        let before = Node::of_profile(coord.store.profile(id)?)?;
        coord.store.edit(
            id,
            &[Edit::set(LAST_DRILL, today), add_helper],
            &EditContext::now(COORDINATOR),
        )?;
        let verify = Edit::Verify {
            section: Section::Evacuation,
            by: VERIFIER.into(),
            role: VerifierRole::Coordinator,
            on: today,
        };
        coord.store.edit(id, &[verify], &EditContext::now(COORDINATOR))?;
        let after = Node::of_profile(coord.store.profile(id)?)?;
        text.line(format_args!("   {COORDINATOR}{}", labels.words.paren(coord.name)));
        text.line(format_args!(
            "     - {}",
            change_line(labels, &before, &after, LAST_DRILL)
        ));
        text.line(format_args!(
            "     - {}: + {}",
            labels.loc.field_label("evacuation.helpers"),
            helper.name
        ));
        text.line(format_args!(
            "     - {}",
            verification_line(labels, &after, Section::Evacuation)
        ));
        text.line(format_args!(
            "   {}",
            t(
                "同期を試みる（中継サーバーは停止中）:",
                "A sync attempt (the relay is down):"
            )
        ));
        let mut reports = Vec::new();
        for device in [&mut *parent, &mut *coord] {
            let mut client = device.client();
            let report = client.sync_now(id).await?;
            let pending = client.sync_status(id)?.pending_changes;
            let kept = match lang {
                Lang::Ja => format!("未送信の変更 {pending} 件は端末に保存されたまま"),
                Lang::En => format!("{pending} unsent change(s) kept on the device"),
            };
            text.line(format_args!(
                "     {}: {} — {kept}",
                device.name,
                status_words(lang, report.status)
            ));
            reports.push(json!({
                "device": device.key,
                "report": report,
                "pending_changes": pending,
            }));
        }
        let parent_view = Node::of_profile(parent.store.profile(id)?)?;
        text.line(format_args!(
            "   {}",
            t(
                "まだ同期していないので、2 台の内容は違います:",
                "Not synced yet, so the two devices differ:"
            )
        ));
        for (device, view) in [(&*parent, &parent_view), (&*coord, &after)] {
            text.line(format_args!(
                "     {}: {} / {}",
                device.name,
                fact(labels, view, VENT_PEEP),
                fact(labels, view, LAST_DRILL)
            ));
        }
        Ok(Offline {
            helper,
            helper_id,
            reports,
        })
    }

    /// Step 4: the relay comes back on the same address and database; they sync until nothing is
    /// new.
    pub(super) async fn sync_after_restart(&mut self, id: &str) -> Result<Resync> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            relay_db,
            addr,
            ..
        } = self;
        let relay = start_relay(*addr, relay_db).await?;
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
            let device = if step % 2 == 0 { &mut *coord } else { &mut *parent };
            let report = device.client().sync_now(id).await?;
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
        for device in [&mut *parent, &mut *coord] {
            let status = device.client().sync_status(id)?;
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
        Ok(Resync {
            steps,
            pulled,
            pushed,
            pending_after,
        })
    }

    /// Step 5: the merged profile, read back from the parent's file.
    pub(super) fn show_merged(&mut self, id: &str) -> Result<Merged> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            ..
        } = self;
        // Read both back from their files, not from memory.
        parent.store = ProfileStore::open(&parent.file)?;
        coord.store = ProfileStore::open(&coord.file)?;
        let merged = Node::of_profile(parent.store.profile(id)?)?;

        text.blank();
        text.line(format_args!(
            "5. {}",
            t(
                "同期後のプロフィール（保護者の端末のファイルから読み直し）",
                "The merged profile (read back from the parent's store file)"
            )
        ));
        text.line(format_args!("   {}", child_line(labels, &merged)));
        text.line(format_args!("   {}", labels.section(Section::Devices)));
        if let Some(Node::Object(devices)) = merged.get("devices") {
            let mut devices: Vec<&(String, Node)> = devices.iter().collect();
            devices.sort_by(|a, b| order_of(&a.1).total_cmp(&order_of(&b.1)));
            for (device_id, device) in devices {
                let path = format!("devices.{device_id}");
                let (title, _) = heading(labels, &path, device);
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
                    .map(|f| fact(labels, &merged, &format!("{path}.settings.{group}.{f}")))
                    .collect();
                if !facts.is_empty() {
                    text.line(format_args!("       {}", facts.join(labels.words.list_sep)));
                }
            }
        }
        text.line(format_args!("   {}", labels.section(Section::Evacuation)));
        text.line(format_args!(
            "     - {}",
            fact(labels, &merged, "evacuation.plan_date")
        ));
        text.line(format_args!("     - {}", fact(labels, &merged, LAST_DRILL)));
        let helpers = helper_names(&merged);
        text.line(format_args!(
            "     - {}: {}",
            labels.own_label("evacuation.helpers"),
            helpers.join(labels.words.list_sep)
        ));
        text.line(format_args!(
            "     - {}",
            verification_line(labels, &merged, Section::Evacuation)
        ));
        Ok(Merged {
            tree: merged,
            helpers,
        })
    }

    /// Step 6: proof the replicas are identical.
    pub(super) fn compare_replicas(&mut self, id: &str) -> Result<Same> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels,
            text,
            parent,
            coord,
            ..
        } = self;
        let parent_heads = sorted_heads(&mut parent.store, id)?;
        let coord_heads = sorted_heads(&mut coord.store, id)?;
        let parent_json = serde_json::to_string(parent.store.profile(id)?).unwrap_or_default();
        let coord_json = serde_json::to_string(coord.store.profile(id)?).unwrap_or_default();
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
        Ok(Same {
            heads: parent_heads,
            heads_equal: same_heads,
            json_equal: same_json,
        })
    }

    /// Step 7: the relay's files hold none of the profile's text; the same search finds it on a
    /// device.
    pub(super) fn search_for_text(&mut self, merged: &Node, helper_name: &str) -> Result<Search> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            text,
            parent,
            relay_db,
            ..
        } = self;
        let mut markers: Vec<String> = at(merged, "child.name").map(node_text).into_iter().collect();
        markers.extend(
            [helper_name, VERIFIER, PARENT, COORDINATOR]
                .into_iter()
                .map(str::to_owned),
        );
        markers.retain(|m| !m.is_empty());
        let relay_scan = scan_files(relay_db, &markers)?;
        let device_scan = scan_files(&parent.file, &markers)?;
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
        Ok(Search {
            markers,
            relay: relay_scan,
            device: device_scan,
        })
    }

    /// Step 8: the change log names both authors; then where a backup comes from. Returns the
    /// history and its authors.
    pub(super) fn change_log(&mut self, id: &str) -> Result<(Vec<HistoryEntry>, Vec<String>)> {
        let lang = self.lang;
        let t = |ja: &'static str, en: &'static str| pick(lang, ja, en);
        let Demo {
            labels, text, parent, ..
        } = self;
        let history = parent.store.history(id)?;
        text.blank();
        text.line(format_args!(
            "8. {}",
            t("変更履歴（新しい順）", "Change log (newest first)")
        ));
        let log = LogWriter::new(&labels.loc, labels.words, parent.store.profile(id)?).lines(&history);
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
        Ok((history, authors))
    }
}
