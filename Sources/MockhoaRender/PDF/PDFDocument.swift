import Foundation

// Reading a PDF with classic cross-reference tables (what Cairo 1.16 writes), walking its page
// tree, and appending an incremental update (ISO 32000-1 §7.5.6).

/// A PDF opened for reading: its newest trailer and where each object starts.
struct PDFDocument {
    enum XrefEntry { case inUse(offset: Int, generation: Int), free }

    let bytes: [UInt8]
    /// The offset of the newest `xref` section (the value after `startxref`).
    let startXref: Int
    /// The newest trailer dictionary.
    let trailer: PDFDictionary
    /// Every object number named in any cross-reference section, newest section winning.
    let xref: [Int: XrefEntry]

    /// The next object number not in use (the newest trailer's /Size).
    var size: Int { max(trailer["Size"]?.integer ?? 0, (xref.keys.max() ?? 0) + 1) }

    /// Object numbers above this are treated as malformed (PDF readers stop at 8,388,607); the
    /// limit also keeps arithmetic on numbers read from the file far from overflowing.
    static let maximumObjectNumber = 100_000_000

    init(_ bytes: [UInt8]) throws(PDFSyntaxError) {
        self.bytes = bytes
        guard Self.find(Array("%PDF-".utf8), in: bytes, within: 0..<min(bytes.count, 1024)) != nil else {
            throw PDFSyntaxError(message: "no %PDF- header: not a PDF file", offset: 0)
        }
        let tail = max(0, bytes.count - 2048)..<bytes.count
        guard let keyword = Self.findLast(Array("startxref".utf8), in: bytes, within: tail) else {
            throw PDFSyntaxError(message: "no 'startxref' near the end of the file (truncated?)", offset: bytes.count)
        }
        var parser = PDFParser(bytes, at: keyword + 9)
        let start = try parser.parseInteger("cross-reference offset after 'startxref'")
        startXref = start

        // Walk the chain of sections through /Prev, newest first.
        var entries: [Int: XrefEntry] = [:]
        var newestTrailer: PDFDictionary?
        var visited: Set<Int> = []
        var next: Int? = start
        while let offset = next {
            guard visited.insert(offset).inserted else {
                throw PDFSyntaxError(message: "cross-reference sections form a loop", offset: offset)
            }
            let (section, trailer) = try Self.readXrefSection(bytes, at: offset)
            for (number, entry) in section where entries[number] == nil { entries[number] = entry }
            if newestTrailer == nil { newestTrailer = trailer }
            switch trailer["Prev"] {
            case nil: next = nil
            case .integer(let prev)?: next = prev
            default: throw PDFSyntaxError(message: "trailer /Prev is not an offset", offset: offset)
            }
        }
        trailer = newestTrailer ?? PDFDictionary()
        xref = entries
        guard case .integer(let size)? = trailer["Size"], size > 0, size <= Self.maximumObjectNumber else {
            throw PDFSyntaxError(message: "trailer /Size is missing or out of range", offset: start)
        }
        if trailer["Encrypt"] != nil {
            throw PDFSyntaxError(kind: .unsupported, message: "encrypted PDFs are not supported")
        }
    }

    /// Reads `xref` subsections and the `trailer` dictionary at `offset`.
    private static func readXrefSection(_ bytes: [UInt8], at offset: Int) throws(PDFSyntaxError)
        -> ([Int: XrefEntry], PDFDictionary) {
        guard offset >= 0, offset < bytes.count else {
            throw PDFSyntaxError(message: "cross-reference offset \(offset) is outside the file", offset: offset)
        }
        var parser = PDFParser(bytes, at: offset)
        guard case .keyword("xref") = try parser.lexer.peek() else {
            if case .integer = try? parser.lexer.next(), case .integer = try? parser.lexer.next(),
               case .keyword("obj")? = try? parser.lexer.next() {
                throw PDFSyntaxError(kind: .unsupported, message:
                    "cross-reference streams are not supported (only classic 'xref' tables, as Cairo 1.16 writes)",
                    offset: offset)
            }
            throw PDFSyntaxError(message: "expected 'xref' where 'startxref' or /Prev points", offset: offset)
        }
        _ = try parser.lexer.next()
        var entries: [Int: XrefEntry] = [:]
        while true {
            let here = parser.position
            switch try parser.lexer.next() {
            case .keyword("trailer"):
                guard case .dictionary(let trailer) = try parser.parseObject() else {
                    throw PDFSyntaxError(message: "trailer is not a dictionary", offset: here)
                }
                return (entries, trailer)
            case .integer(let first):
                let count = try parser.parseInteger("subsection entry count")
                guard (0...maximumObjectNumber).contains(first), (0...bytes.count / 18).contains(count) else {
                    throw PDFSyntaxError(message: "bad cross-reference subsection \(first) \(count)", offset: here)
                }
                for i in 0..<count {
                    let entryOffset = try parser.parseInteger("cross-reference entry offset")
                    let generation = try parser.parseInteger("cross-reference entry generation")
                    let at = parser.position
                    switch try parser.lexer.next() {
                    case .keyword("n"): entries[first + i] = .inUse(offset: entryOffset, generation: generation)
                    case .keyword("f"): entries[first + i] = .free
                    default: throw PDFSyntaxError(message: "cross-reference entry is neither 'n' nor 'f'", offset: at)
                    }
                }
            default:
                throw PDFSyntaxError(message: "expected a cross-reference subsection or 'trailer'", offset: here)
            }
        }
    }

