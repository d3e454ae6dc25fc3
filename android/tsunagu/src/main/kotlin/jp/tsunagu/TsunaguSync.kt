// Sync of a store's profiles through the relay, as suspend functions, with each profile's sync
// status as a Flow that updates after every sync operation made through this object.
package jp.tsunagu

import jp.tsunagu.ffi.ApiException
import jp.tsunagu.ffi.JoinResult
import jp.tsunagu.ffi.LinkSettings
import jp.tsunagu.ffi.LinkedContent
import jp.tsunagu.ffi.MemberList
import jp.tsunagu.ffi.MemberRole
import jp.tsunagu.ffi.ShareLinkInfo
import jp.tsunagu.ffi.SyncInfo
import jp.tsunagu.ffi.SyncResult
import jp.tsunagu.ffi.SyncService
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext

/**
 * Share, invite, join and sync. Network calls suspend (they run on the core's own network
 * thread, one at a time); cancelling the caller does not cut a sync short. Obtain it from
 * [Tsunagu.sync]; it is closed with its [Tsunagu].
 */
class TsunaguSync internal constructor(
    private val service: SyncService,
    private val io: CoroutineDispatcher,
) : AutoCloseable {
    /** Bumped after every operation that can change a profile's sync state. */
    private val changes = MutableStateFlow(0L)

    private fun changed() {
        changes.value = changes.value + 1
    }

    private suspend fun <T> tracked(block: suspend () -> T): T =
        try {
            block()
        } finally {
            changed()
        }

    /** Starts syncing local profile [profileId] through [relayUrl] with this device as owner. */
    suspend fun share(profileId: String, relayUrl: String): SyncResult = tracked { service.share(profileId, relayUrl) }

    /**
     * An invite link granting [role] for [validHours] hours. The part after `#` holds the
     * one-time invite secret, no key: the owner's device grants the key after the join (ADR 0007).
     */
    suspend fun invite(profileId: String, role: MemberRole, validHours: Int = 72): String {
        require(validHours > 0) { "validHours must be positive" }
        return service.invite(profileId, role, validHours.toUInt())
    }

    /**
     * Joins the profile an invite link (scanned from a QR code) names, and pulls it once the
     * owner's device has granted the key; until then [JoinResult.sync] is `waitingForOwner`
     * (see [JoinState], what a join screen shows).
     */
    suspend fun join(link: String): JoinResult = tracked { service.join(link) }

    /** Pulls and pushes [profileId] now; offline is `online = false`, not an exception. */
    suspend fun syncNow(profileId: String): SyncResult = tracked { service.syncNow(profileId) }

    /** Syncs every shared profile; one profile's failure does not stop the others. */
    suspend fun syncAll(): Map<String, Result<SyncResult>> {
        val ids = withContext(io) { service.sharedProfiles() }
        return ids.associateWith { id -> runCatching { syncNow(id) } }
    }

    /** How syncing [profileId] stands, from local state (no network). */
    suspend fun status(profileId: String): SyncInfo = withContext(io) { service.status(profileId) }

    /**
     * The sync status of [profileId], now and after every sync operation made through this
     * object (share, join, sync) or [refresh]; `null` while the profile is not shared (so a
     * screen collecting it sees the status appear once it is shared). Reads local state only.
     */
    fun statusFlow(profileId: String): Flow<SyncInfo?> =
        changes.map {
            try {
                status(profileId)
            } catch (e: ApiException.NotShared) {
                null
            }
        }.distinctUntilChanged()

    /** Tells [statusFlow] collectors to read the status again (after a local edit, say). */
    fun refresh() = changed()

    /** The members of [profileId] (from the relay when reachable). */
    suspend fun members(profileId: String): MemberList = service.members(profileId)

    /** Removes [device] from [profileId] (owner only) and rotates the key; returns the new epoch. */
    suspend fun removeMember(profileId: String, device: String): Int =
        tracked { service.removeMember(profileId, device).toInt() }

    /**
     * A SMART Health Link to [content] (a card or the IPS) of [profileId], hosted by the relay
     * the profile syncs through (or [LinkSettings.relayUrl]); hand out [ShareLinkInfo.link].
     */
    suspend fun createLink(
        profileId: String,
        content: LinkedContent,
        settings: LinkSettings = LinkSettings(null, null, null, null, null),
    ): ShareLinkInfo = service.createLink(profileId, content, settings)

    /** The links this device made, newest first (only [profileId]'s when given). No network. */
    suspend fun links(profileId: String? = null): List<ShareLinkInfo> = withContext(io) { service.links(profileId) }

    /** Revokes link [id]: the relay stops serving it; harmless twice. */
    suspend fun revokeLink(id: String): ShareLinkInfo = service.revokeLink(id)

    override fun close() = service.close()
}
