// The edit screen's view model, independent of any UI toolkit: the core's form model filled with
// a profile's current values, typed text checked by the core as it is typed, "add a device" by
// kind, save with the core's field errors and warnings to confirm, and review items to resolve.
// Before the first edit of a profile on this device the screen asks for the device's name (the
// core refuses an edit from a device without one): [EditForm.needsDeviceName], [EditForm.nameDevice].
// Every rule (normalization, ranges, warnings, which settings a device kind has) is the core's;
// this class only keeps what is being typed and turns the core's answers into screen states.
package jp.tsunagu

import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.DeviceNameInfo
import jp.tsunagu.ffi.EditOp
import jp.tsunagu.ffi.FormFieldInfo
import jp.tsunagu.ffi.FormSectionInfo
import jp.tsunagu.ffi.ProvenanceInfo

/** One input of the screen: a form field at a concrete path, its stored value and what is typed. */
data class FieldInput(
    /** Label, help, input kind (`number`, `date`, `choice`, `yes_no`, `phone`, `text`…), unit, options. */
    val info: FormFieldInfo,
    /** Concrete dotted path (`devices.dev-1.settings.ventilator.peep`). */
    val path: String,
    /** The stored value as text to edit (`6`, `2024-04-01`, `female`, `true`), empty when none. */
    val stored: String,
    /** Who last changed the stored value, and when. */
    val written: ProvenanceInfo?,
    /** What is in the input now: the stored text until the person types. */
    val text: String = stored,
    /** The core's words when [text] does not have the field's form (label and expected form). */
    val error: String? = null,
) {
    /** True when the person changed the input. */
    val changed: Boolean get() = text != stored
}

/** A device, medication, contact… of a collection: its inputs, and whether it is not saved yet. */
data class EntityInputs(
    /** The collection (`devices`, `allergies.items`). */
    val collection: String,
    /** The entity id (a fresh one for a new entity). */
    val id: String,
    /** True for an entity added on this screen and not saved yet. */
    val isNew: Boolean,
    /** Its inputs, in the form's order. */
    val fields: List<FieldInput>,
)

/** A section of the form: its own inputs, then its entities. */
data class SectionInputs(
    val info: FormSectionInfo,
    /** Inputs of the section itself (none for a pure collection such as `devices`). */
    val fields: List<FieldInput>,
    /** Entities of the section's collections, stored ones first, then new ones. */
    val entities: List<EntityInputs>,
    /** Collections an entity can be added to here (`devices`; `allergies.items`). */
    val collections: List<String>,
)

/** What saving did. */
sealed interface SaveResult {
    /** Saved (durable); [change] is `null` when nothing had changed. The form shows the new values. */
    data class Done(val change: String?) : SaveResult

    /** Nothing was saved: the input at [path] ([label]) does not fit; [message] says the expected form. */
    data class FieldError(val path: String, val label: String, val message: String) : SaveResult

    /** Nothing was saved: unusual values. Show [warnings]; [EditForm.confirmAndSave] saves them with a confirmation. */
    data class NeedsConfirmation(val warnings: List<Warning>) : SaveResult

    /**
     * Nothing was saved: this device has no name for the profile yet ([message] says why one is
     * needed). Ask for it, [EditForm.nameDevice], then save again: what was typed is kept.
     */
    data class NeedsDeviceName(val message: String) : SaveResult
}

/** An unusual value to confirm: its path and the core's sentence in the form's language. */
data class Warning(val path: String, val message: String)

/** A field whose values differ after concurrent edits on two devices ("values differ — check"). */
data class ReviewInputs(val path: String, val label: String, val values: List<ReviewChoice>)

/** One of the values of a field under review; [index] is what [EditForm.resolve] takes. */
data class ReviewChoice(val index: Int, val text: String, val author: String?, val atMs: Long?, val shown: Boolean)

/**
 * The edit screen of profile [profileId] in [lang] (`ja`, `en`), editing as [author]. Load it with
 * [load]; after every call read [sections] (a new immutable snapshot) and render it.
 */
