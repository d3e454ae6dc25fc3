//! Bookkeeping: every acknowledged edit, what its replica had seen, and the values it wrote.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Last writer wins.
    Scalar,
    /// Text merged character by character.
    Note,
    /// A group written as a whole (a verification mark): last writer wins for the whole group.
    Group,
}

/// What an edit touches, as resolved before it runs.
#[derive(Debug, Clone)]
pub(super) enum Touch {
    Key {
        key: String,
        kind: Kind,
        entity: Option<String>,
    },
    Add {
        entity: String,
    },
    Remove {
        entity: String,
    },
}

#[derive(Debug)]
pub(super) struct EditRecord {
    pub(super) replica: usize,
    pub(super) hash: String,
    /// Edits the replica held when it made this one.
    pub(super) seen: BTreeSet<usize>,
    pub(super) edits: Vec<Edit>,
}

/// A field an acknowledged edit really changed, and what it wrote (`None`: absent).
#[derive(Debug)]
pub(super) struct Write {
    pub(super) edit: usize,
    pub(super) kind: Kind,
    pub(super) entity: Option<String>,
    pub(super) value: Option<Value>,
}

#[derive(Default)]
pub(super) struct Book {
    pub(super) edits: Vec<EditRecord>,
    pub(super) writes: BTreeMap<String, Vec<Write>>,
    pub(super) added: BTreeMap<String, usize>,
    pub(super) removed: BTreeMap<String, Vec<usize>>,
    /// Change hashes every replica starts with.
    pub(super) base: BTreeSet<String>,
    pub(super) next_entity: u32,
    pub(super) minute: u32,
}

impl Book {
    /// True when edit `a` happened before edit `b` (b's replica had seen a).
    pub(super) fn before(&self, a: usize, b: usize) -> bool {
        self.edits[b].seen.contains(&a)
    }
}

pub(super) fn lookup<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(json, |v, seg| v.get(seg))
}

