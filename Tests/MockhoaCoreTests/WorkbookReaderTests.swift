import Foundation
import Testing
import ZIPFoundation
@testable import MockhoaCore

/// Workbooks saved by LibreOffice (see Fixtures/make-workbooks.py for how each was made), and
/// hand-made ones for what LibreOffice does not write: Excel's inline strings, escapes and
/// phonetic runs, cells without references, and damaged or hostile files.
@Suite struct WorkbookReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    }

    /// The sheet's rows as `reference: value` strings, for compact expectations.
    func cells(_ sheet: WorkbookSheet) -> [[String]] {
        sheet.rows.map { $0.cells.map { "\($0.reference)=\($0.value.text)" } }
    }

    func problem(_ data: Data, sheet: String? = nil, limits: WorkbookReader.Limits = .standard) -> WorkbookProblem? {
        do {
            _ = try WorkbookReader.sheet(named: sheet, in: data, file: "danh-ba.xlsx", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Written by LibreOffice

    @Test func aCSVConvertedByLibreOffice() throws {
        let sheet = try WorkbookReader.sheet(named: nil, in: try fixture("communes-from-csv.xlsx"), file: "communes.xlsx")
        #expect(sheet.name == "communes-from-csv")
        #expect(sheet.rows.map(\.number) == [1, 2, 4, 5])  // the blank line 3 is skipped
        #expect(
            cells(sheet) == [
                ["A1=name", "B1=kind", "C1=phone", "D1=neighbours", "E1=quantity"],
                ["A2=Phước Lý", "B2=xã", "C2=912345678", "D2=Mỹ Lộc;Cần Giuộc", "E2=300"],
                ["A4=Mỹ Lộc", "B4=xã", "C4=0272 3800 002", "D4=Phước Lý", "E4=250"],
                ["A5=Cần Giuộc", "B5=xã", "C5=2723800003", "E5=1500"],
            ])
        // The phone lost its leading zero when LibreOffice took it for a number.
        #expect(sheet.rows[1].cells[2].value == .number("912345678"))
        #expect(sheet.rows[1].cells[2].column == 2)
        #expect(sheet.rows[2].cells[2].value == .text("0272 3800 002"))
    }

    @Test func twoSheetsInTabOrder() throws {
        let data = try fixture("two-sheets.xlsx")
        #expect(try WorkbookReader.sheetNames(in: data) == ["Xã", "Phường"])
        let phuong = try WorkbookReader.sheet(named: "Phường", in: data, file: "danh-ba.xlsx")
        #expect(phuong.name == "Phường")
        #expect(cells(phuong) == [["A1=name", "B1=kind", "C1=phone"], ["A2=Phường 1", "B2=phường", "C2=0276 3822 001"]])
    }

    @Test func theFirstSheetByDefaultWithItsMergedTitleRow() throws {
        let sheet = try WorkbookReader.sheet(named: nil, in: try fixture("two-sheets.xlsx"), file: "danh-ba.xlsx")
        #expect(sheet.name == "Xã")
        #expect(
            cells(sheet) == [
                ["A1=DANH BẠ CÔNG AN XÃ"],  // A1:E1 merged: B1…E1 are empty and left out
                ["A3=Tên", "B3=Loại", "C3=Điện thoại", "D3=Giáp ranh", "E3=Số lượng"],
                ["A4=Phước Lý", "B4=xã", "C4=2723800001", "D4=Mỹ Lộc", "E4=300"],  // "Lý" in bold: rich text runs
                ["A5=Mỹ Lộc", "B5=xã", "C5=0272 3800 002", "D5=Phước Lý;Cần Giuộc", "E5=250"],
                ["A6=Tân Tập", "B6=xã", "C6=912345678", "E6=1500"],
                ["A8=Tân Tập (Đông Thạnh, Phước Vĩnh Đông)", "B8=TRUE"],  // formulas: cached results
            ])
        #expect(sheet.rows[2].cells[2].value == .number("2723800001"))
        #expect(sheet.rows[5].cells[1].value == .bool(true))
        // Vietnamese text comes back in NFC, as LibreOffice stores it.
        let name = try #require(sheet.rows[2].cells.first?.value.text)
        #expect(Array(name.unicodeScalars) == Array("Phước Lý".precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func aSheetNameDifferingOnlyInCaseOrNormalisation() throws {
        let data = try fixture("two-sheets.xlsx")
        #expect(try WorkbookReader.sheet(named: "PHƯỜNG", in: data, file: "f.xlsx").name == "Phường")
        let decomposed = "Xã".decomposedStringWithCanonicalMapping
        #expect(try WorkbookReader.sheet(named: decomposed, in: data, file: "f.xlsx").name == "Xã")
    }

    @Test func aMissingSheetListsTheSheets() throws {
        let problem = try #require(self.problem(try fixture("two-sheets.xlsx"), sheet: "Xa"))
        #expect(problem.kind == .missingSheet(available: ["Xã", "Phường"]))
        #expect(problem.description == "danh-ba.xlsx: no sheet \"Xa\" in the workbook; its sheets are: Xã, Phường")
    }

    @Test func anOldXLSFromLibreOffice() throws {
        let problem = try #require(self.problem(try fixture("two-sheets.xls")))
        #expect(problem.kind == .notAWorkbook)
        #expect(
            problem.message.text(in: .en) == "not an Excel workbook (.xlsx): this is an old Excel 97–2003 workbook (.xls): save it as .xlsx"
        )
    }

    @Test func aPasswordProtectedWorkbook() throws {
        let problem = try #require(self.problem(try fixture("two-sheets-password.xlsx")))
        #expect(problem.kind == .encrypted)
        #expect(problem.description == "danh-ba.xlsx: the workbook is password-protected: save a copy without a password")
    }

    @Test func anOpenDocumentSpreadsheet() throws {
        let problem = try #require(self.problem(try fixture("two-sheets.ods")))
        #expect(problem.kind == .notAWorkbook)
        #expect(
            problem.message.text(in: .en) == "not an Excel workbook (.xlsx): this is an OpenDocument spreadsheet (.ods): save it as .xlsx")
    }

    // MARK: - Written as Excel writes them

    @Test func excelsStringsNumbersAndTypes() throws {
        let data = try workbook(
            sheet: """
                <row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>2.723800001E9</v></c>\
                <c r="D2"><v>912345678.0</v></c><c r="E2"><v>1.5</v></c><c r="F2"><v>1E-3</v></c></row>
                <row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> Tân Kim </t></is></c>\
                <c r="B3" t="inlineStr"><is><r><t>Long </t></r><r><rPr><b/></rPr><t>Hậu</t></r></is></c>\
                <c r="C3" t="str"><f>A3</f><v>x_x000D_y</v></c><c r="D3" t="e"><v>#N/A</v></c>\
                <c r="E3" t="b"><v>0</v></c><c r="F3" t="s"><v>2</v></c></row>
                """,
            sharedStrings: """
                <si><t>Phước</t><rPh sb="0" eb="1"><t>ふく</t></rPh><phoneticPr fontId="1"/></si>\
                <si><t>a_x000D_\nb _x005F_x0041_</t></si><si><t></t></si>
                """)
        let sheet = try WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx")
        #expect(sheet.rows.map(\.cells.count) == [6, 5])  // F3, an empty shared string, is left out
        #expect(
            sheet.rows[0].cells.map(\.value) == [
                .text("Phước"), .text("a\r\nb _x0041_"), .number("2723800001"), .number("912345678"),
                .number("1.5"), .number("1E-3"),
            ])
        #expect(
            sheet.rows[1].cells.map(\.value) == [
                .text(" Tân Kim "), .text("Long Hậu"), .text("x\ry"), .text("#N/A"), .bool(false),
            ])
    }

    @Test func cellsAndRowsWithoutReferencesArePlacedByPosition() throws {
        let data = try workbook(
            sheet: """
                <row><c t="inlineStr"><is><t>a</t></is></c><c/><c><v>7</v></c></row>
                <row r="5"><c r="B5"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>
                """)
        let sheet = try WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx")
        #expect(cells(sheet) == [["A1=a", "C1=7"], ["B5=1", "C5=2"], ["A6=3"]])
        #expect(sheet.rows[0].cells.map(\.column) == [0, 2])
    }

    @Test func blankRowsAndWhitespaceOnlyRowsAreSkipped() throws {
        let data = try workbook(
            sheet: """
                <row r="1"><c r="A1" s="3"/></row><row r="2"><c r="A2" t="inlineStr"><is><t> </t></is></c></row>
                <row r="3"><c r="B3"><v>4</v></c></row>
                """)
        #expect(try cells(WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx")) == [["B3=4"]])
    }

    @Test func prefixedElementsAndAWorksheetNotNamedSheet1() throws {
        let data = try zip([
            "_rels/.rels": relationships(["rId1": ("officeDocument", "book/main.xml")]),
            "book/main.xml": """
            <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>\
            <x:sheet name="Ẩn" sheetId="1" state="hidden" r:id="rId9"/>\
            <x:sheet name="Biểu đồ" sheetId="2" r:id="rId8"/>\
            <x:sheet name="Danh bạ" sheetId="3" r:id="rId7"/></x:sheets></x:workbook>
            """,
            "book/_rels/main.xml.rels": relationships([
                "rId7": ("worksheet", "/book/tables/../tables/data%20one.xml"), "rId8": ("chartsheet", "charts/c.xml"),
                "rId9": ("worksheet", "tables/hidden.xml"),
            ]),
            "book/tables/data one.xml": worksheetXML(#"<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>"#, prefix: "x:"),
            "book/tables/hidden.xml": worksheetXML(#"<row r="1"><c r="A1"><v>2</v></c></row>"#),
        ])
        #expect(try WorkbookReader.sheetNames(in: data) == ["Ẩn", "Biểu đồ", "Danh bạ"])
        // The first visible sheet of cells: not the hidden one, not the chart.
        #expect(try cells(WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx")) == [["A1=1"]])
        #expect(try cells(WorkbookReader.sheet(named: "Ẩn", in: data, file: "f.xlsx")) == [["A1=2"]])
        let chart = try #require(problem(data, sheet: "Biểu đồ"))
        #expect(chart.message.text(in: .en).hasPrefix("sheet \"Biểu đồ\" is a chart, not a sheet of cells"))
    }

    @Test func rowsWrittenOutOfOrderAreSortedAndTwiceIsAnError() throws {
        let sorted = try workbook(
            sheet: #"<row r="3"><c r="B3"><v>2</v></c><c r="A3"><v>1</v></c></row><row r="1"><c r="A1"><v>0</v></c></row>"#)
        #expect(try cells(WorkbookReader.sheet(named: nil, in: sorted, file: "f.xlsx")) == [["A1=0"], ["A3=1", "B3=2"]])
        let twice = try workbook(sheet: #"<row r="3"><c r="B3"><v>2</v></c><c r="B3"><v>1</v></c></row>"#)
        let problem = try #require(self.problem(twice))
        #expect(problem.description == "danh-ba.xlsx: Sheet1!B3: the workbook is damaged: the cell is written twice")
    }

    @Test func cellProblemsNameTheSheetAndCell() throws {
        let badIndex = try workbook(sheet: #"<row r="7"><c r="C7" t="s"><v>5</v></c></row>"#, sharedStrings: "<si><t>a</t></si>")
        #expect(
            problem(badIndex)?.description
                == "danh-ba.xlsx: Sheet1!C7: the workbook is damaged: the cell refers to shared text #5, which the workbook does not have (it has 1)"
        )
        let badNumber = try workbook(sheet: #"<row r="2"><c r="B2"><v>12abc</v></c></row>"#)
        #expect(
            problem(badNumber)?.description
                == "danh-ba.xlsx: Sheet1!B2: the workbook is damaged: the cell should hold a number but holds \"12abc\"")
        let badRow = try workbook(sheet: #"<row r="0"><c><v>1</v></c></row>"#)
        #expect(problem(badRow)?.message.text(in: .en) == "the workbook is damaged: a row is numbered \"0\"")
        // What is damaged is said in the reader's language too, the format's own terms kept.
        #expect(
            problem(badIndex)?.message.text(in: .vi)
                == "bảng tính bị hỏng: ô trỏ tới văn bản dùng chung số 5, mà bảng tính không có (nó có 1)")
        #expect(problem(badRow)?.message.text(in: .vi) == "bảng tính bị hỏng: một hàng được đánh số \"0\"")
    }

    // MARK: - Numbers

    @Test(
        arguments: [
            ("2723800001", "2723800001"), ("912345678", "912345678"), ("9.12345678E8", "912345678"),
            ("9.12345678e+8", "912345678"), ("912345678.0", "912345678"), ("1.5E3", "1500"), ("1E3", "1000"),
            ("-2.5E1", "-25"), ("0.0", "0"), ("-0", "0"), (" 300 ", "300"), ("1.5", "1.5"), ("1E-3", "1E-3"),
            ("1.25E1", "1.25E1"), ("1E+400", "1E+400"), ("1E+99999", "1E+99999"), (".5E1", "5"),
        ] as [(String, String)])
    func wholeNumbersComeBackAsPlainDigits(stored: String, expected: String) {
        #expect(CellValue.number(stored: stored) == .number(expected))
    }

    @Test(arguments: ["", "abc", "1.2.3", "1E", "E5", "--1", "1e5x", "0x10", "."])
    func notNumbers(stored: String) {
        #expect(CellValue.number(stored: stored) == nil)
    }

    @Test func columnNames() {
        #expect([0, 25, 26, 51, 701, 702, 16383].map(CellReference.columnName) == ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"])
        #expect(["A1", "c7", "XFD1048576", "AA10"].map(CellReference.column(of:)) == [0, 2, 16383, 26])
        #expect(["", "7", "A", "XFE1", "ABCD1", "C7D", "C-1", "Ç7"].map(CellReference.column(of:)) == Array(repeating: nil, count: 8))
    }

    // MARK: - Not workbooks

    @Test func filesThatAreNotWorkbooksSayWhatTheyAre() throws {
        let cases: [(Data, String)] = [
            (Data(), "the file is empty"),
            (Data("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8), "this is a PDF file"),
            (Data("name,kind,phone\nPhước Lý,xã,0272 3800 001\n".utf8), "this is plain text (a CSV file?)"),
            (Data([0xFF, 0xFE]) + Data("n\0a\0".utf8), "this is plain text (a CSV file?)"),
            (
                Data("<html><body><table><tr><td>x</td></tr></table>".utf8),
                "this is a web page (HTML), which some programs save under an .xls name: open it in a spreadsheet program and save as .xlsx"
            ),
            (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]), "this is not a ZIP archive, which an .xlsx file is"),
            (
                Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)),
                "this is an old .xls workbook or a password-protected one: save as .xlsx without a password"
            ),
            (try zip(["word/document.xml": "<w:document/>"]), "this is a Word document (.docx)"),
            (try zip(["readme.txt": "hello"]), "this is a ZIP archive without xl/workbook.xml"),
        ]
        for (data, whatItIs) in cases {
            let problem = try #require(self.problem(data))
            #expect(problem.kind == .notAWorkbook)
            #expect(problem.message.text(in: .en) == "not an Excel workbook (.xlsx): " + whatItIs)
        }
    }

    // MARK: - Damaged and hostile files

    @Test func aTruncatedWorkbook() throws {
        let data = try fixture("two-sheets.xlsx")
        for length in [data.count - 10, data.count / 2, 30] {
            let problem = try #require(self.problem(data.prefix(length)))
            #expect(
                problem.message.text(in: .en)
                    == "the workbook is damaged: the end of the file is missing (was it copied or downloaded only in part?)")
        }
    }

    @Test func aDamagedPartFailsItsChecksum() throws {
        var data = try workbook(sheet: #"<row r="1"><c r="A1"><v>1234567</v></c></row>"#, compressed: false)
        let at = try #require(data.range(of: Data("1234567".utf8)))
        data[at.lowerBound] = UInt8(ascii: "9")
        #expect(problem(data)?.message.text(in: .en) == "the workbook is damaged: xl/worksheets/sheet1.xml does not match its checksum")
    }

    @Test func aPartTooLargeOrLyingAboutItsSize() throws {
        let limits = WorkbookReader.Limits(maxPartBytes: 1_048_576)
        let big = String(repeating: "<row/>", count: 200_000)  // 1.2 MB
        let honest = try workbook(sheet: big)
        #expect(problem(honest, limits: limits)?.message.text(in: .en) == "xl/worksheets/sheet1.xml is larger than 1 MB uncompressed")

        // A ZIP bomb: the directory says 1,000 bytes, the data inflates to 1.2 MB.
        var bomb = honest
        try patchUncompressedSize(of: "xl/worksheets/sheet1.xml", in: &bomb, to: 1000)
        #expect(problem(bomb, limits: limits)?.message.text(in: .en) == "xl/worksheets/sheet1.xml is larger than 1 MB uncompressed")
        // Within the limit, the lie is caught, not trusted.
        #expect(problem(bomb)?.message.text(in: .en) == "the workbook is damaged: xl/worksheets/sheet1.xml does not match its checksum")
    }

    @Test func aCompressedStreamThatRunsPastItsEntryEndsWithAnError() throws {
        // A deflate "stored block" that announces 65,535 bytes but has 30: ZIPFoundation's own
        // extractor waits for the rest forever on Linux.
        let block = Data([0x00, 0xFF, 0xFF, 0x00, 0x00]) + Data(repeating: 0x41, count: 30)
        var data = try zip(["xl/workbook.xml": block], compressed: false)
        for signature in [Data([0x50, 0x4B, 0x03, 0x04]), Data([0x50, 0x4B, 0x01, 0x02])] {
            let header = try #require(data.range(of: signature)).lowerBound
            let methodOffset = header + (signature[2] == 3 ? 8 : 10)
            data[methodOffset] = 8  // deflate
        }
        #expect(problem(data)?.message.text(in: .en) == "the workbook is damaged: xl/workbook.xml cannot be decompressed")
    }

    @Test func aPartOverTenMegabytes() throws {
        // Excel writes a sheet's XML on one line; libxml2 refuses to look ahead over 10 MB at once.
        let comments = String(repeating: "<!--" + String(repeating: "x", count: 1_000_000) + "-->", count: 11)
        let data = try workbook(sheet: comments + #"<row r="9"><c r="A9"><v>1</v></c></row>"#, compressed: false)
        #expect(try cells(WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx")) == [["A9=1"]])
    }

    @Test func aDocumentTypeDeclarationIsRefused() throws {
        let data = try workbook(
            sheet: "", sharedStrings: "<si><t>&lol;</t></si>",
            sharedStringsPrologue: #"<!DOCTYPE sst [<!ENTITY lol "lol">]>"#)
        #expect(
            problem(data)?.message.text(in: .en)
                == "the workbook is damaged: xl/sharedStrings.xml declares a document type, which workbooks never do")
    }

    @Test(
        "a part in UTF-16 (with or without a byte-order mark) or naming another encoding is refused: its DOCTYPE would go unseen",
        arguments: [
            ("UTF-16", [0xFF, 0xFE] as [UInt8], String.Encoding.utf16LittleEndian), ("UTF-16", [0xFE, 0xFF], .utf16BigEndian),
            ("UTF-16 / UTF-32", [], .utf16LittleEndian), ("UTF-16 / UTF-32", [], .utf16BigEndian),
        ])
    func aPartInAnotherEncodingIsRefused(named: String, mark: [UInt8], encoding: String.Encoding) throws {
        let sharedStrings = """
            <?xml version="1.0" encoding="UTF-16" standalone="yes"?>
            <!DOCTYPE sst [<!ENTITY x "">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Long&x;Hậu</t></si></sst>
            """
        let data = try workbook(
            sheet: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: "",
            encodingSharedStrings: { _ in Data(mark) + sharedStrings.data(using: encoding)! })
        #expect(
            problem(data)?.message.text(in: .en)
                == "the workbook is damaged: xl/sharedStrings.xml is not UTF-8 text (encoding: \(named)), as every workbook part is")
    }

    @Test("a processing instruction in a part is refused before parsing: XMLParser on Linux crashes on one with no data (<?x?>)")
    func aProcessingInstructionIsRefused() throws {
        let part = try zip(["xl/workbook.xml": "<?xml version='1.0'?>\n<workbook><?x?></workbook>"])
        #expect(
            problem(part)?.message.text(in: .en)
                == "the workbook is damaged: xl/workbook.xml holds the processing instruction <?x …?>, which workbooks never do")
    }

    @Test func aDeclarationNamingAnotherEncodingIsRefused() throws {
        let data = try workbook(sheet: "", sharedStrings: "<si><t>x</t></si>")
        let latin = try zip(["xl/workbook.xml": "<?xml version='1.0' encoding='ISO-8859-1'?><workbook/>"])
        #expect(
            problem(latin)?.message.text(in: .en)
                == "the workbook is damaged: xl/workbook.xml is not UTF-8 text (encoding: ISO-8859-1), as every workbook part is")
        #expect(problem(data) == nil)
        // An entity never declared (no DOCTYPE) is an error, never a name changed in silence.
        let undeclared = try workbook(sheet: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: "<si><t>Long&x;Hậu</t></si>")
        #expect(problem(undeclared)?.message.text(in: .en).contains("sharedStrings.xml is not well-formed XML") == true)
    }

    @Test func malformedXMLNamesThePart() throws {
        let mismatched = try workbook(sheet: #"<row r="1"><c r="A1"><v>1</v></row>"#)
        #expect(
            problem(mismatched)?.message.text(in: .en)
                == "the workbook is damaged: xl/worksheets/sheet1.xml is not well-formed XML (line 2)")
        let invalidCharacter = try workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\u{1}</v></c></row>")
        #expect(problem(invalidCharacter)?.kind == .corrupt(detail: "xl/worksheets/sheet1.xml is not well-formed XML (line 2)"))
        let cutShort = try zip(["xl/workbook.xml": "<workbook><sheets><sheet>"])
        #expect(problem(cutShort)?.message.text(in: .en) == "the workbook is damaged: xl/workbook.xml is not well-formed XML (line 1)")
    }

    @Test func limitsOnRowsCellsSharedStringsAndCellText() throws {
        let rows = try workbook(sheet: (1...6).map { #"<row r="\#($0)"><c><v>1</v></c><c><v>2</v></c></row>"# }.joined())
        #expect(
            problem(rows, limits: .init(maxRows: 5))?.description
                == "danh-ba.xlsx: Sheet1 row 6: the sheet has more than 5 rows")
        #expect(
            problem(rows, limits: .init(maxCells: 11))?.description
                == "danh-ba.xlsx: Sheet1!B6: the sheet has more than 11 cells with values")
        #expect(problem(rows, limits: .init(maxRows: 6, maxCells: 12)) == nil)

        let strings = try workbook(sheet: "", sharedStrings: String(repeating: "<si><t>x</t></si>", count: 4))
        #expect(problem(strings, limits: .init(maxSharedStrings: 3))?.message.text(in: .en) == "the workbook has more than 3 shared texts")

        let long = String(repeating: "ệ", count: 11)
        let inline = try workbook(sheet: #"<row r="4"><c r="B4" t="inlineStr"><is><t>\#(long)</t></is></c></row>"#)
        #expect(
            problem(inline, limits: .init(maxCellCharacters: 10))?.description
                == "danh-ba.xlsx: Sheet1!B4: the cell holds more than 10 characters")
        #expect(problem(inline, limits: .init(maxCellCharacters: 11)) == nil)
        let shared = try workbook(sheet: "", sharedStrings: "<si><t>\(long)</t></si>")
        #expect(
            problem(shared, limits: .init(maxCellCharacters: 10))?.message.text(in: .en) == "shared text #0 holds more than 10 characters")
    }

    @Test func zipEncryptionIsReportedAsAPassword() throws {
        var data = try workbook(sheet: "")
        // Set the "encrypted" flag of every entry in the central directory.
        var search = data.startIndex
        while let found = data.range(of: Data([0x50, 0x4B, 0x01, 0x02]), in: search..<data.endIndex) {
            data[found.lowerBound + 8] |= 1
            search = found.upperBound
        }
        #expect(problem(data)?.kind == .encrypted)
    }

    // MARK: - Making workbooks

    /// A one-sheet workbook ("Sheet1") with `sheet` as its `<sheetData>` and, if given, a shared
    /// strings table, written as `encodingSharedStrings` says (UTF-8 unless told).
    func workbook(
        sheet: String, sharedStrings: String? = nil, sharedStringsPrologue: String = "",
        encodingSharedStrings: (String) -> Data = { Data($0.utf8) }, compressed: Bool = true
    ) throws -> Data {
        var relationships = ["rId1": ("worksheet", "worksheets/sheet1.xml")]
        var files = [
            "xl/workbook.xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """,
            "xl/worksheets/sheet1.xml": worksheetXML(sheet),
        ]
        if let sharedStrings {
            relationships["rId2"] = ("sharedStrings", "sharedStrings.xml")
            files["xl/sharedStrings.xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                \(sharedStringsPrologue)<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\(sharedStrings)</sst>
                """
        }
        files["xl/_rels/workbook.xml.rels"] = self.relationships(relationships)
        return try zip(
            files.mapValues { Data($0.utf8) }.merging(
                files["xl/sharedStrings.xml"].map {
                    ["xl/sharedStrings.xml": encodingSharedStrings($0)]
                } ?? [:]
            ) { _, encoded in encoded }, compressed: compressed)
    }

    func worksheetXML(_ sheetData: String, prefix: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <\(prefix)worksheet xmlns\(prefix.isEmpty ? "" : ":" + prefix.dropLast())=\
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main"><\(prefix)sheetData>\(sheetData)\
        </\(prefix)sheetData></\(prefix)worksheet>
        """
    }

    func relationships(_ targets: [String: (type: String, target: String)]) -> String {
        let items = targets.sorted { $0.key < $1.key }.map { id, relationship in
            #"<Relationship Id="\#(id)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/\#(relationship.type)" Target="\#(relationship.target)"/>"#
        }
        return #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + items.joined() + "</Relationships>"
    }

    func zip(_ files: [String: String], compressed: Bool = true) throws -> Data {
        try zip(files.mapValues { Data($0.utf8) }, compressed: compressed)
    }

    func zip(_ files: [String: Data], compressed: Bool = true) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: compressed ? .deflate : .none
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        return try #require(archive.data)
    }

    /// Overwrites the uncompressed size that the local header and the central directory give
    /// for `path`.
    func patchUncompressedSize(of path: String, in data: inout Data, to size: UInt32) throws {
        let bytes = withUnsafeBytes(of: size.littleEndian) { Data($0) }
        let name = Data(path.utf8)
        var search = data.startIndex
        var patched = 0
        while let found = data.range(of: name, in: search..<data.endIndex) {
            // The name follows a local header (30 bytes) or a central directory entry (46 bytes).
            for (headerSize, sizeOffset) in [(30, 22), (46, 24)] {
                let header = found.lowerBound - headerSize
                if header >= 0, data[header] == 0x50, data[header + 1] == 0x4B,
                    data[header + 2] == (headerSize == 30 ? 3 : 1)
                {
                    data.replaceSubrange(header + sizeOffset..<header + sizeOffset + 4, with: bytes)
                    patched += 1
                }
            }
            search = found.upperBound
        }
        #expect(patched == 2)
    }
}
