/// One page of output in millimetres from its top-left corner, y down: the keychain sides
/// placed on it, the marks in named inks and the labels, in painting order. The PDF, PNG and
/// SVG exporters walk frames; none of them works out a position of its own.
public struct Frame: Hashable, Sendable {
    public var size: Size
    /// The sides drawn on this page; items refer to them by index, so a side placed many
    /// times is drawn once and repeated.
    public var sides: [Scene]
    public var items: [Item]

    public init(size: Size, sides: [Scene] = [], items: [Item] = []) {
        self.size = size; self.sides = sides; self.items = items
    }

    public enum Item: Hashable, Sendable {
        /// `sides[index]`, its keychain-local millimetres mapped onto the page by the transform.
        case side(Int, placedBy: AffineMatrix)
        /// A line in a named ink (a cut line, a crop mark), `widthPoints` wide.
        case stroke(Path, MarkInk, widthPoints: Double)
        /// One line of black text, the left end of its baseline at the point.
        case label(String, at: Point, points: Double, font: KeychainTemplate.Font)
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
