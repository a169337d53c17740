import Foundation

/// A name compared the way people mean it: by canonical equivalence, case-folded and with
/// runs of white space collapsed, so "Phước  Lại" typed decomposed matches "Phước Lại".
/// (Swift compares and hashes strings by canonical equivalence already: no NFC pass is needed.)
public struct NameKey: Hashable, Sendable {
    public let value: String
    public init(_ name: String) {
        value = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension String {
    /// Lower-case with diacritics dropped (and `đ` → `d`), for forgiving look-ups.
    public var searchKey: String {
        NameKey(self).value.replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
