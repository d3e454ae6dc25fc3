// The core's form model for edit screens: sections and typed fields worded in the asked
// language, typed-text normalization, and the builders for typed text and confirmations.
package jp.tsunagu

import jp.tsunagu.ffi.FormFieldInfo
import jp.tsunagu.ffi.FormSectionInfo
import jp.tsunagu.ffi.EditOp

/** The form model (plain functions: no store, no I/O). */
object Forms {
    /** Every section of a profile's form, labels and help in [lang] (`ja` or `en`). */
    fun model(lang: String): List<FormSectionInfo> = jp.tsunagu.ffi.formModel(lang)

    /** The fields of a new device of [kind] (`ventilator`): common ones and that kind's settings. */
    fun deviceFields(kind: String, lang: String): List<FormFieldInfo> = jp.tsunagu.ffi.deviceFormFields(kind, lang)

    /** What was typed for [path] as the JSON value the core stores (`６ｃｍＨ２Ｏ` → `6`). */
    fun normalize(path: String, text: String): String = jp.tsunagu.ffi.normalizeInput(path, text)

    /** The field at a concrete [path] (`devices.dev-1.settings.ventilator.peep`), worded in [lang]; `null` if unknown. */
    fun field(path: String, lang: String): FormFieldInfo? = jp.tsunagu.ffi.formField(path, lang)

    /** A fresh id for a new entity of [collection] (`devices` → `dev-…`). */
    fun newEntityId(collection: String): String = jp.tsunagu.ffi.newEntityId(collection)
}

/** Sets the field at [path] to what the person typed; the core normalizes it (units, eras, labels). */
fun EditBuilder.typed(path: String, text: String) {
    ops += EditOp.Set(path, Json.string(text))
}

/** Confirms the unusual value at [path] written in the same batch (kept in the history). */
fun EditBuilder.confirm(path: String) {
    ops += EditOp.Confirm(path)
}