class EditForm private constructor(
    private val t: Tsunagu,
    val profileId: String,
    val lang: String,
    private val author: String,
) {
    /** The form as it is now: sections, inputs with stored and typed values, errors. */
    var sections: List<SectionInputs> = emptyList()
        private set

    /** This device's name and role in the profile, `null` until it is named ([nameDevice]). */
    var deviceName: DeviceNameInfo? = null
        private set

    /**
     * True while this device has no name for the profile: the screen asks for one (first run,
     * or a profile just imported or joined) before the first edit, which the core refuses
     * without it.
     */
    val needsDeviceName: Boolean get() = deviceName == null

    /** The batch refused with warnings, kept for [confirmAndSave]. */
    private var awaiting: Pair<List<EditOp>, List<Warning>>? = null

    companion object {
        /** The form of profile [id] with its current values. */
        suspend fun load(t: Tsunagu, id: String, lang: String, author: String): EditForm =
            EditForm(t, id, lang, author).also { it.reload() }
    }

    /** Reads the stored values again (after a save, a sync, a resolved review); typed text is dropped. */
    suspend fun reload() {
        deviceName = t.deviceName(profileId)
        val model = Forms.model(lang)
        sections = model.map { section ->
            val byKey = section.fields.associateBy { it.key }
            val filled = t.formValues(profileId, section.key)
            val inputs = filled.mapNotNull { f ->
                byKey[f.key]?.let { FieldInput(it, f.path, f.text, f.written) to f }
            }
            val own = inputs.filter { it.second.entityId == null }.map { it.first }
            val entities = inputs.filter { it.second.entityId != null }
                .groupBy { it.second.collection!! to it.second.entityId!! }
                .map { (k, v) -> EntityInputs(k.first, k.second, isNew = false, fields = v.map { it.first }) }
            SectionInputs(section, own, entities, section.fields.mapNotNull { it.collection }.distinct())
        }
        awaiting = null
    }

    /**
     * Names this device in the profile: [name] (required) and a [role] (母, 訪問看護師, or a code
     * such as `mother`; optional), which every member then sees beside this device's changes.
     * Returns the core's words in the form's language when they cannot be saved (an empty or
     * too long name), else `null`. Typed inputs are kept.
     */
    suspend fun nameDevice(name: String, role: String?): String? = try {
        t.setDeviceName(profileId, name, role?.takeIf { it.isNotBlank() })
        deviceName = t.deviceName(profileId)
        null
    } catch (e: ApiException.InvalidDeviceName) {
        if (lang == "en") e.messageEn else e.messageJa
    }

    /** The input at [path], if the form shows it. */
    fun input(path: String): FieldInput? = allInputs().firstOrNull { it.path == path }

    /**
     * The person typed [text] into the input at [path]: the core checks it at once (full-width
     * digits, a unit after the number, 令和 dates and choice labels are fine); a text it cannot
     * read gets its error. Returns the updated input.
     */
    fun type(path: String, text: String): FieldInput {
        val problem = try {
            Forms.normalize(path, text)
            null
        } catch (e: ApiException.InputForm) {
            if (lang == "en") e.messageEn else e.messageJa
        }
        update(path) { it.copy(text = text, error = problem) }
        return input(path) ?: error("no input at $path")
    }

    /** Adds a new device of [kind] (`ventilator`): the common fields and that kind's settings only. */
    fun addDevice(kind: String): EntityInputs =
        addEntity("devices", Forms.deviceFields(kind, lang), preset = mapOf("devices.kind" to kind))

    /** Adds a new entity to [collection] (`medications`, `contacts`, `allergies.items`…). */
    fun addEntity(collection: String): EntityInputs {
        val section = sections.first { s -> collection in s.collections }
        return addEntity(collection, section.info.fields.filter { it.collection == collection })
    }

    private fun addEntity(collection: String, fields: List<FormFieldInfo>, preset: Map<String, String> = emptyMap()): EntityInputs {
        val id = Forms.newEntityId(collection)
        val inputs = fields.map {
            FieldInput(it, "$collection.$id" + it.key.removePrefix(collection), "", null, text = preset[it.key] ?: "")
        }
        val entity = EntityInputs(collection, id, isNew = true, fields = inputs)
        sections = sections.map { s ->
            if (collection in s.collections) s.copy(entities = s.entities + entity) else s
        }
        return entity
    }

    /** The entity [id] of [collection] as the form holds it. */
    fun entity(collection: String, id: String): EntityInputs? =
        sections.flatMap { it.entities }.firstOrNull { it.collection == collection && it.id == id }

    /** Removes a new entity that was not saved yet (a stored one is removed with an edit). */
    fun discard(collection: String, id: String) {
        sections = sections.map { s -> s.copy(entities = s.entities.filterNot { it.isNew && it.collection == collection && it.id == id }) }
    }

    /**
     * Saves every changed input and every new entity as one change. Refused whole with the first
     * field error, or with the warnings to confirm ([confirmAndSave]); other failures throw
     * [ApiException] (a viewer's device: [ApiException.ViewerCannotEdit]).
     */
    suspend fun save(): SaveResult = send(pendingOps())

    /** Saves the batch last refused with warnings, confirming each of them (recorded with who and when). */
    suspend fun confirmAndSave(): SaveResult {
        val (ops, warnings) = awaiting ?: return save()
        return send(ops + warnings.map { EditOp.Confirm(it.path) }.distinct())
    }

    private fun pendingOps(): List<EditOp> {
        val ops = mutableListOf<EditOp>()
        for (s in sections) {
            s.fields.filter { it.changed }.forEach { ops += EditOp.Set(it.path, Json.string(it.text)) }
            for (e in s.entities) {
                if (e.isNew) {
                    val body = e.fields.filter { it.text.isNotBlank() }
                        .map { it.path.removePrefix("${e.collection}.${e.id}.") to it.text }
                    if (body.isNotEmpty()) ops += EditOp.Add(e.collection, e.id, Json.nestedObject(body))
                } else {
                    e.fields.filter { it.changed }.forEach { ops += EditOp.Set(it.path, Json.string(it.text)) }
                }
            }
        }
        return ops
    }

    private suspend fun send(ops: List<EditOp>): SaveResult {
        if (ops.isEmpty()) return SaveResult.Done(null)
        if (needsDeviceName) return SaveResult.NeedsDeviceName(Tsunagu.message(lang, "member-name-missing"))
        return try {
            val hash = t.editOps(profileId, ops, author)
            reload()
            SaveResult.Done(hash)
        } catch (e: ApiException.NeedsConfirmation) {
            val warnings = e.warnings.map { Warning(it.path, if (lang == "en") it.messageEn else it.messageJa) }
            awaiting = ops.filterNot { it is EditOp.Confirm } to warnings
            SaveResult.NeedsConfirmation(warnings)
        } catch (e: ApiException.DeviceNameMissing) {
            deviceName = null
            SaveResult.NeedsDeviceName(if (lang == "en") e.messageEn else e.messageJa)
        } catch (e: ApiException.InputForm) {
            fieldError(e.field, if (lang == "en") e.messageEn else e.messageJa)
        } catch (e: ApiException.InvalidInput) {
            val v = e.violations.first()
            fieldError(v.field, v.rule)
        }
    }

    private fun fieldError(path: String, message: String): SaveResult.FieldError {
        update(path) { it.copy(error = message) }
        val label = input(path)?.info?.label ?: Forms.field(path, lang)?.label ?: path
        return SaveResult.FieldError(path, label, message)
    }

    /** Fields of this profile whose values differ after concurrent edits, labelled, with every value. */
    suspend fun reviewItems(): List<ReviewInputs> = t.reviewItems(profileId).map { item ->
        val field = Forms.field(item.path, lang)
        ReviewInputs(
            item.path,
            field?.label ?: item.path,
            item.values.mapIndexed { i, v ->
                ReviewChoice(i, v.text, v.written?.author, v.written?.atMs, v.shown)
            },
        )
    }

    /** Keeps value [choice] of the field under review at [path] (a new change every device agrees on). */
    suspend fun resolve(path: String, choice: Int): String? =
        t.resolveReview(profileId, path, choice, author).also { reload() }

    private fun allInputs(): Sequence<FieldInput> =
        sections.asSequence().flatMap { s -> s.fields.asSequence() + s.entities.asSequence().flatMap { it.fields.asSequence() } }

    private fun update(path: String, change: (FieldInput) -> FieldInput) {
        val f = { i: FieldInput -> if (i.path == path) change(i) else i }
        sections = sections.map { s ->
            s.copy(fields = s.fields.map(f), entities = s.entities.map { e -> e.copy(fields = e.fields.map(f)) })
        }
    }
}
