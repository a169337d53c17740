import Foundation
import Testing
@testable import MockhoaCore

/// A measurer with fixed proportions, so layout math is tested without Pango.
struct FixedMeasurer: TextMeasuring {
    func measure(_ text: String, font: KeychainTemplate.Font) throws -> TextMeasure {
        if text.contains("☃") { throw MissingGlyphs(font: font.family, text: text, characters: ["☃"]) }
        return TextMeasure(
            width: 0.55 * Double(text.count), inkLeft: 0.05, inkRight: 0.55 * Double(text.count) - 0.05,
            inkTop: 0.95, inkBottom: text.contains(where: { "gjpqyạậặẹệịọộợụựỵ".contains($0) }) ? 0.25 : 0)
    }
    func lineMetrics(font: KeychainTemplate.Font) throws -> (ascent: Double, descent: Double) { (1.07, 0.29) }
}

/// A 25 × 25 checkerboard standing in for a QR symbol.
struct FixedEncoder: QREncoding {
    func encode(_ payload: String) throws -> QRCode {
        QRCode(size: 25, modules: (0..<625).map { $0 % 2 == 0 }, payload: payload)
    }
}

/// Pictures by name: `logo.svg` is twice as wide as it is tall, in the template's red and white;
/// `photo.png` is pixels; anything else is missing.
struct FixedPictures: PictureMeasuring {
    struct Missing: MessageError {
        var asMessage: Message { Message("file.notFound") }
    }
    func pictureSize(atPath path: String) throws -> Size {
        switch path {
        case "logo.svg": Size(width: 200, height: 100)
        case "photo.png": Size(width: 300, height: 300)
        default: throw Missing()
        }
    }
    func printProblems(atPath path: String, inks: [Color]) -> [Message] {
        path == "photo.png" ? [Message("picture.colour.raster")] : []
    }
}

struct KeychainLayoutTests {
    let template = try! TemplateLoader.load("default")
    var layout: KeychainLayout {
        KeychainLayout(template: template, measurer: FixedMeasurer(), encoder: FixedEncoder(), pictures: FixedPictures())
    }

    @Test func aPictureStandsInTheFlowAtItsHeightAndProportions() throws {
        let content = SideContent(
            name: "front",
            blocks: [
                .line("TỐ GIÁC TỘI PHẠM", style: "title"), .picture(path: "logo.svg", height: 8), .line("0272 3800 000", style: "number"),
            ])
        let scene = try layout.layOut(content, sideIndex: 0)
        let pictures = scene.items.compactMap { if case .picture(let path, let rect) = $0 { (path, rect) } else { nil } }
        try #require(pictures.count == 1)
        let rect = pictures[0].1
        #expect(pictures[0].0 == "logo.svg" && abs(rect.height - 8) < 1e-9 && abs(rect.width - 16) < 1e-9)
        // Between the two lines, in reading order, and on their centre line.
        let texts = scene.texts
        #expect(texts[0].inkBounds.maxY <= rect.minY && rect.maxY <= texts[1].inkBounds.minY)
        #expect(abs(rect.center.x - texts[1].inkBounds.center.x) < 0.5)
    }

