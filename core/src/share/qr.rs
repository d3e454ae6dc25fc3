//! The shelter QR: a plain-text summary of the profile that any phone camera shows with no app
//! and no network, dated and marked as self-reported by the family, and its QR code as SVG and
//! PNG.
//!
//! [`summary_text`] reads the same sources as the shelter view — the child, the powered devices
//! with their runway from [`crate::readiness::power_runway`], the avoid list, the usual SpO2, the
//! allergies, the emergency contacts and the hospital's 24-hour line — and writes one line per
//! item, in one language or in Japanese and English together. The text is capped at
//! [`MAX_SUMMARY_BYTES`] bytes of UTF-8: when it is longer, whole lines of the lowest priority are
//! left out (the last of them first), never part of a line, and the header line always stays.
//! Free text from the profile is cut to [`MAX_VALUE_CHARS`] characters (with `…`) so one long
//! field cannot crowd out the rest, and control characters become spaces: the only control
//! character in the summary is the `\n` between lines.
//!
//! [`qr_svg`] and [`qr_png`] encode the text in byte mode with a UTF-8 ECI designator at
//! error-correction level M ([`super::qr_matrix`]), at most version 18 (see
//! [`MAX_SUMMARY_BYTES`]).
//! Nothing here reads a clock: `today` dates the summary and gives the age.

use super::qr_matrix::encode;
use chrono::{Datelike, NaiveDate};

use crate::document::ProfileDoc;
use crate::i18n::Localizer;
use crate::model::{AllergyStatus, CareRole, Profile};
use crate::readiness::checklist::format_number;
use crate::readiness::power_runway;
use crate::readiness::roster::runway_hours;
use crate::views::MarkKind;

/// The most bytes (UTF-8) the summary takes: what a version-18 code (89 × 89 modules) holds at
/// level M after the UTF-8 ECI header. A phone camera needs modules of at least 0.5 mm on paper;
/// 89 modules and the 4-module quiet zone on each side make 97, which is 0.5 mm on the 49 mm the
/// wallet card has and 0.6 mm on the A4 card's 58 mm. A longer summary (version 25, as before)
/// had 0.38 mm modules and needed the phone within 15–20 cm.
pub const MAX_SUMMARY_BYTES: usize = 559;

/// Free text from the profile is cut to this many characters in the summary.
pub const MAX_VALUE_CHARS: usize = 48;

/// How many emergency contacts the summary lists, in call order.
pub const MAX_CONTACTS: usize = 3;

/// Pixels per QR module in [`qr_png`] (and the display size of [`qr_svg`]).
pub const PNG_MODULE_PIXELS: u32 = 6;

/// Blank modules around the code (the quiet zone the standard asks for).
const QUIET_ZONE: usize = 4;

/// Why a QR code could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in the largest QR code at level M.
    #[error("the text is too long for a QR code ({0} bytes)")]
    TooLong(usize),
    /// The PNG encoder failed.
    #[error("could not encode the PNG: {0}")]
    Png(String),
}

/// One line of the summary and how much it matters (0 is kept always; higher goes first).
struct Line {
    priority: u8,
    text: String,
}

/// The words of the summary in one language, or in several joined by ` / `.
struct Words<'a> {
    l10n: &'a [&'a Localizer],
}

impl Words<'_> {
    /// The message `id` in every language, duplicates left out, joined by ` / `.
    fn t(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut out: Vec<String> = Vec::new();
        for l in self.l10n {
            let text = l.message(id, args);
            if !out.contains(&text) {
                out.push(text);
            }
        }
        out.join(" / ")
    }

    /// A code-list label in every language.
    fn label(&self, fluent_id: &str) -> String {
        self.t(fluent_id, &[])
    }

    /// The list separator: the first language's, or `", "` when there are several.
    fn sep(&self) -> String {
        match self.l10n {
            [one] => one.message("view-list-sep", &[]),
            _ => ", ".to_owned(),
        }
    }

    fn line(&self, label_id: &str, value: impl AsRef<str>) -> String {
        format!("{}: {}", self.t(label_id, &[]), value.as_ref())
    }
}

