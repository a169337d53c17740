/// How the layout learns the size of text: a backend (Pango) answers for a font size of
/// 1 mm; every length scales linearly with the size, so each string is measured once.
public protocol TextMeasuring {
    /// Throws `MissingGlyphs` when the font lacks a character of `text`.
    func measure(_ text: String, font: KeychainTemplate.Font) throws -> TextMeasure
    /// The font's line height above and below the baseline, at 1 mm.
    func lineMetrics(font: KeychainTemplate.Font) throws -> (ascent: Double, descent: Double)
}

/// A string's extent at a font size of 1 mm, relative to the left end of its baseline.
public struct TextMeasure: Hashable, Sendable {
    /// Advance width.
    public var width: Double
    /// The ink box: left and right from the origin, top above and bottom below the
    /// baseline (both positive when the ink reaches there).
    public var inkLeft, inkRight, inkTop, inkBottom: Double
    public init(width: Double, inkLeft: Double, inkRight: Double, inkTop: Double, inkBottom: Double) {
        self.width = width; self.inkLeft = inkLeft; self.inkRight = inkRight
        self.inkTop = inkTop; self.inkBottom = inkBottom
    }
}

/// How the layout learns what a picture file holds: a backend (librsvg, gdk-pixbuf) reads it.
public protocol PictureMeasuring {
    /// The picture's own width and height (any unit: only their ratio is used). Throws a
    /// `MessageError` naming the file when it cannot be read or is refused.
    func pictureSize(atPath path: String) throws -> Size
    /// Why the picture cannot be made in `inks` alone, as vectors (a mould's pours, a press's
    /// declared colours); empty when it can.
    func printProblems(atPath path: String, inks: [Color]) -> [Message]
}

/// Turns a payload into a QR symbol.
public protocol QREncoding {
    func encode(_ payload: String) throws -> QRCode
}

/// The font cannot draw some characters of a text (it would print boxes, "tofu").
public struct MissingGlyphs: Error, Hashable, Sendable, CustomStringConvertible {
    public var font: String
    public var text: String
    public var characters: [Character]
    public init(font: String, text: String, characters: [Character]) {
        self.font = font; self.text = text; self.characters = characters
    }
    public var description: String {
        let list = characters.map { "\"\($0)\" (U+\(String($0.unicodeScalars.first!.value, radix: 16, uppercase: true)))" }
        return Message("font.missingGlyphs", font, list.joined(separator: ", "), text).description
    }
}

/// The template's font is not installed: the system would substitute another.
public struct FontNotInstalled: Error, Hashable, Sendable, CustomStringConvertible {
    public var requested: String
    public var substitute: String
    public init(requested: String, substitute: String) { self.requested = requested; self.substitute = substitute }
    public var description: String {
        Message("font.notInstalled", requested, substitute).description
    }
}
