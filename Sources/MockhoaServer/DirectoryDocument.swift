import Foundation
import MockhoaCore
import Yams

/// The directory file as the page edits it: a field-for-field mirror of the YAML format, every
/// value kept as typed (a phone or a quantity that is not valid yet stays as text), so that the
/// draft can be written back as YAML and checked by the same loader as `mockhoa check`.
///
/// The file format lives in this one file: reading a file into the mirror, and writing the mirror
/// out as YAML (with which line holds which field, to put a problem beside its field).
struct DirectoryDocument: Codable, Hashable, Sendable {
    struct Checkpoint: Codable, Hashable, Sendable {
        var name: String
        var phone: String
    }

    struct District: Codable, Hashable, Sendable {
        var name: String
        var province: String
        /// One number or several; the first is the QR target.
        var hotline: [String]
        var emergency: String?
        var checkpoints: [Checkpoint]
    }

    struct Commune: Codable, Hashable, Sendable {
        var name: String
        var kind: String
        var phone: String
        var neighbours: [String]
        var checkpoints: [Checkpoint]
        /// As typed; the loader says when it is not a whole number in range.
        var quantity: String?
    }

    struct Outside: Codable, Hashable, Sendable {
        var name: String
        var district: String?
        var kind: String
        var phone: String
    }

    var district: District
    var communes: [Commune]
    var outside: [Outside]
}

// MARK: Reading a file

extension DirectoryDocument {
    /// The fields of a directory file's YAML text, read leniently (whatever the loader would
    /// reject is kept for the page to show with its problem). Nil when the text is not YAML at all
    /// or names its communes in a CSV file (`communesFile`).
    static func read(yaml: String) -> (document: DirectoryDocument, communesFile: String?)? {
        guard let root = try? Yams.compose(yaml: yaml), case .mapping = root else { return nil }
        func text(_ node: Node?) -> String { node?.scalar?.string ?? "" }
        func optional(_ node: Node?) -> String? { node?.scalar.map(\.string).flatMap { $0.isEmpty ? nil : $0 } }
        func texts(_ node: Node?) -> [String] {
            if let sequence = node?.sequence { return sequence.compactMap { $0.scalar?.string } }
            return node?.scalar.map { [$0.string] }.flatMap { $0 == [""] ? [] : $0 } ?? []
        }
        func checkpoints(_ node: Node?) -> [Checkpoint] {
            (node?.sequence ?? []).map { Checkpoint(name: text($0["name"]), phone: text($0["phone"])) }
        }
        let district = root["district"]
        var document = DirectoryDocument(
            district: District(name: text(district?["name"]), province: text(district?["province"]),
                               hotline: texts(district?["hotline"]), emergency: optional(district?["emergency"]),
                               checkpoints: checkpoints(district?["checkpoints"])),
            communes: [], outside: [])
        document.communes = (root["communes"]?.sequence ?? []).map { node in
            Commune(name: text(node["name"]), kind: text(node["kind"]), phone: text(node["phone"]),
                    neighbours: texts(node["neighbours"]), checkpoints: checkpoints(node["checkpoints"]),
                    quantity: optional(node["quantity"]))
        }
        document.outside = (root["outside"]?.sequence ?? []).map { node in
            Outside(name: text(node["name"]), district: optional(node["district"]), kind: text(node["kind"]),
                    phone: text(node["phone"]))
        }
        return (document, root["communes"]?.scalar?.string)
    }

    /// The mirror of a directory that loaded (its communes read from a CSV file, say).
    init(_ directory: Directory) {
        func checkpoints(_ list: [MockhoaCore.Checkpoint]) -> [Checkpoint] {
            list.map { Checkpoint(name: $0.name, phone: $0.phone.formatted) }
        }
        let d = directory.issuer
        district = District(name: d.name, province: d.province ?? "", hotline: d.hotlines.map(\.formatted),
                            emergency: d.emergency?.formatted, checkpoints: checkpoints(d.checkpoints))
        communes = directory.communes.map { c in
            Commune(name: c.name, kind: c.kind.rawValue, phone: c.phone.formatted, neighbours: c.neighbourNames,
                    checkpoints: checkpoints(c.checkpoints), quantity: c.quantity.map(String.init))
        }
        outside = directory.outside.map { Outside(name: $0.name, district: $0.district, kind: $0.kind.rawValue,
                                                  phone: $0.phone.formatted) }
    }

