// ProfileDetailView.swift — one child's profile as the core's audience views (shelter, EMS,
// caregiver) render it: sections by priority, each item with its freshness and stale warning.
// Toolbar: card, shelter QR, edit, share, sync. Nothing is computed here; it is all the view model.

import SwiftUI
import TsunaguKit

struct ProfileDetailView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @State private var audience: ViewAudience = .shelter
    @State private var view: ProfileView?
    @State private var sheet: Sheet?

    enum Sheet: String, Identifiable {
        case card, qr, edit, share
        var id: String { rawValue }
    }

    var body: some View {
        List {
            Picker(model.t("app-view-audience"), selection: $audience) {
                Text(model.t("app-view-shelter")).tag(ViewAudience.shelter)
                Text(model.t("app-view-ems")).tag(ViewAudience.ems)
                Text(model.t("app-view-caregiver")).tag(ViewAudience.caregiver)
            }
            .pickerStyle(.segmented)
            SyncStatusView(profileId: profileId)
            if let view {
                ForEach(view.sections, id: \.id) { section in
                    Section {
                        ForEach(Array(section.items.enumerated()), id: \.offset) { _, item in
                            ViewItemRow(item: item)
                        }
                    } header: {
                        Label(section.title, systemImage: "circle.fill")
                            .labelStyle(PriorityLabelStyle(priority: section.priority))
                    }
                }
            }
        }
        .navigationTitle(view?.title ?? "")
        .toolbar {
            ToolbarItemGroup(placement: .bottomBar) {
                Button { sheet = .card } label: { Image(systemName: "doc.richtext") }
                Button { sheet = .qr } label: { Image(systemName: "qrcode") }
                Button { sheet = .edit } label: { Image(systemName: "pencil") }
                Button { sheet = .share } label: { Image(systemName: "person.2.badge.plus") }
            }
        }
        .sheet(item: $sheet, onDismiss: { Task { await load() } }) { sheet in
            switch sheet {
            case .card: CardView(profileId: profileId)
            case .qr: QRView(profileId: profileId)
            case .edit: EditProfileView(profileId: profileId)
            case .share: ShareView(profileId: profileId)
            }
        }
        .task(id: audience) { await load() }
    }

    private func load() async {
        let audience = audience, language = model.language, id = profileId
        view = await model.perform { store in try await store.view(id, for: audience, language: language) }
    }
}

/// One item: label and value, the detail, and its freshness (changed by / verified by / stale).
struct ViewItemRow: View {
    let item: ViewLine

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(item.label).font(.caption).foregroundStyle(.secondary)
            Text(item.value)
            if let detail = item.detail { Text(detail).font(.footnote) }
            if let stale = item.freshness.stale {
                Label(stale.message, systemImage: "exclamationmark.triangle.fill")
                    .font(.footnote).foregroundStyle(.orange)
            }
        }
    }
}

/// Colours a section header by the core's priority (red: life and death; amber; green).
struct PriorityLabelStyle: LabelStyle {
    let priority: ViewPriority

    func makeBody(configuration: Configuration) -> some View {
        HStack {
            configuration.icon.foregroundStyle(color)
            configuration.title
        }
    }

    private var color: Color {
        switch priority {
        case .red: return .red
        case .amber: return .orange
        case .green: return .green
        }
    }
}
