// ViewTests.swift — the audience view models through TsunaguKit: the shelter view of the sample
// child in both languages, an edit showing up in the view, the stale rule following the date
// passed, and a bad language refused with a typed error.

import Foundation
import XCTest
@testable import TsunaguKit

final class ViewTests: XCTestCase {
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

    /// 2026-11-20 noon in Tokyo (the sample's records are from autumn 2026).
    private var autumn: Date {
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour) = (2026, 11, 20, 12)
        c.timeZone = TimeZone(identifier: "Asia/Tokyo")
        return Calendar(identifier: .gregorian).date(from: c)!
    }

    private let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    func testShelterViewIsPrioritizedAndLocalized() async throws {
        let ja = try await store.view(id, for: .shelter, language: "ja", today: autumn, in: tokyo)
        XCTAssertEqual(ja.audience, .shelter)
        XCTAssertEqual(ja.lang, "ja")
        XCTAssertEqual(ja.generatedForDate, "2026-11-20")
        XCTAssertFalse(ja.sections.isEmpty)
        XCTAssertEqual(ja.sections.first?.priority, .red, "life and death comes first")
        let priorities = ja.sections.map(\.priority)
        XCTAssertEqual(priorities, priorities.sorted { rank($0) < rank($1) }, "red, then amber, then green")
        XCTAssertTrue(ja.title.contains("さくら"), "the heading names the child")

        let en = try await store.view(id, for: .shelter, language: "en", today: autumn, in: tokyo)
        XCTAssertEqual(en.sections.map(\.id), ja.sections.map(\.id), "same sections in each language")
        XCTAssertNotEqual(en.sections.first?.title, ja.sections.first?.title, "words differ by language")
    }

    func testAnEditShowsUpInTheViewWithItsAuthor() async throws {
        try await store.edit(id, [try .set("devices.dev-vent.settings.ventilator.peep", to: 7)], author: "訪問看護師")
        let ems = try await store.view(id, for: .ems, language: "en", today: autumn, in: tokyo)
        let lines = ems.sections.flatMap(\.items)
        let vent = try XCTUnwrap(lines.first { $0.source == "devices.dev-vent" }, "the ventilator line")
        XCTAssertTrue(vent.value.contains("7"), "PEEP 7 appears in the line")
        XCTAssertEqual(vent.freshness.changedBy, "訪問看護師")
        XCTAssertNotNil(vent.freshness.changedAtMs)
    }

    func testWeightGoesStaleAfterThreeMonths() async throws {
        let now = try await store.view(id, for: .ems, language: "en", today: autumn, in: tokyo)
        XCTAssertNil(weightLine(now)?.freshness.stale, "weighed in October: fresh in November")

        var c = DateComponents()
        (c.year, c.month, c.day, c.hour) = (2027, 3, 1, 12)
        c.timeZone = tokyo
        let spring = try XCTUnwrap(Calendar(identifier: .gregorian).date(from: c))
        let later = try await store.view(id, for: .ems, language: "en", today: spring, in: tokyo)
        let stale = try XCTUnwrap(weightLine(later)?.freshness.stale, "five months later it is stale")
        XCTAssertEqual(stale.reason, .weightOld)
        XCTAssertFalse(stale.message.isEmpty)
    }

    func testUnsupportedLanguageIsATypedError() async throws {
        do {
            _ = try await store.view(id, for: .caregiver, language: "xx", today: autumn, in: tokyo)
            XCTFail("an unsupported language must be refused")
        } catch ApiError.InvalidInput(let violations) {
            XCTAssertEqual(violations.first?.field, "lang")
        }
    }

    private func weightLine(_ view: ProfileView) -> ViewLine? {
        view.sections.flatMap(\.items).first { $0.source == "child.weight" }
    }

    private func rank(_ p: ViewPriority) -> Int {
        switch p {
        case .red: return 0
        case .amber: return 1
        case .green: return 2
        }
    }
}
