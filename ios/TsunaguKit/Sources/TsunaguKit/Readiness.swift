// Readiness.swift — disaster readiness the core computes from a profile (power runway, supplies,
// medicines, actions), and the coordinator's roster across every profile of the store.

import Foundation
import TsunaguFFI

public extension ProfileStore {
    /// Readiness of profile `id`, worded in `language` (`ja`, `en`).
    func readiness(_ id: String, language: String) async throws -> ReadinessReport {
        try await worker.run { [inner] in try inner.readiness(id: id, lang: language) }
    }

    /// The roster of every child in this store (power needs, shortest runway, what is missing),
    /// as of `day` in `timeZone`, with its CSV form.
    func roster(language: String, asOf day: Date = Date(), in timeZone: TimeZone = .current) async throws -> Roster {
        let asOf = Self.localDay(day, timeZone)
        return try await worker.run { [inner] in try inner.roster(lang: language, asOf: asOf) }
    }
}
