import CFlate
import Foundation
import MockhoaCore

/// One stroked path in a spot colour: millimetres on the page, origin at the page's top-left
/// corner, y pointing down (the project's convention).
public struct SpotStroke: Hashable, Sendable {
    public var path: Path
    /// A `/Separation` colour space, named as RIPs expect, with a DeviceCMYK alternate for
    /// screens and composite printers.
    public var colourant: MarkInk
    /// Line width in points.
    public var widthPoints: Double

    public init(_ path: Path, in colourant: MarkInk, widthPoints: Double = 0.25) {
        self.path = path; self.colourant = colourant; self.widthPoints = widthPoints
    }

    /// Why the stroke cannot be drawn (a size that is not finite or not positive), or nil.
    var problem: Message? {
        guard widthPoints.isFinite, widthPoints > 0 else { return Message("pdf.stroke.width", "\(widthPoints)") }
        let points = path.points
        guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return Message("pdf.stroke.notFinite") }
        guard case .move = path.elements.first else { return Message("pdf.stroke.noMove") }
        guard points.contains(where: { $0 != points[0] }) else { return Message("pdf.stroke.noLength") }
        return nil
    }
}

extension MarkInk {
    /// The alternate DeviceCMYK colour at tint 1: 100 % magenta for the cut line, 100 % of C,
    /// M, Y and K for registration (every plate, process and spot; ISO 32000-1 §8.6.6.4).
    var alternateCMYK: [Int] {
        switch self {
        case .cutContour: [0, 1, 0, 0]
        case .registration: [1, 1, 1, 1]
        }
    }
}

/// Adds strokes in spot colours (the cut line, registration-colour crop marks) to pages of a PDF
/// written by Cairo, which itself writes RGB only.
///
/// qpdf reads the PDF (classic cross-reference tables as Cairo 1.16 writes them, or the
/// cross-reference and object streams of Cairo 1.17.6 and later) and writes it again with, for
/// each page with strokes:
/// - a content stream `Q q /GSOverprint gs … /CSAll CS 1 SCN <w> w <paths> S … Q` appended, the
///   strokes overprinting so that they never knock out the art;
/// - `/Contents [q-stream, old contents…, new stream]` and its resources (a copy, so that pages
///   sharing the old dictionary are unaffected) plus the colour spaces it uses and the overprint
///   graphics state, under keys that do not clash with the page's own.
///
/// The colour spaces, graphics state and `q` stream are written once and shared by all pages.
/// The leading `q` stream and the `Q` that starts the new stream restore the page's initial
/// graphics state: Cairo leaves its `1 0 0 -1 0 h cm` in force at the end of its content.
public enum SpotColourStrokes {
    /// Adds `strokes[i]` to page i (0-based), painted in the given order, converted using the
    /// page's /MediaBox (pt = mm × 72/25.4, y flipped). Pages with an empty list, and pages past
    /// the end of `strokes`, are left untouched. With `colours` in CMYK or spot mode, every
    /// colour of every page is first rewritten as declared (see `ContentColourRewriter`).
    /// With `pdfx`, the file becomes PDF/X-4 (version 1.6 at least; see `PDFX`). With no
    /// strokes, no colours to rewrite and no PDF/X, `pdf` is returned as is. The output depends
    /// on the input bytes only (qpdf's deterministic /ID).
    ///
    /// - Throws: `SpotColourError` when the bytes are not a PDF this step can read (for example
    ///   truncated, encrypted or with rotated pages), when `strokes` names more pages than the
    ///   PDF has, when a stroke has a size that is not finite or not positive, or when a colour
    ///   cannot be written as declared (`unsupportedPDF`).
    public static func add(
        to pdf: [UInt8], strokes: [[SpotStroke]], colours: PrintColours? = nil,
        pdfx: PDFX? = nil
    ) throws -> [UInt8] {
        for (page, list) in strokes.enumerated() {
            for (index, stroke) in list.enumerated() where stroke.problem != nil {
                throw SpotColourError.invalidStroke(page: page, index: index, stroke)
            }
        }
        let rewriteColours = colours.map { $0.mode != .rgb } ?? false
        guard rewriteColours || pdfx != nil || strokes.contains(where: { !$0.isEmpty }) else { return pdf }
        do {
            let document = try QPDFDocument(pdf)
            let pages = try document.pages()
            guard strokes.count <= pages.count else {
                throw SpotColourError.tooManyPages(strokePages: strokes.count, documentPages: pages.count)
            }
            if let colours, rewriteColours {
                var rewriter = ContentColourRewriter(colours, document: document)
                for (index, page) in pages.enumerated() { try rewriter.rewrite(page: page, index: index) }
            }

            let shared = try SharedObjects(for: Set(strokes.joined().map(\.colourant)), in: document)
            for (index, list) in strokes.enumerated() where !list.isEmpty {
                try addStrokes(list, to: pages[index], pageIndex: index, shared: shared, document: document)
            }
            try pdfx?.apply(to: document, pages: pages)
            return try document.write(minimumVersion: pdfx == nil ? nil : "1.6")
        } catch let error as QPDFError {
            switch error {
            case .malformed(let why): throw SpotColourError.malformedPDF(why)
            case .unsupported(let why): throw SpotColourError.unsupportedPDF(why)
            case .notLoaded(let why): throw SpotColourError.libraryMissing(why)
            }
        }
    }

