// EditProfileView.swift — an edit form for the child's basic facts (name, reading, nickname,
// weight). It sends only the fields that changed, as one batch; the core validates the batch
// (types, units, ranges, dates) and either writes all of it durably or nothing. A refusal names
// each field and rule, shown under the field.

import SwiftUI
import TsunaguKit

struct EditProfileView: View {
    let profileId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var original: ChildForm?
    @State private var form = ChildForm.Child(name: nil, nameKana: nil, nickname: nil)
    @State private var violations: [String: String] = [:]

    var body: some View {
        NavigationStack {
            Form {
                Section(Words.fieldLabel("child", language: model.language)) {
                    field("child.name", text: $form.name)
                    field("child.name_kana", text: $form.nameKana)
                    field("child.nickname", text: $form.nickname)
                }
                Section(Words.fieldLabel("child.weight", language: model.language)) {
                    TextField(Words.fieldLabel("child.weight.kg", language: model.language),
                              value: $form.weight.kg, format: .number).keyboardType(.decimalPad)
                    violation("child.weight.kg")
                    TextField(Words.fieldLabel("child.weight.measured_on", language: model.language),
                              text: $form.weight.measuredOnText)
                    violation("child.weight.measured_on")
                }
            }
            .navigationTitle(model.t("app-edit"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(model.t("app-cancel")) { dismiss() } }
                ToolbarItem(placement: .confirmationAction) { Button(model.t("app-save")) { Task { await save() } } }
            }
        }
        .task {
            let id = profileId
            if let loaded = await model.perform({ store in try await store.profile(id, as: ChildForm.self) }) {
                original = loaded
                form = loaded.child
            }
        }
    }

    private func field(_ path: String, text: Binding<String?>) -> some View {
        VStack(alignment: .leading) {
            TextField(Words.fieldLabel(path, language: model.language),
                      text: Binding(get: { text.wrappedValue ?? "" },
                                    set: { text.wrappedValue = $0.isEmpty ? nil : $0 }))
            violation(path)
        }
    }

    @ViewBuilder private func violation(_ path: String) -> some View {
        if let rule = violations[path] { Text(rule).font(.footnote).foregroundStyle(.red) }
    }

    private func save() async {
        guard let before = original?.child else { return }
        do {
            let edits = try form.edits(from: before)
            guard !edits.isEmpty, let store = model.store else { dismiss(); return }
            try await store.edit(profileId, edits, author: model.author)
            dismiss()
        } catch ApiError.InvalidInput(let found) {
            violations = Dictionary(found.map { ($0.field, $0.rule) }, uniquingKeysWith: { first, _ in first })
        } catch {
            model.failure = AppFailure(error)
        }
    }
}

/// The part of the profile JSON this form edits.
struct ChildForm: Decodable {
    var child: Child

    struct Child: Decodable {
        var name: String?
        var nameKana: String?
        var nickname: String?
        var weight = Weight()

        enum CodingKeys: String, CodingKey {
            case name, nickname, weight
            case nameKana = "name_kana"
        }

        /// The edits that turn `before` into this form, one per changed field.
        func edits(from before: Child) throws -> [EditOp] {
            var edits: [EditOp] = []
            func text(_ path: String, _ new: String?, _ old: String?) throws {
                guard new != old else { return }
                edits.append(try new.map { try EditOp.set(path, to: $0) } ?? EditOp.clear(path))
            }
            try text("child.name", name, before.name)
            try text("child.name_kana", nameKana, before.nameKana)
            try text("child.nickname", nickname, before.nickname)
            if weight.kg != before.weight.kg {
                edits.append(try weight.kg.map { try EditOp.set("child.weight.kg", to: $0) } ?? .clear("child.weight.kg"))
            }
            try text("child.weight.measured_on", weight.measuredOn, before.weight.measuredOn)
            return edits
        }
    }

    struct Weight: Decodable {
        var kg: Double?
        var measuredOn: String?
        /// The date as the text field edits it.
        var measuredOnText: String {
            get { measuredOn ?? "" }
            set { measuredOn = newValue.isEmpty ? nil : newValue }
        }

        enum CodingKeys: String, CodingKey {
            case kg
            case measuredOn = "measured_on"
        }
    }
}

extension ChildForm.Child {
    /// Decodes the child group; a group the profile does not hold yet reads as empty.
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  nameKana: try c.decodeIfPresent(String.self, forKey: .nameKana),
                  nickname: try c.decodeIfPresent(String.self, forKey: .nickname),
                  weight: try c.decodeIfPresent(ChildForm.Weight.self, forKey: .weight) ?? ChildForm.Weight())
    }
}
