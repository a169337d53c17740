import CCairo
import Foundation
import MockhoaCore

/// Files of one keychain: its sides as a PDF (one page each, page = art with bleed), an SVG
/// (sides side by side, with bleed) or a PNG preview (sides side by side, cut to shape).
public struct KeychainDocuments {
    let drawing: SceneDrawing

    /// Space between sides in SVG and PNG output, mm.
    static let sideGap = 4.0

    public init(text: TextEngine) { drawing = SceneDrawing(text: text) }

    /// - Parameter date: the PDF's creation date (`YYYY-MM-DD`), fixed so output is reproducible.
    /// `colours` (PDF only) rewrites the design's colours as declared CMYK or spot colours;
    /// `pdfx` makes the PDF a PDF/X-4 file.
    public func render(_ scenes: [Scene], as format: RenderFormat, dpi: Double = 300, date: String,
                       colours: PrintColours? = nil, pdfx: PDFX? = nil) throws -> [UInt8] {
        precondition(!scenes.isEmpty, "a keychain has at least one side")
        switch format {
        case .pdf:
            let doc = try CairoDocument(.pdf, size: scenes[0].artBox.size, metadataDate: date + "T00:00:00Z")
            for scene in scenes {
                doc.setPageSize(scene.artBox.size)
                try doc.draw { cr in
                    cairo_translate(cr, scene.bleed, scene.bleed)
                    drawing.draw(scene, on: cr)
                }
                doc.showPage()
            }
            return try SpotColourStrokes.add(to: doc.finish(), strokes: [], colours: colours, pdfx: pdfx)
        case .svg, .png:
            let cut = format == .png
            let boxes = scenes.map { cut ? Rect(origin: .zero, size: $0.size) : $0.artBox }
            let width = boxes.map(\.width).reduce(0, +) + Self.sideGap * Double(boxes.count - 1)
            let height = boxes.map(\.height).max()!
            let doc = try CairoDocument(format, size: Size(width: width, height: height), dpi: dpi)
            try doc.draw { cr in
                var x = 0.0
                for (scene, box) in zip(scenes, boxes) {
                    cairo_save(cr)
                    cairo_translate(cr, x - box.minX, (height - box.height) / 2 - box.minY)
                    if cut { drawing.drawCut(scene, on: cr) } else { drawing.draw(scene, on: cr) }
                    cairo_restore(cr)
                    x += box.width + Self.sideGap
                }
            }
            return try doc.finish()
        }
    }
}
