import Foundation
import MockhoaCore
import Yams

/// The directory file as the page edits it, in either form (`issuer:` of 2025, `district:` of
/// 2018): a field-for-field mirror of the YAML format, every value kept as typed (a phone or a quantity that is not valid yet stays as text), so that the
/// draft can be written back as YAML and checked by the same loader as `mockhoa check`.
///
/// The file format lives in this one file: reading a file (and a CSV of communes) into the mirror,
/// and writing the mirror out as YAML (with which line holds which field, to put a problem beside
/// its field) and as that CSV.
struct DirectoryDocument: Codable, Hashable, Sendable {
    /// A named number: an issuer's or a commune's checkpoint or contact.
    struct Checkpoint: Codable, Hashable, Sendable {
        var name: String
        var phone: String
        /// How the number is printed, when the file says (same digits).
        var display: String? = nil
    }

    /// One of the issuer's duty numbers.
    struct Number: Codable, Hashable, Sendable {
        var phone: String
        var display: String? = nil
    }

    /// How the file names its top unit: `issuer:` (2025) or `district:` (2018). Saving keeps it.
    enum Form: String, Codable, Hashable, Sendable { case issuer, district }

    struct Issuer: Codable, Hashable, Sendable {
        /// `province`, `district` or `commune` as typed; always `district` in the district form.
        var level: String
        var name: String
        var province: String
        /// The unit's word ("tỉnh", "phường"), when the file gives one.
        var kind: String?
        /// How the unit is printed ("Công an tỉnh Tây Ninh"), when the file gives it.
        var police: String?
        /// One number or several; the first is the QR target.
        var hotline: [Number]
        var emergency: String?
        var checkpoints: [Checkpoint]
        var contacts: [Checkpoint]
        var link: String?
    }

    struct Commune: Codable, Hashable, Sendable {
        var name: String
        var kind: String
        var phone: String
        var display: String? = nil
        var neighbours: [String]
        var checkpoints: [Checkpoint]
        var contacts: [Checkpoint] = []
        var link: String? = nil
        var formerly: [String] = []
        /// As typed; the loader says when it is not a whole number in range.
        var quantity: String?
    }

    struct Outside: Codable, Hashable, Sendable {
        var name: String
        /// The district or province it belongs to, under the key the file used (`district:` is
        /// read when both are there).
        var district: String?
        var province: String? = nil
        var kind: String
        var phone: String
        var display: String? = nil
    }

    var form: Form
    var issuer: Issuer
    var communes: [Commune]
    var outside: [Outside]
}

/// A table file a directory file names for its communes or outside units (`communes.csv`, or
/// `{file: danh-ba.xlsx, sheet: Xã}`), as written in it.
struct TableReference: Codable, Hashable, Sendable {
    var file: String
    var sheet: String?

    /// A workbook, which the page does not write (it would lose the office's formatting).
    var isWorkbook: Bool {
        sheet != nil || ["xlsx", "xlsm", "xls", "ods"].contains(URL(fileURLWithPath: file).pathExtension.lowercased())
    }

    var yaml: String {
        sheet.map { "{file: \(DirectoryDocument.scalar(file)), sheet: \(DirectoryDocument.scalar($0))}" }
            ?? DirectoryDocument.scalar(file)
    }
}

// MARK: Reading a file

