// EditForm.swift — the edit screen's view model, independent of SwiftUI: the core's form model
// filled with a profile's current values, typed text checked by the core as it is typed, "add a
// device" by kind, save with the core's field errors and warnings to confirm, and review items
// to resolve. Every rule (normalization, ranges, warnings, which settings a device kind has) is
// the core's; this type only keeps what is being typed and turns the core's answers into states.
// Before the first edit of a profile on this device the screen asks for the device's name (the
// core refuses an edit from a device without one): `needsDeviceName`, `nameDevice(_:role:)`.

import Foundation
import TsunaguFFI

/// One input of the screen: a form field at a concrete path, its stored value and what is typed.
public struct FieldInput {
    /// Label, help, input kind (`number`, `date`, `choice`, `yes_no`, `phone`, `text`…), unit, options.
    public let info: FormFieldInfo
    /// Concrete dotted path (`devices.dev-1.settings.ventilator.peep`).
    public let path: String
    /// The stored value as text to edit (`6`, `2024-04-01`, `female`, `true`), empty when none.
    public let stored: String
    /// Who last changed the stored value, and when.
    public let written: ProvenanceInfo?
    /// What is in the input now: the stored text until the person types.
    public var text: String
    /// The core's words when `text` does not have the field's form (label and expected form).
    public var error: String?

    /// True when the person changed the input.
    public var changed: Bool { text != stored }
}

/// A device, medication, contact… of a collection: its inputs, and whether it is not saved yet.
public struct EntityInputs {
    /// The collection (`devices`, `allergies.items`).
    public let collection: String
    /// The entity id (a fresh one for a new entity).
    public let id: String
    /// True for an entity added on this screen and not saved yet.
    public let isNew: Bool
    /// Its inputs, in the form's order.
    public var fields: [FieldInput]
}

/// A section of the form: its own inputs, then its entities.
public struct SectionInputs {
    public let info: FormSectionInfo
    /// Inputs of the section itself (none for a pure collection such as `devices`).
    public var fields: [FieldInput]
    /// Entities of the section's collections, stored ones first, then new ones.
    public var entities: [EntityInputs]
    /// Collections an entity can be added to here (`devices`; `allergies.items`).
    public let collections: [String]
}

/// An unusual value to confirm: its path and the core's sentence in the form's language.
public struct Warning: Equatable, Sendable {
    public let path: String
    public let message: String
}

/// What saving did.
public enum SaveResult: Equatable, Sendable {
    /// Saved (durable); `change` is nil when nothing had changed. The form shows the new values.
    case done(change: String?)
    /// Nothing was saved: the input at `path` (`label`) does not fit; `message` says the expected form.
    case fieldError(path: String, label: String, message: String)
    /// Nothing was saved: unusual values. Show them; `confirmAndSave()` saves them with a confirmation.
    case needsConfirmation([Warning])
    /// Nothing was saved: this device has no name for the profile yet (`message` says why one is
    /// needed). Ask for it, `nameDevice(_:role:)`, then save again: what was typed is kept.
    case needsDeviceName(message: String)
}

/// One of the values of a field under review; `index` is what `EditForm.resolve` takes.
public struct ReviewChoice: Equatable, Sendable {
    public let index: Int
    public let text: String
    public let author: String?
    public let atMs: Int64?
    public let shown: Bool
}

/// A field whose values differ after concurrent edits on two devices ("values differ — check").
public struct ReviewInputs: Equatable, Sendable {
    public let path: String
    public let label: String
    public let values: [ReviewChoice]
}

/// The edit screen of one profile in one language, editing as one author. Load it with
/// `load(store:profileId:language:author:)`; after every call read `sections` and render them.
public final class EditForm: @unchecked Sendable {
    // @unchecked: meant to be used from one task at a time (the screen's); every core call goes
    // through the store's serial worker.
    private let store: ProfileStore
    public let profileId: String
    public let language: String
    private let author: String
    /// The form as it is now: sections, inputs with stored and typed values, errors.
    public private(set) var sections: [SectionInputs] = []
    /// This device's name and role in the profile, nil until it is named (`nameDevice(_:role:)`).
    public private(set) var deviceName: DeviceNameInfo?
    /// True while this device has no name for the profile: the screen asks for one (first run, or
    /// a profile just imported or joined) before the first edit, which the core refuses without it.
    public var needsDeviceName: Bool { deviceName == nil }
    /// The batch refused with warnings, kept for `confirmAndSave()`.
    private var awaiting: (ops: [EditOp], warnings: [Warning])?

    private init(store: ProfileStore, profileId: String, language: String, author: String) {
        self.store = store
        self.profileId = profileId
        self.language = language
        self.author = author
    }

    /// The form of profile `profileId` with its current values.
    public static func load(store: ProfileStore, profileId: String, language: String, author: String) async throws -> EditForm {
        let form = EditForm(store: store, profileId: profileId, language: language, author: author)
        try await form.reload()
        return form
    }

