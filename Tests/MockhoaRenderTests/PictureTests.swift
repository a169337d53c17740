import CCairo
import CRsvg
import Foundation
import MockhoaCore
import Testing

@testable import MockhoaRender

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct PictureTests {
    /// A logo as a designer saves it: a red field and a yellow star, 2 : 1.
    static let logo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
          <rect width="200" height="100" fill="#D71920"/>
          <path d="M100 10 L120 90 L80 90 Z" style="fill: rgb(255, 205, 0)"/>
        </svg>
        """

    static func svg(_ body: String, attributes: String = "") -> Data {
        Data(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\" \(attributes)>\(body)</svg>"
                .utf8)
    }

    /// A PNG of `width` × `height` pixels, opaque blue, made by Cairo.
    static func png(width: Int, height: Int) throws -> Data {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(image) }
        let cr = cairo_create(image)!
        cairo_set_source_rgb(cr, 0, 0, 1)
        cairo_paint(cr)
        cairo_destroy(cr)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("picture-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        try #require(cairo_surface_write_to_png(image, file.path) == CAIRO_STATUS_SUCCESS)
        return try Data(contentsOf: file)
    }

    /// The reason `data` named `name` is refused, or nil when it is read.
    static func refusal(_ data: Data, name: String = "logo.svg") -> PictureError.Reason? {
        do {
            _ = try Picture.read(data: data, name: name)
            return nil
        } catch {
            #expect(error.file == name)
            return error.reason
        }
    }

    // MARK: Drawing

    @Test("an SVG logo drawn into a PDF stays vector: pdfimages lists no image (a PNG drawn the same way lists one)")
    func svgStaysVectorInPDF() throws {
        let svg = try Picture.read(data: Data(Self.logo.utf8), name: "logo.svg")
        #expect(try Self.imagesInPDF(drawing: svg) == 0)
        #expect(try Self.pdfText(drawing: svg).contains("/Subtype /Image") == false)
        let png = try Picture.read(data: try Self.png(width: 40, height: 20), name: "photo.png")
        #expect(try Self.imagesInPDF(drawing: png) == 1)
    }

    @Test(
        "a picture is drawn at the height asked, centred and in its proportions: its ink's bounding box on a PNG surface",
        arguments: [
            (logo, "logo.svg"),
            // No viewBox: the size in millimetres alone (2 : 1 as well).
            (
                #"<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="10mm"><rect width="100%" height="100%" fill="red"/></svg>"#,
                "mm.svg"
            ),
        ])
    func drawnAtTheHeightAsked(source: String, name: String) throws {
        let picture = try Picture.read(data: Data(source.utf8), name: name)
        // A box 400 pixels wide and 100 high at y = 50, room to spare sideways: 200 × 100, centred.
        let ink = try Self.inkBox(drawing: picture, in: Rect(x: 0, y: 50, width: 400, height: 100), surface: (400, 200))
        #expect(abs(ink.minX - 100) <= 1 && abs(ink.maxX - 300) <= 1, "\(ink)")
        #expect(abs(ink.minY - 50) <= 1 && abs(ink.maxY - 150) <= 1, "\(ink)")
    }

    @Test(
        "a PNG is drawn in its box, and its resolution at a printed height is reported: 300 dpi passes, 150 dpi is a warning naming the file"
    )
    func pngResolution() throws {
        let picture = try Picture.read(data: try Self.png(width: 600, height: 300), name: "seal.png")
        #expect(picture.kind == .png && picture.isRaster && picture.colours.hasRaster)
        #expect(picture.intrinsicSize == Size(width: 600, height: 300))
        #expect(picture.dpi(atHeightMillimetres: 25.4) == 300)
        #expect(picture.resolutionWarning(atHeightMillimetres: 25.4) == nil)
        let warning = try #require(picture.resolutionWarning(atHeightMillimetres: 50.8))
        #expect(warning.severity == .warning)
        #expect(warning.text(in: .en).contains(#"picture "seal.png": 150 dpi at its printed height of 50.8 mm"#))
        #expect(warning.text(in: .vi).contains(#"hình "seal.png": 150 dpi"#))
        let ink = try Self.inkBox(drawing: picture, in: Rect(x: 0, y: 0, width: 100, height: 100), surface: (100, 100))
        #expect(abs(ink.minY - 25) <= 1 && abs(ink.maxY - 75) <= 1 && ink.minX <= 1 && ink.maxX >= 99, "\(ink)")
        let svg = try Picture.read(data: Data(Self.logo.utf8), name: "logo.svg")
        #expect(svg.dpi(atHeightMillimetres: 10) == nil && svg.resolutionWarning(atHeightMillimetres: 10) == nil)
    }

    @Test("a JPEG is read by gdk-pixbuf's JPEG loader, with its size")
    func jpeg() throws {
        var error: UnsafeMutablePointer<GError>?
        let pixbuf = try #require(gdk_pixbuf_new(GDK_COLORSPACE_RGB, 0, 8, 64, 48))
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        gdk_pixbuf_fill(pixbuf, 0x00FF_00FF)
        var buffer: UnsafeMutablePointer<gchar>?
        var size: gsize = 0
        try #require(gdk_pixbuf_save_to_bufferv(pixbuf, &buffer, &size, "jpeg", nil, nil, &error) != 0)
        defer { g_free(buffer) }
        let data = Data(bytes: try #require(buffer), count: Int(size))
        let picture = try Picture.read(data: data, name: "photo.JPG")
        #expect(picture.kind == .jpeg && picture.intrinsicSize == Size(width: 64, height: 48))
        #expect(Self.refusal(data, name: "photo.png") == .kindMismatch(extension: "png", actual: .jpeg))
    }

    // MARK: Refusals

    @Test("a billion-laughs entity bomb is refused before any parsing, naming the file and what was refused")
    func entityBomb() throws {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a0 \"ha\">\n"
        for level in 1...10 { bomb += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">\n" }
        bomb += "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a10;</text></svg>"
        let error = try #require(throws: PictureError.self) { try Picture.read(data: Data(bomb.utf8), name: "bomb.svg") }
        #expect(error.reason == .documentType)
        #expect(error.description.hasPrefix(#"picture "bomb.svg": it declares a document type or entities"#))
        // However written: lower case, or a lone entity declaration.
        #expect(Self.refusal(Data("<!doctype svg><svg/>".utf8)) == .documentType)
        #expect(Self.refusal(Self.svg("<!ENTITY x 'y'>")) == .documentType)
    }

    @Test(
        "Foundation's XMLParser on its own hands no entity's text to its delegate, internal or a file (the DOCTYPE scan keeps libxml2 from seeing any)"
    )
    func xmlParserExpandsNoEntity() throws {
        final class Collector: NSObject, XMLParserDelegate {
            var text = ""
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        }
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString).txt")
        try Data("the secret".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        for declaration in [#"<!ENTITY x "expanded">"#, #"<!ENTITY x SYSTEM "file://\#(secret.path)">"#] {
            let parser = XMLParser(data: Data("<!DOCTYPE a [\(declaration)]><a>b&x;</a>".utf8))
            let collector = Collector()
            parser.delegate = collector
            parser.shouldResolveExternalEntities = false
            _ = parser.parse()
            #expect(collector.text == "b", "\(declaration)")
        }
    }

    @Test(
        "a reference out of the picture is refused unread, with the file and the reference in the message",
        arguments: [
            (#"<image href="file:///etc/passwd" width="1" height="1"/>"#, "file:///etc/passwd"),
            (#"<image xlink:href="http://example.com/x.png" width="1" height="1"/>"#, "http://example.com/x.png"),
            (#"<image href="logo.png" width="1" height="1"/>"#, "logo.png"),
            (#"<use href="other.svg#a"/>"#, "other.svg#a"),
            (#"<rect width="1" height="1" style="fill: url('file:///etc/passwd#x')"/>"#, "file:///etc/passwd#x"),
            (#"<rect width="1" height="1" fill="url(https://example.com/p.svg#g)"/>"#, "https://example.com/p.svg#g"),
            (#"<style>rect { fill: url(/etc/passwd) }</style>"#, "/etc/passwd"),
            (#"<a href="https://example.com"><rect width="1" height="1"/></a>"#, "https://example.com"),
            (#"<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>"#, "data:image/svg+xml;base64,PHN2Zy8+"),
        ])
    func externalReference(body: String, reference: String) throws {
        let error = try #require(throws: PictureError.self) { try Picture.read(data: Self.svg(body), name: "evil.svg") }
        #expect(error.reason == .externalReference(reference, line: 1))
        #expect(error.description.contains(#"picture "evil.svg": it refers to "\#(reference)" (line 1), refused unread"#))
        #expect(error.asMessage.text(in: .vi).contains(#"hình "evil.svg": tệp trỏ tới "\#(reference)""#))
    }

    @Test(
        "scripts, foreign content, inclusions, animation, event attributes, style sheets, @import and CSS escapes are refused",
        arguments: [
            (#"<script>alert(1)</script>"#, PictureError.Reason.element("script", line: 1)),
            (#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>"#, .element("foreignObject", line: 1)),
            (##"<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="#a"/>"##, .element("include", line: 1)),
            (#"<set attributeName="href" to="file:///etc/passwd"/>"#, .element("set", line: 1)),
            (#"<rect width="1" height="1" onclick="alert(1)"/>"#, .eventAttribute("onclick", line: 1)),
            (#"<style>@import url(#x);</style>"#, .cssImport(line: 1)),
            (
                #"<rect width="1" height="1" style="fill: \75 rl(file:///etc/passwd)"/>"#,
                .externalReference(#"fill: \75 rl(file:///etc/passwd)"#, line: 1)
            ),
            (#"<g><rect width="1" height="1"/>"#, .notWellFormed(line: 1)),
        ])
    func refusedContent(body: String, reason: PictureError.Reason) {
        #expect(Self.refusal(Self.svg(body)) == reason)
    }

    @Test(
        "the document itself: an event on the root, a processing instruction (a style sheet link), another root, another encoding, too many elements, no size"
    )
    func refusedDocuments() {
        #expect(Self.refusal(Self.svg("", attributes: #"onload="alert(1)""#)) == .eventAttribute("onload", line: 1))
        let styled = Data("<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"style.css\"?>\n".utf8) + Self.svg("")
        #expect(Self.refusal(styled) == .processingInstruction("xml-stylesheet"))
        // An instruction with no data, which crashes XMLParser on Linux (found by fuzz-picture).
        #expect(Self.refusal(Self.svg("<?x?>")) == .processingInstruction("x"))
        #expect(Self.refusal(Data("<?x?>".utf8) + Self.svg("")) == .processingInstruction("x"))
        #expect(Self.refusal(Data("<html><body/></html>".utf8)) == .notSVG(root: "html"))
        let utf16 = Data([0xFF, 0xFE]) + String(decoding: Self.svg(""), as: UTF8.self).data(using: .utf16LittleEndian)!
        #expect(Self.refusal(utf16) == .encoding("UTF-16"))
        let many = Self.svg(String(repeating: "<g/>", count: SVGCheck.mostElements))
        #expect(Self.refusal(many) == .tooManyElements(limit: SVGCheck.mostElements))
        #expect(Self.refusal(Data(#"<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#.utf8)) == .noSize)
    }

    @Test(
        "a <use> or pattern bomb (nine levels of ten references to the level below: a billion elements drawn) is refused as it is read; a logo's few references pass",
        arguments: [
            (##"<use href="#a%d"/>"##, #"<rect id="a0" width="1" height="1"/>"#, ##"<use href="#a9"/>"##),
            (
                #"<rect width="1" height="1" fill="url(#a%d)"/>"#,
                #"<pattern id="a0" width="1" height="1"><rect width="1" height="1"/></pattern>"#,
                #"<rect width="1" height="1" fill="url(#a9)"/>"#
            ),
        ])
    func referenceBomb(reference: String, first: String, drawn: String) throws {
        /// Levels 1… `levels`, each of ten references to the one below, and a drawing of the top one.
        func document(levels: Int) -> Data {
            var defs = first
            for level in 1...levels {
                let inside = String(repeating: String(format: reference, level - 1), count: 10)
                defs +=
                    reference.hasPrefix("<use")
                    ? #"<g id="a\#(level)">\#(inside)</g>"# : #"<pattern id="a\#(level)" width="1" height="1">\#(inside)</pattern>"#
            }
            return Self.svg("<defs>\(defs)</defs>\(drawn.replacingOccurrences(of: "a9", with: "a\(levels)"))")
        }
        #expect(Self.refusal(document(levels: 9)) == .tooManyDrawnElements(limit: SVGCheck.mostDrawnElements))
        let error = try #require(throws: PictureError.self) { try Picture.read(data: document(levels: 9), name: "bomb.svg") }
        #expect(error.description.contains("it draws more than 100000 elements once its references"))
        #expect(Self.refusal(document(levels: 3)) == nil)  // a thousand elements drawn
    }

    @Test("the kind is told by the content and the name must agree; sizes over the limits are refused before decoding")
    func kindsAndLimits() throws {
        let png = try Self.png(width: 4, height: 4)
        #expect(Self.refusal(png, name: "logo.svg") == .kindMismatch(extension: "svg", actual: .png))
        #expect(Self.refusal(Self.svg(""), name: "logo.png") == .kindMismatch(extension: "png", actual: .svg))
        #expect(Self.refusal(png, name: "logo.gif") == .unknownExtension("gif"))
        #expect(Self.refusal(Data("GIF89a".utf8), name: "logo") == .unknownKind)
        #expect(try Picture.read(data: png, name: "upload").kind == .png)
        let large = Self.svg(String(repeating: " ", count: Picture.largestFile))
        #expect(Self.refusal(large) == .tooLarge(bytes: large.count, limit: Picture.largestFile))
        // A PNG header claiming 20,000 × 20,000 pixels: refused from the header, nothing decoded.
        var huge = png
        huge.replaceSubrange(16..<24, with: [0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20])
        #expect(Self.refusal(huge, name: "huge.png") == .tooManyPixels(width: 20_000, height: 20_000))
        let hugeInside = Self.svg(#"<image width="1" height="1" href="data:image/png;base64,\#(huge.base64EncodedString())"/>"#)
        #expect(Self.refusal(hugeInside) == .tooManyPixels(width: 20_000, height: 20_000))
        #expect(Self.refusal(Self.svg(#"<image href="data:image/png;base64,AAAA"/>"#)) == .embeddedPicture(line: 1))
        let embedded = try Picture.read(
            data: Self.svg(#"<image width="1" height="1" xlink:href="data:image/png;base64,\#(png.base64EncodedString())"/>"#),
            name: "logo.svg")
        #expect(embedded.colours.hasRaster)
    }

    // MARK: Colours

    @Test("an SVG's colours: fills, strokes, stops, styles, style sheets and the default black; gradients and transparency reported")
    func colours() throws {
        let picture = try Picture.read(data: Data(Self.logo.utf8), name: "logo.svg")
        #expect(picture.colours.solid == [Color(hex: "#D71920")!, Color(hex: "#FFCD00")!])
        #expect(!picture.colours.hasGradient && !picture.colours.hasTransparency && !picture.colours.hasRaster)
        #expect(picture.colours.undeclared([Color(hex: "#D71920")!]) == [Color(hex: "#FFCD00")!])
        #expect(picture.colours.problems(declared: [Color(hex: "#D71920")!, Color(hex: "#FFCD00")!], file: "logo.svg").isEmpty)
        let problem = try #require(picture.colours.problems(declared: [Color.black], file: "logo.svg").first)
        #expect(problem.text(in: .en) == #"picture "logo.svg": it uses the colour #D71920, which the template does not declare"#)

        let mixed = try Picture.read(
            data: Self.svg(
                """
                <style>.a { stroke: navy; }</style><path d="M0 0h1v1z"/><circle r="1" class="a" stroke="#0f0"/>\
                <linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" style="stop-color:yellow"/></linearGradient>\
                <g style="color: #123456"><rect width="1" height="1" fill="url(#g)" stroke="currentColor" opacity="0.5"/></g>\
                <rect width="1" height="1" fill="cornflowerblue"/>
                """),
            name: "mixed.svg")
        let colours = mixed.colours
        #expect(
            colours.solid
                == Set(["#000000", "#000080", "#00FF00", "#FFFFFF", "#FFFF00", "#123456"].map { Color(hex: $0)! }))
        #expect(colours.unreadable == ["cornflowerblue"])
        #expect(colours.hasGradient && colours.hasTransparency && !colours.hasRaster && !colours.hasFilter)
        #expect(colours.problems(declared: colours.solid, file: "mixed.svg").count == 3)  // unreadable, gradient, transparency
    }

    @Test("a shape whose only fill could come from a style sheet is black when the sheet fills nothing")
    func classWithoutFill() throws {
        let filled = try Picture.read(data: Self.svg(#"<style>.a{fill:#00f}</style><rect class="a" width="1" height="1"/>"#), name: "a.svg")
        #expect(filled.colours.solid == [Color(hex: "#0000FF")!])
        let unfilled = try Picture.read(
            data: Self.svg(#"<style>.a{stroke:#00f}</style><rect class="a" width="1" height="1"/>"#), name: "b.svg")
        #expect(unfilled.colours.solid == [Color(hex: "#0000FF")!, .black])
    }

    // MARK: Helpers

    /// The rows `pdfimages -list` prints for a PDF with `picture` drawn in it.
    static func imagesInPDF(drawing picture: Picture) throws -> Int {
        let file = try pdf(drawing: picture)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pdfimages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfimages", "-list", file.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "pdfimages (poppler-utils, scripts/setup test)")
        // Two heading lines, then one line an image.
        return String(decoding: try Data(contentsOf: output), as: UTF8.self).split(separator: "\n").count - 2
    }

    static func pdfText(drawing picture: Picture) throws -> String {
        let file = try pdf(drawing: picture)
        defer { try? FileManager.default.removeItem(at: file) }
        return String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }

    /// A 50 × 30 mm PDF page with `picture` drawn 20 mm high.
    static func pdf(drawing picture: Picture) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("picture-\(UUID().uuidString).pdf")
        let surface = cairo_pdf_surface_create(file.path, 50 * pointsPerMillimetre, 30 * pointsPerMillimetre)!
        let cr = cairo_create(surface)!
        cairo_scale(cr, pointsPerMillimetre, pointsPerMillimetre)
        try picture.draw(into: cr, in: Rect(x: 5, y: 5, width: 40, height: 20))
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        try #require(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
        cairo_surface_destroy(surface)
        return file
    }

    /// The bounding box of the pixels `picture` inks when drawn in `rect` on a transparent
    /// `surface` (width, height) in pixels.
    static func inkBox(drawing picture: Picture, in rect: Rect, surface size: (Int, Int)) throws -> Rect {
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(size.0), Int32(size.1))!
        defer { cairo_surface_destroy(image) }
        let cr = cairo_create(image)!
        try picture.draw(into: cr, in: rect)
        cairo_destroy(cr)
        cairo_surface_flush(image)
        let data = cairo_image_surface_get_data(image)!, stride = Int(cairo_image_surface_get_stride(image))
        var xs: [Int] = [], ys: [Int] = []
        for y in 0..<size.1 {
            for x in 0..<size.0 where UnsafeRawPointer(data + y * stride).load(fromByteOffset: 4 * x, as: UInt32.self) >> 24 > 127 {
                xs.append(x)
                ys.append(y)
            }
        }
        let minX = try #require(xs.min()), minY = try #require(ys.min())
        return Rect(x: Double(minX), y: Double(minY), width: Double(xs.max()! + 1 - minX), height: Double(ys.max()! + 1 - minY))
    }
}
