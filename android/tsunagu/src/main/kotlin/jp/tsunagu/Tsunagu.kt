// The idiomatic Kotlin entry point to Tsunagu's core: suspend functions that run the core's
// blocking store calls on an I/O dispatcher, typed exceptions (ApiException), AutoCloseable.
package jp.tsunagu

import java.time.LocalDate
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.BackupSealing
import jp.tsunagu.ffi.BackupSecret
import jp.tsunagu.ffi.CardPaper
import jp.tsunagu.ffi.DeviceNameInfo
import jp.tsunagu.ffi.EditOp
import jp.tsunagu.ffi.FilledFieldInfo
import jp.tsunagu.ffi.HistoryItem
import jp.tsunagu.ffi.ImportResult
import jp.tsunagu.ffi.ProfileListItem
import jp.tsunagu.ffi.ProfileView
import jp.tsunagu.ffi.ProvenanceInfo
import jp.tsunagu.ffi.ReadinessReport
import jp.tsunagu.ffi.ReviewEntry
import jp.tsunagu.ffi.Roster
import jp.tsunagu.ffi.ShelterQr
import jp.tsunagu.ffi.SyncService
import jp.tsunagu.ffi.TsunaguStore
import jp.tsunagu.ffi.UnverifiedValue
import jp.tsunagu.ffi.ViewAudience
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** Every error the core reports; see the subclasses of [ApiException] (InvalidInput, NotFound, Offline…). */
typealias TsunaguException = ApiException

/**
 * The profiles on this device (one SQLite file) and their sync. Every call suspends and runs on
 * [io] (the core does file I/O; never call it on the main thread). Edits are durable when the
 * call returns. Close it when done; [use] does.
 */
