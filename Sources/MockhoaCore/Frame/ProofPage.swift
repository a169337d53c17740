import Foundation

/// A mould proof for the factory: one A4 page with a keychain's sides at 1:1 and enlarged, as
/// cut, the outline size, hole diameter and hole position dimensioned in millimetres, a swatch
/// legend of the colours (spot name, CMYK, RGB), and the process limits. (The exporter sets its
/// text as glyph outlines and the press step writes each colour as its named spot colour.)
public struct ProofPage {
    public static let page = Size(width: 210, height: 297)
    static let margin = 15.0
    /// Top of the 1:1 row, mm from the page's top edge.
    static let actualSizeTop = 48.0
    /// Left edge of the 1:1 front's trim, mm; the test measures the drawing from here.
    public static let actualSizeOrigin = Point(x: margin + 12, y: actualSizeTop)
    static let ink = Color.black
    /// The colour legend's column on the right, mm.
    static let legendWidth = 52.0
    static let lineWidth = 0.2

    /// What the page says besides the drawings.
    public struct Caption: Sendable {
        /// "CA xã Phước Lại — Cần Giuộc, Long An".
        public var title: String
        /// "1500 pcs · template mould · 2026-11-30".
        public var detail: String
        public init(title: String, detail: String) { self.title = title; self.detail = detail }
    }

    let template: KeychainTemplate
    let measuring: any TextMeasuring
    /// The language of the page's own words.
    let language: Language
    private var items: [Frame.Item] = []

    private init(template: KeychainTemplate, measuring: any TextMeasuring, language: Language) {
        self.template = template; self.measuring = measuring; self.language = language
    }

    /// The proof of `scenes` (front, back) laid out from `template`, its words in `language`.
    public static func frame(
        _ scenes: [Scene], template: KeychainTemplate, caption: Caption,
        measuring: any TextMeasuring, language: Language
    ) throws -> Frame {
        var proof = ProofPage(template: template, measuring: measuring, language: language)
        let sides = Array(scenes.prefix(2))
        proof.label(Message("proof.title", caption.title).text(in: language), at: Point(x: margin, y: margin + 5), points: 14, bold: true)
        proof.label(caption.detail, at: Point(x: margin, y: margin + 12), points: 9, bold: false)
        proof.label(Message("proof.actualSize").text(in: language), at: Point(x: margin, y: actualSizeTop - 14), points: 9, bold: true)
        proof.actualSize(sides)
        let enlargedTop = actualSizeTop + template.size.height + 26
        proof.enlarged(sides, top: enlargedTop)
        proof.legend(top: enlargedTop)
        let capital = try measuring.measure("H", font: template.font).inkTop
        let limits = (template.mould.map { Message("proof.mouldLimits", $0.summary) } ?? Message("proof.printProcess")).text(in: language)
        let smallest =
            scenes.flatMap(\.texts).map(\.size).min()
            .map { Message("proof.smallest", String(format: "%.2f", $0 * capital)).text(in: language) } ?? ""
        proof.label(limits, at: Point(x: margin, y: page.height - margin - 4), points: 7, bold: false)
        proof.label(smallest, at: Point(x: margin, y: page.height - margin), points: 7, bold: false)
        return Frame(size: page, sides: sides, items: proof.items)
    }

    /// The sides at 1:1 side by side, dimensioned: width above each, height beside the front,
    /// the hole's distance from the edge below.
    private mutating func actualSize(_ sides: [Scene]) {
        let size = template.size
        let gap = max(8, (Self.page.width - 2 * Self.margin - 12 - 2 * size.width) / 2)
        for index in sides.indices {
            let origin = Point(x: Self.actualSizeOrigin.x + Double(index) * (size.width + gap), y: Self.actualSizeTop)
            items.append(.side(index, placedBy: .translation(x: origin.x, y: origin.y), asCut: true))
            label(sideName(template.sides[index].name), at: Point(x: origin.x, y: origin.y + size.height + 10), points: 8, bold: true)
            horizontalDimension(from: origin.x, to: origin.x + size.width, at: origin.y - 5, text: Self.mm(size.width))
            if index == 0 {
                verticalDimension(from: origin.y, to: origin.y + size.height, at: origin.x - 5, text: Self.mm(size.height))
            }
            guard let hole = template.holeCircle(onSide: index) else { continue }
            let centre = Point(x: origin.x + hole.center.x, y: origin.y + hole.center.y)
            let edge = index == 0 ? origin.x : origin.x + size.width
            horizontalDimension(
                from: min(edge, centre.x), to: max(edge, centre.x), at: origin.y + size.height + 4,
                text: Self.mm(abs(centre.x - edge)))
            // The extension line starts at the outline below the hole: the drawing stays clear.
            let across = template.outline(onSide: index).region(within: 0).transposed.span(atY: hole.center.x)
            let below = across?.upperBound ?? size.height
            line(Point(x: centre.x, y: origin.y + below + 0.5), Point(x: centre.x, y: origin.y + size.height + 5))
            label(
                Message("proof.hole", Self.mm(hole.radiusX * 2), Self.mm(hole.center.y)).text(in: language),
                at: Point(x: origin.x + (index == 0 ? 0 : size.width - 50), y: origin.y + size.height + 14), points: 7, bold: false)
        }
    }

