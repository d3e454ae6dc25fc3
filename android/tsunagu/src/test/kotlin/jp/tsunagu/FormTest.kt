// The form model, typed Japanese input and a confirmed warning through the bindings.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.ApiException
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

class FormTest {
    private val fio2 = "devices.dev-vent.settings.ventilator.fio2"

    @Test
    fun theFormModelIsWordedAndTyped() {
        val sections = Forms.model("ja")
        val devices = sections.single { it.key == "devices" }
        assertTrue(devices.collection)
        val peep = devices.fields.single { it.key == "devices.settings.ventilator.peep" }
        assertEquals("number", peep.kind)
        assertEquals("cmH2O", peep.unit)
        assertContains(peep.label, "PEEP")
        assertEquals(3.0, peep.plausibleMin)
        val sex = sections.single { it.key == "child" }.fields.single { it.key == "child.sex" }
        assertEquals("女", sex.options.single { it.value == "female" }.label)
        val vent = Forms.deviceFields("ventilator", "en")
        assertTrue(vent.none { it.key.contains(".suction.") }, "only the ventilator's settings")
        assertFailsWith<ApiException.InvalidInput> { Forms.deviceFields("teleporter", "en") }
    }

    @Test
    fun japaneseInputIsNormalizedAndABadOneNamesTheField() {
        assertEquals("6.0", Forms.normalize("devices.dev-vent.settings.ventilator.peep", "６ｃｍＨ２Ｏ"))
        assertEquals("\"2024-04-01\"", Forms.normalize("child.date_of_birth", "令和6年4月1日"))
        assertEquals("\"female\"", Forms.normalize("child.sex", "女"))
        val e = assertFailsWith<ApiException.InputForm> { Forms.normalize("child.date_of_birth", "いつか") }
        assertEquals("child.date_of_birth", e.field)
        assertContains(e.messageJa, "生年月日")
        assertTrue(!e.messageJa.contains("いつか"), "the typed text is not echoed")
    }

    @Test
    fun anUnusualValueIsSavedOnlyWhenConfirmed() = runBlocking {
        Tsunagu.open(File(tempDir("tsunagu-form"), "t.sqlite3").path).use { t ->
            val id = t.createSample("母")
            val e = assertFailsWith<ApiException.NeedsConfirmation> { t.edit(id, "母") { typed(fio2, "0.4") } }
            assertEquals(fio2, e.warnings.single().path)
            assertEquals("fio2_as_fraction", e.warnings.single().rule)
            assertContains(e.warnings.single().messageJa, "FiO2")
            assertNotNull(t.edit(id, "母") { typed(fio2, "0.4"); confirm(fio2) })
            val newest = t.history(id).first()
            assertEquals("母", newest.author)
            assertTrue(newest.ops.any { it.op == "confirm" && it.path == fio2 })
        }
    }
}
