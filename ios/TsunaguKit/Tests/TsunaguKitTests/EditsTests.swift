// EditsTests.swift — the EditOp builders and the edit kinds that carry codes and dates: a merge
// patch, clearing a field, verifying a section (and the verification reaching the view), and
// refusals on the Swift side (a value JSON cannot hold) and in the core (an unknown role).

import Foundation
import XCTest
@testable import TsunaguKit

final class EditsTests: XCTestCase {
    private var folder: URL!
    private var store: ProfileStore!
    private var id: String!

    override func setUp() async throws {
        folder = try makeTempFolder()
        store = try await ProfileStore.open(at: folder.appendingPathComponent("phone.sqlite3"))
        id = try await store.createSample(author: "母")
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private struct Child: Decodable {
        struct Weight: Decodable { let kg: Double?; let measured_on: String? }
        let nickname: String?
        let weight: Weight
    }
    private struct Shape: Decodable { let child: Child }

    func testMergePatchAndClear() async throws {
        struct Patch: Encodable {
            struct Child: Encodable {
                struct Weight: Encodable { let kg: Double; let measured_on: String }
                let weight: Weight
            }
            let child: Child
        }
        try await store.edit(id, [try .mergePatch(Patch(child: .init(weight: .init(kg: 16.1, measured_on: "2026-11-28"))))],
                             author: "母")
        var read = try await store.profile(id, as: Shape.self)
        XCTAssertEqual(read.child.weight.kg, 16.1)
        XCTAssertEqual(read.child.weight.measured_on, "2026-11-28")

        try await store.edit(id, [.clear("child.nickname")], author: "母")
        read = try await store.profile(id, as: Shape.self)
        XCTAssertNil(read.child.nickname)
    }

    func testAValueJSONCannotHoldIsRefusedBeforeTheCore() async throws {
        XCTAssertThrowsError(try EditOp.set("child.weight.kg", to: Double.nan)) { error in
            XCTAssertEqual(error as? TsunaguKitError, .unencodableValue(path: "child.weight.kg"))
        }
    }

    func testVerifyReachesTheViewAndABadRoleChangesNothing() async throws {
        let before = try await store.profileJSON(id)
        do {
            try await store.edit(id, [.verify(section: "medications", by: "主治医", role: "wizard", on: "2026-11-30")],
                                 author: "母")
            XCTFail("an unknown verifier role must be refused")
        } catch ApiError.InvalidInput(let violations) {
            XCTAssertEqual(violations.first?.field, "role")
        }
        let unchanged = try await store.profileJSON(id)
        XCTAssertEqual(unchanged, before)

        try await store.edit(id, [.verify(section: "medications", by: "架空 医師", role: "doctor", on: "2026-11-30")],
                             author: "母")
        let view = try await store.view(id, for: .ems, language: "en")
        let verified = view.sections.flatMap(\.items).filter { $0.freshness.verifiedBy == "架空 医師" }
        XCTAssertFalse(verified.isEmpty, "the medications lines carry the verification")
        XCTAssertEqual(verified.first?.freshness.verifiedOn, "2026-11-30")
    }
}
