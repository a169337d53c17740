/// A table of units as an officer keeps it — a CSV export or a workbook sheet — before its
/// header is known: rows of cells, each cell with where it is (`communes.csv:7`,
/// `danh-ba.xlsx: Xã!C7`) and whether the spreadsheet stored it as a number.
struct Table {
    struct Cell {
        var text: String
        /// Stored as a number by the spreadsheet: a phone number typed so lost its leading 0.
        var isNumber = false
        var location: SourceLocation
    }
    struct Row {
        var location: SourceLocation
        var cells: [Cell]
    }

    /// The file, for messages about the table as a whole.
    var file: String
    var rows: [Row]
    /// The kind of file, for messages: "the CSV file", "the sheet "Xã"".
    var what: Message
    /// Rows must have as many cells as the header (CSV), or may be ragged (workbooks).
    var strictWidth: Bool
    /// For a row with too many cells: the CSV delimiter, to suggest quoting.
    var delimiter: Unicode.Scalar?

    /// The table of a CSV file's text (`,`, `;` or tab separated, told from the header).
    static func csv(_ text: String, file: String, log: inout LoadLog) -> Table? {
        let reader = CSVReader(detectingDelimiterIn: text)
        do {
            let records = try reader.records(text)
            return Table(
                file: file,
                rows: records.map { record in
                    let location = SourceLocation(file: file, line: record.line)
                    return Row(location: location, cells: record.cells.map { Cell(text: $0, location: location) })
                }, what: Message("table.csv"), strictWidth: true, delimiter: reader.delimiter
            ).withinTextLimits(log: &log)
        } catch {
            log.error(Message("csv.invalid", error.message), at: SourceLocation(file: file, line: error.line))
            return nil
        }
    }
}

extension Table {
    /// This table when no cell is longer than `Limits.cellLength` and all of them together hold
    /// no more than `Limits.tableText`; nil with the first cell past either logged. Checked
    /// before any cell is normalised or matched: a sheet with one 32,000-character shared
    /// string in every cell would otherwise normalise gigabytes.
    func withinTextLimits(log: inout LoadLog) -> Table? {
        var total = 0
        for row in rows {
            for cell in row.cells {
                guard log.withinLength(cell.text, at: cell.location, Subject(), field: nil, limit: Limits.cellLength) else {
                    return nil
                }
                total += cell.text.utf8.count
                guard total <= Limits.tableText else {
                    log.error(Message("table.tooMuchText", what, FileSize.describe(Int64(Limits.tableText))), at: cell.location)
                    return nil
                }
            }
        }
        return self
    }
}

/// The columns of a table of communes or outside units, by their English or Vietnamese names
/// (any case, with or without diacritics), and what turns each row into a unit.
enum UnitTable {
    enum Column: String, CaseIterable {
        case name, kind, phone, display, neighbours, quantity, contacts, link, formerly, district

        /// The header names a column is known by; the first is the one messages use.
        var headers: [String] {
            switch self {
            case .name: ["name", "Tên", "Tên đơn vị", "Tên xã"]
            case .kind: ["kind", "Loại", "Loại đơn vị", "Cấp"]
            case .phone: ["phone", "Điện thoại", "Số điện thoại", "SĐT", "Số ĐT"]
            case .display: ["display", "Hiển thị", "Cách ghi số"]
            case .neighbours: ["neighbours", "neighbors", "Giáp ranh", "Đơn vị giáp ranh"]
            case .quantity: ["quantity", "Số lượng"]
            case .contacts: ["contacts", "Liên hệ", "Số liên hệ"]
            case .link: ["link", "Liên kết", "Đường dẫn"]
            case .formerly: ["formerly", "Trước đây", "Sáp nhập từ", "Hợp nhất từ"]
            case .district: ["district", "province", "Thuộc", "Huyện", "Tỉnh"]
            }
        }

        static let byHeader: [String: Column] = Dictionary(
            allCases.flatMap { column in column.headers.map { ($0.searchKey, column) } }, uniquingKeysWith: { a, _ in a })
    }

    enum Purpose {
        case communes, outside
        /// The columns a table of this purpose is read by (`DirectoryFormat`).
        var columns: [Column] {
            switch self {
            case .communes: DirectoryFormat.columns(DirectoryFormat.commune)
            case .outside: DirectoryFormat.columns(DirectoryFormat.outside)
            }
        }
        /// The columns a table of this purpose must have.
        var required: [Column] {
            DirectoryFormat.columns((self == .communes ? DirectoryFormat.commune : DirectoryFormat.outside).filter(\.required))
        }
    }

