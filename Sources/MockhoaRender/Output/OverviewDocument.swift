import CCairo
import Foundation
import MockhoaCore

/// The sign-off overview: every commune's keychain, front and back at full size as they will
/// look when cut, labelled, a few communes per A4 page.
public struct OverviewDocument {
    let drawing: SceneDrawing

    public init(text: TextEngine) { drawing = SceneDrawing(text: text) }

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
    /// Recorded sides kept for reuse across pages (the district's front recurs on every row).
    static let recordingsKept = 8

    /// Draws `count` rows, asking `entry` for each as its page comes, so memory stays flat
    /// however many communes there are. `keychain` is the trim size of the sides.
    /// `order`, when given, is drawn as a table on a last page.
    public func render(heading: String, count: Int, keychain: Size, font: KeychainTemplate.Font, date: String,
                       order: OrderSheet? = nil, entry: (Int) throws -> Entry) throws -> [UInt8] {
        let doc = try CairoDocument(.pdf, size: Self.page, metadataDate: date + "T00:00:00Z")
        // Two sides side by side at full size when they fit the page, smaller when not.
        let room = Self.page.width - 2 * Self.margin - Self.sideGap
        let scale = min(1, room / (2 * keychain.width))
        let rowHeight = Self.labelHeight + keychain.height * scale + Self.rowGap
        let rowsPerPage = max(1, Int((Self.page.height - 2 * Self.margin - Self.labelHeight) / rowHeight))
        let pageCount = max(1, (count + rowsPerPage - 1) / rowsPerPage)
        // Each distinct side is recorded once and painted: the front, the same for every
        // commune, becomes one form in the PDF instead of one copy per row.
        var recordings: [(scene: Scene, surface: OpaquePointer)] = []
        defer { recordings.forEach { cairo_surface_destroy($0.surface) } }
        /// A reference to the scene's recording (the caller releases it), most recent kept last.
        func recording(_ scene: Scene) throws -> OpaquePointer {
            if let i = recordings.firstIndex(where: { $0.scene == scene }) {
                recordings.append(recordings.remove(at: i))
            } else {
                recordings.append((scene, try drawing.recording(of: scene, cut: true)))
                if recordings.count > Self.recordingsKept { cairo_surface_destroy(recordings.removeFirst().surface) }
            }
            return cairo_surface_reference(recordings.last!.surface)
        }
        for page in 0..<pageCount {
            let rows = try (page * rowsPerPage..<min((page + 1) * rowsPerPage, count)).map(entry)
            // Every reference taken is released, also when a later recording fails.
            var taken: [OpaquePointer] = []
            defer { taken.forEach { cairo_surface_destroy($0) } }
            let surfaces = try rows.map { row in
                try row.scenes.map { scene in
                    let surface = try recording(scene)
                    taken.append(surface)
                    return surface
                }
            }
            try doc.draw { cr in
                drawing.label(Message("document.page", heading, page + 1, pageCount, date).description, at: Point(x: Self.margin, y: Self.margin + 4),
                              points: 9, family: font.family, bold: true, on: cr)
                var y = Self.margin + Self.labelHeight
                for (row, painted) in zip(rows, surfaces) {
                    drawing.label(row.title, at: Point(x: Self.margin, y: y + 5), points: 10, family: font.family, bold: true, on: cr)
                    drawing.label(row.detail, at: Point(x: Self.margin, y: y + 8.5), points: 7, family: font.family, bold: false, on: cr)
                    var x = Self.margin
                    for (scene, surface) in zip(row.scenes, painted) {
                        cairo_save(cr)
                        cairo_translate(cr, x, y + Self.labelHeight)
                        cairo_scale(cr, scale, scale)
                        cairo_set_source_surface(cr, surface, 0, 0)
                        cairo_paint(cr)
                        cairo_restore(cr)
                        x += scene.size.width * scale + Self.sideGap
                    }
                    y += rowHeight
                }
            }
            doc.showPage()
        }
        if let order { try drawOrder(order, heading: heading, font: font, on: doc) }
        return try doc.finish()
    }
}