    /// The object `reference` points at; nil for a free or missing object (which PDF reads as null).
    func object(_ reference: PDFReference) throws(PDFSyntaxError) -> PDFIndirectObject? {
        guard case .inUse(let offset, let generation)? = xref[reference.number],
              generation == reference.generation else { return nil }
        guard offset >= 0, offset < bytes.count else {
            throw PDFSyntaxError(message: "object \(reference) starts outside the file", offset: offset)
        }
        var parser = PDFParser(bytes, at: offset)
        let object = try parser.parseIndirectObject()
        guard object.reference == reference else {
            throw PDFSyntaxError(message: "cross-reference entry for \(reference) points at object \(object.reference)",
                                 offset: offset)
        }
        return object
    }

    /// `object` with references followed until a direct object remains (a missing object is null).
    func resolve(_ object: PDFObject) throws(PDFSyntaxError) -> PDFObject {
        var current = object
        for _ in 0..<32 {
            guard case .reference(let r) = current else { return current }
            guard let target = try self.object(r) else { return .null }
            current = target.value
        }
        throw PDFSyntaxError(message: "references form a chain that is too long or a loop")
    }

    /// `object` resolved and required to be a dictionary.
    func dictionary(_ object: PDFObject?, _ what: String) throws(PDFSyntaxError) -> PDFDictionary {
        guard let object, case .dictionary(let d) = try resolve(object) else {
            throw PDFSyntaxError(message: "\(what) is missing or not a dictionary")
        }
        return d
    }

    // MARK: Pages

    struct Page {
        var reference: PDFReference
        var dictionary: PDFDictionary
        /// `[llx, lly, urx, ury]` in points, normalised so that ll < ur (inherited if need be).
        var mediaBox: [Double]
        /// The resources dictionary, resolved (inherited if need be; empty when there is none).
        var resources: PDFDictionary
    }

    /// The pages in order, by walking /Root → /Pages → /Kids.
    func pages() throws(PDFSyntaxError) -> [Page] {
        let catalog = try dictionary(trailer["Root"], "trailer /Root (the document catalog)")
        guard case .reference(let root)? = catalog["Pages"] else {
            throw PDFSyntaxError(message: "catalog /Pages is missing or not an indirect reference")
        }
        var pages: [Page] = []
        var visited: Set<PDFReference> = []
        try collectPages(root, inheritedResources: nil, inheritedMediaBox: nil, depth: 0,
                         visited: &visited, into: &pages)
        return pages
    }

    private func collectPages(_ reference: PDFReference, inheritedResources: PDFObject?,
                              inheritedMediaBox: PDFObject?, depth: Int,
                              visited: inout Set<PDFReference>, into pages: inout [Page]) throws(PDFSyntaxError) {
        guard depth < 64, visited.insert(reference).inserted else {
            throw PDFSyntaxError(message: "page tree is too deep or has a loop at \(reference)")
        }
        guard let object = try self.object(reference), !object.isStream, case .dictionary(let node) = object.value else {
            throw PDFSyntaxError(message: "page tree node \(reference) is missing or not a dictionary")
        }
        let resources = node["Resources"] ?? inheritedResources
        let mediaBox = node["MediaBox"] ?? inheritedMediaBox
        let type = node["Type"]?.name ?? (node["Kids"] != nil ? "Pages" : "Page")
        switch type {
        case "Pages":
            guard case .array(let kids) = try resolve(node["Kids"] ?? .null) else {
                throw PDFSyntaxError(message: "page tree node \(reference) has no /Kids array")
            }
            for kid in kids {
                guard case .reference(let kidReference) = kid else {
                    throw PDFSyntaxError(message: "page tree node \(reference) has a kid that is not a reference")
                }
                try collectPages(kidReference, inheritedResources: resources, inheritedMediaBox: mediaBox,
                                 depth: depth + 1, visited: &visited, into: &pages)
            }
        case "Page":
            if let rotate = try resolve(node["Rotate"] ?? .integer(0)).number, rotate.truncatingRemainder(dividingBy: 360) != 0 {
                throw PDFSyntaxError(kind: .unsupported, message: "page \(pages.count + 1) is rotated (/Rotate \(PDFObject.format(rotate)))")
            }
            guard case .array(let box) = try resolve(mediaBox ?? .null), box.count == 4 else {
                throw PDFSyntaxError(message: "page \(pages.count + 1) (\(reference)) has no /MediaBox of four numbers")
            }
            var numbers: [Double] = []
            for item in box {
                guard let n = try resolve(item).number else {
                    throw PDFSyntaxError(message: "page \(pages.count + 1) has a /MediaBox entry that is not a number")
                }
                numbers.append(n)
            }
            let normalised = [min(numbers[0], numbers[2]), min(numbers[1], numbers[3]),
                              max(numbers[0], numbers[2]), max(numbers[1], numbers[3])]
            let resolvedResources: PDFDictionary
            switch try resolve(resources ?? .null) {
            case .null: resolvedResources = PDFDictionary()
            case .dictionary(let d): resolvedResources = d
            default: throw PDFSyntaxError(message: "page \(pages.count + 1) has /Resources that is not a dictionary")
            }
            pages.append(Page(reference: reference, dictionary: node, mediaBox: normalised, resources: resolvedResources))
        default:
            throw PDFSyntaxError(message: "page tree node \(reference) has /Type /\(type)")
        }
    }

