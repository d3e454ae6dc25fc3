// QRView.swift — the shelter QR: a plain-text summary (self-reported, dated, ≤ 1 KB) that any
// phone camera shows as text, with no app and no network. The core makes both text and PNG.

import SwiftUI
import TsunaguKit
import UIKit

struct QRView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var qr: ShelterQr?

    var body: some View {
        NavigationStack {
            ScrollView {
                if let qr, let image = UIImage(data: qr.png) {
                    Image(uiImage: image)
                        .interpolation(.none)
                        .resizable()
                        .scaledToFit()
                        .padding()
                    Text(qr.text).font(.footnote.monospaced()).padding()
                } else {
                    ProgressView()
                }
            }
            .navigationTitle(model.t("app-qr"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
            }
        }
        .task {
            let id = profileId, language = model.language
            qr = await model.perform { store in try await store.shelterQR(id, languages: [language]) }
        }
    }
}
