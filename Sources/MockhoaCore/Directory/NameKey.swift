import Foundation

/// A name compared the way people mean it: by canonical equivalence, case-folded and with
/// runs of white space collapsed, so "Phước  Lại" typed decomposed matches "Phước Lại".
/// (Swift compares and hashes strings by canonical equivalence already: an NFC pass through
/// Foundation would only cost time, a fifth of loading a 200-commune directory.)
public struct NameKey: Hashable, Sendable {
    public let value: String
    public init(_ name: String) {
        let lower = name.lowercased()
        value = Self.isCollapsed(lower) ? lower : lower.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// True when collapsing `text`'s white space would give it back as it is: its only white
    /// space is single ASCII spaces between words, each followed by a letter that begins a
    /// character of its own (not a combining mark). Decided on the UTF-8 bytes, as a directory
    /// keys every name several times; what this cannot vouch for is collapsed the long way.
    private static func isCollapsed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            guard let first = b.first, let last = b.last, first != 0x20, last != 0x20 else { return b.isEmpty }
            for i in b.indices {
                let next = i + 1 < b.count ? b[i + 1] : 0, after = i + 2 < b.count ? b[i + 2] : 0
                switch b[i] {
                case 0..<0x20, 0x7F: return false  // tab, line break and other controls
                case 0x20 where next == 0x20 || next >= 0x80 && !startsLetter(next, after): return false
                case 0xC2 where next == 0x85 || next == 0xA0: return false  // U+0085, no-break space
                case 0xE1 where next == 0x9A && after == 0x80: return false  // U+1680
                case 0xE2 where next == 0x80 || next == 0x81: return false  // U+2000–U+207F, spaces among them
                case 0xE3 where next == 0x80 && after == 0x80: return false  // ideographic space
                default: continue
                }
            }
            return true
        }
    }

    /// Whether the UTF-8 sequence beginning `lead, next` is a Latin letter: U+00C0–U+01BF
    /// (à, đ, ư, ơ…) or U+1E00–U+1EFF (ạ, ấ, ữ…), none of which joins the space before it.
    private static func startsLetter(_ lead: UInt8, _ next: UInt8) -> Bool {
        (0xC3...0xC6).contains(lead) || lead == 0xE1 && (0xB8...0xBB).contains(next)
    }
}

extension String {
    /// Lower-case with diacritics dropped (and `đ` → `d`), for forgiving look-ups.
    public var searchKey: String {
        NameKey(self).value.replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
