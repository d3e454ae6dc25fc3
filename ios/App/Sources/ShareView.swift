// ShareView.swift — sharing a profile with the family and helpers: put it on a relay (end-to-end
// encrypted; the relay never reads it), then make invite links by role, shown as a QR code and
// through the system share sheet. The key travels in the link's fragment, never to the relay.

import SwiftUI
import TsunaguKit
import UIKit

struct ShareView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @AppStorage("relayURL") private var relayURL = ""
    @State private var link: String?

    var body: some View {
        NavigationStack {
            Form {
                Section(model.t("app-share-relay")) {
                    TextField("https://", text: $relayURL)
                        .keyboardType(.URL)
                        .textInputAutocapitalization(.never)
                    Button(model.t("app-share")) { Task { await share() } }
                }
                Section(model.t("app-invite-link")) {
                    Button(model.t("app-invite-editor")) { Task { await invite(.editor) } }
                    Button(model.t("app-invite-viewer")) { Task { await invite(.viewer) } }
                    if let link {
                        if let png = try? QRCode.png(for: link), let image = UIImage(data: png) {
                            Image(uiImage: image).interpolation(.none).resizable().scaledToFit()
                        }
                        ShareLink(item: link) { Label(model.t("app-share"), systemImage: "square.and.arrow.up") }
                    }
                }
            }
            .navigationTitle(model.t("app-share"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
            }
        }
    }

    private func share() async {
        let id = profileId, relay = relayURL
        _ = await model.performSync { sync in try await sync.share(id, relay: relay) }
    }

    private func invite(_ role: MemberRole) async {
        let id = profileId
        link = await model.performSync { sync in try await sync.invite(id, role: role) }
    }
}
