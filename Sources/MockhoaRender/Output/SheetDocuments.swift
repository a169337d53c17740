import CCairo
import Foundation
import MockhoaCore

/// Print sheets: each side drawn once into a Cairo recording surface and placed at every
/// copy's position (in a PDF, one form XObject referenced many times), with crop marks, a
/// slug line and a cut line.
public struct SheetDocuments {
    let drawing: SceneDrawing

    public init(text: TextEngine) { drawing = SceneDrawing(text: text) }

    /// What goes on a sheet besides the keychains.
    public struct Marks: Sendable {
        public var cropMarks = true
        public var cutLine = true
        /// One slug line per page (fronts, backs).
        public var slugs: [String]
        /// The face of the slug lines: the template's own, so a sheet embeds no other font.
        public var slugFont: KeychainTemplate.Font
        /// Crop mark stroke, in points (0.25 pt by print-shop convention).
        public var cropMarkWidthPoints = 0.25
        public init(cropMarks: Bool = true, cutLine: Bool = true, slugs: [String], slugFont: KeychainTemplate.Font) {
            self.cropMarks = cropMarks; self.cutLine = cutLine; self.slugs = slugs; self.slugFont = slugFont
        }
    }

    /// Cut line stroke, in points.
    static let cutLineWidthPoints = 0.25

    /// A PDF (one page per side, fronts first) or a PNG proof of the first page.
    /// In the PDF the cut line is a `CutContour` spot colour and the crop marks are in
    /// registration colour (`All`, every plate), both overprinting; the PNG shows the cut line
    /// magenta and the crop marks black.
    /// `colours` (PDF only) rewrites the design's colours as declared CMYK or spot colours;
    /// `pdfx` makes the PDF a PDF/X-4 file.
    public func render(_ scenes: [Scene], on imposition: Imposition, marks: Marks, as format: RenderFormat,
                       dpi: Double = 150, date: String, colours: PrintColours? = nil, pdfx: PDFX? = nil) throws -> [UInt8] {
        let pages = format == .pdf ? scenes.count : 1
        let doc = try CairoDocument(format == .pdf ? .pdf : .png, size: imposition.paper, dpi: dpi,
                                    metadataDate: date + "T00:00:00Z")
        var spotStrokes: [[SpotStroke]] = []  // PDF only: crop marks and cut line, per page
        for page in 0..<pages {
            let scene = scenes[page]
            let placements = page == 0 ? imposition.fronts : imposition.backs
            let marksOnPage = page == 0 ? imposition.frontCropMarks : imposition.backCropMarks
            let recording = try drawing.recording(of: scene, unitsPerMillimetre: doc.scale)
            defer { cairo_surface_destroy(recording) }
            try doc.draw { cr in
                if format == .png {  // paper white for the proof; PDF pages stay unpainted
                    cairo_set_source_rgb(cr, 1, 1, 1)
                    cairo_paint(cr)
                }
                for transform in placements {
                    drawing.paint(recording, placedBy: transform, unitsPerMillimetre: doc.scale, on: cr)
                }
                if marks.cropMarks && format == .png {
                    strokeCropMarks(marksOnPage, width: marks.cropMarkWidthPoints / pointsPerMillimetre, cr)
                }
                if page < marks.slugs.count {
                    drawing.label(marks.slugs[page], at: imposition.slugOrigin, points: 7, family: marks.slugFont.family,
                                  bold: marks.slugFont.bold, on: cr)
                }
                if marks.cutLine && format == .png {
                    for transform in placements {
                        cairo_save(cr)
                        drawing.transform(cr, by: transform)
                        drawing.strokeCutLines(scene.cutOutlines, width: Self.cutLineWidthPoints / pointsPerMillimetre, on: cr)
                        cairo_restore(cr)
                    }
                }
            }
            doc.showPage()
            var strokes: [SpotStroke] = []
            if marks.cropMarks {
                strokes += marksOnPage.map { SpotStroke(.segment($0), in: .registration, widthPoints: marks.cropMarkWidthPoints) }
            }
            if marks.cutLine {
                strokes += placements.flatMap { t in
                    scene.cutOutlines.map {
                        SpotStroke(.ellipse($0.transformed(by: t)), in: .cutContour, widthPoints: Self.cutLineWidthPoints)
                    }
                }
            }
            spotStrokes.append(strokes)
        }
        let bytes = try doc.finish()
        // With neither crop marks nor cut line every list is empty and Cairo's bytes come back as they are.
        guard format == .pdf else { return bytes }
        return try SpotColourStrokes.add(to: bytes, strokes: spotStrokes, colours: colours, pdfx: pdfx)
    }

    private func strokeCropMarks(_ segments: [Segment], width: Double, _ cr: OpaquePointer) {
        for s in segments {
            cairo_move_to(cr, s.from.x, s.from.y)
            cairo_line_to(cr, s.to.x, s.to.y)
        }
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, width)
        cairo_stroke(cr)
    }

}
