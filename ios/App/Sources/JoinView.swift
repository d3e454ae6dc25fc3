// JoinView.swift — joining a profile someone shared: scan the invite QR with the camera
// (VisionKit's DataScannerViewController) or paste the link, then join through the relay. A
// malformed, tampered, used or expired link is refused with a typed error and nothing changes.
// The link carries no key: until the owner's device syncs and grants it, the view says so in the
// core's words (TsunaguKit's JoinState) and offers "Sync now"; then it closes on the profile.

import SwiftUI
import TsunaguKit
import UIKit
import VisionKit

struct JoinView: View {
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var link = ""
    @State private var scanning = false
    @State private var state: JoinState?

    var body: some View {
        NavigationStack {
            Form {
                TextField(model.t("app-join-paste"), text: $link, axis: .vertical)
                    .textInputAutocapitalization(.never)
                if DataScannerViewController.isSupported {
                    Button(model.t("app-join-scan")) { scanning = true }
                }
                Button(model.t("app-join")) { Task { await join() } }
                    .disabled(link.isEmpty)
                if let state, let message = state.message {
                    Section {
                        Text(message)
                        Button(model.t("app-sync-now")) { Task { await syncAgain(state.profileId) } }
                    }
                }
            }
            .navigationTitle(model.t("app-join"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
            }
            .sheet(isPresented: $scanning) {
                QRScanner { scanned in
                    link = scanned
                    scanning = false
                }
            }
        }
    }

    private func join() async {
        let link = link
        if let joined = await model.performSync({ sync in try await sync.join(link: link) }) {
            await show(JoinState(joined: joined, language: model.language))
        }
    }

    private func syncAgain(_ id: String) async {
        if let result = await model.performSync({ sync in try await sync.syncNow(id) }) {
            await show(JoinState(profileId: id, sync: result, language: model.language))
        }
    }

    /// Closes on the profile once it is here; otherwise stays and says why.
    private func show(_ next: JoinState) async {
        state = next
        if case .ready = next {
            await model.reload()
            dismiss()
        }
    }
}

/// The camera, reading the first QR code it sees.
struct QRScanner: UIViewControllerRepresentable {
    let found: (String) -> Void

    func makeUIViewController(context: Context) -> DataScannerViewController {
        let scanner = DataScannerViewController(
            recognizedDataTypes: [.barcode(symbologies: [.qr])],
            qualityLevel: .balanced,
            isHighlightingEnabled: true)
        scanner.delegate = context.coordinator
        return scanner
    }

    /// Scanning can start only once the controller is on screen.
    func updateUIViewController(_ controller: DataScannerViewController, context: Context) {
        if !controller.isScanning { try? controller.startScanning() }
    }

    func makeCoordinator() -> Coordinator { Coordinator(found: found) }

    final class Coordinator: NSObject, DataScannerViewControllerDelegate {
        let found: (String) -> Void
        init(found: @escaping (String) -> Void) { self.found = found }

        func dataScanner(_ scanner: DataScannerViewController, didAdd items: [RecognizedItem],
                         allItems: [RecognizedItem]) {
            for case let .barcode(code) in items {
                if let text = code.payloadStringValue {
                    scanner.stopScanning()
                    found(text)
                    return
                }
            }
        }
    }
}
