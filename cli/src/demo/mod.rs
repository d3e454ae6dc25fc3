//! `tsunagu demo`: two devices, one child, one relay. The parent's phone and the coordinator's
//! tablet each have their own store; a real relay runs in this process on loopback, its
//! database in the demo directory. The parent shares the profile and invites the coordinator;
//! the relay goes down while both edit, and a sync attempt says "offline" and loses nothing; the
//! relay comes back on the same address and database, and after a few syncs the two replicas
//! are identical, the change log names both authors, and the relay's files hold none of the
//! profile's text.

mod steps;
mod words;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use serde_json::json;
use tsunagu_core::ProfileStore;
use tsunagu_core::i18n::Lang;
use tsunagu_core::sync::{HttpTransport, Role, SyncClient};

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::render::Labels;
use crate::session::Session;

use words::{at, node_text, start_relay};

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

/// The demo's state between its steps: the two devices, the relay's address and database, and
/// the text being written.
struct Demo {
    lang: Lang,
    labels: Labels,
    text: Output,
    parent: Device,
    coord: Device,
    relay_db: PathBuf,
    addr: SocketAddr,
    url: String,
}

/// `ja` in Japanese, `en` in English.
fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Ja { ja } else { en }
}

/// The demo's eight steps in order, then its text or JSON and the two checks it exists to show.
async fn demo(session: &Session, args: &DemoArgs, dir: &Path, out: &mut Output) -> Result<()> {
    let lang = session.lang;
    let parent = Device::open(
        dir.join("parent-phone.sqlite3"),
        pick(lang, "保護者のスマートフォン", "parent's phone"),
        "parent",
    )?;
    let coord = Device::open(
        dir.join("coordinator-tablet.sqlite3"),
        pick(lang, "コーディネーターのタブレット", "coordinator's tablet"),
        "coordinator",
    )?;
    let relay_db = dir.join(RELAY_DB);
    let relay = start_relay(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), &relay_db).await?;
    let mut d = Demo {
        lang,
        labels: Labels::new(lang),
        text: Output::new(),
        parent,
        coord,
        relay_db,
        addr: relay.addr(),
        url: relay.url(),
    };

    d.introduce();
    let (id, shared) = d.create_and_share().await?;
    let (shown_link, joined) = d.invite_coordinator(&id).await?;
    let offline = d.edit_offline(relay, &id).await?;
    let resync = d.sync_after_restart(&id).await?;
    let merged = d.show_merged(&id)?;
    let same = d.compare_replicas(&id)?;
    let scan = d.search_for_text(&merged.tree, &offline.helper.name)?;
    let (history, authors) = d.change_log(&id)?;

    let identical = same.heads_equal && same.json_equal;
    if session.json {
        let tree = &merged.tree;
        out.json(&json!({
            "dir": dir,
            "kept": args.dir.is_some(),
            "profile_id": id,
            "relay": d.url,
            "devices": {
                "parent": d.parent.file,
                "coordinator": d.coord.file,
                "relay_db": d.relay_db,
            },
            "share": shared,
            "invite": { "role": Role::Editor, "link": shown_link },
            "join": joined,
            "offline": offline.reports,
            "sync": resync.steps,
            "pulled": resync.pulled,
            "pushed": resync.pushed,
            "pending_after_sync": resync.pending_after,
            "identical": identical,
            "heads": same.heads,
            "merged": {
                "child": tree.get("child").and_then(|c| c.get("name")).map(node_text),
                "ventilator_peep": at(tree, VENT_PEEP).map(node_text),
                "tracheostomy_last_changed": at(tree, TRACH_CHANGED).map(node_text),
                "evacuation_last_drill": at(tree, LAST_DRILL).map(node_text),
                "evacuation_helpers": merged.helpers,
                "added_helper": offline.helper_id,
                "evacuation_verified_by": at(tree, "verifications.evacuation.by").map(node_text),
            },
            "authors": authors,
            "history": history,
            "relay_contains_profile_text": !scan.relay.found.is_empty(),
            "scan": {
                "markers": scan.markers,
                "relay": scan.relay.to_json(),
                "parent_device": scan.device.to_json(),
            },
        }))?;
    } else {
        out.line(d.text.into_text().trim_end());
    }
    if !identical {
        return Err(CliError::Failure("the two replicas differ after syncing".into()));
    }
    if !(scan.relay.found.is_empty() && scan.relay.bytes > 0) {
        return Err(CliError::Failure(
            "the relay's files hold the profile's text".into(),
        ));
    }
    Ok(())
}
