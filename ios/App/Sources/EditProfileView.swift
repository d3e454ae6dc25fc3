// EditProfileView.swift — the edit screen: renders TsunaguKit's EditForm (the core's form model
// with the profile's values). Sections → typed inputs by kind (number with unit, date, choice,
// yes/no, phone, text), "add a device" by kind, the dialog confirming unusual values, and review
// items ("values differ — check") to resolve. No rule lives here: the core checks every input as
// it is typed and refuses or warns on save. A device with no name for the profile is asked for
// one (and a role) before its first edit: the core refuses an edit without it. Not compiled here (no iOS SDK); EditForm is tested
// on Linux (scripts/test-swift).

import SwiftUI
import TsunaguKit

struct EditProfileView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var form: EditForm?
    /// The form's sections as last published (EditForm is a plain class: copied after each call).
    @State private var sections: [SectionInputs] = []
    @State private var reviews: [ReviewInputs] = []
    @State private var warnings: [Warning] = []
    @State private var problem: String?
    /// Asking for this device's name: before the first edit, or when a save was refused for it.
    @State private var askName = false
    @State private var saveAfterName = false
    @State private var deviceName = ""
    @State private var deviceRole = ""

    var body: some View {
        NavigationStack {
            Form {
                if let problem { Text(problem).foregroundStyle(.red) }
                if !reviews.isEmpty {
                    Section(model.t("app-review-title")) {
                        ForEach(reviews, id: \.path) { review in reviewRow(review) }
                    }
                }
                ForEach(sections, id: \.info.key) { section in
                    Section(section.info.label) {
                        ForEach(section.fields, id: \.path) { input($0) }
                        ForEach(section.entities, id: \.id) { entity in
                            ForEach(entity.fields, id: \.path) { input($0) }
                            Divider()
                        }
                        ForEach(section.collections, id: \.self) { addButton($0, in: section) }
                    }
                }
            }
            .navigationTitle(model.t("app-edit"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button(model.t("app-save")) { Task { await save(confirming: false) } }
                }
            }
            .alert(model.t("app-confirm-title"), isPresented: Binding(
                get: { !warnings.isEmpty }, set: { if !$0 { warnings = [] } })
            ) {
                Button(model.t("app-confirm-save")) { Task { await save(confirming: true) } }
                Button(model.t("app-cancel"), role: .cancel) { warnings = [] }
            } message: {
                Text(warnings.map(\.message).joined(separator: "\n"))
            }
            .alert(model.t("app-device-name-title"), isPresented: $askName) {
                TextField(model.t("app-device-name"), text: $deviceName)
                TextField(model.t("app-device-role"), text: $deviceRole)
                Button(model.t("app-device-name-save")) { Task { await nameDevice() } }
                Button(model.t("app-cancel"), role: .cancel) {
                    if form?.needsDeviceName ?? false { dismiss() }
                }
            } message: {
                Text(model.t("app-device-name-why"))
            }
        }
        .task {
            let id = profileId, language = model.language, author = model.author
            if let loaded = await model.perform({ store in
                try await EditForm.load(store: store, profileId: id, language: language, author: author)
            }) {
                form = loaded
                sections = loaded.sections
                reviews = (try? await loaded.reviewItems()) ?? []
                askName = loaded.needsDeviceName
            }
        }
    }

    /// One input, by the core's input kind.
    @ViewBuilder private func input(_ f: FieldInput) -> some View {
        let label = f.info.unit.map { "\(f.info.label) (\($0))" } ?? f.info.label
        let text = Binding(get: { f.text }, set: { typed(f.path, $0) })
        VStack(alignment: .leading) {
            switch f.info.kind {
            case "yes_no":
                Toggle(label, isOn: Binding(get: { f.text == "true" }, set: { typed(f.path, $0 ? "true" : "false") }))
            case "choice":
                Picker(label, selection: text) {
                    Text("—").tag("")
                    ForEach(f.info.options, id: \.value) { Text($0.label).tag($0.value) }
                }
            case "number":
                TextField(label, text: text).keyboardType(.decimalPad)
            case "phone":
                TextField(label, text: text).keyboardType(.phonePad)
            case "long_text":
                TextField(label, text: text, axis: .vertical)
            default:
                // Text, dates (令和6年4月1日 and 2024/04/01 are fine), times, lists.
                TextField(label, text: text)
            }
            if let error = f.error {
                Text(error).font(.footnote).foregroundStyle(.red)
            } else if f.changed {
                Text(f.info.help).font(.footnote).foregroundStyle(.secondary)
            }
        }
    }

    @ViewBuilder private func addButton(_ collection: String, in section: SectionInputs) -> some View {
        if collection == "devices" {
            // "Add a device" by kind: the kinds and their labels come from the form model.
            let kinds = section.info.fields.first { $0.key == "devices.kind" }?.options ?? []
            Menu(model.t("app-add-device")) {
                ForEach(kinds, id: \.value) { kind in
                    Button(kind.label) { change { _ = try $0.addDevice(kind: kind.value) } }
                }
            }
        } else {
            Button(model.t("app-add-entry")) { change { _ = try $0.addEntity(collection) } }
        }
    }

    private func reviewRow(_ review: ReviewInputs) -> some View {
        VStack(alignment: .leading) {
            Text(model.t("review-values-differ")).foregroundStyle(.red)
            Text(review.label).font(.headline)
            ForEach(review.values, id: \.index) { value in
                HStack {
                    Text("\(value.text) — \(value.author ?? "")")
                    Spacer()
                    Button(model.t("app-review-keep")) { Task { await resolve(review.path, value.index) } }
                }
            }
        }
    }

    private func typed(_ path: String, _ text: String) {
        form?.type(path, text)
        if let form { sections = form.sections }
    }

    private func change(_ body: (EditForm) throws -> Void) {
        guard let form else { return }
        do { try body(form) } catch { model.failure = AppFailure(error) }
        sections = form.sections
    }

    private func save(confirming: Bool) async {
        guard let form else { return }
        warnings = []
        do {
            switch try await (confirming ? form.confirmAndSave() : form.save()) {
            case .done:
                dismiss()
            case let .fieldError(_, label, message):
                problem = "\(label): \(message)"
                sections = form.sections
            case let .needsConfirmation(found):
                warnings = found
            case let .needsDeviceName(message):
                problem = message
                saveAfterName = true
                askName = true
            }
        } catch {
            model.failure = AppFailure(error)
        }
    }

    private func nameDevice() async {
        guard let form else { return }
        do {
            if let refused = try await form.nameDevice(deviceName, role: deviceRole) {
                problem = refused
                askName = true
                return
            }
            problem = nil
            if saveAfterName {
                saveAfterName = false
                await save(confirming: false)
            }
        } catch {
            model.failure = AppFailure(error)
        }
    }

    private func resolve(_ path: String, _ choice: Int) async {
        guard let form else { return }
        do {
            try await form.resolve(path, choice: choice)
            reviews = try await form.reviewItems()
            sections = form.sections
        } catch {
            model.failure = AppFailure(error)
        }
    }
}
