//! Convergence of three replicas of one profile under random edits, merges, compactions and
//! reopens (proptest), and the promise that no acknowledged edit is lost.
//!
//! Each case starts three replicas of the demo profile: in-memory [`ProfileDoc`]s (fast, most
//! cases) or real [`ProfileStore`]s in their own SQLite files (what ships). It then runs a random
//! schedule of typed edit batches (scalars set and cleared, a record stored whole, text edits of a
//! note, entities added, removed, moved and changed, some of it as merge patches, sections verified
//! and unverified), merges between random pairs (whole saves, incremental chunks, export files),
//! compactions and reopens; finally every replica merges from every other in a random order.
//!
//! Bookkeeping: every acknowledged edit is recorded with its replica, change hash, the edits its
//! replica had seen (maintained on merges, independently of automerge) and, per field it really
//! changed, the value it wrote. After every step a replica must hold exactly the changes it has
//! seen. At the end:
//! - the replicas are identical (typed profile, heads, change set);
//! - every field's final value is the value of one of its *maximal* writes (those no later edit
//!   saw); with a single maximal write, exactly its value, so an edit is only ever overridden by
//!   an edit that did not know it or that came after it. Notes merge as text, so only the
//!   single-writer case is exact for them;
//! - fields inside a removed entity are excused; the entity sets are exactly what was added and
//!   not removed; every field nobody wrote is unchanged;
//! - every acknowledged change is in the history, and a field's provenance names the change
//!   that wrote its winning value.
//!
//! Cases: `TSUNAGU_PROPTEST_CASES` (default 1,000 for the document property, an eighth of that,
//! at least 50, for the store property).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use automerge::{ActorId, ChangeHash};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use tsunagu_core::model::{Date, Section, VerifierRole};
use tsunagu_core::sample::demo_profile;
use tsunagu_core::{Edit, Error, ProfileDoc, ProfileStore};
use tsunagu_tests::edit_context;

use crate::common::env_number;

const REPLICAS: usize = 3;
const NAMES: [&str; REPLICAS] = ["A", "B", "C"];
const NOTE: &str = "baseline.sick_signs";

// ---------------------------------------------------------------------------------------------
// The schedule

/// A collection the schedule adds to, removes from, reorders and edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coll {
    Contacts,
    Stock,
    Helpers,
}

impl Coll {
    const ALL: [Coll; 3] = [Coll::Contacts, Coll::Stock, Coll::Helpers];

