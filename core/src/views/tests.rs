//! Snapshot-like tests of each view on the demo profile: key items in order, stale rules with a
//! fixed `today`, freshness after an edit by another author, and both languages.

use automerge::ActorId;
use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::document::edit::Edit;
use crate::document::{EditContext, ProfileDoc};
use crate::i18n::{Lang, Localizer};
use crate::model::{Profile, ValidationContext, VerifierRole};
use crate::sample::demo_profile;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn ctx(author: &str, minute: u32) -> EditContext {
    EditContext {
        author: author.into(),
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 10, minute, 0)
            .single()
            .expect("valid time"),
        validation: ValidationContext {
            today: day(2026, 11, 24),
        },
    }
}

fn demo_doc() -> ProfileDoc {
    ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx("母 山田花子", 0)).expect("demo is valid")
}

fn view(doc: &mut ProfileDoc, audience: Audience, lang: Lang, today: NaiveDate) -> View {
    build(doc, audience, &Localizer::new(lang), today).expect("view builds")
}

fn find<'v>(section: &'v ViewSection, needle: &str) -> &'v ViewItem {
    section
        .items
        .iter()
        .find(|i| i.label.contains(needle) || i.value.contains(needle))
        .unwrap_or_else(|| panic!("no item with {needle:?} in {}: {:#?}", section.id, section.items))
}

fn position(section: &ViewSection, needle: &str) -> usize {
    section
        .items
        .iter()
        .position(|i| i.label.contains(needle) || i.value.contains(needle))
        .unwrap_or_else(|| panic!("no item with {needle:?} in {}", section.id))
}

fn today() -> NaiveDate {
    day(2026, 11, 24)
}

#[test]
fn shelter_starts_with_red_life_support_and_the_ventilator_runway() {
    let mut doc = demo_doc();
    let v = view(&mut doc, Audience::Shelter, Lang::En, today());
    assert_eq!(v.title, "山田 さくら — for shelter staff");
    assert_eq!(v.generated_for_date, today());
    let ids: Vec<&str> = v.sections.iter().map(|s| s.id.as_str()).collect();
    // Who the child is, then what keeps the child alive, the airway and the other red sections
    // of the floor (issue 10); the demo records no stock, so a few amber fields (batteries,
    // cylinder pressure…) are listed under "also recorded".
    assert_eq!(
        ids,
        [
            "identity",
            "life_support",
            "airway",
            "allergies",
            "never_do",
            "rescue",
            "usual",
            "emergency",
            "communication",
            "call",
            "power",
            "prepare",
            "other_devices",
            "diagnoses",
            "more",
            "plan"
        ]
    );
    assert!(v.sections.iter().take(10).all(|s| s.priority == Priority::Red));
    let more = v.section("more").expect("more");
    assert_ne!(more.priority, Priority::Red, "{more:#?}");
    let first = v.section("life_support").expect("life support");
    assert_eq!(first.priority, Priority::Red);
    assert_eq!(first.title, "What keeps the child alive");
    // Ventilator in scenario (a), life-sustaining devices at their usual duty: 888 min
    // batteries + 796.875 min of the shared station (850 Wh ÷ (60 W + suction 40 W × 6/60))
    // = 1684.875 min → 28.0 h (readiness).
    let vent = &first.items[0];
    assert_eq!(vent.label, "Ventilator (HomeVent 150)");
    assert_eq!(vent.value, "about 28 h [estimate]");
    assert_eq!(vent.source.as_deref(), Some("devices.dev-vent"));
    let detail = vent.detail.as_deref().unwrap_or_default();
    assert!(
        detail.contains("own batteries 14.8 h + shared backup power 13.2 h"),
        "{detail}"
    );
    assert!(detail.contains("resuscitation bag"), "{detail}");
    assert_eq!(find(first, "Suction").value, "about 20.2 h [estimate]");
    // Never do: suxamethonium with why.
    let never = v.section("never_do").expect("never do");
    assert_eq!(never.priority, Priority::Red);
    assert!(never.items[0].label.contains("Suxamethonium"));
    assert!(never.items[0].value.contains("hyperkalaemia"));
    // Whom to call: mother, father, then the attending doctor's 24-hour line, then the dealer.
    let call = v.section("call").expect("call");
    let mother = position(call, "090-0000-0001");
    let father = position(call, "090-0000-0002");
    let doctor = position(call, "096-000-0199");
    let dealer = position(call, "090-0000-0101");
    assert!(mother < father && father < doctor && doctor < dealer, "{call:#?}");
    assert!(call.items[doctor].label.starts_with("Attending doctor: "));
    // Power: the total, then the readiness actions (the suction battery is 3 years old).
    let power = v.section("power").expect("power");
    assert_eq!(find(power, "Power lasts").value, "about 20.2 h");
    let action = find(power, "the battery is 3 years old");
    assert_eq!(action.label, "To do");
    assert_eq!(action.source.as_deref(), Some("devices.dev-suction"));
    // What to prepare: outlets, suction settings, oxygen into the ventilator, the feed.
    let prepare = v.section("prepare").expect("prepare");
    assert_eq!(prepare.items[0].value, "2 outlets, 100 W in all");
    assert_eq!(find(prepare, "8 Fr").value, "8 Fr, depth 6.5 cm, 20 kPa");
    assert_eq!(find(prepare, "Oxygen flow").value, "1 L/min");
    let feed = find(prepare, "Tube feed");
    assert_eq!(feed.value, "エネーボ / Enevo, 150 mL");
    assert!(feed.detail.as_deref().unwrap_or_default().contains("6:00, 10:00"));
}

