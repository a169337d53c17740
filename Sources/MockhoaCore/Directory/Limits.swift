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
    /// Characters counted of a text too long, for its message: past this, "more than".
    public static let countedLength = 100_000
    /// Characters in one cell of a table: a list of neighbours or contacts at its longest.
    public static let cellLength = listItems * textLength
    /// Bytes of text in all the cells of a table together: as much as a CSV file may hold. A
    /// workbook repeats one shared string in any number of cells for a few bytes each.
    public static let tableText = InputFile.defaultLimit
}

extension LoadLog {
    /// `text` when it prints as it reads: no longer than `Limits.textLength`, and free of
    /// control characters and invisible format characters (bidirectional controls, zero-width
    /// spaces, soft hyphens) that would make a number print reversed or a name differ from
    /// what the officer sees. Nil (logged) otherwise.
    mutating func printable(
        _ text: String, at location: SourceLocation, _ subject: Subject, field: String,
        limit: Int = Limits.textLength
    ) -> String? {
        guard withinLength(text, at: location, subject, field: field, limit: limit) else { return nil }
        if let bad = text.unicodeScalars.first(where: Self.isHidden) {
            // Dropped scalar by scalar: a joiner belongs to the letter before it, which stays.
            let without = String(String.UnicodeScalarView(text.unicodeScalars.filter { !Self.isHidden($0) }))
            error(Message("text.hiddenCharacter", CodePoints([bad]), Excerpt.of(without)), at: location, subject, field: field)
            return nil
        }
        if let mark = Self.markWithoutLetter(in: text) {
            error(Message("text.markWithoutLetter", CodePoints([mark])), at: location, subject, field: field)
            return nil
        }
        return text
    }

    /// A combining mark (a tone, a hook) at the start of `text`: it has no letter to sit on, so it
    /// would print on the template's text before it ("CA xã" re-accented) while the name vanishes.
    /// (One after a space goes with the space when white space is collapsed.)
    static func markWithoutLetter(in text: String) -> Unicode.Scalar? {
        guard let first = text.unicodeScalars.first, first.value >= 0x300, isCombiningMark(first) else { return nil }
        return first
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Whether `text` has at most `limit` characters; logs an error when not. Asks about at most
    /// `Limits.countedLength` characters, whatever the text's length: a value of a million
    /// characters repeated by an alias in every commune is refused as fast as a short one.
    mutating func withinLength(
        _ text: String, at location: SourceLocation, _ subject: Subject, field: String?,
        limit: Int = Limits.textLength
    ) -> Bool {
        // No more characters than bytes: most texts are told by their byte count alone.
        guard text.utf8.count > limit, let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex),
            end != text.endIndex
        else { return true }
        let excerpt = String(text.prefix(Excerpt.longest)) + "…"
        if let counted = text.index(end, offsetBy: Limits.countedLength - limit, limitedBy: text.endIndex),
            counted != text.endIndex
        {
            error(Message("text.farTooLong", excerpt, Limits.countedLength, limit), at: location, subject, field: field)
        } else {
            error(Message("text.tooLong", excerpt, text.count, limit), at: location, subject, field: field)
        }
        return false
    }

    /// Control characters and format characters (Unicode category Cf): invisible when printed.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format: true
        default: false
        }
    }

    /// Whether `count` items fit `limit`; logs an error when not.
    mutating func withinLimit(
        _ count: Int, _ limit: Int, at location: SourceLocation, _ subject: Subject,
        field: String
    ) -> Bool {
        guard count > limit else { return true }
        error(Message("list.tooLong", count, limit), at: location, subject, field: field)
        return false
    }
}
