import CCairo
import CRsvg
import Foundation
import MockhoaCore

/// A PNG or JPEG decoded by gdk-pixbuf's loader for that kind only (no other format's decoder
/// ever sees the bytes), turned as its EXIF orientation says, held as a Cairo image surface.
final class RasterImage: NativePicture, @unchecked Sendable {
    private let surface: OpaquePointer
    let size: Size

    /// Decodes `data`, whose header was checked to be `kind` within the pixel limits.
    init(_ data: Data, kind: Picture.Kind) throws(PictureError.Reason) {
        var error: UnsafeMutablePointer<GError>?
        guard let loader = gdk_pixbuf_loader_new_with_type(kind == .png ? "png" : "jpeg", &error) else {
            throw .unreadable(takeMessage(error))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(loader)) }
        let written = data.withUnsafeBytes { bytes in
            gdk_pixbuf_loader_write(loader, bytes.bindMemory(to: UInt8.self).baseAddress, gsize(bytes.count), &error)
        }
        // Closed even after a failed write, as the loader asks; then the write's error is told.
        var closeError: UnsafeMutablePointer<GError>?
        let closed = gdk_pixbuf_loader_close(loader, &closeError)
        if written != 0 { error = closeError } else if closeError != nil { g_error_free(closeError) }
        guard written != 0, closed != 0, let decoded = gdk_pixbuf_loader_get_pixbuf(loader) else {
            throw .unreadable(takeMessage(error))
        }
        guard let pixbuf = gdk_pixbuf_apply_embedded_orientation(decoded) else { throw .unreadable("orientation") }
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        guard let surface = Self.surface(of: pixbuf) else { throw .unreadable("out of memory") }
        self.surface = surface
        size = Size(width: Double(cairo_image_surface_get_width(surface)), height: Double(cairo_image_surface_get_height(surface)))
    }

    deinit { cairo_surface_destroy(surface) }

    /// The pixbuf's pixels as a Cairo surface: RGB(A) bytes to native-endian, premultiplied ARGB.
    private static func surface(of pixbuf: OpaquePointer) -> OpaquePointer? {
        let width = Int(gdk_pixbuf_get_width(pixbuf)), height = Int(gdk_pixbuf_get_height(pixbuf))
        let channels = Int(gdk_pixbuf_get_n_channels(pixbuf)), rowBytes = Int(gdk_pixbuf_get_rowstride(pixbuf))
        let hasAlpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        guard gdk_pixbuf_get_bits_per_sample(pixbuf) == 8, channels >= (hasAlpha ? 4 : 3),
            let source = gdk_pixbuf_read_pixels(pixbuf)
        else { return nil }
        let surface = cairo_image_surface_create(hasAlpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let target = cairo_image_surface_get_data(surface) else {
            cairo_surface_destroy(surface)
            return nil
        }
        cairo_surface_flush(surface)
        let targetRowBytes = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<height {
            let from = source + y * rowBytes
            let to = UnsafeMutableRawPointer(target + y * targetRowBytes).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let p = from + x * channels
                let alpha = hasAlpha ? UInt32(p[3]) : 255
                func premultiplied(_ c: UInt8) -> UInt32 { (UInt32(c) * alpha + 127) / 255 }
                to[x] = alpha << 24 | premultiplied(p[0]) << 16 | premultiplied(p[1]) << 8 | premultiplied(p[2])
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    func draw(into cr: OpaquePointer) -> String? {
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_rectangle(cr, 0, 0, size.width, size.height)
        cairo_fill(cr)
        let status = cairo_status(cr)
        return status == CAIRO_STATUS_SUCCESS ? nil : String(cString: cairo_status_to_string(status))
    }
}
