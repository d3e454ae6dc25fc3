// Share.swift — what leaves the phone without a network: the shelter QR code and the printable
// card.
//
// The core writes the summary (≤ 1 KB plain text, self-reported and dated, in one or two
// languages) and renders it as PNG and SVG, and renders the card as one self-contained HTML page
// (inline CSS, the QR as inline SVG, nothing fetched); the app only shows and prints them.

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

    /// The printable card of profile `id` for `audience` as one self-contained HTML page, in
    /// `languages` (`["ja"]`, or `["ja", "en"]` side by side), laid out for `paper` (A4 or wallet
    /// cards), dated `today` in `timeZone` (which also applies the stale rules).
    func cardHTML(_ id: String, for audience: ViewAudience = .shelter, languages: [String],
                  paper: CardPaper = .a4, today: Date = Date(),
                  in timeZone: TimeZone = .current) async throws -> String {
        let day = Self.localDay(today, timeZone)
        return try await worker.run { [inner] in
            try inner.cardHtml(id: id, audience: audience, langs: languages, paper: paper, today: day)
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
