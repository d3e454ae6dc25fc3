// The Kotlin side of the "Kotlin call ≤ 0.2 ms over the Rust call" figure (TARGETS.md): times
// the calls bindings/examples/call_cost.rs times in Rust, through the generated bindings (JNA,
// RustBuffer lifting). A harness, not a test: `scripts/test-kotlin --bench` runs both.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.TsunaguStore
import jp.tsunagu.ffi.ViewAudience

private inline fun time(label: String, n: Int, f: () -> Unit) {
    repeat(n / 10) { f() }
    val start = System.nanoTime()
    repeat(n) { f() }
    println("$label ${"%.2f".format((System.nanoTime() - start) / 1e3 / n)}")
}

fun main() {
    val file = File(tempDir("tsunagu-bench"), "bench.sqlite3")
    TsunaguStore.open(file.path).use { store ->
        val id = store.createSample("bench")
        // JIT warm-up of the generated converters before anything is timed.
        repeat(2000) { store.list(); store.profileJson(id) }
        repeat(1000) { store.view(id, ViewAudience.EMS, "en", "2026-12-01") }
        time("list", 2000) { store.list() }
        time("profile_json", 2000) { store.profileJson(id) }
        time("view_ems", 500) { store.view(id, ViewAudience.EMS, "en", "2026-12-01") }
    }
}
