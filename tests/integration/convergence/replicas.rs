//! Replicas: in-memory documents or real stores in SQLite files, and what each step does to them.

use super::*;

/// Core errors, boxed (they are large).
pub(super) type Res<T> = Result<T, Box<Error>>;

#[allow(
    clippy::large_enum_variant,
    reason = "three replicas per case: their size does not matter"
)]
pub(super) enum Backend {
    Doc(Box<ProfileDoc>),
    Store {
        store: ProfileStore,
        path: PathBuf,
        id: String,
    },
}

pub(super) struct Replica {
    pub(super) backend: Backend,
    /// Indices of the acknowledged edits this replica holds.
    pub(super) seen: BTreeSet<usize>,
}

impl Replica {
    pub(super) fn doc(&mut self) -> Res<&mut ProfileDoc> {
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.as_mut()),
            Backend::Store { store, id, .. } => Ok(store.document(id)?),
        }
    }

    pub(super) fn heads(&mut self) -> Res<Vec<ChangeHash>> {
        let mut heads = self.doc()?.heads();
        heads.sort();
        Ok(heads)
    }

    pub(super) fn json(&mut self) -> Res<Value> {
        Ok(serde_json::to_value(self.doc()?.profile()).expect("a profile serializes"))
    }

    pub(super) fn history(&mut self) -> Res<BTreeSet<String>> {
        Ok(self.doc()?.history().into_iter().map(|h| h.hash).collect())
    }

    pub(super) fn apply(&mut self, edits: &[Edit], minute: u32, name: &str) -> Res<Option<ChangeHash>> {
        let ctx = edit_context(name, minute);
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.apply(edits, &ctx)?),
            Backend::Store { store, id, .. } => Ok(store.edit(id, edits, &ctx)?),
        }
    }

    pub(super) fn merge(&mut self, bytes: &[u8]) -> Res<usize> {
        match &mut self.backend {
            Backend::Doc(doc) => Ok(doc.merge_bytes(bytes)?),
            Backend::Store { store, id, .. } => Ok(store.merge_changes(id, bytes)?),
        }
    }

    pub(super) fn compact(&mut self) -> Res<()> {
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

    pub(super) fn reopen(&mut self) -> Res<()> {
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
pub(super) fn start(stores: bool) -> (Vec<Replica>, Option<tempfile::TempDir>) {
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
