import Foundation
import MockhoaCore
import Synchronization

/// The picture files a template's `image:` elements name, each read and checked once and
/// read again only when the file changes (the page may be given a new logo while it runs).
public final class PictureLibrary: PictureMeasuring, Sendable {
    /// The one library of the process: a batch's workers and the page share what they read.
    public static let shared = PictureLibrary()

    private struct Entry {
        /// The file's modification time and size when it was read.
        var stamp: [Int]
        var picture: Result<Picture, PictureError>
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The picture in the file at `path`; a file that cannot be read or is refused throws a
    /// `PictureError` naming it.
    public func picture(atPath path: String) throws(PictureError) -> Picture {
        var info = stat()
        let stamp = stat(path, &info) == 0 ? [info.st_mtim.tv_sec, info.st_mtim.tv_nsec, Int(info.st_size), Int(info.st_ino)] : []
        if let entry = entries.withLock({ $0[path] }), entry.stamp == stamp, !stamp.isEmpty { return try entry.picture.get() }
        let picture = Result { () throws(PictureError) -> Picture in
            let data: Data
            do throws(InputFileProblem) { data = try InputFile.read(path: path, limit: Picture.largestFile) } catch {
                throw PictureError(path, .cannotOpen(error))
            }
            return try Picture.read(data: data, name: path)
        }
        entries.withLock { $0[path] = Entry(stamp: stamp, picture: picture) }
        return try picture.get()
    }

    public func pictureSize(atPath path: String) throws -> Size { try picture(atPath: path).intrinsicSize }

    public func printProblems(atPath path: String, inks: [Color]) -> [Message] {
        guard let picture = try? picture(atPath: path) else { return [] }
        return picture.colours.problems(declared: inks, file: path)
    }
}
