//! Input normalization: what a parent types on a phone's Japanese IME, turned into the value the
//! typed model stores. Full-width digits, letters and spaces (NFKC), a number with its unit typed
//! after it (`６ｃｍＨ２Ｏ`), dates as `YYYY-MM-DD`, `YYYY/MM/DD`, `2024年4月1日` or in a Japanese
//! era (`令和6年4月1日`, `令和元年`, `R6.4.1`), choices by their Japanese or English label, yes/no
//! words, times of day, and phone numbers checked loosely as Japanese numbers.
//!
//! Every function here is pure. An error says what form was expected ([`Expected`]); it never
//! carries the text that was typed (it may be health data).

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::i18n::Localizer;

/// What an input should have looked like. Carried by errors instead of the refused text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Expected {
    /// A number, optionally followed by this unit symbol (`""` for a bare count).
    Number {
        /// The unit symbol of the field (`cmH2O`, `mL`).
        unit: String,
    },
    /// A date (`2024-04-01`, `2024/4/1`, `令和6年4月1日`).
    Date,
    /// Times of day (`8:00, 20:00`).
    Times,
    /// One of the listed choices (stored forms).
    Choice {
        /// The stored forms of the choices.
        options: Vec<String>,
        /// Prefix of the Fluent ids naming them.
        fluent_prefix: String,
    },
    /// Yes or no.
    YesNo,
    /// A Japanese phone number (10 or 11 digits starting with 0, or a short service number).
    Phone,
    /// Text of at most this many characters.
    TextUpTo {
        /// The limit, in characters.
        max: usize,
    },
}

impl Expected {
    /// The expected form in words, in the localizer's language (`例: 6 cmH2O`).
    pub fn describe(&self, l: &Localizer) -> String {
        match self {
            Expected::Number { unit } => {
                let unit = l.unit(unit);
                l.message("entry-expected-number", &[("unit", unit.as_str())])
            }
            Expected::Date => l.message("entry-expected-date", &[]),
            Expected::Times => l.message("entry-expected-times", &[]),
            Expected::Choice {
                options,
                fluent_prefix,
            } => {
                let labels: Vec<String> = options
                    .iter()
                    .map(|o| l.label(&format!("{fluent_prefix}-{o}")))
                    .collect();
                let sep = if l.lang() == crate::i18n::Lang::Ja {
                    "、"
                } else {
                    ", "
                };
                l.message("entry-expected-choice", &[("options", labels.join(sep).as_str())])
            }
            Expected::YesNo => l.message("entry-expected-yes-no", &[]),
            Expected::Phone => l.message("entry-expected-phone", &[]),
            Expected::TextUpTo { max } => {
                l.message("entry-expected-text-up-to", &[("max", max.to_string().as_str())])
            }
        }
    }
}

/// NFKC, with the IME's other dashes and minus signs folded to `-`, whitespace runs to one
/// space, and the ends trimmed. `６ｃｍＨ２Ｏ` → `6cmH2O`, `０９０ー１２３４` → `090-1234`.
pub fn fold(raw: &str) -> String {
    let nfkc: String = raw.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut space = false;
    for c in nfkc.chars() {
        let c = match c {
            // Hyphen, non-breaking hyphen, figure dash, en/em dash, horizontal bar, minus sign,
            // and the katakana prolonged sound mark an IME gives between digits.
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}'
            | 'ー' | '─' => '-',
            // The ideographic full stop and comma used in lists.
            '、' | '，' => ',',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Accepted spellings of each unit after a number (after [`fold`], compared case-insensitively).
fn unit_aliases(unit: &str) -> &'static [&'static str] {
    match unit {
        "mL" => &["ml", "cc", "ミリリットル"],
        "mL/h" => &["ml/h", "ml/hr", "ml/時", "ml/時間"],
        "Fr" => &["fr", "french", "フレンチ"],
        "mm" => &["mm", "ミリ"],
        "cm" => &["cm", "センチ"],
        "kg" => &["kg", "キロ", "キログラム"],
        "kPa" => &["kpa"],
        "cmH2O" => &["cmh2o", "cmh₂o", "cm水柱"],
        "MPa" => &["mpa"],
        "L" => &["l", "リットル"],
        "L/min" => &["l/min", "l/分", "lpm", "リットル/分"],
        "W" => &["w", "ワット"],
        "Wh" => &["wh"],
        "min" => &["min", "分"],
        "h" => &["h", "hr", "時間"],
        "s" => &["s", "sec", "秒"],
        "d" => &["d", "日"],
        "y" => &["y", "年"],
        "%" => &["%", "パーセント"],
        "/min" => &["/min", "回/分", "bpm", "回"],
        "°C" => &["°c", "℃", "c", "度"],
        "" => &["個", "本", "回", "枚", "錠", "つ"],
        _ => &[],
    }
}

/// A number, with `unit` (or one of its spellings) allowed after it. Thousands separators and a
/// leading `+` are accepted; the result is finite.
pub fn parse_number(raw: &str, unit: &str) -> Result<f64, Expected> {
    let err = || Expected::Number {
        unit: unit.to_owned(),
    };
    let text = fold(raw);
    let mut body = text.trim();
    let mut aliases: Vec<&str> = unit_aliases(unit).to_vec();
    let own = unit.to_lowercase();
    aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
    for alias in std::iter::once(own.as_str()).chain(aliases.iter().copied()) {
        let Some(cut) = body.len().checked_sub(alias.len()) else {
            continue;
        };
        if !alias.is_empty() && body.is_char_boundary(cut) && body[cut..].to_lowercase() == alias {
            body = body[..cut].trim_end();
            break;
        }
    }
    let digits: String = body.chars().filter(|c| *c != ',' && *c != '_').collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return Err(err());
    }
    let n: f64 = digits.parse().map_err(|_| err())?;
    if n.is_finite() { Ok(n) } else { Err(err()) }
}

