//! Criterion benchmarks of what a parent waits for when they tap "card" or "QR" (TARGETS.md:
//! card + QR render for a full profile ≤ 5 ms), on the demo child — the fullest fictional profile
//! in the repository — opened from a document with its history, as the app holds it:
//!
//! - `share/view/{shelter,ems,caregiver}`: the view model alone (including provenance reads);
//! - `share/qr_text` and `share/qr_png`, `share/qr_svg`: the shelter summary, and it encoded;
//! - `share/card/{shelter-a4-ja+en, ems-wallet-ja, …}`: the whole HTML card, which builds the
//!   views, the QR and fills the template;
//! - `share/card_and_qr_png`: the card plus the QR PNG, the figure the target names;
//! - `share/plan_html`: the 個別避難計画 page.
//!
//! Rerun: `cargo bench -p tsunagu-core --bench card`; figures in docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use automerge::ActorId;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::model::Date;
use tsunagu_core::readiness::roster::roster_row;
use tsunagu_core::sample::demo_profile;
use tsunagu_core::share::{
    CardOptions, CardSize, evacuation_plan, plan_html, qr_png, qr_svg, render_card, summary_text,
};
use tsunagu_core::store::ProfileSummary;
use tsunagu_core::views::{self, Audience};
use tsunagu_core::{Edit, EditContext, ProfileDoc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

/// The demo child with a few dozen edits by two authors on top, so provenance lookups walk a
/// real history rather than one change.
fn demo_doc() -> ProfileDoc {
    let mut doc = ProfileDoc::create(ActorId::random(), &demo_profile(), &EditContext::now("母"))
        .expect("demo profile");
    for i in 0..40 {
        let author = if i % 2 == 0 { "母" } else { "訪問看護師" };
        let edit = Edit::set("child.nickname", serde_json::json!(format!("さく{i}")));
        doc.apply(&[edit], &EditContext::now(author)).expect("edit");
    }
    doc
}

fn share_benches(c: &mut Criterion) {
    let mut doc = demo_doc();
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let mut group = c.benchmark_group("share");
    group.measurement_time(Duration::from_secs(4));

    for audience in Audience::ALL {
        group.bench_function(format!("view/{}", audience.as_str()), |b| {
            b.iter(|| views::build(&mut doc, *audience, &ja, today()).expect("view"))
        });
    }

    let profile = doc.profile().clone();
    group.bench_function("qr_text/ja+en", |b| {
        b.iter(|| summary_text(black_box(&profile), &[&ja, &en], today()))
    });
    let text = summary_text(&profile, &[&ja, &en], today());
    group.bench_function("qr_png/ja+en", |b| {
        b.iter(|| qr_png(black_box(&text)).expect("png"))
    });
    group.bench_function("qr_svg/ja+en", |b| {
        b.iter(|| qr_svg(black_box(&text)).expect("svg"))
    });

    let cases: &[(Audience, &[Lang], CardSize, &str)] = &[
        (
            Audience::Shelter,
            &[Lang::Ja, Lang::En],
            CardSize::A4,
            "shelter-a4-ja+en",
        ),
        (
            Audience::Shelter,
            &[Lang::Ja],
            CardSize::Wallet,
            "shelter-wallet-ja",
        ),
        (Audience::Ems, &[Lang::Ja, Lang::En], CardSize::A4, "ems-a4-ja+en"),
        (Audience::Caregiver, &[Lang::Ja], CardSize::A4, "caregiver-a4-ja"),
    ];
    for (audience, langs, size, name) in cases {
        let options = CardOptions {
            audience: *audience,
            langs,
            size: *size,
            today: today(),
        };
        group.bench_function(format!("card/{name}"), |b| {
            b.iter(|| render_card(&mut doc, &options).expect("card"))
        });
    }
    let options = CardOptions {
        audience: Audience::Shelter,
        langs: &[Lang::Ja, Lang::En],
        size: CardSize::A4,
        today: today(),
    };
    group.bench_function("card_and_qr_png/shelter-a4-ja+en", |b| {
        b.iter(|| {
            let html = render_card(&mut doc, &options).expect("card");
            let text = summary_text(doc.profile(), &[&ja, &en], today());
            (html, qr_png(&text).expect("png"))
        })
    });

    let summary = ProfileSummary {
        id: "p-bench".into(),
        name: profile.child.name.clone(),
        name_kana: profile.child.name_kana.clone(),
        updated_at: 0,
    };
    let as_of = Date(today());
    group.bench_function("plan_html/ja", |b| {
        b.iter(|| {
            let row = roster_row(&summary, &profile, as_of);
            plan_html(&evacuation_plan(&profile, &row, &ja, as_of), &ja).expect("plan")
        })
    });
    group.finish();
}

criterion_group!(benches, share_benches);
criterion_main!(benches);