    /// The header's columns: the first row naming name, kind and phone; rows above it (a title
    /// over merged cells) are skipped. Logs what is wrong and returns nil when there is none.
    static func header(
        of table: Table, for purpose: Purpose, log: inout LoadLog
    )
        -> (row: Int, columns: [Int: Column])?
    {
        guard !table.rows.isEmpty else {
            log.error(Message("table.empty", table.what, expectedHeader(purpose)), at: SourceLocation(file: table.file))
            return nil
        }
        // A CSV's first line is its header; a sheet's header may sit under a title.
        let candidates = table.strictWidth ? [0] : Array(table.rows.indices.prefix(20))
        for index in candidates {
            let row = table.rows[index]
            let columns = self.columns(of: row, for: purpose)
            guard purpose.required.allSatisfy(columns.values.contains) else { continue }
            return checkOtherCells(of: row, besides: columns, for: purpose, log: &log) ? (index, columns) : nil
        }
        explainMissingHeader(table.rows[candidates[0]], of: table, for: purpose, log: &log)
        return nil
    }

    /// The cells of `row` that name a column of `purpose`, each column's first.
    private static func columns(of row: Table.Row, for purpose: Purpose) -> [Int: Column] {
        var columns: [Int: Column] = [:], seen: Set<Column> = []
        for (i, cell) in row.cells.enumerated() {
            if let column = Column.byHeader[cell.text.normalisedName.searchKey], purpose.columns.contains(column),
                seen.insert(column).inserted
            {
                columns[i] = column
            }
        }
        return columns
    }

    /// Logs the header's other cells: a column named twice and a near-miss (a typo) are errors,
    /// the rest extra columns (a warning). Whether there was no error.
    private static func checkOtherCells(
        of row: Table.Row, besides columns: [Int: Column], for purpose: Purpose, log: inout LoadLog
    ) -> Bool {
        let suggestions = Suggestions(purpose.columns.flatMap(\.headers))
        let errors = log.errorCount
        var extra: [String] = []
        for (i, cell) in row.cells.enumerated() where columns[i] == nil {
            let header = cell.text.normalisedName
            guard !header.isEmpty else { continue }
            if let column = Column.byHeader[header.searchKey], purpose.columns.contains(column) {
                log.error(Message("table.columnTwice", header, column.headers[0]), at: cell.location)
            } else if let near = suggestions.closest(to: header) {
                log.error(Message("table.columnTypo", header, near, expectedHeader(purpose)), at: cell.location)
            } else {
                extra.append(header)
            }
        }
        if !extra.isEmpty {
            log.warning(
                Message("table.extraColumns", extra.map { "\"\($0)\"" }.joined(separator: ", ")),
                at: row.location)
        }
        return log.errorCount == errors
    }

    /// Logs why no row is a header: in a CSV, its first line's unknown columns; in either, the
    /// required columns `first` lacks.
    private static func explainMissingHeader(_ first: Table.Row, of table: Table, for purpose: Purpose, log: inout LoadLog) {
        var present: Set<Column> = []
        for cell in first.cells { if let c = Column.byHeader[cell.text.normalisedName.searchKey] { present.insert(c) } }
        if table.strictWidth {
            let known = Suggestions(purpose.columns.flatMap(\.headers))
            for cell in first.cells where Column.byHeader[cell.text.normalisedName.searchKey] == nil {
                let header = cell.text.normalisedName
                guard !header.isEmpty else { continue }
                log.error(
                    known.didYouMean(Message("table.unknownColumn", header, expectedHeader(purpose)), header),
                    at: first.location)
            }
        }
        for column in purpose.required where !present.contains(column) {
            log.error(
                Message("table.missingColumn", column.headers[0], expectedHeader(purpose)),
                at: table.strictWidth ? first.location : SourceLocation(file: table.file))
        }
    }

    static func expectedHeader(_ purpose: Purpose) -> Message {
        purpose == .communes ? Message("table.expectedCommunes") : Message("table.expectedOutside")
    }

