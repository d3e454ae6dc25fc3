//! The malicious relay against the combined sync request (ADR 0017): an acknowledgement that is
//! missing or garbled, and a page that lies in the same answer as a true acknowledgement. The
//! device keeps the envelope queued until it trusts the whole answer, and the retry is stored
//! once.

use tsunagu_wire::envelope::{decode_batch, encode_batch};
use tsunagu_wire::sync::PUSHED_HEADER;

use super::*;

fn stored(w: &World) -> i64 {
    w.relay_db()
        .query_row(
            "SELECT COUNT(*) FROM envelope WHERE profile_id = ?1",
            [&w.profile],
            |r| r.get(0),
        )
        .expect("counts")
}

fn nickname(device: &mut Device, profile: &str) -> Value {
    serde_json::to_value(device.store.profile(profile).expect("profile")).expect("json")["child"]["nickname"]
        .clone()
}

/// Runs one owner edit through a relay that stores the push but rewrites its answer with `lie`:
/// the sync is a protocol error, the envelope stays in the outbox, and the next (honest) sync
/// pushes the identical bytes, which the relay keeps once; the editor then reads the edit.
async fn the_push_stays_queued(
    nick: &str,
    lie: impl Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync + 'static,
) {
    let mut w = world().await;
    let link = w.invite(Role::Editor).await;
    let mut editor = w.joined("editor", &link).await;
    // The editor's envelope waits at the relay, so the owner's page is not empty.
    editor
        .store
        .edit(
            &w.profile,
            &[tsunagu_core::Edit::set("baseline.spo2_low", 91.0)],
            &edit_context("父", 1),
        )
        .expect("edits");
    let t = HttpTransport::new().expect("transport");
    editor.client(&t).sync_now(&w.profile).await.expect("syncs");
    w.owner
        .store
        .edit(
            &w.profile,
            &[tsunagu_core::Edit::set("child.nickname", nick)],
            &edit_context("母", 1),
        )
        .expect("edits");
    let before = stored(&w);

    let hostile = Hostile::new();
    hostile.arm(Method::Post, "/sync", lie);
    let result = w.owner.client(&hostile).sync_now(&w.profile).await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    assert_eq!(stored(&w), before + 1, "the relay did store the push");
    let queued = w
        .owner
        .store
        .outbox(&w.profile)
        .expect("reads")
        .expect("the envelope waits in the outbox");
    let sent = hostile
        .seen
        .lock()
        .expect("lock")
        .iter()
        .rfind(|r| r.path_and_query.contains("/sync?"))
        .map(|r| r.body.clone());
    assert_eq!(
        sent,
        Some(queued.envelope),
        "the queued envelope is what was sent"
    );

    let report = w.owner.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(report.pushed, 1, "{report:?}");
    assert!(w.owner.store.outbox(&w.profile).expect("reads").is_none());
    assert_eq!(stored(&w), before + 1, "the retry was kept once");
    let spo2 =
        serde_json::to_value(w.owner.store.profile(&w.profile).expect("profile")).expect("json")["baseline"]
            ["spo2_low"]
            .as_f64();
    assert_eq!(spo2, Some(91.0), "the owner read the editor's edit");
    editor.client(&t).sync_now(&w.profile).await.expect("syncs");
    assert_eq!(nickname(&mut editor, &w.profile), nick);
}

#[tokio::test]
async fn a_missing_acknowledgement_keeps_the_push_queued() {
    the_push_stays_queued("さく", |_, mut response| {
        response
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(PUSHED_HEADER));
        response
    })
    .await;
}

#[tokio::test]
async fn a_garbled_acknowledgement_keeps_the_push_queued() {
    the_push_stays_queued("さくら", |_, mut response| {
        for (n, v) in &mut response.headers {
            if n.eq_ignore_ascii_case(PUSHED_HEADER) {
                *v = "seven".to_owned();
            }
        }
        response
    })
    .await;
}

/// A true acknowledgement beside a page that lies (an envelope's bytes altered): the page is
/// refused whole, and so is the acknowledgement that came with it.
#[tokio::test]
async fn a_lying_page_beside_a_true_acknowledgement_keeps_the_push_queued() {
    the_push_stays_queued("ひなちゃん", |request, mut response| {
        assert!(!request.body.is_empty(), "the owner pushes in this request");
        let mut page = decode_batch(&response.body).expect("a batch");
        assert!(!page.is_empty(), "the editor's envelope is in the page");
        let last = page[0].1.len() - 1;
        page[0].1[last] ^= 1;
        response.body = encode_batch(&page);
        response
    })
    .await;
}
