//! Store scenarios: several children in one file across reopen, export/import round trips and
//! merges, refusal of damaged and foreign input without touching the store, and store files that
//! are not ours, damaged, or from a newer version.

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ChangeHash};
use serde_json::json;
use sha2::{Digest, Sha256};
use tsunagu_core::document::history::HistoryEntry;
use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::store::{AUTO_COMPACT_CHUNKS, ProfileSummary, schema};
use tsunagu_core::{Edit, Error, ProfileDoc, ProfileStore};
use tsunagu_tests::edit_context;

use crate::common::XorShift;

/// Everything observable about a store's profiles.
#[derive(Debug, PartialEq)]
struct Snapshot {
    list: Vec<ProfileSummary>,
    profiles: Vec<ProfileState>,
}

#[derive(Debug, PartialEq)]
struct ProfileState {
    id: String,
    profile: Profile,
    heads: Vec<ChangeHash>,
    history: Vec<HistoryEntry>,
    save: Vec<u8>,
    stored_size: usize,
}

fn snapshot(store: &mut ProfileStore) -> Snapshot {
    let list = store.list().expect("list");
    let profiles = list
        .iter()
        .map(|s| {
            let doc = store.document(&s.id).expect("document");
            let mut heads = doc.heads();
            heads.sort();
            let (profile, save, history) = (doc.profile().clone(), doc.save(), doc.history());
            ProfileState {
                id: s.id.clone(),
                profile,
                heads,
                history,
                save,
                stored_size: store.stored_size(&s.id).expect("size"),
            }
        })
        .collect();
    Snapshot { list, profiles }
}

/// The demo profile as another (fictional) child.
fn child(name: &str, kana: &str, nickname: &str) -> Profile {
    let mut p = demo_profile();
    p.child.name = Some(name.into());
    p.child.name_kana = Some(kana.into());
    p.child.nickname = Some(nickname.into());
    p
}

fn open(dir: &tempfile::TempDir, name: &str) -> ProfileStore {
    ProfileStore::open(dir.path().join(name)).expect("open the store")
}

fn add_contact(n: u32) -> Edit {
    Edit::Add {
        collection: "contacts".into(),
        id: format!("ct-test-{n}"),
        entity: json!({ "name": format!("連絡先 {n}"), "phone": format!("090-0000-{n:04}") }),
    }
}

