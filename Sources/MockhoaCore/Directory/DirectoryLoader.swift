import Foundation
import Yams

/// A directory as loaded, with the warnings found on the way (in file order).
public struct LoadedDirectory: Sendable {
    public var directory: Directory
    public var warnings: [Diagnostic]
    public init(directory: Directory, warnings: [Diagnostic]) { self.directory = directory; self.warnings = warnings }
}

/// Loads a district's phone directory from a YAML file (and the CSV of communes it may name),
/// checking everything and reporting every problem with its file and line.
public enum DirectoryLoader {
    /// The source name of the built-in sample, used in its messages and as its `Directory.source`.
    public static let sampleSource = "built-in sample"

    /// Loads and validates a YAML directory file (and the CSV it may name). Throws InputErrors with
    /// every error found (each once, in file order, each naming file:line, commune and field, with the
    /// warnings among them); warnings are returned.
    public static func load(path: String) throws(InputErrors) -> LoadedDirectory {
        if path.lowercased().hasSuffix(".csv") {
            throw InputErrors([Diagnostic(
                "a CSV file holds the communes only: name it from a YAML directory file (communes: \(URL(fileURLWithPath: path).lastPathComponent)) that gives the district; `mockhoa sample` prints one to start from",
                at: SourceLocation(file: path))])
        }
        let data: Data
        do {
            data = try contents(of: path)
        } catch {
            throw InputErrors([Diagnostic(.error, error.message, at: SourceLocation(file: path))])
        }
        return try load(yaml: decodeText(data, file: path), path: path)
    }

    /// Loads and validates YAML text; `path` names it in messages and a CSV of communes is looked
    /// for relative to it.
    public static func load(yaml: String, path: String) throws(InputErrors) -> LoadedDirectory {
        var log = LoadLog()
        var csvAnchor: (file: String, anchorLine: Int)?
        var directory: Directory?
        if let root = compose(yaml, file: path, log: &log) {
            var reader = DirectoryYAMLReader(file: path, log: log)
            let draft = reader.read(root: root)
            log = reader.log
            var communes: [CommuneDraft] = []
            switch draft.communes {
            case .list(let list)?:
                communes = list
            case .csv(let name, let location)?:
                let file = resolve(name, relativeTo: path)
                csvAnchor = (file, location.line ?? 0)
                communes = communesCSV(file, namedAt: location, log: &log)
            case nil:
                break
            }
            crossCheck(communes, draft.outside, log: &log)
            if let issuer = draft.issuer {
                warnAboutKinds(communes, issuer: issuer, log: &log)
                directory = Directory(issuer: issuer, communes: communes.compactMap(\.commune),
                                      outside: draft.outside.compactMap(\.unit), source: path)
            }
        }
        let diagnostics = log.sorted(secondary: csvAnchor)
        guard let directory, !log.hasErrors else { throw InputErrors(diagnostics) }
        return LoadedDirectory(directory: directory, warnings: diagnostics)
    }

    /// The default built-in sample (Cần Giuộc district, 2018), source "built-in sample".
    public static func sample() -> LoadedDirectory { builtInSample }

    /// The YAML text of the default built-in sample, a start for one's own directory file.
    public static let sampleYAML = BuiltInSample.default.yaml

    private static let builtInSample: LoadedDirectory = BuiltInSample.default.load()

    // MARK: Files
    // MARK: Files

    /// Why a file could not be read.
    struct FileProblem: Error {
        var message: String
    }

