//! `invite --qr FILE` and `share create --qr FILE` against a real relay process on loopback: the
//! PNG and the SVG read back by `zbarimg` to exactly the printed link; then deleting the shared
//! profile's local copy, refused while a share link still works, and allowed (saying the other
//! members keep it) once the link is revoked.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::sync::{RelayProcess, ok};

/// What zbarimg reads from `image`; None when zbarimg is not installed and not required
/// (`TSUNAGU_REQUIRE_RENDER_TOOLS=1`, set by scripts/test-all, makes it a failure).
fn zbar(image: &Path) -> Option<String> {
    match Command::new("zbarimg").args(["--raw", "-q"]).arg(image).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "zbarimg finds no code in {}",
                image.display()
            );
            Some(
                String::from_utf8(out.stdout)
                    .expect("utf-8")
                    .trim_end()
                    .to_owned(),
            )
        }
        Err(_) => {
            assert!(
                std::env::var_os("TSUNAGU_REQUIRE_RENDER_TOOLS").is_none(),
                "zbarimg missing (scripts/install-render-tools)"
            );
            eprintln!("skipping the QR read-back: zbarimg missing");
            None
        }
    }
}

fn fails(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("TSUNAGU_LANG")
        .output()
        .expect("runs");
    assert!(!out.status.success(), "{args:?} should fail");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn invite_and_share_links_as_qr_codes_then_delete_the_shared_copy() {
    let dir = tempfile::tempdir().expect("dir");
    let relay = RelayProcess::start(dir.path().join("relay.sqlite3"));
    let data = dir.path().join("parent");
    let id = ok(&data, &["profile", "new", "--sample", "--device-name", "母"])
        .trim()
        .to_owned();
    ok(&data, &["sync", "start", "さくら", "--relay", &relay.url]);

    // A bad --qr name is refused before anything is made.
    let (code, _, err) = fails(&data, &["invite", &id, "--role", "editor", "--qr", "x.jpg"]);
    assert_eq!(code, 2, "{err}");

    let invite_png = dir.path().join("invite.png");
    let link = ok(
        &data,
        &[
            "invite",
            "やまだ",
            "--role",
            "editor",
            "--qr",
            invite_png.to_str().expect("utf-8"),
        ],
    )
    .trim()
    .to_owned();
    assert!(link.starts_with("http"), "{link}");
    if let Some(read) = zbar(&invite_png) {
        assert_eq!(read, link);
    }

    let share_svg = dir.path().join("share.svg");
    let shared: Value = serde_json::from_str(&ok(
        &data,
        &[
            "share",
            "create",
            &id[..6],
            "--view",
            "shelter",
            "--qr",
            share_svg.to_str().expect("utf-8"),
            "--json",
        ],
    ))
    .expect("json");
    assert_eq!(shared["profile_id"], id.as_str());
    chrono::DateTime::parse_from_rfc3339(shared["created_at"].as_str().expect("RFC 3339 time"))
        .expect("RFC 3339");
    let share_link = shared["link"].as_str().expect("link").to_owned();
    let svg = std::fs::read_to_string(&share_svg).expect("svg");
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..40.min(svg.len())]
    );
    // zbarimg reads raster images: the SVG is checked through the PNG of the same link.
    let share_png = dir.path().join("share.png");
    ok(
        &data,
        &[
            "share",
            "create",
            &id,
            "--view",
            "ems",
            "--qr",
            share_png.to_str().expect("utf-8"),
        ],
    );
    let second = ok(&data, &["share", "list", &id, "--json"]);
    let second: Value = serde_json::from_str(&second).expect("json");
    let links: Vec<&str> = second
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["link"].as_str())
        .collect();
    assert_eq!(links.len(), 2);
    assert!(links.contains(&share_link.as_str()));
    if let Some(read) = zbar(&share_png) {
        assert!(links.contains(&read.as_str()), "{read}");
    }

    // Deleting the local copy is refused while links work: their records are the way to revoke.
    let (code, _, err) = fails(&data, &["profile", "delete", &id, "--yes"]);
    assert_eq!(code, 2);
    assert!(err.contains("2 share link(s) still working"), "{err}");
    for link in &links {
        ok(&data, &["share", "revoke", link]);
    }
    let deleted = ok(&data, &["--lang", "en", "profile", "delete", "さくら", "--yes"]);
    assert!(
        deleted.contains("The other members still have the profile"),
        "{deleted}"
    );
    assert!(ok(&data, &["profile", "list", "--json"]).trim() == "[]");
    // The relay still holds the profile for the others: this device only stopped syncing it.
    let status = ok(&data, &["sync", "--status", "--json"]);
    assert_eq!(status.trim(), "[]");
}