/// Free text made safe and short: control characters and runs of whitespace become one space,
/// and the text is cut to [`MAX_VALUE_CHARS`] characters with `…`.
fn clip(s: &str) -> String {
    let mut clean = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_control() || c.is_whitespace() || is_invisible(c) {
            if !space && !clean.is_empty() {
                clean.push(' ');
            }
            space = true;
        } else {
            clean.push(c);
            space = false;
        }
    }
    let clean = clean.trim_end();
    if clean.chars().count() <= MAX_VALUE_CHARS {
        return clean.to_owned();
    }
    let mut cut: String = clean.chars().take(MAX_VALUE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Format and bidi controls that QR readers show as nothing or as boxes.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn age_years(born: NaiveDate, today: NaiveDate) -> Option<i32> {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    (years >= 0).then_some(years)
}

/// The plain-text summary of `profile` for the shelter QR, in the languages of `l10n` (one
/// localizer for one language; Japanese and English together for `ja+en`), dated `today`. At
/// most [`MAX_SUMMARY_BYTES`] bytes; see the module documentation for what is left out first.
pub fn summary_text(profile: &Profile, l10n: &[&Localizer], today: NaiveDate) -> String {
    fit(summary_lines(profile, l10n, today), MAX_SUMMARY_BYTES)
}

/// How many uncertain fields the QR's "check" line names (the rest are on the card).
pub const MAX_CHECK_MARKS: usize = 3;

/// [`summary_text`] of the document's profile, with a "!要確認" line after the name when
/// something in it is uncertain ([`crate::views::marks`]: values that differ, with the values;
/// a value saved over a warning and not verified since). Kept before every line but the header
/// when the text must be cut.
pub fn summary_text_of(
    doc: &mut ProfileDoc,
    l10n: &[&Localizer],
    today: NaiveDate,
) -> crate::error::Result<String> {
    let mut lines = summary_lines(doc.profile(), l10n, today);
    let mut per_lang: Vec<String> = Vec::new();
    for l in l10n {
        let marks = crate::views::marks::marks(doc, l)?;
        if marks.is_empty() {
            break;
        }
        let named: Vec<String> = marks
            .iter()
            .take(MAX_CHECK_MARKS)
            .map(|m| match m.kind {
                MarkKind::ValuesDiffer => {
                    let values: Vec<String> = m.values.iter().map(|v| clip(&v.value)).collect();
                    l.message(
                        "qr-check-values-differ",
                        &[("field", &clip(&m.field)), ("values", &values.join("/"))],
                    )
                }
                MarkKind::Unverified => l.message("qr-check-unverified", &[("field", &clip(&m.field))]),
            })
            .collect();
        let text = named.join(&l.message("view-list-sep", &[]));
        if !per_lang.contains(&text) {
            per_lang.push(text);
        }
    }
    if !per_lang.is_empty() {
        let w = Words { l10n };
        // Right after the name: whoever scans it reads the doubt before the settings.
        let at = lines
            .iter()
            .position(|l| l.priority == 1)
            .map_or(lines.len(), |i| i + 1);
        lines.insert(
            at,
            Line {
                priority: 1,
                text: format!("{}: {}", w.t("qr-check", &[]), per_lang.join(" / ")),
            },
        );
    }
    Ok(fit(lines, MAX_SUMMARY_BYTES))
}

/// Every line of the summary with its priority, before the cap.
fn summary_lines(profile: &Profile, l10n: &[&Localizer], today: NaiveDate) -> Vec<Line> {
    let w = Words { l10n };
    let mut lines: Vec<Line> = Vec::new();
    let mut push = |priority: u8, text: String| lines.push(Line { priority, text });
    let date = today.format("%Y-%m-%d").to_string();

    // Header: title, self-reported, date.
    let header = match l10n {
        [] => date.clone(),
        [one] => format!(
            "{}{} {date}",
            one.message("qr-title", &[]),
            one.message("qr-self-reported", &[])
        ),
        [first, rest @ ..] => {
            let mut h = format!(
                "{}{} {date}",
                first.message("qr-title", &[]),
                first.message("qr-self-reported", &[])
            );
            for l in rest {
                h.push_str(" / ");
                h.push_str(&l.message("qr-self-reported", &[]));
            }
            h
        }
    };
    push(0, header);

    // Who.
    let c = &profile.child;
    let name = match (&c.name, &c.name_kana) {
        (Some(n), Some(k)) => format!("{} ({})", clip(n), clip(k)),
        (Some(n), None) => clip(n),
        (None, Some(k)) => clip(k),
        (None, None) => w.t("view-not-recorded", &[]),
    };
    push(1, w.line("qr-name", name));
    if let Some(born) = c.date_of_birth {
        let mut value = born.to_string();
        if let Some(years) = age_years(born.0, today) {
            value.push_str(&format!(" ({})", w.t("qr-age", &[("years", &years.to_string())])));
        }
        push(3, w.line("qr-born", value));
    }
    if let Some(kg) = c.weight.kg {
        let mut value = format!("{} kg", format_number(kg.0));
        if let Some(on) = c.weight.measured_on {
            value.push_str(&format!(" ({on})"));
        }
        push(3, w.line("qr-weight", value));
    }

    // What keeps the child alive: powered devices, life-critical first, with their runway.
    let power = power_runway(profile);
    let mut devices: Vec<_> = power.devices.iter().collect();
    devices.sort_by_key(|d| !d.life_critical);
    for d in devices {
        let runway = w.t("qr-runway", &[("hours", &runway_hours(d.total_minutes))]);
        let value = format!("{} {}", w.label(&d.kind.fluent_id()), runway);
        if d.life_critical {
            push(1, w.line("qr-life-support", value));
        } else {
            push(4, w.line("qr-needs-power", value));
        }
    }

    // Never do: what only, in order; the first matters most.
    for (i, (_, a)) in profile.avoid.ordered().into_iter().enumerate() {
        push(if i == 0 { 2 } else { 4 }, w.line("qr-never", clip(&a.what)));
    }

    // Usual SpO2.
    let b = &profile.baseline;
    let spo2 = match (b.spo2_low, b.spo2_high) {
        (Some(lo), Some(hi)) => Some(format!("{}–{}%", format_number(lo.0), format_number(hi.0))),
        (Some(lo), None) => Some(format!("≥{}%", format_number(lo.0))),
        (None, Some(hi)) => Some(format!("≤{}%", format_number(hi.0))),
        (None, None) => None,
    };
    if let Some(spo2) = spo2 {
        push(3, w.line("qr-spo2", spo2));
    }

    // Allergies: none known, not recorded, or the list.
    let a = &profile.allergies;
    let allergies = match a.status {
        None => w.t("view-allergies-not-recorded", &[]),
        Some(AllergyStatus::NoneKnown) if a.items.is_empty() => w.t("view-allergies-none-known", &[]),
        Some(_) => {
            let agents: Vec<String> = a
                .items
                .ordered()
                .into_iter()
                .map(|(_, al)| clip(&al.agent))
                .collect();
            if agents.is_empty() {
                w.t("view-allergies-not-recorded", &[])
            } else {
                agents.join(&w.sep())
            }
        }
    };
    // A shelter is full of latex gloves: allergies outrank the date of birth and the weight.
    push(2, w.line("qr-allergies", allergies));

    // Emergency contacts with a phone, in call order.
    let contacts = profile
        .contacts
        .ordered()
        .into_iter()
        .filter_map(|(_, c)| c.phone.as_ref().map(|ph| (c, ph)))
        .take(MAX_CONTACTS);
    for (i, (c, phone)) in contacts.enumerate() {
        let who = match &c.relation {
            Some(rel) => format!("{} ({})", clip(&c.name), clip(rel)),
            None => clip(&c.name),
        };
        // The first number to call stays with the name and the life support.
        let priority = match i {
            0 => 1,
            1 => 4,
            _ => 5,
        };
        push(priority, w.line("qr-contact", format!("{who} {}", clip(phone))));
    }

    // The hospital's 24-hour line (else the attending doctor's).
    let team = || profile.care_team.ordered().into_iter().map(|(_, m)| m);
    let hospital = team()
        .find(|m| m.role == CareRole::Hospital && m.phone_24h.is_some())
        .or_else(|| team().find(|m| m.role == CareRole::AttendingDoctor && m.phone_24h.is_some()));
    if let Some(m) = hospital
        && let Some(phone) = &m.phone_24h
    {
        let who = m
            .organization
            .as_ref()
            .or(m.name.as_ref())
            .map(|s| format!("{} ", clip(s)))
            .unwrap_or_default();
        push(2, w.line("qr-hospital-24h", format!("{who}{}", clip(phone))));
    }

    lines
}

/// Joins `lines` with `\n`, leaving out whole lines of the highest priority number (the last of
/// them first) until the text fits in `cap` bytes. Priority 0 is never left out.
fn fit(mut lines: Vec<Line>, cap: usize) -> String {
    let size = |lines: &[Line]| -> usize {
        lines.iter().map(|l| l.text.len()).sum::<usize>() + lines.len().saturating_sub(1)
    };
    while size(&lines) > cap {
        let drop = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.priority > 0)
            .max_by_key(|(i, l)| (l.priority, *i))
            .map(|(i, _)| i);
        match drop {
            Some(i) => {
                lines.remove(i);
            }
            None => break,
        }
    }
    lines.into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n")
}

