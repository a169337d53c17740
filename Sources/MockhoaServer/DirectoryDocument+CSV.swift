import Foundation
import MockhoaCore

// MARK: Communes in a CSV file

extension DirectoryDocument {
    /// The communes of a CSV file as typed: lists split at `;`, contacts read as `Name: number`.
    static func communes(of csv: CommuneCSV) -> [Commune] {
        csv.rows.map { row in
            func cell(_ column: String) -> String? {
                guard let i = csv.columns.firstIndex(of: column), i < row.count else { return nil }
                let text = row[i].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            func list(_ column: String) -> [String] {
                (cell(column) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            }
            let contacts = list("contacts").map { entry in
                guard let colon = entry.lastIndex(of: ":") else { return Checkpoint(name: entry, phone: "") }
                return Checkpoint(
                    name: entry[..<colon].trimmingCharacters(in: .whitespaces),
                    phone: entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return Commune(
                name: cell("name") ?? "", kind: cell("kind") ?? "", phone: cell("phone") ?? "",
                display: cell("display"), neighbours: list("neighbours"), checkpoints: [], contacts: contacts,
                link: cell("link"), formerly: list("formerly"), quantity: cell("quantity"))
        }
    }

    /// What a CSV file cannot hold: a commune's own checkpoints, a contact's `display`, or a `;`
    /// inside an item of a list.
    struct CSVProblem: Error { var message: Message }

    /// `original` with `communes` as its rows: a commune keeps the cells of the columns mockhoa
    /// does not read (its row found as `originalRows` says), and a column the file lacks is
    /// added, headed in the file's language, when a commune needs it.
    static func csv(of communes: [Commune], updating original: CommuneCSV) throws(CSVProblem) -> CommuneCSV {
        var csv = original
        let originalRows = originalRows(of: communes, in: original)
        func item(_ text: String, of commune: Commune) throws(CSVProblem) -> String {
            guard !text.contains(";") else {
                throw CSVProblem(message: Message("csvWrite.semicolon", commune.name, text))
            }
            return text
        }
        var rows: [[String]] = []
        for commune in communes {
            guard commune.checkpoints.isEmpty else {
                throw CSVProblem(message: Message("csvWrite.checkpoints", commune.name))
            }
            if let shown = commune.contacts.first(where: { !($0.display ?? "").isEmpty }) {
                throw CSVProblem(message: Message("csvWrite.display", commune.name, shown.name))
            }
            var row = originalRows[rows.count].map { original.rows[$0] } ?? []
            var values: [(String, String)] = [
                ("name", commune.name), ("kind", commune.kind), ("phone", commune.phone),
                ("display", commune.display ?? ""), ("quantity", commune.quantity ?? ""),
                ("link", commune.link ?? ""),
            ]
            var lists: [(String, [String])] = [("neighbours", commune.neighbours), ("formerly", commune.formerly)]
            lists.append(("contacts", commune.contacts.map { "\($0.name): \($0.phone)" }))
            for (column, list) in lists {
                var items: [String] = []
                for text in list { items.append(try item(text, of: commune)) }
                values.append((column, items.joined(separator: "; ")))
            }
            for (column, value) in values where !value.isEmpty || csv.columns.contains(column) {
                let index = csv.index(adding: column)
                if row.count <= index { row += Array(repeating: "", count: index + 1 - row.count) }
                row[index] = value
            }
            rows.append(row)
        }
        csv.rows = rows.map { $0.count < csv.header.count ? $0 + Array(repeating: "", count: csv.header.count - $0.count) : $0 }
        return csv
    }

    /// The row of `original` each commune was read from, nil for a new one: the row of its name,
    /// or for a renamed commune the row left with its phone number. Each row goes to one commune.
    static func originalRows(of communes: [Commune], in original: CommuneCSV) -> [Int?] {
        func cells(_ column: String) -> [String] {
            let i = original.columns.firstIndex(of: column)
            return original.rows.map { row in i.flatMap { row.indices.contains($0) ? row[$0] : nil } ?? "" }
        }
        func digits(_ phone: String) -> String { phone.filter(\.isWholeNumber) }
        let names = cells("name").map { NameKey($0) }, phones = cells("phone").map(digits)
        let passes: [(row: (Int) -> AnyHashable, commune: (Int) -> AnyHashable?)] = [
            ({ names[$0] }, { NameKey(communes[$0].name) }),
            ({ phones[$0] }, { digits(communes[$0].phone).isEmpty ? nil : digits(communes[$0].phone) }),
        ]
        var found = [Int?](repeating: nil, count: communes.count), claimed = Set<Int>()
        for pass in passes {
            var unclaimed = Dictionary(grouping: original.rows.indices.filter { !claimed.contains($0) }, by: pass.row)
            for index in communes.indices where found[index] == nil {
                guard let key = pass.commune(index), let row = unclaimed[key]?.first else { continue }
                unclaimed[key]!.removeFirst()
                found[index] = row
                claimed.insert(row)
            }
        }
        return found
    }
}
