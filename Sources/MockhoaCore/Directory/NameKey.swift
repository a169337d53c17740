import Foundation

/// A name compared the way people mean it: NFC-normalised, case-folded and with runs of
/// white space collapsed, so "Phước  Lại" typed decomposed matches "Phước Lại".
public struct NameKey: Hashable, Sendable {
    public let value: String
    public init(_ name: String) {
        let words = name.precomposedStringWithCanonicalMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace })
        value = words.joined(separator: " ")
    }
}

extension String {
    /// Lower-case with diacritics dropped (and `đ` → `d`), for forgiving look-ups.
    public var searchKey: String {
        NameKey(self).value.replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
