import Foundation
import Yams

/// The one way YAML input is parsed: into Yams' node tree, every syntax error reported with
/// its file and line (directory files and templates alike).
enum YAMLDocument {
    /// The root node of `yaml`, or nil with the syntax error (or emptiness) logged.
    static func compose(_ yaml: String, file: String, log: inout LoadLog) -> Node? {
        var text = yaml
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.error(Message("file.empty"), at: SourceLocation(file: file))
                return nil
            }
            return root
        } catch let error as YamlError {
            let (message, line) = describe(error, in: text)
            log.error(message, at: SourceLocation(file: file, line: line))
            return nil
        } catch {
            log.error(Message("yaml.invalid", "\(error)"), at: SourceLocation(file: file))
            return nil
        }
    }

    /// What the parser says, and the line it points at.
    static func describe(_ error: YamlError, in text: String) -> (Message, Int?) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { Message("yaml.context", problem, $0.text, $0.mark.line) } ?? Message("yaml.plain", problem)
            return (Message("yaml.invalid", detail), mark.line)
        case let .reader(problem, offset, _, _):
            return (Message("yaml.invalid", problem), offset.map { 1 + text.prefix($0).filter(\.isNewline).count })
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return (Message("yaml.invalid", Message("yaml.duplicateKeys", keys)), context.mark.line)
        default:
            return (Message("yaml.invalid", error.description), nil)
        }
    }
}
