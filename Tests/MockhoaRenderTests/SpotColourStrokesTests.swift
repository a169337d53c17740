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
        let marks = Fixture.marks.map(Path.segment)
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

    @Test(
        "with marks and cut line: process plates get the marks only; the CutContour plate the cut line and, as All means every plate, the marks",
        arguments: Fixture.Input.allCases)
    func marksAndCutLineTogether(_ input: Fixture.Input) throws {
        let output = try SpotColourStrokes.add(to: input.pdf, strokes: Fixture.allStrokes)
        let before = try Separations(of: Fixture.pdf), after = try Separations(of: output)
        #expect(after.pages.count == 2)
        let marks = Fixture.marks.map(Path.segment)
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
            let input = try QPDFDocument(Fixture.pdf), result = try QPDFDocument(output)
            let before = try input.pages(), after = try result.pages()
            #expect(try result.pageContent(after[1]) == input.pageContent(before[1]))
            #expect(try result.value(after[1], "/Contents").map(result.isStream) == true)
            #expect(try result.pageContent(after[0]) != input.pageContent(before[0]))
            let plates = try Separations(of: output)
            let plate = try #require(plates.plate("CutContour", page: 0))
            try expectOnly([.ellipse(Fixture.cuts[0])] + Fixture.marks.map(Path.segment), on: plate, page: 0)
            if let second = plates.plate("CutContour", page: 1) {  // tiffsep may write an empty plate
                #expect(second.inkedPixels.isEmpty)
            }
            let black = try #require(plates.plate("Black", page: 1)),
                oldBlack = try #require(Separations(of: Fixture.pdf).plate("Black", page: 1))
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
        let marks = Fixture.marks.map(Path.segment)
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

    @Test(
        "old contents wrapped, resources merged, shared objects written once, fresh names on a second pass",
        arguments: Fixture.Input.allCases)
    func structure(_ input: Fixture.Input) throws {
        let original = try QPDFDocument(input.pdf), originalPages = try original.pages()
        // Page 1: marks and cut line; page 2: the cut line only.
        let once = try SpotColourStrokes.add(to: input.pdf, strokes: [Fixture.allStrokes[0], Fixture.cutStrokes[1]])
        let document = try QPDFDocument(once)
        let pages = try document.pages()
        #expect(pages.count == 2)
        var shared: [String: Int] = [:]
        func sharedOnce(_ key: String, _ object: QPDFDocument.Handle) {
            let number = document.objectNumber(object)
            #expect(number > 0, "\(key) is not an indirect object")
            #expect(shared[key].map { $0 == number } ?? true, "\(key) written twice")
            shared[key] = number
        }
        for (index, (page, old)) in zip(pages, originalPages).enumerated() {
            let contents = try document.items(try #require(try document.value(page, "/Contents")))
            #expect(contents.count == 3)
            #expect(try document.streamData(contents[0]) == Array("q\n".utf8))
            #expect(try document.streamData(contents[1]) == original.pageContent(old))
            #expect(String(decoding: try document.streamData(contents[2]), as: UTF8.self).hasPrefix("Q\nq\n/GSOverprint gs\n"))
            sharedOnce("q", contents[0])
            #expect(
                try document.unparse(#require(try document.value(page, "/MediaBox")))
                    == original.unparse(#require(try original.value(old, "/MediaBox"))))
            // Old resources kept (Cairo's /a0 graphics state and fonts), new ones added.
            let resources = try #require(try document.value(page, "/Resources")),
                oldResources = try #require(try original.value(old, "/Resources"))
            let graphicsStates = try #require(try document.value(resources, "/ExtGState"))
            let colorSpaces = try #require(try document.value(resources, "/ColorSpace"))
            let oldStates = try #require(try original.value(oldResources, "/ExtGState"))
            #expect(Set(try document.keys(graphicsStates)).isSuperset(of: try original.keys(oldStates)))
            #expect(Set(try document.keys(graphicsStates)).contains("/GSOverprint"))
            #expect(
                try document.keys(#require(try document.value(resources, "/Font")))
                    == original.keys(#require(try original.value(oldResources, "/Font"))))
            let gs = try #require(try document.value(graphicsStates, "/GSOverprint"))
            sharedOnce("GSOverprint", gs)
            #expect(document.unparse(try document.shallowCopy(gs)) == "<< /OP true /OPM 1 /Type /ExtGState /op true >>")
            for (key, ink, c1) in [("/CSCutContour", "CutContour", "0 1 0 0"), ("/CSAll", "All", "1 1 1 1")] {
                guard let space = try document.value(colorSpaces, key) else {
                    #expect(key == "/CSAll" && index == 1, "page \(index + 1) has no \(key)")
                    continue
                }
                sharedOnce(key, space)
                #expect(
                    document.unparse(document.newArray(try document.items(space)))
                        == "[ /Separation /\(ink) /DeviceCMYK << /C0 [ 0 0 0 0 ] /C1 [ \(c1) ] /Domain [ 0 1 ] /FunctionType 2 /N 1 >> ]")
            }
        }

        // A second pass picks fresh resource names and wraps the contents again.
        let twice = try SpotColourStrokes.add(
            to: once,
            strokes: [
                [
                    SpotStroke(
                        .ellipse(Fixture.cuts[0].grown(by: 2)), in: .cutContour,
                        widthPoints: 0.5)
                ]
            ])
        let second = try QPDFDocument(twice)
        let page = try #require(try second.pages().first)
        let resources = try #require(try second.value(page, "/Resources"))
        #expect(try second.keys(#require(try second.value(resources, "/ColorSpace"))).contains("/CSCutContour2"))
        #expect(try second.keys(#require(try second.value(resources, "/ExtGState"))).contains("/GSOverprint2"))
        #expect(try second.items(#require(try second.value(page, "/Contents"))).count == 5)
        let plates = try Separations(of: twice)
        let cut = try #require(plates.plate("CutContour", page: 0))
        #expect(!cut.inkedPixels.isEmpty)
    }

    @Test("the same input gives the same bytes; object streams in, object streams out")
    func reproducibleAndObjectStreamsKept() throws {
        let classic = try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.allStrokes)
        #expect(try SpotColourStrokes.add(to: Fixture.pdf, strokes: Fixture.allStrokes) == classic)
        let compact = try SpotColourStrokes.add(to: Fixture.objectStreamPDF, strokes: Fixture.allStrokes)
        #expect(try SpotColourStrokes.add(to: Fixture.objectStreamPDF, strokes: Fixture.allStrokes) == compact)
        func count(_ needle: String, in bytes: [UInt8]) -> Int { Fixture.occurrences(of: Array(needle.utf8), in: bytes).count }
        // The fixtures are what they claim: Cairo 1.16's classic table, and qpdf's rewrite with
        // a cross-reference stream and object streams (what Cairo 1.17.6 and later write).
        #expect(count("\nxref\n", in: Fixture.pdf) == 1 && count("/ObjStm", in: Fixture.pdf) == 0)
        #expect(count("\nxref\n", in: Fixture.objectStreamPDF) == 0 && count("/ObjStm", in: Fixture.objectStreamPDF) > 0)
        #expect(count("/XRef", in: Fixture.objectStreamPDF) > 0)
        #expect(count("/ObjStm", in: classic) == 0 && count("/ObjStm", in: compact) > 0)
        #expect(count("/ID [<", in: classic) == 1)
    }

    /// On the object-stream rewrite (the Cairo original goes through this in MockhoaTests' sheets).
    @Test("colours: each declared RGB becomes exactly its CMYK or its spot colour; an undeclared one is refused")
    func declaredColours() throws {
        let input = Fixture.Input.objectStreams
        // Fixture colours: the blue background (0.55, 0.75, 1 → #8CBFFF), the red oval, black text.
        let blue = Color(red: 140 / 255, green: 191 / 255, blue: 1), red = Color(red: 1, green: 0, blue: 0)
        let inks = [Ink(rgb: blue, cmyk: [45, 15, 0, 0], spot: "Sky"), Ink(rgb: red, cmyk: [0, 90, 80, 0], spot: "Signal Red")]
        let bluePoint = Point(x: 10, y: 60), redPoint = Fixture.ovals[0].center

        let cmyk = try Separations(
            of: SpotColourStrokes.add(
                to: input.pdf, strokes: Fixture.cutStrokes,
                colours: PrintColours(mode: .cmyk, inks: inks)))
        #expect(Set(cmyk.pages[0].keys) == Self.processInks.union(["CutContour"]))
        for (point, values) in [(bluePoint, [45.0, 15, 0, 0]), (redPoint, [0, 90, 80, 0])] {
            for (ink, percent) in zip(["Cyan", "Magenta", "Yellow", "Black"], values) {
                let measured = Double(try #require(cmyk.plate(ink, page: 0)).ink(at: Fixture.pixel(point))) / 255 * 100
                #expect(abs(measured - percent) <= 1, "\(ink) at \(point): \(measured) %, declared \(percent) %")
            }
        }

        let spot = try Separations(
            of: SpotColourStrokes.add(
                to: input.pdf, strokes: Fixture.cutStrokes,
                colours: PrintColours(mode: .spot, inks: inks)))
        for page in 0..<2 {
            #expect(Set(spot.pages[page].keys) == Self.processInks.union(["CutContour", "Sky", "Signal Red"]), "page \(page + 1)")
        }
        #expect(spot.plate("Sky", page: 0)?.ink(at: Fixture.pixel(bluePoint)) == 255)
        #expect(spot.plate("Signal Red", page: 0)?.ink(at: Fixture.pixel(redPoint)) == 255)
        for ink in Self.processInks.union(["Sky"]) { #expect(spot.plate(ink, page: 0)?.ink(at: Fixture.pixel(redPoint)) == 0, "\(ink)") }
        // Black the template does not declare (the text here) prints as process black.
        #expect(try #require(spot.plate("Black", page: 0)).inkedPixels.count > 50)

        do {
            _ = try SpotColourStrokes.add(to: input.pdf, strokes: [], colours: PrintColours(mode: .cmyk, inks: [inks[1]]))
            Issue.record("an undeclared colour was accepted")
        } catch let error as SpotColourError {
            #expect("\(error)".contains("#8CBFFF") && "\(error)".contains("page 1"), "\(error)")
            let vietnamese = describe(error, in: .vi)
            #expect(vietnamese.hasPrefix("tệp PDF không được hỗ trợ: trang 1 được vẽ bằng màu #8CBFFF"), "\(vietnamese)")
        }
        #expect(try SpotColourStrokes.add(to: input.pdf, strokes: [], colours: PrintColours(mode: .rgb, inks: [])) == input.pdf)
    }

    @Test("the content stream strokes each path (an ellipse: four Béziers) in points, y flipped, one path per colour and width")
    func contentStreamGeometry() {
        let e = Ellipse(center: Point(x: 25.4, y: 50.8), radiusX: 25.4, radiusY: 12.7)  // 72 × 36 pt at (72, 144) pt
        let s = Segment(from: Point(x: 0, y: 25.4), to: Point(x: 25.4, y: 25.4))  // (0, 72) → (72, 72) pt
        let t = Segment(from: Point(x: 12.7, y: 0), to: Point(x: 12.7, y: 25.4))  // (36, 0) → (36, 72) pt
        let text = String(
            decoding: SpotColourStrokes.contentStream(
                [
                    SpotStroke(.segment(s), in: .registration), SpotStroke(.segment(t), in: .registration),
                    SpotStroke(.ellipse(e), in: .cutContour, widthPoints: 0.5),
                ],
                mediaBox: [0, 0, 200, 400], colorSpaces: [.registration: "CSAll", .cutContour: "CSCutContour"],
                graphicsState: "GSOverprint"), as: UTF8.self)
        #expect(
            text.hasPrefix("Q\nq\n/GSOverprint gs\n0 J 0 j [] 0 d\n/CSAll CS 1 SCN\n0.25 w\n0 328 m\n72 328 l\n36 400 m\n36 328 l\nS\n"))
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
        var bad: [[UInt8]] = [
            [], Array("hello".utf8), Array("%PDF-1.5\n".utf8), Array("%PDF-1.5\n%%EOF\n".utf8),
            Array("%PDF-1.5\nstartxref\n999999\n%%EOF".utf8),
            Array("%PDF-1.5\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF".utf8),
            Array("%PDF-1.5\nxref\n9223372036854775807 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF".utf8),
            Array("%PDF-1.5\nxref\ntrailer\n<< /Size 9223372036854775807 /Root 1 0 R >>\nstartxref\n9\n%%EOF".utf8),
            Array("%PDF-1.5\nxref\ntrailer << /Root ".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000)
                + Array("\nstartxref\n9\n%%EOF".utf8),
        ]
        var generator = SplitMix64(seed: 2018)
        bad.append(Array("%PDF-1.5\n".utf8) + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        for (i, bytes) in bad.enumerated() {
            #expect(throws: SpotColourError.self, "case \(i)") {
                try SpotColourStrokes.add(to: bytes, strokes: [Fixture.allStrokes[0]])
            }
        }
        // Truncated anywhere before the end of `startxref <offset>`, it must throw.
        let eof = try #require(Fixture.occurrences(of: Array("%%EOF".utf8), in: pdf).last)
        let xref = try #require(Fixture.occurrences(of: Array("\nxref".utf8), in: pdf).last)
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
        let structureStart = try #require(Fixture.occurrences(of: Array("2 0 obj".utf8), in: pdf).first)
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
            SpotStroke(.ellipse(Ellipse(center: Point(x: 3, y: 3), radiusX: 0, radiusY: 0)), in: .cutContour),
            SpotStroke(Path([.line(Point(x: 1, y: 1)), .line(Point(x: 2, y: 2))]), in: .registration),
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

    // MARK: Checks

    /// Every inked pixel of `plate` lies on one of `paths`, and every part of each path is inked.
    private func expectOnly(_ paths: [Path], on plate: Plate, page: Int) throws {
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
    private func expectProcessPlates(
        _ after: Separations, unchangedFrom before: Separations, awayFrom paths: [Path],
        page: Int
    ) throws {
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

    enum Fixture {
        static let pageSize = Size(width: 210, height: 297)  // A4 in mm
        /// The red filled oval on each page, and the cut line 3 mm outside it.
        static let ovals = [
            Ellipse(center: Point(x: 105, y: 120), radiusX: 60, radiusY: 35),
            Ellipse(center: Point(x: 80, y: 190), radiusX: 30, radiusY: 45),
        ]
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
        static let marks = [
            Segment(from: Point(x: 120, y: 20), to: Point(x: 140, y: 20)),
            Segment(from: Point(x: 190, y: 30), to: Point(x: 190, y: 50)),
            Segment(from: Point(x: 150, y: 275), to: Point(x: 170, y: 275)),
            Segment(from: Point(x: 10, y: 262), to: Point(x: 10, y: 285)),
            Segment(from: Point(x: 20, y: 70), to: Point(x: 40, y: 70)),
        ]
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
        /// The same PDF as Cairo 1.17.6 and later would write it: rewritten by
        /// `qpdf --object-streams=generate`, with a cross-reference stream and object streams.
        static let objectStreamPDF: [UInt8] = {
            guard let scratch = try? Scratch() else { return [] }
            defer { scratch.remove() }
            guard let input = try? scratch.write(pdf, "in.pdf"),
                let run = try? Tool.run(
                    "qpdf", ["--object-streams=generate", input, scratch.directory.appendingPathComponent("out.pdf").path]),
                run.status == 0
            else { return [] }
            return (try? Array(Data(contentsOf: scratch.directory.appendingPathComponent("out.pdf")))) ?? []
        }()

        /// The PDF a test runs on: Cairo's own, or rewritten with object streams.
        enum Input: String, CaseIterable, CustomTestStringConvertible {
            case cairo, objectStreams
            var pdf: [UInt8] { self == .cairo ? Fixture.pdf : Fixture.objectStreamPDF }
            var testDescription: String { rawValue }
        }

        /// Where `needle` starts in `bytes`.
        static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
            guard !needle.isEmpty, bytes.count >= needle.count else { return [] }
            return (0...(bytes.count - needle.count)).filter { i in
                bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle)
            }
        }

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
        /// Points about every 0.5 mm along a path.
        static func samples(along path: Path) -> [Point] {
            path.flattened().flatMap { line in
                zip(line, line.dropFirst()).flatMap { a, b in
                    let n = max(1, Int(hypot(b.x - a.x, b.y - a.y) / 0.5))
                    return (0..<n).map { i in
                        let t = Double(i) / Double(n)
                        return Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
                    }
                } + [line.last!]
            }
        }
        /// Distance in mm from `p` to the line drawn for `path` (its Béziers cut into short
        /// straight pieces: within a micrometre of the curve).
        static func distance(from p: Point, to path: Path) -> Double {
            path.flattened(piecesPerCurve: 256).flatMap { line in zip(line, line.dropFirst()) }.map { a, b in
                let dx = b.x - a.x, dy = b.y - a.y, lengthSquared = dx * dx + dy * dy
                let t = lengthSquared > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared)) : 0
                return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
            }.min() ?? .infinity
        }
        static func isNear(_ p: Point, _ paths: [Path]) -> Bool {
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
            let result = Result(
                status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
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
                let offsets = tags[273], let counts = tags[279]
            else {
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
            let run = try Tool.run(
                "gs",
                [
                    "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72",
                    "-sCompression=none", "-o", scratch.directory.appendingPathComponent("p%d.tif").path, input,
                ])
            #expect(
                run.status == 0 && !run.stdout.contains("Error") && !run.stderr.contains("Error"),
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
                    if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                        field.append(Character(UnicodeScalar(c)))
                    } else if !field.isEmpty {
                        fields.append(Int(field)!); field = ""
                    }
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
