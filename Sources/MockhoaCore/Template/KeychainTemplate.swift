/// A keychain design: shape and size, print allowances, colours, type, and what each side says.
/// Lengths are millimetres, font sizes points. Loaded from a YAML file in `Templates/`.
public struct KeychainTemplate: Hashable, Sendable, Encodable {
    /// The template's name (file name without extension), printed in slug lines.
    public var name: String
    /// Where it was read from: a path, or the built-in file; for messages.
    public var source: String
    /// The trim size; the keychain's shape is inscribed in it.
    public var size: Size
    /// The keychain's shape within the trim box.
    public var shape: Shape = .ellipse
    /// How far the background runs beyond the trim outline.
    public var bleed: Double
    /// Nothing but the background comes closer than this to the trim outline.
    public var safeMargin: Double
    public var hole: Hole?
    public var border: Border?
    public var colours: Colours
    /// The limits of a moulded keychain (`process: mould`); nil for a printed one.
    public var mould: MouldLimits? = nil
    public var font: Font
    /// Line height as a multiple of the font's own line height.
    public var lineSpacing: Double
    /// Named text styles, relative sizes with an upper bound each.
    public var styles: [String: TextStyle]
    /// Sides in print order: the front first. One side makes a one-sided keychain.
    public var sides: [Side]
    /// The folder a picture's file name is relative to: the template file's; nil for a built-in
    /// template (the current folder).
    public var folder: String? = nil
    /// When set, pictures are read inside this folder only: the page's, since a draft's picture
    /// names (and the names it fills in) come from a request.
    public var pictureRoot: String? = nil

    /// The key-ring hole, as seen on the front; the back sees it mirrored.
    public struct Hole: Hashable, Sendable, Encodable {
        public var diameter: Double
        /// Centre of the hole from the trim's top-left corner, front view.
        public var center: Point
        /// Extra space kept free of text around the hole.
        public var clearance: Double
    }

    /// What a mould can reproduce, in mm: details below these break when the piece is demoulded.
    public struct MouldLimits: Hashable, Sendable, Encodable {
        /// The least height of a capital letter.
        public var letterHeight: Double
        /// The least width of a raised line (the ring, QR modules).
        public var raisedLine: Double
        /// The least width of a recessed line (the gap between the ring and the edge).
        public var recessedLine: Double
        /// How far from the edge everything stays.
        public var edgeClearance: Double
        public init(letterHeight: Double = 2, raisedLine: Double = 1, recessedLine: Double = 0.6, edgeClearance: Double = 1.5) {
            self.letterHeight = letterHeight; self.raisedLine = raisedLine; self.recessedLine = recessedLine
            self.edgeClearance = edgeClearance
        }
        /// One line for proofs and messages.
        public var summary: Message {
            func mm(_ v: Double) -> String { String(format: "%g", v) }
            return Message("mould.summary", mm(letterHeight), mm(raisedLine), mm(recessedLine), mm(edgeClearance))
        }
    }

    /// An optional decorative ring inside the outline.
    public struct Border: Hashable, Sendable, Encodable {
        public var inset: Double
        public var width: Double
    }

    public struct Colours: Hashable, Sendable, Encodable {
        public var background: Color
        public var text: Color
        public var border: Color
        public var qrTile: Color
        public var qrModules: Color
        /// Each distinct colour with its print values as declared, in the template's order; a
        /// colour several fields share is listed once, under its first field.
        public var inks: [Declared] = []

        /// A colour as declared under `field` (`colours.text`).
        public struct Declared: Hashable, Sendable, Encodable {
            public var field: String
            public var ink: Ink
        }

        /// What `mode` needs that a colour does not declare, one message per colour; empty
        /// when every colour can be written in `mode`.
        public func problems(for mode: ColourMode) -> [(field: String, message: Message)] {
            inks.compactMap { declared in
                let (field, ink) = (declared.field, declared.ink)
                switch mode {
                case .rgb: return nil
                case .cmyk:
                    return ink.cmyk == nil && !ink.isWhite ? (field, Message("colour.needsCMYK", "\(ink.rgb)")) : nil
                case .spot:
                    if ink.spot == nil && !ink.isWhite { return (field, Message("colour.needsSpot", "\(ink.rgb)")) }
                    return ink.spot != nil && ink.cmyk == nil ? (field, Message("colour.spotNeedsCMYK")) : nil
                }
            }
        }
    }

    public struct Font: Hashable, Sendable, Encodable {
        public var family: String
        public var bold: Bool
        /// The smallest size the layout may use, in points (6 pt for reversed type).
        public var minimumSize: Double
        public init(family: String, bold: Bool, minimumSize: Double) {
            self.family = family; self.bold = bold; self.minimumSize = minimumSize
        }
    }

    /// A text style: `scale` relative to the other styles; never larger than `maximumSize` pt.
    public struct TextStyle: Hashable, Sendable, Encodable {
        public var scale: Double
        public var maximumSize: Double
    }

    public struct Side: Hashable, Sendable, Encodable {
        /// "front" or "back" (other names are allowed and keep their order).
        public var name: String
        public var elements: [Element]
    }

    /// One element of a side, in reading order.
    public enum Element: Hashable, Sendable, Encodable {
        /// A line whose text is a Mustache template; a line that renders empty is left out.
        /// The layout may break a `breakable` line in two at a space when that gives larger type.
        case text(template: String, style: String, breakable: Bool = true)
        /// One line per item of the list named `source` (e.g. `neighbours`), each rendered with
        /// `item`; an optional heading line above; set in one or two columns.
        case list(
            source: String, item: String, heading: String?, style: String, headingStyle: String,
            columns: Columns)
        /// A QR code of the rendered `data`, on a light square tile of `size` mm (quiet zone
        /// included) at one end of the keychain.
        case qr(data: String, size: Double, end: End, quietZone: Int)
        /// A picture `height` mm tall, centred in the flow like a line: an SVG, PNG or JPEG file
        /// whose name (a Mustache template, `logos/{{commune.slug}}.svg`) is relative to the
        /// template file's folder.
        case image(file: String, height: Double)
    }

    public enum Columns: String, Hashable, Sendable, Encodable { case one = "1", two = "2", auto }
    public enum End: String, Hashable, Sendable, Encodable { case left, right }

    /// The trim outline on `side` (index into `sides`): the back mirrors the front.
    public func outline(onSide index: Int) -> Outline {
        let front = Outline(shape, trim: size)
        return index == 0 ? front : front.mirrored(width: size.width)
    }

    /// Where the picture file `name` (filled in) is: relative to the template's folder.
    public func picturePath(_ name: String) -> String {
        guard let folder, !name.hasPrefix("/") else { return name }
        return folder + "/" + name
    }

    /// The hole's circle on `side` (index into `sides`): the back mirrors the front.
    public func holeCircle(onSide index: Int) -> Ellipse? {
        guard let hole else { return nil }
        let x = index == 0 ? hole.center.x : size.width - hole.center.x
        return .circle(center: Point(x: x, y: hole.center.y), radius: hole.diameter / 2)
    }
}
