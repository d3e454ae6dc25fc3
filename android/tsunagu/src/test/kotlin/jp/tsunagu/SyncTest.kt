// Two stores syncing through a real relay process on loopback, through the bindings.
package jp.tsunagu

import java.io.File
import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.MemberRole
import jp.tsunagu.ffi.ViewAudience
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

class SyncTest {
    private val peep = "devices.dev-vent.settings.ventilator.peep"

    private fun ems(t: Tsunagu, id: String) = runBlocking {
        t.view(id, ViewAudience.EMS, "en", "2026-12-01").sections.flatMap { it.items }.joinToString("\n") { "${it.label}: ${it.value}" }
    }

    @Test
    fun twoStoresConvergeThroughARealRelay() = runBlocking {
        val dir = tempDir("tsunagu-sync")
        RelayProcess.start(File(dir, "relay.sqlite3")).use { relay ->
            Tsunagu.open(File(dir, "parent.sqlite3").path).use { parent ->
                Tsunagu.open(File(dir, "coordinator.sqlite3").path).use { coordinator ->
                    val id = parent.createSample("母")
                    assertEquals(null, parent.sync.statusFlow(id).first(), "not shared yet")
                    val shared = parent.sync.share(id, relay.url)
                    assertTrue(shared.online)
                    assertTrue(shared.pushed > 0u)

                    val link = parent.sync.invite(id, MemberRole.EDITOR, validHours = 1)
                    assertTrue(link.contains("#"), "the secret travels in the fragment")
                    assertFalse(link.contains("&k="), "the link carries no key (ADR 0007)")
                    val joined = coordinator.sync.join(link)
                    assertEquals(id, joined.profileId)
                    assertEquals(MemberRole.EDITOR, joined.role)
                    // The owner grants the key when its device syncs; then the coordinator reads.
                    assertFalse(joined.created)
                    assertTrue(joined.sync.waitingForOwner)
                    // The join screen says so, in the core's words, until the owner's device synced.
                    assertContains(assertIs<JoinState.WaitingForOwner>(joined.state("ja")).message, "オーナー")
                    assertContains(assertIs<JoinState.WaitingForOwner>(joined.state("en")).message, "owner's device")
                    assertIs<JoinState.WaitingForOwner>(JoinState.of(id, coordinator.sync.syncNow(id), "en"))
                    parent.sync.syncNow(id)
                    assertEquals(JoinState.Ready(id), JoinState.of(id, coordinator.sync.syncNow(id), "en"))
                    assertEquals(listOf(id), coordinator.profiles().map { it.id })

                    // A joined device edits only once it has a name: nobody's change is anonymous.
                    val unnamed = assertFailsWith<ApiException.DeviceNameMissing> {
                        coordinator.edit(id, "") { set("child.nickname", "さく") }
                    }
                    assertContains(unnamed.messageJa, "名前")
                    assertContains(unnamed.messageEn, "name")
                    assertEquals(null, coordinator.deviceName(id))
                    coordinator.setDeviceName(id, "架空 佐藤", "コーディネーター")
                    assertEquals("coordinator", coordinator.deviceName(id)?.role)

                    // Both edit; both sync; both see both edits.
                    parent.edit(id, "母") { set(peep, 6) }
                    coordinator.edit(id, "") { set("child.nickname", "さく") }
                    parent.sync.refresh()
                    val pending = parent.sync.statusFlow(id).first()
                    assertEquals(1uL, pending?.pendingChanges)
                    assertTrue(parent.sync.syncNow(id).online)
                    assertTrue(coordinator.sync.syncNow(id).pulled > 0u)
                    parent.sync.syncNow(id)
                    for (t in listOf(parent, coordinator)) {
                        assertContains(ems(t, id), "PEEP (EPAP): 6 cmH2O")
                        assertContains(t.profileJson(id), "\"nickname\":\"さく\"")
                    }
                    assertEquals(parent.profileJson(id), coordinator.profileJson(id))
                    val status = withTimeout(10_000) { parent.sync.statusFlow(id).first { it?.pendingChanges == 0uL } }
                    assertEquals(MemberRole.OWNER, status?.role)
                    assertEquals(null, status?.lastError)

                    val members = parent.sync.members(id)
                    assertTrue(members.fresh)
                    assertEquals(2, members.members.count { !it.removed })
                    // Names and roles reached the owner inside the document; joined and last change.
                    val me = members.members.single { it.thisDevice }
                    assertEquals("母", me.name)
                    val coord = members.members.single { !it.thisDevice }
                    assertEquals("架空 佐藤", coord.name)
                    assertEquals("coordinator", coord.careRole)
                    assertEquals(MemberRole.EDITOR, coord.role)
                    assertTrue((coord.joinedAtMs ?: 0) > 0)
                    assertTrue((coord.lastChangeAtMs ?: 0) >= (coord.joinedAtMs ?: Long.MAX_VALUE))
                    assertEquals("架空 佐藤", parent.history(id).first { it.changes.any { c -> c.path == "child.nickname" } }.author)

                    // Typed errors from the sync side.
                    assertFailsWith<ApiException.AlreadyShared> { parent.sync.share(id, relay.url) }
                    assertFailsWith<ApiException.InvalidLink> { coordinator.sync.join("https://relay.example/join?p=x") }
                    assertFailsWith<ApiException.NotPermitted> { coordinator.sync.invite(id, MemberRole.EDITOR) }

                    // The relay goes away: an edit waits, sync reports offline, nothing is lost.
                    relay.close()
                    parent.edit(id, "母") { set(peep, 7) }
                    val offline = parent.sync.syncNow(id)
                    assertFalse(offline.online)
                    val afterOffline = parent.sync.status(id)
                    assertEquals("offline", afterOffline.lastError)
                    assertTrue(afterOffline.pendingChanges >= 1uL || afterOffline.awaitingAck)
                    assertFailsWith<ApiException.Offline> { parent.sync.invite(id, MemberRole.VIEWER) }
                    assertContains(ems(parent, id), "PEEP (EPAP): 7 cmH2O")
                }
            }
        }
    }

