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

    /// The parser's complaint about `source`, or nil when it is a valid template.
    static func syntaxError(_ source: String) -> Message? {
        do { _ = try compile(source); return nil } catch {
            return Message("template.syntax", Excerpt.of(source), "\(error)")
        }
    }

    /// Renders `source` (checked by `syntaxError` when the template was loaded) with
    /// `context`, trimmed of surrounding white space.
    static func render(_ source: String, _ context: [String: Any]) -> String {
        guard let template = try? compile(source) else { return source }
        return template.render(context).trimmingWhiteSpace(newlines: true)
    }
}