    fn path(self) -> &'static str {
        match self {
            Coll::Contacts => "contacts",
            Coll::Stock => "stock",
            Coll::Helpers => "evacuation.helpers",
        }
    }

    fn new_entity(self, n: u32) -> Value {
        match self {
            Coll::Contacts => json!({ "name": format!("連絡先 {n}"), "phone": format!("090-0000-{n:04}") }),
            Coll::Stock => json!({ "name": format!("物品 {n}"), "on_hand": n, "unit": "個" }),
            Coll::Helpers => json!({ "name": format!("支援者 {n}"), "relation": "近所" }),
        }
    }

    /// The field [`Spec::SetField`] changes, and its value for `seed`.
    fn field(self, seed: u8) -> (&'static str, Value) {
        match self {
            Coll::Contacts => ("phone", json!(format!("090-1111-{seed:04}"))),
            Coll::Stock => ("on_hand", json!(f64::from(seed))),
            Coll::Helpers => ("phone", json!(format!("090-2222-{seed:04}"))),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum NoteEdit {
    Insert { at: u8, word: u8 },
    Delete { at: u8, len: u8 },
    Replace(u8),
}

/// One edit of a batch, resolved against the replica's profile when it runs (entities are picked
/// by index among those the replica has, so every schedule stays meaningful while shrinking).
#[derive(Debug, Clone)]
enum Spec {
    Nickname(u8),
    Peep(u8),
    Rate(u8),
    Spo2Low(u8),
    Route(Option<u8>),
    /// The weight record, stored whole (kg and the day it was measured).
    Weight(u8),
    Note(NoteEdit),
    Add(Coll),
    Remove(Coll, u8),
    Move(Coll, u8, Option<u8>),
    SetField(Coll, u8, u8),
    /// The same as `SetField` and `Remove`, but as a JSON merge patch.
    PatchField(Coll, u8, u8),
    PatchRemove(Coll, u8),
    Verify {
        section: u8,
        role: u8,
        day: u8,
    },
    Unverify(u8),
}

/// How changes travel from one replica to another.
#[derive(Debug, Clone, Copy)]
enum Transfer {
    /// The whole saved document.
    Save,
    /// The changes after the receiver's heads.
    Incremental,
    /// An export file, imported (stores; documents fall back to a whole save).
    Export,
}

#[derive(Debug, Clone)]
enum Op {
    /// A batch of edits on a replica, as one change.
    Edit(usize, Vec<Spec>),
    /// Merge `.0`'s changes into `.1`.
    Sync(usize, usize, Transfer),
    /// Compact (stores only; nothing for documents).
    Compact(usize),
    /// Drop and reopen the replica from its file (documents: reload their save).
    Reopen(usize),
}

#[derive(Debug, Clone)]
struct Scenario {
    stores: bool,
    ops: Vec<Op>,
    /// The closing round: every ordered pair once, in this order.
    closing: Vec<((usize, usize), Transfer)>,
}

fn coll() -> impl Strategy<Value = Coll> {
    prop::sample::select(Coll::ALL.to_vec())
}

fn note_edit() -> impl Strategy<Value = NoteEdit> {
    prop_oneof![
        (any::<u8>(), any::<u8>()).prop_map(|(at, word)| NoteEdit::Insert { at, word }),
        (any::<u8>(), any::<u8>()).prop_map(|(at, len)| NoteEdit::Delete { at, len }),
        any::<u8>().prop_map(NoteEdit::Replace),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        1 => any::<u8>().prop_map(Spec::Nickname),
        1 => any::<u8>().prop_map(Spec::Peep),
        1 => any::<u8>().prop_map(Spec::Rate),
        1 => any::<u8>().prop_map(Spec::Spo2Low),
        1 => proptest::option::of(any::<u8>()).prop_map(Spec::Route),
        1 => any::<u8>().prop_map(Spec::Weight),
        2 => note_edit().prop_map(Spec::Note),
        2 => coll().prop_map(Spec::Add),
        1 => (coll(), any::<u8>()).prop_map(|(c, i)| Spec::Remove(c, i)),
        1 => (coll(), any::<u8>(), proptest::option::of(any::<u8>())).prop_map(|(c, i, b)| Spec::Move(c, i, b)),
        2 => (coll(), any::<u8>(), any::<u8>()).prop_map(|(c, i, s)| Spec::SetField(c, i, s)),
        1 => (coll(), any::<u8>(), any::<u8>()).prop_map(|(c, i, s)| Spec::PatchField(c, i, s)),
        1 => (coll(), any::<u8>()).prop_map(|(c, i)| Spec::PatchRemove(c, i)),
        1 => (0..3u8, any::<u8>(), any::<u8>()).prop_map(|(section, role, day)| Spec::Verify { section, role, day }),
        1 => (0..3u8).prop_map(Spec::Unverify),
    ]
}

fn transfer() -> impl Strategy<Value = Transfer> {
    prop::sample::select(vec![Transfer::Save, Transfer::Incremental, Transfer::Export])
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..REPLICAS, prop::collection::vec(spec(), 1..=3)).prop_map(|(r, s)| Op::Edit(r, s)),
        4 => (0..REPLICAS, 1..REPLICAS, transfer()).prop_map(|(from, d, t)| Op::Sync(from, (from + d) % REPLICAS, t)),
        1 => (0..REPLICAS).prop_map(Op::Compact),
        1 => (0..REPLICAS).prop_map(Op::Reopen),
    ]
}

fn scenario(stores: bool, max_ops: usize) -> impl Strategy<Value = Scenario> {
    let pairs: Vec<(usize, usize)> = (0..REPLICAS)
        .flat_map(|a| (0..REPLICAS).filter(move |b| *b != a).map(move |b| (a, b)))
        .collect();
    let n = pairs.len();
    (
        prop::collection::vec(op(), 1..=max_ops),
        Just(pairs).prop_shuffle(),
        prop::collection::vec(transfer(), n),
    )
        .prop_map(move |(ops, pairs, transfers)| Scenario {
            stores,
            ops,
            closing: pairs.into_iter().zip(transfers).collect(),
        })
}