    /// The cells of one row by column.
    struct Cells {
        var row: Table.Row
        var columns: [Int: UnitTable.Column]
        func cell(_ column: Column) -> Table.Cell? {
            guard let index = columns.first(where: { $0.value == column })?.key, index < row.cells.count else { return nil }
            return row.cells[index]
        }
        func text(_ column: Column) -> String { cell(column)?.text.normalisedName ?? "" }
        /// The `;`-separated items of a list cell; more than `Limits.listItems` is an error at the cell,
        /// as a YAML list's is.
        func list(_ column: Column, _ subject: Subject, _ log: inout LoadLog) -> [String] {
            let items = text(column).split(separator: ";").map { String($0).normalisedName }.filter { !$0.isEmpty }
            guard let cell = cell(column),
                log.withinLimit(items.count, Limits.listItems, at: cell.location, subject, field: column.rawValue)
            else { return [] }
            return items
        }
    }

    /// Whether every cell of `row` that a column reads prints as it reads (see `LoadLog.printable`).
    static func printable(_ row: Table.Row, _ columns: [Int: Column], _ subject: Subject, _ log: inout LoadLog) -> Bool {
        var ok = true
        for (index, column) in columns where index < row.cells.count {
            let cell = row.cells[index]
            let isList = [.neighbours, .contacts, .formerly].contains(column)
            if log.printable(
                cell.text.normalisedName, at: cell.location, subject, field: column.rawValue,
                limit: isList ? Limits.listItems * Limits.textLength : Limits.textLength) == nil
            {
                ok = false
            }
        }
        return ok
    }

    /// The communes of `table`; problems are logged with their row or cell.
    static func communes(_ table: Table, log: inout LoadLog) -> [CommuneDraft] {
        guard let (headerIndex, columns) = header(of: table, for: .communes, log: &log) else { return [] }
        guard
            log.withinLimit(
                table.rows.count - headerIndex - 1, Limits.units, at: SourceLocation(file: table.file),
                Subject(), field: "communes")
        else { return [] }
        let rows = table.rows[(headerIndex + 1)...]
        if rows.isEmpty {
            log.error(Message("table.noRows", table.what), at: table.rows[headerIndex].location, field: "communes")
        }
        let width = table.rows[headerIndex].cells.count
        return rows.map { row in
            let cells = Cells(row: row, columns: columns)
            let name = cells.text(.name).isEmpty ? nil : cells.text(.name)
            guard rowFits(row, width: width, of: table, Subject(commune: name), &log) else {
                return CommuneDraft(name: name, location: row.location, neighbours: nil, commune: nil)
            }
            let errors = log.errorCount
            let subject = Subject(commune: name.map(Excerpt.of))
            guard printable(row, columns, subject, &log) else {
                return CommuneDraft(name: nil, location: row.location, neighbours: nil, commune: nil)
            }
            let kind = required(cells, .kind, subject, &log).flatMap {
                log.kind($0.text.normalisedName, at: $0.location, subject, field: "kind")
            }
            let phone = required(cells, .phone, subject, &log).flatMap { self.phone($0, display: cells.cell(.display), subject, &log) }
            _ = required(cells, .name, Subject(), &log)
            let quantity = cells.cell(.quantity).flatMap { cell -> Int? in
                let text = cell.text.normalisedName
                return text.isEmpty ? nil : log.quantity(text, at: cell.location, subject, field: "quantity")
            }
            let link = cells.cell(.link).flatMap { cell -> String? in
                let text = cell.text.normalisedName
                return text.isEmpty ? nil : log.link(text, at: cell.location, subject, field: "link")
            }
            let contacts = self.contacts(cells, subject, &log)
            let neighbours = cells.list(.neighbours, subject, &log), formerly = cells.list(.formerly, subject, &log)
            var commune: Commune?
            if let name, let kind, let phone, log.errorCount == errors {
                commune = Commune(
                    name: name, kind: kind, phone: phone, neighbourNames: neighbours, quantity: quantity,
                    source: row.location, contacts: contacts, link: link, formerly: formerly)
            }
            let location = cells.cell(.neighbours)?.location ?? row.location
            return CommuneDraft(
                name: name, location: row.location,
                neighbours: neighbours.map { NameRef(name: $0, location: location) }, commune: commune)
        }
    }

