import CCairo
import CFlate
import MockhoaCore
import Dispatch
import Synchronization

/// PNG files of Cairo images, written here with zlib: rows unfiltered, zlib level 1, and a
/// large image compressed in two bands on two threads (joined as pigz joins its blocks).
/// `cairo_surface_write_to_png` has no knobs, and its libpng defaults (an adaptive filter
/// search per row, zlib level 6) cost about five times as much for a flat-coloured keychain;
/// this file is also about a tenth smaller. The pixels are the same: colours are
/// un-premultiplied exactly as Cairo does it.
enum PNGFile {
    /// Below this many bytes of pixels one thread compresses faster than two start.
    static let bandedFrom = 1 << 18

    /// The PNG of `image`, an ARGB32 image surface, as RGBA.
    static func encode(_ image: OpaquePointer) throws -> [UInt8] {
        cairo_surface_flush(image)
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image))
        guard cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32, width > 0, height > 0,
            let pixels = cairo_image_surface_get_data(image)
        else {
            throw RenderFailure(Message("render.noImage"))
        }
        let rowBytes = 1 + 4 * width  // a filter-type byte (0, none), then RGBA
        let bands = height >= 2 && height * rowBytes >= bandedFrom ? 2 : 1
        nonisolated(unsafe) let source = UnsafeRawPointer(pixels)
        let done = Mutex<[Int: Band]>([:])
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let rows = (height * band / bands)..<(height * (band + 1) / bands)
            let compressed = Band(rows: rows, of: source, width: width, stride: stride, last: band == bands - 1)
            done.withLock { $0[band] = compressed }
        }
        let parts = done.withLock { bands in (0..<bands.count).compactMap { bands[$0] } }
        guard parts.count == bands, parts.allSatisfy(\.ok) else { throw RenderFailure(Message("render.zlib")) }

        // The zlib stream: header (deflate, 32 KiB window, fastest), the bands' deflate data, Adler-32.
        var adler = adler32(0, nil, 0)
        for part in parts { adler = adler32_combine(adler, part.adler, part.length) }
        var idat: [UInt8] = [0x78, 0x01]
        idat.reserveCapacity(2 + parts.reduce(0) { $0 + $1.deflated.count } + 4)
        for part in parts { idat += part.deflated }
        idat += bigEndian(UInt32(truncatingIfNeeded: adler))

        var ihdr = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        ihdr += [8, 6, 0, 0, 0]  // 8 bits, RGBA, deflate, adaptive filtering (rows say "none"), not interlaced
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(idat.count + 64)
        appendChunk("IHDR", ihdr, to: &png)
        appendChunk("IDAT", idat, to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Rows of the image, un-premultiplied and deflated (raw deflate, no zlib header): ending
    /// on a byte boundary with a full flush when another band follows, finished when last.
    private struct Band: Sendable {
        var deflated: [UInt8] = []
        /// Adler-32 of the uncompressed rows, and their length.
        var adler: uLong = 0, length = 0
        var ok = false

        init(rows: Range<Int>, of pixels: UnsafeRawPointer, width: Int, stride: Int, last: Bool) {
            var stream = z_stream()
            guard
                deflateInit2_(
                    &stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                    Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else { return }
            defer { deflateEnd(&stream) }
            let rowBytes = 1 + 4 * width
            length = rows.count * rowBytes
            var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(length))) + 16)
            var row = [UInt8](repeating: 0, count: rowBytes)
            adler = adler32(0, nil, 0)
            var status = Z_OK
            out.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                row.withUnsafeMutableBufferPointer { row in
                    for y in rows {
                        Self.unpremultiply(pixels + y * stride, width: width, into: row.baseAddress! + 1)
                        adler = adler32(adler, row.baseAddress, uInt(rowBytes))
                        stream.next_in = row.baseAddress
                        stream.avail_in = uInt(rowBytes)
                        let flush = y == rows.upperBound - 1 ? (last ? Z_FINISH : Z_FULL_FLUSH) : Z_NO_FLUSH
                        status = deflate(&stream, flush)
                        if status != Z_OK && status != Z_STREAM_END || stream.avail_in != 0 { return }
                    }
                }
            }
            guard status == (last ? Z_STREAM_END : Z_OK) else { return }
            out.removeSubrange(Int(stream.total_out)...)
            deflated = out
            ok = true
        }

        /// One row of Cairo's premultiplied native-endian ARGB as RGBA, rounded as Cairo does
        /// it, so the pixels match its own PNGs.
        static func unpremultiply(_ source: UnsafeRawPointer, width: Int, into out: UnsafeMutablePointer<UInt8>) {
            let argb = source.assumingMemoryBound(to: UInt32.self), rgba = UnsafeMutableRawPointer(out)
            for x in 0..<width {
                let pixel = argb[x], alpha = pixel >> 24
                var bytes: UInt32  // R, G, B, A in memory order
                if alpha == 255 {  // most of a keychain: a swap of red and blue
                    bytes = (pixel >> 16 & 0xFF) | (pixel & 0xFF00) | (pixel & 0xFF) << 16 | 0xFF00_0000
                } else if alpha == 0 {
                    bytes = 0
                } else {
                    let r = ((pixel >> 16 & 0xFF) * 255 + alpha / 2) / alpha, g = ((pixel >> 8 & 0xFF) * 255 + alpha / 2) / alpha
                    let b = ((pixel & 0xFF) * 255 + alpha / 2) / alpha
                    bytes = r | g << 8 | b << 16 | alpha << 24
                }
                rgba.storeBytes(of: bytes.littleEndian, toByteOffset: 4 * x, as: UInt32.self)
            }
        }
    }

    /// Length, type, data and CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typed = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count))
        png += typed
        png += bigEndian(UInt32(truncatingIfNeeded: typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