// ---------------------------------------------------------------------------------------------
// Replicas

/// Core errors, boxed (they are large).
type Res<T> = Result<T, Box<Error>>;

#[allow(
    clippy::large_enum_variant,
    reason = "three replicas per case: their size does not matter"
)]
enum Backend {
    Doc(Box<ProfileDoc>),
    Store {
        store: ProfileStore,
        path: PathBuf,
        id: String,
    },
}

struct Replica {
    backend: Backend,
    /// Indices of the acknowledged edits this replica holds.
    seen: BTreeSet<usize>,
}

impl Replica {
    fn doc(&mut self) -> Res<&mut ProfileDoc> {
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.as_mut()),
            Backend::Store { store, id, .. } => Ok(store.document(id)?),
        }
    }

    fn heads(&mut self) -> Res<Vec<ChangeHash>> {
        let mut heads = self.doc()?.heads();
        heads.sort();
        Ok(heads)
    }

    fn json(&mut self) -> Res<Value> {
        Ok(serde_json::to_value(self.doc()?.profile()).expect("a profile serializes"))
    }

    fn history(&mut self) -> Res<BTreeSet<String>> {
        Ok(self.doc()?.history().into_iter().map(|h| h.hash).collect())
    }

    fn apply(&mut self, edits: &[Edit], minute: u32, name: &str) -> Res<Option<ChangeHash>> {
        let ctx = edit_context(name, minute);
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.apply(edits, &ctx)?),
            Backend::Store { store, id, .. } => Ok(store.edit(id, edits, &ctx)?),
        }
    }

    fn merge(&mut self, bytes: &[u8]) -> Res<usize> {
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.merge_bytes(bytes)?),
            Backend::Store { store, id, .. } => Ok(store.merge_changes(id, bytes)?),
        }
    }

    fn compact(&mut self) -> Res<()> {
        match &mut self.backend {
            // A document has nothing to compact (its reload is `reopen`).
            Backend::Doc(_) => Ok(()),
            Backend::Store { store, id, .. } => {
                store.compact(id)?;
                // Read it back from the file, not from memory.
                store.evict_all();
                Ok(())
            }
        }
    }

    fn reopen(&mut self) -> Res<()> {
        match &mut self.backend {
            Backend::Doc(doc) => {
                let actor = doc.automerge().get_actor().clone();
                let bytes = doc.save();
                **doc = ProfileDoc::load(&bytes, actor)?;
            }
            Backend::Store { store, path, .. } => {
                let actor = store.actor().clone();
                // Close the old connection before opening the file again.
                *store = ProfileStore::open(":memory:")?;
                *store = ProfileStore::open(&*path)?;
                assert_eq!(store.actor(), &actor, "the store's actor changed across a reopen");
            }
        }
        Ok(())
    }
}

/// Three replicas of the demo profile, and the temp dir holding their files.
fn start(stores: bool) -> (Vec<Replica>, Option<tempfile::TempDir>) {
    let demo = demo_profile();
    let ctx = edit_context("A", 0);
    if !stores {
        // Creating the document costs more than a case's edits in a debug build: make it once
        // and fork it (as another device would receive it).
        static BASE: OnceLock<Mutex<ProfileDoc>> = OnceLock::new();
        let base = BASE.get_or_init(|| {
            Mutex::new(ProfileDoc::create(ActorId::random(), &demo, &ctx).expect("the demo profile is valid"))
        });
        let mut base = base.lock().unwrap_or_else(PoisonError::into_inner);
        let replicas = (0..REPLICAS)
            .map(|_| Replica {
                backend: Backend::Doc(Box::new(base.fork(ActorId::random()))),
                seen: BTreeSet::new(),
            })
            .collect();
        return (replicas, None);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut replicas = Vec::new();
    let mut export = Vec::new();
    let mut id = String::new();
    for name in NAMES {
        let path = dir.path().join(format!("{name}.sqlite"));
        let mut store = ProfileStore::open(&path).expect("open a new store");
        if export.is_empty() {
            id = store
                .create_profile(&demo, &ctx)
                .expect("the demo profile is valid");
            export = store.export(&id).expect("export");
        } else {
            let outcome = store.import(&export).expect("import the export");
            assert!(outcome.created && outcome.id == id, "{outcome:?}");
        }
        replicas.push(Replica {
            backend: Backend::Store {
                store,
                path,
                id: id.clone(),
            },
            seen: BTreeSet::new(),
        });
    }
    (replicas, Some(dir))
}

// ---------------------------------------------------------------------------------------------
// Bookkeeping

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Last writer wins.
    Scalar,
    /// Text merged character by character.
    Note,
    /// A group written as a whole (a verification mark): last writer wins for the whole group.
    Group,
}

