import CCairo
import Foundation
import MockhoaCore
import Testing

@testable import MockhoaRender

// SpotColourStrokes.add is checked the way a print shop would check its output: a real Cairo PDF
// goes in, and Ghostscript's `tiffsep` device (which writes one greyscale TIFF per ink, as a RIP
// separates) and Poppler read what comes out. Ghostscript and Poppler come with scripts/setup.

/// Serialized: Ghostscript and Poppler runs share two CPU cores with other work.
@Suite("SpotColourStrokes", .serialized)
struct SpotColourStrokesTests {
    static let processInks: Set<String> = ["Cyan", "Magenta", "Yellow", "Black"]

    // MARK: Separations (Ghostscript tiffsep)

    @Test("the CutContour plate carries the outlines and nothing else")
    func cutContourPlateHasTheOutlinesOnly() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.cutStrokes)
        let plates = try Separations(of: output)
        #expect(plates.pages.count == 2)
        for (page, cut) in Fixture.cuts.enumerated() {
            #expect(Set(plates.pages[page].keys) == Self.processInks.union(["CutContour"]), "page \(page + 1)")
            let plate = try #require(plates.plate("CutContour", page: page), "no CutContour plate for page \(page + 1)")
            try expectOnly([.ellipse(cut)], on: plate, page: page)
        }
    }

    @Test("the cut line neither knocks out nor adds process ink")
    func processPlatesAreUnchanged() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.cutStrokes)
        let before = try Separations(of: Fixture.pdf), after = try Separations(of: output)
        #expect(before.pages.count == 2)
        for page in 0..<2 {
            try expectProcessPlates(after, unchangedFrom: before, awayFrom: [], page: page)
            // The cut line crosses process ink (the blue background), so "unchanged" means something.
            let cyan = try #require(after.plate("Cyan", page: page))
            let onBackground = Fixture.samples(along: Fixture.cuts[page]).filter(Fixture.isWellInsideBackground)
            #expect(onBackground.count > 20)
            #expect(onBackground.allSatisfy { cyan.ink(at: Fixture.pixel($0)) > 64 })
        }
    }

    @Test("registration marks put full ink on all four process plates, add no spot plate and change nothing else")
    func registrationMarksOnEveryProcessPlate() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.markStrokes)
        let before = try Separations(of: Fixture.pdf), after = try Separations(of: output)
        #expect(after.pages.count == 2)
        let marks = Fixture.marks.map(SpotStroke.Path.segment)
        for page in 0..<2 {
            // "All" is not an ink of its own: Ghostscript separates the process plates only.
            #expect(Set(after.pages[page].keys) == Self.processInks, "page \(page + 1) plates: \(after.pages[page].keys.sorted())")
            try expectProcessPlates(after, unchangedFrom: before, awayFrom: marks, page: page)
            try expectFullInk(along: Fixture.marks, in: after, page: page)
            // Over white paper there was no ink at the marks before: the ink is the marks', not the art's.
            for ink in Self.processInks {
                let old = try #require(before.plate(ink, page: page))
                let overPaper = Fixture.marks.flatMap { Fixture.samples(along: .segment($0)) }.filter(Fixture.isOverPaper)
                #expect(overPaper.count > 100)
                #expect(overPaper.allSatisfy { old.ink(at: Fixture.pixel($0)) == 0 }, "\(ink) plate of page \(page + 1)")
            }
        }
    }

    @Test("with marks and cut line: process plates get the marks only; the CutContour plate the cut line and, as All means every plate, the marks")
    func marksAndCutLineTogether() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.allStrokes)
        let before = try Separations(of: Fixture.pdf), after = try Separations(of: output)
        #expect(after.pages.count == 2)
        let marks = Fixture.marks.map(SpotStroke.Path.segment)
        for (page, cut) in Fixture.cuts.enumerated() {
            #expect(Set(after.pages[page].keys) == Self.processInks.union(["CutContour"]), "page \(page + 1)")
            try expectProcessPlates(after, unchangedFrom: before, awayFrom: marks, page: page)
            try expectFullInk(along: Fixture.marks, in: after, page: page)
            let plate = try #require(after.plate("CutContour", page: page))
            try expectOnly([.ellipse(cut)] + marks, on: plate, page: page)
        }
    }

    @Test("pages with an empty list, or past the end of the list, are left untouched")
    func pagesWithoutStrokesAreUntouched() throws {
        for strokes in [[Fixture.allStrokes[0], []], [Fixture.allStrokes[0]]] {
            let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: strokes)
            let input = try PDFDocument(Fixture.pdf).pages(), pages = try PDFDocument(output).pages()
            #expect(pages[1].dictionary == input[1].dictionary)
            #expect(pages[0].dictionary != input[0].dictionary)
            let plates = try Separations(of: output)
            let plate = try #require(plates.plate("CutContour", page: 0))
            try expectOnly([.ellipse(Fixture.cuts[0])] + Fixture.marks.map(SpotStroke.Path.segment), on: plate, page: 0)
            if let second = plates.plate("CutContour", page: 1) {  // tiffsep may write an empty plate
                #expect(second.inkedPixels.isEmpty)
            }
            let black = try #require(plates.plate("Black", page: 1)), oldBlack = try #require(Separations(of: Fixture.pdf).plate("Black", page: 1))
            #expect(black.ink == oldBlack.ink)
        }
        #expect(try SpotColourStrokes.add(to: Fixture.pdf, strokes: [[], []]) == Fixture.pdf)
        #expect(try SpotColourStrokes.add(to: Fixture.pdf, strokes: []) == Fixture.pdf)
    }

    // MARK: Screen rendering and text (Poppler)

    @Test("Poppler renders the outline magenta and the marks grey to black, without errors, and changes nothing else")
    func popplerShowsOutlineAndMarks() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.allStrokes)
        let before = try Rendering(of: Fixture.pdf), after = try Rendering(of: output)
        #expect(after.stderr == "", "pdftoppm complained: \(after.stderr)")
        #expect(after.pages.count == 2)
        let marks = Fixture.marks.map(SpotStroke.Path.segment)
        for (page, cut) in Fixture.cuts.enumerated() {
            let old = before.pages[page], new = after.pages[page]
            #expect(old.width == new.width && old.height == new.height)
            // On the outline over white paper (right of the blue background): the most coloured pixel
            // near each point is magenta-ish, red and blue well above green. A 0.25 pt line covers
            // a quarter of a 72 dpi pixel, so Poppler's antialiasing gives a pink such as
            // (248, 165, 214) rather than full magenta (236, 0, 140).
            var misses: [Point] = []
            for point in Fixture.samples(along: cut) where point.x > Fixture.background.maxX + 1 {
                let (x, y) = Fixture.pixel(point)
                let darkest = Fixture.neighbourhood(x, y).map { new.rgb($0.0, $0.1) }.min { $0.g < $1.g }
                guard let pixel = darkest, Int(pixel.r) - Int(pixel.g) > 40, Int(pixel.b) - Int(pixel.g) > 20 else {
                    misses.append(point); continue
                }
            }
            #expect(misses.count == 0, "page \(page + 1): no magenta near some outline points, e.g. \(misses.prefix(3))")
            // On the marks over white paper: a neutral grey (C = M = Y = K = 1 shows as black, antialiased).
            var markMisses: [Point] = []
            for point in Fixture.marks.flatMap({ Fixture.samples(along: .segment($0)) }) where Fixture.isOverPaper(point) {
                let (x, y) = Fixture.pixel(point)
                func sum(_ p: (r: UInt8, g: UInt8, b: UInt8)) -> Int { Int(p.r) + Int(p.g) + Int(p.b) }
                let darkest = Fixture.neighbourhood(x, y).map { new.rgb($0.0, $0.1) }.min { sum($0) < sum($1) }
                guard let p = darkest, max(p.r, p.g, p.b) < 220, max(p.r, p.g, p.b) - min(p.r, p.g, p.b) < 16 else {
                    markMisses.append(point); continue
                }
            }
            #expect(markMisses.count == 0, "page \(page + 1): no grey near some mark points, e.g. \(markMisses.prefix(3))")
            // Away from the strokes the page is pixel for pixel what it was.
            var changedFarAway = 0
            for y in 0..<new.height {
                for x in 0..<new.width where new.rgb(x, y) != old.rgb(x, y) {
                    if !Fixture.isNear(Fixture.millimetres(x, y), [.ellipse(cut)] + marks) { changedFarAway += 1 }
                }
            }
            #expect(changedFarAway == 0, "page \(page + 1): \(changedFarAway) pixels changed away from the strokes")
        }
    }

    @Test("pdfinfo reports the same pages and sizes, pdftotext the same text")
    func pageInfoAndTextAreUnchanged() throws {
        let output = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.allStrokes)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(Fixture.pdf, "in.pdf"), result = try scratch.write(output, "out.pdf")

        func pageLines(_ path: String) throws -> [String] {
            let info = try Tool.run("pdfinfo", ["-f", "1", "-l", "99", path])
            #expect(info.status == 0 && info.stderr == "", "pdfinfo: \(info.stderr)")
            return info.stdout.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("Pages:") || ($0.hasPrefix("Page ") && $0.contains(" size:")) }
        }
        let before = try pageLines(input), after = try pageLines(result)
        #expect(before.contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 2") })
        #expect(before.contains { $0.contains("595.276 x 841.89 pts (A4)") }, "\(before)")
        #expect(after == before)

        func text(_ path: String) throws -> String {
            let run = try Tool.run("pdftotext", ["-layout", path, "-"])
            #expect(run.status == 0 && run.stderr == "", "pdftotext: \(run.stderr)")
            return run.stdout
        }
        let textBefore = try text(input)
        #expect(textBefore.contains("Móc khóa trang 1") && textBefore.contains("Móc khóa trang 2"))
        #expect(try text(result) == textBefore)
    }

    // MARK: Structure of the update

    @Test("the update is appended: original bytes kept, /Prev chained, resources merged, shared objects written once")
    func incrementalUpdateStructure() throws {
        let original = try PDFDocument(Fixture.pdf), originalPages = try original.pages()
        // Page 1: marks and cut line; page 2: the cut line only.
        let once = try SpotColourStrokes.add(to: Fixture.pdf, strokes: [Fixture.allStrokes[0], Fixture.cutStrokes[1]])
        #expect(Array(once.prefix(Fixture.pdf.count)) == Fixture.pdf)

        let document = try PDFDocument(once)
        #expect(document.trailer["Prev"] == .integer(original.startXref))
        #expect(document.trailer["Root"] == original.trailer["Root"])
        #expect(document.trailer["Info"] == original.trailer["Info"])
        // Two colour spaces, one graphics state and one `q` stream shared, one content stream per page.
        #expect(document.size == original.size + 6)
        let pages = try document.pages()
        #expect(pages.map(\.reference) == originalPages.map(\.reference))
        var shared: [String: PDFObject] = [:]
        for (index, (page, old)) in zip(pages, originalPages).enumerated() {
            let contents = try #require(page.dictionary["Contents"]?.array)
            #expect(contents.count == 3)
            #expect(contents[1] == old.dictionary["Contents"])
            #expect(page.dictionary["MediaBox"] == old.dictionary["MediaBox"])
            // Old resources kept (Cairo's /a0 graphics state and font), new ones added.
            let graphicsStates = try document.dictionary(page.resources["ExtGState"], "ExtGState")
            let colorSpaces = try document.dictionary(page.resources["ColorSpace"], "ColorSpace")
            #expect(Set(graphicsStates.keys).isSuperset(of: try document.dictionary(old.resources["ExtGState"], "").keys))
            #expect(page.resources["Font"] == old.resources["Font"])
            let gs = try document.dictionary(graphicsStates["GSOverprint"], "GSOverprint")
            #expect(gs["OP"] == .bool(true) && gs["op"] == .bool(true) && gs["OPM"] == .integer(1))
            #expect(colorSpaces["CSAll"] == nil || index == 0)
            for (key, ink, c1) in [("CSCutContour", "CutContour", [0, 1, 0, 0]), ("CSAll", "All", [1, 1, 1, 1])] {
                guard let reference = colorSpaces[key] else {
                    #expect(key == "CSAll" && index == 1, "page \(index + 1) has no /\(key)")
                    continue
                }
                let space = try #require(try document.resolve(reference).array)
                #expect(Array(space.prefix(3)) == [.name("Separation"), .name(ink), .name("DeviceCMYK")])
                let tint = try #require(space.last?.dictionary)
                #expect(tint["FunctionType"] == .integer(2) && tint["N"] == .integer(1))
                #expect(tint["C0"] == .array([0, 0, 0, 0].map(PDFObject.integer)))
                #expect(tint["C1"] == .array(c1.map(PDFObject.integer)))
                #expect(shared[key].map { $0 == reference } ?? true, "/\(key) written twice")
                shared[key] = reference
            }
            for (key, object) in [("GSOverprint", graphicsStates["GSOverprint"]), ("q", contents[0])] {
                #expect(shared[key].map { $0 == object } ?? true, "\(key) written twice")
                shared[key] = object
            }
        }

        // A second pass chains a second update and picks fresh resource names.
        let twice = try SpotColourStrokes.add(to: once, strokes: [[SpotStroke(.ellipse(Fixture.cuts[0].grown(by: 2)), in: .cutContour,
                                                                               widthPoints: 0.5)]])
        let second = try PDFDocument(twice)
        #expect(second.trailer["Prev"] == .integer(document.startXref))
        let page = try #require(second.pages().first)
        #expect(try second.dictionary(page.resources["ColorSpace"], "").keys.contains("CSCutContour2"))
        #expect(try second.dictionary(page.resources["ExtGState"], "").keys.contains("GSOverprint2"))
        #expect(page.dictionary["Contents"]?.array?.count == 5)
        let plates = try Separations(of: twice)
        let cut = try #require(plates.plate("CutContour", page: 0))
        #expect(!cut.inkedPixels.isEmpty)
    }

    @Test("the content stream strokes segments and four Béziers per ellipse in points, y flipped, one path per colour and width")
    func contentStreamGeometry() {
        let e = Ellipse(center: Point(x: 25.4, y: 50.8), radiusX: 25.4, radiusY: 12.7)  // 72 × 36 pt at (72, 144) pt
        let s = Segment(from: Point(x: 0, y: 25.4), to: Point(x: 25.4, y: 25.4))  // (0, 72) → (72, 72) pt
        let t = Segment(from: Point(x: 12.7, y: 0), to: Point(x: 12.7, y: 25.4))  // (36, 0) → (36, 72) pt
        let text = SpotColourStrokes.contentStream(
            [SpotStroke(.segment(s), in: .registration), SpotStroke(.segment(t), in: .registration),
             SpotStroke(.ellipse(e), in: .cutContour, widthPoints: 0.5)],
            mediaBox: [0, 0, 200, 400], colorSpaces: [.registration: "CSAll", .cutContour: "CSCutContour"],
            graphicsState: "GSOverprint")
        #expect(text.hasPrefix("Q\nq\n/GSOverprint gs\n0 J 0 j [] 0 d\n/CSAll CS 1 SCN\n0.25 w\n0 328 m 72 328 l\n36 400 m 36 328 l\nS\n"))
        #expect(text.contains("S\n/CSCutContour CS 1 SCN\n0.5 w\n144 256 m\n"))  // rightmost point: x 72 + 72, y 400 − 144
        #expect(text.contains(" 72 292 c\n"))  // top: y 256 + 36
        #expect(text.components(separatedBy: " c\n").count - 1 == 4)
        #expect(text.split(separator: "\n").filter { $0 == "S" }.count == 2)
        #expect(text.hasSuffix("h\nS\nQ\n"))
    }

    // MARK: Bad input

    @Test("malformed input throws a descriptive error and never crashes")
    func malformedInputThrows() throws {
        let pdf = Fixture.pdf
        var bad: [[UInt8]] = [[], Array("hello".utf8), Array("%PDF-1.5\n".utf8), Array("%PDF-1.5\n%%EOF\n".utf8),
                              Array("%PDF-1.5\nstartxref\n999999\n%%EOF".utf8),
                              Array("%PDF-1.5\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF".utf8),
                              Array("%PDF-1.5\nxref\n9223372036854775807 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF".utf8),
                              Array("%PDF-1.5\nxref\ntrailer\n<< /Size 9223372036854775807 /Root 1 0 R >>\nstartxref\n9\n%%EOF".utf8),
                              Array("%PDF-1.5\nxref\ntrailer << /Root ".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000)
                                  + Array("\nstartxref\n9\n%%EOF".utf8)]
        var generator = SplitMix64(seed: 2018)
        bad.append(Array("%PDF-1.5\n".utf8) + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        for (i, bytes) in bad.enumerated() {
            #expect(throws: SpotColourError.self, "case \(i)") {
                try SpotColourStrokes.add(to: bytes, strokes: [Fixture.allStrokes[0]])
            }
        }
        // Truncated anywhere before the end of `startxref <offset>`, it must throw.
        let eof = try #require(PDFDocument.findLast(Array("%%EOF".utf8), in: pdf, within: 0..<pdf.count))
        let xref = try #require(PDFDocument.findLast(Array("\nxref".utf8), in: pdf, within: 0..<pdf.count))
        for length in Array(stride(from: 0, to: pdf.count, by: max(1, pdf.count / 150))) + [xref + 30, eof - 3, eof - 1] {
            let cut = Array(pdf.prefix(length))
            do {
                _ = try SpotColourStrokes.add(to: cut, strokes: [Fixture.allStrokes[0]])
                #expect(length >= eof - 1, "truncated to \(length) of \(pdf.count) bytes but accepted")
            } catch let error as SpotColourError {
                #expect(!error.description.isEmpty)
            }
        }
        // Bytes flipped in the structure (page objects, catalog, xref, trailer): any answer but a crash.
        let structureStart = try #require(PDFDocument.find(Array("2 0 obj".utf8), in: pdf, within: 0..<pdf.count))
        for _ in 0..<300 {
            var damaged = pdf
            for _ in 0..<3 {
                let i = Int.random(in: structureStart..<pdf.count, using: &generator)
                damaged[i] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? SpotColourStrokes.add(to: damaged, strokes: Fixture.allStrokes)
        }
    }

    @Test("bad arguments throw")
    func badArgumentsThrow() {
        let cut = SpotStroke(.ellipse(Fixture.cuts[0]), in: .cutContour)
        let thin = SpotStroke(.segment(Fixture.marks[0]), in: .registration, widthPoints: 0)
        #expect(throws: SpotColourError.invalidStroke(page: 1, index: 1, thin)) {
            try SpotColourStrokes.add(to: Fixture.pdf, strokes: [[cut], [cut, thin]])
        }
        #expect(throws: SpotColourError.tooManyPages(strokePages: 3, documentPages: 2)) {
            try SpotColourStrokes.add(to: Fixture.pdf, strokes: [[cut], [], [cut]])
        }
        let nan = Double.nan
        let broken: [SpotStroke] = [
            SpotStroke(.ellipse(Ellipse(center: .zero, radiusX: 0, radiusY: 3)), in: .cutContour),
            SpotStroke(.ellipse(Ellipse(center: Point(x: nan, y: 0), radiusX: 1, radiusY: 1)), in: .cutContour),
            SpotStroke(.ellipse(Ellipse(center: .zero, radiusX: 1, radiusY: .infinity)), in: .registration),
            SpotStroke(.segment(Segment(from: .zero, to: Point(x: 1, y: -.infinity))), in: .registration),
            SpotStroke(.segment(Fixture.marks[0]), in: .registration, widthPoints: nan),
            SpotStroke(.ellipse(Fixture.cuts[0]), in: .cutContour, widthPoints: -1),
        ]
        for stroke in broken {
            #expect(throws: SpotColourError.self) { try SpotColourStrokes.add(to: Fixture.pdf, strokes: [[cut], [stroke]]) }
            #expect(!SpotColourError.invalidStroke(page: 1, index: 0, stroke).description.isEmpty)
        }
    }

    @Test("an xref stream is reported as unsupported, not as garbage")
    func xrefStreamIsUnsupported() throws {
        let text = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 1 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
        do {
            _ = try SpotColourStrokes.add(to: Array(text.utf8), strokes: Fixture.cutStrokes)
            Issue.record("a PDF with an xref stream was accepted")
        } catch let error as SpotColourError {
            guard case .unsupportedPDF(let why) = error else { Issue.record("expected unsupportedPDF, got \(error)"); return }
            #expect(why.contains("cross-reference streams"))
        }
    }

    // MARK: Parser

    @Test("the parser reads every kind of object and the serializer writes it back")
    func parserRoundTrip() throws {
        let source = """
            << /Type /Page % a comment
               /Kids [ 1 2 3 0 R -4.5 .5 +7 4. ] /Str (a\\(b\\) \\101\\n (nested)) /Hex <48 65 6C6C 6f7>
               /Name#20Sp /A#23b /T true /F false /N null /D << /In [ ] >> >>
            """
        var parser = PDFParser(Array(source.utf8))
        let object = try parser.parseObject()
        let d = try #require(object.dictionary)
        #expect(d.keys == ["Type", "Kids", "Str", "Hex", "Name Sp", "T", "F", "N", "D"])
        #expect(d["Kids"] == .array([.integer(1), .integer(2), .reference(PDFReference(number: 3, generation: 0)),
                                     .real(-4.5), .real(0.5), .integer(7), .real(4)]))
        #expect(d["Str"] == .string(Array("a(b) A\n (nested)".utf8)))
        #expect(d["Hex"] == .string(Array("Hello".utf8) + [0x70]))
        #expect(d["Name Sp"] == .name("A#b"))
        #expect(d["D"] == .dictionary(PDFDictionary([("In", .array([]))])))
        var again = PDFParser(Array(object.serialized.utf8))
        #expect(try again.parseObject() == object)
        #expect(PDFObject.format(595.28) == "595.28" && PDFObject.format(1e-7) == "0.0000001" && PDFObject.format(-3) == "-3")
    }

    // MARK: Checks

    /// Every inked pixel of `plate` lies on one of `paths`, and every part of each path is inked.
    private func expectOnly(_ paths: [SpotStroke.Path], on plate: Plate, page: Int) throws {
        let inked = plate.inkedPixels
        #expect(inked.count > 100, "page \(page + 1): only \(inked.count) inked pixels")
        let stray = inked.filter { !Fixture.isNear(Fixture.millimetres($0.x, $0.y), paths) }
        #expect(stray.count == 0, "page \(page + 1): \(stray.count) pixels off the strokes, e.g. \(stray.prefix(3))")
        let missing = paths.flatMap(Fixture.samples(along:)).filter { point in
            let (x, y) = Fixture.pixel(point)
            return !Fixture.neighbourhood(x, y).contains { plate.ink(at: $0) > Plate.inkThreshold }
        }
        #expect(missing.count == 0, "page \(page + 1): strokes not inked near \(missing.count) points, e.g. \(missing.prefix(3))")
    }

    /// Each process plate of `page` is what it was in `before`, except near `paths`.
    private func expectProcessPlates(_ after: Separations, unchangedFrom before: Separations, awayFrom paths: [SpotStroke.Path],
                                     page: Int) throws {
        for ink in Self.processInks.sorted() {
            let old = try #require(before.plate(ink, page: page)), new = try #require(after.plate(ink, page: page))
            try #require(old.width == new.width && old.height == new.height, "\(ink) plate of page \(page + 1) changed size")
            let changed = new.ink.indices.filter { new.ink[$0] != old.ink[$0] }
                .map { Fixture.millimetres($0 % new.width, $0 / new.width) }
                .filter { !Fixture.isNear($0, paths) }
            #expect(changed.count == 0, "\(ink) plate of page \(page + 1) changed away from the strokes, e.g. \(changed.prefix(3))")
        }
    }

    /// Every point of `marks` has full ink (100 %, not the ~70–90 % of RGB black) on each process plate.
    private func expectFullInk(along marks: [Segment], in plates: Separations, page: Int) throws {
        for ink in Self.processInks.sorted() {
            let plate = try #require(plates.plate(ink, page: page))
            let missing = marks.flatMap { Fixture.samples(along: .segment($0)) }.filter { point in
                let (x, y) = Fixture.pixel(point)
                return !Fixture.neighbourhood(x, y).contains { plate.ink(at: $0) >= 250 }
            }
            #expect(missing.count == 0, "\(ink) plate of page \(page + 1): marks not at full ink near \(missing.prefix(3))")
        }
    }
}

