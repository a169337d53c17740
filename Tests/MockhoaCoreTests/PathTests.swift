import Foundation
import MockhoaCore
import Testing

@Suite("Paths: the one geometry of outlines and marks")
struct PathTests {
    @Test("an ellipse's four Béziers stay within 0.03 % of its radius all round, and close where they start")
    func ellipseIsCloseToTheEllipse() throws {
        let e = Ellipse(center: Point(x: 30, y: 20), radiusX: 30, radiusY: 20)
        let line = try #require(Path.ellipse(e).flattened(piecesPerCurve: 64).first)
        #expect(line.first == line.last)
        #expect(line.count == 4 * 64 + 1)
        let worst = line.map { p in abs(hypot((p.x - 30) / 30, (p.y - 20) / 20) - 1) }.max()!
        #expect(worst < 0.0003)
        #expect(worst > 0, "a flattened Bézier is not the exact ellipse")
    }

    @Test("a path moved by a sheet's placement is the placed ellipse's path")
    func transformedEllipse() {
        let e = Ellipse(center: Point(x: 30, y: 20), radiusX: 30, radiusY: 20)
        let turned = AffineMatrix.translation(x: 100, y: 10).concatenating(.rotation(quarterTurns: 1))
        let points = Path.ellipse(e).transformed(by: turned).points
        let placed = e.transformed(by: turned).bounds
        #expect(abs(points.map(\.x).min()! - placed.minX) < 1e-9 && abs(points.map(\.x).max()! - placed.maxX) < 1e-9)
        #expect(abs(points.map(\.y).min()! - placed.minY) < 1e-9 && abs(points.map(\.y).max()! - placed.maxY) < 1e-9)
    }

    @Test("a segment is one straight piece; sub-paths flatten apart")
    func segmentsAndSubPaths() {
        let a = Segment(from: Point(x: 0, y: 0), to: Point(x: 5, y: 0))
        let b = Segment(from: Point(x: 0, y: 3), to: Point(x: 0, y: 9))
        let both = Path(Path.segment(a).elements + Path.segment(b).elements)
        #expect(both.flattened() == [[a.from, a.to], [b.from, b.to]])
    }
}

@Suite("Sheet frames")
struct SheetFrameTests {
    @Test("every copy gets its side, its cut outlines in CutContour and the crop marks in registration colour; backs mirror fronts")
    func sheetFrames() throws {
        let footprint = KeychainFootprint(trim: Size(width: 60, height: 40), bleed: 2)
        let plan = try Imposition.plan(footprint, on: SheetOptions(paper: .a4))
        let outline = Ellipse(in: Rect(x: 0, y: 0, width: 60, height: 40)), hole = Ellipse.circle(center: Point(x: 5, y: 20), radius: 2)
        let side = Scene(size: footprint.trim, bleed: 2, cutOutlines: [Path.ellipse(outline), Path.ellipse(hole)], items: [])
        let font = KeychainTemplate.Font(family: "Noto Sans", bold: true, minimumSize: 6)
        let frames = plan.frames(of: [side, side], marks: SheetMarks(slugs: ["front", "back"], slugFont: font))
        #expect(frames.count == 2)
        for (page, frame) in frames.enumerated() {
            let placements = page == 0 ? plan.fronts : plan.backs
            #expect(frame.size == plan.paper)
            #expect(frame.items.filter { if case .side = $0 { true } else { false } }.count == placements.count)
            let cuts = frame.strokes.filter { $0.ink == .cutContour }
            #expect(cuts.count == 2 * placements.count)
            #expect(cuts.first?.path == Path.ellipse(outline).transformed(by: placements[0]))
            #expect(frame.strokes.filter { $0.ink == .registration }.count == plan.frontCropMarks.count)
            #expect(frame.items.contains(.label(Frame.Label(page == 0 ? "front" : "back", at: plan.slugOrigin, points: 7, font: font))))
        }
        let none = plan.frames(of: [side], marks: SheetMarks(cropMarks: false, cutLine: false, slugs: [], slugFont: font))
        #expect(none[0].strokes.isEmpty)
    }
}
