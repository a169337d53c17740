import Foundation
import MockhoaCore

/// The largest raster mockhoa draws. Cairo's image surfaces stop at 32,767 pixels a side (past
/// it Cairo says only "invalid value"), and every pixel takes 4 bytes before the PNG is
/// compressed: a 1.6 m sheet at 500 dpi would take 4 GB. Checked before a surface is made, for
/// every PNG (preview, sheet, overview, the page's previews).
public enum PixelBudget {
    /// Cairo's limit on each side of an image surface.
    public static let maxSide = 32_767
    /// Pixels in one image: 128 Mi pixels, 512 MiB of pixel memory (an A0 sheet at 300 dpi is 140 M).
    public static let maxPixels = 1 << 27

    /// The pixels of `size` (mm) at `dpi`, as Cairo's surface is made.
    static func pixels(_ size: Size, dpi: Double) -> (width: Int, height: Int) {
        let scale = dpi / 25.4
        return (Int((size.width * scale).rounded()), Int((size.height * scale).rounded()))
    }

    /// Whether `size` at `dpi` fits both limits.
    static func fits(_ size: Size, dpi: Double) -> Bool {
        let (width, height) = pixels(size, dpi: dpi)
        return width <= maxSide && height <= maxSide && width * height <= maxPixels
    }

    /// The largest whole dpi at which `size` fits (at least 1).
    static func largestDPI(for size: Size) -> Int {
        let longest = max(size.width, size.height), area = size.width * size.height
        var dpi = Int(min(Double(maxSide) / longest, (Double(maxPixels) / area).squareRoot()) * 25.4)
        while dpi > 1, !fits(size, dpi: Double(dpi)) { dpi -= 1 }
        return max(dpi, 1)
    }

    /// Throws, naming the size in pixels and the largest dpi that fits, when `size` at `dpi` does not fit.
    static func check(_ size: Size, dpi: Double) throws(RenderFailure) {
        guard !fits(size, dpi: dpi) else { return }
        let (width, height) = pixels(size, dpi: dpi)
        let message = Message(
            "png.tooLarge", String(format: "%g", size.width), String(format: "%g", size.height), String(format: "%g", dpi),
            width, height,
            maxSide, maxPixels / 1_000_000, (maxPixels * 4) >> 20, largestDPI(for: size))
        throw RenderFailure(message)
    }
}
