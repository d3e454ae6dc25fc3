// FormTests.swift — the form model, typed Japanese input and a confirmed warning through the
// bindings.

import Foundation
import XCTest
@testable import TsunaguKit

final class FormTests: XCTestCase {
    private let fio2 = "devices.dev-vent.settings.ventilator.fio2"

    func testTheFormModelIsWordedAndTyped() throws {
        let sections = try Forms.model(lang: "ja")
        let devices = try XCTUnwrap(sections.first { $0.key == "devices" })
        XCTAssertTrue(devices.collection)
        let peep = try XCTUnwrap(devices.fields.first { $0.key == "devices.settings.ventilator.peep" })
        XCTAssertEqual(peep.kind, "number")
        XCTAssertEqual(peep.unit, "cmH2O")
        XCTAssertTrue(peep.label.contains("PEEP"))
        let vent = try Forms.deviceFields(kind: "ventilator", lang: "en")
        XCTAssertFalse(vent.contains { $0.key.contains(".suction.") })
    }

    func testJapaneseInputIsNormalized() throws {
        XCTAssertEqual(try Forms.normalize(path: "devices.dev-vent.settings.ventilator.peep", text: "６ｃｍＨ２Ｏ"), "6.0")
        XCTAssertEqual(try Forms.normalize(path: "child.date_of_birth", text: "令和6年4月1日"), "\"2024-04-01\"")
        do {
            _ = try Forms.normalize(path: "child.date_of_birth", text: "いつか")
            XCTFail("refused")
        } catch ApiError.InputForm(let field, let messageJa, _) {
            XCTAssertEqual(field, "child.date_of_birth")
            XCTAssertTrue(messageJa.contains("生年月日"))
        }
    }

    func testAnUnusualValueIsSavedOnlyWhenConfirmed() async throws {
        let folder = try makeTempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await ProfileStore.open(at: folder.appendingPathComponent("f.sqlite3"))
        let id = try await store.createSample(author: "母")
        do {
            _ = try await store.edit(id, [try .typed(fio2, "0.4")], author: "母")
            XCTFail("needs a confirmation")
        } catch ApiError.NeedsConfirmation(let warnings) {
            XCTAssertEqual(warnings.map(\.path), [fio2])
            XCTAssertEqual(warnings.first?.rule, "fio2_as_fraction")
        }
        let hash = try await store.edit(id, [try .typed(fio2, "0.4"), .confirmUnusual(fio2)], author: "母")
        XCTAssertNotNil(hash)
        let newest = try await store.history(id).first
        XCTAssertTrue(newest?.ops.contains { $0.op == "confirm" && $0.path == fio2 } ?? false)
    }
}
