//! The invite link carries no key (issue 14 item 4, finding 8 "a leaked used link opens that
//! whole epoch"): a device that joined reads only once the owner's device synced and sealed the
//! current epoch key to it in an owner-signed grant. A leaked link gives no key, and the relay
//! cannot hand the joiner a key of its own.

use super::*;

/// The epoch key of `epoch` a device holds, read from its store file.
fn held_key(device: &Device, profile: &str, epoch: u32) -> Option<[u8; 32]> {
    let conn =
        rusqlite::Connection::open_with_flags(&device.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("opens read-only");
    let key: Option<Vec<u8>> = conn
        .query_row(
            "SELECT key FROM sync_epoch_key WHERE profile_id = ?1 AND epoch = ?2",
            rusqlite::params![profile, epoch],
            |r| r.get(0),
        )
        .ok();
    key.map(|k| k.try_into().expect("32 bytes"))
}

/// Join, wait for the owner, read: the joiner holds nothing until the owner's device synced, then
/// the owner's key (the same bytes), and its edits reach the owner.
#[tokio::test]
async fn a_joiner_reads_once_the_owner_has_synced() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let link = w.invite(Role::Editor).await;
    let owner_key = held_key(&w.owner, &w.profile, 1).expect("the owner's key");
    assert!(
        !link.contains(&b64::encode(owner_key)),
        "the link carries the key"
    );
    assert!(!link.contains("&k=") && !link.contains("&e="), "{link}");

    let mut joiner = w.joining("joiner", &link).await;
    assert_eq!(joiner.epoch(&w.profile), 0);
    assert!(!joiner.store.exists(&w.profile).expect("reads"));
    // Syncing again before the owner did changes nothing, and says so.
    let report = joiner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(report.status, SyncStatus::WaitingForOwner);
    assert_eq!(held_key(&joiner, &w.profile, 1), None);
    // It is a member all the same: it lists the members.
    assert_eq!(joiner.current_members(&t, &w.profile).await.len(), 2);

    w.owner_syncs().await;
    let report = joiner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(report.status, SyncStatus::Synced);
    assert!(report.pulled > 0);
    assert_eq!(joiner.epoch(&w.profile), 1);
    assert_eq!(held_key(&joiner, &w.profile, 1), Some(owner_key));
    assert_eq!(
        joiner.store.profile(&w.profile).expect("arrived"),
        w.owner.store.profile(&w.profile).expect("reads")
    );

    // The joiner writes under the granted key; the owner reads it.
    joiner
        .store
        .edit(
            &w.profile,
            &[tsunagu_core::Edit::set("child.nickname", "さっちゃん")],
            &edit_context("コーディネーター 佐藤", 1),
        )
        .expect("edits");
    let pushed = joiner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(pushed.pushed, 1);
    let pulled = w.owner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(pulled.pulled, 1);
    // Granted once: a second owner sync posts no grant again.
    let watched = Hostile::new();
    w.owner
        .client(&watched)
        .sync_now(&w.profile)
        .await
        .expect("syncs");
    let posted_grants = watched
        .seen
        .lock()
        .expect("lock")
        .iter()
        .filter(|r| r.method == Method::Post && r.path_and_query.ends_with("/keys"))
        .count();
    assert_eq!(posted_grants, 0);
}

