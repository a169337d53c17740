import Foundation
import Mustache

/// Fills a template's text from the data with Mustache, in text mode: nothing is
/// HTML-escaped, so "A&B" prints as "A&B".
enum TemplateText {
    private static let textMode = "{{% CONTENT_TYPE: TEXT}}"

    /// Compiled templates by source: every commune fills the same few templates.
    private static let compiled = MemoCache<String, MustacheTemplate>(limit: 1024)

    static func compile(_ source: String) throws -> MustacheTemplate {
        try compiled.value(for: source) { () throws -> MustacheTemplate in try MustacheTemplate(string: textMode + source) }
    }

    /// The parser's complaint about `source`, or nil when it is a valid template: where in
    /// `source` (its line, when it has several, and column) and what, in words.
    static func syntaxError(_ source: String) -> Message? {
        do { _ = try compile(source); return nil } catch {
            let quoted = Excerpt.of(source)
            guard let error = error as? MustacheTemplate.ParserError else {
                return Message("template.syntaxAt", quoted, 1, Message("template.parse.end"))
            }
            let line = error.context.lineNumber
            // The parser counts the text-mode pragma put before the first line.
            let column = max(1, error.context.columnNumber - (line == 1 ? textMode.count : 0))
            let what = reason(error.error)
            return source.contains("\n")
                ? Message("template.syntaxAtLine", quoted, line, column, what)
                : Message("template.syntaxAt", quoted, column, what)
        }
    }

    /// What the parser found wrong, in words.
    private static func reason(_ error: any Error) -> Message {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: Message("template.parse.closeName")
        case .unfinishedName: Message("template.parse.unfinishedTag")
        case .expectedSectionEnd: Message("template.parse.sectionEnd")
        case .invalidSetDelimiter: Message("template.parse.delimiter")
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: Message("template.parse.pragma")
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            Message("template.parse.inheritance")
        case nil: Message("template.parse.end")  // the parser's own "overflow": it read past the end
        }
    }

    /// Renders `source` (checked by `syntaxError` when the template was loaded) with
    /// `context`, trimmed of surrounding white space.
    static func render(_ source: String, _ context: [String: Any]) -> String {
        guard let template = try? compile(source) else { return source }
        return template.render(context).trimmingWhiteSpace(newlines: true)
    }
}
