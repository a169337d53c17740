import Foundation
import Testing
@testable import MockhoaCore

/// The strict reader against `DirectoryFormat`: a file with every described field loads clean,
/// a field given a value of the wrong shape is an error at that field (so the reader reads it),
/// and a required field left out is an error at that field.
@Suite struct DirectoryFormatTests {
    /// A valid value for each field that holds one text, by part.
    static let values: [String: [String: String]] = [
        "issuer": [
            "level": "province", "name": "Tây Ninh", "province": "Tây Ninh", "kind": "tỉnh",
            "police": "Công an tỉnh Tây Ninh", "emergency": "\"113\"", "link": "\"https://example.vn\"",
        ],
        "commune": [
            "name": "Phường Một", "kind": "phường", "phone": "\"0276 3822 011\"", "display": "\"0276.3822.011\"",
            "link": "\"https://example.vn/p1\"", "quantity": "10",
        ],
        "outside": [
            "name": "Xã Xa", "district": "Long An", "province": "Long An", "kind": "xã", "phone": "\"0272 3800 001\"",
            "display": "\"0272.3800.001\"",
        ],
        "entry": ["name": "Trạm Một", "phone": "\"0276 3822 001\"", "display": "\"0276.3822.001\""],
        "number": ["phone": "\"0276 3822 000\"", "display": "\"0276.3822.000\""],
    ]
    static let parts: [(name: String, fields: [DirectoryFormat.Field])] = [
        ("issuer", DirectoryFormat.issuer), ("commune", DirectoryFormat.commune), ("outside", DirectoryFormat.outside),
        ("entry", DirectoryFormat.entry), ("number", DirectoryFormat.number),
    ]

    /// What to put in place of a field: nil keeps it, `.some(nil)` leaves it out.
    typealias Change = (_ part: String, _ key: String) -> String??

    /// A directory file with every field of every part, with `change` applied.
    static func file(_ change: Change = { _, _ in nil }) -> String {
        func value(_ part: String, _ field: DirectoryFormat.Field) -> String? {
            if let changed = change(part, field.key) { return changed }
            switch field.kind {
            case .entries: return "[" + mapping("entry", DirectoryFormat.entry) + "]"
            case .numbers: return "[" + mapping("number", DirectoryFormat.number) + "]"
            case .names: return field.key == "neighbours" ? "[Xã Xa]" : "[Phường Cũ]"
            default: return values[part]?[field.key] ?? "MISSING"
            }
        }
        func mapping(_ part: String, _ fields: [DirectoryFormat.Field]) -> String {
            "{" + fields.compactMap { f in value(part, f).map { "\(f.key): \($0)" } }.joined(separator: ", ") + "}"
        }
        func block(_ part: String, _ fields: [DirectoryFormat.Field], first: String, rest: String) -> String {
            fields.compactMap { f in value(part, f).map { "\(f.key): \($0)" } }.enumerated()
                .map { ($0.offset == 0 ? first : rest) + $0.element }.joined(separator: "\n")
        }
        return "issuer:\n" + block("issuer", DirectoryFormat.issuer, first: "  ", rest: "  ") + "\ncommunes:\n"
            + block("commune", DirectoryFormat.commune, first: "  - ", rest: "    ") + "\noutside:\n"
            + block("outside", DirectoryFormat.outside, first: "  - ", rest: "    ") + "\n"
    }

    static func diagnostics(_ yaml: String) -> [Diagnostic] {
        do { return try DirectoryLoader.load(yaml: yaml, path: "d.yaml").warnings } catch { return error.diagnostics }
    }

    @Test func theFileWithEveryDescribedFieldLoadsWithoutAWord() throws {
        for (part, fields) in Self.parts {
            let texts = fields.filter { ![.entries, .numbers, .names].contains($0.kind) }.map(\.key)
            #expect(Set(texts) == Set(Self.values[part]!.keys), "\(part): a value for each text field")
        }
        let loaded = try DirectoryLoader.load(yaml: Self.file(), path: "d.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.directory.communes.first?.formerly == ["Phường Cũ"])
    }

    @Test func aFieldOfTheWrongShapeIsAnErrorAtThatField() {
        for (part, fields) in Self.parts {
            for field in fields {
                // An outside unit's province is read when it has no district.
                let withoutDistrict = part == "outside" && field.key == "province"
                let found = Self.diagnostics(
                    Self.file { p, k in
                        p == part && k == field.key
                            ? .some("{wrong: 1}") : withoutDistrict && p == part && k == "district" ? .some(nil) : nil
                    })
                #expect(
                    found.contains { $0.severity == .error && ($0.field ?? "").hasSuffix(field.key) },
                    "\(part).\(field.key) is not read: \(found)")
            }
        }
    }

    @Test func aRequiredFieldLeftOutIsAnErrorAtThatField() {
        for (part, fields) in Self.parts {
            for field in fields {
                let found = Self.diagnostics(Self.file { p, k in p == part && k == field.key ? .some(nil) : nil })
                let errors = found.filter { $0.severity == .error && ($0.field ?? "").hasSuffix(field.key) }
                #expect(errors.isEmpty == !field.required, "\(part).\(field.key): \(found)")
            }
        }
        #expect(DirectoryFormat.file.filter(\.required).map(\.key) == ["communes"])
        #expect(Self.diagnostics("issuer: {level: province, name: A, hotline: \"113\"}\n").contains { $0.field == "communes" })
    }

    @Test func aTableIsReadByTheDescribedColumns() {
        // Every described column is one a table's header names.
        let csv =
            "name,kind,phone,display,neighbours,formerly,contacts,link,quantity\n"
            + "Phường Một,phường,0276 3822 011,0276.3822.011,Phường Hai,Phường Cũ,Trực ban: 0276 3822 013,https://example.vn/p1,10\n"
            + "Phường Hai,phường,0276 3822 021,,Phường Một,,,,\n"
        let read = try? CommuneCSV.read(Data(csv.utf8), file: "xa.csv")
        #expect(read?.columns.compactMap { $0 } == DirectoryFormat.commune.compactMap(\.column))
    }
}