/// The export file format (see core's `store/export.rs`), to frame arbitrary documents.
fn frame(id: &str, doc: &[u8]) -> Vec<u8> {
    let mut out = b"TSUNAGU\x01".to_vec();
    out.extend_from_slice(&u16::try_from(id.len()).expect("short id").to_be_bytes());
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(&(doc.len() as u64).to_be_bytes());
    out.extend_from_slice(doc);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// A store with three children, edited enough that one profile has compacted itself, with a
/// change from a second device merged in. Returns the store's ids in creation order.
fn three_children(dir: &tempfile::TempDir) -> (ProfileStore, Vec<String>) {
    let ctx = edit_context("母", 1);
    let mut store = open(dir, "family.sqlite");
    let children = [
        child("山田 さくら", "やまだ さくら", "さくちゃん"),
        child("佐藤 はると", "さとう はると", "はるくん"),
        child("鈴木 ゆい", "すずき ゆい", "ゆいちゃん"),
    ];
    let ids: Vec<String> = children
        .iter()
        .map(|p| store.create_profile(p, &ctx).expect("create"))
        .collect();
    for n in 0..(AUTO_COMPACT_CHUNKS as u32 + 6) {
        let edit = Edit::set(
            "devices.dev-vent.settings.ventilator.rate",
            15.0 + f64::from(n % 10),
        );
        store.edit(&ids[0], &[edit], &ctx).expect("edit");
    }
    store
        .edit(
            &ids[1],
            &[add_contact(1), Edit::set("evacuation.route", "北へ")],
            &ctx,
        )
        .expect("edit");
    store
        .edit(
            &ids[2],
            &[Edit::Remove {
                collection: "stock".into(),
                id: "stk-hme".into(),
            }],
            &ctx,
        )
        .expect("edit");
    // A second device edits child 2 concurrently; its change is merged in.
    let mut device = open(dir, "device.sqlite");
    device
        .import(&store.export(&ids[1]).expect("export"))
        .expect("import");
    store
        .edit(&ids[1], &[Edit::set("baseline.spo2_low", 92.0)], &ctx)
        .expect("edit");
    let heads = device.document(&ids[1]).expect("doc").heads();
    device
        .edit(
            &ids[1],
            &[Edit::set("child.nickname", "はる")],
            &edit_context("父", 2),
        )
        .expect("edit");
    let change = device.document(&ids[1]).expect("doc").changes_after(&heads);
    assert_eq!(store.merge_changes(&ids[1], &change).expect("merge"), 1);
    (store, ids)
}

#[test]
fn several_children_read_back_identically_after_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, ids) = three_children(&dir);
    // The profile edited past the threshold compacted itself: only the chunks since remain.
    let stats = store.compact(&ids[0]).expect("compact");
    assert!(
        stats.chunks_removed < AUTO_COMPACT_CHUNKS,
        "no automatic compaction: {stats:?}"
    );
    let before = snapshot(&mut store);
    assert_eq!(before.profiles.len(), 3);
    let kana: Vec<_> = before
        .list
        .iter()
        .map(|s| s.name_kana.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        kana,
        ["さとう はると", "すずき ゆい", "やまだ さくら"],
        "list is sorted by kana"
    );
    let p2 = &before
        .profiles
        .iter()
        .find(|p| p.id == ids[1])
        .expect("child 2")
        .profile;
    assert_eq!(
        (p2.child.nickname.as_deref(), p2.baseline.spo2_low.map(|p| p.0)),
        (Some("はる"), Some(92.0))
    );
    let actor = store.actor().clone();

    store.evict_all();
    assert_eq!(snapshot(&mut store), before, "evict + reload differs");
    drop(store);
    let mut store = open(&dir, "family.sqlite");
    assert_eq!(store.actor(), &actor, "the device's actor must survive a reopen");
    assert_eq!(snapshot(&mut store), before, "reopen differs");
    // Compacting every profile changes nothing observable either.
    for id in &ids {
        store.compact(id).expect("compact");
    }
    drop(store);
    let mut store = open(&dir, "family.sqlite");
    let after = snapshot(&mut store);
    assert_eq!(after.list, before.list);
    for (a, b) in after.profiles.iter().zip(&before.profiles) {
        assert_eq!(
            (&a.id, &a.profile, &a.heads, &a.history, &a.save),
            (&b.id, &b.profile, &b.heads, &b.history, &b.save)
        );
        assert!(a.stored_size <= b.stored_size, "compaction grew {}", a.id);
    }
}

#[test]
fn export_then_import_into_a_fresh_store_gives_the_same_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, ids) = three_children(&dir);
    let mut fresh = open(&dir, "fresh.sqlite");
    for id in &ids {
        let file = store.export(id).expect("export");
        let outcome = fresh.import(&file).expect("import");
        let history = store.history(id).expect("history");
        assert!(outcome.created, "{outcome:?}");
        assert_eq!((&outcome.id, outcome.new_changes), (id, history.len()));
        assert_eq!(
            fresh.profile(id).expect("profile"),
            store.profile(id).expect("profile")
        );
        assert_eq!(
            fresh.document(id).expect("doc").heads(),
            store.document(id).expect("doc").heads()
        );
        assert_eq!(fresh.history(id).expect("history"), history);
        assert_eq!(
            fresh.export(id).expect("export"),
            file,
            "an imported profile exports to the same file"
        );
    }
    let names = |s: &mut ProfileStore| {
        s.list()
            .expect("list")
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&mut fresh), names(&mut store));
    drop(fresh);
    let mut fresh = open(&dir, "fresh.sqlite");
    for id in &ids {
        assert_eq!(
            fresh.profile(id).expect("profile after reopen"),
            store.profile(id).expect("profile")
        );
    }
}

