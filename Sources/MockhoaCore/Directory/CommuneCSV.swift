import Foundation

/// A CSV file of communes as an editor shows it and writes it back: its cells as typed under
/// the columns their headers name (the loader's names, English or Vietnamese), and how the file
/// was written — encoding and byte-order mark, delimiter, line ends, header language — so that
/// writing it again changes only what was edited.
public struct CommuneCSV: Hashable, Sendable {
    public enum Encoding: Hashable, Sendable { case utf8, utf8BOM, utf16LE, utf16BE }

    public var encoding: Encoding
    public var delimiter: Character
    public var lineEnd: String
    /// The header row as written.
    public var header: [String]
    /// The column each header cell names (`name`, `kind`, `phone`, `display`, `neighbours`,
    /// `quantity`, `contacts`, `link`, `formerly`); nil for one mockhoa does not read.
    public var columns: [String?]
    /// The rows under the header, as written (blank rows left out).
    public var rows: [[String]]

    /// A new, empty table with the given columns, headed in English or Vietnamese.
    public init(columns: [String], vietnamese: Bool) {
        encoding = vietnamese ? .utf8BOM : .utf8  // Excel reads UTF-8 without a mark as a legacy code page
        delimiter = ","
        lineEnd = "\r\n"
        self.columns = columns
        header = columns.map { Self.header(for: $0, vietnamese: vietnamese) }
        rows = []
    }

    /// Reads a CSV file as the loader does (UTF-8 or UTF-16 with a mark; `,` `;` or tab told from
    /// the header); a file that is not text or not CSV throws with its line.
    public static func read(_ data: Data, file: String) throws(InputErrors) -> CommuneCSV {
        let bytes = [UInt8](data.prefix(3))
        let encoding: Encoding =
            bytes.starts(with: [0xEF, 0xBB, 0xBF])
            ? .utf8BOM
            : bytes.starts(with: [0xFF, 0xFE]) ? .utf16LE : bytes.starts(with: [0xFE, 0xFF]) ? .utf16BE : .utf8
        let text = try InputText.decode(data, file: file, allowUTF16: true)
        let reader = CSVReader(detectingDelimiterIn: text)
        let records: [CSVReader.Record]
        do {
            records = try reader.records(text)
        } catch {
            throw InputErrors(Message("csv.invalid", error.message), at: SourceLocation(file: file, line: error.line))
        }
        let header = records.first?.cells ?? []
        var seen: Set<String> = []
        let columns = header.map { cell -> String? in
            guard let column = UnitTable.Column.byHeader[cell.normalisedName.searchKey],
                UnitTable.Purpose.communes.columns.contains(column), seen.insert(column.rawValue).inserted
            else { return nil }
            return column.rawValue
        }
        var csv = CommuneCSV(columns: [], vietnamese: false)
        csv.encoding = encoding
        csv.delimiter = Character(reader.delimiter)
        csv.lineEnd = text.contains("\r\n") ? "\r\n" : text.contains("\r") && !text.contains("\n") ? "\r" : "\n"
        csv.header = header
        csv.columns = columns
        csv.rows = records.dropFirst().map(\.cells)
        return csv
    }

    /// Whether the header is in Vietnamese: a column it names is headed with a Vietnamese name.
    public var isVietnamese: Bool {
        zip(header, columns).contains { cell, column in column != nil && !cell.allSatisfy(\.isASCII) }
    }

    /// The header a column gets in a table headed in English or Vietnamese (`phone`, `Điện thoại`).
    public static func header(for column: String, vietnamese: Bool) -> String {
        guard let known = UnitTable.Column(rawValue: column) else { return column }
        return vietnamese ? known.headers.first { !$0.allSatisfy(\.isASCII) } ?? column : column
    }

    /// The index of `column`, appended (headed in the file's language) when the file lacks it.
    public mutating func index(adding column: String) -> Int {
        if let index = columns.firstIndex(of: column) { return index }
        header.append(Self.header(for: column, vietnamese: isVietnamese))
        columns.append(column)
        return columns.count - 1
    }

    /// The file's bytes: every cell quoted only where it must be, in the encoding it was read in.
    public func data() -> Data {
        let text =
            ([header] + rows).map { $0.map { CSVCell.text($0, delimiter: delimiter) }.joined(separator: String(delimiter)) }
            .joined(separator: lineEnd) + lineEnd
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .utf8BOM: return Data([0xEF, 0xBB, 0xBF] + text.utf8)
        case .utf16LE: return Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        case .utf16BE: return Data([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        }
    }
}
