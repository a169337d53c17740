import Foundation

/// Reads the cells of Excel workbooks (`.xlsx`, Office Open XML), as Excel and LibreOffice save
/// them, and says plainly what a file is when it is not one.
public enum WorkbookReader {
    /// Bounds that keep a damaged or hostile file from taking unbounded time or memory.
    public struct Limits: Sendable {
        /// Uncompressed size of any one part (the sheet, the shared strings); stops ZIP bombs.
        public var maxPartBytes = 64 * 1_048_576
        /// Files inside the archive.
        public var maxParts = 10_000
        /// Rows that hold a value, in the sheet read.
        public var maxRows = 200_000
        /// Cells that hold a value, in the sheet read.
        public var maxCells = 1_000_000
        /// Entries in the shared strings table.
        public var maxSharedStrings = 1_000_000
        /// Characters (UTF-16 units) in one cell: Excel's own limit.
        public var maxCellCharacters = 32_767

        public static let standard = Limits()
    }

    /// The names of the workbook's sheets, in the order of their tabs (hidden ones included).
    public static func sheetNames(in data: Data, file: String = "workbook") throws(WorkbookProblem) -> [String] {
        try Workbook(data: data, file: file, limits: .standard).sheets.map(\.name)
    }

    /// The cells of the sheet called `name` (the name as the tab shows it; if no sheet has exactly
    /// that name, one whose name differs only in case), or of the first visible sheet when `name`
    /// is nil. `file` names the workbook in problems.
    public static func sheet(
        named name: String?, in data: Data, file: String, limits: Limits = .standard
    )
        throws(WorkbookProblem) -> WorkbookSheet
    {
        let workbook = try Workbook(data: data, file: file, limits: limits)
        let sheet = try workbook.sheet(named: name)
        guard let path = sheet.path, let xml = try workbook.package.part(path) else {
            throw .damaged(Message("workbook.d.sheetMissing", sheet.name), file: file)
        }
        let reader = Worksheet(
            name: sheet.name, file: file, limits: limits,
            sharedStrings: try workbook.sharedStrings())
        try WorkbookXML.parse(xml, part: path, file: file, into: reader)
        return WorkbookSheet(name: sheet.name, rows: try reader.sortedRows())
    }
}
