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
            Picker(model.t("app-profiles"), selection: $audience) {
                Text(model.t("app-view-shelter")).tag(ViewAudience.shelter)
                Text(model.t("app-view-ems")).tag(ViewAudience.ems)
                Text(model.t("app-view-caregiver")).tag(ViewAudience.caregiver)
            }
            .pickerStyle(.segmented)
            .labelsHidden()
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
                Button { sheet = .card } label: { Label(model.t("app-card"), systemImage: "doc.richtext") }
                Button { sheet = .qr } label: { Label(model.t("app-qr"), systemImage: "qrcode") }
                Button { sheet = .edit } label: { Label(model.t("app-edit"), systemImage: "pencil") }
                Button { sheet = .share } label: { Label(model.t("app-share"), systemImage: "person.2.badge.plus") }
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
    @EnvironmentObject private var model: AppModel

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(item.label).font(.caption).foregroundStyle(.secondary)
            Text(item.value)
            if let detail = item.detail { Text(detail).font(.footnote) }
            // Provenance: who verified the section (the core's label and role words), else who
            // changed the item last and when (a name and a date, no words of the app's own).
            if let who = item.freshness.verifiedBy, let role = item.freshness.verifiedRole,
               let on = item.freshness.verifiedOn {
                Text(model.t("view-part", ["label": Words.fieldLabel("verifications.by", language: model.language),
                                           "value": "\(who) (\(role), \(on))"]))
                    .font(.caption2).foregroundStyle(.green)
            } else if let who = item.freshness.changedBy, let ms = item.freshness.changedAtMs {
                Text("\(who) · \(Self.day(ms))").font(.caption2).foregroundStyle(.secondary)
            }
            if let stale = item.freshness.stale {
                Label(stale.message, systemImage: "exclamationmark.triangle.fill")
                    .font(.footnote).foregroundStyle(.orange)
            }
        }
    }

    /// Milliseconds since the epoch as the local `YYYY-MM-DD`.
    private static func day(_ ms: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(ms) / 1000).formatted(.iso8601.year().month().day())
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
