//! `tsunagu share create|list|status|revoke` against a real relay on loopback (in-process), and
//! the link checked the way a recipient would: manifest, file, decryption with the link's key.
//! (The browser round trip is scripts/test-share-viewer.)

use std::process::Command;

use crate::common::{BIN, demo_store, run};
use tsunagu_core::share::link::{LinkPayload, decrypt};
use tsunagu_core::sync::{HttpRequest, HttpTransport, Method, Transport};

fn fails(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .output()
        .expect("runs");
    assert!(!out.status.success(), "tsunagu {args:?} should fail");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn post_manifest(url: &str, body: &str) -> (u16, serde_json::Value) {
    let (base, path) = url.split_at(url.find("/shl/").expect("manifest path"));
    let response = HttpTransport::new()
        .expect("transport")
        .send(HttpRequest {
            base_url: base.to_owned(),
            method: Method::Post,
            path_and_query: path.to_owned(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        })
        .await
        .expect("answers");
    (
        response.status,
        serde_json::from_slice(&response.body).unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_create_list_status_revoke_through_a_relay() {
    let (dir, id) = demo_store();
    let relay = tsunagu_relay::spawn_for_tests(&dir.path().join("relay.sqlite3"))
        .await
        .expect("relay starts");
    let url = relay.url();
    let d = dir.path().to_owned();
    std::fs::write(d.join("pass"), "hana-1234\n").expect("writes");
    let pass = d.join("pass").to_str().expect("utf-8").to_owned();

    // No relay known for an unshared profile: a clear error, exit 2, nothing recorded.
    let (code, err) = fails(&d, &["--lang", "en", "share", "create", &id, "--view", "shelter"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no relay"), "{err}");
    let (code, err) = fails(&d, &["--lang", "ja", "share", "create", &id, "--view", "shelter"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("中継サーバーがありません"), "{err}");
    let (code, _) = fails(&d, &["share", "create", &id, "--expires", "7x", "--relay", &url]);
    assert_eq!(code, 2);
    let (code, err) = fails(
        &d,
        &[
            "share",
            "create",
            &id,
            "--relay",
            &url,
            "--label",
            &"あ".repeat(81),
        ],
    );
    assert_eq!(code, 2, "{err}");
    // The CLI's words follow --lang (the tables' headers and states too).
    assert_eq!(
        run(&d, &["--lang", "en", "share", "list"]).trim(),
        "no share links"
    );
    assert_eq!(
        run(&d, &["--lang", "ja", "share", "list"]).trim(),
        "共有リンクはありません"
    );

    let args = [
        "share",
        "create",
        &id,
        "--view",
        "ems",
        "--expires",
        "2d",
        "--relay",
        &url,
        "--label",
        "救急隊用カード",
    ];
    let link = tokio::task::spawn_blocking({
        let d = d.clone();
        let args: Vec<String> = args
            .iter()
            .map(|s| (*s).to_owned())
            .chain(["--passcode-file".into(), pass.clone()])
            .collect();
        move || run(&d, &args.iter().map(String::as_str).collect::<Vec<_>>())
    })
    .await
    .expect("runs")
    .trim()
    .to_owned();
    assert!(link.starts_with(&format!("{url}/view#shlink:/")), "{link}");
    let payload = LinkPayload::parse(&link).expect("a SMART Health Link");
    assert!(payload.flags.passcode);
    assert!(payload.exp.is_some());

    // A recipient: the passcode, the manifest, the file, the key from the link.
    let (status, body) = post_manifest(&payload.url, r#"{"recipient":"ER"}"#).await;
    assert_eq!(
        (status, body),
        (401, serde_json::json!({ "remainingAttempts": 10 }))
    );
    let (status, manifest) = post_manifest(
        &payload.url,
        r#"{"recipient":"ER","passcode":"hana-1234","embeddedLengthMax":1000000}"#,
    )
    .await;
    assert_eq!(status, 200);
    let jwe = manifest["files"][0]["embedded"].as_str().expect("embedded");
    let file = decrypt(&payload.key, jwe).expect("decrypts with the link's key");
    let doc: serde_json::Value = serde_json::from_slice(&file.plaintext).expect("FHIR JSON");
    assert_eq!(doc["resourceType"], "DocumentReference");
    assert_eq!(
        doc["content"][0]["attachment"]["contentType"],
        "text/html;charset=utf-8"
    );

    // The relay is blind: neither the child's name, nor the label, nor the key, nor the
    // passcode appear anywhere in its files.
    let key_text = payload.key.to_text();
    let needles: [&[u8]; 5] = [
        "山田".as_bytes(),
        "さくら".as_bytes(),
        "救急隊用カード".as_bytes(),
        key_text.as_bytes(),
        b"hana-1234",
    ];
    assert!(d.join("relay.sqlite3").metadata().expect("relay file").len() > 0);
    for file in ["relay.sqlite3", "relay.sqlite3-wal"] {
        let bytes = std::fs::read(d.join(file)).unwrap_or_default();
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{file} holds content"
            );
        }
    }
    assert!(
        String::from_utf8_lossy(&file.plaintext).contains("DocumentReference"),
        "the plaintext is what the relay must not see"
    );

    let d2 = d.clone();
    let listed = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "en", "share", "list"]))
        .await
        .expect("runs");
    assert!(
        listed.starts_with("link") && listed.contains("card:ems") && listed.contains("active"),
        "{listed}"
    );
    let d2 = d.clone();
    let listed = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "ja", "share", "list"]))
        .await
        .expect("runs");
    assert!(
        listed.starts_with("リンク")
            && listed.contains("状態")
            && listed.contains("有効")
            && listed.contains("あり"),
        "{listed}"
    );
    let link2 = link.clone();
    let d2 = d.clone();
    let status = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "en", "share", "status", &link2]))
        .await
        .expect("runs");
    assert!(
        status.contains("opened: 1 time(s)") && status.contains("tolerated: 10"),
        "{status}"
    );
    let link2 = link.clone();
    let d2 = d.clone();
    let status = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "ja", "share", "status", &link2]))
        .await
        .expect("runs");
    assert!(
        status.contains("閲覧: 1 回") && status.contains("あと 10 回"),
        "{status}"
    );

    let prefix: String = payload
        .url
        .rsplit('/')
        .next()
        .expect("id")
        .chars()
        .take(8)
        .collect();
    let d2 = d.clone();
    let revoked =
        tokio::task::spawn_blocking(move || run(&d2, &["--lang", "en", "share", "revoke", &prefix]))
            .await
            .expect("runs");
    assert!(revoked.starts_with("revoked "), "{revoked}");
    let (status, _) = post_manifest(&payload.url, r#"{"recipient":"ER","passcode":"hana-1234"}"#).await;
    assert_eq!(status, 404);
    let d2 = d.clone();
    let listed = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "en", "share", "list"]))
        .await
        .expect("runs");
    assert!(listed.contains("revoked"), "{listed}");
    let d2 = d.clone();
    let listed = tokio::task::spawn_blocking(move || run(&d2, &["--lang", "ja", "share", "list"]))
        .await
        .expect("runs");
    assert!(listed.contains("取り消し済み"), "{listed}");
    let (code, _) = fails(&d, &["share", "revoke", "zzzzzzzz"]);
    assert_eq!(code, 2);
}

/// Link and device ids are base64url, so one in 64 begins with `-` (CI met `-rkttd1y`). Each
/// command that takes such an id reads it as the id, never as an option.
#[test]
fn ids_that_begin_with_a_hyphen_are_ids_not_options() {
    let (d, profile) = demo_store();
    let d = d.path();
    for command in ["status", "revoke"] {
        let (code, err) = fails(d, &["--lang", "en", "share", command, "-rkttd1y"]);
        assert_eq!(code, 2);
        assert!(err.contains("no share link with id -rkttd1y"), "{err}");
    }
    for args in [
        &["share", "revoke", "--profile", &profile, "--device", "-rkttd1y"][..],
        &["members", "remove", &profile, "-rkttd1y", "--revoke-links"],
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend(args);
        let (code, err) = fails(d, &all);
        assert_eq!(code, 2);
        assert!(!err.contains("Usage:") && !err.contains("-r'"), "{err}");
    }
}
