// EditFormTests.swift — the edit screen's view model (EditForm) through the real bindings: a new
// profile filled in Japanese (a ventilator added by kind with full-width digits, a 令和 date), an
// unusual FiO2 refused until confirmed, and a review item from two stores resolved.

import Foundation
import XCTest
@testable import TsunaguKit

final class EditFormTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTempFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testAVentilatorIsEnteredInJapaneseAndAnUnusualFio2NeedsAConfirmation() async throws {
        let store = try await ProfileStore.open(at: folder.appendingPathComponent("t.sqlite3"))
        let id = try await store.createEmpty(author: "母")
        let form = try await EditForm.load(store: store, profileId: id, language: "ja", author: "母")
        XCTAssertTrue(form.input("child.date_of_birth")?.info.label.contains("生年月日") ?? false)
        let devices = try XCTUnwrap(form.sections.first { $0.info.key == "devices" })
        XCTAssertTrue(devices.entities.isEmpty, "a new profile has no devices")
        XCTAssertEqual(devices.collections, ["devices"])

        let bad = form.type("child.date_of_birth", "いつか")
        XCTAssertTrue(bad?.error?.contains("生年月日") ?? false, "\(String(describing: bad?.error))")
        XCTAssertNil(form.type("child.date_of_birth", "令和6年4月1日")?.error)
        XCTAssertNil(form.type("child.sex", "女")?.error)

        let vent = try form.addDevice(kind: "ventilator")
        XCTAssertTrue(vent.isNew)
        XCTAssertFalse(vent.fields.contains { $0.path.contains(".suction.") }, "only the ventilator's settings")
        let peep = "devices.\(vent.id).settings.ventilator.peep"
        XCTAssertEqual(form.input(peep)?.info.kind, "number")
        XCTAssertEqual(form.input(peep)?.info.unit, "cmH2O")
        XCTAssertNil(form.type(peep, "６ｃｍＨ２Ｏ")?.error)
        XCTAssertNil(form.type("devices.\(vent.id).settings.ventilator.rate", "２０")?.error)

        guard case .done(let change) = try await form.save() else { return XCTFail("saved") }
        XCTAssertNotNil(change)
        XCTAssertEqual(form.input("child.date_of_birth")?.stored, "2024-04-01")
        XCTAssertEqual(form.input("child.sex")?.stored, "female")
        XCTAssertEqual(form.sections.first { $0.info.key == "devices" }?.entities.map(\.id), [vent.id])
        XCTAssertEqual(form.input(peep)?.stored, "6")
        XCTAssertEqual(form.input("devices.\(vent.id).kind")?.stored, "ventilator")
        XCTAssertEqual(form.input(peep)?.written?.author, "母")

        let fio2 = "devices.\(vent.id).settings.ventilator.fio2"
        form.type(fio2, "0.4")
        guard case .needsConfirmation(let warnings) = try await form.save() else { return XCTFail("a warning") }
        XCTAssertEqual(warnings.map(\.path), [fio2])
        XCTAssertTrue(warnings.first?.message.contains("FiO2") ?? false)
        let before = try await store.formValues(id, section: "devices")
        XCTAssertEqual(before.first { $0.path == fio2 }?.text, "", "nothing was written")
        guard case .done = try await form.confirmAndSave() else { return XCTFail("saved when confirmed") }
        XCTAssertEqual(form.input(fio2)?.stored, "0.4")
        let newest = try await store.history(id).first
        XCTAssertTrue(newest?.ops.contains { $0.op == "confirm" && $0.path == fio2 } ?? false)

