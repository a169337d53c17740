import Foundation
import Mockhoa
import MockhoaCore

/// The earlier versions of a file the page saves (the directory file, a design), kept in
/// `.<file>.history/` beside it as `STAMP.yaml` (with `STAMP.csv` when a save replaced the CSV of
/// communes too). Nothing is followed through a symbolic link: a history folder that is a link
/// lists nothing and is never written through, and a version that is a link is not one.
struct FileHistory: Sendable {
    /// A saved earlier version.
    struct Entry: Codable, Sendable {
        var id: String
        var bytes: Int
        /// ISO 8601, UTC.
        var saved: String
    }

    let folder: URL

    /// The history of the file at `path`.
    init(of path: String) {
        let url = URL(fileURLWithPath: path)
        folder = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).history")
    }

    /// Earlier versions, newest first.
    func entries() -> [Entry] {
        guard Self.isRealFolder(folder.path), let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        // `STAMP-2` was saved after `STAMP` in the same second: newest first by stamp, then number.
        func order(_ name: String) -> (String, Int) {
            let id = name.dropLast(5), parts = id.split(separator: "-", maxSplits: 1)
            return parts.count == 2 && !id.hasPrefix("-") ? (String(parts[0]), Int(parts[1]) ?? 1) : (String(id), 1)
        }
        return names.filter { Self.isVersionName($0) }.sorted { order($0) > order($1) }.compactMap { name in
            guard let size = Self.regularFileSize(folder.appendingPathComponent(name).path) else { return nil }
            return Entry(id: String(name.dropLast(5)), bytes: size, saved: Self.savedDate(name))
        }
    }

    /// The text of the earlier version `id`; nil unless `entries()` lists it.
    func text(of id: String) -> String? {
        data(of: id, ext: "yaml").map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file kept with the earlier version `id` under `ext` (`yaml`, `csv`), if there is one.
    func data(of id: String, ext: String) -> Data? {
        guard entries().contains(where: { $0.id == id }) else { return nil }
        return Self.readRegularFile(folder.appendingPathComponent("\(id).\(ext)").path)
    }

    /// Keeps the files of one version under one name: `STAMP.yaml`, and `STAMP.csv` with it.
    /// Written inside the file's folder following no symbolic link.
    func keep(_ files: [(ext: String, data: Data)]) throws(OutputError) {
        let stamp = Self.stampFormatter.string(from: Date())
        var name = stamp, n = 2
        var info = stat()
        while lstat(folder.appendingPathComponent(name + ".yaml").path, &info) == 0 {
            name = "\(stamp)-\(n)"; n += 1
        }
        for file in files.reversed() {  // the .yaml last: it is what lists the version
            try OutputFile.write(
                Array(file.data), to: "\(folder.lastPathComponent)/\(name).\(file.ext)",
                inside: folder.deletingLastPathComponent())
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
    static func readRegularFile(_ path: String) -> Data? {
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
}
