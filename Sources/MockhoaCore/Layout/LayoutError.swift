import Foundation

/// Content that cannot be laid out: which side and line, and why.
public struct LayoutError: MessageError, Hashable, Sendable {
    public var side: String
    /// 1-based line of the side's text, when one line is to blame.
    public var line: Int?
    public var text: String?
    public var message: Message
    public init(side: String, line: Int?, text: String? = nil, message: Message) {
        self.side = side; self.line = line; self.text = text; self.message = message
    }
    /// "back side, line 3 "…": does not fit …", in the current language.
    public var description: String { self.message(in: .current) }

    /// The whole error as one message.
    public var asMessage: Message {
        let place = line.map { Message("layout.sideLine", side, $0) } ?? Message("layout.side", side)
        let quoted = text.map { Message("layout.quoted", place, Excerpt.of($0)) } ?? place
        return Message("label.prefix", quoted, message)
    }

    public func message(in language: Language) -> String { asMessage.text(in: language) }
}
