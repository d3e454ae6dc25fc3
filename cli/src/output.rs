//! What commands print: a buffered text [`Output`], aligned tables that count East Asian wide
//! characters as two columns, pretty JSON and local times.

use std::fmt::{Display, Write as _};

use serde::Serialize;
use tsunagu_core::model::Timestamp;

use crate::error::{CliError, Result};

/// The text a command prints on stdout, collected so `main` writes it in one place (and can
/// treat a closed pipe as a normal end).
#[derive(Debug, Default)]
pub struct Output {
    text: String,
}

impl Output {
    /// An empty output.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one line.
    pub fn line(&mut self, line: impl Display) {
        // Writing into a String cannot fail.
        let _ = writeln!(self.text, "{line}");
    }

    /// Appends an empty line.
    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    /// Appends `value` as pretty JSON, under the `--json` contract (docs/cli-json.md): every
    /// time is RFC 3339 in UTC — an integer under a key ending in `_at` or `_at_ms` (epoch
    /// milliseconds, as the core keeps them) becomes a string under the key ending in `_at` —
    /// and a profile id is always under `profile_id`.
    pub fn json(&mut self, value: &impl Serialize) -> Result<()> {
        let mut value = serde_json::to_value(value)
            .map_err(|_| CliError::Failure("could not format the output as JSON".into()))?;
        rfc3339_times(&mut value);
        profile_ids(&mut value);
        let text = serde_json::to_string_pretty(&value)
            .map_err(|_| CliError::Failure("could not format the output as JSON".into()))?;
        self.line(text);
        Ok(())
    }

    /// Appends a table: a header row, then rows, columns padded to the widest cell.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(display_width(cell));
                }
            }
        }
        let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&header).chain(rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let last = i + 1 == row.len();
                line.push_str(cell);
                if !last {
                    let pad = widths
                        .get(i)
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(display_width(cell));
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            self.line(line.trim_end());
        }
    }

    /// The collected text.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// Rewrites epoch-millisecond times in `value` as RFC 3339 strings (see [`Output::json`]).
pub fn rfc3339_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let is_time = key.ends_with("_at") || key.ends_with("_at_ms");
                let millis = map.get(&key).and_then(serde_json::Value::as_i64);
                match (is_time, millis.and_then(Timestamp::from_millis)) {
                    (true, Some(t)) => {
                        map.remove(&key);
                        let name = key.strip_suffix("_ms").unwrap_or(&key).to_owned();
                        map.insert(name, rfc3339(t).into());
                    }
                    _ => {
                        if let Some(v) = map.get_mut(&key) {
                            rfc3339_times(v);
                        }
                    }
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(rfc3339_times),
        _ => {}
    }
}

/// Renames every `profile` key holding a string (a profile id, as some core records name it) to
/// `profile_id` (see [`Output::json`]).
pub fn profile_ids(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("profile").is_some_and(serde_json::Value::is_string)
                && !map.contains_key("profile_id")
                && let Some(id) = map.remove("profile")
            {
                map.insert("profile_id".to_owned(), id);
            }
            map.values_mut().for_each(profile_ids);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(profile_ids),
        _ => {}
    }
}

/// A time as RFC 3339 in UTC to the millisecond (`2026-11-03T09:15:00.000Z`).
pub fn rfc3339(t: Timestamp) -> String {
    t.0.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Columns a string takes in a terminal: East Asian wide and fullwidth characters count two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F          // Hangul Jamo
        | 0x2E80..=0x303E        // CJK radicals, punctuation
        | 0x3041..=0x33FF        // Hiragana, Katakana, CJK symbols
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA000..=0xA4CF        // Yi
        | 0xAC00..=0xD7A3        // Hangul syllables
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFE30..=0xFE4F        // CJK compatibility forms
        | 0xFF00..=0xFF60        // Fullwidth forms
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F      // Emoji
        | 0x20000..=0x3FFFD) // CJK extensions B–
}

/// A timestamp in the local time zone, to the minute.
pub fn local_time(at: Option<Timestamp>) -> String {
    match at {
        Some(t) => {
            t.0.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        }
        None => "-".to_owned(),
    }
}

/// Milliseconds since the epoch in the local time zone, to the minute.
pub fn local_time_millis(ms: i64) -> String {
    local_time(Timestamp::from_millis(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("山田 さくら"), 11);
        assert_eq!(display_width("ＡＢ"), 4);
    }

    #[test]
    fn json_times_are_rfc3339() {
        let mut v = serde_json::json!({
            "updated_at": 1_700_000_000_000_i64,
            "links": [{ "joined_at_ms": 0, "expires_at": null, "count_at": "x" }],
        });
        rfc3339_times(&mut v);
        assert_eq!(v["updated_at"], "2023-11-14T22:13:20.000Z");
        assert_eq!(v["links"][0]["joined_at"], "1970-01-01T00:00:00.000Z");
        assert!(v["links"][0].get("joined_at_ms").is_none());
        assert!(v["links"][0]["expires_at"].is_null());
        assert_eq!(v["links"][0]["count_at"], "x");
    }

    #[test]
    fn table_aligns_mixed_width_cells() {
        let mut out = Output::new();
        out.table(
            &["id", "name"],
            &[vec!["p-1".into(), "山田".into()], vec!["p-22".into(), "x".into()]],
        );
        let text = out.into_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, ["id    name", "p-1   山田", "p-22  x"]);
    }
}
