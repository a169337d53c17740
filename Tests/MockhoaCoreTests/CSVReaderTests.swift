import Testing
@testable import MockhoaCore

@Suite struct CSVReaderTests {
    func read(_ text: String) throws -> [CSVReader.Record] {
        try CSVReader(detectingDelimiterIn: text).records(text)
    }

    @Test func plainCommaSeparated() throws {
        let records = try read("name,kind,phone\nLong Hậu,xã,0272 3800 002\n")
        #expect(
            records == [
                .init(line: 1, cells: ["name", "kind", "phone"]),
                .init(line: 2, cells: ["Long Hậu", "xã", "0272 3800 002"]),
            ])
    }

    @Test func detectsTheDelimiterFromTheHeader() {
        #expect(CSVReader(detectingDelimiterIn: "name;kind;phone\na,b,c,d").delimiter == ";")
        #expect(CSVReader(detectingDelimiterIn: "name,kind,phone\na;b;c;d").delimiter == ",")
        #expect(CSVReader(detectingDelimiterIn: "\"a;b\",kind\n").delimiter == ",")
        #expect(CSVReader(detectingDelimiterIn: "name").delimiter == ",")
    }

    @Test func semicolonsWithAQuotedNeighboursCell() throws {
        let records = try read("name;neighbours\r\nTân Kim;\"Long Hậu;Phước Lại\"\r\n")
        #expect(
            records == [
                .init(line: 1, cells: ["name", "neighbours"]),
                .init(line: 2, cells: ["Tân Kim", "Long Hậu;Phước Lại"]),
            ])
    }

    @Test func dropsTheByteOrderMark() throws {
        let records = try read("\u{FEFF}name,kind\nA,xã")
        #expect(records.first?.cells == ["name", "kind"])
        #expect(records.last == .init(line: 2, cells: ["A", "xã"]))
    }

    @Test func crlfAndLoneCRCountAsOneLineEach() throws {
        let records = try read("a,b\r\nc,d\re,f\n\ng,h")
        #expect(records.map(\.line) == [1, 2, 3, 5])
        #expect(records.map(\.cells) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
    }

    @Test func quotesDoubledDelimitersAndEmptyCells() throws {
        let records = try read("a,b,c\n\"say \"\"hi\"\"\",\"x,y\",\n\"\",,z\n")
        #expect(records.map(\.cells) == [["a", "b", "c"], ["say \"hi\"", "x,y", ""], ["", "", "z"]])
    }

    @Test func newlinesInsideQuotesAreCountedForLaterRecords() throws {
        let records = try read("name,note\n\"A\",\"two\r\nlines\"\nB,\"three\nmore\nlines\"\nC,x\n")
        #expect(records.map(\.line) == [1, 2, 4, 7])
        #expect(records[1].cells == ["A", "two\nlines"])
        #expect(records[2].cells == ["B", "three\nmore\nlines"])
        #expect(records[3].cells == ["C", "x"])
    }

    @Test func blankRecordsAreSkippedButLinesCounted() throws {
        let records = try read("a,b\n\n , \n,\nc,d\n\n")
        #expect(records == [.init(line: 1, cells: ["a", "b"]), .init(line: 5, cells: ["c", "d"])])
    }

    @Test func cellsAreKeptAsWrittenAndAStrayQuoteInsideIsLiteral() throws {
        let records = try read("a,b\n  x , 5\"6\n")
        #expect(records[1].cells == ["  x ", " 5\"6"])
    }

    @Test func blanksAroundAQuotedCellAreDropped() throws {
        #expect(try read("a, \"b\" ,c").first?.cells == ["a", "b", "c"])
    }

    @Test func noFinalNewline() throws {
        #expect(try read("a,b\nc,\"d\"").map(\.cells) == [["a", "b"], ["c", "d"]])
    }

    @Test func unterminatedQuoteNamesTheLineItOpens() {
        #expect(throws: CSVReader.SyntaxError(line: 2, message: Message("csv.unclosedQuote"))) {
            try read("a,b\nx,\"open\nmore\n")
        }
    }

    @Test func textAfterAClosingQuote() {
        #expect {
            try read("a,b\n\n\"x\"y,z\n")
        } throws: { error in
            (error as? CSVReader.SyntaxError)?.line == 3
                && (error as? CSVReader.SyntaxError)?.message.text(in: .en).hasPrefix("unexpected text after a closing quote") == true
        }
    }

    @Test func emptyText() throws {
        #expect(try read("").isEmpty)
        #expect(try read("\u{FEFF}\r\n").isEmpty)
    }
}
