import Foundation
import MockhoaCore
import MockhoaRender
import Testing

@testable import Mockhoa

// `mockhoa sheet` checked the way a print shop checks a file before it runs: pdfinfo's page size,
// the copies counted in pdftotext's output, the slug line, Ghostscript's separations (a cutter
// needs a CutContour plate), and duplex registration (each back behind its front).

@Suite("Sheet", .serialized)
struct SheetTests {
    static let pt = 72 / 25.4

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("an A4 sheet: two pages of 595.28 × 841.89 pt, 18 fronts then 18 backs, and the slug line")
    func a4Sheet() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "s.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            #expect(run.stdout.contains("s.pdf: 18-up on A4, 1500 pcs → 84 sheets"), "\(run)")
            let file = dir.appending("s.pdf")

            let sizes = try PDF.pageSizes(file)
            #expect(sizes.count == 2)
            for size in sizes { #expect(abs(size.width - 595.28) < 0.1 && abs(size.height - 841.89) < 0.1, "\(size)") }

            let fronts = try PDF.text(file, pages: 1...1), backs = try PDF.text(file, pages: 2...2)
            #expect(Self.count("0272 3800 000", in: fronts) == 18)
            #expect(Self.count("TỐ GIÁC TỘI PHẠM", in: fronts) == 18)
            #expect(Self.count("0272 3800 002", in: backs) == 18)
            #expect(Self.count("CA xã Long Hậu", in: backs) == 18)
            #expect(Self.count("0272 3800 002", in: fronts) == 0)
            #expect(Self.count("0272 3800 000", in: backs) == 0)

            // The slug line, one per page, with the date from SOURCE_DATE_EPOCH.
            #expect(
                fronts.contains("Cần Giuộc · Long Hậu · front · 18-up · 1500 pcs -> 84 sheets · template default · 2023-11-14"),
                "\(fronts)")
            #expect(
                backs.contains("Cần Giuộc · Long Hậu · back · 18-up · 1500 pcs -> 84 sheets · template default · 2023-11-14"),
                "\(backs)")

            // Only the template's own face: the slug line is set in it too, and borrows no glyph.
            let fonts = try PDF.fonts(file)
            for font in fonts { #expect(font.embedded, "\(font.name) is not embedded") }
            #expect(
                Set(fonts.map { $0.name.split(separator: "+").last.map(String.init) ?? $0.name }) == ["NotoSans-Bold"],
                "\(fonts.map(\.name))")
        }
    }

    @Test("a sheet's QR codes, drawn as a 1-bit image mask, decode from the PDF rendered at print resolution")
    func sheetQRCodeDecodes() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "s.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            // The first copy, top left (trim 12–72 mm × 18.5–58.5 mm), at 300 dpi.
            let crop = try Tools.run(
                "pdftoppm",
                [
                    "-r", "300", "-f", "1", "-l", "1", "-x", "100", "-y", "180", "-W", "800",
                    "-H", "560", "-png", "-singlefile", "s.pdf", "first",
                ], in: dir)
            try #require(crop.status == 0, "\(crop)")
            let decoded = try Tools.run("zbarimg", ["--raw", "-q", "first.png"], in: dir)
            #expect(decoded.status == 0, "zbarimg found no code: \(decoded)")
            #expect(decoded.stdout.split(separator: "\n").map(String.init) == ["tel:+842723800000"])
        }
    }

    @Test(
        "paper sizes: named, custom and landscape pages have the right size, and the count printed is the count placed",
        arguments: [
            (["--paper", "A3"], 841.89, 1190.55), (["--paper", "320x450mm"], 320 * pt, 450 * pt),
            (["--landscape"], 841.89, 595.28), (["--paper", "A5"], 419.53, 595.28),
            (["--paper", "a3", "--landscape"], 1190.55, 841.89), (["--paper", "letter"], 612, 792),
        ])
    func paperSizes(options: [String], width: Double, height: Double) throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "tan kim", "-o", "s.pdf"] + options, in: dir)
            try #require(run.status == 0, "\(run)")
            let file = dir.appending("s.pdf")
            let sizes = try PDF.pageSizes(file)
            #expect(sizes.count == 2)
            for size in sizes {
                #expect(abs(size.width - width) < 0.1 && abs(size.height - height) < 0.1, "\(options): \(size)")
            }
            let upCount = try #require(run.stdout.firstMatch(of: /(\d+)-up on/).flatMap { Int($0.1) }, "\(run)")
            #expect(upCount > 0)
            #expect(Self.count("0272 3800 000", in: try PDF.text(file, pages: 1...1)) == upCount)
            #expect(Self.count("0272 3800 017", in: try PDF.text(file, pages: 2...2)) == upCount)
            #expect(try PDF.text(file).contains("\(upCount)-up"))
        }
    }

    @Test("--copies 4 places four fronts and four backs")
    func fourCopies() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--copies", "4", "-o", "s.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            #expect(run.stdout.contains("4-up on A4, 1500 pcs → 375 sheets"), "\(run)")
            let file = dir.appending("s.pdf")
            #expect(Self.count("0272 3800 000", in: try PDF.text(file, pages: 1...1)) == 4)
            #expect(Self.count("0272 3800 002", in: try PDF.text(file, pages: 2...2)) == 4)
            #expect(try PDF.text(file).contains("4-up · 1500 pcs -> 375 sheets"))
        }
    }

    @Test(
        "impossible sheets fail with a message and write no file",
        arguments: [
            (["--copies", "999"], "only 18 keychains fit on A4"), (["--margin=-1"], "margin"),
            (["--margin", "-1"], "margin"), (["--margin", "1"], "bleed"), (["--gap=-2"], "gap"),
            (["--paper", "B9"], "unknown paper \"B9\""), (["--paper", "100x60mm"], "does not fit"), (["--paper", "30x20mm"], "no room"),
            (["--copies", "0"], "--copies"),
        ])
    func impossibleSheets(options: [String], message: String) throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "s.pdf"] + options, in: dir)
            #expect(run.status != 0, "\(options): \(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            #expect(run.stderr.contains(message), "\(options): \(run)")
            #expect(dir.filesBelow().isEmpty, "\(options) left \(dir.filesBelow())")
        }
    }

    @Test("the library plans as many copies as the command reports and knows the sheets to print")
    func libraryPlan() throws {
        let inputs = try Inputs(dataPath: nil, template: nil)
        let renderer = KeychainRenderer(inputs: inputs)
        let commune = try inputs.commune(named: "Phước Lý")
        let a4 = try renderer.sheet(
            commune, settings: SheetSettings(options: SheetOptions(paper: .a4)), format: .pdf,
            date: "2023-11-14")
        #expect(a4.copies == 18 && a4.imposition.capacity == 18 && a4.sheetsNeeded == 84)
        let four = try renderer.sheet(
            commune, settings: SheetSettings(options: SheetOptions(paper: .a4, copies: 4)),
            format: .pdf, date: "2023-11-14")
        #expect(four.copies == 4 && four.sheetsNeeded == 375)
        #expect(throws: ImpositionError.tooManyCopies(requested: 999, capacity: 18, paper: .a4)) {
            try renderer.sheet(
                commune, settings: SheetSettings(options: SheetOptions(paper: .a4, copies: 999)),
                format: .pdf, date: "2023-11-14")
        }
    }

    // MARK: Separations

    @Test("Ghostscript separates a CutContour plate on both pages; --no-cut-line leaves none")
    func cutContourPlate() throws {
        try withTemporaryFolder { dir in
            try #require(try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "cut.pdf"], in: dir).status == 0)
            try #require(try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--no-cut-line", "-o", "plain.pdf"], in: dir).status == 0)

            let cut = try PDF.separations(dir.appending("cut.pdf"), in: dir).keys.sorted()
            #expect(cut.filter { $0.contains("CutContour") }.count == 2, "plates: \(cut)")
            #expect(
                cut.contains { $0.hasPrefix("p1") && $0.contains("CutContour") }
                    && cut.contains { $0.hasPrefix("p2") && $0.contains("CutContour") })
            for ink in ["Cyan", "Magenta", "Yellow", "Black"] { #expect(cut.contains { $0.contains("(\(ink))") }, "plates: \(cut)") }

            let plain = try PDF.separations(dir.appending("plain.pdf"), in: dir).keys.sorted()
            #expect(!plain.isEmpty)
            #expect(!plain.contains { $0.contains("CutContour") }, "plates: \(plain)")
        }
    }

    @Test("crop marks are in registration colour: full ink on all four process plates, with the cut line and without")
    func cropMarksOnEveryProcessPlate() throws {
        let inputs = try Inputs(dataPath: nil, template: nil)
        let renderer = KeychainRenderer(inputs: inputs)
        let commune = try inputs.commune(named: "Long Hậu")
        try withTemporaryFolder { dir in
            for cutLine in [true, false] {
                let sheet = try renderer.sheet(
                    commune, settings: SheetSettings(options: SheetOptions(paper: .a4), cutLine: cutLine),
                    format: .pdf, date: "2023-11-14")
                let file = dir.appending("marks.pdf")
                try Data(sheet.bytes).write(to: file)
                let plates = try ProcessPlates(file, in: dir)
                #expect(plates.pages.count == 2)
                for (page, marks) in [sheet.imposition.frontCropMarks, sheet.imposition.backCropMarks].enumerated() {
                    #expect(marks.count > 20)
                    for ink in ["Cyan", "Magenta", "Yellow", "Black"] {
                        let plate = try #require(plates.pages[page][ink], "no \(ink) plate on page \(page + 1)")
                        // At each mark's middle (72 dpi: one pixel per point), 100 % ink: RGB black would
                        // give only some 70–90 % on each plate.
                        let pale = marks.filter { mark in
                            let x = Int((mark.from.x + mark.to.x) / 2 * Self.pt), y = Int((mark.from.y + mark.to.y) / 2 * Self.pt)
                            return !(-1...1).contains { dy in (-1...1).contains { dx in plate.ink(x + dx, y + dy) >= 250 } }
                        }
                        #expect(
                            pale.count == 0,
                            "cut line \(cutLine), page \(page + 1), \(ink): \(pale.count) of \(marks.count) marks not at full ink, e.g. \(pale.prefix(2))"
                        )
                    }
                }
            }
        }
    }

    // MARK: Duplex

    @Test(
        "duplex: page 2 flipped left-right puts every red oval and every hole behind page 1's",
        arguments: [["--copies", "4"], []])
    func duplexRegistration(options: [String]) throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "s.pdf"] + options, in: dir)
            try #require(run.status == 0, "\(run)")
            let copies = options.isEmpty ? 18 : 4
            let dpi = 50
            // Text filtered out: front and back differ in text, not in their ovals.
            let front = try OvalMask(try PDF.rasterWithoutText(dir.appending("s.pdf"), page: 1, dpi: dpi, in: dir), dpi: dpi)
            let back = try OvalMask(try PDF.rasterWithoutText(dir.appending("s.pdf"), page: 2, dpi: dpi, in: dir), dpi: dpi)
            try #require(front.width == back.width && front.height == back.height)

            // The filled ovals (bleed included), to within a pixel (0.5 mm) of anti-aliasing.
            let flipped = back.flipped()
            let area = front.inside.filter { $0 }.count
            #expect(area > copies * 500, "\(area) oval pixels for \(copies) copies")
            let misses = front.differences(from: flipped, tolerance: 1)
            #expect(misses <= area / 500, "\(misses) of \(area) oval pixels are not behind each other")
            if copies == 4 {  // 3 + 1 copies are not symmetric: an unflipped back would miss
                #expect(front.differences(from: back, tolerance: 1) > area / 10)
            }

            // Each hole behind a hole, within 1.5 px (0.75 mm).
            #expect(front.holes.count == copies, "front holes: \(front.holes)")
            #expect(back.holes.count == copies, "back holes: \(back.holes)")
            let mirroredBackHoles = flipped.holes
            for hole in front.holes {
                let nearest = mirroredBackHoles.map { ($0.x - hole.x) * ($0.x - hole.x) + ($0.y - hole.y) * ($0.y - hole.y) }.min()
                #expect(nearest.map { $0 <= 1.5 * 1.5 } == true, "no back hole behind the front hole at \(hole)")
            }
        }
    }
}

