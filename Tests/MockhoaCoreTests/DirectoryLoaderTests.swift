import Foundation
import Testing
@testable import MockhoaCore

/// Lines 1–5 of most test files: a valid district, then `communes:` (entries start on line 6).
private let head = """
    district:
      name: Cần Giuộc
      province: Long An
      hotline: "0272 3800 000"
    communes:

    """

/// Two communes that list each other (lines 6–13) and one outside unit (lines 14–15).
private let valid =
    head + """
          - name: Long Hậu
            kind: xã
            phone: "0272 3800 002"
            neighbours: [Phước Lại, Hiệp Phước]
          - name: Phước Lại
            kind: thị trấn
            phone: "0272 3800 003"
            neighbours: [Long Hậu]
        outside:
          - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: "028 3800 0001"}

        """

/// The diagnostics thrown for `yaml` (none when it loads).
private func thrown(_ yaml: String, path: String = "dir.yaml") -> [String] {
    do {
        _ = try DirectoryLoader.load(yaml: yaml, path: path)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// The diagnostics thrown when loading the file at `path`.
private func thrown(path: String) -> [String] {
    do {
        _ = try DirectoryLoader.load(path: path)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// Runs `body` with the path of a fresh temporary folder holding `files` (name → bytes), then
/// removes the folder.
private func withFolder(_ files: [String: [UInt8]], _ body: (String) throws -> Void) throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-loader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    for (name, bytes) in files { try Data(bytes).write(to: url.appendingPathComponent(name)) }
    try body(url.path)
}

/// Runs `body` with a temporary folder holding `d.yaml`, a valid district whose communes are in
/// `communes.csv` (or the file `name`), and `communes.csv` holding `csv`.
private func withCSV(_ csv: [UInt8], name: String = "communes.csv", _ body: (String) throws -> Void) throws {
    let yaml =
        head.replacingOccurrences(of: "communes:\n", with: "communes: \(name)\n")
        + "outside:\n  - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: \"028 3800 0001\"}\n"
    try withFolder(["d.yaml": utf8(yaml), "communes.csv": csv], body)
}

private func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct DirectoryLoaderTests {
    // MARK: Valid input

    @Test func sampleLoads() throws {
        let sample = DirectoryLoader.sample()
        #expect(sample.directory.communes.count == 17)
        #expect(sample.directory.outside.count == 14)
        #expect(sample.directory.source == "built-in sample")
        #expect(sample.directory.district.name == "Cần Giuộc")
        #expect(sample.directory.district.hotlines.map(\.formatted) == ["0272 3800 000"])
        #expect(sample.directory.district.emergency?.formatted == "113")
        #expect(sample.warnings.map(\.description) == [])
        // It is also what `load(yaml:)` gives for the text that `mockhoa sample` prints.
        let reloaded = try DirectoryLoader.load(yaml: DirectoryLoader.sampleYAML, path: "built-in sample")
        #expect(reloaded.directory == sample.directory)
        // Every neighbour resolves.
        for commune in sample.directory.communes {
            #expect(sample.directory.neighbours(of: commune).count == commune.neighbourNames.count)
        }
    }

    @Test func validFileLoads() throws {
        let loaded = try DirectoryLoader.load(yaml: valid, path: "dir.yaml")
        #expect(loaded.warnings.isEmpty)
        let directory = loaded.directory
        #expect(directory.source == "dir.yaml")
        #expect(directory.communes.map(\.name) == ["Long Hậu", "Phước Lại"])
        #expect(directory.communes.map(\.kind) == [.xa, .thiTran])
        #expect(directory.communes[0].source == SourceLocation(file: "dir.yaml", line: 6))
        #expect(directory.communes[0].quantity == nil)
        #expect(
            directory.outside == [
                OutsideUnit(
                    name: "Hiệp Phước", district: "Nhà Bè", kind: .xa,
                    phone: try PhoneNumber(parsing: "028 3800 0001"))
            ])
        #expect(directory.neighbours(of: directory.communes[0]).map(\.name) == ["Phước Lại", "Hiệp Phước"])
    }

    @Test func everyField() throws {
        let yaml = """
            district:
              name: Cần Giuộc
              province: Long An
              hotline: ["0272 3800 000", "0272 3800 999"]
              emergency: 113
              checkpoints:
                - {name: Chốt Cầu Tràm, phone: "0912 345 678"}
            communes:
              - name: Long Hậu
                kind: Xã
                phone: 02723800002
                checkpoints: [{name: Chốt KCN, phone: "0272 3800 020"}]
                quantity: 1500
            """
        let directory = try DirectoryLoader.load(yaml: yaml, path: "dir.yaml").directory
        #expect(directory.district.hotlines.map(\.formatted) == ["0272 3800 000", "0272 3800 999"])
        #expect(directory.district.emergency?.formatted == "113")
        #expect(directory.district.checkpoints.map(\.name) == ["Chốt Cầu Tràm"])
        let commune = try #require(directory.communes.first)
        #expect(commune.kind == .xa)
        #expect(commune.phone.formatted == "0272 3800 002")
        #expect(commune.checkpoints == [Checkpoint(name: "Chốt KCN", phone: try PhoneNumber(parsing: "0272 3800 020"))])
        #expect(commune.quantity == 1500)
        #expect(directory.outside.isEmpty)
    }

    @Test func decomposedNamesAreNormalisedToNFC() throws {
        let decomposed = valid.decomposedStringWithCanonicalMapping
        #expect(!decomposed.unicodeScalars.elementsEqual(valid.unicodeScalars))
        let directory = try DirectoryLoader.load(yaml: decomposed, path: "dir.yaml").directory
        #expect(directory.communes.map(\.name) == ["Long Hậu", "Phước Lại"])
        #expect(
            directory.communes.map(\.name).allSatisfy {
                $0.unicodeScalars.elementsEqual($0.precomposedStringWithCanonicalMapping.unicodeScalars)
            })
        #expect(directory.communes.map(\.kind) == [.xa, .thiTran])
        #expect(directory.district.name.unicodeScalars.elementsEqual("Cần Giuộc".unicodeScalars))
        #expect(directory.outside[0].name.unicodeScalars.elementsEqual("Hiệp Phước".unicodeScalars))
        #expect(directory.neighbours(of: directory.communes[0]).count == 2)
    }

    @Test func namesAreTrimmedWithSpacesCollapsed() throws {
        let yaml = valid.replacingOccurrences(of: "- name: Long Hậu", with: "- name: \"  Long \\t  Hậu \"")
        #expect(try DirectoryLoader.load(yaml: yaml, path: "dir.yaml").directory.communes[0].name == "Long Hậu")
    }

    @Test func neighboursMatchIgnoringCaseAndSpacing() throws {
        let yaml = valid.replacingOccurrences(of: "neighbours: [Long Hậu]", with: "neighbours: [\"long  HẬU\"]")
        #expect(try DirectoryLoader.load(yaml: yaml, path: "dir.yaml").warnings.isEmpty)
    }

    @Test func loadsFromAFile() throws {
        try withFolder(["d.yaml": [0xEF, 0xBB, 0xBF] + utf8(valid.replacingOccurrences(of: "\n", with: "\r\n"))]) { dir in
            let loaded = try DirectoryLoader.load(path: dir + "/d.yaml")
            #expect(loaded.directory.communes.count == 2)
            #expect(loaded.directory.source == dir + "/d.yaml")
            #expect(loaded.directory.communes[1].source == SourceLocation(file: dir + "/d.yaml", line: 10))
        }
    }

    // MARK: Files and syntax

    @Test func fileNotFound() {
        #expect(thrown(path: "/nonexistent/d.yaml") == ["/nonexistent/d.yaml: error: file not found"])
    }

    @Test func folderInsteadOfFile() throws {
        try withFolder([:]) { dir in
            #expect(thrown(path: dir) == ["\(dir): error: not a regular file: it is a folder"])
        }
    }

    @Test func emptyFile() throws {
        try withFolder(["empty.yaml": [], "comments.yaml": utf8("# nothing yet\n\n")]) { dir in
            #expect(thrown(path: dir + "/empty.yaml") == ["\(dir)/empty.yaml: error: the file is empty"])
            #expect(thrown(path: dir + "/comments.yaml") == ["\(dir)/comments.yaml: error: the file is empty"])
        }
    }

    @Test func binaryGarbage() throws {
        try withFolder([
            "png.yaml": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            "latin1.yaml": utf8("district:\n  name: C") + [0xE2] + utf8("n Giu\n"),
            "random.yaml": [0xFF, 0xD8, 0xFF, 0xE0, 0x10, 0x4A, 0x46],
            "utf16.yaml": [0xFF, 0xFE, 0x64, 0x00, 0x69, 0x00],
        ]) { dir in
            #expect(
                thrown(path: dir + "/png.yaml")
                    == ["\(dir)/png.yaml:3: error: the file holds binary data (a NUL byte), not text"])
            #expect(
                thrown(path: dir + "/latin1.yaml") == [
                    "\(dir)/latin1.yaml:2: error: not UTF-8 text: byte 0xE2 "
                        + "on this line (binary data, or text saved in another encoding: save it as UTF-8)"
                ])
            #expect(
                thrown(path: dir + "/random.yaml").first?
                    .hasPrefix("\(dir)/random.yaml:1: error: not UTF-8 text: byte 0xFF") == true)
            #expect(thrown(path: dir + "/utf16.yaml") == ["\(dir)/utf16.yaml:1: error: the file is UTF-16 text; save it as UTF-8"])
        }
    }

    @Test func controlCharactersInText() {
        let errors = thrown(head + "  - name: Long\u{07}Hậu\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("dir.yaml:6: error: invalid YAML: control characters are not allowed") == true)
    }

    @Test func malformedYAML() {
        #expect(
            thrown(head + "  - name: Long Hậu\n    kind: xã\n   phone: \"0272 3800 002\"\n")
                == ["dir.yaml:8: error: invalid YAML: did not find expected '-' indicator (while parsing a block collection on line 6)"])
        #expect(
            thrown(head + "  - name: Long Hậu\n    kind: xã\n    phone: \"0272 3800 002\n")
                == ["dir.yaml:9: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar on line 8)"])
        #expect(
            thrown("district:\n  name: [Cần Giuộc\n  province: Long An\n")
                == ["dir.yaml:3: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 2)"])
        #expect(thrown("district:\n\tname: x\n").first?.hasPrefix("dir.yaml:2: error: invalid YAML: ") == true)
    }

    @Test func keyGivenTwice() {
        let yaml = valid.replacingOccurrences(of: "    kind: thị trấn\n", with: "    kind: thị trấn\n    kind: xã\n")
        #expect(thrown(yaml) == ["dir.yaml:11: error: invalid YAML: \"kind\" given twice in the same mapping"])
    }

    @Test func notAMapping() {
        #expect(thrown("- a\n- b\n") == ["dir.yaml:1: error: expected a mapping with district:, communes: and outside:, found a list"])
        #expect(thrown("hello\n") == ["dir.yaml:1: error: expected a mapping with district:, communes: and outside:, found text"])
    }

    // MARK: Fields

    @Test func missingRequiredFields() {
        #expect(
            thrown("outside: []\n") == [
                "dir.yaml:1: error: field \"district\": required field is missing",
                "dir.yaml:1: error: field \"communes\": required field is missing",
            ])
        #expect(
            thrown("district:\ncommunes:\n") == [
                "dir.yaml:1: error: field \"district\": required field is missing",
                "dir.yaml:2: error: field \"communes\": required field is missing",
            ])
        let yaml = """
            district:
              name: Cần Giuộc
              hotline: ""
            communes:
              - name: Long Hậu
              - kind: xã
                phone: "0272 3800 003"
              - {name: Tân Kim, kind: xã, phone: }
            """
        #expect(
            thrown(yaml) == [
                "dir.yaml:2: error: field \"district.province\": required field is missing",
                "dir.yaml:3: error: field \"district.hotline\": required field is empty",
                "dir.yaml:5: error: commune \"Long Hậu\", field \"kind\": required field is missing",
                "dir.yaml:5: error: commune \"Long Hậu\", field \"phone\": required field is missing",
                "dir.yaml:6: error: field \"name\": required field is missing",
                "dir.yaml:8: error: commune \"Tân Kim\", field \"phone\": required field is missing",
            ])
    }

    @Test func wrongTypes() {
        let yaml =
            head + """
                  - name: [Long Hậu, Phước Lại]
                    kind: xã
                    phone: "0272 3800 002"
                  - name: Phước Lại
                    kind: {xã: 1}
                    phone: ["0272 3800 003"]
                    neighbours: Long Hậu, Tân Kim
                    checkpoints: {name: Chốt, phone: "0272 3800 004"}
                    quantity: [1]
                  - just a name
                outside: {name: Hiệp Phước}
                """
        #expect(
            thrown(yaml) == [
                "dir.yaml:6: error: field \"name\": expected text, found a list",
                "dir.yaml:10: error: commune \"Phước Lại\", field \"kind\": expected text, found a mapping",
                "dir.yaml:11: error: commune \"Phước Lại\", field \"phone\": expected text, found a list",
                "dir.yaml:12: error: commune \"Phước Lại\", field \"neighbours\": expected a list of names such as "
                    + "[Tân Kim, Phước Lại], found text",
                "dir.yaml:13: error: commune \"Phước Lại\", field \"checkpoints\": expected a list of checkpoints such as "
                    + "[{name: …, phone: …}], found a mapping",
                "dir.yaml:14: error: commune \"Phước Lại\", field \"quantity\": expected text, found a list",
                "dir.yaml:15: error: expected a commune such as {name: …, kind: xã, phone: …}, found text",
                "dir.yaml:16: error: field \"outside\": expected a list of outside units, found a mapping",
            ])
        #expect(
            thrown(head.replacingOccurrences(of: "communes:\n", with: "communes: {a: b}\n")) == [
                "dir.yaml:5: error: field \"communes\": expected a list of communes or the path of a CSV file, found a mapping"
            ])
        #expect(
            thrown("district: Cần Giuộc\ncommunes: []\n") == [
                "dir.yaml:1: error: field \"district\": expected a mapping with name:, province: and hotline:, found text",
                "dir.yaml:2: error: field \"communes\": no communes: the directory needs at least one",
            ])
    }

    @Test func invalidPhones() {
        let yaml =
            head.replacingOccurrences(of: "\"0272 3800 000\"", with: "[\"0272 3800 000\", \"1900 1234\"]")
                + """
                  - name: Long Hậu
                    kind: xã
                    phone: "0272 380"
                    checkpoints: [{name: Chốt A, phone: "+1 202 555 0123"}]
                outside:
                  - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: "028 38OO 0001"}
                """
        #expect(
            thrown(yaml) == [
                "dir.yaml:4: error: field \"district.hotline\": invalid phone number \"1900 1234\": "
                    + "a number starts with 0, +84 or is a 3-digit short code such as 113",
                "dir.yaml:8: error: commune \"Long Hậu\", field \"phone\": invalid phone number \"0272 380\": "
                    + "a landline (02x) has 11 digits, this has 7",
                "dir.yaml:9: error: commune \"Long Hậu\", field \"checkpoints.phone\": checkpoint \"Chốt A\": "
                    + "invalid phone number \"+1 202 555 0123\": only +84 (Vietnam) numbers are printed",
                "dir.yaml:11: error: field \"outside.phone\": outside unit \"Hiệp Phước\": "
                    + "invalid phone number \"028 38OO 0001\": 'O' is not a digit",
            ])
    }

    @Test func unknownKind() {
        let yaml = valid.replacingOccurrences(of: "kind: thị trấn", with: "kind: huyện")
            .replacingOccurrences(of: "kind: xã, phone", with: "kind: phuong, phone")
        #expect(
            thrown(yaml) == [
                "dir.yaml:11: error: commune \"Phước Lại\", field \"kind\": unknown kind \"huyện\": "
                    + "expected xã, phường, đặc khu or thị trấn",
                "dir.yaml:15: error: field \"outside.kind\": outside unit \"Hiệp Phước\": unknown kind \"phuong\": "
                    + "expected xã, phường, đặc khu or thị trấn; did you mean \"phường\"?",
            ])
    }

    @Test func kindIgnoresCaseAndNormalisation() throws {
        for kind in ["THỊ TRẤN", "Thị  Trấn", "thị trấn".decomposedStringWithCanonicalMapping] {
            let yaml = valid.replacingOccurrences(of: "kind: thị trấn", with: "kind: \(kind)")
            #expect(try DirectoryLoader.load(yaml: yaml, path: "dir.yaml").directory.communes[1].kind == .thiTran)
        }
    }

    @Test func badQuantities() {
        let yaml =
            head + """
                  - {name: A, kind: xã, phone: "0272 3800 001", quantity: -5}
                  - {name: B, kind: xã, phone: "0272 3800 002", quantity: many}
                  - {name: C, kind: xã, phone: "0272 3800 003", quantity: 12.5}
                  - {name: D, kind: xã, phone: "0272 3800 004", quantity: 1.500}
                  - {name: E, kind: xã, phone: "0272 3800 005", quantity: 99999999999999999999}
                  - {name: F, kind: xã, phone: "0272 3800 006", quantity: 0}
                  - {name: G, kind: xã, phone: "0272 3800 007", quantity: }
                  - {name: H, kind: xã, phone: "0272 3800 008", quantity: 0x10}
                  - {name: I, kind: xã, phone: "0272 3800 009", quantity: "12,5"}
                  - {name: J, kind: xã, phone: "0272 3800 010", quantity: 9223372036854775807}
                """
        #expect(
            thrown(yaml) == [
                "dir.yaml:6: error: commune \"A\", field \"quantity\": quantity must not be negative, found -5",
                "dir.yaml:7: error: commune \"B\", field \"quantity\": quantity \"many\" is not a number",
                "dir.yaml:8: error: commune \"C\", field \"quantity\": quantity \"12.5\" is not a whole number",
                "dir.yaml:9: error: commune \"D\", field \"quantity\": quantity \"1.500\" is not a whole number; "
                    + "write 1500 without a thousands separator",
                "dir.yaml:10: error: commune \"E\", field \"quantity\": quantity 99999999999999999999 is too large",
                "dir.yaml:13: error: commune \"H\", field \"quantity\": quantity \"0x10\" is not a number",
                "dir.yaml:14: error: commune \"I\", field \"quantity\": quantity \"12,5\" is not a whole number",
                "dir.yaml:15: error: commune \"J\", field \"quantity\": quantity 9223372036854775807 is more than 10000000 pieces; check the number",
            ])
    }

    @Test func unknownKeysAreWarnings() throws {
        let yaml =
            valid.replacingOccurrences(of: "    neighbours: [Long Hậu]", with: "    neighbors: [Long Hậu]\n    colour: red")
            + "version: 2\n"
        let loaded = try DirectoryLoader.load(yaml: yaml, path: "dir.yaml")
        #expect(
            loaded.warnings.map(\.description) == [
                "dir.yaml:9: warning: commune \"Long Hậu\", field \"neighbours\": \"Long Hậu\" lists \"Phước Lại\" as a "
                    + "neighbour, but \"Phước Lại\" does not list \"Long Hậu\"",
                "dir.yaml:13: warning: commune \"Phước Lại\", field \"neighbors\": unknown key, ignored; "
                    + "did you mean \"neighbours\"?",
                "dir.yaml:14: warning: commune \"Phước Lại\", field \"colour\": unknown key, ignored",
                "dir.yaml:17: warning: field \"version\": unknown key, ignored",
            ])
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func warningsComeWithTheErrors() {
        let yaml = valid.replacingOccurrences(of: "    phone: \"0272 3800 003\"", with: "    phon: \"0272 3800 003\"")
        #expect(
            thrown(yaml) == [
                "dir.yaml:10: error: commune \"Phước Lại\", field \"phone\": required field is missing",
                "dir.yaml:12: warning: commune \"Phước Lại\", field \"phon\": unknown key, ignored; did you mean \"phone\"?",
            ])
    }

    // MARK: Cross-checks

    @Test func duplicateCommuneNamesBothLines() {
        let yaml = valid + "  - {name: Xyz, kind: xã, phone: \"028 3800 0002\"}\n"
        let duplicated = yaml.replacingOccurrences(
            of: "outside:\n", with: "  - {name: \"long hậu\", kind: xã, phone: \"0272 3800 009\"}\noutside:\n")
        #expect(
            thrown(duplicated) == [
                "dir.yaml:14: error: commune \"long hậu\", field \"name\": duplicate commune: \"Long Hậu\" is also at dir.yaml:6"
            ])
    }

    @Test func communeNamedLikeAnOutsideUnit() {
        let yaml =
            valid + "  - {name: Phước Lại, district: Nhà Bè, kind: xã, phone: \"028 3800 0002\"}\n"
            + "  - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: \"028 3800 0003\"}\n"
        #expect(
            thrown(yaml) == [
                "dir.yaml:16: error: field \"outside.name\": outside unit \"Phước Lại\": has the same name as the commune at dir.yaml:10",
                "dir.yaml:17: error: field \"outside.name\": outside unit \"Hiệp Phước\": duplicate outside unit, also at dir.yaml:15",
            ])
    }

    @Test func unknownNeighbourSuggestsTheClosestName() {
        let yaml = valid.replacingOccurrences(
            of: "neighbours: [Phước Lại, Hiệp Phước]",
            with: "neighbours: [Phuoc Lai, Hiệp Phướcc, Long Thới]")
        #expect(
            thrown(yaml) == [
                "dir.yaml:9: error: commune \"Long Hậu\", field \"neighbours\": unknown neighbour \"Phuoc Lai\": "
                    + "no commune or outside unit has this name; did you mean \"Phước Lại\"?",
                "dir.yaml:9: error: commune \"Long Hậu\", field \"neighbours\": unknown neighbour \"Hiệp Phướcc\": "
                    + "no commune or outside unit has this name; did you mean \"Hiệp Phước\"?",
                "dir.yaml:9: error: commune \"Long Hậu\", field \"neighbours\": unknown neighbour \"Long Thới\": "
                    + "no commune or outside unit has this name",
                "dir.yaml:13: warning: commune \"Phước Lại\", field \"neighbours\": \"Phước Lại\" lists \"Long Hậu\" as a "
                    + "neighbour, but \"Long Hậu\" does not list \"Phước Lại\"",
            ])
    }

    @Test func emptyNeighbourNames() {
        let yaml = valid.replacingOccurrences(of: "neighbours: [Long Hậu]", with: "neighbours:\n      - Long Hậu\n      -\n      - \" \"")
        #expect(
            thrown(yaml) == [
                "dir.yaml:15: error: commune \"Phước Lại\", field \"neighbours\": empty name in the list",
                "dir.yaml:16: error: commune \"Phước Lại\", field \"neighbours\": empty name in the list",
            ])
    }

    @Test func communeListingItself() {
        let yaml = valid.replacingOccurrences(of: "neighbours: [Long Hậu]", with: "neighbours:\n      - Long Hậu\n      - Phước  lại")
        #expect(
            thrown(yaml) == [
                "dir.yaml:15: error: commune \"Phước Lại\", field \"neighbours\": a commune cannot be its own neighbour"
            ])
    }

    @Test func oneSidedLinkWarnsOncePerPair() throws {
        let yaml =
            head + """
                  - {name: A, kind: xã, phone: "0272 3800 001", neighbours: [B, C, C]}
                  - {name: B, kind: xã, phone: "0272 3800 002", neighbours: [A]}
                  - {name: C, kind: xã, phone: "0272 3800 003", neighbours: [B]}
                """
        let warnings = try DirectoryLoader.load(yaml: yaml, path: "dir.yaml").warnings.map(\.description)
        #expect(
            warnings == [
                "dir.yaml:6: warning: commune \"A\", field \"neighbours\": \"A\" lists \"C\" as a neighbour, but \"C\" does not list \"A\"",
                "dir.yaml:6: warning: commune \"A\", field \"neighbours\": \"C\" is listed twice",
                "dir.yaml:8: warning: commune \"C\", field \"neighbours\": \"C\" lists \"B\" as a neighbour, but \"B\" does not list \"C\"",
            ])
    }

    @Test func everyErrorOnceInFileOrder() {
        let yaml = """
            communes:
              - {name: A, kind: xa, phone: "0272 3800 001", neighbours: [Q]}
              - {name: B, kind: xã, phone: "12"}
            district:
              name: Cần Giuộc
              province: Long An
            """
        #expect(
            thrown(yaml) == [
                "dir.yaml:2: error: commune \"A\", field \"kind\": unknown kind \"xa\": expected xã, phường, đặc khu or thị trấn; "
                    + "did you mean \"xã\"?",
                "dir.yaml:2: error: commune \"A\", field \"neighbours\": unknown neighbour \"Q\": no commune or outside unit has this name",
                "dir.yaml:3: error: commune \"B\", field \"phone\": invalid phone number \"12\": "
                    + "a number starts with 0, +84 or is a 3-digit short code such as 113",
                "dir.yaml:5: error: field \"district.hotline\": required field is missing",
            ])
    }

    // MARK: CSV

    @Test func communesFromCSV() throws {
        let csv =
            " Name ; KIND;phone;neighbours ;quantity\r\n"
            + "Long Hậu;xã;0272 3800 002;\"Phước Lại; Hiệp Phước\";1500\r\n"
            + "\"Phước\r\nLại\";thị trấn;0272 3800 003;Long Hậu;\r\n"
            + "Tân Kim;xã;0272 3800 004;;0\r\n"
        try withCSV([0xEF, 0xBB, 0xBF] + utf8(csv.decomposedStringWithCanonicalMapping)) { dir in
            let loaded = try DirectoryLoader.load(path: dir + "/d.yaml")
            #expect(loaded.warnings.isEmpty)
            let communes = loaded.directory.communes
            #expect(communes.map(\.name) == ["Long Hậu", "Phước Lại", "Tân Kim"])
            #expect(
                communes.map(\.name).allSatisfy {
                    $0.unicodeScalars.elementsEqual($0.precomposedStringWithCanonicalMapping.unicodeScalars)
                })
            #expect(communes[0].neighbourNames == ["Phước Lại", "Hiệp Phước"])
            #expect(communes[0].quantity == 1500)
            #expect(communes[1].quantity == nil)
            #expect(communes[2].quantity == 0)
            #expect(communes.map(\.source) == [2, 3, 5].map { SourceLocation(file: dir + "/communes.csv", line: $0) })
        }
    }

    @Test func csvWithCommasAndOptionalColumnsLeftOut() throws {
        try withCSV(utf8("phone,name,kind\n0272 3800 002,Long Hậu,xã\n")) { dir in
            let communes = try DirectoryLoader.load(path: dir + "/d.yaml").directory.communes
            #expect(communes.map(\.name) == ["Long Hậu"])
            #expect(communes[0].neighbourNames.isEmpty)
        }
    }

    @Test func csvMissing() throws {
        try withCSV([], name: "missing.csv") { dir in
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/d.yaml:5: error: field \"communes\": cannot read the CSV file \"\(dir)/missing.csv\": file not found"
                ])
        }
    }

    @Test func csvWrongHeader() throws {
        try withCSV(utf8("name,type,phone,neighbors\nLong Hậu,xã,0272 3800 002,\n")) { dir in
            let expected =
                "expected the header name,kind,phone,neighbours,quantity "
                + "(any order; neighbours and quantity may be left out)"
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/communes.csv:1: error: unknown column \"type\"; \(expected)",
                    "\(dir)/communes.csv:1: error: missing column \"kind\"; \(expected)",
                ])
        }
    }

    @Test func csvBadRowsNameTheirLines() throws {
        let csv = """
            name;kind;phone;neighbours;quantity
            Long Hậu;xã;0272 3800 002;Phước Lại;Hiệp Phước;1500
            "Phước Lại";xa;0272 38;"Long Hậu; Tân Kim";-1

            ;xã;0272 3800 004;;
            Long Hậu;xã;0272 3800 005;;
            """
        try withCSV(utf8(csv)) { dir in
            let file = dir + "/communes.csv"
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(file):2: error: commune \"Long Hậu\": this row has 6 cells, the header has 5; "
                        + "with ; as the separator, put the neighbours cell in quotes",
                    "\(file):3: error: commune \"Phước Lại\", field \"kind\": unknown kind \"xa\": "
                        + "expected xã, phường, đặc khu or thị trấn; did you mean \"xã\"?",
                    "\(file):3: error: commune \"Phước Lại\", field \"phone\": invalid phone number \"0272 38\": "
                        + "a landline (02x) has 11 digits, this has 6",
                    "\(file):3: error: commune \"Phước Lại\", field \"quantity\": quantity must not be negative, found -1",
                    "\(file):3: error: commune \"Phước Lại\", field \"neighbours\": unknown neighbour \"Tân Kim\": "
                        + "no commune or outside unit has this name",
                    "\(file):5: error: field \"name\": required field is empty",
                    "\(file):6: error: commune \"Long Hậu\", field \"name\": duplicate commune: \"Long Hậu\" is also at \(file):2",
                ])
        }
    }

    @Test func csvErrorsSortWhereTheCSVIsNamed() throws {
        let yaml = """
            district:
              name: Cần Giuộc
              province: Long An
              hotline: "0272 38"
            communes: communes.csv
            outside:
              - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: "028"}
            """
        try withFolder(["d.yaml": utf8(yaml), "communes.csv": utf8("name,kind,phone\nA,xã,0\n")]) { dir in
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/d.yaml:4: error: field \"district.hotline\": invalid phone number \"0272 38\": "
                        + "a landline (02x) has 11 digits, this has 6",
                    "\(dir)/communes.csv:2: error: commune \"A\", field \"phone\": invalid phone number \"0\": "
                        + "no Vietnamese numbers start with 0",
                    "\(dir)/d.yaml:7: error: field \"outside.phone\": outside unit \"Hiệp Phước\": invalid phone number \"028\": "
                        + "a landline (02x) has 11 digits, this has 3",
                ])
        }
    }

    @Test func csvSyntaxAndEncodingErrors() throws {
        try withCSV(utf8("name,kind,phone\nA,xã,\"0272\n")) { dir in
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/communes.csv:2: error: invalid CSV: a quoted cell opened on this line is never closed"
                ])
        }
        try withCSV(utf8("name,kind,phone\nC") + [0xE2] + utf8("n,xã,0272 3800 001\n")) { dir in
            #expect(
                thrown(path: dir + "/d.yaml").first?
                    .hasPrefix("\(dir)/communes.csv:2: error: not UTF-8 text: byte 0xE2") == true)
        }
    }

    @Test func zeroCommunes() throws {
        #expect(
            thrown(head.replacingOccurrences(of: "communes:\n", with: "communes: []\n")) == [
                "dir.yaml:5: error: field \"communes\": no communes: the directory needs at least one"
            ])
        try withCSV(utf8("name,kind,phone\n")) { dir in
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/communes.csv:1: error: field \"communes\": no communes: the CSV file has a header but no rows"
                ])
        }
        try withCSV([]) { dir in
            #expect(
                thrown(path: dir + "/d.yaml") == [
                    "\(dir)/communes.csv: error: the CSV file is empty; expected the header "
                        + "name,kind,phone,neighbours,quantity (any order; neighbours and quantity may be left out)"
                ])
        }
    }
}
