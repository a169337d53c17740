import Foundation
import Testing
@testable import MockhoaCore

/// CSV files of communes read as typed and written back as they were written.
struct CommuneCSVTests {
    @Test func excelsUnicodeTextComesBackByteForByte() throws {
        // Excel's "Unicode text": UTF-16 little-endian with a mark, tab-separated, CRLF.
        let text = "name\tkind\tphone\tnote\r\nPhước Lý\txã\t0272 3800 011\t\"a\ttab\"\r\n"
        let bytes = Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let csv = try CommuneCSV.read(bytes, file: "xa.txt")
        #expect(csv.encoding == .utf16LE && csv.delimiter == "\t" && csv.lineEnd == "\r\n")
        #expect(csv.columns == ["name", "kind", "phone", nil])
        #expect(csv.rows == [["Phước Lý", "xã", "0272 3800 011", "a\ttab"]])
        #expect(!csv.isVietnamese)
        #expect(csv.data() == bytes)
    }

    @Test func aColumnAddedIsHeadedInTheFilesLanguage() throws {
        var vietnamese = try CommuneCSV.read(Data("Ten,Loai,Số ĐT\nA,xã,0272 3800 011\n".utf8), file: "xa.csv")
        #expect(vietnamese.columns == ["name", "kind", "phone"] && vietnamese.isVietnamese)
        #expect(vietnamese.index(adding: "neighbours") == 3 && vietnamese.header[3] == "Giáp ranh")
        var english = try CommuneCSV.read(Data("name;kind;phone\n".utf8), file: "xa.csv")
        #expect(english.index(adding: "formerly") == 3 && english.header[3] == "formerly")
        #expect(String(decoding: english.data(), as: UTF8.self) == "name;kind;phone;formerly\n")
    }

    @Test func aFileThatIsNotCSVSaysWhere() {
        #expect(throws: InputErrors.self) { try CommuneCSV.read(Data("name,kind\n\"open,x\n".utf8), file: "xa.csv") }
        #expect(throws: InputErrors.self) { try CommuneCSV.read(Data([0x50, 0xE9, 0x0A]), file: "xa.csv") }
    }
}
