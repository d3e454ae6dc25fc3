//! Profiles in words: `tsunagu profile show` prints every filled field grouped by section, in
//! the order the model declares them, with labels and code-list values from the core's
//! localizer and units from the JSON Schema. Nothing here knows individual fields: a field added
//! to the model shows up without a change to the CLI.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use tsunagu_core::i18n::{Lang, Localizer, field_key};
use tsunagu_core::model::{Profile, Section};

use crate::error::{CliError, Result};
use crate::output::Output;
use crate::schema::{FieldType, FieldTypes};

/// Words the CLI prints that are not labels of the profile.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// "yes".
    pub yes: &'static str,
    /// "no".
    pub no: &'static str,
    /// Heads the list of sections with nothing filled in.
    pub empty: &'static str,
    /// Joins several items in one line.
    pub list_sep: &'static str,
    /// Opening and closing parenthesis (fullwidth in Japanese, with a space before in English).
    pub parens: (&'static str, &'static str),
}

impl Words {
    /// `text` in parentheses: `（text）` or ` (text)`.
    pub fn paren(&self, text: &str) -> String {
        format!("{}{text}{}", self.parens.0, self.parens.1)
    }

    /// The words of `lang`.
    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::Ja => Words {
                yes: "はい",
                no: "いいえ",
                empty: "未記入",
                list_sep: "、",
                parens: ("（", "）"),
            },
            Lang::En => Words {
                yes: "yes",
                no: "no",
                empty: "Nothing recorded",
                list_sep: "; ",
                parens: (" (", ")"),
            },
        }
    }
}

/// Labels, value formatting and field types together: what rendering needs.
pub struct Labels {
    /// The localizer of the output language.
    pub loc: Localizer,
    /// The CLI's own words in that language.
    pub words: Words,
    types: FieldTypes,
}

impl Labels {
    /// Labels in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            loc: Localizer::new(lang),
            words: Words::of(lang),
            types: FieldTypes::new(),
        }
    }

    /// The label of the field at `path` alone (no group in front): `PEEP（EPAP）`.
    pub fn own_label(&self, path: &str) -> String {
        let key = field_key(path);
        let id = format!("field-{}", key.replace('.', "-"));
        if self.loc.has(&id) {
            self.loc.message(&id, &[])
        } else {
            key.rsplit('.').next().unwrap_or(&key).to_owned()
        }
    }

    /// The label of a section.
    pub fn section(&self, section: Section) -> String {
        self.loc.label(&section.fluent_id())
    }

    /// A code-list value in words, given the field it sits in; the stored form when unknown.
    pub fn code(&self, path: &str, value: &str) -> String {
        match self.types.get(&field_key(path)) {
            FieldType::Code(prefix) => {
                let id = format!("{prefix}-{value}");
                if self.loc.has(&id) {
                    self.loc.message(&id, &[])
                } else {
                    value.to_owned()
                }
            }
            _ => value.to_owned(),
        }
    }

    /// A number with the unit of the field at `path`, unless `label` already names the unit in
    /// parentheses ("内径（mm）", "Capacity (Wh)").
    pub fn number(&self, path: &str, n: f64, label: &str) -> String {
        let number = format_number(n);
        match self.types.get(&field_key(path)) {
            FieldType::Quantity(unit) if !unit.is_empty() => {
                let local = self.loc.unit(unit);
                if names_unit(label, unit) || names_unit(label, &local) {
                    number
                } else {
                    format!("{number} {local}")
                }
            }
            _ => number,
        }
    }

    /// A yes/no value.
    pub fn yes_no(&self, b: bool) -> &'static str {
        if b { self.words.yes } else { self.words.no }
    }
}

/// True when `label` carries `unit` in parentheses: `（mm）`, `(mm)`, `（新品時・分）`.
fn names_unit(label: &str, unit: &str) -> bool {
    ["（", "(", "・", " "].iter().any(|open| {
        ["）", ")"]
            .iter()
            .any(|close| label.contains(&format!("{open}{unit}{close}")))
    })
}

/// A number without a trailing `.0`.
pub fn format_number(n: f64) -> String {
    format!("{n}")
}