class Tsunagu private constructor(
    private val store: TsunaguStore,
    private val io: CoroutineDispatcher,
) : AutoCloseable {
    /** Share, invite, join and sync of this store's profiles. */
    val sync: TsunaguSync = TsunaguSync(SyncService(store), io)

    companion object {
        /** Opens (creating if needed) the store file at [path]. */
        suspend fun open(path: String, io: CoroutineDispatcher = Dispatchers.IO): Tsunagu =
            withContext(io) { Tsunagu(TsunaguStore.open(path), io) }

        /** Today in the family's time zone, as the core's `YYYY-MM-DD`. */
        fun today(): String = LocalDate.now().toString()

        /** [text] (an invite link) as a QR code PNG. */
        suspend fun qrPng(text: String): ByteArray = withContext(Dispatchers.Default) { jp.tsunagu.ffi.qrPngOf(text) }

        /** A fresh random backup key in its text form (`tsk1-…`), to show, print or put in a QR code. */
        suspend fun generateBackupKey(): String = withContext(Dispatchers.Default) { jp.tsunagu.ffi.generateBackupKey() }

        /** How the backup [bytes] are sealed (which secret to ask for); not a backup: [ApiException.NotABackup]. */
        fun backupSealing(bytes: ByteArray): BackupSealing = jp.tsunagu.ffi.backupSealing(bytes)

        /** The app's words: message [id] (`app-…`) of the core's Fluent files in [lang], with [args]. */
        fun message(lang: String, id: String, vararg args: Pair<String, Any>): String =
            jp.tsunagu.ffi.message(lang, id, args.associate { (k, v) -> k to v.toString() })
    }

    /** Every child's profile on this device, sorted by kana reading. */
    suspend fun profiles(): List<ProfileListItem> = withContext(io) { store.list() }

    /** Creates a profile from its JSON form; returns its id. Bad JSON or values: [ApiException.InvalidInput]. */
    suspend fun createFromJson(json: String, author: String): String =
        withContext(io) { store.createFromJson(json, author) }

    /** Creates a profile holding the fictional demo child; returns its id. */
    suspend fun createSample(author: String): String = withContext(io) { store.createSample(author) }

    /** Creates an empty profile; returns its id. */
    suspend fun createEmpty(author: String): String = withContext(io) { store.createEmpty(author) }

    /**
     * Names this device in profile [id]: [name] (required, at most 40 characters) with [role]
     * (`母`/`mother`, `父`, `訪問看護師`, `コーディネーター`, `医師`, `支援者`, or any text). The other
     * members see it (in [TsunaguSync.members] and the history) through the encrypted document
     * only. Until a device has a name, [edit] is refused with [ApiException.DeviceNameMissing].
     */
    suspend fun setDeviceName(id: String, name: String, role: String? = null) =
        withContext(io) { store.setDeviceName(id, name, role) }

    /** This device's name and role in profile [id], or `null` before [setDeviceName]. */
    suspend fun deviceName(id: String): DeviceNameInfo? = withContext(io) { store.deviceName(id) }

    /** The profile as JSON (for edit forms). */
    suspend fun profileJson(id: String): String = withContext(io) { store.profileJson(id) }

    /**
     * Applies the edits [build] describes to profile [id] as one change by [author] (this device's
     * name when blank), durable on return. Returns the change hash, or `null` when nothing
     * changed. Refused with [ApiException.DeviceNameMissing] until [setDeviceName]; a profile
     * created here is named after its author. On error nothing is written.
     */
    suspend fun edit(id: String, author: String, build: EditBuilder.() -> Unit): String? {
        val ops = EditBuilder().apply(build).ops.toList()
        return withContext(io) { store.edit(id, ops, author) }
    }

    /** Applies [ops] to profile [id] as one change by [author] (the edit form's batches). */
    internal suspend fun editOps(id: String, ops: List<EditOp>, author: String): String? =
        withContext(io) { store.edit(id, ops, author) }

    /**
     * The fields of [section] of profile [id] with their current values (each entity's fields
     * for a collection); [EditForm] renders them.
     */
    suspend fun formValues(id: String, section: String): List<FilledFieldInfo> =
        withContext(io) { store.formValues(id, section) }

    /** The change log of profile [id], newest first. */
    suspend fun history(id: String): List<HistoryItem> = withContext(io) { store.history(id) }

    /**
     * Fields of profile [id] whose values differ after concurrent edits on two devices, each with
     * every value, who wrote it and when. Show them as "values differ — check" until resolved.
     */
    suspend fun reviewItems(id: String): List<ReviewEntry> = withContext(io) { store.reviewItems(id) }

    /** Keeps value number [choice] (from 0) of the field at [path] of profile [id], by [author]. */
    suspend fun resolveReview(id: String, path: String, choice: Int, author: String): String? =
        withContext(io) { store.resolveReview(id, path, choice.toUInt(), author) }

    /**
     * Values of profile [id] saved over a plausibility warning that nobody else has verified yet;
     * the views mark them "unverified — saved over a warning" until then.
     */
    suspend fun unverifiedValues(id: String): List<UnverifiedValue> = withContext(io) { store.unverifiedValues(id) }

    /** [author], not the person who saved it, verifies the value at [path] of profile [id]. */
    suspend fun verifyValue(id: String, path: String, author: String): String =
        withContext(io) { store.verifyValue(id, path, author) }

    /** Who last changed the field or entity at [path] of profile [id]; `null` when never set. */
    suspend fun provenance(id: String, path: String): ProvenanceInfo? = withContext(io) { store.provenance(id, path) }

    /** The view of profile [id] for [audience] in [lang] (`ja`, `en`), stale rules as of [today]. */
    suspend fun view(id: String, audience: ViewAudience, lang: String = "ja", today: String = today()): ProfileView =
        withContext(io) { store.view(id, audience, lang, today) }

    /** Power runway, supplies and actions of profile [id], worded in [lang]. */
    suspend fun readiness(id: String, lang: String = "ja"): ReadinessReport =
        withContext(io) { store.readiness(id, lang) }

    /** The coordinator's roster of every child here, as of [asOf]. */
    suspend fun roster(lang: String = "ja", asOf: String = today()): Roster =
        withContext(io) { store.roster(lang, asOf) }

    /** The shelter QR code of profile [id] (text, PNG, SVG) in [langs] (`["ja", "en"]` for both). */
    suspend fun shelterQr(id: String, langs: List<String> = listOf("ja"), today: String = today()): ShelterQr =
        withContext(io) { store.shelterQr(id, langs, today) }

    /**
     * The printable card of profile [id] for [audience]: one self-contained HTML page (the shelter
     * QR inline, no network) in [langs] (`["ja", "en"]` side by side), laid out for [paper].
     */
    suspend fun cardHtml(
        id: String,
        audience: ViewAudience = ViewAudience.SHELTER,
        langs: List<String> = listOf("ja"),
        paper: CardPaper = CardPaper.A4,
        today: String = today(),
    ): String = withContext(io) { store.cardHtml(id, audience, langs, paper, today) }

    /** The 個別避難計画 of profile [id] as CSV (UTF-8 with BOM, a header row, one row per item) in [lang]. */
    suspend fun planCsv(id: String, lang: String = "ja", asOf: String = today()): String =
        withContext(io) { store.planCsv(id, lang, asOf) }

    /** The 個別避難計画 of profile [id] as a printable, self-contained HTML page in [lang]. */
    suspend fun planHtml(id: String, lang: String = "ja", asOf: String = today()): String =
        withContext(io) { store.planHtml(id, lang, asOf) }

    /** Profile [id] as a FHIR R4 International Patient Summary (a `Bundle`, JSON text), dated [generatedAtMs]. */
    suspend fun ipsJson(id: String, lang: String = "ja", generatedAtMs: Long = System.currentTimeMillis()): String =
        withContext(io) { store.ipsJson(id, lang, generatedAtMs) }

    /**
     * An encrypted backup of profile [only] (every profile when `null`) sealed with [secret]. A
     * passphrase under 8 characters: [ApiException.InvalidBackupKey]. About a second (Argon2id).
     */
    suspend fun createBackup(secret: BackupSecret, only: String? = null): ByteArray =
        withContext(io) { store.createBackup(only, secret) }

    /**
     * Restores a backup (creates or merges each profile). Wrong passphrase or key, or a changed
     * file: [ApiException.WrongBackupSecret]; the other kind of secret: [ApiException.BackupSecretKind];
     * not a backup: [ApiException.NotABackup]. On error nothing changes.
     */
    suspend fun restoreBackup(bytes: ByteArray, secret: BackupSecret): List<ImportResult> =
        withContext(io) { store.restoreBackup(bytes, secret) }

    /** Profile [id] as an export file. */
    suspend fun export(id: String): ByteArray = withContext(io) { store.export(id) }

    /** Imports an export file (creates or merges); foreign bytes: [ApiException.InvalidFile], nothing changes. */
    suspend fun import(bytes: ByteArray): ImportResult = withContext(io) { store.import(bytes) }

    /** Releases the sync thread and the SQLite connection. Further calls fail. */
    override fun close() {
        sync.close()
        store.close()
    }
}
