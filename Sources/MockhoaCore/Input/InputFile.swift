import Foundation

/// Reads the files a user names as input (`--data`, `--template`, a communes CSV): regular
/// files only, and at most a size limit, so `/dev/zero`, a FIFO or a folder is refused with
/// its own reason instead of hanging, filling memory or being called missing.
public enum InputFile {
    /// Whether `path` lies inside `folder` (its real place, symbolic links followed where they
    /// exist, `..` undone where they do not): what the page may read when a name comes from a request.
    public static func isInside(_ path: String, folder: String) -> Bool {
        func real(_ p: String) -> String {
            guard let resolved = realpath(p, nil) else { return URL(fileURLWithPath: p).standardizedFileURL.path }
            defer { free(resolved) }
            return String(decoding: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)), as: UTF8.self)
        }
        let root = real(folder)
        return real(path).hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The largest input file read, by default: 64 MiB, far beyond a country's directory
    /// (about 20,000 communes of a few hundred bytes each).
    public static let defaultLimit = 64 << 20

    /// The whole file at `path` (symbolic links followed), if it is a regular file of at most
    /// `limit` bytes.
    public static func read(path: String, limit: Int = defaultLimit) throws(InputFileProblem) -> Data {
        guard !path.isEmpty else { throw .notFound }
        // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below anyway.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw InputFileProblem(opening: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(errno) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { throw .notRegularFile(FileType.name(of: type)) }
        guard info.st_size <= limit else { throw .tooLarge(bytes: Int64(info.st_size), limit: limit) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { readSome(fd, $0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system(errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            // The file grew while being read (a log being written, say): past the limit all the same.
            guard data.count <= limit else { throw .tooLarge(bytes: Int64(data.count), limit: limit) }
        }
    }
}

/// `read(2)` (a name that `InputFile.read` hides inside the type).
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(fd, buffer.baseAddress, buffer.count)
}

/// Why an input file could not be read; `message` says it in the user's language.
public enum InputFileProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing at that path.
    case notFound
    /// A folder, a FIFO, a device…: `what` names it ("a folder").
    case notRegularFile(Message)
    /// Larger than the limit given.
    case tooLarge(bytes: Int64, limit: Int)
    /// Any other failure of the system, by its `errno`.
    case system(Int32)

    init(opening code: Int32) {
        switch code {
        case ENOENT: self = .notFound
        default: self = .system(code)
        }
    }

    /// What went wrong, in a few words ("not a regular file: it is a folder").
    public var message: Message {
        switch self {
        case .notFound: Message("file.notFound")
        case .notRegularFile(let what): Message("file.notRegular", what)
        case .tooLarge(let bytes, let limit):
            Message("file.tooLarge", FileSize.describe(bytes), FileSize.describe(Int64(limit)))
        case .system(let code): SystemError.describe(code)
        }
    }

    public var description: String { message.description }
}

/// Readable names of the system's file errors, the same for reading and writing.
public enum SystemError {
    /// The reason behind `errno` `code`, in words a user acts on.
    public static func describe(_ code: Int32) -> Message {
        switch code {
        case ENOSPC: Message("system.noSpace")
        case EDQUOT: Message("system.quota")
        case ENAMETOOLONG: Message("system.nameTooLong")
        case EACCES, EPERM: Message("system.permission")
        case EROFS: Message("system.readOnly")
        case ENOENT: Message("system.noSuchFile")
        case ENOTDIR: Message("system.notFolder")
        case EISDIR: Message("system.isFolder")
        case ELOOP: Message("system.loop")
        case EIO: Message("system.io")
        case EMFILE, ENFILE: Message("system.tooManyFiles")
        case EFBIG: Message("system.fileTooBig")
        case EXDEV: Message("system.crossDevice")
        default: Message("system.other", String(cString: strerror(code)).lowercased())
        }
    }
}

/// Names of the kinds of file that are not regular files.
public enum FileType {
    /// "a folder", "a FIFO (named pipe)"…, for `type` (`st_mode & S_IFMT`).
    public static func name(of type: mode_t) -> Message {
        switch type {
        case S_IFDIR: Message("file.kind.folder")
        case S_IFIFO: Message("file.kind.fifo")
        case S_IFCHR: Message("file.kind.characterDevice")
        case S_IFBLK: Message("file.kind.blockDevice")
        case S_IFSOCK: Message("file.kind.socket")
        case S_IFLNK: Message("file.kind.link")
        default: Message("file.kind.special")
        }
    }
}

/// Byte counts as people read them.
enum FileSize {
    static func describe(_ bytes: Int64) -> String {
        bytes < 1 << 20 ? "\(bytes) bytes" : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
