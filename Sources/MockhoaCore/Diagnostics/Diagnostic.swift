/// One problem found in the input: where it is (file and line, commune, field) and what.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation?
    public var commune: String?
    /// The field or element concerned, e.g. `phone`, `neighbours`, `back, line 3`.
    public var field: String?
    public var message: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil,
                commune: String? = nil, field: String? = nil) {
        self.severity = severity; self.message = message; self.location = location
        self.commune = commune; self.field = field
    }

    /// An error.
    public init(_ message: String, at location: SourceLocation? = nil, commune: String? = nil, field: String? = nil) {
        self.init(.error, message, at: location, commune: commune, field: field)
    }

    /// One line: `data.yaml:12: error: commune "Long Hậu", field "phone": invalid …`.
    public var description: String {
        var parts: [String] = []
        if let location { parts.append("\(location):") }
        parts.append("\(severity.rawValue):")
        var context: [String] = []
        if let commune { context.append("commune \"\(commune)\"") }
        if let field { context.append("field \"\(field)\"") }
        if !context.isEmpty { parts.append(context.joined(separator: ", ") + ":") }
        parts.append(message)
        return parts.joined(separator: " ")
    }
}

/// Thrown when input has errors: every problem found, each once, in file order.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
