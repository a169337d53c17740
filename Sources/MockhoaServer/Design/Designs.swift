import Foundation
import MockhoaCore
import Synchronization

/// The design the page draws for a directory: `serve --template` when given, else the template
/// the directory names (`template:`, a built-in name or a file beside it), else `default` — the
/// command line's rule. A template file is read again only when it changed on disk (its size,
/// time or inode), so a design saved on the page, or edited in a text editor, is drawn at once.
final class Designs: Sendable {
    /// `serve --template`: drawn whatever the directory names.
    let fixed: KeychainTemplate?
    /// The folder of the directory file: a template file the directory names is read there only
    /// (a draft's `template:` comes from a request).
    let folder: String
    /// Template files read, by path, with what they were read as.
    private let files = Mutex<[String: (stamp: FileStamp, template: Result<KeychainTemplate, InputErrors>)]>([:])
    /// Built-in templates read, by name: they never change.
    private let builtIns = Mutex<[String: KeychainTemplate]>([:])

    init(fixed: KeychainTemplate?, folder: String) { self.fixed = fixed; self.folder = folder }

    /// The template `named` stands for (nil: the directory names none). One that is missing or
    /// does not load is an error at the directory's `template:` line, as the command line says it.
    func template(for named: DirectoryTemplate?) throws(InputErrors) -> KeychainTemplate {
        if let fixed { return fixed }
        guard let named else { return try TemplateLoader.load() }
        let path = named.path
        guard InputFile.isInside(path, folder: folder) else {
            let message = Message("serve.templateOutside", Excerpt.of(named.name), folder)
            throw InputErrors([Diagnostic(message, at: named.location, field: "template")])
        }
        guard let stamp = FileStamp(path) else {  // a built-in name, or a file that is missing
            if let hit = builtIns.withLock({ $0[named.name] }) { return hit }
            let template = try named.load()
            builtIns.withLock { $0[named.name] = template }
            return template
        }
        if let hit = files.withLock({ $0[path] }), hit.stamp == stamp { return try hit.template.get() }
        let read = Result { () throws(InputErrors) in
            var template = try named.load()
            template.pictureRoot = folder
            return template
        }
        files.withLock { $0[path] = (stamp, read) }
        return try read.get()
    }

    /// Changes whenever a template file read before changed on disk: part of the key of every
    /// check the page remembers, so that no answer outlives the design it was drawn with.
    var generation: String {
        let paths = files.withLock { $0.keys.sorted() }
        return paths.map { "\($0)=\(FileStamp($0)?.description ?? "-")" }.joined(separator: ";")
    }
}

/// What tells one version of a file from the next without reading it.
struct FileStamp: Equatable, Sendable, CustomStringConvertible {
    var size: Int64, seconds: Int, nanoseconds: Int, inode: UInt64

    /// Nil when nothing (or no regular file) is at `path`.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
    }

    var description: String { "\(size).\(seconds).\(nanoseconds).\(inode)" }
}
