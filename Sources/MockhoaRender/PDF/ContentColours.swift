import MockhoaCore

/// How the PDF step writes the design's solid colours (`--colour cmyk|spot`): each colour Cairo
/// drew in RGB becomes exactly the CMYK or the named spot colour the template declares for it.
public struct PrintColours: Hashable, Sendable {
    public var mode: ColourMode
    /// The template's colours with their print values.
    public var inks: [Ink]

    public init(mode: ColourMode, inks: [Ink]) { self.mode = mode; self.inks = inks }

    /// What an `rg`/`RG` of one screen colour becomes.
    enum Replacement: Hashable {
        /// `c m y k k` (fractions 0…1).
        case cmyk([Double])
        /// `/Name cs 1 scn`, the colour space a `/Separation` of `spot` with `cmyk` as alternate.
        case separation(spot: String, cmyk: [Double])
    }

    /// The replacement for each declared screen colour, by its 8-bit `0xRRGGBB` value. Black
    /// that the template does not declare (the slug line, Cairo's initial colour) prints as
    /// process black.
    func replacements() -> [UInt32: Replacement] {
        var table: [UInt32: Replacement] = [Self.key(.black): .cmyk([0, 0, 0, 1])]
        for ink in inks {
            let cmyk = (ink.cmyk ?? [0, 0, 0, 0]).map { $0 / 100 }
            if mode == .spot, let spot = ink.spot {
                table[Self.key(ink.rgb)] = .separation(spot: spot, cmyk: cmyk)
            } else if ink.cmyk != nil || ink.isWhite {
                table[Self.key(ink.rgb)] = .cmyk(cmyk)
            }
        }
        return table
    }

    static func key(_ c: Color) -> UInt32 {
        func byte(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
        return byte(c.red) << 16 | byte(c.green) << 8 | byte(c.blue)
    }
}

/// Rewrites the colours of every content stream of a document (pages, form XObjects within
/// them, to any depth) as `PrintColours` says, and declares the spot colour spaces they use in
/// the resources beside them. Transparency groups blend in DeviceCMYK instead of DeviceRGB.
/// Anything that would leave RGB in the file and cannot be rewritten exactly (an RGB image, a
/// shading or pattern, an RGB colour the template does not declare) is refused.
struct ContentColourRewriter {
    let document: QPDFDocument
    let table: [UInt32: PrintColours.Replacement]
    /// One shared `/Separation` colour space per spot name.
    private var separations: [String: QPDFDocument.Handle] = [:]
    /// Form XObjects already rewritten, by object number.
    private var visited: Set<Int> = []

    init(_ colours: PrintColours, document: QPDFDocument) {
        self.document = document
        table = colours.replacements()
    }

    /// Rewrites page `index` (0-based, for messages) and everything it draws.
    mutating func rewrite(page: QPDFDocument.Handle, index: Int) throws(QPDFError) {
        let content = try document.pageContent(page)
        let resources = try document.shallowCopy(try document.value(page, "/Resources"))
        let rewritten = try rewrite(content, resources: resources, where: Message("pdf.place.page", index + 1))
        try document.set(page, "/Contents", try document.newStream(FlateStream(compressing: rewritten)))
        try document.set(page, "/Resources", resources)
        try blendInCMYK(page)
    }

