import Foundation
import MockhoaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An SVG uploaded on the page, cleaned before it is kept: what drawing software adds and a
/// keychain does not draw (a plain document type, comments, metadata, its own namespaces'
/// elements), and what a picture may not hold (scripts, foreign content, animation, `on…`
/// attributes, references outside the file), left out rather than refused; the rest written back
/// as it was. The result is then read as every picture is (`Picture.read`), which still refuses
/// what cleaning cannot make safe: a document type that declares entities, CSS `@import`, a
/// `<use>` bomb.
public enum SVGCleaner {
    /// The cleaned document, or why it cannot be cleaned.
    public static func cleaned(_ data: Data) throws(PictureError.Reason) -> Data {
        if let encoding = UntrustedXML.otherEncoding(of: data) { throw .encoding(encoding) }
        guard var text = String(validating: data, as: UTF8.self) else { throw .encoding("?") }
        // A plain `<!DOCTYPE svg PUBLIC …>` goes; one with declarations (`[`) is refused unread.
        if let start = text.range(of: "<!DOCTYPE", options: .caseInsensitive) {
            guard let end = text[start.upperBound...].firstIndex(of: ">"),
                !text[start.upperBound..<end].contains("[")
            else { throw .documentType }
            text.removeSubrange(start.lowerBound...end)
        }
        let writer = Writer()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = writer
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        guard parser.parse(), writer.sawRoot, writer.openElements == 0, writer.failedAt == nil else {
            throw .notWellFormed(line: writer.failedAt ?? parser.lineNumber)
        }
        return Data(writer.out.utf8)
    }

    /// Elements left out with everything inside them, by local name, lowercased.
    static let droppedElements = SVGCheck.refusedElements.union(["metadata"])
    /// Namespaces of drawing programs' own elements and attributes, left out.
    static let droppedPrefixes: Set<String> = ["sodipodi", "inkscape", "sketch", "i", "x", "rdf", "dc", "cc", "serif"]

    /// Whether an attribute stays: no event handler, no drawing program's own, no reference out
    /// of the file but to an embedded PNG or JPEG picture.
    static func keeps(attribute name: String, value: String) -> Bool {
        let lower = name.lowercased(), parts = lower.split(separator: ":").map(String.init)
        let local = parts.last ?? lower
        if local.hasPrefix("on") || lower == "xml:base" { return false }
        if parts.count == 2 {  // `xmlns:inkscape` and `inkscape:label` go; `xlink:href` is looked at below
            if parts[0] == "xmlns" { return !droppedPrefixes.contains(parts[1]) }
            if droppedPrefixes.contains(parts[0]) { return false }
        }
        if local == "href" || local == "src" {
            let v = value.trimmingCharacters(in: .whitespaces).lowercased()
            return v.hasPrefix("#") || v.hasPrefix("data:image/png;base64,") || v.hasPrefix("data:image/jpeg;base64,")
        }
        return true
    }

    private final class Writer: NSObject, XMLParserDelegate {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        var sawRoot = false
        /// Elements started and not ended: none once the document is whole.
        var openElements = 0
        /// The line of the first error the parser reported.
        var failedAt: Int?

        func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
            if failedAt == nil { failedAt = parser.lineNumber }
        }
        /// How deep inside a dropped element the parser is (0: not inside one).
        private var dropping = 0

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            sawRoot = true
            openElements += 1
            let lower = name.lowercased(), local = lower.split(separator: ":").last.map(String.init) ?? lower
            let foreign = lower.contains(":") && droppedPrefixes.contains(String(lower.split(separator: ":")[0]))
            if dropping > 0 || droppedElements.contains(local) || foreign {
                dropping += 1
                return
            }
            out += "<" + name
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) where keeps(attribute: key, value: value) {
                out += " \(key)=\"\(Self.escaped(value, quotes: true))\""
            }
            out += ">"
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            openElements -= 1
            if dropping > 0 { dropping -= 1; return }
            out += "</\(name)>"
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if dropping == 0 { out += Self.escaped(string, quotes: false) }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if dropping == 0 { out += Self.escaped(String(decoding: block, as: UTF8.self), quotes: false) }
        }

        static func escaped(_ text: String, quotes: Bool) -> String {
            var s = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            if quotes { s = s.replacingOccurrences(of: "\"", with: "&quot;") }
            return s
        }
    }
}