    /// The sides one above the other, as large as the page's left part allows (up to 2:1).
    private mutating func enlarged(_ sides: [Scene], top: Double) {
        let size = template.size
        let legendLeft = Self.page.width - Self.margin - Self.legendWidth
        let scale = min(
            2, (legendLeft - 5 - Self.margin) / size.width,
            (Self.page.height - Self.margin - 10 - top - 6 - 6) / (2 * size.height))
        label(
            Message("proof.enlarged", String(format: "%.2g", scale)).text(in: language), at: Point(x: Self.margin, y: top), points: 9,
            bold: true)
        for index in sides.indices {
            let y = top + 4 + Double(index) * (size.height * scale + 6)
            items.append(.side(index, placedBy: AffineMatrix(a: scale, b: 0, c: 0, d: scale, tx: Self.margin, ty: y), asCut: true))
        }
    }

    /// The colour legend in the column on the right: a swatch and the names of each colour.
    private mutating func legend(top: Double) {
        let left = Self.page.width - Self.margin - Self.legendWidth
        label(Message("proof.colours").text(in: language), at: Point(x: left, y: top), points: 9, bold: true)
        label(Message("proof.coloursNote").text(in: language), at: Point(x: left, y: top + 4), points: 7, bold: false)
        for (i, declared) in template.colours.inks.enumerated() {
            let y = top + 8 + 20 * Double(i)
            let ink = declared.ink, swatch = Path.rectangle(Rect(x: left, y: y, width: 14, height: 14))
            items.append(.fill(swatch, ink.rgb))
            items.append(.line(swatch, Self.ink, width: Self.lineWidth))
            let cmyk =
                ink.cmyk.map { v in "C \(Self.number(v[0])) M \(Self.number(v[1])) Y \(Self.number(v[2])) K \(Self.number(v[3]))" }
                ?? Message("proof.noCMYK").text(in: language)
            for (n, text) in [ink.spot ?? Message("proof.noSpot").text(in: language), cmyk, "RGB \(ink.rgb)", declared.field].enumerated() {
                label(text, at: Point(x: left + 17, y: y + 3 + 3.6 * Double(n)), points: n == 0 ? 8 : 7, bold: n == 0)
            }
        }
    }

    private mutating func label(_ text: String, at origin: Point, points: Double, bold: Bool, upright: Bool = false) {
        let font = KeychainTemplate.Font(family: template.font.family, bold: bold, minimumSize: 0)
        items.append(.label(Frame.Label(text, at: origin, points: points, font: font, upright: upright)))
    }

    private mutating func line(_ a: Point, _ b: Point) {
        items.append(.line(.line(a, b), Self.ink, width: Self.lineWidth))
    }

    /// A dimension line at height `y` from `x0` to `x1`, arrowheads at both ends, end ticks,
    /// and its length written above it.
    private mutating func horizontalDimension(from x0: Double, to x1: Double, at y: Double, text: String) {
        line(Point(x: x0, y: y), Point(x: x1, y: y))
        for x in [x0, x1] { line(Point(x: x, y: y - 1.5), Point(x: x, y: y + 1.5)) }
        arrow(at: Point(x: x0, y: y), dx: 1, dy: 0)
        arrow(at: Point(x: x1, y: y), dx: -1, dy: 0)
        let width = (try? measuring.measure(text, font: template.font).width) ?? 0
        label(text, at: Point(x: (x0 + x1) / 2 - width * 7 / pointsPerMillimetre / 2, y: y - 1), points: 7, bold: false)
    }

    /// A dimension line at `x` from `y0` to `y1`, its length written beside it, reading upwards.
    private mutating func verticalDimension(from y0: Double, to y1: Double, at x: Double, text: String) {
        line(Point(x: x, y: y0), Point(x: x, y: y1))
        for y in [y0, y1] { line(Point(x: x - 1.5, y: y), Point(x: x + 1.5, y: y)) }
        arrow(at: Point(x: x, y: y0), dx: 0, dy: 1)
        arrow(at: Point(x: x, y: y1), dx: 0, dy: -1)
        label(text, at: Point(x: x - 1, y: (y0 + y1) / 2 + 5), points: 7, bold: false, upright: true)
    }

    /// A filled arrowhead whose tip is at `p`, pointing against (dx, dy).
    private mutating func arrow(at p: Point, dx: Double, dy: Double) {
        let length = 1.5, half = 0.5
        items.append(
            .fill(
                .polygon([
                    p, Point(x: p.x + dx * length - dy * half, y: p.y + dy * length + dx * half),
                    Point(x: p.x + dx * length + dy * half, y: p.y + dy * length - dx * half),
                ]), Self.ink))
    }

    /// A side's name as the reader says it: the template's `front` and `back` in the page's language.
    func sideName(_ name: String) -> String {
        switch name {
        case "front": Message("proof.side.front").text(in: language)
        case "back": Message("proof.side.back").text(in: language)
        default: name
        }
    }

    static func mm(_ v: Double) -> String { String(format: "%.1f mm", v) }
    static func number(_ v: Double) -> String { String(format: "%g", v) }
}
