import Foundation
import MockhoaCore

/// One stroked path in a spot colour: millimetres on the page, origin at the page's top-left
/// corner, y pointing down (the project's convention).
public struct SpotStroke: Hashable, Sendable {
    public enum Path: Hashable, Sendable {
        /// A closed ellipse, drawn as four cubic Béziers.
        case ellipse(Ellipse)
        /// A straight line.
        case segment(Segment)
    }

    /// A `/Separation` colour space, named as RIPs expect, with a DeviceCMYK alternate for
    /// screens and composite printers.
    public enum Colourant: String, CaseIterable, Hashable, Sendable {
        /// The line a print-and-cut RIP cuts along; shows as 100 % magenta.
        case cutContour = "CutContour"
        /// Registration colour: every plate, process and spot (ISO 32000-1 §8.6.6.4); shows as
        /// 100 % of C, M, Y and K.
        case registration = "All"

        /// The alternate DeviceCMYK colour at tint 1.
        var alternateCMYK: [Int] {
            switch self {
            case .cutContour: [0, 1, 0, 0]
            case .registration: [1, 1, 1, 1]
            }
        }
    }

    public var path: Path
    public var colourant: Colourant
    /// Line width in points.
    public var widthPoints: Double

    public init(_ path: Path, in colourant: Colourant, widthPoints: Double = 0.25) {
        self.path = path; self.colourant = colourant; self.widthPoints = widthPoints
    }

    /// Why the stroke cannot be drawn (a size that is not finite or not positive), or nil.
    var problem: String? {
        guard widthPoints.isFinite, widthPoints > 0 else { return "line width \(widthPoints) pt is not a positive size" }
        switch path {
        case .ellipse(let e):
            guard e.center.x.isFinite, e.center.y.isFinite, e.radiusX.isFinite, e.radiusY.isFinite,
                  e.radiusX > 0, e.radiusY > 0 else {
                return "ellipse (centre \(e.center.x), \(e.center.y) mm, radii \(e.radiusX) × \(e.radiusY) mm) is not a proper ellipse"
            }
        case .segment(let s):
            guard [s.from.x, s.from.y, s.to.x, s.to.y].allSatisfy(\.isFinite) else {
                return "segment (\(s.from.x), \(s.from.y)) – (\(s.to.x), \(s.to.y)) mm has a coordinate that is not finite"
            }
        }
        return nil
    }
}

/// Adds strokes in spot colours (the cut line, registration-colour crop marks) to pages of a PDF
/// written by Cairo, which itself writes RGB only.
///
/// The original bytes stay untouched: a PDF incremental update is appended that, for each page
/// with strokes:
/// - adds a content stream `Q q /GSOverprint gs … /CSAll CS 1 SCN <w> w <paths> S … Q`, the
///   strokes overprinting so that they never knock out the art;
/// - rewrites the page with `/Contents [q-stream, old contents…, new stream]` and its resources
///   (resolved, merged) plus the colour spaces it uses and the overprint graphics state, under
///   keys that do not clash with the page's own.
///
/// The colour spaces, graphics state and `q` stream are written once and shared by all pages.
/// The leading `q` stream and the `Q` that starts the new stream restore the page's initial
/// graphics state: Cairo leaves its `1 0 0 -1 0 h cm` in force at the end of its content.
public enum SpotColourStrokes {
    /// Adds `strokes[i]` to page i (0-based), painted in the given order, converted using the
    /// page's /MediaBox (pt = mm × 72/25.4, y flipped). Pages with an empty list, and pages past
    /// the end of `strokes`, are left untouched; with no strokes at all, `pdf` is returned as is.
    ///
    /// - Throws: `SpotColourError` when the bytes are not a PDF this step can read (for example
    ///   truncated, or using cross-reference streams), when `strokes` names more pages than the
    ///   PDF has, or when a stroke has a size that is not finite or not positive.
    public static func add(to pdf: [UInt8], strokes: [[SpotStroke]]) throws -> [UInt8] {
        for (page, list) in strokes.enumerated() {
            for (index, stroke) in list.enumerated() where stroke.problem != nil {
                throw SpotColourError.invalidStroke(page: page, index: index, stroke)
            }
        }
        do {
            let document = try PDFDocument(pdf)
            let pages = try document.pages()
            guard strokes.count <= pages.count else {
                throw SpotColourError.tooManyPages(strokePages: strokes.count, documentPages: pages.count)
            }
            guard strokes.contains(where: { !$0.isEmpty }) else { return pdf }

            var update = PDFIncrementalUpdate(appendingTo: document)
            let shared = SharedObjects(for: Set(strokes.joined().map(\.colourant)), adding: &update)
            for (index, list) in strokes.enumerated() where !list.isEmpty {
                try addStrokes(list, to: pages[index], pageIndex: index, shared: shared, document: document, update: &update)
            }
            return update.finished()
        } catch let error as PDFSyntaxError {
            switch error.kind {
            case .malformed: throw SpotColourError.malformedPDF(error.description)
            case .unsupported: throw SpotColourError.unsupportedPDF(error.description)
            }
        }
    }

