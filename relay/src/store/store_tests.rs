//! Tests every store backend passes (SQLite always, PostgreSQL when `TSUNAGU_TEST_PG` is set):
//! sequencing, idempotence, single-use invites, revocation, content-addressed snapshots and
//! nonces.

use super::harness::each;
use super::*;
use tsunagu_wire::membership::{MemberCert, Revocation, Role};
use tsunagu_wire::{DeviceIdentity, EpochKey};

fn owner_setup(store: &dyn RelayStore, profile: &str) -> DeviceIdentity {
    let owner = DeviceIdentity::generate().expect("rng");
    let cert = MemberCert::issue(&owner, profile, owner.public(), Role::Owner, 1);
    assert!(
        store
            .create_profile(profile, &owner.id(), &MembershipEntry::Cert(cert), 1)
            .expect("create")
    );
    owner
}

fn env(author: DeviceId, counter: u64, epoch: u32, bytes: &[u8]) -> NewEnvelope<'_> {
    NewEnvelope {
        author,
        counter,
        epoch,
        bytes,
    }
}

#[test]
fn profiles_are_created_once() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        let cert = MemberCert::issue(&owner, "p-1", owner.public(), Role::Owner, 2);
        assert!(
            !store
                .create_profile("p-1", &owner.id(), &MembershipEntry::Cert(cert), 2)
                .expect("second")
        );
        let (record, entries) = store.membership("p-1").expect("read").expect("exists");
        assert_eq!(
            record,
            ProfileRecord {
                owner: owner.id(),
                epoch: 1,
                last_seq: 0,
                entry_count: 1
            }
        );
        assert_eq!(entries.len(), 1);
        assert!(store.membership("p-2").expect("read").is_none());
        store.health().expect("healthy");
    });
}

#[test]
fn a_batch_of_appends_is_each_append_in_order() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        owner_setup(store, "p-2");
        let a = owner.id();
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"one"), 5)
                .expect("append"),
            AppendOutcome::Appended(1)
        );
        let batch = [
            ("p-1", env(a, 2, 1, b"two")),
            ("p-2", env(a, 1, 1, b"p2-one")),
            // The retry of an append earlier in the same batch: the same number.
            ("p-1", env(a, 2, 1, b"two")),
            ("p-1", env(a, 1, 1, b"one")),
            ("p-1", env(a, 1, 1, b"uno")),
            ("p-1", env(a, 9, 2, b"stale")),
            ("p-9", env(a, 1, 1, b"nobody")),
            ("p-1", env(a, 3, 1, b"three")),
        ];
        assert_eq!(
            store.append_envelopes(&batch, 6).expect("batch"),
            vec![
                AppendOutcome::Appended(2),
                AppendOutcome::Appended(1),
                AppendOutcome::Duplicate(2),
                AppendOutcome::Duplicate(1),
                AppendOutcome::Conflict,
                AppendOutcome::StaleEpoch { current: 1 },
                AppendOutcome::UnknownProfile,
                AppendOutcome::Appended(3),
            ]
        );
        assert_eq!(store.append_envelopes(&[], 6).expect("empty"), vec![]);
        let page = store.envelopes_after("p-1", 0, 10, 1 << 20).expect("page");
        let expected: Vec<(u64, Vec<u8>)> =
            vec![(1, b"one".to_vec()), (2, b"two".to_vec()), (3, b"three".to_vec())];
        assert_eq!(page.items, expected);
        assert_eq!(store.profile("p-1").expect("read").expect("exists").last_seq, 3);
        // Another relay on the same database continues the numbering.
        let other = case.another_relay();
        assert_eq!(
            other
                .append_envelope("p-2", &env(a, 2, 1, b"p2-two"), 7)
                .expect("append"),
            AppendOutcome::Appended(2)
        );
    });
}

#[test]
fn envelopes_get_sequence_numbers_and_duplicates_are_idempotent() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        let a = owner.id();
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"one"), 5)
                .expect("append"),
            AppendOutcome::Appended(1)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 2, 1, b"two"), 5)
                .expect("append"),
            AppendOutcome::Appended(2)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"one"), 6)
                .expect("again"),
            AppendOutcome::Duplicate(1)
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 1, 1, b"uno"), 6)
                .expect("other bytes"),
            AppendOutcome::Conflict
        );
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, 3, 2, b"three"), 6)
                .expect("epoch"),
            AppendOutcome::StaleEpoch { current: 1 }
        );
        assert_eq!(
            store
                .append_envelope("p-9", &env(a, 3, 1, b"three"), 6)
                .expect("no profile"),
            AppendOutcome::UnknownProfile
        );
        // u64 counters beyond i64::MAX stay distinct.
        assert_eq!(
            store
                .append_envelope("p-1", &env(a, u64::MAX, 1, b"max"), 6)
                .expect("max"),
            AppendOutcome::Appended(3)
        );
        let page = store.envelopes_after("p-1", 0, 2, 1 << 20).expect("page");
        assert_eq!(page.items, vec![(1, b"one".to_vec()), (2, b"two".to_vec())]);
        assert!(page.more);
        let page = store.envelopes_after("p-1", 2, 10, 1 << 20).expect("page");
        assert_eq!(page.items, vec![(3, b"max".to_vec())]);
        assert!(!page.more);
        // The byte budget cuts a page, but never below one envelope.
        let page = store.envelopes_after("p-1", 0, 10, 1).expect("page");
        assert_eq!(page.items.len(), 1);
        assert!(page.more);
        assert_eq!(store.profile("p-1").expect("read").expect("exists").last_seq, 3);
    });
}

