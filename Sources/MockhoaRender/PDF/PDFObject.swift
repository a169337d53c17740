import Foundation

// A minimal PDF object model, lexer, parser and serializer: enough to read the cross-reference
// table, trailer and page tree of a PDF written by Cairo and to write an incremental update.
// It never traps on malformed input: every read is bounds-checked and nesting is limited.

/// An indirect reference `N G R`.
struct PDFReference: Hashable, Sendable, CustomStringConvertible {
    var number: Int
    var generation: Int
    var description: String { "\(number) \(generation) R" }
}

/// A PDF dictionary that keeps its keys in the order they were read, so a rewritten object
/// reads like the original.
struct PDFDictionary: Equatable, Sendable {
    private(set) var entries: [(key: String, value: PDFObject)] = []

    init(_ entries: [(key: String, value: PDFObject)] = []) {
        for (key, value) in entries { self[key] = value }
    }

    var keys: [String] { entries.map(\.key) }

    /// The value for `key` (a name without the slash); setting nil removes the entry.
    subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (i?, v?): entries[i].value = v
            case let (i?, nil): entries.remove(at: i)
            case let (nil, v?): entries.append((key, v))
            case (nil, nil): break
            }
        }
    }

    static func == (l: PDFDictionary, r: PDFDictionary) -> Bool {
        l.entries.count == r.entries.count
            && zip(l.entries, r.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// A direct PDF object. Names are stored without the slash and with `#xx` escapes decoded;
/// their bytes map one-to-one onto the first 256 Unicode scalars, so any name round-trips.
/// Strings keep their decoded bytes (literal and hex strings are the same value).
indirect enum PDFObject: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(PDFReference)

    var dictionary: PDFDictionary? { if case .dictionary(let d) = self { d } else { nil } }
    var array: [PDFObject]? { if case .array(let a) = self { a } else { nil } }
    var reference: PDFReference? { if case .reference(let r) = self { r } else { nil } }
    var name: String? { if case .name(let n) = self { n } else { nil } }
    var integer: Int? { if case .integer(let i) = self { i } else { nil } }
    var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .real(let r): r
        default: nil
        }
    }
}

/// Why bytes could not be read as PDF, and where.
struct PDFSyntaxError: Error, CustomStringConvertible {
    enum Kind: Sendable { case malformed, unsupported }
    var kind: Kind = .malformed
    var message: String
    var offset: Int?
    var description: String { offset.map { "\(message) at byte \($0)" } ?? message }
}

// MARK: - Lexer

/// A token of PDF syntax (ISO 32000-1 §7.2, §7.3).
enum PDFToken: Equatable {
    case integer(Int)
    case real(Double)
    case name(String)
    case string([UInt8])
    case keyword(String)  // true, false, null, R, obj, endobj, stream, xref, trailer, n, f, …
    case arrayStart, arrayEnd, dictionaryStart, dictionaryEnd
    case end
}

