//! Share-link storage tests every backend passes: ownership, attempts, tickets, quotas, pruning.

use tsunagu_wire::DeviceId;

use super::harness::each;
use super::links::{Attempt, CreateLinkOutcome, Delivery, LinkChange, LinkQuota, NewLink, Pruned, Served};

fn link<'a>(id: &'a str, owner: u8, hash: Option<&'a str>) -> NewLink<'a> {
    NewLink {
        id,
        owner: DeviceId([owner; 32]),
        passcode_hash: hash,
        profile: None,
        max_attempts: 3,
        expires_at: Some(10_000),
        quota: ROOMY,
    }
}

const ROOMY: LinkQuota = LinkQuota {
    per_device: 100,
    total: 1_000_000,
};

fn ticket(t: &str, expires: i64) -> Delivery<'_> {
    Delivery {
        embed_max: None,
        fresh_ticket: t,
        ticket_expires_ms: expires,
        reuse_until_ms: i64::MAX,
    }
}

fn served(jwe: &[u8], ticket: Option<&str>) -> Option<Served> {
    Some(Served {
        content_type: "application/fhir+json".to_owned(),
        jwe: jwe.to_vec(),
        ticket: ticket.map(str::to_owned),
    })
}

#[test]
fn links_are_owned_served_only_while_live_and_forget_their_file_on_revoke() {
    each(|case| {
        let s = &*case.store;
        let a = DeviceId([1; 32]);
        let b = DeviceId([2; 32]);
        assert_eq!(
            s.create_link(&link("L1", 1, None), 0).expect("ok"),
            CreateLinkOutcome::Created
        );
        assert_eq!(
            s.create_link(&link("L1", 1, None), 1).expect("ok"),
            CreateLinkOutcome::AlreadyYours
        );
        assert_eq!(
            s.create_link(&link("L1", 2, None), 1).expect("ok"),
            CreateLinkOutcome::Taken
        );
        assert_eq!(
            s.serve_link("L1", &ticket("T0", 9), 5).expect("ok"),
            None,
            "no file yet"
        );
        assert_eq!(
            s.put_link_file("L1", &b, "x", b"jwe", ROOMY, 5).expect("ok"),
            LinkChange::NotFound
        );
        assert_eq!(
            s.put_link_file("L1", &a, "application/fhir+json", b"jwe", ROOMY, 5)
                .expect("ok"),
            LinkChange::Done
        );
        let got = s.serve_link("L1", &ticket("T1", 20_000), 6).expect("ok");
        assert_eq!(got, served(b"jwe", Some("T1")));
        assert_eq!(s.ticket_file("T1", 7).expect("ok"), Some(b"jwe".to_vec()));
        assert_eq!(s.ticket_file("T2", 7).expect("ok"), None);
        assert_eq!(s.link("L1").expect("ok").expect("exists").views, 1);
        // Expiry: neither the manifest nor the ticket serves past it.
        assert_eq!(
            s.serve_link("L1", &ticket("T3", 20_000), 10_000).expect("ok"),
            None
        );
        assert_eq!(s.ticket_file("T1", 10_000).expect("ok"), None);
        assert_eq!(
            s.put_link_file("L1", &a, "x", b"new", ROOMY, 10_001).expect("ok"),
            LinkChange::Gone
        );
        // The next creation after the expiry forgets the expired link's file.
        assert!(s.link("L1").expect("ok").expect("exists").has_file);
        s.create_link(&link("L9", 1, None), 10_001).expect("ok");
        assert!(!s.link("L1").expect("ok").expect("exists").has_file);
        // Revocation by the owner only; the file is gone at once.
        assert_eq!(s.revoke_link("L1", &b, 8).expect("ok"), LinkChange::NotFound);
        assert_eq!(s.revoke_link("L1", &a, 8).expect("ok"), LinkChange::Done);
        assert_eq!(s.revoke_link("L1", &a, 9).expect("ok"), LinkChange::Done);
        let record = s.link("L1").expect("ok").expect("exists");
        assert!(!record.has_file && record.revoked_at == Some(8));
        assert_eq!(s.serve_link("L1", &ticket("T4", 20_000), 9).expect("ok"), None);
        assert_eq!(s.ticket_file("T1", 9).expect("ok"), None);
    });
}

#[test]
fn attempts_are_spent_down_to_zero_and_then_refused() {
    each(|case| {
        let s = &*case.store;
        let a = DeviceId([1; 32]);
        s.create_link(&link("L2", 1, Some("hash")), 0).expect("ok");
        s.put_link_file("L2", &a, "application/fhir+json", b"jwe", ROOMY, 1)
            .expect("ok");
        assert_eq!(
            s.spend_attempt("L2", 2).expect("ok"),
            Attempt::Spent { remaining: 2 }
        );
        s.refund_attempt("L2").expect("ok");
        for remaining in [2, 1, 0] {
            assert_eq!(
                s.spend_attempt("L2", 2).expect("ok"),
                Attempt::Spent { remaining }
            );
        }
        assert_eq!(s.spend_attempt("L2", 2).expect("ok"), Attempt::Refused);
        assert_eq!(s.link("L2").expect("ok").expect("exists").attempts_left, 0);
        assert_eq!(
            s.serve_link("L2", &ticket("T5", 20_000), 3).expect("ok"),
            None,
            "locked"
        );
        // A link without a passcode has no attempts to spend.
        s.create_link(&link("L3", 1, None), 0).expect("ok");
        s.put_link_file("L3", &a, "application/fhir+json", b"jwe", ROOMY, 1)
            .expect("ok");
        assert_eq!(s.spend_attempt("L3", 2).expect("ok"), Attempt::Refused);
    });
}

