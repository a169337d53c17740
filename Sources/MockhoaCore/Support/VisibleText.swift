/// Text from the input as a message may show it: hostile bytes (a terminal escape sequence in a
/// key or a file name) never reach a terminal raw, and a character that cannot be seen is named.
extension String {
    /// The text with every control character but the line feed — C0 (tab and ESC among them),
    /// DEL and C1 — written as `\u{1B}`: safe to print on a terminal, which would otherwise obey
    /// `ESC]0;…` (retitle), `ESC[2J` (clear) or a carriage return that hides the line.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isEscaped) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if Self.isEscaped(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n") || (0x7F..<0xA0).contains(scalar.value)
    }
}

extension Character {
    /// The character as a message quotes it: itself, with control characters escaped.
    var quoted: String { String(self).escapingControlCharacters }

    /// Its code points named, for a message: `U+0038 DIGIT EIGHT + U+034F COMBINING GRAPHEME JOINER`.
    var codePoints: CodePoints { CodePoints(Array(unicodeScalars)) }
}

/// Code points named in a message: `U+200D ZERO WIDTH JOINER`; a control character, which has no
/// name in Unicode, as `U+001B (control character)` in the message's language.
struct CodePoints: MessageArgument {
    let scalars: [Unicode.Scalar]
    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func text(in language: Language) -> String {
        scalars.map { scalar in
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let name = scalar.properties.name ?? scalar.properties.nameAlias
            return code + " " + (name ?? Message("text.controlCharacter").text(in: language))
        }.joined(separator: " + ")
    }
}
