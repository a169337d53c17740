import Foundation
import Testing
@testable import MockhoaCore

// Loading a directory asks about every character of every name: these functions answer from
// code points where they can. Each must answer as its definition does, for every scalar or for
// thousands of random texts.

@Suite struct TextShortCutTests {
    /// Every Unicode scalar value (surrogates are not scalars).
    static var allScalars: [Unicode.Scalar] { (0...0x10FFFF).compactMap(Unicode.Scalar.init(_:)) }

    @Test func hiddenCharactersAreControlsAndFormatCharacters() {
        for scalar in Self.allScalars {
            let definition = [.control, .format].contains(scalar.properties.generalCategory)
            if LoadLog.isHidden(scalar) != definition { Issue.record("U+\(String(scalar.value, radix: 16))"); return }
        }
    }

    /// The slug as it was defined: the whole text folded by Foundation, then its runs of ASCII
    /// letters and digits joined as `slug` joins them.
    func definitionSlug(_ text: String) -> String {
        let folded = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let words = folded.unicodeScalars.split { !($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }
        return String.slug(joining: words)
    }

    @Test func slugsEachScalarAsFoldingTheWholeTextDoes() {
        for scalar in Self.allScalars where scalar.value < 0x3000 || (0xFB00..<0xFB50).contains(scalar.value) {
            let text = "a\(scalar)b"
            if text.slug != definitionSlug(text) { Issue.record("U+\(String(scalar.value, radix: 16)): \(text.slug)"); return }
        }
    }

    @Test func slugsRandomNamesAsFoldingTheWholeTextDoes() {
        let pieces = [
            "Phước", "Lại", "Đông", "đ", "Ư", "ẤP", "\u{0301}", "\u{0323}", " ", "-", "/", "..", "ß", "İ", "ﬁ", "Σ",
            "Ⅸ", "é", "x", "1", "CON", "\u{00A0}", "Ö", "ǅ", "ẞ", "Å", "\u{200B}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(text.slug == definitionSlug(text), "\(text.unicodeScalars.map(\.value))")
        }
        let long = String(repeating: "Phước Lại ", count: 20)
        #expect(long.slug == definitionSlug(long))
    }

}