#[test]
fn import_into_a_store_that_has_the_profile_merges_both_sides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut mother = open(&dir, "mother.sqlite");
    let mut coordinator = open(&dir, "coordinator.sqlite");
    let id = mother
        .create_profile(&demo_profile(), &edit_context("母", 0))
        .expect("create");
    coordinator
        .import(&mother.export(&id).expect("export"))
        .expect("import");

    // Concurrent edits on both sides, each also to a field the other touches.
    let m = mother
        .edit(
            &id,
            &[
                Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0),
                Edit::set("child.nickname", "さく"),
            ],
            &edit_context("母", 1),
        )
        .expect("edit")
        .expect("a change");
    let c = coordinator
        .edit(
            &id,
            &[add_contact(7), Edit::set("evacuation.route", "県道を北へ")],
            &edit_context("佐藤", 2),
        )
        .expect("edit")
        .expect("a change");

    let file = coordinator.export(&id).expect("export");
    let outcome = mother.import(&file).expect("import");
    assert_eq!((outcome.created, outcome.new_changes), (false, 1), "{outcome:?}");
    coordinator
        .import(&mother.export(&id).expect("export"))
        .expect("import back");

    for (who, store) in [("mother", &mut mother), ("coordinator", &mut coordinator)] {
        let p = store.profile(&id).expect("profile").clone();
        let vent = p
            .devices
            .get("dev-vent")
            .and_then(|d| d.settings.ventilator.clone())
            .expect("ventilator");
        assert_eq!(vent.peep.map(|v| v.0), Some(6.0), "{who}");
        assert_eq!(p.child.nickname.as_deref(), Some("さく"), "{who}");
        assert!(p.contacts.contains("ct-test-7"), "{who}");
        assert_eq!(p.evacuation.route.as_deref(), Some("県道を北へ"), "{who}");
        let hashes: Vec<String> = store
            .history(&id)
            .expect("history")
            .into_iter()
            .map(|h| h.hash)
            .collect();
        assert!(
            hashes.contains(&m.to_string()) && hashes.contains(&c.to_string()),
            "{who}: {hashes:?}"
        );
    }
    assert_eq!(
        mother.document(&id).expect("doc").heads(),
        coordinator.document(&id).expect("doc").heads()
    );

    // Importing the same file again is a no-op: nothing new, nothing written.
    let before = snapshot(&mut mother);
    let outcome = mother.import(&file).expect("re-import");
    assert_eq!((outcome.created, outcome.new_changes), (false, 0));
    assert_eq!(snapshot(&mut mother), before);
    drop(mother);
    let mut mother = open(&dir, "mother.sqlite");
    assert_eq!(snapshot(&mut mother), before, "the merge is durable");
}

/// Imports each input and checks it is refused as not a profile, with the store unchanged
/// (checked after every `check_every` inputs and at the end).
fn assert_all_refused(
    store: &mut ProfileStore,
    before: &Snapshot,
    what: &str,
    inputs: &[Vec<u8>],
    check_every: usize,
) {
    for (i, input) in inputs.iter().enumerate() {
        match store.import(input) {
            Err(Error::NotAProfile(_)) => {}
            other => panic!(
                "{what} #{i} ({} bytes): expected NotAProfile, got {other:?}",
                input.len()
            ),
        }
        if i % check_every == 0 || i + 1 == inputs.len() {
            assert_eq!(&snapshot(store), before, "{what} #{i} changed the store");
        }
    }
}

/// A store file's bytes, for feeding SQLite files where profiles are expected.
fn sqlite_file_bytes(dir: &tempfile::TempDir) -> Vec<u8> {
    let path = dir.path().join("other.sqlite");
    drop(ProfileStore::open(&path).expect("open"));
    std::fs::read(&path).expect("read the store file")
}

