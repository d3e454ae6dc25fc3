//! The owner lists and revokes every share link made from a profile, by any device, and removing
//! a device offers to revoke the links it made (issue 14 item 5: "a removed member's share links
//! survive removal"). The `tsunagu` binary against `tsunagu relay serve` as a separate process;
//! a link is checked the way a recipient would, with a manifest request.

use std::path::Path;

use serde_json::Value;
use tsunagu_core::sample;
use tsunagu_core::share::link::LinkPayload;
use tsunagu_core::sync::{HttpRequest, HttpTransport, Method, Transport};

use crate::sync::{RelayProcess, ok};

/// The status a recipient gets asking for the link's manifest.
fn manifest_status(link: &str) -> u16 {
    let payload = LinkPayload::parse(link).expect("a SMART Health Link");
    let url = payload.url;
    let (base, path) = url.split_at(url.find("/shl/").expect("manifest path"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        HttpTransport::new()
            .expect("transport")
            .send(HttpRequest {
                base_url: base.to_owned(),
                method: Method::Post,
                path_and_query: path.to_owned(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: br#"{"recipient":"ER"}"#.to_vec(),
            })
            .await
            .expect("answers")
            .status
    })
}

fn json(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(data, &all)).expect("json")
}

/// Joins `data` to `id` with a fresh `role` invite; the owner syncs so it can read. Returns its
/// device id.
fn join(owner: &Path, data: &Path, id: &str, role: &str) -> String {
    let link = ok(owner, &["invite", id, "--role", role]).trim().to_owned();
    ok(data, &["join", &link]);
    ok(owner, &["sync"]);
    ok(data, &["sync", id]);
    let members = json(data, &["members", id]);
    members["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["this_device"] == true)
        .and_then(|m| m["device"].as_str())
        .expect("this device")
        .to_owned()
}

fn links_of(listing: &Value, device: &str) -> Vec<Value> {
    listing
        .as_array()
        .expect("a list")
        .iter()
        .filter(|l| l["device"] == device)
        .cloned()
        .collect()
}

#[test]
fn the_owner_lists_and_revokes_every_link_and_removal_offers_to_revoke_a_devices_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let relay = RelayProcess::start(dir.path().join("relay.sqlite3"));
    let (parent, coordinator, helper) = (
        dir.path().join("parent"),
        dir.path().join("coordinator"),
        dir.path().join("helper"),
    );
    let file = dir.path().join("sakura.json");
    std::fs::write(
        &file,
        serde_json::to_string(&sample::demo_profile()).expect("json"),
    )
    .expect("writes");
    let id = ok(
        &parent,
        &[
            "--as",
            "母",
            "profile",
            "new",
            "--from",
            file.to_str().expect("utf-8"),
        ],
    )
    .trim()
    .to_owned();
    ok(&parent, &["sync", "start", &id, "--relay", &relay.url]);
    let coordinator_id = join(&parent, &coordinator, &id, "editor");
    let helper_id = join(&parent, &helper, &id, "viewer");

    // Each makes links from the profile on its relay.
    let share = |data: &Path| {
        ok(
            data,
            &["share", "create", &id, "--view", "shelter", "--expires", "2d"],
        )
        .trim()
        .to_owned()
    };
    let (c1, c2, h1, p1) = (
        share(&coordinator),
        share(&coordinator),
        share(&helper),
        share(&parent),
    );
    for link in [&c1, &c2, &h1, &p1] {
        assert_eq!(manifest_status(link), 200);
    }

    // The owner sees every device's links; a member sees its own.
    let all = json(&parent, &["share", "list", &id, "--all"]);
    assert_eq!(all.as_array().map(Vec::len), Some(4), "{all}");
    assert_eq!(links_of(&all, &coordinator_id).len(), 2);
    assert_eq!(links_of(&all, &helper_id).len(), 1);
    let own = json(&coordinator, &["share", "list", &id, "--all"]);
    assert_eq!(own.as_array().map(Vec::len), Some(2), "{own}");
    assert_eq!(links_of(&own, &coordinator_id).len(), 2);

    // The owner revokes one of the coordinator's links; a member cannot revoke another's.
    let c1_id = LinkPayload::parse(&c1)
        .expect("link")
        .url
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    let h1_id = LinkPayload::parse(&h1)
        .expect("link")
        .url
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    ok(&parent, &["share", "revoke", &c1_id, "--profile", &id]);
    assert_eq!(manifest_status(&c1), 404);
    assert_eq!(manifest_status(&c2), 200);
    let out = std::process::Command::new(crate::common::BIN)
        .arg("--data-dir")
        .arg(&coordinator)
        .args(["share", "revoke", &h1_id, "--profile", &id])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "a member revoked another device's link");
    assert_eq!(manifest_status(&h1), 200);

    // Removing the coordinator says how many of its links still work and how to revoke them.
    let removed = ok(
        &parent,
        &["--lang", "en", "members", "remove", &id, &coordinator_id],
    );
    let hint = format!("tsunagu share revoke --profile {id} --device {coordinator_id}");
    assert!(
        removed.contains("made 1 share link(s) that still work") && removed.contains(&hint),
        "{removed}"
    );
    assert_eq!(manifest_status(&c2), 200, "nothing revoked without asking");
    let revoked = ok(
        &parent,
        &[
            "--lang",
            "ja",
            "share",
            "revoke",
            "--profile",
            &id,
            "--device",
            &coordinator_id,
        ],
    );
    assert!(revoked.contains("1 件を無効にしました"), "{revoked}");
    assert_eq!(manifest_status(&c2), 404);

    // With --revoke-links the removal revokes the device's links at once.
    let removed = json(&parent, &["members", "remove", &id, &helper_id, "--revoke-links"]);
    assert_eq!(removed["revoked_links"], 1, "{removed}");
    assert_eq!(manifest_status(&h1), 404);
    // The owner's own link is untouched, and the listing shows what is left.
    assert_eq!(manifest_status(&p1), 200);
    let all = json(&parent, &["share", "list", &id, "--all"]);
    let live: Vec<&Value> = all
        .as_array()
        .expect("a list")
        .iter()
        .filter(|l| l["revoked"] == false)
        .collect();
    assert_eq!(live.len(), 1, "{all}");
}
