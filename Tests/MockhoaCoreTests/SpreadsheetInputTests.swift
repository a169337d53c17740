import Foundation
import Testing
@testable import MockhoaCore

/// Tables as officers keep them: Vietnamese headers, Excel's UTF-16 text, legacy encodings,
/// numbers that lost their leading zero, extra columns.
struct SpreadsheetInputTests {
    private let yaml = """
        issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
        communes: communes.csv

        """

    /// The diagnostics (errors, or warnings when it loads) of a directory whose communes are `csv`.
    private func load(_ csv: [UInt8], yaml: String? = nil) throws -> (LoadedDirectory?, [String]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        try Data((yaml ?? self.yaml).utf8).write(to: url.appendingPathComponent("d.yaml"))
        try Data(csv).write(to: url.appendingPathComponent("communes.csv"))
        do {
            let loaded = try DirectoryLoader.load(path: url.appendingPathComponent("d.yaml").path)
            return (loaded, loaded.warnings.map { $0.description.replacingOccurrences(of: url.path + "/", with: "") })
        } catch {
            return (nil, error.diagnostics.map { $0.description.replacingOccurrences(of: url.path + "/", with: "") })
        }
    }

    @Test func vietnameseHeadersInAnyOrderAndCase() throws {
        let csv =
            "Điện thoại,TÊN,loai,Giáp ranh,So luong,Ghi chú\n0272 3800 011,Phước Lý,xã,Mỹ Lộc,1500,mới\n"
            + "0272 3800 012,Mỹ Lộc,xã,Phước Lý,,\n"
        let (loaded, messages) = try load(Array(csv.utf8))
        let directory = try #require(loaded).directory
        #expect(directory.communes.map(\.name) == ["Phước Lý", "Mỹ Lộc"])
        #expect(directory.communes[0].quantity == 1500 && directory.communes[0].neighbourNames == ["Mỹ Lộc"])
        #expect(messages == ["communes.csv:1: warning: columns not used by mockhoa, skipped: \"Ghi chú\""])
    }

    @Test("a list cell of more than 100 items is an error at its cell, as a YAML list's is (it was cut to 101)")
    func longListCellsAreRefused() throws {
        let names = (1...150).map { "Xã \($0)" }.joined(separator: "; ")
        let csv = "Tên,Loại,Điện thoại,Trước đây\nPhước Lý,xã,0272 3800 011,\"\(names)\"\n"
        let (loaded, messages) = try load(Array(csv.utf8))
        #expect(loaded == nil)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("communes.csv:2:") == true, "\(messages)")
        #expect(messages.first?.contains("150") == true && messages.first?.contains("100") == true, "\(messages)")
        let hundred = (1...100).map { "Xã \($0)" }.joined(separator: "; ")
        let (fits, _) = try load(Array("Tên,Loại,Điện thoại,Trước đây\nPhước Lý,xã,0272 3800 011,\"\(hundred)\"\n".utf8))
        #expect(try #require(fits).directory.communes[0].formerly.count == 100)
    }

    @Test func excelUnicodeTextIsUTF16WithTabs() throws {
        let text = "Tên\tLoại\tĐiện thoại\r\nPhước Lý\txã\t0272 3800 011\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let (loaded, messages) = try load(bytes)
        #expect(messages.isEmpty)
        #expect(try #require(loaded).directory.communes.map(\.name) == ["Phước Lý"])
        var bigEndian: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { bigEndian += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try load(bigEndian).0?.directory.communes.map(\.name) == ["Phước Lý"])
    }

    @Test func legacyEncodingsAreRefusedNotGarbled() throws {
        // "Phước Lý" in Windows-1258: ư = 0xFD, ơ = 0xF5, acute tone = 0xEC after the vowel.
        let windows1258: [UInt8] =
            Array("name,kind,phone\nPh".utf8) + [0xFD, 0xF5, 0xEC] + Array("c L".utf8) + [0xFD, 0xEC]
            + Array(",xa,0272 3800 011\n".utf8)
        let (loaded, messages) = try load(windows1258)
        #expect(loaded == nil)
        #expect(messages.count == 1)
        #expect(messages[0].hasPrefix("communes.csv:2: error: the file is in a legacy 8-bit encoding (Windows-1258"))
        // UTF-8 read as Latin-1 and saved again: "PhÆ°á»›c".
        let mojibake = "name,kind,phone\nPhÆ°á»›c Lý,xã,0272 3800 011\n"
        let (again, garbled) = try load(Array(mojibake.utf8))
        #expect(again == nil)
        #expect(garbled.first?.hasPrefix("communes.csv:2: error: the text looks garbled") == true)
        // The first garbled line is named, after a byte-order mark and clean lines alike.
        let later = "\u{FEFF}name,kind,phone\nPhước Lý,xã,0272 3800 011\nMỹ Lá»™c,xã,0272 3800 012\nÄ‘,xã,0272 3800 013\n"
        let (_, laterLine) = try load(Array(later.utf8))
        #expect(laterLine.first?.hasPrefix("communes.csv:3: error: the text looks garbled") == true)
        // UTF-32 is named as what it is.
        let (_, utf32) = try load([0xFF, 0xFE, 0, 0, 0x6E, 0, 0, 0])
        #expect(utf32 == ["communes.csv:1: error: the file is UTF-32 text; save it as UTF-8"])
    }