    /// `content` with its colours rewritten; the colour spaces it now uses, and the forms it
    /// draws (rewritten in turn), go into `resources`.
    private mutating func rewrite(
        _ content: [UInt8], resources: QPDFDocument.Handle,
        where place: Message
    ) throws(QPDFError) -> [UInt8] {
        for (key, refusal) in [("/Shading", "pdf.usesShading"), ("/Pattern", "pdf.usesPattern")] {
            if let found = try document.value(resources, key), try !document.keys(found).isEmpty {
                throw .unsupported(Message(refusal, place))
            }
        }
        if let xobjects = try document.value(resources, "/XObject") {
            for name in try document.keys(xobjects) {
                guard let object = try document.value(xobjects, name) else { continue }
                try rewrite(xobject: object, name: name, in: place)
            }
        }
        var spaces: [String: String] = [:]  // spot name → resource key
        var colourSpaces = try document.value(resources, "/ColorSpace")
        let output = try ContentColourStream.rewrite(content, where: place) { r, g, b, stroking throws(QPDFError) in
            let key = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
            guard let replacement = table[key] else {
                let hex = String(key | 0x100_0000, radix: 16, uppercase: true).dropFirst()
                throw .unsupported(Message("pdf.undeclaredColour", place, String(hex)))
            }
            switch replacement {
            case .cmyk(let v):
                return v.map(QPDFDocument.format).joined(separator: " ") + (stroking ? " K" : " k")
            case .separation(let spot, let cmyk):
                if spaces[spot] == nil {
                    let dictionary = colourSpaces ?? document.newDictionary()
                    colourSpaces = dictionary
                    let keys = Set(try document.keys(dictionary))
                    var n = spaces.count + 1
                    while keys.contains("/Ink\(n)") { n += 1 }
                    try document.set(dictionary, "/Ink\(n)", try separation(spot, cmyk))
                    spaces[spot] = "Ink\(n)"
                }
                return "/\(spaces[spot]!) " + (stroking ? "CS 1 SCN" : "cs 1 scn")
            }
        }
        if let colourSpaces { try document.set(resources, "/ColorSpace", try document.shallowCopy(colourSpaces)) }
        return output
    }

    private mutating func rewrite(xobject: QPDFDocument.Handle, name: String, in place: Message) throws(QPDFError) {
        let number = document.objectNumber(xobject)
        guard !visited.contains(number) || number == 0 else { return }
        visited.insert(number)
        switch try document.value(xobject, "/Subtype").flatMap(document.name) {
        case "Form":
            let formResources = try document.shallowCopy(try document.value(xobject, "/Resources"))
            let content = try document.streamData(xobject)
            let rewritten = try rewrite(content, resources: formResources, where: Message("pdf.place.form", name, place))
            try document.replaceStreamData(xobject, with: FlateStream(compressing: rewritten))
            try document.set(xobject, "/Resources", formResources)
            try blendInCMYK(xobject)
        case "Image":
            if try document.value(xobject, "/ImageMask").map(document.unparse) == "true" { return }
            let space = try document.value(xobject, "/ColorSpace").map(document.unparse) ?? ""
            if space != "/DeviceGray" && space != "/DeviceCMYK" {
                throw .unsupported(Message("pdf.imageColourSpace", place, name, space))
            }
        default: return
        }
    }

    /// A transparency group's blending space becomes DeviceCMYK.
    private func blendInCMYK(_ object: QPDFDocument.Handle) throws(QPDFError) {
        guard let group = try document.value(object, "/Group"), try document.value(group, "/CS") != nil else { return }
        let copy = try document.shallowCopy(group)
        try document.set(copy, "/CS", document.newName("/DeviceCMYK"))
        try document.set(object, "/Group", copy)
    }

