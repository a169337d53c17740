/// Reads the communes of a directory from a CSV file with the header
/// `name,kind,phone,neighbours,quantity` (any order; `neighbours` and `quantity` optional).
enum CommunesCSV {
    static let columns = ["name", "kind", "phone", "neighbours", "quantity"]
    static let requiredColumns = ["name", "kind", "phone"]
    static let expectedHeader = "expected the header name,kind,phone,neighbours,quantity "
        + "(any order; neighbours and quantity may be left out)"

    /// The communes of `text`, the contents of `file`; problems are logged with the file's lines.
    static func communes(in text: String, file: String, log: inout LoadLog) -> [CommuneDraft] {
        let reader = CSVReader(detectingDelimiterIn: text)
        let records: [CSVReader.Record]
        do {
            records = try reader.records(text)
        } catch {
            log.error("invalid CSV: \(error.message)", at: SourceLocation(file: file, line: error.line))
            return []
        }
        guard let header = records.first else {
            log.error("the CSV file is empty; \(expectedHeader)", at: SourceLocation(file: file))
            return []
        }
        let headerLocation = SourceLocation(file: file, line: header.line)
        let errors = log.errorCount
        var columnIndex: [String: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            let column = cell.normalisedName.lowercased()
            if !columns.contains(column) {
                log.error("unknown column \"\(cell.normalisedName)\"; \(expectedHeader)", at: headerLocation)
            } else if columnIndex[column] != nil {
                log.error("column \"\(column)\" appears twice; \(expectedHeader)", at: headerLocation)
            } else {
                columnIndex[column] = index
            }
        }
        for column in requiredColumns where columnIndex[column] == nil {
            log.error("missing column \"\(column)\"; \(expectedHeader)", at: headerLocation)
        }
        guard log.errorCount == errors else { return [] }
        if records.count == 1 {
            log.error("no communes: the CSV file has a header but no rows", at: headerLocation, field: "communes")
        }
        return records.dropFirst().map {
            commune($0, columns: columnIndex, width: header.cells.count, delimiter: reader.delimiter,
                    file: file, log: &log)
        }
    }

    /// One row; only its name when its cells do not match the header.
    static func commune(_ record: CSVReader.Record, columns: [String: Int], width: Int,
                        delimiter: Unicode.Scalar, file: String, log: inout LoadLog) -> CommuneDraft {
        let location = SourceLocation(file: file, line: record.line)
        func cell(_ column: String) -> String {
            guard let index = columns[column], index < record.cells.count else { return "" }
            return record.cells[index].normalisedName
        }
        let name = cell("name").isEmpty ? nil : cell("name")
        guard record.cells.count == width else {
            let hint = delimiter == ";" && record.cells.count > width
                ? "; with ; as the separator, put the neighbours cell in quotes" : ""
            log.error("this row has \(record.cells.count) cells, the header has \(width)" + hint, at: location,
                      Subject(commune: name))
            return CommuneDraft(name: name, location: location, neighbours: nil, commune: nil)
        }
        let errors = log.errorCount
        let subject = Subject(commune: name)
        func required(_ column: String) -> String? {
            let value = cell(column)
            if value.isEmpty { log.error("required field is empty", at: location, subject, field: column) }
            return value.isEmpty ? nil : value
        }
        let checkedName = required("name")
        let kind = required("kind").flatMap { log.kind($0, at: location, subject, field: "kind") }
        let phone = required("phone").flatMap { log.phone($0, at: location, subject, field: "phone") }
        let neighbours = cell("neighbours").split(separator: ";").map { String($0).normalisedName }
            .filter { !$0.isEmpty }
        let quantityText = cell("quantity")
        let quantity = quantityText.isEmpty ? nil : log.quantity(quantityText, at: location, subject, field: "quantity")
        var commune: Commune?
        if let name = checkedName, let kind, let phone, log.errorCount == errors {
            commune = Commune(name: name, kind: kind, phone: phone, neighbourNames: neighbours,
                              quantity: quantity, source: location)
        }
        return CommuneDraft(name: name, location: location,
                            neighbours: neighbours.map { NameRef(name: $0, location: location) }, commune: commune)
    }
}