/// What an edit touches, as resolved before it runs.
#[derive(Debug, Clone)]
enum Touch {
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
struct EditRecord {
    replica: usize,
    hash: String,
    /// Edits the replica held when it made this one.
    seen: BTreeSet<usize>,
    edits: Vec<Edit>,
}

/// A field an acknowledged edit really changed, and what it wrote (`None`: absent).
#[derive(Debug)]
struct Write {
    edit: usize,
    kind: Kind,
    entity: Option<String>,
    value: Option<Value>,
}

#[derive(Default)]
struct Book {
    edits: Vec<EditRecord>,
    writes: BTreeMap<String, Vec<Write>>,
    added: BTreeMap<String, usize>,
    removed: BTreeMap<String, Vec<usize>>,
    /// Change hashes every replica starts with.
    base: BTreeSet<String>,
    next_entity: u32,
    minute: u32,
}

impl Book {
    /// True when edit `a` happened before edit `b` (b's replica had seen a).
    fn before(&self, a: usize, b: usize) -> bool {
        self.edits[b].seen.contains(&a)
    }
}

fn lookup<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(json, |v, seg| v.get(seg))
}

fn flatten(json: &Value, prefix: &str, out: &mut BTreeMap<String, Value>) {
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
fn nest(path: &str, value: Value) -> Value {
    path.rsplit('.').fold(value, |inner, seg| json!({ seg: inner }))
}

fn is_under(path: &str, key: &str) -> bool {
    path == key || path.strip_prefix(key).is_some_and(|rest| rest.starts_with('.'))
}

fn ids(json: &Value, coll: Coll) -> Vec<String> {
    let mut ids: Vec<String> = lookup(json, coll.path())
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

const SECTIONS: [Section; 3] = [Section::Devices, Section::Baseline, Section::Contacts];

/// Turns specs into edits against the replica's current profile (`json`), with what they touch.
fn resolve(specs: &[Spec], json: &Value, book: &mut Book) -> (Vec<Edit>, Vec<Touch>) {
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

// ---------------------------------------------------------------------------------------------
// Running a schedule

macro_rules! ok {
    ($e:expr, $($what:tt)+) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(TestCaseError::fail(format!("{}: {e}", format!($($what)+)))),
        }
    };
}

/// The replica holds exactly the base changes plus the acknowledged edits it has seen.
fn check_holds_what_it_saw(
    book: &Book,
    replicas: &mut [Replica],
    r: usize,
    step: usize,
) -> Result<(), TestCaseError> {
    let have = ok!(replicas[r].history(), "history of {}", NAMES[r]);
    let mut want = book.base.clone();
    want.extend(replicas[r].seen.iter().map(|&i| book.edits[i].hash.clone()));
    if have != want {
        let lost: Vec<_> = want.difference(&have).collect();
        let extra: Vec<_> = have.difference(&want).collect();
        prop_assert!(
            false,
            "step {step}: replica {} lacks changes {lost:?} / has unexpected {extra:?}",
            NAMES[r]
        );
    }
    Ok(())
}

fn run_edit(
    book: &mut Book,
    replicas: &mut [Replica],
    r: usize,
    specs: &[Spec],
    step: usize,
) -> Result<(), TestCaseError> {
    let rep = &mut replicas[r];
    let before = ok!(rep.json(), "profile of {}", NAMES[r]);
    let heads_before = ok!(rep.heads(), "heads");
    let (edits, touches) = resolve(specs, &before, book);
    if edits.is_empty() {
        return Ok(());
    }
    book.minute += 1;
    let result = rep.apply(&edits, book.minute, NAMES[r]);
    let after = ok!(rep.json(), "profile of {} after an edit", NAMES[r]);
    let heads_after = ok!(rep.heads(), "heads");
    let hash = match result {
        Err(e) => {
            // Refused: only for bad input (a batch that contradicts itself), and nothing changed.
            prop_assert!(
                e.is_bad_input(),
                "step {step}: edit {edits:?} on {} failed: {e}",
                NAMES[r]
            );
            prop_assert_eq!(
                &before,
                &after,
                "step {}: a refused edit changed the profile",
                step
            );
            prop_assert_eq!(
                heads_before,
                heads_after,
                "step {}: a refused edit changed the heads",
                step
            );
            return Ok(());
        }
        Ok(None) => {
            prop_assert_eq!(
                &before,
                &after,
                "step {}: an edit that changed nothing changed the profile",
                step
            );
            prop_assert_eq!(
                heads_before,
                heads_after,
                "step {}: an edit that changed nothing made a change",
                step
            );
            return Ok(());
        }
        Ok(Some(hash)) => hash,
    };
    prop_assert_eq!(
        heads_after.clone(),
        vec![hash],
        "step {}: the new change is not the only head",
        step
    );
    let index = book.edits.len();
    book.edits.push(EditRecord {
        replica: r,
        hash: hash.to_string(),
        seen: rep.seen.clone(),
        edits: edits.clone(),
    });
    rep.seen.insert(index);

    // Record what really changed, and check nothing else did.
    let mut covered: Vec<String> = Vec::new();
    let mut keys_done = BTreeSet::new();
    for touch in &touches {
        match touch {
            Touch::Key { key, kind, entity } => {
                covered.push(key.clone());
                let (old, new) = (lookup(&before, key), lookup(&after, key));
                if old != new && keys_done.insert(key.clone()) {
                    book.writes.entry(key.clone()).or_default().push(Write {
                        edit: index,
                        kind: *kind,
                        entity: entity.clone(),
                        value: new.cloned(),
                    });
                }
            }
            Touch::Add { entity } => {
                covered.push(entity.clone());
                book.added.insert(entity.clone(), index);
                let mut leaves = BTreeMap::new();
                if let Some(v) = lookup(&after, entity) {
                    flatten(v, entity, &mut leaves);
                }
                for (key, value) in leaves {
                    if keys_done.insert(key.clone()) {
                        let write = Write {
                            edit: index,
                            kind: Kind::Scalar,
                            entity: Some(entity.clone()),
                            value: Some(value),
                        };
                        book.writes.entry(key).or_default().push(write);
                    }
                }
            }
            Touch::Remove { entity } => {
                covered.push(entity.clone());
                book.removed.entry(entity.clone()).or_default().push(index);
            }
        }
    }
    let (mut old, mut new) = (BTreeMap::new(), BTreeMap::new());
    flatten(&before, "", &mut old);
    flatten(&after, "", &mut new);
    let changed = old
        .keys()
        .chain(new.keys())
        .filter(|k| old.get(*k) != new.get(*k));
    for path in changed {
        prop_assert!(
            covered.iter().any(|c| is_under(path, c)),
            "step {step}: edit {edits:?} also changed {path}: {:?} -> {:?}",
            old.get(path),
            new.get(path)
        );
    }
    check_holds_what_it_saw(book, replicas, r, step)
}

fn run_sync(
    book: &mut Book,
    replicas: &mut [Replica],
    from: usize,
    to: usize,
    how: Transfer,
    step: usize,
) -> Result<(), TestCaseError> {
    let what = format!("step {step}: {how:?} from {} to {}", NAMES[from], NAMES[to]);
    let nothing_new = replicas[from].seen.is_subset(&replicas[to].seen);
    let heads_before = ok!(replicas[to].heads(), "{what}: heads");
    match (how, &mut replicas[from].backend) {
        (Transfer::Export, Backend::Store { store, id, .. }) => {
            let file = ok!(store.export(id), "{what}: export");
            let Backend::Store {
                store: dst,
                id: dst_id,
                ..
            } = &mut replicas[to].backend
            else {
                unreachable!("all replicas of a case are stores or none")
            };
            let outcome = ok!(dst.import(&file), "{what}: import");
            prop_assert!(
                !outcome.created && &outcome.id == dst_id,
                "{}: {:?}",
                what,
                outcome
            );
        }
        (Transfer::Incremental, _) => {
            let bytes = ok!(replicas[from].doc(), "{what}").changes_after(&heads_before);
            ok!(replicas[to].merge(&bytes), "{what}: merge");
        }
        (Transfer::Save | Transfer::Export, _) => {
            let bytes = ok!(replicas[from].doc(), "{what}").save();
            ok!(replicas[to].merge(&bytes), "{what}: merge");
        }
    }
    let seen = replicas[from].seen.clone();
    replicas[to].seen.extend(seen);
    if nothing_new {
        let heads_after = ok!(replicas[to].heads(), "{what}: heads");
        prop_assert_eq!(
            heads_before,
            heads_after,
            "{}: a merge with nothing new changed the heads",
            what
        );
    }
    check_holds_what_it_saw(book, replicas, to, step)
}

fn run_keeping_state(
    book: &Book,
    replicas: &mut [Replica],
    r: usize,
    step: usize,
    what: &str,
    f: impl FnOnce(&mut Replica) -> Res<()>,
) -> Result<(), TestCaseError> {
    let rep = &mut replicas[r];
    let (json, heads) = (ok!(rep.json(), "profile"), ok!(rep.heads(), "heads"));
    ok!(f(rep), "step {step}: {what} {}", NAMES[r]);
    prop_assert_eq!(
        &json,
        &ok!(rep.json(), "profile after {}", what),
        "step {}: {} changed the profile",
        step,
        what
    );
    prop_assert_eq!(
        heads,
        ok!(rep.heads(), "heads after {}", what),
        "step {}: {} changed the heads",
        step,
        what
    );
    check_holds_what_it_saw(book, replicas, r, step)
}

/// The final checks: identical replicas, and every acknowledged edit accounted for.
fn check_final(book: &Book, replicas: &mut [Replica], initial: &Value) -> Result<(), TestCaseError> {
    let all: BTreeSet<usize> = (0..book.edits.len()).collect();
    let json = ok!(replicas[0].json(), "final profile");
    let heads = ok!(replicas[0].heads(), "final heads");
    let history = ok!(replicas[0].history(), "final history");
    for r in 0..REPLICAS {
        prop_assert_eq!(
            &replicas[r].seen,
            &all,
            "replica {} did not see every edit",
            NAMES[r]
        );
        let profile_r = ok!(replicas[r].doc(), "final profile").profile().clone();
        let profile_0 = ok!(replicas[0].doc(), "final profile").profile().clone();
        prop_assert_eq!(profile_r, profile_0, "replicas {} and A differ", NAMES[r]);
        prop_assert_eq!(
            &ok!(replicas[r].heads(), "final heads"),
            &heads,
            "heads of {} and A differ",
            NAMES[r]
        );
        prop_assert_eq!(
            &ok!(replicas[r].history(), "final history"),
            &history,
            "changes of {} and A differ",
            NAMES[r]
        );
    }
    // Every acknowledged change is in the history, whether or not its values won.
    for (i, e) in book.edits.iter().enumerate() {
        prop_assert!(
            history.contains(&e.hash),
            "edit {i} ({}) by {} is not in the history",
            e.hash,
            NAMES[e.replica]
        );
    }
    // Entities: exactly those added and not removed.
    for coll in Coll::ALL {
        let mut want: BTreeSet<String> = ids(initial, coll)
            .into_iter()
            .map(|id| format!("{}.{id}", coll.path()))
            .collect();
        want.extend(
            book.added
                .keys()
                .filter(|e| is_under(e, coll.path()) && e[coll.path().len() + 1..].find('.').is_none())
                .cloned(),
        );
        want.retain(|e| !book.removed.contains_key(e));
        let have: BTreeSet<String> = ids(&json, coll)
            .into_iter()
            .map(|id| format!("{}.{id}", coll.path()))
            .collect();
        prop_assert_eq!(
            have,
            want,
            "entities of {} (added {:?}, removed {:?})",
            coll.path(),
            book.added,
            book.removed.keys().collect::<Vec<_>>()
        );
    }
    // Fields: the value of a maximal write.
    for (key, writes) in &book.writes {
        if writes
            .iter()
            .any(|w| w.entity.as_ref().is_some_and(|e| book.removed.contains_key(e)))
        {
            continue; // the entity was removed: its fields went with it
        }
        let maximal: Vec<&Write> = writes
            .iter()
            .filter(|w| {
                !writes
                    .iter()
                    .any(|o| o.edit != w.edit && book.before(w.edit, o.edit))
            })
            .collect();
        let value = lookup(&json, key);
        let describe = || {
            writes
                .iter()
                .map(|w| {
                    let e = &book.edits[w.edit];
                    format!(
                        "edit {} by {} (saw {:?}: {:?}) wrote {:?}",
                        w.edit, NAMES[e.replica], e.seen, e.edits, w.value
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        match writes[0].kind {
            Kind::Scalar | Kind::Group => prop_assert!(
                maximal.iter().any(|w| w.value.as_ref() == value),
                "{key} ends as {value:?}, which no maximal write wrote; writes: {}",
                describe()
            ),
            Kind::Note => {
                if let [only] = maximal.as_slice() {
                    prop_assert!(
                        only.value.as_ref() == value,
                        "{key} ends as {value:?}; writes: {}",
                        describe()
                    );
                }
            }
        }
        // Provenance names the change that wrote the winning value.
        if writes[0].kind != Kind::Note && value.is_some() {
            let winners: Vec<&str> = maximal
                .iter()
                .filter(|w| w.value.as_ref() == value)
                .map(|w| book.edits[w.edit].hash.as_str())
                .collect();
            let provenance = ok!(replicas[0].doc(), "document").provenance(key);
            let change = ok!(provenance, "provenance of {key}").map(|p| p.change);
            prop_assert!(
                change.as_deref().is_some_and(|c| winners.contains(&c)),
                "provenance of {key} names {change:?}, the winning writes are {winners:?}; writes: {}",
                describe()
            );
        }
    }
    // Everything nobody wrote is as it was.
    let mut leaves = BTreeMap::new();
    flatten(initial, "", &mut leaves);
    for (path, was) in leaves {
        let written = book.writes.keys().any(|k| is_under(&path, k));
        let removed = book.removed.keys().any(|e| is_under(&path, e));
        if !written && !removed {
            prop_assert_eq!(
                lookup(&json, &path),
                Some(&was),
                "{} changed though nobody wrote it",
                path
            );
        }
    }
    Ok(())
}

fn run(s: &Scenario) -> Result<(), TestCaseError> {
    let (mut replicas, _dir) = start(s.stores);
    let mut book = Book {
        base: ok!(replicas[0].history(), "history"),
        ..Book::default()
    };
    let initial = ok!(replicas[0].json(), "profile");
    for (step, op) in s.ops.iter().enumerate() {
        match op {
            Op::Edit(r, specs) => run_edit(&mut book, &mut replicas, *r, specs, step)?,
            Op::Sync(from, to, how) => run_sync(&mut book, &mut replicas, *from, *to, *how, step)?,
            Op::Compact(r) => {
                run_keeping_state(&book, &mut replicas, *r, step, "compacting", Replica::compact)?
            }
            Op::Reopen(r) => run_keeping_state(&book, &mut replicas, *r, step, "reopening", Replica::reopen)?,
        }
    }
    for (i, ((from, to), how)) in s.closing.iter().enumerate() {
        // Merges with nothing new are exercised above; here they would only cost time.
        if !replicas[*from].seen.is_subset(&replicas[*to].seen) {
            run_sync(&mut book, &mut replicas, *from, *to, *how, s.ops.len() + i)?;
        }
    }
    check_final(&book, &mut replicas, &initial)?;
    // What converged is also what the files give back (documents reload mid-run already).
    if s.stores {
        for r in 0..REPLICAS {
            run_keeping_state(&book, &mut replicas, r, usize::MAX, "reopening", Replica::reopen)?;
        }
    }
    Ok(())
}

fn cases(share: u64, at_least: u64) -> u32 {
    let n = env_number("TSUNAGU_PROPTEST_CASES", 1000);
    u32::try_from((n / share).max(at_least.min(n))).unwrap_or(u32::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1, 1), ..ProptestConfig::default() })]

    /// In-memory documents: most of the cases, for speed.
    #[test]
    fn documents_converge_without_losing_acknowledged_edits(s in scenario(false, 16)) {
        run(&s)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(8, 50), ..ProptestConfig::default() })]

    /// Real stores in SQLite files, with export/import, compaction and reopening.
    #[test]
    fn stores_converge_without_losing_acknowledged_edits(s in scenario(true, 32)) {
        run(&s)?;
    }
}

