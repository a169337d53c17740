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

    /// A saved earlier version.
    struct HistoryEntry: Codable, Sendable {
        var id: String
        var bytes: Int
        /// ISO 8601, UTC.
        var saved: String
    }

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
        // Read and decoded as the command line reads it: a regular file, within the size limit, in
        // UTF-8 (a legacy encoding is refused, not garbled and then saved garbled).
        let data: Data, yaml: String
        do {
            data = try InputFile.read(path: path)
            yaml = try InputText.decode(data, file: path)
        } catch let problem as InputFileProblem {
            throw .unreadable(Message("output.cannotRead", path, problem.message))
        } catch let errors as InputErrors {
            throw .unreadable(Message("api.text", Diagnostics(errors.diagnostics, separator: "\n")))
        } catch {
            throw .unreadable(Message("output.cannotRead", path, "\(error)"))
        }
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

    /// Where earlier versions are kept: `.<file>.history/` beside the file.
    private var historyFolder: URL? {
        path.map { path in
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).history")
        }
    }

    /// Earlier versions, newest first. Only regular files in a real folder: a history folder
    /// that is a symbolic link lists nothing, and a version that is a link is not one.
    func history() -> [HistoryEntry] {
        guard let folder = historyFolder, Self.isRealFolder(folder.path),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        // `STAMP-2` was saved after `STAMP` in the same second: newest first by stamp, then number.
        func order(_ name: String) -> (String, Int) {
            let id = name.dropLast(5), parts = id.split(separator: "-", maxSplits: 1)
            return parts.count == 2 && !id.hasPrefix("-") ? (String(parts[0]), Int(parts[1]) ?? 1) : (String(id), 1)
        }
        return names.filter { Self.isVersionName($0) }.sorted { order($0) > order($1) }.compactMap { name in
            guard let size = Self.regularFileSize(folder.appendingPathComponent(name).path) else { return nil }
            return HistoryEntry(id: String(name.dropLast(5)), bytes: size, saved: Self.savedDate(name))
        }
    }

    /// The text of the earlier version `id` (one listed by `history()`).
    func historyVersion(_ id: String) throws(Failure) -> String {
        guard let folder = historyFolder, history().contains(where: { $0.id == id }),
            let data = Self.readRegularFile(folder.appendingPathComponent(id + ".yaml").path)
        else { throw .notFound }
        return String(decoding: data, as: UTF8.self)
    }

    /// The CSV of communes kept with the earlier version `id`, if that save replaced one.
    func historyCSV(_ id: String) -> Data? {
        guard let folder = historyFolder, history().contains(where: { $0.id == id }) else { return nil }
        return Self.readRegularFile(folder.appendingPathComponent(id + ".csv").path)
    }

    /// Keeps the files of one version under one name: `STAMP.yaml`, and `STAMP.csv` with it.
    /// Written inside the directory's folder following no symbolic link: a history folder that
    /// is a link is refused, never written through.
    private func keepInHistory(_ files: [(ext: String, data: Data)]) throws(Failure) {
        guard let folder = historyFolder else { return }
        let stamp = Self.stampFormatter.string(from: Date())
        var name = stamp, n = 2
        var info = stat()
        while lstat(folder.appendingPathComponent(name + ".yaml").path, &info) == 0 {
            name = "\(stamp)-\(n)"; n += 1
        }
        do {
            for file in files.reversed() {  // the .yaml last: it is what lists the version
                try OutputFile.write(
                    Array(file.data), to: "\(folder.lastPathComponent)/\(name).\(file.ext)",
                    inside: folder.deletingLastPathComponent())
            }
        } catch {
            throw .write(error.asMessage)
        }
    }

    /// Whether `path` is a folder itself, not a symbolic link to one.
    private static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The size of the regular file at `path`; nil for a symbolic link or anything else.
    private static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The contents of the regular file at `path`, opened without following a symbolic link.
    private static func readRegularFile(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? handle.readToEnd() ?? Data()
    }

    /// `20261130T101502Z.yaml` or `20261130T101502Z-2.yaml`: the only names the history holds.
    static func isVersionName(_ name: String) -> Bool {
        name.wholeMatch(of: /[0-9]{8}T[0-9]{6}Z(-[0-9]{1,4})?\.yaml/) != nil
    }

    static func savedDate(_ name: String) -> String {
        Self.stampFormatter.date(from: String(name.prefix(16))).map { ISO8601DateFormatter().string(from: $0) } ?? ""
    }

    private static var stampFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }

    static func tag(_ bytes: [UInt8]) -> String { String(sha256Hex(bytes).prefix(20)) }
}
