// Words.swift — the core's Fluent messages (core/locales/{ja,en}/tsunagu.ftl) for the app's own
// words: screen titles and buttons (`app-…` ids, shared with the Android app) and the core's
// field labels (`field-…`). Apps never put user-facing words in Swift string literals.

import Foundation
import TsunaguFFI

/// Every word the app shows, from the core's message files.
public enum Words {
    /// The message `id` in `language` (`ja`, `en`) with `args` filled in. A missing id comes back
    /// as the id itself (the core's fallback); an unsupported language falls back to Japanese.
    public static func message(_ id: String, language: String, _ args: [String: String] = [:]) -> String {
        if let text = try? TsunaguFFI.message(lang: language, id: id, args: args) { return text }
        return (try? TsunaguFFI.message(lang: "ja", id: id, args: args)) ?? id
    }

    /// The core's label of the field at `path` (`child.name_kana`), for paths without collection
    /// ids: its message id is `field-` + the path with dots as dashes.
    public static func fieldLabel(_ path: String, language: String) -> String {
        message("field-" + path.replacingOccurrences(of: ".", with: "-"), language: language)
    }
}
