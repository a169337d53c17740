import Foundation

/// The pixel size a PNG or JPEG file declares, read from its header before anything is decoded,
/// so that a small file claiming a huge picture is refused before its pixels are allocated.
enum RasterHeader {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// PNG or JPEG by the file's first bytes; nil for anything else.
    static func kind(of data: Data) -> Picture.Kind? {
        if data.starts(with: pngSignature) { return .png }
        if data.starts(with: jpegSignature) { return .jpeg }
        return nil
    }

    /// Width and height in pixels; nil when the header is missing or cut short.
    static func size(of data: Data, kind: Picture.Kind) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        switch kind {
        case .png: return pngSize(bytes)
        case .jpeg: return jpegSize(bytes)
        case .svg: return nil
        }
    }

    private static func bigEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int {
        bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
    }

    /// The IHDR chunk comes first: length, `IHDR`, width, height.
    private static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, bytes[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        return (bigEndian(bytes, 16, 4), bigEndian(bytes, 20, 4))
    }

    /// The first start-of-frame segment (SOF0…SOF15 but DHT, JPG and DAC): precision, height, width.
    private static func jpegSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var at = 2
        while at + 3 < bytes.count {
            guard bytes[at] == 0xFF else { return nil }
            let marker = bytes[at + 1]
            if marker == 0xFF {
                at += 1  // fill byte
                continue
            }
            if marker == 0x01 || (0xD0...0xD8).contains(marker) {
                at += 2  // a marker with no segment
                continue
            }
            let length = bigEndian(bytes, at + 2, 2)
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard at + 9 <= bytes.count, length >= 7 else { return nil }
                return (bigEndian(bytes, at + 7, 2), bigEndian(bytes, at + 5, 2))
            }
            guard length >= 2 else { return nil }
            at += 2 + length
        }
        return nil
    }
}

/// A PNG or JPEG picture inside an SVG, as a `data:` URL.
enum EmbeddedPicture {
    /// Why the `data:` picture in `reference` is refused (not PNG/JPEG, or too many pixels); nil
    /// for a picture that may be drawn, and for any reference that is no `data:` URL.
    static func reasonToRefuse(_ reference: String, line: Int) -> PictureError.Reason? {
        let value = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.lowercased().hasPrefix("data:"), let comma = value.firstIndex(of: ",") else { return nil }
        guard let data = Data(base64Encoded: String(value[value.index(after: comma)...]), options: .ignoreUnknownCharacters),
            let kind = RasterHeader.kind(of: data), let size = RasterHeader.size(of: data, kind: kind)
        else { return .embeddedPicture(line: line) }
        return Picture.tooManyPixels(width: size.width, height: size.height)
            ? .tooManyPixels(width: size.width, height: size.height) : nil
    }
}
