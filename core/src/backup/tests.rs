//! Backup round trips on real SQLite stores, refusals (every truncation, every bit flip, wrong
//! passphrase or key, the wrong kind of key, unreasonable parameters) that leave the store as it
//! was, merging into a store that already holds the profile, and the random key's text form.
//! The Argon2id cost here is cheap; the default cost runs in the CLI tests and the benchmark.

use automerge::ChangeHash;
use tempfile::TempDir;

use super::*;
use crate::document::EditContext;
use crate::document::edit::Edit;
use crate::error::Error;
use crate::model::Profile;
use crate::sample::demo_profile;

const CHEAP: KdfParams = KdfParams {
    memory_kib: 256,
    iterations: 1,
    parallelism: 1,
};

fn store(dir: &TempDir, name: &str) -> ProfileStore {
    ProfileStore::open(dir.path().join(name)).expect("store opens")
}

fn pass(text: &str) -> BackupKey {
    BackupKey::Passphrase(Passphrase::new(text))
}

/// Everything a test compares: per profile, its heads and its JSON.
fn fingerprint(s: &mut ProfileStore) -> Vec<(String, Vec<ChangeHash>, serde_json::Value)> {
    let ids: Vec<String> = s.list().expect("list").into_iter().map(|p| p.id).collect();
    ids.into_iter()
        .map(|id| {
            let doc = s.document(&id).expect("loads");
            let heads = doc.heads();
            let json = serde_json::to_value(doc.profile()).expect("json");
            (id, heads, json)
        })
        .collect()
}

fn two_profiles(dir: &TempDir) -> (ProfileStore, String, String) {
    let mut s = store(dir, "phone.sqlite3");
    let ctx = EditContext::now("母");
    let a = s.create_profile(&demo_profile(), &ctx).expect("create");
    let mut second = Profile::empty();
    second.child.nickname = Some("たろう".into());
    let b = s.create_profile(&second, &ctx).expect("create");
    s.edit(&a, &[Edit::set("child.nickname", "さく")], &ctx)
        .expect("edit");
    (s, a, b)
}

#[test]
fn a_whole_store_round_trips_into_a_fresh_store() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, a, b) = two_profiles(&dir);
    let key = pass("correct horse battery staple");
    let (file, summary) = create_backup_with(&mut phone, None, &key, CHEAP).expect("backup");
    assert_eq!(summary.bytes, file.len());
    let mut ids = summary.profiles.clone();
    ids.sort();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(sealed_with(&file).expect("header"), SealedWith::Passphrase(CHEAP));
    let mut fresh = store(&dir, "new-phone.sqlite3");
    let outcomes = restore_backup(&mut fresh, &file, &key).expect("restores");
    assert!(outcomes.iter().all(|o| o.created));
    // Same heads, same JSON; and again after reopening the file from disk.
    assert_eq!(fingerprint(&mut fresh), fingerprint(&mut phone));
    drop(fresh);
    let mut reopened = store(&dir, "new-phone.sqlite3");
    assert_eq!(fingerprint(&mut reopened), fingerprint(&mut phone));
    // Restoring the same file again changes nothing.
    let again = restore_backup(&mut reopened, &file, &key).expect("restores");
    assert!(again.iter().all(|o| !o.created && o.new_changes == 0));
}

#[test]
fn one_profile_with_a_random_key() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, a, _) = two_profiles(&dir);
    let key = RandomKey::generate().expect("key");
    let text = key.to_text();
    let (file, summary) = create_backup(&mut phone, Some(&a), &BackupKey::Random(key)).expect("backup");
    assert_eq!(summary.profiles, vec![a.clone()]);
    assert_eq!(sealed_with(&file).expect("header"), SealedWith::RandomKey);
    let mut fresh = store(&dir, "grandma.sqlite3");
    let typed = format!("TSK1-{}", text["tsk1-".len()..].to_uppercase().replace('-', " "));
    let typed = RandomKey::parse(&typed).expect("typed key parses");
    restore_backup(&mut fresh, &file, &BackupKey::Random(typed)).expect("restores");
    let ours = fingerprint(&mut phone).into_iter().find(|f| f.0 == a).expect("a");
    assert_eq!(fingerprint(&mut fresh), vec![ours]);
}

