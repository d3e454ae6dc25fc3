// The card, the 個別避難計画, the FHIR IPS and encrypted backups through the bindings, on real
// SQLite files: what the app shows, prints, hands over and restores.
package jp.tsunagu

import com.google.gson.JsonParser
import java.io.File
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.BackupSealing
import jp.tsunagu.ffi.BackupSecret
import jp.tsunagu.ffi.CardPaper
import jp.tsunagu.ffi.ViewAudience
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

class ExportTest {
    private val day = "2026-12-01"
    private val peep = "devices.dev-vent.settings.ventilator.peep"

    private fun storeFile(): File = File(tempDir("tsunagu-export"), "tsunagu.sqlite3")

    @Test
    fun theCardIsOneSelfContainedPageWithTheNameAndTheQrInBothLanguages() = runBlocking<Unit> {
        Tsunagu.open(storeFile().path).use { t ->
            val id = t.createSample("母")
            val html = t.cardHtml(id, ViewAudience.SHELTER, listOf("ja", "en"), CardPaper.A4, day)
            assertTrue(html.startsWith("<!DOCTYPE html>", ignoreCase = true), "an HTML document")
            assertContains(html, "山田 さくら")
            assertContains(html, "<svg", message = "the shelter QR is inline SVG")
            assertContains(html, "default-src 'none'", message = "no fetch from the page")
            assertContains(html, "避難所の方へ", message = "the Japanese column")
            assertContains(html, "for shelter staff", message = "the English column")
            val japaneseOnly = t.cardHtml(id, ViewAudience.SHELTER, listOf("ja"), CardPaper.A4, day)
            assertNotEquals(html, japaneseOnly)
            val wallet = t.cardHtml(id, ViewAudience.EMS, listOf("en"), CardPaper.WALLET, day)
            assertContains(wallet, "<svg")
            assertTrue(wallet.length < html.length, "the wallet card holds less than the A4 page")

            assertFailsWith<ApiException.InvalidInput> { t.cardHtml(id, ViewAudience.SHELTER, listOf(), CardPaper.A4, day) }
            assertFailsWith<ApiException.InvalidInput> { t.cardHtml(id, ViewAudience.SHELTER, listOf("fr"), CardPaper.A4, day) }
            assertFailsWith<ApiException.InvalidInput> { t.cardHtml(id, ViewAudience.SHELTER, listOf("ja"), CardPaper.A4, "12/01") }
            assertFailsWith<ApiException.NotFound> { t.cardHtml("p-doesnotexist", ViewAudience.SHELTER, listOf("ja"), CardPaper.A4, day) }
        }
    }

    @Test
    fun thePlanExportsAsCsvWithAHeaderRowAndAsHtml() = runBlocking<Unit> {
        Tsunagu.open(storeFile().path).use { t ->
            val id = t.createSample("母")
            val csv = t.planCsv(id, "en", day)
            val lines = csv.removePrefix("\uFEFF").lines()
            assertEquals("section,item,value,legal,missing", lines.first().lowercase())
            assertTrue(lines.size > 10, "one row per item")
            assertTrue(lines.any { it.contains("山田 さくら") }, "the child's name is a row")
            val html = t.planHtml(id, "ja", day)
            assertContains(html, "個別避難計画")
            assertContains(html, "山田 さくら")
            assertFailsWith<ApiException.NotFound> { t.planCsv("p-doesnotexist", "ja", day) }
            assertFailsWith<ApiException.InvalidInput> { t.planHtml(id, "ja", "not a day") }
        }
    }

    @Test
    fun theIpsIsAFhirBundle() = runBlocking<Unit> {
        Tsunagu.open(storeFile().path).use { t ->
            val id = t.createSample("母")
            val json = t.ipsJson(id, "en", 1_764_579_600_000L)
            val bundle = JsonParser.parseString(json).asJsonObject
            assertEquals("Bundle", bundle["resourceType"].asString)
            assertEquals("document", bundle["type"].asString)
            val first = bundle["entry"].asJsonArray[0].asJsonObject["resource"].asJsonObject
            assertEquals("Composition", first["resourceType"].asString)
            assertContains(bundle["timestamp"].asString, "2025-12-01")
            assertContains(json, "山田", message = "the child is in the Patient resource")
        }
    }