    /// Objects every modified page refers to, written once.
    private struct SharedObjects {
        var colorSpaces: [MarkInk: QPDFDocument.Handle] = [:]
        var graphicsState: QPDFDocument.Handle
        var saveStream: QPDFDocument.Handle

        /// `q`, compressed once.
        static let save = FlateStream(compressing: Array("q\n".utf8))

        init(for colourants: Set<MarkInk>, in document: QPDFDocument) throws(QPDFError) {
            for colourant in MarkInk.allCases where colourants.contains(colourant) {
                colorSpaces[colourant] = try document.newSeparation(
                    colourant.rawValue,
                    alternate: colourant.alternateCMYK.map(Double.init))
            }
            graphicsState = try document.indirect(document.parse("<< /Type /ExtGState /OP true /op true /OPM 1 >>"))
            saveStream = try document.newStream(Self.save)
        }
    }

    private static func addStrokes(
        _ strokes: [SpotStroke], to page: QPDFDocument.Handle, pageIndex: Int,
        shared: SharedObjects, document: QPDFDocument
    ) throws(QPDFError) {
        if let rotate = try document.value(page, "/Rotate").flatMap(document.number),
            rotate.truncatingRemainder(dividingBy: 360) != 0
        {
            throw .unsupported(Message("pdf.rotated", pageIndex + 1, QPDFDocument.format(rotate)))
        }
        guard let box = try document.value(page, "/MediaBox"), case let numbers = try document.items(box).compactMap(document.number),
            numbers.count == 4
        else {
            throw .malformed(Message("pdf.noMediaBox", pageIndex + 1))
        }
        let mediaBox = [
            min(numbers[0], numbers[2]), min(numbers[1], numbers[3]),
            max(numbers[0], numbers[2]), max(numbers[1], numbers[3]),
        ]

        let (resources, names, gsName) = try newResources(
            of: page, pageIndex: pageIndex, for: Set(strokes.map(\.colourant)), shared: shared, document: document)
        let stream = try document.newStream(
            compressedContent(
                strokes, mediaBox: mediaBox, colorSpaces: names,
                graphicsState: gsName))
        var contents = [shared.saveStream]
        if let old = try document.value(page, "/Contents") {
            if document.isArray(old) {
                contents += try document.items(old)
            } else if document.isStream(old) {
                contents.append(old)
            } else {
                throw .malformed(Message("pdf.contentsNeither", pageIndex + 1))
            }
        }
        contents.append(stream)
        try document.set(page, "/Contents", document.newArray(contents))
        try document.set(page, "/Resources", resources)
    }

    /// The page's new resources: a copy of its own with the colour spaces of `inks` and the
    /// overprint graphics state merged into copies of its /ColorSpace and /ExtGState
    /// sub-dictionaries, so that other pages sharing the old objects are unaffected; and the
    /// names they have there.
    private static func newResources(
        of page: QPDFDocument.Handle, pageIndex: Int, for inks: Set<MarkInk>, shared: SharedObjects, document: QPDFDocument
    ) throws(QPDFError) -> (resources: QPDFDocument.Handle, colorSpaces: [MarkInk: String], graphicsState: String) {
        let oldResources = try document.value(page, "/Resources")
        if let oldResources, !document.isDictionary(oldResources) {
            throw .malformed(Message("pdf.resourcesNotDictionary", pageIndex + 1))
        }
        let resources = try document.shallowCopy(oldResources)
        func subdictionary(_ key: String) throws(QPDFError) -> QPDFDocument.Handle {
            let old = try oldResources.flatMap { r throws(QPDFError) in try document.value(r, key) }
            if let old, !document.isDictionary(old) {
                throw .malformed(Message("pdf.entryNotDictionary", pageIndex + 1, key))
            }
            return try document.shallowCopy(old)
        }
        let colorSpaces = try subdictionary("/ColorSpace"), graphicsStates = try subdictionary("/ExtGState")
        var names: [MarkInk: String] = [:]
        for colourant in MarkInk.allCases {
            guard let space = shared.colorSpaces[colourant], inks.contains(colourant) else {
                continue
            }
            let name = try unusedKey("CS" + colourant.rawValue, in: colorSpaces, document)
            try document.set(colorSpaces, "/" + name, space)
            names[colourant] = name
        }
        let gsName = try unusedKey("GSOverprint", in: graphicsStates, document)
        try document.set(graphicsStates, "/" + gsName, shared.graphicsState)
        try document.set(resources, "/ColorSpace", colorSpaces)
        try document.set(resources, "/ExtGState", graphicsStates)
        return (resources, names, gsName)
    }

