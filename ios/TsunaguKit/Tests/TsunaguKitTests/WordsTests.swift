// WordsTests.swift — every word the iOS app shell asks for exists in both languages. The shell is
// not compiled here (no iOS SDK), so this reads its sources (scripts/test-swift copies them and
// names the folder in TSUNAGU_IOS_APP_SOURCES) for `t("…")`, `message("…"`, `field("…"` and
// `Words.fieldLabel("…"` and asks the core for each id in ja and en: a message the core does not
// have comes back as its id, which fails the test.

import Foundation
import XCTest
@testable import TsunaguKit

final class WordsTests: XCTestCase {
    func testMessagesAndFieldLabelsInBothLanguages() {
        XCTAssertEqual(Words.message("app-save", language: "ja"), "保存")
        XCTAssertEqual(Words.message("app-save", language: "en"), "Save")
        let status = Words.message("app-sync-status", language: "en", ["when": "today", "pending": "2"])
        XCTAssertTrue(status.contains("today") && status.contains("2"), status)
        XCTAssertNotEqual(Words.fieldLabel("child.name_kana", language: "ja"), "field-child-name_kana")
        XCTAssertEqual(Words.message("app-save", language: "xx"), "保存", "unknown language: Japanese")
        XCTAssertEqual(Words.message("app-no-such-id", language: "en"), "app-no-such-id")
    }

    func testEveryIdTheAppShellUsesExistsInJapaneseAndEnglish() throws {
        guard let folder = ProcessInfo.processInfo.environment["TSUNAGU_IOS_APP_SOURCES"] else {
            throw RelayStartError.notConfigured
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(files.isEmpty, "the app's sources were found")
        var messageIds = Set<String>()
        var fieldPaths = Set<String>()
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            messageIds.formUnion(captures(#"\b(?:t|message)\("([a-z0-9-]+)""#, in: text))
            fieldPaths.formUnion(captures(#"(?:Words\.fieldLabel|field)\("([a-z0-9_.]+)""#, in: text))
        }
        XCTAssertGreaterThan(messageIds.count, 20, "the scan found the app's words")
        XCTAssertFalse(fieldPaths.isEmpty, "the scan found the form's fields")
        for language in ["ja", "en"] {
            let missing = messageIds.filter { Words.message($0, language: language) == $0 }
            XCTAssertEqual(missing.sorted(), [], "message ids missing in \(language)")
            let unlabelled = fieldPaths.filter {
                Words.fieldLabel($0, language: language).hasPrefix("field-")
            }
            XCTAssertEqual(unlabelled.sorted(), [], "field labels missing in \(language)")
        }
    }

    private func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
