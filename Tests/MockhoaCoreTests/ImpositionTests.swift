import Foundation
import Testing
@testable import MockhoaCore

private let keychain = KeychainFootprint(trim: Size(width: 60, height: 40), bleed: 3)

private func usableArea(_ options: SheetOptions) -> Rect {
    let m = options.margin, size = options.paper.size
    return Rect(x: m, y: m, width: size.width - 2 * m, height: size.height - 2 * m - options.slugHeight)
}

private func counts(_ paper: Paper) -> [String] {
    Packing.candidates(keychain.outline, gap: 3, in: usableArea(SheetOptions(paper: paper)))
        .map { "\($0.arrangement.rawValue) \($0.quarterTurns): \($0.origins.count)" }
}

/// The least distance between the outlines of `a` and `b`, sampled on `a`; -1 if they overlap.
private func sampledDistance(_ a: Ellipse, _ b: Ellipse, samples: Int = 720) -> Double {
    var best = Double.infinity
    for i in 0..<samples {
        let p = a.point(at: Double(i) / Double(samples) * 2 * .pi)
        if b.contains(p, tolerance: 0) { return -1 }
        best = min(best, b.distanceToOutline(from: p))
    }
    return best
}

private func isClose(_ p: Point, _ q: Point, _ tolerance: Double = 1e-9) -> Bool {
    abs(p.x - q.x) <= tolerance && abs(p.y - q.y) <= tolerance
}

// MARK: Paper

@Test func namedPapers() throws {
    #expect(try Paper(parsing: "A4") == .a4)
    #expect(try Paper(parsing: " a3 ").size == Size(width: 297, height: 420))
    #expect(try Paper(parsing: "A5").size == Size(width: 148, height: 210))
    #expect(try Paper(parsing: "Letter").size == Size(width: 215.9, height: 279.4))
}

@Test(arguments: ["320x450mm", "320x450", "320 × 450 mm", "320X450MM"])
func customPaper(_ text: String) throws {
    let paper = try Paper(parsing: text)
    #expect(paper.size == Size(width: 320, height: 450))
    #expect(paper.name == "320 × 450 mm")
}

@Test(arguments: ["B5", "", "0x10", "10x", "-5x10mm", "axb", "10x20x30", "infx10", "A4 landscape"])
func badPaperNames(_ text: String) {
    #expect(throws: ImpositionError.unknownPaper(text)) { try Paper(parsing: text) }
    let message = ImpositionError.unknownPaper(text).description
    #expect(message.contains("\"\(text)\"") && message.contains("A4") && message.contains("320x450mm"))
}

@Test func landscapePaper() throws {
    #expect(Paper.a4.landscape() == Paper(name: "A4 landscape", size: Size(width: 297, height: 210)))
    #expect(Paper.a4.landscape().landscape() == Paper.a4.landscape())
    let wide = try Paper(parsing: "450x320mm")
    #expect(wide.landscape() == wide)
}

// MARK: Choosing the arrangement

@Test func candidateCountsFor60By40() {
    #expect(counts(.a4) == ["grid 0: 18", "grid 1: 16", "offsetRows 0: 18", "offsetRows 1: 14"])
    #expect(counts(.a3) == ["grid 0: 36", "grid 1: 36", "offsetRows 0: 35", "offsetRows 1: 42"])
    #expect(counts(.a5) == ["grid 0: 8", "grid 1: 6", "offsetRows 0: 6", "offsetRows 1: 8"])
    #expect(counts(.a4.landscape()) == ["grid 0: 16", "grid 1: 12", "offsetRows 0: 14", "offsetRows 1: 18"])
}

@Test func a4PicksTheUnrotatedGridOnATie() throws {
    let plan = try Imposition.plan(keychain, on: SheetOptions(paper: .a4))
    #expect(plan.arrangement == .grid && plan.quarterTurns == 0 && plan.capacity == 18)
    #expect(plan.fronts.count == 18 && plan.backs.count == 18)
    #expect(plan.paper == Size(width: 210, height: 297))
    // 3 × 6 cells of 60 × 40 with 3 mm gaps (186 × 255) centred in 190 × 272 at (10, 10).
    #expect(
        plan.fronts.prefix(4) == [
            .translation(x: 12, y: 18.5), .translation(x: 75, y: 18.5),
            .translation(x: 138, y: 18.5), .translation(x: 12, y: 61.5),
        ])
    #expect(plan.fronts.last == .translation(x: 138, y: 18.5 + 5 * 43))
    #expect(plan.slugBand == Rect(x: 10, y: 282, width: 190, height: 5))
    #expect(plan.slugOrigin == Point(x: 10, y: 285.75))
    // The bottom row's downward marks stop at the slug band.
    #expect(plan.frontCropMarks.contains(Segment(from: Point(x: 12, y: 276.5), to: Point(x: 12, y: 282))))
    #expect(plan.frontCropMarks.count == 18 * 8)
}

