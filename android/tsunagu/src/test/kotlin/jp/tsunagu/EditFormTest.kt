// The edit screen's view model (EditForm) through the real bindings: a new profile filled in
// Japanese (a ventilator added by kind with full-width digits, a 令和 date), an unusual FiO2
// refused until confirmed, and a review item from two stores resolved.
package jp.tsunagu

import java.io.File
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class EditFormTest {
    @Test
    fun aVentilatorIsEnteredInJapaneseAndAnUnusualFio2NeedsAConfirmation() = runBlocking<Unit> {
        Tsunagu.open(File(tempDir("tsunagu-editform"), "t.sqlite3").path).use { t ->
            val id = t.createEmpty("母")
            val form = EditForm.load(t, id, "ja", "母")
            val child = form.sections.single { it.info.key == "child" }
            assertContains(form.input("child.date_of_birth")!!.info.label, "生年月日")
            assertTrue(child.entities.isEmpty())
            val devices = form.sections.single { it.info.key == "devices" }
            assertTrue(devices.entities.isEmpty(), "a new profile has no devices")
            assertEquals(listOf("devices"), devices.collections)

            // Typing is checked by the core at once: a bad date names the field and the form.
            val bad = form.type("child.date_of_birth", "いつか")
            assertContains(bad.error!!, "生年月日")
            assertNull(form.type("child.date_of_birth", "令和6年4月1日").error)
            assertNull(form.type("child.sex", "女").error)

            val vent = form.addDevice("ventilator")
            assertTrue(vent.isNew)
            assertTrue(vent.fields.none { ".suction." in it.path }, "only the ventilator's settings")
            val peep = "devices.${vent.id}.settings.ventilator.peep"
            val peepInput = form.input(peep)!!
            assertEquals("number", peepInput.info.kind)
            assertEquals("cmH2O", peepInput.info.unit)
            assertNull(form.type(peep, "６ｃｍＨ２Ｏ").error)
            assertNull(form.type("devices.${vent.id}.settings.ventilator.rate", "２０").error)
            assertNull(form.type("devices.${vent.id}.maker", "テスト医療機器").error)

            val saved = form.save()
            assertIs<SaveResult.Done>(saved)
            assertNotNull(saved.change)
            assertEquals("2024-04-01", form.input("child.date_of_birth")!!.stored)
            assertEquals("female", form.input("child.sex")!!.stored)
            val stored = form.sections.single { it.info.key == "devices" }.entities.single()
            assertEquals(vent.id, stored.id)
            assertTrue(!stored.isNew)
            assertEquals("6", form.input(peep)!!.stored)
            assertEquals("ventilator", form.input("devices.${vent.id}.kind")!!.stored)
            assertEquals("母", form.input(peep)!!.written?.author)

            // FiO2 typed as a fraction: refused with the core's warning until confirmed.
            val fio2 = "devices.${vent.id}.settings.ventilator.fio2"
            form.type(fio2, "0.4")
            val refused = form.save()
            assertIs<SaveResult.NeedsConfirmation>(refused)
            assertEquals(fio2, refused.warnings.single().path)
            assertContains(refused.warnings.single().message, "FiO2")
            assertEquals("", t.formValues(id, "devices").single { it.path == fio2 }.text, "nothing was written")
            assertIs<SaveResult.Done>(form.confirmAndSave())
            assertEquals("0.4", form.input(fio2)!!.stored)
            val newest = t.history(id).first()
            assertTrue(newest.ops.any { it.op == "confirm" && it.path == fio2 }, "the confirmation is in the history")

            // A value the core cannot read is a field error with the label; nothing is written.
            form.type(peep, "たくさん")
            val error = form.save()
            assertIs<SaveResult.FieldError>(error)
            assertEquals(peep, error.path)
            assertContains(error.label, "PEEP")
            assertEquals("6", t.formValues(id, "devices").single { it.path == peep }.text)
        }
    }

    @Test
    fun aMedicationAndAnAllergyAreAddedToTheirCollections() = runBlocking<Unit> {
        Tsunagu.open(File(tempDir("tsunagu-editform-add"), "t.sqlite3").path).use { t ->
            val id = t.createEmpty("父")
            val form = EditForm.load(t, id, "en", "父")
            val med = form.addEntity("medications")
            form.type("medications.${med.id}.name", "テスト薬")
            assertNull(form.type("medications.${med.id}.route", "経管").error)
            val allergies = form.sections.single { it.info.key == "allergies" }
            assertEquals(listOf("allergies.items"), allergies.collections)
            val allergy = form.addEntity("allergies.items")
            form.type("allergies.items.${allergy.id}.agent", "卵")
            // The core's rule: listed allergies need the status "recorded"; nothing is written.
            val refused = form.save()
            assertIs<SaveResult.FieldError>(refused, "$refused")
            assertEquals("allergies.status", refused.path)
            assertTrue(t.formValues(id, "medications").isEmpty(), "nothing was written")
            assertNull(form.type("allergies.status", "recorded").error)
            val saved = form.save()
            assertIs<SaveResult.Done>(saved, "$saved")
            assertEquals("tube", form.input("medications.${med.id}.route")!!.stored)
            assertEquals("卵", form.input("allergies.items.${allergy.id}.agent")!!.stored)
        }
    }

    @Test
    fun aReviewItemFromTwoStoresIsLabelledAndResolved() = runBlocking<Unit> {
        val mother = Tsunagu.open(File(tempDir("tsunagu-ef-mother"), "store.sqlite3").path)
        val father = Tsunagu.open(File(tempDir("tsunagu-ef-father"), "store.sqlite3").path)
        mother.use { m ->
            father.use { f ->
                val id = m.createSample("母")
                f.import(m.export(id))
                f.setDeviceName(id, "父")
                val peep = "devices.dev-vent.settings.ventilator.peep"
                val mForm = EditForm.load(m, id, "ja", "母")
                val fForm = EditForm.load(f, id, "ja", "父")
                assertTrue(mForm.reviewItems().isEmpty())
                mForm.type(peep, "８")
                fForm.type(peep, "６")
                assertIs<SaveResult.Done>(mForm.save())
                assertIs<SaveResult.Done>(fForm.save())
                f.import(m.export(id))
                m.import(f.export(id))

                for (form in listOf(mForm, fForm)) {
                    val item = form.reviewItems().single()
                    assertEquals(peep, item.path)
                    assertContains(item.label, "PEEP")
                    assertEquals(listOf("6" to "父", "8" to "母"), item.values.map { it.text to it.author }.sortedBy { it.first })
                    assertEquals(1, item.values.count { it.shown })
                }
                val keep = mForm.reviewItems().single().values.single { it.text == "6" }.index
                assertNotNull(mForm.resolve(peep, keep))
                assertEquals("6", mForm.input(peep)!!.stored)
                f.import(m.export(id))
                assertTrue(mForm.reviewItems().isEmpty())
                assertTrue(fForm.reviewItems().isEmpty(), "the resolution reaches the other device")
                fForm.reload()
                assertEquals("6", fForm.input(peep)!!.stored)
            }
        }
    }
    @Test
    fun aDeviceWithoutANameIsAskedForOneBeforeItsFirstEdit() = runBlocking<Unit> {
        val mother = Tsunagu.open(File(tempDir("tsunagu-ef-name-m"), "store.sqlite3").path)
        val father = Tsunagu.open(File(tempDir("tsunagu-ef-name-f"), "store.sqlite3").path)
        mother.use { m ->
            father.use { f ->
                val id = m.createSample("母")
                assertTrue(!EditForm.load(m, id, "ja", "母").needsDeviceName, "the creator's device is named")
                f.import(m.export(id))
                val form = EditForm.load(f, id, "ja", "父")
                assertTrue(form.needsDeviceName, "a copy from another device has no name here")
                val nickname = "child.nickname"
                form.type(nickname, "さっちゃん")
                val before = f.history(id).size
                val refused = form.save()
                assertIs<SaveResult.NeedsDeviceName>(refused, "$refused")
                assertContains(refused.message, "名前")
                assertEquals(before, f.history(id).size, "nothing was written")
                assertEquals("さっちゃん", form.input(nickname)!!.text, "what was typed is kept")

                // A name the core refuses comes back in words; a good one names the device.
                assertNotNull(form.nameDevice("  ", null))
                assertTrue(form.needsDeviceName)
                assertNull(form.nameDevice("架空 一郎", "父"))
                assertTrue(!form.needsDeviceName)
                assertEquals("father", form.deviceName?.role)
                assertEquals("さっちゃん", form.input(nickname)!!.text)
                assertIs<SaveResult.Done>(form.save())
                assertEquals("さっちゃん", form.input(nickname)!!.stored)
                assertEquals("父", f.history(id).first().author)
            }
        }
    }
}
