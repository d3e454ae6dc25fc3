// Words.swift — every word the shell shows comes from the core's Fluent files
// (core/locales/{ja,en}/tsunagu.ftl), never from string literals in Swift: the `app-*` ids for
// the chrome, the core's own field labels, and one id per ApiError an app shows.
//
// NOT YET BUILDABLE: `message(lang:id:args:)` and `fieldLabel(lang:path:)` are the exports
// ios/NEEDS.md asks bindings/ for; they do not exist in the generated Swift yet.

import Foundation
import TsunaguKit

enum Words {
    /// The message `id` in `language`, with `args` filled in.
    static func message(_ id: String, language: String, _ args: [String: String] = [:]) -> String {
        TsunaguFFI.message(lang: language, id: id, args: args)
    }

    /// The core's label for the profile field at `path` (`child.name_kana` → 「ふりがな」).
    static func fieldLabel(_ path: String, language: String) -> String {
        TsunaguFFI.fieldLabel(lang: language, path: path)
    }

    /// An error as one sentence in the user's language. ApiError carries no profile content, and
    /// neither does this.
    static func describe(_ error: Error, language: String = AppLanguage.current) -> String {
        let id: String
        switch error as? ApiError {
        case .InvalidInput?, .BadEdit?: id = "app-error-invalid-input"
        case .NotFound?: id = "app-error-not-found"
        case .InvalidFile?, .CorruptStore?: id = "app-error-invalid-file"
        case .NewerStore?: id = "app-error-newer-store"
        case .Offline?: id = "app-error-offline"
        case .InvalidLink?, .InvalidRelayUrl?: id = "app-error-invalid-link"
        case .InviteRejected?: id = "app-error-invite-rejected"
        case .NotPermitted?, .NotShared?, .AlreadyShared?: id = "app-error-not-permitted"
        case .NotMember?: id = "app-error-not-member"
        case .RelayUnavailable?, .RelayRefused?: id = "app-error-relay-unavailable"
        case .Tls?: id = "app-error-tls"
        case .KeyUnavailable?: id = "app-error-key-unavailable"
        case .Protocol?, .Internal?, nil: id = "app-error-other"
        }
        return message(id, language: language)
    }

    /// The sync status line: not shared, synced (when), changes waiting, or offline.
    static func describe(status: SyncStatus?, language: String) -> String {
        guard let info = status?.info else { return message("app-sync-not-shared", language: language) }
        if info.lastError == "offline" { return message("app-sync-offline", language: language) }
        if info.pendingChanges > 0 {
            return message("app-sync-pending", language: language, ["count": String(info.pendingChanges)])
        }
        guard let ms = info.lastSuccessAtMs else { return message("app-sync-never", language: language) }
        let when = Date(timeIntervalSince1970: TimeInterval(ms) / 1000)
            .formatted(.relative(presentation: .named).locale(Locale(identifier: language)))
        return message("app-sync-synced", language: language, ["when": when])
    }
}

/// The language the core words everything in: Japanese unless the device prefers English.
enum AppLanguage {
    static var current: String {
        Locale.preferredLanguages.first.map { $0.hasPrefix("en") ? "en" : "ja" } ?? "ja"
    }
}
