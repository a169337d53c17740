import Foundation
import Testing

@testable import MockhoaCore

/// Keychain shapes: the outline's geometry, its offsets and the room it leaves for text, SVG
/// path data, and the template fields that choose a shape.
struct ShapeTests {
    static let trim = Size(width: 60, height: 40)

    @Test func everyShapeIsClosedAndInscribedInItsTrimBox() throws {
        let shapes: [Shape] = [
            .ellipse, .roundedRectangle(cornerRadius: 5), .stadium,
            .path(try Path(svgData: "M 10 0 L 50 0 L 60 20 L 50 40 L 10 40 L 0 20 Z")),
        ]
        for shape in shapes {
            let outline = Outline(shape, trim: Self.trim)
            let b = outline.bounds
            #expect(abs(b.minX) < 1e-9 && abs(b.minY) < 1e-9 && abs(b.maxX - 60) < 1e-9 && abs(b.maxY - 40) < 1e-9, "\(shape)")
            #expect(outline.path.elements.last == .close, "\(shape)")
            #expect(outline.contains(Point(x: 30, y: 20)) && !outline.contains(Point(x: 0.3, y: 0.3)), "\(shape)")
        }
        #expect(Outline(.circle, trim: Size(width: 40, height: 40)).contains(Point(x: 20, y: 0.01)))
    }

    @Test func aRoundedRectanglesOffsetIsExact() {
        let outline = Outline(.roundedRectangle(cornerRadius: 4), trim: Self.trim)
        let bleed = outline.grown(by: 3)
        // Outward: the box grows by 3 and the corners' radius by 3.
        #expect(bleed.bounds == Rect(x: -3, y: -3, width: 66, height: 46))
        #expect(bleed.contains(Point(x: 4 - 7 / 2.0.squareRoot() + 0.01, y: 4 - 7 / 2.0.squareRoot() + 0.01)))
        #expect(!bleed.contains(Point(x: 4 - 7 / 2.0.squareRoot() - 0.01, y: 4 - 7 / 2.0.squareRoot() - 0.01)))
        // Inward past the radius: sharp corners.
        let inner = outline.grown(by: -5)
        #expect(inner.bounds == Rect(x: 5, y: 5, width: 50, height: 30) && inner.contains(Point(x: 5.001, y: 5.001)))
    }

    @Test func aPathsOffsetKeepsItsDistance() throws {
        let hexagon = Outline(.path(try Path(svgData: "M 10 0 L 50 0 L 60 20 L 50 40 L 10 40 L 0 20 Z")), trim: Self.trim)
        let inner = hexagon.grown(by: -2)
        // The top edge moves down 2 mm; the left vertex (0, 20) moves in by 2 / sin(θ), θ the half angle.
        let top = try #require(inner.region(within: 0).transposed.span(atY: 30))
        #expect(abs(top.lowerBound - 2) < 0.01)
        let halfAngle = atan2(20.0, 10.0)
        let left = try #require(inner.region(within: 0).span(atY: 20))
        #expect(abs(left.lowerBound - 2 / sin(halfAngle)) < 0.01)
        // Outward corners are round: the vertex (60, 20) is 2 mm from the grown outline.
        let outer = hexagon.grown(by: 2)
        #expect(abs((outer.region(within: 0).span(atY: 20)?.upperBound ?? 0) - 62) < 0.01)
    }

