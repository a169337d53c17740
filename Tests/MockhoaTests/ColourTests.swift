import Foundation
import Mockhoa
import MockhoaCore
import Testing

// --colour cmyk and --colour spot checked as a print shop's preflight would: Ghostscript's
// tiffsep plates (which inks, and how much of each in the red), and qpdf reading every content
// stream and object of the file (no RGB operator or colour space left).

@Suite("Colours as the maker names them", .serialized)
struct ColourTests {
    static let process = ["Cyan", "Magenta", "Yellow", "Black"]
    /// A point in the bleed above the top of the oval, mm from the page's top-left corner of a
    /// preview PDF (trim + 3 mm bleed): red background only, far from text and ring.
    static let redPoint = (x: 33.0, y: 1.5)

    @Test("--colour cmyk: the four process plates and CutContour; --colour spot: the template's spot colours and CutContour")
    func plates() throws {
        try withTemporaryFolder { dir in
            for mode in ["cmyk", "spot"] {
                try #require(
                    try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--colour", mode, "-o", "\(mode).pdf"], in: dir).status == 0)
                let plates = try PDF.separations(dir.appending("\(mode).pdf"), in: dir).keys.sorted()
                for page in [1, 2] {
                    let names = Set(
                        plates.filter { $0.hasPrefix("p\(page)(") }.map { String($0.dropFirst("p\(page)(".count).dropLast(").tif".count)) })
                    let spots: Set<String> = mode == "cmyk" ? ["CutContour"] : ["CutContour", "PANTONE 485 C", "White", "PANTONE Black C"]
                    #expect(names == Set(Self.process).union(spots), "\(mode), page \(page): \(names.sorted())")
                }
            }
        }
    }

