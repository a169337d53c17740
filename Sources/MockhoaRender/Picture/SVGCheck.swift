import Foundation
import MockhoaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The check an SVG passes before librsvg sees it, and the colours it paints with, in one read.
///
/// A document type is refused by a byte scan before any parsing (after the bytes are known to be
/// UTF-8, so the scan cannot be dodged by another encoding): with no `<!DOCTYPE`, no entity is
/// ever declared, so the parser has nothing to expand and nothing external to fetch. The parse
/// then refuses scripts, foreign content, inclusions and animation, `on…` attributes, CSS `@import`, CSS escapes, and every reference that is not `#id` or an embedded
/// PNG/JPEG picture (`data:image/png;base64,…`) of a size a picture may have. Last, it counts
/// the elements drawn with references followed, so that a `<use>` bomb is refused unread.
enum SVGCheck {
    /// Elements at most: a logo has hundreds; a million `<use>` would only cost time.
    static let mostElements = 50_000
    /// Elements drawn at most, `<use>` and other references followed (see `SVGReferences`).
    static let mostDrawnElements = 100_000

    /// Elements a picture may not hold, by local name, lowercased.
    static let refusedElements: Set<String> = [
        "script", "foreignobject", "include", "iframe", "embed", "object", "audio", "video", "handler", "listener",
        "set", "animate", "animatemotion", "animatetransform", "animatecolor", "discard",
    ]

    /// Checks `data` and returns the colours it paints with; throws the first reason to refuse it.
    static func check(_ data: Data) throws(PictureError.Reason) -> PictureColours {
        if let encoding = UntrustedXML.otherEncoding(of: data) { throw .encoding(encoding) }
        guard String(validating: data, as: UTF8.self) != nil else { throw .encoding("?") }
        for declaration in ["<!doctype", "<!entity"] where data.range(ofCaseless: declaration) != nil {
            throw .documentType
        }
        if let target = UntrustedXML.processingInstruction(in: data) { throw .processingInstruction(target) }
        let parser = XMLParser(data: data)
        let reader = Reader()
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let finished = parser.parse()
        if let problem = reader.problem { throw problem }
        // On Linux, parse() can return true after an error it recovered from.
        if !finished || parser.parserError != nil { throw .notWellFormed(line: parser.lineNumber) }
        guard reader.elements > 0 else { throw .notWellFormed(line: parser.lineNumber) }
        if reader.references.drawnElements(limit: mostDrawnElements) > mostDrawnElements {
            throw .tooManyDrawnElements(limit: mostDrawnElements)
        }
        return reader.finishedColours()
    }

    /// Whether `reference` stays inside the picture: `#id`, or an embedded PNG/JPEG picture.
    static func isInternal(_ reference: String) -> Bool {
        let value = reference.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return value.hasPrefix("#") || embeddedPicturePrefixes.contains { value.hasPrefix($0) }
    }

    static let embeddedPicturePrefixes = ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,"]

    /// The contents of every `url(…)` in `text`, quotes and spaces taken off.
    static func urls(in text: String) -> [String] {
        var found: [String] = [], rest = Substring(text)
        while let start = rest.range(of: "url(", options: .caseInsensitive) {
            let after = rest[start.upperBound...]
            let end = after.firstIndex(of: ")") ?? after.endIndex
            found.append(after[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n\"'")))
            rest = after[end...]
        }
        return found
    }

    /// `name: value` pairs of CSS text (a `style` attribute, or a style sheet's rules, whose
    /// selectors are passed over), names lowercased; comments taken out.
    static func declarations(in css: String) -> [(name: String, value: String)] {
        var text = css, declarations: [(String, String)] = []
        while let open = text.range(of: "/*") {
            let close = text[open.upperBound...].range(of: "*/")?.upperBound ?? text.endIndex
            text.removeSubrange(open.lowerBound..<close)
        }
        for piece in text.split(whereSeparator: { ";{}".contains($0) }) {
            guard let colon = piece.firstIndex(of: ":") else { continue }
            let name = piece[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            declarations.append((name, piece[piece.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return declarations
    }
}

extension Data {
    /// Whether an ASCII `text` occurs in the data, ASCII letters compared without case.
    func range(ofCaseless text: String) -> Range<Int>? {
        let pattern = Array(text.lowercased().utf8)
        guard count >= pattern.count else { return nil }
        return withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Range<Int>? in
            var i = 0
            while i <= bytes.count - pattern.count {
                var j = 0
                while j < pattern.count, bytes[i + j] | (bytes[i + j] &- 65 < 26 ? 0x20 : 0) == pattern[j] { j += 1 }
                if j == pattern.count { return i..<(i + j) }
                i += 1
            }
            return nil
        }
    }
}
