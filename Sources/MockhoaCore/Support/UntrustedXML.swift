import Foundation

/// Checks on XML read from untrusted bytes (workbook parts, SVG pictures) before any parser sees
/// them. Their readers take UTF-8 only, so that a byte scan for `<!DOCTYPE` before parsing cannot
/// be dodged by writing it in another encoding.
public enum UntrustedXML {
    /// The encoding of an XML file that is not UTF-8, as far as told (`UTF-16`), or nil for UTF-8: a
    /// byte-order mark of UTF-16 or UTF-32, a NUL byte (UTF-16 or -32 without a mark), a first
    /// character other than `<` (EBCDIC), or an XML declaration naming another encoding.
    public static func otherEncoding(of data: Data) -> String? {
        let start = [UInt8](data.prefix(4))
        if start.starts(with: [0xFF, 0xFE, 0, 0]) || start.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32" }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
        if data.contains(0) { return "UTF-16 / UTF-32" }
        let text = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let first = text.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        guard first == UInt8(ascii: "<") else { return "?" }
        // `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
        let head = Data(text.prefix(300))
        guard head.starts(with: Data("<?xml".utf8)), let end = head.range(of: Data("?>".utf8)) else { return nil }
        let declaration = String(decoding: head[..<end.lowerBound], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let value = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return nil }
        let name = value.dropFirst().prefix { $0 != quote }
        return ["utf-8", "utf8"].contains(name.lowercased()) ? nil : String(name.prefix(40))
    }

    /// The target of the first processing instruction after the XML declaration (`xml-stylesheet`
    /// in `<?xml-stylesheet href="…"?>`), or nil for none: XMLParser on Linux crashes on an
    /// instruction with no data (`<?x?>`), and a style sheet link would load a file.
    public static func processingInstruction(in data: Data) -> String? {
        let start = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.startIndex + 3 : data.startIndex
        let first = data[start...].firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? data.endIndex
        var from = data.startIndex
        while let open = data.range(of: Data("<?".utf8), in: from..<data.endIndex) {
            let target = data[open.upperBound...].prefix { ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "?")].contains($0) }
            let name = String(decoding: target.prefix(40), as: UTF8.self)
            guard open.lowerBound == first, name == "xml" else { return name }
            from = open.upperBound
        }
        return nil
    }
}
