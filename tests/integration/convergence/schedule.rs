//! The schedule: random typed edit batches, merges, compactions and reopens (proptest strategies).

use super::*;

/// A collection the schedule adds to, removes from, reorders and edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coll {
    Contacts,
    Stock,
    Helpers,
}

impl Coll {
    pub(super) const ALL: [Coll; 3] = [Coll::Contacts, Coll::Stock, Coll::Helpers];

    pub(super) fn path(self) -> &'static str {
        match self {
            Coll::Contacts => "contacts",
            Coll::Stock => "stock",
            Coll::Helpers => "evacuation.helpers",
        }
    }

    pub(super) fn new_entity(self, n: u32) -> Value {
        match self {
            Coll::Contacts => json!({ "name": format!("連絡先 {n}"), "phone": format!("090-0000-{n:04}") }),
            Coll::Stock => json!({ "name": format!("物品 {n}"), "on_hand": n, "unit": "個" }),
            Coll::Helpers => json!({ "name": format!("支援者 {n}"), "relation": "近所" }),
        }
    }

    /// The field [`Spec::SetField`] changes, and its value for `seed`.
    pub(super) fn field(self, seed: u8) -> (&'static str, Value) {
        match self {
            Coll::Contacts => ("phone", json!(format!("090-1111-{seed:04}"))),
            Coll::Stock => ("on_hand", json!(f64::from(seed))),
            Coll::Helpers => ("phone", json!(format!("090-2222-{seed:04}"))),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum NoteEdit {
    Insert { at: u8, word: u8 },
    Delete { at: u8, len: u8 },
    Replace(u8),
}

/// One edit of a batch, resolved against the replica's profile when it runs (entities are picked
/// by index among those the replica has, so every schedule stays meaningful while shrinking).
#[derive(Debug, Clone)]
pub(super) enum Spec {
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
pub(super) enum Transfer {
    /// The whole saved document.
    Save,
    /// The changes after the receiver's heads.
    Incremental,
    /// An export file, imported (stores; documents fall back to a whole save).
    Export,
}

#[derive(Debug, Clone)]
pub(super) enum Op {
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
pub(super) struct Scenario {
    pub(super) stores: bool,
    pub(super) ops: Vec<Op>,
    /// The closing round: every ordered pair once, in this order.
    pub(super) closing: Vec<((usize, usize), Transfer)>,
}

pub(super) fn coll() -> impl Strategy<Value = Coll> {
    prop::sample::select(Coll::ALL.to_vec())
}

pub(super) fn note_edit() -> impl Strategy<Value = NoteEdit> {
    prop_oneof![
        (any::<u8>(), any::<u8>()).prop_map(|(at, word)| NoteEdit::Insert { at, word }),
        (any::<u8>(), any::<u8>()).prop_map(|(at, len)| NoteEdit::Delete { at, len }),
        any::<u8>().prop_map(NoteEdit::Replace),
    ]
}

pub(super) fn spec() -> impl Strategy<Value = Spec> {
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

pub(super) fn transfer() -> impl Strategy<Value = Transfer> {
    prop::sample::select(vec![Transfer::Save, Transfer::Incremental, Transfer::Export])
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..REPLICAS, prop::collection::vec(spec(), 1..=3)).prop_map(|(r, s)| Op::Edit(r, s)),
        4 => (0..REPLICAS, 1..REPLICAS, transfer()).prop_map(|(from, d, t)| Op::Sync(from, (from + d) % REPLICAS, t)),
        1 => (0..REPLICAS).prop_map(Op::Compact),
        1 => (0..REPLICAS).prop_map(Op::Reopen),
    ]
}

pub(super) fn scenario(stores: bool, max_ops: usize) -> impl Strategy<Value = Scenario> {
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