pub(super) fn flatten(json: &Value, prefix: &str, out: &mut BTreeMap<String, Value>) {
    match json {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, &path, out);
            }
        }
        leaf => {
            out.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

/// `{"a": {"b": value}}` for the path `a.b`.
pub(super) fn nest(path: &str, value: Value) -> Value {
    path.rsplit('.').fold(value, |inner, seg| json!({ seg: inner }))
}

pub(super) fn is_under(path: &str, key: &str) -> bool {
    path == key || path.strip_prefix(key).is_some_and(|rest| rest.starts_with('.'))
}

pub(super) fn ids(json: &Value, coll: Coll) -> Vec<String> {
    let mut ids: Vec<String> = lookup(json, coll.path())
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

pub(super) const SECTIONS: [Section; 3] = [Section::Devices, Section::Baseline, Section::Contacts];

/// Turns specs into edits against the replica's current profile (`json`), with what they touch.
pub(super) fn resolve(specs: &[Spec], json: &Value, book: &mut Book) -> (Vec<Edit>, Vec<Touch>) {
    let mut edits = Vec::new();
    let mut touches = Vec::new();
    let set = |edits: &mut Vec<Edit>,
               touches: &mut Vec<Touch>,
               path: String,
               value: Value,
               kind: Kind,
               entity: Option<String>| {
        edits.push(Edit::Set {
            path: path.clone(),
            value,
        });
        touches.push(Touch::Key {
            key: path,
            kind,
            entity,
        });
    };
    let pick = |coll: Coll, i: u8| -> Option<String> {
        let ids = ids(json, coll);
        (!ids.is_empty()).then(|| ids[usize::from(i) % ids.len()].clone())
    };
    for spec in specs {
        match *spec {
            Spec::Nickname(s) => set(
                &mut edits,
                &mut touches,
                "child.nickname".into(),
                json!(format!("n{s}")),
                Kind::Scalar,
                None,
            ),
            Spec::Peep(s) => {
                let v = 3.0 + f64::from(s % 15) * 0.5;
                set(
                    &mut edits,
                    &mut touches,
                    "devices.dev-vent.settings.ventilator.peep".into(),
                    json!(v),
                    Kind::Scalar,
                    None,
                );
            }
            Spec::Rate(s) => {
                let v = 10.0 + f64::from(s % 30);
                set(
                    &mut edits,
                    &mut touches,
                    "devices.dev-vent.settings.ventilator.rate".into(),
                    json!(v),
                    Kind::Scalar,
                    None,
                );
            }
            Spec::Spo2Low(s) => {
                let v = 80.0 + f64::from(s % 15);
                set(
                    &mut edits,
                    &mut touches,
                    "baseline.spo2_low".into(),
                    json!(v),
                    Kind::Scalar,
                    None,
                );
            }
            Spec::Route(s) => {
                let v = s.map_or(Value::Null, |s| json!(format!("経路 {s}")));
                set(
                    &mut edits,
                    &mut touches,
                    "evacuation.route".into(),
                    v,
                    Kind::Scalar,
                    None,
                );
            }
            Spec::Weight(s) => {
                let v = json!({ "kg": 10.0 + f64::from(s % 20), "measured_on": format!("2026-10-{:02}", 1 + s % 28) });
                set(
                    &mut edits,
                    &mut touches,
                    "child.weight".into(),
                    v,
                    Kind::Group,
                    None,
                );
            }
            Spec::Note(e) => {
                let text = lookup(json, NOTE).and_then(Value::as_str).unwrap_or_default();
                let mut chars: Vec<char> = text.chars().collect();
                match e {
                    NoteEdit::Insert { at, word } => {
                        let at = usize::from(at) % (chars.len() + 1);
                        chars.splice(at..at, format!(" 語{word} ").chars());
                    }
                    NoteEdit::Delete { at, len } => {
                        let at = usize::from(at) % (chars.len() + 1);
                        let end = (at + 1 + usize::from(len % 8)).min(chars.len());
                        chars.drain(at..end);
                    }
                    NoteEdit::Replace(s) => chars = format!("顔色が白い {s} / pale {s}").chars().collect(),
                }
                set(
                    &mut edits,
                    &mut touches,
                    NOTE.into(),
                    json!(chars.into_iter().collect::<String>()),
                    Kind::Note,
                    None,
                );
            }
            Spec::Add(coll) => {
                book.next_entity += 1;
                let n = book.next_entity;
                let id = format!("t{n}");
                edits.push(Edit::Add {
                    collection: coll.path().into(),
                    id: id.clone(),
                    entity: coll.new_entity(n),
                });
                touches.push(Touch::Add {
                    entity: format!("{}.{id}", coll.path()),
                });
            }
            Spec::Remove(coll, i) => {
                if let Some(id) = pick(coll, i) {
                    edits.push(Edit::Remove {
                        collection: coll.path().into(),
                        id: id.clone(),
                    });
                    touches.push(Touch::Remove {
                        entity: format!("{}.{id}", coll.path()),
                    });
                }
            }
            Spec::Move(coll, i, before) => {
                if let Some(id) = pick(coll, i) {
                    let others: Vec<String> = ids(json, coll).into_iter().filter(|o| *o != id).collect();
                    let before = before.and_then(|b| {
                        (!others.is_empty()).then(|| others[usize::from(b) % others.len()].clone())
                    });
                    edits.push(Edit::Move {
                        collection: coll.path().into(),
                        id: id.clone(),
                        before,
                    });
                    let entity = format!("{}.{id}", coll.path());
                    touches.push(Touch::Key {
                        key: format!("{entity}.order"),
                        kind: Kind::Scalar,
                        entity: Some(entity),
                    });
                }
            }
            Spec::SetField(coll, i, s) => {
                if let Some(id) = pick(coll, i) {
                    let (field, value) = coll.field(s);
                    let entity = format!("{}.{id}", coll.path());
                    set(
                        &mut edits,
                        &mut touches,
                        format!("{entity}.{field}"),
                        value,
                        Kind::Scalar,
                        Some(entity),
                    );
                }
            }
            Spec::PatchField(coll, i, s) => {
                if let Some(id) = pick(coll, i) {
                    let (field, value) = coll.field(s);
                    let entity = format!("{}.{id}", coll.path());
                    let key = format!("{entity}.{field}");
                    edits.push(Edit::Patch {
                        patch: nest(&key, value),
                    });
                    touches.push(Touch::Key {
                        key,
                        kind: Kind::Scalar,
                        entity: Some(entity),
                    });
                }
            }
            Spec::PatchRemove(coll, i) => {
                if let Some(id) = pick(coll, i) {
                    let entity = format!("{}.{id}", coll.path());
                    edits.push(Edit::Patch {
                        patch: nest(&entity, Value::Null),
                    });
                    touches.push(Touch::Remove { entity });
                }
            }
            Spec::Verify { section, role, day } => {
                let section = SECTIONS[usize::from(section) % SECTIONS.len()];
                edits.push(Edit::Verify {
                    section,
                    by: format!("確認者 {day}"),
                    role: VerifierRole::ALL[usize::from(role) % VerifierRole::ALL.len()],
                    on: Date::from_ymd(2026, 11, 1 + u32::from(day % 20)).expect("a valid date"),
                });
                let key = format!("verifications.{}", section.as_str());
                touches.push(Touch::Key {
                    key,
                    kind: Kind::Group,
                    entity: None,
                });
            }
            Spec::Unverify(section) => {
                let section = SECTIONS[usize::from(section) % SECTIONS.len()];
                edits.push(Edit::Unverify { section });
                let key = format!("verifications.{}", section.as_str());
                touches.push(Touch::Key {
                    key,
                    kind: Kind::Group,
                    entity: None,
                });
            }
        }
    }
    (edits, touches)
}