/// A Japanese era: its names and the first day of its first year.
struct Era {
    names: &'static [&'static str],
    start: (i32, u32, u32),
    /// The first day of the next era (the last valid day is the day before).
    end: Option<(i32, u32, u32)>,
}

const ERAS: &[Era] = &[
    Era {
        names: &["令和", "R"],
        start: (2019, 5, 1),
        end: None,
    },
    Era {
        names: &["平成", "H"],
        start: (1989, 1, 8),
        end: Some((2019, 5, 1)),
    },
    Era {
        names: &["昭和", "S"],
        start: (1926, 12, 25),
        end: Some((1989, 1, 8)),
    },
];

/// A date: `2024-04-01`, `2024/4/1`, `2024.4.1`, `2024年4月1日`, `令和6年4月1日`, `令和元年5月1日`,
/// `R6.4.1`, `H31/4/30`, in full or half width. An era date must fall inside its era.
pub fn parse_date(raw: &str) -> Result<NaiveDate, Expected> {
    let text = fold(raw).replace(' ', "");
    let (era, rest) = match ERAS.iter().find_map(|e| {
        e.names.iter().find_map(|n| {
            text.strip_prefix(n)
                .or_else(|| {
                    // `r6.4.1`: the one-letter abbreviations in either case.
                    (n.len() == 1)
                        .then(|| text.strip_prefix(&n.to_lowercase()))
                        .flatten()
                })
                .map(|rest| (e, rest))
        })
    }) {
        Some((e, rest)) => (Some(e), rest),
        None => (None, text.as_str()),
    };
    let rest = rest.replacen("元", "1", 1);
    let parts: Vec<&str> = rest
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|s| !s.is_empty())
        .collect();
    let [y, m, d] = parts[..] else {
        return Err(Expected::Date);
    };
    let num = |s: &str| -> Result<u32, Expected> {
        if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(Expected::Date);
        }
        s.parse().map_err(|_| Expected::Date)
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let year = match era {
        Some(e) => {
            if y == 0 || y > 99 {
                return Err(Expected::Date);
            }
            e.start.0 + y as i32 - 1
        }
        None if (1000..=9999).contains(&y) => y as i32,
        None => return Err(Expected::Date),
    };
    let date = NaiveDate::from_ymd_opt(year, m, d).ok_or(Expected::Date)?;
    if let Some(e) = era {
        let ymd = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
        let starts = ymd(e.start).ok_or(Expected::Date)?;
        let ends = e.end.and_then(ymd);
        if date < starts || ends.is_some_and(|end| date >= end) {
            return Err(Expected::Date);
        }
    }
    Ok(date)
}