/// The smallest schedule the property above finds for a verification mark: the coordinator
/// re-verifies the devices section on one phone (only the date changes) while the doctor verifies
/// it on another on the day of the previous mark (only name and role change). Merged, the mark must
/// be one of the two, not "the doctor verified on the coordinator's day".
#[test]
fn concurrent_verifications_of_a_section_do_not_mix() {
    let verify = |by: &str, role, day| Edit::Verify {
        section: Section::Devices,
        by: by.into(),
        role,
        on: Date::from_ymd(2026, 11, day).expect("a valid date"),
    };
    let ctx = edit_context("佐藤", 0);
    let mut coordinator = ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx).expect("valid");
    coordinator
        .apply(&[verify("佐藤 みどり", VerifierRole::Coordinator, 20)], &ctx)
        .expect("verify");
    let mut doctor = coordinator.fork(ActorId::random());
    coordinator
        .apply(&[verify("佐藤 みどり", VerifierRole::Coordinator, 21)], &ctx)
        .expect("verify");
    doctor
        .apply(
            &[verify("架空 太郎 医師", VerifierRole::Doctor, 20)],
            &edit_context("医師", 1),
        )
        .expect("verify");
    coordinator.merge(&mut doctor).expect("merge");
    doctor.merge(&mut coordinator).expect("merge");
    assert_eq!(coordinator.profile(), doctor.profile());
    let mark = coordinator
        .profile()
        .verifications
        .get("devices")
        .expect("verified");
    let written = [
        ("佐藤 みどり", VerifierRole::Coordinator, 21),
        ("架空 太郎 医師", VerifierRole::Doctor, 20),
    ];
    assert!(
        written.iter().any(|(by, role, day)| mark.by == *by
            && mark.role == *role
            && mark.on == Date::from_ymd(2026, 11, *day).expect("date")),
        "the merged mark {mark:?} was never written by anyone"
    );
}

