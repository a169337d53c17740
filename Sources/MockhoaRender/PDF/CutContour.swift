import Foundation
import MockhoaCore

/// Adds CutContour outlines to pages of a PDF written by Cairo.
///
/// Cairo writes RGB only, but print-and-cut RIPs look for the cut line as a stroke in a
/// Separation colour space named exactly `CutContour`, overprinting. This step appends a PDF
/// incremental update to the original bytes (which stay untouched) that, for each page with
/// outlines:
/// - adds a content stream `Q q /GSCut gs /CSCut CS 1 SCN <w> w <paths> S Q`;
/// - rewrites the page with `/Contents [q-stream, old contents…, new stream]` and its
///   resources (resolved, merged) plus `/ColorSpace /CSCut` and `/ExtGState /GSCut`.
///
/// The leading `q` stream and the `Q` that starts the new stream restore the page's initial
/// graphics state: Cairo leaves its `1 0 0 -1 0 h cm` in force at the end of its content.
public enum CutContour {
    /// Adds the outlines. `outlines[i]` are the closed outlines for page i (0-based), in
    /// millimetres on the page with the origin at the page's top-left corner and y pointing down
    /// (the project's convention); converted using the page's /MediaBox (pt = mm × 72/25.4,
    /// y flipped). Ellipses are drawn as four cubic Béziers (kappa 0.5522847498). Pages with an
    /// empty list, and pages past the end of `outlines`, are left untouched.
    ///
    /// - Throws: `CutContourError` when the bytes are not a PDF this step can read (for example
    ///   truncated, or using cross-reference streams), when `outlines` names more pages than the
    ///   PDF has, or when an ellipse or the line width is not a positive finite size.
    public static func add(to pdf: [UInt8], outlines: [[Ellipse]], lineWidthPoints: Double = 0.25) throws -> [UInt8] {
        guard lineWidthPoints.isFinite, lineWidthPoints > 0 else {
            throw CutContourError.invalidLineWidth(lineWidthPoints)
        }
        for (page, ellipses) in outlines.enumerated() {
            for (index, e) in ellipses.enumerated() {
                guard e.center.x.isFinite, e.center.y.isFinite, e.radiusX.isFinite, e.radiusY.isFinite,
                      e.radiusX > 0, e.radiusY > 0 else {
                    throw CutContourError.invalidOutline(page: page, index: index, e)
                }
            }
        }
        do {
            let document = try PDFDocument(pdf)
            let pages = try document.pages()
            guard outlines.count <= pages.count else {
                throw CutContourError.tooManyPages(outlinePages: outlines.count, documentPages: pages.count)
            }
            guard outlines.contains(where: { !$0.isEmpty }) else { return pdf }

            var update = PDFIncrementalUpdate(appendingTo: document)
            let shared = SharedObjects(adding: &update)
            for (index, ellipses) in outlines.enumerated() where !ellipses.isEmpty {
                try addOutlines(ellipses, to: pages[index], pageIndex: index, lineWidthPoints: lineWidthPoints,
                                shared: shared, document: document, update: &update)
            }
            return update.finished()
        } catch let error as PDFSyntaxError {
            switch error.kind {
            case .malformed: throw CutContourError.malformedPDF(error.description)
            case .unsupported: throw CutContourError.unsupportedPDF(error.description)
            }
        }
    }

    /// The name of the Separation colour space a RIP cuts along.
    public static let spotName = "CutContour"

    /// Ellipse-to-Bézier constant: 4(√2 − 1)/3.
    static let kappa = 0.5522847498

    /// Objects every modified page refers to, written once.
    private struct SharedObjects {
        var colorSpace: PDFReference
        var graphicsState: PDFReference
        var saveStream: PDFReference

        init(adding update: inout PDFIncrementalUpdate) {
            // [/Separation /CutContour /DeviceCMYK << Type 2 function: 0 → no ink, 1 → 100 % magenta >>]
            let tint = PDFDictionary([
                ("FunctionType", .integer(2)),
                ("Domain", .array([.integer(0), .integer(1)])),
                ("C0", .array([.integer(0), .integer(0), .integer(0), .integer(0)])),
                ("C1", .array([.integer(0), .integer(1), .integer(0), .integer(0)])),
                ("N", .integer(1)),
            ])
            colorSpace = update.add(.array([.name("Separation"), .name(CutContour.spotName),
                                            .name("DeviceCMYK"), .dictionary(tint)]))
            graphicsState = update.add(.dictionary(PDFDictionary([
                ("Type", .name("ExtGState")), ("OP", .bool(true)), ("op", .bool(true)), ("OPM", .integer(1)),
            ])))
            saveStream = update.addStream(Array("q\n".utf8))
        }
    }