// Helpers are nested in the suite so that their short names cannot clash with other test files.
extension SpotColourStrokesTests {
    // MARK: - Fixture: a two-page A4 Cairo PDF with red ovals and text

    private enum Fixture {
        static let pageSize = Size(width: 210, height: 297)  // A4 in mm
        /// The red filled oval on each page, and the cut line 3 mm outside it.
        static let ovals = [Ellipse(center: Point(x: 105, y: 120), radiusX: 60, radiusY: 35),
                            Ellipse(center: Point(x: 80, y: 190), radiusX: 30, radiusY: 45)]
        static let cuts = ovals.map { $0.grown(by: 3) }
        /// A light blue background under the left part of each page, so that the cut line crosses
        /// process ink there (over white paper, a knockout would not show on the plates).
        static let background = Rect(x: 0, y: 50, width: 100, height: 200)
        static func isWellInsideBackground(_ p: Point) -> Bool {
            let inner = background.insetBy(1)
            return p.x > inner.minX && p.x < inner.maxX && p.y > inner.minY && p.y < inner.maxY
        }
        /// Crop-mark-like registration segments, the same on both pages: over white paper clear of
        /// the ovals, cut lines and text, and one over the blue background.
        static let marks = [Segment(from: Point(x: 120, y: 20), to: Point(x: 140, y: 20)),
                            Segment(from: Point(x: 190, y: 30), to: Point(x: 190, y: 50)),
                            Segment(from: Point(x: 150, y: 275), to: Point(x: 170, y: 275)),
                            Segment(from: Point(x: 10, y: 262), to: Point(x: 10, y: 285)),
                            Segment(from: Point(x: 20, y: 70), to: Point(x: 40, y: 70))]
        static func isOverPaper(_ p: Point) -> Bool {
            let outer = background.insetBy(-2)
            return !(p.x > outer.minX && p.x < outer.maxX && p.y > outer.minY && p.y < outer.maxY)
        }

