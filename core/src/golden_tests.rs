//! Golden files for the formats a family keeps for years: a version 1 profile document, the
//! profile export file and the encrypted backup file (both key kinds), committed in
//! `core/testdata/golden/`. Each is decoded here, and the framed formats are re-encoded from fixed
//! inputs to the same bytes; a round trip alone cannot catch a change made on both sides at once.
//!
//! Also here: the test that every field of the model can be missing from a document (ADR 0001),
//! so a new field without `#[autosurgeon(missing = …)]` (or `Option`) fails before it ships.
//!
//! Regenerate deliberately with `TSUNAGU_BLESS=1 cargo test -p tsunagu-core --lib golden` — but
//! a v1 document, export or backup must open forever: a change that breaks reading one is a bug,
//! not a reason to bless.

use std::path::PathBuf;

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value as Json;

use crate::backup::format::{open, seal_with};
use crate::backup::key::{BackupKey, KdfParams, Passphrase, RandomKey};
use crate::document::{EditContext, ProfileDoc};
use crate::model::{Profile, ValidationContext};
use crate::store::export;

const PROFILE: &str = "p-golden0000001";
const PASSPHRASE: &str = "golden passphrase 2026";
const RANDOM_KEY: [u8; 32] = [0x7a; 32];
/// Small Argon2id parameters so the test is quick; the header carries them, so the file says
/// how to open it whatever the default becomes.
const SMALL_KDF: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/golden")
        .join(name)
}

fn blessing() -> bool {
    std::env::var_os("TSUNAGU_BLESS").is_some()
}

/// Compares `bytes` with the committed golden file `name`, or writes it under `TSUNAGU_BLESS=1`.
fn golden(name: &str, bytes: &[u8]) {
    if blessing() {
        std::fs::create_dir_all(path(name).parent().expect("has a parent")).expect("create testdata");
        std::fs::write(path(name), bytes).expect("write golden file");
        return;
    }
    let expected = read(name);
    if expected != bytes {
        let at = expected.iter().zip(bytes).position(|(a, b)| a != b);
        panic!(
            "{name}: the encoding changed (first difference at byte {at:?}, lengths {} → {}); a \
             format that outlives a release changes only with a new version",
            expected.len(),
            bytes.len()
        );
    }
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("{name}: {e} (bless with TSUNAGU_BLESS=1)"))
}

fn actor() -> ActorId {
    ActorId::from(b"golden-actor-v1".as_slice())
}

/// The version 1 document: only written when blessing (the model may grow; the bytes may not
/// change meaning).
fn v1_document_bytes() -> Vec<u8> {
    if blessing() {
        let ctx = EditContext {
            author: "母 (golden)".into(),
            now: Utc
                .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
                .single()
                .expect("valid time"),
            validation: ValidationContext {
                today: NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date"),
            },
        };
        let mut doc =
            ProfileDoc::create(actor(), &crate::sample::demo_profile(), &ctx).expect("sample is valid");
        let bytes = doc.save();
        golden("document-v1.automerge", &bytes);
        let json = serde_json::to_vec_pretty(doc.profile()).expect("json");
        golden("document-v1.json", &json);
    }
    read("document-v1.automerge")
}

/// True when every leaf of `expected` is in `actual` with the same value (new fields allowed).
fn contains_leaves(expected: &Json, actual: &Json, at: &str, missing: &mut Vec<String>) {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (k, v) in e {
                match a.get(k) {
                    Some(av) => contains_leaves(v, av, &format!("{at}.{k}"), missing),
                    None if v.is_null() => {}
                    None => missing.push(format!("{at}.{k}")),
                }
            }
        }
        (e, a) if e == a => {}
        _ => missing.push(at.to_owned()),
    }
}

