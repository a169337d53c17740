import Foundation
import Mustache

/// Fills a template's text from the data with Mustache, in text mode: nothing is
/// HTML-escaped, so "A&B" prints as "A&B".
enum TemplateText {
    private static let textMode = "{{% CONTENT_TYPE: TEXT}}"

    static func compile(_ source: String) throws -> MustacheTemplate {
        try MustacheTemplate(string: textMode + source)
    }

    /// The parser's complaint about `source`, or nil when it is a valid template.
    static func syntaxError(_ source: String) -> String? {
        do { _ = try compile(source); return nil } catch {
            return "template text \"\(source)\" does not parse: \(error)"
        }
    }

    /// Renders `source` (checked by `syntaxError` when the template was loaded) with
    /// `context`, trimmed of surrounding white space.
    static func render(_ source: String, _ context: [String: Any]) -> String {
        guard let template = try? compile(source) else { return source }
        return template.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
