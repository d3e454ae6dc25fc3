//! Device cards in the document and the change log's values: names reach other replicas only
//! through the document, a missing card field still loads, concurrent first cards are both kept,
//! and history reads old → new per entity.

use automerge::ActorId;

use super::ProfileDoc;
use super::members::{self, DeviceCard};
use super::tests::{ctx, new_doc};
use crate::i18n::{Lang, Localizer};
use crate::model::{Device, DeviceKind};
use crate::{Edit, Error};

#[test]
fn a_card_travels_inside_the_document_and_names_changes_without_an_author() {
    let mut mother = new_doc();
    let mut nurse = mother.fork(ActorId::random());
    nurse
        .set_device_card("dev-nurse", "架空 看子", Some("訪問看護師"), &ctx("", 1))
        .expect("names the device")
        .expect("a change");
    // A change that records no author, and one from an older build that recorded "不明".
    nurse
        .apply(&[Edit::set("child.nickname", "さくちゃん")], &ctx("", 2))
        .expect("edit");
    nurse
        .apply(&[Edit::set("child.nickname", "さく")], &ctx("不明", 3))
        .expect("edit");
    mother.merge(&mut nurse).expect("merges");
    let card = mother.device_cards().remove("dev-nurse").expect("card arrived");
    assert_eq!(card.name, "架空 看子");
    assert_eq!(card.role.as_deref(), Some("visiting_nurse"));
    assert_eq!(card.display(&Localizer::new(Lang::Ja)), "訪問看護師 架空 看子");
    assert_eq!(
        card.display(&Localizer::new(Lang::En)),
        "架空 看子 (Visiting nurse)"
    );
    let history = mother.history();
    assert_eq!(history[0].author.as_deref(), Some("架空 看子"), "legacy 不明");
    assert_eq!(history[1].author.as_deref(), Some("架空 看子"), "no author");
    let p = mother.provenance("child.nickname").expect("path").expect("set");
    assert_eq!(p.author.as_deref(), Some("架空 看子"));
    // The first change names the child's mother as recorded.
    assert_eq!(history.last().and_then(|h| h.author.as_deref()), Some("母"));
    // Setting the same card again is no change.
    assert!(
        nurse
            .set_device_card("dev-nurse", " 架空 看子 ", Some("visiting_nurse"), &ctx("", 4))
            .expect("same")
            .is_none()
    );
}

#[test]
fn a_device_without_a_card_has_no_author() {
    let mut doc = new_doc();
    doc.apply(&[Edit::set("child.nickname", "さく")], &ctx("", 1))
        .expect("edit");
    assert_eq!(doc.history()[0].author, None);
}

#[test]
fn names_are_checked() {
    let mut doc = new_doc();
    for (name, role) in [
        ("  ", None),
        (&"長".repeat(41)[..], None),
        ("母", Some(&"長".repeat(41)[..])),
    ] {
        let e = doc
            .set_device_card("d", name, role, &ctx("", 1))
            .expect_err("refused");
        assert!(matches!(e, Error::DeviceName(_)), "{e:?}");
    }
    assert!(doc.device_cards().is_empty());
}

#[test]
fn roles_read_from_either_language_or_stay_free_text() {
    assert_eq!(members::parse_role("母").as_deref(), Some("mother"));
    assert_eq!(
        members::parse_role("Visiting nurse").as_deref(),
        Some("visiting_nurse")
    );
    assert_eq!(
        members::parse_role("ｃｏｏｒｄｉｎａｔｏｒ").as_deref(),
        Some("coordinator")
    );
    assert_eq!(members::parse_role("医師").as_deref(), Some("doctor"));
    assert_eq!(
        members::parse_role("コーディネーター").as_deref(),
        Some("coordinator")
    );
    assert_eq!(
        members::parse_role("ケアマネージャー").as_deref(),
        Some("ケアマネージャー")
    );
    assert_eq!(members::parse_role("祖母").as_deref(), Some("祖母"));
    assert_eq!(members::parse_role("  "), None);
    let ja = Localizer::new(Lang::Ja);
    for code in members::CARE_ROLES {
        assert_ne!(members::role_label(code, &ja), format!("member-role-{code}"));
    }
}