        static let cutStrokes = cuts.map { [SpotStroke(.ellipse($0), in: .cutContour)] }
        static let markStrokes = [[SpotStroke]](repeating: marks.map { SpotStroke(.segment($0), in: .registration) }, count: 2)
        /// Per page: the registration marks, then the cut line.
        static let allStrokes = zip(markStrokes, cutStrokes).map { $0 + $1 }

        /// How far from the outline a plate pixel centre may be: a 0.25 pt line at 72 dpi inks the
        /// pixels it touches, whose centres lie up to about 0.75 px (0.26 mm) away; allow 1.5 px.
        static let tolerance = 1.5 / pointsPerMillimetre

        /// Made once (Cairo and fontconfig are not used from several tests at the same time).
        static let pdf: [UInt8] = makePDF()

        private static func makePDF() -> [UInt8] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("spotcolour-\(UUID().uuidString).pdf").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let surface = cairo_pdf_surface_create(path, pageSize.width * pointsPerMillimetre, pageSize.height * pointsPerMillimetre)
            let cr = cairo_create(surface)
            for (page, oval) in ovals.enumerated() {
                cairo_save(cr)
                cairo_scale(cr, pointsPerMillimetre, pointsPerMillimetre)  // mm, y down, like the project
                cairo_rectangle(cr, background.minX, background.minY, background.width, background.height)
                cairo_set_source_rgb(cr, 0.55, 0.75, 1)
                cairo_fill(cr)
                cairo_translate(cr, oval.center.x, oval.center.y)
                cairo_scale(cr, oval.radiusX, oval.radiusY)
                cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
                cairo_restore(cr)
                cairo_set_source_rgb(cr, 1, 0, 0)
                cairo_fill(cr)
                cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
                cairo_set_font_size(cr, 14)
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_move_to(cr, 40, 60)
                cairo_show_text(cr, "Móc khóa trang \(page + 1)")
                cairo_show_page(cr)
            }
            let status = cairo_status(cr)
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            cairo_surface_destroy(surface)
            precondition(status == CAIRO_STATUS_SUCCESS, "Cairo failed to draw the test PDF")
            return (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
        }

