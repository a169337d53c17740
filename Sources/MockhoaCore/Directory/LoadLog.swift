import Foundation

/// What a diagnostic is about while loading: the commune, the path of the field and, for other
/// named things (an outside unit, a checkpoint), a label put before the message.
struct Subject {
    var commune: String?
    var fieldPrefix = ""
    var label: String?

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

    mutating func report(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation,
                         _ subject: Subject, field: String?) {
        let text = subject.label.map { "\($0): \(message)" } ?? message
        diagnostics.append(Diagnostic(severity, text, at: location, commune: subject.commune,
                                      field: field.map(subject.field)))
        if severity == .error { errorCount += 1 }
    }

    mutating func error(_ message: String, at location: SourceLocation, _ subject: Subject = Subject(),
                        field: String? = nil) {
        report(.error, message, at: location, subject, field: field)
    }

    mutating func warning(_ message: String, at location: SourceLocation, _ subject: Subject = Subject(),
                          field: String? = nil) {
        report(.warning, message, at: location, subject, field: field)
    }

    /// The diagnostics in file order. Those of `secondary` (the commune CSV) sort as if they stood at
    /// `anchorLine` of the main file, where the CSV is named.
    func sorted(secondary: (file: String, anchorLine: Int)?) -> [Diagnostic] {
        func key(_ diagnostic: Diagnostic) -> (Int, Int) {
            let line = diagnostic.location?.line ?? 0
            if let secondary, diagnostic.location?.file == secondary.file { return (secondary.anchorLine, line) }
            return (line, 0)
        }
        return diagnostics.enumerated()
            .sorted { a, b in key(a.element) < key(b.element) || (key(a.element) == key(b.element) && a.offset < b.offset) }
            .map(\.element)
    }

    // MARK: Values

    mutating func phone(_ text: String, at location: SourceLocation, _ subject: Subject,
                        field: String) -> PhoneNumber? {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            self.error(error.description, at: location, subject, field: field)
            return nil
        }
    }

    /// `number` printed as `display` says ("0769.04.04.04"); nil (logged) when `display` holds
    /// other digits than the number.
    mutating func display(_ display: String, of number: PhoneNumber, at location: SourceLocation, _ subject: Subject,
                          field: String) -> PhoneNumber? {
        do {
            return try number.displayed(as: display)
        } catch {
            self.error(error.description, at: location, subject, field: field)
            return nil
        }
    }

    /// The longest web address accepted: longer ones make QR codes no phone can read.
    static let longestLink = 300

    /// A web address (`https://…`), as typed; nil (logged) when it is not one.
    mutating func link(_ text: String, at location: SourceLocation, _ subject: Subject, field: String) -> String? {
        let lower = text.lowercased()
        if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) {
            error("\"\(text)\" is not a web address: it must start with https:// (e.g. https://zalo.me/…)",
                  at: location, subject, field: field)
        } else if text.count > Self.longestLink {
            error("the web address is longer than \(Self.longestLink) characters: too long for a QR code a phone reads",
                  at: location, subject, field: field)
        } else if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            error("a web address cannot contain spaces or control characters", at: location, subject, field: field)
        } else {
            return text
        }
        return nil
    }

    mutating func kind(_ text: String, at location: SourceLocation, _ subject: Subject, field: String) -> UnitKind? {
        if let kind = UnitKind.allCases.first(where: { NameKey($0.rawValue) == NameKey(text) }) { return kind }
        let names = UnitKind.allCases.map(\.rawValue)
        let suggestion = Self.closest(to: text, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
        error("unknown kind \"\(text)\": expected \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "")"
              + suggestion, at: location, subject, field: field)
        return nil
    }

    /// More pieces than any print run: a number past it is a typo.
    static let largestQuantity = 10_000_000

    /// A non-negative whole number written in digits, at most `largestQuantity`.
    mutating func quantity(_ text: String, at location: SourceLocation, _ subject: Subject,
                           field: String) -> Int? {
        if let number = Int(text) {
            if number > Self.largestQuantity {
                error("quantity \(text) is more than \(Self.largestQuantity) pieces; check the number", at: location, subject, field: field)
                return nil
            }
            if number >= 0 { return number }
            error("quantity must not be negative, found \(text)", at: location, subject, field: field)
        } else if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            error("quantity \(text) is too large", at: location, subject, field: field)
        } else if text.contains(where: { $0 == "." || $0 == "," }),
                  text.allSatisfy({ "0123456789.,+-".contains($0) }) {
            let groups = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
            let thousands = groups.count > 1 && (1...3).contains(groups[0].count)
                && groups.dropFirst().allSatisfy { $0.count == 3 }
                && groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            let hint = thousands ? "; write \(groups.joined()) without a thousands separator" : ""
            error("quantity \"\(text)\" is not a whole number" + hint, at: location, subject, field: field)
        } else {
            error("quantity \"\(text)\" is not a number", at: location, subject, field: field)
        }
        return nil
    }

    // MARK: Suggestions

    /// The candidate closest to `name` by edit distance, ignoring case and diacritics, when close
    /// enough to be a likely typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, name.searchDistance(to: $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= name.searchKey.count / 3 else { return nil }
        return best.0
    }
}

extension String {
    /// NFC-normalised (text typed on some systems arrives decomposed), trimmed, and with each run of
    /// white space (line breaks included) made one space.
    var normalisedName: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ").precomposedStringWithCanonicalMapping
    }
}