#[test]
fn ems_lists_sizes_settings_vitals_and_allergies() {
    let mut doc = demo_doc();
    let v = view(&mut doc, Audience::Ems, Lang::En, today());
    let ids: Vec<&str> = v.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "identity",
            "diagnoses",
            "avoid",
            "allergies",
            "baseline",
            "devices",
            "medications",
            "problems",
            "wishes",
            "contacts",
            "care_team",
            "more"
        ]
    );
    let dx = v.section("diagnoses").expect("diagnoses");
    assert!(dx.items[0].label.contains("SMA type 1"));
    assert_eq!(dx.items[0].value, "G12.0");
    let allergies = v.section("allergies").expect("allergies");
    assert_eq!(allergies.items.len(), 1);
    assert_eq!(allergies.items[0].value, "No known allergies");
    let identity = v.section("identity").expect("identity");
    assert_eq!(find(identity, "Age").value, "6 years (born 2020-05-14)");
    assert_eq!(find(identity, "Sex").value, "Female");
    assert_eq!(find(identity, "Blood type").value, "A Rh+");
    assert_eq!(find(identity, "Weight").value, "15.2 kg");
    // No decision recorded is said in words, never left blank.
    let wishes = v.section("wishes").expect("wishes");
    assert!(wishes.items[0].value.starts_with("Not recorded"), "{wishes:#?}");
    let baseline = v.section("baseline").expect("baseline");
    assert_eq!(find(baseline, "Usual SpO2").value, "94–99 %");
    assert_eq!(find(baseline, "Usual heart rate").value, "80–120 /min");
    let devices = v.section("devices").expect("devices");
    let trach = find(devices, "Tracheostomy");
    assert_eq!(trach.value, "ID 4.5 mm, length 45 mm, cuffless, spare 4.0 mm");
    assert!(
        trach
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("If it comes out: ")
    );
    let vent = find(devices, "Ventilator");
    assert_eq!(
        vent.value,
        "Mode: SIMV (PC), Breath rate: 20 /min, PIP (IPAP): 18 cmH2O, PEEP (EPAP): 5 cmH2O, \
         Inspiratory time: 0.8 s, Oxygen flow: 1 L/min"
    );
    assert_eq!(find(devices, "Suction").value, "8 Fr, depth 6.5 cm, 20 kPa");
    let g = find(devices, "Feeding tube");
    let button = Localizer::new(Lang::En).label("tube-type-gastrostomy_button");
    assert_eq!(g.value, format!("{button}, 14 Fr, shaft 15 mm, balloon 3 mL"));
    let meds = v.section("medications").expect("medications");
    assert!(meds.items[0].label.contains("Sodium valproate"));
    let tube = Localizer::new(Lang::En).label("route-tube");
    assert_eq!(meds.items[0].value, format!("3 mL, {tube}, 8:00, 20:00"));
    let rescue = &meds.items[1];
    assert!(rescue.label.ends_with("(Rescue medication)"), "{}", rescue.label);
    assert!(
        rescue
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("seizure lasting over 5 minutes")
    );
    let problems = v.section("problems").expect("problems");
    assert!(problems.items[0].label.contains("SpO2 below 90%"));
    let team = v.section("care_team").expect("care team");
    assert_eq!(team.items.len(), 5);
    assert_eq!(team.priority, Priority::Green);
}

