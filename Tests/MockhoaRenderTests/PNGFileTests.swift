import CCairo
import Testing
@testable import MockhoaRender

struct PNGFileTests {
    /// Reads a PNG back with Cairo: premultiplied ARGB32 pixels, row by row.
    static func pixels(of png: [UInt8]) throws -> [UInt32] {
        final class Source { var bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let source = Source(png)
        let image = cairo_image_surface_create_from_png_stream(
            { closure, data, length in
                let source = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
                let count = Int(length)
                guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                source.bytes.withUnsafeBufferPointer { data!.update(from: $0.baseAddress! + source.offset, count: count) }
                source.offset += count
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(source).toOpaque())!
        defer { cairo_surface_destroy(image) }
        try #require(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS)
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image)), data = cairo_image_surface_get_data(image)!
        return (0..<height).flatMap { y in
            (0..<width).map { x in UnsafeRawPointer(data + y * stride).load(fromByteOffset: 4 * x, as: UInt32.self) }
        }
    }

    @Test(
        "no filter and zlib level 1 give the pixels Cairo's own PNG writer gives, edges and transparency included; a large image compressed in two bands on two threads decodes as one",
        arguments: [(301, 157), (701, 401)])
    func samePixelsAsCairo(width: Int, height: Int) throws {
        #expect(((width * 4 + 1) * height >= PNGFile.bandedFrom) == (width > 400), "one size of each kind")
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(image) }
        let cr = cairo_create(image)!
        cairo_scale(cr, Double(width) / 301, Double(height) / 157)
        cairo_set_source_rgba(cr, 0.84, 0.1, 0.13, 1)  // an antialiased red oval on transparency
        cairo_save(cr); cairo_translate(cr, 150, 78); cairo_scale(cr, 140, 70)
        cairo_arc(cr, 0, 0, 1, 0, 2 * .pi); cairo_restore(cr)
        cairo_fill(cr)
        cairo_set_source_rgba(cr, 1, 1, 1, 0.5)  // and a half-transparent white ring over it
        cairo_set_line_width(cr, 7.3)
        cairo_arc(cr, 120, 70, 40, 0, 2 * .pi)
        cairo_stroke(cr)
        cairo_destroy(cr)

        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        cairo_surface_write_to_png_stream(
            image,
            { closure, data, length in
                Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue().bytes += UnsafeBufferPointer(start: data, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())

        let ours = try PNGFile.encode(image)
        #expect(Array(ours.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try Self.pixels(of: ours) == Self.pixels(of: sink.bytes))
        #expect(try PNGFile.encode(image) == ours, "the same image, the same bytes")
    }
}
