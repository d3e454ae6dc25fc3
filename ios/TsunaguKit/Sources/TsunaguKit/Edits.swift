// Edits.swift — typed builders for the core's edit operations.
//
// The generated `EditOp` carries values as JSON text, exactly what the core's edit paths and JSON
// Schema use. These builders encode Swift values (String, Int, Double, Bool, Encodable structs,
// nil) into that JSON so app code never writes JSON by hand. The core still checks every value
// (types, units, ranges, code lists) and names the field when one is wrong.

import Foundation
import TsunaguFFI

/// Errors of the Swift side itself, before anything reaches the core.
public enum TsunaguKitError: Error, Equatable, Sendable {
    /// A value could not be encoded as JSON (a non-finite number, a failing `Encodable`). `path`
    /// is the field it was meant for; the value itself is never included.
    case unencodableValue(path: String)
}

/// Builders for `EditOp`, the typed changes a batch given to `ProfileStore.edit` is made of.
public extension EditOp {
    /// Sets the field at `path` to `value` (a scalar or a whole group). Use `clear(_:)` for nil.
    static func set<Value: Encodable>(_ path: String, to value: Value) throws -> EditOp {
        .set(path: path, valueJson: try jsonText(value, path: path))
    }

    /// Clears the optional field at `path`.
    static func clear(_ path: String) -> EditOp {
        .set(path: path, valueJson: "null")
    }

    /// Adds `entity` to the collection at `collection` under a fresh id (or `id`), placed last.
    static func add<Entity: Encodable>(to collection: String, _ entity: Entity, id: String? = nil) throws -> EditOp {
        .add(collection: collection, id: id, entityJson: try jsonText(entity, path: collection))
    }

    /// Applies an RFC 7396 JSON Merge Patch (given as an Encodable value) as field-level edits.
    static func mergePatch<Patch: Encodable>(_ patch: Patch) throws -> EditOp {
        .patch(patchJson: try jsonText(patch, path: ""))
    }
}

/// `value` as JSON text (top-level scalars included).
func jsonText<Value: Encodable>(_ value: Value, path: String) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
        throw TsunaguKitError.unencodableValue(path: path)
    }
    return text
}
