import Foundation
import Testing
@testable import MockhoaCore

/// Input within the file-size limit that would take gigabytes or minutes before a limit speaks:
/// counted while reading and refused with the file and line.
struct InputBudgetTests {
    private func errors(_ yaml: String, path: String = "d.yaml") -> [String] {
        do { _ = try DirectoryLoader.load(yaml: yaml, path: path); return [] } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private let issuer = "issuer: {level: province, name: Tây Ninh, hotline: \"0276 3800 000\"}\n"

    @Test func repeatsOfManyCommunesAreCollapsedInOnePass() {
        // 20,000 communes with 7 warnings each: every kind is collapsed after its fifth, and the
        // count follows the last one shown (inserting each count into the list was quadratic).
        let communes = 20_000
        var diagnostics: [Diagnostic] = []
        for round in 0..<7 {
            for commune in 0..<communes {
                diagnostics.append(
                    Diagnostic(
                        .warning, Message("neighbour.oneSided", "X\(commune)", "Y\(round)"),
                        at: SourceLocation(file: "d.yaml", line: commune + 1),
                        commune: "X\(commune)", field: "neighbours"))
            }
        }
        let collapsed = LoadLog.collapsingRepeats(diagnostics)
        #expect(collapsed.count == communes * (LoadLog.repeatsShown + 1))
        // The fifth round, each commune's fifth warning followed by its count.
        let fifthRound = collapsed[(communes * 4)...]
        #expect(
            fifthRound.prefix(4).map(\.message.key) == [
                "neighbour.oneSided", "diagnostic.more",
                "neighbour.oneSided", "diagnostic.more",
            ])
        #expect(fifthRound.prefix(2).map(\.commune) == ["X0", "X0"])
        #expect(fifthRound.dropFirst().first?.message == Message("diagnostic.more", 2))
    }