#[test]
fn invites_are_used_once_and_never_after_expiry() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        let joiner = DeviceIdentity::generate().expect("rng");
        let other = DeviceIdentity::generate().expect("rng");
        let secret = [4u8; 32];
        let invite = InviteCert::issue(&owner, "p-1", &secret, Role::Editor, 1_000);
        assert_eq!(
            store.create_invite(&invite, 10).expect("create"),
            CreateInviteOutcome::Created
        );
        assert_eq!(
            store.create_invite(&invite, 10).expect("again"),
            CreateInviteOutcome::Exists
        );
        let proof = tsunagu_wire::membership::JoinProof::create(&joiner, invite.clone(), &secret, 999);
        let entry = MembershipEntry::Joined(proof);
        let id = invite.invite_key;
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 1_000)
                .expect("late"),
            JoinOutcome::Expired
        );
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 999)
                .expect("join"),
            JoinOutcome::Joined { epoch: 1 }
        );
        assert_eq!(
            store
                .consume_invite(&id, &joiner.id(), &entry, 999)
                .expect("retry"),
            JoinOutcome::AlreadyJoined { epoch: 1 }
        );
        assert_eq!(
            store
                .consume_invite(&id, &other.id(), &entry, 999)
                .expect("other"),
            JoinOutcome::Used
        );
        assert_eq!(
            store
                .consume_invite(&[0; 32], &other.id(), &entry, 999)
                .expect("unknown"),
            JoinOutcome::Unknown
        );
        assert_eq!(
            store.invite(&id).expect("read").expect("exists").used_by,
            Some(joiner.id())
        );
        assert_eq!(store.membership("p-1").expect("read").expect("exists").1.len(), 2);
    });
}

#[test]
fn revocation_moves_the_epoch_once_with_its_keys() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        let gone = DeviceIdentity::generate().expect("rng");
        let stays = DeviceIdentity::generate().expect("rng");
        let key = EpochKey::generate().expect("rng");
        let log = store.membership("p-1").expect("read").expect("exists").1;
        let head = tsunagu_wire::membership::LogHead::of(&log);
        let sealed = EpochGrant::issue(&owner, "p-1", 2, &key, &stays.public(), head, 3).expect("seal");
        // A revocation signed against a log of another length is refused (a join came in).
        let mut longer = head;
        longer.len += 1;
        let moved = MembershipEntry::Revoked(Revocation::issue(&owner, "p-1", gone.id(), longer, 3));
        let keys = vec![(stays.id(), sealed.clone())];
        assert_eq!(
            store.revoke("p-1", &moved, 1, &keys, 3).expect("revoke"),
            RevokeOutcome::LogMoved
        );
        let entry = MembershipEntry::Revoked(Revocation::issue(&owner, "p-1", gone.id(), head, 3));
        assert_eq!(
            store.revoke("p-1", &entry, 1, &keys, 3).expect("revoke"),
            RevokeOutcome::Revoked { epoch: 2 }
        );
        assert_eq!(
            store.revoke("p-1", &entry, 1, &keys, 4).expect("again"),
            RevokeOutcome::StaleEpoch { current: 2 }
        );
        assert_eq!(
            store.sealed_key("p-1", 2, &stays.id()).expect("read"),
            Some(sealed)
        );
        assert_eq!(store.sealed_key("p-1", 2, &gone.id()).expect("read"), None);
        let record = store.profile("p-1").expect("read").expect("exists");
        assert_eq!((record.epoch, record.entry_count), (2, 2));
    });
}

#[test]
fn snapshots_are_content_addressed_and_immutable() {
    each(|case| {
        let store = &*case.store;
        let owner = owner_setup(store, "p-1");
        store
            .append_envelope("p-1", &env(owner.id(), 1, 1, b"c"), 1)
            .expect("append");
        let snap = |hash, covers, bytes| NewSnapshot {
            hash,
            covers,
            epoch: 1,
            bytes,
        };
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("aa", 1, b"first"), 1)
                .expect("put"),
            SnapshotOutcome::Stored
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("aa", 0, b"other"), 2)
                .expect("again"),
            SnapshotOutcome::AlreadyStored
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("bb", 2, b"x"), 2)
                .expect("beyond"),
            SnapshotOutcome::CoversUnknown
        );
        assert_eq!(
            store
                .put_snapshot("p-1", &snap("cc", 0, b"older"), 2)
                .expect("put"),
            SnapshotOutcome::Stored
        );
        assert_eq!(store.snapshot("p-1", "aa").expect("get"), Some(b"first".to_vec()));
        assert_eq!(store.snapshot("p-2", "aa").expect("get"), None);
        let latest = store.latest_snapshot("p-1").expect("latest").expect("some");
        assert_eq!((latest.hash.as_str(), latest.covers), ("aa", 1));
        let updated = case.db.execute("UPDATE snapshot SET covers = 7");
        assert!(updated.is_err(), "the trigger refuses updates");
    });
}