#[test]
fn every_truncation_and_every_bit_flip_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, _, b) = two_profiles(&dir);
    let key = BackupKey::Random(RandomKey::generate().expect("key"));
    let (file, _) = create_backup(&mut phone, Some(&b), &key).expect("backup");
    let mut target = store(&dir, "target.sqlite3");
    target
        .create_profile(&demo_profile(), &EditContext::now("父"))
        .expect("create");
    let before = fingerprint(&mut target);
    for len in 0..file.len() {
        let err = restore_backup(&mut target, &file[..len], &key).expect_err("truncation refused");
        assert!(
            matches!(err, Error::NotABackup(_) | Error::BackupRefused),
            "at {len}: {err}"
        );
    }
    for i in 0..file.len() {
        for bit in [0x01u8, 0x80] {
            let mut flipped = file.clone();
            flipped[i] ^= bit;
            let err = restore_backup(&mut target, &flipped, &key).expect_err("flip refused");
            assert!(err.is_bad_input(), "byte {i}: {err}");
        }
    }
    let mut longer = file.clone();
    longer.push(0);
    assert!(restore_backup(&mut target, &longer, &key).is_err());
    assert_eq!(fingerprint(&mut target), before, "nothing changed");
    // The unbroken file still restores.
    restore_backup(&mut target, &file, &key).expect("restores");
}

#[test]
fn passphrase_file_truncations_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, _, b) = two_profiles(&dir);
    let key = pass("ひみつのあいことば");
    let (file, _) = create_backup_with(&mut phone, Some(&b), &key, CHEAP).expect("backup");
    let mut target = store(&dir, "target.sqlite3");
    for len in (0..file.len()).step_by(7).chain([file.len() - 1]) {
        assert!(
            restore_backup(&mut target, &file[..len], &key).is_err(),
            "at {len}"
        );
    }
    assert!(fingerprint(&mut target).is_empty());
}

#[test]
fn wrong_passphrase_wrong_key_and_wrong_kind_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, a, _) = two_profiles(&dir);
    let (file, _) =
        create_backup_with(&mut phone, None, &pass("correct horse battery staple"), CHEAP).expect("backup");
    let mut target = store(&dir, "target.sqlite3");
    let wrong = restore_backup(&mut target, &file, &pass("correct horse battery stapler"));
    assert!(matches!(wrong, Err(Error::BackupRefused)), "{wrong:?}");
    let random = BackupKey::Random(RandomKey::generate().expect("key"));
    let kind = restore_backup(&mut target, &file, &random);
    assert!(matches!(kind, Err(Error::BackupKeyMismatch(_))), "{kind:?}");
    let (rfile, _) = create_backup(&mut phone, Some(&a), &random).expect("backup");
    let other = BackupKey::Random(RandomKey::generate().expect("key"));
    assert!(matches!(
        restore_backup(&mut target, &rfile, &other),
        Err(Error::BackupRefused)
    ));
    assert!(matches!(
        restore_backup(&mut target, &rfile, &pass("correct horse battery staple")),
        Err(Error::BackupKeyMismatch(_))
    ));
    assert!(fingerprint(&mut target).is_empty(), "nothing restored");
    // The messages name no content and no key.
    for e in [Error::BackupRefused, Error::NotABackup("the file is truncated")] {
        assert!(!e.to_string().contains("staple"));
    }
}

#[test]
fn a_crafted_header_cannot_ask_for_unbounded_memory() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, a, _) = two_profiles(&dir);
    let key = pass("correct horse battery staple");
    let (mut file, _) = create_backup_with(&mut phone, Some(&a), &key, CHEAP).expect("backup");
    // Memory KiB sits right after magic, version and kind.
    file[10..14].copy_from_slice(&u32::MAX.to_be_bytes());
    let err = restore_backup(&mut store(&dir, "t.sqlite3"), &file, &key).expect_err("refused");
    assert!(matches!(err, Error::NotABackup(_)), "{err}");
    assert!(matches!(sealed_with(b"TSUNAGUB\x02"), Err(Error::NotABackup(_))));
    assert!(matches!(
        sealed_with(b"random bytes that are no backup"),
        Err(Error::NotABackup(_))
    ));
}