#[test]
fn tickets_only_when_not_embedded_and_reused_while_they_last() {
    each(|case| {
        let s = &*case.store;
        // Finding 6: every manifest used to write a new ticket row, even for an embedded file.
        let a = DeviceId([1; 32]);
        s.create_link(&link("L4", 1, None), 0).expect("ok");
        s.put_link_file("L4", &a, "application/fhir+json", b"jwe", ROOMY, 1)
            .expect("ok");
        let tickets = || case.db.query_i64("SELECT count(*) FROM share_ticket", &[]);
        for n in 0..50 {
            let fits = Delivery {
                embed_max: Some(3),
                fresh_ticket: &format!("E{n}"),
                ticket_expires_ms: 5_000,
                reuse_until_ms: 2_500,
            };
            assert_eq!(s.serve_link("L4", &fits, 2).expect("ok"), served(b"jwe", None));
        }
        assert_eq!(tickets(), Some(0), "embedded: no ticket rows");
        for n in 0..50 {
            let location = Delivery {
                embed_max: Some(2),
                fresh_ticket: &format!("F{n}"),
                ticket_expires_ms: 5_000 + n,
                reuse_until_ms: 2_500 + n,
            };
            assert_eq!(
                s.serve_link("L4", &location, 2 + n).expect("ok"),
                served(b"jwe", Some("F0"))
            );
        }
        assert_eq!(tickets(), Some(1), "one ticket, reused");
        // Past half its life a fresh one is issued; the old one still works until it expires.
        let later = Delivery {
            embed_max: None,
            fresh_ticket: "G",
            ticket_expires_ms: 9_000,
            reuse_until_ms: 6_000,
        };
        assert_eq!(
            s.serve_link("L4", &later, 4_000).expect("ok"),
            served(b"jwe", Some("G"))
        );
        assert_eq!(s.ticket_file("F0", 4_001).expect("ok"), Some(b"jwe".to_vec()));
        assert_eq!(s.link("L4").expect("ok").expect("exists").views, 101);
    });
}

#[test]
fn link_count_and_byte_quotas_hold_per_device_and_relay_wide() {
    each(|case| {
        let s = &*case.store;
        let a = DeviceId([1; 32]);
        let two = LinkQuota {
            per_device: 2,
            total: 3,
        };
        let mut l = link("Q1", 1, None);
        l.quota = two;
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::Created);
        l.id = "Q2";
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::Created);
        l.id = "Q3";
        assert_eq!(s.create_link(&l, 0).expect("ok"), CreateLinkOutcome::OverQuota);
        assert_eq!(
            s.create_link(&link("Q1", 1, None), 0).expect("ok"),
            CreateLinkOutcome::AlreadyYours
        );
        // Revoking one frees a place for the device.
        s.revoke_link("Q1", &a, 1).expect("ok");
        assert_eq!(s.create_link(&l, 2).expect("ok"), CreateLinkOutcome::Created);
        let mut other = link("Q4", 2, None);
        other.quota = two;
        assert_eq!(
            s.create_link(&other, 2).expect("ok"),
            CreateLinkOutcome::RelayFull
        );
        // Bytes: the replaced file does not count against its own replacement.
        let bytes = LinkQuota {
            per_device: 10,
            total: 15,
        };
        assert_eq!(
            s.put_link_file("Q2", &a, "x", &[0; 6], bytes, 3).expect("ok"),
            LinkChange::Done
        );
        assert_eq!(
            s.put_link_file("Q2", &a, "x", &[0; 10], bytes, 3).expect("ok"),
            LinkChange::Done
        );
        assert_eq!(
            s.put_link_file("Q3", &a, "x", &[0; 1], bytes, 3).expect("ok"),
            LinkChange::OverQuota
        );
        let roomy_device = LinkQuota {
            per_device: 100,
            total: 15,
        };
        assert_eq!(
            s.put_link_file("Q3", &a, "x", &[0; 6], roomy_device, 3)
                .expect("ok"),
            LinkChange::RelayFull
        );
    });
}

#[test]
fn pruning_deletes_expired_tickets_files_and_long_dead_links() {
    each(|case| {
        let s = &*case.store;
        // Finding 5: expired or revoked rows were never deleted.
        let a = DeviceId([1; 32]);
        for id in ["P1", "P2", "P3"] {
            s.create_link(&link(id, 1, None), 0).expect("ok");
            s.put_link_file(id, &a, "application/fhir+json", b"jwe", ROOMY, 1)
                .expect("ok");
        }
        s.serve_link("P1", &ticket("TP", 2_000), 1_000).expect("ok");
        s.revoke_link("P2", &a, 3_000).expect("ok");
        // P1 and P3 expire at 10 000 (see `link`).
        let pruned = s.prune_links(5_000, 1_000).expect("prunes");
        assert_eq!(
            pruned,
            Pruned {
                tickets: 1,
                files: 0,
                links: 1
            }
        );
        assert!(s.link("P2").expect("ok").is_none(), "revoked long enough ago");
        let pruned = s.prune_links(10_500, 1_000).expect("prunes");
        assert_eq!(
            pruned,
            Pruned {
                tickets: 0,
                files: 2,
                links: 0
            }
        );
        assert!(!s.link("P1").expect("ok").expect("kept for its owner").has_file);
        let pruned = s.prune_links(11_000, 1_000).expect("prunes");
        assert_eq!(pruned.links, 2);
        assert!(s.links_of(&a, 10).expect("ok").is_empty());
    });
}