/// A used link that leaks (a photo of the QR code, a forwarded message) opens nothing: it holds no
/// key, it cannot join again, and a stranger asking the relay for the key is refused; the grant
/// the relay stores is sealed to the joiner alone.
#[tokio::test]
async fn a_leaked_used_link_gives_no_key() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let link = w.invite(Role::Viewer).await;
    let joiner = w.joined("joiner", &link).await;
    let key = held_key(&joiner, &w.profile, 1).expect("granted");

    let parsed = InviteLink::parse(&link).expect("parses");
    assert!(!link.contains(&b64::encode(key)));
    assert_eq!(parsed.profile, w.profile);

    let mut stranger = Device::open(&w.dir, "stranger");
    let refused = stranger.client(&t).join(&link).await;
    assert!(matches!(refused, Err(Error::InviteRejected(_))), "{refused:?}");
    assert!(stranger.store.sync_state(&w.profile).expect("reads").is_none());

    // Asking the relay directly, signed by the stranger: not a member, no grant.
    let identity = stranger.identity();
    let call = tsunagu_core::sync::protocol::Call::get(tsunagu_wire::sync::key(&w.profile, 1));
    let request = call.sign(&identity, &w.relay.url(), now_ms()).expect("request");
    let response = t.send(request).await.expect("answers");
    assert_eq!(response.status, 403);

    // The grant the relay holds for the joiner opens for the joiner only.
    let conn = w.relay_db();
    let grants: Vec<String> = conn
        .prepare("SELECT sealed FROM sealed_key WHERE profile_id = ?1")
        .expect("prepares")
        .query_map([&w.profile], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(grants.len(), 1);
    let grant: EpochGrant = serde_json::from_str(&grants[0]).expect("a grant");
    let owner = w.owner.id();
    assert!(grant.open(&identity, &w.profile, owner, 1).is_err());
    assert_eq!(
        grant
            .open(&joiner.identity(), &w.profile, owner, 1)
            .expect("opens")
            .0,
        key
    );
}

/// The relay answers the joiner's key request with a key of its choosing — sealed to the joiner
/// and signed by the relay, or the owner's grant to another device — and the joiner adopts
/// neither: it keeps waiting, and reads the owner's key once the owner granted it.
#[tokio::test]
async fn the_relay_cannot_hand_a_joiner_a_key_of_its_choice() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let other_link = w.invite(Role::Editor).await;
    let other = w.joined("other", &other_link).await;
    let link = w.invite(Role::Editor).await;
    let mut joiner = w.joining("joiner", &link).await;

    let relay_key = DeviceIdentity::generate().expect("rng");
    let joiner_public = joiner.identity().public();
    let members = joiner.client(&t).members(&w.profile).await.expect("members");
    assert_eq!(members.members.len(), 3);
    let log: Vec<MembershipEntry> = joiner
        .store
        .sync_state(&w.profile)
        .expect("reads")
        .expect("shared")
        .membership;
    let forged = EpochGrant::issue(
        &relay_key,
        &w.profile,
        1,
        &EpochKey([0x42; 32]),
        &joiner_public,
        LogHead::of(&log),
        now_ms(),
    )
    .expect("grant");
    // The owner's real grant to the other device, which the relay holds.
    let conn = w.relay_db();
    let others: String = conn
        .query_row(
            "SELECT sealed FROM sealed_key WHERE profile_id = ?1 AND device = ?2",
            rusqlite::params![&w.profile, &other.identity().id().0[..]],
            |r| r.get(0),
        )
        .expect("the other device's grant");
    let others: EpochGrant = serde_json::from_str(&others).expect("grant");

    for served in [forged, others] {
        let hostile = Hostile::new();
        hostile.arm(Method::Get, "/keys/1", move |_, mut response| {
            response.status = 200;
            response.body = serde_json::to_vec(&serde_json::json!({ "sealed": served })).expect("json");
            response
        });
        let result = joiner.client(&hostile).sync_now(&w.profile).await;
        assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
        assert_eq!(joiner.epoch(&w.profile), 0);
        assert_eq!(held_key(&joiner, &w.profile, 1), None);
        assert!(!joiner.store.exists(&w.profile).expect("reads"));
    }

    w.owner_syncs().await;
    let report = joiner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(report.status, SyncStatus::Synced);
    assert_eq!(
        held_key(&joiner, &w.profile, 1),
        held_key(&w.owner, &w.profile, 1)
    );
}

/// A link of the older format, which carried the epoch key (version 2), is refused with an error
/// that says so, before anything reaches the relay.
#[tokio::test]
async fn an_old_link_with_a_key_is_refused() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let old = link
        .replace("&o=", "&k=QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI&e=1&o=")
        .replace("&v=3", "&v=2");
    let watched = Hostile::new();
    let mut device = Device::open(&w.dir, "old");
    let refused = device.client(&watched).join(&old).await;
    assert!(
        matches!(refused, Err(Error::InvalidLink(what)) if what == tsunagu_core::sync::OLD_INVITE_LINK),
        "{refused:?}"
    );
    assert!(watched.bodies().is_empty(), "the old link reached the relay");
}
