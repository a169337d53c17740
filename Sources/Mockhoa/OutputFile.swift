import Foundation
import MockhoaCore

/// Writes files whole and replaces only what is ours: a new file goes to a temporary name
/// beside the target (`.mockhoa-tmp-<pid>-<random>`) and is renamed into place, so an
/// interrupted run leaves the old file or the new one, never half of one. Every write is
/// checked; a failure names its reason (no space left, file name too long…).
///
/// Files are not flushed to disk one by one: an `fsync` per file cost a batch more wall time
/// than drawing its sheets. After a power cut a re-run finds any damaged file by its checksum
/// and redraws it.
public enum OutputFile {
    /// Writes `bytes` to a path the user named (`-o`), creating its folder:
    /// - `-`: standard output;
    /// - a FIFO or a character device (`/dev/null`, a terminal): written into, never replaced;
    /// - a symbolic link: the file it points to is replaced, the link stays;
    /// - a regular file or nothing: replaced or created whole;
    /// - a folder, a path ending in `/`, a block device or a socket: refused.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        if path == "-" { return try StandardOutput.write(bytes) }
        func fail(_ reason: Message) -> OutputError { OutputError(path: path, reason: reason) }
        guard !path.isEmpty else { throw fail(Message("output.emptyName")) }
        guard !path.hasSuffix("/") else { throw fail(Message("output.endsInSlash")) }
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw fail(SystemError.describe(errno)) }
            let url = URL(fileURLWithPath: path)
            try createFolder(url.deletingLastPathComponent(), for: path)
            return try replace(url.lastPathComponent, in: url.deletingLastPathComponent().path, bytes, path: path)
        }
        var target = path
        if info.st_mode & S_IFMT == S_IFLNK {
            // Followed to what it names, which is then written as if named itself.
            guard stat(path, &info) == 0 else {
                throw fail(errno == ENOENT ? Message("output.danglingLink") : SystemError.describe(errno))
            }
            guard let resolved = realpath(path, nil) else { throw fail(SystemError.describe(errno)) }
            target = String(cString: resolved)
            free(resolved)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let url = URL(fileURLWithPath: target)
            try replace(url.lastPathComponent, in: url.deletingLastPathComponent().path, bytes, path: path)
        case S_IFIFO, S_IFCHR:
            try writeInto(path, bytes)
        case let type:
            throw fail(Message("output.notRegular", FileType.name(of: type)))
        }
    }

    /// Writes `bytes` to `relativePath` (`tan-thanh/sheet.pdf`) inside `root`, creating the
    /// folders on the way. No symbolic link below `root` is followed: a folder on the way that
    /// is a link is refused, so nothing is ever written outside `root`; a link in the file's
    /// place is replaced by the file.
    public static func write(_ bytes: [UInt8], to relativePath: String, inside root: URL) throws(OutputError) {
        let path = root.appendingPathComponent(relativePath).path
        let parts = relativePath.split(separator: "/").map(String.init)
        guard let name = parts.last, !parts.contains(".."), !parts.contains(".") else {
            throw OutputError(path: path, reason: Message("output.notPlain", root.path))
        }
        let folder = try openFolder(parts.dropLast(), inside: root, for: path)
        defer { close(folder) }
        try replace(name, in: folder, bytes, path: path)
    }

    /// Opens (creating it) the folder `parts` below `root`, following no symbolic link below
    /// `root`; the caller closes the descriptor.
    static func openFolder(_ parts: some Sequence<String>, inside root: URL, for path: String) throws(OutputError) -> Int32 {
        try createFolder(root, for: path)
        var fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw OutputError(path: path, reason: Message("output.cannotOpenFolder", root.path, SystemError.describe(errno)))
        }
        var walked = root.path
        for part in parts {
            walked += "/" + part
            if mkdirat(fd, part, 0o777) != 0 && errno != EEXIST {
                let code = errno
                close(fd)
                throw OutputError(path: path, reason: Message("output.cannotCreateFolder", walked, SystemError.describe(code)))
            }
            let next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno, parent = fd
            defer { close(parent) }
            guard next >= 0 else {
                var info = stat()
                let isLink = fstatat(fd, part, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK
                throw OutputError(
                    path: path,
                    reason: isLink
                        ? Message("output.linkOnTheWay", walked, root.path)
                        : code == ENOTDIR ? Message("output.fileNotFolder", walked) : SystemError.describe(code))
            }
            fd = next
        }
        return fd
    }

    /// The prefix of every temporary file mockhoa makes, followed by `<pid>-<random>`.
    static let temporaryPrefix = ".mockhoa-tmp-"

    private static func replace(_ name: String, in folder: String, _ bytes: [UInt8], path: String) throws(OutputError) {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: path, reason: Message("output.cannotOpenItsFolder", SystemError.describe(errno))) }
        defer { close(fd) }
        try replace(name, in: fd, bytes, path: path)
    }

    /// Writes a temporary file in `folder` (with the permissions of the file it replaces) and
    /// renames it to `name`.
    private static func replace(_ name: String, in folder: Int32, _ bytes: [UInt8], path: String) throws(OutputError) {
        removeLeftovers(in: folder)
        let temporary = "\(temporaryPrefix)\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let fd = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputError(path: path, reason: SystemError.describe(errno)) }
        do throws(OutputError) {
            // A file replaced keeps its permissions (a 0600 directory of private numbers stays 0600).
            var old = stat()
            if fstatat(folder, name, &old, AT_SYMLINK_NOFOLLOW) == 0, old.st_mode & S_IFMT == S_IFREG,
                fchmod(fd, old.st_mode & 0o7777) != 0
            {
                throw OutputError(path: path, reason: SystemError.describe(errno))
            }
            try writeAll(fd, bytes, path: path)
            guard close(fd) == 0 else { throw OutputError(path: path, reason: SystemError.describe(errno)) }
            guard renameat(folder, temporary, folder, name) == 0 else {
                throw OutputError(
                    path: path,
                    reason: errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST
                        ? Message("output.isFolder") : SystemError.describe(errno))
            }
        } catch {
            unlinkat(folder, temporary, 0)
            throw error
        }
    }

    /// Writes into an existing FIFO or character device, without creating or truncating.
    private static func writeInto(_ path: String, _ bytes: [UInt8]) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: path, reason: SystemError.describe(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, [S_IFIFO, S_IFCHR].contains(info.st_mode & S_IFMT) else {
            throw OutputError(path: path, reason: Message("output.changed"))
        }
        try writeAll(fd, bytes, path: path)
    }

    /// `write(2)` until every byte is out; interrupted calls are resumed.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { writeSome(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: SystemError.describe(errno))
            }
            offset += written
        }
    }

    /// Removes temporary files that mockhoa runs which are gone left in `folder` (a crash, a
    /// kill): only names with mockhoa's own prefix and the number of a process that no longer
    /// runs, and regular files only. Any other file, whatever its name, is the user's.
    static func removeLeftovers(in folder: Int32) {
        let copy = dup(folder)
        guard copy >= 0, let listing = fdopendir(copy) else { return }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if isLeftover(name) { names.append(name) }
        }
        for name in names {
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            unlinkat(folder, name, 0)
        }
    }

    /// `removeLeftovers(in:)` for `root` and the folders in it (not those reached through a link).
    static func removeLeftovers(below root: URL) {
        let fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        removeLeftovers(in: fd)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return }
        for name in names {
            let folder = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard folder >= 0 else { continue }
            removeLeftovers(in: folder)
            close(folder)
        }
    }

    /// `.mockhoa-tmp-<pid>-<hex>` of a process that is not running.
    static func isLeftover(_ name: String) -> Bool {
        guard name.hasPrefix(temporaryPrefix) else { return false }
        let parts = name.dropFirst(temporaryPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, !parts[1].isEmpty,
            parts[1].allSatisfy(\.isHexDigit)
        else { return false }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }
}

