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

    @Test func whiteSpaceIsFoundationsWhiteSpace() {
        let spaces = CharacterSet.whitespaces, spacesAndNewlines = CharacterSet.whitespacesAndNewlines
        for scalar in Self.allScalars {
            if String.isWhiteSpace(scalar, newlines: false) != spaces.contains(scalar)
                || String.isWhiteSpace(scalar, newlines: true) != spacesAndNewlines.contains(scalar)
            {
                Issue.record("U+\(String(scalar.value, radix: 16))"); return
            }
        }
    }

    /// Texts of letters, marks and every kind of white space and line break.
    static func randomTexts(_ count: Int) -> [String] {
        let pieces = [
            "a", "Ư", "ơ", "đ", "Ạ", "ễ", "\u{0301}", "\u{0323}", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}",
            "\u{3000}", "\u{1680}", "\u{0085}", "\u{2028}", "\u{200B}", "\u{FEFF}", "x", "1", "-", "0272 3",
        ]
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func trimsAsFoundationDoes() {
        for text in Self.randomTexts(3000) + ["", " ", " \u{0301}a ", "\u{00A0}0272\u{2003}"] {
            #expect(text.trimmingWhiteSpace() == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
            #expect(
                text.trimmingWhiteSpace(newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func normalisesNamesAsTheDefinitionDoes() {
        for text in Self.randomTexts(3000) + ["Phước Lại", "Phu\u{031B}\u{0301}o\u{031B}c  Lại", "Long An", " x "] {
            let definition = text.split(whereSeparator: \.isWhitespace).joined(separator: " ").precomposedStringWithCanonicalMapping
            let normalised = text.normalisedName
            // Equal as Swift compares strings (canonically) and in their exact scalars (NFC).
            #expect(Array(normalised.unicodeScalars) == Array(definition.unicodeScalars), "\(text.unicodeScalars.map(\.value))")
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

    @Test func precomposedLatinIsNFCAfterAnyLetter() {
        let latin = Self.allScalars.filter { $0.value >= 0x80 && String.isPrecomposedLatin($0) }
        let before = latin.filter { $0.value % 7 == 0 } + ["a", "e", "o", "u", "A", "E", "O", "U", "y", " "]
        for scalar in latin {
            for first in before {
                let text = String(String.UnicodeScalarView([first, scalar]))
                if Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) != [first, scalar] {
                    Issue.record("U+\(String(first.value, radix: 16)) U+\(String(scalar.value, radix: 16))"); return
                }
            }
        }
    }
}
