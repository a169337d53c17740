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
            throw InputErrors([
                Diagnostic(
                    Message("csv.notDirectory", URL(fileURLWithPath: path).lastPathComponent),
                    at: SourceLocation(file: path))
            ])
        }
        let data: Data
        do {
            data = try contents(of: path)
        } catch {
            throw InputErrors([Diagnostic(.error, error.message, at: SourceLocation(file: path))])
        }
        return try load(yaml: InputText.decode(data, file: path), path: path)
    }

    /// Loads and validates YAML text; `path` names it in messages and a CSV of communes is looked
    /// for relative to it.
    public static func load(yaml: String, path: String) throws(InputErrors) -> LoadedDirectory {
        var log = LoadLog()
        var anchors: [String: Int] = [:]
        var directory: Directory?
        if let root = YAMLDocument.compose(yaml, file: path, log: &log) {
            var reader = DirectoryYAMLReader(file: path, log: log)
            let draft = reader.read(root: root)
            log = reader.log
            var communes: [CommuneDraft] = []
            switch draft.communes {
            case .list(let list)?:
                communes = list
            case .table(let ref)?:
                if let table = table(ref, relativeTo: path, field: "communes", log: &log) {
                    anchors[table.file] = ref.location.line ?? 0
                    communes = UnitTable.communes(table, log: &log)
                }
            case nil:
                break
            }
            var outside = draft.outside
            if let ref = draft.outsideTable, let table = table(ref, relativeTo: path, field: "outside", log: &log) {
                anchors[table.file] = ref.location.line ?? 0
                outside = UnitTable.outside(table, log: &log)
            }
            crossCheck(communes, outside, log: &log)
            if let issuer = draft.issuer {
                warnAboutKinds(communes, issuer: issuer, log: &log)
                directory = Directory(
                    issuer: issuer, communes: communes.compactMap(\.commune),
                    outside: outside.compactMap(\.unit), source: path, template: draft.template)
            }
        }
        let diagnostics = log.sorted(anchors: anchors)
        guard let directory, !log.hasErrors else { throw InputErrors(diagnostics) }
        return LoadedDirectory(directory: directory, warnings: diagnostics)
    }

    /// The default built-in sample (Cần Giuộc district, 2018), source "built-in sample".
    public static func sample() -> LoadedDirectory { builtInSample }

    /// The YAML text of the default built-in sample, a start for one's own directory file.
    public static let sampleYAML = BuiltInSample.default.yaml

    private static let builtInSample: LoadedDirectory = BuiltInSample.default.load()

    // MARK: Files

    /// Why a file could not be read.
    struct FileProblem: Error {
        var message: Message
    }

    static func contents(of path: String) throws(FileProblem) -> Data {
        do { return try InputFile.read(path: path) } catch { throw FileProblem(message: error.message) }
    }

    /// `name` (a CSV file named in `yamlPath`) as a path: relative to the YAML file's folder.
    public static func resolve(_ name: String, relativeTo yamlPath: String) -> String {
        let folder = (yamlPath as NSString).deletingLastPathComponent
        return name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    /// The table `ref` names: a CSV file, or a sheet of a workbook; a file that cannot be read
    /// is reported where it is named.
    static func table(_ ref: TableRef, relativeTo yamlPath: String, field: String, log: inout LoadLog) -> Table? {
        let file = resolve(ref.path, relativeTo: yamlPath)
        let isWorkbook = ["xlsx", "xlsm", "xls", "ods"].contains(URL(fileURLWithPath: file).pathExtension.lowercased())
        let data: Data
        do {
            data = try contents(of: file)
        } catch {
            log.error(
                Message(isWorkbook ? "workbook.unreadable" : "csv.unreadable", file, error.message),
                at: ref.location, field: field)
            return nil
        }
        if isWorkbook || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return Table.workbook(data, file: file, sheet: ref.sheet, log: &log, namedAt: ref.location)
        }
        if ref.sheet != nil {
            log.error(Message("table.sheetInCSV", file), at: ref.location, field: field)
            return nil
        }
        do {
            return Table.csv(try InputText.decode(data, file: file, allowUTF16: true), file: file, log: &log)
        } catch {
            for diagnostic in error.diagnostics { log.error(diagnostic.message, at: diagnostic.location ?? ref.location) }
            return nil
        }
    }

    // MARK: Cross-checks

    /// "thị trấn" went with the districts in 2025: a province's or commune's directory that uses
    /// it is probably out of date.
    static func warnAboutKinds(_ communes: [CommuneDraft], issuer: Issuer, log: inout LoadLog) {
        guard issuer.level != .district else { return }
        for case let commune? in communes.map(\.commune) where commune.kind == .thiTran {
            log.warning(
                Message("kind.townAbolished"),
                at: commune.source, Subject(commune: commune.name), field: "kind")
        }
    }

    /// Duplicate names, outside units named like communes, and neighbours: unknown, the commune itself,
    /// listed twice, or listed on one side only.
    static func crossCheck(_ communes: [CommuneDraft], _ outside: [OutsideDraft], log: inout LoadLog) {
        // Every name keyed once: a name is looked up from each of its lists.
        let keys = communes.map { $0.name.map(NameKey.init) }
        let (communeByKey, firstNames) = communesByName(communes, keys: keys, log: &log)
        let outsideByKey = outsideByName(outside, communes: communeByKey, log: &log)
        checkNeighbours(
            communes, keys: keys, communes: communeByKey, outside: outsideByKey,
            allNames: { firstNames + outside.compactMap(\.name) }, log: &log)
    }

    /// A commune as found by its name: the first of that name, and where it is in the list.
    typealias NamedCommune = (name: String, draft: CommuneDraft, index: Int)

    /// The communes by their name's key, and their names in order; a name used again is an error.
    private static func communesByName(
        _ communes: [CommuneDraft], keys: [NameKey?], log: inout LoadLog
    ) -> ([NameKey: NamedCommune], [String]) {
        var communeByKey: [NameKey: NamedCommune] = [:]
        var firstNames: [String] = []
        for (index, draft) in communes.enumerated() {
            guard let name = draft.name, let key = keys[index] else { continue }
            if let first = communeByKey[key] {
                log.error(
                    Message("commune.duplicate", first.name, first.draft.location.description), at: draft.location,
                    Subject(commune: name), field: "name")
            } else {
                communeByKey[key] = (name, draft, index)
                firstNames.append(name)
            }
        }
        return (communeByKey, firstNames)
    }

    /// The outside units by their name's key; a name a commune or another unit has is an error.
    private static func outsideByName(
        _ outside: [OutsideDraft], communes communeByKey: [NameKey: NamedCommune], log: inout LoadLog
    ) -> [NameKey: OutsideDraft] {
        var outsideByKey: [NameKey: OutsideDraft] = [:]
        for draft in outside {
            guard let name = draft.name else { continue }
            let subject = Subject(fieldPrefix: "outside.", label: Message("label.outside", name)), key = NameKey(name)
            if let commune = communeByKey[key] {
                log.error(
                    Message("outside.sameAsCommune", commune.draft.location.description), at: draft.location, subject,
                    field: "name")
            } else if let first = outsideByKey[key] {
                log.error(Message("outside.duplicate", first.location.description), at: draft.location, subject, field: "name")
            } else {
                outsideByKey[key] = draft
            }
        }
        return outsideByKey
    }

    /// Each commune's neighbours: unknown (with the nearest name, from `allNames`), the commune
    /// itself, listed twice, or listed on one side only.
    private static func checkNeighbours(
        _ communes: [CommuneDraft], keys: [NameKey?], communes communeByKey: [NameKey: NamedCommune],
        outside outsideByKey: [NameKey: OutsideDraft], allNames: @escaping () -> [String], log: inout LoadLog
    ) {
        let neighbourKeys = communes.map { ($0.neighbours ?? []).map { NameKey($0.name) } }
        // Made only when a name is not found: indexing every name costs more than the checks.
        lazy var suggestions = Suggestions(allNames())
        // Each list as a set, made once: a link is checked from both of its ends.
        let neighbourSets = neighbourKeys.map(Set.init)
        for (index, draft) in communes.enumerated() {
            guard let name = draft.name, let key = keys[index] else { continue }
            let subject = Subject(commune: name)
            let isFirst = communeByKey[key]?.index == index
            var seen: Set<NameKey> = []
            for (neighbour, neighbourKey) in zip(draft.neighbours ?? [], neighbourKeys[index]) {
                if neighbourKey == key {
                    log.error(
                        Message("neighbour.self"), at: neighbour.location, subject,
                        field: "neighbours")
                } else if !seen.insert(neighbourKey).inserted {
                    log.warning(
                        Message("neighbour.twice", neighbour.name), at: neighbour.location, subject,
                        field: "neighbours")
                } else if let other = communeByKey[neighbourKey] {
                    if isFirst, other.draft.neighbours != nil, !neighbourSets[other.index].contains(key) {
                        log.warning(
                            Message("neighbour.oneSided", name, other.name), at: neighbour.location, subject,
                            field: "neighbours")
                    }
                } else if outsideByKey[neighbourKey] == nil {
                    log.error(
                        suggestions.didYouMean(
                            Message("neighbour.unknown", neighbour.name), neighbour.name,
                            excluding: name),
                        at: neighbour.location, subject, field: "neighbours")
                }
            }
        }
    }
}