    @Test func roomForTextNeverCrossesANotch() throws {
        // A U: two arms 20 mm wide, a notch 20 mm wide and 25 mm deep from the top.
        let u = Outline(.path(try Path(svgData: "M 0 0 H 20 V 25 H 40 V 0 H 60 V 40 H 0 Z")), trim: Self.trim)
        let region = u.region(within: 0)
        // A band in the arms: one arm, never the span across the notch.
        let arm = try #require(region.room(top: 5, bottom: 10))
        #expect(arm.upperBound - arm.lowerBound <= 20 + 1e-9)
        // A band below the notch: the whole width.
        let base = try #require(region.room(top: 28, bottom: 38))
        #expect(abs(base.lowerBound) < 1e-9 && abs(base.upperBound - 60) < 1e-9)
        // A band reaching into the notch's bottom: an arm only.
        #expect(
            try #require(region.room(top: 22, bottom: 30)).upperBound - 1e-9 <= 20 || region.room(top: 22, bottom: 30)!.lowerBound >= 40)
        // A slanted notch edge: the band keeps clear of the edge over its whole height.
        let v = Outline(.path(try Path(svgData: "M 0 0 H 25 L 30 20 L 35 0 H 60 V 40 H 0 Z")), trim: Self.trim)
        let room = try #require(v.region(within: 0).room(top: 0, bottom: 10))
        #expect(room.upperBound <= 25 + 1e-9 || room.lowerBound >= 35 - 1e-9)
    }

    @Test func anEllipsesRoomIsItsExactParallelCurve() throws {
        let ellipse = Outline(.ellipse, trim: Self.trim)
        let room = try #require(ellipse.region(within: -2).room(top: 18, bottom: 22))
        let e = Ellipse(in: Rect(origin: .zero, size: Self.trim))
        let half = try #require(e.parallelHalfChord(atY: 22, distance: -2))
        #expect(room == (30 - half)...(30 + half))
    }

    @Test func copiesOfAShapeAreApartByTheirOutlines() {
        let stadium = Outline(.stadium, trim: Size(width: 40, height: 20))
        // Side by side 43 mm apart: 3 mm between them; 41 mm: 1 mm.
        #expect(stadium.isApart(fromCopyMovedBy: Point(x: 43, y: 0), by: 3))
        #expect(!stadium.isApart(fromCopyMovedBy: Point(x: 41, y: 0), by: 3))
        // Overlapping copies are not apart at all.
        #expect(!stadium.isApart(fromCopyMovedBy: Point(x: 5, y: 5), by: 0.1))
    }

    @Test func svgPathDataReadsEveryCommand() throws {
        let path = try Path(
            svgData: "M0,0 h10 v10 H0 z m 20 0 l 5 5 c 1 1 2 2 3 3 s 1 1 2 2 q 1 0 1 1 t 1 1 a 2 2 0 0 1 4 0 A 2 2 0 1 0 20 0 Z")
        #expect(path.elements.first == .move(.zero))
        #expect(path.elements.filter { $0 == .close }.count == 2)
        // The relative move after a close starts from the sub-path's start, (0, 0).
        #expect(path.elements.contains(.move(Point(x: 20, y: 0))))
        // Numbers run together as SVG allows: "1.5.5" is 1.5 and .5, "-1-2" is -1 and -2.
        #expect(try Path(svgData: "M1.5.5L-1-2").elements == [.move(Point(x: 1.5, y: 0.5)), .line(Point(x: -1, y: -2))])
        // A semicircle arc ends where it should and bulges the right way.
        let arc = try Path(svgData: "M 0 10 A 10 10 0 0 1 20 10")
        guard case .curve(_, _, let end) = arc.elements.last else { Issue.record("no curve"); return }
        #expect(abs(end.x - 20) < 1e-9 && abs(end.y - 10) < 1e-9)
        #expect(arc.flattened()[0].map(\.y).min()! < 0.01)
    }