    /// Whether `yaml` names its top unit with `issuer:` (the 2025 form), which this mirror of the
    /// 2018 `district:` form cannot hold: such a file is shown, not edited.
    static func usesIssuer(_ yaml: String) -> Bool {
        (try? Yams.compose(yaml: yaml))?["issuer"] != nil
    }

    /// Whether `yaml` has comments, which writing the file again would drop.
    static func hasComments(_ yaml: String) -> Bool {
        yaml.split(separator: "\n").contains { line in
            var quote: Character?, previous: Character = " "
            for c in line {
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "#" && (previous == " " || previous == "\t") {
                    return true
                }
                previous = c
            }
            return false
        }
    }
}

// MARK: Writing YAML

extension DirectoryDocument {
    /// The document as a directory file, and which field each line holds (`communes.3.phone`),
    /// indexed by line number (1-based; index 0 unused).
    func yaml() -> (text: String, fields: [String]) {
        var lines: [String] = [], fields: [String] = [""]
        func line(_ text: String, _ field: String) { lines.append(text); fields.append(field) }
        func checkpointLines(_ list: [Checkpoint], indent: String, field: String) {
            guard !list.isEmpty else { return }
            line("\(indent)checkpoints:", field)
            for (i, c) in list.enumerated() {
                line("\(indent)  - {name: \(Self.scalar(c.name)), phone: \(Self.quoted(c.phone))}", "\(field).\(i)")
            }
        }
        line("district:", "district")
        line("  name: \(Self.scalar(district.name))", "district.name")
        line("  province: \(Self.scalar(district.province))", "district.province")
        line("  hotline: " + (district.hotline.count == 1 ? Self.quoted(district.hotline[0])
                              : "[" + district.hotline.map(Self.quoted).joined(separator: ", ") + "]"),
             "district.hotline")
        if let emergency = district.emergency, !emergency.isEmpty {
            line("  emergency: \(Self.quoted(emergency))", "district.emergency")
        }
        checkpointLines(district.checkpoints, indent: "  ", field: "district.checkpoints")
        line("communes:" + (communes.isEmpty ? " []" : ""), "communes")
        for (i, c) in communes.enumerated() {
            let field = "communes.\(i)"
            line("  - name: \(Self.scalar(c.name))", "\(field).name")
            line("    kind: \(Self.scalar(c.kind))", "\(field).kind")
            line("    phone: \(Self.quoted(c.phone))", "\(field).phone")
            if !c.neighbours.isEmpty {
                line("    neighbours: [" + c.neighbours.map(Self.scalar).joined(separator: ", ") + "]",
                     "\(field).neighbours")
            }
            checkpointLines(c.checkpoints, indent: "    ", field: "\(field).checkpoints")
            if let quantity = c.quantity?.trimmingCharacters(in: .whitespaces), !quantity.isEmpty {
                let plain = quantity.allSatisfy(\.isASCII) && quantity.allSatisfy(\.isNumber)
                line("    quantity: \(plain ? quantity : Self.quoted(quantity))", "\(field).quantity")
            }
        }
        if !outside.isEmpty {
            line("outside:", "outside")
            for (i, o) in outside.enumerated() {
                let field = "outside.\(i)"
                line("  - name: \(Self.scalar(o.name))", "\(field).name")
                if let district = o.district, !district.isEmpty {
                    line("    district: \(Self.scalar(district))", "\(field).district")
                }
                line("    kind: \(Self.scalar(o.kind))", "\(field).kind")
                line("    phone: \(Self.quoted(o.phone))", "\(field).phone")
            }
        }
        return (lines.joined(separator: "\n") + "\n", fields)
    }

    /// A name as YAML: plain when it reads back as the same text (letters, digits, spaces and
    /// a few marks, not a word YAML takes for true, false or null), quoted otherwise.
    static func scalar(_ text: String) -> String {
        let reserved: Set = ["", "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]
        let plain = text.first?.isLetter == true && text.last.map { $0.isLetter || $0.isNumber || $0 == ")" } == true
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
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}":
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
