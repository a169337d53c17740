import Foundation

/// Writes files whole: to a temporary name beside the target, then renamed into place, so
/// an interrupted run leaves either the old file or the new one, never half of one.
public enum OutputFile {
    /// Writes `bytes` to `path`, creating its folder; throws `OutputError` naming the path.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try createFolder(folder, for: path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw OutputError(path: path, reason: "cannot write there (permission denied or not a folder)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: reason)
        }
    }
}

extension OutputFile {
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