    @Test("the red prints as exactly the declared CMYK (0/100/100/5) within 1 %, and as 100 % of its spot colour alone")
    func redIsTheDeclaredInk() throws {
        try withTemporaryFolder { dir in
            let pt = 72 / 25.4
            let (x, y) = (Int(Self.redPoint.x * pt), Int(Self.redPoint.y * pt))
            try #require(
                try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--side", "front", "--colour", "cmyk", "-o", "c.pdf"], in: dir)
                    .status == 0)
            let cmyk = try ProcessPlates(dir.appending("c.pdf"), in: dir)
            let declared = ["Cyan": 0.0, "Magenta": 100, "Yellow": 100, "Black": 5]
            for (ink, percent) in declared {
                let plate = try #require(cmyk.pages.first?[ink])
                for dy in -1...1 {
                    for dx in -1...1 {
                        let measured = Double(plate.ink(x + dx, y + dy)) / 255 * 100
                        #expect(abs(measured - percent) <= 1, "\(ink): \(measured) % where \(percent) % is declared")
                    }
                }
            }
            try #require(
                try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--side", "front", "--colour", "spot", "-o", "s.pdf"], in: dir)
                    .status == 0)
            let spot = try ProcessPlates(
                dir.appending("s.pdf"), in: dir, inks: Self.process + ["PANTONE 485 C", "White", "PANTONE Black C"])
            let page = try #require(spot.pages.first)
            #expect(page["PANTONE 485 C"]?.ink(x, y) == 255)
            for ink in Self.process + ["White", "PANTONE Black C"] {
                #expect(page[ink]?.ink(x, y) == 0, "\(ink) under the red")
            }
            // The white text is the White plate, and knocks the red out.
            let white = try #require(page["White"]), red = try #require(page["PANTONE 485 C"])
            let whitePixels = white.ink.indices.filter { white.ink[$0] == 255 }
            #expect(whitePixels.count > 200)
            #expect(whitePixels.allSatisfy { red.ink[$0] == 0 })
        }
    }

    @Test(
        "preflight: qpdf finds no rg, RG or DeviceRGB in any content stream or object of a cmyk or spot sheet",
        arguments: ["cmyk", "spot"])
    func noRGBLeft(mode: String) throws {
        try withTemporaryFolder { dir in
            try #require(try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--colour", mode, "-o", "s.pdf"], in: dir).status == 0)
            let report = try Preflight(dir.appending("s.pdf"), in: dir)
            #expect(report.contentStreams >= 4, "pages and forms: \(report.contentStreams)")
            #expect(report.operators["rg", default: 0] == 0 && report.operators["RG", default: 0] == 0)
            #expect(report.operators[mode == "cmyk" ? "k" : "scn", default: 0] > 0)
            #expect(report.rgbObjects.isEmpty, "DeviceRGB in \(report.rgbObjects)")
            // The same preflight finds the RGB of the default sheet: it can fail.
            try #require(try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "rgb.pdf"], in: dir).status == 0)
            let rgb = try Preflight(dir.appending("rgb.pdf"), in: dir)
            #expect(rgb.operators["rg", default: 0] > 0 && !rgb.rgbObjects.isEmpty)
        }
    }

    @Test("--pdfx: PDF/X-4 with a CMYK output intent, trim and bleed boxes on every page, PDF/X keys, fonts embedded, no RGB")
    func pdfx() throws {
        try withTemporaryFolder { dir in
            try #require(
                try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--colour", "cmyk", "--pdfx", "-o", "x.pdf"], in: dir).status == 0)
            try #require(
                try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--colour", "cmyk", "--pdfx", "-o", "k.pdf"], in: dir).status == 0)
            for (file, bleed) in [("x.pdf", 0.0), ("k.pdf", 3.0)] {
                let report = try Preflight(dir.appending(file), in: dir)
                #expect(report.rgbObjects.isEmpty && report.operators["rg", default: 0] == 0 && report.operators["RG", default: 0] == 0)
                let intents = report.catalog["/OutputIntents"] as? [String] ?? []
                #expect(intents.count == 1, "\(file): \(report.catalog)")
                let intent = try #require(intents.first.flatMap { report.value($0) } as? [String: Any])
                #expect(intent["/S"] as? String == "/GTS_PDFX" && intent["/Type"] as? String == "/OutputIntent")
                let profile = try #require((intent["/DestOutputProfile"] as? String).flatMap { report.streamDictionary($0) })
                #expect(profile["/N"] as? Int == 4)
                #expect((intent["/Info"] as? String)?.contains("Artifex CMYK SWOP Profile") == true, "\(intent)")
                #expect(report.info["/GTS_PDFXVersion"] as? String == "u:PDF/X-4")
                let xmp = try #require((report.catalog["/Metadata"] as? String).flatMap { report.streamText($0) })
                #expect(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"))
                #expect(report.pages.count == 2)
                for page in report.pages {
                    let media = try #require(page["/MediaBox"] as? [Double]), trim = try #require(page["/TrimBox"] as? [Double])
                    #expect(page["/BleedBox"] as? [Double] == media)
                    let inset = bleed * 72 / 25.4
                    #expect(
                        zip(trim, [media[0] + inset, media[1] + inset, media[2] - inset, media[3] - inset]).allSatisfy {
                            abs($0 - $1) < 0.01
                        },
                        "\(file): trim \(trim), media \(media)")
                }
                let info = try Tools.output("pdfinfo", [file], in: dir)
                #expect(info.contains("PDF version:     1.6") && info.contains("PDF/X-4"), "\(info)")
                let fonts = try PDF.fonts(dir.appending(file))
                #expect(!fonts.isEmpty && fonts.allSatisfy(\.embedded))
            }
            // The shop's own profile; a profile that is not CMYK is refused.
            let own = "/usr/share/color/icc/ghostscript/ps_cmyk.icc"
            try #require(
                try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--colour", "cmyk", "--pdfx", "--icc", own, "-o", "o.pdf"], in: dir)
                    .status == 0)
            let intent = try Preflight(dir.appending("o.pdf"), in: dir)
            #expect(intent.objects.values.contains { "\($0)".contains("Artifex PS CMYK Profile") })
            let rgb = try Tools.mockhoa(
                [
                    "sheet", "--commune", "Long Hậu", "--colour", "cmyk", "--pdfx", "--icc",
                    "/usr/share/color/icc/ghostscript/srgb.icc", "-o", "r.pdf",
                ], in: dir)
            #expect(rgb.status != 0 && rgb.stderr.contains("srgb.icc") && rgb.stderr.contains("CMYK"), "\(rgb.stderr)")
            let spot = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--pdfx", "-o", "s.pdf"], in: dir)
            #expect(spot.status != 0 && spot.stderr.contains("--colour cmyk"))
            #expect(!FileManager.default.fileExists(atPath: dir.appending("r.pdf").path))
        }
    }

    @Test("a colour without the values a mode needs is refused, naming the template and the field")
    func undeclaredColourIsRefused() throws {
        try withTemporaryFolder { dir in
            let template = String(decoding: try Tools.packageRoot.appending("Templates/default.yaml").bytes(), as: UTF8.self)
                .replacingOccurrences(
                    of: ##"background: {rgb: "#D71920", cmyk: [0, 100, 100, 5], spot: "PANTONE 485 C"}"##,
                    with: ##"background: "#C00000""##)
            try dir.appending("t.yaml").write(template)
            for mode in ["cmyk", "spot"] {
                let run = try Tools.mockhoa(
                    ["sheet", "--template", "t.yaml", "--commune", "Long Hậu", "--colour", mode, "-o", "x.pdf"], in: dir)
                #expect(run.status != 0)
                #expect(
                    run.stderr.contains("t.yaml") && run.stderr.contains("colours.background") && run.stderr.contains("--colour \(mode)"),
                    "\(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: dir.appending("x.pdf").path))
            }
            #expect(try Tools.mockhoa(["sheet", "--template", "t.yaml", "--commune", "Long Hậu", "-o", "x.pdf"], in: dir).status == 0)
            let png = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--colour", "cmyk", "-o", "x.png"], in: dir)
            #expect(png.status != 0 && png.stderr.contains("PDF"))
        }
    }
}

