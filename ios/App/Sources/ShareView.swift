// ShareView.swift — sharing a profile with the family and helpers: put it on a relay (end-to-end
// encrypted; the relay never reads it), then make invite links by role, shown as a QR code and
// through the system share sheet. The key travels in the link's fragment, never to the relay.

import CoreImage.CIFilterBuiltins
import SwiftUI
import TsunaguKit
import UIKit

struct ShareView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @AppStorage("relayURL") private var relayURL = ""
    @State private var role: MemberRole = .editor
    @State private var link: String?

    var body: some View {
        NavigationStack {
            Form {
                Section(model.t("app-share-relay")) {
                    TextField("https://", text: $relayURL)
                        .keyboardType(.URL)
                        .textInputAutocapitalization(.never)
                    Button(model.t("app-share-start")) { Task { await share() } }
                }
                Section(model.t("app-invite-title")) {
                    Picker(model.t("app-invite-role"), selection: $role) {
                        Text(model.t("app-role-editor")).tag(MemberRole.editor)
                        Text(model.t("app-role-viewer")).tag(MemberRole.viewer)
                    }
                    Button(model.t("app-invite-create")) { Task { await invite() } }
                    if let link {
                        if let image = InviteQR.image(for: link) {
                            Image(uiImage: image).interpolation(.none).resizable().scaledToFit()
                        }
                        ShareLink(item: link) { Label(model.t("app-invite-send"), systemImage: "square.and.arrow.up") }
                    }
                }
            }
            .navigationTitle(model.t("app-share-title"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-close")) { dismiss() } }
            }
        }
    }

    private func share() async {
        let id = profileId, relay = relayURL
        _ = await model.performSync { sync in try await sync.share(id, relay: relay) }
    }

    private func invite() async {
        let id = profileId, role = role
        link = await model.performSync { sync in try await sync.invite(id, role: role) }
    }
}

/// The invite link as a QR code for the other device's camera, drawn by Core Image. (The
/// shelter QR is the core's; an invite link is only a URL, so the system generator is enough.)
enum InviteQR {
    static func image(for link: String) -> UIImage? {
        let filter = CIFilter.qrCodeGenerator()
        filter.message = Data(link.utf8)
        filter.correctionLevel = "M"
        guard let output = filter.outputImage?.transformed(by: CGAffineTransform(scaleX: 8, y: 8)),
              let cg = CIContext().createCGImage(output, from: output.extent)
        else { return nil }
        return UIImage(cgImage: cg)
    }
}