struct PDFLexer {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = max(0, min(position, bytes.count))
    }

    static func isWhitespace(_ b: UInt8) -> Bool { b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32 }
    static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: false
        }
    }
    static func isRegular(_ b: UInt8) -> Bool { !isWhitespace(b) && !isDelimiter(b) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ message: String, at offset: Int? = nil) -> PDFSyntaxError {
        PDFSyntaxError(message: message, offset: offset ?? position)
    }

    /// Skips whitespace and comments.
    mutating func skipWhitespace() {
        while let b = current {
            if Self.isWhitespace(b) {
                position += 1
            } else if b == UInt8(ascii: "%") {
                while let c = current, c != 10, c != 13 { position += 1 }
            } else {
                return
            }
        }
    }

    /// The next token without consuming it.
    mutating func peek() throws(PDFSyntaxError) -> PDFToken {
        let saved = position
        defer { position = saved }
        return try next()
    }

    mutating func next() throws(PDFSyntaxError) -> PDFToken {
        skipWhitespace()
        let start = position
        guard let b = current else { return .end }
        switch b {
        case UInt8(ascii: "["): position += 1; return .arrayStart
        case UInt8(ascii: "]"): position += 1; return .arrayEnd
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2; return .dictionaryStart
            }
            return .string(try hexString())
        case UInt8(ascii: ">"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") {
                position += 2; return .dictionaryEnd
            }
            throw error("unexpected '>'")
        case UInt8(ascii: "("): return .string(try literalString())
        case UInt8(ascii: "/"): return .name(try name())
        case UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            throw error("unexpected '\(UnicodeScalar(b))'")
        default:
            while let c = current, Self.isRegular(c) { position += 1 }
            let word = String(decoding: bytes[start..<position], as: UTF8.self)
            if let first = word.utf8.first,
               first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                return try number(word, at: start)
            }
            return .keyword(word)
        }
    }

    private func number(_ word: String, at start: Int) throws(PDFSyntaxError) -> PDFToken {
        let body = word.hasPrefix("+") ? String(word.dropFirst()) : word
        let digits = body.hasPrefix("-") ? body.dropFirst() : Substring(body)
        let dots = digits.filter { $0 == "." }.count
        guard !digits.isEmpty, dots <= 1, digits != ".",
              digits.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) else {
            throw error("malformed number '\(word.prefix(20))'", at: start)
        }
        if dots == 0, let i = Int(body) { return .integer(i) }
        // A trailing or leading dot ("4.", "-.5") is valid PDF; Double() wants a digit there.
        var text = body
        if text.hasSuffix(".") { text += "0" }
        text = text.replacingOccurrences(of: "-.", with: "-0.")
        if text.hasPrefix(".") { text = "0" + text }
        guard let d = Double(text), d.isFinite else { throw error("malformed number '\(word.prefix(20))'", at: start) }
        return .real(d)
    }

    private mutating func name() throws(PDFSyntaxError) -> String {
        position += 1  // '/'
        var scalars = String.UnicodeScalarView()
        while let c = current, Self.isRegular(c) {
            position += 1
            if c == UInt8(ascii: "#"), position + 1 < bytes.count,
               let hi = Self.hexValue(bytes[position]), let lo = Self.hexValue(bytes[position + 1]) {
                scalars.append(UnicodeScalar(hi << 4 | lo))
                position += 2
            } else {
                scalars.append(UnicodeScalar(c))
            }
        }
        return String(scalars)
    }

    private mutating func hexString() throws(PDFSyntaxError) -> [UInt8] {
        let start = position
        position += 1  // '<'
        var out: [UInt8] = []
        var high: UInt8?
        while true {
            guard let c = current else { throw error("unterminated hex string", at: start) }
            position += 1
            if c == UInt8(ascii: ">") { break }
            if Self.isWhitespace(c) { continue }
            guard let v = Self.hexValue(c) else { throw error("bad character in hex string", at: position - 1) }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        if let h = high { out.append(h << 4) }
        return out
    }

    private mutating func literalString() throws(PDFSyntaxError) -> [UInt8] {
        let start = position
        position += 1  // '('
        var out: [UInt8] = []
        var depth = 1
        while true {
            guard let c = current else { throw error("unterminated string", at: start) }
            position += 1
            switch c {
            case UInt8(ascii: "("):
                depth += 1; out.append(c)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return out }
                out.append(c)
            case UInt8(ascii: "\\"):
                guard let e = current else { throw error("unterminated string", at: start) }
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case 13: if current == 10 { position += 1 }  // line continuation
                case 10: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(e - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let d = current, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(d) else { break }
                        value = value * 8 + Int(d - UInt8(ascii: "0"))
                        position += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: value))
                default: out.append(e)  // \( \) \\ and unknown escapes
                }
            default:
                out.append(c)
            }
        }
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// MARK: - Parser

/// An object read from `N G obj … endobj`. Stream data is not read: only its dictionary.
struct PDFIndirectObject {
    var reference: PDFReference
    var value: PDFObject
    var isStream: Bool
}

struct PDFParser {
    var lexer: PDFLexer
    /// Deeper nesting than this is treated as malformed (guards the stack against hostile input).
    static let maximumDepth = 64

    init(_ bytes: [UInt8], at position: Int = 0) { lexer = PDFLexer(bytes, at: position) }

    var position: Int { lexer.position }

    func error(_ message: String) -> PDFSyntaxError { PDFSyntaxError(message: message, offset: lexer.position) }