        /// The 72 dpi pixel (one pixel per point) that contains `p` (mm from the top-left).
        static func pixel(_ p: Point) -> (Int, Int) {
            (Int((p.x * pointsPerMillimetre).rounded(.down)), Int((p.y * pointsPerMillimetre).rounded(.down)))
        }
        /// The centre of a 72 dpi pixel, in mm.
        static func millimetres(_ x: Int, _ y: Int) -> Point {
            Point(x: (Double(x) + 0.5) / pointsPerMillimetre, y: (Double(y) + 0.5) / pointsPerMillimetre)
        }
        static func neighbourhood(_ x: Int, _ y: Int) -> [(Int, Int)] {
            (-1...1).flatMap { dy in (-1...1).map { dx in (x + dx, y + dy) } }
        }
        static func samples(along e: Ellipse, count: Int = 360) -> [Point] {
            (0..<count).map { e.point(at: Double($0) / Double(count) * 2 * .pi) }
        }
        /// Points every 0.5 mm along a path.
        static func samples(along path: SpotStroke.Path) -> [Point] {
            switch path {
            case .ellipse(let e): return samples(along: e)
            case .segment(let s):
                let n = max(1, Int(s.length / 0.5))
                return (0...n).map { i in
                    let t = Double(i) / Double(n)
                    return Point(x: s.from.x + t * (s.to.x - s.from.x), y: s.from.y + t * (s.to.y - s.from.y))
                }
            }
        }
        /// Distance in mm from `p` to the line drawn for `path`.
        static func distance(from p: Point, to path: SpotStroke.Path) -> Double {
            switch path {
            case .ellipse(let e): return e.distanceToOutline(from: p)
            case .segment(let s):
                let dx = s.to.x - s.from.x, dy = s.to.y - s.from.y, lengthSquared = dx * dx + dy * dy
                let t = lengthSquared > 0 ? max(0, min(1, ((p.x - s.from.x) * dx + (p.y - s.from.y) * dy) / lengthSquared)) : 0
                return hypot(p.x - (s.from.x + t * dx), p.y - (s.from.y + t * dy))
            }
        }
        static func isNear(_ p: Point, _ paths: [SpotStroke.Path]) -> Bool {
            paths.contains { distance(from: p, to: $0) <= tolerance }
        }
    }

