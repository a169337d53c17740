import CCairo
import CRsvg
import Foundation
import MockhoaCore

/// An SVG loaded by librsvg from memory, with no base file: nothing outside it can be loaded.
final class SVGImage: NativePicture, @unchecked Sendable {
    private let handle: UnsafeMutablePointer<RsvgHandle>
    let size: Size

    /// Loads checked SVG bytes (see `SVGCheck`); throws librsvg's words, or `noSize`.
    init(_ data: Data) throws(PictureError.Reason) {
        var error: UnsafeMutablePointer<GError>?
        let loaded = data.withUnsafeBytes { bytes in
            rsvg_handle_new_from_data(bytes.bindMemory(to: UInt8.self).baseAddress, gsize(bytes.count), &error)
        }
        guard let loaded else { throw .unreadable(takeMessage(error)) }
        handle = loaded
        rsvg_handle_set_dpi(handle, 96)
        guard let size = Self.intrinsicSize(handle) else {
            g_object_unref(UnsafeMutableRawPointer(handle))
            throw .noSize
        }
        self.size = size
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    /// Width and height in pixels when both are lengths; else the viewBox's; nil for none or an empty one.
    private static func intrinsicSize(_ handle: UnsafeMutablePointer<RsvgHandle>) -> Size? {
        var width = 0.0, height = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0,
            width.isFinite, height.isFinite
        {
            return Size(width: width, height: height)
        }
        var hasWidth: gboolean = 0, hasHeight: gboolean = 0, hasViewBox: gboolean = 0
        var lengthWidth = RsvgLength(), lengthHeight = RsvgLength(), viewBox = RsvgRectangle()
        rsvg_handle_get_intrinsic_dimensions(handle, &hasWidth, &lengthWidth, &hasHeight, &lengthHeight, &hasViewBox, &viewBox)
        guard hasViewBox != 0, viewBox.width > 0, viewBox.height > 0, viewBox.width.isFinite, viewBox.height.isFinite
        else { return nil }
        return Size(width: viewBox.width, height: viewBox.height)
    }

    func draw(into cr: OpaquePointer) -> String? {
        var viewport = RsvgRectangle(x: 0, y: 0, width: size.width, height: size.height)
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(handle, cr, &viewport, &error) != 0 else { return takeMessage(error) }
        let status = cairo_status(cr)
        return status == CAIRO_STATUS_SUCCESS ? nil : String(cString: cairo_status_to_string(status))
    }
}

/// A GError's message, the error freed.
func takeMessage(_ error: UnsafeMutablePointer<GError>?) -> String {
    guard let error else { return "unknown error" }
    defer { g_error_free(error) }
    return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
}