#[test]
fn nonces_are_seen_once_and_swept_after_expiry() {
    each(|case| {
        let store = &*case.store;
        let d = DeviceIdentity::generate().expect("rng").id();
        let e = DeviceIdentity::generate().expect("rng").id();
        assert!(store.remember_nonce(&d, &[1; 16], 100, 0).expect("first"));
        assert!(!store.remember_nonce(&d, &[1; 16], 100, 1).expect("replay"));
        assert!(store.remember_nonce(&e, &[1; 16], 100, 1).expect("other device"));
        // The same nonce at another signed time is another request of the device's own making
        // (only its key signs one), not a replay: a replay repeats the time, so the expiry.
        assert!(store.remember_nonce(&d, &[1; 16], 101, 1).expect("another time"));
        assert!(!store.remember_nonce(&d, &[1; 16], 101, 2).expect("its replay"));
        // A sweep long after expiry forgets it (by then the request is stale anyway).
        assert!(
            store
                .remember_nonce(&d, &[2; 16], 10_000_000, 1_000_000)
                .expect("sweep")
        );
        assert!(
            store
                .remember_nonce(&d, &[1; 16], 100, 1_000_001)
                .expect("forgotten")
        );
    });
}

#[test]
fn a_nonce_batch_answers_each_claim_in_order_and_finds_replays_inside_it() {
    each(|case| {
        let store = &*case.store;
        let d = DeviceIdentity::generate().expect("rng").id();
        let e = DeviceIdentity::generate().expect("rng").id();
        assert!(store.remember_nonce(&d, &[9; 16], 100, 0).expect("seen before"));
        let claim = |device, byte| NonceClaim {
            device,
            nonce: [byte; 16],
            expires_at_ms: 100,
        };
        let batch = [
            claim(d, 1),
            claim(d, 9), // seen in an earlier batch
            claim(d, 1), // twice in this one
            claim(e, 1), // the same nonce from another device
            claim(e, 2),
        ];
        assert_eq!(
            store.remember_nonces(&batch, 1).expect("batch"),
            vec![true, false, false, true, true]
        );
        assert_eq!(store.remember_nonces(&[], 1).expect("empty"), Vec::<bool>::new());
        assert!(
            !store
                .remember_nonce(&e, &[2; 16], 100, 2)
                .expect("recorded by the batch")
        );
    });
}

#[test]
fn nonces_recorded_before_the_expiry_first_layout_still_find_their_replays() {
    use crate::testing::Backend;
    each(|case| {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = crate::testing::TestDatabase::create(case.db.backend(), &dir.path().join("v4.sqlite3"))
            .expect("configured");
        drop(open(old.database(), 2).expect("migrates"));
        // Back to the nonce table of schema version 4, keyed (device, nonce), one nonce in it.
        let (blob, int, device, nonce, version) = match old.backend() {
            Backend::Sqlite => (
                "BLOB",
                "INTEGER",
                format!("x'{}'", "07".repeat(32)),
                format!("x'{}'", "03".repeat(16)),
                "PRAGMA user_version = 4",
            ),
            Backend::Postgres => (
                "BYTEA",
                "BIGINT",
                format!("'\\x{}'", "07".repeat(32)),
                format!("'\\x{}'", "03".repeat(16)),
                "UPDATE relay_schema SET version = 4",
            ),
        };
        old.execute(&format!(
            "DROP TABLE seen_nonce;
             CREATE TABLE seen_nonce (
                 device {blob} NOT NULL, nonce {blob} NOT NULL, expires_at {int} NOT NULL,
                 PRIMARY KEY (device, nonce));
             CREATE INDEX seen_nonce_by_expiry ON seen_nonce(expires_at);
             INSERT INTO seen_nonce (device, nonce, expires_at) VALUES ({device}, {nonce}, 500);
             {version};"
        ))
        .expect("version 4");
        let store = open(old.database(), 2).expect("migrates to the current version");
        let device = DeviceId([7; 32]);
        assert!(
            !store.remember_nonce(&device, &[3; 16], 500, 1).expect("claim"),
            "the nonce recorded before the migration still finds its replay"
        );
        assert!(store.remember_nonce(&device, &[4; 16], 500, 1).expect("claim"));
        drop(store);
        assert_eq!(
            old.query_i64("SELECT count(*) FROM seen_nonce", &[]),
            Some(2),
            "carried over, and the new one"
        );
    });
}

#[test]
fn postgres_urls_asking_for_tls_are_refused_not_downgraded() {
    // ADR 0012: no TLS to PostgreSQL yet, so a URL requiring it must fail to connect.
    each(|case| {
        if let Database::Postgres(url) = case.db.database() {
            let tls = Database::Postgres(format!("{url}?sslmode=require"));
            assert!(open(&tls, 2).is_err());
        }
    });
}