#[test]
fn damaged_and_foreign_imports_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, ids) = three_children(&dir);
    // The export comes from another device with a change this store lacks: accepting any part
    // of a damaged copy would show.
    let mut device = open(&dir, "device.sqlite");
    device
        .import(&store.export(&ids[2]).expect("export"))
        .expect("import");
    device
        .edit(&ids[2], &[add_contact(9)], &edit_context("父", 3))
        .expect("edit");
    let file = device.export(&ids[2]).expect("export");
    let doc = device.document(&ids[2]).expect("doc").save();
    let before = snapshot(&mut store);
    let mut rng = XorShift::new(0x7375_6e61_6775);

    // Every truncation, and one flipped bit at every position.
    let prefixes: Vec<Vec<u8>> = (0..file.len()).map(|n| file[..n].to_vec()).collect();
    assert_all_refused(&mut store, &before, "truncated export", &prefixes, 512);
    let flips: Vec<Vec<u8>> = (0..file.len())
        .map(|i| {
            let mut f = file.clone();
            f[i] ^= 1 << (i % 8);
            f
        })
        .collect();
    assert_all_refused(&mut store, &before, "bit-flipped export", &flips, 512);

    // Random bytes, some dressed with the export header.
    let random: Vec<Vec<u8>> = (0..300)
        .map(|i| {
            let len = rng.below(6000) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
            if i % 2 == 0 {
                let header = &file[..(8 + 2 + ids[2].len() + 8).min(len)];
                bytes[..header.len()].copy_from_slice(header);
            }
            bytes
        })
        .collect();
    assert_all_refused(&mut store, &before, "random bytes", &random, 50);

    // Well-framed files (valid checksum) whose document is damaged or not a profile: these get
    // past the frame and reach the document and merge code.
    let mut foreign = AutoCommit::new();
    foreign.put(automerge::ROOT, "todo", "milk").expect("put");
    let newer =
        ProfileDoc::create(ActorId::random(), &demo_profile(), &edit_context("x", 0)).expect("create");
    let mut newer_doc = newer.automerge().clone();
    newer_doc.put(automerge::ROOT, "schema", 99_u64).expect("put");
    let sqlite = sqlite_file_bytes(&dir);
    let mut framed: Vec<Vec<u8>> = vec![
        frame(&ids[2], &foreign.save()),
        frame("p-foreign", &foreign.save()),
        frame(&ids[2], &AutoCommit::new().save()),
        frame(&ids[2], &[]),
        frame(&ids[2], &sqlite),
        frame(&ids[2], &newer_doc.save()),
        frame("p-newer", &newer_doc.save()),
        frame("", &doc),
        frame("../../etc", &doc),
        frame("an id with spaces", &doc),
        frame(&"x".repeat(65), &doc),
    ];
    for n in (0..doc.len()).step_by(37) {
        framed.push(frame(&ids[2], &doc[..n]));
        framed.push(frame("p-new-truncated", &doc[..n]));
    }
    for i in (0..doc.len()).step_by(13) {
        let mut d = doc.clone();
        d[i] ^= 1 << (i % 8);
        framed.push(frame(&ids[2], &d));
    }
    for _ in 0..50 {
        let len = 1 + rng.below(3000) as usize;
        framed.push(frame(
            &ids[2],
            &(0..len).map(|_| rng.next_u64() as u8).collect::<Vec<u8>>(),
        ));
    }
    assert_all_refused(&mut store, &before, "well-framed bad document", &framed, 1);

    // Files that are something else entirely.
    let others = vec![
        Vec::new(),
        sqlite,
        foreign.save(),
        doc.clone(),
        b"TSUNAGU".to_vec(),
        b"{\"schema\": 1}".to_vec(),
    ];
    assert_all_refused(&mut store, &before, "other kind of file", &others, 1);

    drop(store);
    let mut store = open(&dir, "family.sqlite");
    assert_eq!(snapshot(&mut store), before, "the file changed");
}