extension DirectoryDocument {
    /// Whether a scalar under `node` holds more than `Limits.countedLength` bytes.
    private static func holdsHugeText(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar): scalar.string.utf8.count > Limits.countedLength
        case .mapping(let mapping): mapping.contains { holdsHugeText($0.key) || holdsHugeText($0.value) }
        case .sequence(let sequence): sequence.contains(where: holdsHugeText)
        case .alias: false
        }
    }

    /// A directory file's YAML text as the page edits it.
    struct Read {
        var document: DirectoryDocument
        /// Set when the communes (or outside units) are in a table file instead of listed.
        var communesTable: TableReference?
        var outsideTable: TableReference?
    }

    /// The fields of a directory file's YAML text, read leniently (whatever the loader would
    /// reject is kept for the page to show with its problem). Nil when the text is not YAML at
    /// all, or not one the form can hold: more values than the loader reads once aliases are
    /// expanded, or a value past `Limits.countedLength` characters (an anchored megabyte used
    /// by every commune would be written into the draft once for each use). The loader then
    /// says what is wrong, at the lines of the text itself.
    static func read(yaml: String) -> Read? {
        guard YAMLNodeCount.lineExceedingLimit(in: yaml) == nil, let root = try? Yams.compose(yaml: yaml),
            case .mapping = root, !holdsHugeText(root)
        else { return nil }
        func text(_ node: Node?) -> String { node?.scalar?.string ?? "" }
        func optional(_ node: Node?) -> String? { node?.scalar.map(\.string).flatMap { $0.isEmpty ? nil : $0 } }
        func texts(_ node: Node?) -> [String] {
            if let sequence = node?.sequence { return sequence.compactMap { $0.scalar?.string } }
            return node?.scalar.map { [$0.string] }.flatMap { $0 == [""] ? [] : $0 } ?? []
        }
        func checkpoints(_ node: Node?) -> [Checkpoint] {
            (node?.sequence ?? []).map {
                Checkpoint(
                    name: text($0["name"]), phone: text($0["phone"]),
                    display: optional($0["display"]))
            }
        }
        func hotlines(_ node: Node?) -> [Number] {
            if let sequence = node?.sequence {
                return sequence.map { item in
                    item.mapping != nil
                        ? Number(phone: text(item["phone"]), display: optional(item["display"]))
                        : Number(phone: text(item))
                }
            }
            return texts(node).map { Number(phone: $0) }
        }
        func table(_ node: Node?) -> TableReference? {
            if let scalar = node?.scalar, !scalar.string.isEmpty { return TableReference(file: scalar.string, sheet: nil) }
            guard let file = node?["file"]?.scalar?.string else { return nil }
            return TableReference(file: file, sheet: optional(node?["sheet"]))
        }
        let form: Form = root["issuer"] != nil || root["district"] == nil ? .issuer : .district
        let node = root[form.rawValue]
        let issuer = Issuer(
            level: form == .district ? IssuerLevel.district.rawValue : text(node?["level"]),
            name: text(node?["name"]), province: text(node?["province"]), kind: optional(node?["kind"]),
            police: optional(node?["police"]), hotline: hotlines(node?["hotline"]), emergency: optional(node?["emergency"]),
            checkpoints: checkpoints(node?["checkpoints"]), contacts: checkpoints(node?["contacts"]),
            link: optional(node?["link"]))
        let communes = (root["communes"]?.sequence ?? []).map { node in
            Commune(
                name: text(node["name"]), kind: text(node["kind"]), phone: text(node["phone"]),
                display: optional(node["display"]), neighbours: texts(node["neighbours"]),
                checkpoints: checkpoints(node["checkpoints"]), contacts: checkpoints(node["contacts"]),
                link: optional(node["link"]), formerly: texts(node["formerly"]), quantity: optional(node["quantity"]))
        }
        let outside = (root["outside"]?.sequence ?? []).map { node in
            Outside(
                name: text(node["name"]), district: optional(node["district"]), province: optional(node["province"]),
                kind: text(node["kind"]), phone: text(node["phone"]), display: optional(node["display"]))
        }
        return Read(
            document: DirectoryDocument(form: form, issuer: issuer, communes: communes, outside: outside),
            communesTable: table(root["communes"]), outsideTable: table(root["outside"]))
    }

    /// The communes of a directory that loaded (from a workbook, say), as the page shows them.
    static func communes(of directory: Directory) -> [Commune] {
        func entries(_ list: [MockhoaCore.Checkpoint]) -> [Checkpoint] {
            list.map { Checkpoint(name: $0.name, phone: $0.phone.formatted, display: $0.phone.display) }
        }
        return directory.communes.map { c in
            Commune(
                name: c.name, kind: c.kind.rawValue, phone: c.phone.formatted, display: c.phone.display, neighbours: c.neighbourNames,
                checkpoints: entries(c.checkpoints), contacts: entries(c.contacts), link: c.link,
                formerly: c.formerly, quantity: c.quantity.map(String.init))
        }
    }

    /// The outside units of a directory that loaded.
    static func outside(of directory: Directory) -> [Outside] {
        directory.outside.map {
            Outside(
                name: $0.name, district: $0.district, kind: $0.kind.rawValue,
                phone: $0.phone.formatted, display: $0.phone.display)
        }
    }

    /// Whether `yaml` has comments, which writing the file again would drop.
    static func hasComments(_ yaml: String) -> Bool {
        yaml.split(separator: "\n").contains { line in
            // A quote opens a quoted scalar only where a value starts (Đắk R'Lấp is plain text);
            // `\"` and `''` stay inside their quotes.
            let chars = Array(line)
            var quote: Character?, lastSignificant: Character? = nil, i = 0
            while i < chars.count {
                let c = chars[i]
                if let q = quote {
                    if q == "\"" && c == "\\" {
                        i += 1
                    } else if c == q {
                        if q == "'" && i + 1 < chars.count && chars[i + 1] == "'" { i += 1 } else { quote = nil }
                    }
                } else if (c == "\"" || c == "'") && (lastSignificant.map { ":-[{,".contains($0) } ?? true) {
                    quote = c
                } else if c == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") {
                    return true
                }
                if c != " " && c != "\t" { lastSignificant = c }
                i += 1
            }
            return false
        }
    }
}

// MARK: Writing YAML

