/// Why a workbook could not be read, in words a person who saved it can act on.
public struct WorkbookProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The file is something else: a PDF, text, an old `.xls`, an OpenDocument file, …
        case notAWorkbook
        /// An Excel workbook saved with a password (Office encrypts the whole file).
        case encrypted
        /// No sheet by the name asked for, or it holds a chart rather than cells.
        case missingSheet(available: [String])
        /// Past one of the reader's limits (`WorkbookReader.Limits`).
        case tooLarge
        /// A workbook whose contents are damaged or not as the format says.
        case corrupt(detail: String)
    }

    public var kind: Kind
    /// The workbook's file name, as given to the reader.
    public var file: String
    /// The sheet concerned, when the problem is inside one.
    public var sheet: String?
    /// The cell (`C7`) or row (`row 7`) concerned, when known.
    public var cell: String?
    /// What was found, without the file name, e.g. `not an Excel workbook (.xlsx): this is a PDF file`.
    public var message: Message

    init(_ kind: Kind, _ message: Message, file: String, sheet: String? = nil, cell: String? = nil) {
        self.kind = kind; self.message = message; self.file = file; self.sheet = sheet; self.cell = cell
    }

    /// `danh-ba.xlsx: Xã!C7: …`, `danh-ba.xlsx: Xã: …` or `danh-ba.xlsx: …`.
    public var description: String {
        var place = file
        if let sheet { place += ": " + sheet + (cell.map { $0.hasPrefix("row") ? " " + $0 : "!" + $0 } ?? "") }
        return place + ": " + message.description
    }

    /// `detail` says what is damaged, in the format's own terms (part names, XML lines).
    static func damaged(_ detail: Message, file: String, sheet: String? = nil, cell: String? = nil) -> Self {
        Self(.corrupt(detail: detail.text(in: .en)), Message("workbook.damaged", detail), file: file, sheet: sheet, cell: cell)
    }

    static func notAWorkbook(_ whatItIs: Message, file: String) -> Self {
        Self(.notAWorkbook, Message("workbook.notAWorkbook", whatItIs), file: file)
    }
}
