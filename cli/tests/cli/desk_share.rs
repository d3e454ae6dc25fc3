//! The desk's sharing page and its members-and-sync page over HTTP, against a real `tsunagu relay
//! serve` on loopback: not connected → said plainly; connected → a link made in the desk (with
//! its QR, inline SVG under the strict CSP) is the one `tsunagu share list` lists, and revoking it
//! in the desk revokes it; "Sync now" pushes an edit made by the CLI; the relay stopped → a clear
//! error in the page's language, the change kept. (The browser: scripts/desk-share.mjs.)

use crate::common::{demo_store, run};
use crate::desk::{Desk, csrf_of, login, request};
use crate::sync::RelayProcess;

fn form(csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    serde_urlencoded::to_string(all).expect("form")
}

#[test]
fn links_are_made_shown_with_a_qr_and_revoked_and_sync_now_syncs_through_a_relay() {
    let (dir, id) = demo_store();
    let d = dir.path();
    run(d, &["device", "set-name", &id, "山田花子", "--role", "母"]);
    let desk = Desk::start(d, "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let post = |path: &str, body: &str| request(&desk, "POST", path, &[("Cookie", &cookie)], body);

    // Not connected to a relay: said plainly, with the command that connects it; no form.
    let share = get(&format!("/child/{id}/share"));
    assert_eq!(share.status, 200);
    assert!(share.body.contains("id=\"share-no-relay\""), "{}", share.body);
    assert!(share.body.contains(&format!("tsunagu sync start {id} --relay")));
    assert!(!share.body.contains("id=\"share-form\""));
    let csrf = csrf_of(&share.body);
    let sync = get(&format!("/child/{id}/sync"));
    assert!(sync.body.contains("id=\"sync-not-shared\""), "{}", sync.body);
    let refused = post(
        &format!("/child/{id}/share"),
        &form(
            &csrf,
            &[("content", "shelter"), ("expires", "1d"), ("max_attempts", "10")],
        ),
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("中継サーバーにつながっていない"),
        "{}",
        refused.body
    );

    // Connected (by the CLI, while the desk runs: the desk reads the store afresh).
    let relay = RelayProcess::start(d.join("relay.sqlite3"));
    run(d, &["sync", "start", &id, "--relay", &relay.url]);
    let share = get(&format!("/child/{id}/share"));
    assert!(share.body.contains("id=\"share-form\"") && share.body.contains(&relay.url));

    // The form is checked before anything goes out, in the page's language.
    let short = post(
        &format!("/child/{id}/share"),
        &form(
            &csrf,
            &[
                ("content", "shelter"),
                ("expires", "1d"),
                ("passcode", "abc"),
                ("max_attempts", "5"),
            ],
        ),
    );
    assert_eq!(short.status, 422);
    assert!(short.body.contains("4〜256 文字"), "{}", short.body);
    let bad_expiry = post(
        &format!("/child/{id}/share"),
        &form(
            &csrf,
            &[("content", "ems"), ("expires", "400d"), ("max_attempts", "5")],
        ),
    );
    assert_eq!(bad_expiry.status, 422);
    assert!(bad_expiry.body.contains("366 日"), "{}", bad_expiry.body);
    assert!(
        bad_expiry.body.contains("value=\"400d\""),
        "the form keeps what was typed"
    );
    assert_eq!(
        run(d, &["--json", "share", "list"]).trim(),
        "[]",
        "nothing was made"
    );

    // Made: the page of the new link shows it with its QR code, inline, under the strict CSP.
    let made = post(
        &format!("/child/{id}/share"),
        &form(
            &csrf,
            &[
                ("content", "shelter"),
                ("expires", "1d"),
                ("passcode", "hana-1234"),
                ("max_attempts", "5"),
                ("label", "避難所用"),
            ],
        ),
    );
    assert_eq!(made.status, 303, "{}", made.body);
    let location = made.header("location").expect("a location").to_owned();
    assert!(location.ends_with("?created=1"), "{location}");
    let listed: serde_json::Value =
        serde_json::from_str(&run(d, &["--json", "share", "list"])).expect("json");
    let record = &listed[0];
    let link_id = record["id"].as_str().expect("an id");
    assert_eq!(record["content"], "card:shelter");
    assert_eq!(record["passcode"], true);
    assert_eq!(record["label"], "避難所用");
    assert!(location.contains(link_id), "{location}");
    let page = get(&location);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"share-created\""));
    assert!(page.body.contains("<svg") && page.body.contains("<path fill=\"#000\" d=\"M"));
    let link = record["link"].as_str().expect("the link");
    assert!(page.body.contains(link), "the link is shown to copy");
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let share = get(&format!("/child/{id}/share"));
    assert!(share.body.contains(&link_id[..10]) && share.body.contains("避難所用カード"));

    // Revoked in the desk: the relay stops serving it, as `share status` shows.
    let revoked = post(&format!("/child/{id}/share/{link_id}/revoke"), &form(&csrf, &[]));
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    let status = run(d, &["--lang", "en", "share", "status", link_id]);
    assert!(status.contains("revoked"), "{status}");
    assert_eq!(get(&format!("/child/{id}/share/not-a-link")).status, 404);

    // Members and sync: the owner by name; "Sync now" pushes an edit the CLI made.
    run(
        d,
        &["--as", "山田花子", "edit", &id, "--set", "child.nickname=さく"],
    );
    let sync = get(&format!("/child/{id}/sync"));
    assert!(
        sync.body.contains("山田花子") && sync.body.contains("所有者"),
        "{}",
        sync.body
    );
    assert!(
        sync.body.contains("<dd id=\"sync-pending\">1</dd>"),
        "{}",
        sync.body
    );
    let synced = post(&format!("/child/{id}/sync"), &form(&csrf, &[]));
    assert_eq!(synced.status, 200, "{}", synced.body);
    assert!(synced.body.contains("id=\"sync-result\""), "{}", synced.body);
    assert!(synced.body.contains("送信 1 件"), "{}", synced.body);
    assert!(synced.body.contains("<dd id=\"sync-pending\">0</dd>"));

    // The relay stopped: a clear error, the next edit kept for the next sync.
    drop(relay);
    run(
        d,
        &[
            "--as",
            "山田花子",
            "edit",
            &id,
            "--set",
            "child.nickname=さくちゃん",
        ],
    );
    let offline = post(&format!("/child/{id}/sync"), &form(&csrf, &[]));
    assert_eq!(offline.status, 502);
    assert!(
        offline.body.contains("id=\"sync-problem\"") && offline.body.contains("に接続できません"),
        "{}",
        offline.body
    );
    assert!(offline.body.contains("<dd id=\"sync-pending\">1</dd>"));
    let offline = post(
        &format!("/child/{id}/share"),
        &form(
            &csrf,
            &[("content", "ems"), ("expires", "1h"), ("max_attempts", "5")],
        ),
    );
    assert_eq!(offline.status, 422);
    assert!(offline.body.contains("に接続できないため"), "{}", offline.body);
}
