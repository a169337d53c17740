import CCairo
import Foundation
import MockhoaCore

/// The sign-off overview: every commune's keychain, front and back at full size as they will
/// look when cut, labelled, a few communes per A4 page.
public struct OverviewDocument {
    let text: TextEngine
    let drawing: SceneDrawing

    public init(text: TextEngine) {
        self.text = text
        drawing = SceneDrawing(text: text)
    }

    /// One row of the overview: a label and the sides (none when the commune failed).
    public struct Entry: Sendable {
        public var title: String
        public var detail: String
        public var scenes: [Scene]
        public init(title: String, detail: String, scenes: [Scene]) {
            self.title = title; self.detail = detail; self.scenes = scenes
        }
    }

    static let page = Size(width: 210, height: 297)
    static let margin = 12.0
    static let labelHeight = 9.0
    static let rowGap = 6.0
    static let sideGap = 6.0

    public func render(heading: String, entries: [Entry], date: String) throws -> [UInt8] {
        let doc = try CairoDocument(.pdf, size: Self.page, metadataDate: date + "T00:00:00Z")
        let artHeight = entries.flatMap(\.scenes).map(\.size.height).max() ?? 40
        let rowHeight = Self.labelHeight + artHeight + Self.rowGap
        let rowsPerPage = max(1, Int((Self.page.height - 2 * Self.margin - Self.labelHeight) / rowHeight))
        let font = entries.flatMap(\.scenes).first?.texts.first?.font
            ?? KeychainTemplate.Font(family: "Noto Sans", bold: true, minimumSize: 6)
        let pages = stride(from: 0, to: max(entries.count, 1), by: rowsPerPage).map {
            Array(entries[$0..<min($0 + rowsPerPage, entries.count)])
        }
        for (number, rows) in pages.enumerated() {
            try doc.draw { cr in
                label("\(heading) — page \(number + 1) of \(pages.count) — \(date)", at: Point(x: Self.margin, y: Self.margin + 4),
                      size: 9, bold: true, font: font, cr)
                var y = Self.margin + Self.labelHeight
                for entry in rows {
                    label(entry.title, at: Point(x: Self.margin, y: y + 5), size: 10, bold: true, font: font, cr)
                    label(entry.detail, at: Point(x: Self.margin, y: y + 8.5), size: 7, bold: false, font: font, cr)
                    var x = Self.margin
                    for scene in entry.scenes {
                        cairo_save(cr)
                        cairo_translate(cr, x, y + Self.labelHeight)
                        drawing.drawCut(scene, on: cr)
                        cairo_restore(cr)
                        x += scene.size.width + Self.sideGap
                    }
                    y += rowHeight
                }
            }
            doc.showPage()
        }
        return try doc.finish()
    }

    private func label(_ line: String, at origin: Point, size points: Double, bold: Bool,
                       font: KeychainTemplate.Font, _ cr: OpaquePointer) {
        let face = KeychainTemplate.Font(family: font.family, bold: bold, minimumSize: font.minimumSize)
        text.draw(TextRun(text: line, font: face, size: points / pointsPerMillimetre, origin: origin, color: .black,
                          inkBounds: Rect(origin: origin, size: Size(width: 0, height: 0))), on: cr)
    }
}
