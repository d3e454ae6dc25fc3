// Sync.swift — end-to-end encrypted sync of shared profiles, the Swift way.
//
// `SyncSession` wraps the generated `SyncService` (the core's SyncClient over HTTPS). Its network
// calls are the generated `async` functions; the core runs them one at a time on its own thread.
// `statusUpdates(_:)` is an AsyncStream of a profile's sync status: the current status when
// iterated, then a fresh one after every share, join, sync and local edit made through this
// process's ProfileStore (yielded before that call returns, so statuses arrive in the order of
// the calls), so a status line in the UI stays true without polling.

import Foundation
import TsunaguFFI

/// How syncing one profile stands, from local state only.
public enum SyncStatus: Equatable, Sendable {
    /// The profile lives only on this device (not shared through a relay).
    case notShared
    /// The profile is shared: relay, role, last success, changes waiting, last problem.
    case shared(SyncInfo)

    /// True when the profile is shared through a relay.
    public var shared: Bool {
        if case .shared = self { return true }
        return false
    }

    /// The details, when shared.
    public var info: SyncInfo? {
        if case let .shared(info) = self { return info }
        return nil
    }
}

/// Sync for the profiles of one `ProfileStore`: share, invite, join, sync now, status, members.
public final class SyncSession: @unchecked Sendable {
    // @unchecked: `service` is thread-safe (the core serializes its calls), `hub` locks itself.
    private let service: SyncService
    private let store: ProfileStore
    private let hub = StatusHub()

    /// Sync for `store`'s profiles over HTTPS (plain http:// only for a relay on loopback).
    public init(store: ProfileStore) throws {
        self.store = store
        service = try SyncService(store: store.inner)
        store.addChangeObserver { [weak self] profileId in
            await self?.publish(profileId)
        }
    }

    /// Puts local profile `profileId` on the relay at `relay` with this device as its owner, and
    /// pushes it. Needs the network (`ApiError.Offline` otherwise, nothing recorded).
    @discardableResult
    public func share(_ profileId: String, relay: String) async throws -> SyncResult {
        let result = try await service.share(profileId: profileId, relayUrl: relay)
        await publish(profileId)
        return result
    }

    /// An invite link for `profileId` granting `role`, valid for `validHours` hours. The part
    /// after `#` holds the one-time invite secret, no key (the owner's device grants the key
    /// after the join, ADR 0007): show it as a QR code or send it privately.
    public func invite(_ profileId: String, role: MemberRole, validHours: UInt32 = 72) async throws -> String {
        try await service.invite(profileId: profileId, role: role, validHours: validHours)
    }

    /// Joins the profile an invite link names and pulls it once the owner's device has granted
    /// the key; until then `sync.waitingForOwner` is true (`JoinState` is what a join screen
    /// shows). A malformed or tampered link is `ApiError.InvalidLink`; a used or expired one
    /// `ApiError.InviteRejected`; nothing changes.
    @discardableResult
    public func join(link: String) async throws -> JoinResult {
        let joined = try await service.join(link: link)
        await publish(joined.profileId)
        return joined
    }

    /// Pulls and pushes `profileId` now. No network is not an error: `online` is false and
    /// everything stays queued for the next call.
    @discardableResult
    public func syncNow(_ profileId: String) async throws -> SyncResult {
        let result = try await service.syncNow(profileId: profileId)
        await publish(profileId)
        return result
    }

    /// Syncs every shared profile, returning each one's result or error by profile id.
    public func syncAll() async throws -> [String: Result<SyncResult, Error>] {
        let ids = try await store.worker.run { [service] in try service.sharedProfiles() }
        var results: [String: Result<SyncResult, Error>] = [:]
        for id in ids {
            do { results[id] = .success(try await syncNow(id)) } catch { results[id] = .failure(error) }
        }
        return results
    }

    /// The members of `profileId`, from the relay when reachable (else the last table, `fresh`
    /// false).
    public func members(_ profileId: String) async throws -> MemberList {
        try await service.members(profileId: profileId)
    }

    /// A SMART Health Link to `content` (a card or the IPS) of `profileId`, hosted by the relay
    /// the profile syncs through (or `settings.relayUrl`); hand out the result's `link`.
    public func createLink(_ profileId: String, content: LinkedContent,
                           settings: LinkSettings) async throws -> ShareLinkInfo {
        try await service.createLink(profileId: profileId, content: content, settings: settings)
    }

    /// The links this device made, newest first (only `profileId`'s when given). No network.
    public func links(_ profileId: String? = nil) async throws -> [ShareLinkInfo] {
        try await store.worker.run { [service] in try service.links(profileId: profileId) }
    }

    /// Revokes link `id`: the relay stops serving it; harmless twice.
    @discardableResult
    public func revokeLink(_ id: String) async throws -> ShareLinkInfo {
        try await service.revokeLink(id: id)
    }

    /// Removes device `device` from `profileId` (owner only) and rotates the key; returns the new
    /// key epoch.
    @discardableResult
    public func removeMember(_ profileId: String, device: String) async throws -> UInt32 {
        let epoch = try await service.removeMember(profileId: profileId, device: device)
        await publish(profileId)
        return epoch
    }

    /// How syncing `profileId` stands now (local state only, off the caller's thread).
    public func status(_ profileId: String) async throws -> SyncStatus {
        try await store.worker.run { [service] in try Self.readStatus(service, profileId) }
    }

    /// The sync status of `profileId`: the current one first, then one after every change this
    /// process makes to it (edits, share, join, sync). Ends when the iterating task is cancelled.
    public func statusUpdates(_ profileId: String) -> AsyncStream<SyncStatus> {
        AsyncStream { continuation in
            let token = hub.add(profileId, continuation)
            continuation.onTermination = { [hub] _ in hub.remove(token) }
            Task { await self.publish(profileId, only: token) }
        }
    }

    private static func readStatus(_ service: SyncService, _ profileId: String) throws -> SyncStatus {
        do {
            return .shared(try service.status(profileId: profileId))
        } catch ApiError.NotShared {
            return .notShared
        }
    }

    /// Sends the current status of `profileId` to its subscribers (or just to `only`). Reading
    /// and sending happen together on the store's serial worker, so subscribers see statuses in
    /// the order the changes were made. A status that cannot be read (the store failing) is not
    /// sent; the next change tries again.
    private func publish(_ profileId: String, only: UUID? = nil) async {
        guard hub.hasSubscribers(profileId) else { return }
        _ = try? await store.worker.run { [service, hub] in
            let status = try Self.readStatus(service, profileId)
            hub.send(status, for: profileId, only: only)
        }
    }
}

/// The open status streams, by profile. Thread-safe.
final class StatusHub: @unchecked Sendable {
    // @unchecked: every access to `streams` holds `lock`.
    private let lock = NSLock()
    private var streams: [UUID: (profile: String, continuation: AsyncStream<SyncStatus>.Continuation)] = [:]

    func add(_ profile: String, _ continuation: AsyncStream<SyncStatus>.Continuation) -> UUID {
        let token = UUID()
        lock.lock()
        defer { lock.unlock() }
        streams[token] = (profile, continuation)
        return token
    }

    func remove(_ token: UUID) {
        lock.lock()
        defer { lock.unlock() }
        streams[token] = nil
    }

    func hasSubscribers(_ profile: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return streams.values.contains { $0.profile == profile }
    }

    func send(_ status: SyncStatus, for profile: String, only: UUID?) {
        lock.lock()
        let targets = streams.filter { $0.value.profile == profile && (only == nil || $0.key == only) }
        lock.unlock()
        for (_, stream) in targets { stream.continuation.yield(status) }
    }
}