/// An export whose document is another child's profile (a valid profile, but a different
/// document) must not be merged into this child: automerge would keep both histories and pick
/// one side's sections by actor id, silently mixing two children's data.
#[test]
fn another_childs_document_under_this_id_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open(&dir, "family.sqlite");
    let id = store
        .create_profile(&demo_profile(), &edit_context("母", 0))
        .expect("create");
    let before = snapshot(&mut store);
    // Another family's device; the greatest actor id makes its root values win any conflict.
    let other = child("田中 けんた", "たなか けんた", "けんくん");
    let mut doc = ProfileDoc::create(
        ActorId::from([0xff_u8; 16].as_slice()),
        &other,
        &edit_context("他", 0),
    )
    .expect("create");
    let result = store.import(&frame(&id, &doc.save()));
    let name = store.profile(&id).expect("profile").child.name.clone();
    assert!(
        matches!(result, Err(Error::NotAProfile(_))),
        "another child's document was merged into this one ({result:?}); the child's name is now {name:?}"
    );
    assert_eq!(snapshot(&mut store), before);
}

/// `merge_changes` takes bytes from other replicas (sync): bytes that are not whole automerge
/// changes must be refused, as `ProfileDoc::merge_bytes` promises, not acknowledged as merged.
#[test]
fn merge_changes_refuses_bytes_that_are_not_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open(&dir, "family.sqlite");
    let ctx = edit_context("母", 0);
    let id = store.create_profile(&demo_profile(), &ctx).expect("create");
    let mut device = open(&dir, "device.sqlite");
    device
        .import(&store.export(&id).expect("export"))
        .expect("import");
    let heads = device.document(&id).expect("doc").heads();
    device
        .edit(&id, &[Edit::set("child.nickname", "一")], &ctx)
        .expect("edit");
    device
        .edit(&id, &[Edit::set("child.nickname", "二")], &ctx)
        .expect("edit");
    let changes = device.document(&id).expect("doc").changes_after(&heads);
    let before = snapshot(&mut store);

    let mut rng = XorShift::new(42);
    let garbage: Vec<u8> = (0..200).map(|_| rng.next_u64() as u8).collect();
    for (what, bytes) in [
        ("random bytes", garbage.as_slice()),
        ("text", b"garbage bytes here".as_slice()),
        ("two changes cut short", &changes[..changes.len() - 10]),
    ] {
        let result = store.merge_changes(&id, bytes);
        let nickname = store.profile(&id).expect("profile").child.nickname.clone();
        assert!(
            matches!(result, Err(Error::NotAProfile(_))),
            "{what}: merge_changes returned {result:?} (nickname now {nickname:?})"
        );
        assert_eq!(snapshot(&mut store), before, "{what} changed the store");
    }
    assert_eq!(
        store.merge_changes(&id, &changes).expect("whole changes merge"),
        2
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_a_corrupt_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = XorShift::new(7);
    let (mut store, ids) = three_children(&dir);
    let export = store.export(&ids[0]).expect("export");
    let random: Vec<u8> = (0..8192).map(|_| rng.next_u64() as u8).collect();
    let mut fake_header = b"SQLite format 3\0".to_vec();
    fake_header.extend_from_slice(&random[..4000]);
    let cases: [(&str, &[u8]); 4] = [
        ("random bytes", &random),
        (
            "text",
            "これはデータベースではありません — not a database, just some text long enough".as_bytes(),
        ),
        ("an export file", &export),
        ("an SQLite header on garbage", &fake_header),
    ];
    for (what, bytes) in cases {
        let path = dir.path().join("not-a-store");
        std::fs::write(&path, bytes).expect("write");
        match ProfileStore::open(&path) {
            Err(Error::CorruptStore(_)) => {}
            other => panic!("{what}: expected CorruptStore, got {other:?}"),
        }
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{what}: opening it changed the file"
        );
    }
    // An empty file is an empty SQLite database: it becomes a new, empty store.
    let path = dir.path().join("empty");
    std::fs::write(&path, b"").expect("write");
    let mut empty = ProfileStore::open(&path).expect("an empty file opens as a new store");
    assert!(empty.list().expect("list").is_empty());
}