    /// Ellipse-to-Bézier constant: 4(√2 − 1)/3.
    static let kappa = 0.5522847498

    /// Objects every modified page refers to, written once.
    private struct SharedObjects {
        var colorSpaces: [SpotStroke.Colourant: PDFReference] = [:]
        var graphicsState: PDFReference
        var saveStream: PDFReference

        init(for colourants: Set<SpotStroke.Colourant>, adding update: inout PDFIncrementalUpdate) {
            for colourant in SpotStroke.Colourant.allCases where colourants.contains(colourant) {
                // [/Separation /<name> /DeviceCMYK << Type 2 function: 0 → no ink, 1 → the alternate >>]
                let tint = PDFDictionary([
                    ("FunctionType", .integer(2)),
                    ("Domain", .array([.integer(0), .integer(1)])),
                    ("C0", .array([.integer(0), .integer(0), .integer(0), .integer(0)])),
                    ("C1", .array(colourant.alternateCMYK.map(PDFObject.integer))),
                    ("N", .integer(1)),
                ])
                colorSpaces[colourant] = update.add(.array([.name("Separation"), .name(colourant.rawValue),
                                                            .name("DeviceCMYK"), .dictionary(tint)]))
            }
            graphicsState = update.add(.dictionary(PDFDictionary([
                ("Type", .name("ExtGState")), ("OP", .bool(true)), ("op", .bool(true)), ("OPM", .integer(1)),
            ])))
            saveStream = update.addStream(Array("q\n".utf8))
        }
    }

    private static func addStrokes(_ strokes: [SpotStroke], to page: PDFDocument.Page, pageIndex: Int,
                                   shared: SharedObjects, document: PDFDocument,
                                   update: inout PDFIncrementalUpdate) throws(PDFSyntaxError) {
        // Resources: the old dictionary (resolved or inherited) with the new entries merged into
        // its /ColorSpace and /ExtGState sub-dictionaries, written directly into the page so that
        // other pages sharing the old objects are unaffected.
        var resources = page.resources
        var colorSpaces = try subdictionary(resources["ColorSpace"], "page \(pageIndex + 1) /ColorSpace", document)
        var graphicsStates = try subdictionary(resources["ExtGState"], "page \(pageIndex + 1) /ExtGState", document)
        var names: [SpotStroke.Colourant: String] = [:]
        for colourant in SpotStroke.Colourant.allCases {
            guard let reference = shared.colorSpaces[colourant], strokes.contains(where: { $0.colourant == colourant }) else {
                continue
            }
            let name = unusedKey("CS" + colourant.rawValue, in: colorSpaces)
            colorSpaces[name] = .reference(reference)
            names[colourant] = name
        }
        let gsName = unusedKey("GSOverprint", in: graphicsStates)
        graphicsStates[gsName] = .reference(shared.graphicsState)
        resources["ColorSpace"] = .dictionary(colorSpaces)
        resources["ExtGState"] = .dictionary(graphicsStates)

        let stream = update.addStream(Array(contentStream(strokes, mediaBox: page.mediaBox, colorSpaces: names,
                                                          graphicsState: gsName).utf8))

        var contents: [PDFObject] = [.reference(shared.saveStream)]
        switch page.dictionary["Contents"] {
        case nil: break
        case .reference(let r)?:
            // A reference to one stream, or to an array of stream references.
            if let target = try document.object(r), !target.isStream, case .array(let items) = target.value {
                contents += items
            } else {
                contents.append(.reference(r))
            }
        case .array(let items)?: contents += items
        default: throw PDFSyntaxError(message: "page \(pageIndex + 1) has /Contents that is neither a stream nor an array")
        }
        contents.append(.reference(stream))

        var dictionary = page.dictionary
        dictionary["Contents"] = .array(contents)
        dictionary["Resources"] = .dictionary(resources)
        update.replace(page.reference, with: .dictionary(dictionary))
    }

    /// A resource sub-dictionary (direct or indirect), or an empty one when absent.
    private static func subdictionary(_ object: PDFObject?, _ what: String,
                                      _ document: PDFDocument) throws(PDFSyntaxError) -> PDFDictionary {
        guard let object else { return PDFDictionary() }
        switch try document.resolve(object) {
        case .null: return PDFDictionary()
        case .dictionary(let d): return d
        default: throw PDFSyntaxError(message: "\(what) is not a dictionary")
        }
    }