#[test]
fn allergies_not_recorded_differs_from_none_known() {
    let mut p = demo_profile();
    p.allergies.status = None;
    let mut doc = ProfileDoc::create(ActorId::random(), &p, &ctx("母", 0)).expect("valid");
    let v = view(&mut doc, Audience::Ems, Lang::En, today());
    let allergies = v.section("allergies").expect("allergies");
    assert_eq!(allergies.items[0].value, "Not recorded (not asked)");
    let v = view(&mut doc, Audience::Ems, Lang::Ja, today());
    assert_eq!(
        v.section("allergies").expect("allergies").items[0].value,
        "未記入（未確認）"
    );
}

#[test]
fn caregiver_lists_feed_steps_in_order() {
    let mut doc = demo_doc();
    let v = view(&mut doc, Audience::Caregiver, Lang::Ja, today());
    let ids: Vec<&str> = v.sections.iter().map(|s| s.id.as_str()).collect();
    let at = |id: &str| {
        ids.iter()
            .position(|x| *x == id)
            .unwrap_or_else(|| panic!("{id} in {ids:?}"))
    };
    assert!(at("identity") < at("allergies") && at("allergies") < at("never_do"));
    assert!(at("devices") < at("medications") && at("medications") < at("routine:rt-feed"));
    assert_eq!(at("routine:rt-feed") + 1, at("routine:rt-suction"));
    let feed = &v.sections[at("routine:rt-feed")];
    let kind = Localizer::new(Lang::Ja).label("routine-kind-feed");
    assert_eq!(feed.title, format!("経管栄養 / Tube feed（{kind}）"));
    let steps: Vec<(&str, &str)> = feed
        .items
        .iter()
        .filter(|i| i.label.starts_with("手順"))
        .map(|i| (i.label.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("手順 1", "上体を 30 度起こす"),
            ("手順 2", "胃内容物を確認"),
            ("手順 3", "150 mL を 30 分かけて注入"),
            ("手順 4", "白湯 10 mL でフラッシュ"),
        ]
    );
    assert_eq!(find(feed, "時間").value, "6:00, 10:00, 14:00, 18:00, 22:00");
    assert!(find(feed, "エネーボ").value.contains("150 mL"));
    let ids: Vec<&str> = v
        .sections
        .iter()
        .skip(at("routine:rt-suction") + 1)
        .map(|s| s.id.as_str())
        .collect();
    // Sections run red, amber, green: the amber leftovers come before the green passport parts.
    assert_eq!(ids, ["more", "communication", "normal", "sick", "call"]);
    let comm = v.section("communication").expect("communication");
    assert!(comm.items[0].value.contains("眉間にしわ"));
    assert!(comm.items[1].value.contains("まばたき"));
    let normal = v.section("normal").expect("normal");
    assert_eq!(find(normal, "SpO2").value, "94–99 %");
    assert!(find(normal, "経管栄養").value.contains("腹部膨満なし"));
    let sick = v.section("sick").expect("sick");
    assert_eq!(sick.priority, Priority::Red);
    assert!(sick.items[0].value.contains("心拍 140 以上"));
    assert_eq!(v.section("call").expect("call").items[0].value, "090-0000-0001");
}