/// A device added from JSON without its settings group (as `tsunagu edit --add` or a merge patch
/// would), then its first two settings filled on two phones at once. Different fields: both must
/// survive the merge.
#[test]
fn first_settings_of_a_new_device_filled_on_two_phones_both_survive() {
    let ctx = edit_context("母", 0);
    let mut mother = ProfileDoc::create(ActorId::random(), &demo_profile(), &ctx).expect("valid");
    let add = Edit::Add {
        collection: "devices".into(),
        id: "dev-suction2".into(),
        entity: json!({ "kind": "suction" }),
    };
    mother.apply(&[add], &ctx).expect("add a device");
    let mut nurse = mother.fork(ActorId::random());
    let base = "devices.dev-suction2.settings.suction";
    mother
        .apply(&[Edit::set(format!("{base}.catheter_size"), 8.0)], &ctx)
        .expect("edit");
    nurse
        .apply(
            &[Edit::set(format!("{base}.pressure"), 20.0)],
            &edit_context("看護師", 1),
        )
        .expect("edit");
    mother.merge(&mut nurse).expect("merge");
    nurse.merge(&mut mother).expect("merge");
    assert_eq!(mother.profile(), nurse.profile());
    let suction = mother
        .profile()
        .devices
        .get("dev-suction2")
        .and_then(|d| d.settings.suction.clone())
        .expect("settings");
    assert_eq!(
        (suction.catheter_size.map(|v| v.0), suction.pressure.map(|v| v.0)),
        (Some(8.0), Some(20.0)),
        "one phone's setting was lost: {suction:?}"
    );
}
