// Review items through the bindings: two devices' stores set PEEP apart, merge through export
// files, and both list the field with both values and authors; resolving clears it on both.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.ApiException
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

class ReviewTest {
    private val peep = "devices.dev-vent.settings.ventilator.peep"

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
                }

                val keep = m.reviewItems(id)[0].values.indexOfFirst { it.valueJson.toDouble() == 6.0 }
                assertNotNull(m.resolveReview(id, peep, keep, "母"))
                f.import(m.export(id))
                assertTrue(m.reviewItems(id).isEmpty())
                assertTrue(f.reviewItems(id).isEmpty(), "the resolution reaches the other device")
                assertEquals("resolve", f.history(id).first().ops.single().op)
                assertFailsWith<ApiException> { m.resolveReview(id, peep, 0, "母") }
            }
        }
    }
}
