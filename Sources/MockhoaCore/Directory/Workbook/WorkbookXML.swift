import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What reads one XML part of a workbook: told each element and run of text in document order.
/// Element names come without their namespace prefix (`x:row` is `row`); attribute names as written.
protocol WorkbookXMLHandler: AnyObject {
    func start(_ element: String, attributes: [String: String]) throws(WorkbookProblem)
    func end(_ element: String) throws(WorkbookProblem)
    func text(_ text: String) throws(WorkbookProblem)
}

enum WorkbookXML {
    /// Feeds the XML in `data`, the part at `path` of `file`, to `handler`.
    ///
    /// A workbook part is UTF-8 and never has a document type declaration, so a part in another
    /// encoding (where the declaration's bytes differ) or with a declaration is refused before
    /// parsing: no entity is ever declared, let alone expanded. Nor has it processing instructions
    /// but the XML declaration, which are refused too.
    static func parse(
        _ data: Data, part path: String, file: String, into handler: some WorkbookXMLHandler
    )
        throws(WorkbookProblem)
    {
        if let encoding = UntrustedXML.otherEncoding(of: data) {
            throw .damaged(Message("workbook.partEncoding", path, encoding), file: file)
        }
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw .damaged(Message("workbook.d.doctype", path), file: file)
        }
        if let target = UntrustedXML.processingInstruction(in: data) {
            throw .damaged(Message("workbook.processingInstruction", path, Excerpt.of(target)), file: file)
        }
        // From a stream: given all of a part over 10 MB at once, libxml2 (under XMLParser on
        // Linux) stops at its end with an internal error ("huge input lookup").
        let parser = XMLParser(stream: InputStream(data: data))
        let delegate = Delegate(
            handler,
            notWellFormed: { line in
                .damaged(Message("workbook.d.xml", path, line), file: file)
            })
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let finished = parser.parse()
        if let problem = delegate.problem { throw problem }
        // On Linux, parse() can return true after an error it recovered from.
        if !finished || parser.parserError != nil { throw delegate.notWellFormed(parser.lineNumber) }
    }

    private final class Delegate<Handler: WorkbookXMLHandler>: NSObject, XMLParserDelegate {
        let handler: Handler
        let notWellFormed: (Int) -> WorkbookProblem
        /// The first problem; once there is one, no more events reach the handler (the parser on
        /// Linux goes on after errors, with elements it made up to recover).
        var problem: WorkbookProblem?

        init(_ handler: Handler, notWellFormed: @escaping (Int) -> WorkbookProblem) {
            self.handler = handler; self.notWellFormed = notWellFormed
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            guard problem == nil else { return }
            problem = notWellFormed(parser.lineNumber)
            parser.abortParsing()
        }

        /// `x:row` → `row`.
        private func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        private func run(_ parser: XMLParser, _ body: () throws(WorkbookProblem) -> Void) {
            guard problem == nil else { return }
            do throws(WorkbookProblem) {
                try body()
            } catch {
                problem = error
                parser.abortParsing()
            }
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            run(parser) { () throws(WorkbookProblem) in try handler.start(localName(elementName), attributes: attributeDict) }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            run(parser) { () throws(WorkbookProblem) in try handler.end(localName(elementName)) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            run(parser) { () throws(WorkbookProblem) in try handler.text(string) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            run(parser) { () throws(WorkbookProblem) in try handler.text(String(decoding: CDATABlock, as: UTF8.self)) }
        }
    }
}

extension Dictionary<String, String> {
    /// The attribute whose name, without its namespace prefix, is `localName` and has a prefix
    /// (`r:id` for `id`); the first by name if a hostile part has several.
    func prefixedAttribute(_ localName: String) -> String? {
        keys.filter { $0.hasSuffix(":" + localName) }.min().flatMap { self[$0] }
    }
}