    @Test func aNumberThatLostItsLeadingZeroIsRestoredWithAWarning() throws {
        let (loaded, messages) = try load(Array("name,kind,phone\nPhước Lý,xã,2723800011\nMỹ Lộc,xã,912345678\n".utf8))
        let directory = try #require(loaded).directory
        #expect(directory.communes.map(\.phone.formatted) == ["0272 3800 011", "0912 345 678"])
        #expect(
            messages == [
                "communes.csv:2: warning: commune \"Phước Lý\", field \"phone\": \"2723800011\" has lost its leading 0 "
                    + "(a spreadsheet stored it as a number); read as 0272 3800 011",
                "communes.csv:3: warning: commune \"Mỹ Lộc\", field \"phone\": \"912345678\" has lost its leading 0 "
                    + "(a spreadsheet stored it as a number); read as 0912 345 678",
            ])
        // Digits that are no number even with a 0 stay an error.
        let (bad, errors) = try load(Array("name,kind,phone\nPhước Lý,xã,12345\n".utf8))
        #expect(bad == nil && errors.count == 1 && errors[0].contains("invalid phone number \"12345\""))
    }

    @Test func contactsLinksAndFormerUnitsInColumns() throws {
        let csv =
            "Tên;Loại;Điện thoại;Liên hệ;Liên kết;Trước đây\n"
            + "Phước Lý;xã;0272 3800 011;Trưởng Công an xã: 0912 000 011;https://zalo.me/pl;Phước Lý; Long Thượng\n"
        let (loaded, _) = try load(Array(csv.utf8))
        #expect(loaded == nil)  // ";" inside an unquoted cell with ";" as the separator: too many cells
        let quoted =
            "Tên;Loại;Điện thoại;Liên hệ;Liên kết;Trước đây\n"
            + "Phước Lý;xã;0272 3800 011;Trưởng Công an xã: 0912 000 011;https://zalo.me/pl;\"Phước Lý; Long Thượng\"\n"
        let commune = try #require(try load(Array(quoted.utf8)).0?.directory.communes.first)
        #expect(commune.contacts == [Contact(name: "Trưởng Công an xã", phone: try PhoneNumber(parsing: "0912 000 011"))])
        #expect(commune.link == "https://zalo.me/pl")
        #expect(commune.formerly == ["Phước Lý", "Long Thượng"])
    }

    @Test func outsideUnitsFromATable() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(
            """
            issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
            communes:
              - {name: Phước Lý, kind: xã, phone: "0272 3800 011", neighbours: [Hưng Long]}
            outside: {file: ngoai.csv}
            """.utf8
        ).write(to: url.appendingPathComponent("d.yaml"))
        try Data("Tên,Loại,Điện thoại,Thuộc\nHưng Long,xã,028 3800 0023,TP. Hồ Chí Minh\n".utf8)
            .write(to: url.appendingPathComponent("ngoai.csv"))
        let directory = try DirectoryLoader.load(path: url.appendingPathComponent("d.yaml").path).directory
        #expect(
            directory.outside == [
                OutsideUnit(
                    name: "Hưng Long", district: "TP. Hồ Chí Minh", kind: .xa,
                    phone: try PhoneNumber(parsing: "028 3800 0023"))
            ])
        #expect(directory.neighbours(of: directory.communes[0]).map(\.name) == ["Hưng Long"])
    }

    @Test func anOutsideRowWithAnUnquotedCommaIsNamedAsSuch() throws {
        let yaml = """
            issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
            communes:
              - {name: Phước Lý, kind: xã, phone: "0272 3800 011", neighbours: [Hưng Long]}
            outside: communes.csv

            """
        let (loaded, errors) = try load(Array("Tên,Loại,Điện thoại\nHưng Long,xã,028 3800 0023,TP. Hồ Chí Minh\n".utf8), yaml: yaml)
        #expect(loaded == nil)
        #expect(errors == ["communes.csv:2: error: outside unit \"Hưng Long\": this row has 4 cells, the header has 3"], "\(errors)")
    }

    @Test func aTableReferenceWithAProblemIsReportedOnce() throws {
        let yaml = """
            issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
            communes: {file: [a.csv, b.csv]}

            """
        let (loaded, errors) = try load([], yaml: yaml)
        #expect(loaded == nil)
        #expect(errors.count == 1 && errors[0].hasPrefix("d.yaml:2: error: field \"communes.file\""), "\(errors)")
    }
}

