import Foundation

/// An opened workbook: its parts, its sheets in tab order and where each one's cells are.
struct Workbook {
    /// One sheet as the workbook lists it.
    struct Sheet {
        var name: String
        var hidden: Bool
        /// The part holding its cells; nil for a sheet that is not a worksheet (a chart sheet).
        var path: String?
    }

    let package: WorkbookPackage
    let file: String
    let limits: WorkbookReader.Limits
    private(set) var sheets: [Sheet] = []
    private var sharedStringsPath: String?

    init(data: Data, file: String, limits: WorkbookReader.Limits) throws(WorkbookProblem) {
        self.file = file; self.limits = limits
        try FileKind.checkLooksLikeZIP(data, file: file)
        package = try WorkbookPackage(data: data, file: file, limits: limits)

        // The workbook part is where the package's relationships say, usually xl/workbook.xml.
        let packageRelationships = try relationships(of: "")
        let workbookPath =
            packageRelationships.values.first { $0.type.hasSuffix("/officeDocument") }?.target
            ?? "xl/workbook.xml"
        guard let workbookXML = try package.part(workbookPath) else {
            throw .notAWorkbook(FileKind.describeArchive(package), file: file)
        }
        let workbookRelationships = try relationships(of: workbookPath)
        let list = SheetList()
        try WorkbookXML.parse(workbookXML, part: workbookPath, file: file, into: list)
        sheets = list.sheets.map { listed in
            let relationship = listed.relationship.flatMap { workbookRelationships[$0] }
            let isWorksheet = relationship?.type.hasSuffix("/worksheet") ?? false
            return Sheet(name: listed.name, hidden: listed.hidden, path: isWorksheet ? relationship?.target : nil)
        }
        guard !sheets.isEmpty else { throw .damaged(Message("workbook.d.noSheets", workbookPath), file: file) }
        sharedStringsPath = workbookRelationships.values.filter { $0.type.hasSuffix("/sharedStrings") }.map(\.target).min()
    }

    /// The sheet called `name`, or the first visible worksheet.
    func sheet(named name: String?) throws(WorkbookProblem) -> Sheet {
        let worksheets = sheets.filter { $0.path != nil }
        guard let name else {
            guard let first = worksheets.first(where: { !$0.hidden }) ?? worksheets.first else {
                throw WorkbookProblem(.missingSheet(available: []), Message("workbook.noSheets"), file: file)
            }
            return first
        }
        let sheet =
            sheets.first { $0.name == name }
            ?? sheets.first { $0.name.lowercased() == name.lowercased() }
        let names = sheets.map(\.name)
        guard let sheet else {
            throw WorkbookProblem(
                .missingSheet(available: names),
                Message("workbook.noSheet", name, names.joined(separator: ", ")),
                file: file)
        }
        guard sheet.path != nil else {
            throw WorkbookProblem(
                .missingSheet(available: names),
                Message("workbook.chart", sheet.name, names.joined(separator: ", ")), file: file)
        }
        return sheet
    }

    /// The shared strings table: the text of cells with `t="s"`, by index.
    func sharedStrings() throws(WorkbookProblem) -> [String] {
        guard let path = sharedStringsPath, let xml = try package.part(path) else { return [] }
        let table = SharedStrings(file: file, limits: limits)
        try WorkbookXML.parse(xml, part: path, file: file, into: table)
        return table.strings
    }

    /// The relationships of the part at `path` ("" for the package), by id, with targets as
    /// paths inside the archive; external targets are left out.
    private func relationships(of path: String) throws(WorkbookProblem) -> [String: Relationship] {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let xml = try package.part(relsPath) else { return [:] }
        let list = RelationshipList(folder: folder)
        try WorkbookXML.parse(xml, part: relsPath, file: file, into: list)
        return list.relationships
    }
}

/// One relationship of a part: its type (a URI whose last segment says what it is) and target.
struct Relationship {
    var type: String
    var target: String
}

/// Reads a relationships part (`xl/_rels/workbook.xml.rels`).
final class RelationshipList: WorkbookXMLHandler {
    /// The folder targets are relative to.
    private let folder: String
    private(set) var relationships: [String: Relationship] = [:]

    init(folder: String) { self.folder = folder }

    func start(_ element: String, attributes: [String: String]) throws(WorkbookProblem) {
        guard element == "Relationship", attributes["TargetMode"] != "External",
            let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"],
            relationships[id] == nil
        else { return }
        relationships[id] = Relationship(type: type, target: Self.resolve(target, in: folder))
    }

    func end(_ element: String) throws(WorkbookProblem) {}
    func text(_ text: String) throws(WorkbookProblem) {}

    /// `worksheets/sheet1.xml` in `xl` → `xl/worksheets/sheet1.xml`; `/xl/x.xml` → `xl/x.xml`;
    /// `..` steps out of a folder.
    static func resolve(_ target: String, in folder: String) -> String {
        let target = target.removingPercentEncoding ?? target
        var segments = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(String(segment))
            }
        }
        return segments.joined(separator: "/")
    }
}

/// Reads the sheet list of `xl/workbook.xml`: `<sheet name="Xã" state="hidden" r:id="rId1"/>`.
final class SheetList: WorkbookXMLHandler {
    private(set) var sheets: [(name: String, hidden: Bool, relationship: String?)] = []

    func start(_ element: String, attributes: [String: String]) throws(WorkbookProblem) {
        guard element == "sheet", let name = attributes["name"] else { return }
        sheets.append((name, attributes["state"].map { $0 != "visible" } ?? false, attributes.prefixedAttribute("id")))
    }

    func end(_ element: String) throws(WorkbookProblem) {}
    func text(_ text: String) throws(WorkbookProblem) {}
}

/// Reads the shared strings table (`xl/sharedStrings.xml`).
final class SharedStrings: WorkbookXMLHandler {
    private let file: String
    private let limits: WorkbookReader.Limits
    private(set) var strings: [String] = []
    private var current: CellText?

    init(file: String, limits: WorkbookReader.Limits) { self.file = file; self.limits = limits }

    func start(_ element: String, attributes: [String: String]) throws(WorkbookProblem) {
        if element == "si" {
            current = CellText(limits: limits)
        } else {
            current?.start(element)
        }
    }

    func end(_ element: String) throws(WorkbookProblem) {
        guard element == "si" else { current?.end(element); return }
        guard let text = current?.value.decodingSpreadsheetEscapes else { return }
        current = nil
        guard text.utf16.count <= limits.maxCellCharacters else { throw tooLong }
        strings.append(text)
        guard strings.count <= limits.maxSharedStrings else {
            throw WorkbookProblem(.tooLarge, Message("workbook.tooManyTexts", limits.maxSharedStrings), file: file)
        }
    }

    func text(_ text: String) throws(WorkbookProblem) {
        if current?.text(text) == false { throw tooLong }
    }

    private var tooLong: WorkbookProblem {
        WorkbookProblem(
            .tooLarge, Message("workbook.textTooLong", strings.count, limits.maxCellCharacters),
            file: file)
    }
}
