//! Sizes, peak RSS and a timing breakdown of the store paths, beside their floors: the figures
//! docs/benchmarks.md records that are not criterion timings.
//!
//! Run with `cargo run --release -p tsunagu-core --example measure`. It prepares a profile with
//! 5,000 single-field edits twice (once as a bare `ProfileDoc`, to see the uncompacted form the
//! store never keeps; once through `ProfileStore::edit`, the real durable path), then prints:
//! sizes before and after compaction, peak RSS of a fresh process that opens the profile, where
//! the time of one durable edit goes, and edit-vs-floor timings taken interleaved (so disk noise
//! hits both alike).

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, Change, ObjId, ROOT, ReadDoc, Value};
use autosurgeon::reconcile_prop;
use tsunagu_core::model::{CmH2O, Percent, Profile};
use tsunagu_core::{EditContext, ProfileDoc, ProfileStore, sample};

use common::{AUTHOR, BareCommit, EDITS, last_chunk_len, nth_edit, peep_edit, prepare_store};

/// Samples per timed phase in the breakdown and the interleaved comparison.
const SAMPLES: usize = 300;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("rss-store") => rss_store(Path::new(&args[2]), &args[3]),
        Some("rss-raw") => rss_raw(Path::new(&args[2])),
        _ => measure_all(),
    }
}