    /// The outside units of `table`.
    static func outside(_ table: Table, log: inout LoadLog) -> [OutsideDraft] {
        guard let (headerIndex, columns) = header(of: table, for: .outside, log: &log) else { return [] }
        guard
            log.withinLimit(
                table.rows.count - headerIndex - 1, Limits.units, at: SourceLocation(file: table.file),
                Subject(), field: "outside")
        else { return [] }
        let width = table.rows[headerIndex].cells.count
        return table.rows[(headerIndex + 1)...].map { row in
            let cells = Cells(row: row, columns: columns)
            let name = cells.text(.name).isEmpty ? nil : cells.text(.name)
            let subject = Subject(fieldPrefix: "outside.", label: name.map { Message("label.outside", Excerpt.of($0)) })
            let errors = log.errorCount
            guard rowFits(row, width: width, of: table, subject, &log) else { return OutsideDraft(name: name, location: row.location) }
            guard printable(row, columns, subject, &log) else { return OutsideDraft(name: nil, location: row.location) }
            _ = required(cells, .name, subject, &log)
            let kind = required(cells, .kind, subject, &log).flatMap {
                log.kind($0.text.normalisedName, at: $0.location, subject, field: "kind")
            }
            let phone = required(cells, .phone, subject, &log).flatMap { self.phone($0, display: cells.cell(.display), subject, &log) }
            let district = cells.text(.district)
            var unit: OutsideUnit?
            if let name, let kind, let phone, log.errorCount == errors {
                unit = OutsideUnit(name: name, district: district.isEmpty ? nil : district, kind: kind, phone: phone)
            }
            return OutsideDraft(name: name, location: row.location, unit: unit)
        }
    }

    /// Whether a CSV row has as many cells as the header (an unquoted comma or semicolon in a
    /// cell would shift every column after it); logs the row's problem when not.
    private static func rowFits(
        _ row: Table.Row, width: Int, of table: Table, _ subject: Subject,
        _ log: inout LoadLog
    ) -> Bool {
        guard table.strictWidth, row.cells.count != width else { return true }
        let hint = table.delimiter == ";" && row.cells.count > width
        log.error(Message(hint ? "table.rowWidthQuote" : "table.rowWidth", row.cells.count, width), at: row.location, subject)
        return false
    }

    private static func required(_ cells: Cells, _ column: Column, _ subject: Subject, _ log: inout LoadLog) -> Table.Cell? {
        guard let cell = cells.cell(column), !cell.text.normalisedName.isEmpty else {
            log.error(
                Message("field.empty"), at: cells.cell(column)?.location ?? cells.row.location, subject,
                field: column.rawValue)
            return nil
        }
        return cell
    }

    /// A phone cell. A number that a spreadsheet stored as a number lost its leading 0
    /// (2723800001): when the digits with a 0 put back are a valid number, it is restored and
    /// a warning names the cell — never a wrong number in silence.
    static func phone(_ cell: Table.Cell, display: Table.Cell?, _ subject: Subject, _ log: inout LoadLog) -> PhoneNumber? {
        let text = cell.text.normalisedName
        var number: PhoneNumber?
        if let parsed = try? PhoneNumber(parsing: text) {
            number = parsed
        } else if text.allSatisfy({ $0.isASCII && $0.isNumber }), !text.hasPrefix("0"),
            let restored = try? PhoneNumber(parsing: "0" + text), restored.kind != .shortCode
        {
            log.warning(
                Message(cell.isNumber ? "phone.leadingZeroNumber" : "phone.leadingZero", text, restored.formatted),
                at: cell.location, subject, field: "phone")
            number = restored
        } else {
            number = log.phone(text, at: cell.location, subject, field: "phone")
        }
        guard let number, let display, !display.text.normalisedName.isEmpty else { return number }
        return log.display(display.text.normalisedName, of: number, at: display.location, subject, field: "display")
    }

    /// `contacts` cells: "Trưởng Công an xã: 0912 000 013; Phó trưởng: 0912 000 014".
    static func contacts(_ cells: Cells, _ subject: Subject, _ log: inout LoadLog) -> [Contact] {
        guard let cell = cells.cell(.contacts) else { return [] }
        return cells.list(.contacts, subject, &log).compactMap { entry in
            guard let colon = entry.lastIndex(of: ":") else {
                log.error(Message("table.contactForm", entry), at: cell.location, subject, field: "contacts")
                return nil
            }
            let name = String(entry[..<colon]).normalisedName
            let phone = String(entry[entry.index(after: colon)...]).normalisedName
            guard !name.isEmpty, let number = log.phone(phone, at: cell.location, subject, field: "contacts") else {
                if name.isEmpty { log.error(Message("table.contactForm", entry), at: cell.location, subject, field: "contacts") }
                return nil
            }
            return Contact(name: name, phone: number)
        }
    }
}