/// Where the red keychain art is on a rasterised page: "inside" is red or enclosed by red (the
/// QR tile, the hole), "holes" are small round enclosed non-red areas (the ring holes).
struct OvalMask {
    var width: Int
    var height: Int
    var inside: [Bool]
    var holes: [(x: Double, y: Double)]

    init(_ image: RGBImage, dpi: Int) throws {
        width = image.width; height = image.height
        let count = width * height
        var red = [Bool](repeating: false, count: count)
        for i in 0..<count {
            let r = Int(image.pixels[3 * i]), g = Int(image.pixels[3 * i + 1]), b = Int(image.pixels[3 * i + 2])
            red[i] = r > 150 && r - g > 60 && r - b > 60
        }
        // Connected non-red areas; those that touch the page edge are outside.
        var label = [Int](repeating: -1, count: count)
        var touchesEdge: [Bool] = []
        var holes: [(x: Double, y: Double)] = []
        let holeMax = Int(7 * Double(dpi) / 25.4)  // the hole is 4.5 mm; the QR tile 13 mm
        var stack: [Int] = []
        for start in 0..<count where !red[start] && label[start] < 0 {
            let id = touchesEdge.count
            var edge = false, n = 0, sumX = 0, sumY = 0, minX = Int.max, maxX = 0, minY = Int.max, maxY = 0
            label[start] = id
            stack.append(start)
            while let p = stack.popLast() {
                let x = p % width, y = p / width
                n += 1; sumX += x; sumY += y
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                if x == 0 || y == 0 || x == width - 1 || y == height - 1 { edge = true }
                for (nx, ny) in [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]
                where nx >= 0 && ny >= 0 && nx < width && ny < height {
                    let q = ny * width + nx
                    if !red[q] && label[q] < 0 { label[q] = id; stack.append(q) }
                }
            }
            touchesEdge.append(edge)
            let w = maxX - minX + 1, h = maxY - minY + 1
            if !edge, (3...holeMax).contains(w), (3...holeMax).contains(h), n * 2 >= w * h {
                holes.append((Double(sumX) / Double(n), Double(sumY) / Double(n)))
            }
        }
        inside = (0..<count).map { red[$0] || !touchesEdge[label[$0]] }
        self.holes = holes
    }

