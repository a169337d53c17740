import CCairo
import CPNG

/// PNG files of Cairo images, written with libpng directly: no filter and zlib level 1.
/// `cairo_surface_write_to_png` has no knobs, and its libpng defaults (an adaptive filter
/// search per row, zlib level 6) cost about five times as much for a flat-coloured keychain;
/// this file is also about a tenth smaller. The pixels are the same: colours are
/// un-premultiplied exactly as Cairo does it.
enum PNGFile {
    /// The PNG of `image`, an ARGB32 image surface, as RGBA.
    static func encode(_ image: OpaquePointer) throws -> [UInt8] {
        cairo_surface_flush(image)
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image))
        guard cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32, width > 0, height > 0,
              let pixels = cairo_image_surface_get_data(image) else {
            throw RenderFailure(message: "no image to write as PNG")
        }
        // libpng reports errors by longjmp, which Swift cannot catch; with a valid header
        // (checked above: Cairo images are at most 32,767 pixels a side) and output to memory,
        // only running out of memory is left.
        var png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nil, nil, { _, _ in })
        var info = png_create_info_struct(png)
        guard png != nil, info != nil else { throw RenderFailure(message: "libpng could not start") }
        defer { png_destroy_write_struct(&png, &info) }
        let sink = PNGSink()
        png_set_write_fn(png, Unmanaged.passUnretained(sink).toOpaque(), { png, data, length in
            let sink = Unmanaged<PNGSink>.fromOpaque(png_get_io_ptr(png)!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
        }, nil)
        png_set_IHDR(png, info, UInt32(width), UInt32(height), 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE)
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE)
        png_set_compression_level(png, 1)
        png_write_info(png, info)
        var row = [UInt8](repeating: 0, count: width * 4)
        row.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let argb = UnsafeRawPointer(pixels + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let pixel = argb[x], alpha = pixel >> 24
                    var r = (pixel >> 16) & 0xFF, g = (pixel >> 8) & 0xFF, b = pixel & 0xFF
                    if alpha == 0 {
                        r = 0; g = 0; b = 0
                    } else if alpha != 255 {  // Cairo's rounding, so the pixels match its own PNGs
                        r = (r * 255 + alpha / 2) / alpha; g = (g * 255 + alpha / 2) / alpha; b = (b * 255 + alpha / 2) / alpha
                    }
                    out[4 * x] = UInt8(r); out[4 * x + 1] = UInt8(g); out[4 * x + 2] = UInt8(b); out[4 * x + 3] = UInt8(alpha)
                }
                png_write_row(png, out.baseAddress)
            }
        }
        png_write_end(png, info)
        return sink.bytes
    }
}

/// Collects what libpng writes.
private final class PNGSink {
    var bytes: [UInt8] = []
}
