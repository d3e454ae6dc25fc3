//! Localization: the words users read for code-list values, profile fields, units and the change
//! log, from Fluent message files in Japanese and English embedded in the library.
//!
//! The messages live in `core/locales/<lang>/*.ftl`: `tsunagu.ftl` (code lists, units, the
//! change log), `fields.ftl` (field labels) and one file per later topic (`audiences`, `paper`,
//! `entry`, `cli`, `sync`, `review`, `members`, `help`, `desk`), joined
//! into one resource per language. Ids follow three schemes:
//!
//! - a code-list value is `<prefix>-<value>`, as given by each code list's `fluent_id()`
//!   (`device-kind-ventilator`, `section-care_team`);
//! - a field is `field-<path>`, where `<path>` is the serde path of the field with collection ids
//!   left out and dots turned into dashes (`field-devices-settings-ventilator-peep`); every group
//!   and section has a label too (`field-devices-settings-ventilator`, `field-evacuation`);
//! - everything else has a plain id (`history-set`, `unit-min`).
//!
//! Lookups never fail: a missing message falls back to its id (or, for fields, to the nearest
//! labelled group), so a gap in a translation shows up as an odd word, not a crash. The tests in
//! this module prove that every code-list value and every field of the profile has a message in
//! both languages, and that the two files define the same ids with the same variables.
//!
//! This module does no I/O: the message files are compiled in.

use std::sync::OnceLock;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentError, FluentResource};
use unic_langid::{LanguageIdentifier, langid};

// One language's messages are several files, one per topic, joined at compile time into one
// resource: a new topic gets its own file so parallel work on different topics never edits the
// same lines. Ids are unique across the files of a language (the tests check it).
const JA_FTL: &str = concat!(
    include_str!("../../locales/ja/tsunagu.ftl"),
    "\n",
    include_str!("../../locales/ja/fields.ftl"),
    "\n",
    include_str!("../../locales/ja/audiences.ftl"),
    "\n",
    include_str!("../../locales/ja/paper.ftl"),
    "\n",
    include_str!("../../locales/ja/entry.ftl"),
    "\n",
    include_str!("../../locales/ja/cli.ftl"),
    "\n",
    include_str!("../../locales/ja/sync.ftl"),
    "\n",
    include_str!("../../locales/ja/review.ftl"),
    "\n",
    include_str!("../../locales/ja/members.ftl"),
    "\n",
    include_str!("../../locales/ja/help.ftl"),
    "\n",
    include_str!("../../locales/ja/desk.ftl"),
);
const EN_FTL: &str = concat!(
    include_str!("../../locales/en/tsunagu.ftl"),
    "\n",
    include_str!("../../locales/en/fields.ftl"),
    "\n",
    include_str!("../../locales/en/audiences.ftl"),
    "\n",
    include_str!("../../locales/en/paper.ftl"),
    "\n",
    include_str!("../../locales/en/entry.ftl"),
    "\n",
    include_str!("../../locales/en/cli.ftl"),
    "\n",
    include_str!("../../locales/en/sync.ftl"),
    "\n",
    include_str!("../../locales/en/review.ftl"),
    "\n",
    include_str!("../../locales/en/members.ftl"),
    "\n",
    include_str!("../../locales/en/help.ftl"),
    "\n",
    include_str!("../../locales/en/desk.ftl"),
);

