// What a join screen shows after a join, and after each later "Sync now" there: the profile to
// open, or the core's words (ja/en) for "joined, waiting for the owner's device" — the invite link
// carries no key; the owner's device grants it when it next syncs (ADR 0007) — or "offline".
package jp.tsunagu

import jp.tsunagu.ffi.JoinResult
import jp.tsunagu.ffi.SyncResult

sealed interface JoinState {
    val profileId: String

    /** The profile is on this device: open it. */
    data class Ready(override val profileId: String) : JoinState

    /** Joined, nothing to read yet: show [message] and offer "Sync now". */
    sealed interface Pending : JoinState {
        val message: String
    }

    /** Joined; the owner's device has not granted the key yet. */
    data class WaitingForOwner(override val profileId: String, override val message: String) : Pending

    /** Joined, but the relay could not be reached to fetch the profile. */
    data class Offline(override val profileId: String, override val message: String) : Pending

    companion object {
        /** The state after a sync of [profileId] that reported [sync], with words in [lang]. */
        fun of(profileId: String, sync: SyncResult, lang: String): JoinState =
            when {
                sync.waitingForOwner -> WaitingForOwner(profileId, Tsunagu.message(lang, "app-join-waiting"))
                !sync.online -> Offline(profileId, Tsunagu.message(lang, "app-join-offline"))
                else -> Ready(profileId)
            }
    }
}

/** What the join screen shows right after this join, in [lang]. */
fun JoinResult.state(lang: String): JoinState = JoinState.of(profileId, sync, lang)