    static func contents(of path: String) throws(FileProblem) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileProblem(message: "file not found")
        }
        guard !isDirectory.boolValue else { throw FileProblem(message: "this is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(message: "the file cannot be read (permission denied?)")
        }
        return data
    }

    /// The bytes as UTF-8 text without a byte-order mark; the error names the line of the first
    /// byte that is not text.
    static func decodeText(_ data: Data, file: String) throws(InputErrors) -> String {
        let bytes = [UInt8](data)
        func failure(_ message: String, atByte offset: Int) -> InputErrors {
            let line = 1 + bytes[..<offset].filter { $0 == 0x0A }.count
            return InputErrors([Diagnostic(.error, message, at: SourceLocation(file: file, line: line))])
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw failure("the file is UTF-16 text; save it as UTF-8", atByte: 0)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw failure("the file holds binary data (a NUL byte), not text", atByte: nul)
        }
        var parser = Unicode.UTF8.ForwardParser(), iterator = bytes.makeIterator(), offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error:
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                throw failure("not UTF-8 text: byte 0x\(byte.count == 1 ? "0" + byte : byte) on this line "
                              + "(binary data, or text saved in another encoding: save it as UTF-8)", atByte: offset)
            case .emptyInput:
                var text = String(decoding: bytes, as: UTF8.self)
                if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
                return text
            }
        }
    }

    /// `name` (a CSV file named in `yamlPath`) as a path: relative to the YAML file's folder.
    static func resolve(_ name: String, relativeTo yamlPath: String) -> String {
        let folder = (yamlPath as NSString).deletingLastPathComponent
        return name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    /// The communes of the CSV `file`; a file that cannot be read is reported where it is named.
    static func communesCSV(_ file: String, namedAt location: SourceLocation, log: inout LoadLog) -> [CommuneDraft] {
        let data: Data
        do {
            data = try contents(of: file)
        } catch {
            log.error("cannot read the CSV file \"\(file)\": \(error.message)", at: location, field: "communes")
            return []
        }
        let text: String
        do {
            text = try decodeText(data, file: file)
        } catch {
            for diagnostic in error.diagnostics { log.error(diagnostic.message, at: diagnostic.location ?? location) }
            return []
        }
        return CommunesCSV.communes(in: text, file: file, log: &log)
    }

    // MARK: YAML

    /// The root node of `yaml`, or nil with the syntax error (or emptiness) logged.
    static func compose(_ yaml: String, file: String, log: inout LoadLog) -> Node? {
        var text = yaml
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.error("the file is empty", at: SourceLocation(file: file))
                return nil
            }
            return root
        } catch let error as YamlError {
            var message = "invalid YAML: ", line: Int?
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                message += problem + (context.map { " (\($0.text) on line \($0.mark.line))" } ?? "")
                line = mark.line
            case let .reader(problem, offset, _, _):
                message += problem
                line = offset.map { 1 + text.prefix($0).filter(\.isNewline).count }
            case let .duplicatedKeysInMapping(duplicates, context):
                message += "\(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) given twice in the same mapping"
                line = context.mark.line
            default:
                message += error.description
            }
            log.error(message, at: SourceLocation(file: file, line: line))
            return nil
        } catch {
            log.error("invalid YAML: \(error)", at: SourceLocation(file: file))
            return nil
        }
    }

    // MARK: Cross-checks

    /// "thị trấn" went with the districts in 2025: a province's or commune's directory that uses
    /// it is probably out of date.
    static func warnAboutKinds(_ communes: [CommuneDraft], issuer: Issuer, log: inout LoadLog) {
        guard issuer.level != .district else { return }
        for case let commune? in communes.map(\.commune) where commune.kind == .thiTran {
            log.warning("\"thị trấn\" units were abolished on 1 July 2025 with the districts; since then a town is a xã or a phường",
                        at: commune.source, Subject(commune: commune.name), field: "kind")
        }
    }

    /// Duplicate names, outside units named like communes, and neighbours: unknown, the commune itself,
    /// listed twice, or listed on one side only.
    static func crossCheck(_ communes: [CommuneDraft], _ outside: [OutsideDraft], log: inout LoadLog) {
        var communeByKey: [NameKey: (name: String, draft: CommuneDraft, index: Int)] = [:]
        var firstNames: [String] = []
        for (index, draft) in communes.enumerated() {
            guard let name = draft.name else { continue }
            if let first = communeByKey[NameKey(name)] {
                log.error("duplicate commune: \"\(first.name)\" is also at \(first.draft.location)", at: draft.location,
                          Subject(commune: name), field: "name")
            } else {
                communeByKey[NameKey(name)] = (name, draft, index)
                firstNames.append(name)
            }
        }

        var outsideByKey: [NameKey: OutsideDraft] = [:]
        for draft in outside {
            guard let name = draft.name else { continue }
            let subject = Subject(fieldPrefix: "outside.", label: "outside unit \"\(name)\"")
            if let commune = communeByKey[NameKey(name)] {
                log.error("has the same name as the commune at \(commune.draft.location)", at: draft.location, subject,
                          field: "name")
            } else if let first = outsideByKey[NameKey(name)] {
                log.error("duplicate outside unit, also at \(first.location)", at: draft.location, subject, field: "name")
            } else {
                outsideByKey[NameKey(name)] = draft
            }
        }

        let knownNames = firstNames + outside.compactMap(\.name)
        for (index, draft) in communes.enumerated() {
            guard let name = draft.name else { continue }
            let key = NameKey(name), subject = Subject(commune: name)
            let isFirst = communeByKey[key]?.index == index
            var seen: Set<NameKey> = []
            for neighbour in draft.neighbours ?? [] {
                let neighbourKey = NameKey(neighbour.name)
                if neighbourKey == key {
                    log.error("a commune cannot be its own neighbour", at: neighbour.location, subject,
                              field: "neighbours")
                } else if !seen.insert(neighbourKey).inserted {
                    log.warning("\"\(neighbour.name)\" is listed twice", at: neighbour.location, subject,
                                field: "neighbours")
                } else if let other = communeByKey[neighbourKey] {
                    if isFirst, let theirs = other.draft.neighbours, !theirs.contains(where: { NameKey($0.name) == key }) {
                        log.warning("\"\(name)\" lists \"\(other.name)\" as a neighbour, but \"\(other.name)\" "
                                    + "does not list \"\(name)\"", at: neighbour.location, subject, field: "neighbours")
                    }
                } else if outsideByKey[neighbourKey] == nil {
                    let candidates = knownNames.filter { NameKey($0) != key }
                    let suggestion = LoadLog.closest(to: neighbour.name, among: candidates)
                        .map { "; did you mean \"\($0)\"?" } ?? ""
                    log.error("unknown neighbour \"\(neighbour.name)\": no commune or outside unit has this name"
                              + suggestion, at: neighbour.location, subject, field: "neighbours")
                }
            }
        }
    }
}
