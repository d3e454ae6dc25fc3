//! The Rust side of the "Kotlin call ≤ 0.2 ms over the Rust call" figure: times the same
//! `TsunaguStore` calls the Kotlin harness (android/tsunagu/src/test/kotlin/jp/tsunagu/CallCost.kt)
//! makes, on the same kind of store, without crossing the FFI. Not a test; run by
//! `scripts/test-kotlin --bench`, which prints both and the difference.

use std::time::Instant;

use tsunagu_ffi::{TsunaguStore, ViewAudience};

fn time(label: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    let micros = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("{label} {micros:.2}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = TsunaguStore::open(dir.path().join("bench.sqlite3").to_string_lossy().into_owned())?;
    let id = store.create_sample("bench".into())?;
    let view = store.view(id.clone(), ViewAudience::Ems, "en".into(), "2026-12-01".into())?;
    let items: usize = view.sections.iter().map(|s| s.items.len()).sum();
    let json = store.profile_json(id.clone())?;
    eprintln!(
        "sizes: profile_json {} bytes; EMS view {} sections, {items} items",
        json.len(),
        view.sections.len()
    );
    time("list", 2000, || {
        let _ = store.list();
    });
    time("profile_json", 2000, || {
        let _ = store.profile_json(id.clone());
    });
    time("view_ems", 500, || {
        let _ = store.view(id.clone(), ViewAudience::Ems, "en".into(), "2026-12-01".into());
    });
    Ok(())
}
