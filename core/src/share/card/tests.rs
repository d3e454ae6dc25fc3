//! Card tests: escaping, self-containment, languages side by side, the two paper sizes, the QR
//! that is embedded, and whole-page snapshots (`core/src/share/card/snapshots/`).

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::document::{EditContext, ProfileDoc};
use crate::model::{Avoidance, Profile, ValidationContext};
use crate::sample::demo_profile;
use crate::share::qr::summary_text;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn doc_of(profile: &Profile) -> ProfileDoc {
    let ctx = EditContext {
        author: "母 山田花子".into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
            .single()
            .expect("time"),
        validation: ValidationContext { today: today() },
    };
    ProfileDoc::create(ActorId::random(), profile, &ctx).expect("valid profile")
}

fn card(doc: &mut ProfileDoc, audience: Audience, langs: &[Lang], size: CardSize) -> String {
    let options = CardOptions {
        audience,
        langs,
        size,
        today: today(),
    };
    render_card(doc, &options).expect("card renders")
}

const JA: &[Lang] = &[Lang::Ja];
const EN: &[Lang] = &[Lang::En];
const JA_EN: &[Lang] = &[Lang::Ja, Lang::En];

#[test]
fn markup_in_the_profile_is_escaped_everywhere() {
    let mut p = demo_profile();
    let evil = "<script>alert('x')</script>&\"<img src=x onerror=alert(1)>";
    p.child.name = Some(format!("さくら{evil}"));
    p.child.nickname = Some("</style><b>".into());
    for id in p.devices.ids() {
        if let Some(d) = p.devices.get_mut(&id) {
            d.model = Some(format!("Vent{evil}"));
        }
    }
    p.avoid.insert(
        "avoid-evil".into(),
        Avoidance {
            order: -1.0,
            what: format!("</title>{evil}"),
            why: Some("<!-- -->".into()),
            kind: None,
        },
    );
    let mut doc = doc_of(&p);
    for audience in Audience::ALL {
        for size in CardSize::ALL {
            for langs in [JA, EN, JA_EN] {
                let html = card(&mut doc, *audience, langs, *size);
                let lower = html.to_ascii_lowercase();
                assert!(
                    !lower.contains("<script"),
                    "{audience:?} {size:?}: a script tag got through"
                );
                assert!(!lower.contains("<img"), "an img tag got through");
                assert!(
                    !lower.contains("<b>") && !lower.contains("</title>&"),
                    "markup got through"
                );
                assert!(!html.contains("<!-- -->"), "a comment got through");
                assert_eq!(
                    lower.matches("</style>").count(),
                    1,
                    "only the page's own </style>"
                );
                assert_eq!(lower.matches("<title>").count(), 1);
                // The name is there, escaped (askama writes numeric entities).
                assert!(
                    html.contains("さくら&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#38;&#34;"),
                    "{audience:?}: the escaped name is missing"
                );
            }
        }
    }
}

#[test]
fn the_card_fetches_nothing() {
    let mut doc = doc_of(&demo_profile());
    for audience in Audience::ALL {
        for size in CardSize::ALL {
            let html = card(&mut doc, *audience, JA_EN, *size);
            assert!(html.contains("default-src 'none'"), "no CSP");
            let without_svg_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            for needle in [
                "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<script",
            ] {
                assert!(
                    !without_svg_ns.contains(needle),
                    "{audience:?} {size:?}: found {needle:?}"
                );
            }
        }
    }
}

