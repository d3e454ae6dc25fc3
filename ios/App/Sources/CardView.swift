// CardView.swift — the printable emergency card: the core's self-contained HTML in a WKWebView,
// printed through the system print panel (A4 and wallet sizes come from the card's own print CSS).
//
// NOT YET BUILDABLE: `ProfileStore.cardHTML` needs the card export ios/NEEDS.md asks bindings/
// for (the core's render_card landed on main after this branch started).

import SwiftUI
import TsunaguKit
import UIKit
import WebKit

struct CardView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var html: String?
    @StateObject private var web = WebViewHolder()

    var body: some View {
        NavigationStack {
            Group {
                if let html { HTMLView(html: html, holder: web) } else { ProgressView() }
            }
            .navigationTitle(model.t("app-card-title"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-close")) { dismiss() } }
                ToolbarItem(placement: .primaryAction) {
                    Button { web.print(jobName: model.t("app-card-title")) } label: { Image(systemName: "printer") }
                        .disabled(html == nil)
                }
            }
        }
        .task {
            let id = profileId, language = model.language
            html = await model.perform { store in
                try await store.cardHTML(id, audience: .shelter, languages: [language])
            }
        }
    }
}

/// Keeps the web view so the print button can reach it.
@MainActor
final class WebViewHolder: ObservableObject {
    let webView: WKWebView = {
        let configuration = WKWebViewConfiguration()
        // The card is self-contained: no scripts, no network.
        configuration.defaultWebpagePreferences.allowsContentJavaScript = false
        return WKWebView(frame: .zero, configuration: configuration)
    }()

    /// Opens the system print panel for what the web view shows.
    func print(jobName: String) {
        let info = UIPrintInfo(dictionary: nil)
        info.jobName = jobName
        info.outputType = .general
        let controller = UIPrintInteractionController.shared
        controller.printInfo = info
        controller.printFormatter = webView.viewPrintFormatter()
        controller.present(animated: true)
    }
}

/// A WKWebView showing an HTML string, with no base URL (nothing is fetched).
struct HTMLView: UIViewRepresentable {
    let html: String
    let holder: WebViewHolder

    func makeUIView(context: Context) -> WKWebView {
        holder.webView.loadHTMLString(html, baseURL: nil)
        return holder.webView
    }

    func updateUIView(_ view: WKWebView, context: Context) {}
}
