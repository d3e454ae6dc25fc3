// Words+App.swift — sentences the shell builds from the core's messages: an error alert and the
// sync status line. Every word still comes from core/locales (the `app-…` ids shared with the
// Android app); only numbers, dates and content-free error classes are filled in.

import Foundation
import TsunaguKit

extension Words {
    /// An error as one sentence (`app-error` with a reason). ApiError carries no profile content:
    /// the reason is a field's label and rule for invalid input, else a short stable class name.
    static func describe(_ error: Error, language: String) -> String {
        message("app-error", language: language, ["reason": reason(error, language: language)])
    }

    private static func reason(_ error: Error, language: String) -> String {
        guard let error = error as? ApiError else { return "internal" }
        switch error {
        case let .InvalidInput(violations):
            return violations.map { "\(fieldLabel($0.field, language: language)): \($0.rule)" }
                .joined(separator: "; ")
        case let .BadEdit(path, reason): return "\(fieldLabel(path, language: language)): \(reason)"
        case .NotFound: return "not_found"
        case .InvalidFile: return "invalid_file"
        case .NewerStore: return "newer_store"
        case .CorruptStore: return "corrupt_store"
        case .NotShared: return "not_shared"
        case .AlreadyShared: return "already_shared"
        case .NotPermitted: return "not_permitted"
        case .NotMember: return "not_member"
        case .InvalidLink: return "invalid_link"
        case .InvalidRelayUrl: return "invalid_relay_url"
        case .InviteRejected: return "invite_rejected"
        case .Offline: return message("app-sync-offline", language: language)
        case let .RelayUnavailable(status): return "relay_unavailable (\(status))"
        case let .RelayRefused(status, _): return "relay_refused (\(status))"
        case .Tls: return "tls"
        case .KeyUnavailable: return "key_unavailable"
        case .Protocol: return "protocol"
        case .Render: return "render"
        case .NotABackup: return "not_a_backup"
        case .WrongBackupSecret: return "wrong_backup_secret"
        case .BackupSecretKind: return "backup_secret_kind"
        case .InvalidBackupKey: return "invalid_backup_key"
        case let .InputForm(_, messageJa, messageEn): return language == "en" ? messageEn : messageJa
        case let .NeedsConfirmation(warnings):
            return warnings.map { language == "en" ? $0.messageEn : $0.messageJa }.joined(separator: "; ")
        case .ViewerCannotEdit: return "viewer_cannot_edit"
        case .ShareLinkInput: return "share_link_input"
        case .ShareLinkUnusable: return "share_link_unusable"
        case .UnknownShareLink: return "unknown_share_link"
        case .AmbiguousShareLink: return "ambiguous_share_link"
        case .NoRelay: return "no_relay"
        case .NothingToReview: return "nothing_to_review"
        case .StoreUnusable: return "store_unusable"
        case let .Internal(errorClass, _): return errorClass
        }
    }

    /// The sync status line: only on this device, offline, never synced, or synced when.
    static func describe(status: SyncStatus?, language: String) -> String {
        guard let info = status?.info else { return message("app-sync-not-shared", language: language) }
        if info.lastError == "offline" { return message("app-sync-offline", language: language) }
        let pending = String(info.pendingChanges)
        guard let ms = info.lastSuccessAtMs else {
            return message("app-sync-never", language: language, ["pending": pending])
        }
        let when = Date(timeIntervalSince1970: TimeInterval(ms) / 1000)
            .formatted(.relative(presentation: .named).locale(Locale(identifier: language)))
        return message("app-sync-status", language: language, ["when": when, "pending": pending])
    }
}

/// The language the core words everything in: Japanese unless the device prefers English.
enum AppLanguage {
    static var current: String {
        Locale.preferredLanguages.first.map { $0.hasPrefix("en") ? "en" : "ja" } ?? "ja"
    }
}
