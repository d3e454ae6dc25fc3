//! 7. The relay's files never hold the profile's plaintext (on PostgreSQL: no value in any of
//!    the relay's tables does).

use tsunagu_relay::testing::Cell;

use super::*;

const NAME_MARKER: &str = "MARKER-つなぐ-7f3a";
const NOTE_MARKER: &str = "NOTE-MARKER-ケア-91c2";
const CONTACT_MARKER: &str = "CONTACT-MARKER-連絡-2d9c";
const AUTHOR_MARKER: &str = "AUTHOR-MARKER-著者-e5b1";

/// The ways a text could sit in a file: UTF-8, UTF-16 little- and big-endian.
fn encodings(text: &str) -> [Vec<u8>; 3] {
    let units: Vec<u16> = text.encode_utf16().collect();
    [
        text.as_bytes().to_vec(),
        units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        units.iter().flat_map(|u| u.to_be_bytes()).collect(),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file in `dir` whose name starts with `prefix`, with its bytes.
fn files(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            name.starts_with(prefix).then(|| {
                let bytes = std::fs::read(&p).expect("reads");
                (name, bytes)
            })
        })
        .collect();
    out.sort();
    out
}

/// Which markers (in which encoding) occur in which of the files.
fn occurrences(files: &[(String, Vec<u8>)], markers: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in files {
        for marker in markers {
            for (encoding, needle) in ["utf-8", "utf-16le", "utf-16be"].iter().zip(encodings(marker)) {
                if contains(bytes, &needle) {
                    found.push(format!("{marker} ({encoding}) in {name}"));
                }
            }
        }
    }
    found
}

async fn the_relays_files_never_contain_the_profiles_plaintext() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut relay = Relay::start(dir.path()).await;
    let t = HttpTransport::new().expect("transport");
    let Family { id, mut devices, .. } = family(dir.path(), &relay, &t, &[(PARENT, Role::Editor)]).await;

    devices[0]
        .store
        .edit(
            &id,
            &[
                Edit::set("child.name", NAME_MARKER),
                // A note that was empty, so its text is written whole. (Rewriting a note stores
                // only what changed, and the marker would not sit in one piece even in plaintext.)
                Edit::set(
                    "devices.dev-vent.notes",
                    format!("{NOTE_MARKER} 予備回路は押入れ"),
                ),
            ],
            &edit_context(AUTHOR_MARKER, 1),
        )
        .expect("edits");
    devices[1].edit(
        &id,
        &[Edit::Add {
            collection: "contacts".into(),
            id: "ct-marker".into(),
            entity: json!({ "name": CONTACT_MARKER, "phone": "090-0000-0002" }),
        }],
    );
    sync_until_quiet(&mut devices, &t, &id).await;
    assert_all_equal(&mut devices, &id);
    let json = devices[1].json(&id);
    assert_eq!(pointer(&json, "/child/name"), NAME_MARKER);
    assert_eq!(
        pointer(&json, "/devices/dev-vent/notes"),
        &json!(format!("{NOTE_MARKER} 予備回路は押入れ"))
    );
    assert_eq!(
        pointer(&devices[0].json(&id), "/contacts/ct-marker/name"),
        CONTACT_MARKER
    );

    let markers = [
        NAME_MARKER,
        NOTE_MARKER,
        CONTACT_MARKER,
        AUTHOR_MARKER,
        "山田 さくら",
        "山田 花子",
    ];
    // Sanity: the search finds each encoding, and the devices' own files do hold the text.
    for needle in encodings(NAME_MARKER) {
        let mut haystack = vec![0u8; 7];
        haystack.extend_from_slice(&needle);
        assert_eq!(occurrences(&[("x".into(), haystack)], &[NAME_MARKER]).len(), 1);
    }
    let device_files = files(dir.path(), "");
    let on_devices = occurrences(&device_files, &markers[..4]);
    for marker in &markers[..4] {
        for device in ["owner.sqlite3", "device-1.sqlite3"] {
            assert!(
                on_devices
                    .iter()
                    .any(|o| o.starts_with(&format!("{marker} (utf-8) in {device}"))),
                "{marker} not found in {device}'s files: {on_devices:?}"
            );
        }
    }

    // The relay holds the data (envelopes of some size) but none of the text, running...
    let stored = relay.envelopes(&id);
    assert!(stored.len() >= 3);
    assert!(stored.iter().map(|s| s.bytes.len()).sum::<usize>() > 1_000);
    if relay.db.backend() == Backend::Postgres {
        // Every value of every table, raw: bytes as stored, text as UTF-8.
        let tables = relay.db.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        );
        let mut values = Vec::new();
        for table in &tables {
            let name = String::from_utf8(table[0].bytes()).expect("a table name");
            let mut bytes = Vec::new();
            for row in relay.db.query(&format!("SELECT * FROM {name}"), &[]) {
                for cell in row {
                    match cell {
                        Cell::Bytes(b) => bytes.extend(b),
                        Cell::Text(t) => bytes.extend(t.into_bytes()),
                        _ => {}
                    }
                }
            }
            values.push((name, bytes));
        }
        assert!(values.iter().any(|(n, b)| n == "envelope" && b.len() > 1_000));
        assert_eq!(occurrences(&values, &markers), Vec::<String>::new());
        relay.stop().await;
        return;
    }
    let running = files(&relay.dir, "relay.sqlite3");
    assert!(running.iter().any(|(n, _)| n == "relay.sqlite3"));
    assert_eq!(occurrences(&running, &markers), Vec::<String>::new());
    // ...and after it stopped (the WAL folded into the main file).
    relay.stop().await;
    let stopped = files(&relay.dir, "");
    assert!(stopped.iter().any(|(n, _)| n == "relay.sqlite3"));
    assert_eq!(occurrences(&stopped, &markers), Vec::<String>::new());
}

on_each_backend!(the_relays_files_never_contain_the_profiles_plaintext,);
