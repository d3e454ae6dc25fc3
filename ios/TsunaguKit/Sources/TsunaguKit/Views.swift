// Views.swift — the audience views (shelter, EMS, caregiver) the core builds from a profile.
//
// The core returns a `ProfileView`: sections by priority, lines with their freshness and stale
// warnings, every word in the language asked for. Apps render it as it is; nothing is computed
// here except today's local date, which the stale rules are applied for.

import Foundation
import TsunaguFFI

public extension ProfileStore {
    /// The view of profile `id` for `audience`, in `language` (`ja`, `en`), with the stale rules
    /// applied as of `today` in the device's time zone.
    func view(_ id: String, for audience: ViewAudience, language: String,
              today: Date = Date(), in timeZone: TimeZone = .current) async throws -> ProfileView {
        let day = Self.localDay(today, timeZone)
        return try await worker.run { [inner] in
            try inner.view(id: id, audience: audience, lang: language, today: day)
        }
    }

    /// `date` as `YYYY-MM-DD` in `timeZone` (the family's local date, Gregorian).
    static func localDay(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
