import Foundation
import Mockhoa
import MockhoaCore

/// A design's template file beside the directory file, as the page saves it: the version on disk
/// tagged by its bytes, replaced only when the page names that version (a stale save is refused,
/// and a file of that name the page did not open is never replaced), the version it replaces kept
/// in its history, the new one written whole or not at all.
struct DesignFile: Sendable {
    let path: String

    struct Version: Sendable {
        /// Nil while the file does not exist.
        var text: String?
        /// A hash of the bytes on disk; `new` while there is no file.
        var etag: String
    }

    enum Failure: MessageError {
        /// The file changed (or appeared) since the version the page opened: its current tag.
        case stale(current: String)
        case unreadable(Message)
        case write(Message)

        var asMessage: Message {
            switch self {
            case .stale: Message("serve.stale")
            case .unreadable(let reason), .write(let reason): reason
            }
        }
    }

    /// One save at a time, over every design file.
    private static let lock = NSLock()

    var history: FileHistory { FileHistory(of: path) }

    func current() throws(Failure) -> Version {
        guard FileManager.default.fileExists(atPath: path) else { return Version(text: nil, etag: "new") }
        do {
            let (data, text) = try Workspace.read(path)
            return Version(text: text, etag: Workspace.tag(Array(data)))
        } catch {
            throw .unreadable(error.reason)
        }
    }

    /// Writes `yaml` in place of the version tagged `ifMatch` (`new`: there is no file yet).
    func save(_ yaml: String, ifMatch: String) throws(Failure) -> Version {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let before = try current()
        guard before.etag == ifMatch else { throw .stale(current: before.etag) }
        do {
            if let text = before.text { try history.keep([("yaml", Data(text.utf8))]) }
            try OutputFile.write(Array(yaml.utf8), to: path)
        } catch {
            throw .write(error.asMessage)
        }
        return try current()
    }
}
