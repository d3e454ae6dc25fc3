// SyncStatusView.swift — one line saying whether the profile is shared, when it last synced,
// how many local changes wait to go out, and the last problem (offline…), from the
// AsyncStream TsunaguKit publishes. A tap syncs now; offline is a status, not an error.

import SwiftUI
import TsunaguKit

struct SyncStatusView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @State private var status: SyncStatus?

    var body: some View {
        Button {
            let id = profileId
            Task { _ = await model.performSync { sync in try await sync.syncNow(id) } }
        } label: {
            Label(Words.describe(status: status, language: model.language),
                  systemImage: status?.shared == true ? "arrow.triangle.2.circlepath" : "icloud.slash")
        }
        .disabled(status?.shared != true)
        .accessibilityHint(model.t("app-sync-now"))
        .task(id: profileId) {
            guard let sync = model.sync else { return }
            for await next in sync.statusUpdates(profileId) { status = next }
        }
    }
}