#[test]
fn languages_show_alone_or_side_by_side() {
    let mut doc = doc_of(&demo_profile());
    let ja = card(&mut doc, Audience::Shelter, JA, CardSize::A4);
    let en = card(&mut doc, Audience::Shelter, EN, CardSize::A4);
    let both = card(&mut doc, Audience::Shelter, JA_EN, CardSize::A4);
    assert!(ja.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(ja.contains("人工呼吸器") && ja.contains("家族による自己申告"));
    assert!(!ja.contains("Ventilator") && !ja.contains("Self-reported"));
    assert!(en.contains("Ventilator") && en.contains("Self-reported by the family"));
    assert!(!en.contains("人工呼吸器"));
    assert!(both.contains("人工呼吸器") && both.contains("Ventilator"));
    assert!(ja.contains("repeat(1,") && both.contains("repeat(2,"));
    // The header side by side; each section and item one line with both languages, a text the
    // languages say alike (the family's words, a phone number) written once.
    assert_eq!(
        both.matches("class=\"cell\" lang=\"ja\"").count(),
        both.matches("class=\"cell\" lang=\"en\"").count()
    );
    assert!(both.contains("命を支えているもの / What keeps the child alive"));
    assert!(both.contains("アレルギー / Allergies"));
    let mother = "090-0000-0001";
    assert_eq!(
        ja.matches(mother).count(),
        both.matches(mother).count(),
        "a phone number is written once per item in both languages"
    );
}

#[test]
fn a4_holds_every_section_and_the_wallet_card_the_red_ones_then_the_qr() {
    let mut doc = doc_of(&demo_profile());
    let view = views::build(&mut doc, Audience::Shelter, &Localizer::new(Lang::Ja), today()).expect("view");
    let a4 = card(&mut doc, Audience::Shelter, JA, CardSize::A4);
    let wallet = card(&mut doc, Audience::Shelter, JA, CardSize::Wallet);
    assert!(a4.contains("@page { size: A4;") && wallet.contains("@page { size: 85.6mm 54mm;"));
    for s in &view.sections {
        let marker = format!("data-section=\"{}\"", s.id);
        assert!(a4.contains(&marker), "A4 lacks {}", s.id);
        let on_wallet = s.priority == Priority::Red && wallet::FRONT_SECTIONS.contains(&s.id.as_str());
        assert_eq!(wallet.contains(&marker), on_wallet, "wallet and {}", s.id);
    }
    // Details and dates on A4 only (on the wallet card, only the rescue medicine's trigger);
    // the QR once on each.
    assert!(a4.contains("class=\"detail\""));
    let details = wallet.matches("class=\"detail\"").count();
    let rescue = view.section("rescue").map_or(0, |s| s.items.len());
    assert!(details <= rescue, "{details} details on the wallet card");
    assert!(a4.contains("<span class=\"when\">2026-11-20"));
    assert!(!wallet.contains("class=\"when\""));
    assert_eq!(a4.matches("<svg").count(), 1);
    assert_eq!(wallet.matches("<svg").count(), 1);
    assert!(wallet.contains("class=\"back\""));
    // The call list sits beside the QR on the wallet card.
    let back = &wallet[wallet.find("class=\"back\"").expect("back")..];
    let call = view.section("call").expect("call section");
    assert!(back.contains(&call.items[0].label));
}

#[test]
fn the_embedded_qr_is_the_shelter_summary_in_the_same_languages() {
    let p = demo_profile();
    let mut doc = doc_of(&p);
    let html = card(&mut doc, Audience::Ems, JA_EN, CardSize::A4);
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let svg = qr_svg_element(&summary_text(&p, &[&ja, &en], today())).expect("qr");
    assert!(html.contains(&svg));
    let ja_only = qr_svg_element(&summary_text(&p, &[&ja], today())).expect("qr");
    assert!(!html.contains(&ja_only));
}

#[test]
fn stale_items_are_marked() {
    let mut p = demo_profile();
    p.evacuation.last_drill = None;
    let mut doc = doc_of(&p);
    let html = card(&mut doc, Audience::Shelter, JA, CardSize::A4);
    assert!(html.contains("is-stale"));
    assert!(html.contains("⚠ 要更新："));
}

#[test]
fn an_empty_profile_still_makes_a_card() {
    let mut doc = doc_of(&Profile::default());
    for audience in Audience::ALL {
        for size in CardSize::ALL {
            let html = card(&mut doc, *audience, JA_EN, *size);
            assert!(
                html.contains("記録なし") && html.contains("Nothing recorded"),
                "{audience:?}"
            );
        }
    }
}

#[test]
fn sizes_parse() {
    for s in CardSize::ALL {
        assert_eq!(CardSize::parse(s.as_str()), Some(*s));
    }
    assert_eq!(CardSize::parse("letter"), None);
}

/// The whole page for two cards, as snapshots: a change to the template or to what a view says
/// shows up in review. Update deliberately with
/// `INSTA_UPDATE=always cargo test -p tsunagu-core share::card`.
#[test]
fn snapshots_of_the_demo_cards() {
    let mut doc = doc_of(&demo_profile());
    insta::assert_snapshot!(
        "shelter-ja+en-a4",
        card(&mut doc, Audience::Shelter, JA_EN, CardSize::A4)
    );
    insta::assert_snapshot!(
        "ems-en-wallet",
        card(&mut doc, Audience::Ems, EN, CardSize::Wallet)
    );
}

#[test]
fn provenance_is_a_short_date_once_per_section_and_never_a_name() {
    let mut p = demo_profile();
    let (first_id, _) = p.avoid.ordered()[0];
    let first_id = first_id.clone();
    if let Some(a) = p.avoid.get_mut(&first_id) {
        a.why = Some("理由".into());
    }
    let mut doc = doc_of(&p);
    let view = views::build(&mut doc, Audience::Shelter, &Localizer::new(Lang::Ja), today()).expect("view");
    let dated_sections = view
        .sections
        .iter()
        .filter(|s| s.items.iter().any(|i| i.freshness.changed_at.is_some()))
        .count();
    assert!(dated_sections > 5);
    for langs in [JA, JA_EN] {
        let html = card(&mut doc, Audience::Shelter, langs, CardSize::A4);
        // One date per section, whatever the number of languages; nobody's name on paper.
        assert_eq!(
            html.matches("<span class=\"when\">2026-11-20").count(),
            dated_sections
        );
        assert!(!html.contains("山田花子"), "the editor's name is on the card");
        assert!(!html.contains("Changed by") && !html.contains("Changed on"));
    }
}

#[test]
fn the_red_zone_holds_labels_and_values_and_its_details_follow_it() {
    let mut doc = doc_of(&demo_profile());
    let html = card(&mut doc, Audience::Shelter, JA, CardSize::A4);
    let details = html
        .find("data-section=\"red_details\"")
        .expect("details section");
    let life = html.find("data-section=\"life_support\"").expect("life support");
    let call = html.find("data-section=\"call\"").expect("call");
    let power = html.find("data-section=\"power\"").expect("power");
    assert!(life < call && call < details && details < power);
    // No red item keeps a detail; the details section names each item it continues.
    assert!(!html[life..details].contains("class=\"detail\""));
    assert!(html[details..power].contains("人工呼吸器"));
    // What to do if the cannula comes out is said once.
    let p = demo_profile();
    let (_, trach) = p
        .devices
        .ordered()
        .into_iter()
        .find(|(_, d)| d.kind == crate::model::DeviceKind::Tracheostomy)
        .expect("demo child has a tracheostomy");
    let steps = trach
        .settings
        .tracheostomy
        .as_ref()
        .and_then(|t| t.if_dislodged.as_ref())
        .expect("if it comes out")
        .as_str()
        .to_owned();
    assert_eq!(html.matches(steps.as_str()).count(), 1);
}

#[test]
fn a_verified_item_says_by_whom_in_role_and_when() {
    let f = Freshness {
        verified_by: Some("看護 太郎".into()),
        verified_role: Some("訪問看護師".into()),
        verified_on: NaiveDate::from_ymd_opt(2026, 10, 1).map(crate::model::Date),
        ..Freshness::default()
    };
    assert_eq!(
        verified(&Localizer::new(Lang::Ja), &f).as_deref(),
        Some("✓確認 訪問看護師（2026-10-01）")
    );
    assert_eq!(
        verified(&Localizer::new(Lang::En), &f).as_deref(),
        Some("✓ Verified by 訪問看護師, 2026-10-01")
    );
    assert_eq!(verified(&Localizer::new(Lang::En), &Freshness::default()), None);
}

#[test]
fn the_wallet_card_joins_the_languages_on_one_line_and_says_alike_texts_once() {
    let mut doc = doc_of(&demo_profile());
    let wallet = card(&mut doc, Audience::Shelter, JA_EN, CardSize::Wallet);
    assert!(wallet.contains("repeat(1,"));
    assert!(wallet.contains("命を支えているもの / What keeps the child alive"));
    // The mother's name and relation read alike in both languages but for the brackets.
    let back = &wallet[wallet.find("class=\"back\"").expect("back")..];
    assert_eq!(back.matches("090-0000-0001").count(), 1);
    assert!(!back.contains("山田 花子 (母 / mother) /"), "{back}");
    assert_eq!(
        joined(["山田 花子（母）", "山田 花子 (母)", "Hanako"].into_iter()),
        "山田 花子（母） / Hanako"
    );
    assert_eq!(
        joined(["090-0000-0001", "090-0000-0001"].into_iter()),
        "090-0000-0001"
    );
}

#[test]
fn the_wallet_back_holds_a_few_calls_and_points_to_the_a4_sheet_for_the_rest() {
    let mut p = demo_profile();
    for i in 0..6 {
        p.contacts.insert(
            format!("ct-extra-{i}").as_str().into(),
            crate::model::Contact {
                order: 100.0 + f64::from(i),
                name: format!("連絡先 {i}"),
                relation: None,
                phone: Some(format!("090-1111-{i:04}")),
                phone_alt: None,
                notes: None,
                may_decide: None,
            },
        );
    }
    let mut doc = doc_of(&p);
    let wallet = card(&mut doc, Audience::Shelter, JA, CardSize::Wallet);
    let back = &wallet[wallet.find("class=\"back\"").expect("back")..];
    assert_eq!(back.matches("class=\"item\"").count(), WALLET_CALL_LINES);
    assert!(back.contains("ほかの連絡先は A4 の用紙にあります"));
    let a4 = card(&mut doc, Audience::Shelter, JA, CardSize::A4);
    assert!(a4.contains("090-1111-0005"));
    // Two parents and no care team: every call fits on the back, no pointer to the A4 sheet.
    let mut two = demo_profile();
    two.care_team = Default::default();
    let few = card(&mut doc_of(&two), Audience::Shelter, JA, CardSize::Wallet);
    assert!(!few.contains("ほかの連絡先"));
}

#[test]
fn the_wallet_front_holds_each_red_essential_and_says_where_the_rest_is() {
    let p = crate::fixtures::load("ventilated-tracheostomy").expect("fixture");
    let mut doc = doc_of(&p);
    let view = views::build(&mut doc, Audience::Shelter, &Localizer::new(Lang::Ja), today()).expect("view");
    let wallet = card(&mut doc, Audience::Shelter, JA_EN, CardSize::Wallet);
    let front = &wallet[..wallet.find("class=\"back\"").expect("back")];
    // What keeps the child alive, what to give in an emergency and the allergies are always
    // there; never-do and the usual SpO2 may be left to the A4 sheet and the QR when the child
    // has this much.
    for id in ["life_support", "airway", "rescue", "allergies"] {
        assert!(view.section(id).is_some(), "{id}");
        assert!(front.contains(&format!("data-section=\"{id}\"")), "{id}");
    }
    // Each section's first item is there (its value may be cut with …).
    let life = view.section("life_support").expect("life support");
    assert!(front.contains("人工呼吸器 / Ventilator"), "{front}");
    assert!(life.items.len() > 1);
    // The ventilated child has more than one side holds: the card says where the rest is.
    assert!(front.contains("続き・詳細は A4 の用紙と裏の QR にあります"));
    // What to give in an emergency: the rescue medicine's name once, its dose and route, and
    // when to give it, the trigger said once for both languages.
    let rescue = &front[front
        .find("data-section=\"rescue\"")
        .expect("rescue on the front")..];
    let rescue = &rescue[..rescue.find("</section>").expect("section end")];
    assert_eq!(
        rescue.matches("ミダゾラム口腔用液 (Buccal midazolam)").count(),
        1,
        "{rescue}"
    );
    assert!(!rescue.contains("Rescue medication"), "{rescue}");
    assert!(
        rescue.contains("7.5 mg (1 本 / one syringe)、口腔内・点鼻 / Buccal or intranasal"),
        "{rescue}"
    );
    assert!(
        rescue.contains(
            "使うとき / give when：けいれんが5分以上続くとき。頬の内側に半量ずつ / seizure lasting 5 minutes or more; half into each cheek"
        ),
        "{rescue}"
    );
    // The empty profile leaves nothing out.
    let mut empty = doc_of(&Profile::default());
    let small = card(&mut empty, Audience::Shelter, JA, CardSize::Wallet);
    assert!(!small.contains("続き・詳細は"));
}
