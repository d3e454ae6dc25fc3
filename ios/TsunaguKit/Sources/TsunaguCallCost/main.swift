// main.swift — the Swift side of the "app call ≤ 0.2 ms over the Rust call" figure (TARGETS.md
// names Kotlin; this is the same measurement for Swift): times the calls
// bindings/examples/call_cost.rs times in Rust, through the generated Swift (RustBuffer lowering
// and lifting), on a store of the same shape. A harness, not a test: `scripts/test-swift --bench`
// runs both halves and prints the difference. Microseconds per call, one line per call.

import Foundation
import TsunaguFFI

func time(_ label: String, _ n: Int, _ body: () throws -> Void) rethrows {
    for _ in 0..<(n / 10) { try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try body() }
    let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(n)
    print(label, String(format: "%.2f", micros))
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let store = try TsunaguStore.open(path: folder.appendingPathComponent("bench.sqlite3").path)
let id = try store.createSample(author: "bench")
// Warm-up, as the Kotlin harness does for its JIT (Swift has none; it evens out caches).
for _ in 0..<2000 {
    _ = try store.list()
    _ = try store.profileJson(id: id)
}
try time("list", 2000) { _ = try store.list() }
try time("profile_json", 2000) { _ = try store.profileJson(id: id) }
try time("view_ems", 500) { _ = try store.view(id: id, audience: .ems, lang: "en", today: "2026-12-01") }
