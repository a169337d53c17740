import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

/// The `assets/` folder beside the directory file, where the pictures uploaded on the page are
/// kept for the designs to draw (`image: assets/logo.svg`). A picture is checked as every picture
/// is (kind, size, pixels; an SVG cleaned first: `SVGCleaner`) before anything is written; a file
/// already there is never replaced: the same picture again is the same file, another picture of
/// the same name gets a name of its own (`logo-2.svg`).
struct AssetFolder {
    /// The folder holding the directory file (`assets/` is made inside it).
    let root: URL
    static let name = "assets"

    /// A picture kept: its file name as a design names it, and what it is.
    struct Stored: Encodable {
        /// `assets/logo.svg`, relative to the directory file (and the design beside it).
        var file: String
        var kind: String
        /// Its own size: CSS pixels of an SVG, pixels of a PNG or JPEG.
        var width: Double
        var height: Double
    }

    enum Failure: Error {
        case picture(PictureError)
        case write(OutputError)
    }

    init(besideDirectoryFile path: String) {
        root = URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// Checks and keeps `data`, uploaded as `name` (only its base name is used, made plain).
    func add(_ data: Data, name: String) throws(Failure) -> Stored {
        let base = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent.slug
        let stem = base.isEmpty ? "picture" : String(base.prefix(60))
        let picture: Picture, bytes: Data
        do throws(PictureError) {
            // An SVG is cleaned first: what drawing programs write would often be refused as it is.
            let svg = name.lowercased().hasSuffix(".svg") || data.prefix(1024).range(of: Data("<svg".utf8)) != nil
            do { bytes = svg ? try SVGCleaner.cleaned(data) : data } catch { throw PictureError(name, error) }
            picture = try Picture.read(data: bytes, name: name)
        } catch {
            throw .picture(error)
        }
        let ext = picture.kind == .jpeg ? "jpg" : picture.kind.rawValue.lowercased()
        var file = "\(stem).\(ext)", n = 2
        while case let path = root.appendingPathComponent("\(Self.name)/\(file)").path, FileManager.default.fileExists(atPath: path) {
            if FileHistory.readRegularFile(path) == bytes { return stored(file, picture) }
            file = "\(stem)-\(n).\(ext)"; n += 1
        }
        do { try OutputFile.write(Array(bytes), to: "\(Self.name)/\(file)", inside: root) } catch { throw .write(error) }
        return stored(file, picture)
    }

    private func stored(_ file: String, _ picture: Picture) -> Stored {
        Stored(
            file: "\(Self.name)/\(file)", kind: picture.kind.rawValue.lowercased(), width: picture.intrinsicSize.width,
            height: picture.intrinsicSize.height)
    }
}