    // MARK: - Tools

    private struct Scratch {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("spotcolour-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    private enum Tool {
        struct Result { var status: Int32; var stdout: String; var stderr: String; var stdoutData: Data }

        /// Runs a command-line tool found on PATH; output goes through files, so large output cannot
        /// block the process.
        static func run(_ tool: String, _ arguments: [String]) throws -> Result {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let out = scratch.directory.appendingPathComponent("stdout"), err = scratch.directory.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool] + arguments
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            process.waitUntilExit()
            let stdoutData = try Data(contentsOf: out)
            let result = Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                                stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), stdoutData: stdoutData)
            if result.status == 127 { Issue.record("\(tool) is not installed: run scripts/setup") }
            return result
        }
    }

    /// One ink of one page, as Ghostscript's tiffsep writes it: 8-bit greyscale, one byte per pixel.
    private struct Plate {
        var width: Int, height: Int
        /// Ink per pixel, 0 (none) … 255 (full), row by row.
        var ink: [UInt8]
        static let inkThreshold: UInt8 = 64

        func ink(at p: (Int, Int)) -> UInt8 {
            guard p.0 >= 0, p.0 < width, p.1 >= 0, p.1 < height else { return 0 }
            return ink[p.1 * width + p.0]
        }
        var inkedPixels: [(x: Int, y: Int)] {
            ink.indices.filter { ink[$0] > Self.inkThreshold }.map { ($0 % width, $0 / width) }
        }

        /// Reads the first image of an uncompressed 8-bit greyscale TIFF (both byte orders).
        init(tiff data: [UInt8]) throws {
            struct Bad: Error, CustomStringConvertible { var description: String }
            guard data.count >= 8 else { throw Bad(description: "TIFF too short") }
            let little = data[0] == UInt8(ascii: "I")
            func u16(_ o: Int) throws -> Int {
                guard o >= 0, o + 2 <= data.count else { throw Bad(description: "TIFF offset \(o) out of range") }
                return little ? Int(data[o]) | Int(data[o + 1]) << 8 : Int(data[o]) << 8 | Int(data[o + 1])
            }
            func u32(_ o: Int) throws -> Int {
                little ? try u16(o) | u16(o + 2) << 16 : try u16(o) << 16 | u16(o + 2)
            }
            let ifd = try u32(4)
            var tags: [Int: [Int]] = [:]
            for i in 0..<(try u16(ifd)) {
                let entry = ifd + 2 + 12 * i
                let tag = try u16(entry), type = try u16(entry + 2), count = try u32(entry + 4)
                let size = type == 3 ? 2 : 4
                let base = count * size <= 4 ? entry + 8 : try u32(entry + 8)
                tags[tag] = try (0..<count).map { type == 3 ? try u16(base + $0 * 2) : try u32(base + $0 * 4) }
            }
            guard let w = tags[256]?.first, let h = tags[257]?.first, tags[258]?.first == 8, tags[259]?.first == 1,
                  let offsets = tags[273], let counts = tags[279] else {
                throw Bad(description: "not an uncompressed 8-bit greyscale TIFF: \(tags.keys.sorted())")
            }
            var pixels: [UInt8] = []
            for (o, n) in zip(offsets, counts) {
                guard o + n <= data.count else { throw Bad(description: "TIFF strip out of range") }
                pixels += data[o..<(o + n)]
            }
            guard pixels.count >= w * h else { throw Bad(description: "TIFF has too few pixels") }
            width = w; height = h
            // tiffsep plates are WhiteIsZero (0 = no ink); flip BlackIsZero so that 0 always means no ink.
            let whiteIsZero = tags[262]?.first == 0
            ink = Array(pixels.prefix(w * h)).map { whiteIsZero ? $0 : 255 - $0 }
        }
    }

    /// `gs -sDEVICE=tiffsep`: per page, one plate per ink (Cyan, Magenta, Yellow, Black and any spot
    /// colour), named `p<page>(<ink>).tif`. Uncompressed so that the reader above stays tiny.
    private struct Separations {
        var pages: [[String: Plate]]

        init(of pdf: [UInt8]) throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let input = try scratch.write(pdf, "in.pdf")
            let run = try Tool.run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72",
                                          "-sCompression=none", "-o", scratch.directory.appendingPathComponent("p%d.tif").path, input])
            #expect(run.status == 0 && !run.stdout.contains("Error") && !run.stderr.contains("Error"),
                    "gs: \(run.stdout) \(run.stderr)")
            var pages: [[String: Plate]] = []
            let files = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path)
            for page in 1... {
                var plates: [String: Plate] = [:]
                for file in files where file.hasPrefix("p\(page)(") && file.hasSuffix(").tif") {
                    let ink = String(file.dropFirst("p\(page)(".count).dropLast(").tif".count))
                    plates[ink] = try Plate(tiff: Array(Data(contentsOf: scratch.directory.appendingPathComponent(file))))
                }
                if plates.isEmpty { break }
                pages.append(plates)
            }
            self.pages = pages
        }

        func plate(_ ink: String, page: Int) -> Plate? { page < pages.count ? pages[page][ink] : nil }
    }

    /// `pdftoppm -r 72`: one RGB image per page. PPM rather than `-png`: the same renderer, and the
    /// binary PPM format can be read in a few lines.
    private struct Rendering {
        struct Image {
            var width: Int, height: Int, rgb: [UInt8]
            func rgb(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
                guard x >= 0, x < width, y >= 0, y < height else { return (255, 255, 255) }
                let i = 3 * (y * width + x)
                return (rgb[i], rgb[i + 1], rgb[i + 2])
            }
        }
        var pages: [Image] = []
        var stderr: String

        init(of pdf: [UInt8]) throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let input = try scratch.write(pdf, "in.pdf")
            let run = try Tool.run("pdftoppm", ["-r", "72", input, scratch.directory.appendingPathComponent("page").path])
            #expect(run.status == 0)
            stderr = run.stderr
            let files = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path)
                .filter { $0.hasPrefix("page-") && $0.hasSuffix(".ppm") }
                .sorted { Int($0.dropFirst(5).dropLast(4)) ?? 0 < Int($1.dropFirst(5).dropLast(4)) ?? 0 }
            for file in files {
                let data = try Array(Data(contentsOf: scratch.directory.appendingPathComponent(file)))
                // "P6\n<width> <height>\n255\n" then RGB bytes.
                var fields: [Int] = [], i = 2, field = ""
                while fields.count < 3, i < data.count {
                    let c = data[i]; i += 1
                    if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { field.append(Character(UnicodeScalar(c))) }
                    else if !field.isEmpty { fields.append(Int(field)!); field = "" }
                }
                let count = fields[0] * fields[1] * 3
                try #require(data.count - i >= count)
                pages.append(Image(width: fields[0], height: fields[1], rgb: Array(data[i..<(i + count)])))
            }
        }
    }

    /// A small seeded generator, so that the byte-flipping test is the same on every run.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