    private static func addOutlines(_ ellipses: [Ellipse], to page: PDFDocument.Page, pageIndex: Int,
                                    lineWidthPoints: Double, shared: SharedObjects, document: PDFDocument,
                                    update: inout PDFIncrementalUpdate) throws(PDFSyntaxError) {
        // Resources: the old dictionary (resolved or inherited) with the new entries merged into
        // its /ColorSpace and /ExtGState sub-dictionaries, written directly into the page so that
        // other pages sharing the old objects are unaffected.
        var resources = page.resources
        var colorSpaces = try subdictionary(resources["ColorSpace"], "page \(pageIndex + 1) /ColorSpace", document)
        var graphicsStates = try subdictionary(resources["ExtGState"], "page \(pageIndex + 1) /ExtGState", document)
        let csName = unusedKey("CSCut", in: colorSpaces), gsName = unusedKey("GSCut", in: graphicsStates)
        colorSpaces[csName] = .reference(shared.colorSpace)
        graphicsStates[gsName] = .reference(shared.graphicsState)
        resources["ColorSpace"] = .dictionary(colorSpaces)
        resources["ExtGState"] = .dictionary(graphicsStates)

        let stream = update.addStream(Array(contentStream(ellipses, mediaBox: page.mediaBox, lineWidthPoints: lineWidthPoints,
                                                          colorSpace: csName, graphicsState: gsName).utf8))

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

    /// The page content that strokes `ellipses` (mm, y down from the top-left) in CutContour.
    static func contentStream(_ ellipses: [Ellipse], mediaBox: [Double], lineWidthPoints: Double,
                              colorSpace: String, graphicsState: String) -> String {
        let (left, top) = (mediaBox[0], mediaBox[3])
        func f(_ v: Double) -> String {
            var s = String(format: "%.4f", v)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s == "-0" ? "0" : s
        }
        var out = "Q\nq\n\(PDFObject.escapedName(graphicsState)) gs\n\(PDFObject.escapedName(colorSpace)) CS 1 SCN\n"
        out += "\(f(lineWidthPoints)) w 0 J 0 j [] 0 d\n"
        for e in ellipses {
            let cx = left + e.center.x * pointsPerMillimetre, cy = top - e.center.y * pointsPerMillimetre
            let rx = e.radiusX * pointsPerMillimetre, ry = e.radiusY * pointsPerMillimetre
            let kx = kappa * rx, ky = kappa * ry
            func c(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double) -> String {
                "\(f(x1)) \(f(y1)) \(f(x2)) \(f(y2)) \(f(x3)) \(f(y3)) c\n"
            }
            out += "\(f(cx + rx)) \(f(cy)) m\n"
            out += c(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry)
            out += c(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy)
            out += c(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry)
            out += c(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy)
            out += "h\n"
        }
        out += "S\nQ\n"
        return out
    }
}

/// Why `CutContour.add` could not add the cut line.
public enum CutContourError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a readable PDF (no header, truncated, broken syntax or structure).
    case malformedPDF(String)
    /// A valid PDF using features this step does not handle (cross-reference streams, encryption,
    /// rotated pages).
    case unsupportedPDF(String)
    /// `outlines` has entries for more pages than the PDF has.
    case tooManyPages(outlinePages: Int, documentPages: Int)
    /// An ellipse whose centre or radii are not finite, or whose radii are not positive.
    case invalidOutline(page: Int, index: Int, Ellipse)
    case invalidLineWidth(Double)

    public var description: String {
        switch self {
        case .malformedPDF(let why): "not a readable PDF: \(why)"
        case .unsupportedPDF(let why): "unsupported PDF: \(why)"
        case let .tooManyPages(outlinePages, documentPages):
            "cut outlines are given for \(outlinePages) pages but the PDF has \(documentPages)"
        case let .invalidOutline(page, index, e):
            "cut outline \(index + 1) on page \(page + 1) is not a proper ellipse "
                + "(centre \(e.center.x), \(e.center.y) mm, radii \(e.radiusX) × \(e.radiusY) mm)"
        case .invalidLineWidth(let w): "cut line width \(w) pt is not a positive size"
        }
    }
}