    /// The shared `[/Separation /<spot> /DeviceCMYK <tint: 0 → no ink, 1 → cmyk>]`.
    private mutating func separation(_ spot: String, _ cmyk: [Double]) throws(QPDFError) -> QPDFDocument.Handle {
        if let made = separations[spot] { return made }
        let made = try document.newSeparation(spot, alternate: cmyk)
        separations[spot] = made
        return made
    }
}

/// A content stream read token by token, copied as it is except for `r g b rg` / `r g b RG`,
/// which `replace` turns into other operators. Strings, names, comments, dictionaries and
/// inline images are copied untouched, so an `rg` inside a string is never mistaken for one.
enum ContentColourStream {
    /// `replace(r, g, b, stroking)` gets 8-bit components and returns the operators to write.
    static func rewrite(
        _ input: [UInt8], where place: Message,
        replace: (UInt8, UInt8, UInt8, Bool) throws(QPDFError) -> String
    ) throws(QPDFError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 8)
        /// Numbers since the last operator: where each starts in `out`, and its value.
        var operands: [(start: Int, value: Double?)] = []
        var i = 0
        func malformed(_ what: Message) -> QPDFError { .malformed(Message("pdf.contentStream", place, what)) }
        while i < input.count {
            let b = input[i], start = i
            if isWhite(b) { out.append(b); i += 1; continue }
            switch b {
            case UInt8(ascii: "%"):
                while i < input.count, input[i] != 10, input[i] != 13 { i += 1 }
            case UInt8(ascii: "("):
                guard let end = stringEnd(input, from: i) else { throw malformed(Message("pdf.stream.string")) }
                i = end
                operands.append((out.count, nil))
            case UInt8(ascii: "<"):
                if i + 1 < input.count, input[i + 1] == UInt8(ascii: "<") { i += 2; break }
                guard let close = input[i...].firstIndex(of: UInt8(ascii: ">")) else { throw malformed(Message("pdf.stream.hexString")) }
                i = close + 1
                operands.append((out.count, nil))
            case UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                i += 1
            case UInt8(ascii: "/"):
                i = wordEnd(input, from: i + 1)
                operands.append((out.count, nil))
            default:
                i = wordEnd(input, from: i)
                let word = input[start..<i]
                if let first = word.first, "-+.0123456789".utf8.contains(first) {
                    operands.append((out.count, Double(String(decoding: word, as: UTF8.self))))
                    break
                }
                let op = String(decoding: word, as: UTF8.self)
                if op == "rg" || op == "RG" {
                    guard operands.count >= 3, case let values = operands.suffix(3).compactMap(\.value), values.count == 3,
                        values.allSatisfy({ $0 >= 0 && $0 <= 1 })
                    else {
                        throw malformed(Message("pdf.stream.colour", op))
                    }
                    let bytes = values.map { UInt8(($0 * 255).rounded()) }
                    out.removeSubrange(operands[operands.count - 3].start...)
                    out += Array(try replace(bytes[0], bytes[1], bytes[2], op == "RG").utf8)
                    operands.removeAll()
                    continue
                }
                if op == "BI" {  // inline image: copy through its data to `EI`
                    guard let end = inlineImageEnd(input, from: i) else { throw malformed(Message("pdf.stream.inlineImage")) }
                    i = end
                }
                operands.removeAll()
            }
            out += input[start..<i]
        }
        return out
    }

    private static func isWhite(_ b: UInt8) -> Bool { b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32 }
    private static func isDelimiter(_ b: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(b) }

    /// Where the word (a name's, a number's, an operator's) starting at `i` ends.
    private static func wordEnd(_ input: [UInt8], from i: Int) -> Int {
        var i = i
        while i < input.count, !isWhite(input[i]), !isDelimiter(input[i]) { i += 1 }
        return i
    }

    /// Just past the `)` that closes the string opening at `i` (nested parentheses counted,
    /// escapes skipped); nil when the stream ends first.
    private static func stringEnd(_ input: [UInt8], from i: Int) -> Int? {
        var i = i, depth = 0
        repeat {
            guard i < input.count else { return nil }
            switch input[i] {
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            default: break
            }
            i += 1
        } while depth > 0
        return i
    }

    /// Just past the `EI` that ends the data of the inline image whose `BI` ends at `i`; nil
    /// when the stream ends first.
    private static func inlineImageEnd(_ input: [UInt8], from i: Int) -> Int? {
        let n = input.count
        var j = i
        while j + 2 < n,
            !(isWhite(input[j]) && input[j + 1] == UInt8(ascii: "E") && input[j + 2] == UInt8(ascii: "I")
                && (j + 3 == n || isWhite(input[j + 3])))
        { j += 1 }
        return j + 2 < n ? j + 3 : nil
    }
}
