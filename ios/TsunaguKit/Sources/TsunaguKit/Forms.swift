// Forms.swift — the core's form model for edit screens: sections and typed fields worded in the
// asked language, typed-text normalization, and the EditOp builders for typed text and for the
// confirmation of an unusual value.

import Foundation
import TsunaguFFI

/// The form model (plain functions: no store, no I/O).
public enum Forms {
    /// Every section of a profile's form, labels and help in `lang` (`ja` or `en`).
    public static func model(lang: String) throws -> [FormSectionInfo] {
        try formModel(langTag: lang)
    }

    /// The fields of a new device of `kind` (`ventilator`): the common ones and that kind's settings.
    public static func deviceFields(kind: String, lang: String) throws -> [FormFieldInfo] {
        try deviceFormFields(kind: kind, langTag: lang)
    }

    /// What was typed for `path` as the JSON value the core stores (`６ｃｍＨ２Ｏ` → `6`).
    public static func normalize(path: String, text: String) throws -> String {
        try normalizeInput(path: path, text: text)
    }
}

public extension EditOp {
    /// Sets the field at `path` to what the person typed; the core normalizes it.
    static func typed(_ path: String, _ text: String) throws -> EditOp {
        .set(path: path, valueJson: try jsonText(text, path: path))
    }

    /// Confirms the unusual value at `path` written in the same batch (kept in the history).
    static func confirmUnusual(_ path: String) -> EditOp {
        .confirm(path: path)
    }
}
