// SyncTests.swift — two stores (the parent's phone, the coordinator's tablet) synced through a
// real tsunagu-relay process on loopback, through TsunaguKit's async API: share, invite, join,
// concurrent edits on both sides, sync, and both converge. Also: the status stream, an offline
// relay reported as a status with the change kept, and bad invite links as typed errors.

import Foundation
import XCTest
@testable import TsunaguKit

final class SyncTests: XCTestCase {
    private var folder: URL!
    private var relay: RelayProcess!

    override func setUpWithError() throws {
        folder = try makeTempFolder()
        relay = try RelayProcess.start(in: folder)
    }

    override func tearDownWithError() throws {
        relay?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private func device(_ name: String) async throws -> (ProfileStore, SyncSession) {
        let store = try await ProfileStore.open(at: folder.appendingPathComponent("\(name).sqlite3"))
        return (store, try SyncSession(store: store))
    }

    private struct Shape: Decodable, Equatable {
        struct Child: Decodable, Equatable {
            let nickname: String?
            let languages: String?
        }
        let child: Child
    }

    func testTwoStoresConvergeThroughARealRelay() async throws {
        let (phone, phoneSync) = try await device("phone")
        let (tablet, tabletSync) = try await device("tablet")
        let id = try await phone.createSample(author: "母")

        let shared = try await phoneSync.share(id, relay: relay.url)
        XCTAssertTrue(shared.online)
        let link = try await phoneSync.invite(id, role: .editor)
        XCTAssertTrue(link.hasPrefix(relay.url), "the link names the relay")
        XCTAssertTrue(link.contains("#"), "the secret travels in the fragment")
        XCTAssertFalse(link.contains("&k="), "the link carries no key (ADR 0007)")
        let linkQR = try QRCode.png(for: link)
        XCTAssertEqual(Array(linkQR.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "the link as a PNG QR code")

        let joined = try await tabletSync.join(link: link)
        XCTAssertEqual(joined.profileId, id)
        XCTAssertEqual(joined.role, .editor)
        // The owner grants the key when its device syncs; then the tablet reads.
        XCTAssertFalse(joined.created)
        XCTAssertTrue(joined.sync.waitingForOwner)
        // The join screen says so, in the core's words, until the owner's device synced.
        let waiting = JoinState(joined: joined, language: "ja")
        guard case .waitingForOwner(id, let words) = waiting else { return XCTFail("\(waiting)") }
        XCTAssertTrue(words.contains("オーナー"), words)
        XCTAssertTrue(JoinState(joined: joined, language: "en").message?.contains("owner's device") == true)
        let again = try await tabletSync.syncNow(id)
        XCTAssertEqual(JoinState(profileId: id, sync: again, language: "en"), JoinState(joined: joined, language: "en"))
        _ = try await phoneSync.syncNow(id)
        let first = try await tabletSync.syncNow(id)
        XCTAssertFalse(first.waitingForOwner)
        XCTAssertEqual(JoinState(profileId: id, sync: first, language: "en"), .ready(profileId: id))
        let onTablet = try await tablet.profile(id, as: Shape.self)
        let onPhone = try await phone.profile(id, as: Shape.self)
        XCTAssertEqual(onTablet, onPhone, "the tablet has the whole profile after joining")

        // A joined device edits only once it has a name: nobody's change is anonymous.
        do {
            try await tablet.edit(id, [try .set("child.languages", to: "日本語")], author: "")
            XCTFail("an unnamed device's edit is refused")
        } catch ApiError.DeviceNameMissing(_, let messageJa, _) {
            XCTAssertTrue(messageJa.contains("名前"))
        }
        try await tablet.setDeviceName(id, name: "コーディネーター", role: "coordinator")
        let card = try await tablet.deviceName(id)
        XCTAssertEqual(card?.role, "coordinator")

        // Both edit different fields before syncing: the changes merge, none is lost.
        try await phone.edit(id, [try .set("child.nickname", to: "さくぴょん")], author: "母")
        try await tablet.edit(id, [try .set("child.languages", to: "日本語、手話")], author: "")
        // Two changes go out from the tablet: its name (a change inside the document) and the edit.
        let pushed = try await tabletSync.syncNow(id)
        XCTAssertEqual(pushed.pushed, 2)
        let pulled = try await phoneSync.syncNow(id)
        XCTAssertTrue(pulled.online)
        XCTAssertEqual(pulled.pulled, 2, "the tablet's name and change arrive")
        XCTAssertEqual(pulled.pushed, 1, "the phone's change goes out")
        try await tabletSync.syncNow(id)

        let phoneNow = try await phone.profile(id, as: Shape.self)
        let tabletNow = try await tablet.profile(id, as: Shape.self)
        XCTAssertEqual(phoneNow, tabletNow)
        XCTAssertEqual(phoneNow.child.nickname, "さくぴょん")
        XCTAssertEqual(phoneNow.child.languages, "日本語、手話")
        let authors = try await phone.history(id).compactMap(\.author)
        XCTAssertTrue(authors.contains("コーディネーター"), "provenance survives the relay")
        let members = try await phoneSync.members(id).members
        XCTAssertEqual(members.first { $0.thisDevice }?.name, "母")
        let coordinator = members.first { !$0.thisDevice }
        XCTAssertEqual(coordinator?.name, "コーディネーター")
        XCTAssertEqual(coordinator?.careRole, "coordinator")
        XCTAssertNotNil(coordinator?.joinedAtMs)
    }

    func testStatusStreamFollowsEditsAndSyncs() async throws {
        let (phone, phoneSync) = try await device("phone")
        let id = try await phone.createSample(author: "母")
        var updates = phoneSync.statusUpdates(id).makeAsyncIterator()

        let first = await updates.next()
        XCTAssertEqual(first, .notShared)

        try await phoneSync.share(id, relay: relay.url)
        let shareUpdate = await updates.next()
        let afterShare = try XCTUnwrap(shareUpdate?.info, "shared after share")
        XCTAssertEqual(afterShare.profileId, id)
        XCTAssertEqual(afterShare.role, .owner)
        XCTAssertEqual(afterShare.pendingChanges, 0)
        XCTAssertNotNil(afterShare.lastSuccessAtMs)

        try await phone.edit(id, [try .set("child.nickname", to: "さく")], author: "母")
        let editUpdate = await updates.next()
        let afterEdit = try XCTUnwrap(editUpdate?.info)
        XCTAssertEqual(afterEdit.pendingChanges, 1, "the edit waits for the relay")

        try await phoneSync.syncNow(id)
        let syncUpdate = await updates.next()
        let afterSync = try XCTUnwrap(syncUpdate?.info)
        XCTAssertEqual(afterSync.pendingChanges, 0)
        XCTAssertNil(afterSync.lastError)
    }

    func testOfflineRelayIsAStatusAndTheChangeIsKept() async throws {
        let (phone, phoneSync) = try await device("phone")
        let id = try await phone.createSample(author: "母")
        try await phoneSync.share(id, relay: relay.url)
        relay.stop()

        try await phone.edit(id, [try .set("child.nickname", to: "オフライン")], author: "母")
        let result = try await phoneSync.syncNow(id)
        XCTAssertFalse(result.online, "no relay: offline, not an error")
        let current = try await phoneSync.status(id)
        let status = try XCTUnwrap(current.info)
        XCTAssertEqual(status.lastError, "offline")
        XCTAssertGreaterThanOrEqual(status.pendingChanges, 1, "the change is still queued")
        let kept = try await phone.profile(id, as: Shape.self)
        XCTAssertEqual(kept.child.nickname, "オフライン", "the edit itself is durable locally")

        do {
            _ = try await phoneSync.invite(id, role: .viewer)
            XCTFail("an invite needs the relay")
        } catch ApiError.Offline {
        }
    }

    func testBadInviteLinksAreTypedErrorsAndAddNothing() async throws {
        let (phone, phoneSync) = try await device("phone")
        let (tablet, tabletSync) = try await device("tablet")
        let id = try await phone.createSample(author: "母")
        try await phoneSync.share(id, relay: relay.url)
        let link = try await phoneSync.invite(id, role: .viewer)

        do {
            try await tabletSync.join(link: "https://example.invalid/join?p=nothing")
            XCTFail("a malformed link must be refused")
        } catch ApiError.InvalidLink {
        }

        // Raise the role the signed invite grants: the signature no longer covers the link.
        let escalated = link.replacingOccurrences(of: "r=viewer", with: "r=editor")
        XCTAssertNotEqual(escalated, link, "the link names its role")
        do {
            try await tabletSync.join(link: escalated)
            XCTFail("a tampered link must be refused")
        } catch ApiError.InvalidLink {
        }
        let none = try await tablet.profiles()
        XCTAssertTrue(none.isEmpty, "nothing was added")

        try await tabletSync.join(link: link)
        do {
            let (_, laptopSync) = try await device("laptop")
            try await laptopSync.join(link: link)
            XCTFail("an invite is used once")
        } catch ApiError.InviteRejected {
        }
    }
}