#[test]
fn concurrent_first_cards_in_an_old_document_are_both_kept() {
    // A document from before device cards has no `members` map: two devices creating it at
    // once make two maps; both are read.
    let old = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/golden/document-v1.automerge"
    ))
    .expect("the golden v1 document");
    let mut a = ProfileDoc::load(&old, ActorId::random()).expect("loads");
    let mut b = ProfileDoc::load(&old, ActorId::random()).expect("loads");
    a.set_device_card("dev-a", "母", None, &ctx("", 1)).expect("a");
    b.set_device_card("dev-b", "父", None, &ctx("", 1)).expect("b");
    a.merge(&mut b).expect("merges");
    let cards = a.device_cards();
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(a.review_items().is_empty(), "device cards are not review items");
}

#[test]
fn a_card_with_missing_fields_still_loads() {
    use automerge::transaction::Transactable;
    let mut doc = new_doc();
    doc.set_device_card("dev-x", "架空", Some("father"), &ctx("", 1))
        .expect("set");
    let mut am = doc.automerge().clone();
    let (_, map) = automerge::ReadDoc::get(&am, automerge::ROOT, members::ROOT_KEY)
        .expect("get")
        .expect("map");
    let (_, card) = automerge::ReadDoc::get(&am, &map, "dev-x")
        .expect("get")
        .expect("card");
    am.delete(&card, "role").expect("delete");
    am.delete(&card, "actor").expect("delete");
    let cards = members::cards(&am);
    assert_eq!(
        cards.get("dev-x"),
        Some(&DeviceCard {
            name: "架空".into(),
            role: None,
            actor: String::new()
        })
    );
}

#[test]
fn history_reads_old_and_new_values_per_entity() {
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let mut doc = new_doc();
    // A scalar change.
    doc.apply(
        &[Edit::set("devices.dev-vent.settings.ventilator.peep", 7.0)],
        &ctx("父", 1),
    )
    .expect("edit");
    let entry = doc.history().remove(0);
    assert_eq!(entry.changes[0].old, serde_json::json!(5.0));
    assert_eq!(entry.changes[0].new, serde_json::json!(7.0));
    let line = super::history::describe(&entry, &ja);
    assert_eq!(
        line.sentences,
        ["人工呼吸器（HomeVent 150）: PEEP（EPAP） 5 → 7 cmH2O"]
    );
    let line = super::history::describe(&entry, &en);
    assert_eq!(
        line.sentences,
        ["Ventilator (HomeVent 150): PEEP (EPAP) 5 → 7 cmH2O"]
    );

    // An added device.
    let mut pulse = Device::new(DeviceKind::Oximeter);
    pulse.model = Some("架空オキシ 1".into());
    let (add, _) = Edit::add("devices", &pulse);
    doc.apply(&[add], &ctx("父", 2)).expect("adds");
    let entry = doc.history().remove(0);
    assert!(entry.changes[0].old.is_null());
    assert_eq!(entry.changes[0].new["model"], "架空オキシ 1");
    let line = super::history::describe(&entry, &ja);
    assert_eq!(line.sentences.len(), 1);
    assert!(
        line.sentences[0].starts_with("医療機器に")
            && line.sentences[0].contains("（架空オキシ 1）を追加しました"),
        "{:?}",
        line.sentences
    );

    // A removed medication.
    doc.apply(
        &[Edit::Remove {
            collection: "medications".into(),
            id: "med-valproate".into(),
        }],
        &ctx("母", 3),
    )
    .expect("removes");
    let entry = doc.history().remove(0);
    assert!(entry.changes[0].new.is_null());
    let name = entry.changes[0].old["name"]
        .as_str()
        .expect("the removed medication's name")
        .to_owned();
    let line = super::history::describe(&entry, &ja);
    assert_eq!(line.sentences, [format!("薬から{name}を削除しました")]);
    let line = super::history::describe(&entry, &en);
    assert_eq!(line.sentences, [format!("Removed {name} from Medications")]);

    // Two fields of one entity: one sentence; a cleared field reads as empty.
    doc.apply(
        &[
            Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0),
            Edit::set(
                "devices.dev-vent.settings.ventilator.peep",
                serde_json::Value::Null,
            ),
        ],
        &ctx("母", 4),
    )
    .expect("edit");
    let line = super::history::describe(&doc.history().remove(0), &ja);
    assert_eq!(line.sentences.len(), 1, "{:?}", line.sentences);
    assert!(line.sentences[0].contains("（空欄）"), "{:?}", line.sentences);
}
