import Foundation

/// Reads a worksheet part (`xl/worksheets/sheet1.xml`) into rows of cells with values.
final class Worksheet: WorkbookXMLHandler {
    private let name: String
    private let file: String
    private let limits: WorkbookReader.Limits
    private let sharedStrings: [String]

    private(set) var rows: [WorkbookSheet.Row] = []
    private var cellCount = 0
    private var inSheetData = false
    /// The row being read, and the last row's number (for rows written without `r`).
    private var row: WorkbookSheet.Row?
    private var lastRowNumber = 0
    /// The cell being read: its column, its type (`t`), its `<v>` and inline text so far.
    private var cell: (column: Int, type: String)?
    private var lastColumn = -1
    private var stored: String?
    private var inValue = false
    private var inline: CellText?

    init(name: String, file: String, limits: WorkbookReader.Limits, sharedStrings: [String]) {
        self.name = name; self.file = file; self.limits = limits; self.sharedStrings = sharedStrings
    }

    private func damaged(_ detail: Message, at cell: String? = nil) -> WorkbookProblem {
        .damaged(detail, file: file, sheet: name, cell: cell)
    }

    private func reference(_ column: Int) -> String {
        CellReference.columnName(column) + String(row?.number ?? 0)
    }

    func start(_ element: String, attributes: [String: String]) throws(WorkbookProblem) {
        if var inline {
            inline.start(element)
            self.inline = inline
            return
        }
        switch element {
        case "sheetData":
            inSheetData = true
        case "row" where inSheetData:
            guard row == nil else { throw damaged(Message("workbook.d.rowInRow", row?.number ?? 0)) }
            var number = lastRowNumber + 1
            if let r = attributes["r"] {
                guard let written = CellReference.row(r) else { throw damaged(Message("workbook.d.rowNumber", r)) }
                number = written
            }
            guard number <= CellReference.maxRows else { throw damaged(Message("workbook.d.rows")) }
            row = WorkbookSheet.Row(number: number, cells: [])
            lastRowNumber = number
            lastColumn = -1
        case "c" where row != nil:
            guard cell == nil else { throw damaged(Message("workbook.d.cellInCell", reference(lastColumn))) }
            var column = lastColumn + 1
            if let r = attributes["r"] {
                guard let written = CellReference.column(of: r) else {
                    throw damaged(Message("workbook.d.cellName", r), at: "row \(row?.number ?? 0)")
                }
                column = written
            }
            guard column < CellReference.maxColumns else {
                throw damaged(Message("workbook.d.cells"), at: "row \(row?.number ?? 0)")
            }
            cell = (column, attributes["t"] ?? "n")
            lastColumn = column
            stored = nil
        case "v" where cell != nil:
            inValue = true
            stored = stored ?? ""
        case "is" where cell != nil:
            inline = CellText(limits: limits)
        default:
            break
        }
    }

    func end(_ element: String) throws(WorkbookProblem) {
        if element == "is", inline != nil, cell != nil {
            return  // the text is kept until the cell ends
        }
        if var inline, cell != nil, element != "c" {
            inline.end(element)
            self.inline = inline
            return
        }
        switch element {
        case "v":
            inValue = false
        case "c":
            try endCell()
        case "row":
            try endRow()
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    func text(_ text: String) throws(WorkbookProblem) {
        guard let cell else { return }
        if inline != nil {
            if inline?.text(text) == false { throw tooLong(cell.column) }
        } else if inValue {
            stored? += text
            if (stored?.utf8.count ?? 0) > 3 * limits.maxCellCharacters { throw tooLong(cell.column) }
        }
    }

    private func tooLong(_ column: Int) -> WorkbookProblem {
        WorkbookProblem(
            .tooLarge, Message("workbook.cellTooLong", limits.maxCellCharacters),
            file: file, sheet: name, cell: reference(column))
    }

    private func endCell() throws(WorkbookProblem) {
        guard let (column, type) = cell else { return }
        defer { cell = nil; inline = nil; stored = nil; inValue = false }
        let at = reference(column)
        let value: CellValue
        switch type {
        case "inlineStr":
            value = .text((inline?.value ?? stored ?? "").decodingSpreadsheetEscapes)
        case _ where stored == nil:
            return  // no value: a formatted but empty cell, or a formula never calculated
        case "s":
            let index = stored.flatMap { Int($0.trimmingWhiteSpace(newlines: true)) }
            guard let index, sharedStrings.indices.contains(index) else {
                throw damaged(Message("workbook.d.sharedText", stored ?? "", sharedStrings.count), at: at)
            }
            value = .text(sharedStrings[index])
        case "str", "e", "d":
            // A formula's text result, an error such as #N/A, a date written as text.
            value = .text((stored ?? "").decodingSpreadsheetEscapes)
        case "b":
            switch stored?.trimmingWhiteSpace(newlines: true) {
            case "1", "true": value = .bool(true)
            case "0", "false": value = .bool(false)
            default: throw damaged(Message("workbook.d.boolean", stored ?? ""), at: at)
            }
        case "n":
            guard let stored, !stored.allSatisfy(\.isWhitespace) else { return }
            guard let number = CellValue.number(stored: stored) else {
                throw damaged(Message("workbook.d.number", stored), at: at)
            }
            value = number
        default:
            throw damaged(Message("workbook.d.type", type), at: at)
        }
        if case .text(let text) = value {
            if text.isEmpty { return }
            if text.utf16.count > limits.maxCellCharacters { throw tooLong(column) }
        }
        cellCount += 1
        guard cellCount <= limits.maxCells else {
            throw WorkbookProblem(
                .tooLarge, Message("workbook.tooManyCells", limits.maxCells),
                file: file, sheet: name, cell: at)
        }
        row?.cells.append(WorkbookSheet.Cell(column: column, reference: at, value: value))
    }

    private func endRow() throws(WorkbookProblem) {
        guard let row else { return }
        self.row = nil
        let blank = row.cells.allSatisfy {
            if case .text(let text) = $0.value { text.allSatisfy(\.isWhitespace) } else { false }
        }
        guard !blank else { return }
        rows.append(row)
        guard rows.count <= limits.maxRows else {
            throw WorkbookProblem(
                .tooLarge, Message("workbook.tooManyRows", limits.maxRows), file: file, sheet: name,
                cell: "row \(row.number)")
        }
    }

    /// The rows in order. Spreadsheet programs write rows and cells in order; a file that does not
    /// is put in order, and one that names a row or cell twice is refused.
    func sortedRows() throws(WorkbookProblem) -> [WorkbookSheet.Row] {
        var rows = rows
        if !rows.isSorted(by: \.number) { rows.sort { $0.number < $1.number } }
        for (previous, next) in zip(rows, rows.dropFirst()) where previous.number == next.number {
            throw damaged(Message("workbook.d.rowTwice", next.number))
        }
        for index in rows.indices {
            if !rows[index].cells.isSorted(by: \.column) { rows[index].cells.sort { $0.column < $1.column } }
            for (previous, next) in zip(rows[index].cells, rows[index].cells.dropFirst()) where previous.column == next.column {
                throw damaged(Message("workbook.d.cellTwice"), at: next.reference)
            }
        }
        return rows
    }
}

extension Array {
    /// Whether `key` never decreases from one element to the next.
    fileprivate func isSorted(by key: (Element) -> Int) -> Bool {
        zip(self, dropFirst()).allSatisfy { key($0) <= key($1) }
    }
}