/// The QR code of `text` as a standalone SVG document: black modules on white, with the quiet
/// zone, one module per user unit, each row's dark runs drawn as one `<path>`.
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
        qr_svg_element(text)?
    ))
}

/// The `<svg>` element of [`qr_svg`] alone, for embedding in an HTML page. It holds only
/// geometry (a rectangle and one path), never any of `text`.
pub fn qr_svg_element(text: &str) -> Result<String, QrError> {
    let code = encode(text)?;
    let width = code.width;
    let side = width + 2 * QUIET_ZONE;
    let mut d = String::new();
    for (y, row) in code.dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|dark| **dark).count();
            // `M{x} {y}h{run}v1h-{run}z`, numbers written by hand: `write!` costs ~1,000
            // instructions a run, and a 1 KB summary has ~3,500 runs.
            d.push('M');
            push_number(&mut d, x + QUIET_ZONE);
            d.push(' ');
            push_number(&mut d, y + QUIET_ZONE);
            d.push('h');
            push_number(&mut d, run);
            d.push_str("v1h-");
            push_number(&mut d, run);
            d.push('z');
            x += run;
        }
    }
    let px = side * PNG_MODULE_PIXELS as usize;
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{px}\" height=\"{px}\" \
         viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{d}\"/></svg>"
    ))
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|d| char::from(*d)));
}

