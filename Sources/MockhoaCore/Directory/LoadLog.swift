import Foundation

/// What a diagnostic is about while loading: the commune, the path of the field and, for other
/// named things (an outside unit, a checkpoint), a label put before the message.
struct Subject {
    var commune: String?
    var fieldPrefix = ""
    var label: Message?

    func field(_ name: String) -> String { fieldPrefix + name }
}

/// A name as written in the data and where, e.g. one neighbour of a commune.
struct NameRef {
    var name: String
    var location: SourceLocation
}

/// A commune entry as read: its name and neighbours for cross-checks, and the commune itself when
/// every field of it is valid.
struct CommuneDraft {
    var name: String?
    var location: SourceLocation
    /// Nil when they could not be read (a CSV row that does not match the header).
    var neighbours: [NameRef]?
    var commune: Commune?
}

/// An outside unit as read, built when every field of it is valid.
struct OutsideDraft {
    var name: String?
    var location: SourceLocation
    var unit: OutsideUnit?
}

/// The diagnostics of one load, and the parsing of values shared by the YAML and the CSV readers.
struct LoadLog {
    private(set) var diagnostics: [Diagnostic] = []

    private(set) var errorCount = 0

    var hasErrors: Bool { errorCount > 0 }

    mutating func report(
        _ severity: Diagnostic.Severity, _ message: Message, at location: SourceLocation,
        _ subject: Subject, field: String?
    ) {
        let text = subject.label.map { Message("label.prefix", $0, message) } ?? message
        diagnostics.append(
            Diagnostic(
                severity, text, at: location, commune: subject.commune,
                field: field.map(subject.field)))
        if severity == .error { errorCount += 1 }
    }

    mutating func error(
        _ message: Message, at location: SourceLocation, _ subject: Subject = Subject(),
        field: String? = nil
    ) {
        report(.error, message, at: location, subject, field: field)
    }

    mutating func warning(
        _ message: Message, at location: SourceLocation, _ subject: Subject = Subject(),
        field: String? = nil
    ) {
        report(.warning, message, at: location, subject, field: field)
    }

    /// The diagnostics in file order. Those of the tables a directory file names (a CSV file, a
    /// workbook) sort as if they stood at the line where the file is named (`anchors`). A message
    /// repeated many times for the same field is shown a few times and then counted.
    func sorted(anchors: [String: Int]) -> [Diagnostic] {
        func key(_ diagnostic: Diagnostic) -> (Int, Int) {
            let line = diagnostic.location?.line ?? 0
            if let file = diagnostic.location?.file, let anchor = anchors[file] { return (anchor, line) }
            return (line, 0)
        }
        let sorted = diagnostics.enumerated()
            .sorted { a, b in key(a.element) < key(b.element) || (key(a.element) == key(b.element) && a.offset < b.offset) }
            .map(\.element)
        return Self.collapsingRepeats(sorted)
    }

    /// How many times one message is shown for one commune and field before the rest are counted.
    static let repeatsShown = 5

    /// The first few of each (message, commune, field), then one line "… and N more like this"
    /// right after the last one shown. Two passes, linear in the number of diagnostics.
    static func collapsingRepeats(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        struct Kind: Hashable { var key: String; var severity: Diagnostic.Severity; var commune: String?; var field: String? }
        func kind(_ diagnostic: Diagnostic) -> Kind {
            Kind(
                key: diagnostic.message.key, severity: diagnostic.severity, commune: diagnostic.commune,
                field: diagnostic.field)
        }
        var totals: [Kind: Int] = [:]
        for diagnostic in diagnostics { totals[kind(diagnostic), default: 0] += 1 }
        var seen: [Kind: Int] = [:], out: [Diagnostic] = []
        for diagnostic in diagnostics {
            let kind = kind(diagnostic)
            seen[kind, default: 0] += 1
            guard seen[kind]! <= repeatsShown else { continue }
            out.append(diagnostic)
            if seen[kind] == repeatsShown, let total = totals[kind], total > repeatsShown {
                var summary = diagnostic
                summary.message = Message("diagnostic.more", total - repeatsShown)
                out.append(summary)
            }
        }
        return out
    }

    // MARK: Values

    mutating func phone(
        _ text: String, at location: SourceLocation, _ subject: Subject,
        field: String
    ) -> PhoneNumber? {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            self.error(error.message, at: location, subject, field: field)
            return nil
        }
    }

    /// `number` printed as `display` says ("0769.04.04.04"); nil (logged) when `display` holds
    /// other digits than the number.
    mutating func display(
        _ display: String, of number: PhoneNumber, at location: SourceLocation, _ subject: Subject,
        field: String
    ) -> PhoneNumber? {
        do {
            return try number.displayed(as: display)
        } catch {
            self.error(error.message, at: location, subject, field: field)
            return nil
        }
    }

    /// The longest web address accepted: longer ones make QR codes no phone can read.
    static let longestLink = 300

    /// A web address (`https://…`), as typed; nil (logged) when it is not one.
    mutating func link(_ text: String, at location: SourceLocation, _ subject: Subject, field: String) -> String? {
        let lower = text.lowercased()
        if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) {
            error(Message("link.notAddress", text), at: location, subject, field: field)
        } else if text.count > Self.longestLink {
            error(Message("link.tooLong", Self.longestLink), at: location, subject, field: field)
        } else if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            error(Message("link.spaces"), at: location, subject, field: field)
        } else {
            return text
        }
        return nil
    }

    mutating func kind(_ text: String, at location: SourceLocation, _ subject: Subject, field: String) -> UnitKind? {
        if let kind = UnitKind.allCases.first(where: { NameKey($0.rawValue) == NameKey(text) }) { return kind }
        let names = UnitKind.allCases.map(\.rawValue)
        error(
            Suggestions.didYouMean(
                Message("kind.unknown", text, names.dropLast().joined(separator: ", "), names.last ?? ""),
                text, among: names), at: location, subject, field: field)
        return nil
    }

    /// More pieces than any print run: a number past it is a typo.
    static let largestQuantity = 10_000_000

    /// A non-negative whole number written in digits, at most `largestQuantity`.
    mutating func quantity(
        _ text: String, at location: SourceLocation, _ subject: Subject,
        field: String
    ) -> Int? {
        if let number = Int(text) {
            if number > Self.largestQuantity {
                error(Message("quantity.tooMany", text, Self.largestQuantity), at: location, subject, field: field)
                return nil
            }
            if number >= 0 { return number }
            error(Message("quantity.negative", text), at: location, subject, field: field)
        } else if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            error(Message("quantity.tooLarge", text), at: location, subject, field: field)
        } else if text.contains(where: { $0 == "." || $0 == "," }),
            text.allSatisfy({ "0123456789.,+-".contains($0) })
        {
            let groups = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
            let thousands =
                groups.count > 1 && (1...3).contains(groups[0].count)
                && groups.dropFirst().allSatisfy { $0.count == 3 }
                && groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            error(
                thousands ? Message("quantity.thousands", text, groups.joined()) : Message("quantity.notWhole", text),
                at: location, subject, field: field)
        } else {
            error(Message("quantity.notANumber", text), at: location, subject, field: field)
        }
        return nil
    }
}

extension String {
    /// NFC-normalised (text typed on some systems arrives decomposed), trimmed, and with each run of
    /// white space (line breaks included) made one space.
    var normalisedName: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ").precomposedStringWithCanonicalMapping
    }
}
