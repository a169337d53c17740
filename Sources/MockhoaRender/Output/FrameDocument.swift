import CCairo
import Foundation
import MockhoaCore

/// The one exporter: draws frames into a PDF (a page each) or the first frame into a PNG or
/// SVG. Strokes in named inks become spot colours in a PDF, written by the press step
/// (`SpotColourStrokes`) from the frames' own paths, and show in their screen colours in a
/// PNG or SVG. A side placed more than once (copies on a sheet) or in a PDF is drawn once into
/// a recording and repeated: a PDF holds it once, as a form.
public struct FrameDocument {
    let drawing: SceneDrawing

    /// `textAsOutlines`: every text as filled glyph outlines, no font in the file (mould proofs).
    public init(text: TextEngine, textAsOutlines: Bool = false) {
        drawing = SceneDrawing(text: text, textAsOutlines: textAsOutlines)
    }

    /// Recorded sides kept for reuse across pages (the district's front recurs on every
    /// overview page).
    static let recordingsKept = 8

    /// The document of `pageCount` frames, asked for one at a time as their pages come, so
    /// memory stays flat however many pages there are. `colours` (PDF only) rewrites the
    /// design's colours as declared CMYK or spot colours; `pdfx` makes the PDF a PDF/X-4 file.
    public func render(
        pageCount: Int, as format: RenderFormat, dpi: Double = 150, date: String,
        colours: PrintColours? = nil, pdfx: PDFX? = nil, frame: (Int) throws -> Frame
    ) throws -> [UInt8] {
        let pages = format == .pdf ? max(1, pageCount) : 1
        var recordings = Recordings(limit: Self.recordingsKept)
        defer { recordings.removeAll() }
        let first = try frame(0)
        let doc = try CairoDocument(format, size: first.size, dpi: dpi, metadataDate: date + "T00:00:00Z")
        var strokes: [[SpotStroke]] = []
        for index in 0..<pages {
            let page = index == 0 ? first : try frame(index)
            doc.setPageSize(page.size)
            try draw(page, on: doc, recordings: &recordings)
            doc.showPage()
            strokes.append(page.strokes.map { SpotStroke($0.path, in: $0.ink, widthPoints: $0.widthPoints) })
        }
        let bytes = try doc.finish()
        guard format == .pdf else { return bytes }
        // With no strokes, no colours to rewrite and no PDF/X, Cairo's bytes come back as they are.
        return try SpotColourStrokes.add(to: bytes, strokes: strokes, colours: colours, pdfx: pdfx)
    }

    /// All of `frames`, as `render(pageCount:…)` draws them.
    public func render(
        _ frames: [Frame], as format: RenderFormat, dpi: Double = 150, date: String,
        colours: PrintColours? = nil, pdfx: PDFX? = nil
    ) throws -> [UInt8] {
        try render(pageCount: frames.count, as: format, dpi: dpi, date: date, colours: colours, pdfx: pdfx) { frames[$0] }
    }

    /// Draws `frame`'s items in order; strokes in named inks only where no press step follows
    /// (PNG, SVG), on the frame's background in a PNG.
    private func draw(_ frame: Frame, on doc: CairoDocument, recordings: inout Recordings) throws {
        var placed: [SideKey: Int] = [:]
        for case .side(let index, _, let asCut) in frame.items { placed[SideKey(scene: frame.sides[index], asCut: asCut), default: 0] += 1 }
        try recordings.prepare(
            placed.filter { $0.value > 1 || doc.format == .pdf }.map(\.key), drawing: drawing,
            unitsPerMillimetre: doc.scale)
        let inksAsSpotColours = doc.format == .pdf
        try doc.draw { cr in
            if doc.format == .png, let paper = frame.rasterBackground {
                cairo_set_source_rgb(cr, paper.red, paper.green, paper.blue)
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
                case .side(let index, let transform, let asCut):
                    let key = SideKey(scene: frame.sides[index], asCut: asCut)
                    if let recording = recordings[key] {
                        drawing.paint(recording, placedBy: transform, unitsPerMillimetre: doc.scale, on: cr)
                    } else {
                        cairo_save(cr)
                        defer { cairo_restore(cr) }
                        drawing.transform(cr, by: transform)
                        if asCut { try drawing.drawCut(key.scene, on: cr) } else { try drawing.draw(key.scene, on: cr) }
                    }
                case .label(let label):
                    drawing.label(label, on: cr)
                case .fill(let path, let colour):
                    drawing.add(path, to: cr)
                    cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
                    cairo_fill(cr)
                case .line(let path, let colour, let width):
                    drawing.add(path, to: cr)
                    cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
                    cairo_set_line_width(cr, width)
                    cairo_stroke(cr)
                case .stroke:
                    break
                }
            }
            drawing.stroke(pending, on: cr)
        }
    }

    private struct SideKey: Hashable { var scene: Scene; var asCut: Bool }

    /// Sides drawn into recording surfaces for one document, the most recently used kept last.
    private struct Recordings {
        let limit: Int
        private var kept: [(key: SideKey, surface: OpaquePointer)] = []
        init(limit: Int) { self.limit = limit }

        subscript(key: SideKey) -> OpaquePointer? { kept.first { $0.key == key }?.surface }

        /// Records each of `keys` not kept already; then forgets the least recently used
        /// recordings past `limit`, never one of `keys`.
        mutating func prepare(_ keys: [SideKey], drawing: SceneDrawing, unitsPerMillimetre scale: Double) throws {
            for key in keys {
                if let i = kept.firstIndex(where: { $0.key == key }) {
                    kept.append(kept.remove(at: i))
                } else {
                    kept.append((key, try drawing.recording(of: key.scene, cut: key.asCut, unitsPerMillimetre: scale)))
                }
            }
            while kept.count > max(limit, keys.count) { cairo_surface_destroy(kept.removeFirst().surface) }
        }

        mutating func removeAll() {
            kept.forEach { cairo_surface_destroy($0.surface) }
            kept.removeAll()
        }
    }
}
