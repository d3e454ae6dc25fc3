// JoinState.swift — what a join screen shows after a join, and after each later "Sync now"
// there: the profile to open, or the core's words (ja/en) for "joined, waiting for the owner's
// device" (the invite link carries no key; the owner's device grants it when it next syncs,
// ADR 0007), or "offline".

import Foundation
import TsunaguFFI

public enum JoinState: Equatable, Sendable {
    /// The profile is on this device: open it.
    case ready(profileId: String)
    /// Joined; the owner's device has not granted the key yet. Show `message`; offer "Sync now".
    case waitingForOwner(profileId: String, message: String)
    /// Joined, but the relay could not be reached to fetch the profile. Show `message`; offer
    /// "Sync now".
    case offline(profileId: String, message: String)

    /// The state after a sync of `profileId` that reported `sync`, with words in `language`.
    public init(profileId: String, sync: SyncResult, language: String) {
        if sync.waitingForOwner {
            self = .waitingForOwner(profileId: profileId, message: Words.message("app-join-waiting", language: language))
        } else if !sync.online {
            self = .offline(profileId: profileId, message: Words.message("app-join-offline", language: language))
        } else {
            self = .ready(profileId: profileId)
        }
    }

    /// What the join screen shows right after `joined`.
    public init(joined: JoinResult, language: String) {
        self.init(profileId: joined.profileId, sync: joined.sync, language: language)
    }

    /// The profile this state is about.
    public var profileId: String {
        switch self {
        case let .ready(id), let .waitingForOwner(id, _), let .offline(id, _): return id
        }
    }

    /// The words to show while nothing can be read yet; nil once the profile is here.
    public var message: String? {
        switch self {
        case .ready: return nil
        case let .waitingForOwner(_, message), let .offline(_, message): return message
        }
    }
}
