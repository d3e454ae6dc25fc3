// Review items through the bindings: two devices' stores set PEEP apart, merge through export
// files, and both list the field with both values and authors, and their views mark it; resolving
// clears it on both. A value saved over a warning is marked until the other parent verifies it.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.ViewAudience
import jp.tsunagu.ffi.ViewMarkKind
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

class ReviewTest {
    private val peep = "devices.dev-vent.settings.ventilator.peep"
    private val fio2 = "devices.dev-vent.settings.ventilator.fio2"

    @Test
    fun aValueSavedOverAWarningIsMarkedUntilAnotherMemberVerifiesIt() = runBlocking<Unit> {
        val mother = Tsunagu.open(File(tempDir("tsunagu-mother-v"), "store.sqlite3").path)
        val father = Tsunagu.open(File(tempDir("tsunagu-father-v"), "store.sqlite3").path)
        mother.use { m ->
            father.use { f ->
                val id = m.createSample("母")
                m.edit(id, "母") { set(fio2, 0.4); confirm(fio2) }
                f.import(m.export(id))
                f.setDeviceName(id, "父")
                for (t in listOf(m, f)) {
                    assertEquals(listOf(fio2 to "母"), t.unverifiedValues(id).map { it.path to it.confirmedBy })
                    val marks = t.view(id, ViewAudience.EMS, "en", "2026-12-01").marks
                    assertEquals(listOf(ViewMarkKind.UNVERIFIED), marks.map { it.kind })
                }
                assertFailsWith<ApiException> { m.verifyValue(id, fio2, "母") }
                f.verifyValue(id, fio2, "父")
                m.import(f.export(id))
                for (t in listOf(m, f)) {
                    assertTrue(t.unverifiedValues(id).isEmpty())
                    assertTrue(t.view(id, ViewAudience.EMS, "en", "2026-12-01").marks.isEmpty())
                }
                assertEquals("verify_value", m.history(id).first().ops.single().op)
            }
        }
    }

    @Test
    fun concurrentValuesAreListedAndResolvedOnBothDevices() = runBlocking<Unit> {
        val mother = Tsunagu.open(File(tempDir("tsunagu-mother"), "store.sqlite3").path)
        val father = Tsunagu.open(File(tempDir("tsunagu-father"), "store.sqlite3").path)
        mother.use { m ->
            father.use { f ->
                val id = m.createSample("母")
                f.import(m.export(id))
                f.setDeviceName(id, "父")
                m.import(f.export(id))
                assertTrue(m.reviewItems(id).isEmpty(), "nothing to review before concurrent edits")

                m.edit(id, "母") { set(peep, 8) }
                f.edit(id, "父") { set(peep, 6) }
                f.import(m.export(id))
                m.import(f.export(id))

                for (t in listOf(m, f)) {
                    val items = t.reviewItems(id)
                    assertEquals(1, items.size)
                    assertEquals(peep, items[0].path)
                    val values = items[0].values.map { it.valueJson.toDouble() to it.written?.author }.sortedBy { it.first }
                    assertEquals(listOf(6.0 to "父", 8.0 to "母"), values)
                    assertEquals(1, items[0].values.count { it.shown })
                    // The view carries the mark on the ventilator's line, with both values.
                    val view = t.view(id, ViewAudience.EMS, "en", "2026-12-01")
                    val marks = view.sections.flatMap { it.items }.flatMap { it.marks }.filter { it.path == peep }
                    assertTrue(marks.isNotEmpty(), "the EMS view marks PEEP")
                    assertEquals(ViewMarkKind.VALUES_DIFFER, marks[0].kind)
                    assertEquals(listOf("6 cmH2O" to "父", "8 cmH2O" to "母"), marks[0].values.map { it.value to it.writtenBy }.sortedBy { it.first })
                    assertEquals(1, view.marks.size)
                }

                val keep = m.reviewItems(id)[0].values.indexOfFirst { it.valueJson.toDouble() == 6.0 }
                assertNotNull(m.resolveReview(id, peep, keep, "母"))
                f.import(m.export(id))
                assertTrue(m.reviewItems(id).isEmpty())
                assertTrue(f.reviewItems(id).isEmpty(), "the resolution reaches the other device")
                assertEquals("resolve", f.history(id).first().ops.single().op)
                assertFailsWith<ApiException> { m.resolveReview(id, peep, 0, "母") }
                assertTrue(f.view(id, ViewAudience.EMS, "en", "2026-12-01").marks.isEmpty())
            }
        }
    }
}