/// A real store file damaged on disk (cut short, or a page overwritten) is reported as a damaged
/// store, never as data, and never by a panic.
#[test]
fn a_damaged_store_file_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = three_children(&dir);
    drop(store);
    let good = std::fs::read(dir.path().join("family.sqlite")).expect("read");
    assert!(good.len() > 4 * 4096, "the store spans several pages");
    let mut overwritten = good.clone();
    overwritten[4096..8192].fill(0x55);
    let cases = [
        ("cut in half", good[..good.len() / 2].to_vec()),
        ("a page overwritten", overwritten),
    ];
    for (what, bytes) in cases {
        let path = dir.path().join("damaged.sqlite");
        std::fs::write(&path, &bytes).expect("write");
        let outcome = open_and_read_everything(&path);
        assert!(
            matches!(outcome.as_ref().map_err(|e| &**e), Err(Error::CorruptStore(_))),
            "{what}: expected CorruptStore, got {outcome:?}"
        );
    }
}

/// Opens a store and reads every profile in it; returns how many there are.
fn open_and_read_everything(path: &std::path::Path) -> Result<usize, Box<Error>> {
    let mut store = ProfileStore::open(path)?;
    let list = store.list()?;
    for summary in &list {
        store.profile(&summary.id)?;
    }
    Ok(list.len())
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("family.sqlite");
    let mut store = ProfileStore::open(&path).expect("open");
    let id = store
        .create_profile(&demo_profile(), &edit_context("母", 0))
        .expect("create");
    let before = snapshot(&mut store);
    drop(store);
    let set_version = |v: i64| {
        let conn = rusqlite::Connection::open(&path).expect("open with SQLite");
        conn.pragma_update(None, "user_version", v)
            .expect("set user_version");
    };
    let newer = schema::CURRENT_VERSION + 1;
    set_version(newer);
    match ProfileStore::open(&path) {
        Err(Error::NewerStore { found, known }) => {
            assert_eq!((found, known), (newer, schema::CURRENT_VERSION))
        }
        other => panic!("expected NewerStore, got {other:?}"),
    }
    // Nothing was migrated or lost: back at the known version, the profile is all there.
    set_version(schema::CURRENT_VERSION);
    let mut store = ProfileStore::open(&path).expect("reopen");
    assert_eq!(snapshot(&mut store), before);
    assert!(store.exists(&id).expect("exists"));
}

/// Two handles on one store file (the app and the CLI, or two CLI runs at once) both edit the
/// same child. Both edits are acknowledged, so both must be readable afterwards, and the profile
/// must stay readable at all.
#[test]
fn two_handles_editing_one_profile_keep_it_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("family.sqlite");
    let mut app = ProfileStore::open(&path).expect("open");
    let id = app
        .create_profile(&demo_profile(), &edit_context("母", 0))
        .expect("create");
    let mut cli = ProfileStore::open(&path).expect("open a second handle");
    cli.profile(&id).expect("the second handle loads the profile");

    let a = app
        .edit(
            &id,
            &[Edit::set("child.nickname", "さく")],
            &edit_context("母", 1),
        )
        .expect("edit")
        .expect("a change");
    let c = cli
        .edit(
            &id,
            &[Edit::set("evacuation.route", "県道を北へ")],
            &edit_context("父", 2),
        )
        .expect("edit")
        .expect("a change");

    let mut reader = ProfileStore::open(&path).expect("open a third handle");
    let profile = match reader.profile(&id) {
        Ok(p) => p.clone(),
        Err(e) => {
            panic!("after two acknowledged edits through two handles the profile cannot be read: {e:?}")
        }
    };
    assert_eq!(profile.child.nickname.as_deref(), Some("さく"));
    assert_eq!(profile.evacuation.route.as_deref(), Some("県道を北へ"));
    let hashes: Vec<String> = reader
        .history(&id)
        .expect("history")
        .into_iter()
        .map(|h| h.hash)
        .collect();
    assert!(hashes.contains(&a.to_string()) && hashes.contains(&c.to_string()));
    app.compact(&id).expect("compaction after both edits");
}