    @Test func aliasesNestedDeepAreRefusedBeforeExpanding() {
        // "Billion laughs": each level a list of nine aliases of the level above, 9^9 values from 1 KB.
        var yaml = issuer + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "communes: *a8\n"
        let result = errors(yaml)
        // a5 stands for 590,491 values: the count passes 3 million among a6's aliases, line 8.
        #expect(
            result == [
                "d.yaml:8: error: the file stands for more than 3000000 values once its aliases (*name) are expanded; at most 3000000 are allowed (is an alias used inside the anchor it names, over and over?)"
            ])
    }

    @Test func longFlowListsAreCountedWhileParsing() {
        let lines = (1...10).map { _ in "  a, a, a, a, a," }.joined(separator: "\n")
        let yaml = "communes: [\n" + lines + "\n]\n"
        // Line 1 holds the mapping, its key and the list (3 values); 5 a line after that.
        #expect(YAMLNodeCount.lineExceedingLimit(in: yaml, limit: 20) == 5)
        #expect(YAMLNodeCount.lineExceedingLimit(in: yaml, limit: 53) == nil)
        // An anchored list (4 values) counts in full at each of its aliases, where the alias
        // stands: 6 values on line 1, 10 on line 2, 14 on line 3.
        let aliases = "a: &a [x, x, x]\nb: [*a, *a]\nc: [*a, *a, *a]\n"
        #expect(YAMLNodeCount.lineExceedingLimit(in: aliases, limit: 12) == 2)
        #expect(YAMLNodeCount.lineExceedingLimit(in: aliases, limit: 29) == 3)
        #expect(YAMLNodeCount.lineExceedingLimit(in: aliases, limit: 30) == nil)
    }

    @Test func csvRowsAreCountedWhileReading() throws {
        let text = "name\n" + String(repeating: "a\n", count: Limits.units + 10)
        #expect(throws: CSVReader.SyntaxError(line: Limits.units + 2, message: Message("csv.tooManyRows", Limits.units))) {
            try CSVReader(delimiter: ",").records(text)
        }
        #expect(try CSVReader(delimiter: ",").records("name\na\nb\nc\n", limit: 4).count == 4)
        #expect(throws: CSVReader.SyntaxError(line: 4, message: Message("csv.tooManyRows", 2))) {
            try CSVReader(delimiter: ",").records("name\na\nb\nc\n", limit: 3)
        }
    }

    @Test func aliasedLongValuesAreRefusedAtTheCommunesOwnLine() {
        // One 100,000-character value anchored once and used as name, kind and phone by 300 communes.
        let long = String(repeating: "x", count: 100_001)
        var yaml = issuer + "communes:\n  - {name: &long \(long), kind: xã, phone: \"0272 3800 010\"}\n"
        for _ in 1...300 { yaml += "  - {name: *long, kind: *long, phone: *long}\n" }
        let result = errors(yaml)
        let excerpt = String(repeating: "x", count: Excerpt.longest) + "…"
        #expect(
            result.first == "d.yaml:3: error: field \"name\": \"\(excerpt)\" is more than 100000 characters long; at most 200 are allowed")
        // Each of the others at its own line, not at line 3 where the value is anchored.
        #expect(
            result.dropFirst().first
                == "d.yaml:4: error: field \"name\": \"\(excerpt)\" is more than 100000 characters long; at most 200 are allowed")
        #expect(result.contains { $0.hasPrefix("d.yaml:4: error: field \"kind\": \"\(excerpt)\"") })
        #expect(result.contains { $0.hasPrefix("d.yaml:4: error: field \"phone\": \"\(excerpt)\"") })
        #expect(!result.contains { $0.hasPrefix("d.yaml:3: error: field \"kind\"") })
    }

    @Test func aliasedNeighboursAreReportedWhereTheyAreListed() {
        let yaml =
            issuer + """
                communes:
                  - {name: A, kind: xã, phone: "0272 3800 011", neighbours: [&n "Nowhere"]}
                  - {name: B, kind: xã, phone: "0272 3800 012", neighbours: [A, *n]}
                """
        let result = errors(yaml)
        #expect(result.contains { $0.hasPrefix("d.yaml:4: error: commune \"B\", field \"neighbours\"") })
    }

    /// The diagnostics of reading `sharedString` into every cell of a sheet `rows` × `columns`.
    private func sheetWithOneSharedString(_ sharedString: String, rows: Int, columns: Int) throws -> (Table?, [String]) {
        let cells = (1...rows).map { row in
            "<row r=\"\(row)\">"
                + (0..<columns).map { column in
                    "<c r=\"\(CellReference.columnName(column))\(row)\" t=\"s\"><v>0</v></c>"
                }.joined() + "</row>"
        }.joined()
        let data = try WorkbookReaderTests().workbook(sheet: cells, sharedStrings: "<si><t>\(sharedString)</t></si>")
        var log = LoadLog()
        let table = Table.workbook(data, file: "x.xlsx", sheet: nil, log: &log, namedAt: SourceLocation(file: "d.yaml", line: 3))
        return (table, log.diagnostics.map(\.description))
    }

    @Test func aLongSharedStringInEveryCellIsRefusedAtTheFirstCell() throws {
        let (table, problems) = try sheetWithOneSharedString(String(repeating: "x", count: Limits.cellLength + 1), rows: 50, columns: 20)
        #expect(table == nil)
        #expect(
            problems == [
                "x.xlsx: Sheet1!A1: error: \"\(String(repeating: "x", count: Excerpt.longest))…\" is 20001 characters long; at most 20000 are allowed"
            ])
    }

    @Test func theCellsOfATableHoldAtMostAsMuchTextAsACSVFile() throws {
        // 3,400 cells of one 19,999-character shared string: 68 MB of text from a workbook of a few kilobytes.
        let (table, problems) = try sheetWithOneSharedString(String(repeating: "x", count: Limits.cellLength - 1), rows: 170, columns: 20)
        #expect(table == nil)
        // 64 MiB / 19,999 bytes: the cell 3,356 (row 168, column P) passes the limit.
        #expect(
            problems == [
                "x.xlsx: Sheet1!P168: error: the sheet \"Sheet1\" holds more than 64.0 MiB of text up to this cell; a table is read up to 64.0 MiB, as a CSV file is"
            ])
    }
}