    @Test
    fun aViewerCannotWriteAndARemovedDeviceIsRefused() = runBlocking {
        val dir = tempDir("tsunagu-sync-roles")
        RelayProcess.start(File(dir, "relay.sqlite3")).use { relay ->
            Tsunagu.open(File(dir, "owner.sqlite3").path).use { owner ->
                Tsunagu.open(File(dir, "viewer.sqlite3").path).use { viewer ->
                    val id = owner.createSample("母")
                    owner.sync.share(id, relay.url)
                    val joined = viewer.sync.join(owner.sync.invite(id, MemberRole.VIEWER))
                    assertEquals(MemberRole.VIEWER, joined.role)
                    owner.sync.syncNow(id)
                    viewer.sync.syncNow(id)
                    assertFailsWith<ApiException.NotPermitted> { viewer.sync.invite(id, MemberRole.VIEWER) }

                    // A viewer's local edit is refused at once (issue 11), so nothing waits unsent.
                    assertFailsWith<ApiException.ViewerCannotEdit> { viewer.edit(id, "見学者") { set("child.nickname", "ちがう") } }
                    val result = viewer.sync.syncNow(id)
                    assertTrue(result.online)
                    assertEquals(0uL, result.unsentReadOnly)
                    owner.sync.syncNow(id)
                    assertContains(owner.profileJson(id), "\"nickname\":\"さくちゃん\"")

                    // The owner removes the viewer: a new key epoch, and the viewer is refused.
                    val viewerDevice = owner.sync.members(id).members.single { !it.thisDevice }.device
                    assertFailsWith<ApiException.InvalidInput> { owner.sync.removeMember(id, "not-a-device") }
                    val epoch = owner.sync.removeMember(id, viewerDevice)
                    assertEquals(2, epoch)
                    assertTrue(owner.sync.members(id).members.single { it.device == viewerDevice }.removed)
                    assertFailsWith<ApiException.NotMember> { viewer.sync.syncNow(id) }
                }
            }
        }
        Unit
    }
}
