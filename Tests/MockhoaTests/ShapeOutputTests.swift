import Foundation
import Mockhoa
import MockhoaCore
import Testing

/// Every shape through the outputs a print shop checks: the cut line of a one-up sheet as the
/// CutContour plate shows it, the words a PDF reader finds, and the background over the bleed.
@Suite struct ShapeOutputTests {
    /// A design of each shape: circle, stadium, rounded rectangle, a path, and the ellipse.
    static let designs = [
        "Templates/round.yaml", "Templates/compact.yaml", "Templates/tricolour.yaml", "Tests/MockhoaTests/Golden/hexagon.yaml",
        "Templates/default.yaml",
    ]

    static func template(_ file: String) throws -> KeychainTemplate {
        try TemplateLoader.load(Tools.packageRoot.appending(file).path)
    }

    /// The polylines of `outline` and the hole on side `index` under `t`, finely cut.
    static func cutLines(_ template: KeychainTemplate, side index: Int, under t: AffineMatrix) -> [[Point]] {
        let hole = template.holeCircle(onSide: index).map { [Path.ellipse($0)] } ?? []
        return ([template.outline(onSide: index).path] + hole).flatMap { $0.transformed(by: t).flattened(piecesPerCurve: 64) }
    }

    static func distance(_ p: Point, to lines: [[Point]]) -> Double {
        var best = Double.infinity
        for line in lines {
            for (a, b) in zip(line, line.dropFirst()) {
                let dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy
                let t = length == 0 ? 0 : min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length))
                best = min(best, hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)))
            }
        }
        return best
    }

    @Test("the cut line of a one-up sheet lies on the outline within 0.3 mm (the CutContour plate)", arguments: designs)
    func cutLineFollowsTheOutline(design: String) throws {
        try withTemporaryFolder { dir in
            let file = Tools.packageRoot.appending(design).path
            let run = try Tools.mockhoa(
                ["sheet", "--template", file, "--commune", "Long Hậu", "--copies", "1", "--no-crop-marks", "-o", "one.pdf"], in: dir)
            try #require(run.status == 0, "\(run.stderr)")
            let template = try Self.template(design)
            let plan = try Imposition.plan(
                KeychainFootprint(trim: template.size, shape: template.shape, bleed: template.bleed),
                on: SheetOptions(paper: .a4, copies: 1))
            let lines = Self.cutLines(template, side: 0, under: plan.fronts[0])
            let dpi = 200.0
            let plates = try PDF.separations(dir.appending("one.pdf"), page: 1, dpi: Int(dpi), uncompressed: true, in: dir)
            let plate = try InkPlate(tiff: #require(plates["p1(CutContour).tif"], "plates: \(plates.keys.sorted())"))
            var inked: [Point] = []
            for y in 0..<plate.height {
                for x in 0..<plate.width where plate.ink(x, y) >= 128 {
                    inked.append(Point(x: (Double(x) + 0.5) * 25.4 / dpi, y: (Double(y) + 0.5) * 25.4 / dpi))
                }
            }
            try #require(!inked.isEmpty, "no CutContour ink on page 1")
            let worst = inked.map { Self.distance($0, to: lines) }.max()!
            #expect(worst <= 0.3, "a CutContour pixel lies \(worst) mm from the outline")
            // And the whole outline is cut: every point of it has ink within 0.3 mm.
            let pixel = 25.4 / dpi
            for line in lines {
                for p in line {
                    let near = inked.contains { abs($0.x - p.x) <= 0.3 + pixel && abs($0.y - p.y) <= 0.3 + pixel }
                    #expect(near, "no cut near \(p)")
                    if !near { return }
                }
            }
        }
    }

    @Test("every word's box (pdftotext -bbox) lies inside the outline less the safe margin", arguments: designs)
    func wordsStayInTheSafeArea(design: String) throws {
        let template = try Self.template(design)
        try withTemporaryFolder { dir in
            for (index, side) in ["front", "back"].enumerated() {
                let file = Tools.packageRoot.appending(design).path
                let run = try Tools.mockhoa(
                    ["preview", "--template", file, "--commune", "Long Hậu", "--side", side, "-o", "\(side).pdf"], in: dir)
                try #require(run.status == 0, "\(run.stderr)")
                let safe = template.outline(onSide: index).grown(by: -template.safeMargin)
                let boxes = try PDF.wordBoxes(dir.appending("\(side).pdf"), in: dir)
                try #require(!boxes.isEmpty)
                for (word, box) in boxes {
                    // From the page (the art box, points) to the trim's millimetres.
                    let r = Rect(
                        x: box.minX / pointsPerMillimetre - template.bleed, y: box.minY / pointsPerMillimetre - template.bleed,
                        width: box.width / pointsPerMillimetre, height: box.height / pointsPerMillimetre)
                    for corner in [
                        Point(x: r.minX, y: r.minY), Point(x: r.maxX, y: r.minY), Point(x: r.minX, y: r.maxY), Point(x: r.maxX, y: r.maxY),
                    ] {
                        #expect(safe.grown(by: 0.02).contains(corner), "\(side): \"\(word)\" reaches \(corner), outside the safe area")
                    }
                }
            }
        }
    }

    @Test("the background fills the bleed band and nothing beyond it", arguments: designs)
    func backgroundCoversTheBleed(design: String) throws {
        let template = try Self.template(design)
        try withTemporaryFolder { dir in
            let file = Tools.packageRoot.appending(design).path
            let run = try Tools.mockhoa(
                ["preview", "--template", file, "--commune", "Long Hậu", "--side", "front", "-o", "front.pdf"], in: dir)
            try #require(run.status == 0, "\(run.stderr)")
            let dpi = 150.0
            let image = try PDF.rasterWithoutText(dir.appending("front.pdf"), page: 1, dpi: Int(dpi), in: dir)
            let outline = template.outline(onSide: 0)
            let (inner, outer) = (outline.grown(by: template.bleed - 0.25), outline.grown(by: template.bleed + 0.25))
            let trimEdge = outline.grown(by: 0.25)
            let background = template.colours.background
            var checked = (band: 0, beyond: 0)
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let p = Point(x: (Double(x) + 0.5) * 25.4 / dpi - template.bleed, y: (Double(y) + 0.5) * 25.4 / dpi - template.bleed)
                    let (r, g, b) = image.rgb(x, y)
                    if inner.contains(p), !trimEdge.contains(p) {
                        checked.band += 1
                        let off =
                            abs(r - Int(background.red * 255)) + abs(g - Int(background.green * 255)) + abs(b - Int(background.blue * 255))
                        #expect(off < 24, "bleed band at \(p) is (\(r), \(g), \(b))")
                        if off >= 24 { return }
                    } else if !outer.contains(p) {
                        checked.beyond += 1
                        #expect(r > 250 && g > 250 && b > 250, "beyond the bleed at \(p): (\(r), \(g), \(b))")
                        if r <= 250 { return }
                    }
                }
            }
            #expect(checked.band > 100)
        }
    }
}

extension PDF {
    /// Each word `pdftotext -bbox` finds on the first page, with its box in points from the top-left.
    static func wordBoxes(_ file: URL, in folder: URL) throws -> [(word: String, box: Rect)] {
        let html = try Tools.output("pdftotext", ["-bbox", "-f", "1", "-l", "1", file.path, "-"], in: folder)
        return html.split(separator: "\n").compactMap { line -> (String, Rect)? in
            guard line.contains("<word ") else { return nil }
            func attribute(_ name: String) -> Double? {
                guard let range = line.range(of: "\(name)=\"") else { return nil }
                return Double(line[range.upperBound...].prefix { $0 != "\"" })
            }
            guard let x0 = attribute("xMin"), let y0 = attribute("yMin"), let x1 = attribute("xMax"), let y1 = attribute("yMax") else {
                return nil
            }
            let word = line.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
            return (String(word), Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
        }
    }
}
