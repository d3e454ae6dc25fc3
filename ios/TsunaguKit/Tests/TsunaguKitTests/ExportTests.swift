// ExportTests.swift — the printable card and encrypted backups through TsunaguKit, on real SQLite
// files: the card names the child and embeds the QR in both languages; a backup restores into a
// fresh store as the same profile, and a wrong passphrase is a typed error that changes nothing.

import Foundation
import XCTest
@testable import TsunaguKit

final class ExportTests: XCTestCase {
    private var folder: URL!
    private let day = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z
    private let utc = TimeZone(identifier: "UTC")!

    override func setUpWithError() throws {
        folder = try makeTempFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func openStore(_ name: String) async throws -> ProfileStore {
        try await ProfileStore.open(at: folder.appendingPathComponent(name))
    }

    func testTheCardNamesTheChildAndEmbedsTheQrInBothLanguages() async throws {
        let store = try await openStore("phone.sqlite3")
        let id = try await store.createSample(author: "母")
        let html = try await store.cardHTML(id, for: .shelter, languages: ["ja", "en"], paper: .a4,
                                            today: day, in: utc)
        XCTAssertTrue(html.contains("山田 さくら"))
        XCTAssertTrue(html.contains("<svg"), "the shelter QR is inline SVG")
        XCTAssertTrue(html.contains("避難所の方へ"), "the Japanese column")
        XCTAssertTrue(html.contains("for shelter staff"), "the English column")
        let wallet = try await store.cardHTML(id, for: .ems, languages: ["en"], paper: .wallet,
                                              today: day, in: utc)
        XCTAssertTrue(wallet.contains("<svg"))

        do {
            _ = try await store.cardHTML(id, languages: ["fr"], today: day, in: utc)
            XCTFail("an unknown language must be refused")
        } catch ApiError.InvalidInput {
        }
    }

    func testABackupRestoresIntoAFreshStoreAndAWrongPassphraseChangesNothing() async throws {
        let phone = try await openStore("phone.sqlite3")
        let id = try await phone.createSample(author: "母")
        try await phone.edit(id, [try .set("child.nickname", to: "さく")], author: "母")
        let json = try await phone.profileJSON(id)
        let secret = BackupSecret.passphrase(text: "架空の合言葉 correct horse")
        let backup = try await phone.createBackup(secret)
        XCTAssertEqual(try Backup.sealing(of: backup), .passphrase)

        let fresh = try await openStore("new-phone.sqlite3")
        do {
            _ = try await fresh.restoreBackup(backup, with: .passphrase(text: "架空の合言葉 wrong horse"))
            XCTFail("a wrong passphrase must be refused")
        } catch ApiError.WrongBackupSecret {
        }
        let empty = try await fresh.profiles()
        XCTAssertTrue(empty.isEmpty, "a refused restore writes nothing")

        let restored = try await fresh.restoreBackup(backup, with: secret)
        XCTAssertEqual(restored.map(\.id), [id])
        let again = try await fresh.profileJSON(id)
        XCTAssertEqual(again, json)
    }
}
