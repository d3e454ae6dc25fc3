//! Running a schedule: each step checked as it happens, then the final convergence checks.

use super::*;

macro_rules! ok {
    ($e:expr, $($what:tt)+) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(TestCaseError::fail(format!("{}: {e}", format!($($what)+)))),
        }
    };
}

/// The replica holds exactly the base changes plus the acknowledged edits it has seen.
pub(super) fn check_holds_what_it_saw(
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

pub(super) fn run_edit(
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

pub(super) fn run_sync(
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

pub(super) fn run_keeping_state(
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
pub(super) fn check_final(
    book: &Book,
    replicas: &mut [Replica],
    initial: &Value,
) -> Result<(), TestCaseError> {
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

pub(super) fn run(s: &Scenario) -> Result<(), TestCaseError> {
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
