// ProfileListView.swift — the first screen: every child's profile on this device, with ways to
// add one (empty, the fictional sample) or join one shared by the family (invite link / QR).

import SwiftUI
import TsunaguKit

struct ProfileListView: View {
    @EnvironmentObject private var model: AppModel
    @State private var joining = false

    var body: some View {
        NavigationStack {
            List(model.profiles, id: \.id) { item in
                NavigationLink(value: item.id) {
                    VStack(alignment: .leading) {
                        // An unnamed profile shows its random id (never content).
                        Text(item.name ?? item.id).font(.headline)
                        if let kana = item.nameKana { Text(kana).font(.caption).foregroundStyle(.secondary) }
                    }
                }
            }
            .overlay { if model.profiles.isEmpty { Text(model.t("app-no-profiles")).foregroundStyle(.secondary) } }
            .navigationTitle(model.t("app-profiles"))
            .navigationDestination(for: String.self) { id in ProfileDetailView(profileId: id) }
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    Menu {
                        Button(model.t("app-add-empty")) { Task { await create(sample: false) } }
                        Button(model.t("app-add-sample")) { Task { await create(sample: true) } }
                        Button(model.t("app-join")) { joining = true }
                    } label: { Image(systemName: "plus") }
                }
            }
            .refreshable { await model.reload() }
            .sheet(isPresented: $joining) { JoinView() }
            .alert(item: $model.failure) { failure in Alert(title: Text(failure.message)) }
        }
    }

    private func create(sample: Bool) async {
        let author = model.author
        _ = await model.perform { store in
            if sample { return try await store.createSample(author: author) }
            return try await store.createEmpty(author: author)
        }
        await model.reload()
    }
}
