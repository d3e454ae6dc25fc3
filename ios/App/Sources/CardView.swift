// CardView.swift — the printable emergency card: the core's self-contained HTML
// (ProfileStore.cardHTML, the core's share::card) in a WKWebView, printed through the system print
// panel. The shelter card on A4, in Japanese and English side by side (the app's language first),
// as the Android app shows it. A failure is reported by AppModel.perform (an alert).

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
                if let html {
                    HTMLView(html: html, holder: web)
                } else {
                    ProgressView().padding()
                }
            }
            .navigationTitle(model.t("app-card"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
                ToolbarItem(placement: .primaryAction) {
                    Button { web.print(jobName: model.t("app-card")) } label: {
                        Label(model.t("app-card-print"), systemImage: "printer")
                    }
                    .disabled(html == nil)
                }
            }
        }
        .task {
            let languages = model.language == "en" ? ["en", "ja"] : ["ja", "en"]
            html = await model.perform { try await $0.cardHTML(profileId, for: .shelter, languages: languages, paper: .a4) }
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