    /// Reads one direct object (or an indirect reference).
    mutating func parseObject(depth: Int = 0) throws(PDFSyntaxError) -> PDFObject {
        guard depth < Self.maximumDepth else { throw error("objects nested too deeply") }
        let start = lexer.position
        switch try lexer.next() {
        case .integer(let n):
            // `N G R` is a reference; otherwise the integer stands alone.
            let saved = lexer.position
            if n >= 0, case .integer(let g) = try? lexer.next(), g >= 0, case .keyword("R")? = try? lexer.next() {
                return .reference(PDFReference(number: n, generation: g))
            }
            lexer.position = saved
            return .integer(n)
        case .real(let r): return .real(r)
        case .name(let n): return .name(n)
        case .string(let s): return .string(s)
        case .keyword("true"): return .bool(true)
        case .keyword("false"): return .bool(false)
        case .keyword("null"): return .null
        case .arrayStart:
            var items: [PDFObject] = []
            while try lexer.peek() != .arrayEnd {
                guard try lexer.peek() != .end else { throw error("unterminated array") }
                items.append(try parseObject(depth: depth + 1))
            }
            _ = try lexer.next()
            return .array(items)
        case .dictionaryStart:
            var dictionary = PDFDictionary()
            while true {
                let keyOffset = lexer.position
                switch try lexer.next() {
                case .dictionaryEnd: return .dictionary(dictionary)
                case .name(let key): dictionary[key] = try parseObject(depth: depth + 1)
                case .end: throw error("unterminated dictionary")
                default: throw PDFSyntaxError(message: "dictionary key is not a name", offset: keyOffset)
                }
            }
        case .end: throw PDFSyntaxError(message: "unexpected end of file", offset: start)
        case let token: throw PDFSyntaxError(message: "unexpected \(token)", offset: start)
        }
    }

    /// Expects a keyword such as `obj` or `trailer`.
    mutating func expect(keyword: String) throws(PDFSyntaxError) {
        let start = lexer.position
        guard case .keyword(keyword) = try lexer.next() else {
            throw PDFSyntaxError(message: "expected '\(keyword)'", offset: start)
        }
    }

    mutating func parseInteger(_ what: String) throws(PDFSyntaxError) -> Int {
        let start = lexer.position
        guard case .integer(let i) = try lexer.next() else {
            throw PDFSyntaxError(message: "expected \(what)", offset: start)
        }
        return i
    }

    /// Reads `N G obj <object> endobj` (or `… stream`) starting at the current position.
    mutating func parseIndirectObject() throws(PDFSyntaxError) -> PDFIndirectObject {
        let number = try parseInteger("object number")
        let generation = try parseInteger("generation number")
        try expect(keyword: "obj")
        let value = try parseObject()
        let start = lexer.position
        switch try lexer.next() {
        case .keyword("endobj"): return .init(reference: .init(number: number, generation: generation), value: value, isStream: false)
        case .keyword("stream"):
            guard value.dictionary != nil else { throw PDFSyntaxError(message: "stream without a dictionary", offset: start) }
            return .init(reference: .init(number: number, generation: generation), value: value, isStream: true)
        default: throw PDFSyntaxError(message: "expected 'endobj'", offset: start)
        }
    }
}

// MARK: - Serializer

extension PDFObject {
    /// The object in PDF syntax.
    var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .real(let r):
            // A whole real keeps its point ("4.0") so that it reads back as a real.
            let text = PDFObject.format(r)
            out += text.contains(".") ? text : text + ".0"
        case .string(let s):
            out += "<"
            for byte in s { out += String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            out += ">"
        case .name(let n): out += PDFObject.escapedName(n)
        case .reference(let r): out += r.description
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += " " }
                item.write(to: &out)
            }
            out += "]"
        case .dictionary(let d):
            out += "<<"
            for (key, value) in d.entries {
                out += " " + PDFObject.escapedName(key) + " "
                value.write(to: &out)
            }
            out += " >>"
        }
    }

    /// `/Name` with delimiters, whitespace, `#` and bytes outside `!`…`~` written as `#xx`.
    static func escapedName(_ name: String) -> String {
        var out = "/"
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v > 0x20, v < 0x7F, v != 0x23, PDFLexer.isRegular(UInt8(v)) {
                out.unicodeScalars.append(scalar)
            } else {
                // Names hold bytes (see PDFObject); a scalar above U+00FF cannot come from the
                // lexer, so it is written as its UTF-8 bytes.
                let bytes: [UInt8] = v <= 0xFF ? [UInt8(v)] : Array(String(scalar).utf8)
                for b in bytes { out += "#" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) }
            }
        }
        return out
    }

    /// A number in plain decimal notation (PDF has no exponents), as short as round-trips.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let shortest = String(value)
        if !shortest.contains("e") { return shortest }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
