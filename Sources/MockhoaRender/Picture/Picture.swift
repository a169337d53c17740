import CCairo
import CRsvg
import Foundation
import MockhoaCore
import Synchronization

/// A picture read from untrusted bytes and checked: an SVG (drawn by librsvg, so it stays vector
/// in PDF and SVG output) or a PNG or JPEG (decoded by gdk-pixbuf). Its kind is told by its
/// content; the file name only has to agree.
///
/// Limits: a file of at most `largestFile` bytes; a raster (or a raster inside an SVG) of at
/// most `largestSide` pixels a side and `mostPixels` in all; an SVG of at most
/// `SVGCheck.mostElements` elements, with no document type, script, external reference or style
/// sheet (see `SVGCheck`). librsvg reads the SVG from memory with no base file, so nothing
/// relative could be loaded even if the check let it through.
///
/// Drawing is serialised: one picture may be shared by workers, each with its own `cairo_t`.
public final class Picture: Sendable {
    public enum Kind: String, Sendable {
        case svg = "SVG", png = "PNG", jpeg = "JPEG"
    }

    /// Bytes a picture file may have: 4 MB, many times a logo's size.
    public static let largestFile = 4 * 1024 * 1024
    /// Pixels a raster may have a side: 10,000 (85 cm at 300 dpi).
    public static let largestSide = 10_000
    /// Pixels a raster may have in all: 25 million (100 MB decoded).
    public static let mostPixels = 25_000_000
    /// The resolution print needs; a raster under it at its printed size is warned about.
    public static let printResolution = 300.0

    /// The file name, for messages.
    public let name: String
    public let kind: Kind
    /// The size the picture declares: pixels for a raster; CSS pixels (96 a inch) for an SVG,
    /// from its width and height, else its viewBox. Only its proportions matter for drawing.
    public let intrinsicSize: Size
    /// What the picture paints with.
    public let colours: PictureColours
    private let native: any NativePicture
    /// Held while drawing: librsvg's handle and the decoded surface are not drawn from two threads at once.
    private let drawing = Mutex(())

    private init(name: String, kind: Kind, native: any NativePicture, colours: PictureColours) {
        self.name = name; self.kind = kind; self.colours = colours
        intrinsicSize = native.size
        self.native = native
    }

    /// Reads and checks the picture in `data`; `name` is its file name, for messages and to
    /// agree with its kind (`.svg`, `.png`, `.jpg`/`.jpeg`, or no extension).
    public static func read(data: Data, name: String) throws(PictureError) -> Picture {
        do throws(PictureError.Reason) {
            guard data.count <= largestFile else { throw .tooLarge(bytes: data.count, limit: largestFile) }
            let kind = try kind(of: data, name: name)
            switch kind {
            case .svg:
                let colours = try SVGCheck.check(data)
                return Picture(name: name, kind: kind, native: try SVGImage(data), colours: colours)
            case .png, .jpeg:
                guard let size = RasterHeader.size(of: data, kind: kind) else { throw .unreadable("no \(kind.rawValue) header") }
                if tooManyPixels(width: size.width, height: size.height) {
                    throw .tooManyPixels(width: size.width, height: size.height)
                }
                var colours = PictureColours()
                colours.hasRaster = true
                return Picture(name: name, kind: kind, native: try RasterImage(data, kind: kind), colours: colours)
            }
        } catch {
            throw PictureError(name, error)
        }
    }

    /// The kind `data` holds, checked against the extension of `name`.
    private static func kind(of data: Data, name: String) throws(PictureError.Reason) -> Kind {
        let content: Kind
        if let raster = RasterHeader.kind(of: data) {
            content = raster
        } else if looksLikeXML(data) {
            content = .svg
        } else {
            throw .unknownKind
        }
        let ext = (name as NSString).pathExtension.lowercased()
        let named: Kind? =
            switch ext {
            case "svg": .svg
            case "png": .png
            case "jpg", "jpeg": .jpeg
            case "": nil
            default: throw .unknownExtension(ext)
            }
        if let named, named != content { throw .kindMismatch(extension: ext, actual: content) }
        return content
    }

    /// Text starting with `<` (after a byte-order mark and white space), or in UTF-16 or -32.
    private static func looksLikeXML(_ data: Data) -> Bool {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0, 0, 0xFE, 0xFF]) { return true }
        let text = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return text.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "<")
    }

    /// Whether a raster of this size is over the limits.
    static func tooManyPixels(width: Int, height: Int) -> Bool {
        width > largestSide || height > largestSide || width * height > mostPixels
    }

    /// Whether the picture is pixels (PNG or JPEG), which a mould cannot take.
    public var isRaster: Bool { kind != .svg }

    /// The largest rectangle of the picture's proportions inside `rect`, centred in it.
    public func fitted(in rect: Rect) -> Rect {
        let scale = min(rect.width / intrinsicSize.width, rect.height / intrinsicSize.height)
        let size = Size(width: intrinsicSize.width * scale, height: intrinsicSize.height * scale)
        return Rect(
            x: rect.center.x - size.width / 2, y: rect.center.y - size.height / 2, width: size.width, height: size.height)
    }

    /// Draws the picture into `cr` (a `cairo_t`) at `fitted(in: rect)`, in `cr`'s user units.
    public func draw(into cr: OpaquePointer, in rect: Rect) throws(PictureError) {
        let box = fitted(in: rect)
        guard box.width > 0, box.height > 0, box.width.isFinite, box.height.isFinite else { return }
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_translate(cr, box.minX, box.minY)
        cairo_scale(cr, box.width / intrinsicSize.width, box.height / intrinsicSize.height)
        let failure = drawing.withLock { _ in native.draw(into: cr) }
        if let failure { throw PictureError(name, .unreadable(failure)) }
    }

    /// A raster's resolution when printed `height` millimetres high, in dots per inch; nil for an SVG.
    public func dpi(atHeightMillimetres height: Double) -> Double? {
        isRaster ? intrinsicSize.height / (height / 25.4) : nil
    }

    /// A warning when a raster printed `height` millimetres high has under `printResolution`
    /// dots per inch, naming the file and its resolution; nil otherwise.
    public func resolutionWarning(atHeightMillimetres height: Double) -> Diagnostic? {
        guard let dpi = dpi(atHeightMillimetres: height), dpi < Self.printResolution else { return nil }
        let printed = height.formatted(.number.precision(.fractionLength(0...1)))
        return Diagnostic(
            .warning, Message("picture.lowResolution", Excerpt.of(name), Int(dpi.rounded(.down)), printed, Int(Self.printResolution)))
    }
}

/// A decoded picture held by its C library, drawn at its intrinsic size at the user origin.
/// Sendable as `Picture` keeps it: read once, drawn under the picture's lock.
protocol NativePicture: AnyObject, Sendable {
    /// The intrinsic size (pixels).
    var size: Size { get }
    /// Draws at (0, 0) in `size`; the failure's text, or nil.
    func draw(into cr: OpaquePointer) -> String?
}
