// TempFolder.swift — a fresh folder per test, removed afterwards.

import Foundation

/// A new empty folder under the system's temporary directory.
func makeTempFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("tsunagukit-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
