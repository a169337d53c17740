import CCairo
import Foundation
import MockhoaCore

/// The bytes of a rendered file, built in memory so a file is only ever written whole.
public enum RenderFormat: String, Sendable, CaseIterable {
    case pdf, png, svg
}

/// A vector or raster document drawn with Cairo into memory. Pages are sized in mm.
final class CairoDocument {
    let surface: OpaquePointer
    private let sink: ByteSink
    let format: RenderFormat
    /// Device units per millimetre (points for PDF, 1 for SVG in mm, pixels for PNG).
    let scale: Double

    /// A PDF or SVG document whose first page is `size`; PNG is a raster of `size` at `dpi`.
    init(_ format: RenderFormat, size: Size, dpi: Double = 300, metadataDate: String? = nil) throws {
        self.format = format
        sink = ByteSink()
        let opaqueSink = Unmanaged.passUnretained(sink).toOpaque()
        switch format {
        case .pdf:
            scale = pointsPerMillimetre
            surface = cairo_pdf_surface_create_for_stream(
                ByteSink.write, opaqueSink,
                size.width * scale, size.height * scale)
            if let metadataDate {
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadataDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadataDate)
            }
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mockhoa")
        case .svg:
            scale = 1  // user units are millimetres, and the document says so
            surface = cairo_svg_surface_create_for_stream(
                ByteSink.write, opaqueSink,
                size.width * scale, size.height * scale)
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_MM)
        case .png:
            try PixelBudget.check(size, dpi: dpi)
            scale = dpi / 25.4
            surface = cairo_image_surface_create(
                CAIRO_FORMAT_ARGB32, Int32((size.width * scale).rounded()),
                Int32((size.height * scale).rounded()))
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {  // deinit destroys the surface
            throw RenderFailure(cairo: status)
        }
    }

    deinit { cairo_surface_destroy(surface) }

    /// Sets the size of the next page (PDF only).
    func setPageSize(_ size: Size) {
        if format == .pdf { cairo_pdf_surface_set_size(surface, size.width * scale, size.height * scale) }
    }

    /// Runs `body` with a context whose user space is millimetres from the page's top-left.
    func draw(_ body: (OpaquePointer) throws -> Void) throws {
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        try body(cr)
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderFailure(cairo: status)
        }
    }

    func showPage() { cairo_surface_show_page(surface) }

    /// Finishes the document and returns its bytes.
    func finish() throws -> [UInt8] {
        if format == .png { return try PNGFile.encode(surface) }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderFailure(cairo: status) }
        return format == .svg ? Self.renumberingSurfaceIDs(sink.bytes) : sink.bytes
    }

    /// Cairo names SVG groups `surfaceN` and images `imageN` after counters shared by the whole
    /// process, so the same drawing gets other ids after other work. Renumbering them in order
    /// of appearance makes the file depend on the drawing alone.
    static func renumberingSurfaceIDs(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        var numbers: [Substring: Int] = [:], counts: [Substring: Int] = [:]  // an old id → its new number
        var out = "", rest = text.startIndex
        for match in idPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let id = Range(match.range, in: text), let name = Range(match.range(at: 1), in: text) else { continue }
            out += text[rest..<id.lowerBound]
            let number: Int
            if let known = numbers[text[id]] {
                number = known
            } else {
                counts[text[name], default: 0] += 1
                number = counts[text[name], default: 0]
                numbers[text[id]] = number
            }
            out += text[name] + String(number)
            rest = id.upperBound
        }
        out += text[rest...]
        return Array(out.utf8)
    }

    /// A name and its digits.
    private static let idPattern = try! NSRegularExpression(pattern: "(surface|image)([0-9]+)")
}

/// Collects what Cairo writes.
private final class ByteSink {
    var bytes: [UInt8] = []
    static let write: cairo_write_func_t = { closure, data, length in
        let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}

/// Drawing or writing a file failed: Cairo's status, or an image too large to draw.
public struct RenderFailure: MessageError, Equatable {
    public var asMessage: Message
    public init(_ message: Message) { asMessage = message }
    /// Cairo's own word for what failed.
    init(cairo status: cairo_status_t) { asMessage = Message("render.cairo", String(cString: cairo_status_to_string(status))) }
}
