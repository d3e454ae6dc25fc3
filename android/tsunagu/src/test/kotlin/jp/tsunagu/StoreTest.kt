// The store through the bindings: real SQLite files, edits, views, typed errors, durability.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.ViewAudience
import jp.tsunagu.ffi.ViewPriority
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class StoreTest {
    private val peep = "devices.dev-vent.settings.ventilator.peep"

    private fun storeFile(): File = File(tempDir("tsunagu-store"), "tsunagu.sqlite3")

    private fun emsText(view: jp.tsunagu.ffi.ProfileView): String =
        view.sections.flatMap { it.items }.joinToString("\n") { "${it.label}: ${it.value} ${it.detail ?: ""}" }

    @Test
    fun createsEditsAndReadsAViewFromARealSqliteFile() = runBlocking {
        val file = storeFile()
        Tsunagu.open(file.path).use { t ->
            val id = t.createSample("母 テスト")
            assertTrue(file.length() > 0, "the store is a real file")
            assertEquals(listOf(id), t.profiles().map { it.id })
            assertContains(emsText(t.view(id, ViewAudience.EMS, "en", "2026-12-01")), "PEEP (EPAP): 5 cmH2O")

            val hash = t.edit(id, "母 テスト") { set(peep, 6) }
            assertNotNull(hash, "a real change has a hash")
            val view = t.view(id, ViewAudience.EMS, "en", "2026-12-01")
            assertContains(emsText(view), "PEEP (EPAP): 6 cmH2O")
            assertEquals("en", view.lang)
            assertEquals(ViewPriority.RED, view.sections.first().priority)

            val history = t.history(id)
            assertEquals(2, history.size)
            assertEquals("母 テスト", history.first().author)
            assertEquals(listOf("set" to peep), history.first().ops.map { it.op to it.path })
            assertNull(t.edit(id, "母 テスト") { set(peep, 6) }, "an edit that changes nothing makes no change")
            val who = t.provenance(id, peep)
            assertEquals("母 テスト", who?.author)
            assertEquals(history.first().hash, who?.change)
            assertFailsWith<ApiException.BadEdit> { t.provenance(id, "child.no_such_field") }
        }
        // Acknowledged edits are durable: a new handle on the file sees them.
        Tsunagu.open(file.path).use { t ->
            val id = t.profiles().single().id
            assertContains(emsText(t.view(id, ViewAudience.EMS, "en", "2026-12-01")), "PEEP (EPAP): 6 cmH2O")
        }
    }

    @Test
    fun badInputIsATypedExceptionAndChangesNothing() = runBlocking {
        Tsunagu.open(storeFile().path).use { t ->
            val id = t.createSample("母")
            val before = t.profileJson(id)
            val historyBefore = t.history(id).size

            // Typed input the core cannot read names the field by its label in both languages
            // and says the expected form (issue 11), never the value.
            val invalid = assertFailsWith<ApiException.InputForm> {
                t.edit(id, "母") {
                    set("child.nickname", "さく")
                    set(peep, "very high")
                }
            }
            assertEquals(peep, invalid.field)
            assertContains(invalid.messageEn, "PEEP")
            assertTrue(!invalid.messageJa.contains("very high") && !invalid.messageEn.contains("very high"), "no value in the error")

            val bad = assertFailsWith<ApiException.BadEdit> { t.edit(id, "母") { set("child.no_such_field", "x") } }
            assertEquals("child.no_such_field", bad.path)
            assertFailsWith<ApiException.InvalidInput> { t.edit(id, "母") { setJson("child.nickname", "{not json") } }
            assertFailsWith<ApiException.NotFound> { t.edit("p-doesnotexist", "母") { set(peep, 6) } }
            assertFailsWith<ApiException.InvalidInput> { t.view(id, ViewAudience.SHELTER, "fr", "2026-12-01") }
            assertFailsWith<ApiException.InvalidInput> { t.createFromJson("""{"child": {"name": 42}}""", "母") }
            assertFailsWith<ApiException.InvalidFile> { t.import(byteArrayOf(1, 2, 3, 4)) }

            // Nothing changed: the same profile, the same history, still one profile.
            assertEquals(before, t.profileJson(id))
            assertEquals(historyBefore, t.history(id).size)
            assertEquals(1, t.profiles().size)
        }
    }

    @Test
    fun severalChildrenReadinessRosterAndQr() = runBlocking {
        Tsunagu.open(storeFile().path).use { t ->
            val sakura = t.createSample("母")
            val other = t.createFromJson("""{"child": {"name": "架空 たろう", "name_kana": "かくう たろう"}}""", "母")
            assertEquals(setOf(sakura, other), t.profiles().map { it.id }.toSet())
            t.edit(other, "母") { add("contacts", """{"name": "架空 はは", "phone": "090-0000-0000"}""") }
            assertEquals(2, t.history(other).size)

            val readiness = t.readiness(sakura, "en")
            assertTrue(readiness.powerDependent)
            assertNotNull(readiness.totalMinutes)
            assertTrue(readiness.devices.any { it.deviceId == "dev-vent" && it.lifeCritical })

            val roster = t.roster("ja", "2026-12-01")
            assertEquals(2, roster.rows.size)
            assertEquals(roster.header.size, roster.rows.first().cells.size)
            assertTrue(roster.csv.lines().size >= 3)

            val qr = t.shelterQr(sakura, listOf("ja", "en"), "2026-12-01")
            assertTrue(qr.text.toByteArray().size <= 1024)
            assertContains(qr.text, "2026-12-01")
            assertEquals(listOf(0x89, 0x50, 0x4E, 0x47), qr.png.take(4).map { it.toInt() and 0xff }, "a PNG")
            assertTrue(qr.svg.contains("<svg"))

            val shelter = t.view(sakura, ViewAudience.SHELTER, "ja", "2026-12-01")
            assertTrue(shelter.sections.isNotEmpty())
            assertTrue(shelter.title.contains("山田 さくら"))
        }
    }

    @Test
    fun appWordsComeFromTheCoresMessagesInBothLanguages() {
        assertEquals("Tsunagu", Tsunagu.message("en", "app-title"))
        assertEquals("つなぐ", Tsunagu.message("ja", "app-title"))
        assertContains(Tsunagu.message("en", "app-sync-never", "pending" to 2), "2 change(s)")
        assertFailsWith<ApiException.InvalidInput> { Tsunagu.message("xx", "app-title") }
    }

    @Test
    fun exportImportRoundTripsAndACloseIsFinal() = runBlocking {
        val bytes: ByteArray
        val id: String
        Tsunagu.open(storeFile().path).use { t ->
            id = t.createSample("母")
            bytes = t.export(id)
        }
        val other = Tsunagu.open(storeFile().path)
        other.use { t ->
            val imported = t.import(bytes)
            assertEquals(id, imported.id)
            assertTrue(imported.created)
            assertEquals(listOf(id), t.profiles().map { it.id })
        }
        // Closed means closed: the native store and its sync thread are gone.
        assertFailsWith<IllegalStateException> { other.profiles() }
        Unit
    }
}
