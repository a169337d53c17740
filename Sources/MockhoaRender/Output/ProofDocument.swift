import CCairo
import Foundation
import MockhoaCore

/// A mould proof for the factory: one A4 page with a keychain's sides at 1:1 and enlarged, as
/// cut, every text as glyph outlines, the outline size, hole diameter and hole position
/// dimensioned in millimetres, a swatch legend of the colours (spot name, CMYK, RGB), and the
/// process limits. The PDF step then writes each colour as its named spot colour.
public struct ProofDocument {
    let drawing: SceneDrawing
    let text: TextEngine

    public init(text: TextEngine) {
        drawing = SceneDrawing(text: text, textAsOutlines: true)
        self.text = text
    }

    static let page = Size(width: 210, height: 297)
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

    /// The proof of `scenes` (front, back) laid out from `template`; `colours` makes every
    /// colour its spot colour (see `SpotColourStrokes`).
    public func render(_ scenes: [Scene], template: KeychainTemplate, caption: Caption, date: String,
                       colours: PrintColours) throws -> [UInt8] {
        let doc = try CairoDocument(.pdf, size: Self.page, metadataDate: date + "T00:00:00Z")
        let size = template.size
        let capital = try text.measure("H", font: template.font).inkTop
        try doc.draw { cr in
            cairo_set_line_width(cr, Self.lineWidth)
            label(Message("proof.title", caption.title).description, at: Point(x: Self.margin, y: Self.margin + 5), points: 14, bold: true, template, cr)
            label(caption.detail, at: Point(x: Self.margin, y: Self.margin + 12), points: 9, bold: false, template, cr)
            label(Message("proof.actualSize").description, at: Point(x: Self.margin, y: Self.actualSizeTop - 14),
                  points: 9, bold: true, template, cr)

            // 1:1, dimensioned.
            let gap = max(8, (Self.page.width - 2 * Self.margin - 12 - 2 * size.width) / 2)
            for (index, scene) in scenes.prefix(2).enumerated() {
                let origin = Point(x: Self.actualSizeOrigin.x + Double(index) * (size.width + gap), y: Self.actualSizeTop)
                side(scene, at: origin, scale: 1, cr)
                label(Self.sideName(template.sides[index].name), at: Point(x: origin.x, y: origin.y + size.height + 10), points: 8,
                      bold: true, template, cr)
                horizontalDimension(from: origin.x, to: origin.x + size.width, at: origin.y - 5,
                                    text: Self.mm(size.width), template, cr)
                if index == 0 {
                    verticalDimension(from: origin.y, to: origin.y + size.height, at: origin.x - 5,
                                      text: Self.mm(size.height), template, cr)
                }
                if let hole = template.holeCircle(onSide: index) {
                    let centre = Point(x: origin.x + hole.center.x, y: origin.y + hole.center.y)
                    let edge = index == 0 ? origin.x : origin.x + size.width
                    horizontalDimension(from: min(edge, centre.x), to: max(edge, centre.x), at: origin.y + size.height + 4,
                                        text: Self.mm(abs(centre.x - edge)), template, cr)
                    // The extension line starts at the outline below the hole: the drawing stays clear.
                    let outline = template.outline, dx = (hole.center.x - outline.center.x) / outline.radiusX
                    let below = outline.center.y + outline.radiusY * max(0, 1 - dx * dx).squareRoot()
                    line(Point(x: centre.x, y: origin.y + below + 0.5), Point(x: centre.x, y: origin.y + size.height + 5), cr)
                    label(Message("proof.hole", Self.mm(hole.radiusX * 2), Self.mm(hole.center.y)).description,
                          at: Point(x: origin.x + (index == 0 ? 0 : size.width - 50), y: origin.y + size.height + 14), points: 7,
                          bold: false, template, cr)
                }
            }

            // Enlarged: the sides one above the other, as large as the page's left part allows
            // (up to 2:1); the colour legend in the column on the right.
            let enlargedTop = Self.actualSizeTop + size.height + 26
            let legendLeft = Self.page.width - Self.margin - Self.legendWidth
            let scale = min(2, (legendLeft - 5 - Self.margin) / size.width,
                            (Self.page.height - Self.margin - 10 - enlargedTop - 6 - 6) / (2 * size.height))
            label(Message("proof.enlarged", String(format: "%.2g", scale)).description, at: Point(x: Self.margin, y: enlargedTop), points: 9, bold: true,
                  template, cr)
            for (index, scene) in scenes.prefix(2).enumerated() {
                side(scene, at: Point(x: Self.margin, y: enlargedTop + 4 + Double(index) * (size.height * scale + 6)),
                     scale: scale, cr)
            }

            label(Message("proof.colours").description, at: Point(x: legendLeft, y: enlargedTop), points: 9, bold: true, template, cr)
            label(Message("proof.coloursNote").description, at: Point(x: legendLeft, y: enlargedTop + 4), points: 7,
                  bold: false, template, cr)
            for (i, declared) in template.colours.inks.enumerated() {
                let y = enlargedTop + 8 + 20 * Double(i)
                let ink = declared.ink
                cairo_rectangle(cr, legendLeft, y, 14, 14)
                setColour(ink.rgb, cr)
                cairo_fill_preserve(cr)
                setColour(Self.ink, cr)
                cairo_stroke(cr)
                let cmyk = ink.cmyk.map { v in "C \(Self.number(v[0])) M \(Self.number(v[1])) Y \(Self.number(v[2])) K \(Self.number(v[3]))" } ?? Message("proof.noCMYK").description
                for (n, line) in [ink.spot ?? Message("proof.noSpot").description, cmyk, "RGB \(ink.rgb)", declared.field].enumerated() {
                    label(line, at: Point(x: legendLeft + 17, y: y + 3 + 3.6 * Double(n)), points: n == 0 ? 8 : 7,
                          bold: n == 0, template, cr)
                }
            }
            let limits = (template.mould.map { Message("proof.mouldLimits", $0.summary) } ?? Message("proof.printProcess")).description
            let smallest = scenes.flatMap(\.items).compactMap { item -> Double? in
                if case .text(let run) = item { return run.size } else { return nil }
            }.min().map { Message("proof.smallest", String(format: "%.2f", $0 * capital)).description } ?? ""
            label(limits, at: Point(x: Self.margin, y: Self.page.height - Self.margin - 4), points: 7, bold: false, template, cr)
            label(smallest, at: Point(x: Self.margin, y: Self.page.height - Self.margin), points: 7, bold: false, template, cr)
        }
        doc.showPage()
        return try SpotColourStrokes.add(to: doc.finish(), strokes: [], colours: colours)
    }

