//! The malicious relay against membership: forged members, a removed editor's invites, a key of
//! the relay's choosing, a member log rolled back, reordered or forked (findings 1–3, ADR 0007).

use super::*;

/// Finding 1: an editor registers a viewer invite, then the owner removes the editor. The join
/// with that invite is refused by the relay, and when a relay appends it anyway, no client lists
/// the viewer.
#[tokio::test]
async fn a_removed_editors_invite_adds_no_one() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let link = w.invite(Role::Editor).await;
    let mut editor = w.joined("editor", &link).await;
    let viewer_link = editor
        .client(&t)
        .invite(&w.profile, Role::Viewer, Duration::from_secs(600))
        .await
        .expect("the editor invites a viewer");
    w.remove(&mut editor).await;

    let mut viewer = Device::open(&w.dir, "viewer");
    let refused = viewer.client(&t).join(&viewer_link).await;
    assert!(
        matches!(refused, Err(Error::InviteRejected(_) | Error::NotMember)),
        "{refused:?}"
    );

    // The relay appends the viewer's join anyway (it is validly signed by the viewer).
    let (parsed, invite) = InviteLink::parse_with_invite(&viewer_link).expect("link");
    let proof = JoinProof::create(
        &viewer.identity(),
        invite.expect("invite"),
        &parsed.secret,
        now_ms(),
    );
    let hostile = Hostile::new();
    hostile.arm_members(&w, move |json| {
        let mut all = entries(json);
        all.push(MembershipEntry::Joined(proof.clone()));
        set_entries(json, &all);
    });
    let members = w.owner.current_members(&hostile, &w.profile).await;
    assert!(
        !members.contains(&viewer.id()),
        "the owner lists the removed editor's invitee"
    );
    assert_eq!(members, vec![w.owner.id()]);
}

/// Finding 2: joining never sends the invite's secret, so the relay (or anyone reading its
/// database) cannot make a join proof for a device of its own; a forged join is ignored.
#[tokio::test]
async fn the_relay_never_sees_an_invite_secret_and_cannot_add_a_member() {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let secret = InviteLink::parse(&link).expect("link").secret;
    let watched = Hostile::new();
    let mut joiner = Device::open(&w.dir, "joiner");
    joiner.client(&watched).join(&link).await.expect("joins");
    let secret_text = b64::encode(secret);
    for body in watched.bodies() {
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains(&secret_text),
            "a request carried the invite secret"
        );
    }

    // An invite the owner registered that nobody used: the relay holds its certificate, not its
    // secret, and forges a join for a device it controls.
    let unused = w.invite(Role::Editor).await;
    let (_, cert) = InviteLink::parse_with_invite(&unused).expect("link");
    let cert = cert.expect("invite");
    let intruder = DeviceIdentity::generate().expect("rng");
    let intruder_id = intruder.id();
    let forged = JoinProof::create(&intruder, cert, &[0x5a; 32], now_ms());
    let hostile = Hostile::new();
    hostile.arm_members(&w, move |json| {
        let mut all = entries(json);
        all.push(MembershipEntry::Joined(forged.clone()));
        set_entries(json, &all);
    });
    for device in [&mut w.owner, &mut joiner] {
        let members = device.current_members(&hostile, &w.profile).await;
        assert!(!members.contains(&intruder_id), "a relay-made member is listed");
        assert_eq!(members.len(), 2);
    }
}

/// Finding 3: the relay claims a new epoch and serves a key of its own, sealed to the owner and
/// signed by itself. The owner keeps its epoch and never seals under the relay's key.
#[tokio::test]
async fn the_relay_cannot_choose_an_epoch_key() {
    let mut w = world().await;
    let owner_public = w.owner.identity().public();
    let relay_key = DeviceIdentity::generate().expect("rng");
    let profile = w.profile.clone();
    let chosen = EpochKey([0x42; 32]);
    let forged = EpochGrant::issue(
        &relay_key,
        &profile,
        2,
        &chosen,
        &owner_public,
        LogHead::default(),
        now_ms(),
    )
    .expect("grant");
    let hostile = Hostile::new();
    hostile.arm_members(&w, |json| json["epoch"] = Value::from(2));
    hostile.arm(Method::Get, "/keys/2", move |_, mut response| {
        response.status = 200;
        response.body = serde_json::to_vec(&serde_json::json!({ "sealed": forged })).expect("json");
        response
    });
    let result = w.owner.client(&hostile).members(&w.profile).await;
    assert!(result.is_err(), "a relay-signed key was accepted");
    assert_eq!(w.owner.epoch(&w.profile), 1);
    // Without the rewrite, the owner is still at epoch 1 with its one member.
    hostile.disarm();
    assert_eq!(w.owner.current_members(&hostile, &w.profile).await.len(), 1);
}

impl World {
    /// Two editors that joined and read: `gone` (to be removed) and `stays`.
    async fn two_editors(&mut self) -> (Device, Device) {
        let (l1, l2) = (self.invite(Role::Editor).await, self.invite(Role::Editor).await);
        (self.joined("gone", &l1).await, self.joined("stays", &l2).await)
    }
}

/// A rolled-back member list (the removal dropped) is refused by a member who saw the removal.
#[tokio::test]
async fn a_rolled_back_member_list_is_refused() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let (mut gone, mut stays) = w.two_editors().await;
    w.remove(&mut gone).await;
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 2);
    assert_eq!(stays.epoch(&w.profile), 2);

    let hostile = Hostile::new();
    hostile.arm_members(&w, |json| {
        without_removals(json);
        json["epoch"] = Value::from(1);
    });
    let result = stays.client(&hostile).members(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    assert_eq!(stays.epoch(&w.profile), 2);
    let sync = stays.client(&hostile).sync_now(&w.profile).await;
    assert!(sync.is_err() || stays.epoch(&w.profile) == 2);
}

/// A join moved in front of a removal (the relay reorders the log) is caught by the owner's
/// signature over the log the removal follows.
#[tokio::test]
async fn a_reordered_member_list_is_refused() {
    let mut w = world().await;
    w.removed_editor("gone").await;
    let later = w.invite(Role::Viewer).await;
    let mut viewer = w.joined("viewer", &later).await;
    let hostile = Hostile::new();
    hostile.arm_members(&w, |json| {
        let mut all = entries(json);
        let last = all.pop().expect("the viewer's join");
        let at = all
            .iter()
            .position(|e| matches!(e, MembershipEntry::Revoked(_)))
            .expect("the removal");
        all.insert(at, last);
        set_entries(json, &all);
    });
    for device in [&mut w.owner, &mut viewer] {
        let result = device.client(&hostile).members(&w.profile).await;
        assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    }
}

/// A forked history: the relay hides the removal from one remaining member while moving it to the
/// new epoch. That member cannot open the new key (it follows a log it was not shown) and says so.
#[tokio::test]
async fn a_fork_hiding_a_removal_is_caught() {
    let mut w = world().await;
    let t = HttpTransport::new().expect("transport");
    let (mut gone, mut stays) = w.two_editors().await;
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 3);
    w.remove(&mut gone).await;
    let hostile = Hostile::new();
    hostile.arm_members(&w, without_removals);
    let result = stays.client(&hostile).members(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    assert_eq!(stays.epoch(&w.profile), 1);
    // Shown the true log, it moves on.
    assert_eq!(stays.current_members(&t, &w.profile).await.len(), 2);
    assert_eq!(stays.epoch(&w.profile), 2);
    drop(w.relay);
}
