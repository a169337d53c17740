import Foundation
import MockhoaCore
import Yams

/// The directory file as the page edits it, in either form (`issuer:` of 2025, `district:` of
/// 2018): a field-for-field mirror of the YAML format (`DirectoryFormat`), every value kept as
/// typed (a phone or a quantity that is not valid yet stays as text), so that the draft can be
/// written back as YAML and checked by the same loader as `mockhoa check`.
///
/// Here: the mirror and reading a file into it; `DirectoryDocument+YAML.swift` writes it out as
/// YAML (with which line holds which field, to put a problem beside its field),
/// `DirectoryDocument+CSV.swift` reads and writes a CSV of communes.
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
    /// The template the file names (`template:`), as written; the page keeps it.
    var template: String? = nil
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
        /// The line of `template:`, when the file names a template.
        var templateLine: Int?

        /// The template the file at `path` names, with its line.
        func template(of path: String) -> DirectoryTemplate? {
            document.template.map { DirectoryTemplate(name: $0, location: SourceLocation(file: path, line: templateLine)) }
        }
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
            document: DirectoryDocument(
                form: form, issuer: issuer, communes: communes, outside: outside, template: optional(root["template"])),
            communesTable: table(root["communes"]), outsideTable: table(root["outside"]),
            templateLine: root["template"]?.mark?.line)
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