fn measure_all() {
    println!("machine: {} cores, {}", cores(), cpu_model());
    let ctx = EditContext::now(AUTHOR);

    // 1. Sizes, on a bare ProfileDoc: base save + every chunk vs the compacted save.
    let mut doc = ProfileDoc::create(ActorId::random(), &sample::demo_profile(), &ctx).expect("create");
    let base = doc.save();
    let mut chunks: Vec<Vec<u8>> = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let heads = doc.heads();
        doc.apply(&[nth_edit(i)], &ctx)
            .expect("apply")
            .expect("a real change");
        chunks.push(doc.changes_after(&heads));
    }
    let uncompacted: usize = base.len() + chunks.iter().map(Vec::len).sum::<usize>();
    let compacted = doc.save();
    let mut lens: Vec<usize> = chunks.iter().map(Vec::len).collect();
    lens.sort_unstable();
    let peep_chunk = chunks[EDITS - 3].clone(); // edit EDITS-3 is a PEEP edit (i % 3 == 0)
    let mut change = Change::from_bytes(peep_chunk.clone()).expect("a chunk is one change");
    println!("\n== sizes (ProfileDoc, demo profile + {EDITS} single-field edits)");
    println!("base profile save:                 {:>8} B", base.len());
    println!("base + {EDITS} chunks (uncompacted): {:>8} B", uncompacted);
    println!("save() after (compacted):          {:>8} B", compacted.len());
    println!(
        "one chunk: min {} / median {} / max {} B; PEEP edit chunk {} B",
        lens[0],
        lens[lens.len() / 2],
        lens[lens.len() - 1],
        peep_chunk.len()
    );
    println!(
        "one change (PEEP): raw {} B, deflated {} B, message {} B",
        change.raw_bytes().len(),
        change.bytes().len(),
        change.message().map_or(0, str::len)
    );

    // Raw automerge floors from TARGETS.md, for orientation.
    let mut concat = base.clone();
    for c in &chunks {
        concat.extend_from_slice(c);
    }
    let t_load_compacted = median_of(21, || AutoCommit::load(&compacted).expect("load"));
    let t_load_concat = median_of(11, || AutoCommit::load(&concat).expect("load"));
    let loaded = AutoCommit::load(&compacted).expect("load");
    let t_hydrate = median_of(51, || {
        autosurgeon::hydrate::<_, Profile>(&loaded).expect("hydrate")
    });
    println!("\n== raw automerge (medians)");
    println!("load compacted save:         {}", ms(t_load_compacted));
    println!(
        "load base + {EDITS} chunks:   {} ({:.1}x)",
        ms(t_load_concat),
        ratio(t_load_concat, t_load_compacted)
    );
    println!("hydrate Profile:             {}", ms(t_hydrate));

    // 2. The store, prepared through the real durable path.
    let dir = tempfile::tempdir().expect("temporary directory");
    let started = Instant::now();
    let (path, id) = prepare_store(dir.path(), EDITS);
    let prep = started.elapsed();
    println!("\n== store (prepared through ProfileStore::edit)");
    println!(
        "prepare {EDITS} durable edits: {:.1} s ({} per edit, incl. auto-compaction)",
        prep.as_secs_f64(),
        ms(prep / EDITS as u32)
    );
    let chunk_len = last_chunk_len(&path);
    let (stored_before, stored_after, snapshot_len) = {
        let copy = dir.path().join("compact.sqlite3");
        std::fs::copy(&path, &copy).expect("copy");
        let mut store = ProfileStore::open(&copy).expect("open");
        let before = store.stored_size(&id).expect("size");
        let stats = store.compact(&id).expect("compact");
        (before, store.stored_size(&id).expect("size"), stats.bytes_after)
    };
    println!("one edit's chunk (last chunk row):  {chunk_len} B");
    println!(
        "stored_size as left (snapshot + {} chunks): {stored_before} B",
        EDITS % 64
    );
    println!("stored_size after compact():        {stored_after} B (snapshot {snapshot_len} B)");
    println!(
        "file size: {} B",
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
    );

    // 3. Opening, taken apart.
    // Each closure returns what it opened: it is dropped after the clock stops, because closing
    // a store checkpoints its WAL, which is not part of opening.
    // Store open and its floor are timed in alternation, so drift on this VM hits both alike.
    let store_compacted = {
        let mut store = ProfileStore::open(&path).expect("open");
        store.document(&id).expect("doc").save()
    };
    let (mut opens, mut floors) = (Vec::new(), Vec::new());
    for _ in 0..31 {
        let t = Instant::now();
        let mut store = ProfileStore::open(&path).expect("open");
        black_box(store.profile(&id).expect("profile"));
        opens.push(t.elapsed());
        drop(store);
        let t = Instant::now();
        let doc = AutoCommit::load(&store_compacted).expect("load");
        floors.push(t.elapsed());
        drop(doc);
    }
    let (t_open_profile, t_floor) = (median(opens), median(floors));
    let t_open_only = median_of(21, || ProfileStore::open(&path).expect("open"));
    let (snapshot, stored_chunks) = read_stored(&path, &id);
    let mut stored_bytes = snapshot.clone();
    for chunk in &stored_chunks {
        stored_bytes.extend_from_slice(chunk);
    }
    let t_read_rows = median_of(21, || read_stored(&path, &id));
    let t_load_stored = median_of(21, || {
        ProfileDoc::load(&stored_bytes, ActorId::random()).expect("load")
    });
    let t_am_stored = median_of(21, || AutoCommit::load(&stored_bytes).expect("load"));
    let t_am_snapshot = median_of(21, || AutoCommit::load(&snapshot).expect("load"));
    let mut loaded = AutoCommit::load(&store_compacted).expect("load");
    let t_hydrate = median_of(21, || {
        autosurgeon::hydrate::<_, Profile>(&loaded).expect("hydrate")
    });
    let plain = loaded.document().clone();
    let t_am_hydrate = median_of(21, || plain.hydrate(None));
    println!("\n== open + hydrate the 5,000-change profile (medians of 31 alternated; parts: of 21)");
    println!(
        "floor: AutoCommit::load(compacted save, {} B): {}",
        store_compacted.len(),
        ms(t_floor)
    );
    let row = |name: &str, t: Duration| println!("{name:<58} {} ({:.2}x floor)", ms(t), ratio(t, t_floor));
    row("ProfileStore::open + profile(id)", t_open_profile);
    row(
        "  ProfileStore::open alone (connection, pragmas, schema)",
        t_open_only,
    );
    row("  SELECT snapshot + chunk rows", t_read_rows);
    row(
        &format!(
            "  ProfileDoc::load(snapshot + {} chunks, {} B)",
            stored_chunks.len(),
            stored_bytes.len()
        ),
        t_load_stored,
    );
    row("    AutoCommit::load(snapshot + chunks)", t_am_stored);
    row(
        &format!("    AutoCommit::load(snapshot alone, {} B)", snapshot.len()),
        t_am_snapshot,
    );
    row("    autosurgeon::hydrate::<Profile>", t_hydrate);
    row(
        "  (automerge's untyped Automerge::hydrate, for comparison)",
        t_am_hydrate,
    );

    // Opening cost against how many chunks the store has appended since its last compaction
    // (0..=63 with AUTO_COMPACT_CHUNKS = 64): the same document, snapshot + k more edits.
    let mut later = ProfileDoc::load(&store_compacted, ActorId::random()).expect("load");
    let base_snapshot = later.save();
    let mut tail: Vec<u8> = Vec::new();
    let mut tail_ends = vec![0];
    for n in 0..63 {
        let heads = later.heads();
        later
            .apply(&[nth_edit(EDITS + n)], &ctx)
            .expect("apply")
            .expect("a real change");
        tail.extend_from_slice(&later.changes_after(&heads));
        tail_ends.push(tail.len());
    }
    let ks = [0_usize, 1, 8, 16, 32, 63];
    let inputs: Vec<Vec<u8>> = ks
        .iter()
        .map(|&k| [&base_snapshot[..], &tail[..tail_ends[k]]].concat())
        .collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); ks.len() + 1];
    let all: Vec<&Vec<u8>> = std::iter::once(&store_compacted).chain(&inputs).collect();
    for round in 0..21 {
        // Rotate the order each round so drift does not always land on the same input.
        for i in (0..all.len()).map(|j| (j + round) % all.len()) {
            let t = Instant::now();
            let doc = AutoCommit::load(all[i]).expect("load");
            times[i].push(t.elapsed());
            drop(doc);
        }
    }
    let mut medians = times.into_iter().map(median);
    let floor_here = medians.next().unwrap_or_default();
    println!(
        "AutoCommit::load(snapshot + k chunks), by chunks left since the last compaction (alternated with the floor, {}):",
        ms(floor_here)
    );
    for (k, t) in ks.iter().zip(medians) {
        println!("  k = {k:>2}: {} ({:.2}x floor)", ms(t), ratio(t, floor_here));
    }

    // 4. Peak RSS of a fresh process that opens the profile (and one that only loads the save).
    let save_path = dir.path().join("compacted.automerge");
    std::fs::write(&save_path, &store_compacted).expect("write the save");
    let exe = std::env::current_exe().expect("own path");
    let run = |args: &[&str]| {
        let out = Command::new(&exe).args(args).output().expect("run the child");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let path_str = path.to_string_lossy().to_string();
    let save_str = save_path.to_string_lossy().to_string();
    println!("\n== peak RSS (fresh process)");
    println!(
        "store open + profile(id): {}",
        run(&["rss-store", &path_str, &id])
    );
    println!("raw AutoCommit::load:     {}", run(&["rss-raw", &save_str]));

    // 5. Where one durable edit's time goes, on a document with 5,000 changes.
    breakdown(&mut doc, &ctx);
    reconcile_breakdown(&compacted, &ctx);

    // 6. One durable edit vs the floor, interleaved so disk noise hits both alike.
    let edit_path = dir.path().join("edits.sqlite3");
    std::fs::copy(&path, &edit_path).expect("copy");
    let mut store = ProfileStore::open(&edit_path).expect("open");
    store.profile(&id).expect("profile");
    let mut bare = BareCommit::open(&dir.path().join("floor.sqlite3"));
    let blob = vec![0x5a_u8; chunk_len];
    // The store's own SQL for one edit (as `append_chunk` issues it), on another copy of the file.
    let sql_path = dir.path().join("append.sqlite3");
    std::fs::copy(&path, &sql_path).expect("copy");
    let mut sql = rusqlite::Connection::open(&sql_path).expect("open");
    sql.pragma_update(None, "synchronous", "FULL")
        .expect("synchronous=FULL");
    let (mut t_edit, mut t_sql, mut t_bare) = (Vec::new(), Vec::new(), Vec::new());
    // The order rotates every round: whichever commit follows a pause pays more on this disk.
    for n in 0..SAMPLES as u64 {
        for which in (0..3).map(|k| (k + n) % 3) {
            let t = Instant::now();
            match which {
                0 => {
                    store
                        .edit(&id, &[peep_edit(n)], &ctx)
                        .expect("edit")
                        .expect("a real change");
                }
                1 => {
                    let tx = sql
                        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                        .expect("begin");
                    tx.execute(
                        "INSERT INTO chunk (profile_id, bytes) VALUES (?1, ?2)",
                        rusqlite::params![id, blob],
                    )
                    .expect("insert");
                    tx.commit().expect("commit");
                }
                _ => bare.insert(&blob),
            }
            let elapsed = t.elapsed();
            [&mut t_edit, &mut t_sql, &mut t_bare][which as usize].push(elapsed);
        }
    }
    println!(
        "\n== one durable edit vs bare INSERT {chunk_len} B + COMMIT (WAL/FULL), interleaved x{SAMPLES}"
    );
    let floor = (median(t_bare.clone()), mean(&t_bare));
    for (name, times) in [
        ("floor: bare INSERT + COMMIT", t_bare),
        ("the store's SQL alone (INSERT chunk, COMMIT)", t_sql),
        ("store.edit (whole durable edit)", t_edit),
    ] {
        let (md, mn) = (median(times.clone()), mean(&times));
        println!(
            "{name:<54} median {} ({:.2}x)  mean {} ({:.2}x)",
            ms(md),
            ratio(md, floor.0),
            ms(mn),
            ratio(mn, floor.1)
        );
    }
}