extension DirectoryDocument {
    /// The document as a directory file, and which field each line holds (`communes.3.phone`;
    /// the top unit's fields are `issuer.…` in either form), indexed by line number (1-based;
    /// index 0 unused). A table reference is written in place of the communes (or outside units)
    /// when given.
    func yaml(communesTable: TableReference? = nil, outsideTable: TableReference? = nil) -> (text: String, fields: [String]) {
        var lines: [String] = [], fields: [String] = [""]
        func line(_ text: String, _ field: String) { lines.append(text); fields.append(field) }
        func optional(_ key: String, _ value: String?, indent: String, field: String, quote: Bool = false) {
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            line("\(indent)\(key): \(quote ? Self.quoted(value) : Self.scalar(value))", "\(field).\(key)")
        }
        func entry(_ c: Checkpoint) -> String {
            let display = (c.display ?? "").isEmpty ? "" : ", display: \(Self.quoted(c.display!))"
            return "{name: \(Self.scalar(c.name)), phone: \(Self.quoted(c.phone))\(display)}"
        }
        func entryLines(_ key: String, _ list: [Checkpoint], indent: String, field: String) {
            guard !list.isEmpty else { return }
            line("\(indent)\(key):", "\(field).\(key)")
            for (i, c) in list.enumerated() { line("\(indent)  - \(entry(c))", "\(field).\(key).\(i)") }
        }
        func names(_ key: String, _ list: [String], indent: String, field: String) {
            guard !list.isEmpty else { return }
            line("\(indent)\(key): [" + list.map(Self.scalar).joined(separator: ", ") + "]", "\(field).\(key)")
        }

        let u = issuer
        line("\(form.rawValue):", "issuer")
        if form == .issuer { line("  level: \(Self.scalar(u.level))", "issuer.level") }
        line("  name: \(Self.scalar(u.name))", "issuer.name")
        // A district belongs to a province: an empty one is written, for the loader to say so.
        if u.level == IssuerLevel.district.rawValue || !u.province.isEmpty {
            line("  province: \(Self.scalar(u.province))", "issuer.province")
        }
        optional("kind", u.kind, indent: "  ", field: "issuer")
        optional("police", u.police, indent: "  ", field: "issuer")
        let numbers = u.hotline.map { n -> String in
            guard let display = n.display, !display.isEmpty else { return Self.quoted(n.phone) }
            return "{phone: \(Self.quoted(n.phone)), display: \(Self.quoted(display))}"
        }
        let plainOne = u.hotline.count == 1 && (u.hotline[0].display ?? "").isEmpty
        line("  hotline: " + (plainOne ? numbers[0] : "[" + numbers.joined(separator: ", ") + "]"), "issuer.hotline")
        optional("emergency", u.emergency, indent: "  ", field: "issuer", quote: true)
        entryLines("checkpoints", u.checkpoints, indent: "  ", field: "issuer")
        entryLines("contacts", u.contacts, indent: "  ", field: "issuer")
        optional("link", u.link, indent: "  ", field: "issuer", quote: true)

        if let communesTable {
            line("communes: \(communesTable.yaml)", "communes")
        } else {
            line("communes:" + (communes.isEmpty ? " []" : ""), "communes")
        }
        for (i, c) in communes.enumerated() where communesTable == nil {
            let field = "communes.\(i)"
            line("  - name: \(Self.scalar(c.name))", "\(field).name")
            line("    kind: \(Self.scalar(c.kind))", "\(field).kind")
            line("    phone: \(Self.quoted(c.phone))", "\(field).phone")
            optional("display", c.display, indent: "    ", field: field, quote: true)
            names("neighbours", c.neighbours, indent: "    ", field: field)
            names("formerly", c.formerly, indent: "    ", field: field)
            entryLines("checkpoints", c.checkpoints, indent: "    ", field: field)
            entryLines("contacts", c.contacts, indent: "    ", field: field)
            optional("link", c.link, indent: "    ", field: field, quote: true)
            if let quantity = c.quantity?.trimmingCharacters(in: .whitespaces), !quantity.isEmpty {
                let plain = quantity.allSatisfy(\.isASCII) && quantity.allSatisfy(\.isNumber)
                line("    quantity: \(plain ? quantity : Self.quoted(quantity))", "\(field).quantity")
            }
        }
        if let outsideTable {
            line("outside: \(outsideTable.yaml)", "outside")
        } else if !outside.isEmpty {
            line("outside:", "outside")
            for (i, o) in outside.enumerated() {
                let field = "outside.\(i)"
                line("  - name: \(Self.scalar(o.name))", "\(field).name")
                optional("district", o.district, indent: "    ", field: field)
                optional("province", o.province, indent: "    ", field: field)
                line("    kind: \(Self.scalar(o.kind))", "\(field).kind")
                line("    phone: \(Self.quoted(o.phone))", "\(field).phone")
                optional("display", o.display, indent: "    ", field: field, quote: true)
            }
        }
        return (lines.joined(separator: "\n") + "\n", fields)
    }

    /// A name as YAML: plain when it reads back as the same text (letters, digits, spaces and
    /// a few marks, not a word YAML takes for true, false or null), quoted otherwise.
    static func scalar(_ text: String) -> String {
        let reserved: Set = ["", "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]
        let plain =
            text.first?.isLetter == true && text.last.map { $0.isLetter || $0.isNumber || $0 == ")" } == true
            && text.allSatisfy { $0.isLetter || $0.isNumber || " .-()'".contains($0) }
            && !reserved.contains(text.lowercased())
        return plain ? text : quoted(text)
    }

    /// A YAML double-quoted scalar: backslash, quote and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}":
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

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
