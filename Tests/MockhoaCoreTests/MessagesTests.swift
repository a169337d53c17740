import Foundation
import Testing
@testable import MockhoaCore

/// The message catalogues: both languages have every key, every key the code uses exists, and
/// messages read right in each language.
struct MessagesTests {
    private let catalogue = MessageCatalogue.shared

    @Test func bothCataloguesHaveTheSameKeysAndValues() throws {
        let en = try #require(catalogue.texts[.en]), vi = try #require(catalogue.texts[.vi])
        #expect(en.count > 150)
        #expect(Set(en.keys).subtracting(vi.keys).sorted() == [])
        #expect(Set(vi.keys).subtracting(en.keys).sorted() == [])
        // The same values {1}, {2}… in both.
        func placeholders(_ text: String) -> Set<String> {
            Set(text.matches(of: /\{[0-9]+\}/).map { String($0.output) })
        }
        for (key, text) in en { #expect(placeholders(text) == placeholders(vi[key] ?? ""), "\(key)") }
    }

    @Test func everyKeyTheCodeUsesIsInTheCatalogue() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let en = try #require(catalogue.texts[.en])
        var used: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /(?:Message|L)\("([a-zA-Z][a-zA-Z0-9_.]+)"/) { used.insert(String(match.output.1)) }
        }
        #expect(used.count > 100)
        #expect(used.filter { en[$0] == nil }.sorted() == [])
    }

    @Test func aDiagnosticInBothLanguages() {
        let d = Diagnostic(
            Message("phone.invalid", "0272 38", Message("phone.landlineLength", 6)),
            at: SourceLocation(file: "danh-ba.yaml", line: 14), commune: "Long Hậu", field: "phone")
        #expect(
            d.text(in: .en) == "danh-ba.yaml:14: error: commune \"Long Hậu\", field \"phone\": "
                + "invalid phone number \"0272 38\": a landline (02x) has 11 digits, this has 6")
        #expect(
            d.text(in: .vi) == "danh-ba.yaml:14: lỗi: đơn vị \"Long Hậu\", trường \"phone\": "
                + "số điện thoại \"0272 38\" không hợp lệ: số cố định (02x) có 11 chữ số, số này có 6")
        let cell = Diagnostic(
            .warning, Message("phone.leadingZeroNumber", "2723800001", "0272 3800 001"),
            at: SourceLocation(file: "danh-ba.xlsx", line: 7, cell: "Xã!C7"), commune: "Phước Lý")
        #expect(cell.text(in: .vi).hasPrefix("danh-ba.xlsx: Xã!C7: cảnh báo: đơn vị \"Phước Lý\": ô chứa số 2723800001"))
    }

    @Test func theLocaleChoosesTheLanguage() {
        #expect(Language.fromEnvironment(["LANG": "vi_VN.UTF-8"]) == .vi)
        #expect(Language.fromEnvironment(["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LC_ALL": "vi_VN", "LANG": "en_US"]) == .vi)
        #expect(Language.fromEnvironment(["LC_ALL": "", "LANG": "vi"]) == .vi)
        #expect(Language.fromEnvironment([:]) == .en)
    }

    @Test func longValuesAreQuotedShort() {
        let huge = String(repeating: "x", count: 1_000_000)
        let text = Message("neighbour.unknown", Excerpt.of(huge)).text(in: .en)
        #expect(text.count < 300)
        #expect(text.contains("(1000000 characters)"))
    }
}
