// Exports.swift — text for other systems: the 個別避難計画 (individual evacuation plan) for the
// municipality as CSV or printable HTML, and the FHIR R4 International Patient Summary as JSON.
//
// The core builds all of them; nothing is computed here except today's local date.

import Foundation
import TsunaguFFI

public extension ProfileStore {
    /// The 個別避難計画 of profile `id` as CSV (UTF-8 with BOM, a header row, one row per item),
    /// in `language` (`ja`, `en`), dated `asOf` in `timeZone`.
    func planCSV(_ id: String, language: String, asOf: Date = Date(),
                 in timeZone: TimeZone = .current) async throws -> String {
        let day = Self.localDay(asOf, timeZone)
        return try await worker.run { [inner] in try inner.planCsv(id: id, lang: language, asOf: day) }
    }

    /// The 個別避難計画 of profile `id` as a printable, self-contained HTML page.
    func planHTML(_ id: String, language: String, asOf: Date = Date(),
                  in timeZone: TimeZone = .current) async throws -> String {
        let day = Self.localDay(asOf, timeZone)
        return try await worker.run { [inner] in try inner.planHtml(id: id, lang: language, asOf: day) }
    }

    /// Profile `id` as a FHIR R4 International Patient Summary (a `Bundle`, JSON text), its
    /// narratives in `language`, timestamped `generatedAt`.
    func ipsJSON(_ id: String, language: String, generatedAt: Date = Date()) async throws -> String {
        let ms = Int64((generatedAt.timeIntervalSince1970 * 1000).rounded())
        return try await worker.run { [inner] in try inner.ipsJson(id: id, lang: language, generatedAtMs: ms) }
    }
}
