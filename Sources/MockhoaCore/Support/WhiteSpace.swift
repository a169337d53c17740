extension String {
    /// True when collapsing the white space of the text would give it back as it is: its only
    /// white space is single ASCII spaces between words, each followed by a letter that begins a
    /// character of its own (not a combining mark). Decided on the UTF-8 bytes, as a directory
    /// keys and reads every name several times; what this cannot vouch for is collapsed the long way.
    var isWhiteSpaceCollapsed: Bool {
        var text = self
        return text.withUTF8 { b in
            guard let first = b.first, let last = b.last, first != 0x20, last != 0x20 else { return b.isEmpty }
            for i in b.indices {
                let next = i + 1 < b.count ? b[i + 1] : 0, after = i + 2 < b.count ? b[i + 2] : 0
                switch b[i] {
                case 0..<0x20, 0x7F: return false  // tab, line break and other controls
                case 0x20 where next == 0x20 || next >= 0x80 && !Self.startsLetter(next, after): return false
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

    /// The text without white space at either end: what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` gives (or `.whitespacesAndNewlines` with
    /// `newlines`), without its round trip through `NSString` (16 K instructions a call, and a
    /// directory's every number and a keychain's every line is trimmed).
    func trimmingWhiteSpace(newlines: Bool = false) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isWhiteSpace($0, newlines: newlines) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isWhiteSpace($0, newlines: newlines) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// Membership in `CharacterSet.whitespaces` (Unicode category Zs, the tab and, as Core
    /// Foundation has it, the zero-width space) or, with `newlines`, `.whitespacesAndNewlines`
    /// (those, Zl, Zp, U+000A–U+000D and U+0085).
    static func isWhiteSpace(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x200B: return true
        case 0x0A...0x0D, 0x85: return newlines
        case 0..<0xA0: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator: return true
            case .lineSeparator, .paragraphSeparator: return newlines
            default: return false
            }
        }
    }
}
