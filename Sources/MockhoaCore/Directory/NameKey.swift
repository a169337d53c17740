import Foundation

/// A name compared the way people mean it: by canonical equivalence, case-folded and with
/// runs of white space collapsed, so "Phước  Lại" typed decomposed matches "Phước Lại".
/// (Swift compares and hashes strings by canonical equivalence already: an NFC pass through
/// Foundation would only cost time, a fifth of loading a 200-commune directory.)
public struct NameKey: Hashable, Sendable {
    public let value: String
    public init(_ name: String) {
        value = name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension String {
    /// ASCII lower-case letters and digits with `-` between words: diacritics dropped,
    /// `đ` → `d` ("Phước Đông" → "phuoc-dong"). Never empty, never contains `/` or `..`.
    public var slug: String {
        let folded = self.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
        var out = "", pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "unnamed" : out
    }

    /// Lower-case with diacritics dropped (and `đ` → `d`), for forgiving look-ups.
    public var searchKey: String {
        NameKey(self).value.replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