@Test func a3NestsRotatedOffsetRows() throws {
    let plan = try Imposition.plan(keychain, on: SheetOptions(paper: .a3))
    #expect(plan.arrangement == .offsetRows && plan.quarterTurns == 1 && plan.capacity == 42)
    let pitch = Packing.offsetRowPitch(Size(width: 40, height: 60), Outline(.ellipse, trim: Size(width: 40, height: 60)), gap: 3)
    #expect(abs(pitch - 54.625374667) < 1e-6)
    let boxes = plan.trimBoxes
    // 7 rows of 6; shifted rows start half a pitch (21.5 mm) further right and still hold 6.
    #expect(boxes[0].size == Size(width: 40, height: 60))
    #expect(abs(boxes[0].minX - 10.25) < 1e-9 && abs(boxes[1].minX - 53.25) < 1e-9)
    #expect(abs(boxes[6].minX - (boxes[0].minX + 21.5)) < 1e-9)
    #expect(abs(boxes[6].minY - (boxes[0].minY + pitch)) < 1e-9)
    #expect(abs(boxes[12].minY - (boxes[0].minY + 2 * pitch)) < 1e-9 && boxes[12].minX == boxes[0].minX)
    // Centred: 6 pitches + 60 mm of the 395 mm usable height; 5 × 43 + 40 + 21.5 of the 277 mm width.
    #expect(abs(boxes[0].minY - (10 + (395 - (6 * pitch + 60)) / 2)) < 1e-9)
    #expect(abs(boxes[35].maxX - (297 - 10.25)) < 1e-9)
    // Nested neighbours' bleed covers the inner corners: only marks around the block survive.
    #expect(plan.frontCropMarks.count == 60)
}

@Test func a5AndCustomPaper() throws {
    let a5 = try Imposition.plan(keychain, on: SheetOptions(paper: .a5))
    #expect(a5.arrangement == .grid && a5.quarterTurns == 0 && a5.capacity == 8)
    #expect(a5.fronts.first == .translation(x: 12.5, y: 18))
    let small = try Imposition.plan(keychain, on: SheetOptions(paper: Paper(parsing: "130x100mm")))
    #expect(small.arrangement == .grid && small.quarterTurns == 1 && small.capacity == 2)
    let custom = try Imposition.plan(keychain, on: SheetOptions(paper: Paper(parsing: "320x450mm")))
    #expect(custom.capacity == 46)
}

@Test func offsetRowPitchIsTheLeastThatKeepsTheGap() {
    for (box, gap) in [
        (Size(width: 60, height: 40), 3.0), (Size(width: 40, height: 60), 3.0),
        (Size(width: 50, height: 50), 5.0), (Size(width: 80, height: 20), 2.0),
    ] {
        let pitch = Packing.offsetRowPitch(box, Outline(.ellipse, trim: box), gap: gap)
        let dx = (box.width + gap) / 2
        func ovalsApart(_ dy: Double) -> Double {
            sampledDistance(
                Ellipse(in: Rect(origin: .zero, size: box)),
                Ellipse(in: Rect(origin: Point(x: dx, y: dy), size: box)), samples: 20_000)
        }
        let apart = ovalsApart(pitch)
        #expect(apart >= gap - 1e-6)
        #expect(apart <= gap + 1e-3 || pitch == (box.height + gap) / 2)
        #expect(ovalsApart(pitch - 0.01) < gap || pitch == (box.height + gap) / 2)
        #expect(2 * pitch >= box.height + gap)
    }
}

// MARK: Every plan

