// TsunaguApp.swift — the app's entry point: opens the store once and shows the profile list.
//
// The shell is deliberately thin: every behaviour (validation, views, readiness, QR, sync,
// crypto) is in the Rust core behind TsunaguKit, which is what the Linux Swift tests exercise.

import SwiftUI
import TsunaguKit

@main
struct TsunaguApp: App {
    @StateObject private var model = AppModel()

    var body: some Scene {
        WindowGroup {
            ProfileListView()
                .environmentObject(model)
                .task { await model.start() }
        }
    }
}
