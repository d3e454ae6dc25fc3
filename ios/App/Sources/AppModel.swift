// AppModel.swift — app-wide state on the main actor: the store, the sync session, the profile
// list and the language. Screens call into it; it calls TsunaguKit (which works off the main
// thread) and publishes results.

import Foundation
import SwiftUI
import TsunaguKit

@MainActor
final class AppModel: ObservableObject {
    /// The profiles on this device, as the list screen shows them.
    @Published private(set) var profiles: [ProfileListItem] = []
    /// The last failure, shown as an alert; content-free by construction (ApiError).
    @Published var failure: AppFailure?
    /// The language of every word the core produces ("ja" or "en").
    let language: String

    private(set) var store: ProfileStore?
    private(set) var sync: SyncSession?
    /// The author passed with this device's edits: the "authorName" user default when set, else
    /// empty, so the core records this device's own name for the profile, which the edit screen
    /// asks for (with a role) before the first edit. A generic word such as "parent" would hide
    /// who made a change from the other members.
    var author: String {
        UserDefaults.standard.string(forKey: "authorName") ?? ""
    }

    init() {
        language = AppLanguage.current
    }

    /// Opens the store and loads the list (once, when the first window appears).
    func start() async {
        guard store == nil else { return }
        do {
            let store = try await ProfileStore.openDefault()
            self.store = store
            self.sync = try SyncSession(store: store)
            await reload()
        } catch {
            failure = AppFailure(error)
        }
    }

    /// Reloads the profile list.
    func reload() async {
        guard let store else { return }
        do { profiles = try await store.profiles() } catch { failure = AppFailure(error) }
    }

    /// Runs `body` with the store, reporting any failure; nil when it failed.
    func perform<T>(_ body: (ProfileStore) async throws -> T) async -> T? {
        guard let store else { return nil }
        do { return try await body(store) } catch {
            failure = AppFailure(error)
            return nil
        }
    }

    /// Runs `body` with the sync session, reporting any failure; nil when it failed.
    func performSync<T>(_ body: (SyncSession) async throws -> T) async -> T? {
        guard let sync else { return nil }
        do { return try await body(sync) } catch {
            failure = AppFailure(error)
            return nil
        }
    }

    /// A word of the app's chrome, from the core's Fluent messages in this language.
    func t(_ id: String, _ args: [String: String] = [:]) -> String { Words.message(id, language: language, args) }
}

/// A failure as an alert shows it: the core's localized, content-free message.
struct AppFailure: Identifiable {
    let id = UUID()
    let message: String

    init(_ error: Error) {
        message = Words.describe(error, language: AppLanguage.current)
    }
}