/// A language the messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese (日本語).
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Every language, Japanese first.
    pub const ALL: &'static [Lang] = &[Lang::Ja, Lang::En];

    /// The language of a BCP 47 tag (`"ja"`, `"en"`, and also `"ja-JP"`, `"en_US"`, any case):
    /// only the primary language subtag counts. `None` for a language without messages.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ja") {
            Some(Lang::Ja)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language tag: `"ja"` or `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Ja => langid!("ja"),
            Lang::En => langid!("en"),
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Ja => JA_FTL,
            Lang::En => EN_FTL,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The messages of one language, ready to format. Cheap to share: it is `Send + Sync`, so one
/// instance per language can serve every thread (the bindings hold it in an `Arc`).
pub struct Localizer {
    lang: Lang,
    // The concurrent bundle (a thread-safe memoizer) rather than `fluent::FluentBundle`, so the
    // localizer can cross threads behind the FFI.
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Localizer {
    /// The messages of `lang`, from the files compiled into the library. Output carries no
    /// Unicode isolation marks around variables (they show as boxes in some fonts and break
    /// plain-text exports).
    pub fn new(lang: Lang) -> Self {
        // The embedded files parse cleanly and define each id once: the tests below check both.
        // Were that ever broken, the entries that did parse are kept and the rest fall back to
        // their ids, so a bad translation file degrades the text but never panics.
        let resource = match FluentResource::try_new(lang.source().to_owned()) {
            Ok(resource) => resource,
            Err((resource, _errors)) => resource,
        };
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        bundle.set_use_isolating(false);
        // On duplicate ids the first definition stays; see the comment above.
        let _duplicates = bundle.add_resource(resource);
        Self { lang, bundle }
    }

    /// The messages of `lang`, parsed once per process and shared: parsing a message file costs
    /// about as much as building a view, so code on a hot path (the card) takes these.
    pub fn shared(lang: Lang) -> &'static Localizer {
        static JA: OnceLock<Localizer> = OnceLock::new();
        static EN: OnceLock<Localizer> = OnceLock::new();
        let cell = match lang {
            Lang::Ja => &JA,
            Lang::En => &EN,
        };
        cell.get_or_init(|| Localizer::new(lang))
    }

    /// The language of these messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// True when a message `id` exists (with a value) in this language.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.get_message(id).and_then(|m| m.value()).is_some()
    }

    /// The message `id` formatted with `args` (`("field", "体重")` fills `{ $field }`). A missing
    /// message gives `id` itself; a missing argument shows as `{$name}` in the text.
    pub fn message(&self, id: &str, args: &[(&str, &str)]) -> String {
        match self.format(id, args) {
            Some((text, _errors)) => text,
            None => id.to_owned(),
        }
    }

    /// The message `id` with `args` as text and `counts` as numbers, so a Fluent selector can
    /// choose the plural form (`{ $count -> [one] … *[other] … }`); a count is formatted by
    /// Fluent (`1`, `2.5`).
    pub fn message_counted(&self, id: &str, args: &[(&str, &str)], counts: &[(&str, f64)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len() + counts.len());
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        for (name, value) in counts {
            fluent_args.set(*name, *value);
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The label of a code-list value, by its Fluent id (`DeviceKind::Ventilator.fluent_id()`).
    /// A missing message gives the id itself.
    pub fn label(&self, fluent_id: &str) -> String {
        self.message(fluent_id, &[])
    }

    /// A unit symbol as printed after a number in this language (`"min"` is `"分"` in
    /// Japanese). Takes a quantity's `UNIT` (`Minutes::UNIT`); an unknown symbol comes back as is.
    pub fn unit(&self, symbol: &str) -> String {
        match unit_message_id(symbol) {
            Some(id) if self.has(id) => self.message(id, &[]),
            _ => symbol.to_owned(),
        }
    }

    /// The human label of a field, given its concrete dotted path with collection ids in it
    /// (`devices.dev-3f9k.settings.ventilator.peep`, `evacuation.helpers.help-abc.phone`).
    ///
    /// How it reads: the field's own label, preceded by the label of the group that holds it,
    /// joined by `label-in-group` ("人工呼吸器の設定 › PEEP（EPAP）", "避難支援等実施者 › 電話番号").
    /// Only the nearest group is shown, never the whole chain, so labels stay short enough for a
    /// change-log line; a top-level field or section gives its label alone. When the field's
    /// label already starts with the group's ("体重（kg）" in "体重"), the group is left out.
    ///
    /// A path without a label of its own (a field newer than this build's messages) falls back
    /// to the longest labelled prefix; a path with no labelled prefix comes back unchanged.
    pub fn field_label(&self, path: &str) -> String {
        let key = field_key(path);
        let segments: Vec<&str> = key.split('.').filter(|s| !s.is_empty()).collect();
        for len in (1..=segments.len()).rev() {
            let labelled = &segments[..len];
            if self.has(&field_message_id(labelled)) {
                return self.nested_label(labelled);
            }
        }
        path.to_owned()
    }

    /// Label of `segments` (which has a message) with its parent group's label in front.
    fn nested_label(&self, segments: &[&str]) -> String {
        let field = self.message(&field_message_id(segments), &[]);
        let parent = &segments[..segments.len().saturating_sub(1)];
        if parent.is_empty() {
            return field;
        }
        let parent_id = field_message_id(parent);
        if !self.has(&parent_id) {
            return field;
        }
        let group = self.message(&parent_id, &[]);
        if field.starts_with(&group) {
            return field;
        }
        self.message("label-in-group", &[("group", &group), ("field", &field)])
    }

    /// Formats `id`; `None` when there is no such message or it has no value.
    fn format(&self, id: &str, args: &[(&str, &str)]) -> Option<(String, Vec<FluentError>)> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some((text.into_owned(), errors))
    }
}

/// The field path with collection ids and other map keys left out (see [`crate::model::is_keyed_map`]):
/// `devices.dev-3f9k.settings.ventilator.peep` becomes `devices.settings.ventilator.peep`,
/// `verifications.devices.by` becomes `verifications.by`. Empty segments are dropped.
pub fn field_key(path: &str) -> String {
    let mut key: Vec<&str> = Vec::new();
    let mut next_is_key = false;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        if next_is_key {
            next_is_key = false;
            continue;
        }
        key.push(segment);
        next_is_key = crate::model::is_keyed_map(&key.join("."));
    }
    key.join(".")
}

/// `field-` followed by the segments joined with `-`.
fn field_message_id(segments: &[&str]) -> String {
    format!("field-{}", segments.join("-"))
}

/// The message id of a unit symbol, as the quantity types in `model::units` spell them.
fn unit_message_id(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "mL" => "unit-ml",
        "mL/h" => "unit-ml-per-h",
        "Fr" => "unit-fr",
        "mm" => "unit-mm",
        "cm" => "unit-cm",
        "kg" => "unit-kg",
        "kPa" => "unit-kpa",
        "cmH2O" => "unit-cmh2o",
        "MPa" => "unit-mpa",
        "L" => "unit-l",
        "L/min" => "unit-l-per-min",
        "W" => "unit-w",
        "Wh" => "unit-wh",
        "min" => "unit-min",
        "h" => "unit-h",
        "s" => "unit-s",
        "d" => "unit-d",
        "y" => "unit-y",
        "%" => "unit-percent",
        "/min" => "unit-per-min",
        "°C" => "unit-celsius",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
