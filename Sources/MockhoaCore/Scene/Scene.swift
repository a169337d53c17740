/// One side of one keychain, resolved: every item positioned and sized, in millimetres from
/// the trim box's top-left corner. Backends draw it without reading input or guessing.
public struct Scene: Hashable, Sendable {
    /// The trim box; the artwork reaches `bleed` beyond it.
    public var size: Size
    public var bleed: Double
    /// The cut outlines: the trim outline and the hole.
    public var cutOutlines: [Path]
    /// Painted in order.
    public var items: [Item]

    public init(size: Size, bleed: Double, cutOutlines: [Path], items: [Item]) {
        self.size = size; self.bleed = bleed; self.cutOutlines = cutOutlines; self.items = items
    }

    public enum Item: Hashable, Sendable {
        /// Fills the paths even-odd: the background less its hole, a ring between its two edges.
        case fill([Path], Color)
        case rect(Rect, Color)
        /// A QR symbol's dark modules filling `rect` (quiet zone not included).
        case qr(QRCode, rect: Rect, Color)
        case text(TextRun)
        /// A picture file drawn to fill `rect` (its proportions kept by the layout).
        case picture(path: String, rect: Rect)
    }

    /// The trim box grown by the bleed: the page of a one-keychain PDF.
    public var artBox: Rect { Rect(x: -bleed, y: -bleed, width: size.width + 2 * bleed, height: size.height + 2 * bleed) }

    /// The text runs, in reading order.
    public var texts: [TextRun] {
        items.compactMap { if case .text(let run) = $0 { run } else { nil } }
    }
}

/// A line of text placed on a scene.
public struct TextRun: Hashable, Sendable {
    public var text: String
    public var font: KeychainTemplate.Font
    /// Font size in millimetres (1 pt = 0.3528 mm).
    public var size: Double
    /// The left end of the baseline.
    public var origin: Point
    public var color: Color
    /// The box the glyphs' ink occupies, as measured.
    public var inkBounds: Rect

    public init(text: String, font: KeychainTemplate.Font, size: Double, origin: Point, color: Color, inkBounds: Rect) {
        self.text = text; self.font = font; self.size = size; self.origin = origin; self.color = color
        self.inkBounds = inkBounds
    }

    public var sizePoints: Double { size * pointsPerMillimetre }
}

/// A QR symbol: `size` × `size` modules, row-major, true for dark.
public struct QRCode: Hashable, Sendable {
    public var size: Int
    public var modules: [Bool]
    public var payload: String
    public init(size: Int, modules: [Bool], payload: String) {
        self.size = size; self.modules = modules; self.payload = payload
    }
    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }
}
