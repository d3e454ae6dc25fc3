// Builders for the core's typed edit operations (jp.tsunagu.ffi.EditOp): values are encoded as
// the JSON the core reads, so callers pass Kotlin values, not JSON text.
package jp.tsunagu

import jp.tsunagu.ffi.EditOp

/** Builds the edits of one change; see [Tsunagu.edit]. */
class EditBuilder internal constructor() {
    internal val ops = mutableListOf<EditOp>()

    /** Sets the text field at [path] (`child.nickname`); `null` clears it. */
    fun set(path: String, value: String?) {
        ops += EditOp.Set(path, value?.let(Json::string) ?: "null")
    }

    /** Sets the number field at [path] (`devices.dev-vent.settings.ventilator.peep`). */
    fun set(path: String, value: Number) {
        ops += EditOp.Set(path, Json.number(value))
    }

    /** Sets the yes/no field at [path]. */
    fun set(path: String, value: Boolean) {
        ops += EditOp.Set(path, value.toString())
    }

    /** Sets the field or group at [path] to raw JSON (`{"kg": 9.2, "measured_on": "2026-11-01"}`). */
    fun setJson(path: String, json: String) {
        ops += EditOp.Set(path, json)
    }

    /** Clears the optional field at [path]. */
    fun clear(path: String) {
        ops += EditOp.Set(path, "null")
    }

    /** Adds [entityJson] (a JSON object) to [collection]; `id = null` lets the core pick a fresh id. */
    fun add(collection: String, entityJson: String, id: String? = null) {
        ops += EditOp.Add(collection, id, entityJson)
    }

    /** Removes entity [id] from [collection]. */
    fun remove(collection: String, id: String) {
        ops += EditOp.Remove(collection, id)
    }

    /** Moves entity [id] before [before] (or last when `null`). */
    fun move(collection: String, id: String, before: String? = null) {
        ops += EditOp.Move(collection, id, before)
    }

    /** Marks [section] verified by [by] in [role] on [on] (`YYYY-MM-DD`). */
    fun verify(section: String, by: String, role: String, on: String) {
        ops += EditOp.Verify(section, by, role, on)
    }

    /** Removes the verified mark of [section]. */
    fun unverify(section: String) {
        ops += EditOp.Unverify(section)
    }

    /** Applies an RFC 7396 JSON Merge Patch ([patchJson], an object) over the whole profile. */
    fun patch(patchJson: String) {
        ops += EditOp.Patch(patchJson)
    }
}

/** The few JSON encodings the builders need (strings and numbers), without a JSON library. */
internal object Json {
    fun string(s: String): String = buildString {
        append('"')
        for (c in s) {
            when (c) {
                '"' -> append("\\\"")
                '\\' -> append("\\\\")
                '\n' -> append("\\n")
                '\r' -> append("\\r")
                '\t' -> append("\\t")
                else -> if (c < ' ') append("\\u%04x".format(c.code)) else append(c)
            }
        }
        append('"')
    }

    /** A JSON object from dotted [paths] (`settings.ventilator.peep`) to text leaves, nested. */
    fun nestedObject(paths: List<Pair<String, String>>): String {
        val root = linkedMapOf<String, Any>()
        for ((path, text) in paths) {
            val keys = path.split('.')
            var node = root
            for (k in keys.dropLast(1)) {
                @Suppress("UNCHECKED_CAST")
                node = node.getOrPut(k) { linkedMapOf<String, Any>() } as LinkedHashMap<String, Any>
            }
            node[keys.last()] = text
        }
        fun write(v: Any): String = when (v) {
            is String -> string(v)
            is Map<*, *> -> v.entries.joinToString(",", "{", "}") { (k, x) -> string(k as String) + ":" + write(x!!) }
            else -> error("unreachable")
        }
        return write(root)
    }

    fun number(n: Number): String {
        val d = n.toDouble()
        require(d.isFinite()) { "a profile number must be finite" }
        return if (n is Int || n is Long || n is Short || n is Byte) n.toString() else d.toString()
    }
}
