// StoreTests.swift — the store through TsunaguKit: a real SQLite file in a temp folder, a profile
// created, edited, read back (also after reopening the file), and bad input refused with a typed
// error and nothing changed. These test the Swift glue, not the core's rules again.

import Foundation
import XCTest
@testable import TsunaguKit

final class StoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTempFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func openStore(_ name: String = "phone.sqlite3") async throws -> ProfileStore {
        try await ProfileStore.open(at: folder.appendingPathComponent(name))
    }

    func testCreateEditAndReadBackAfterReopening() async throws {
        let store = try await openStore()
        let id = try await store.createSample(author: "母")
        XCTAssertTrue(id.hasPrefix("p-"), "profile ids look like p-…")

        let hash = try await store.edit(id, [
            try .set("child.nickname", to: "さく"),
            try .set("child.weight.kg", to: 15.8),
        ], author: "母")
        XCTAssertNotNil(hash, "a real change has a hash")

        struct Child: Decodable {
            struct Weight: Decodable { let kg: Double? }
            let nickname: String?
            let weight: Weight
        }
        struct Shape: Decodable { let child: Child }
        let read = try await store.profile(id, as: Shape.self)
        XCTAssertEqual(read.child.nickname, "さく")
        XCTAssertEqual(read.child.weight.kg, 15.8)

        // Acknowledged means durable: a second handle on the same file sees the edit.
        let reopened = try await openStore()
        let again = try await reopened.profile(id, as: Shape.self)
        XCTAssertEqual(again.child.nickname, "さく")
        let list = try await reopened.profiles()
        XCTAssertEqual(list.map(\.id), [id])

        let history = try await reopened.history(id)
        XCTAssertGreaterThanOrEqual(history.count, 2, "create + edit")
        XCTAssertEqual(history.first?.author, "母")
        XCTAssertTrue(history.first?.ops.contains { $0.path == "child.nickname" } ?? false)

        try await reopened.edit(id, [try .set("child.nickname", to: "さくら")], author: "父")
        let who = try await reopened.provenance(id, path: "child.nickname")
        XCTAssertEqual(who?.author, "父", "the last writer of the field")
        XCTAssertNotNil(who?.atMs)
    }

    func testEditThatChangesNothingHasNoHash() async throws {
        let store = try await openStore()
        let id = try await store.createSample(author: "母")
        let json = try await store.profileJSON(id)
        let current = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["child"] as? [String: Any])
        let nickname = try XCTUnwrap(current["nickname"] as? String)
        let hash = try await store.edit(id, [try .set("child.nickname", to: nickname)], author: "母")
        XCTAssertNil(hash)
    }

    func testOutOfRangeValueIsATypedErrorAndChangesNothing() async throws {
        let store = try await openStore()
        let id = try await store.createSample(author: "母")
        let before = try await store.profileJSON(id)
        let historyBefore = try await store.history(id).count

        do {
            // A valid edit and an invalid one in one batch: neither may be written.
            try await store.edit(id, [
                try .set("child.nickname", to: "べつ"),
                try .set("child.weight.kg", to: -3),
            ], author: "母")
            XCTFail("a negative weight must be refused")
        } catch ApiError.InvalidInput(let violations) {
            XCTAssertEqual(violations.map(\.field), ["child.weight.kg"])
            XCTAssertFalse(violations[0].rule.contains("-3"), "errors never echo the value")
        }
        let after = try await store.profileJSON(id)
        XCTAssertEqual(after, before)
        let historyAfter = try await store.history(id).count
        XCTAssertEqual(historyAfter, historyBefore)
    }

    func testUnknownFieldUnknownProfileAndBadFileAreTyped() async throws {
        let store = try await openStore()
        let id = try await store.createSample(author: "母")

        do {
            try await store.edit(id, [try .set("child.no_such_field", to: 1)], author: "母")
            XCTFail("an unknown field must be refused")
        } catch ApiError.BadEdit(let path, _) {
            XCTAssertEqual(path, "child.no_such_field")
        }

        do {
            _ = try await store.profileJSON("p-doesnotexist")
            XCTFail("an unknown profile must be refused")
        } catch ApiError.NotFound(let missing) {
            XCTAssertEqual(missing, "p-doesnotexist")
        }

        do {
            _ = try await store.import(Data("not a profile file at all".utf8))
            XCTFail("random bytes must be refused")
        } catch ApiError.InvalidFile {
        }
        let list = try await store.profiles()
        XCTAssertEqual(list.count, 1, "a refused import adds nothing")
    }

    func testExportImportIntoAnotherStore() async throws {
        let phone = try await openStore("phone.sqlite3")
        let id = try await phone.createSample(author: "母")
        try await phone.edit(id, [try .set("child.nickname", to: "さく")], author: "母")
        let file = try await phone.export(id)

        let tablet = try await openStore("tablet.sqlite3")
        let imported = try await tablet.import(file)
        XCTAssertEqual(imported.id, id)
        XCTAssertTrue(imported.created)
        let json = try await tablet.profileJSON(id)
        XCTAssertTrue(json.contains("さく"))
    }
}