    // MARK: Byte search

    static func find(_ needle: [UInt8], in haystack: [UInt8], within range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        for i in range.lowerBound...(range.upperBound - needle.count)
        where haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    static func findLast(_ needle: [UInt8], in haystack: [UInt8], within range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        for i in stride(from: range.upperBound - needle.count, through: range.lowerBound, by: -1)
        where haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}

/// New and replaced objects appended after the original bytes, with their own `xref` section
/// and a trailer whose /Prev points at the previous section.
struct PDFIncrementalUpdate {
    private let document: PDFDocument
    private var output: [UInt8]
    private var offsets: [Int: (offset: Int, generation: Int)] = [:]
    private var nextNumber: Int

    init(appendingTo document: PDFDocument) {
        self.document = document
        output = document.bytes
        if let last = output.last, last != 10, last != 13 { output.append(10) }
        nextNumber = document.size
    }

    /// Appends a new object and returns its reference.
    mutating func add(_ object: PDFObject) -> PDFReference {
        let reference = newReference()
        write(reference, object.serialized)
        return reference
    }

    /// Appends a new uncompressed stream and returns its reference.
    mutating func addStream(_ data: [UInt8], dictionary: PDFDictionary = PDFDictionary()) -> PDFReference {
        var dictionary = dictionary
        dictionary["Length"] = .integer(data.count)
        let reference = newReference()
        offsets[reference.number] = (output.count, reference.generation)
        output += Array("\(reference.number) \(reference.generation) obj\n\(PDFObject.dictionary(dictionary).serialized)\nstream\n".utf8)
        output += data
        output += Array("\nendstream\nendobj\n".utf8)
        return reference
    }

    /// Appends a new version of an existing object.
    mutating func replace(_ reference: PDFReference, with object: PDFObject) {
        write(reference, object.serialized)
    }

    /// The original bytes, the appended objects, the new `xref` section and trailer.
    func finished() -> [UInt8] {
        var out = output
        let xrefOffset = out.count
        var text = "xref\n"
        let numbers = offsets.keys.sorted()
        var i = 0
        while i < numbers.count {  // one subsection per run of consecutive object numbers
            var j = i
            while j + 1 < numbers.count, numbers[j + 1] == numbers[j] + 1 { j += 1 }
            text += "\(numbers[i]) \(j - i + 1)\n"
            for n in numbers[i...j] {
                let entry = offsets[n]!
                text += String(format: "%010d %05d n \n", entry.offset, entry.generation)
            }
            i = j + 1
        }
        var trailer = PDFDictionary([("Size", .integer(max(nextNumber, document.size)))])
        for (key, value) in document.trailer.entries where !["Size", "Prev", "XRefStm"].contains(key) {
            trailer[key] = value
        }
        trailer["Prev"] = .integer(document.startXref)
        text += "trailer\n\(PDFObject.dictionary(trailer).serialized)\nstartxref\n\(xrefOffset)\n%%EOF\n"
        out += Array(text.utf8)
        return out
    }

    private mutating func newReference() -> PDFReference {
        defer { nextNumber += 1 }
        return PDFReference(number: nextNumber, generation: 0)
    }

    private mutating func write(_ reference: PDFReference, _ body: String) {
        offsets[reference.number] = (output.count, reference.generation)
        output += Array("\(reference.number) \(reference.generation) obj\n\(body)\nendobj\n".utf8)
    }
}