fn breakdown(doc: &mut ProfileDoc, ctx: &EditContext) {
    let mut phases: Vec<(&str, Vec<Duration>)> = Vec::new();
    let mut push = |name: &'static str, d: Duration| match phases.iter_mut().find(|(n, _)| *n == name) {
        Some((_, v)) => v.push(d),
        None => phases.push((name, vec![d])),
    };
    for n in 0..SAMPLES as u64 {
        let t = Instant::now();
        let heads = doc.heads();
        push("heads()", t.elapsed());
        let t = Instant::now();
        doc.apply(&[peep_edit(n)], ctx)
            .expect("apply")
            .expect("a real change");
        push("apply() (apply_edits + reconcile + commit)", t.elapsed());
        let t = Instant::now();
        black_box(doc.changes_after(&heads));
        push("changes_after(heads)", t.elapsed());
    }
    let t_save = median_of(11, || doc.save());
    println!("\n== where one edit's CPU time goes (ProfileDoc with {EDITS}+ changes, medians of {SAMPLES})");
    for (name, v) in phases {
        println!("{name:<48} {}", us(median(v)));
    }
    println!(
        "{:<48} {} (every {} edits: {} per edit)",
        "save() (auto-compaction)",
        ms(t_save),
        tsunagu_core::store::AUTO_COMPACT_CHUNKS,
        us(t_save / tsunagu_core::store::AUTO_COMPACT_CHUNKS as u32)
    );
}