    @Test func aPictureTooTallOrMissingIsAnErrorAtItsLine() {
        #expect(throws: LayoutError.self) {
            try layout.layOut(SideContent(name: "front", blocks: [.picture(path: "logo.svg", height: 39)]), sideIndex: 0)
        }
        do {
            _ = try layout.layOut(
                SideContent(name: "front", blocks: [.line("x", style: "title"), .picture(path: "gone.svg", height: 5)]), sideIndex: 0)
            Issue.record("a missing picture was laid out")
        } catch {
            #expect(error.line == 2 && error.message == Message("file.notFound"))
        }
        var mould = template
        mould.mould = KeychainTemplate.MouldLimits()
        let moulded = KeychainLayout(template: mould, measurer: FixedMeasurer(), encoder: FixedEncoder(), pictures: FixedPictures())
        #expect(throws: LayoutError.self) {
            try moulded.layOut(SideContent(name: "front", blocks: [.picture(path: "photo.png", height: 5)]), sideIndex: 0)
        }
    }

    /// Phước Lại's back from the sample: seven neighbours, the most of any commune.
    static let neighbours = ["Cần Giuộc", "Tân Kim", "Long Hậu", "Trường Bình", "Phước Vĩnh Tây", "Phước Vĩnh Đông", "Hiệp Phước"]

    func back(neighbours: Int, name: String? = nil) -> SideContent {
        SideContent(
            name: "back",
            blocks: [
                .line("CA xã Phước Lại", style: "title"),
                .line("0272 3800 003", style: "number"),
                .list(
                    heading: "Giáp ranh",
                    items: (0..<neighbours).map {
                        "\(name ?? Self.neighbours[$0 % Self.neighbours.count]): 0272 3800 00\($0 % 10)"
                    }, style: "item", headingStyle: "label", columns: .auto),
            ])
    }

    /// Every corner of every line's ink box is at least the safe margin inside the oval (so is
    /// the whole box: the region is convex), clear of the hole and its clearance, and of QR tiles.
    func assertInside(_ scene: Scene, sideIndex: Int) {
        let outline = Ellipse(in: Rect(origin: .zero, size: template.size))
        let hole = template.holeCircle(onSide: sideIndex)!.grown(by: template.hole!.clearance)
        let tiles = scene.items.compactMap { if case .rect(let r, _) = $0 { r } else { nil } }
        for run in scene.texts {
            let b = run.inkBounds
            for corner in [
                Point(x: b.minX, y: b.minY), Point(x: b.maxX, y: b.minY),
                Point(x: b.minX, y: b.maxY), Point(x: b.maxX, y: b.maxY),
            ] {
                #expect(
                    outline.contains(corner) && outline.distanceToOutline(from: corner) >= template.safeMargin - 1e-6,
                    "\(run.text) corner \(corner) outside the safe area")
            }
            // Nearest point of the ink box to the hole's centre must be outside the hole.
            let nx = min(max(hole.center.x, b.minX), b.maxX), ny = min(max(hole.center.y, b.minY), b.maxY)
            #expect(hypot(nx - hole.center.x, ny - hole.center.y) >= hole.radiusX - 1e-6, "\(run.text) overlaps the hole")
            for tile in tiles { #expect(!tile.intersects(b), "\(run.text) overlaps the QR tile") }
            #expect(run.sizePoints >= template.font.minimumSize - 1e-6)
        }
    }

    @Test func theSafeAreaKeepsExactlyTheMarginFromTheOutline() throws {
        // The ends of each inset chord lie on the inner parallel curve: exactly the margin
        // from the outline. (An ellipse with radii less the margin would come up to 0.01 mm short.)
        let outline = Ellipse(in: Rect(origin: .zero, size: template.size)), m = template.safeMargin
        for i in 0..<200 {
            let y = outline.center.y - (outline.radiusY - m) + Double(i) / 200 * 2 * (outline.radiusY - m)
            let half = try #require(outline.parallelHalfChord(atY: y, distance: -m))
            let end = Point(x: outline.center.x + half, y: y)
            #expect(abs(outline.distanceToOutline(from: end) - m) < 1e-6)
        }
        #expect(outline.parallelHalfChord(atY: outline.center.y + outline.radiusY - m + 0.01, distance: -m) == nil)
    }

    @Test func aSevenNeighbourBackFitsInsideTheOval() throws {
        let scene = try layout.layOut(back(neighbours: 7), sideIndex: 1)
        #expect(scene.texts.count == 3 + 7)
        assertInside(scene, sideIndex: 1)
    }

    @Test func theBlockIsCentredVertically() throws {
        let scene = try layout.layOut(back(neighbours: 3), sideIndex: 1)
        let top = scene.texts.map(\.inkBounds.minY).min()!, bottom = scene.texts.map(\.inkBounds.maxY).max()!
        #expect(abs((top + bottom) / 2 - 20) < 1.5)
    }

    @Test func moreLinesMeanSmallerTypeButNeverBelowTheMinimum() throws {
        let few = try layout.layOut(back(neighbours: 2), sideIndex: 1).texts.last!.size
        let many = try layout.layOut(back(neighbours: 7), sideIndex: 1).texts.last!.size
        #expect(many < few)
        #expect(many * pointsPerMillimetre >= 6 - 1e-6)
    }

    @Test func stylesKeepTheirOrderOfSize() throws {
        let texts = try layout.layOut(back(neighbours: 4), sideIndex: 1).texts
        #expect(texts[1].size > texts[0].size)  // number > title
        #expect(texts[0].size > texts[3].size)  // title > item
    }

    @Test func theBackSeesTheHoleMirrored() throws {
        #expect(template.holeCircle(onSide: 0)!.center.x < 30)
        #expect(template.holeCircle(onSide: 1)!.center.x > 30)
        let scene = try layout.layOut(back(neighbours: 1), sideIndex: 1)
        #expect(scene.cutOutlines.count == 2)
        let hole = template.hole!
        #expect(
            scene.cutOutlines[1] == Path.ellipse(.circle(center: Point(x: 60 - hole.center.x, y: hole.center.y), radius: hole.diameter / 2))
        )
    }

    @Test func manyShortItemsGoIntoTwoColumns() throws {
        let content = SideContent(
            name: "back",
            blocks: [
                .list(heading: nil, items: (1...14).map { "Ấp \($0): 113" }, style: "item", headingStyle: "item", columns: .auto)
            ])
        let scene = try layout.layOut(content, sideIndex: 1)
        let lefts = Set(scene.texts.map { ($0.origin.x * 10).rounded() })
        #expect(scene.texts.count == 14)
        #expect(scene.texts.map(\.origin.y).reduce(into: Set<Double>()) { $0.insert(($1 * 100).rounded()) }.count == 7)
        #expect(lefts.count >= 2)
        assertInside(scene, sideIndex: 1)
    }

    @Test func theFrontPutsTheQRCodeAtTheRightEndInsideTheOval() throws {
        let front = SideContent(
            name: "front",
            blocks: [
                .qr(payload: "tel:+842723800000", size: 13, end: .right, quietZone: 4),
                .line("TỐ GIÁC TỘI PHẠM", style: "title"),
                .line("Trực ban CA huyện Cần Giuộc", style: "label"),
                .line("0272 3800 000", style: "number"),
            ])
        let scene = try layout.layOut(front, sideIndex: 0)
        guard case .rect(let tile, _)? = scene.items.first(where: { if case .rect = $0 { true } else { false } }) else {
            Issue.record("no QR tile"); return
        }
        #expect(abs(tile.width - 13) < 1e-9)
        #expect(tile.minX > 30)
        for corner in [Point(x: tile.maxX, y: tile.minY), Point(x: tile.maxX, y: tile.maxY)] {
            #expect(Ellipse(in: Rect(origin: .zero, size: template.size)).distanceToOutline(from: corner) >= template.safeMargin - 1e-6)
        }
        guard case .qr(let code, let symbol, _)? = scene.items.first(where: { if case .qr = $0 { true } else { false } }) else {
            Issue.record("no QR symbol"); return
        }
        // Quiet zone of 4 modules on each side of the symbol.
        let module = symbol.width / Double(code.size)
        #expect(abs(symbol.minX - tile.minX - 4 * module) < 1e-9)
        assertInside(scene, sideIndex: 0)
    }

    @Test func aLongLineIsBrokenInTwoWhenThatGivesLargerType() throws {
        let long = "Trực ban Công an huyện Cần Giuộc"
        let breakable = SideContent(name: "front", blocks: [.line(long, style: "title")])
        let kept = SideContent(name: "front", blocks: [.line(long, style: "title", breakable: false)])
        let broken = try layout.layOut(breakable, sideIndex: 0).texts
        let whole = try layout.layOut(kept, sideIndex: 0).texts
        #expect(whole.map(\.text) == [long])
        #expect(broken.count == 2)
        #expect(broken.map(\.text).joined(separator: " ") == long)
        #expect(broken[0].size > whole[0].size * 1.05)
        // Each half keeps at least two words.
        #expect(broken.allSatisfy { $0.text.split(separator: " ").count >= 2 })
    }

    @Test func shortPhrasesAreNeverBroken() throws {
        let texts = try layout.layOut(SideContent(name: "front", blocks: [.line("Khẩn cấp: 113", style: "title")]), sideIndex: 0).texts
        #expect(texts.map(\.text) == ["Khẩn cấp: 113"])
    }

    @Test func aTwoColumnListOfOneItemStillPrintsIt() throws {
        let content = SideContent(
            name: "back",
            blocks: [
                .list(heading: "Giáp ranh", items: ["Tân Kim: 0272 3800 017"], style: "item", headingStyle: "label", columns: .two)
            ])
        #expect(try layout.layOut(content, sideIndex: 1).texts.map(\.text) == ["Giáp ranh", "Tân Kim: 0272 3800 017"])
    }

    @Test func contentThatCannotFitNamesTheLine() {
        let content = SideContent(
            name: "back",
            blocks: [
                .line("CA xã Phước Lại", style: "title"),
                .line(String(repeating: "Phước Vĩnh Đông ", count: 6), style: "item"),
            ])
        #expect {
            try layout.layOut(content, sideIndex: 1)
        } throws: { error in
            guard let e = error as? LayoutError else { return false }
            return e.side == "back" && e.line == 2 && e.text?.hasPrefix("Phước Vĩnh Đông") == true
                && e.message.description.contains("does not fit legibly")
        }
    }

    @Test func tooManyLinesIsAnErrorNotAnOverflow() {
        #expect(throws: LayoutError.self) { try layout.layOut(back(neighbours: 30, name: "Phước Vĩnh Đông Tây"), sideIndex: 1) }
    }

    @Test func aMissingGlyphIsReportedWithItsLine() {
        let content = SideContent(name: "front", blocks: [.line("Snow ☃", style: "title")])
        #expect {
            try layout.layOut(content, sideIndex: 0)
        } throws: { error in
            (error as? LayoutError)?.line == 1 && "\(error)".contains("☃")
        }
    }
}