#[test]
fn restoring_into_a_store_that_has_the_profile_merges_concurrent_edits() {
    let dir = tempfile::tempdir().expect("dir");
    let mut phone = store(&dir, "phone.sqlite3");
    let mut tablet = store(&dir, "tablet.sqlite3");
    let id = phone
        .create_profile(&demo_profile(), &EditContext::now("母"))
        .expect("create");
    tablet
        .import(&phone.export(&id).expect("export"))
        .expect("import");
    // Both edit while apart: different fields.
    phone
        .edit(
            &id,
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 7.0)],
            &EditContext::now("母"),
        )
        .expect("edit");
    tablet
        .edit(
            &id,
            &[Edit::set("child.nickname", "さっちゃん")],
            &EditContext::now("コーディネーター"),
        )
        .expect("edit");
    let key = pass("correct horse battery staple");
    let (file, _) = create_backup_with(&mut phone, None, &key, CHEAP).expect("backup");
    let outcomes = restore_backup(&mut tablet, &file, &key).expect("restores");
    assert_eq!(outcomes.len(), 1);
    assert!(!outcomes[0].created);
    assert!(outcomes[0].new_changes >= 1);
    let merged = tablet.profile(&id).expect("profile").clone();
    assert_eq!(merged.child.nickname.as_deref(), Some("さっちゃん"));
    let vent = merged.devices.get("dev-vent").expect("ventilator");
    let peep = vent
        .settings
        .ventilator
        .as_ref()
        .and_then(|v| v.peep)
        .map(|p| p.0);
    assert_eq!(peep, Some(7.0));
    // Everything the phone had is in the tablet now: the same backup brings nothing new.
    let again = restore_backup(&mut tablet, &file, &key).expect("restores");
    assert_eq!(again[0].new_changes, 0);
}

#[test]
fn random_keys_read_back_and_typos_are_caught() {
    let key = RandomKey::generate().expect("key");
    let text = key.to_text();
    assert!(text.starts_with("tsk1-"));
    assert_eq!(text.len(), 5 + 68 + 16);
    assert_eq!(RandomKey::parse(&text).expect("parses"), key);
    // One digit changed: the checksum catches it.
    let mut typo: Vec<char> = text.chars().collect();
    typo[6] = if typo[6] == '0' { '1' } else { '0' };
    let typo: String = typo.into_iter().collect();
    assert!(matches!(RandomKey::parse(&typo), Err(Error::InvalidBackupKey(_))));
    assert!(RandomKey::parse("tsk1-abcd").is_err());
    assert!(RandomKey::parse("").is_err());
    assert!(RandomKey::parse(&text.replace('a', "g")).is_err() || !text.contains('a'));
    assert_eq!(format!("{key:?}"), "RandomKey(…)");
}

#[test]
fn a_short_passphrase_is_refused_for_a_new_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, _, _) = two_profiles(&dir);
    let err = create_backup_with(&mut phone, None, &pass("1234567\n"), CHEAP).expect_err("refused");
    assert!(matches!(err, Error::InvalidBackupKey(_)));
    assert!(create_backup_with(&mut phone, None, &pass("12345678\n"), CHEAP).is_ok());
}

#[test]
fn a_random_key_read_back_from_its_qr_code_opens_the_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut phone, a, _) = two_profiles(&dir);
    let key = RandomKey::generate().expect("key");
    let (file, _) = create_backup(&mut phone, Some(&a), &BackupKey::Random(key.clone())).expect("backup");
    let png_bytes = crate::share::qr_png(&key.to_text()).expect("png");
    // Decode the PNG as a camera would.
    let scanned = crate::share::qr::decode_qr_png(&png_bytes);
    let scanned = RandomKey::parse(&scanned).expect("the scanned text is the key");
    let mut fresh = store(&dir, "scanned.sqlite3");
    restore_backup(&mut fresh, &file, &BackupKey::Random(scanned)).expect("restores");
    assert_eq!(fresh.list().expect("list").len(), 1);
}
