import Testing
@testable import MockhoaCore

// NameKey takes a short cut for names whose white space is already collapsed; it must key
// every name exactly as collapsing does.

@Suite struct NameKeyTests {
    /// The definition: lower case, split at white space, joined with single spaces.
    func collapsed(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func keysNamesAsCollapsingDoes() {
        let names = [
            "Phước Lại", "  Phước   Lại ", "Phước\tLại", "Phước\u{00A0}Lại", "Phu\u{031B}\u{0301}o\u{031B}c Lại",
            "Long \u{0301}Hậu", "Long \u{200B}Hậu", "Đông Thạnh", "ẤP 3", "Xã\u{3000}Mỹ", "a\r\nb", "", " ", "Ư", "Tân Tập ",
        ]
        for name in names { #expect(NameKey(name).value == collapsed(name), "\(name.unicodeScalars.map { $0.value })") }
    }

    @Test func keysRandomNamesAsCollapsingDoes() {
        // Letters with and without tones, decomposed marks, and every kind of white space.
        let pieces = [
            "a", "Ư", "ơ", "đ", "Ạ", "ễ", "\u{0301}", "\u{0323}", "\u{031B}", " ", "  ", "\t", "\n", "\u{00A0}",
            "\u{2003}", "\u{3000}", "\u{1680}", "\u{0085}", "\u{200D}", "x", "Ö", "\u{1AB0}", "\u{FE0F}", "1",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let name = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(NameKey(name).value == collapsed(name), "\(name.unicodeScalars.map { $0.value })")
        }
    }
}