    /// `base`, or `base2`, `base3`, … whichever is not yet a key of `dictionary`.
    private static func unusedKey(
        _ base: String, in dictionary: QPDFDocument.Handle,
        _ document: QPDFDocument
    ) throws(QPDFError) -> String {
        let keys = Set(try document.keys(dictionary))
        var name = base, n = 1
        while keys.contains("/" + name) { n += 1; name = "\(base)\(n)" }
        return name
    }

    /// `contentStream(…)` compressed, remembered for the next pages: every sheet of a batch
    /// has the same cut line and crop marks, which are then written and compressed once.
    private static func compressedContent(
        _ strokes: [SpotStroke], mediaBox: [Double],
        colorSpaces: [MarkInk: String], graphicsState: String
    ) -> FlateStream {
        let key = ContentKey(strokes: strokes, mediaBox: mediaBox, colorSpaces: colorSpaces, graphicsState: graphicsState)
        return compressed.value(for: key) {
            FlateStream(
                compressing: contentStream(strokes, mediaBox: mediaBox, colorSpaces: colorSpaces, graphicsState: graphicsState),
                level: Z_BEST_COMPRESSION)
        }
    }

    private struct ContentKey: Hashable, Sendable {
        var strokes: [SpotStroke], mediaBox: [Double], colorSpaces: [MarkInk: String], graphicsState: String
    }

    private static let compressed = MemoCache<ContentKey, FlateStream>(limit: 8)  // a batch uses one per side

    /// The page content that strokes `strokes` (mm, y down from the top-left) in order, each in
    /// the colour space named in `colorSpaces` for its colourant; consecutive strokes of the same
    /// colourant and width make one path.
    static func contentStream(
        _ strokes: [SpotStroke], mediaBox: [Double], colorSpaces: [MarkInk: String],
        graphicsState: String
    ) -> [UInt8] {
        let (left, top) = (mediaBox[0], mediaBox[3])
        var out: [UInt8] = []
        out.reserveCapacity(64 * strokes.count + 256)
        func text(_ t: String) { out.append(contentsOf: t.utf8) }
        // Numbers to 4 decimals, trailing zeros dropped, written digit by digit: a sheet has
        // thousands of them, and String formatting would dominate the step.
        func number(_ v: Double) {
            let scaled = (v * 10_000).rounded()
            guard scaled.magnitude < 1e15 else { return text(QPDFDocument.format(v) + " ") }
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
        text("Q\nq\n\(QPDFDocument.escapedName(graphicsState)) gs\n0 J 0 j [] 0 d\n")
        var current: (colourant: MarkInk, width: Double)?
        for stroke in strokes {
            if current?.colourant != stroke.colourant || current?.width != stroke.widthPoints {
                if current != nil { text("S\n") }
                if current?.colourant != stroke.colourant {
                    text("\(QPDFDocument.escapedName(colorSpaces[stroke.colourant] ?? "")) CS 1 SCN\n")
                }
                if current?.width != stroke.widthPoints { number(stroke.widthPoints); text("w\n") }
                current = (stroke.colourant, stroke.widthPoints)
            }
            for element in stroke.path.elements {
                switch element {
                case .move(let p): point(p); text("m\n")
                case .line(let p): point(p); text("l\n")
                case .curve(let c1, let c2, let p): point(c1); point(c2); point(p); text("c\n")
                case .close: text("h\n")
                }
            }
        }
        if current != nil { text("S\n") }
        text("Q\n")
        return out
    }
}

/// Why `SpotColourStrokes.add` could not add the strokes.
public enum SpotColourError: MessageError, Equatable, Sendable {
    /// The bytes are not a readable PDF (no header, truncated, broken syntax or structure).
    case malformedPDF(Message)
    /// A valid PDF using features this step does not handle (encryption, rotated pages).
    case unsupportedPDF(Message)
    /// `strokes` has entries for more pages than the PDF has.
    case tooManyPages(strokePages: Int, documentPages: Int)
    /// A stroke with a size that is not finite or not positive (`index` and `page` 0-based).
    case invalidStroke(page: Int, index: Int, SpotStroke)
    /// libqpdf, which this step uses, could not be loaded (dlerror's text).
    case libraryMissing(String)

    public var asMessage: Message {
        switch self {
        case .malformedPDF(let why): Message("pdf.malformed", why)
        case .unsupportedPDF(let why): Message("pdf.unsupported", why)
        case let .tooManyPages(strokePages, documentPages): Message("pdf.tooManyPages", strokePages, documentPages)
        case let .invalidStroke(page, index, stroke):
            Message("pdf.invalidStroke", stroke.colourant.rawValue, index + 1, page + 1, stroke.problem ?? Message("pdf.stroke.invalid"))
        case .libraryMissing(let why): Message("pdf.libraryMissing", why)
        }
    }
}
