//! Tests of input normalization: the inputs of issue 11 and properties of the parsers.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use chrono::Datelike;
use proptest::prelude::*;

use super::*;
use crate::i18n::Lang;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn full_width_numbers_with_units_are_read() {
    assert_eq!(parse_number("６", "cmH2O"), Ok(6.0));
    assert_eq!(parse_number("6 cmH2O", "cmH2O"), Ok(6.0));
    assert_eq!(parse_number("６ｃｍＨ２Ｏ", "cmH2O"), Ok(6.0));
    assert_eq!(parse_number("１２．５ｋｇ", "kg"), Ok(12.5));
    assert_eq!(parse_number("5,000 mL", "mL"), Ok(5000.0));
    assert_eq!(parse_number("２リットル/分", "L/min"), Ok(2.0));
    assert_eq!(parse_number("30回/分", "/min"), Ok(30.0));
    assert_eq!(parse_number("21 %", "%"), Ok(21.0));
    assert_eq!(parse_number("3本", ""), Ok(3.0));
}

#[test]
fn numbers_with_the_wrong_unit_or_words_are_refused() {
    let want = Err(Expected::Number { unit: "cmH2O".into() });
    assert_eq!(parse_number("6 kPa", "cmH2O"), want);
    assert_eq!(parse_number("abc", "cmH2O"), want);
    assert_eq!(parse_number("", "cmH2O"), want);
    assert_eq!(parse_number("NaN", "cmH2O"), want);
    assert_eq!(parse_number("inf", "cmH2O"), want);
}