/// A JSON tree that keeps object keys in the order they were written (the model's declaration
/// order), unlike `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, keys in written order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The profile as a tree, fields in declaration order.
    pub fn of_profile(profile: &Profile) -> Result<Self> {
        let text = serde_json::to_string(profile)
            .map_err(|_| CliError::Failure("could not read the profile".into()))?;
        serde_json::from_str(&text).map_err(|_| CliError::Failure("could not read the profile".into()))
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// True when nothing inside is filled in.
    pub fn is_blank(&self) -> bool {
        match self {
            Node::Null => true,
            Node::String(s) => s.is_empty(),
            Node::Array(items) => items.iter().all(Node::is_blank),
            Node::Object(fields) => fields.iter().all(|(_, v)| v.is_blank()),
            Node::Bool(_) | Node::Number(_) => false,
        }
    }

    fn order(&self) -> f64 {
        match self.get("order") {
            Some(Node::Number(n)) => *n,
            _ => 0.0,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
                Ok(Node::Number(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
                Ok(Node::Number(n as f64))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
                Ok(Node::Number(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Node, E> {
                Ok(Node::String(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Node, E> {
                Ok(Node::String(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Node>()? {
                    fields.push((k, v));
                }
                Ok(Node::Object(fields))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

/// Fields of an entity shown in its heading rather than among its fields: first a kind, then a
/// name.
const HEADING_KIND: &[&str] = &["kind", "role", "hazard", "audience", "category"];
const HEADING_NAME: &[&str] = &["name", "title", "what", "problem", "agent", "model"];

/// Prints the whole profile grouped by section.
pub fn profile(out: &mut Output, labels: &Labels, id: &str, profile: &Profile) -> Result<()> {
    let tree = Node::of_profile(profile)?;
    let child = &profile.child;
    let name = child.name.as_deref().unwrap_or("-");
    match &child.name_kana {
        Some(kana) => out.line(format_args!("{name}{}  [{id}]", labels.words.paren(kana))),
        None => out.line(format_args!("{name}  [{id}]")),
    }
    let mut empty = Vec::new();
    for section in Section::ALL {
        let key = section.as_str();
        let Some(node) = tree.get(key) else { continue };
        if node.is_blank() {
            empty.push(labels.section(*section));
            continue;
        }
        out.blank();
        out.line(format_args!("■ {}", labels.section(*section)));
        if *section == Section::Verifications {
            verifications(out, labels, node);
        } else {
            value(out, labels, key, node, 1);
        }
    }
    if !empty.is_empty() {
        out.blank();
        out.line(format_args!(
            "{}: {}",
            labels.words.empty,
            empty.join(labels.words.list_sep)
        ));
    }
    Ok(())
}

/// Prints the fields under `path` (a section, a group or an entity) at `depth`.
pub fn value(out: &mut Output, labels: &Labels, path: &str, node: &Node, depth: usize) {
    if tsunagu_core::model::is_keyed_map(&field_key(path)) {
        collection(out, labels, path, node, depth);
        return;
    }
    let Node::Object(fields) = node else {
        scalar_line(out, labels, path, node, depth, None);
        return;
    };
    for (name, child) in fields {
        fields_line(out, labels, &format!("{path}.{name}"), child, depth, &[]);
    }
}

fn fields_line(out: &mut Output, labels: &Labels, path: &str, node: &Node, depth: usize, skip: &[&str]) {
    let name = path.rsplit('.').next().unwrap_or(path);
    if name == "order" || skip.contains(&name) || node.is_blank() {
        return;
    }
    let indent = "  ".repeat(depth);
    match node {
        Node::Object(_) => {
            out.line(format_args!("{indent}{}", labels.own_label(path)));
            value(out, labels, path, node, depth + 1);
        }
        _ => scalar_line(out, labels, path, node, depth, Some(labels.own_label(path))),
    }
}

fn scalar_line(
    out: &mut Output,
    labels: &Labels,
    path: &str,
    node: &Node,
    depth: usize,
    label: Option<String>,
) {
    let indent = "  ".repeat(depth);
    let label = label.unwrap_or_else(|| labels.own_label(path));
    let text = scalar(labels, path, node, &label);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    out.line(format_args!("{indent}{label}: {first}"));
    for more in lines {
        out.line(format_args!("{indent}  {more}"));
    }
}

/// A scalar (or a short array) in words.
pub fn scalar(labels: &Labels, path: &str, node: &Node, label: &str) -> String {
    match node {
        Node::Null => "-".to_owned(),
        Node::Bool(b) => labels.yes_no(*b).to_owned(),
        Node::Number(n) => labels.number(path, *n, label),
        Node::String(s) => labels.code(path, s),
        Node::Array(items) => items
            .iter()
            .map(|i| scalar(labels, path, i, label))
            .collect::<Vec<_>>()
            .join(", "),
        Node::Object(_) => String::new(),
    }
}

fn collection(out: &mut Output, labels: &Labels, path: &str, node: &Node, depth: usize) {
    let Node::Object(entities) = node else { return };
    let mut entities: Vec<&(String, Node)> = entities.iter().collect();
    entities.sort_by(|a, b| a.1.order().total_cmp(&b.1.order()).then_with(|| a.0.cmp(&b.0)));
    let indent = "  ".repeat(depth);
    for (n, (id, entity)) in entities.into_iter().enumerate() {
        let entity_path = format!("{path}.{id}");
        let (heading, used) = heading(labels, &entity_path, entity);
        out.line(format_args!("{indent}{}. {heading}  [{id}]", n + 1));
        if let Node::Object(fields) = entity {
            for (name, child) in fields {
                fields_line(
                    out,
                    labels,
                    &format!("{entity_path}.{name}"),
                    child,
                    depth + 2,
                    &used,
                );
            }
        }
    }
}

/// The heading of an entity ("人工呼吸器 · HomeVent 150") and the fields it used.
pub fn heading(labels: &Labels, path: &str, entity: &Node) -> (String, Vec<&'static str>) {
    let mut parts = Vec::new();
    let mut used = Vec::new();
    for group in [HEADING_KIND, HEADING_NAME] {
        if let Some((field, Node::String(s))) = group
            .iter()
            .find_map(|f| entity.get(f).map(|v| (*f, v)))
            .filter(|(_, v)| !v.is_blank())
        {
            parts.push(labels.code(&format!("{path}.{field}"), s));
            used.push(field);
        }
    }
    if parts.is_empty() {
        parts.push("-".to_owned());
    }
    (parts.join(" · "), used)
}

fn verifications(out: &mut Output, labels: &Labels, node: &Node) {
    let Node::Object(marks) = node else { return };
    for (key, mark) in marks {
        let section = Section::parse(key).map_or_else(|| key.clone(), |s| labels.section(s));
        let path = format!("verifications.{key}");
        let field = |name: &str| {
            let p = format!("{path}.{name}");
            mark.get(name)
                .map(|v| scalar(labels, &p, v, ""))
                .unwrap_or_default()
        };
        out.line(format_args!(
            "  {section}: {}{} {}",
            field("by"),
            labels.words.paren(&field("role")),
            field("on")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::sample::demo_profile;

    #[test]
    fn node_keeps_declaration_order() {
        let tree = Node::of_profile(&demo_profile()).expect("tree");
        let Node::Object(fields) = tree else {
            panic!("object")
        };
        let keys: Vec<&str> = fields.iter().take(3).map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["schema", "child", "diagnoses"]);
    }

    #[test]
    fn show_prints_labels_units_and_code_values() {
        let labels = Labels::new(Lang::Ja);
        let mut out = Output::new();
        profile(&mut out, &labels, "p-test", &demo_profile()).expect("renders");
        let text = out.into_text();
        assert!(text.contains("■ 医療機器"), "{text}");
        assert!(text.contains("PEEP（EPAP）: 5 cmH2O"), "{text}");
        assert!(text.contains("人工呼吸器 · HomeVent 150"), "{text}");
        assert!(text.contains("体重（kg）: 15.2\n"), "{text}");
        assert!(
            text.contains("内部バッテリーの駆動時間（新品時・分）: 300\n"),
            "{text}"
        );
        assert!(text.contains("吸気時間: 0.8 秒\n"), "{text}");
    }

    #[test]
    fn show_in_english() {
        let labels = Labels::new(Lang::En);
        let mut out = Output::new();
        profile(&mut out, &labels, "p-test", &demo_profile()).expect("renders");
        let text = out.into_text();
        assert!(text.contains("Medical devices"), "{text}");
        assert!(text.contains("Inspiratory time: 0.8 s\n"), "{text}");
    }
}