    /// The side as cut (no bleed, hole open) with its trim corner at `origin`, `scale` times life size.
    private func side(_ scene: Scene, at origin: Point, scale: Double, _ cr: OpaquePointer) {
        cairo_save(cr)
        cairo_translate(cr, origin.x, origin.y)
        cairo_scale(cr, scale, scale)
        drawing.drawCut(scene, on: cr)
        cairo_restore(cr)
    }

    private func label(_ text: String, at origin: Point, points: Double, bold: Bool, _ template: KeychainTemplate,
                       _ cr: OpaquePointer) {
        drawing.label(text, at: origin, points: points, family: template.font.family, bold: bold, on: cr)
    }

    private func setColour(_ c: Color, _ cr: OpaquePointer) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    private func line(_ a: Point, _ b: Point, _ cr: OpaquePointer) {
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        setColour(Self.ink, cr)
        cairo_stroke(cr)
    }

    /// A dimension line at height `y` from `x0` to `x1`, arrowheads at both ends, extension
    /// lines up or down to the part, and its length written above it.
    private func horizontalDimension(from x0: Double, to x1: Double, at y: Double, text: String,
                                     _ template: KeychainTemplate, _ cr: OpaquePointer) {
        line(Point(x: x0, y: y), Point(x: x1, y: y), cr)
        for x in [x0, x1] { line(Point(x: x, y: y - 1.5), Point(x: x, y: y + 1.5), cr) }
        arrow(at: Point(x: x0, y: y), dx: 1, dy: 0, cr)
        arrow(at: Point(x: x1, y: y), dx: -1, dy: 0, cr)
        let width = (try? self.text.measure(text, font: template.font).width) ?? 0
        label(text, at: Point(x: (x0 + x1) / 2 - width * 7 / pointsPerMillimetre / 2, y: y - 1), points: 7, bold: false, template, cr)
    }

    private func verticalDimension(from y0: Double, to y1: Double, at x: Double, text: String,
                                   _ template: KeychainTemplate, _ cr: OpaquePointer) {
        line(Point(x: x, y: y0), Point(x: x, y: y1), cr)
        for y in [y0, y1] { line(Point(x: x - 1.5, y: y), Point(x: x + 1.5, y: y), cr) }
        arrow(at: Point(x: x, y: y0), dx: 0, dy: 1, cr)
        arrow(at: Point(x: x, y: y1), dx: 0, dy: -1, cr)
        cairo_save(cr)
        cairo_translate(cr, x - 1, (y0 + y1) / 2 + 5)
        cairo_rotate(cr, -.pi / 2)
        label(text, at: .zero, points: 7, bold: false, template, cr)
        cairo_restore(cr)
    }

    /// A filled arrowhead whose tip is at `p`, pointing against (dx, dy).
    private func arrow(at p: Point, dx: Double, dy: Double, _ cr: OpaquePointer) {
        let length = 1.5, half = 0.5
        cairo_move_to(cr, p.x, p.y)
        cairo_line_to(cr, p.x + dx * length - dy * half, p.y + dy * length + dx * half)
        cairo_line_to(cr, p.x + dx * length + dy * half, p.y + dy * length - dx * half)
        cairo_close_path(cr)
        setColour(Self.ink, cr)
        cairo_fill(cr)
    }

    /// A side's name as the reader says it: the template's `front` and `back` in the user's language.
    static func sideName(_ name: String) -> String {
        switch name {
        case "front": Message("proof.side.front").description
        case "back": Message("proof.side.back").description
        default: name
        }
    }

    static func mm(_ v: Double) -> String { String(format: "%.1f mm", v) }
    static func number(_ v: Double) -> String { String(format: "%g", v) }
}