/// What qpdf reads in a PDF: every object as JSON (streams decoded), the operators of every
/// page content stream and form XObject, and the objects that name DeviceRGB.
struct Preflight {
    var contentStreams = 0
    var operators: [String: Int] = [:]
    var rgbObjects: [String] = []
    /// Every object, by reference (`"12 0 R"`), as qpdf's JSON gives it.
    var objects: [String: Any] = [:]
    var catalog: [String: Any] = [:]
    var info: [String: Any] = [:]
    /// The page dictionaries in no particular order.
    var pages: [[String: Any]] = []

    func value(_ reference: String) -> Any? { (objects[reference] as? [String: Any])?["value"] }
    func streamDictionary(_ reference: String) -> [String: Any]? {
        ((objects[reference] as? [String: Any])?["stream"] as? [String: Any])?["dict"] as? [String: Any]
    }
    func streamText(_ reference: String) -> String? {
        (((objects[reference] as? [String: Any])?["stream"] as? [String: Any])?["data"] as? String)
            .flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    init(_ file: URL, in folder: URL) throws {
        let json = try Tools.output(
            "qpdf",
            [
                "--json=2", "--json-key=qpdf", "--decode-level=generalized",
                "--json-stream-data=inline", file.path,
            ], in: folder)
        guard let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let parts = root["qpdf"] as? [Any], parts.count == 2, let objects = parts[1] as? [String: Any]
        else {
            throw SupportError("qpdf --json gave no objects")
        }
        for (key, value) in objects { self.objects[String(key.dropFirst("obj:".count))] = value }
        let trailer = (objects["trailer"] as? [String: Any])?["value"] as? [String: Any] ?? [:]
        catalog = (trailer["/Root"] as? String).flatMap { self.value($0) } as? [String: Any] ?? [:]
        info = (trailer["/Info"] as? String).flatMap { self.value($0) } as? [String: Any] ?? [:]
        var contents: Set<String> = []
        for case let object as [String: Any] in objects.values {
            guard let page = object["value"] as? [String: Any], page["/Type"] as? String == "/Page" else { continue }
            pages.append(page)
            switch page["/Contents"] {
            case let list as [String]: contents.formUnion(list)
            case let one as String: contents.insert(one)
            default: break
            }
        }
        for (key, value) in objects {
            let text = String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
            if text.contains("DeviceRGB") { rgbObjects.append(key) }
            guard let stream = (value as? [String: Any])?["stream"] as? [String: Any],
                let dict = stream["dict"] as? [String: Any]
            else { continue }
            let reference = String(key.dropFirst("obj:".count))
            guard dict["/Subtype"] as? String == "/Form" || contents.contains(reference) else { continue }
            guard let encoded = stream["data"] as? String, let data = Data(base64Encoded: encoded) else {
                throw SupportError("\(key): content stream not decoded")
            }
            contentStreams += 1
            for op in Self.operators(in: [UInt8](data)) { operators[op, default: 0] += 1 }
        }
    }

    /// The operators of a content stream: words that are not numbers, names or inside strings.
    static func operators(in bytes: [UInt8]) -> [String] {
        var out: [String] = [], i = 0, word: [UInt8] = []
        func flush() {
            if let first = word.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), !"+-./".utf8.contains(first) {
                out.append(String(decoding: word, as: UTF8.self))
            }
            word = []
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "("):
                flush()
                var depth = 0
                repeat {
                    if bytes[i] == UInt8(ascii: "\\") {
                        i += 1
                    } else if bytes[i] == UInt8(ascii: "(") {
                        depth += 1
                    } else if bytes[i] == UInt8(ascii: ")") {
                        depth -= 1
                    }
                    i += 1
                } while depth > 0 && i < bytes.count
                continue
            case UInt8(ascii: "<"):
                flush()
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<") { i += 2; continue }
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
            case UInt8(ascii: "/"):
                flush()
                word = [b]
            case 0, 9, 10, 12, 13, 32, UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ">"):
                flush()
            default:
                word.append(b)
            }
            i += 1
        }
        flush()
        return out
    }
}
