import Foundation
import Yams

/// The one way YAML input is parsed: into Yams' node tree, every syntax error reported with
/// its file and line (directory files and templates alike).
enum YAMLDocument {
    /// The root node of `yaml`, or nil with the syntax error (or emptiness) logged.
    static func compose(_ yaml: String, file: String, log: inout LoadLog) -> Node? {
        var text = yaml
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        if let line = YAMLNodeCount.lineExceedingLimit(in: text) {
            log.error(Message("yaml.tooManyNodes", YAMLNodeCount.limit), at: SourceLocation(file: file, line: line))
            return nil
        }
        do {
            // No constructor tables (only nodes are read; Yams' default builds its tables anew for
            // every parse) and UTF-8 as Swift strings are (its default reads the environment):
            // 1.4 M instructions a file.
            guard let root = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8) else {
                log.error(Message("file.empty"), at: SourceLocation(file: file))
                return nil
            }
            return typed(root)
        } catch let error as YamlError {
            let (message, line) = describe(error, in: text)
            log.error(message, at: SourceLocation(file: file, line: line))
            return nil
        } catch {
            log.error(Message("yaml.invalid", "\(error)"), at: SourceLocation(file: file))
            return nil
        }
    }

    /// `node` with its plain scalars that are null (`~`, `null`, nothing) or a YAML 1.1 boolean
    /// (`true`, `yes`, `on`, `False`, …) tagged as such and `<<` keys as merge keys, every other
    /// scalar staying text.
    ///
    /// Yams' default resolver finds the type of every plain scalar by trying seven ICU regular
    /// expressions on it, which took longer than all the rest of reading the built-in sample and
    /// template. Nothing else needs a type: mockhoa reads numbers and text from a scalar's own
    /// characters (so do Yams' decoders for `Int`, `Double` and `String`); only `Bool` and
    /// null checks look at the tag.
    static func typed(_ node: Node) -> Node {
        switch node {
        case .scalar(var scalar):
            guard scalar.style == .plain, scalar.tag.description == Tag.Name.implicit.rawValue,
                let name = plainTypes[scalar.string]
            else { return node }
            scalar.tag = Tag(name, .basic, .default)
            return .scalar(scalar)
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (mergeKey($0.key), typed($0.value)) }, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(typed), sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// A plain `<<` key tagged as a merge key (`<<: *defaults`), which Yams' decoder merges.
    private static func mergeKey(_ key: Node) -> Node {
        guard case .scalar(var scalar) = key, scalar.style == .plain, scalar.string == "<<" else { return key }
        scalar.tag = Tag(.merge, .basic, .default)
        return .scalar(scalar)
    }

    /// The plain scalars YAML 1.1 reads as null or booleans (Yams' `Resolver.Rule.null` and `.bool`).
    private static let plainTypes: [String: Tag.Name] = {
        var types: [String: Tag.Name] = [:]
        for word in ["", "~", "null", "Null", "NULL"] { types[word] = .null }
        for word in ["yes", "no", "true", "false", "on", "off"] {
            for form in [word, word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] { types[form] = .bool }
        }
        return types
    }()

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