/// Times of day, separated by commas, spaces or `・`: `8:00、20:00`, `８時`, `20時30分` →
/// `08:00, 20:00`. Free words around the times are not accepted; a field that wants words is text.
pub fn parse_times(raw: &str) -> Result<String, Expected> {
    let text = fold(raw);
    let mut out = Vec::new();
    for part in text.split([',', ' ', '・', ';']).filter(|s| !s.is_empty()) {
        let (h, m) = if let Some((h, m)) = part.split_once(':') {
            (h, m)
        } else if let Some(h) = part.strip_suffix('時') {
            (h, "0")
        } else if let Some((h, m)) = part.split_once('時') {
            (h, m.strip_suffix('分').unwrap_or(m))
        } else {
            return Err(Expected::Times);
        };
        let h: u32 = h.parse().map_err(|_| Expected::Times)?;
        let m: u32 = m.parse().map_err(|_| Expected::Times)?;
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return Err(Expected::Times);
        }
        out.push(format!("{h:02}:{m:02}"));
    }
    if out.is_empty() {
        return Err(Expected::Times);
    }
    Ok(out.join(", "))
}

/// Yes or no, in the words people type: `はい`/`いいえ`, `あり`/`なし`, `有`/`無`, `yes`/`no`,
/// `y`/`n`, `true`/`false`, `○`/`×`.
pub fn parse_yes_no(raw: &str) -> Result<bool, Expected> {
    let t = fold(raw).to_lowercase();
    match t.as_str() {
        "はい" | "あり" | "有" | "有り" | "する" | "yes" | "y" | "true" | "○" | "◯" | "1" => {
            Ok(true)
        }
        "いいえ" | "なし" | "無" | "無し" | "しない" | "no" | "n" | "false" | "×" | "x" | "0" => {
            Ok(false)
        }
        _ => Err(Expected::YesNo),
    }
}

/// A label with its parenthesized parts removed: `経管（胃ろう・経鼻）` → `経管`.
fn without_parentheses(label: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in fold(label).chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// A choice by its stored form or its label in any language (`女`, `female`, `Female`, `経管`):
/// compared after [`fold`], case-insensitively, with the label's parenthesized parts optional.
/// `labels` holds, per language, a function from Fluent id to label.
pub fn parse_choice(
    raw: &str,
    options: &[String],
    fluent_prefix: &str,
    localizers: &[&Localizer],
) -> Result<String, Expected> {
    let err = || Expected::Choice {
        options: options.to_vec(),
        fluent_prefix: fluent_prefix.to_owned(),
    };
    let t = fold(raw).to_lowercase();
    if t.is_empty() {
        return Err(err());
    }
    for option in options {
        if option.to_lowercase() == t || option.replace('_', " ").to_lowercase() == t {
            return Ok(option.clone());
        }
        for l in localizers {
            let id = format!("{fluent_prefix}-{option}");
            if !l.has(&id) {
                continue;
            }
            let label = l.label(&id);
            if fold(&label).to_lowercase() == t || without_parentheses(&label).to_lowercase() == t {
                return Ok(option.clone());
            }
        }
    }
    Err(err())
}

/// A phone number, checked loosely as Japanese: digits with hyphens, spaces or parentheses;
/// `+81` becomes a leading 0; 10 or 11 digits starting with 0, or a short service number (`119`,
/// `#8000`). Returns it with full-width characters folded and the grouping kept (`090-1234-5678`).
pub fn parse_phone(raw: &str) -> Result<String, Expected> {
    let text = fold(raw);
    let mut shown = text.replace(['(', ')'], "-").replace(' ', "-");
    while shown.contains("--") {
        shown = shown.replace("--", "-");
    }
    let shown = shown.trim_matches('-').to_owned();
    let (shown, digits_from) = match shown.strip_prefix("+81") {
        Some(rest) => {
            let rest = rest.trim_start_matches('-');
            let rest = rest.strip_prefix('0').unwrap_or(rest);
            let national = format!("0{rest}");
            (national.clone(), national)
        }
        None => (shown.clone(), shown),
    };
    if !digits_from
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == '#')
    {
        return Err(Expected::Phone);
    }
    let digits: String = digits_from.chars().filter(char::is_ascii_digit).collect();
    let ok = if let Some(service) = digits_from.strip_prefix('#') {
        service.len() == 4 && service.chars().all(|c| c.is_ascii_digit())
    } else if digits_from.contains('#') {
        false
    } else {
        (digits.starts_with('0') && (10..=11).contains(&digits.len()))
            || (digits.len() == 3 && digits.starts_with('1'))
    };
    if ok { Ok(shown) } else { Err(Expected::Phone) }
}

#[cfg(test)]
mod tests;
