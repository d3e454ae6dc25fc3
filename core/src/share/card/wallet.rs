//! The front of the wallet card: the red essentials that fit one side of an ID-1 card, chosen
//! by a line budget so the card is always one card printed on both sides; the rest is on the A4
//! sheet and in the QR on the back (what it holds is in `docs/audiences.md`, "The wallet card").

use crate::i18n::Localizer;
use crate::views::{Priority, View, ViewItem};

use super::{ItemRow, SectionRow, joined, section_row};

/// The red sections the front holds, in this order: what keeps the child alive, the airway,
/// allergies, never-do, the rescue medicine and the usual SpO2 (the first line of "usual").
/// Whom to call is on the back beside the QR; identity is in the header; common problems,
/// communication and power are on the A4 sheet (and the QR holds the red core).
pub(super) const FRONT_SECTIONS: &[&str] = &[
    "life_support",
    "airway",
    "allergies",
    "never_do",
    "rescue",
    "usual",
];

/// The order the front's lines are given out in: what keeps the child alive (the devices, the
/// airway) and what to give in an emergency (the rescue medicine with its trigger and dose) are
/// on every card; the other red sections take the room that is left. The sections still print
/// in [`FRONT_SECTIONS`]' order.
const BUDGET_ORDER: &[&str] = &[
    "life_support",
    "airway",
    "rescue",
    "allergies",
    "never_do",
    "usual",
];

/// Lines of 5.6 pt text the front holds below the header: two columns of 18 lines on the
/// 49 mm of card inside the margins, less room for the header, the section titles' own wrapping,
/// the section rules and the line that points to the A4 sheet. Kept well below what fits, since
/// widths here are estimates (the card hides what would still run over).
const FRONT_LINES: f64 = 28.0;

/// Full-width characters on one line of a column (37 mm at 5.6 pt is 18.7; one kept spare for
/// the bold labels and for breaking at words).
const LINE_WIDTH: f64 = 17.0;

/// The most lines the first item of a section may take; a longer value is cut with `…`.
const FIRST_ITEM_LINES: f64 = 4.0;

/// The most lines a rescue medicine's trigger may take (beyond its name and dose); a longer one
/// is cut with `…` and is whole on the A4 sheet.
const RESCUE_WHEN_LINES: f64 = 6.0;

