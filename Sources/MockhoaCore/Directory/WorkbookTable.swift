import Foundation

extension Table {
    /// The table of a workbook's sheet (`sheet`, or the first): each cell located as
    /// `danh-ba.xlsx: Xã!C7`. A file that is not a workbook (a PDF, an old .xls, a
    /// password-protected one) is reported where it is named.
    static func workbook(
        _ data: Data, file: String, sheet name: String?, log: inout LoadLog,
        namedAt location: SourceLocation
    ) -> Table? {
        let sheet: WorkbookSheet
        do {
            sheet = try WorkbookReader.sheet(named: name, in: data, file: file)
        } catch {
            let place = error.sheet.map { sheet in error.cell.map { "\(sheet)!\($0)" } ?? sheet }
            log.error(Message("workbook.problem", error.message), at: SourceLocation(file: file, cell: place))
            return nil
        }
        let rows = sheet.rows.map { row in
            var cells: [Cell] = []
            for cell in row.cells {
                // Empty cells are left out of a sheet's rows: put blanks back so columns line up.
                while cells.count < cell.column {
                    let reference = CellReference.columnName(cells.count) + String(row.number)
                    cells.append(Cell(text: "", location: SourceLocation(file: file, line: row.number, cell: "\(sheet.name)!\(reference)")))
                }
                var isNumber = false
                if case .number = cell.value { isNumber = true }
                cells.append(
                    Cell(
                        text: cell.value.text, isNumber: isNumber,
                        location: SourceLocation(file: file, line: row.number, cell: "\(sheet.name)!\(cell.reference)")))
            }
            return Row(
                location: SourceLocation(file: file, line: row.number, cell: "\(sheet.name)!\(row.number):\(row.number)"),
                cells: cells)
        }
        return Table(file: file, rows: rows, what: Message("table.sheet", sheet.name), strictWidth: false, delimiter: nil)
            .withinTextLimits(log: &log)
    }
}