extension OutputFile {
    /// Creates `folder` and its parents, failing with a readable reason (a file in the way,
    /// no permission, no space).
    static func createFolder(_ folder: URL, for path: String? = nil) throws(OutputError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(path: path ?? folder.path, reason: Message("output.fileNotFolder", folder.path))
            }
            return
        }
        // Each missing folder from the top down, so the reason is the system's own.
        var missing: [URL] = [], probe = folder
        while !FileManager.default.fileExists(atPath: probe.path) && probe.path != "/" {
            missing.insert(probe, at: 0)
            probe = probe.deletingLastPathComponent()
        }
        for url in missing where mkdir(url.path, 0o777) != 0 && errno != EEXIST {
            let reason = errno == ENOTDIR ? Message("output.fileInTheWay") : SystemError.describe(errno)
            throw OutputError(path: path ?? folder.path, reason: Message("output.cannotCreateFolder", url.path, reason))
        }
    }
}

/// `write(2)` (a name that `OutputFile.write` hides inside the type).
private func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(fd, bytes.baseAddress, bytes.count)
}

/// Standard output, written with every write checked: `mockhoa sample > /dev/full` fails
/// with "no space left on device" instead of exiting 0 with nothing written.
public enum StandardOutput {
    /// Writes `bytes` to standard output.
    public static func write(_ bytes: [UInt8]) throws(OutputError) {
        try OutputFile.writeAll(STDOUT_FILENO, bytes, path: Message("output.standardOutput").description)
    }

    /// Writes `text` and a line break, its control characters escaped (a file name may hold any).
    public static func print(_ text: String) throws(OutputError) {
        try write(Array((text.escapingControlCharacters + "\n").utf8))
    }
}

/// An output file could not be written.
public struct OutputError: MessageError {
    public var path: String
    public var reason: Message
    public var asMessage: Message { Message("output.cannotWrite", path, reason) }
}