    private init(width: Int, height: Int, inside: [Bool], holes: [(x: Double, y: Double)]) {
        self.width = width; self.height = height; self.inside = inside; self.holes = holes
    }

    /// The mask mirrored left-right, as a long-edge duplex turn shows the back.
    func flipped() -> OvalMask {
        var out = inside
        for y in 0..<height { for x in 0..<width { out[y * width + x] = inside[y * width + (width - 1 - x)] } }
        return OvalMask(
            width: width, height: height, inside: out,
            holes: holes.map { (Double(width - 1) - $0.x, $0.y) })
    }

    /// Pixels whose value the other mask has nowhere within `tolerance` pixels (either way).
    func differences(from other: OvalMask, tolerance: Int) -> Int {
        func has(_ mask: [Bool], _ value: Bool, near x: Int, _ y: Int) -> Bool {
            for dy in -tolerance...tolerance {
                for dx in -tolerance...tolerance {
                    let nx = x + dx, ny = y + dy
                    if nx >= 0, ny >= 0, nx < width, ny < height, mask[ny * width + nx] == value { return true }
                }
            }
            return false
        }
        var count = 0
        for y in 0..<height {
            for x in 0..<width where inside[y * width + x] != other.inside[y * width + x] {
                if !has(other.inside, inside[y * width + x], near: x, y) || !has(inside, other.inside[y * width + x], near: x, y) {
                    count += 1
                }
            }
        }
        return count
    }
}

/// Ghostscript's tiffsep plates of a PDF at 72 dpi, per page: the process inks (Cyan, Magenta,
/// Yellow, Black), or `inks`.
struct ProcessPlates {
    var pages: [[String: InkPlate]] = []

    init(_ file: URL, in folder: URL, inks: [String] = ["Cyan", "Magenta", "Yellow", "Black"]) throws {
        let plates = try PDF.separations(file, dpi: 72, uncompressed: true, in: folder)
        for page in 1... {
            var found: [String: InkPlate] = [:]
            for ink in inks {
                if let tiff = plates["p\(page)(\(ink)).tif"] { found[ink] = try InkPlate(tiff: tiff) }
            }
            if found.isEmpty { break }
            pages.append(found)
        }
    }
}
