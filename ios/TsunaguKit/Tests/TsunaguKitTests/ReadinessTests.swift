// ReadinessTests.swift — several children in one store, readiness of the sample child, the
// coordinator's roster across both, and the shelter QR (text ≤ 1 KB, a real PNG and SVG).

import Foundation
import XCTest
@testable import TsunaguKit

final class ReadinessTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTempFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    private func day(_ y: Int, _ m: Int, _ d: Int) -> Date {
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.timeZone) = (y, m, d, 12, tokyo)
        return Calendar(identifier: .gregorian).date(from: c)!
    }

    func testSeveralChildrenReadinessRosterAndQR() async throws {
        let store = try await ProfileStore.open(at: folder.appendingPathComponent("coordinator.sqlite3"))
        let sakura = try await store.createSample(author: "母")
        let other = try await store.create(
            json: #"{"child": {"name": "架空 たろう", "name_kana": "かくう たろう"}}"#, author: "母")
        let ids = try await store.profiles().map(\.id)
        XCTAssertEqual(Set(ids), [sakura, other])

        try await store.edit(other, [try .add(to: "contacts", ["name": "架空 はは", "phone": "090-0000-0000"])],
                             author: "母")
        let otherHistory = try await store.history(other)
        XCTAssertEqual(otherHistory.count, 2, "create + add")

        let readiness = try await store.readiness(sakura, language: "en")
        XCTAssertTrue(readiness.powerDependent)
        XCTAssertNotNil(readiness.totalMinutes)
        XCTAssertTrue(readiness.devices.contains { $0.deviceId == "dev-vent" && $0.lifeCritical })

        let roster = try await store.roster(language: "ja", asOf: day(2026, 12, 1), in: tokyo)
        XCTAssertEqual(roster.rows.count, 2)
        XCTAssertEqual(roster.rows.first?.cells.count, roster.header.count)
        XCTAssertGreaterThanOrEqual(roster.csv.split(whereSeparator: \.isNewline).count, 3,
                                    "header + two children (CRLF lines are one Character in Swift)")

        let qr = try await store.shelterQR(sakura, languages: ["ja", "en"], today: day(2026, 12, 1), in: tokyo)
        XCTAssertLessThanOrEqual(qr.text.utf8.count, 1024)
        XCTAssertTrue(qr.text.contains("2026-12-01"), "the summary is dated")
        XCTAssertEqual(Array(qr.png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertTrue(qr.svg.contains("<svg"))

        do {
            _ = try await store.shelterQR(sakura, languages: [], today: day(2026, 12, 1), in: tokyo)
            XCTFail("no language must be refused")
        } catch ApiError.InvalidInput(let violations) {
            XCTAssertEqual(violations.first?.field, "langs")
        }
    }
}
