// SMART Health Links through the bindings against a real relay process on loopback: a card link
// with a passcode and an IPS link are created, listed and revoked; the relay serves the manifest
// while the link lives and stops once it is revoked.
package jp.tsunagu

import java.io.File
import java.net.HttpURLConnection
import java.net.URI
import java.util.Base64
import com.google.gson.JsonParser
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.CardPaper
import jp.tsunagu.ffi.LinkSettings
import jp.tsunagu.ffi.LinkedContent
import jp.tsunagu.ffi.ViewAudience
import kotlinx.coroutines.runBlocking
import org.junit.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class LinkTest {
    /** The manifest URL inside a viewer link (`…#shlink:/BASE64URL-JSON`). */
    private fun manifestUrl(link: String): String {
        val payload = link.substringAfter("#shlink:/")
        val json = String(Base64.getUrlDecoder().decode(payload.trimEnd('=')))
        return JsonParser.parseString(json).asJsonObject["url"].asString
    }

    /** The HTTP status of a manifest request (POST with a recipient, as the spec's viewers send). */
    private fun manifestStatus(url: String, passcode: String?): Int {
        val c = URI(url).toURL().openConnection() as HttpURLConnection
        c.requestMethod = "POST"
        c.doOutput = true
        c.setRequestProperty("Content-Type", "application/json")
        val body = if (passcode == null) """{"recipient":"test"}""" else """{"recipient":"test","passcode":"$passcode"}"""
        c.outputStream.use { it.write(body.toByteArray()) }
        return c.responseCode.also { c.disconnect() }
    }

    @Test
    fun cardAndIpsLinksAreCreatedListedAndRevoked() = runBlocking<Unit> {
        val dir = tempDir("tsunagu-links")
        RelayProcess.start(File(dir, "relay.sqlite3")).use { relay ->
            Tsunagu.open(File(dir, "parent.sqlite3").path).use { t ->
                val id = t.createSample("母")
                val card = LinkedContent.Card(ViewAudience.SHELTER, listOf("ja", "en"), CardPaper.A4, "2026-12-01")
                // Not shared and no relay named: refused with its own type (it was Internal), nothing recorded.
                assertFailsWith<ApiException.NoRelay> { t.sync.createLink(id, card) }
                assertEquals(emptyList(), t.sync.links())

                t.sync.share(id, relay.url)
                val settings = LinkSettings(
                    expiresAtMs = System.currentTimeMillis() + 3_600_000,
                    passcode = "1234-test",
                    maxAttempts = 5u,
                    label = "避難所用",
                    relayUrl = null,
                )
                val cardLink = t.sync.createLink(id, card, settings)
                assertEquals("card:shelter", cardLink.content)
                assertTrue(cardLink.passcode)
                assertTrue(cardLink.link.startsWith(relay.url), cardLink.link)
                assertTrue(cardLink.link.contains("#shlink:/"), "the key travels in the fragment")
                val ips = t.sync.createLink(id, LinkedContent.Ips("en"))
                assertEquals("ips", ips.content)
                assertEquals(listOf(ips.id, cardLink.id).toSet(), t.sync.links(id).map { it.id }.toSet())

                val manifest = manifestUrl(cardLink.link)
                assertEquals(200, manifestStatus(manifest, "1234-test"))
                assertEquals(401, manifestStatus(manifest, "wrong"), "a wrong passcode is refused")

                val revoked = t.sync.revokeLink(cardLink.id)
                assertNotNull(revoked.revokedAtMs)
                assertTrue(manifestStatus(manifest, "1234-test") >= 400, "a revoked link is no longer served")
                assertNull(t.sync.links(id).single { it.id == ips.id }.revokedAtMs)
                assertFailsWith<ApiException.InvalidInput> { t.sync.createLink(id, LinkedContent.Ips("fr")) }
            }
        }
    }
}
