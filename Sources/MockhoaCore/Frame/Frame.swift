/// One page of output in millimetres from its top-left corner, y down: the keychain sides
/// placed on it, the marks in named inks and the labels, in painting order. The PDF, PNG and
/// SVG exporters walk frames; none of them works out a position of its own.
public struct Frame: Hashable, Sendable {
    public var size: Size
    /// The sides drawn on this page; items refer to them by index, so a side placed many
    /// times is drawn once and repeated.
    public var sides: [Scene]
    public var items: [Item]
    /// Painted under everything in a PNG (a sheet's paper); nil leaves the picture transparent
    /// where nothing is drawn (a keychain preview, cut to shape). PDF and SVG pages stay unpainted.
    public var rasterBackground: Color?

    public init(size: Size, sides: [Scene] = [], items: [Item] = [], rasterBackground: Color? = nil) {
        self.size = size; self.sides = sides; self.items = items; self.rasterBackground = rasterBackground
    }

    public enum Item: Hashable, Sendable {
        /// `sides[index]`, its keychain-local millimetres mapped onto the page by the transform;
        /// `asCut`: as the finished piece, cut to its outline with the hole open, no bleed.
        case side(Int, placedBy: AffineMatrix, asCut: Bool = false)
        /// A line in a named ink (a cut line, a crop mark), `widthPoints` wide.
        case stroke(Path, MarkInk, widthPoints: Double)
        /// One line of text.
        case label(Label)
        /// A filled shape in a colour of the page (a swatch, an arrowhead).
        case fill(Path, Color)
        /// A line in a colour of the page (a rule, a dimension line), `width` mm wide.
        case line(Path, Color, width: Double)
    }

    /// One line of black text; the left end of its baseline at `origin`.
    public struct Label: Hashable, Sendable {
        public var text: String
        public var origin: Point
        public var points: Double
        public var font: KeychainTemplate.Font
        /// Read from bottom to top (a quarter turn counter-clockwise about `origin`).
        public var upright: Bool

        public init(_ text: String, at origin: Point, points: Double, font: KeychainTemplate.Font, upright: Bool = false) {
            self.text = text; self.origin = origin; self.points = points; self.font = font; self.upright = upright
        }
    }

    /// The strokes in named inks, in painting order.
    public var strokes: [(path: Path, ink: MarkInk, widthPoints: Double)] {
        items.compactMap { if case .stroke(let path, let ink, let width) = $0 { (path, ink, width) } else { nil } }
    }
}

/// The inks of marks that are not artwork. A printer's software acts on them by name; on
/// screen and in PNG proofs each shows in its conventional colour.
public enum MarkInk: String, CaseIterable, Hashable, Sendable {
    /// The line a print-and-cut RIP cuts along: a spot colour named `CutContour`, magenta on screen.
    case cutContour = "CutContour"
    /// Registration colour (`All`): every plate, process and spot; black on screen.
    case registration = "All"

    /// How the mark shows in a PNG or SVG.
    public var screenColour: Color {
        switch self {
        case .cutContour: .cutContourPreview
        case .registration: .black
        }
    }
}