#[test]
fn stale_rules_fire_and_do_not_fire_with_a_fixed_today() {
    let mut doc = demo_doc();
    // 2026-11-24: drill 2025-10-12 is over 12 months old; weight (2026-10-02), cannula (due
    // 2026-11-29) and G-tube (due 2027-01-18) are current.
    let v = view(&mut doc, Audience::Ems, Lang::En, day(2026, 11, 24));
    let devices = v.section("devices").expect("devices");
    assert_eq!(find(devices, "Tracheostomy").freshness.stale, None);
    assert_eq!(find(devices, "Feeding tube").freshness.stale, None);
    assert_eq!(
        find(v.section("identity").expect("identity"), "Weight")
            .freshness
            .stale,
        None
    );
    let shelter = view(&mut doc, Audience::Shelter, Lang::En, day(2026, 11, 24));
    let drill = find(shelter.section("plan").expect("plan"), "2025-10-12");
    let stale = drill.freshness.stale.as_ref().expect("drill overdue");
    assert_eq!(stale.rule, StaleRule::DrillOverdue);
    assert_eq!(stale.since, Some(day(2026, 10, 12)));
    assert!(stale.message.contains("2025-10-12"), "{}", stale.message);
    let before = view(&mut doc, Audience::Shelter, Lang::En, day(2026, 10, 12));
    assert_eq!(
        find(before.section("plan").expect("plan"), "2025-10-12")
            .freshness
            .stale,
        None
    );

    // 2027-02-01: weight over 3 months old, cannula and G-tube past their intervals.
    let v = view(&mut doc, Audience::Ems, Lang::En, day(2027, 2, 1));
    let devices = v.section("devices").expect("devices");
    let trach = find(devices, "Tracheostomy")
        .freshness
        .stale
        .as_ref()
        .expect("cannula due");
    assert_eq!(trach.rule, StaleRule::TracheostomyChangeDue);
    assert_eq!(trach.since, Some(day(2026, 11, 29)));
    assert!(trach.message.contains("2026-11-29"));
    let g = find(devices, "Feeding tube")
        .freshness
        .stale
        .as_ref()
        .expect("tube due");
    assert_eq!(g.rule, StaleRule::FeedingTubeChangeDue);
    assert_eq!(g.since, Some(day(2027, 1, 18)));
    let w = find(v.section("identity").expect("identity"), "Weight")
        .freshness
        .stale
        .as_ref()
        .expect("weight old");
    assert_eq!(w.rule, StaleRule::WeightOld);
    assert_eq!(w.since, Some(day(2027, 1, 2)));
    // The boundary: due day itself is not stale, the day after is.
    assert_eq!(
        stale_tracheostomy(
            demo_profile()
                .devices
                .get("dev-trach")
                .and_then(|d| d.settings.tracheostomy.as_ref())
                .expect("trach"),
            day(2026, 11, 29)
        ),
        None
    );
    assert!(stale_weight(&demo_profile().child.weight, day(2027, 1, 3)).is_some());
    assert!(stale_weight(&demo_profile().child.weight, day(2027, 1, 2)).is_none());
}

#[test]
fn freshness_names_the_author_of_the_last_edit_and_the_verifier() {
    let mut doc = demo_doc();
    let v = view(&mut doc, Audience::Ems, Lang::En, today());
    let trach = find(v.section("devices").expect("devices"), "Tracheostomy");
    assert_eq!(trach.freshness.changed_by.as_deref(), Some("母 山田花子"));
    assert_eq!(trach.freshness.verified_by, None);

    let mut other = doc.fork(ActorId::random());
    other
        .apply(
            &[
                Edit::set("devices.dev-trach.settings.tracheostomy.inner_diameter", 5.0),
                Edit::Verify {
                    section: crate::model::Section::Devices,
                    by: "佐藤 みどり".into(),
                    role: VerifierRole::Coordinator,
                    on: Date::from_ymd(2026, 11, 20).expect("valid date"),
                },
            ],
            &ctx("コーディネーター 佐藤", 5),
        )
        .expect("valid edit");
    doc.merge(&mut other).expect("merges");
    let v = view(&mut doc, Audience::Ems, Lang::En, today());
    let devices = v.section("devices").expect("devices");
    let trach = find(devices, "Tracheostomy");
    assert!(trach.value.starts_with("ID 5.0 mm"), "{}", trach.value);
    assert_eq!(
        trach.freshness.changed_by.as_deref(),
        Some("コーディネーター 佐藤")
    );
    assert_eq!(
        trach.freshness.changed_at.map(|t| t.0),
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 5, 0).single()
    );
    assert_eq!(trach.freshness.verified_by.as_deref(), Some("佐藤 みどり"));
    assert_eq!(trach.freshness.verified_on, Date::from_ymd(2026, 11, 20));
    assert_eq!(
        trach.freshness.verified_role,
        Some(Localizer::new(Lang::En).label(&VerifierRole::Coordinator.fluent_id()))
    );
    // The ventilator was not touched: still the mother's.
    let vent = find(devices, "Ventilator");
    assert_eq!(vent.freshness.changed_by.as_deref(), Some("母 山田花子"));
}