        form.type(peep, "たくさん")
        guard case .fieldError(let path, let label, _) = try await form.save() else { return XCTFail("a field error") }
        XCTAssertEqual(path, peep)
        XCTAssertTrue(label.contains("PEEP"))
    }

    func testAReviewItemFromTwoStoresIsLabelledAndResolved() async throws {
        let mother = try await ProfileStore.open(at: folder.appendingPathComponent("mother.sqlite3"))
        let father = try await ProfileStore.open(at: folder.appendingPathComponent("father.sqlite3"))
        let id = try await mother.createSample(author: "母")
        _ = try await father.import(try await mother.export(id))
        try await father.setDeviceName(id, name: "父")
        let peep = "devices.dev-vent.settings.ventilator.peep"
        let mForm = try await EditForm.load(store: mother, profileId: id, language: "ja", author: "母")
        let fForm = try await EditForm.load(store: father, profileId: id, language: "ja", author: "父")
        mForm.type(peep, "８")
        fForm.type(peep, "６")
        guard case .done = try await mForm.save(), case .done = try await fForm.save() else { return XCTFail("saved") }
        _ = try await father.import(try await mother.export(id))
        _ = try await mother.import(try await father.export(id))

        for form in [mForm, fForm] {
            let items = try await form.reviewItems()
            XCTAssertEqual(items.map(\.path), [peep])
            XCTAssertTrue(items.first?.label.contains("PEEP") ?? false)
            let values = (items.first?.values ?? []).map { "\($0.text) \($0.author ?? "")" }.sorted()
            XCTAssertEqual(values, ["6 父", "8 母"])
        }
        let listed = try await mForm.reviewItems()
        let keep = try XCTUnwrap(listed.first?.values.first { $0.text == "6" }?.index)
        try await mForm.resolve(peep, choice: keep)
        XCTAssertEqual(mForm.input(peep)?.stored, "6")
        _ = try await father.import(try await mother.export(id))
        let mAfter = try await mForm.reviewItems()
        let fAfter = try await fForm.reviewItems()
        XCTAssertTrue(mAfter.isEmpty)
        XCTAssertTrue(fAfter.isEmpty, "the resolution reaches the other device")
    }

    func testADeviceWithoutANameIsAskedForOneBeforeItsFirstEdit() async throws {
        let mother = try await ProfileStore.open(at: folder.appendingPathComponent("mother.sqlite3"))
        let father = try await ProfileStore.open(at: folder.appendingPathComponent("father.sqlite3"))
        let id = try await mother.createSample(author: "母")
        let mForm = try await EditForm.load(store: mother, profileId: id, language: "ja", author: "母")
        XCTAssertFalse(mForm.needsDeviceName, "the creator's device is named")
        _ = try await father.import(try await mother.export(id))
        let form = try await EditForm.load(store: father, profileId: id, language: "ja", author: "父")
        XCTAssertTrue(form.needsDeviceName, "a copy from another device has no name here")
        let nickname = "child.nickname"
        form.type(nickname, "さっちゃん")
        let before = try await father.history(id).count
        guard case .needsDeviceName(let message) = try await form.save() else { return XCTFail("asks for a name") }
        XCTAssertTrue(message.contains("名前"), message)
        let after = try await father.history(id).count
        XCTAssertEqual(after, before, "nothing was written")
        XCTAssertEqual(form.input(nickname)?.text, "さっちゃん", "what was typed is kept")

        // A name the core refuses comes back in words; a good one names the device.
        let refused = try await form.nameDevice("  ", role: nil)
        XCTAssertNotNil(refused)
        XCTAssertTrue(form.needsDeviceName)
        let named = try await form.nameDevice("架空 一郎", role: "父")
        XCTAssertNil(named)
        XCTAssertFalse(form.needsDeviceName)
        XCTAssertEqual(form.deviceName?.role, "father")
        guard case .done = try await form.save() else { return XCTFail("saved once named") }
        XCTAssertEqual(form.input(nickname)?.stored, "さっちゃん")
        let newest = try await father.history(id).first
        XCTAssertEqual(newest?.author, "父")
    }

    func testNestedObjectsAreBuiltFromDottedPaths() throws {
        let json = try nestedObject([("kind", "ventilator"), ("settings.ventilator.peep", "６"), ("settings.ventilator.rate", "20")])
        XCTAssertEqual(json, #"{"kind":"ventilator","settings":{"ventilator":{"peep":"６","rate":"20"}}}"#)
    }
}