    /// Reads the stored values again (after a save, a sync, a resolved review); typed text is dropped.
    public func reload() async throws {
        deviceName = try await store.deviceName(profileId)
        var loaded: [SectionInputs] = []
        for section in try Forms.model(lang: language) {
            let byKey = Dictionary(section.fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let filled = try await store.formValues(profileId, section: section.key)
            var own: [FieldInput] = []
            var entities: [EntityInputs] = []
            for f in filled {
                guard let info = byKey[f.key] else { continue }
                let input = FieldInput(info: info, path: f.path, stored: f.text, written: f.written, text: f.text)
                guard let collection = f.collection, let id = f.entityId else {
                    own.append(input)
                    continue
                }
                if let i = entities.firstIndex(where: { $0.collection == collection && $0.id == id }) {
                    entities[i].fields.append(input)
                } else {
                    entities.append(EntityInputs(collection: collection, id: id, isNew: false, fields: [input]))
                }
            }
            var collections: [String] = []
            for c in section.fields.compactMap(\.collection) where !collections.contains(c) { collections.append(c) }
            loaded.append(SectionInputs(info: section, fields: own, entities: entities, collections: collections))
        }
        sections = loaded
        awaiting = nil
    }

    /// The input at `path`, if the form shows it.
    public func input(_ path: String) -> FieldInput? {
        for s in sections {
            if let f = s.fields.first(where: { $0.path == path }) { return f }
            for e in s.entities {
                if let f = e.fields.first(where: { $0.path == path }) { return f }
            }
        }
        return nil
    }

    /// The person typed `text` into the input at `path`: the core checks it at once (full-width
    /// digits, a unit after the number, 令和 dates and choice labels are fine); a text it cannot
    /// read gets its error. Returns the updated input.
    @discardableResult
    public func type(_ path: String, _ text: String) -> FieldInput? {
        var problem: String?
        do {
            _ = try Forms.normalize(path: path, text: text)
        } catch ApiError.InputForm(_, let messageJa, let messageEn) {
            problem = language == "en" ? messageEn : messageJa
        } catch {
            problem = Words.message("app-error", language: language, ["reason": "\(Swift.type(of: error))"])
        }
        update(path) { $0.text = text; $0.error = problem }
        return input(path)
    }

    /// Adds a new device of `kind` (`ventilator`): the common fields and that kind's settings only.
    public func addDevice(kind: String) throws -> EntityInputs {
        try addEntity("devices", fields: try Forms.deviceFields(kind: kind, lang: language), preset: ["devices.kind": kind])
    }

    /// Adds a new entity to `collection` (`medications`, `contacts`, `allergies.items`…).
    public func addEntity(_ collection: String) throws -> EntityInputs {
        let fields = sections.first { $0.collections.contains(collection) }?.info.fields
            .filter { $0.collection == collection } ?? []
        return try addEntity(collection, fields: fields, preset: [:])
    }

    private func addEntity(_ collection: String, fields: [FormFieldInfo], preset: [String: String]) throws -> EntityInputs {
        let id = try newEntityId(collection: collection)
        let inputs = fields.map { info in
            FieldInput(info: info, path: "\(collection).\(id)" + info.key.dropFirst(collection.count),
                       stored: "", written: nil, text: preset[info.key] ?? "")
        }
        let entity = EntityInputs(collection: collection, id: id, isNew: true, fields: inputs)
        for i in sections.indices where sections[i].collections.contains(collection) {
            sections[i].entities.append(entity)
        }
        return entity
    }

    /// Removes a new entity that was not saved yet (a stored one is removed with an edit).
    public func discard(collection: String, id: String) {
        for i in sections.indices {
            sections[i].entities.removeAll { $0.isNew && $0.collection == collection && $0.id == id }
        }
    }

    /// Saves every changed input and every new entity as one change. Refused whole with the
    /// first field error, or with the warnings to confirm; other failures throw `ApiError` (a
    /// viewer's device: `.ViewerCannotEdit`).
    public func save() async throws -> SaveResult {
        try await send(try pendingOps())
    }

    /// Saves the batch last refused with warnings, confirming each (recorded with who and when).
    public func confirmAndSave() async throws -> SaveResult {
        guard let pending = awaiting else { return try await save() }
        var paths: [String] = []
        for w in pending.warnings where !paths.contains(w.path) { paths.append(w.path) }
        return try await send(pending.ops + paths.map { EditOp.confirm(path: $0) })
    }

    private func pendingOps() throws -> [EditOp] {
        var ops: [EditOp] = []
        for s in sections {
            for f in s.fields where f.changed { ops.append(try .typed(f.path, f.text)) }
            for e in s.entities {
                if e.isNew {
                    let prefix = "\(e.collection).\(e.id)."
                    let body = e.fields.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
                        .map { (String($0.path.dropFirst(prefix.count)), $0.text) }
                    if !body.isEmpty {
                        ops.append(.add(collection: e.collection, id: e.id, entityJson: try nestedObject(body)))
                    }
                } else {
                    for f in e.fields where f.changed { ops.append(try .typed(f.path, f.text)) }
                }
            }
        }
        return ops
    }

    /// Names this device in the profile: `name` (required) and a `role` (母, 訪問看護師, or a code
    /// such as `mother`; optional), which every member then sees beside this device's changes.
    /// Returns the core's words in the form's language when they cannot be saved (an empty or too
    /// long name), else nil. Typed inputs are kept.
    public func nameDevice(_ name: String, role: String?) async throws -> String? {
        let role = role.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        do {
            try await store.setDeviceName(profileId, name: name, role: role)
        } catch ApiError.InvalidDeviceName(let messageJa, let messageEn) {
            return language == "en" ? messageEn : messageJa
        }
        deviceName = try await store.deviceName(profileId)
        return nil
    }

    private func send(_ ops: [EditOp]) async throws -> SaveResult {
        if ops.isEmpty { return .done(change: nil) }
        if needsDeviceName {
            return .needsDeviceName(message: Words.message("member-name-missing", language: language))
        }
        do {
            let hash = try await store.edit(profileId, ops, author: author)
            try await reload()
            return .done(change: hash)
        } catch ApiError.NeedsConfirmation(let found) {
            let warnings = found.map { Warning(path: $0.path, message: language == "en" ? $0.messageEn : $0.messageJa) }
            awaiting = (ops.filter { if case .confirm = $0 { return false } else { return true } }, warnings)
            return .needsConfirmation(warnings)
        } catch ApiError.DeviceNameMissing(_, let messageJa, let messageEn) {
            deviceName = nil
            return .needsDeviceName(message: language == "en" ? messageEn : messageJa)
        } catch ApiError.InputForm(let field, let messageJa, let messageEn) {
            return fieldError(field, language == "en" ? messageEn : messageJa)
        } catch ApiError.InvalidInput(let violations) where !violations.isEmpty {
            return fieldError(violations[0].field, violations[0].rule)
        }
    }

    private func fieldError(_ path: String, _ message: String) -> SaveResult {
        update(path) { $0.error = message }
        let label = input(path)?.info.label ?? (try? formField(path: path, langTag: language))?.label ?? path
        return .fieldError(path: path, label: label, message: message)
    }

    /// Fields of this profile whose values differ after concurrent edits, labelled, with every value.
    public func reviewItems() async throws -> [ReviewInputs] {
        try await store.reviewItems(profileId).map { item in
            let label = (try? formField(path: item.path, langTag: language))?.label ?? item.path
            let values = item.values.enumerated().map { i, v in
                ReviewChoice(index: i, text: v.text, author: v.written?.author, atMs: v.written?.atMs, shown: v.shown)
            }
            return ReviewInputs(path: item.path, label: label, values: values)
        }
    }

    /// Keeps value `choice` of the field under review at `path` (a new change every device agrees on).
    @discardableResult
    public func resolve(_ path: String, choice: Int) async throws -> String? {
        let hash = try await store.resolveReview(profileId, path: path, choice: choice, author: author)
        try await reload()
        return hash
    }

    private func update(_ path: String, _ change: (inout FieldInput) -> Void) {
        for s in sections.indices {
            for f in sections[s].fields.indices where sections[s].fields[f].path == path { change(&sections[s].fields[f]) }
            for e in sections[s].entities.indices {
                for f in sections[s].entities[e].fields.indices where sections[s].entities[e].fields[f].path == path {
                    change(&sections[s].entities[e].fields[f])
                }
            }
        }
    }
}

/// A JSON object from dotted paths (`settings.ventilator.peep`) to text leaves, nested.
func nestedObject(_ leaves: [(String, String)]) throws -> String {
    final class Node {
        var keys: [String] = []
        var children: [String: Node] = [:]
        var values: [String: String] = [:]
    }
    let root = Node()
    for (path, text) in leaves {
        let keys = path.split(separator: ".").map(String.init)
        var node = root
        for k in keys.dropLast() {
            if let child = node.children[k] {
                node = child
            } else {
                let child = Node()
                node.children[k] = child
                node.keys.append(k)
                node = child
            }
        }
        if let last = keys.last {
            if node.values[last] == nil && node.children[last] == nil { node.keys.append(last) }
            node.values[last] = text
        }
    }
    func write(_ node: Node) throws -> String {
        let parts = try node.keys.map { k -> String in
            let value = try node.children[k].map(write) ?? jsonText(node.values[k] ?? "", path: k)
            return try jsonText(k, path: k) + ":" + value
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
    return try write(root)
}
