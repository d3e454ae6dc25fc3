// Share.swift — what leaves the phone without a network: the shelter QR code.
//
// The core writes the summary (≤ 1 KB plain text, self-reported and dated, in one or two
// languages) and renders it as PNG and SVG; the app only shows the image and the text.

import Foundation
import TsunaguFFI

public extension ProfileStore {
    /// The shelter QR of profile `id`, worded in `languages` (`["ja"]`, or `["ja", "en"]` for
    /// both), dated `today` in `timeZone`.
    func shelterQR(_ id: String, languages: [String], today: Date = Date(),
                   in timeZone: TimeZone = .current) async throws -> ShelterQr {
        let day = Self.localDay(today, timeZone)
        return try await worker.run { [inner] in
            try inner.shelterQr(id: id, langs: languages, today: day)
        }
    }
}

/// QR codes of short texts (an invite link for the other device's camera), drawn by the core with
/// the same encoder as the shelter QR.
public enum QRCode {
    /// `text` as a QR code PNG.
    public static func png(for text: String) throws -> Data {
        try qrPngOf(text: text)
    }
}