/// The QR code of `text` as a PNG: 1 bit per pixel (black on white), [`PNG_MODULE_PIXELS`]
/// pixels per module, with the quiet zone. One bit per pixel keeps the image small and quick to
/// compress (the 8-bit greyscale it replaces spent ~16 million instructions in deflate).
pub fn qr_png(text: &str) -> Result<Vec<u8>, QrError> {
    let code = encode(text)?;
    let width = code.width;
    let scale = PNG_MODULE_PIXELS as usize;
    let side = (width + 2 * QUIET_ZONE) * scale;
    let stride = side.div_ceil(8);
    // Bit set = white (greyscale 1-bit: 1 is white). Start all white; draw each module row's
    // dark modules once into its first pixel row, then copy that row down `scale` times.
    let mut pixels = vec![0xFFu8; stride * side];
    for y in 0..width {
        let top = (y + QUIET_ZONE) * scale * stride;
        for x in (0..width).filter(|x| code.is_dark(*x, y)) {
            let px = (x + QUIET_ZONE) * scale;
            for col in px..px + scale {
                pixels[top + col / 8] &= !(0x80 >> (col % 8));
            }
        }
        for k in 1..scale {
            pixels.copy_within(top..top + stride, top + k * stride);
        }
    }
    let side = u32::try_from(side).map_err(|e| QrError::Png(e.to_string()))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        // Two-colour images compress well even at the fast setting (a few KB either way).
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(|e| QrError::Png(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| QrError::Png(e.to_string()))?;
        writer.finish().map_err(|e| QrError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Reads a QR PNG back as a camera would (for tests here and in other modules): greyscale
/// pixels into a pure-Rust QR reader.
#[cfg(test)]
pub(crate) fn decode_qr_png(png_bytes: &[u8]) -> String {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    // 1 bit per pixel, expanded to 8-bit greyscale for the reader.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("png header");
    assert_eq!(reader.info().bit_depth, png::BitDepth::One);
    assert_eq!(
        reader.output_color_type(),
        (png::ColorType::Grayscale, png::BitDepth::Eight)
    );
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the PNG");
    let (_meta, text) = grids[0].decode().expect("decode");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{Allergy, Avoidance, Contact};
    use crate::sample::demo_profile;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    fn modes() -> Vec<(&'static str, Vec<Localizer>)> {
        vec![
            ("ja", vec![Localizer::new(Lang::Ja)]),
            ("en", vec![Localizer::new(Lang::En)]),
            ("ja+en", vec![Localizer::new(Lang::Ja), Localizer::new(Lang::En)]),
        ]
    }

    fn summary(profile: &Profile, l: &[Localizer]) -> String {
        let refs: Vec<&Localizer> = l.iter().collect();
        summary_text(profile, &refs, today())
    }

    fn assert_clean(text: &str) {
        assert!(text.len() <= MAX_SUMMARY_BYTES, "{} bytes:\n{text}", text.len());
        assert!(
            text.chars().all(|c| c == '\n' || !c.is_control()),
            "control character in {text:?}"
        );
        assert!(!text.contains("\n\n") && !text.ends_with('\n'));
    }

    #[test]
    fn share_demo_summary_fits_and_has_the_key_items_in_each_language() {
        let p = demo_profile();
        for (mode, l) in modes() {
            let text = summary(&p, &l);
            println!("--- {mode}: {} bytes\n{text}", text.len());
            assert_clean(&text);
            let first = text.lines().next().unwrap_or_default();
            assert!(first.contains("2026-11-24"), "{mode}: {first}");
            // What a shelter acts on stays in every language; the date of birth, the weight, the
            // usual SpO2 and the second contact give way first (the cards show them all).
            for key in [
                "山田 さくら",
                "やまだ さくら",
                "スキサメトニウム",
                "090-0000-0001",
            ] {
                assert!(text.contains(key), "{mode}: no {key:?} in\n{text}");
            }
            let runway = runway_hours(
                power_runway(&p)
                    .devices
                    .iter()
                    .find(|d| d.device_id == "dev-vent")
                    .map(|d| d.total_minutes)
                    .unwrap_or_default(),
            );
            assert!(text.contains(&runway), "{mode}: no runway {runway} in\n{text}");
            if mode != "ja+en" {
                // In one language the 24-hour line and the allergies fit too; side by side every
                // label is said twice and they give way (the card beside the QR has them). The
                // demo's 24-hour line is the attending doctor's (no separate hospital entry).
                assert!(text.contains("096-000-0199"), "{mode}: no 24h phone in\n{text}");
                assert!(text.contains("アレルギーなし") || text.contains("None known"));
            }
            if mode != "en" {
                for key in ["家族", "人工呼吸器"] {
                    assert!(text.contains(key), "{mode}: no {key:?} in\n{text}");
                }
            }
            if mode != "ja" {
                for key in ["Self-reported by family", "Ventilator"] {
                    assert!(text.contains(key), "{mode}: no {key:?} in\n{text}");
                }
            }
        }
    }

    #[test]
    fn share_allergies_distinguish_not_recorded_from_none_known_and_list() {
        let en = [Localizer::new(Lang::En)];
        let mut p = demo_profile();
        p.allergies.status = None;
        assert!(summary(&p, &en).contains("Not recorded"));
        p.allergies.status = Some(AllergyStatus::Recorded);
        for (id, agent) in [("alg-1", "Latex"), ("alg-2", "Penicillin")] {
            p.allergies.items.insert(
                id.into(),
                Allergy {
                    order: if agent == "Latex" { 1.0 } else { 2.0 },
                    agent: agent.into(),
                    reaction: None,
                    severity: None,
                    certainty: None,
                },
            );
        }
        assert!(summary(&p, &en).contains("Latex, Penicillin"));
    }

    #[test]
    fn share_truncation_drops_whole_low_priority_lines_within_the_cap() {
        let mut p = demo_profile();
        let long = "長い説明\n\t".repeat(200);
        p.child.name = Some(format!("山田 さくら{long}"));
        for i in 0..30 {
            p.avoid.insert(
                format!("avoid-long-{i}").as_str().into(),
                Avoidance {
                    order: 10.0 + f64::from(i),
                    what: format!("{i}: {long}"),
                    why: Some(long.clone()),
                    kind: None,
                },
            );
            p.contacts.insert(
                format!("ct-long-{i}").as_str().into(),
                Contact {
                    order: 10.0 + f64::from(i),
                    name: long.clone(),
                    relation: Some(long.clone()),
                    phone: Some(format!("090-9999-{i:04}")),
                    phone_alt: None,
                    may_decide: None,
                    notes: Some(long.clone()),
                },
            );
        }
        let full = modes().remove(2).1;
        let text = summary(&p, &full);
        assert_clean(&text);
        // The most important lines stay whole; the low-priority extra avoid items go.
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains("2026-11-24"));
        assert!(lines.iter().any(|l| l.starts_with("氏名") && l.contains('…')));
        assert!(text.contains("人工呼吸器"));
        assert!(text.contains("090-0000-0001"));
        assert!(!text.contains("29: "), "{text}");
        for l in &lines {
            assert!(l.chars().count() < 200, "line too long: {l}");
        }
        // The cap is met by whole lines: every line of the result is a line of the full text.
        let refs: Vec<&Localizer> = full.iter().collect();
        let all = summary_lines(&p, &refs, today());
        assert!(all.iter().map(|l| l.text.len() + 1).sum::<usize>() > 2 * MAX_SUMMARY_BYTES);
        for l in &lines {
            assert!(all.iter().any(|u| u.text == *l));
        }
    }

    #[test]
    fn share_fit_keeps_order_and_drops_last_of_lowest_priority_first() {
        let lines = |v: &[(u8, &str)]| {
            v.iter()
                .map(|(p, t)| Line {
                    priority: *p,
                    text: (*t).to_owned(),
                })
                .collect::<Vec<_>>()
        };
        let l = lines(&[(0, "aaaa"), (3, "bbbb"), (1, "cccc"), (3, "dddd")]);
        assert_eq!(fit(l, 19), "aaaa\nbbbb\ncccc\ndddd");
        let l = lines(&[(0, "aaaa"), (3, "bbbb"), (1, "cccc"), (3, "dddd")]);
        assert_eq!(fit(l, 18), "aaaa\nbbbb\ncccc");
        let l = lines(&[(0, "aaaa"), (3, "bbbb"), (1, "cccc"), (3, "dddd")]);
        assert_eq!(fit(l, 9), "aaaa\ncccc");
        let l = lines(&[(0, "aaaa"), (3, "bbbb")]);
        assert_eq!(fit(l, 2), "aaaa");
    }

    #[test]
    fn share_png_decodes_back_to_exactly_the_summary() {
        let p = demo_profile();
        for (mode, l) in modes() {
            let text = summary(&p, &l);
            let png_bytes = qr_png(&text).expect("png");
            assert!(png_bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
            println!(
                "{mode}: {} bytes of text, PNG {} bytes",
                text.len(),
                png_bytes.len()
            );
            assert_eq!(decode_qr_png(&png_bytes), text, "{mode}");
        }
    }

    #[test]
    fn share_qr_is_the_smallest_version_and_too_long_is_an_error() {
        let code = encode("テスト").expect("qr");
        assert_eq!(code.version, 1);
        assert!(matches!(encode(&"x".repeat(3000)), Err(QrError::TooLong(3000))));
    }

    #[test]
    fn share_every_summary_fits_a_version_18_code() {
        use super::super::qr_matrix::version_for;
        assert_eq!(version_for(MAX_SUMMARY_BYTES), Some(18));
        assert_eq!(version_for(MAX_SUMMARY_BYTES + 1), Some(19));
        let p = demo_profile();
        for (mode, l) in modes() {
            let code = encode(&summary(&p, &l)).expect("qr");
            assert!(code.version <= 18, "{mode}: version {}", code.version);
        }
        // In one language the whole demo summary but its second contact fits.
        let ja = summary(&p, &modes().remove(0).1);
        for key in ["2020-05-14", "15.2 kg", "94–99%", "6歳"] {
            assert!(ja.contains(key), "no {key:?} in\n{ja}");
        }
    }

    #[test]
    fn share_svg_is_well_formed() {
        let l = modes().remove(2).1;
        let text = summary(&demo_profile(), &l);
        let svg = qr_svg(&text).expect("svg");
        println!("SVG {} bytes", svg.len());
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("<rect") || svg.contains("<path"));
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    }
}
