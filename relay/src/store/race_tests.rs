//! Several relays on one database (two stores on one SQLite file, or on one PostgreSQL
//! database), racing: sequence numbers without gaps or duplicates, idempotent pushes, single-use
//! nonces and invites, the passcode attempt limit, and migrations started at once.

use std::collections::BTreeSet;
use std::sync::Arc;

use tsunagu_wire::membership::{InviteCert, JoinProof, MemberCert, Role};
use tsunagu_wire::{DeviceId, DeviceIdentity};

use super::harness::each;
use super::links::{Attempt, LinkQuota, NewLink};
use super::{AppendOutcome, JoinOutcome, MembershipEntry, NewEnvelope, RelayStore, open};

const THREADS: usize = 6;

fn profile_on(store: &dyn RelayStore, profile: &str) -> DeviceIdentity {
    let owner = DeviceIdentity::generate().expect("rng");
    let cert = MemberCert::issue(&owner, profile, owner.public(), Role::Owner, 1);
    assert!(
        store
            .create_profile(profile, &owner.id(), &MembershipEntry::Cert(cert), 1)
            .expect("create")
    );
    owner
}

/// Thread `i` talks to relay `i % 2`.
fn relays(case: &super::harness::Case) -> [Arc<dyn RelayStore>; 2] {
    [Arc::clone(&case.store), case.another_relay()]
}

#[test]
fn appends_through_two_relays_get_every_number_once_and_retries_keep_theirs() {
    each(|case| {
        let relays = relays(case);
        profile_on(&*case.store, "p-race");
        let per_thread = 15u64;
        let results: Vec<Vec<(u64, u64, u64)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    let store = Arc::clone(&relays[t % 2]);
                    scope.spawn(move || {
                        let author = DeviceId([u8::try_from(t).expect("small") + 1; 32]);
                        let mut got = Vec::new();
                        for counter in 1..=per_thread {
                            let bytes = format!("{t}/{counter}").into_bytes();
                            let envelope = NewEnvelope {
                                author,
                                counter,
                                epoch: 1,
                                bytes: &bytes,
                            };
                            let first = store.append_envelope("p-race", &envelope, 5).expect("append");
                            // The same push again (a lost answer): the same number back.
                            let again = store.append_envelope("p-race", &envelope, 6).expect("retry");
                            let AppendOutcome::Appended(seq) = first else {
                                panic!("not appended: {first:?}");
                            };
                            assert_eq!(again, AppendOutcome::Duplicate(seq));
                            got.push((seq, t as u64, counter));
                        }
                        got
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let all: Vec<_> = results.into_iter().flatten().collect();
        let total = THREADS as u64 * per_thread;
        let seqs: BTreeSet<u64> = all.iter().map(|(s, _, _)| *s).collect();
        assert_eq!(seqs, (1..=total).collect(), "every number exactly once, no gap");
        let page = case
            .store
            .envelopes_after("p-race", 0, 10_000, usize::MAX)
            .expect("pull");
        assert_eq!(page.items.len() as u64, total);
        for (seq, t, counter) in &all {
            let (stored_seq, bytes) = &page.items[usize::try_from(*seq - 1).expect("fits")];
            assert_eq!(stored_seq, seq);
            assert_eq!(bytes, format!("{t}/{counter}").as_bytes());
        }
        assert_eq!(
            case.store
                .profile("p-race")
                .expect("read")
                .expect("exists")
                .last_seq,
            total
        );
    });
}

#[test]
fn a_nonce_is_accepted_once_whichever_relay_sees_it() {
    each(|case| {
        let relays = relays(case);
        let device = DeviceId([9; 32]);
        let accepted = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS * 2)
                .map(|t| {
                    let store = Arc::clone(&relays[t % 2]);
                    scope.spawn(move || store.remember_nonce(&device, &[7; 16], 1_000, 1).expect("nonce"))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .filter(|accepted| *accepted)
                .count()
        });
        assert_eq!(accepted, 1, "one request with this nonce, the rest replays");
    });
}

#[test]
fn an_invite_is_used_once_whichever_relay_the_joins_reach() {
    each(|case| {
        let relays = relays(case);
        let owner = profile_on(&*case.store, "p-inv");
        let secret = [3u8; 32];
        let invite = InviteCert::issue(&owner, "p-inv", &secret, Role::Editor, 10_000);
        case.store.create_invite(&invite, 1).expect("invite");
        let outcomes: Vec<JoinOutcome> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    let store = Arc::clone(&relays[t % 2]);
                    let invite = invite.clone();
                    scope.spawn(move || {
                        let joiner = DeviceIdentity::generate().expect("rng");
                        let proof = JoinProof::create(&joiner, invite.clone(), &secret, 5);
                        store
                            .consume_invite(
                                &invite.invite_key,
                                &joiner.id(),
                                &MembershipEntry::Joined(proof),
                                5,
                            )
                            .expect("join")
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let joined = outcomes
            .iter()
            .filter(|o| matches!(o, JoinOutcome::Joined { .. }))
            .count();
        assert_eq!(joined, 1, "{outcomes:?}");
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, JoinOutcome::Joined { .. } | JoinOutcome::Used))
        );
        let (_, entries) = case.store.membership("p-inv").expect("read").expect("exists");
        assert_eq!(entries.len(), 2, "the owner and one joiner");
    });
}

#[test]
fn parallel_guesses_through_two_relays_spend_exactly_the_attempts() {
    each(|case| {
        let relays = relays(case);
        let owner = DeviceId([1; 32]);
        let link = NewLink {
            id: "L-race",
            owner,
            profile: None,
            passcode_hash: Some("hash"),
            max_attempts: 4,
            expires_at: None,
            quota: LinkQuota {
                per_device: 10,
                total: 10,
            },
        };
        case.store.create_link(&link, 0).expect("link");
        case.store
            .put_link_file("L-race", &owner, "application/fhir+json", b"jwe", link.quota, 1)
            .expect("file");
        let outcomes: Vec<Attempt> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS * 2)
                .map(|t| {
                    let store = Arc::clone(&relays[t % 2]);
                    scope.spawn(move || store.spend_attempt("L-race", 2).expect("spend"))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let mut remaining: Vec<u32> = outcomes
            .iter()
            .filter_map(|a| match a {
                Attempt::Spent { remaining } => Some(*remaining),
                Attempt::Refused => None,
            })
            .collect();
        remaining.sort_unstable();
        assert_eq!(remaining, vec![0, 1, 2, 3], "{outcomes:?}");
        assert_eq!(
            case.store
                .link("L-race")
                .expect("read")
                .expect("exists")
                .attempts_left,
            0
        );
    });
}

#[test]
fn relays_starting_at_once_migrate_an_empty_database_once() {
    each(|case| {
        // `case.store` migrated already; a fresh database shows the race itself.
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh =
            crate::testing::TestDatabase::create(case.db.backend(), &dir.path().join("fresh.sqlite3"))
                .expect("configured");
        let opened = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| open(fresh.database(), 2).map(|_| ())))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect::<Vec<_>>()
        });
        for result in opened {
            result.expect("every relay starts");
        }
        let store = open(fresh.database(), 2).expect("opens again");
        store.health().expect("healthy");
        drop(store);
    });
}