    private static func unusedKey(_ base: String, in dictionary: PDFDictionary) -> String {
        var name = base, n = 1
        while dictionary[name] != nil { n += 1; name = "\(base)\(n)" }
        return name
    }

    /// The page content that strokes `strokes` (mm, y down from the top-left) in order, each in
    /// the colour space named in `colorSpaces` for its colourant; consecutive strokes of the same
    /// colourant and width make one path.
    static func contentStream(_ strokes: [SpotStroke], mediaBox: [Double], colorSpaces: [SpotStroke.Colourant: String],
                              graphicsState: String) -> String {
        let (left, top) = (mediaBox[0], mediaBox[3])
        var out: [UInt8] = []
        out.reserveCapacity(64 * strokes.count + 256)
        func text(_ t: String) { out.append(contentsOf: t.utf8) }
        // Numbers to 4 decimals, trailing zeros dropped, written digit by digit: a sheet has
        // thousands of them, and String formatting would dominate the step.
        func number(_ v: Double) {
            let scaled = (v * 10_000).rounded()
            guard scaled.magnitude < 1e15 else { return text(PDFObject.format(v)) }
            let n = Int64(scaled)
            if n < 0 { out.append(UInt8(ascii: "-")) }
            var fraction = n.magnitude % 10_000, decimals = 4
            digits(n.magnitude / 10_000)
            if fraction != 0 {
                while fraction % 10 == 0 { fraction /= 10; decimals -= 1 }
                out.append(UInt8(ascii: "."))
                var divisor: UInt64 = 1
                for _ in 1..<decimals { divisor *= 10 }
                while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10)); divisor /= 10 }
            }
            out.append(UInt8(ascii: " "))
        }
        func digits(_ value: UInt64) {
            if value >= 10 { digits(value / 10) }
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        func point(_ p: Point) {
            number(left + p.x * pointsPerMillimetre)
            number(top - p.y * pointsPerMillimetre)
        }
        text("Q\nq\n\(PDFObject.escapedName(graphicsState)) gs\n0 J 0 j [] 0 d\n")
        var current: (colourant: SpotStroke.Colourant, width: Double)?
        for stroke in strokes {
            if current?.colourant != stroke.colourant || current?.width != stroke.widthPoints {
                if current != nil { text("S\n") }
                if current?.colourant != stroke.colourant {
                    text("\(PDFObject.escapedName(colorSpaces[stroke.colourant] ?? "")) CS 1 SCN\n")
                }
                if current?.width != stroke.widthPoints { number(stroke.widthPoints); text("w\n") }
                current = (stroke.colourant, stroke.widthPoints)
            }
            switch stroke.path {
            case .segment(let s):
                point(s.from); text("m "); point(s.to); text("l\n")
            case .ellipse(let e):
                let c = e.center, rx = e.radiusX, ry = e.radiusY
                let kx = kappa * rx, ky = kappa * ry
                func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double) {
                    point(Point(x: c.x + x1, y: c.y + y1)); point(Point(x: c.x + x2, y: c.y + y2))
                    point(Point(x: c.x + x3, y: c.y + y3)); text("c\n")
                }
                // Four quarter arcs, counter-clockwise on the page (y grows downwards in mm).
                point(Point(x: c.x + rx, y: c.y)); text("m\n")
                curve(rx, -ky, kx, -ry, 0, -ry)
                curve(-kx, -ry, -rx, -ky, -rx, 0)
                curve(-rx, ky, -kx, ry, 0, ry)
                curve(kx, ry, rx, ky, rx, 0)
                text("h\n")
            }
        }
        if current != nil { text("S\n") }
        text("Q\n")
        return String(decoding: out, as: UTF8.self)
    }
}

/// Why `SpotColourStrokes.add` could not add the strokes.
public enum SpotColourError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a readable PDF (no header, truncated, broken syntax or structure).
    case malformedPDF(String)
    /// A valid PDF using features this step does not handle (cross-reference streams, encryption,
    /// rotated pages).
    case unsupportedPDF(String)
    /// `strokes` has entries for more pages than the PDF has.
    case tooManyPages(strokePages: Int, documentPages: Int)
    /// A stroke with a size that is not finite or not positive (`index` and `page` 0-based).
    case invalidStroke(page: Int, index: Int, SpotStroke)

    public var description: String {
        switch self {
        case .malformedPDF(let why): "not a readable PDF: \(why)"
        case .unsupportedPDF(let why): "unsupported PDF: \(why)"
        case let .tooManyPages(strokePages, documentPages):
            "spot colour strokes are given for \(strokePages) pages but the PDF has \(documentPages)"
        case let .invalidStroke(page, index, stroke):
            "\(stroke.colourant.rawValue) stroke \(index + 1) on page \(page + 1): \(stroke.problem ?? "invalid")"
        }
    }
}