private let sheets: [SheetOptions] = [
    SheetOptions(paper: .a4), SheetOptions(paper: .a3), SheetOptions(paper: .a5),
    SheetOptions(paper: .a4.landscape()), SheetOptions(paper: .a3.landscape()),
    SheetOptions(paper: .a5.landscape()), SheetOptions(paper: .letter),
    SheetOptions(paper: Paper(name: "320 × 450 mm", size: Size(width: 320, height: 450))),
    SheetOptions(paper: Paper(name: "130 × 100 mm", size: Size(width: 130, height: 100))),
    SheetOptions(paper: .a4, margin: 12, gap: 5, slugHeight: 8),
    SheetOptions(paper: .a3, copies: 11),
]

@Test(arguments: sheets)
func trimsStayInTheUsableAreaAndApart(_ options: SheetOptions) throws {
    let plan = try Imposition.plan(keychain, on: options)
    let usable = usableArea(options)
    let boxes = plan.trimBoxes
    #expect(boxes.count == (options.copies ?? plan.capacity))
    let onPage = plan.quarterTurns == 0 ? keychain.trim : keychain.trim.transposed
    for box in boxes {
        #expect(usable.contains(box))
        #expect(abs(box.width - onPage.width) < 1e-9 && abs(box.height - onPage.height) < 1e-9)
    }
    for i in boxes.indices {
        for j in boxes.indices where j > i && boxes[i].insetBy(-options.gap).intersects(boxes[j]) {
            #expect(
                sampledDistance(Ellipse(in: boxes[i]), Ellipse(in: boxes[j])) >= options.gap - 1e-6,
                "copies \(i) and \(j)")
        }
    }
    // Reading order: row by row, left to right.
    for (a, b) in zip(boxes, boxes.dropFirst()) {
        #expect(a.minY < b.minY - 1e-9 || (abs(a.minY - b.minY) < 1e-9 && a.minX < b.minX))
    }
}

@Test(arguments: sheets)
func backsLandBehindFronts(_ options: SheetOptions) throws {
    let plan = try Imposition.plan(keychain, on: options)
    let width = plan.paper.width, trimWidth = keychain.trim.width
    for (front, back) in zip(plan.fronts, plan.backs) {
        let hole = front.apply(Point(x: 6, y: 20)), backHole = back.apply(Point(x: trimWidth - 6, y: 20))
        #expect(isClose(backHole, Point(x: width - hole.x, y: hole.y)))
        for p in [Point.zero, Point(x: 60, y: 0), Point(x: 17, y: 33)] {
            let f = front.apply(p), b = back.apply(Point(x: trimWidth - p.x, y: p.y))
            #expect(isClose(b, Point(x: width - f.x, y: f.y)))
        }
        #expect(abs(back.a * back.d - back.b * back.c - 1) < 1e-12)  // not mirrored: text reads
    }
    #expect(
        plan.backCropMarks
            == plan.frontCropMarks.map {
                Segment(from: Point(x: width - $0.from.x, y: $0.from.y), to: Point(x: width - $0.to.x, y: $0.to.y))
            })
}

@Test func rotatedFrontsTurnClockwise() throws {
    let plan = try Imposition.plan(keychain, on: SheetOptions(paper: .a3))
    #expect(plan.quarterTurns == 1)
    for (front, box) in zip(plan.fronts, plan.trimBoxes) {
        // The keychain's top-left corner goes to the box's top-right, its left end (hole) to the top.
        #expect(isClose(front.apply(.zero), Point(x: box.maxX, y: box.minY)))
        #expect(isClose(front.apply(Point(x: 6, y: 20)), Point(x: box.minX + 20, y: box.minY + 6)))
        #expect(isClose(front.apply(Point(x: 60, y: 40)), Point(x: box.minX, y: box.maxY)))
    }
}