#[test]
fn a_v1_document_hydrates_forever() {
    let bytes = v1_document_bytes();
    let doc = ProfileDoc::load(&bytes, ActorId::random()).expect("a v1 document loads");
    let expected: Json = serde_json::from_slice(&read("document-v1.json")).expect("json");
    let actual = serde_json::to_value(doc.profile()).expect("json");
    let mut differ = Vec::new();
    contains_leaves(&expected, &actual, "", &mut differ);
    assert!(
        differ.is_empty(),
        "fields of the v1 document read differently now: {differ:?}"
    );
}

#[test]
fn a_v1_document_still_takes_edits() {
    let mut doc = ProfileDoc::load(&v1_document_bytes(), ActorId::random()).expect("loads");
    let edit = crate::Edit::Set {
        path: "child.nickname".into(),
        value: Json::String("さくちゃん".into()),
    };
    doc.apply(&[edit], &EditContext::now("golden test"))
        .expect("edits");
    assert_eq!(doc.profile().child.nickname.as_deref(), Some("さくちゃん"));
}

#[test]
fn export_file_v1() {
    let doc = v1_document_bytes();
    golden("export-v1.tsunagu", &export::encode(PROFILE, &doc));
    let file = read("export-v1.tsunagu");
    let (id, body) = export::decode(&file).expect("decodes");
    assert_eq!(id, PROFILE);
    assert_eq!(body, doc.as_slice());
    let dir = tempfile::tempdir().expect("dir");
    let mut store = crate::ProfileStore::open(dir.path().join("store.sqlite3")).expect("store");
    let outcome = store.import(&file).expect("imports");
    assert_eq!(outcome.id, PROFILE);
    assert!(outcome.created);
}

#[test]
fn backup_file_v1_random_key() {
    let exports = vec![read_or_make_export()];
    let key = BackupKey::Random(RandomKey(RANDOM_KEY));
    let sealed = seal_with(&exports, &key, KdfParams::DEFAULT, [0x01; 16], [0x02; 24]).expect("seals");
    golden("backup-v1-random-key.tsunagu-backup", &sealed);
    let opened = open(&read("backup-v1-random-key.tsunagu-backup"), &key).expect("opens");
    assert_eq!(opened, exports);
    let wrong = BackupKey::Random(RandomKey([0x7b; 32]));
    assert!(open(&read("backup-v1-random-key.tsunagu-backup"), &wrong).is_err());
}

#[test]
fn backup_file_v1_passphrase() {
    let exports = vec![read_or_make_export()];
    let key = BackupKey::Passphrase(Passphrase::new(PASSPHRASE));
    let sealed = seal_with(&exports, &key, SMALL_KDF, [0x03; 16], [0x04; 24]).expect("seals");
    golden("backup-v1-passphrase.tsunagu-backup", &sealed);
    let file = read("backup-v1-passphrase.tsunagu-backup");
    assert_eq!(open(&file, &key).expect("opens"), exports);
    let dir = tempfile::tempdir().expect("dir");
    let mut store = crate::ProfileStore::open(dir.path().join("store.sqlite3")).expect("store");
    let restored = crate::backup::restore_backup(&mut store, &file, &key).expect("restores");
    assert_eq!(restored.len(), 1);
    assert_eq!(restored[0].id, PROFILE);
}

fn read_or_make_export() -> Vec<u8> {
    if blessing() {
        return export::encode(PROFILE, &v1_document_bytes());
    }
    read("export-v1.tsunagu")
}

// ---- every field may be missing ---------------------------------------------------------------