/// Directories whose communes are in workbooks made by LibreOffice (see Fixtures/make-workbooks.py).
struct WorkbookDirectoryTests {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Loads a directory naming `communes` (YAML text after `communes: `) next to the fixtures.
    private func load(_ communes: String) throws -> (LoadedDirectory?, [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data(
            """
            issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
            communes: \(communes)
            outside:
              - {name: Hưng Long, province: TP. Hồ Chí Minh, kind: xã, phone: "028 3800 0023"}
            """.utf8
        ).write(to: folder.appendingPathComponent("d.yaml"))
        func strip(_ d: Diagnostic) -> String { d.description.replacingOccurrences(of: folder.path + "/", with: "") }
        do {
            let loaded = try DirectoryLoader.load(path: folder.appendingPathComponent("d.yaml").path)
            return (loaded, loaded.warnings.map(strip))
        } catch {
            return (nil, error.diagnostics.map(strip))
        }
    }

    @Test func aSheetUnderAMergedTitleWithVietnameseHeaders() throws {
        let (loaded, messages) = try load("{file: two-sheets.xlsx, sheet: Xã}")
        // Row 8 holds a formula's text and TRUE as its kind: an error naming the cell.
        #expect(loaded == nil)
        #expect(
            messages.contains(
                "two-sheets.xlsx: Xã!B8: error: commune \"Tân Tập (Đông Thạnh, Phước Vĩnh Đông)\", "
                    + "field \"kind\": unknown kind \"TRUE\": expected xã, phường, đặc khu or thị trấn"))
        #expect(
            messages.contains(
                "two-sheets.xlsx: Xã!C4: warning: commune \"Phước Lý\", field \"phone\": the cell holds "
                    + "the number 2723800001: the spreadsheet dropped its leading 0; read as 0272 3800 001. "
                    + "Format the column as Text so the 0 stays"))
        #expect(
            messages.contains(
                "two-sheets.xlsx: Xã!C6: warning: commune \"Tân Tập\", field \"phone\": the cell holds "
                    + "the number 912345678: the spreadsheet dropped its leading 0; read as 0912 345 678. "
                    + "Format the column as Text so the 0 stays"))
    }

    @Test func anotherSheetByName() throws {
        let (loaded, messages) = try load("{file: two-sheets.xlsx, sheet: Phường}")
        #expect(messages.isEmpty)
        let commune = try #require(loaded?.directory.communes.first)
        #expect(commune.name == "Phường 1" && commune.kind == .phuong && commune.phone.formatted == "0276 3822 001")
    }

    @Test func aWorkbookConvertedFromCSV() throws {
        let (loaded, messages) = try load("communes-from-csv.xlsx")
        #expect(loaded != nil, "\(messages)")
        #expect(messages.allSatisfy { $0.contains("warning") })
    }

    @Test func problemsWithTheFileAsAWhole() throws {
        let (_, missing) = try load("{file: two-sheets.xlsx, sheet: Xa phuong}")
        #expect(
            missing.count == 1 && missing[0].hasPrefix("two-sheets.xlsx: error: ") && missing[0].contains("Xã")
                && missing[0].contains("Phường"))
        let (_, password) = try load("two-sheets-password.xlsx")
        #expect(password.count == 1 && password[0].contains("password"))
        let (_, old) = try load("two-sheets.xls")
        #expect(old.count == 1 && old[0].contains(".xls"))
        let (_, notAWorkbook) = try load("make-workbooks.py")
        #expect(notAWorkbook.count == 1 && notAWorkbook[0].contains("error: invalid CSV"))
    }
}