@Test(arguments: sheets)
func cropMarksStayClear(_ options: SheetOptions) throws {
    let plan = try Imposition.plan(keychain, on: options)
    let boxes = plan.trimBoxes
    let bleeds = boxes.map { Ellipse(in: $0).grown(by: keychain.bleed) }
    let page = Rect(origin: .zero, size: plan.paper)
    #expect(!plan.frontCropMarks.isEmpty)
    for mark in plan.frontCropMarks {
        #expect(mark.length >= 1 - 1e-9)
        // Along an edge line of its own box, 3 to 9 mm beyond a corner.
        let owner = boxes.indices.first { i in
            let box = boxes[i]
            let xs = [box.minX, box.maxX], ys = [box.minY, box.maxY]
            func on(_ v: Double, _ edges: [Double]) -> Bool { edges.contains { abs(v - $0) < 1e-9 } }
            func beyond(_ v: Double, _ edges: [Double]) -> Bool {
                edges.contains { abs(v - $0) >= 3 - 1e-9 && abs(v - $0) <= 9 + 1e-9 }
            }
            if mark.from.y == mark.to.y, on(mark.from.y, ys) {
                return beyond(mark.from.x, xs) && beyond(mark.to.x, xs)
                    && (mark.from.x - box.center.x) * (mark.to.x - box.center.x) > 0
            }
            if mark.from.x == mark.to.x, on(mark.from.x, xs) {
                return beyond(mark.from.y, ys) && beyond(mark.to.y, ys)
                    && (mark.from.y - box.center.y) * (mark.to.y - box.center.y) > 0
            }
            return false
        }
        #expect(owner != nil, "\(mark)")
        let reach = Rect(
            x: min(mark.from.x, mark.to.x), y: min(mark.from.y, mark.to.y),
            width: abs(mark.to.x - mark.from.x), height: abs(mark.to.y - mark.from.y))
        #expect(page.contains(reach))
        for k in 0...100 {
            let t = Double(k) / 100
            let p = Point(
                x: mark.from.x + t * (mark.to.x - mark.from.x),
                y: mark.from.y + t * (mark.to.y - mark.from.y))
            #expect(
                !(p.y > plan.slugBand.minY && p.y < plan.slugBand.maxY
                    && p.x > plan.slugBand.minX && p.x < plan.slugBand.maxX), "\(mark) in the slug band")
            for (i, bleed) in bleeds.enumerated() where i != owner && bleed.bounds.insetBy(-2).intersects(reach) {
                #expect(
                    !bleed.contains(p, tolerance: 0) && bleed.distanceToOutline(from: p) >= 1 - 1e-6,
                    "\(mark) near copy \(i)")
            }
        }
    }
}

@Test func aLoneCopyHasEightFullMarks() throws {
    let plan = try Imposition.plan(keychain, on: SheetOptions(paper: .a4, copies: 1))
    #expect(plan.capacity == 18 && plan.fronts == [.translation(x: 12, y: 18.5)])
    #expect(plan.frontCropMarks.count == 8 && plan.frontCropMarks.allSatisfy { abs($0.length - 6) < 1e-12 })
    #expect(plan.frontCropMarks.first == Segment(from: Point(x: 9, y: 18.5), to: Point(x: 3, y: 18.5)))
}

@Test func marksAreClippedAroundAnOval() {
    let circle = CropMarks.KeepOut(Outline.ellipse(.circle(center: Point(x: 5, y: 0), radius: 1)).region(within: CropMarks.clearance))
    let page = Rect(x: -100, y: -100, width: 200, height: 200), band = Rect(x: 0, y: 50, width: 10, height: 5)
    let pieces = CropMarks.clip(
        Segment(from: .zero, to: Point(x: 10, y: 0)), to: page, avoiding: band,
        and: circle, at: [.zero])
    #expect(pieces.count == 2)
    #expect(isClose(pieces[0].from, .zero) && isClose(pieces[0].to, Point(x: 3, y: 0), 1e-9))
    #expect(isClose(pieces[1].from, Point(x: 7, y: 0), 1e-9) && isClose(pieces[1].to, Point(x: 10, y: 0)))
    // Through the band and off the paper: what is left is too short.
    let down = CropMarks.clip(
        Segment(from: Point(x: 5, y: 46), to: Point(x: 5, y: 52)), to: page,
        avoiding: band, and: circle, at: [])
    #expect(down == [Segment(from: Point(x: 5, y: 46), to: Point(x: 5, y: 50))])
    let offPage = CropMarks.clip(
        Segment(from: Point(x: 99.5, y: 0), to: Point(x: 105, y: 0)), to: page,
        avoiding: band, and: circle, at: [])
    #expect(offPage.isEmpty)
}

@Test func planningIsDeterministic() throws {
    for options in sheets {
        #expect(try Imposition.plan(keychain, on: options) == Imposition.plan(keychain, on: options))
    }
}