/// Fields present in every document since schema v1 may stay required: reconcile has always
/// written every field of a group, null included, so a v1 document that has a group has all of
/// its v1 fields. They are listed (collection ids as `*`) in `testdata/golden/required-since-v1.txt`,
/// written once from the v1 document. Never add a new field there: give it
/// `#[autosurgeon(missing = "Default::default")]` — autosurgeon 0.14 refuses a missing key even
/// for an `Option` — so documents written before it still load (ADR 0001).
fn required_since_v1() -> Vec<String> {
    String::from_utf8(read("required-since-v1.txt"))
        .expect("utf-8")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Every map key of `obj` (recursively) as (parent object, key, path with collection ids as `*`).
fn keys(doc: &AutoCommit, obj: &ObjId, at: &str, out: &mut Vec<(ObjId, String, String)>) {
    for key in doc.keys(obj) {
        // Entity ids in collections have a hyphen (`dev-vent`); field names never do.
        let shown = if key.contains('-') {
            "*".to_owned()
        } else {
            key.clone()
        };
        let here = if at.is_empty() {
            shown
        } else {
            format!("{at}.{shown}")
        };
        if let Ok(Some((Value::Object(ObjType::Map), child))) = doc.get(obj, key.as_str()) {
            keys(doc, &child, &here, out);
        }
        out.push((obj.clone(), key, here));
    }
}

/// Hydrating with each key removed in turn: which paths make the document unreadable.
fn unreadable_without(doc: &AutoCommit) -> Vec<String> {
    let mut all = Vec::new();
    keys(doc, &ROOT, "", &mut all);
    let mut failing: Vec<String> = Vec::new();
    for (obj, key, shown) in all {
        let mut fork = doc.clone();
        fork.delete(&obj, key.as_str()).expect("delete a key");
        if autosurgeon::hydrate::<_, Profile>(&fork).is_err() && !failing.contains(&shown) {
            failing.push(shown);
        }
    }
    failing.sort();
    failing
}

#[test]
fn every_field_may_be_missing_from_a_document() {
    let doc = ProfileDoc::load(&v1_document_bytes(), ActorId::random()).expect("loads");
    let failing = unreadable_without(doc.automerge());
    // New fields reach a document through today's sample and the fixture profiles: walk them too.
    let mut today = Vec::new();
    for profile in current_profiles() {
        let mut created = ProfileDoc::create(ActorId::random(), &profile, &EditContext::now("golden test"))
            .expect("fixture profiles are valid");
        let reloaded = ProfileDoc::load(&created.save(), ActorId::random()).expect("loads");
        for p in unreadable_without(reloaded.automerge()) {
            if !today.contains(&p) {
                today.push(p);
            }
        }
    }
    if blessing() {
        let mut text = String::from(
            "# Fields every v1 document has (collection ids as *). Written once; never add a new\n\
             # field here: give it #[autosurgeon(missing = \"Default::default\")] (core/src/golden_tests.rs).\n",
        );
        for p in &failing {
            text.push_str(p);
            text.push('\n');
        }
        golden("required-since-v1.txt", text.as_bytes());
    }
    let allowed = required_since_v1();
    let mut new: Vec<&String> = failing
        .iter()
        .chain(&today)
        .filter(|p| !allowed.contains(p))
        .collect();
    new.sort();
    new.dedup();
    assert!(
        new.is_empty(),
        "a document without these fields no longer loads; give each \
         `#[autosurgeon(missing = \"Default::default\")]` (ADR 0001): {new:?}"
    );
}

/// Today's sample and every fixture profile in `core/testdata/profiles/*.json`.
fn current_profiles() -> Vec<Profile> {
    let mut out = vec![crate::sample::demo_profile()];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/profiles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for file in files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let json: Json = serde_json::from_slice(&std::fs::read(&file).expect("read fixture")).expect("json");
        out.push(
            crate::document::edit::from_json(json).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
        );
    }
    out
}

/// The test above can fail: a field that is not optional in old documents is caught.
#[test]
fn a_field_without_a_missing_default_is_caught() {
    let doc = ProfileDoc::load(&v1_document_bytes(), ActorId::random()).expect("loads");
    let mut bare = doc.automerge().clone();
    let child = match bare.get(ROOT, "child") {
        Ok(Some((Value::Object(ObjType::Map), id))) => id,
        other => panic!("child is a map: {other:?}"),
    };
    bare.delete(&child, "nickname").expect("delete");
    assert!(
        autosurgeon::hydrate::<_, Profile>(&bare).is_err(),
        "autosurgeon now reads a missing key as None: the required-since-v1 list can go"
    );
}
