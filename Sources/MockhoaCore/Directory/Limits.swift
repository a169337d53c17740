/// The limits of the directory format, checked while reading, before any expensive work:
/// past them a clear error, never a crash, a hang or unbounded memory.
public enum Limits {
    /// Communes (or outside units) in one directory: the whole country (3,321) several times over.
    public static let units = 25_000
    /// Items in one list: a commune's neighbours, checkpoints, contacts, hotlines, former units.
    public static let listItems = 100
    /// Characters in a name or any other text value.
    public static let textLength = 200
    /// Characters in a line of a keychain once filled in: far more than any oval holds.
    public static let filledLine = 1_000
}

extension LoadLog {
    /// `text` when it prints as it reads: no longer than `Limits.textLength`, and free of
    /// control characters and invisible format characters (bidirectional controls, zero-width
    /// spaces, soft hyphens) that would make a number print reversed or a name differ from
    /// what the officer sees. Nil (logged) otherwise.
    mutating func printable(_ text: String, at location: SourceLocation, _ subject: Subject, field: String,
                            limit: Int = Limits.textLength) -> String? {
        if text.count > limit {
            error(Message("text.tooLong", Excerpt.of(text), text.count, limit), at: location, subject, field: field)
            return nil
        }
        if let bad = text.unicodeScalars.first(where: Self.isHidden) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
            error(Message("text.hiddenCharacter", code, bad.properties.name ?? "", text.filter { !$0.unicodeScalars.contains(where: Self.isHidden) }),
                  at: location, subject, field: field)
            return nil
        }
        return text
    }

    /// Control characters and format characters (Unicode category Cf): invisible when printed.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format: true
        default: false
        }
    }

    /// Whether `count` items fit `limit`; logs an error when not.
    mutating func withinLimit(_ count: Int, _ limit: Int, at location: SourceLocation, _ subject: Subject,
                              field: String) -> Bool {
        guard count > limit else { return true }
        error(Message("list.tooLong", count, limit), at: location, subject, field: field)
        return false
    }
}