/// The front's sections, and whether anything was left out or cut (then the card says where the
/// rest is). Each section first gets its title and first item, then the other items in order
/// while the budget lasts.
pub(super) fn front(localizers: &[&Localizer], views: &[View]) -> (Vec<SectionRow>, bool) {
    let Some(first) = views.first() else {
        return (Vec::new(), false);
    };
    let mut rows: Vec<(SectionRow, Vec<ItemRow>)> = FRONT_SECTIONS
        .iter()
        .filter_map(|id| first.section(id))
        .filter(|s| s.priority == Priority::Red)
        .map(|s| {
            let mut row = section_row(localizers, views, s, false);
            let mut items = std::mem::take(&mut row.items);
            if MODEL_IN_LABEL.contains(&s.id.as_str()) {
                for item in &mut items {
                    item.label = without_model(&item.label);
                }
            }
            if s.id == "rescue" {
                // "Rescue medicine" says what the items are; their trigger and dose say the rest.
                row.title = super::joined_message(localizers, "card-wallet-rescue");
                rescue_items(localizers, views, &mut items);
            }
            (row, items)
        })
        .collect();
    let mut used = 0.0;
    let mut left_out = false;
    // The usual vital signs: only the SpO2 (the first line) is red-essential here.
    for (row, items) in &mut rows {
        if row.id == "usual" && items.len() > 1 {
            items.truncate(1);
            left_out = true;
        }
    }
    // Each section's title and first item, in the budget's order, while they fit; a section
    // that does not fit is left to the A4 sheet and the QR whole.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|i| BUDGET_ORDER.iter().position(|id| *id == rows[*i].0.id));
    for &i in &order {
        let (row, items) = &mut rows[i];
        // Titles are bold and 6 pt: about 15 % wider than the 5.6 pt items.
        let title = (width(&row.title) * 1.15 / LINE_WIDTH).ceil().max(1.0) + 0.3;
        if items.is_empty() {
            used += title;
            continue;
        }
        let mut item = items.remove(0);
        let when = item_detail_lines(&item);
        if item_lines(&item) - when > FIRST_ITEM_LINES {
            // The value (a dose, a size) matters more than a long label: the label gets at most
            // two lines, the value the rest.
            item.label = cut(&item.label, 2.0 * LINE_WIDTH - 1.0);
            let room = FIRST_ITEM_LINES * LINE_WIDTH - width(&item.label) - 1.0;
            item.value = cut(&item.value, room);
            left_out = true;
        }
        if used + title + item_lines(&item) > FRONT_LINES {
            items.clear();
            row.id.clear();
            left_out = true;
            continue;
        }
        used += title + item_lines(&item);
        row.items.push(item);
    }
    // The other items, sections in the budget's order again (a second rescue medicine before
    // a second allergy); a section stops at its first item that does not fit, so what is left
    // out is always the end of a section.
    for i in order {
        let (row, items) = &mut rows[i];
        if row.id.is_empty() {
            continue;
        }
        let mut full = false;
        for item in items.drain(..) {
            let need = item_lines(&item);
            if full || used + need > FRONT_LINES {
                full = true;
                left_out = true;
                continue;
            }
            used += need;
            row.items.push(item);
        }
    }
    rows.retain(|(row, _)| !row.id.is_empty());
    (rows.into_iter().map(|(row, _)| row).collect(), left_out)
}

/// Sections whose item labels end with the device's model in brackets (`人工呼吸器（HV-200）`):
/// on the wallet card the kind says enough, and the model is on the A4 sheet.
const MODEL_IN_LABEL: &[&str] = &["life_support", "airway"];

/// `label` without the bracketed part that ends each of its languages: `人工呼吸器（HV-200） /
/// Ventilator (HV-200)` becomes `人工呼吸器 / Ventilator`.
fn without_model(label: &str) -> String {
    let parts: Vec<String> = label.split(" / ").map(strip_last_bracket).collect();
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out.join(" / ")
}

/// `text` without a bracketed tail (`（…）` or ` (…)`, brackets inside it balanced).
fn strip_last_bracket(text: &str) -> String {
    let t = text.trim_end();
    if !t.ends_with(')') && !t.ends_with('）') {
        return t.to_owned();
    }
    let mut depth = 0usize;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let head = t[..i].trim_end();
                    return if head.is_empty() {
                        t.to_owned()
                    } else {
                        head.to_owned()
                    };
                }
            }
            _ => {}
        }
    }
    t.to_owned()
}

/// Lines an item takes: label and value run on, the stale warning on a line of its own.
fn item_lines(item: &ItemRow) -> f64 {
    let text = lines(&format!("{} {}", item.label, item.value));
    text + item_detail_lines(item) + item.stale.as_deref().map_or(0.0, lines)
}

/// Lines of an item's details (on the front, only a rescue medicine's trigger has one).
fn item_detail_lines(item: &ItemRow) -> f64 {
    item.detail.iter().map(|d| lines(d)).sum()
}

/// The rescue medicines as the front shows them, from `items` (the section's rows, languages
/// joined) and each language's view: the name once (the section's title says they are for an
/// emergency), the dose and route with texts the languages share said once, and when to give it
/// — the trigger a stranger acts on — as the one detail the front carries.
fn rescue_items(localizers: &[&Localizer], views: &[View], items: &mut [ItemRow]) {
    let sections: Vec<_> = views.iter().filter_map(|v| v.section("rescue")).collect();
    for (i, row) in items.iter_mut().enumerate() {
        let per_lang: Vec<(&Localizer, &ViewItem)> = localizers
            .iter()
            .zip(&sections)
            .filter_map(|(l, s)| s.items.get(i).map(|it| (*l, it)))
            .collect();
        row.label = without_model(&row.label);
        row.value = parts_joined(&per_lang);
        if let Some(when) = trigger(&per_lang) {
            row.detail = vec![cut(&when, RESCUE_WHEN_LINES * LINE_WIDTH)];
        }
    }
}

