import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender
import Synchronization

/// The one directory file the server edits, the CSV or workbook it names, and its history. No
/// other file is read or written: paths never come from a request (a table is the one the file
/// on disk names; history versions are looked up among those listed).
final class Workspace: Sendable {
    /// The directory file; nil for the built-in sample, which is read-only.
    let path: String?
    /// One save at a time: the version check and the write happen together.
    private let lock = NSLock()
    /// The tables the file on disk names, by its text: read once, not on every request.
    private let named = Mutex<(yaml: String, tables: [TableReference])?>(nil)

    /// A version of the file as read from disk.
    struct Version: Sendable {
        /// The file's text; the sample's when the file does not exist yet.
        var yaml: String
        /// `"<sha256 prefix>"` of the bytes on disk (the file's and its tables'), or `"new"` while
        /// the file does not exist.
        var etag: String
        var exists: Bool
        /// The tables the file names for its communes and outside units, as read with it.
        var tables: [TableFile] = []

        /// The table `reference` names, as read with this version.
        func table(_ reference: TableReference) -> TableFile? { tables.first { $0.reference == reference } }
    }

    /// A CSV file or workbook named by the directory file.
    struct TableFile: Sendable {
        var reference: TableReference
        var path: String
        /// Nil when it cannot be read.
        var data: Data?
    }

    typealias HistoryEntry = FileHistory.Entry

    enum Failure: MessageError {
        case readOnly
        /// The file changed on disk since the version the page opened: its current tag.
        case stale(current: String)
        /// Why the file cannot be read, as the command line says it.
        case unreadable(Message)
        case notFound
        /// Why the file could not be written.
        case write(Message)

        var asMessage: Message {
            switch self {
            case .readOnly: Message("serve.readOnly")
            case .stale: Message("serve.stale")
            case .unreadable(let reason), .write(let reason): reason
            case .notFound: Message("serve.noVersion")
            }
        }
    }

    init(path: String?) { self.path = path }

    var readOnly: Bool { path == nil }

    /// The file name shown on the page.
    var displayName: String { path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? DirectoryLoader.sampleSource }

    /// The current version on disk (the sample for the read-only sample or a file not yet created).
    func current() throws(Failure) -> Version {
        guard let path else { return Version(yaml: DirectoryLoader.sampleYAML, etag: "sample", exists: false) }
        guard FileManager.default.fileExists(atPath: path) else {
            return Version(yaml: DirectoryLoader.sampleYAML, etag: "new", exists: false)
        }
        let data: Data, yaml: String
        do { (data, yaml) = try Self.read(path) } catch { throw .unreadable(error.reason) }
        let references =
            named.withLock { $0?.yaml == yaml ? $0?.tables : nil }
            ?? {
                let read = DirectoryDocument.read(yaml: yaml)
                let tables = [read?.communesTable, read?.outsideTable].compactMap { $0 }
                named.withLock { $0 = (yaml, tables) }
                return tables
            }()
        let tables = references.map { reference in
            let file = DirectoryLoader.resolve(reference.file, relativeTo: path)
            return TableFile(reference: reference, path: file, data: try? InputFile.read(path: file))
        }
        // A table edited in a spreadsheet is a new version too.
        let bytes = tables.reduce(into: Array(data)) { bytes, table in bytes += [0] + (table.data.map { [UInt8]($0) } ?? []) }
        return Version(yaml: yaml, etag: Self.tag(bytes), exists: true, tables: tables)
    }

    /// Writes `yaml` (and the CSV of communes it names, `csv`) in place of the version tagged
    /// `ifMatch`, keeping the current ones in the history. Throws `.stale` when the file or its
    /// tables changed since then.
    func save(_ yaml: String, csv: (path: String, data: Data)? = nil, ifMatch: String) throws(Failure) -> Version {
        guard let path else { throw .readOnly }
        lock.lock()
        defer { lock.unlock() }
        let before = try current()
        guard before.etag == ifMatch else { throw .stale(current: before.etag) }
        if before.exists {
            var kept: [(ext: String, data: Data)] = [("yaml", Data(before.yaml.utf8))]
            if let csv, let old = before.tables.first(where: { $0.path == csv.path })?.data { kept.append(("csv", old)) }
            try keepInHistory(kept)
        }
        do {
            // The CSV first: a directory file never names communes that are not written yet.
            if let csv { try OutputFile.write(Array(csv.data), to: csv.path) }
            try OutputFile.write(Array(yaml.utf8), to: path)
        } catch {
            throw .write(error.asMessage)
        }
        return try current()
    }

    // MARK: History

    /// Where earlier versions of the directory file are kept.
    var fileHistory: FileHistory? { path.map(FileHistory.init(of:)) }

    /// Earlier versions, newest first.
    func history() -> [HistoryEntry] { fileHistory?.entries() ?? [] }

    /// The text of the earlier version `id` (one listed by `history()`).
    func historyVersion(_ id: String) throws(Failure) -> String {
        guard let text = fileHistory?.text(of: id) else { throw .notFound }
        return text
    }

    /// The CSV of communes kept with the earlier version `id`, if that save replaced one.
    func historyCSV(_ id: String) -> Data? { fileHistory?.data(of: id, ext: "csv") }

    private func keepInHistory(_ files: [(ext: String, data: Data)]) throws(Failure) {
        do { try fileHistory?.keep(files) } catch { throw .write(error.asMessage) }
    }

    /// Why a file the page saves could not be read.
    struct Unreadable: Error { var reason: Message }

    /// A file the page saves, read and decoded as the command line reads it: a regular file,
    /// within the size limit, in UTF-8 (a legacy encoding is refused, not garbled and then saved
    /// garbled).
    static func read(_ path: String) throws(Unreadable) -> (data: Data, text: String) {
        do {
            let data = try InputFile.read(path: path)
            return (data, try InputText.decode(data, file: path))
        } catch let problem as InputFileProblem {
            throw Unreadable(reason: Message("output.cannotRead", path, problem.message))
        } catch let errors as InputErrors {
            throw Unreadable(reason: Message("api.text", Diagnostics(errors.diagnostics, separator: "\n")))
        } catch {
            throw Unreadable(reason: Message("output.cannotRead", path, "\(error)"))
        }
    }

    static func tag(_ bytes: [UInt8]) -> String { String(sha256Hex(bytes).prefix(20)) }
}
