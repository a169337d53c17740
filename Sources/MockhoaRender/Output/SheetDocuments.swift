import CCairo
import Foundation
import MockhoaCore

/// Print sheets, drawn from their frames (`Imposition.frames`): each side drawn once into a
/// Cairo recording surface and placed at every copy's position (in a PDF, one form XObject
/// referenced many times), with crop marks, a slug line and a cut line.
public struct SheetDocuments {
    let drawing: SceneDrawing

    public init(text: TextEngine) { drawing = SceneDrawing(text: text) }

    /// A PDF (one page per frame) or a PNG proof of the first frame.
    /// In the PDF the strokes in named inks are spot colours (`CutContour`, registration `All`),
    /// overprinting, written by the press step from the frames' own paths; the PNG shows each in
    /// its screen colour. `colours` (PDF only) rewrites the design's colours as declared CMYK or
    /// spot colours; `pdfx` makes the PDF a PDF/X-4 file.
    public func render(_ frames: [Frame], as format: RenderFormat, dpi: Double = 150, date: String,
                       colours: PrintColours? = nil, pdfx: PDFX? = nil) throws -> [UInt8] {
        precondition(!frames.isEmpty, "a sheet has at least one page")
        let pages = format == .pdf ? frames : [frames[0]]
        let doc = try CairoDocument(format, size: pages[0].size, dpi: dpi, metadataDate: date + "T00:00:00Z")
        for frame in pages {
            doc.setPageSize(frame.size)
            try draw(frame, on: doc, inksAsSpotColours: format == .pdf)
            doc.showPage()
        }
        let bytes = try doc.finish()
        guard format == .pdf else { return bytes }
        // With no strokes, no colours to rewrite and no PDF/X, Cairo's bytes come back as they are.
        let strokes = pages.map { $0.strokes.map { SpotStroke($0.path, in: $0.ink, widthPoints: $0.widthPoints) } }
        return try SpotColourStrokes.add(to: bytes, strokes: strokes, colours: colours, pdfx: pdfx)
    }

    /// Draws `frame`'s sides and labels; its strokes too, in their screen colours, unless they
    /// are left for the press step (`inksAsSpotColours`). A raster page is painted paper white.
    private func draw(_ frame: Frame, on doc: CairoDocument, inksAsSpotColours: Bool) throws {
        let recordings = try frame.sides.map { try drawing.recording(of: $0, unitsPerMillimetre: doc.scale) }
        defer { recordings.forEach { cairo_surface_destroy($0) } }
        try doc.draw { cr in
            if doc.format == .png {
                cairo_set_source_rgb(cr, 1, 1, 1)
                cairo_paint(cr)
            }
            var pending: [(path: Path, ink: MarkInk, widthPoints: Double)] = []
            for item in frame.items {
                if case .stroke(let path, let ink, let width) = item {
                    if !inksAsSpotColours { pending.append((path, ink, width)) }
                    continue
                }
                drawing.stroke(pending, on: cr)
                pending = []
                switch item {
                case .side(let index, let transform):
                    drawing.paint(recordings[index], placedBy: transform, unitsPerMillimetre: doc.scale, on: cr)
                case .label(let text, let origin, let points, let font):
                    drawing.label(text, at: origin, points: points, family: font.family, bold: font.bold, on: cr)
                case .stroke:
                    break
                }
            }
            drawing.stroke(pending, on: cr)
        }
    }
}