#[test]
fn every_view_renders_in_japanese_and_english_without_missing_messages() {
    let mut doc = demo_doc();
    for &audience in Audience::ALL {
        for &lang in Lang::ALL {
            let v = view(&mut doc, audience, lang, today());
            assert_eq!(v.lang, lang.as_str());
            let json = serde_json::to_string(&v).expect("serializes");
            // A missing message shows its id; no `view-`, `field-` or `{$` may leak.
            for leak in ["view-", "field-", "readiness-", "{$", "{ $"] {
                assert!(!json.contains(leak), "{audience:?}/{lang}: {leak} in {json}");
            }
            assert!(
                v.sections
                    .iter()
                    .all(|s| !s.items.is_empty() && !s.title.is_empty())
            );
        }
    }
    let ja = view(&mut doc, Audience::Ems, Lang::Ja, today());
    let devices = ja.section("devices").expect("devices");
    assert_eq!(
        find(devices, "気管切開").value,
        "内径 4.5 mm、長さ 45 mm、カフなし、予備 4.0 mm"
    );
    assert_eq!(
        find(ja.section("allergies").expect("a"), "アレルギー").value,
        Localizer::new(Lang::Ja).label("allergy-status-none_known")
    );
    assert_eq!(find(ja.section("baseline").expect("b"), "SpO2").value, "94–99 %");
    let shelter = view(&mut doc, Audience::Shelter, Lang::Ja, today());
    let life = shelter.section("life_support").expect("life support");
    assert_eq!(life.title, "命を支えているもの");
    assert_eq!(life.items[0].value, "約 28 時間〔推定〕");
}

#[test]
fn an_empty_profile_gives_not_recorded_items() {
    let mut doc = ProfileDoc::create(ActorId::random(), &Profile::empty(), &ctx("母", 0)).expect("valid");
    for &audience in Audience::ALL {
        let v = view(&mut doc, audience, Lang::En, today());
        assert!(v.title.contains("(name not recorded)"));
        assert!(v.sections.iter().all(|s| !s.items.is_empty()));
    }
    let v = view(&mut doc, Audience::Ems, Lang::En, today());
    assert_eq!(
        v.section("allergies").expect("a").items[0].value,
        "Not recorded (not asked)"
    );
}

#[test]
fn audience_names_round_trip_and_steps_drop_numbering() {
    for &a in Audience::ALL {
        assert_eq!(Audience::parse(a.as_str()), Some(a));
    }
    assert_eq!(Audience::parse("doctor"), None);
    assert_eq!(steps("1. a\n\n2) b\nc\n10. d"), ["a", "b", "c", "d"]);
}

/// Every view of the demo profile in both languages, whole, as JSON snapshots
/// (`core/src/views/snapshots/`): any change to what an audience sees shows up in review.
/// Update deliberately with `INSTA_UPDATE=always cargo test -p tsunagu-core views::tests`.
#[test]
fn snapshots_of_every_view() {
    let mut doc = demo_doc();
    for audience in Audience::ALL {
        for lang in Lang::ALL {
            let v = view(&mut doc, *audience, *lang, today());
            insta::assert_json_snapshot!(format!("{}-{}", audience.as_str(), lang.as_str()), v);
        }
    }
}

/// Issue 10: a ventilator entered with no power fields. The shelter view, the QR summary and the
/// roster all take "does it sustain life" from `readiness::life_support`, so all three say so.
#[test]
fn a_ventilator_with_no_power_fields_is_life_sustaining_in_the_view_the_qr_and_the_roster() {
    use crate::model::{Device, DeviceKind};
    use crate::readiness::{life_support, roster::roster_row};
    use crate::store::ProfileSummary;

    let mut p = Profile::empty();
    p.devices
        .insert("dev-v".into(), Device::new(DeviceKind::Ventilator));
    let device = p.devices.get("dev-v").expect("inserted").clone();
    assert!(life_support(&device).sustains_life);
    assert!(blocks::sustains_life(&device));

    let mut doc = ProfileDoc::create(ActorId::random(), &p, &ctx("母", 0)).expect("valid");
    let ja = Localizer::new(Lang::Ja);
    let shelter = build(&mut doc, Audience::Shelter, &ja, day(2026, 11, 24)).expect("view");
    let life = shelter.section("life_support").expect("life support");
    assert_eq!(life.items.len(), 1, "{life:?}");
    assert!(life.items[0].label.contains("人工呼吸器"));
    assert_ne!(life.items[0].value, ja.message("view-not-recorded", &[]));

    let qr = crate::share::qr::summary_text(&p, &[&ja], day(2026, 11, 24));
    let prefix = format!("{}: ", ja.message("qr-life-support", &[]));
    assert!(
        qr.lines()
            .any(|l| l.starts_with(&prefix) && l.contains("人工呼吸器")),
        "{qr}"
    );

    let summary = ProfileSummary {
        id: "p-1".into(),
        name: None,
        name_kana: None,
        updated_at: 0,
    };
    let row = roster_row(&summary, &p, Date(day(2026, 11, 24)));
    assert!(row.power_dependent);
    assert_eq!(row.life_sustaining_devices, vec![DeviceKind::Ventilator]);
}
