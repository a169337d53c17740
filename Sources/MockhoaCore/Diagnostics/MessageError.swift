/// An error that says what went wrong as a catalogue message, so it can be told in the reader's
/// language (the page's, a batch's manifest) rather than the process's.
public protocol MessageError: Error, CustomStringConvertible {
    /// The whole error as one message.
    var asMessage: Message { get }
}

extension MessageError {
    public var description: String { asMessage.description }
}

/// `error` in `language`: its message when it has one, else its own description.
public func describe(_ error: any Error, in language: Language) -> String {
    if let error = error as? any MessageError { return error.asMessage.text(in: language) }
    if let errors = error as? InputErrors { return errors.diagnostics.map { $0.text(in: language) }.joined(separator: "\n") }
    return "\(error)"
}
