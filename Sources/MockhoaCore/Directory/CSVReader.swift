/// A small RFC 4180 reader that remembers the physical line each record starts on, so errors in a
/// commune list can name `file:line` (CSV libraries lose that).
///
/// Records end at LF, CRLF or CR; quoted cells may hold delimiters, doubled quotes and line breaks
/// (kept as `\n`). A leading byte-order mark is dropped and blank records are skipped. Cells are
/// returned as written, untrimmed.
struct CSVReader {
    /// One record and the line (1-based) it starts on.
    struct Record: Hashable, Sendable {
        var line: Int
        var cells: [String]
    }

    /// Text that is not CSV: a quote never closed, or text after a closing quote.
    struct SyntaxError: Error, Hashable, Sendable {
        var line: Int
        var message: Message
    }

    let delimiter: Unicode.Scalar

    init(delimiter: Unicode.Scalar) { self.delimiter = delimiter }

    /// A reader for `text`, with the delimiter the header line (outside quotes) holds most of:
    /// `,`, `;` (Excel in locales with a decimal comma) or a tab (Excel's "Unicode text").
    init(detectingDelimiterIn text: String) {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0], quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" {
                quoted.toggle()
            } else if !quoted, scalar == "\n" || scalar == "\r" {
                break
            } else if !quoted, counts[scalar] != nil {
                counts[scalar]! += 1
            }
        }
        let tabs = counts["\t"]!, semicolons = counts[";"]!, commas = counts[","]!
        delimiter = tabs > max(commas, semicolons) ? "\t" : semicolons > commas ? ";" : ","
    }

    /// The records of `text`, in order: at most `limit` (a header and `Limits.units` communes),
    /// counted while reading so a file of millions of short rows stops at the first one too many.
    func records(_ text: String, limit: Int = Limits.units + 1) throws(SyntaxError) -> [Record] {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        var records: [Record] = [], cells: [String] = [], cell = ""
        var line = 1, recordLine = 1
        /// Whether the record so far holds anything but blanks (a quoted cell counts).
        var hasContent = false

        func endCell() {
            if !cell.allSatisfy(\.isWhitespace) { hasContent = true }
            cells.append(cell)
            cell = ""
        }
        func endRecord() {
            endCell()
            if hasContent { records.append(Record(line: recordLine, cells: cells)) }
            cells = []; hasContent = false
        }
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"" where cell.allSatisfy({ $0 == " " || $0 == "\t" }):
                // A quoted cell (blanks before the opening quote are dropped).
                cell = try quotedCell(&scalars, line: &line)
                hasContent = true
            case delimiter:
                endCell()
            case "\n", "\r":
                endRecord()
                if records.count > limit {
                    throw SyntaxError(line: recordLine, message: Message("csv.tooManyRows", limit - 1))
                }
                Self.lineBreak(scalar, &scalars, line: &line)
                recordLine = line
            default:
                cell.unicodeScalars.append(scalar)
            }
        }
        endRecord()
        return records
    }

    /// The text of a quoted cell whose opening quote `scalars` has just given, `""` read as
    /// `"`; `scalars` is left past the closing quote and the blanks after it.
    private func quotedCell(_ scalars: inout Substring.UnicodeScalarView, line: inout Int) throws(SyntaxError) -> String {
        var cell = ""
        let openedOn = line
        quoted: while true {
            guard let inner = scalars.popFirst() else {
                throw SyntaxError(line: openedOn, message: Message("csv.unclosedQuote"))
            }
            switch inner {
            case "\"":
                if scalars.first == "\"" { scalars.removeFirst(); cell += "\"" } else { break quoted }
            case "\n", "\r":
                Self.lineBreak(inner, &scalars, line: &line); cell += "\n"
            default:
                cell.unicodeScalars.append(inner)
            }
        }
        while let next = scalars.first, next == " " || next == "\t" { scalars.removeFirst() }
        if let next = scalars.first, next != delimiter, next != "\n", next != "\r" {
            throw SyntaxError(line: line, message: Message("csv.textAfterQuote"))
        }
        return cell
    }

    /// Consumes a line break starting at `scalar` (already removed): CRLF counts once.
    private static func lineBreak(_ scalar: Unicode.Scalar, _ scalars: inout Substring.UnicodeScalarView, line: inout Int) {
        if scalar == "\r", scalars.first == "\n" { scalars.removeFirst() }
        line += 1
    }
}