    @Test func badPathDataSaysWhereAndWhy() {
        for (text, column, key) in [
            ("", 1, "template.pathData.empty"), ("L 1 2", 1, "template.pathData.start"), ("M 1 x", 5, "template.pathData.number"),
            ("M 0 0 X 1", 7, "template.pathData.command"), ("M 0 0 A 1 1 0 2 0 3 3", 15, "template.pathData.flag"),
            ("M 1e999 0", 3, "template.pathData.number"),
        ] {
            #expect(
                throws: PathDataError(column: column, message: Message(key, arguments: key == "template.pathData.command" ? ["X"] : [])),
                "\(text)"
            ) {
                _ = try Path(svgData: text)
            }
        }
        #expect(throws: PathDataError.self) { _ = try Path(svgData: "M 0 0" + String(repeating: " L 1 1", count: 600)) }
    }

    static func template(
        _ shapeLines: String, size: String = "{width: 60, height: 40}", hole: String = "{diameter: 4, x: 6, y: 20}"
    ) -> String {
        """
        size: \(size)
        \(shapeLines)
        hole: \(hole)
        font: {family: Noto Sans}
        styles: {title: {scale: 1, max: 10}}
        front: [{text: x}]
        """
    }

    @Test func theTemplateChoosesAShape() throws {
        let circle = try TemplateLoader.parse(
            yaml: Self.template("shape: circle", size: "{width: 40, height: 40}", hole: "{diameter: 4, x: 20, y: 5}"), name: "t",
            file: "t.yaml")
        #expect(circle.shape == .circle)
        let rounded = try TemplateLoader.parse(yaml: Self.template("shape: rounded-rectangle\ncorner-radius: 6"), name: "t", file: "t.yaml")
        #expect(rounded.shape == .roundedRectangle(cornerRadius: 6))
        let path = try TemplateLoader.parse(
            yaml: Self.template(
                "shape: path\noutline: \"M 10 0 L 50 0 L 60 20 L 50 40 L 10 40 L 0 20 Z\"", hole: "{diameter: 4, x: 8, y: 20}"),
            name: "t", file: "t.yaml")
        guard case .path(let outline) = path.shape else { Issue.record("not a path"); return }
        #expect(outline.elements.count == 7)
        // The back sees the outline mirrored.
        #expect(path.outline(onSide: 1).bounds == path.outline(onSide: 0).bounds)
        #expect(try TemplateLoader.parse(yaml: Self.template(""), name: "t", file: "t.yaml").shape == .ellipse)
    }

    @Test(arguments: [
        ("shape: rounded-rectangel", "unknown shape \"rounded-rectangel\"", "did you mean \"rounded-rectangle\"?", 2),
        ("shape: circle", "a circle needs a square size, not 60 × 40 mm", "", 2),
        ("shape: path", "shape: path needs an outline", "", 2),
        ("shape: path\noutline: \"M 0 0 L 60 0 L 60 40 L 0 40\"", "the outline is not closed: end it with Z", "", 3),
        ("shape: path\noutline: \"M 0 0 L 60 0 L 60 40 L 0 40 Z M 1 1 L 2 2 Z\"", "more than one part", "", 3),
        ("shape: path\noutline: \"M 0 0 L 60 40 L 60 0 L 0 40 Z\"", "the outline crosses itself near (30, 20) mm", "", 3),
        ("shape: path\noutline: \"M 0 0 L 70 0 L 70 40 L 0 40 Z\"", "the outline leaves the trim box 0…60 × 0…40 mm", "", 3),
        (
            "shape: path\noutline: \"M 0 0 L 60 0 L 60 40 L 0 40 L 0 25 L 10 20 L 0 15 Z\"",
            "the hole at (6, 20) mm does not lie inside the outline", "", 4
        ),
        ("shape: path\noutline: \"M 0 0 L 60 0 k\"", "the outline does not read at character 14: \"k\" is not a path command", "", 3),
        ("corner-radius: 3", "corner-radius belongs to shape: rounded-rectangle", "", 2),
        ("shape: rounded-rectangle\ncorner-radius: 30", "must be 0 to 20 mm, not 30", "", 3),
    ])
    func aBadShapeIsAnErrorAtItsLine(lines: String, message: String, suggestion: String, line: Int) {
        #expect {
            try TemplateLoader.parse(yaml: Self.template(lines), name: "t", file: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("t.yaml:\(line): error:") && text.contains(message) && (suggestion.isEmpty || text.contains(suggestion))
        }
    }
}
