/// One problem found in the input: where it is (file and line, commune, field) and what.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation?
    public var commune: String?
    /// The field or element concerned, e.g. `phone`, `neighbours`, `back, line 3`.
    public var field: String?
    public var message: Message

    public init(
        _ severity: Severity, _ message: Message, at location: SourceLocation? = nil,
        commune: String? = nil, field: String? = nil
    ) {
        self.severity = severity; self.message = message; self.location = location
        self.commune = commune; self.field = field
    }

    /// An error.
    public init(_ message: Message, at location: SourceLocation? = nil, commune: String? = nil, field: String? = nil) {
        self.init(.error, message, at: location, commune: commune, field: field)
    }

    /// One line: `data.yaml:12: error: commune "Long Hậu", field "phone": invalid …`.
    public var description: String { text(in: .current) }

    /// The line in `language` (file names, field names and values stay as they are).
    public func text(in language: Language) -> String {
        var parts: [String] = []
        if let location { parts.append("\(location):") }
        parts.append(Message("diagnostic.\(severity.rawValue)").text(in: language))
        var context: [String] = []
        if let commune { context.append(Message("diagnostic.commune", Excerpt.of(commune)).text(in: language)) }
        if let field { context.append(Message("diagnostic.field", field).text(in: language)) }
        if !context.isEmpty { parts.append(context.joined(separator: ", ") + ":") }
        parts.append(message.text(in: language))
        return parts.joined(separator: " ")
    }
}

/// Thrown when input has errors: every problem found, each once, in file order.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// One error.
    public init(_ message: Message, at location: SourceLocation? = nil, commune: String? = nil, field: String? = nil) {
        self.init([Diagnostic(message, at: location, commune: commune, field: field)])
    }
}

/// A value quoted in a message, cut short when long: a 50 MB cell is quoted by its first
/// characters and its length, never in full.
public enum Excerpt {
    /// Characters quoted at most.
    public static let longest = 80

    public static func of(_ text: String) -> String {
        guard text.count > longest else { return text }
        return String(text.prefix(longest)) + "… (\(text.count) characters)"
    }
}
