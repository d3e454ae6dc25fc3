// ReviewTests.swift — review items through TsunaguKit: two devices' stores set PEEP apart and
// merge through export files; both list the field with both values and authors, and resolving it
// on one clears it on both. (The core's rules are tested in Rust; this tests the Swift glue.)

import Foundation
import XCTest
@testable import TsunaguKit

final class ReviewTests: XCTestCase {
    private var folder: URL!
    private let peep = "devices.dev-vent.settings.ventilator.peep"

    override func setUpWithError() throws {
        folder = try makeTempFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testConcurrentValuesAreListedAndResolvedOnBothDevices() async throws {
        let mother = try await ProfileStore.open(at: folder.appendingPathComponent("mother.sqlite3"))
        let father = try await ProfileStore.open(at: folder.appendingPathComponent("father.sqlite3"))
        let id = try await mother.createSample(author: "母")
        _ = try await father.import(try await mother.export(id))
        try await father.setDeviceName(id, name: "父")
        _ = try await mother.import(try await father.export(id))
        let none = try await mother.reviewItems(id)
        XCTAssertTrue(none.isEmpty)

        try await mother.edit(id, [try .set(peep, to: 8.0)], author: "母")
        try await father.edit(id, [try .set(peep, to: 6.0)], author: "父")
        _ = try await father.import(try await mother.export(id))
        _ = try await mother.import(try await father.export(id))

        for store in [mother, father] {
            let items = try await store.reviewItems(id)
            XCTAssertEqual(items.count, 1)
            XCTAssertEqual(items.first?.path, peep)
            let values = (items.first?.values ?? [])
                .map { (Double($0.valueJson) ?? -1, $0.written?.author ?? "") }
                .sorted { $0.0 < $1.0 }
            XCTAssertEqual(values.map(\.0), [6.0, 8.0])
            XCTAssertEqual(values.map(\.1), ["父", "母"])
        }

        let listed = try await mother.reviewItems(id)
        let keep = try XCTUnwrap(listed.first?.values.firstIndex { Double($0.valueJson) == 6.0 })
        let hash = try await mother.resolveReview(id, path: peep, choice: keep, author: "母")
        XCTAssertNotNil(hash)
        _ = try await father.import(try await mother.export(id))
        let motherAfter = try await mother.reviewItems(id)
        let fatherAfter = try await father.reviewItems(id)
        XCTAssertTrue(motherAfter.isEmpty)
        XCTAssertTrue(fatherAfter.isEmpty, "the resolution reaches the other device")
    }
}