@Test func firstCopiesInReadingOrder() throws {
    let all = try Imposition.plan(keychain, on: SheetOptions(paper: .a3))
    let some = try Imposition.plan(keychain, on: SheetOptions(paper: .a3, copies: 11))
    #expect(some.capacity == 42 && Array(all.fronts.prefix(11)) == some.fronts)
    #expect(Array(all.backs.prefix(11)) == some.backs)
}

// MARK: Errors

@Test func tooManyCopies() {
    #expect(throws: ImpositionError.tooManyCopies(requested: 19, capacity: 18, paper: .a4)) {
        try Imposition.plan(keychain, on: SheetOptions(paper: .a4, copies: 19))
    }
    #expect(
        ImpositionError.tooManyCopies(requested: 19, capacity: 18, paper: .a4).description
            == "only 18 keychains fit on A4 with these margins; 19 were asked for")
    #expect(
        ImpositionError.tooManyCopies(requested: 2, capacity: 1, paper: .a5).description
            .hasPrefix("only 1 keychain fits on A5"))
    for copies in [0, -3] {
        #expect(throws: ImpositionError.invalidCopies(copies)) {
            try Imposition.plan(keychain, on: SheetOptions(paper: .a4, copies: copies))
        }
    }
}

@Test func paperTooSmall() throws {
    let paper = try Paper(parsing: "50x50mm")
    let error = ImpositionError.keychainDoesNotFit(trim: keychain.trim, paper: paper, margin: 10)
    #expect(throws: error) { try Imposition.plan(keychain, on: SheetOptions(paper: paper)) }
    #expect(error.description == "a 60 × 40 mm keychain does not fit on 50 × 50 mm paper with 10 mm margins")
    let big = KeychainFootprint(trim: Size(width: 200, height: 100), bleed: 3)
    #expect(throws: ImpositionError.keychainDoesNotFit(trim: big.trim, paper: .a5, margin: 10)) {
        try Imposition.plan(big, on: SheetOptions(paper: .a5))
    }
}

@Test func badLengths() {
    func error(_ options: SheetOptions, _ footprint: KeychainFootprint = keychain) -> ImpositionError? {
        do { _ = try Imposition.plan(footprint, on: options); return nil } catch { return error }
    }
    #expect(error(SheetOptions(paper: .a4, margin: 2)) == .marginSmallerThanBleed(margin: 2, bleed: 3))
    #expect(error(SheetOptions(paper: .a4, margin: -1)) == .invalidLength(name: "margin", value: -1))
    #expect(error(SheetOptions(paper: .a4, margin: 120)) == .noRoom(paper: .a4, margin: 120, slugHeight: 5))
    #expect(error(SheetOptions(paper: .a4, margin: .infinity)) == .invalidLength(name: "margin", value: .infinity))
    #expect(error(SheetOptions(paper: .a4, gap: 2)) == .gapSmallerThanBleed(gap: 2, bleed: 3))
    #expect(error(SheetOptions(paper: .a4, gap: -1)) == .invalidLength(name: "gap", value: -1))
    #expect(error(SheetOptions(paper: .a4, slugHeight: -5)) == .invalidLength(name: "slug height", value: -5))
    #expect(
        error(SheetOptions(paper: .a4), KeychainFootprint(trim: Size(width: 60, height: 40), bleed: -1))
            == .invalidLength(name: "bleed", value: -1))
    #expect(
        error(SheetOptions(paper: .a4), KeychainFootprint(trim: Size(width: 0, height: 40), bleed: 3))
            == .invalidTrim(Size(width: 0, height: 40)))
    #expect(
        ImpositionError.gapSmallerThanBleed(gap: 2, bleed: 3).description
            == "gap 2 mm is smaller than the bleed 3 mm: a bleed would run onto the neighbouring keychain")
    #expect(
        ImpositionError.marginSmallerThanBleed(margin: 2, bleed: 3).description
            == "margin 2 mm is smaller than the bleed 3 mm: the bleed must stay on the paper")
    #expect(
        ImpositionError.noRoom(paper: .a4, margin: 120, slugHeight: 5).description
            == "a margin of 120 mm and a slug band of 5 mm leave no room on A4 (210 × 297 mm)")
}
