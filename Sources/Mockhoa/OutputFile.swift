import Foundation

/// Writes files whole: to a temporary name beside the target, then renamed into place, so
/// an interrupted run leaves either the old file or the new one, never half of one.
///
/// Files are not flushed to disk one by one (`FileManager.createFile` does that, and writes
/// through a temporary of its own): an `fsync` per file cost a batch more wall time than drawing
/// its sheets. After a power cut a re-run finds any damaged file by its checksum and redraws it.
public enum OutputFile {
    /// Writes `bytes` to `path`, creating its folder; throws `OutputError` naming the path.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try createFolder(folder, for: path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        guard writeAll(bytes, to: temporary.path) else {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: "cannot write there (permission denied, not a folder, or the disk is full)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: reason)
        }
    }
}

extension OutputFile {
    /// Creates or truncates `path` and writes `bytes` to it; false on any failure.
    private static func writeAll(_ bytes: [UInt8], to path: String) -> Bool {
        guard let file = fopen(path, "wbe") else { return false }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } == bytes.count
        return fclose(file) == 0 && written
    }

    /// Creates `folder` and its parents, failing with a readable reason (a file in the way,
    /// no permission).
    static func createFolder(_ folder: URL, for path: String? = nil) throws(OutputError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw OutputError(path: path ?? folder.path, reason: "\(folder.path) is a file, not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: path ?? folder.path, reason: "cannot create the folder \(folder.path) (a file in the way, or no permission)")
        }
    }
}

/// An output file could not be written.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