#[test]
fn dates_in_every_accepted_form() {
    let d = ymd(2024, 4, 1);
    for input in [
        "2024-04-01",
        "2024/04/01",
        "2024/4/1",
        "２０２４／０４／０１",
        "2024年4月1日",
        "令和6年4月1日",
        "令和６年４月１日",
        "R6.4.1",
        "r6/4/1",
    ] {
        assert_eq!(parse_date(input), Ok(d), "{input}");
    }
    assert_eq!(parse_date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
    assert_eq!(parse_date("平成31年4月30日"), Ok(ymd(2019, 4, 30)));
    assert_eq!(parse_date("平成元年1月8日"), Ok(ymd(1989, 1, 8)));
    assert_eq!(parse_date("昭和64年1月7日"), Ok(ymd(1989, 1, 7)));
}

#[test]
fn dates_outside_their_era_or_the_calendar_are_refused() {
    for input in [
        "令和元年4月30日",
        "平成31年5月1日",
        "昭和64年1月8日",
        "2024-02-30",
        "2024-13-01",
        "24-4-1",
        "令和",
        "2024/4",
        "今日",
    ] {
        assert_eq!(parse_date(input), Err(Expected::Date), "{input}");
    }
}

#[test]
fn choices_by_label_in_either_language() {
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let ls = [&ja, &en];
    let sexes: Vec<String> = ["female", "male", "other"].map(String::from).to_vec();
    assert_eq!(parse_choice("女", &sexes, "sex", &ls).as_deref(), Ok("female"));
    assert_eq!(
        parse_choice("Female", &sexes, "sex", &ls).as_deref(),
        Ok("female")
    );
    assert_eq!(parse_choice(" male ", &sexes, "sex", &ls).as_deref(), Ok("male"));
    let routes: Vec<String> = ["oral", "tube", "other"].map(String::from).to_vec();
    assert_eq!(parse_choice("経管", &routes, "route", &ls).as_deref(), Ok("tube"));
    assert!(parse_choice("犬", &sexes, "sex", &ls).is_err());
}

#[test]
fn yes_no_words() {
    assert_eq!(parse_yes_no("いいえ"), Ok(false));
    assert_eq!(parse_yes_no("はい"), Ok(true));
    assert_eq!(parse_yes_no("ＹＥＳ"), Ok(true));
    assert_eq!(parse_yes_no("なし"), Ok(false));
    assert_eq!(parse_yes_no("たぶん"), Err(Expected::YesNo));
}

#[test]
fn japanese_phone_numbers_loosely() {
    assert_eq!(
        parse_phone("０９０ー１２３４ー５６７８").as_deref(),
        Ok("090-1234-5678")
    );
    assert_eq!(parse_phone("096-123-4567").as_deref(), Ok("096-123-4567"));
    assert_eq!(parse_phone("0961234567").as_deref(), Ok("0961234567"));
    assert_eq!(parse_phone("+81 90 1234 5678").as_deref(), Ok("090-1234-5678"));
    assert_eq!(parse_phone("(096) 123-4567").as_deref(), Ok("096-123-4567"));
    assert_eq!(parse_phone("119").as_deref(), Ok("119"));
    assert_eq!(parse_phone("＃８０００").as_deref(), Ok("#8000"));
    for bad in [
        "abc",
        "12345",
        "090-1234-56789",
        "1234567890",
        "09#0-1234-5678",
        "",
    ] {
        assert_eq!(parse_phone(bad), Err(Expected::Phone), "{bad}");
    }
}

#[test]
fn times_of_day() {
    assert_eq!(parse_times("８：００、２０：００").as_deref(), Ok("08:00, 20:00"));
    assert_eq!(parse_times("8時 12時30分").as_deref(), Ok("08:00, 12:30"));
    assert_eq!(parse_times("朝"), Err(Expected::Times));
    assert_eq!(parse_times("25:00"), Err(Expected::Times));
}

#[test]
fn errors_are_worded_in_the_users_language() {
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let e = Expected::Number { unit: "cmH2O".into() };
    assert!(e.describe(&ja).contains("数字"), "{}", e.describe(&ja));
    assert!(e.describe(&en).contains("number"), "{}", e.describe(&en));
    let c = Expected::Choice {
        options: vec!["female".into(), "male".into()],
        fluent_prefix: "sex".into(),
    };
    assert!(c.describe(&ja).contains("女"), "{}", c.describe(&ja));
}

/// Full-width forms of ASCII digits and letters.
fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            c => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn any_number_reads_back_in_half_or_full_width_with_or_without_its_unit(
        n in 0u32..100_000, frac in 0u32..100, unit in prop::sample::select(vec!["cmH2O", "mL", "kg", "L/min", "%", "Fr"]),
        space in any::<bool>(), full in any::<bool>(),
    ) {
        let text = format!("{n}.{frac:02}{}{unit}", if space { " " } else { "" });
        let text = if full { to_full_width(&text) } else { text };
        let want: f64 = format!("{n}.{frac:02}").parse().unwrap();
        prop_assert_eq!(parse_number(&text, unit), Ok(want));
    }

    #[test]
    fn any_calendar_date_reads_back_in_every_form(days in 0i64..40_000, form in 0usize..4, full in any::<bool>()) {
        let date = ymd(1926, 12, 25) + chrono::Duration::days(days);
        let text = match form {
            0 => date.format("%Y-%m-%d").to_string(),
            1 => date.format("%Y/%-m/%-d").to_string(),
            2 => date.format("%Y年%-m月%-d日").to_string(),
            _ => {
                let era = ERAS.iter().find(|e| {
                    let (y, m, d) = e.start;
                    date >= ymd(y, m, d)
                }).unwrap();
                let year = date.year() - era.start.0 + 1;
                let year = if year == 1 { "元".to_owned() } else { year.to_string() };
                format!("{}{}年{}月{}日", era.names[0], year, date.month(), date.day())
            }
        };
        let text = if full { to_full_width(&text) } else { text };
        prop_assert_eq!(parse_date(&text), Ok(date));
    }

    #[test]
    fn parsers_never_panic_and_never_accept_a_letter_soup(s in "\\PC{0,40}") {
        let _ = parse_number(&s, "cmH2O");
        let _ = parse_date(&s);
        let _ = parse_times(&s);
        let _ = parse_yes_no(&s);
        if let Ok(phone) = parse_phone(&s) {
            prop_assert!(phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '#'));
        }
    }

    #[test]
    fn folding_is_idempotent(s in "\\PC{0,40}") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }
}