    @Test
    fun aBackupRestoresIntoAFreshStoreAndAWrongPassphraseChangesNothing() = runBlocking<Unit> {
        val secret = BackupSecret.Passphrase("架空の合言葉 correct horse")
        val bytes: ByteArray
        val id: String
        val json: String
        Tsunagu.open(storeFile().path).use { t ->
            id = t.createSample("母")
            t.edit(id, "母") { set(peep, 6) }
            json = t.profileJson(id)
            assertFailsWith<ApiException.InvalidBackupKey> { t.createBackup(BackupSecret.Passphrase("short")) }
            bytes = t.createBackup(secret)
        }
        assertEquals(BackupSealing.PASSPHRASE, Tsunagu.backupSealing(bytes))
        assertTrue(!String(bytes, Charsets.ISO_8859_1).contains("PEEP"), "sealed, not plain")

        // A wrong passphrase, a changed byte, the wrong kind of secret, foreign bytes: typed, and
        // the fresh store stays empty.
        Tsunagu.open(storeFile().path).use { t ->
            assertFailsWith<ApiException.WrongBackupSecret> {
                t.restoreBackup(bytes, BackupSecret.Passphrase("架空の合言葉 wrong horse"))
            }
            val changed = bytes.copyOf().also { it[it.size - 5] = (it[it.size - 5].toInt() xor 1).toByte() }
            assertFailsWith<ApiException.WrongBackupSecret> { t.restoreBackup(changed, secret) }
            assertFailsWith<ApiException.BackupSecretKind> {
                t.restoreBackup(bytes, BackupSecret.RandomKey(Tsunagu.generateBackupKey()))
            }
            assertFailsWith<ApiException.NotABackup> { t.restoreBackup(byteArrayOf(1, 2, 3, 4), secret) }
            assertFailsWith<ApiException.NotABackup> { Tsunagu.backupSealing(bytes.copyOf(10)) }
            assertEquals(emptyList(), t.profiles(), "nothing was restored")

            // The right passphrase: the same profile, the same JSON.
            val restored = t.restoreBackup(bytes, secret)
            assertEquals(listOf(id), restored.map { it.id })
            assertTrue(restored.single().created)
            assertEquals(json, t.profileJson(id))
        }
    }

    @Test
    fun aRandomKeyBackupOfOneProfileOpensOnlyWithThatKey() = runBlocking<Unit> {
        val key = Tsunagu.generateBackupKey()
        assertTrue(key.startsWith("tsk1-"))
        val bytes: ByteArray
        val sakura: String
        Tsunagu.open(storeFile().path).use { t ->
            sakura = t.createSample("母")
            t.createFromJson("""{"child": {"name": "架空 たろう"}}""", "母")
            bytes = t.createBackup(BackupSecret.RandomKey(key), only = sakura)
        }
        assertEquals(BackupSealing.RANDOM_KEY, Tsunagu.backupSealing(bytes))
        Tsunagu.open(storeFile().path).use { t ->
            assertFailsWith<ApiException.WrongBackupSecret> {
                t.restoreBackup(bytes, BackupSecret.RandomKey(Tsunagu.generateBackupKey()))
            }
            val mistyped = key.dropLast(1) + if (key.last() == '0') "1" else "0"
            assertFailsWith<ApiException.InvalidBackupKey> { t.restoreBackup(bytes, BackupSecret.RandomKey(mistyped)) }
            assertEquals(emptyList(), t.profiles())
            assertEquals(listOf(sakura), t.restoreBackup(bytes, BackupSecret.RandomKey(key.uppercase())).map { it.id })
            assertEquals(listOf(sakura), t.profiles().map { it.id }, "only the one profile was in it")
        }
    }
}