/// Inside `apply()`: reconciling the top-level section that changed (what `ProfileDoc` does),
/// then the narrower alternatives (the changed entity, the changed group, a direct `put` of the
/// scalar), and committing; on a document with 5,000 changes and on the fresh demo document.
fn reconcile_breakdown(compacted: &[u8], ctx: &EditContext) {
    let fresh = {
        let mut d = ProfileDoc::create(ActorId::random(), &sample::demo_profile(), ctx).expect("create");
        d.save()
    };
    println!("\n== inside apply(): writing one PEEP change into the document (medians of {SAMPLES})");
    for (label, bytes) in [("5,000 changes", compacted), ("fresh demo doc", &fresh[..])] {
        let mut am = AutoCommit::load(bytes)
            .expect("load")
            .with_actor(ActorId::random());
        let mut profile: Profile = autosurgeon::hydrate(&am).expect("hydrate");
        let mut rows: Vec<(&str, Vec<Duration>)> =
            ["section", "entity", "group", "put", "child", "baseline", "commit"]
                .iter()
                .map(|k| (*k, Vec::with_capacity(SAMPLES)))
                .collect();
        for n in 0..SAMPLES {
            for (row, times) in rows.iter_mut() {
                let peep = if n.is_multiple_of(2) { 5.5 } else { 6.5 };
                let vent = profile
                    .devices
                    .get_mut("dev-vent")
                    .and_then(|d| d.settings.ventilator.as_mut())
                    .expect("the demo ventilator");
                vent.peep = Some(CmH2O(peep));
                profile.child.nickname = Some(format!("n{n}"));
                profile.baseline.spo2_low = Some(Percent(if n.is_multiple_of(2) { 91.0 } else { 92.0 }));
                let device = profile.devices.get("dev-vent").expect("the demo ventilator");
                let t = Instant::now();
                match *row {
                    "section" => {
                        reconcile_prop(&mut am, ROOT, "devices", &profile.devices).expect("reconcile")
                    }
                    "entity" => {
                        let devices = child_obj(&am, &ROOT, "devices");
                        reconcile_prop(&mut am, devices, "dev-vent", device).expect("reconcile");
                    }
                    "group" => {
                        let settings = object_at(&am, &["devices", "dev-vent", "settings"]);
                        reconcile_prop(&mut am, settings, "ventilator", &device.settings.ventilator)
                            .expect("reconcile");
                    }
                    "put" => {
                        let vent = object_at(&am, &["devices", "dev-vent", "settings", "ventilator"]);
                        am.put(&vent, "peep", peep + 0.25).expect("put");
                    }
                    "child" => reconcile_prop(&mut am, ROOT, "child", &profile.child).expect("reconcile"),
                    "baseline" => {
                        reconcile_prop(&mut am, ROOT, "baseline", &profile.baseline).expect("reconcile")
                    }
                    _ => {
                        am.commit_with(CommitOptions::default().with_message("m").with_time(0));
                    }
                }
                times.push(t.elapsed());
            }
        }
        println!("-- {label}");
        let names = [
            "reconcile_prop(ROOT, \"devices\") (the typed route: groups, first values)",
            "reconcile_prop(devices, \"dev-vent\") (changed entity)",
            "reconcile_prop(settings, \"ventilator\") (changed group)",
            "walk the path (4 gets) + put the scalar (what apply() does for a scalar Set)",
            "reconcile_prop(ROOT, \"child\")",
            "reconcile_prop(ROOT, \"baseline\")",
            "commit_with(message, time)",
        ];
        for (name, (_, times)) in names.iter().zip(rows) {
            println!("{name:<56} {}", us(median(times)));
        }
    }
}

