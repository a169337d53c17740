import Foundation
import MockhoaCore

// MARK: Writing YAML

extension DirectoryDocument {
    /// The document as a directory file, and which field each line holds (`communes.3.phone`;
    /// the top unit's fields are `issuer.…` in either form), indexed by line number (1-based;
    /// index 0 unused). The template the file names comes first. A table reference is written in place of the communes (or outside units)
    /// when given. Each part's fields are written in `DirectoryFormat`'s order.
    func yaml(communesTable: TableReference? = nil, outsideTable: TableReference? = nil) -> (text: String, fields: [String]) {
        var out = YAMLLines()
        if let template, !template.trimmingCharacters(in: .whitespaces).isEmpty {
            out.line("template: \(YAMLLines.written(template, as: .template))", "template")
        }
        out.line("\(form.rawValue):", "issuer")
        for field in DirectoryFormat.issuer where field.key != "level" || form == .issuer {
            // A district belongs to a province: an empty one is written, for the loader to say so.
            let always =
                field.required
                || (field.key == "province" && (issuer.level == IssuerLevel.district.rawValue || !issuer.province.isEmpty))
            out.write(field, issuer.value(field.key), always: always, indent: "  ", item: "issuer")
        }
        if let communesTable {
            out.line("communes: \(communesTable.yaml)", "communes")
        } else {
            out.line("communes:" + (communes.isEmpty ? " []" : ""), "communes")
            for (i, c) in communes.enumerated() { out.write(DirectoryFormat.commune, of: c.value, item: "communes.\(i)") }
        }
        if let outsideTable {
            out.line("outside: \(outsideTable.yaml)", "outside")
        } else if !outside.isEmpty {
            out.line("outside:", "outside")
            for (i, o) in outside.enumerated() { out.write(DirectoryFormat.outside, of: o.value, item: "outside.\(i)") }
        }
        return (out.lines.joined(separator: "\n") + "\n", out.fields)
    }

    /// A field's value in the draft, as the writer takes it.
    enum Value {
        case text(String?)
        case list([String])
        case entries([Checkpoint])
        case numbers([Number])
    }

    /// The lines of a directory file being written, and the field each holds.
    struct YAMLLines {
        var lines: [String] = []
        var fields: [String] = [""]

        mutating func line(_ text: String, _ field: String) { lines.append(text); fields.append(field) }

        /// One list item (a commune, an outside unit): its fields under `- `.
        mutating func write(_ format: [DirectoryFormat.Field], of value: (String) -> Value, item: String) {
            for (n, field) in format.enumerated() {
                write(field, value(field.key), always: field.required, indent: n == 0 ? "  - " : "    ", item: item)
            }
        }

        /// `field` of `item` (`issuer`, `communes.3`) when it has a value, or `always`.
        mutating func write(_ field: DirectoryFormat.Field, _ value: Value, always: Bool, indent: String, item: String) {
            let key = field.key, path = "\(item).\(key)"
            switch value {
            case .text(let text):
                let text = text ?? ""
                guard always || !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
                line("\(indent)\(key): \(Self.written(text, as: field.kind))", path)
            case .list(let names):
                guard !names.isEmpty else { return }
                line("\(indent)\(key): [" + names.map(DirectoryDocument.scalar).joined(separator: ", ") + "]", path)
            case .entries(let list):
                guard !list.isEmpty else { return }
                line("\(indent)\(key):", path)
                let inner = String(repeating: " ", count: indent.count)
                for (i, c) in list.enumerated() { line("\(inner)  - \(Self.entry(c))", "\(path).\(i)") }
            case .numbers(let numbers):
                let written = numbers.map { n -> String in
                    guard let display = n.display, !display.isEmpty else { return DirectoryDocument.quoted(n.phone) }
                    return "{phone: \(DirectoryDocument.quoted(n.phone)), display: \(DirectoryDocument.quoted(display))}"
                }
                let plainOne = numbers.count == 1 && (numbers[0].display ?? "").isEmpty
                line("\(indent)\(key): " + (plainOne ? written[0] : "[" + written.joined(separator: ", ") + "]"), path)
            }
        }

        /// A text value as its kind is written: a name plain where YAML reads it back, a number or
        /// a link quoted, a quantity plain when it is digits.
        static func written(_ text: String, as kind: DirectoryFormat.Field.Kind) -> String {
            switch kind {
            case .text: return DirectoryDocument.scalar(text)
            case .quantity:
                let quantity = text.trimmingCharacters(in: .whitespaces)
                let plain = quantity.allSatisfy(\.isASCII) && quantity.allSatisfy(\.isNumber)
                return plain ? quantity : DirectoryDocument.quoted(quantity)
            default: return DirectoryDocument.quoted(text)
            }
        }

        static func entry(_ c: Checkpoint) -> String {
            let display = (c.display ?? "").isEmpty ? "" : ", display: \(DirectoryDocument.quoted(c.display!))"
            return "{name: \(DirectoryDocument.scalar(c.name)), phone: \(DirectoryDocument.quoted(c.phone))\(display)}"
        }
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

// MARK: Fields by their key

extension DirectoryDocument.Issuer {
    /// The value of the field `key` of `DirectoryFormat.issuer`.
    func value(_ key: String) -> DirectoryDocument.Value {
        switch key {
        case "level": .text(level)
        case "name": .text(name)
        case "province": .text(province)
        case "kind": .text(kind)
        case "police": .text(police)
        case "hotline": .numbers(hotline)
        case "emergency": .text(emergency)
        case "checkpoints": .entries(checkpoints)
        case "contacts": .entries(contacts)
        case "link": .text(link)
        default: .text(nil)
        }
    }
}

extension DirectoryDocument.Commune {
    /// The value of the field `key` of `DirectoryFormat.commune`.
    func value(_ key: String) -> DirectoryDocument.Value {
        switch key {
        case "name": .text(name)
        case "kind": .text(kind)
        case "phone": .text(phone)
        case "display": .text(display)
        case "neighbours": .list(neighbours)
        case "formerly": .list(formerly)
        case "checkpoints": .entries(checkpoints)
        case "contacts": .entries(contacts)
        case "link": .text(link)
        case "quantity": .text(quantity)
        default: .text(nil)
        }
    }
}

extension DirectoryDocument.Outside {
    /// The value of the field `key` of `DirectoryFormat.outside`.
    func value(_ key: String) -> DirectoryDocument.Value {
        switch key {
        case "name": .text(name)
        case "district": .text(district)
        case "province": .text(province)
        case "kind": .text(kind)
        case "phone": .text(phone)
        case "display": .text(display)
        default: .text(nil)
        }
    }
}