/// The items' values joined part by part (`dose、route`), so that a part every language writes
/// alike (the family's dose) is said once: `7.5 mg、頬の内側 / buccal`. When the languages
/// split into different numbers of parts, the whole values are joined.
fn parts_joined(items: &[(&Localizer, &ViewItem)]) -> String {
    let split: Vec<(String, Vec<&str>)> = items
        .iter()
        .map(|(l, it)| {
            let sep = l.message("view-list-sep", &[]);
            let parts = it.value.split(sep.as_str()).collect();
            (sep, parts)
        })
        .collect();
    let Some((sep, first)) = split.first() else {
        return String::new();
    };
    if split.iter().any(|(_, parts)| parts.len() != first.len()) {
        return joined(items.iter().map(|(_, it)| it.value.as_str()));
    }
    (0..first.len())
        .map(|k| joined(split.iter().map(|(_, parts)| parts[k])))
        .collect::<Vec<_>>()
        .join(sep)
}

/// "使うとき / give when：…" from the items' details (`view-rescue-when`): the words in every
/// language, the family's trigger once when every language has the same text.
fn trigger(items: &[(&Localizer, &ViewItem)]) -> Option<String> {
    let found: Vec<(&Localizer, &str)> = items
        .iter()
        .filter_map(|(l, it)| {
            let prefix = l.message("view-rescue-when", &[("criteria", "")]);
            let criteria = it
                .detail
                .as_deref()?
                .lines()
                .find_map(|d| d.strip_prefix(prefix.as_str()))?;
            Some((*l, criteria))
        })
        .collect();
    let (first, criteria) = *found.first()?;
    if found.iter().all(|(_, c)| *c == criteria) {
        let words: Vec<String> = found
            .iter()
            .map(|(l, _)| l.message("card-rescue-when", &[]))
            .collect();
        let words = joined(words.iter().map(String::as_str));
        Some(first.message("view-part", &[("label", &words), ("value", criteria)]))
    } else {
        let lines: Vec<String> = found
            .iter()
            .map(|(l, c)| l.message("view-rescue-when", &[("criteria", c)]))
            .collect();
        Some(joined(lines.iter().map(String::as_str)))
    }
}

fn lines(text: &str) -> f64 {
    (width(text) / LINE_WIDTH).ceil().max(1.0)
}

/// Width in full-width characters: CJK and full-width forms take one, anything else a little
/// over half (proportional Latin at 5.6 pt).
fn width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> f64 {
    if c >= '\u{2E80}' { 1.0 } else { 0.55 }
}

/// `text` cut to at most `room` wide, with `…` when cut.
fn cut(text: &str, room: f64) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut w = 1.0;
    for c in text.chars() {
        w += char_width(c);
        if w > room {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_as_full_and_latin_as_about_half() {
        assert_eq!(width("人工呼吸器"), 5.0);
        assert!((width("Ventilator") - 5.5).abs() < 1e-9);
        assert_eq!(lines(""), 1.0);
        assert_eq!(lines(&"あ".repeat(18)), 2.0);
        assert_eq!(cut("あいうえお", 3.0), "あい…");
        assert_eq!(cut("あい", 3.0), "あい");
        assert_eq!(
            without_model(
                "気管切開カニューレ（小児用カフなしカニューレ (fictional)） / Tracheostomy tube (小児用カフなしカニューレ (fictional))"
            ),
            "気管切開カニューレ / Tracheostomy tube"
        );
        assert_eq!(without_model("吸引器"), "吸引器");
    }
}
