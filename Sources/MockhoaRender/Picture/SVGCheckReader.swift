import Foundation
import MockhoaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension SVGCheck {
    /// Reads the parser's events: stops at the first reason to refuse, gathers colours meanwhile.
    final class Reader: NSObject, XMLParserDelegate {
        private(set) var problem: PictureError.Reason?
        private(set) var elements = 0
        private(set) var references = SVGReferences()
        private var colours = PictureColours()
        /// Values of the `color` property, which `currentColor` paints with.
        private var currentColours: [CSSColour] = []
        private var usesCurrentColour = false
        /// For each open element: whether it or an ancestor sets `fill`.
        private var fillSet: [Bool] = []
        /// A shape with no fill but a class, which a style sheet may fill (black if none does).
        private var classOnlyFill = false
        private var styleSheet = "", inStyle = 0
        private var line = 0

        /// Shapes painted black when nothing sets their fill.
        private static let filledShapes: Set<String> = ["path", "rect", "circle", "ellipse", "polygon", "polyline", "text"]
        private static let paintProperties: Set<String> = ["fill", "stroke", "stop-color", "flood-color", "lighting-color"]
        private static let opacityProperties: Set<String> = ["opacity", "fill-opacity", "stroke-opacity", "stop-opacity", "flood-opacity"]

        func finishedColours() -> PictureColours {
            var result = colours
            if classOnlyFill, !Self.declarations(in: styleSheet).contains(where: { $0.name == "fill" }) {
                result.solid.insert(.black)
            }
            if usesCurrentColour {
                for colour in currentColours.isEmpty ? [CSSColour.solid(.black, alpha: 1)] : currentColours {
                    result.note(colour)
                }
            }
            return result
        }

        private static func declarations(in css: String) -> [(name: String, value: String)] { SVGCheck.declarations(in: css) }

        private func refuse(_ reason: PictureError.Reason, _ parser: XMLParser) {
            guard problem == nil else { return }
            problem = reason
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes: [String: String] = [:]
        ) {
            guard problem == nil else { return }
            line = parser.lineNumber
            elements += 1
            let name = localName(elementName)
            if let reason = reasonToRefuse(element: name, attributes: attributes) { return refuse(reason, parser) }
            noteColours(element: name.lowercased(), attributes: attributes)
            references.start(id: attributes["id"], references: SVGReferences.references(in: attributes))
            if name.lowercased() == "style" { inStyle += 1 }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard problem == nil else { return }
            fillSet.removeLast()
            references.end()
            guard localName(elementName).lowercased() == "style" else { return }
            inStyle -= 1
            line = parser.lineNumber
            if let reason = reasonToRefuse(css: styleSheet) { return refuse(reason, parser) }
            note(Self.declarations(in: styleSheet))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inStyle > 0 { styleSheet += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if inStyle > 0 { styleSheet += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            refuse(.notWellFormed(line: parser.lineNumber), parser)
        }

        /// `xlink:href` → `href`.
        private func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        private func reasonToRefuse(element name: String, attributes: [String: String]) -> PictureError.Reason? {
            if elements > SVGCheck.mostElements { return .tooManyElements(limit: SVGCheck.mostElements) }
            if elements == 1, name != "svg" { return .notSVG(root: name) }
            if SVGCheck.refusedElements.contains(name.lowercased()) { return .element(name, line: line) }
            for (attribute, value) in attributes.sorted(by: { $0.key < $1.key }) {
                let local = localName(attribute).lowercased()
                if local.hasPrefix("on") { return .eventAttribute(attribute, line: line) }
                if local == "href", !SVGCheck.isInternal(value) { return .externalReference(value, line: line) }
                if local == "href", let reason = EmbeddedPicture.reasonToRefuse(value, line: line) { return reason }
                // Unprefixed attributes are CSS to librsvg (`fill`, `style`…); prefixed ones
                // (`inkscape:export-filename`) it passes over.
                if !attribute.contains(":"), let reason = reasonToRefuse(css: value) { return reason }
            }
            return nil
        }

        /// Why CSS text (a style sheet, a `style` attribute, a presentation attribute) is refused:
        /// an `@import`, an escape (`\75 rl(` is `url(`), or a `url(…)` that leaves the picture.
        private func reasonToRefuse(css: String) -> PictureError.Reason? {
            if css.range(of: "@import", options: .caseInsensitive) != nil { return .cssImport(line: line) }
            if css.contains("\\") { return .externalReference(Excerpt.of(css), line: line) }
            for url in SVGCheck.urls(in: css) {
                if !SVGCheck.isInternal(url) { return .externalReference(url, line: line) }
                if let reason = EmbeddedPicture.reasonToRefuse(url, line: line) { return reason }
            }
            return nil
        }

        private func noteColours(element name: String, attributes: [String: String]) {
            var properties = attributes.map { (name: localName($0.key).lowercased(), value: $0.value) }
            if let style = attributes["style"] { properties += Self.declarations(in: style) }
            switch name {
            case "lineargradient", "radialgradient", "pattern", "meshgradient": colours.hasGradient = true
            case "image": colours.hasRaster = true
            case "filter": colours.hasFilter = true
            case "mask": colours.hasTransparency = true
            default: break
            }
            note(properties)
            let fills = (fillSet.last ?? false) || properties.contains { $0.name == "fill" }
            fillSet.append(fills)
            if Self.filledShapes.contains(name), !fills {
                if attributes["class"] != nil { classOnlyFill = true } else { colours.solid.insert(.black) }
            }
        }

        /// Notes the colours, opacities and filters of CSS properties (names lowercased).
        private func note(_ properties: [(name: String, value: String)]) {
            for (property, value) in properties {
                if Self.paintProperties.contains(property) { colours.note(CSSColour(value)) }
                if property == "color" { currentColours.append(CSSColour(value)) }
                if Self.paintProperties.contains(property), CSSColour(value) == .current { usesCurrentColour = true }
                if Self.opacityProperties.contains(property), Self.opacity(value) < 1 { colours.hasTransparency = true }
                if property == "filter", CSSColour(value) == .paintServer { colours.hasFilter = true }
            }
        }

        /// `0.5` or `50%` as 0…1; 1 for what is not a number.
        private static func opacity(_ value: String) -> Double {
            let text = value.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("%") { return Double(text.dropLast()).map { $0 / 100 } ?? 1 }
            return Double(text) ?? 1
        }
    }
}

extension PictureColours {
    /// Adds what one colour value paints with.
    mutating func note(_ colour: CSSColour) {
        switch colour {
        case let .solid(rgb, alpha):
            solid.insert(rgb)
            if alpha < 1 { hasTransparency = true }
        case .paintServer: hasGradient = true
        case let .unreadable(text): unreadable.insert(text)
        case .current, .none: break
        }
    }
}