fn child_obj(am: &AutoCommit, parent: &ObjId, key: &str) -> ObjId {
    match am.get(parent, key).expect("read the document") {
        Some((Value::Object(_), id)) => id,
        _ => panic!("the demo document has an object at each step"),
    }
}

fn object_at(am: &AutoCommit, path: &[&str]) -> ObjId {
    path.iter().fold(ROOT, |obj, key| child_obj(am, &obj, key))
}

fn rss_store(path: &Path, id: &str) {
    let before = vm("VmHWM");
    let mut store = ProfileStore::open(path).expect("open");
    black_box(store.profile(id).expect("profile"));
    println!(
        "VmHWM {} kB (process before opening: {before} kB), VmRSS {} kB",
        vm("VmHWM"),
        vm("VmRSS")
    );
}

fn rss_raw(path: &Path) {
    let before = vm("VmHWM");
    let bytes = std::fs::read(path).expect("read the save");
    let doc = AutoCommit::load(&bytes).expect("load");
    black_box(&doc);
    println!(
        "VmHWM {} kB (process before loading: {before} kB), VmRSS {} kB",
        vm("VmHWM"),
        vm("VmRSS")
    );
}

/// The newest snapshot and the chunks after it, as `ProfileStore` reads them.
fn read_stored(path: &Path, id: &str) -> (Vec<u8>, Vec<Vec<u8>>) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let (covers, snapshot): (i64, Vec<u8>) = conn
        .query_row(
            "SELECT covers_chunk, bytes FROM snapshot WHERE profile_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("snapshot");
    let mut stmt = conn
        .prepare("SELECT bytes FROM chunk WHERE profile_id = ?1 AND id > ?2 ORDER BY id")
        .expect("prepare");
    let chunks = stmt
        .query_map(rusqlite::params![id, covers], |r| r.get::<_, Vec<u8>>(0))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("chunks");
    (snapshot, chunks)
}

fn vm(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix(" kB")?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    info.lines()
        .find_map(|l| {
            l.strip_prefix("model name")?
                .split_once(':')
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Median of `n` timed calls (after one warm-up); what `f` returns is dropped untimed.
fn median_of<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    drop(f());
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                let out = f();
                let elapsed = t.elapsed();
                drop(out);
                elapsed
            })
            .collect(),
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn mean(v: &[Duration]) -> Duration {
    v.iter().sum::<Duration>() / v.len() as u32
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}
