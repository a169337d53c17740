import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import MockhoaCore
import MockhoaRender
import Testing

@testable import Mockhoa

// `mockhoa preview` checked the way a person checks a proof: a phone's QR reader dials the duty
// desk, the oval is the right red with a see-through hole, the PDF has the right page size, its
// fonts are embedded, and its text (as pdftotext extracts it) is the directory's, diacritics and all.

@Suite("Preview", .serialized)
struct PreviewTests {
    static let red = (r: 0xD7, g: 0x19, b: 0x20)
    static let dpi = 300.0

    // MARK: PNG

    @Test("the front's QR code dials the district hotline, as a real decoder reads it")
    func frontQRCodeDialsTheHotline() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", "Phước Lại", "--side", "front", "-o", "front.png"], in: dir)
            try #require(run.status == 0, "\(run)")
            let decoded = try Tools.run("zbarimg", ["--raw", "-q", "front.png"], in: dir)
            #expect(decoded.status == 0, "zbarimg found no code: \(decoded)")
            #expect(decoded.stdout.split(separator: "\n").map(String.init) == ["tel:+842723800000"])
        }
    }

    @Test("the PNG is both sides side by side at 300 dpi, red oval, clear hole and corners")
    func pngSizeAndColours() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", "phuoc-lai", "-o", "both.png"], in: dir)
            try #require(run.status == 0, "\(run)")
            #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "both.png")
            let image = try RGBAImage(png: dir.appending("both.png"))

            // 60 mm + 4 mm gap + 60 mm wide, 40 mm high, at 300 dpi (a side alone is 709 px).
            #expect(image.width == Int((124 * Self.dpi / 25.4).rounded()))
            #expect(image.height == Int((40 * Self.dpi / 25.4).rounded()))
            #expect(image.width == 709 + 47 + 709)

            func expectRed(mm x: Double, _ y: Double, _ what: Comment) {
                let p = image.pixel(mm: x, y, dpi: Self.dpi)
                #expect(
                    p.a == 255 && abs(p.r - Self.red.r) <= 3 && abs(p.g - Self.red.g) <= 3 && abs(p.b - Self.red.b) <= 3,
                    "\(what) at (\(x), \(y)) mm is rgba\(p), not #D71920")
            }
            func expectClear(mm x: Double, _ y: Double, _ what: Comment) {
                let p = image.pixel(mm: x, y, dpi: Self.dpi)
                #expect(p.a == 0, "\(what) at (\(x), \(y)) mm is rgba\(p), not transparent")
            }
            // Front: hole centred 5.5 mm from the left end; red above, below and beside it.
            expectRed(mm: 5.5, 14, "front, above the hole")
            expectRed(mm: 5.5, 26, "front, below the hole")
            expectRed(mm: 2.4, 20, "front, left of the hole")
            expectRed(mm: 30, 34, "front, below the text")
            expectClear(mm: 5.5, 20, "front hole")
            // Back (starts at 64 mm): its hole is at the right end, behind the front's.
            expectRed(mm: 64 + 5.5, 20, "back, left end")
            expectRed(mm: 64 + 54.5, 14, "back, above the hole")
            expectClear(mm: 64 + 54.5, 20, "back hole")
            // Outside the ovals: corners and the gap between the sides.
            expectClear(mm: 0.3, 0.3, "top-left corner")
            expectClear(mm: 0.3, 39.7, "bottom-left corner")
            expectClear(mm: 123.7, 0.3, "top-right corner")
            expectClear(mm: 123.7, 39.7, "bottom-right corner")
            expectClear(mm: 62, 20, "gap between the sides")
        }
    }

    @Test("a directory file naming a template (template: round) is drawn with it; --template wins")
    func theTemplateTheDirectoryNames() throws {
        try withTemporaryFolder { dir in
            let sample = try Tools.mockhoa(["sample"], in: dir)
            try #require(sample.status == 0, "\(sample)")
            try dir.appending("danh-ba.yaml").write("template: round\n" + sample.stdout)
            func front(_ extra: [String]) throws -> RGBAImage {
                let run = try Tools.mockhoa(
                    ["preview", "--data", "danh-ba.yaml", "--commune", "Phước Lại", "--side", "front", "-o", "front.png"] + extra,
                    in: dir)
                try #require(run.status == 0, "\(run)")
                return try RGBAImage(png: dir.appending("front.png"))
            }
            // A disc 50 mm across: square, clear where a 60 × 40 mm oval is red.
            let named = try front([])
            #expect(named.width == 591 && named.height == 591, "\(named.width) × \(named.height) px")
            #expect(named.pixel(mm: 25, 25, dpi: Self.dpi).a == 255 && named.pixel(mm: 2, 25, dpi: Self.dpi).a == 255)
            #expect(named.pixel(mm: 5, 5, dpi: Self.dpi).a == 0)
            let overridden = try front(["--template", "default"])
            #expect(overridden.width == 709 && overridden.height == 472, "\(overridden.width) × \(overridden.height) px")
            // One that does not exist: the directory's line, then the file looked for.
            try dir.appending("other.yaml").write("template: designs/mine.yaml\n" + sample.stdout)
            let missing = try Tools.mockhoa(["check", "--data", "other.yaml"], in: dir)
            #expect(missing.status == 1 && missing.hasNoCrashReport, "\(missing)")
            #expect(missing.stderrLines.first?.hasPrefix("other.yaml:1: error: field \"template\":") == true, "\(missing)")
            #expect(missing.stderr.contains("designs/mine.yaml: error:"), "\(missing)")
        }
    }

    @Test("the library's PNG preview is the one the command writes")
    func libraryAndCommandAgree() throws {
        let inputs = try Inputs(dataPath: nil, template: nil)
        let renderer = KeychainRenderer(inputs: inputs)
        let commune = try inputs.commune(named: "Long Hậu")
        let bytes = try renderer.preview(commune, sides: [0], format: .png, dpi: Self.dpi, date: "2023-11-14")
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", "long hau", "--side", "front", "-o", "f.png"], in: dir)
            try #require(run.status == 0, "\(run)")
            #expect(try dir.appending("f.png").bytes() == bytes)
            // One side alone: 709 × 472 px.
            let image = try RGBAImage(png: dir.appending("f.png"))
            #expect(image.width == 709 && image.height == 472)
        }
    }

    // MARK: PDF

    @Test("the PDF preview: two pages of 66 × 46 mm (trim and bleed), fonts embedded, the directory's text")
    func pdfPreview() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", "Phước Lại", "-o", "p.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            let file = dir.appending("p.pdf")

            let sizes = try PDF.pageSizes(file)
            #expect(sizes.count == 2)
            let mm = 72 / 25.4
            for (page, size) in sizes.enumerated() {
                #expect(abs(size.width - (60 + 2 * 3) * mm) < 0.1 && abs(size.width - 187.09) < 0.1, "page \(page + 1): \(size)")
                #expect(abs(size.height - (40 + 2 * 3) * mm) < 0.1 && abs(size.height - 130.39) < 0.1, "page \(page + 1): \(size)")
            }

            let fonts = try PDF.fonts(file)
            #expect(!fonts.isEmpty)
            for font in fonts { #expect(font.embedded, "\(font.name) is not embedded") }

            let front = try PDF.text(file, pages: 1...1), back = try PDF.text(file, pages: 2...2)
            #expect(front.contains("TỐ GIÁC TỘI PHẠM"))
            // The layout may break this line in two: compare with line breaks read as spaces.
            #expect(front.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Trực ban CA huyện Cần Giuộc"))
            #expect(front.contains("0272 3800 000"))
            #expect(front.contains("Khẩn cấp: 113"))
            #expect(back.contains("CA xã Phước Lại"))
            #expect(back.contains("0272 3800 003"))
            #expect(back.contains("Giáp ranh"))
            for line in [
                "Cần Giuộc: 0272 3800 001", "Tân Kim: 0272 3800 017", "Long Hậu: 0272 3800 002",
                "Trường Bình: 0272 3800 016", "Phước Vĩnh Tây: 0272 3800 004",
                "Phước Vĩnh Đông: 0272 3800 005", "Hiệp Phước: 028 3800 0001",
            ] {
                #expect(back.contains(line), "back of Phước Lại lacks \"\(line)\":\n\(back)")
            }
            #expect(!back.contains("0272 3800 000"), "the hotline belongs on the front")
        }
    }

    @Test("every sample commune's back lists its own number and each neighbour's name and number")
    func everyBackListsItsNeighbours() throws {
        let inputs = try Inputs(dataPath: nil, template: nil)
        let renderer = KeychainRenderer(inputs: inputs)
        #expect(inputs.directory.communes.count == 17)
        try withTemporaryFolder { dir in
            for commune in inputs.directory.communes {
                let file = dir.appending("\(commune.name.slug).pdf")
                try Data(renderer.preview(commune, sides: [1], format: .pdf, dpi: Self.dpi, date: "2023-11-14")).write(to: file)
                #expect(try PDF.pageSizes(file).count == 1)
                let text = try PDF.text(file)
                #expect(text.contains("CA \(commune.kind.rawValue) \(commune.name)"), "\(commune.name):\n\(text)")
                #expect(text.contains(commune.phone.formatted), "\(commune.name):\n\(text)")
                let neighbours = inputs.directory.neighbours(of: commune)
                #expect(neighbours.count == commune.neighbourNames.count)
                for n in neighbours {
                    #expect(text.contains("\(n.name): \(n.phone.formatted)"), "\(commune.name) lacks neighbour \(n.name):\n\(text)")
                }
            }
        }
    }

    // MARK: SVG

    @Test("the SVG preview is well-formed XML sized in millimetres: two 66 × 46 mm sides and a 4 mm gap")
    func svgPreview() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", "Tân Kim", "-o", "k.svg"], in: dir)
            try #require(run.status == 0, "\(run)")
            let data = try Data(contentsOf: dir.appending("k.svg"))
            let root = RootElement()
            let parser = XMLParser(data: data)
            parser.delegate = root
            #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
            #expect(root.name == "svg")
            let width = try #require(root.attributes["width"]), height = try #require(root.attributes["height"])
            #expect(width.hasSuffix("mm") && height.hasSuffix("mm"), "width \(width), height \(height)")
            let w = Double(width.dropLast(2)) ?? .nan, h = Double(height.dropLast(2)) ?? .nan
            #expect(abs(w - (66 + 4 + 66)) < 0.1, "an SVG of two sides with bleed is 136 mm wide, this says \(width)")
            #expect(abs(h - 46) < 0.1, "an SVG side with bleed is 46 mm high, this says \(height)")
        }
    }

    // MARK: Choosing the commune

    @Test(
        "--commune takes the name without diacritics, in any case, decomposed, or as a slug",
        arguments: [
            ("phuoc vinh dong", "Phước Vĩnh Đông"), ("PHƯỚC LẠI", "Phước Lại"), ("phuoc-lai", "Phước Lại"),
            ("Phước Lại".decomposedStringWithCanonicalMapping, "Phước Lại"), ("  long   hau ", "Long Hậu"),
            ("dong thanh", "Đông Thạnh"), ("can-giuoc", "Cần Giuộc"), ("my loc", "Mỹ Lộc"),
        ])
    func communeMatching(query: String, name: String) throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--commune", query, "--side", "back", "-o", "b.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            let library = try Inputs(dataPath: nil, template: nil).commune(named: query)
            #expect(library.name == name)
            let text = try PDF.text(dir.appending("b.pdf"))
            #expect(text.contains("CA \(library.kind.rawValue) \(name)"), "\"\(query)\" should pick \(name):\n\(text)")
        }
    }

    @Test(
        "an unknown --commune fails, suggests the closest names and writes nothing",
        arguments: [("Long Hou", "Long Hậu"), ("Tan Kym", "Tân Kim"), ("phuoc dong", nil as String?)])
    func unknownCommune(query: String, suggestion: String?) throws {
        try withTemporaryFolder { dir in
            for command in ["preview", "sheet"] {
                let run = try Tools.mockhoa([command, "--commune", query, "-o", "x.pdf"], in: dir)
                #expect(run.status != 0, "\(run)")
                #expect(run.hasNoCrashReport, "\(run)")
                #expect(run.stderrLines.count == 1, "\(run)")
                #expect(run.stderr.contains("\"\(query)\"") && run.stderr.contains("closest"), "\(run)")
                if let suggestion { #expect(run.stderr.contains("\"\(suggestion)\""), "\(run)") }
                #expect(dir.filesBelow().isEmpty, "\(command) left \(dir.filesBelow())")
            }
        }
    }
}

/// Reads the root element's name and attributes.
private final class RootElement: NSObject, XMLParserDelegate {
    var name: String?
    var attributes: [String: String] = [:]
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if name == nil { name = elementName; self.attributes = attributes }
    }
}
